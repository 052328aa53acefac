//! Settings: the simulated project's settings (read-only for now).

use djsim::world::WorldConfig;
use yew::prelude::*;

use crate::use_playground;

#[function_component(SettingsPanel)]
pub fn settings_panel() -> Html {
    let state = use_playground();
    let config = WorldConfig::default();
    let now = state.world().now();
    let rows = [
        ("Django", config.version.full().to_owned()),
        ("Server", format!("http://{}", config.host)),
        ("Simulated time (UTC)", now.http_date()),
        ("Settings", "the lecture's (startproject defaults)".to_owned()),
    ];
    html! {
        <div class="settings-panel">
            <h3>{ "Settings" }</h3>
            <dl class="headers" aria-label="Settings">
                { for rows.into_iter().map(|(name, value)| html! { <><dt>{ name }</dt><dd class="mono">{ value }</dd></> }) }
            </dl>
        </div>
    }
}
