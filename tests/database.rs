//! The Database and Settings panels in a real browser (headless Chromium through
//! chromedriver): `scripts/wasm cargo test --target wasm32-unknown-unknown -p playground
//! --test database`. Each test mounts the App into a fresh element, acts as a person
//! would, and reads the DOM, finding elements by role and name.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlIFrameElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The accessible name as these tests read it: aria-label, else the text.
fn name_of(e: &Element) -> String {
    e.get_attribute("aria-label").or_else(|| e.text_content()).unwrap_or_default().trim().to_owned()
}

/// The elements with `role` whose accessible name satisfies `matches`.
fn by_role_where(root: &Element, role: &str, matches: impl Fn(&str) -> bool) -> Vec<Element> {
    let selector = match role {
        "button" => "button, [role=button]".to_owned(),
        "textbox" => "input[type=text], textarea, [role=textbox]".to_owned(),
        "checkbox" => "input[type=checkbox], [role=checkbox]".to_owned(),
        "table" => "table, [role=table]".to_owned(),
        "combobox" => "select, [role=combobox]".to_owned(),
        _ => format!("[role={role}]"),
    };
    all(root, &selector).into_iter().filter(|e| matches(&name_of(e))).collect()
}

/// The one element with `role` whose accessible name is `name`.
#[track_caller]
fn by_role(root: &Element, role: &str, name: &str) -> Element {
    let found = by_role_where(root, role, |n| n == name);
    assert_eq!(found.len(), 1, "expected one {role} named {name:?}, found {}", found.len());
    found.into_iter().next().unwrap()
}

/// Presses Enter in a form's field: submits the form.
async fn submit(form: &Element) {
    form.unchecked_ref::<web_sys::HtmlFormElement>().request_submit().unwrap();
    yew::scheduler::flush().await;
}

/// Types `url` into the address bar and presses Enter; waits for the page.
async fn visit(root: &Element, frame: &HtmlIFrameElement, url: &str) {
    type_into(&by_role(root, "textbox", "Address"), url).await;
    let loaded = iframe_loaded(frame);
    submit(&root.query_selector("form.browser-toolbar").unwrap().unwrap()).await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
}

const SESSFUN: &str = "http://127.0.0.1:8000/session/sessfun";

/// The session rows of the Database panel (not their decoding rows).
fn session_rows(root: &Element) -> Vec<Element> {
    all(root, "table.sessions tbody tr:not(.decode-row)")
}

/// Runs one line in the sqlite3 console and returns the whole output so far.
async fn sqlite(root: &Element, line: &str) -> String {
    let input = by_role(root, "textbox", "sqlite>");
    type_into(&input, line).await;
    submit(&input.closest("form").unwrap().unwrap()).await;
    by_role(root, "log", "sqlite3 output").text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn sessfun_twice_is_one_row_that_decodes() {
    let (root, frame) = mount_loaded().await;
    visit(&root, &frame, SESSFUN).await;
    visit(&root, &frame, SESSFUN).await;
    assert_eq!(page_text(&frame).trim(), "view count=2");
    click(&by_role(&root, "tab", "Database")).await;

    let rows = session_rows(&root);
    assert_eq!(rows.len(), 1, "one browser, one session");
    let row_text = rows[0].text_content().unwrap();
    assert!(row_text.contains("Browser A"), "the row names the browser holding its key: {row_text}");
    assert!(row_text.contains("{'num_visits': 2}"), "{row_text}");

    let toggle = by_role_where(&root, "button", |n| n.starts_with("Decode session ")).pop().expect("a Decode button");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    click(&toggle).await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    let steps = all(&root, ".decode-steps li");
    assert!(steps.len() >= 5, "split, signature, timestamp, base64, json, result: {} steps", steps.len());
    assert!(steps.iter().all(|s| s.get_attribute("class").unwrap_or_default().split_whitespace().any(|c| c == "ok")), "every step passes for a fresh session");
    let text: String = steps.iter().map(|s| s.text_content().unwrap()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("SECRET_KEY"), "says which key matched: {text}");
    assert!(text.contains("{'num_visits': 2}"), "ends with the dict: {text}");
    assert!(all(&root, ".decode-steps li code").len() >= 3, "values in monospace");

    click(&toggle).await;
    assert!(all(&root, ".decode-steps").is_empty(), "collapses again");
}

#[wasm_bindgen_test]
async fn the_sqlite_console_reads_the_database() {
    let (root, frame) = mount_loaded().await;
    visit(&root, &frame, SESSFUN).await;
    click(&by_role(&root, "tab", "Database")).await;
    let out = sqlite(&root, ".tables").await;
    assert!(out.contains("sqlite> .tables"), "echoes the command: {out}");
    assert!(out.contains("django_session"), "{out}");

    let out = sqlite(&root, "select count(*) from django_session;").await;
    assert!(out.ends_with("select count(*) from django_session;\n1\n"), "{out}");

    let out = sqlite(&root, "delete from django_session;").await;
    assert!(out.contains("this console is read-only; DELETE"), "{out}");
    assert_eq!(session_rows(&root).len(), 1, "the row stays");
}

#[wasm_bindgen_test]
async fn settings_apply_and_rejection() {
    let (root, frame) = mount_loaded().await;
    click(&by_role(&root, "tab", "Settings")).await;
    let apply = by_role(&root, "button", "Apply");
    assert!(apply.has_attribute("disabled"), "nothing to apply yet");

    // A value the World refuses: its message names the setting.
    type_into(&by_role(&root, "textbox", "SESSION_COOKIE_AGE"), "12a").await;
    submit(&root.query_selector("form.settings-form").unwrap().unwrap()).await;
    let alert = by_role_where(&root, "alert", |_| true).pop().expect("an error is shown");
    assert!(alert.text_content().unwrap().contains("SESSION_COOKIE_AGE"), "{:?}", alert.text_content());

    // SessionMiddleware out of MIDDLEWARE: sessfun fails with a 500.
    click(&by_role(&root, "button", "Discard changes")).await;
    click(&by_role(&root, "checkbox", "django.contrib.sessions.middleware.SessionMiddleware")).await;
    submit(&root.query_selector("form.settings-form").unwrap().unwrap()).await;
    let status = by_role_where(&root, "status", |_| true).pop().expect("a status line");
    assert!(status.text_content().unwrap().starts_with("Applied"), "{:?}", status.text_content());
    let file = root.query_selector(".settings-file pre").unwrap().unwrap().text_content().unwrap();
    assert!(file.contains("    # 'django.contrib.sessions.middleware.SessionMiddleware',\n"), "settings.py follows: {file}");
    visit(&root, &frame, SESSFUN).await;
    assert!(page_text(&frame).contains("ImproperlyConfigured"), "{}", page_text(&frame));
}

#[wasm_bindgen_test]
async fn django_3_2_with_sha1_writes_the_legacy_format() {
    let (root, frame) = mount_loaded().await;
    click(&by_role(&root, "tab", "Settings")).await;
    let select: web_sys::HtmlSelectElement = by_role(&root, "combobox", "Django version").unchecked_into();
    select.set_value("3.2-sha1");
    let init = EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    click(&by_role(&root, "button", "Switch Django version")).await;
    visit(&root, &frame, SESSFUN).await;
    click(&by_role(&root, "tab", "Database")).await;
    let toggle = by_role_where(&root, "button", |n| n.starts_with("Decode session ")).pop().expect("a Decode button");
    click(&toggle).await;
    let text = root.query_selector(".decode").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("Django 3.2.25"), "{text}");
    assert!(text.contains("legacy format"), "{text}");
    assert!(text.contains("{'num_visits': 1}"), "{text}");
}
