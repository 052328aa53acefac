//! Shared by the cookies_* tests: running one case of the oracle's set_cookie.json.
#![allow(dead_code)]

use djsim::conf::DjangoVersion;
use djsim::http::calls::{apply_calls_to, CallError};
use djsim::http::response::{is_latin1, HttpResponse, Morsel};
use djsim::time::SimTime;
use serde_json::{json, Map, Value};

/// The cases whose vector has no structured `args` (several calls on one response),
/// written as CALLS. A case missing here fails, so none is skipped.
const MULTI_CALLS: &[(&str, &str)] = &[
    ("set_cookie('a', 1); delete_cookie('a')", r#"[{"key": "a", "value": 1}, {"method": "delete_cookie", "key": "a"}]"#),
    (
        "set_cookie('z', 1); set_cookie('y', 2); set_cookie('x', 3)  # order kept",
        r#"[{"key": "z", "value": 1}, {"key": "y", "value": 2}, {"key": "x", "value": 3}]"#,
    ),
    (
        "set_cookie('a', 1, max_age=100, httponly=True, samesite='Strict', domain='x.com'); set_cookie('b', 'x'); set_cookie('a', 2)  # same name twice on one response",
        r#"[{"key": "a", "value": 1, "max_age": 100, "httponly": true, "samesite": "Strict", "domain": "x.com"},
            {"key": "b", "value": "x"}, {"key": "a", "value": 2}]"#,
    ),
];

/// The vector's structured `args` as one CALLS object.
fn calls_of_args(args: &Value) -> Value {
    let mut call = Map::new();
    call.insert("method".into(), args["method"].clone());
    call.insert("key".into(), args["key"].clone());
    if let Some(value_str) = args.get("value_str").and_then(Value::as_str) {
        let value = match args["value_type"].as_str().unwrap_or("str") {
            "int" | "float" | "list" | "dict" => serde_json::from_str(value_str).unwrap_or_else(|_| json!(value_str)),
            "bool" => json!(value_str == "True"),
            "NoneType" => Value::Null,
            // str, and bytes (whose str() is `b'…'`: the same text as a str).
            _ => json!(value_str),
        };
        call.insert("value".into(), value);
    }
    for (k, v) in args["kwargs"].as_object().into_iter().flatten() {
        let v = match v.get("timedelta_seconds") {
            Some(secs) => json!({ "timedelta": secs }),
            None => v.clone(),
        };
        call.insert(k.clone(), v);
    }
    Value::Object(call)
}

fn calls_of_case(case: &Value) -> Result<Value, String> {
    if let Some(args) = case.get("args") {
        return Ok(calls_of_args(args));
    }
    let call = case["call"].as_str().unwrap_or_default();
    match MULTI_CALLS.iter().find(|(text, _)| *text == call) {
        Some((_, calls)) => Ok(serde_json::from_str(calls).expect("MULTI_CALLS is JSON")),
        None => Err(format!("{call}: no structured args and not in MULTI_CALLS")),
    }
}

/// `morsel.attrs` as the vector records it: the attributes that are set.
fn attrs_of(m: &Morsel) -> Value {
    let mut a = Map::new();
    let mut put = |k: &str, v: Value| {
        a.insert(k.into(), v);
    };
    if !m.expires.is_empty() {
        put("expires", json!(m.expires));
    }
    if !m.path.is_empty() {
        put("path", json!(m.path));
    }
    if !m.domain.is_empty() {
        put("domain", json!(m.domain));
    }
    if !m.max_age.is_empty() {
        put("max-age", m.max_age.parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(m.max_age)));
    }
    if m.secure {
        put("secure", json!(true));
    }
    if m.httponly {
        put("httponly", json!(true));
    }
    if !m.samesite.is_empty() {
        put("samesite", json!(m.samesite));
    }
    Value::Object(a)
}

/// Runs one vector case; `Err` describes every difference.
pub fn run_case(case: &Value, secret: Option<&str>) -> Result<(), String> {
    let label = case["call"].as_str().unwrap_or("?").to_string();
    let now = SimTime::parse_rfc3339(case["time_utc"].as_str().unwrap_or_default()).map_err(|e| format!("{label}: {e}"))?;
    let calls = calls_of_case(case)?;
    let mut response = HttpResponse::new("");
    let result = apply_calls_to(&mut response, &calls, now, secret, DjangoVersion::V5_2);
    let mut problems = Vec::new();
    match (case.get("error").and_then(Value::as_str), &result) {
        (None, Ok(())) => {}
        (Some(expected), Err(CallError::Raised { exception, .. })) if exception == expected => {}
        (expected, got) => problems.push(format!("error: expected {expected:?}, got {got:?}")),
    }
    // Also after an error: the morsels that were there when Django raised.
    let expected: Vec<&Value> = case.get("set_cookie").and_then(Value::as_array).map(|v| v.iter().collect()).unwrap_or_default();
    let got = response.set_cookie_values();
    if got.len() != expected.len() {
        problems.push(format!("{} Set-Cookie values, expected {}: {got:?}", got.len(), expected.len()));
    }
    for (i, (exp, got)) in expected.iter().zip(&got).enumerate() {
        let wsgi = exp["wsgi_header_value"].as_str().unwrap_or_default();
        if format!(" {got}") != wsgi {
            problems.push(format!("Set-Cookie {i}: expected {wsgi:?}, got {:?}", format!(" {got}")));
        }
        if exp["latin1_encodable"].as_bool() != Some(is_latin1(got)) {
            problems.push(format!("Set-Cookie {i}: latin1_encodable should be {}", exp["latin1_encodable"]));
        }
        if let Some(m) = exp.get("morsel") {
            let mine = &response.morsels[i];
            let mine_json = json!({"key": mine.key, "value": mine.value, "coded_value": mine.coded_value, "attrs": attrs_of(mine)});
            if &mine_json != m {
                problems.push(format!("morsel {i}: expected {m}, got {mine_json}"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{label}:\n    {}", problems.join("\n    ")))
    }
}

