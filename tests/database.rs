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
        "searchbox" => "input[type=search], [role=searchbox]".to_owned(),
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
    let count = root.query_selector(".db-count").unwrap().unwrap().text_content().unwrap();
    assert_eq!(count, "1 session", "one row, one session");

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

thread_local! {
    /// The World the next [`LongHarness`] shows.
    static WORLD: std::cell::RefCell<Option<djsim::world::World>> = const { std::cell::RefCell::new(None) };
}

/// The Database panel alone over a State of the World in [`WORLD`].
#[yew::function_component(LongHarness)]
fn long_harness() -> yew::Html {
    use playground::state::{State, StateHandle};
    let state = yew::use_reducer(|| State::from_world(WORLD.with(|w| w.borrow_mut().take()).expect("a World to show")));
    yew::html! {
        <yew::ContextProvider<StateHandle> context={state}>
            <div class="devtools-panel"><playground::panels::DatabasePanel /></div>
        </yew::ContextProvider<StateHandle>>
    }
}

/// 150 browsers, each with a session: past 100 rows the list renders only the rows in
/// view, one line each, and opens a decoding under the list; a filter that leaves few
/// rows shows them all again, as before.
#[wasm_bindgen_test]
async fn a_long_session_list_renders_the_rows_in_view() {
    const N: usize = 150;
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("database-test-styles").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("database-test-styles");
        style.set_text_content(Some(concat!(include_str!("../static/playground.css"), include_str!("../static/database.css"))));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let mut world = djsim::world::World::lecture();
    for i in 0..N {
        let view = if i % 2 == 0 { "sessfun" } else { "store" };
        world.perform(serde_json::json!({"browser": format!("B{i}"), "get": format!("/session/{view}")})).unwrap();
    }
    WORLD.with(|w| *w.borrow_mut() = Some(world));
    let root = document.create_element("div").unwrap();
    root.set_attribute("style", "width: 1280px; height: 700px; display: flex; flex-direction: column").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<LongHarness>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let count = || root.query_selector(".db-count").unwrap().unwrap().text_content().unwrap();
    assert_eq!(count(), format!("{N} sessions"));
    let rendered = session_rows(&root).into_iter().filter(|r| !r.class_name().contains("db-spacer")).collect::<Vec<_>>();
    assert!(rendered.len() < N && rendered.len() > 10, "{} rows rendered of {N}", rendered.len());
    assert_eq!(rendered[0].get_attribute("aria-rowindex").as_deref(), Some("2"), "the header is row 1");
    let height = rendered[0].unchecked_ref::<web_sys::HtmlElement>().offset_height();
    assert!(rendered.iter().all(|r| r.unchecked_ref::<web_sys::HtmlElement>().offset_height() == height), "one line each");

    // Scrolled to the middle: the rows there.
    let list = root.query_selector(".db-rows").unwrap().expect("a scrolling list");
    list.set_scroll_top(height * 70);
    list.dispatch_event(&Event::new("scroll").unwrap()).unwrap();
    yew::scheduler::flush().await;
    let first = all(&root, "tr.session-row")[0].get_attribute("aria-rowindex").unwrap().parse::<usize>().unwrap();
    assert!((50..72).contains(&first), "first rendered row {first}");

    // A decoding opens under the list.
    let row = all(&root, "tr.session-row").into_iter().find(|r| r.text_content().unwrap_or_default().contains("num_visits")).unwrap();
    let toggle = row.query_selector("button.row-toggle").unwrap().unwrap();
    let key = name_of(&toggle).trim_start_matches("Decode session ").to_owned();
    click(&toggle).await;
    let below = root.query_selector(&format!(".db-decodings #session-decode-{key}")).unwrap().expect("the decoding under the list");
    assert!(below.query_selector(&format!("ol[aria-label='How Django decodes session {key}']")).unwrap().is_some());
    assert_eq!(toggle.get_attribute("aria-controls"), Some(format!("session-decode-{key}")));

    // A filter leaving half: all of them, as a short table with inline decodings.
    type_into(&by_role(&root, "searchbox", "Filter sessions"), "NUM_VISITS").await;
    assert_eq!(count(), format!("{} / {N} sessions", N / 2));
    assert_eq!(session_rows(&root).len(), N / 2, "every match");
    assert_eq!(all(&root, "tr.decode-row").len(), 1, "the open one's decoding, in a row under it");
    assert!(root.query_selector(".db-rows").unwrap().is_none());
    type_into(&by_role(&root, "searchbox", "Filter sessions"), "Browser B7").await;
    assert_eq!(count(), format!("11 / {N} sessions"), "B7 and B70..B79");
}
