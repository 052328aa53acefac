//! Property tests: `parse_cookie` and `djsim cookie set` never panic, and what
//! `set_cookie` writes for a legal name reads back through `parse_cookie` unchanged.

use djsim::conf::DjangoVersion;
use djsim::http::calls::apply_calls;
use djsim::http::cookie::parse_cookie;
use djsim::http::response::{CookieArgs, HttpResponse, RESERVED_KEYS};
use djsim::time::SimTime;
use proptest::prelude::*;

/// Headers made of the characters that matter to the parser, and anything else.
fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z;= \"\\\\0-7\t\n,\u{1c}\u{a0}é€😀]{0,40}",
        any::<String>(),
    ]
}

fn legal_key() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+.^_`|~:-]{1,12}".prop_filter("not a reserved name", |k| !RESERVED_KEYS.contains(&k.to_lowercase().as_str()))
}

fn cookie_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z \"\\\\;,=0-7\t\n\u{7f}\u{85}\u{a0}é€\u{3000}😀]{0,20}",
        any::<String>(),
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        "[a-zA-Z ;=\"\\\\]{0,8}".prop_map(Value::from),
        "(19|20|99)[0-9]{2}-0[1-9]-[0-2][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](Z|\\+05:30)?".prop_map(|d| json!({ "datetime": d })),
        (-1e10f64..1e10).prop_map(|s| json!({ "timedelta": s })),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| prop::collection::vec(inner, 0..3).prop_map(Value::from))
}

const KWARGS: [&str; 11] = ["key", "value", "max_age", "expires", "path", "domain", "secure", "httponly", "samesite", "method", "salt"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    /// An empty name with an empty value comes only from a chunk whose value is the
    /// quoted empty string `""`: Django checks `if key or val` before unquoting, so
    /// `parse_cookie('""')` is `{'': ''}` (the other empty chunks are skipped).
    #[test]
    fn parse_cookie_never_panics_nor_yields_an_unquoted_empty_pair(h in header()) {
        for (name, value) in parse_cookie(&h) {
            if name.is_empty() && value.is_empty() {
                let from_quotes = h.split(';').any(|chunk| {
                    let raw = chunk.split_once('=').map_or(chunk, |(_, v)| v);
                    djsim::http::cookie::py_strip(raw) == "\"\""
                });
                prop_assert!(from_quotes, "{:?}", h);
            }
        }
    }

    #[test]
    fn set_cookie_reads_back(key in legal_key(), value in cookie_value()) {
        let mut r = HttpResponse::new("");
        r.set_cookie(&key, &value, &CookieArgs::default(), SimTime::LECTURE).unwrap();
        let m = r.morsel(&key).unwrap();
        prop_assert_eq!(parse_cookie(&format!("{}={}", key, m.coded_value)), vec![(key.clone(), value.clone())]);
        // The whole Set-Cookie line starts with the same pair.
        let line = &r.set_cookie_values()[0];
        let pair = format!("{}={}", key, m.coded_value);
        prop_assert!(line.starts_with(&pair), "{} does not start with {}", line, pair);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn cookie_set_never_panics(
        calls in prop::collection::vec(prop::collection::vec((0..KWARGS.len(), json_value()), 0..6), 1..4),
        key in "[a-z_-]{0,6}",
        v32 in any::<bool>(),
    ) {
        let calls: Vec<serde_json::Value> = calls
            .into_iter()
            .map(|kw| {
                let mut m = serde_json::Map::new();
                m.insert("key".into(), key.clone().into());
                for (i, v) in kw {
                    let v = match KWARGS[i] {
                        "method" => serde_json::Value::from(["set_cookie", "delete_cookie", "set_signed_cookie", "x"][(v.to_string().len()) % 4]),
                        _ => v,
                    };
                    m.insert(KWARGS[i].into(), v);
                }
                serde_json::Value::Object(m)
            })
            .collect();
        let version = if v32 { DjangoVersion::V3_2 } else { DjangoVersion::V5_2 };
        // No secret: set_signed_cookie stops with an error before any signing.
        let _ = apply_calls(&serde_json::Value::from(calls), SimTime::LECTURE, None, version);
    }
}
