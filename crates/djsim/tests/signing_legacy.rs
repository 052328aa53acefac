//! Every case of the oracle's `vectors/legacy.json`: the legacy SHA-1
//! `session_data` as Django 3.2.25 writes it (`DEFAULT_HASHING_ALGORITHM='sha1'`),
//! and what Django 3.2.25 and 5.2.19 each load from it, including the lecture's
//! own value.

mod common;

use common::Report;

use djsim::conf::DjangoVersion;
use djsim::pyjson::{self, Dict, Value};
use djsim::sessions::codec::{self, Format};
use djsim::signing::{self, Algorithm};

fn oracle(name: &str) -> Value {
    let path = common::oracle_dir().join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pyjson::loads(&text).unwrap_or_else(|e| panic!("{}: our json.loads rejects it: {e}", path.display()))
}

#[track_caller]
fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.as_dict().and_then(|d| d.get(key)).unwrap_or_else(|| panic!("oracle case has no {key:?}: {}", pyjson::repr(v)))
}

fn opt_text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.as_dict().and_then(|d| d.get(key)).and_then(Value::as_str)
}

#[track_caller]
fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    field(v, key).as_str().unwrap_or_else(|| panic!("{key:?} is not a string"))
}

#[track_caller]
fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    match field(v, key) {
        Value::List(items) => items,
        other => panic!("{key:?} is not a list: {}", pyjson::repr(other)),
    }
}

const DJ4E_SAMPLES_KEY: &str = "kz=1@)c(&%4t*glbd5t(5z6yp5e-)s!bq!n#cez&lre*-w#s+^";
const LECTURE_VALUE: &str = "OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9";

/// The legacy encoding of one session, every intermediate value.
fn check_legacy_encode(c: &Value, r: &mut Report) {
    let id = text(c, "id");
    let secret = text(c, "secret_key");
    let Value::Dict(session) = field(c, "session") else { panic!("{id}: session") };
    let serialized = pyjson::dumps_dict(session);
    r.eq(id, "serialized_json", serialized.as_str(), text(c, "serialized_json"));
    r.eq(id, "key_salt", codec::LEGACY_KEY_SALT, text(c, "key_salt"));
    r.eq(id, "derived_key_hex", signing::hex(&signing::salted_hmac_key(codec::LEGACY_KEY_SALT, secret, Algorithm::Sha1)), text(c, "derived_key_hex").to_string());
    let hash = codec::legacy_hash(serialized.as_bytes(), secret);
    r.eq(id, "hash_hex", hash.as_str(), text(c, "hash_hex"));
    if let Some(plain) = opt_text(c, "plain").or(opt_text(c, "base64_decoded")) {
        r.eq(id, "plain", format!("{hash}:{serialized}").as_str(), plain);
        r.eq(id, "b64decode(session_data)", signing::b64decode_standard(text(c, "session_data")), Ok(plain.as_bytes().to_vec()));
    }
    r.eq(id, "session_data", codec::encode_legacy(session, secret).as_str(), text(c, "session_data"));
}

/// A plain model of README §2's check: base64, split at the first ':', compare.
fn legacy_hash_matches(data: &str, secret: &str) -> bool {
    let Ok(bytes) = signing::b64decode_standard(data) else { return false };
    let Some(colon) = bytes.iter().position(|&b| b == b':') else { return false };
    bytes[..colon] == *codec::legacy_hash(&bytes[colon + 1..], secret).as_bytes()
}

/// What `decode` loads and logs, as Django 3.2 and Django 5.2 did.
fn check_legacy_decode(c: &Value, r: &mut Report) {
    let id = text(c, "id");
    let secret = text(c, "secret_key");
    let data = text(c, "session_data");
    for (key, version) in [("decode_django32", DjangoVersion::V3_2), ("decode_django5", DjangoVersion::V5_2)] {
        let want = field(c, key);
        let d = codec::decode(data, secret, &[], version);
        let Value::Dict(want_data) = field(want, "decoded") else { panic!("{id}: {key}.decoded") };
        r.eq(id, &format!("{key} decoded"), &d.data, want_data);
        let logs: Vec<String> = list(want, "logs")
            .iter()
            .map(|l| {
                r.eq(id, "logger", text(l, "logger"), "django.security.SuspiciousSession");
                r.eq(id, "level", text(l, "level"), "WARNING");
                text(l, "message").to_string()
            })
            .collect();
        r.eq(id, &format!("{key} logs"), &d.log, &logs);
        r.eq(id, &format!("{key} raises"), &d.raises, &None);
        // Only Django 3.2 checks the legacy hash; 5.2 never accepts this format.
        r.eq(id, &format!("{key} valid"), d.valid, version == DjangoVersion::V3_2 && legacy_hash_matches(data, secret));
    }
}

#[test]
fn legacy_cases() {
    let v = oracle("legacy.json");
    let mut r = Report::default();
    let cases = list(&v, "cases");
    let (mut encodes, mut decodes) = (0, 0);
    for c in cases {
        if c.as_dict().is_some_and(|d| d.contains_key("session")) {
            check_legacy_encode(c, &mut r);
            encodes += 1;
        }
        check_legacy_decode(c, &mut r);
        decodes += 1;
    }
    eprintln!("legacy.json: {encodes} encodes, {decodes} decodes (3.2 and 5.2 each)");
    r.finish("legacy.json", cases.len());
}

// ---------------------------------------------------------------------------
// The lecture's row, step by step (oracle README §2)

#[test]
fn lecture_value_verifies_under_django32() {
    let d = codec::decode(LECTURE_VALUE, DJ4E_SAMPLES_KEY, &[], DjangoVersion::V3_2);
    assert_eq!((d.format, d.valid), (Format::Legacy, true));
    let mut want = Dict::new();
    want.insert("num_visits", Value::int(2));
    assert_eq!(d.data, want);
    assert!(d.log.is_empty());
    let stages: Vec<&str> = d.steps.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(stages, ["split", "fallback", "base64", "hash:json split", "hash check", "json", "result"], "{:#?}", d.steps);
    let detail = |stage: &str| d.steps.iter().find(|s| s.stage == stage).map(|s| s.detail.clone()).unwrap_or_default();
    assert!(detail("base64").contains(r#"'9cd8d1b8879d7fa9766e58645c3fd8b7a33892a6:{"num_visits":2}'"#), "{}", detail("base64"));
    assert!(detail("hash check").contains("django.contrib.sessionsSessionStore"), "{}", detail("hash check"));
    assert!(detail("hash check").contains("it matches"), "{}", detail("hash check"));
}

#[test]
fn lecture_value_is_corrupted_under_django52() {
    let d = codec::decode(LECTURE_VALUE, DJ4E_SAMPLES_KEY, &[], DjangoVersion::V5_2);
    assert_eq!((d.format, d.valid), (Format::Legacy, false));
    assert!(d.data.is_empty());
    assert_eq!(d.log, [codec::CORRUPTED]);
    let stages: Vec<&str> = d.steps.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(stages, ["split", "format", "result"], "{:#?}", d.steps);
    assert!(d.steps[1].detail.contains("Django 3.2 would still load it"), "{}", d.steps[1].detail);
}

#[test]
fn django32_sha1_setting_rejects_sha256_signatures() {
    // With DEFAULT_HASHING_ALGORITHM='sha1', 3.2's Signer uses SHA-1 only.
    let mut s = Dict::new();
    s.insert("num_visits", Value::int(1));
    let modern = codec::encode(&s, "k", djsim::time::SimTime::LECTURE);
    assert_eq!(codec::decode_django32(&modern, "k", Algorithm::Sha256).data, s);
    let d = codec::decode_django32(&modern, "k", Algorithm::Sha1);
    assert!(d.data.is_empty());
    assert_eq!(d.log, [codec::CORRUPTED]);
    // The legacy format is read whatever the setting.
    let legacy = codec::encode_legacy(&s, "k");
    assert_eq!(codec::decode_django32(&legacy, "k", Algorithm::Sha1).data, s);
}

#[test]
fn django32_raises_when_a_good_signature_covers_a_broken_payload() {
    // 3.2: "except Exception: return self._legacy_decode(session_data)" is not
    // guarded, so b64decode's binascii.Error escapes decode().
    let signer = signing::Signer::new("k", codec::KEY_SALT);
    let data = signer.sign_timestamped("bm90IGpzb2", djsim::time::SimTime::LECTURE); // "not jso": Python gives "Incorrect padding" for the whole value
    let d = codec::decode(&data, "k", &[], DjangoVersion::V3_2);
    assert!(d.valid);
    assert!(d.data.is_empty());
    assert!(d.log.is_empty());
    assert!(d.raises.as_deref().is_some_and(|e| e.starts_with("binascii.Error")), "{data} {:#?}", d.steps);
    // 5.2 swallows it.
    let d5 = codec::decode(&data, "k", &[], DjangoVersion::V5_2);
    assert_eq!((d5.valid, d5.raises, d5.log.len()), (true, None, 0));
}
