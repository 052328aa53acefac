//! The Settings panel in a real browser (headless Chromium through chromedriver; see
//! tests/app.rs for how to run): MIDDLEWARE toggled, a SESSION_* setting changed, the
//! Django version switched, the server restarted keeping or wiping db.sqlite3. Each test
//! acts as a person would and asserts what the page, the Console or Storage then show.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlSelectElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Chooses `value` in a `<select>` as a person would (its value, then `change`).
async fn choose(select: &Element, value: &str) {
    select.unchecked_ref::<HtmlSelectElement>().set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

fn status(root: &Element) -> String {
    let panel = root.query_selector(".settings-panel").unwrap().expect("the Settings panel");
    all(&panel, "[role=status], [role=alert]").iter().map(|e| e.text_content().unwrap()).collect::<Vec<_>>().join(" | ")
}

/// The Storage panel's row of cookie `name`: its cells' texts.
async fn storage_row(root: &Element, name: &str) -> Vec<String> {
    click(&by_role(root, "tab", "Storage")).await;
    let rows = all(root, "table.cookies tbody tr:not(.draft)");
    let row = rows.iter().find(|tr| all(tr, "td")[0].text_content().as_deref() == Some(name)).unwrap_or_else(|| panic!("no {name} row"));
    all(row, "td").iter().map(|td| td.text_content().unwrap()).collect()
}

fn server_lines(root: &Element) -> Vec<String> {
    all(&by_role(root, "log", "Server console"), ".console-line").iter().map(|l| l.text_content().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn session_middleware_off_makes_sessfun_fail_as_django_does() {
    let (root, frame) = mount_loaded().await;
    click(&by_role(&root, "tab", "Settings")).await;
    let apply = by_role(&root, "button", "Apply");
    assert!(apply.has_attribute("disabled"), "nothing to apply yet");
    let session = by_role(&root, "checkbox", "django.contrib.sessions.middleware.SessionMiddleware");
    click(&session).await;
    assert!(root.text_content().unwrap().contains("1 change, applied at the next request."));
    click(&by_role(&root, "button", "Apply")).await;
    assert_eq!(status(&root), "Applied: the next request runs with these settings.");
    // settings.py as the server runs it has it commented out.
    let file = by_role(&root, "region", "settings.py (read-only)").text_content().unwrap();
    assert!(file.contains("    # 'django.contrib.sessions.middleware.SessionMiddleware',\n"), "{file}");

    // AuthenticationMiddleware needs request.session: Django 5.2 raises ImproperlyConfigured.
    follow(&frame, "sessfun").await;
    for _ in 0..5 {
        if !page_text(&frame).trim().is_empty() {
            break;
        }
        iframe_loaded(&frame).await.unwrap();
        yew::scheduler::flush().await;
    }
    let page = page_text(&frame);
    assert!(page.contains("ImproperlyConfigured"), "{page}");
    assert!(page.contains("The Django authentication middleware requires session middleware to be installed."), "{page}");
    click(&by_role(&root, "tab", "Console")).await;
    let lines = server_lines(&root);
    assert!(lines.iter().any(|l| l.starts_with("Internal Server Error: /session/sessfun")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("\"GET /session/sessfun HTTP/1.1\" 500")), "{lines:#?}");

    // On again: sessfun counts.
    click(&by_role(&root, "tab", "Settings")).await;
    click(&by_role(&root, "checkbox", "django.contrib.sessions.middleware.SessionMiddleware")).await;
    click(&by_role(&root, "button", "Apply")).await;
    back(&root, &frame).await;
    follow(&frame, "sessfun").await;
    assert_eq!(page_text(&frame).trim(), "view count=1");
}

#[wasm_bindgen_test]
async fn session_cookie_settings_apply_to_the_next_set_cookie() {
    let (root, frame) = mount_loaded().await;
    click(&by_role(&root, "tab", "Settings")).await;
    type_into(&by_role(&root, "textbox", "SESSION_COOKIE_AGE"), "60").await;
    click(&by_role(&root, "checkbox", "SESSION_COOKIE_HTTPONLY")).await;
    assert!(root.text_content().unwrap().contains("2 changes, applied at the next request."));
    click(&by_role(&root, "button", "Apply")).await;
    assert_eq!(status(&root), "Applied: the next request runs with these settings.");
    let file = by_role(&root, "region", "settings.py (read-only)").text_content().unwrap();
    assert!(file.contains("SESSION_COOKIE_AGE = 60") && file.contains("SESSION_COOKIE_HTTPONLY = False"), "{file}");

    follow(&frame, "sessfun").await;
    // Storage: Domain, Path, Expires (60 s after the lecture's moment), Size, HttpOnly, Secure, SameSite.
    let row = storage_row(&root, "sessionid").await;
    assert_eq!(row[4], "2019-09-29T23:18:55.000Z (60 s left)");
    assert_eq!([&row[2..4], &row[5..9]].concat(), ["127.0.0.1", "/", "41", "", "", "Lax"]);
    // Network: the Set-Cookie line as Django wrote it.
    click(&by_role(&root, "tab", "Network")).await;
    let set_cookie: Vec<String> = all(&root, "[data-set-cookie]").iter().map(|e| e.text_content().unwrap()).collect();
    let text = set_cookie.join("\n");
    assert!(text.contains("Max-Age=60") && !text.contains("HttpOnly"), "{text}");
}

#[wasm_bindgen_test]
async fn switching_to_django_3_2_replays_the_steps() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "sessfun").await;
    click(&by_role(&root, "tab", "Settings")).await;
    let switch = by_role(&root, "button", "Switch Django version");
    assert!(switch.has_attribute("disabled"), "5.2 is running");
    choose(&by_role(&root, "combobox", "Django version"), "3.2").await;
    click(&by_role(&root, "button", "Switch Django version")).await;
    assert_eq!(status(&root), "A new World runs Django 3.2.25 (the recorded steps replayed).");
    assert!(root.text_content().unwrap().contains("Running Django 3.2.25."), "the help line names it");
    // 3.2's own setting appears.
    by_role(&root, "combobox", "DEFAULT_HASHING_ALGORITHM");
    click(&by_role(&root, "tab", "Console")).await;
    let lines = server_lines(&root);
    assert!(lines.iter().any(|l| l.trim() == "Django version 3.2.25, using settings 'djproj.settings'"), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("5.2.19")), "{lines:#?}");
    // The replayed visit's session goes on in 3.2.
    let frame = iframe(&root);
    back(&root, &frame).await;
    follow(&frame, "sessfun").await;
    assert_eq!(page_text(&frame).trim(), "view count=2");
}

#[wasm_bindgen_test]
async fn restart_keeps_or_wipes_the_database() {
    let (root, frame) = mount_loaded().await;
    follow(&frame, "sessfun").await;
    assert_eq!(page_text(&frame).trim(), "view count=1");
    click(&by_role(&root, "tab", "Settings")).await;

    // Keeping db.sqlite3: the session row survives the restart.
    assert!(by_role(&root, "radio", "keep db.sqlite3").unchecked_ref::<web_sys::HtmlInputElement>().checked());
    click(&by_role(&root, "button", "Restart server")).await;
    assert_eq!(status(&root), "runserver restarted with db.sqlite3 kept; its banner is in the Console.");
    back(&root, &frame).await;
    follow(&frame, "sessfun").await;
    assert_eq!(page_text(&frame).trim(), "view count=2");

    // Wiping it: the browser still sends its sessionid, but no row has it; counting starts again.
    click(&by_role(&root, "radio", "wipe database")).await;
    click(&by_role(&root, "button", "Restart server")).await;
    assert_eq!(status(&root), "runserver restarted on a fresh, migrated database; see the Console.");
    back(&root, &frame).await;
    follow(&frame, "sessfun").await;
    assert_eq!(page_text(&frame).trim(), "view count=1");
    click(&by_role(&root, "tab", "Console")).await;
    let lines = server_lines(&root);
    let banners = lines.iter().filter(|l| l.trim() == "Starting development server at http://127.0.0.1:8000/").count();
    assert_eq!(banners, 3, "the first start and two restarts: {lines:#?}");
    assert!(lines.iter().any(|l| l.contains("Applying sessions.0001_initial... OK")), "migrate ran on the wiped database: {lines:#?}");
}
