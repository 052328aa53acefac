//! Settings: the simulated project's settings, by Django's names (read-only for now).

use yew::prelude::*;

use crate::use_playground;

#[function_component(SettingsPanel)]
pub fn settings_panel() -> Html {
    let state = use_playground();
    let world = state.world();
    let settings = world.server().settings();
    let mut rows = vec![
        ("Django".to_owned(), settings.version().full().to_owned()),
        ("Server".to_owned(), world.django_url("/")),
        ("Simulated time".to_owned(), world.now().http_date()),
    ];
    if let serde_json::Value::Object(map) = settings.to_json() {
        rows.extend(map.into_iter().map(|(name, value)| (name, value.to_string())));
    }
    html! {
        <div class="settings-panel">
            <h3>{ "settings.py" }</h3>
            <dl class="headers" aria-label="Settings">
                { for rows.into_iter().map(|(name, value)| html! { <><dt class="mono">{ name }</dt><dd class="mono">{ value }</dd></> }) }
            </dl>
        </div>
    }
}
