//! The app shell in a real browser (headless Chromium through chromedriver): browsers,
//! persistence in localStorage (re-mounting the App is a reload), forms in pages,
//! lessons and the split. Elements are found by role and accessible name.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::{all, by_role, click, iframe, iframe_loaded, page_text};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlIFrameElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Mounts a fresh App into a new element; with `key`, it keeps its state in
/// localStorage under that key (as the page does).
async fn mount(key: Option<&str>) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = playground::AppProps { storage_key: key.map(|k| k.to_owned().into()) };
    yew::Renderer::<playground::App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn bubbling(kind: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(kind, &init).unwrap()
}

/// Waits until the viewport's page holds `text` (each wait is one iframe load, no timer).
async fn page_shows(root: &Element, text: &str) -> HtmlIFrameElement {
    for _ in 0..6 {
        let frame = iframe(root);
        if page_text(&frame).contains(text) {
            return frame;
        }
        iframe_loaded(&frame).await.unwrap();
        yew::scheduler::flush().await;
    }
    let frame = iframe(root);
    assert!(page_text(&frame).contains(text), "the page shows {:?}, not {text:?}", page_text(&frame));
    frame
}

/// Clicks the element matching `selector` inside the page, and waits for the next page.
async fn click_in_page(root: &Element, selector: &str) {
    let frame = iframe(root);
    let document = frame.content_document().unwrap();
    let target = document.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector} in {:?}", page_text(&frame)));
    let loaded = iframe_loaded(&frame);
    target.unchecked_ref::<HtmlElement>().click();
    yew::scheduler::flush().await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
}

fn first_cells(root: &Element, table: &str) -> Vec<String> {
    all(root, &format!("table[aria-label='{table}'] tbody tr td:first-child")).iter().map(|td| td.text_content().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn two_browsers_have_two_sessions() {
    let root = mount(None).await;
    page_shows(&root, "sessions sample code").await;
    click_in_page(&root, "a[href='sessfun']").await;
    click(&by_role(&root, "button", "New browser")).await;
    let tab = by_role(&root, "tab", "Browser B");
    assert_eq!(tab.get_attribute("aria-selected").as_deref(), Some("true"));
    let address = by_role(&root, "textbox", "Address");
    address.unchecked_ref::<web_sys::HtmlInputElement>().set_value("http://127.0.0.1:8000/session/sessfun");
    address.dispatch_event(&bubbling("input")).unwrap();
    yew::scheduler::flush().await;
    let frame = iframe(&root);
    let loaded = iframe_loaded(&frame);
    root.query_selector("form.browser-toolbar").unwrap().unwrap().unchecked_ref::<web_sys::HtmlFormElement>().request_submit().unwrap();
    yew::scheduler::flush().await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
    assert_eq!(page_text(&iframe(&root)).trim(), "view count=1");
    click(&by_role(&root, "tab", "Database")).await;
    let keys = first_cells(&root, "Sessions");
    assert_eq!(keys.len(), 2, "one row per browser: {keys:?}");
    assert_ne!(keys[0], keys[1]);
}

#[wasm_bindgen_test]
async fn a_reload_restores_everything() {
    let key = "shell-test-reload";
    storage().remove_item(key).unwrap();
    let first = mount(Some(key)).await;
    page_shows(&first, "sessions sample code").await;
    click_in_page(&first, "a[href='sessfun']").await;
    click(&by_role(&first, "button", "New private window")).await;
    click(&by_role(&first, "tab", "Storage")).await;
    click(&by_role(&first, "tab", "Browser A")).await;
    let saved = storage().get_item(key).unwrap().expect("the state is saved after each action");
    assert!(saved.contains("\"open\":\"private\""), "{saved}");

    // A second App on the same key is the page after a reload.
    let second = mount(Some(key)).await;
    page_shows(&second, "view count=1").await;
    let tabs: Vec<String> = all(&second, "[aria-label=Browsers] [role=tab]").iter().map(|t| t.text_content().unwrap()).collect();
    assert_eq!(tabs, ["Browser A", "Browser B (private)"]);
    assert_eq!(by_role(&second, "tab", "Browser A").get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(by_role(&second, "tab", "Storage").get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(first_cells(&second, "Cookies"), ["sessionid"]);
    let address = by_role(&second, "textbox", "Address");
    assert_eq!(address.unchecked_ref::<web_sys::HtmlInputElement>().value(), "http://127.0.0.1:8000/session/sessfun");
}

#[wasm_bindgen_test]
async fn a_corrupt_saved_state_gives_a_banner_and_a_clean_start() {
    let key = "shell-test-corrupt";
    storage().set_item(key, "{\"format\": \"djsim-playground/1\", \"scenario\": {\"steps\": [{\"teleport\": 1}]}}").unwrap();
    let root = mount(Some(key)).await;
    let banner = root.query_selector("[role=alert]").unwrap().expect("a banner");
    let text = banner.text_content().unwrap();
    assert!(text.starts_with("Your saved playground could not be restored: scenario field steps[0]"), "{text}");
    assert!(text.contains("Starting fresh."), "{text}");
    by_role(&root, "button", "Download the saved state");
    assert!(storage().get_item(&format!("{key}.unrestorable")).unwrap().unwrap().contains("teleport"), "the bad text is kept");
    page_shows(&root, "sessions sample code").await;
    click(&by_role(&root, "button", "Dismiss")).await;
    assert!(root.query_selector("[role=alert]").unwrap().is_none());

    storage().set_item(key, "not json at all").unwrap();
    let root = mount(Some(key)).await;
    let text = root.query_selector("[role=alert]").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("could not be restored: it is not valid JSON"), "{text}");
}

#[wasm_bindgen_test]
async fn a_form_in_the_page_posts() {
    let key = "shell-test-form";
    let page = "<form method=post action=http://127.0.0.1:8000/session/sessfun><input type=hidden name=csrfmiddlewaretoken value=abc>\
                <input name=who value=alice><input type=checkbox name=off><button name=go value=1>Send</button></form>";
    let scenario = serde_json::json!({
        "sites": {"https://form.example": {"/": {"status": 200, "headers": [["Content-Type", "text/html"]], "body": page}}},
        "steps": [{"browser": "A", "get": "https://form.example/"}]
    });
    let saved = serde_json::json!({"format": "djsim-playground/1", "scenario": scenario});
    storage().set_item(key, &saved.to_string()).unwrap();
    let root = mount(Some(key)).await;
    page_shows(&root, "Send").await;
    click_in_page(&root, "button").await;
    let saved = storage().get_item(key).unwrap().unwrap();
    assert!(
        saved.contains(r#"{"post":"http://127.0.0.1:8000/session/sessfun","form":{"csrfmiddlewaretoken":"abc","who":"alice","go":"1"},"initiator":"https://form.example/","browser":"A"}"#),
        "{saved}"
    );
    page_shows(&root, "Forbidden").await;
}

#[wasm_bindgen_test]
async fn a_lesson_runs_and_highlights() {
    let root = mount(None).await;
    let picker: HtmlSelectElement = by_role(&root, "combobox", "Lessons").unchecked_into();
    picker.set_value("cookies");
    picker.dispatch_event(&bubbling("change")).unwrap();
    yew::scheduler::flush().await;
    let lesson = root.query_selector("aside[aria-label=Lesson]").unwrap().expect("the lesson panel");
    assert!(lesson.text_content().unwrap().contains("Step 1 of 10"));
    click(&by_role(&root, "button", "Do it")).await;
    page_shows(&root, "C is for cookie").await;
    let marked: Vec<String> = all(&root, ".lesson-hl").iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(marked[0].starts_with("zap=42; Path=/"), "{marked:?}");
    click(&by_role(&root, "button", "Next step")).await;
    click(&by_role(&root, "button", "Next step")).await;
    assert_eq!(by_role(&root, "tab", "Storage").get_attribute("aria-selected").as_deref(), Some("true"));
    let marked: Vec<String> = all(&root, ".lesson-hl td:first-child").iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(marked, ["zap"]);
    click(&by_role(&root, "button", "Close lesson")).await;
    assert!(root.query_selector("aside[aria-label=Lesson]").unwrap().is_none());
    assert!(all(&root, ".lesson-hl").is_empty(), "closing the lesson clears its highlight");
}

#[wasm_bindgen_test]
async fn closing_a_browser_keeps_persistent_cookies() {
    let root = mount(None).await;
    page_shows(&root, "sessions sample code").await;
    click_in_page(&root, "a[href='cookie']").await;
    click(&by_role(&root, "button", "Close Browser A")).await;
    page_shows(&root, "was closed").await;
    click(&by_role(&root, "tab", "Storage")).await;
    assert_eq!(first_cells(&root, "Cookies"), ["sakaicar"]);
}

#[wasm_bindgen_test]
async fn the_split_moves_with_the_keyboard() {
    let root = mount(None).await;
    let splitter = root.query_selector("[role=separator]").unwrap().unwrap();
    assert_eq!(splitter.get_attribute("aria-valuenow").as_deref(), Some("45"));
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowDown");
    init.set_bubbles(true);
    splitter.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(splitter.get_attribute("aria-valuenow").as_deref(), Some("50"));
    let style = root.query_selector(".workspace").unwrap().unwrap().get_attribute("style").unwrap();
    assert!(style.contains("--browser-share: 50%"), "{style}");
}
