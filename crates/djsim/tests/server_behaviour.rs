//! The simulated server's rules beyond the oracle's transcripts: MIDDLEWARE order
//! effects, each session engine, every `set_expiry` form, runserver's failure on a
//! non-latin-1 header, the console, and a property test that no request panics.
//! Expected values are what Django 5.2.19 / 3.2.25 do (checked against local runs
//! of real Django where noted).

use djsim::conf::{DjangoVersion, MiddlewareKind, SessionEngine, Settings};
use djsim::handlers::{Exchange, Request, Server, Stream};
use djsim::time::SimTime;

fn server(version: DjangoVersion, edit: impl FnOnce(&mut Settings)) -> Server {
    let mut s = Settings::defaults(version);
    edit(&mut s);
    Server::new(version, s, 7, SimTime::LECTURE).unwrap()
}

fn get(path: &str, cookie: Option<&str>) -> Request {
    let mut headers = vec![("Host".to_string(), "localhost:8000".to_string()), ("Accept".to_string(), "*/*".to_string())];
    if let Some(c) = cookie {
        headers.push(("Cookie".into(), c.into()));
    }
    let (path, query) = path.split_once('?').map_or((path.to_string(), String::new()), |(p, q)| (p.to_string(), q.to_string()));
    Request { method: "GET".into(), scheme: "http".into(), host: "localhost:8000".into(), path, query, headers, body: Vec::new() }
}

fn post(path: &str, cookie: Option<&str>, body: &str) -> Request {
    let mut r = get(path, cookie);
    r.method = "POST".into();
    r.headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
    r.headers.push(("Content-Length".into(), body.len().to_string()));
    r.body = body.as_bytes().to_vec();
    r
}

fn header<'a>(ex: &'a Exchange, name: &str) -> Option<&'a str> {
    ex.response.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn set_cookies(ex: &Exchange) -> Vec<String> {
    ex.response.headers.iter().filter(|(n, _)| n == "Set-Cookie").map(|(_, v)| v.clone()).collect()
}

fn body(ex: &Exchange) -> String {
    String::from_utf8_lossy(&ex.response.body).into_owned()
}

/// The `sessionid` value a response set.
fn session_cookie(ex: &Exchange, name: &str) -> Option<String> {
    set_cookies(ex).iter().find_map(|c| c.strip_prefix(&format!("{name}=")).map(|r| r.split(';').next().unwrap_or("").to_string()))
}

fn without(kinds: &[MiddlewareKind]) -> impl FnOnce(&mut Settings) + '_ {
    move |s: &mut Settings| s.middleware.retain(|m| !kinds.contains(m))
}

#[track_caller]
fn check_500(ex: &Exchange, path: &str, last_line: &str) {
    assert_eq!(ex.response.status, 500, "{}", body(ex));
    let texts: Vec<&str> = ex.console.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts[0], format!("Internal Server Error: {path}"), "{texts:?}");
    assert!(texts[1].starts_with("Traceback (most recent call last):"), "{texts:?}");
    assert_eq!(texts[1].lines().last(), Some(last_line), "{texts:?}");
    assert!(texts[2].ends_with(&format!("\"GET {path} HTTP/1.1\" 500 {}", ex.response.body.len())), "{texts:?}");
}

#[test] // Django 5.2: request.session is set by SessionMiddleware only.
fn without_session_middleware_session_views_fail() {
    let mut s = server(DjangoVersion::V5_2, without(&[MiddlewareKind::Session, MiddlewareKind::Authentication, MiddlewareKind::Message]));
    let ex = s.handle(&get("/session/sessfun", None), SimTime::LECTURE);
    check_500(&ex, "/session/sessfun", "AttributeError: 'WSGIRequest' object has no attribute 'session'");
    assert!(body(&ex).contains("<title>AttributeError\n          at /session/sessfun</title>"));
    // Views that never touch the session still work.
    let ex = s.handle(&get("/session/noop", None), SimTime::LECTURE);
    assert_eq!((ex.response.status, body(&ex).as_str()), (200, "noop"));
}

#[test]
fn authentication_middleware_requires_session_middleware() {
    let msg = "The Django authentication middleware requires session middleware to be installed. Edit your MIDDLEWARE setting to insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'.";
    for (v, class) in [(DjangoVersion::V5_2, "django.core.exceptions.ImproperlyConfigured"), (DjangoVersion::V3_2, "AssertionError")] {
        let mut s = server(v, without(&[MiddlewareKind::Session, MiddlewareKind::Message]));
        let ex = s.handle(&get("/session/noop", None), SimTime::LECTURE);
        check_500(&ex, "/session/noop", &format!("{class}: {msg}"));
        // The 500 came from AuthenticationMiddleware: XFrameOptions (inside it) never ran.
        assert_eq!(header(&ex, "X-Frame-Options"), None);
    }
}

#[test]
fn order_matters_session_after_message_middleware() {
    let mut s = server(DjangoVersion::V5_2, |s| {
        s.middleware = vec![MiddlewareKind::Message, MiddlewareKind::Session];
    });
    let ex = s.handle(&get("/session/noop", None), SimTime::LECTURE);
    assert_eq!(ex.response.status, 500);
    assert!(ex.console[1].text.ends_with("ImproperlyConfigured: The session-based temporary message storage requires session middleware to be installed, and come before the message middleware in the MIDDLEWARE list."));
}

#[test]
fn each_middleware_adds_its_headers() {
    let all = ["X-Frame-Options", "Content-Length", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"];
    let cases: [(MiddlewareKind, &[&str]); 3] = [
        (MiddlewareKind::XFrameOptions, &["X-Frame-Options"]),
        (MiddlewareKind::Common, &["Content-Length"]),
        (MiddlewareKind::Security, &["X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"]),
    ];
    for (kind, gone) in cases {
        let mut s = server(DjangoVersion::V5_2, without(&[kind]));
        let ex = s.handle(&get("/session/noop", None), SimTime::LECTURE);
        for h in all {
            assert_eq!(header(&ex, h).is_none(), gone.contains(&h), "{kind:?} removed: {h}");
        }
        // No Content-Length: runserver closes the connection.
        assert_eq!(header(&ex, "Connection").is_some(), kind == MiddlewareKind::Common);
    }
    // 3.2 sends no Cross-Origin-Opener-Policy.
    let mut s = server(DjangoVersion::V3_2, |_| {});
    let ex = s.handle(&get("/session/noop", None), SimTime::LECTURE);
    assert_eq!(header(&ex, "Cross-Origin-Opener-Policy"), None);
}

#[test]
fn csrf_protects_posts_only_while_installed() {
    let mut s = server(DjangoVersion::V5_2, |_| {});
    let ex = s.handle(&post("/session/form", None, "name=x"), SimTime::LECTURE);
    assert_eq!(ex.response.status, 403);
    assert_eq!(ex.console[0].text, "Forbidden (CSRF cookie not set.): /session/form");
    // GET the form: a csrftoken cookie (the 32-char secret) and a masked token.
    let ex = s.handle(&get("/session/form", None), SimTime::LECTURE);
    let secret = session_cookie(&ex, "csrftoken").unwrap();
    assert_eq!(secret.len(), 32);
    let b = body(&ex);
    let token = b.split("name=\"csrfmiddlewaretoken\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(token.len(), 64);
    let cookie = format!("csrftoken={secret}");
    let ex = s.handle(&post("/session/form", Some(&cookie), "name=x"), SimTime::LECTURE);
    assert_eq!(ex.console[0].text, "Forbidden (CSRF token missing.): /session/form");
    let ex = s.handle(&post("/session/form", Some(&cookie), &format!("name=x&csrfmiddlewaretoken={}", "a".repeat(64))), SimTime::LECTURE);
    assert_eq!(ex.console[0].text, "Forbidden (CSRF token from POST incorrect.): /session/form");
    let ex = s.handle(&post("/session/form", Some(&cookie), &format!("name=Zo%C3%AB&csrfmiddlewaretoken={token}")), SimTime::LECTURE);
    assert_eq!((ex.response.status, body(&ex).as_str()), (200, "form accepted: name=Zoë"));
    // Without CsrfViewMiddleware the same POST goes through.
    let mut s = server(DjangoVersion::V5_2, without(&[MiddlewareKind::Csrf]));
    let ex = s.handle(&post("/session/form", None, "name=x"), SimTime::LECTURE);
    assert_eq!(ex.response.status, 200);
}

#[test] // Each engine counts visits; what it holds is what `sessions()` shows.
fn every_engine_keeps_the_lecture_counter() {
    for engine in SessionEngine::ALL {
        for v in [DjangoVersion::V5_2, DjangoVersion::V3_2] {
            let mut s = server(v, |s| s.session_engine = engine);
            let mut cookie: Option<String> = None;
            for n in 1..=3 {
                let ex = s.handle(&get("/session/sessfun", cookie.as_deref()), SimTime::LECTURE.plus_secs(n));
                assert_eq!(body(&ex), format!("view count={n}"), "{engine:?} {v:?}");
                let value = session_cookie(&ex, "sessionid").unwrap();
                if engine != SessionEngine::SignedCookies {
                    assert_eq!(value.len(), 32);
                    assert!(value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
                }
                cookie = Some(format!("sessionid={value}"));
            }
            let rows = s.sessions(SimTime::LECTURE.plus_secs(3));
            let expect_rows = if engine == SessionEngine::SignedCookies { 0 } else { 1 };
            assert_eq!(rows.len(), expect_rows, "{engine:?} {v:?}: {rows:?}");
            if let Some(r) = rows.first() {
                assert_eq!(r.decoded.get("num_visits").and_then(|v| v.as_i64()), Some(3));
                assert!(!r.expired);
            }
            let ex = s.handle(&get("/session/flush", cookie.as_deref()), SimTime::LECTURE.plus_secs(4));
            assert_eq!(set_cookies(&ex), vec!["sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"]);
            assert_eq!(s.sessions(SimTime::LECTURE.plus_secs(4)).len(), 0, "{engine:?} {v:?}");
        }
    }
}

#[test] // The cache engine's LocMemCache culls a third of its entries at MAX_ENTRIES.
fn cache_engine_culls_like_locmem() {
    let mut s = server(DjangoVersion::V5_2, |s| {
        s.session_engine = SessionEngine::Cache;
        s.cache_max_entries = 6;
    });
    for i in 0..7 {
        s.handle(&get("/session/sessfun", None), SimTime::LECTURE.plus_secs(i));
    }
    // 6 entries, then the 7th: 6 // 3 = 2 least recently used are dropped first.
    assert_eq!(s.sessions(SimTime::LECTURE.plus_secs(7)).len(), 5);
}

#[track_caller]
fn check_expiry(version: DjangoVersion, mode: &str, body_text: &str, cookie: Option<&str>) {
    let mut s = server(version, |_| {});
    let now = SimTime::LECTURE.plus_micros(591_447);
    let ex = s.handle(&get(&format!("/session/expiry/{mode}"), None), now);
    match cookie {
        Some(c) => {
            assert_eq!(body(&ex), body_text, "{mode}");
            let sc = set_cookies(&ex);
            assert_eq!(sc.len(), 1);
            let attrs = sc[0].split_once(';').map(|(_, a)| a.trim()).unwrap_or("");
            assert_eq!(attrs, c, "{mode}");
        }
        None => {
            assert_eq!(ex.response.status, 500, "{mode}");
            assert_eq!(ex.console[1].text.lines().last(), Some(body_text), "{mode}");
        }
    }
}

#[test] // Django 5.2.19 (local runs): set_expiry(int / 0 / None / timedelta / datetime).
fn set_expiry_forms_52() {
    let v = DjangoVersion::V5_2;
    check_expiry(v, "60", "expiry 60 -> age=60 browser_close=False", Some("expires=Sun, 29 Sep 2019 23:18:55 GMT; HttpOnly; Max-Age=60; Path=/; SameSite=Lax"));
    check_expiry(v, "0", "expiry 0 -> age=1209600 browser_close=True", Some("HttpOnly; Path=/; SameSite=Lax"));
    check_expiry(v, "none", "expiry none -> age=1209600 browser_close=False", Some("expires=Sun, 13 Oct 2019 23:17:55 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"));
    check_expiry(v, "td", "expiry td -> age=3600 browser_close=False", Some("expires=Mon, 30 Sep 2019 00:17:55 GMT; HttpOnly; Max-Age=3600; Path=/; SameSite=Lax"));
    check_expiry(v, "dt", "expiry dt -> age=86399 browser_close=False", Some("expires=Mon, 30 Sep 2019 23:17:54 GMT; HttpOnly; Max-Age=86399; Path=/; SameSite=Lax"));
    check_expiry(v, "-5", "expiry -5 -> age=-5 browser_close=False", Some("expires=Sun, 29 Sep 2019 23:17:50 GMT; HttpOnly; Max-Age=-5; Path=/; SameSite=Lax"));
    check_expiry(v, "abc", "ValueError: invalid literal for int() with base 10: 'abc'", None);
}

#[test] // Django 3.2 stores a datetime, which JSON cannot serialize: the response is a 500.
fn set_expiry_forms_32() {
    let v = DjangoVersion::V3_2;
    check_expiry(v, "60", "expiry 60 -> age=60 browser_close=False", Some("expires=Sun, 29 Sep 2019 23:18:55 GMT; HttpOnly; Max-Age=60; Path=/; SameSite=Lax"));
    check_expiry(v, "td", "TypeError: Object of type datetime is not JSON serializable", None);
    check_expiry(v, "dt", "TypeError: Object of type datetime is not JSON serializable", None);
}

#[test] // runserver writes the status line, Date and Server, then fails (runserver 5.2.19 / 3.2.25).
fn non_latin1_cookie_leaves_the_response_incomplete() {
    for (v, pos, frames) in [(DjangoVersion::V5_2, 209, 6), (DjangoVersion::V3_2, 168, 5)] {
        let mut s = server(v, |_| {});
        let ex = s.handle(&get("/session/eurocookie", None), SimTime::LECTURE);
        assert!(ex.response.incomplete);
        assert_eq!(ex.response.raw_head, "HTTP/1.1 200 OK\r\nDate: Sun, 29 Sep 2019 23:17:55 GMT\r\nServer: WSGIServer/0.2 CPython/3.11.7\r\n");
        assert_eq!(ex.console.len(), 1, "no access line");
        assert_eq!(ex.console[0].stream, Stream::Stderr);
        let tb = &ex.console[0].text;
        let last = format!("UnicodeEncodeError: 'latin-1' codec can't encode character '\\u20ac' in position {pos}: ordinal not in range(256)");
        assert_eq!(tb.lines().last(), Some(last.as_str()), "{tb}");
        assert_eq!(tb.matches("  File ").count(), frames, "{tb}");
    }
}

#[test]
fn startup_console_is_migrate_then_the_banner() {
    let s = server(DjangoVersion::V5_2, |_| {});
    let lines: Vec<String> = s.startup_console().into_iter().map(|l| l.text).collect();
    assert_eq!(lines[0], "Operations to perform:");
    assert!(lines.contains(&"  Applying sessions.0001_initial... OK".to_string()));
    let banner = lines.iter().position(|l| l == "Performing system checks...").unwrap();
    assert_eq!(
        &lines[banner..],
        [
            "Performing system checks...",
            "",
            "System check identified no issues (0 silenced).",
            "September 29, 2019 - 23:17:55",
            "Django version 5.2.19, using settings 'djproj.settings'",
            "Starting development server at http://127.0.0.1:8000/",
            "Quit the server with CONTROL-C.",
            "",
            "WARNING: This is a development server. Do not use it in a production setting. Use a production WSGI or ASGI server instead.",
            "For more information on production servers see: https://docs.djangoproject.com/en/5.2/howto/deployment/",
        ]
    );
    let s = server(DjangoVersion::V3_2, |_| {});
    assert_eq!(s.startup_console().last().unwrap().text, "Quit the server with CONTROL-C.");
}

#[test]
fn manage_and_sql() {
    let mut s = server(DjangoVersion::V5_2, |s| s.session_cookie_age = 60);
    s.handle(&get("/session/sessfun", None), SimTime::LECTURE);
    assert_eq!(s.sessions(SimTime::LECTURE).len(), 1);
    s.manage("clearsessions", SimTime::LECTURE.plus_secs(30)).unwrap();
    assert_eq!(s.sessions(SimTime::LECTURE.plus_secs(30)).len(), 1);
    assert!(s.sessions(SimTime::LECTURE.plus_secs(61))[0].expired);
    s.manage("clearsessions", SimTime::LECTURE.plus_secs(61)).unwrap();
    assert_eq!(s.sessions(SimTime::LECTURE.plus_secs(61)).len(), 0);
    let out = s.manage("migrate", SimTime::LECTURE).unwrap();
    assert_eq!(out.last().unwrap().text, "  No migrations to apply.");
    assert!(s.manage("runserver", SimTime::LECTURE).is_err());
    let r = s.sql("SELECT username FROM auth_user").unwrap();
    assert_eq!(r.rows[0][0].display(), "alice");
    assert!(s.sql("SELEC nonsense").is_err());
    assert!(s.database_file().unwrap().starts_with(b"SQLite format 3\0"));
}

#[test] // The messages cookie: set on one request, read and deleted on the next.
fn messages_cookie_round_trip() {
    let mut s = server(DjangoVersion::V5_2, |_| {});
    let ex = s.handle(&get("/session/message", None), SimTime::LECTURE);
    let value = session_cookie(&ex, "messages").unwrap();
    let ex = s.handle(&get("/session/messages", Some(&format!("messages={value}"))), SimTime::LECTURE);
    assert!(body(&ex).contains("<li class=\"success\">Hello from the messages framework</li>"));
    assert_eq!(set_cookies(&ex), vec!["messages=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"]);
}

#[test]
fn disallowed_host_is_a_400() {
    let mut s = server(DjangoVersion::V5_2, |s| s.allowed_hosts = vec!["example.com".into()]);
    let ex = s.handle(&get("/session/noop", None), SimTime::LECTURE);
    assert_eq!(ex.response.status, 400);
    assert_eq!(ex.console[0].text, "Invalid HTTP_HOST header: 'localhost:8000'. You may need to add 'localhost' to ALLOWED_HOSTS.");
    assert_eq!(ex.console[0].logger.as_deref(), Some("django.security.DisallowedHost"));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]
        #[test]
        fn handle_never_panics(
            method in "(GET|POST|HEAD|PUT|[A-Z]{0,6})",
            path in "/(session/)?[a-z0-9%/._-]{0,20}",
            query in "[a-z0-9=&%+]{0,12}",
            cookie in "[ -~]{0,40}",
            extra in proptest::collection::vec(("[A-Za-z-]{1,12}", "[ -~]{0,20}"), 0..4),
            body in proptest::collection::vec(any::<u8>(), 0..40),
            engine in 0usize..5,
        ) {
            let mut s = server(DjangoVersion::V5_2, |s| s.session_engine = SessionEngine::ALL[engine]);
            let mut req = get(&path, Some(&cookie));
            req.method = method;
            req.query = query;
            req.headers.extend(extra);
            req.body = body;
            let ex = s.handle(&req, SimTime::LECTURE);
            prop_assert!(ex.response.status >= 200);
        }
    }
}
