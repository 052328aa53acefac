//! Shared by the `stories_*` tests: runs a scenario of `tests/scenarios/` through
//! `djsim run` (the CLI as a library function, the whole World) and reads its
//! transcript the way a person reads it: the jar, the `Cookie` header sent, the page,
//! the `django_session` rows, the server's console.
//!
//! Steps are found by their `"note"` (every step of a story scenario has one, so the
//! files read as lessons and the tests as sentences): `"cross-site POST"` is the
//! transcript entry whose `step` is that step's number. A step that made several
//! requests (a redirect) has one entry per hop; "the response" is the last hop's.
#![allow(dead_code)]

use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

/// A scenario of `tests/scenarios/` and the transcript `djsim run` made of it.
pub struct Story {
    pub name: String,
    pub scenario: Json,
    pub transcript: Json,
}

/// Whether a cookie is expected somewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Is {
    Present,
    Absent,
}
#[allow(unused_imports)]
pub use Is::{Absent, Present};

pub fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// Every story scenario file, sorted by name.
pub fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("tests/scenarios exists")
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Runs `djsim run -` on a scenario's text, as the binary would.
pub fn djsim_run(text: &str) -> Result<Json, djsim::cli::CliError> {
    let args = vec!["run".to_string(), "-".to_string()];
    let out = djsim::cli::main(&args, &mut |_| Ok(text.to_string()))?;
    Ok(serde_json::from_str(&out).expect("djsim run prints JSON"))
}

/// `tests/scenarios/<name>.json`, run once per test binary.
pub fn story(name: &str) -> &'static Story {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Story>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(s) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return s;
    }
    let path = scenarios_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let scenario: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let transcript = djsim_run(&text).unwrap_or_else(|e| panic!("djsim run {name}.json failed: {e:?}"));
    let s: &'static Story = Box::leak(Box::new(Story { name: name.to_string(), scenario, transcript }));
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(name.to_string(), s);
    s
}

impl Story {
    /// The 1-based step number of the step whose `note` is `note`.
    #[track_caller]
    pub fn step_no(&self, note: &str) -> usize {
        let steps = self.scenario["steps"].as_array().expect("a scenario has steps");
        let i = steps.iter().position(|s| s["note"] == note);
        i.unwrap_or_else(|| panic!("{}.json has no step noted {note:?}", self.name)) + 1
    }

    /// Every transcript entry of that step (one per hop of a request).
    #[track_caller]
    pub fn entries(&self, note: &str) -> Vec<&Json> {
        let n = self.step_no(note);
        let all = self.transcript["steps"].as_array().expect("a transcript has steps");
        let found: Vec<&Json> = all.iter().filter(|e| e["step"] == n).collect();
        assert!(!found.is_empty(), "{}: step {n} ({note:?}) has no transcript entry", self.name);
        found
    }

    /// The step's last transcript entry (the final hop of a request).
    #[track_caller]
    pub fn entry(&self, note: &str) -> &Json {
        self.entries(note).pop().expect("entries is not empty")
    }

    /// Hop `hop` of a request step (0: the request itself).
    #[track_caller]
    pub fn hop(&self, note: &str, hop: usize) -> &Json {
        let entries = self.entries(note);
        let found = entries.iter().find(|e| e.get("hop").and_then(Json::as_u64).unwrap_or(0) == hop as u64);
        found.unwrap_or_else(|| panic!("{}: step {note:?} has no hop {hop}", self.name))
    }

    /// `browser`'s jar after the step: name → cookie.
    #[track_caller]
    pub fn jar(&self, note: &str, browser: &str) -> Vec<&Json> {
        let entry = self.entry(note);
        entry["cookies"].get(browser).and_then(Json::as_array).map(|a| a.iter().collect()).unwrap_or_default()
    }

    pub fn cookie(&self, note: &str, browser: &str, name: &str) -> Option<&Json> {
        self.jar(note, browser).into_iter().find(|c| c["name"] == name)
    }

    /// The value of the `Cookie` header an entry's request carried.
    pub fn cookie_header(entry: &Json) -> Option<&str> {
        let headers = entry["request"]["headers"].as_array()?;
        headers.iter().find(|h| h[0] == "Cookie").and_then(|h| h[1].as_str())
    }

    /// The cookie names in that header, in order.
    pub fn cookie_names(entry: &Json) -> Vec<String> {
        Story::cookie_header(entry)
            .map(|h| h.split("; ").map(|p| p.split('=').next().unwrap_or("").to_string()).collect())
            .unwrap_or_default()
    }

    pub fn body(entry: &Json) -> &str {
        entry["response"]["body"].as_str().unwrap_or("")
    }

    /// The `django_session` rows after the step.
    #[track_caller]
    pub fn rows(&self, note: &str) -> Vec<&Json> {
        self.entry(note)["sessions"].as_array().map(|a| a.iter().collect()).unwrap_or_default()
    }

    /// The row whose key is `browser`'s sessionid after the step.
    #[track_caller]
    pub fn row_of(&self, note: &str, browser: &str) -> Option<&Json> {
        let key = self.cookie(note, browser, "sessionid")?["value"].as_str()?.to_string();
        self.rows(note).into_iter().find(|r| r["session_key"] == key.as_str())
    }

    /// The console lines printed while handling the step's requests, all hops.
    #[track_caller]
    pub fn log(&self, note: &str) -> String {
        let mut out = String::new();
        for e in self.entries(note) {
            for line in e["log"].as_array().into_iter().flatten() {
                out.push_str(line.as_str().unwrap_or(""));
                out.push('\n');
            }
        }
        out
    }
}

/// `cookie` is (or is not) in `browser`'s jar after the step.
#[track_caller]
pub fn check_jar(story: &str, note: &str, browser: &str, cookie: &str, is: Is) {
    let s = self::story(story);
    let found = s.cookie(note, browser, cookie).is_some();
    let names: Vec<&str> = s.jar(note, browser).iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(found, is == Present, "{story}, after {note:?}: {cookie} should be {is:?} in {browser}'s jar, which holds {names:?}");
}

/// The step's request (hop `hop`) sent (or did not send) `cookie` in its `Cookie` header.
#[track_caller]
pub fn check_sent_at_hop(story: &str, note: &str, hop: usize, cookie: &str, is: Is) {
    let s = self::story(story);
    let e = s.hop(note, hop);
    let names = Story::cookie_names(e);
    let listed: Vec<&str> = e["cookies_sent"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
    assert_eq!(names.iter().any(|n| n == cookie), is == Present, "{story}, {note:?} hop {hop}: {cookie} should be {is:?} in the Cookie header {:?}", Story::cookie_header(e));
    assert_eq!(listed.contains(&cookie), is == Present, "{story}, {note:?} hop {hop}: cookies_sent {listed:?} disagrees with the Cookie header");
}

/// The step's request sent (or did not send) `cookie` (the first hop, the request
/// the step made).
#[track_caller]
pub fn check_sent(story: &str, note: &str, cookie: &str, is: Is) {
    check_sent_at_hop(story, note, 0, cookie, is)
}

/// The step's request went with exactly this `Cookie` header (`None`: none at all).
#[track_caller]
pub fn check_cookie_header(story: &str, note: &str, header: Option<&str>) {
    let s = self::story(story);
    let e = s.hop(note, 0);
    assert_eq!(Story::cookie_header(e), header, "{story}, {note:?}: the Cookie header");
}

/// The step's request sent these cookies, in this order.
#[track_caller]
pub fn check_cookie_order(story: &str, note: &str, names: &[&str]) {
    let s = self::story(story);
    let e = s.hop(note, 0);
    assert_eq!(Story::cookie_names(e), names, "{story}, {note:?}: the cookies in the Cookie header, in order");
}

/// `cookie` was held back from the step's request with exactly these DevTools reasons,
/// the first of them being the transcript's `reason` (`&[]`: not listed as blocked).
#[track_caller]
pub fn check_blocked(story: &str, note: &str, cookie: &str, reasons: &[&str]) {
    let s = self::story(story);
    let e = s.hop(note, 0);
    let blocked = e["cookies_blocked"].as_array().cloned().unwrap_or_default();
    let found = blocked.iter().find(|b| b["name"] == cookie);
    match (found, reasons) {
        (None, []) => {}
        (Some(b), [first, ..]) => {
            let got: Vec<&str> = b["reasons"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
            assert_eq!(got, reasons, "{story}, {note:?}: why {cookie} was not sent");
            assert_eq!(b["reason"], *first, "{story}, {note:?}: the reason shown for {cookie}");
        }
        _ => panic!("{story}, {note:?}: {cookie} blocked as {found:?}, expected reasons {reasons:?}; all blocked: {blocked:?}"),
    }
}

/// A `Set-Cookie` for `cookie` in the step's response was rejected for `reason`
/// (`None`: no `Set-Cookie` of that name was rejected).
#[track_caller]
pub fn check_rejected(story: &str, note: &str, cookie: &str, reason: Option<&str>) {
    let s = self::story(story);
    let mut got = None;
    for e in s.entries(note) {
        for r in e["set_cookies_rejected"].as_array().into_iter().flatten() {
            let header = r["header"].as_str().unwrap_or("");
            if header.split(['=', ';']).next().map(str::trim) == Some(cookie) {
                got = r["reason"].as_str();
            }
        }
    }
    assert_eq!(got, reason, "{story}, {note:?}: the rejection of a Set-Cookie for {cookie}");
}

/// The page the step's request ended on (the last hop) has status `status` and body `body`.
#[track_caller]
pub fn check_page(story: &str, note: &str, status: u64, body: &str) {
    let s = self::story(story);
    let e = s.entry(note);
    assert_eq!((e["response"]["status"].as_u64(), Story::body(e)), (Some(status), body), "{story}, {note:?}: the page");
}

/// The step's last response has status `status` and its body contains `text`.
#[track_caller]
pub fn check_page_contains(story: &str, note: &str, status: u64, text: &str) {
    let s = self::story(story);
    let e = s.entry(note);
    assert_eq!(e["response"]["status"].as_u64(), Some(status), "{story}, {note:?}: status");
    assert!(Story::body(e).contains(text), "{story}, {note:?}: the body should contain {text:?}; it starts {:?}", &Story::body(e)[..Story::body(e).len().min(300)]);
}

/// The server's console, while it handled the step, printed a line containing `text`.
#[track_caller]
pub fn check_log_contains(story: &str, note: &str, text: &str) {
    let log = story_log(story, note);
    assert!(log.contains(text), "{story}, {note:?}: the console should contain {text:?}; it holds:\n{log}");
}

fn story_log(story: &str, note: &str) -> String {
    self::story(story).log(note)
}

/// The `django_session` table after the step holds rows whose decoded data are
/// exactly these, in order.
#[track_caller]
pub fn check_rows(story: &str, note: &str, decoded: &[&str]) {
    let s = self::story(story);
    let got: Vec<String> = s.rows(note).iter().map(|r| r["decoded"].to_string()).collect();
    let want: Vec<String> = decoded.iter().map(|d| serde_json::from_str::<Json>(d).expect("valid JSON").to_string()).collect();
    assert_eq!(got, want, "{story}, after {note:?}: the decoded django_session rows");
}

/// The row of `browser`'s sessionid after the step decodes to `decoded`.
#[track_caller]
pub fn check_row_of(story: &str, note: &str, browser: &str, decoded: &str) {
    let s = self::story(story);
    let row = s.row_of(note, browser).unwrap_or_else(|| panic!("{story}, after {note:?}: no row for {browser}'s sessionid"));
    let want: Json = serde_json::from_str(decoded).expect("valid JSON");
    assert_eq!(row["decoded"], want, "{story}, after {note:?}: {browser}'s session");
}

/// `cookie` has the same value in the jars of `a` and `b` after the step (or not).
#[track_caller]
pub fn check_same_cookie(story: &str, note: &str, a: &str, b: &str, cookie: &str, same: bool) {
    let s = self::story(story);
    let va = s.cookie(note, a, cookie).map(|c| c["value"].clone());
    let vb = s.cookie(note, b, cookie).map(|c| c["value"].clone());
    assert!(va.is_some() && vb.is_some(), "{story}, after {note:?}: both {a} and {b} should hold {cookie}");
    assert_eq!(va == vb, same, "{story}, after {note:?}: {a}'s {cookie} {va:?} and {b}'s {vb:?}");
}

/// `cookie` in `browser`'s jar after the step has this attribute (a field of the
/// transcript's cookie object: `expires`, `domain`, `host_only`, `same_site`, …).
#[track_caller]
pub fn check_cookie_field(story: &str, note: &str, browser: &str, cookie: &str, field: &str, value: Json) {
    let s = self::story(story);
    let c = s.cookie(note, browser, cookie).unwrap_or_else(|| panic!("{story}, after {note:?}: {cookie} is not in {browser}'s jar"));
    assert_eq!(c[field], value, "{story}, after {note:?}: {browser}'s {cookie}.{field}");
}

/// A non-request step's own transcript field (`document_cookie`, `now`, …).
#[track_caller]
pub fn check_step_field(story: &str, note: &str, field: &str, value: Json) {
    let s = self::story(story);
    assert_eq!(s.entry(note)[field], value, "{story}, {note:?}: {field}");
}
