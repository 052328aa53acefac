//! Database: the session store's rows (`django_session` for the db engine), each with
//! what Django decodes from its `session_data`.

use djsim::pyjson::repr_dict;
use yew::prelude::*;

use crate::use_playground;

#[function_component(DatabasePanel)]
pub fn database_panel() -> Html {
    let state = use_playground();
    let world = state.world();
    let engine = world.server().settings().session_engine.dotted_path();
    let rows = world.sessions();

    let body = rows.iter().map(|row| {
        html! {
            <tr class={classes!(row.expired.then_some("expired"))}>
                <td class="mono">{ &row.session_key }</td>
                <td class="mono value">{ &row.session_data }</td>
                <td class="mono">{ &row.expire_date }{ if row.expired { " (expired)" } else { "" } }</td>
                <td class="mono value">{ repr_dict(&row.decoded) }</td>
            </tr>
        }
    });
    html! {
        <div class="database-panel">
            <h3>{ format!("django_session \u{2014} SESSION_ENGINE = {engine:?}") }</h3>
            if rows.is_empty() {
                <p class="empty">{ "No sessions stored." }</p>
            } else {
                <table class="grid sessions" aria-label="Sessions">
                    <thead>
                        <tr><th>{ "session_key" }</th><th>{ "session_data" }</th><th>{ "expire_date" }</th><th>{ "decoded" }</th></tr>
                    </thead>
                    <tbody>{ for body }</tbody>
                </table>
            }
        </div>
    }
}
