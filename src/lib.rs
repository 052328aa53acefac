//! The Django cookies & sessions playground: a simulated Django server and simulated
//! browsers ([`djsim`]), rendered as a browser window with its developer tools.
//!
//! Layout: [`state`] is the one root reducer (the World and the page's own state),
//! shared through a context; [`browser_window`] is the browser; [`devtools`] holds the
//! tabs, one panel per file under [`panels`].
//!
//! Architecture invariant: nothing here simulates Django or a browser. Components
//! render what the World says and turn clicks into [`state::Action`]s.

pub mod browser_window;
pub mod clock;
pub mod devtools;
pub mod panels;
pub mod state;
pub mod tablist;
pub mod viewport;

use yew::prelude::*;

use crate::browser_window::BrowserWindow;
use crate::devtools::Devtools;
use crate::state::{State, StateHandle};

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::new);
    html! {
        <ContextProvider<StateHandle> context={state}>
            <div class="playground">
                <header class="playground-header">
                    <h1>{ "Django cookies & sessions playground" }</h1>
                    <p class="playground-tagline">
                        { "A simulated Django 5.2 server and browsers, running in this page. Click, then read the devtools below." }
                    </p>
                    <clock::Clock />
                </header>
                <main class="playground-main">
                    <BrowserWindow />
                    <Devtools />
                </main>
            </div>
        </ContextProvider<StateHandle>>
    }
}

/// The shared state, for components under [`App`].
#[hook]
pub fn use_playground() -> StateHandle {
    use_context::<StateHandle>().expect("components are rendered inside App's ContextProvider")
}
