//! Python values as Django's JSON session serializer sees them, and Python's
//! `json.dumps(obj, separators=(",", ":"))` / `json.loads` byte for byte
//! (oracle README §1.1). OWNER: signing & encodings.
//!
//! Mirrors CPython 3.11's `Lib/json/encoder.py` + `Modules/_json.c`
//! (`py_encode_basestring_ascii`, `scan_once_unicode`, `scanstring_unicode`,
//! `_match_number_unicode`), `float.__repr__` (`Python/pystrtod.c`, mode `'r'`)
//! and `dict.__repr__`, as used by `django.core.signing.JSONSerializer`.
//!
//! Differences that cannot be avoided, because a Rust `String` is not a Python `str`:
//! * a lone surrogate escape (`"\ud800"`) loads as U+FFFD (Python keeps the lone
//!   surrogate; it dumps back as `"\ud800"`, ours as `"\ufffd"`);
//! * Python raises `RecursionError` somewhere below 1000 nested arrays/objects,
//!   depending on how deep the caller already is; we stop at [`MAX_DEPTH`].

use crate::py::repr_str;
use std::fmt::Write as _;

/// A Python value that JSON can hold. Dicts keep insertion order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    /// Arbitrary precision: the decimal digits, optional leading `-`.
    Int(String),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Dict(Dict),
}

/// A Python `dict` with string keys, in insertion order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dict(pub Vec<(String, Value)>);

impl Dict {
    pub fn new() -> Self {
        Dict(Vec::new())
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// `d[key] = value`: an existing key keeps its position.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Value {
    pub fn int(i: i64) -> Value {
        Value::Int(i.to_string())
    }
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(s) => s.parse().ok(),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Value::Dict(d) => Some(d),
            _ => None,
        }
    }
    /// Python's `type(v).__name__`: `dict`, `list`, `str`, `int`, `float`, `bool`, `NoneType`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
        }
    }

    /// Converts to serde_json (order kept) for transcripts.
    ///
    /// serde_json is built with `arbitrary_precision`, so a Number keeps its digits:
    /// * an int of any size is an exact Number, as Python's `json.dumps` writes it
    ///   (`1180591620717411303424`, not the nearest float), and a float is written
    ///   as Python writes it (`1e-07`, `-0.0`, `1e+100`);
    /// * `NaN`, `Infinity`, `-Infinity` become the Strings `"NaN"`, `"Infinity"`,
    ///   `"-Infinity"` (JSON has no such numbers; Python writes them bare).
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::None => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(s) => match serde_json::from_str::<serde_json::Number>(s) {
                Ok(n) => J::Number(n),
                // Not reachable (an Int holds Python's digits), but never lose the value.
                Err(_) => J::String(s.clone()),
            },
            // Python's text for it (`1e-07`, `-0.0`, `1e+100`), not serde_json's (`1e-7`).
            Value::Float(f) if f.is_finite() => match serde_json::from_str::<serde_json::Number>(&float_repr(*f)) {
                Ok(n) => J::Number(n),
                Err(_) => J::String(float_repr(*f)),
            },
            Value::Float(f) => J::String(float_json(*f)),
            Value::Str(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(Value::to_serde).collect()),
            Value::Dict(d) => J::Object(d.0.iter().map(|(k, v)| (k.clone(), v.to_serde())).collect()),
        }
    }

    /// From serde_json (order kept): a Number written as an integer (digits, no `.`
    /// or exponent, as `json.loads` reads an int) becomes [`Value::Int`] with its exact
    /// digits, any size; other numbers [`Value::Float`].
    pub fn from_serde(v: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match v {
            J::Null => Value::None,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => {
                let text = n.to_string();
                let digits = text.strip_prefix('-').unwrap_or(&text);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    Value::Int(text)
                } else {
                    Value::Float(crate::float::parse_f64(n.as_str()).filter(|f| f.is_finite()).unwrap_or(f64::NAN))
                }
            }
            J::String(s) => Value::Str(s.clone()),
            J::Array(items) => Value::List(items.iter().map(Value::from_serde).collect()),
            J::Object(m) => Value::Dict(Dict(m.iter().map(|(k, v)| (k.clone(), Value::from_serde(v))).collect())),
        }
    }
}

/// A JSON text Python's `json.loads` rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonError {
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for JsonError {}

/// How deep arrays and objects may nest before `loads` gives up, as Python's
/// `RecursionError` does (Python's limit is 1000 frames, some of them already
/// used by the caller).
pub const MAX_DEPTH: usize = 900;

/// Python's `sys.get_int_max_str_digits()` default: `int()` of a longer string
/// raises `ValueError` (CPython ≥ 3.11, also in `json.loads`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// `json.dumps(v, separators=(",", ":"))`, `ensure_ascii=True`.
pub fn dumps(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// `json.dumps(d, separators=(",", ":"))` of a dict.
pub fn dumps_dict(d: &Dict) -> String {
    let mut out = String::new();
    write_dict(&mut out, d);
    out
}

/// `json.loads(s)` (accepts `NaN`, `Infinity`, `-Infinity`; a duplicate key keeps
/// its first position and takes the last value).
///
/// Errors carry Python's message, e.g. `Expecting value: line 1 column 1 (char 0)`
/// (a `json.JSONDecodeError`), or `Exceeds the limit (4300 digits) for integer
/// string conversion: …` (a `ValueError`).
pub fn loads(s: &str) -> Result<Value, JsonError> {
    // json.loads: "if s.startswith('\ufeff'): raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)"
    if s.starts_with('\u{feff}') {
        return Err(decode_error(s, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    // JSONDecoder.decode: "obj, end = self.raw_decode(s, idx=_w(s, 0).end())
    //   end = _w(s, end).end(); if end != len(s): raise JSONDecodeError("Extra data", s, end)"
    let mut p = Parser { s, b: s.as_bytes(), depth: 0 };
    let start = p.skip_ws(0);
    let (v, end) = p.scan_once(start)?;
    let end = p.skip_ws(end);
    if end != p.b.len() {
        return Err(decode_error(s, "Extra data", end));
    }
    Ok(v)
}

/// Python's `repr(v)`: `{'num_visits': 1}`, `True`, `None`, `3.5`.
pub fn repr(v: &Value) -> String {
    let mut out = String::new();
    write_repr(&mut out, v);
    out
}

/// Python's `repr(d)` of a dict.
pub fn repr_dict(d: &Dict) -> String {
    let mut out = String::new();
    write_repr_dict(&mut out, d);
    out
}

/// Python's `repr(f)` of a float: `3.14`, `1e-07`, `1e+100`, `-0.0`, `nan`, `inf`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Python's repr (dtoa mode 0) writes the shortest digit string that rounds to
    // the same float and, among strings of that length, the one nearest to it: what
    // `float::shortest` gives (zmij; std's `{:e}` is not always the nearest).
    let (digits, point) = crate::float::shortest(f);
    let (digits, decpt): (String, i32) = if digits.is_empty() {
        ("0".into(), 1)
    } else {
        (digits.iter().map(|&d| char::from(b'0' + d)).collect(), point)
    };
    let neg = f.is_sign_negative();
    let exp = decpt - 1;
    let n = digits.len() as i32;
    // Python (format_float_short, repr): the decimal point sits after `decpt`
    // digits; exponent notation when decpt <= -4 or decpt > 16.
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if decpt <= -4 || decpt > 16 {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    } else if decpt <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-decpt) as usize));
        out.push_str(&digits);
    } else if decpt < n {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    } else {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
        out.push_str(".0");
    }
    out
}

// ---------------------------------------------------------------------------
// dumps

/// json.encoder: "floatstr(o, allow_nan=True, _repr=float.__repr__, _inf=INFINITY, _neginf=-INFINITY)":
/// `NaN`, `Infinity`, `-Infinity`, else `repr(o)`.
fn float_json(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f == f64::INFINITY {
        "Infinity".into()
    } else if f == f64::NEG_INFINITY {
        "-Infinity".into()
    } else {
        float_repr(f)
    }
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(s) => out.push_str(s),
        Value::Float(f) => out.push_str(&float_json(*f)),
        Value::Str(s) => write_json_str(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Dict(d) => write_dict(out, d),
    }
}

fn write_dict(out: &mut String, d: &Dict) {
    out.push('{');
    for (i, (k, v)) in d.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(out, k);
        out.push(':');
        write_value(out, v);
    }
    out.push('}');
}

/// `py_encode_basestring_ascii`: printable ASCII is kept except `"` and `\`;
/// `\n \r \t \b \f` get short escapes; everything else is `\uXXXX` in lowercase
/// hex, characters beyond the BMP as a UTF-16 surrogate pair.
fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", u);
                }
            }
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// repr

fn write_repr(out: &mut String, v: &Value) {
    match v {
        Value::None => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(s) => out.push_str(s),
        Value::Float(f) => out.push_str(&float_repr(*f)),
        Value::Str(s) => out.push_str(&repr_str(s)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, item);
            }
            out.push(']');
        }
        Value::Dict(d) => write_repr_dict(out, d),
    }
}

fn write_repr_dict(out: &mut String, d: &Dict) {
    out.push('{');
    for (i, (k, v)) in d.0.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&repr_str(k));
        out.push_str(": ");
        write_repr(out, v);
    }
    out.push('}');
}

// ---------------------------------------------------------------------------
// loads: a port of Modules/_json.c (the C scanner CPython uses)

/// `JSONDecodeError(msg, doc, pos)`: `"%s: line %d column %d (char %d)"`, where
/// positions count characters, not bytes.
fn decode_error(s: &str, msg: &str, byte_pos: usize) -> JsonError {
    let before = &s[..byte_pos.min(s.len())];
    let pos = before.chars().count();
    let lineno = before.matches('\n').count() + 1;
    let colno = match before.rfind('\n') {
        Some(nl) => before[nl + 1..].chars().count() + 1,
        None => pos + 1,
    };
    JsonError { message: format!("{msg}: line {lineno} column {colno} (char {pos})") }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    depth: usize,
}

/// `IS_WHITESPACE(c)`: `' '`, `'\t'`, `'\n'`, `'\r'` only.
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

impl Parser<'_> {
    fn err(&self, msg: &str, pos: usize) -> JsonError {
        decode_error(self.s, msg, pos)
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.b.len() && is_ws(self.b[i]) {
            i += 1;
        }
        i
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn starts_with(&self, i: usize, lit: &str) -> bool {
        self.b.get(i..).is_some_and(|rest| rest.starts_with(lit.as_bytes()))
    }

    /// `scan_once_unicode`: one JSON term at `i`; returns it and the index after it.
    /// A failure to find any term is `StopIteration(i)`, which `raw_decode` turns
    /// into `Expecting value`.
    fn scan_once(&mut self, i: usize) -> Result<(Value, usize), JsonError> {
        match self.at(i) {
            None => return Err(self.err("Expecting value", i)),
            Some(b'"') => {
                let (s, end) = self.scanstring(i + 1)?;
                return Ok((Value::Str(s), end));
            }
            Some(b'{') => return self.nested(i, true),
            Some(b'[') => return self.nested(i, false),
            Some(b'n') if self.starts_with(i, "null") => return Ok((Value::None, i + 4)),
            Some(b't') if self.starts_with(i, "true") => return Ok((Value::Bool(true), i + 4)),
            Some(b'f') if self.starts_with(i, "false") => return Ok((Value::Bool(false), i + 5)),
            Some(b'N') if self.starts_with(i, "NaN") => return Ok((Value::Float(f64::NAN), i + 3)),
            Some(b'I') if self.starts_with(i, "Infinity") => return Ok((Value::Float(f64::INFINITY), i + 8)),
            Some(b'-') if self.starts_with(i, "-Infinity") => {
                return Ok((Value::Float(f64::NEG_INFINITY), i + 9))
            }
            _ => {}
        }
        self.match_number(i)
    }

    /// `Py_EnterRecursiveCall(" while decoding a JSON object from a unicode string")`.
    fn nested(&mut self, i: usize, object: bool) -> Result<(Value, usize), JsonError> {
        if self.depth >= MAX_DEPTH {
            let what = if object { "object" } else { "array" };
            return Err(JsonError {
                message: format!("maximum recursion depth exceeded while decoding a JSON {what} from a unicode string"),
            });
        }
        self.depth += 1;
        let r = if object { self.parse_object(i + 1) } else { self.parse_array(i + 1) };
        self.depth -= 1;
        r
    }

    /// `_parse_object_unicode`, after the `{`.
    fn parse_object(&mut self, mut i: usize) -> Result<(Value, usize), JsonError> {
        let mut d = Dict::new();
        i = self.skip_ws(i);
        if self.at(i) != Some(b'}') {
            loop {
                if self.at(i) != Some(b'"') {
                    return Err(self.err("Expecting property name enclosed in double quotes", i));
                }
                let (key, next) = self.scanstring(i + 1)?;
                i = self.skip_ws(next);
                if self.at(i) != Some(b':') {
                    return Err(self.err("Expecting ':' delimiter", i));
                }
                i = self.skip_ws(i + 1);
                let (val, next) = self.scan_once(i)?;
                // dict(pairs): a repeated key keeps its first position, takes the last value.
                d.insert(key, val);
                i = self.skip_ws(next);
                if self.at(i) == Some(b'}') {
                    break;
                }
                if self.at(i) != Some(b',') {
                    return Err(self.err("Expecting ',' delimiter", i));
                }
                i = self.skip_ws(i + 1);
            }
        }
        Ok((Value::Dict(d), i + 1))
    }

    /// `_parse_array_unicode`, after the `[`.
    fn parse_array(&mut self, mut i: usize) -> Result<(Value, usize), JsonError> {
        let mut items = Vec::new();
        i = self.skip_ws(i);
        if self.at(i) != Some(b']') {
            loop {
                let (val, next) = self.scan_once(i)?;
                items.push(val);
                i = self.skip_ws(next);
                if self.at(i) == Some(b']') {
                    break;
                }
                if self.at(i) != Some(b',') {
                    return Err(self.err("Expecting ',' delimiter", i));
                }
                i = self.skip_ws(i + 1);
            }
        }
        Ok((Value::List(items), i + 1))
    }

    /// `_match_number_unicode`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`,
    /// ASCII digits only; a fraction or exponent makes a float (`float(numstr)`),
    /// otherwise an int (`int(numstr)`, arbitrary precision).
    fn match_number(&self, start: usize) -> Result<(Value, usize), JsonError> {
        let b = self.b;
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'1'..=b'9') => {
                i += 1;
                while digit(i) {
                    i += 1;
                }
            }
            Some(b'0') => i += 1,
            _ => return Err(self.err("Expecting value", start)),
        }
        let mut is_float = false;
        // "if the next char is '.' followed by a digit then read all float digits"
        if b.get(i) == Some(&b'.') && digit(i + 1) {
            is_float = true;
            i += 2;
            while digit(i) {
                i += 1;
            }
        }
        // "if the next char is 'e' or 'E' then maybe read the exponent (or backtrack)"
        if matches!(b.get(i), Some(b'e' | b'E')) {
            let e_start = i;
            i += 1;
            if matches!(b.get(i), Some(b'-' | b'+')) {
                i += 1;
            }
            let digits_from = i;
            while digit(i) {
                i += 1;
            }
            if i > digits_from {
                is_float = true;
            } else {
                i = e_start;
            }
        }
        let text = &self.s[start..i];
        if is_float {
            // float(numstr): correctly rounded; overflow gives inf, as Python's does.
            let f: f64 = crate::float::parse_f64(text).unwrap_or(f64::NAN);
            return Ok((Value::Float(f), i));
        }
        let (neg, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        if digits.len() > INT_MAX_STR_DIGITS {
            return Err(JsonError {
                message: format!(
                    "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                    digits.len()
                ),
            });
        }
        // int("-0") == 0
        let canonical = if neg && digits != "0" { text.to_string() } else { digits.to_string() };
        Ok((Value::Int(canonical), i))
    }

    /// `scanstring_unicode(pystr, end, strict=True)`: `i` is just after the opening quote.
    fn scanstring(&self, i: usize) -> Result<(String, usize), JsonError> {
        let b = self.b;
        let begin = i - 1;
        let mut out = String::new();
        let mut end = i;
        loop {
            // Find the end of the string or the next escape.
            let mut next = end;
            while next < b.len() && b[next] != b'"' && b[next] != b'\\' {
                if b[next] <= 0x1f {
                    return Err(self.err("Invalid control character at", next));
                }
                next += 1;
            }
            if next >= b.len() {
                return Err(self.err("Unterminated string starting at", begin));
            }
            out.push_str(&self.s[end..next]);
            if b[next] == b'"' {
                return Ok((out, next + 1));
            }
            // A backslash.
            next += 1;
            let Some(&c) = b.get(next) else {
                return Err(self.err("Unterminated string starting at", begin));
            };
            if c != b'u' {
                end = next + 1;
                let ch = match c {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    _ => return Err(self.err("Invalid \\escape", end - 2)),
                };
                out.push(ch);
                continue;
            }
            // \uXXXX
            next += 1;
            end = next + 4;
            if end >= b.len() {
                return Err(self.err("Invalid \\uXXXX escape", next - 1));
            }
            let mut cp = self.hex4(next).ok_or_else(|| self.err("Invalid \\uXXXX escape", end - 5))?;
            // Surrogate pair: "if (Py_UNICODE_IS_HIGH_SURROGATE(c) && end + 6 < len && …'\\' … 'u')"
            if (0xd800..=0xdbff).contains(&cp) && end + 6 < b.len() && b[end] == b'\\' && b[end + 1] == b'u' {
                let c2 = self.hex4(end + 2).ok_or_else(|| self.err("Invalid \\uXXXX escape", end + 1))?;
                if (0xdc00..=0xdfff).contains(&c2) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (c2 - 0xdc00);
                    end += 6;
                }
            }
            // A lone surrogate cannot live in a Rust String: U+FFFD stands in for it.
            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
        }
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let part = self.b.get(i..i + 4)?;
        let mut v = 0u32;
        for &d in part {
            v = (v << 4) | (d as char).to_digit(16)?;
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is the oracle's value, not π
    fn float_repr_like_python() {
        for (f, s) in [
            (3.14, "3.14"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e-7, "1e-07"),
            (1e100, "1e+100"),
            (1.2345678901234568e17, "1.2345678901234568e+17"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123.456, "123.456"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-2.5e-5, "-2.5e-05"),
            // Shortest length, nearest digits (Rust's `{:e}` alone gives …13 and …4063).
            (-188458221344412.12, "-188458221344412.12"),
            (825312615810.4062, "825312615810.4062"),
        ] {
            assert_eq!(float_repr(f), s, "{f:e}");
        }
    }

    #[test]
    fn dumps_escapes_like_python() {
        let v = Value::Str("Zoë ✓ 😀\u{7f}\u{2028}\"\\/\u{0}".into());
        assert_eq!(dumps(&v), r#""Zo\u00eb \u2713 \ud83d\ude00\u007f\u2028\"\\/\u0000""#);
    }
}
