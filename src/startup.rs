//! Start-up marks: `performance.mark("djsim:…")` at the steps of a cold start, so that
//! the end-to-end start-up report (`tools/e2e-startup.mjs`) can say where the time
//! between navigation and the first simulated page on screen goes.
//!
//! The marks, in order: [`MAIN`] (the wasm module is instantiated and `main` runs),
//! [`WORLD_BUILT`] (the lecture's World — SQLite opened and migrated — or a saved one
//! restored), [`FIRST_RESPONSE`] (the World answered Browser A's first request),
//! [`APP_RENDERED`] (Yew committed the first render of the whole page) and
//! [`PAGE_LOADED`] (the viewport's iframe loaded its first document: the lecture's
//! page is on screen).
//!
//! Only the page reads the clock here (the browser's); the djsim core stays clock-free.
//! Natively (tests) marking does nothing.

pub const MAIN: &str = "djsim:main";
pub const WORLD_BUILT: &str = "djsim:world-built";
pub const FIRST_RESPONSE: &str = "djsim:first-response";
pub const APP_RENDERED: &str = "djsim:app-rendered";
pub const PAGE_LOADED: &str = "djsim:page-loaded";

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `performance.mark(name)`; throws only where there is no `performance`.
        #[wasm_bindgen(js_namespace = performance, js_name = mark, catch)]
        pub fn mark(name: &str) -> Result<JsValue, JsValue>;
    }
}

thread_local! {
    /// The marks already made (each is made once, at its first occurrence).
    static MADE: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Work waiting for the first page to be on screen ([`after_first_page`]).
    static WAITING: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `work` once the first page is on screen ([`PAGE_LOADED`]), in a task of its own
/// (the browser paints first); at once if it is already. For work the first page does
/// not need (e.g. setting up the database the first response did not touch).
pub fn after_first_page(work: impl FnOnce() + 'static) {
    if made(PAGE_LOADED) {
        later(Box::new(work));
    } else {
        WAITING.with(|waiting| waiting.borrow_mut().push(Box::new(work)));
    }
}

fn made(name: &'static str) -> bool {
    MADE.with(|made| made.borrow().contains(&name))
}

/// Runs `work` in a later task (`setTimeout(…, 0)`); natively (tests), at once.
fn later(work: Box<dyn FnOnce()>) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let callback = wasm_bindgen::closure::Closure::once_into_js(work);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    work();
}

/// Marks `name` now, the first time only (a later World rebuilt by Reset or a later
/// iframe load is not the start).
pub fn mark(name: &'static str) {
    let first = MADE.with(|made| {
        let mut made = made.borrow_mut();
        let first = !made.contains(&name);
        if first {
            made.push(name);
        }
        first
    });
    if first {
        #[cfg(target_arch = "wasm32")]
        let _ = js::mark(name);
        if name == PAGE_LOADED {
            for work in WAITING.with(|waiting| std::mem::take(&mut *waiting.borrow_mut())) {
                later(work);
            }
        }
    }
}
