//! The Storage panel, the Console's prompt and the clock in a real browser (headless
//! Chromium through chromedriver; see tests/app.rs for how to run). Each test mounts
//! the App into a fresh element, acts as a person would, and reads the DOM, finding
//! controls by role and accessible name.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlInputElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn double_click(element: &Element) {
    // A bubbling `dblclick` (Yew listens at the root); the handlers read nothing of the
    // MouseEvent, so a plain Event of that type will do.
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("dblclick", &init).unwrap();
    element.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// The Cookies table's rows: (name, value).
fn cookie_rows(root: &Element) -> Vec<(String, String)> {
    all(root, "table.cookies tbody tr:not(.draft)")
        .iter()
        .map(|tr| {
            let cells = all(tr, "td");
            (cells[0].text_content().unwrap(), cells[1].text_content().unwrap())
        })
        .collect()
}

/// The `td` of the row named `name`, in column `column` (0-based).
#[track_caller]
fn cell(root: &Element, name: &str, column: usize) -> Element {
    let row = all(root, "table.cookies tbody tr")
        .into_iter()
        .find(|tr| all(tr, "td").first().and_then(|td| td.text_content()).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no cookie row {name:?}: {:?}", cookie_rows(root)));
    all(&row, "td").swap_remove(column)
}

#[wasm_bindgen_test]
async fn sessfun_puts_a_sessionid_row_in_storage() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "sessfun").await;
    assert_eq!(page_text(&frame).trim(), "view count=1");
    click(&by_role(&root, "tab", "Storage")).await;
    let rows = cookie_rows(&root);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "sessionid");
    assert_eq!(rows[0].1.len(), 32, "a session key: {rows:?}");
    let texts: Vec<String> = all(&cell(&root, "sessionid", 0).parent_element().unwrap(), "td").iter().map(|td| td.text_content().unwrap()).collect();
    assert_eq!(&texts[2..9], ["127.0.0.1", "/", "2019-10-13T23:17:55.000Z", "41", "\u{2713}", "", "Lax"]);
    // Selecting it shows the sidebar, with the way to its database row.
    click(&cell(&root, "sessionid", 0)).await;
    let sidebar = root.query_selector("[aria-label='Selected cookie']").unwrap().expect("the sidebar");
    assert!(sidebar.text_content().unwrap().contains("django_session has its row"), "{:?}", sidebar.text_content());
    click(&by_role(&root, "button", "show its database row")).await;
    assert_eq!(by_role(&root, "tab", "Database").get_attribute("aria-selected").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn double_click_edits_a_value_and_enter_commits() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "tab", "Storage")).await;
    assert_eq!(cookie_rows(&root), [("zap".to_owned(), "42".to_owned()), ("sakaicar".to_owned(), "42".to_owned())]);

    // Escape cancels.
    double_click(&cell(&root, "zap", 1)).await;
    let editor = by_role(&root, "textbox", "Value of zap");
    type_into(&editor, "nope").await;
    key(&editor, "Escape").await;
    assert_eq!(cell(&root, "zap", 1).text_content().unwrap(), "42");

    // Enter commits, through an edit_cookie step.
    double_click(&cell(&root, "zap", 1)).await;
    let editor = by_role(&root, "textbox", "Value of zap");
    type_into(&editor, "43").await;
    key(&editor, "Enter").await;
    assert_eq!(cell(&root, "zap", 1).text_content().unwrap(), "43");
    assert!(root.query_selector(".cell-editor").unwrap().is_none(), "the editor closed");

    // The Delete key deletes the selected row.
    click(&cell(&root, "zap", 0)).await;
    key(&cell(&root, "zap", 0).parent_element().unwrap(), "Delete").await;
    assert_eq!(cookie_rows(&root), [("sakaicar".to_owned(), "42".to_owned())]);
}

#[wasm_bindgen_test]
async fn the_clock_makes_sakaicar_expire() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "tab", "Storage")).await;
    let clock = root.query_selector("[aria-label='Simulated clock'] time").unwrap().unwrap();
    assert_eq!(clock.text_content().unwrap().trim(), "Sun, 29 Sep 2019 23:17:55 UTC");
    let names = |root: &Element| cookie_rows(root).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(names(&root), ["zap", "sakaicar"]);
    // 999 s: sakaicar is about to go, greyed.
    type_into(&by_role(&root, "spinbutton", "Amount of time"), "999").await;
    let form = root.query_selector("form.clock-custom").unwrap().unwrap();
    form.unchecked_ref::<web_sys::HtmlFormElement>().request_submit().unwrap();
    yew::scheduler::flush().await;
    assert_eq!(clock.text_content().unwrap().trim(), "Sun, 29 Sep 2019 23:34:34 UTC");
    let row = cell(&root, "sakaicar", 0).parent_element().unwrap();
    assert!(row.class_name().split(' ').any(|c| c == "expiring"), "greyed: {:?}", row.class_name());
    click(&by_role(&root, "button", "+1 s")).await;
    assert_eq!(names(&root), ["zap"]);
    click(&by_role(&root, "button", "+1000 s")).await;
    assert_eq!(clock.text_content().unwrap().trim(), "Sun, 29 Sep 2019 23:51:15 UTC");
}

#[wasm_bindgen_test]
async fn the_console_prompt_reads_and_assigns_document_cookie() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "tab", "Console")).await;
    let log = by_role(&root, "log", "Server console").text_content().unwrap();
    assert!(log.contains("Starting development server at http://127.0.0.1:8000/"), "{log}");
    assert!(log.contains("\"GET /session/cookie HTTP/1.1\" 200"), "{log}");

    let prompt = by_role(&root, "textbox", "document.cookie for Browser A");
    for input in ["document.cookie = \"theme=dark; Path=/\"", "document.cookie", "alert(1)"] {
        type_into(&prompt, input).await;
        prompt.closest("form").unwrap().unwrap().unchecked_ref::<web_sys::HtmlFormElement>().request_submit().unwrap();
        yew::scheduler::flush().await;
    }
    let history: Vec<String> = all(&by_role(&root, "log", "Console history of Browser A"), "li:not(.js-entry)").iter().map(|li| li.text_content().unwrap()).collect();
    assert_eq!(history[0..4], ["document.cookie = \"theme=dark; Path=/\"", "'theme=dark; Path=/'", "Stored: a new cookie in the jar.", "document.cookie"]);
    assert_eq!(history[4], "'zap=42; sakaicar=42; theme=dark'");
    assert!(history[6].starts_with("Only document.cookie reads and assignments are simulated"), "{history:?}");
    // ArrowUp recalls the last input.
    key(&prompt, "ArrowUp").await;
    assert_eq!(prompt.unchecked_ref::<HtmlInputElement>().value(), "alert(1)");

    click(&by_role(&root, "button", "Clear")).await;
    assert!(all(&root, ".console-line").is_empty());
    assert!(all(&by_role(&root, "log", "Console history of Browser A"), "li:not(.js-entry)").is_empty());
}

#[wasm_bindgen_test]
async fn the_filter_ignores_case_beyond_ascii() {
    // The page lowercases with the browser's String.prototype.toLowerCase (no Unicode
    // case tables in the wasm): "été" finds a cookie whose value is "ÉTÉ".
    let (root, frame) = mount_loaded().await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "tab", "Console")).await;
    let prompt = by_role(&root, "textbox", "document.cookie for Browser A");
    type_into(&prompt, "document.cookie = \"saison=\u{c9}T\u{c9}\"").await;
    prompt.closest("form").unwrap().unwrap().unchecked_ref::<web_sys::HtmlFormElement>().request_submit().unwrap();
    yew::scheduler::flush().await;
    click(&by_role(&root, "tab", "Storage")).await;
    let names = |root: &Element| {
        let mut names = cookie_rows(root).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        names.sort();
        names
    };
    assert_eq!(names(&root), ["saison", "sakaicar", "zap"]);
    let filter = by_role(&root, "textbox", "Filter cookies");
    type_into(&filter, "\u{e9}t\u{e9}").await;
    assert_eq!(names(&root), ["saison"]);
    type_into(&filter, "SAKAI").await;
    assert_eq!(names(&root), ["sakaicar"]);
    type_into(&filter, "").await;
    assert_eq!(names(&root).len(), 3);
}
