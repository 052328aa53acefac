//! The app in a real browser (headless Chromium through chromedriver):
//! `scripts/wasm cargo test --target wasm32-unknown-unknown -p playground`
//! (scripts/test.sh sets the runner). Each test mounts the App into a fresh element,
//! acts as a person would, and reads the DOM, finding elements by role and name.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn renders_a_browser_and_devtools() {
    let root = mount().await;
    let tab = by_role(&root, "tab", "Browser A");
    assert_eq!(tab.get_attribute("aria-selected").as_deref(), Some("true"));
    let address: HtmlInputElement = by_role(&root, "textbox", "Address").unchecked_into();
    assert_eq!(address.value(), "http://127.0.0.1:8000/session/");
    for name in ["Back", "Forward", "Reload"] {
        by_role(&root, "button", name);
    }
    let frame = iframe(&root);
    assert_eq!(frame.get_attribute("sandbox").as_deref(), Some("allow-same-origin"), "scripts in pages must never run");
    let tabs: Vec<String> =
        all(&root, "[aria-label='Developer tools'][role=tablist] [role=tab]").iter().map(|t| t.text_content().unwrap()).collect();
    assert_eq!(tabs, ["Network", "Storage", "Console", "Database", "Settings"]);
}

#[wasm_bindgen_test]
async fn devtools_tabs_switch_by_click_and_keyboard() {
    let root = mount().await;
    click(&by_role(&root, "tab", "Storage")).await;
    assert_eq!(by_role(&root, "tab", "Storage").get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(by_role(&root, "tab", "Network").get_attribute("aria-selected").as_deref(), Some("false"));
    let panel = root.query_selector(".devtools [role=tabpanel]").unwrap().unwrap();
    assert_eq!(panel.get_attribute("aria-labelledby").as_deref(), Some("devtools-tab-storage"));

    // ArrowRight on the selected tab selects the next one (WAI-ARIA tabs).
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let key = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    by_role(&root, "tab", "Storage").dispatch_event(&key).unwrap();
    yew::scheduler::flush().await;
    let console = by_role(&root, "tab", "Console");
    assert_eq!(console.get_attribute("aria-selected").as_deref(), Some("true"));
    let focused = web_sys::window().unwrap().document().unwrap().active_element();
    assert_eq!(focused.as_ref(), Some(&console), "focus follows the selection");
}

#[wasm_bindgen_test]
async fn typing_an_address_makes_a_request() {
    let (root, frame) = mount_loaded().await;
    let address: HtmlInputElement = by_role(&root, "textbox", "Address").unchecked_into();
    address.set_value("http://127.0.0.1:8000/session/sessfun");
    let init = EventInit::new();
    init.set_bubbles(true);
    address.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    let loaded = iframe_loaded(&frame);
    let form = root.query_selector("form.browser-toolbar").unwrap().unwrap();
    form.unchecked_ref::<web_sys::HtmlFormElement>().request_submit().unwrap();
    yew::scheduler::flush().await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
    assert_eq!(page_text(&frame).trim(), "view count=1");
    let names: Vec<String> = all(&root, "[role=grid][aria-label=Requests] tbody [role=row] td.c-file").iter().map(|b| b.text_content().unwrap()).collect();
    assert_eq!(names, ["session/", "sessfun"]);
}

#[wasm_bindgen_test]
async fn clicking_a_link_in_the_page_follows_it() {
    let (root, frame) = mount_loaded().await;
    for expected in ["view count=1", "view count=2"] {
        let document = frame.content_document().unwrap();
        let link = (0..)
            .map_while(|i| document.links().item(i))
            .find(|a| a.get_attribute("href").as_deref() == Some("sessfun"))
            .unwrap_or_else(|| panic!("no link to sessfun in the page: {:?}", page_text(&frame)));
        let loaded = iframe_loaded(&frame);
        link.unchecked_ref::<HtmlElement>().click();
        yew::scheduler::flush().await;
        loaded.await.unwrap();
        yew::scheduler::flush().await;
        assert_eq!(page_text(&frame).trim(), expected);
        // Back (from the back/forward cache), ready for the next click.
        let loaded = iframe_loaded(&frame);
        click(&by_role(&root, "button", "Back")).await;
        loaded.await.unwrap();
        yew::scheduler::flush().await;
    }
    click(&by_role(&root, "tab", "Storage")).await;
    let names: Vec<String> = all(&root, "table.cookies tbody tr td:first-child").iter().map(|td| td.text_content().unwrap()).collect();
    assert_eq!(names, ["sessionid"]);
}
