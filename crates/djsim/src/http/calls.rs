//! The engine of `djsim cookie set` (../shared/spec/djsim-cli.md): a list of
//! `set_cookie` / `delete_cookie` / `set_signed_cookie` calls, written in JSON with
//! Python's meanings, applied in order to one `HttpResponse`. OWNER: http cookies.
//!
//! JSON values stand for Python values: `null` is `None`, numbers are `int` or
//! `float`, `{"datetime": "2019-09-30T00:00:00"}` is a naive datetime (an offset makes
//! it aware), `{"timedelta": 3600.5}` a timedelta of that many seconds; anything else is
//! its plain JSON value (`list`, `dict`, `str`, `bool`). A cookie value is `str(value)`
//! as Python prints it, a flag is Python's truthiness of the value.
//!
//! Errors name the call by its position, counting from 1 (`call 2: ValueError: …`).

use std::fmt;

use serde_json::Value;

use crate::conf::DjangoVersion;
use crate::http::response::{CookieArgs, CookieError, Expires, HttpResponse, MaxAge};
use crate::py::repr_str;
use crate::signing::Algorithm;
use crate::time::SimTime;

/// Applies `calls` (one JSON object, or an array of them) to a fresh `HttpResponse` at
/// time `now` and returns its `Set-Cookie` values in Django's order
/// (`Morsel.OutputString()`, no leading space). `secret` is `SECRET_KEY`, needed only by
/// `set_signed_cookie`.
pub fn apply_calls(calls: &Value, now: SimTime, secret: Option<&str>, version: DjangoVersion) -> Result<Vec<String>, CallError> {
    let mut response = HttpResponse::new("");
    apply_calls_to(&mut response, calls, now, secret, version)?;
    Ok(response.set_cookie_values())
}

/// [`apply_calls`] on a given response: its morsels show each cookie's attributes.
/// After an error the response holds what Django's would.
pub fn apply_calls_to(response: &mut HttpResponse, calls: &Value, now: SimTime, secret: Option<&str>, version: DjangoVersion) -> Result<(), CallError> {
    let list: Vec<&Value> = match calls {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![calls],
        other => return Err(CallError::NotCalls { found: json_kind(other) }),
    };
    for (i, call) in list.into_iter().enumerate() {
        let n = i + 1;
        let Value::Object(call) = call else {
            return Err(CallError::BadCall { call: n, message: format!("a call must be a JSON object of keyword arguments, not {}", json_kind(call)) });
        };
        match apply_one(response, call, now, secret, version) {
            Ok(()) => {}
            Err(Failure::Bad(message)) => return Err(CallError::BadCall { call: n, message }),
            Err(Failure::Raised(exception)) => {
                return Err(CallError::Raised { call: n, exception, set_cookies: response.set_cookie_values() })
            }
        }
    }
    Ok(())
}

/// Why [`apply_calls`] stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallError {
    /// CALLS is neither a JSON object nor an array.
    NotCalls { found: &'static str },
    /// A call cannot be read: not an object, an unknown `method`, a malformed
    /// `{"datetime": …}`, a missing `--secret`.
    BadCall { call: usize, message: String },
    /// Django raised: `exception` is Python's `Type: message`. `set_cookies` is what the
    /// response carried at that moment (a morsel created before the raise stays).
    Raised { call: usize, exception: String, set_cookies: Vec<String> },
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::NotCalls { found } => write!(f, "CALLS must be a JSON object or an array of objects, not {found}"),
            CallError::BadCall { call, message } => write!(f, "call {call}: {message}"),
            CallError::Raised { call, exception, .. } => write!(f, "call {call}: {exception}"),
        }
    }
}
impl std::error::Error for CallError {}

/// A Python value, as the CALLS JSON spells it.
#[derive(Clone, Debug, PartialEq)]
pub enum PyValue {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<PyValue>),
    Dict(Vec<(String, PyValue)>),
    /// `at` is the instant; `offset` (seconds east of UTC) is `None` for a naive datetime.
    Datetime { at: SimTime, offset: Option<i64> },
    /// Microseconds, as `timedelta` holds them.
    Timedelta(i64),
}

impl PyValue {
    /// Reads a CALLS JSON value; the error says what is wrong with it.
    pub fn from_json(v: &Value) -> Result<PyValue, String> {
        Ok(match v {
            Value::Null => PyValue::None,
            Value::Bool(b) => PyValue::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => PyValue::Int(i as i128),
                (None, Some(u)) => PyValue::Int(u as i128),
                _ => PyValue::Float(crate::float::parse_f64(n.as_str()).filter(|f| f.is_finite()).unwrap_or(0.0)),
            },
            Value::String(s) => PyValue::Str(s.clone()),
            Value::Array(items) => PyValue::List(items.iter().map(PyValue::from_json).collect::<Result<_, _>>()?),
            Value::Object(map) => {
                if map.len() == 1 {
                    if let Some(d) = map.get("datetime") {
                        return parse_datetime(d);
                    }
                    if let Some(t) = map.get("timedelta") {
                        return parse_timedelta(t);
                    }
                }
                PyValue::Dict(map.iter().map(|(k, v)| Ok((k.clone(), PyValue::from_json(v)?))).collect::<Result<_, String>>()?)
            }
        })
    }

    /// `str(value)`.
    pub fn py_str(&self) -> String {
        match self {
            PyValue::Str(s) => s.clone(),
            PyValue::Datetime { at, offset } => datetime_str(*at, *offset),
            PyValue::Timedelta(us) => timedelta_str(*us),
            other => other.py_repr(),
        }
    }

    /// `repr(value)`.
    pub fn py_repr(&self) -> String {
        match self {
            PyValue::None => "None".into(),
            PyValue::Bool(true) => "True".into(),
            PyValue::Bool(false) => "False".into(),
            PyValue::Int(i) => i.to_string(),
            PyValue::Float(f) => float_repr(*f),
            PyValue::Str(s) => repr_str(s),
            PyValue::List(items) => format!("[{}]", items.iter().map(PyValue::py_repr).collect::<Vec<_>>().join(", ")),
            PyValue::Dict(items) => {
                format!("{{{}}}", items.iter().map(|(k, v)| format!("{}: {}", repr_str(k), v.py_repr())).collect::<Vec<_>>().join(", "))
            }
            PyValue::Datetime { at, offset } => datetime_repr(*at, *offset),
            PyValue::Timedelta(us) => timedelta_repr(*us),
        }
    }

    /// `bool(value)`.
    pub fn truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(items) => !items.is_empty(),
            PyValue::Dict(items) => !items.is_empty(),
            PyValue::Datetime { .. } => true,
            PyValue::Timedelta(us) => *us != 0,
        }
    }

    /// `type(value).__name__` as Python's error messages print it.
    pub fn type_name(&self) -> &'static str {
        match self {
            PyValue::None => "NoneType",
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Str(_) => "str",
            PyValue::List(_) => "list",
            PyValue::Dict(_) => "dict",
            PyValue::Datetime { .. } => "datetime.datetime",
            PyValue::Timedelta(_) => "datetime.timedelta",
        }
    }
}

/// Python's `repr(f)` of a float (`pyjson::float_repr`).
pub fn float_repr(f: f64) -> String {
    crate::pyjson::float_repr(f)
}

enum Failure {
    /// The call cannot be read (not Python's doing).
    Bad(String),
    /// Python raised this (`Type: message`).
    Raised(String),
}

impl From<CookieError> for Failure {
    fn from(e: CookieError) -> Failure {
        Failure::Raised(e.to_string())
    }
}

const SET_COOKIE_KWARGS: [&str; 9] = ["key", "value", "max_age", "expires", "path", "domain", "secure", "httponly", "samesite"];
const DELETE_COOKIE_KWARGS: [&str; 4] = ["key", "path", "domain", "samesite"];

fn apply_one(
    response: &mut HttpResponse,
    call: &serde_json::Map<String, Value>,
    now: SimTime,
    secret: Option<&str>,
    version: DjangoVersion,
) -> Result<(), Failure> {
    let method = match call.get("method") {
        None => "set_cookie",
        Some(Value::String(m)) => m.as_str(),
        Some(other) => return Err(Failure::Bad(format!("\"method\" must be a string, not {}", json_kind(other)))),
    };
    let mut kwargs: Vec<(&str, PyValue)> = Vec::new();
    for (name, value) in call.iter().filter(|(k, _)| k.as_str() != "method") {
        let value = PyValue::from_json(value).map_err(|e| Failure::Bad(format!("{name}: {e}")))?;
        kwargs.push((name.as_str(), value));
    }
    let get = |name: &str| kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
    match method {
        "set_cookie" => {
            check_kwargs(&kwargs, &SET_COOKIE_KWARGS, "set_cookie")?;
            let key = required(&get, &["key"], "set_cookie")?;
            let key = str_key(&key[0], "lower")?;
            let value = get("value").map(PyValue::py_str).unwrap_or_default();
            set_cookie(response, version, key, &value, &get, now)
        }
        "delete_cookie" => {
            check_kwargs(&kwargs, &DELETE_COOKIE_KWARGS, "delete_cookie")?;
            let key = required(&get, &["key"], "delete_cookie")?;
            let key = str_key(&key[0], "startswith")?;
            let path = match get("path") {
                None => Some("/".to_string()),
                Some(PyValue::None) => None,
                Some(p) => Some(p.py_str()),
            };
            let domain = get("domain").filter(|d| **d != PyValue::None).map(PyValue::py_str);
            let prefixed = key.starts_with("__Secure-") || key.starts_with("__Host-");
            let samesite = match get("samesite") {
                Some(PyValue::Str(s)) => Some(s.clone()),
                Some(s) if s.truthy() => {
                    // `samesite.lower()` raises, in delete_cookie itself or (after
                    // `or` short-circuits on a __Secure-/__Host- name) in set_cookie.
                    if prefixed {
                        let args = CookieArgs {
                            max_age: Some(MaxAge::Int(0)),
                            expires: Some(Expires::Str("Thu, 01 Jan 1970 00:00:00 GMT".into())),
                            path,
                            domain,
                            secure: true,
                            httponly: false,
                            samesite: None,
                        };
                        response.set_cookie_as(version, key, "", &args, now)?;
                    }
                    return Err(no_lower(s));
                }
                _ => None,
            };
            response.delete_cookie_opt(key, path.as_deref(), domain.as_deref(), samesite.as_deref(), now)?;
            Ok(())
        }
        "set_signed_cookie" => {
            let args = required(&get, &["key", "value"], "set_signed_cookie")?;
            let (key, value) = (&args[0], args[1].py_str());
            let salt = match get("salt") {
                None => String::new(),
                Some(PyValue::Str(s)) => s.clone(),
                Some(other) => {
                    return Err(Failure::Raised(match version {
                        DjangoVersion::V5_2 => format!("TypeError: object of type '{}' has no len()", other.type_name()),
                        DjangoVersion::V3_2 => format!("TypeError: can only concatenate str (not \"{}\") to str", other.type_name()),
                    }))
                }
            };
            // Django 3.2 builds the salt as `key + salt`: a non-str key fails here.
            if let (DjangoVersion::V3_2, false) = (version, matches!(key, PyValue::Str(_))) {
                return Err(Failure::Raised(format!("TypeError: unsupported operand type(s) for +: '{}' and 'str'", key.type_name())));
            }
            let secret = match secret {
                None => return Err(Failure::Bad("set_signed_cookie needs the SECRET_KEY (--secret KEY)".into())),
                Some("") => return Err(Failure::Raised("ImproperlyConfigured: The SECRET_KEY setting must not be empty.".into())),
                Some(s) => s,
            };
            // The remaining keyword arguments go on to set_cookie(**kwargs), whose
            // binding fails before its body runs.
            let rest: Vec<(&str, PyValue)> = kwargs.iter().filter(|(k, _)| !["key", "value", "salt"].contains(k)).cloned().collect();
            check_kwargs(&rest, &SET_COOKIE_KWARGS, "set_cookie")?;
            // Then `SimpleCookie` calls `key.lower()`.
            let key = str_key(key, "lower")?;
            let signed = crate::http::response::sign_cookie_value(key, &value, &salt, secret, Algorithm::Sha256, version, now);
            set_cookie(response, version, key, &signed, &get, now)
        }
        other => Err(Failure::Bad(format!("unknown method {other:?}: use \"set_cookie\", \"delete_cookie\" or \"set_signed_cookie\""))),
    }
}

/// `set_cookie(key, value, max_age=…, expires=…, path=…, domain=…, secure=…, httponly=…, samesite=…)`.
fn set_cookie<'a>(
    response: &mut HttpResponse,
    version: DjangoVersion,
    key: &str,
    value: &str,
    get: &dyn Fn(&str) -> Option<&'a PyValue>,
    now: SimTime,
) -> Result<(), Failure> {
    let expires = match get("expires") {
        None | Some(PyValue::None) => None,
        Some(PyValue::Datetime { at, offset }) => Some(Expires::Datetime { at: *at, aware: offset.is_some() }),
        Some(PyValue::Str(s)) => Some(Expires::Str(s.clone())),
        Some(PyValue::Bool(b)) => Some(Expires::Int(i64::from(*b))),
        Some(PyValue::Int(i)) => Some(Expires::Int(i64::try_from(*i).unwrap_or(if *i < 0 { i64::MIN } else { i64::MAX }))),
        Some(other) => Some(Expires::Object { text: other.py_str(), truthy: other.truthy() }),
    };
    let expires_is_datetime = matches!(expires, Some(Expires::Datetime { .. }));
    let expires_truthy = match &expires {
        Some(Expires::Str(s)) => !s.is_empty(),
        Some(Expires::Int(i)) => *i != 0,
        Some(Expires::Object { truthy, .. }) => *truthy,
        _ => false,
    };
    // What Django did before raising, for a raise that happens in the middle of
    // set_cookie after the `expires` block: the morsel and its `expires` only.
    let partial = |response: &mut HttpResponse, raised: String| -> Failure {
        let args = CookieArgs { max_age: None, expires: expires.clone(), path: None, domain: None, secure: false, httponly: false, samesite: None };
        match response.set_cookie_as(version, key, value, &args, now) {
            Err(e) => e.into(),
            Ok(()) => Failure::Raised(raised),
        }
    };
    let max_age = match get("max_age") {
        None | Some(PyValue::None) => None,
        Some(PyValue::Bool(b)) => Some(MaxAge::Int(i64::from(*b))),
        Some(PyValue::Int(i)) => Some(match i64::try_from(*i) {
            Ok(i) => MaxAge::Int(i),
            Err(_) => MaxAge::Float(*i as f64),
        }),
        Some(PyValue::Float(f)) => Some(MaxAge::Float(*f)),
        Some(PyValue::Timedelta(us)) => Some(MaxAge::Timedelta(*us as f64 / 1e6)),
        // A datetime `expires` comes first: 5.2 raises ValueError, 3.2 replaces max_age.
        Some(_) if expires_is_datetime => match version {
            DjangoVersion::V5_2 => Some(MaxAge::Int(0)),
            DjangoVersion::V3_2 => None,
        },
        Some(PyValue::Str(s)) => match py_int_literal(s) {
            // `int("60")` works; `time.time() + "60"` does not, unless `expires` is set.
            Some(n) if expires_truthy => Some(MaxAge::Int(n)),
            Some(_) => return Err(partial(response, "TypeError: unsupported operand type(s) for +: 'float' and 'str'".into())),
            None => return Err(partial(response, format!("ValueError: invalid literal for int() with base 10: {}", repr_str(s)))),
        },
        Some(other) => {
            return Err(partial(
                response,
                format!("TypeError: int() argument must be a string, a bytes-like object or a real number, not '{}'", other.type_name()),
            ))
        }
    };
    let opt_str = |name: &str| match get(name) {
        None => None,
        Some(PyValue::None) => None,
        Some(v) => Some(v.py_str()),
    };
    let path = match get("path") {
        None => Some("/".to_string()),
        Some(_) => opt_str("path"),
    };
    let samesite_value = get("samesite");
    let samesite = match samesite_value {
        Some(PyValue::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let args = CookieArgs {
        max_age,
        expires: expires.clone(),
        path,
        domain: opt_str("domain"),
        secure: get("secure").is_some_and(PyValue::truthy),
        httponly: get("httponly").is_some_and(PyValue::truthy),
        samesite,
    };
    response.set_cookie_as(version, key, value, &args, now)?;
    match samesite_value {
        // `samesite.lower()` of a truthy non-string, after everything else was set.
        Some(s) if s.truthy() && !matches!(s, PyValue::Str(_)) => Err(no_lower(s)),
        _ => Ok(()),
    }
}

fn no_lower(v: &PyValue) -> Failure {
    Failure::Raised(format!("AttributeError: '{}' object has no attribute 'lower'", v.type_name()))
}

/// A cookie name must be a `str`: `SimpleCookie` calls `key.lower()`, `delete_cookie`
/// calls `key.startswith(…)`.
fn str_key<'v>(key: &'v PyValue, attribute: &str) -> Result<&'v str, Failure> {
    match key {
        PyValue::Str(s) => Ok(s),
        other => Err(Failure::Raised(format!("AttributeError: '{}' object has no attribute '{attribute}'", other.type_name()))),
    }
}

/// `TypeError: HttpResponseBase.f() got an unexpected keyword argument 'x'`.
fn check_kwargs(kwargs: &[(&str, PyValue)], allowed: &[&str], function: &str) -> Result<(), Failure> {
    match kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        Some((k, _)) => Err(Failure::Raised(format!("TypeError: HttpResponseBase.{function}() got an unexpected keyword argument {}", repr_str(k)))),
        None => Ok(()),
    }
}

/// The required arguments, or `TypeError: HttpResponseBase.f() missing 1 required
/// positional argument: 'key'` naming the missing ones.
fn required<'a>(get: &dyn Fn(&str) -> Option<&'a PyValue>, names: &[&str], function: &str) -> Result<Vec<PyValue>, Failure> {
    let missing: Vec<String> = names.iter().filter(|n| get(n).is_none()).map(|n| repr_str(n)).collect();
    if missing.is_empty() {
        return Ok(names.iter().filter_map(|n| get(n).cloned()).collect());
    }
    let list = match missing.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    let plural = if missing.len() == 1 { "argument" } else { "arguments" };
    Err(Failure::Raised(format!("TypeError: HttpResponseBase.{function}() missing {} required positional {plural}: {list}", missing.len())))
}

/// Python's `int(s)` for a decimal literal: surrounding whitespace, a sign, digits
/// with single underscores between them.
fn py_int_literal(s: &str) -> Option<i64> {
    let t = crate::http::cookie::py_strip(s);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    let n: i64 = digits.replace('_', "").parse().ok()?;
    Some(if neg { -n } else { n })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_datetime(v: &Value) -> Result<PyValue, String> {
    let bad = || format!("{{\"datetime\": …}} needs an ISO date and time like \"2019-09-30T00:00:00\" or \"2019-09-30T05:30:00+05:30\", not {v}");
    let Value::String(s) = v else { return Err(bad()) };
    let (at, aware) = SimTime::parse_iso(s).map_err(|_| bad())?;
    let offset = if aware { Some(utc_offset_of(s).ok_or_else(bad)?) } else { None };
    Ok(PyValue::Datetime { at, offset })
}

/// The UTC offset written at the end of an aware ISO datetime, in seconds.
fn utc_offset_of(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.ends_with('Z') || s.ends_with('z') {
        return Some(0);
    }
    let at = s.rfind(['+', '-']).filter(|&i| i > 10)?;
    let sign = if s.as_bytes()[at] == b'-' { -1 } else { 1 };
    let digits: String = s[at + 1..].chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        2 => (&digits[..2], "0"),
        4 => (&digits[..2], &digits[2..]),
        _ => return None,
    };
    Some(sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60))
}

/// `timedelta(seconds=x)`: rounded to the microsecond (half to even), at most
/// 999999999 days either way.
fn parse_timedelta(v: &Value) -> Result<PyValue, String> {
    let Some(secs) = crate::float::json_f64(v) else {
        return Err(format!("{{\"timedelta\": …}} needs a number of seconds like 3600.5, not {v}"));
    };
    const MAX_SECS: f64 = 1_000_000_000.0 * 86_400.0;
    if secs.abs() >= MAX_SECS {
        let days = (secs / 86_400.0).floor();
        return Err(format!("OverflowError: days={days}; must have magnitude <= 999999999"));
    }
    let us = secs * 1e6;
    let rounded = if (us - us.trunc()).abs() == 0.5 { 2.0 * (us / 2.0).round() } else { us.round() };
    Ok(PyValue::Timedelta(rounded as i64))
}

/// `str(datetime)`: `2019-09-30 05:30:00[.ffffff][+05:30]`, in the datetime's own offset.
fn datetime_str(at: SimTime, offset: Option<i64>) -> String {
    let local = at.plus_secs(offset.unwrap_or(0));
    let mut s = local.sqlite_datetime();
    if let Some(off) = offset {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.abs();
        s.push_str(&format!("{sign}{:02}:{:02}", a / 3600, a / 60 % 60));
    }
    s
}

/// `repr(datetime)`: `datetime.datetime(2019, 9, 30, 0, 0[, s[, us]][, tzinfo=…])`.
fn datetime_repr(at: SimTime, offset: Option<i64>) -> String {
    let c = at.plus_secs(offset.unwrap_or(0)).civil();
    let mut s = format!("datetime.datetime({}, {}, {}, {}, {}", c.year, c.month, c.day, c.hour, c.minute);
    if c.micros != 0 {
        s.push_str(&format!(", {}, {}", c.second, c.micros));
    } else if c.second != 0 {
        s.push_str(&format!(", {}", c.second));
    }
    match offset {
        None => {}
        Some(0) => s.push_str(", tzinfo=datetime.timezone.utc"),
        Some(off) => s.push_str(&format!(", tzinfo=datetime.timezone({})", timedelta_repr(off * 1_000_000))),
    }
    s.push(')');
    s
}

/// (days, seconds, microseconds), normalised as `timedelta` holds them.
fn timedelta_parts(us: i64) -> (i64, i64, i64) {
    let days = us.div_euclid(86_400_000_000);
    let rest = us.rem_euclid(86_400_000_000);
    (days, rest / 1_000_000, rest % 1_000_000)
}

/// `str(timedelta)`: `[D day[s], ]H:MM:SS[.ffffff]`.
fn timedelta_str(us: i64) -> String {
    let (days, secs, micros) = timedelta_parts(us);
    let mut s = format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if days != 0 {
        let plural = if days.abs() != 1 { "s" } else { "" };
        s = format!("{days} day{plural}, {s}");
    }
    if micros != 0 {
        s.push_str(&format!(".{micros:06}"));
    }
    s
}

/// `repr(timedelta)`: `datetime.timedelta(days=1, seconds=5, microseconds=3)`.
fn timedelta_repr(us: i64) -> String {
    let (days, secs, micros) = timedelta_parts(us);
    let mut args = Vec::new();
    if days != 0 {
        args.push(format!("days={days}"));
    }
    if secs != 0 {
        args.push(format!("seconds={secs}"));
    }
    if micros != 0 {
        args.push(format!("microseconds={micros}"));
    }
    if args.is_empty() {
        args.push("0".into());
    }
    format!("datetime.timedelta({})", args.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_str(json: &str, expected: &str) {
        let v: Value = serde_json::from_str(json).unwrap();
        assert_eq!(PyValue::from_json(&v).unwrap().py_str(), expected, "str({json})");
    }

    #[test]
    fn str_like_python() {
        check_str("42", "42");
        check_str("3.5", "3.5");
        check_str("1e16", "1e+16");
        check_str("1e-5", "1e-05");
        check_str("0.0001", "0.0001");
        check_str("123456789012345.6", "123456789012345.6");
        check_str("-0.0", "-0.0");
        check_str("true", "True");
        check_str("null", "None");
        check_str("[1, \"x\", null, [true]]", "[1, 'x', None, [True]]");
        check_str("{\"a\": \"it's\"}", "{'a': \"it's\"}");
        check_str("{\"datetime\": \"2019-09-30T05:30:00+05:30\"}", "2019-09-30 05:30:00+05:30");
        check_str("{\"datetime\": \"2019-09-30T00:00:00.5\"}", "2019-09-30 00:00:00.500000");
        check_str("{\"timedelta\": 3600.5}", "1:00:00.500000");
        check_str("{\"timedelta\": -1}", "-1 day, 23:59:59");
        check_str("{\"timedelta\": 172800}", "2 days, 0:00:00");
        check_str("[{\"datetime\": \"2019-09-30T05:30:00+05:30\"}]", "[datetime.datetime(2019, 9, 30, 5, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))]");
        check_str("[{\"datetime\": \"2019-09-30T00:00:07Z\"}, {\"timedelta\": 0}]", "[datetime.datetime(2019, 9, 30, 0, 0, 7, tzinfo=datetime.timezone.utc), datetime.timedelta(0)]");
    }
}
