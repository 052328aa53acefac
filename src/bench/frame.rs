//! The benchmark's clock and frames: `performance.now()`, the next animation frame, and
//! "from an action to the first frame that shows its result".

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long an action may take to show its result before the run stops.
const PATIENCE_MS: f64 = 60_000.0;

/// Milliseconds on the page's monotonic clock.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// Resolves in the next animation frame's callbacks (before that frame's style, layout
/// and paint). Yew renders in a microtask after the event, so by then it has rendered
/// (or, after 16 ms of work, yielded: see [`to_frame`]).
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Style and layout now (what the frame would do next), so that they are measured.
fn force_layout() {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.offset_height();
    }
}

/// Milliseconds from `start` (when the action was fired) to the first animation frame in
/// which `done()` holds, that frame's style and layout included. An error when it never
/// does. (A closure by reference, not generic: one copy of this in the page's code.)
pub async fn frames_until(what: &str, start: f64, done: &dyn Fn() -> bool) -> Result<f64, String> {
    loop {
        next_frame().await;
        force_layout();
        if done() {
            return Ok(now() - start);
        }
        if now() - start > PATIENCE_MS {
            return Err(format!("{what}: the page did not show the result within {} s", djsim::float::display(PATIENCE_MS / 1000.0)));
        }
    }
}

/// Bytes of the module's linear memory (it only grows).
pub fn memory_bytes() -> usize {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| b.byte_length() as usize)
}
