//! The simulated browser's window: one tab per browser, the toolbar (back, forward,
//! reload, the address bar) and the viewport showing the page.

use web_sys::{HtmlInputElement, KeyboardEvent, SubmitEvent};
use yew::prelude::*;

use crate::state::{Action, Shown};
use crate::tablist::on_tab_keydown;
use crate::use_playground;
use crate::viewport::Viewport;

#[function_component(BrowserWindow)]
pub fn browser_window() -> Html {
    let state = use_playground();
    let active = state.active;
    let count = state.browsers.len();
    let tab = state.active_browser().clone();

    let tabs = state.browsers.iter().enumerate().map(|(index, browser)| {
        let selected = index == active;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectBrowser(index)))
        };
        let onkeydown = {
            let state = state.clone();
            Callback::from(move |event: KeyboardEvent| {
                if let Some(next) = on_tab_keydown(&event, index, count) {
                    state.dispatch(Action::SelectBrowser(next));
                }
            })
        };
        html! {
            <button
                type="button"
                role="tab"
                class={classes!("browser-tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }}
                {onclick}
                {onkeydown}
            >
                { browser.title() }
            </button>
        }
    });
    let on_new_browser = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::AddBrowser))
    };

    let button = |label: &'static str, glyph: &'static str, enabled: bool, action: Action| {
        let state = state.clone();
        let onclick = Callback::from(move |_: MouseEvent| state.dispatch(action.clone()));
        html! {
            <button type="button" class="toolbar-button" aria-label={label} title={label} disabled={!enabled} {onclick}>
                { glyph }
            </button>
        }
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            state.dispatch(Action::EditAddress { browser: active, text: input.value() });
        })
    };
    let onsubmit = {
        let state = state.clone();
        let url = tab.address.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            state.dispatch(Action::Navigate { browser: active, url: url.clone() });
        })
    };

    html! {
        <section class="browser-window" aria-label="Simulated browser">
            <div class="browser-tabstrip">
                <div class="browser-tabs" role="tablist" aria-label="Browsers">
                    { for tabs }
                </div>
                <button type="button" class="browser-tab-new" aria-label="New browser"
                    title="Open another browser, with an empty cookie jar" onclick={on_new_browser}>
                    { "+" }
                </button>
            </div>
            <div class="browser-body" role="tabpanel" aria-label={tab.title()}>
                <form class="browser-toolbar" {onsubmit}>
                    { button("Back", "\u{2190}", state.can_go(active, -1), Action::Back(active)) }
                    { button("Forward", "\u{2192}", state.can_go(active, 1), Action::Forward(active)) }
                    { button("Reload", "\u{21bb}", matches!(state.shown(active), Shown::Page(_)), Action::Reload(active)) }
                    <input
                        class="address-bar"
                        type="text"
                        aria-label="Address"
                        spellcheck="false"
                        autocomplete="off"
                        value={tab.address.clone()}
                        {oninput}
                    />
                </form>
                <Viewport key={tab.name.clone()} browser={active} />
            </div>
        </section>
    }
}
