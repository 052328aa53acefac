//! The Django cookies & sessions playground: a simulated Django server and simulated
//! browsers ([`djsim`]), rendered as a browser window with its developer tools.
//!
//! Layout: [`state`] is the one root reducer (the World and the page's own state),
//! shared through a context; [`browser_window`] is the browser; [`devtools`] holds the
//! tabs, one panel per file under [`panels`]; [`toolbar`] has the lessons, share, export,
//! import and reset; [`lesson_panel`] guides a lesson ([`lessons`] is their data);
//! [`persist`] saves and restores the whole state; [`split`] resizes browser and devtools.
//!
//! Architecture invariant: nothing here simulates Django or a browser. Components
//! render what the World says and turn clicks into [`state::Action`]s.

#[cfg(feature = "bench")]
pub mod bench;
pub mod browser_window;
pub mod clock;
pub mod devtools;
pub mod download;
pub mod highlight;
pub mod json;
pub mod lesson_panel;
pub mod lessons;
pub mod markup;
pub mod panels;
pub mod persist;
pub mod split;
pub mod startup;
pub mod state;
pub mod tablist;
pub mod toolbar;
pub mod viewport;

use yew::prelude::*;

use crate::browser_window::BrowserWindow;
use crate::devtools::Devtools;
use crate::lesson_panel::LessonPanel;
use crate::split::Split;
use crate::state::{Action, State, StateHandle};
use crate::toolbar::{download, Toolbar};

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Where the page keeps its state (`localStorage` key): restored at start, saved after
    /// every action; a share link (`#s=…`) is read at start. `None` (tests): nothing is
    /// read or kept.
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
}

/// The whole page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let key = props.storage_key.clone();
    let state = {
        let key = key.clone();
        use_reducer(move || match &key {
            Some(key) => persist::boot(key),
            None => State::new(),
        })
    };
    {
        // After every action: the whole state, saved.
        let state = state.clone();
        use_effect_with((state.saved_key(), key.clone()), move |(_, key)| {
            if let Some(key) = key {
                persist::save(key, &state);
            }
        });
    }
    {
        // The first render is in the document (the start-up report's mark). What the
        // first page did not need waits until it is on screen.
        let state = state.clone();
        use_effect_with((), move |_| {
            startup::mark(startup::APP_RENDERED);
            startup::after_first_page(move || state.prepare());
        });
    }
    let lesson_open = state.lesson.is_some();
    let root = use_node_ref();
    {
        // Leaving a lesson takes its highlight away.
        let root = root.clone();
        use_effect_with(lesson_open, move |open| {
            if let (false, Some(root)) = (*open, root.cast::<web_sys::Element>()) {
                let _ = lesson_panel::mark(&root, None, false);
            }
        });
    }
    html! {
        <ContextProvider<StateHandle> context={state.clone()}>
            <div class={classes!("playground", lesson_open.then_some("with-lesson"))} ref={root}>
                <header class="playground-header">
                    <h1>{ "Django cookies & sessions playground" }</h1>
                    <p class="playground-tagline">
                        { "A simulated Django 5.2 server and browsers, running in this page. Click, then read the devtools below." }
                    </p>
                    <clock::Clock />
                    <Toolbar />
                </header>
                <NoticeBanner />
                <main class="playground-main">
                    <Split storage_key={key.clone()}>
                        <BrowserWindow />
                        <Devtools />
                    </Split>
                    if lesson_open {
                        <LessonPanel />
                    }
                </main>
            </div>
        </ContextProvider<StateHandle>>
    }
}

/// The banner for a notice (a saved state or link that could not be restored, an
/// import that failed), with the kept text to download and a button to dismiss it.
#[function_component(NoticeBanner)]
fn notice_banner() -> Html {
    let state = use_playground();
    let Some(notice) = state.notice.clone() else { return html! {} };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::DismissNotice))
    };
    let kept = notice.kept.map(|text| {
        let onclick = Callback::from(move |_: MouseEvent| download("saved-playground.json", &text));
        html! { <button type="button" class="link-button" {onclick}>{ "Download the saved state" }</button> }
    });
    html! {
        <div class="notice" role="alert">
            <span class="notice-text">{ notice.text }</span>
            { for kept }
            <button type="button" class="notice-dismiss" aria-label="Dismiss" title="Dismiss" onclick={dismiss}>{ "\u{2715}" }</button>
        </div>
    }
}

/// The shared state, for components under [`App`].
#[hook]
pub fn use_playground() -> StateHandle {
    use_context::<StateHandle>().expect("components are rendered inside App's ContextProvider")
}
