//! Database: the `django_session` table of the simulated server's database.

use yew::prelude::*;

use crate::use_playground;

#[function_component(DatabasePanel)]
pub fn database_panel() -> Html {
    let _state = use_playground();
    html! {
        <div class="database-panel">
            <h3>{ "django_session" }</h3>
            <table class="grid" aria-label="django_session">
                <thead><tr><th>{ "session_key" }</th><th>{ "session_data" }</th><th>{ "expire_date" }</th></tr></thead>
                <tbody></tbody>
            </table>
        </div>
    }
}
