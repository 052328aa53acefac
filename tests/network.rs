//! The Network panel in a real browser (headless Chromium through chromedriver):
//! `scripts/wasm cargo test --target wasm32-unknown-unknown -p playground --test network`.
//! Mounts the App (or the panel alone over 10,000 requests), acts as a person would,
//! and reads the DOM, finding elements by role and name.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use playground::panels::NetworkPanel;
use playground::state::{Action, State, StateHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlIFrameElement};
use yew::prelude::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The page's style sheets, so that layout (the list's scroll box, fixed rows) is real.
fn ensure_styles() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("network-test-styles").is_some() {
        return;
    }
    let style = document.create_element("style").unwrap();
    style.set_id("network-test-styles");
    style.set_text_content(Some(concat!(include_str!("../static/playground.css"), include_str!("../static/network.css"))));
    document.head().unwrap().append_child(&style).unwrap();
}

/// A fresh element of the test page, `height` pixels high.
fn new_root(height: u32) -> Element {
    ensure_styles();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_attribute("style", &format!("width: 1280px; height: {height}px; display: flex; flex-direction: column")).unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts a fresh App and waits until its viewport shows the first page.
async fn mount_loaded() -> (Element, HtmlIFrameElement) {
    let root = new_root(900);
    yew::Renderer::<playground::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    first_page(root).await
}

/// Clicks the page's `sessfun` link and waits for the page, then goes Back.
async fn visit_sessfun(root: &Element, frame: &HtmlIFrameElement, expected: &str) {
    let document = frame.content_document().unwrap();
    let link = (0..)
        .map_while(|i| document.links().item(i))
        .find(|a| a.get_attribute("href").as_deref() == Some("sessfun"))
        .unwrap_or_else(|| panic!("no link to sessfun in the page: {:?}", page_text(frame)));
    let loaded = iframe_loaded(frame);
    link.unchecked_ref::<HtmlElement>().click();
    yew::scheduler::flush().await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
    assert_eq!(page_text(frame).trim(), expected);
    let loaded = iframe_loaded(frame);
    click(&by_role(root, "button", "Back")).await;
    loaded.await.unwrap();
    yew::scheduler::flush().await;
}

/// The request rows of the grid named "Requests" (spacers excluded).
fn rows(root: &Element) -> Vec<Element> {
    let grid = by_role(root, "grid", "Requests");
    all(&grid, "tbody [role=row]")
}

fn cell(row: &Element, class: &str) -> String {
    row.query_selector(&format!("td.{class}")).unwrap().and_then(|c| c.text_content()).unwrap_or_default()
}

fn selected_row(root: &Element) -> Element {
    let selected: Vec<Element> = rows(root).into_iter().filter(|r| r.get_attribute("aria-selected").as_deref() == Some("true")).collect();
    assert_eq!(selected.len(), 1, "one selected row");
    selected.into_iter().next().unwrap()
}

/// (name, value, status) of each row of the table named `name`.
fn table_rows(root: &Element, name: &str) -> Vec<(String, String, String)> {
    all(&by_role(root, "table", name), "tbody tr")
        .iter()
        .map(|tr| {
            let cells = all(tr, "td");
            let text = |i: usize| cells.get(i).and_then(|c| c.text_content()).unwrap_or_default().trim().to_owned();
            (text(0), text(1), text(cells.len().saturating_sub(1)))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_second_sessfun_sends_the_session_cookie() {
    let (root, frame) = mount_loaded().await;
    visit_sessfun(&root, &frame, "view count=1").await;
    visit_sessfun(&root, &frame, "view count=2").await;

    let files: Vec<String> = rows(&root).iter().map(|r| cell(r, "c-file")).collect();
    assert_eq!(files, ["session/", "sessfun", "sessfun"]);
    let row = selected_row(&root);
    assert_eq!(cell(&row, "c-file"), "sessfun", "the last request is selected");
    assert_eq!((cell(&row, "c-status"), cell(&row, "c-method"), cell(&row, "c-type")), ("200".into(), "GET".into(), "document".into()));
    assert_eq!((cell(&row, "c-domain"), cell(&row, "c-cookies"), cell(&row, "c-browser")), ("127.0.0.1:8000".into(), "1".into(), "A".into()));
    assert_eq!(cell(&row, "c-time"), "23:17:55");
    let grid = by_role(&root, "grid", "Requests");
    assert_eq!(grid.get_attribute("aria-activedescendant"), Some(row.id()));
    let status = root.query_selector("[role=status]").unwrap().unwrap().text_content().unwrap();
    assert!(status.starts_with("3 requests, ") && status.ends_with(" transferred"), "{status}");

    click(&by_role(&root, "tab", "Cookies")).await;
    let sent = table_rows(&root, "Request cookies");
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (name, key, status) = &sent[0];
    assert_eq!((name.as_str(), status.as_str()), ("sessionid", "sent"));
    assert_eq!(key.len(), 32, "a session key: {key:?}");
    let set = table_rows(&root, "Response cookies");
    assert_eq!(set.iter().map(|(n, v, s)| (n.as_str(), v.as_str(), s.as_str())).collect::<Vec<_>>(), [("sessionid", key.as_str(), "stored")]);

    // ArrowUp selects the first sessfun: it sent no cookie, and its response set the key.
    key_on_grid(&root, "ArrowUp").await;
    assert_eq!(cell(&selected_row(&root), "c-file"), "sessfun");
    assert_eq!(cell(&selected_row(&root), "c-cookies"), "");
    assert_eq!(by_role(&root, "tab", "Cookies").get_attribute("aria-selected").as_deref(), Some("true"), "the tab stays");
    assert!(table_rows(&root, "Response cookies").iter().any(|(n, v, s)| n == "sessionid" && v == key && s == "stored"));
    assert!(root.query_selector("table[aria-label='Request cookies']").unwrap().is_none());
}

async fn key_on_grid(root: &Element, name: &str) {
    let grid = by_role(root, "grid", "Requests");
    grid.unchecked_ref::<HtmlElement>().focus().unwrap();
    key(&grid, name).await;
}

#[wasm_bindgen_test]
async fn pointing_at_the_session_key_lights_up_every_copy() {
    let (root, frame) = mount_loaded().await;
    visit_sessfun(&root, &frame, "view count=1").await;
    visit_sessfun(&root, &frame, "view count=2").await;
    // Headers of the second sessfun: the key in its Set-Cookie line and in its Cookie header.
    let values = all(&root, ".net-details .value[data-value]");
    let key = values.iter().find_map(|v| v.get_attribute("data-value").filter(|k| k.len() == 32)).expect("the session key is shown");
    let copies: Vec<Element> = values.into_iter().filter(|v| v.get_attribute("data-value").as_deref() == Some(key.as_str())).collect();
    assert_eq!(copies.len(), 2, "Set-Cookie and Cookie both show it");
    assert!(copies.iter().all(|c| !c.get_attribute("class").unwrap_or_default().split_whitespace().any(|c| c == "hl")));
    copies[0].unchecked_ref::<HtmlElement>().focus().unwrap();
    yew::scheduler::flush().await;
    let lit = all(&root, ".value.hl");
    assert_eq!(lit.len(), 2, "both copies light up");
    assert!(lit.iter().all(|v| v.get_attribute("data-value").as_deref() == Some(key.as_str())));
    copies[0].unchecked_ref::<HtmlElement>().blur().unwrap();
    yew::scheduler::flush().await;
    assert!(all(&root, ".value.hl").is_empty(), "blur clears it");
}

#[wasm_bindgen_test]
async fn filter_clear_raw_and_persist() {
    let (root, frame) = mount_loaded().await;
    visit_sessfun(&root, &frame, "view count=1").await;
    type_into(&by_role(&root, "textbox", "Filter URLs"), "SESSFUN").await;
    assert_eq!(rows(&root).iter().map(|r| cell(r, "c-file")).collect::<Vec<_>>(), ["sessfun"]);
    let status = root.query_selector("[role=status]").unwrap().unwrap().text_content().unwrap();
    assert!(status.starts_with("1 / 2 requests, "), "{status}");
    type_into(&by_role(&root, "textbox", "Filter URLs"), "").await;

    // Raw: the heads as on the wire, Django's two spaces after Set-Cookie included.
    click(&by_role(&root, "checkbox", "Raw")).await;
    let labelled = |label: &str| root.query_selector(&format!("[aria-label='{label}']")).unwrap().expect(label).text_content().unwrap();
    let raw = labelled("Raw response headers");
    assert!(raw.starts_with("HTTP/1.1 200 OK\r\nDate: "), "{raw:?}");
    assert!(raw.contains("\r\nSet-Cookie:  sessionid="), "{raw:?}");
    let request = labelled("Raw request headers");
    assert!(request.starts_with("GET /session/sessfun HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"), "{request:?}");

    // Persist Logs off: Browser A's navigation to sessfun hides its start page.
    click(&by_role(&root, "checkbox", "Persist Logs")).await;
    assert_eq!(rows(&root).iter().map(|r| cell(r, "c-file")).collect::<Vec<_>>(), ["sessfun"]);
    click(&by_role(&root, "checkbox", "Persist Logs")).await;
    assert_eq!(rows(&root).len(), 2);

    click(&by_role(&root, "button", "Clear")).await;
    assert!(rows(&root).is_empty());
    assert!(root.query_selector(".net-details").unwrap().is_none(), "no request selected");
    let status = root.query_selector("[role=status]").unwrap().unwrap().text_content().unwrap();
    assert!(status.starts_with("0 / 2 requests, 0 B / "), "{status}");
}

thread_local! {
    static HANDLE: RefCell<Option<StateHandle>> = const { RefCell::new(None) };
}

/// The Network panel alone over the playground's state, whose handle the test keeps.
#[function_component(Harness)]
fn harness() -> Html {
    let state = use_reducer(State::new);
    HANDLE.with(|handle| *handle.borrow_mut() = Some(state.clone()));
    html! {
        <ContextProvider<StateHandle> context={state}>
            <div class="devtools-panel">
                <NetworkPanel />
            </div>
        </ContextProvider<StateHandle>>
    }
}

fn dispatch(action: Action) {
    HANDLE.with(|handle| handle.borrow().as_ref().expect("the harness is mounted").dispatch(action));
}

/// 10,000 requests: only the rows in view are rendered, and selecting, filtering and
/// one more request still do the right thing. How long they take is the benchmark
/// page's figure (`?bench`, README "Benchmarks"), never a test's.
#[wasm_bindgen_test]
async fn ten_thousand_requests_render_only_the_rows_in_view() {
    const N: usize = 10_000;
    let root = new_root(600);
    yew::Renderer::<Harness>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    for i in 0..N - 1 {
        let path = if i % 2 == 0 { "/session/noop" } else { "/session/peek" };
        dispatch(Action::Perform(serde_json::json!({"browser": "A", "get": path})));
        if i % 200 == 0 {
            // Let the page answer the test driver now and then: a debug build on a busy
            // machine would otherwise hold the renderer past ChromeDriver's 30 s.
            yew::platform::time::sleep(std::time::Duration::ZERO).await;
        }
    }
    yew::scheduler::flush().await;
    let status = root.query_selector("[role=status]").unwrap().unwrap().text_content().unwrap();
    assert!(status.starts_with(&format!("{N} requests, ")), "{status}");
    let rendered = rows(&root).len();
    assert!(rendered < 60, "only the visible rows are rendered, not {rendered}");
    let row = rows(&root)[0].clone().unchecked_into::<HtmlElement>();
    assert_eq!(row.offset_height(), 20, "the fixed row height the list computes with");

    // A new request (through the reducer, as a link click): it is selected and scrolled to.
    for _ in 0..3 {
        dispatch(Action::Navigate { browser: 0, url: "http://127.0.0.1:8000/session/sessfun".into() });
        yew::scheduler::flush().await;
    }
    assert_eq!(cell(&selected_row(&root), "c-file"), "sessfun", "the new request is selected and in view");
    let list = root.query_selector(".net-list").unwrap().unwrap();
    assert!(list.scroll_top() > 100_000, "scrolled to the end: {}", list.scroll_top());

    // Selecting with the keyboard: three times up, from the last sessfun to the last noop.
    for _ in 0..3 {
        key_on_grid(&root, "ArrowUp").await;
    }
    assert_eq!(cell(&selected_row(&root), "c-file"), "noop");
    key_on_grid(&root, "Home").await;
    assert_eq!(cell(&selected_row(&root), "c-file"), "session/");
    assert_eq!(list.scroll_top(), 0);

    // Filtering, and clearing the filter.
    let filter = by_role(&root, "textbox", "Filter URLs");
    type_into(&filter, "noop").await;
    let status = root.query_selector("[role=status]").unwrap().unwrap().text_content().unwrap();
    assert!(status.starts_with(&format!("{} / {} requests", N / 2, N + 3)), "{status}");
    type_into(&filter, "").await;
    let status = root.query_selector("[role=status]").unwrap().unwrap().text_content().unwrap();
    assert!(status.starts_with(&format!("{} requests", N + 3)), "{status}");

    // Scrolling to the middle renders the rows there.
    list.set_scroll_top(100_000);
    list.dispatch_event(&Event::new("scroll").unwrap()).unwrap();
    yew::scheduler::flush().await;
    let first = rows(&root)[0].get_attribute("aria-rowindex").unwrap().parse::<usize>().unwrap();
    assert!((4900..5000).contains(&first), "first rendered row {first}");
}

/// Selects the request with `id` and opens the Cookies tab of its details.
async fn cookies_of(root: &Element, id: usize) {
    dispatch(Action::SelectRequest(Some(id)));
    yew::scheduler::flush().await;
    click(&by_role(root, "tab", "Cookies")).await;
}

#[wasm_bindgen_test]
async fn cookies_not_sent_and_not_stored_say_why() {
    let root = new_root(700);
    yew::Renderer::<Harness>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    for step in [
        serde_json::json!({"browser": "A", "get": "/session/sessfun"}),
        // A fetch from another site: the SameSite=Lax session cookie stays home.
        serde_json::json!({"browser": "A", "get": "/session/sessfun", "initiator": "http://evil.example/", "kind": "subresource"}),
        // A SESSION_COOKIE_DOMAIN that is not the server's host: the browser refuses it.
        serde_json::json!({"settings": {"SESSION_COOKIE_DOMAIN": "example.com"}}),
        serde_json::json!({"browser": "B", "get": "/session/sessfun"}),
    ] {
        dispatch(Action::Perform(step));
    }
    yew::scheduler::flush().await;

    cookies_of(&root, 2).await;
    let blocked = table_rows(&root, "Request cookies");
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    let (name, _, status) = &blocked[0];
    assert_eq!(name, "sessionid");
    assert!(status.starts_with("not sent") && status.contains("SameSiteLax") && status.contains("top-level navigation"), "{status}");
    let row = rows(&root).into_iter().find(|r| r.get_attribute("aria-rowindex").as_deref() == Some("4")).unwrap();
    assert_eq!((cell(&row, "c-type"), cell(&row, "c-cookies")), ("fetch".into(), "".into()));

    cookies_of(&root, 3).await;
    let set = table_rows(&root, "Response cookies");
    assert_eq!(set.len(), 1, "{set:?}");
    let (name, _, status) = &set[0];
    assert_eq!(name, "sessionid");
    assert!(status.starts_with("not stored") && status.contains("InvalidDomain") && status.contains("does not match"), "{status}");
    click(&by_role(&root, "tab", "Headers")).await;
    let headers = root.query_selector("[aria-label='Response headers'] dd.rejected").unwrap().expect("the Set-Cookie line is marked");
    assert!(headers.text_content().unwrap().contains("not stored: InvalidDomain"));
}

/// The Type column says what asked for each request (Firefox's Cause names), from what
/// the World recorded: its kind and destination, never its URL or its response (every
/// one of these answers with sessfun's HTML); the cell's tooltip adds the response's type.
#[wasm_bindgen_test]
async fn the_type_column_names_what_asked_for_the_request() {
    let root = new_root(700);
    yew::Renderer::<Harness>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let page = "http://127.0.0.1:8000/session/";
    let sub = |destination: Option<&str>| {
        let mut step = serde_json::json!({"browser": "A", "get": "/session/sessfun", "initiator": page, "kind": "subresource"});
        if let Some(destination) = destination {
            step["destination"] = destination.into();
        }
        step
    };
    let cases = [
        (serde_json::json!({"browser": "A", "get": "/session/sessfun"}), "document"),
        (serde_json::json!({"browser": "A", "post": "/session/sessfun", "form": {"a": "1"}, "initiator": page}), "document"),
        (serde_json::json!({"browser": "A", "get": "/session/sessfun", "initiator": page, "kind": "iframe"}), "subdocument"),
        (sub(Some("image")), "img"),
        (sub(Some("script")), "script"),
        (sub(Some("style")), "stylesheet"),
        (sub(Some("empty")), "fetch"),
        (sub(None), "fetch"),
    ];
    for (step, _) in &cases {
        dispatch(Action::Perform(step.clone()));
    }
    yew::scheduler::flush().await;
    let rows = rows(&root);
    // After the playground's own first page.
    let shown: Vec<(String, String, String)> = rows[rows.len().saturating_sub(cases.len())..]
        .iter()
        .map(|row| {
            let kind = row.query_selector("td.c-type").unwrap().unwrap();
            (cell(row, "c-method"), kind.text_content().unwrap_or_default(), kind.get_attribute("title").unwrap_or_default())
        })
        .collect();
    let expected: Vec<(String, String, String)> = cases
        .iter()
        .map(|(step, kind)| {
            let method = if step.get("post").is_some() { "POST" } else { "GET" };
            // The POST is refused by CSRF with an HTML page too.
            (method.to_owned(), (*kind).to_owned(), format!("{kind}; the response is text/html"))
        })
        .collect();
    assert_eq!(shown, expected);
}
