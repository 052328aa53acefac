//! Console: the simulated server's terminal (what `manage.py runserver` prints).

use yew::prelude::*;

use crate::use_playground;

#[function_component(ConsolePanel)]
pub fn console_panel() -> Html {
    let state = use_playground();
    let world = state.world();
    let lines = world.console().iter().map(|line| {
        let level = line.level.as_deref().map(|level| format!("level-{}", level.to_ascii_lowercase()));
        html! {
            <div class={classes!("console-line", line.stderr.then_some("stderr"), level)}>{ &line.text }</div>
        }
    });
    html! {
        <div class="console-panel">
            <h3>{ "Server console (runserver)" }</h3>
            <div class="console-lines mono" role="log" aria-label="Server console">
                { for lines }
            </div>
        </div>
    }
}
