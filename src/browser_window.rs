//! The simulated browser's window: one tab per browser (new, private, close), the
//! toolbar (back, forward, reload, the address bar, close) and the viewport.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent, SubmitEvent};
use yew::prelude::*;

use crate::state::{Action, Shown, StateHandle};
use crate::tablist::on_tab_keydown;
use crate::use_playground;
use crate::viewport::Viewport;

#[function_component(BrowserWindow)]
pub fn browser_window() -> Html {
    let state = use_playground();
    let active = state.active;
    let tab = state.active_browser().clone();

    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };

    let button = |label: &'static str, glyph: &'static str, enabled: bool, action: Action| {
        html! {
            <button type="button" class="toolbar-button" aria-label={label} title={label} disabled={!enabled} onclick={dispatch(action)}>
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
            // What the address bar shows now: Enter may come before the page has
            // re-rendered after the last keystroke (a busy page, a fast typist).
            let typed = event
                .target()
                .and_then(|form| form.dyn_into::<web_sys::Element>().ok())
                .and_then(|form| form.query_selector("input.address-bar").ok().flatten())
                .map(|input| input.unchecked_into::<HtmlInputElement>().value());
            state.dispatch(Action::Navigate { browser: active, url: typed.unwrap_or_else(|| url.clone()) });
        })
    };
    let close_label = format!("Close {}", tab.title());

    html! {
        <section class={classes!("browser-window", tab.private.then_some("private"))} aria-label="Simulated browser">
            <div class="browser-tabstrip">
                <BrowserTabs state={state.clone()} version={state.tabs_version} {active} />
                <button type="button" class="browser-tab-new" aria-label="New browser"
                    title="Open another browser, with an empty cookie jar" onclick={dispatch(Action::AddBrowser)}>
                    { "+" }
                </button>
                <button type="button" class="browser-tab-new private" aria-label="New private window"
                    title="Open a private window: its own cookie jar, forgotten when it closes" onclick={dispatch(Action::AddPrivateBrowser)}>
                    { "+ private" }
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
                    <button type="button" class="toolbar-button close-browser" aria-label={close_label.clone()} title={close_label}
                        disabled={tab.closed} onclick={dispatch(Action::CloseBrowser(active))}>
                        { "\u{2715}" }
                    </button>
                </form>
                <Viewport key={tab.name.clone()} browser={active} />
            </div>
        </section>
    }
}

/// The windows' tabs, re-rendered only when the windows or the one in front change (not
/// at every request: ten thousand windows stay cheap). Everything comes from its props,
/// not from the context, which would re-render it at every action.
#[derive(Properties)]
struct TabsProps {
    /// To read the tabs from and dispatch to (a handle reads the current state, so it
    /// tells nothing about a change).
    state: StateHandle,
    /// [`crate::state::State::tabs_version`].
    version: u64,
    active: usize,
}

impl PartialEq for TabsProps {
    fn eq(&self, other: &Self) -> bool {
        (self.version, self.active) == (other.version, other.active)
    }
}

#[function_component(BrowserTabs)]
fn browser_tabs(props: &TabsProps) -> Html {
    let state = &props.state;
    let active = state.active;
    let count = state.browsers.len();
    let tabs = state.browsers.iter().enumerate().map(|(index, browser)| {
        let selected = index == active;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectBrowser(index)))
        };
        let onkeydown = {
            let state = state.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Delete" {
                    event.prevent_default();
                    state.dispatch(Action::CloseBrowser(index));
                } else if let Some(next) = on_tab_keydown(&event, index, count) {
                    state.dispatch(Action::SelectBrowser(next));
                }
            })
        };
        let on_close = {
            let state = state.clone();
            Callback::from(move |event: MouseEvent| {
                event.stop_propagation();
                state.dispatch(Action::CloseBrowser(index));
            })
        };
        let hint = match (browser.private, browser.closed) {
            (true, _) => "A private window: its own cookie jar, forgotten when it closes. Delete closes it.",
            (false, true) => "Closed: its session cookies are gone. Type an address to open it again.",
            (false, false) => "Delete closes this browser (session cookies go, persistent ones stay).",
        };
        html! {
            <div class={classes!("browser-tab-wrap", selected.then_some("selected"))} role="presentation">
                <button
                    type="button"
                    role="tab"
                    class={classes!("browser-tab", selected.then_some("selected"), browser.private.then_some("private"), browser.closed.then_some("closed"))}
                    aria-selected={selected.to_string()}
                    tabindex={if selected { "0" } else { "-1" }}
                    title={hint}
                    {onclick}
                    {onkeydown}
                >
                    { browser.title() }
                </button>
                // For the mouse; the keyboard closes with Delete or the toolbar's close button.
                <span class="browser-tab-close" aria-hidden="true" title={format!("Close {}", browser.title())} onclick={on_close}>
                    { "\u{00d7}" }
                </span>
            </div>
        }
    });
    html! {
        <div class="browser-tabs" role="tablist" aria-label="Browsers">
            { for tabs }
        </div>
    }
}
