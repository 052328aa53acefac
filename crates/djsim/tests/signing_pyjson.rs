//! Python's `json.loads` / `json.dumps(separators=(",", ":"))` / `repr`, `float.__repr__`,
//! Django's `signing.b64_decode` and `base64.b64decode`, on edge cases. The expected
//! values were recorded from CPython 3.11.7 (the oracle's Python) by running each
//! input through it; a random differential run of ~100 000 inputs against the same
//! CPython (and ~30 000 `SessionStore.decode` calls against Django 5.2.19 and 3.2.25)
//! agreed with this implementation, except for lone surrogates (see `pyjson`'s docs).

use djsim::pyjson::{self, Value};
use djsim::signing;

#[track_caller]
fn check_loads(input: &str, expected: Result<(&str, &str), &str>) -> Option<String> {
    let got = pyjson::loads(input).map(|v| (pyjson::repr(&v), pyjson::dumps(&v))).map_err(|e| e.message);
    let want = expected.map(|(r, d)| (r.to_string(), d.to_string())).map_err(str::to_string);
    (got != want).then(|| format!("{input:?}: got {got:?}, want {want:?}"))
}

#[track_caller]
fn check_float(bits: u64, repr: &str, json: &str) -> Option<String> {
    let f = f64::from_bits(bits);
    let got = (pyjson::float_repr(f), pyjson::dumps(&Value::Float(f)));
    (got != (repr.to_string(), json.to_string())).then(|| format!("{f:e}: got {got:?}, want ({repr:?}, {json:?})"))
}

#[track_caller]
fn check_b64(input: &str, got: Result<Vec<u8>, signing::SigningError>, expected: Result<&str, &str>) -> Option<String> {
    let got = got.map(|b| signing::hex(&b)).map_err(|e| e.python());
    let want = expected.map(str::to_string).map_err(str::to_string);
    (got != want).then(|| format!("{input:?}: got {got:?}, want {want:?}"))
}

#[track_caller]
fn all_pass(label: &str, failures: Vec<String>, n: usize) {
    eprintln!("{label}: {n} cases checked");
    assert!(failures.is_empty(), "{label}: {} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn loads_like_cpython() {
    let failures: Vec<String> = LOADS.iter().filter_map(|(i, e)| check_loads(i, *e)).collect();
    all_pass("json.loads", failures, LOADS.len());
}

#[test]
fn float_repr_like_cpython() {
    let failures: Vec<String> = FLOATS.iter().filter_map(|(b, r, j)| check_float(*b, r, j)).collect();
    all_pass("float repr", failures, FLOATS.len());
}

#[test]
fn django_b64_decode_like_cpython() {
    let failures: Vec<String> = B64_DECODE.iter().filter_map(|(i, e)| check_b64(i, signing::b64_decode(i), *e)).collect();
    all_pass("signing.b64_decode", failures, B64_DECODE.len());
}

#[test]
fn base64_b64decode_like_cpython() {
    let failures: Vec<String> =
        B64DECODE_STANDARD.iter().filter_map(|(i, e)| check_b64(i, signing::b64decode_standard(i), *e)).collect();
    all_pass("base64.b64decode", failures, B64DECODE_STANDARD.len());
}

#[test]
fn int_digit_limit_like_cpython() {
    // sys.get_int_max_str_digits() == 4300 (CPython 3.11.7); the sign does not count.
    let ok = "1".repeat(4300);
    assert_eq!(pyjson::loads(&format!("-{ok}")), Ok(Value::Int(format!("-{ok}"))));
    let err = pyjson::loads(&"1".repeat(4301)).unwrap_err();
    assert_eq!(err.message, "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit");
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    // Python keeps '\ud800'; a Rust String cannot, so U+FFFD stands in (documented).
    assert_eq!(pyjson::loads(r#""\ud800x""#), Ok(Value::str("\u{fffd}x")));
    assert_eq!(pyjson::loads(r#""\ud83d\u0041""#), Ok(Value::str("\u{fffd}A")));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(pyjson::loads(&deep).unwrap_err().message.starts_with("maximum recursion depth exceeded"));
    let fine = format!("{}{}", "[".repeat(pyjson::MAX_DEPTH), "]".repeat(pyjson::MAX_DEPTH));
    assert!(pyjson::loads(&fine).is_ok());
}

#[test]
fn serde_conversion() {
    let v = pyjson::loads(r#"{"b":1,"a":[1.5,null,true,"x"],"big":1180591620717411303424,"nan":NaN,"huge":1e999}"#).unwrap();
    let j = v.to_serde();
    assert_eq!(serde_json::to_string(&j).unwrap(), r#"{"b":1,"a":[1.5,null,true,"x"],"big":1180591620717411303424,"nan":"NaN","huge":"Infinity"}"#);
    // Python's ints have no size limit: the digits survive both ways.
    let huge_int = Value::Int(format!("-{}", "9".repeat(400)));
    assert_eq!(serde_json::to_string(&huge_int.to_serde()).unwrap(), format!("-{}", "9".repeat(400)));
    assert_eq!(Value::from_serde(&huge_int.to_serde()), huge_int);
    let back = Value::from_serde(&serde_json::from_str(r#"{"b": 1, "a": [1.5, null, true, "x"], "u": 18446744073709551615, "big": 9007199254740993, "e": 1e3}"#).unwrap());
    assert_eq!(pyjson::repr(&back), "{'b': 1, 'a': [1.5, None, True, 'x'], 'u': 18446744073709551615, 'big': 9007199254740993, 'e': 1000.0}");
}

/// (input, Ok((repr, dumps)) or Err(message)).
type LoadsCase = (&'static str, Result<(&'static str, &'static str), &'static str>);

const LOADS: &[LoadsCase] = &[
    ("0", Ok(("0", "0"))),
    ("-0", Ok(("0", "0"))),
    ("-0.0", Ok(("-0.0", "-0.0"))),
    ("1.5", Ok(("1.5", "1.5"))),
    ("1E5", Ok(("100000.0", "100000.0"))),
    ("1e-7", Ok(("1e-07", "1e-07"))),
    ("2e308", Ok(("inf", "Infinity"))),
    ("-2e308", Ok(("-inf", "-Infinity"))),
    ("1.0e-400", Ok(("0.0", "0.0"))),
    ("123456789012345678901234567890", Ok(("123456789012345678901234567890", "123456789012345678901234567890"))),
    ("-9007199254740993", Ok(("-9007199254740993", "-9007199254740993"))),
    ("[1,2.0,\"x\",null,true,false]", Ok(("[1, 2.0, 'x', None, True, False]", "[1,2.0,\"x\",null,true,false]"))),
    (" {\"b\":1, \"a\":2}\u{a}", Ok(("{'b': 1, 'a': 2}", "{\"b\":1,\"a\":2}"))),
    ("{\"a\":1,\"a\":2,\"b\":3}", Ok(("{'a': 2, 'b': 3}", "{\"a\":2,\"b\":3}"))),
    ("NaN", Ok(("nan", "NaN"))),
    ("[Infinity,-Infinity]", Ok(("[inf, -inf]", "[Infinity,-Infinity]"))),
    ("\"\\u00e9\\ud83d\\ude00\"", Ok(("'\u{e9}\u{1f600}'", "\"\\u00e9\\ud83d\\ude00\""))),
    ("\"\u{e9}\u{1f600}\"", Ok(("'\u{e9}\u{1f600}'", "\"\\u00e9\\ud83d\\ude00\""))),
    ("\"\\n\\t\\/\\b\\f\\r\\\"\\\\\"", Ok(("'\\n\\t/\\x08\\x0c\\r\"\\\\'", "\"\\n\\t/\\b\\f\\r\\\"\\\\\""))),
    ("\"\\ud83d\\u0041\"[1:]", Err("Extra data: line 1 column 15 (char 14)")),
    ("{\"\":\"\"}", Ok(("{'': ''}", "{\"\":\"\"}"))),
    ("[[[[]]]]", Ok(("[[[[]]]]", "[[[[]]]]"))),
    ("\u{9}[ ]\u{d}", Ok(("[]", "[]"))),
    ("", Err("Expecting value: line 1 column 1 (char 0)")),
    (" ", Err("Expecting value: line 1 column 2 (char 1)")),
    ("1.", Err("Extra data: line 1 column 2 (char 1)")),
    ("01", Err("Extra data: line 1 column 2 (char 1)")),
    ("1e", Err("Extra data: line 1 column 2 (char 1)")),
    (".5", Err("Expecting value: line 1 column 1 (char 0)")),
    ("+1", Err("Expecting value: line 1 column 1 (char 0)")),
    ("-", Err("Expecting value: line 1 column 1 (char 0)")),
    ("--1", Err("Expecting value: line 1 column 1 (char 0)")),
    ("nan", Err("Expecting value: line 1 column 1 (char 0)")),
    ("infinity", Err("Expecting value: line 1 column 1 (char 0)")),
    ("-NaN", Err("Expecting value: line 1 column 1 (char 0)")),
    ("tru", Err("Expecting value: line 1 column 1 (char 0)")),
    ("nul", Err("Expecting value: line 1 column 1 (char 0)")),
    ("[1,]", Err("Expecting value: line 1 column 4 (char 3)")),
    ("{\"a\":1,}", Err("Expecting property name enclosed in double quotes: line 1 column 8 (char 7)")),
    ("[", Err("Expecting value: line 1 column 2 (char 1)")),
    ("{", Err("Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
    ("{\"a\"", Err("Expecting ':' delimiter: line 1 column 5 (char 4)")),
    ("{\"a\":", Err("Expecting value: line 1 column 6 (char 5)")),
    ("\"abc", Err("Unterminated string starting at: line 1 column 1 (char 0)")),
    ("\"\\u12\"", Err("Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
    ("\"\\uZZZZ\"", Err("Invalid \\uXXXX escape: line 1 column 3 (char 2)")),
    ("\"\\x\"", Err("Invalid \\escape: line 1 column 2 (char 1)")),
    ("\"a\u{1}\"", Err("Invalid control character at: line 1 column 3 (char 2)")),
    ("\"a\u{7f}\"", Ok(("'a\\x7f'", "\"a\\u007f\""))),
    ("1 2", Err("Extra data: line 1 column 3 (char 2)")),
    ("[1 2]", Err("Expecting ',' delimiter: line 1 column 4 (char 3)")),
    ("{\"a\" 1}", Err("Expecting ':' delimiter: line 1 column 6 (char 5)")),
    ("{1:2}", Err("Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
    ("{'a':1}", Err("Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")),
    ("\u{feff}{}", Err("Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")),
    ("[1]]", Err("Extra data: line 1 column 4 (char 3)")),
    ("{\"a\":1}x", Err("Extra data: line 1 column 8 (char 7)")),
    ("\"\\ud83d\\ude0\"", Err("Invalid \\uXXXX escape: line 1 column 9 (char 8)")),
    ("\u{b}1", Err("Expecting value: line 1 column 1 (char 0)")),
    ("\u{a0}1", Err("Expecting value: line 1 column 1 (char 0)")),
    ("Infinityx", Err("Extra data: line 1 column 9 (char 8)")),
    ("[-Infinity1]", Err("Expecting ',' delimiter: line 1 column 11 (char 10)")),
    ("1e+", Err("Extra data: line 1 column 2 (char 1)")),
    ("1E-", Err("Extra data: line 1 column 2 (char 1)")),
    ("0e0", Ok(("0.0", "0.0"))),
    ("-1.5e-3", Ok(("-0.0015", "-0.0015"))),
    ("\"\\\"", Err("Unterminated string starting at: line 1 column 1 (char 0)")),
    ("\"\\u0000\"", Ok(("'\\x00'", "\"\\u0000\""))),
];
const FLOATS: &[(u64, &str, &str)] = &[
    (0x0000000000000000, "0.0", "0.0"), // 0.0
    (0x8000000000000000, "-0.0", "-0.0"), // -0.0
    (0x3ff0000000000000, "1.0", "1.0"), // 1.0
    (0x40091eb851eb851f, "3.14", "3.14"), // 3.14
    (0x3e7ad7f29abcaf48, "1e-07", "1e-07"), // 1e-07
    (0x54b249ad2594c37d, "1e+100", "1e+100"), // 1e+100
    (0x437b69b4ba630f35, "1.2345678901234568e+17", "1.2345678901234568e+17"), // 1.2345678901234568e+17
    (0x3fd3333333333334, "0.30000000000000004", "0.30000000000000004"), // 0.30000000000000004
    (0x4341c37937e08000, "1e+16", "1e+16"), // 1e+16
    (0x430c6bf526340000, "1000000000000000.0", "1000000000000000.0"), // 1000000000000000.0
    (0x4341c37937e07fff, "9999999999999998.0", "9999999999999998.0"), // 9999999999999998.0
    (0x3f1a36e2eb1c432d, "0.0001", "0.0001"), // 0.0001
    (0x3ee4f8b588e368f1, "1e-05", "1e-05"), // 1e-05
    (0x0000000000000001, "5e-324", "5e-324"), // 5e-324
    (0x7fefffffffffffff, "1.7976931348623157e+308", "1.7976931348623157e+308"), // 1.7976931348623157e+308
    (0xc2e56cdb2ad2d384, "-188458221344412.12", "-188458221344412.12"), // -188458221344412.12
    (0x4268050ee3b04d00, "825312615810.4062", "825312615810.4062"), // 825312615810.4062
    (0x4450000000000000, "1.1805916207174113e+21", "1.1805916207174113e+21"), // 1.1805916207174113e+21
    (0x40fe240c9fbe76c9, "123456.789", "123456.789"), // 123456.789
    (0x3fd5555555555555, "0.3333333333333333", "0.3333333333333333"), // 0.3333333333333333
    (0x3fe5555555555555, "0.6666666666666666", "0.6666666666666666"), // 0.6666666666666666
    (0x4059000000000000, "100.0", "100.0"), // 100.0
    (0x4480f0cf064dd592, "1e+22", "1e+22"), // 1e+22
    (0x44b52d02c7e14af6, "1e+23", "1e+23"), // 1e+23
    (0x7ff8000000000000, "nan", "NaN"), // nan
    (0x7ff0000000000000, "inf", "Infinity"), // inf
    (0xfff0000000000000, "-inf", "-Infinity"), // -inf
];
const B64_DECODE: &[(&str, Result<&str, &str>)] = &[
    ("", Ok("")),
    ("e30", Ok("7b7d")),
    ("eyJhIjoxfQ", Ok("7b2261223a317d")),
    ("eyJhIjoxfQ==", Ok("7b2261223a317d")),
    ("eyJ4Ijoi//4ifQ==", Ok("7b2278223a22fffe227d")),
    ("eyJ4Ijoi__4ifQ", Ok("7b2278223a22fffe227d")),
    ("e3 0", Err("binascii.Error: Incorrect padding")),
    ("e!3@0", Ok("7b7d")),
    ("Y", Err("binascii.Error: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4")),
    ("YQ", Ok("61")),
    ("YQ=", Ok("61")),
    ("YQ==x", Ok("61")),
    ("Y=Q", Err("binascii.Error: Incorrect padding")),
    ("YQ=x=", Ok("610c")),
    ("\u{e9}", Ok("")),
    ("Y\u{e9}Q", Err("binascii.Error: Incorrect padding")),
    ("====", Ok("")),
    ("A===", Err("binascii.Error: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4")),
];
const B64DECODE_STANDARD: &[(&str, Result<&str, &str>)] = &[
    ("YQ==", Ok("61")),
    ("YQ", Err("binascii.Error: Incorrect padding")),
    ("Y", Err("binascii.Error: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4")),
    ("eyJ4Ijoi__4ifQ==", Ok("7b2278223a22e227d0")),
    ("eyJ4Ijoi//4ifQ==", Ok("7b2278223a22fffe227d")),
    ("ZGVhZGJlZWY=", Ok("6465616462656566")),
    ("Z\u{e9}", Err("UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)")),
    ("Z\u{e9}\u{e9}", Err("UnicodeEncodeError: 'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)")),
    ("YQ==garbage", Ok("61")),
    ("Y-Q_==", Ok("61")),
    ("", Ok("")),
];
