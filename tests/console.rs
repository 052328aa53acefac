//! The Console panel in a real browser (headless Chromium through chromedriver; see
//! tests/app.rs for how to run): runserver's terminal after requests, and each browser's
//! `document.cookie` prompt, read and assigned, checked against what the other panels and
//! the server then see. Controls are found by role and accessible name.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlFormElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The server console's lines, as shown.
fn server_lines(root: &Element) -> Vec<String> {
    all(&by_role(root, "log", "Server console"), ".console-line").iter().map(|l| l.text_content().unwrap()).collect()
}

/// Types `input` at browser `browser`'s prompt and submits it; returns the answer's lines.
async fn at_prompt(root: &Element, browser: &str, input: &str) -> Vec<String> {
    let prompt = by_role(root, "textbox", &format!("document.cookie for Browser {browser}"));
    type_into(&prompt, input).await;
    prompt.closest("form").unwrap().unwrap().unchecked_ref::<HtmlFormElement>().request_submit().unwrap();
    yew::scheduler::flush().await;
    let history = by_role(root, "log", &format!("Console history of Browser {browser}"));
    let last = all(&history, "li.js-entry").pop().expect("an entry for the input");
    let lines: Vec<String> = all(&last, "li").iter().map(|li| li.text_content().unwrap()).collect();
    assert_eq!(lines[0], input, "{lines:?}");
    lines[1..].to_vec()
}

#[wasm_bindgen_test]
async fn runserver_banner_then_access_lines_and_prints() {
    let (root, frame) = mount_loaded().await;
    click(&by_role(&root, "tab", "Console")).await;
    let lines = server_lines(&root);
    for expected in [
        "Performing system checks...",
        "Django version 5.2.19, using settings 'djproj.settings'",
        "Starting development server at http://127.0.0.1:8000/",
        "Quit the server with CONTROL-C.",
    ] {
        assert!(lines.iter().any(|l| l.trim() == expected), "no {expected:?} in {lines:#?}");
    }
    let start = lines.iter().position(|l| l.contains("\"GET /session/ HTTP/1.1\" 200")).unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(lines[start].starts_with("[29/Sep/2019 23:17:55]"), "{}", lines[start]);

    // The cookie view prints request.COOKIES: nothing on the first visit, then what it set.
    follow(&frame, "cookie").await;
    back(&root, &frame).await;
    follow(&frame, "cookie").await;
    let lines = server_lines(&root);
    let prints: Vec<&String> = lines.iter().filter(|l| l.starts_with('{')).collect();
    assert_eq!(prints, ["{}", "{'zap': '42', 'sakaicar': '42'}"], "{lines:#?}");
    let last = lines.last().unwrap();
    assert!(last.contains("\"GET /session/cookie HTTP/1.1\" 200"), "{lines:#?}");
    // The print comes before its request's access line, as runserver logs after the view.
    assert_eq!(lines[lines.len() - 2], "{'zap': '42', 'sakaicar': '42'}");
}

#[wasm_bindgen_test]
async fn document_cookie_hides_httponly_and_an_assignment_is_stored_and_sent() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "sessfun").await;
    back(&root, &frame).await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "tab", "Console")).await;

    // The jar holds sessionid (HttpOnly), zap and sakaicar; the page's script sees two.
    assert_eq!(at_prompt(&root, "A", "document.cookie").await, ["'zap=42; sakaicar=42'"]);

    // Assigning stores a cookie in Browser A's jar…
    let answer = at_prompt(&root, "A", "document.cookie = 'theme=dark'").await;
    assert_eq!(answer, ["'theme=dark'", "Stored: a new cookie in the jar."]);
    // Its default Path is the page's directory, /session: a longer path, so it comes first
    // (RFC 6265bis 5.8.3, as Chrome orders them).
    assert_eq!(at_prompt(&root, "A", "document.cookie").await, ["'theme=dark; zap=42; sakaicar=42'"]);
    // A script cannot replace the HttpOnly sessionid (same name, domain and path).
    let refused = at_prompt(&root, "A", "document.cookie = 'sessionid=stolen; path=/'").await;
    assert_eq!(refused[0], "'sessionid=stolen; path=/'");
    assert!(!refused[1].starts_with("Stored"), "{refused:?}");

    click(&by_role(&root, "tab", "Storage")).await;
    let names: Vec<String> = all(&root, "table.cookies tbody tr:not(.draft)").iter().map(|tr| all(tr, "td")[0].text_content().unwrap()).collect();
    assert!(names.contains(&"theme".to_owned()) && names.contains(&"sessionid".to_owned()), "{names:?}");
    let session = all(&root, "table.cookies tbody tr:not(.draft)")
        .into_iter()
        .find(|tr| all(tr, "td")[0].text_content().as_deref() == Some("sessionid"))
        .unwrap();
    assert_eq!(all(&session, "td")[1].text_content().unwrap().len(), 32, "the key, not 'stolen'");

    // …and sent with the next request: the cookie view prints it.
    back(&root, &frame).await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "tab", "Console")).await;
    let lines = server_lines(&root);
    let print = lines.iter().rev().find(|l| l.starts_with('{')).unwrap();
    assert!(print.contains("'theme': 'dark'") && print.contains("'sessionid': '"), "{print}");
}

#[wasm_bindgen_test]
async fn each_browser_has_its_own_prompt_and_jar() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "cookie").await;
    click(&by_role(&root, "button", "New browser")).await;
    click(&by_role(&root, "tab", "Console")).await;
    // Browser B's jar is empty; an assignment there stays in B.
    assert_eq!(at_prompt(&root, "B", "document.cookie").await, ["''"]);
    assert_eq!(at_prompt(&root, "B", "document.cookie = 'only=b'").await[1], "Stored: a new cookie in the jar.");
    assert_eq!(at_prompt(&root, "B", "document.cookie").await, ["'only=b'"]);
    assert_eq!(at_prompt(&root, "A", "document.cookie").await, ["'zap=42; sakaicar=42'"]);
}
