//! The performance work changed how some things are computed, never what: each fast
//! path is checked here against the straightforward computation it replaces
//! (`perf` area). Property tests with bounded case counts.

use djsim::browser::psl;
use djsim::browser::Url;
use djsim::conf::DjangoVersion;
use djsim::http::cookie::unquote;
use djsim::http::dates;
use djsim::pyjson::{self, Dict, Value};
use djsim::sessions::codec;
use djsim::signing::{self, Signer};
use djsim::time::SimTime;
use proptest::prelude::*;

const KEY: &str = "oracle-secret-key-not-for-production-0123456789";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// A session dict: short keys, ints and strings, sometimes long and repetitive
/// (so that zlib wins and the payload is compressed).
fn session() -> impl Strategy<Value = Dict> {
    let value = prop_oneof![
        any::<i64>().prop_map(Value::int),
        "[a-z ]{0,12}".prop_map(Value::str),
        (1usize..80).prop_map(|n| Value::str("ab".repeat(n))),
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
    ];
    prop::collection::vec(("[a-z_]{1,10}", value), 0..5).prop_map(|items| {
        let mut d = Dict::new();
        for (k, v) in items {
            d.insert(k, v);
        }
        d
    })
}

fn instant() -> impl Strategy<Value = SimTime> {
    prop_oneof![
        (0i64..4_102_444_800_000_000).prop_map(SimTime::from_unix_micros),
        (-62_135_596_800_000_000i64..253_402_300_799_999_999).prop_map(SimTime::from_unix_micros),
        any::<i64>().prop_map(SimTime::from_unix_micros),
    ]
}

/// Session data as it may reach `decode`: good, signed with another key, damaged, or
/// any text correctly signed (a bad timestamp, base64, zlib or JSON behind a good
/// signature).
fn session_data() -> impl Strategy<Value = (String, String)> {
    let odd_payload = prop_oneof!["[A-Za-z0-9:._\\-]{0,30}", "(\\.?(e30|W10|InN0ciI|eyJhIjoxfQ)|[a-z.]{0,6}):(1iEkh5|-|0|[a-z!]{0,3})"];
    (session(), instant(), prop_oneof![Just(KEY.to_string()), "[a-z]{1,8}"], 0usize..7, any::<usize>(), "[A-Za-z0-9:._\\-]{0,3}", odd_payload).prop_map(
        |(d, now, signing_key, damage, at, insert, odd)| {
            let mut data = codec::encode(&d, &signing_key, now);
            match damage {
                0 => {}
                6 => data = Signer::new(&signing_key, codec::KEY_SALT).sign(&odd),
                1 => data.truncate(at % (data.len() + 1)),
                2 => data.insert_str(at % (data.len() + 1), &insert),
                3 => data = data.replacen(':', "", 1),
                _ => {
                    // Another payload under the same signature.
                    let i = at % (data.len() + 1);
                    data.replace_range(i..(i + 1).min(data.len()), &insert);
                }
            }
            (data, signing_key)
        },
    )
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn sign_json_encoded_is_sign_json(d in session(), key in "[ -~]{0,20}", salt in "[ -~]{0,20}", compress in any::<bool>(), now in instant()) {
        let json = pyjson::dumps_dict(&d);
        let detailed = signing::sign_json(json.clone(), &key, &salt, compress, now);
        prop_assert_eq!(signing::sign_json_encoded(&json, &key, &salt, compress, now), detailed.encoded.clone());
        prop_assert_eq!(codec::encode(&d, &key, now), codec::encode_detailed(&d, &key, now).encoded);
        // The same input again (remembered compression, kept HMAC key): the same bytes.
        prop_assert_eq!(signing::sign_json(json, &key, &salt, compress, now), detailed);
    }

    #[test]
    fn decode_data_is_decode((data, _) in session_data(), v52 in any::<bool>(), fallback in any::<bool>()) {
        let version = if v52 { DjangoVersion::V5_2 } else { DjangoVersion::V3_2 };
        let fallbacks: Vec<String> = if fallback { vec!["[a-z]".into(), KEY.into()] } else { Vec::new() };
        for secret in [KEY, "another-secret"] {
            let full = codec::decode(&data, secret, &fallbacks, version);
            prop_assert_eq!(codec::decode_data(&data, secret, &fallbacks, version), (full.data, full.log));
        }
    }

    #[test]
    fn signature_matches_is_comparing_signatures(value in "[ -~]{0,40}", sig in "[A-Za-z0-9_\\-]{0,44}", key in "[ -~]{0,12}", salt in "[ -~]{0,12}") {
        let signer = Signer::new(&key, &salt);
        let good = signer.signature(&value);
        prop_assert!(signer.signature_matches(&value, &good));
        prop_assert_eq!(signer.signature_matches(&value, &sig), signing::constant_time_compare(&sig, &good));
    }

    #[test]
    fn salted_hmac_is_hmac_of_the_derived_key(salt in "[ -~]{0,20}", secret in "[ -~]{0,20}", msg in prop::collection::vec(any::<u8>(), 0..100), sha1 in any::<bool>()) {
        use hmac::{Hmac, KeyInit, Mac};
        let algorithm = if sha1 { signing::Algorithm::Sha1 } else { signing::Algorithm::Sha256 };
        let key = signing::salted_hmac_key(&salt, &secret, algorithm);
        let expected = if sha1 {
            let mut m = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key).unwrap();
            m.update(&msg);
            m.finalize().into_bytes().to_vec()
        } else {
            let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
            m.update(&msg);
            m.finalize().into_bytes().to_vec()
        };
        // Twice: derived, then remembered.
        prop_assert_eq!(signing::salted_hmac(&salt, &msg, &secret, algorithm), expected.clone());
        prop_assert_eq!(signing::salted_hmac(&salt, &msg, &secret, algorithm), expected);
    }

    #[test]
    fn remembered_zlib_is_zlib(data in prop_oneof![prop::collection::vec(any::<u8>(), 0..600), "(ab|cd|\\{\"x\":1\\}){0,200}".prop_map(String::into_bytes)]) {
        let first = signing::zlib_compress(&data);
        prop_assert_eq!(signing::zlib_decompress(&first).unwrap(), data.clone());
        prop_assert_eq!(signing::zlib_compress(&data), first);
    }

    #[test]
    fn dates_are_simtimes(t in instant()) {
        prop_assert_eq!(dates::http_date(t), t.http_date());
        prop_assert_eq!(dates::runserver_stamp(t), t.runserver_stamp());
        prop_assert_eq!(dates::sqlite_datetime(t), t.sqlite_datetime());
    }

    #[test]
    fn ip_addresses_as_before(host in prop_oneof!["[0-9.]{0,16}", "[0-9a-z.\\[\\]:]{0,12}", any::<String>()]) {
        prop_assert_eq!(psl::is_ip_address(&host), reference_is_ip_address(&host), "{:?}", host);
    }

    #[test]
    fn urls_display_as_before(url in "https?://[a-z0-9.]{1,12}(:[0-9]{1,5})?(/[a-z0-9./]{0,10})?(\\?[a-z=&]{0,8})?") {
        if let Ok(u) = Url::parse(&url) {
            let query = u.query().map(|q| format!("?{q}")).unwrap_or_default();
            prop_assert_eq!(u.to_string(), format!("{}{}{}", u.origin(), u.path(), query));
            let default_port = if u.is_secure() { 443 } else { 80 };
            let host_header = if u.port() == default_port { u.host().to_string() } else { format!("{}:{}", u.host(), u.port()) };
            prop_assert_eq!(u.host_header(), host_header);
            let other = Url::parse("http://127.0.0.1:8000/").unwrap();
            prop_assert_eq!(u.same_site(&other), u.site() == other.site());
        }
    }

    #[test]
    fn url_paths_as_before(path in "(/|[a-z.]{1,3}){0,8}") {
        let url = format!("http://h{path}");
        let u = Url::parse(&url).unwrap();
        let tail = &url["http://h".len()..];
        let want = if tail.is_empty() { "/".to_string() } else { reference_remove_dot_segments(tail) };
        prop_assert_eq!(u.path(), want.as_str(), "{}", url);
    }

    #[test]
    fn unquote_as_before(s in prop_oneof!["\"[a-z\\\\\"0-7]{0,8}\"?", "[\"a\\\\]{0,4}", any::<String>()]) {
        prop_assert_eq!(unquote(&s), reference_unquote(&s));
    }
}

/// `is_ip_address` as it was written before (a dotted quad by `split`).
fn reference_is_ip_address(host: &str) -> bool {
    if host.starts_with('[') && host.ends_with(']') {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n <= 255))
}

/// `unquote` as it was written before (always through a `Vec<char>`).
fn reference_unquote(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 || chars[0] != '"' || chars[chars.len() - 1] != '"' {
        return s.to_string();
    }
    let inner = &chars[1..chars.len() - 1];
    let mut out = String::new();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c == '\\' {
            if let [d0 @ '0'..='3', d1 @ '0'..='7', d2 @ '0'..='7', ..] = inner[i + 1..] {
                let code = (d0 as u32 - '0' as u32) * 64 + (d1 as u32 - '0' as u32) * 8 + (d2 as u32 - '0' as u32);
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                i += 4;
                continue;
            }
            if let Some(&next) = inner.get(i + 1) {
                if next != '\n' {
                    out.push(next);
                    i += 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `remove_dot_segments` as it was written before (always rebuilding the path).
fn reference_remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let n = segments.len();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == n;
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}
