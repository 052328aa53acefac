//! Every case of the oracle's vectors/set_cookie.json (Django 5.2.19) that needs no
//! signature, driven through `djsim cookie set`'s engine, plus one-line cases for what
//! the vectors do not show (Django 3.2, Python's odd corners).

mod common;
mod cookies_support;

use cookies_support::run_case;
use djsim::conf::DjangoVersion;
use djsim::http::calls::{apply_calls, CallError};
use djsim::http::response::{cookie_signer_legacy_salt, cookie_signer_salt};
use djsim::time::SimTime;
use serde_json::{json, Value};

fn check_vector_list(name: &str) {
    let v = common::vectors("set_cookie.json");
    let cases = v[name].as_array().unwrap_or_else(|| panic!("set_cookie.json has no {name}"));
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c, None).err()).collect();
    eprintln!("set_cookie.json: {} {name} cases checked", cases.len());
    assert!(failures.is_empty(), "{} of {} {name} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test] // Django 5.2.19, oracle set_cookie.json
fn vectors_fractional_time() {
    check_vector_list("cases_fractional_time");
}

#[test] // Django 5.2.19, oracle set_cookie.json
fn vectors_whole_second_time() {
    check_vector_list("cases_whole_second_time");
}

#[test] // Django 5.2.19, oracle set_cookie.json
fn vectors_signed_cookie_salts() {
    let v = common::vectors("set_cookie.json");
    let cases = v["signed_cookie_salts"].as_array().expect("signed_cookie_salts");
    let mut failures = Vec::new();
    for c in cases {
        let (name, salt) = (c["cookie_name"].as_str().unwrap_or_default(), c["salt"].as_str().unwrap_or_default());
        let v2 = cookie_signer_salt(name, salt, DjangoVersion::V5_2);
        let legacy = cookie_signer_legacy_salt(name, salt);
        if v2 != c["signer_salt_v2"] || legacy != c["signer_salt_legacy"] || cookie_signer_salt(name, salt, DjangoVersion::V3_2) != legacy {
            failures.push(format!("{name}/{salt}: got {v2:?} and {legacy:?}"));
        }
    }
    eprintln!("set_cookie.json: {} signed_cookie_salts cases checked", cases.len());
    assert!(failures.is_empty() && !cases.is_empty(), "{failures:#?}");
}

const LECTURE_FRACTION: &str = "2019-09-29T23:17:55.591447Z";

#[track_caller]
fn check_calls(version: DjangoVersion, now: &str, calls: &str, expected: &[&str]) {
    let now = SimTime::parse_rfc3339(now).unwrap();
    let calls: Value = serde_json::from_str(calls).unwrap();
    match apply_calls(&calls, now, None, version) {
        Ok(got) => assert_eq!(got, expected, "{calls}"),
        Err(e) => panic!("{calls}: {e}"),
    }
}

#[track_caller]
fn check_error(version: DjangoVersion, calls: &str, expected: &str) {
    let now = SimTime::parse_rfc3339(LECTURE_FRACTION).unwrap();
    let calls: Value = serde_json::from_str(calls).unwrap();
    match apply_calls(&calls, now, None, version) {
        Ok(got) => panic!("{calls}: expected the error {expected:?}, got {got:?}"),
        Err(e) => assert_eq!(e.to_string(), expected, "{calls}"),
    }
}

use DjangoVersion::{V3_2, V5_2};

// Values as Python's str() prints them (README §5: "The value written is str(value)").
#[test]
fn values_are_python_str() {
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v", "value": null}"#, &["v=None; Path=/"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v", "value": false}"#, &["v=False; Path=/"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v", "value": 1e-7}"#, &["v=1e-07; Path=/"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v", "value": ["x", 1]}"#, &[r#"v="['x'\054 1]"; Path=/"#]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v", "value": {"a": 1}}"#, &[r#"v="{'a': 1}"; Path=/"#]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v"}"#, &[r#"v=""; Path=/"#]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "v", "value": "\u007f"}"#, &[r#"v="\177"; Path=/"#]);
}

// Flags follow Python's truthiness; path/domain None vs "".
#[test]
fn flags_and_attributes() {
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "s", "value": 1, "secure": "yes", "httponly": 0}"#, &["s=1; Path=/; Secure"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "s", "value": 1, "secure": [], "httponly": {}}"#, &["s=1; Path=/"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "s", "value": 1, "path": "", "domain": null}"#, &["s=1"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "s", "value": 1, "samesite": "STRICT"}"#, &["s=1; Path=/; SameSite=STRICT"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "s", "value": 1, "samesite": null}"#, &["s=1; Path=/"]);
    check_calls(V5_2, LECTURE_FRACTION, r#"{"key": "s", "value": 1, "path": 0}"#, &["s=1; Path=0"]);
}

// README §5: "Calling set_cookie again for the same name reuses the old attributes."
#[test]
fn second_set_cookie_keeps_attributes_but_resets_expires() {
    check_calls(
        V5_2,
        LECTURE_FRACTION,
        r#"[{"key": "a", "value": 1, "expires": "tomorrow", "path": "/p", "secure": true}, {"key": "a", "value": 2, "path": null}]"#,
        &["a=2; Path=/p; Secure"],
    );
    check_calls(
        V5_2,
        LECTURE_FRACTION,
        r#"[{"key": "a", "value": 1}, {"key": "b", "value": 1}, {"method": "delete_cookie", "key": "a", "samesite": "None"}]"#,
        &[r#"a=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=None; Secure"#, "b=1; Path=/"],
    );
}

// expires / max_age arithmetic (README §5 steps 1-3).
#[test]
fn expires_and_max_age() {
    let now = "2019-09-29T23:17:55.591447Z";
    check_calls(V5_2, now, r#"{"key": "e", "value": 1, "expires": {"datetime": "2019-09-30T04:47:55.591447+05:30"}}"#, &["e=1; expires=Sun, 29 Sep 2019 23:17:56 GMT; Max-Age=1; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "e", "value": 1, "expires": {"datetime": "2019-09-30T00:00:00"}}"#, &["e=1; expires=Mon, 30 Sep 2019 00:00:00 GMT; Max-Age=2525; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "m", "value": 1, "max_age": 3.7}"#, &["m=1; expires=Sun, 29 Sep 2019 23:17:59 GMT; Max-Age=3; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "m", "value": 1, "max_age": true}"#, &["m=1; expires=Sun, 29 Sep 2019 23:17:56 GMT; Max-Age=1; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "m", "value": 1, "max_age": -3.7}"#, &["m=1; expires=Sun, 29 Sep 2019 23:17:51 GMT; Max-Age=-3; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "m", "value": 1, "max_age": "60", "expires": "soon"}"#, &["m=1; expires=soon; Max-Age=60; Path=/"]);
    // An int `expires` is written by Morsel's own _getdate(): now + n.
    check_calls(V5_2, now, r#"{"key": "e", "value": 1, "expires": 60}"#, &["e=1; expires=Sun, 29 Sep 2019 23:18:55 GMT; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "e", "value": 1, "expires": 3.5}"#, &["e=1; expires=3.5; Path=/"]);
    check_calls(V5_2, now, r#"{"key": "e", "value": 1, "expires": "", "max_age": 5}"#, &["e=1; expires=Sun, 29 Sep 2019 23:18:00 GMT; Max-Age=5; Path=/"]);
}

// Django 3.2.25 differs: no ValueError for expires + max_age, no timedelta max_age.
#[test]
fn django_32_differences() {
    check_calls(
        V3_2,
        LECTURE_FRACTION,
        r#"{"key": "e", "value": 1, "expires": {"datetime": "2019-09-30T00:17:55.591447+00:00"}, "max_age": 60}"#,
        &["e=1; expires=Mon, 30 Sep 2019 00:17:56 GMT; Max-Age=3601; Path=/"],
    );
    check_error(
        V3_2,
        r#"{"key": "m", "value": 1, "max_age": {"timedelta": 60}}"#,
        "call 1: TypeError: int() argument must be a string, a bytes-like object or a real number, not 'datetime.timedelta'",
    );
    check_calls(V3_2, LECTURE_FRACTION, r#"{"method": "delete_cookie", "key": "__Host-x"}"#, &[r#"__Host-x=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure"#]);
}

// Python's exceptions, named with the call's position (from 1).
#[test]
fn errors_name_the_call() {
    check_error(V5_2, r#"[{"key": "a"}, {"key": "b", "samesite": "bogus"}]"#, "call 2: ValueError: samesite must be \"lax\", \"none\", or \"strict\".");
    check_error(V5_2, r#"{"key": "zoë"}"#, "call 1: CookieError: Illegal key 'zoë'");
    check_error(V5_2, r#"{"key": ""}"#, "call 1: CookieError: Illegal key ''");
    check_error(V5_2, r#"{"key": "Max-Age"}"#, "call 1: CookieError: Attempt to set a reserved key 'Max-Age'");
    check_error(V5_2, r#"{"key": "a", "colour": "red"}"#, "call 1: TypeError: HttpResponseBase.set_cookie() got an unexpected keyword argument 'colour'");
    check_error(V5_2, r#"{"method": "delete_cookie", "key": "a", "max_age": 1}"#, "call 1: TypeError: HttpResponseBase.delete_cookie() got an unexpected keyword argument 'max_age'");
    check_error(V5_2, r#"{"value": 1}"#, "call 1: TypeError: HttpResponseBase.set_cookie() missing 1 required positional argument: 'key'");
    check_error(V5_2, r#"{"method": "set_signed_cookie"}"#, "call 1: TypeError: HttpResponseBase.set_signed_cookie() missing 2 required positional arguments: 'key' and 'value'");
    check_error(V5_2, r#"{"method": "set_signed_cookie", "key": "s", "value": 1}"#, "call 1: set_signed_cookie needs the SECRET_KEY (--secret KEY)");
    check_error(V5_2, r#"{"key": 42}"#, "call 1: AttributeError: 'int' object has no attribute 'lower'");
    check_error(V5_2, r#"{"key": "a", "samesite": true}"#, "call 1: AttributeError: 'bool' object has no attribute 'lower'");
    check_error(V5_2, r#"{"key": "a", "max_age": [1]}"#, "call 1: TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'");
    check_error(V5_2, r#"{"key": "a", "max_age": "soon"}"#, "call 1: ValueError: invalid literal for int() with base 10: 'soon'");
    check_error(V5_2, r#"{"key": "a", "max_age": 1e12}"#, "call 1: ValueError: year 33708 is out of range");
    check_error(V5_2, r#"{"method": "bake_cookie", "key": "a"}"#, "call 1: unknown method \"bake_cookie\": use \"set_cookie\", \"delete_cookie\" or \"set_signed_cookie\"");
    check_error(V5_2, r#"{"key": "a", "expires": {"datetime": "yesterday"}}"#, "call 1: expires: {\"datetime\": …} needs an ISO date and time like \"2019-09-30T00:00:00\" or \"2019-09-30T05:30:00+05:30\", not \"yesterday\"");
    check_error(V5_2, "42", "CALLS must be a JSON object or an array of objects, not a number");
    check_error(V5_2, "[1]", "call 1: a call must be a JSON object of keyword arguments, not a number");
}

// The morsel a raising call created stays in the response, as in Django.
#[test]
fn a_raising_call_leaves_its_morsel() {
    let now = SimTime::parse_rfc3339(LECTURE_FRACTION).unwrap();
    let calls = json!([{"key": "a", "value": 1, "path": "/p", "samesite": "bogus", "httponly": true}]);
    match apply_calls(&calls, now, None, V5_2) {
        Err(CallError::Raised { call: 1, set_cookies, .. }) => assert_eq!(set_cookies, ["a=1; HttpOnly; Path=/p"]),
        other => panic!("{other:?}"),
    }
}
