//! Property tests: the parsers never panic on any input, and what we write we
//! read back (Python's `json`, Django's signing and both session formats).

use djsim::conf::DjangoVersion;
use djsim::pyjson::{self, Dict, Value};
use djsim::sessions::codec;
use djsim::signing::{self, Algorithm};
use djsim::time::SimTime;
use proptest::prelude::*;

const KEY: &str = "oracle-secret-key-not-for-production-0123456789";

/// Text that looks a little like JSON, session data or base64, to reach deep paths.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\[\\]{}:,\" 0-9eE.+\\-tfnulNaIiy\\\\u/bdcrs\t\n]{0,40}",
        "[A-Za-z0-9+/=_\\-:.é ]{0,80}",
    ]
}

fn canonical_int() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        ("-?", "[1-9][0-9]{18,60}").prop_map(|(s, d)| format!("{s}{d}")),
    ]
}

/// Any characters (controls, astral, …), a few of them.
fn short_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter)
}

/// Any Python value JSON can carry, floats without NaN (NaN != NaN).
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        canonical_int().prop_map(Value::Int),
        any::<f64>().prop_filter("NaN never equals itself", |f| !f.is_nan()).prop_map(Value::Float),
        prop_oneof![Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(-0.0), Just(1e-7), Just(1e16)].prop_map(Value::Float),
        short_text().prop_map(Value::Str),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            prop::collection::vec((short_text(), inner), 0..6).prop_map(|kv| Value::Dict(dict(kv))),
        ]
    })
}

/// A dict from pairs, a repeated key keeping its first position (as Python's would).
fn dict(kv: Vec<(String, Value)>) -> Dict {
    let mut d = Dict::new();
    for (k, v) in kv {
        d.insert(k, v);
    }
    d
}

fn session() -> impl Strategy<Value = Dict> {
    prop::collection::vec(("[a-z_]{0,12}|\\PC{0,6}", value()), 0..5).prop_map(dict)
}

fn now() -> impl Strategy<Value = SimTime> {
    (0i64..8_000_000_000_000_000).prop_map(SimTime::from_unix_micros)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn loads_never_panics(s in jsonish()) {
        let _ = pyjson::loads(&s);
    }

    #[test]
    fn loads_reads_what_dumps_writes(v in value()) {
        let text = pyjson::dumps(&v);
        prop_assert!(text.is_ascii(), "ensure_ascii: {}", text);
        prop_assert_eq!(pyjson::loads(&text), Ok(v.clone()));
        let _ = pyjson::repr(&v);
    }

    #[test]
    fn nan_survives_as_nan(nan_first in any::<bool>()) {
        let v = if nan_first { Value::List(vec![Value::Float(f64::NAN), Value::int(1)]) } else { Value::Float(f64::NAN) };
        let back = pyjson::loads(&pyjson::dumps(&v)).unwrap();
        prop_assert_eq!(pyjson::dumps(&back), pyjson::dumps(&v));
    }

    #[test]
    fn decoders_never_panic(s in jsonish()) {
        let _ = signing::b64_decode(&s);
        let _ = signing::b64decode_standard(&s);
        let _ = signing::b62_decode(&s);
        let _ = signing::zlib_decompress(s.as_bytes());
        let _ = signing::loads(&s, KEY, &[], codec::KEY_SALT, Some(60.0), SimTime::LECTURE);
        for version in [DjangoVersion::V5_2, DjangoVersion::V3_2] {
            let d = codec::decode(&s, KEY, &["old".to_string()], version);
            prop_assert!(!d.steps.is_empty());
            prop_assert!(d.valid || !d.log.is_empty() || d.data.is_empty());
        }
        let _ = codec::decode_django32(&s, KEY, Algorithm::Sha1);
    }

    #[test]
    fn decode_never_panics_on_signed_junk(payload in jsonish(), ts in "[0-9A-Za-z\\-!]{0,30}") {
        // A good signature over anything: every stage after the signature check runs.
        let signed = signing::Signer::new(KEY, codec::KEY_SALT).sign(&format!("{payload}:{ts}"));
        let d = codec::decode(&signed, KEY, &[], DjangoVersion::V5_2);
        prop_assert!(d.valid && d.log.is_empty() && d.raises.is_none());
        // 3.2 falls back to the legacy format on a bad payload, which may log or raise.
        let d = codec::decode(&signed, KEY, &[], DjangoVersion::V3_2);
        prop_assert!(d.valid);
    }

    #[test]
    fn signing_round_trip(v in value(), t in now(), compress in any::<bool>()) {
        let s = signing::dumps(&v, KEY, "salt", compress, t);
        prop_assert_eq!(signing::loads(&s, KEY, &[], "salt", None, t), Ok(v));
        prop_assert!(signing::loads(&s, "other", &[], "salt", None, t).is_err());
    }

    #[test]
    fn b62_round_trip(n in any::<i64>()) {
        prop_assert_eq!(signing::b62_decode(&signing::b62_encode(n)), Ok(n));
    }

    #[test]
    fn b64_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(signing::b64_decode(&signing::b64_encode(&bytes)), Ok(bytes.clone()));
        prop_assert_eq!(signing::b64decode_standard(&signing::b64encode_standard(&bytes)), Ok(bytes.clone()));
        prop_assert_eq!(signing::zlib_decompress(&signing::zlib_compress(&bytes)), Ok(bytes));
    }
}

// Each case signs, compresses and decodes four times: fewer cases keep it quick.
proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn sessions_round_trip(s in session(), t in now()) {
        let modern = codec::encode(&s, KEY, t);
        for version in [DjangoVersion::V5_2, DjangoVersion::V3_2] {
            let d = codec::decode(&modern, KEY, &[], version);
            prop_assert_eq!(&d.data, &s);
            prop_assert!(d.valid && d.log.is_empty());
        }
        let legacy = codec::encode_legacy(&s, KEY);
        let d = codec::decode(&legacy, KEY, &[], DjangoVersion::V3_2);
        prop_assert_eq!(&d.data, &s);
        prop_assert_eq!(d.format, codec::Format::Legacy);
        let d5 = codec::decode(&legacy, KEY, &[], DjangoVersion::V5_2);
        prop_assert!(d5.data.is_empty() && d5.log == [codec::CORRUPTED]);
    }
}
