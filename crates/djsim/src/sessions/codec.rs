//! `SessionBase.encode` / `decode`: the modern signed format and the legacy SHA-1
//! format, with a step-by-step explanation for the Database panel.
//! OWNER: signing & encodings.
//!
//! Mirrors `django/contrib/sessions/backends/base.py`: Django 5.2's `encode`/`decode`
//! (oracle README §1, §1.2) and Django 3.2's `decode`, `_legacy_encode`,
//! `_legacy_decode` and `_hash` (README §2).

use crate::conf::DjangoVersion;
use crate::py::repr_str;
use crate::pyjson::{self, Dict, Value};
use crate::signing::{self, Algorithm, Wide};
use crate::time::SimTime;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Signed,
    Legacy,
    Unknown,
}

/// One stage of decoding, for people: `{"stage": "base64", "ok": true, "detail": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecodeStep {
    pub stage: String,
    pub ok: bool,
    pub detail: String,
}

/// What `SessionStore.decode(session_data)` gives, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// What the data looks like: `signed` (`payload:timestamp:signature`, or any
    /// value whose modern signature checks out), `legacy` (standard base64 of
    /// `hash:json`) or `unknown`.
    pub format: Format,
    /// The signature (or legacy hash) checked out.
    pub valid: bool,
    /// What Django loads: `{}` on any failure.
    pub data: Dict,
    /// What Django logs while loading (`Session data corrupted`).
    pub log: Vec<String>,
    pub steps: Vec<DecodeStep>,
    /// A correctly signed JSON that is not a dict (a list, a string, …): Django's
    /// `decode` returns it as it is and the session then holds it, so the first
    /// dict operation on `request.session` fails. `data` is `{}` then.
    pub not_a_dict: Option<Value>,
    /// Django 3.2 only: `decode` raised this exception instead of returning (a
    /// correctly signed modern value whose payload is broken, then not legacy
    /// base64 either): the request fails with a 500. `data` is `{}` then.
    pub raises: Option<String>,
}

/// `SessionStore.key_salt` for the db, cached_db, cache and file backends:
/// `"django.contrib.sessions." + self.__class__.__qualname__`.
pub const KEY_SALT: &str = "django.contrib.sessions.SessionStore";
/// `_hash`: `key_salt = "django.contrib.sessions" + self.__class__.__name__` (no dot).
pub const LEGACY_KEY_SALT: &str = "django.contrib.sessionsSessionStore";
/// What logger `django.security.SuspiciousSession` says, at WARNING.
pub const CORRUPTED: &str = "Session data corrupted";

/// The modern `session_data` (Django ≥ 3.1) for the db/cache/file backends.
///
/// Django: "return signing.dumps(session_dict, salt=self.key_salt,
/// serializer=self.serializer, compress=True)".
pub fn encode(session: &Dict, secret: &str, now: SimTime) -> String {
    signing::sign_json_encoded(&pyjson::dumps_dict(session), secret, KEY_SALT, true, now)
}

/// [`encode`], with every intermediate value.
pub fn encode_detailed(session: &Dict, secret: &str, now: SimTime) -> signing::SignedObject {
    signing::sign_json(pyjson::dumps_dict(session), secret, KEY_SALT, true, now)
}

/// The legacy `session_data` (Django < 3.1, or 3.2 with `DEFAULT_HASHING_ALGORITHM="sha1"`).
///
/// Django 3.2: "serialized = self.serializer().dumps(session_dict); hash = self._hash(serialized);
/// return base64.b64encode(hash.encode() + b':' + serialized).decode('ascii')".
pub fn encode_legacy(session: &Dict, secret: &str) -> String {
    let serialized = pyjson::dumps_dict(session);
    let hash = legacy_hash(serialized.as_bytes(), secret);
    signing::b64encode_standard(format!("{hash}:{serialized}").as_bytes())
}

/// `SessionStore.decode` as the given Django version does it. Django 3.2 is taken
/// with its default `DEFAULT_HASHING_ALGORITHM = "sha256"`; it has no
/// `SECRET_KEY_FALLBACKS` (added in 4.1), so `fallbacks` are not tried there.
pub fn decode(data: &str, secret: &str, fallbacks: &[String], version: DjangoVersion) -> Decoded {
    match version {
        DjangoVersion::V5_2 => decode_django52(data, secret, fallbacks),
        DjangoVersion::V3_2 => {
            let mut d = decode_django32(data, secret, Algorithm::Sha256);
            if !fallbacks.is_empty() {
                d.steps.insert(0, step(false, "settings", "Django 3.2 has no SECRET_KEY_FALLBACKS (added in Django 4.1): only SECRET_KEY is tried."));
            }
            d
        }
    }
}

/// What `SessionStore.decode(session_data)` loads and logs: the `data` and `log`
/// of [`decode`], without the step-by-step explanation when the data is a dict
/// signed with `SECRET_KEY` (every request of a healthy session); anything else
/// takes [`decode`]'s path.
pub fn decode_data(data: &str, secret: &str, fallbacks: &[String], version: DjangoVersion) -> (Dict, Vec<String>) {
    match decode_signed_dict(data, secret) {
        Some(dict) => (dict, Vec::new()),
        None => {
            let d = decode(data, secret, fallbacks, version);
            (d.data, d.log)
        }
    }
}

/// `signing.loads(session_data, salt=self.key_salt)` when it succeeds with the
/// first key both versions try (`SECRET_KEY`, SHA-256) and gives a dict: then
/// Django 5.2 and 3.2 both return it as it is (`Modern::Loaded` in [`try_modern`]).
fn decode_signed_dict(data: &str, secret: &str) -> Option<Dict> {
    let (value, sig) = data.rsplit_once(':')?;
    if !signing::Signer::new(secret, KEY_SALT).signature_matches(value, sig) {
        return None;
    }
    let (payload, ts) = signing::split_timestamp(value).ok()?;
    signing::b62_decode_wide(ts).ok()?;
    match signing::unsign_payload(payload).ok()? {
        Value::Dict(d) => Some(d),
        _ => None,
    }
}

/// Django 5.2's `SessionBase.decode`:
///
/// ```text
/// try: return signing.loads(session_data, salt=self.key_salt, serializer=self.serializer)
/// except signing.BadSignature: logger.warning("Session data corrupted")
/// except Exception: pass
/// return {}
/// ```
pub fn decode_django52(data: &str, secret: &str, fallbacks: &[String]) -> Decoded {
    let mut keys = vec![KeyTry { key: secret, algorithm: Algorithm::Sha256, label: "SECRET_KEY".into() }];
    for (i, k) in fallbacks.iter().enumerate() {
        keys.push(KeyTry { key: k, algorithm: Algorithm::Sha256, label: format!("SECRET_KEY_FALLBACKS[{i}]") });
    }
    let mut t = Trace::default();
    let modern = try_modern(data, &keys, &mut t);
    let mut out = Outcome::new(detect_format(data));
    match modern {
        Modern::Loaded(v) => {
            out.format = Format::Signed;
            out.valid = true;
            out.loaded(v, &mut t, "Django 5.2");
        }
        Modern::Failed { signature_ok: true, error } => {
            out.format = Format::Signed;
            out.valid = true;
            t.push(false, "result", format!("Django 5.2 catches the {} silently and loads an empty session {{}}.", exc_name(&error)));
        }
        Modern::Failed { signature_ok: false, error } => {
            if out.format == Format::Legacy {
                let mut hint = Trace::default();
                let verdict = match try_legacy(data, secret, &mut hint) {
                    Legacy::Returned { hash_ok: true, result: Ok(_) } => "its SHA-1 hash matches this SECRET_KEY, so Django 3.2 would still load it",
                    Legacy::Returned { hash_ok: true, result: Err(_) } => "its SHA-1 hash matches this SECRET_KEY, but its JSON is broken, so Django 3.2 would load {} too",
                    _ => "Django 3.2 would not load it either (its hash does not match this SECRET_KEY)",
                };
                t.push(false, "format", format!("This is the legacy format (standard base64 of 'hash:json', written before Django 3.1). Django 4.0 and later no longer read it; {verdict}."));
            }
            out.log.push(CORRUPTED.into());
            t.push(
                false,
                "result",
                format!("Django 5.2 catches {}, logs '{CORRUPTED}' (logger django.security.SuspiciousSession, WARNING) and loads an empty session {{}}.", exc_name(&error)),
            );
        }
    }
    out.finish(t)
}

/// Django 3.2's `SessionBase.decode` with the given `DEFAULT_HASHING_ALGORITHM`
/// (`Sha256`, the default, or `Sha1`). Its `Signer` also accepts SHA-1 signatures
/// ("legacy_algorithm = 'sha1'"); it has no `SECRET_KEY_FALLBACKS`.
///
/// ```text
/// try: return signing.loads(session_data, salt=self.key_salt, serializer=self.serializer)
/// except signing.BadSignature:
///     try: return self._legacy_decode(session_data)
///     except Exception: logger.warning('Session data corrupted'); return {}
/// except Exception:
///     return self._legacy_decode(session_data)
/// ```
pub fn decode_django32(data: &str, secret: &str, default_hashing_algorithm: Algorithm) -> Decoded {
    let mut keys = vec![KeyTry { key: secret, algorithm: default_hashing_algorithm, label: "SECRET_KEY".into() }];
    if default_hashing_algorithm != Algorithm::Sha1 {
        keys.push(KeyTry { key: secret, algorithm: Algorithm::Sha1, label: "SECRET_KEY (with SHA-1, the legacy algorithm Django 3.2 still accepts)".into() });
    }
    let mut t = Trace::default();
    let modern = try_modern(data, &keys, &mut t);
    let mut out = Outcome::new(detect_format(data));
    match modern {
        Modern::Loaded(v) => {
            out.format = Format::Signed;
            out.valid = true;
            out.loaded(v, &mut t, "Django 3.2");
        }
        Modern::Failed { signature_ok, error } => {
            if signature_ok {
                out.format = Format::Signed;
                out.valid = true;
                t.push(false, "fallback", format!("The signature is good but the payload fails ({}); Django 3.2 catches that and tries the legacy format on the whole value.", exc_name(&error)));
            } else {
                t.push(false, "fallback", format!("Django 3.2 catches {} and tries the legacy format (Django < 3.1).", exc_name(&error)));
            }
            match try_legacy(data, secret, &mut t) {
                Legacy::Raised(e) if signature_ok => {
                    t.push(false, "result", format!("Django 3.2 does not catch this second error: decode() raises {}, and the request fails with a 500.", exc_name(&e)));
                    out.raises = Some(e);
                }
                Legacy::Raised(e) => {
                    out.log.push(CORRUPTED.into());
                    t.push(false, "result", format!("Django 3.2 catches {}, logs '{CORRUPTED}' (logger django.security.SuspiciousSession, WARNING) and loads an empty session {{}}.", exc_name(&e)));
                }
                Legacy::Returned { hash_ok, result } => {
                    if hash_ok {
                        out.format = Format::Legacy;
                        out.valid = true;
                    }
                    match result {
                        Ok(v) => out.loaded(v, &mut t, "Django 3.2"),
                        Err(LegacyFail::Suspicious) => {
                            out.log.push(CORRUPTED.into());
                            t.push(false, "result", format!("_legacy_decode catches SuspiciousSession, logs '{CORRUPTED}' (logger django.security.SuspiciousSession, WARNING) and loads an empty session {{}}."));
                        }
                        Err(LegacyFail::Other(e)) => {
                            t.push(false, "result", format!("_legacy_decode catches the {} silently and loads an empty session {{}}.", exc_name(&e)));
                        }
                    }
                }
            }
        }
    }
    out.finish(t)
}

/// `_hash(value)`: `salted_hmac("django.contrib.sessionsSessionStore", value, algorithm="sha1").hexdigest()`.
pub fn legacy_hash(serialized: &[u8], secret: &str) -> String {
    signing::salted_hmac_hex(LEGACY_KEY_SALT, serialized, secret, Algorithm::Sha1)
}

// ---------------------------------------------------------------------------

struct KeyTry<'a> {
    key: &'a str,
    algorithm: Algorithm,
    label: String,
}

#[derive(Default)]
struct Trace {
    steps: Vec<DecodeStep>,
}

impl Trace {
    fn push(&mut self, ok: bool, stage: &str, detail: String) {
        self.steps.push(step(ok, stage, &detail));
    }
}

fn step(ok: bool, stage: &str, detail: &str) -> DecodeStep {
    DecodeStep { stage: stage.into(), ok, detail: detail.into() }
}

enum Modern {
    Loaded(Value),
    /// `signature_ok`: the exception came after the signature checked out (so it is
    /// not a `BadSignature`). `error` is Python's `Name: message`.
    Failed { signature_ok: bool, error: String },
}

struct Outcome {
    format: Format,
    valid: bool,
    data: Dict,
    log: Vec<String>,
    not_a_dict: Option<Value>,
    raises: Option<String>,
}

impl Outcome {
    fn new(format: Format) -> Self {
        Outcome { format, valid: false, data: Dict::new(), log: Vec::new(), not_a_dict: None, raises: None }
    }

    fn loaded(&mut self, v: Value, t: &mut Trace, who: &str) {
        match v {
            Value::Dict(d) => {
                t.push(true, "result", format!("{who} loads the session {}.", show_long(&pyjson::repr_dict(&d))));
                self.data = d;
            }
            other => {
                t.push(
                    false,
                    "result",
                    format!(
                        "{who} returns this {} as the session data, unchanged: a session should be a dict, so the view's first dict operation on request.session (e.g. .get()) fails.",
                        other.type_name()
                    ),
                );
                self.not_a_dict = Some(other);
            }
        }
    }

    fn finish(self, t: Trace) -> Decoded {
        Decoded {
            format: self.format,
            valid: self.valid,
            data: self.data,
            log: self.log,
            steps: t.steps,
            not_a_dict: self.not_a_dict,
            raises: self.raises,
        }
    }
}

/// `signing.loads(session_data, salt=self.key_salt, …)` with `max_age=None`, one
/// step at a time.
fn try_modern(data: &str, keys: &[KeyTry<'_>], t: &mut Trace) -> Modern {
    // Signer.unsign: "if self.sep not in signed_value: raise BadSignature(...)";
    // "value, sig = signed_value.rsplit(self.sep, 1)".
    let Some((value, sig)) = data.rsplit_once(':') else {
        let detail = if data.is_empty() {
            "The data is empty: there is no ':' to split off a signature. Django raises BadSignature('No \":\" found in value').".to_string()
        } else {
            format!("{} has no ':' to split off a signature. Django raises BadSignature('No \":\" found in value').", show(data))
        };
        t.push(false, "split", detail);
        return Modern::Failed { signature_ok: false, error: "BadSignature: No \":\" found in value".into() };
    };
    match value.rsplit_once(':') {
        Some((payload, ts)) => t.push(
            true,
            "split",
            format!("payload {}, timestamp {}, signature {} (split at the last two ':').", show(payload), show(ts), show(sig)),
        ),
        None => t.push(true, "split", format!("signed value {} and signature {} (split at the last ':').", show(value), show(sig))),
    }

    // "for key in [self.key, *self.fallback_keys]: if constant_time_compare(sig, self.signature(value, key)): return value"
    let salt = format!("{KEY_SALT}signer");
    let mut matched = None;
    let mut first_expected = String::new();
    for (i, k) in keys.iter().enumerate() {
        let signer = signing::Signer { key: k.key, fallback_keys: &[], salt: KEY_SALT, algorithm: k.algorithm };
        let expected = signer.signature_with(value, k.key);
        if i == 0 {
            first_expected = expected.clone();
        }
        if signing::constant_time_compare(sig, &expected) {
            matched = Some(k);
            break;
        }
    }
    let Some(k) = matched else {
        let others = match keys.len() {
            1 => String::new(),
            2 => format!(", nor with {}", keys[1].label),
            n => format!(", nor with any of the other {} keys tried", n - 1),
        };
        t.push(
            false,
            "signature",
            format!(
                "{} of the signed value, keyed with {}(key_salt {} + SECRET_KEY), is {}; the data has {}. No match with SECRET_KEY{others}: Django raises BadSignature.",
                keys[0].algorithm.hmac_name(),
                keys[0].algorithm.name(),
                repr_str(&salt),
                show(&first_expected),
                show(sig)
            ),
        );
        return Modern::Failed { signature_ok: false, error: format!("BadSignature: Signature \"{sig}\" does not match") };
    };
    t.push(
        true,
        "signature",
        format!(
            "{} of {}, keyed with {}(key_salt {} + key), matches: it was signed with {}.",
            k.algorithm.hmac_name(),
            show(value),
            k.algorithm.name(),
            repr_str(&salt),
            k.label
        ),
    );

    // TimestampSigner.unsign: "value, timestamp = result.rsplit(self.sep, 1); timestamp = b62_decode(timestamp)"
    let (payload, ts) = match signing::split_timestamp(value) {
        Ok(p) => p,
        Err(e) => {
            t.push(false, "timestamp", format!("The signed value {} has no ':' before a timestamp: {}.", show(value), e.python()));
            return Modern::Failed { signature_ok: true, error: e.python() };
        }
    };
    match signing::b62_decode_wide(ts) {
        Ok(n) => t.push(
            true,
            "timestamp",
            format!(
                "{} is base 62 for {}{}. SessionStore.decode passes max_age=None, so its age is not checked (the row's expire_date decides).",
                show(ts),
                wide_str(n),
                wide_date(n)
            ),
        ),
        Err(e) => {
            t.push(false, "timestamp", format!("{} is not a base 62 number: {}.", show(ts), e.python()));
            return Modern::Failed { signature_ok: true, error: e.python() };
        }
    }

    // unsign_object: "decompress = base64d[:1] == b'.'"; "data = b64_decode(base64d)"
    let (compressed, b64) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    let bytes = match signing::b64_decode(b64) {
        Ok(b) => b,
        Err(e) => {
            t.push(false, "base64", format!("URL-safe base64 decoding of {} fails: {}.", show(b64), e.python()));
            return Modern::Failed { signature_ok: true, error: e.python() };
        }
    };
    let json_bytes = if compressed {
        t.push(true, "base64", format!("The leading '.' means zlib-compressed; URL-safe base64 decoding of the rest gives {} bytes of zlib data.", bytes.len()));
        match signing::zlib_decompress(&bytes) {
            Ok(raw) => {
                t.push(true, "zlib", format!("zlib inflates {} bytes to {} bytes: {}.", bytes.len(), raw.len(), show(&signing::latin1(&raw))));
                raw
            }
            Err(e) => {
                t.push(false, "zlib", format!("zlib cannot inflate the {} bytes: {}.", bytes.len(), e.python()));
                return Modern::Failed { signature_ok: true, error: e.python() };
            }
        }
    } else {
        t.push(true, "base64", format!("URL-safe base64 decoding of {} gives {}.", show(b64), show(&signing::latin1(&bytes))));
        bytes
    };
    json_step(&json_bytes, t).map_or_else(|error| Modern::Failed { signature_ok: true, error }, Modern::Loaded)
}

/// `JSONSerializer.loads`: "json.loads(data.decode('latin-1'))".
fn json_step(bytes: &[u8], t: &mut Trace) -> Result<Value, String> {
    match signing::json_loads_latin1(bytes) {
        Ok(v) => {
            let what = match &v {
                Value::Dict(d) => format!("a dict with {} key{}", d.len(), if d.len() == 1 { "" } else { "s" }),
                other => format!("a {}, not a dict", other.type_name()),
            };
            t.push(v.as_dict().is_some(), "json", format!("json.loads (the bytes read as latin-1) gives {what}: {}.", show_long(&pyjson::repr(&v))));
            Ok(v)
        }
        Err(e) => {
            t.push(false, "json", format!("json.loads fails: {}.", e.python()));
            Err(e.python())
        }
    }
}

enum Legacy {
    /// An exception escaped `_legacy_decode` (from `base64.b64decode`).
    Raised(String),
    /// `_legacy_decode` returned; `hash_ok`: the hash matched.
    Returned { hash_ok: bool, result: Result<Value, LegacyFail> },
}

enum LegacyFail {
    /// `SuspiciousSession("Session data corrupted")`, logged.
    Suspicious,
    /// Any other exception, caught silently.
    Other(String),
}

/// Django 3.2's `_legacy_decode`:
///
/// ```text
/// encoded_data = base64.b64decode(session_data.encode('ascii'))
/// try:
///     hash, serialized = encoded_data.split(b':', 1)
///     expected_hash = self._hash(serialized)
///     if not constant_time_compare(hash.decode(), expected_hash):
///         raise SuspiciousSession("Session data corrupted")
///     else:
///         return self.serializer().loads(serialized)
/// except Exception as e:
///     if isinstance(e, SuspiciousOperation): logger.warning(str(e))
///     return {}
/// ```
fn try_legacy(data: &str, secret: &str, t: &mut Trace) -> Legacy {
    let decoded = match signing::b64decode_standard(data) {
        Ok(b) => b,
        Err(e) => {
            t.push(false, "base64", format!("Standard base64 decoding (base64.b64decode) of {} fails: {}.", show(data), e.python()));
            return Legacy::Raised(e.python());
        }
    };
    t.push(true, "base64", format!("Standard base64 decoding gives {}.", show(&signing::latin1(&decoded))));
    let Some(colon) = decoded.iter().position(|&b| b == b':') else {
        let e = "ValueError: not enough values to unpack (expected 2, got 1)".to_string();
        t.push(false, "hash:json split", format!("There is no ':' in the decoded bytes to separate hash and JSON: {e}."));
        return Legacy::Returned { hash_ok: false, result: Err(LegacyFail::Other(e)) };
    };
    let (hash, serialized) = (&decoded[..colon], &decoded[colon + 1..]);
    t.push(
        true,
        "hash:json split",
        format!("Split at the first ':': hash {} and JSON {}.", show(&signing::latin1(hash)), show(&signing::latin1(serialized))),
    );
    let expected = legacy_hash(serialized, secret);
    // hash.decode(): UTF-8, strict.
    let hash = match std::str::from_utf8(hash) {
        Ok(h) => h,
        Err(err) => {
            let e = utf8_error_python(hash, &err);
            t.push(false, "hash check", format!("The hash part is not UTF-8 text, so hash.decode() raises {e}."));
            return Legacy::Returned { hash_ok: false, result: Err(LegacyFail::Other(e)) };
        }
    };
    let how = format!("HMAC-SHA1 of the JSON, keyed with sha1(key_salt {} + SECRET_KEY)", repr_str(LEGACY_KEY_SALT));
    if !signing::constant_time_compare(hash, &expected) {
        t.push(
            false,
            "hash check",
            format!("{how}, is {}; the data has {} (compared as text, case-sensitive). Django raises SuspiciousSession('{CORRUPTED}').", show(&expected), show(hash)),
        );
        return Legacy::Returned { hash_ok: false, result: Err(LegacyFail::Suspicious) };
    }
    t.push(true, "hash check", format!("{how}, is {}: it matches.", show(&expected)));
    let result = json_step(serialized, t).map_err(LegacyFail::Other);
    Legacy::Returned { hash_ok: true, result }
}

/// Python's `UnicodeDecodeError` text for `bytes.decode()` (UTF-8, strict).
fn utf8_error_python(bytes: &[u8], err: &std::str::Utf8Error) -> String {
    let pos = err.valid_up_to();
    let byte = bytes.get(pos).copied().unwrap_or(0);
    let reason = match err.error_len() {
        None => "unexpected end of data",
        Some(_) if (0x80..=0xc1).contains(&byte) || byte >= 0xf5 => "invalid start byte",
        Some(_) => "invalid continuation byte",
    };
    format!("UnicodeDecodeError: 'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {reason}")
}

/// What the data looks like, before any key is tried.
fn detect_format(data: &str) -> Format {
    if data.matches(':').count() >= 2 {
        return Format::Signed;
    }
    match signing::b64decode_standard(data) {
        Ok(b) if b.contains(&b':') => Format::Legacy,
        _ => Format::Unknown,
    }
}

/// The Python exception's class name, from `Name: message`.
fn exc_name(python: &str) -> &str {
    python.split_once(':').map_or(python, |(name, _)| name)
}

fn wide_str(n: Wide) -> String {
    match n {
        Wide::Exact(n) => n.to_string(),
        Wide::Approx(f) => format!("about {}", pyjson::float_repr(f)),
    }
}

/// ` = 2019-09-29T23:17:55Z` for a timestamp between the years 1 and 9999.
fn wide_date(n: Wide) -> String {
    match n {
        Wide::Exact(n) if (-62_135_596_800..=253_402_300_799).contains(&n) => {
            format!(" = {} (UTC)", SimTime::from_unix_secs(n as i64).rfc3339())
        }
        _ => " (a time beyond the year 9999)".into(),
    }
}

/// `repr()` of a text, shortened when long.
fn show(s: &str) -> String {
    shorten(&repr_str(s), 120)
}

/// A repr that may be longer (a whole session dict).
fn show_long(r: &str) -> String {
    shorten(r, 400)
}

fn shorten(r: &str, max: usize) -> String {
    let n = r.chars().count();
    if n <= max {
        return r.to_string();
    }
    let head: String = r.chars().take(max).collect();
    format!("{head}… ({n} characters in all)")
}
