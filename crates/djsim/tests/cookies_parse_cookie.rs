//! Every case of the oracle's vectors/parse_cookie.json (Django 5.2.19): the dict
//! `parse_cookie` returns, in order, and how `print(request.COOKIES)` shows it.

mod common;

use djsim::http::cookie::{cookies_repr, parse_cookie, parse_cookie_bytes};

fn pairs_of(v: &serde_json::Value) -> Vec<(String, String)> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|p| (p[0].as_str().unwrap_or_default().to_string(), p[1].as_str().unwrap_or_default().to_string()))
        .collect()
}

#[test] // Django 5.2.19, oracle parse_cookie.json
fn vectors_parse_cookie() {
    let v = common::vectors("parse_cookie.json");
    let cases = v["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for c in cases {
        let input = c["input"].as_str().unwrap_or_default();
        let expected = pairs_of(&c["output_pairs"]);
        let got = parse_cookie(input);
        if got != expected {
            failures.push(format!("{input:?}: expected {expected:?}, got {got:?}"));
        }
        if parse_cookie_bytes(input.as_bytes()) != expected {
            failures.push(format!("{input:?}: the bytes form differs"));
        }
        let repr = cookies_repr(&got);
        if repr != c["python_repr"] {
            failures.push(format!("{input:?}: repr expected {}, got {repr}", c["python_repr"]));
        }
    }
    eprintln!("parse_cookie.json: {} cases checked", cases.len());
    assert!(!cases.is_empty());
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[track_caller]
fn check_parse(header: &str, expected: &[(&str, &str)]) {
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(parse_cookie(header), expected, "parse_cookie({header:?})");
}

// README §6, rules the public vectors do not all show.
#[test]
fn rules() {
    check_parse("a=\u{1c}1\u{1f}", &[("a", "1")]); // str.strip() removes U+001C..U+001F
    check_parse("a=\u{3000}1\u{a0}", &[("a", "1")]);
    check_parse("a=\"\\101\\\"\"", &[("a", "A\"")]);
    check_parse("a=\"x\\\ny\"", &[("a", "x\\\ny")]); // `\` before a newline stays
    check_parse("b=1; a=2; b=3", &[("b", "3"), ("a", "2")]);
    check_parse("=", &[]);
    // `if key or val` comes before unquoting: a quoted empty value counts.
    check_parse("\"\"", &[("", "")]);
    check_parse("=\"\"; b=", &[("", ""), ("b", "")]);
    check_parse("a=\"", &[("a", "\"")]);
}

#[test]
fn invalid_utf8_is_replaced() {
    assert_eq!(parse_cookie_bytes(b"a=\xff"), vec![("a".to_string(), "\u{fffd}".to_string())]);
}

#[track_caller]
fn check_repr(pairs: &[(&str, &str)], expected: &str) {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(cookies_repr(&pairs), expected);
}

#[test]
fn repr_is_pythons_dict_repr() {
    check_repr(&[], "{}");
    check_repr(&[("zap", "42"), ("sakaicar", "42")], "{'zap': '42', 'sakaicar': '42'}");
    check_repr(&[("a", "it's")], "{'a': \"it's\"}");
    check_repr(&[("a", "tab\there")], "{'a': 'tab\\there'}");
}
