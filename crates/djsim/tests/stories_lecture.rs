//! The lecture's stories about cookies and sessions, each a scenario of
//! `tests/scenarios/` run through `djsim run` and read as a person would read the
//! transcript: what the jar holds, what the browser sent, what the page said, which
//! rows `django_session` holds.
//!
//! Django's rules are quoted from the oracle's README (§7, SessionMiddleware) and
//! Chromium's from `../shared/notes-chromium-cookies.md`.

mod stories_support;

use serde_json::json;
use stories_support::*;

// ---------------------------------------------------------------------------
// 1. browser_close.json: "No expired date = until browser close"; max_age=1000
//    "seconds until expire". Chromium: "A normal browser close drops session
//    cookies and keeps persistent ones".

#[test]
fn cookie_view_sets_zap_and_sakaicar() {
    check_jar("browser_close", "set zap and sakaicar", "A", "zap", Present);
    check_jar("browser_close", "set zap and sakaicar", "A", "sakaicar", Present);
    check_cookie_field("browser_close", "set zap and sakaicar", "A", "zap", "expires", json!(null));
    check_cookie_field("browser_close", "set zap and sakaicar", "A", "sakaicar", "expires", json!("2019-09-29T23:34:35Z"));
}

#[test]
fn both_cookies_go_back_before_close() {
    check_cookie_header("browser_close", "both go back", Some("zap=42; sakaicar=42"));
    check_page("browser_close", "both go back", 200, "In a view - the zap cookie value is 42");
}

#[test]
fn zap_is_gone_after_closing_the_browser() {
    check_jar("browser_close", "close the browser", "A", "zap", Absent);
}

#[test]
fn sakaicar_survives_closing_the_browser() {
    check_jar("browser_close", "close the browser", "A", "sakaicar", Present);
}

#[test]
fn after_reopening_only_sakaicar_goes_back() {
    check_cookie_header("browser_close", "reopen: only sakaicar goes back", Some("sakaicar=42"));
    check_page("browser_close", "reopen: only sakaicar goes back", 200, "In a view - the zap cookie value is None");
}

#[test]
fn sakaicar_is_still_sent_at_999_seconds() {
    check_sent("browser_close", "sakaicar still sent at +999 s", "sakaicar", Present);
    check_jar("browser_close", "+999 s after sakaicar was last set", "A", "sakaicar", Present);
}

#[test]
fn sakaicar_is_gone_at_1000_seconds() {
    check_jar("browser_close", "+1000 s", "A", "sakaicar", Absent);
    check_cookie_header("browser_close", "sakaicar gone at +1000 s", None);
}

// ---------------------------------------------------------------------------
// 2. two_weeks.json: SESSION_COOKIE_AGE = 1209600. "If no row is found (unknown or
//    expired), the session key is set to None … The stale row stays until
//    clearsessions, which … deletes rows with expire_date < now."

#[test]
fn sessionid_lasts_two_weeks() {
    check_cookie_field("two_weeks", "first visit", "A", "sessionid", "expires", json!("2019-10-13T23:17:55Z"));
    check_sent("two_weeks", "sessionid still sent", "sessionid", Present);
}

#[test]
fn sessionid_is_gone_from_the_jar_after_two_weeks() {
    check_jar("two_weeks", "two weeks", "A", "sessionid", Absent);
}

#[test]
fn after_two_weeks_the_server_starts_a_new_session() {
    check_sent("two_weeks", "new session", "sessionid", Absent);
    check_page("two_weeks", "new session", 200, "view count=1");
}

#[test]
fn the_old_row_stays_beside_the_new_one() {
    check_rows("two_weeks", "new session", &[r#"{"num_visits": 2}"#, r#"{"num_visits": 1}"#]);
    check_row_of("two_weeks", "new session", "A", r#"{"num_visits": 1}"#);
}

/// `clear_expired` deletes `expire_date < now`: not yet at the very second.
#[test]
fn clearsessions_at_the_moment_of_expiry_keeps_the_row() {
    check_rows("two_weeks", "clearsessions at the moment of expiry", &[r#"{"num_visits": 2}"#, r#"{"num_visits": 1}"#]);
}

#[test]
fn clearsessions_removes_the_expired_row() {
    check_rows("two_weeks", "clearsessions", &[r#"{"num_visits": 1}"#]);
    check_row_of("two_weeks", "clearsessions", "A", r#"{"num_visits": 1}"#);
}

// ---------------------------------------------------------------------------
// 3. two_browsers.json: each browser its own jar, its own sessionid, its own row.

#[test]
fn two_browsers_have_two_sessions() {
    check_rows("two_browsers", "B visits", &[r#"{"num_visits": 3}"#, r#"{"num_visits": 1}"#]);
    check_same_cookie("two_browsers", "B visits", "A", "B", "sessionid", false);
}

#[test]
fn two_browsers_count_independently() {
    check_page("two_browsers", "A a third time", 200, "view count=3");
    check_page("two_browsers", "B visits", 200, "view count=1");
    check_page("two_browsers", "A a fourth time", 200, "view count=4");
    check_page("two_browsers", "B again", 200, "view count=2");
    check_row_of("two_browsers", "B again", "A", r#"{"num_visits": 4}"#);
    check_row_of("two_browsers", "B again", "B", r#"{"num_visits": 2}"#);
}

#[test]
fn b_first_visit_sends_no_cookie() {
    check_cookie_header("two_browsers", "B visits", None);
}

// ---------------------------------------------------------------------------
// 4. stolen_session.json and tampering.json.

#[test]
fn a_copied_sessionid_is_the_same_cookie() {
    check_same_cookie("stolen_session", "B steals A's cookie", "A", "B", "sessionid", true);
    check_rows("stolen_session", "B steals A's cookie", &[r#"{"num_visits": 2}"#]);
}

#[test]
fn the_thief_continues_the_victims_count() {
    check_sent("stolen_session", "B continues A's count", "sessionid", Present);
    check_page("stolen_session", "B continues A's count", 200, "view count=3");
    check_rows("stolen_session", "B continues A's count", &[r#"{"num_visits": 3}"#]);
}

#[test]
fn the_victim_sees_the_thiefs_visit() {
    check_page("stolen_session", "A sees B's visit", 200, "view count=4");
    check_rows("stolen_session", "A sees B's visit", &[r#"{"num_visits": 4}"#]);
}

/// "a key shorter than 8 characters or empty, even on views that never touch the
/// session" → `delete_cookie`.
#[test]
fn a_short_sessionid_is_deleted_even_by_noop() {
    check_sent("tampering", "noop deletes it", "sessionid", Present);
    check_page("tampering", "noop deletes it", 200, "noop");
    check_jar("tampering", "noop deletes it", "A", "sessionid", Absent);
}

#[test]
fn after_a_short_sessionid_the_count_starts_over() {
    check_page("tampering", "A starts over", 200, "view count=1");
    check_rows("tampering", "A starts over", &[r#"{"num_visits": 2}"#, r#"{"num_visits": 1}"#]);
}

/// "an unknown or expired key when the view read the session" → `delete_cookie`.
#[test]
fn an_unknown_sessionid_is_deleted_by_a_view_that_reads_the_session() {
    check_page("tampering", "peek deletes it", 200, "num_visits=None");
    check_jar("tampering", "peek deletes it", "A", "sessionid", Absent);
}

/// "a tampered or unknown key never gets a row under that name": the view's write
/// saves the data under a new key.
#[test]
fn an_unknown_sessionid_is_replaced_by_a_view_that_writes() {
    check_sent("tampering", "sessfun replaces it", "sessionid", Present);
    check_page("tampering", "sessfun replaces it", 200, "view count=1");
    check_jar("tampering", "sessfun replaces it", "A", "sessionid", Present);
    check_row_of("tampering", "sessfun replaces it", "A", r#"{"num_visits": 1}"#);
    let s = story("tampering");
    let key = s.cookie("sessfun replaces it", "A", "sessionid").unwrap()["value"].as_str().unwrap();
    assert_ne!(key, "thisisnotasessionkeyatall");
    assert!(s.rows("sessfun replaces it").iter().all(|r| r["session_key"] != "thisisnotasessionkeyatall"));
}

#[test]
fn a_zap_that_is_not_a_number_makes_cookie2_fail() {
    check_sent("tampering", "cookie2 fails", "zap", Present);
    check_page_contains("tampering", "cookie2 fails", 500, "ValueError");
    check_log_contains("tampering", "cookie2 fails", "'zap': 'abc'");
    check_log_contains("tampering", "cookie2 fails", "Internal Server Error: /session/cookie2");
    check_log_contains("tampering", "cookie2 fails", "ValueError: invalid literal for int() with base 10: 'abc'");
    check_log_contains("tampering", "cookie2 fails", "\"GET /session/cookie2 HTTP/1.1\" 500");
}

#[test]
fn a_500_sets_no_cookie() {
    check_jar("tampering", "cookie2 fails", "A", "zap", Present);
    check_cookie_field("tampering", "cookie2 fails", "A", "zap", "value", json!("abc"));
}

// ---------------------------------------------------------------------------
// 9. legacy_sha1.json: Django 3.2 with DEFAULT_HASHING_ALGORITHM = 'sha1' writes
//    base64("<hmac-sha1 hex>:<json>") (oracle README §2).

/// Golden value computed outside djsim (Python's hashlib/hmac, Django 3.2's
/// `SessionBase._hash`): key = sha1("django.contrib.sessionsSessionStore" +
/// "lecture-secret"), hmac-sha1 of `{"num_visits":2}`.
const LECTURE_HASH_2: &str = "120d37e3f4970d91623926ff72242239b050baaf";

#[track_caller]
fn check_legacy_row(note: &str, json_text: &str, hash: Option<&str>) {
    use base64::Engine;
    let s = story("legacy_sha1");
    let rows = s.rows(note);
    assert_eq!(rows.len(), 1, "legacy_sha1, {note:?}: one row");
    let data = rows[0]["session_data"].as_str().unwrap();
    assert!(!data.contains(':'), "legacy_sha1, {note:?}: {data:?} is not the legacy base64 format");
    let raw = base64::engine::general_purpose::STANDARD.decode(data).expect("legacy session_data is base64");
    let raw = String::from_utf8(raw).expect("utf-8");
    let (h, payload) = raw.split_once(':').expect("<hash>:<json>");
    assert_eq!(payload, json_text, "legacy_sha1, {note:?}: the payload");
    assert!(h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()), "legacy_sha1, {note:?}: {h:?} is a SHA-1 hex digest");
    if let Some(hash) = hash {
        assert_eq!(h, hash, "legacy_sha1, {note:?}: the hash");
    }
}

#[test]
fn django32_sha1_writes_the_legacy_format() {
    check_legacy_row("first visit", r#"{"num_visits":1}"#, None);
    check_legacy_row("second visit", r#"{"num_visits":2}"#, Some(LECTURE_HASH_2));
}

#[test]
fn django32_sha1_decodes_its_legacy_rows() {
    check_rows("legacy_sha1", "first visit", &[r#"{"num_visits": 1}"#]);
    check_page("legacy_sha1", "second visit", 200, "view count=2");
    check_rows("legacy_sha1", "second visit", &[r#"{"num_visits": 2}"#]);
}

/// Django ≥ 4.0 reads only the signed format: "Session data corrupted", `{}`, and
/// the count starts over under the same key (the row was found, its data was not).
#[test]
fn django52_cannot_read_the_lectures_legacy_row() {
    check_rows("legacy_row_dj52", "paste the slide's row", &["{}"]);
    check_log_contains("legacy_row_dj52", "next visit", "Session data corrupted");
    check_page("legacy_row_dj52", "next visit", 200, "view count=1");
    check_same_sessionid_across("legacy_row_dj52", "first visit", "next visit");
}

/// Django 3.2 falls back to the legacy decoder, then saves in the signed format.
#[test]
fn django32_reads_the_lectures_legacy_row_and_rewrites_it() {
    check_rows("legacy_row_dj32", "paste the slide's row", &[r#"{"num_visits": 2}"#]);
    check_page("legacy_row_dj32", "next visit", 200, "view count=3");
    let s = story("legacy_row_dj32");
    let data = s.rows("next visit")[0]["session_data"].as_str().unwrap().to_string();
    assert_eq!(data.matches(':').count(), 2, "3.2 saves the signed format (payload:timestamp:signature), got {data:?}");
}

// SESSION_EXPIRE_AT_BROWSER_CLOSE: "no Max-Age or expires at all if
// get_expire_at_browser_close()" (oracle README §7).

#[test]
fn expire_at_browser_close_makes_sessionid_a_session_cookie() {
    check_cookie_field("expire_at_browser_close", "first visit", "A", "sessionid", "expires", json!(null));
    check_page("expire_at_browser_close", "second visit", 200, "view count=2");
}

#[test]
fn expire_at_browser_close_ends_the_session_on_close() {
    check_jar("expire_at_browser_close", "close the browser", "A", "sessionid", Absent);
    check_page("expire_at_browser_close", "after reopening", 200, "view count=1");
    check_rows("expire_at_browser_close", "after reopening", &[r#"{"num_visits": 2}"#, r#"{"num_visits": 1}"#]);
}

#[track_caller]
fn check_same_sessionid_across(story_name: &str, before: &str, after: &str) {
    let s = story(story_name);
    let a = s.cookie(before, "A", "sessionid").map(|c| c["value"].clone());
    let b = s.cookie(after, "A", "sessionid").map(|c| c["value"].clone());
    assert!(a.is_some() && a == b, "{story_name}: A's sessionid changed from {a:?} to {b:?}");
}
