//! Signed cookies: the oracle's set_signed_cookie and get_signed_cookie cases of
//! vectors/set_cookie.json (Django 5.2.19, `SECRET_KEY` of the oracle project), and
//! Django 3.2's legacy salt. Needs the signing module (`Signer`).

mod common;
mod cookies_support;

use cookies_support::run_case;
use djsim::conf::DjangoVersion::{self, V3_2, V5_2};
use djsim::http::calls::apply_calls;
use djsim::http::response::{get_signed_cookie, CookieArgs, HttpResponse};
use djsim::signing::SigningError;
use djsim::time::SimTime;
use serde_json::Value;

/// `SECRET_KEY` of the oracle's djproj/settings.py.
const ORACLE_SECRET: &str = "oracle-secret-key-not-for-production-0123456789";
const SIGNED_AT: &str = "2019-09-29T23:17:55.591447Z";

fn now() -> SimTime {
    SimTime::parse_rfc3339(SIGNED_AT).unwrap()
}

fn error_text(e: &SigningError) -> String {
    match e {
        SigningError::BadSignature(m) => format!("BadSignature: {m}"),
        SigningError::SignatureExpired(m) => format!("SignatureExpired: {m}"),
        other => format!("{other:?}"),
    }
}

#[test] // Django 5.2.19, oracle set_cookie.json
fn vectors_set_signed_cookie() {
    let v = common::vectors("set_cookie.json");
    let cases = v["set_signed_cookie"].as_array().expect("set_signed_cookie");
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c, Some(ORACLE_SECRET)).err()).collect();
    eprintln!("set_cookie.json: {} set_signed_cookie cases checked", cases.len());
    assert!(!cases.is_empty());
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// The oracle's `get_signed_cookie('sig', salt='lecture', max_age=…)` at the time the
/// value was signed; `age` names the `max_age`.
#[test] // Django 5.2.19, oracle set_cookie.json
fn vectors_get_signed_cookie() {
    let v = common::vectors("set_cookie.json");
    let cases = v["get_signed_cookie"].as_array().expect("get_signed_cookie");
    let mut failures = Vec::new();
    for c in cases {
        let label = format!("{} / {}", c["case"], c["age"]);
        let max_age = match c["age"].as_str() {
            Some("fresh") => None,
            Some(a) => match a.strip_prefix("fresh_max_age_").and_then(|s| s.parse::<f64>().ok()) {
                Some(m) => Some(m),
                None => {
                    failures.push(format!("{label}: unknown age"));
                    continue;
                }
            },
            None => None,
        };
        let cookies = vec![("sig".to_string(), c["cookie_value"].as_str().unwrap_or_default().to_string())];
        let fallback = c["legacy_salt_fallback"].as_bool().unwrap_or(true);
        let got = get_signed_cookie(&cookies, "sig", "lecture", ORACLE_SECRET, &[], max_age, fallback, V5_2, now());
        let ok = match (&got, c["ok"].as_bool()) {
            (Ok(value), Some(true)) => value == c["value"].as_str().unwrap_or_default(),
            (Err(e), Some(false)) => error_text(e) == c["error"].as_str().unwrap_or_default(),
            _ => false,
        };
        if !ok {
            failures.push(format!("{label}: expected {}, got {got:?}", if c["ok"] == true { &c["value"] } else { &c["error"] }));
        }
    }
    eprintln!("set_cookie.json: {} get_signed_cookie cases checked", cases.len());
    assert!(!cases.is_empty());
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// The oracle's values: signed at `SIGNED_AT` with the v2 salt and with the legacy one.
const V2_VALUE: &str = "hello world:1iEiRv:oCYPSazmHYt5EKJw7JUo7aGkDFsfzIcpGAW6M4vwtRA";
const LEGACY_VALUE: &str = "hello world:1iEiRv:o7DUxnxjNBVgCsacVnrrIEoX-_yjbTwr2sQOTjGdtWk";

#[track_caller]
fn check_set(version: DjangoVersion, calls: &str, expected: &[&str]) {
    let calls: Value = serde_json::from_str(calls).unwrap();
    assert_eq!(apply_calls(&calls, now(), Some(ORACLE_SECRET), version).unwrap(), expected, "{calls}");
}

#[test]
fn django_32_signs_with_key_plus_salt() {
    check_set(V3_2, r#"{"method": "set_signed_cookie", "key": "sig", "value": "hello world", "salt": "lecture"}"#, &[&format!("sig=\"{LEGACY_VALUE}\"; Path=/")]);
    check_set(V5_2, r#"{"method": "set_signed_cookie", "key": "sig", "value": "hello world", "salt": "lecture"}"#, &[&format!("sig=\"{V2_VALUE}\"; Path=/")]);
    let mut r = HttpResponse::new("");
    r.set_signed_cookie("sig", "hello world", "lecture", ORACLE_SECRET, V3_2, &CookieArgs::default(), now()).unwrap();
    assert_eq!(r.morsel("sig").unwrap().value, LEGACY_VALUE);
}

#[test]
fn signed_cookie_keeps_set_cookie_arguments() {
    check_set(
        V5_2,
        r#"{"method": "set_signed_cookie", "key": "sig", "value": "hello world", "salt": "lecture", "max_age": 60, "httponly": true}"#,
        &[&format!("sig=\"{V2_VALUE}\"; expires=Sun, 29 Sep 2019 23:18:55 GMT; HttpOnly; Max-Age=60; Path=/")],
    );
}

#[track_caller]
fn check_get(version: DjangoVersion, value: &str, max_age: Option<f64>, fallback: bool, at: SimTime, expected: Result<&str, &str>) {
    let cookies = vec![("sig".to_string(), value.to_string())];
    let got = get_signed_cookie(&cookies, "sig", "lecture", ORACLE_SECRET, &[], max_age, fallback, version, at);
    match (got, expected) {
        (Ok(v), Ok(e)) => assert_eq!(v, e),
        (Err(err), Err(prefix)) => assert!(error_text(&err).starts_with(prefix), "{err:?} should start with {prefix}"),
        (got, expected) => panic!("expected {expected:?}, got {got:?}"),
    }
}

#[test]
fn get_signed_cookie_rules() {
    let later = now().plus_secs(120);
    // 3.2 reads only the legacy salt.
    check_get(V3_2, LEGACY_VALUE, None, true, now(), Ok("hello world"));
    check_get(V3_2, V2_VALUE, None, true, now(), Err("BadSignature"));
    // An expired v2 value is SignatureExpired: no legacy attempt (README §4).
    check_get(V5_2, V2_VALUE, Some(60.0), true, later, Err("SignatureExpired"));
    // An expired legacy value: the v2 attempt fails, the legacy one reports the age.
    check_get(V5_2, LEGACY_VALUE, Some(60.0), true, later, Err("SignatureExpired"));
    check_get(V5_2, LEGACY_VALUE, Some(60.0), false, later, Err("BadSignature"));
    // No max_age: age is not checked.
    check_get(V5_2, V2_VALUE, None, false, later, Ok("hello world"));
}

#[test]
fn get_signed_cookie_with_rotated_secret() {
    let cookies = vec![("sig".to_string(), V2_VALUE.to_string())];
    let fallbacks = vec![ORACLE_SECRET.to_string()];
    let got = get_signed_cookie(&cookies, "sig", "lecture", "a-new-secret", &fallbacks, None, false, V5_2, now());
    assert_eq!(got, Ok("hello world".to_string()));
}

#[test]
fn missing_cookie_is_key_error() {
    let got = get_signed_cookie(&[], "sig", "lecture", ORACLE_SECRET, &[], None, true, V5_2, now());
    assert_eq!(got, Err(SigningError::BadPayload("KeyError: 'sig'".into())));
}
