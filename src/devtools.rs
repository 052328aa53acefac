//! The developer tools under the browser: a tab list (Network, Storage, Console,
//! Database, Settings) and the selected tab's panel (one file each under `panels/`).

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::panels::{ConsolePanel, DatabasePanel, NetworkPanel, SettingsPanel, StoragePanel};
use crate::state::{Action, DevtoolsTab};
use crate::tablist::on_tab_keydown;
use crate::use_playground;

#[function_component(Devtools)]
pub fn devtools() -> Html {
    let state = use_playground();
    let selected = state.devtools;
    let count = DevtoolsTab::ALL.len();

    let tabs = DevtoolsTab::ALL.iter().copied().enumerate().map(|(index, tab)| {
        let is_selected = tab == selected;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectDevtools(tab)))
        };
        let onkeydown = {
            let state = state.clone();
            Callback::from(move |event: KeyboardEvent| {
                if let Some(next) = on_tab_keydown(&event, index, count) {
                    state.dispatch(Action::SelectDevtools(DevtoolsTab::ALL[next]));
                }
            })
        };
        html! {
            <button
                type="button"
                role="tab"
                id={format!("devtools-tab-{}", tab.key())}
                class={classes!("devtools-tab", is_selected.then_some("selected"))}
                aria-selected={is_selected.to_string()}
                aria-controls={is_selected.then(|| format!("devtools-panel-{}", tab.key()))}
                tabindex={if is_selected { "0" } else { "-1" }}
                {onclick}
                {onkeydown}
            >
                { tab.label() }
            </button>
        }
    });

    let panel = match selected {
        DevtoolsTab::Network => html! { <NetworkPanel /> },
        DevtoolsTab::Storage => html! { <StoragePanel /> },
        DevtoolsTab::Console => html! { <ConsolePanel /> },
        DevtoolsTab::Database => html! { <DatabasePanel /> },
        DevtoolsTab::Settings => html! { <SettingsPanel /> },
    };
    html! {
        <section class="devtools" aria-label="Developer tools">
            <div class="devtools-tabs" role="tablist" aria-label="Developer tools">
                { for tabs }
            </div>
            <div
                class="devtools-panel"
                role="tabpanel"
                id={format!("devtools-panel-{}", selected.key())}
                aria-labelledby={format!("devtools-tab-{}", selected.key())}
                tabindex="0"
            >
                { panel }
            </div>
        </section>
    }
}
