//! Mounting and DOM helpers shared by the browser tests (tests/{app,storage,database,network,console,settings}.rs):
//! each does `mod support; use support::*;` and may shadow a helper with its own.
#![cfg(target_arch = "wasm32")]
#![allow(dead_code)]

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlIFrameElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

/// Mounts a fresh App into a new element of the test page and waits for its first render.
pub async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<playground::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Mounts the App and waits until its viewport shows the first page.
pub async fn mount_loaded() -> (Element, HtmlIFrameElement) {
    first_page(mount().await).await
}

/// Waits until the viewport of the App mounted in `root` shows the first page.
pub async fn first_page(root: Element) -> (Element, HtmlIFrameElement) {
    let frame = iframe(&root);
    for _ in 0..5 {
        if !page_text(&frame).trim().is_empty() {
            break;
        }
        iframe_loaded(&frame).await.unwrap();
        yew::scheduler::flush().await;
    }
    assert!(!page_text(&frame).trim().is_empty(), "the start page never loaded");
    (root, frame)
}

/// The elements under `root` matching `selector`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

pub async fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

/// A bubbling, cancelable `keydown` of `key`.
pub async fn key(element: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    element.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

/// Types `text` into an input as a person would (its value, then an `input` event).
pub async fn type_into(input: &Element, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

/// The browser's viewport (not the Network panel's preview).
pub fn iframe(root: &Element) -> HtmlIFrameElement {
    root.query_selector("iframe.viewport-frame").unwrap().expect("the viewport's iframe").unchecked_into()
}

/// Resolves at the iframe's next `load` event (no timer). The listener is attached
/// now, so call this before the action that loads the page, and await it after.
pub fn iframe_loaded(frame: &HtmlIFrameElement) -> JsFuture {
    let promise = Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        frame.add_event_listener_with_callback_and_add_event_listener_options("load", &resolve, &options).unwrap();
    });
    JsFuture::from(promise)
}

/// The text the simulated page shows.
pub fn page_text(frame: &HtmlIFrameElement) -> String {
    frame.content_document().and_then(|d| d.body()).and_then(|b| b.text_content()).unwrap_or_default()
}

/// The one element with `role` whose accessible name is `name`: its aria-label, else the
/// text of the `<label>` around it, else its own text.
#[track_caller]
pub fn by_role(root: &Element, role: &str, name: &str) -> Element {
    let selector = match role {
        "button" => "button, [role=button]",
        "textbox" => "input[type=text], input[type=search], textarea, [role=textbox]",
        "checkbox" => "input[type=checkbox], [role=checkbox]",
        "radio" => "input[type=radio], [role=radio]",
        "combobox" => "select, [role=combobox]",
        "region" => "section[aria-label], [role=region]",
        "table" => "table:not([role]), [role=table]",
        "spinbutton" => "input[type=number], [role=spinbutton]",
        _ => "",
    };
    let selector = if selector.is_empty() { format!("[role={role}]") } else { selector.to_owned() };
    let name_of = |e: &Element| {
        e.get_attribute("aria-label")
            .or_else(|| e.closest("label").ok().flatten().and_then(|l| l.text_content()))
            .or_else(|| e.text_content())
    };
    let found: Vec<Element> = all(root, &selector).into_iter().filter(|e| name_of(e).is_some_and(|n| n.trim() == name)).collect();
    assert_eq!(found.len(), 1, "expected one {role} named {name:?}, found {}", found.len());
    found.into_iter().next().unwrap()
}

/// Clicks the link `href` in the page and waits for the next page.
pub async fn follow(frame: &HtmlIFrameElement, href: &str) {
    let document = frame.content_document().unwrap();
    let link = (0..)
        .map_while(|i| document.links().item(i))
        .find(|a| a.get_attribute("href").as_deref() == Some(href))
        .unwrap_or_else(|| panic!("no link to {href} in the page: {:?}", page_text(frame)));
    let loaded = iframe_loaded(frame);
    link.unchecked_ref::<HtmlElement>().click();
    yew::scheduler::flush().await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
}

/// The browser's Back button, and the page it goes back to.
pub async fn back(root: &Element, frame: &HtmlIFrameElement) {
    let loaded = iframe_loaded(frame);
    click(&by_role(root, "button", "Back")).await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
}
