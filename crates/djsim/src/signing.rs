//! `django.core.signing` and `django.utils.crypto.salted_hmac` (oracle README §1–§4).
//! OWNER: signing & encodings.
//!
//! Mirrors Django 5.2's `django/core/signing.py` (`b62_encode`, `b62_decode`,
//! `b64_encode`, `b64_decode`, `Signer`, `TimestampSigner`, `dumps`, `loads`) and
//! `django/utils/crypto.py` (`salted_hmac`, `constant_time_compare`), with
//! CPython 3.11's `base64`/`binascii.a2b_base64` (non-strict) and `zlib` (level 6,
//! the real zlib through `flate2`'s `zlib` feature, so compressed bytes match).
//!
//! Python exceptions become [`SigningError`]s. Their text is what Python shows as
//! `type(e).__name__ + ": " + str(e)` through [`SigningError::python`]; for
//! [`SigningError::BadPayload`] the message already carries the exception's name
//! (`ValueError: substring not found`, `binascii.Error: Incorrect padding`,
//! `zlib.error: Error -3 while decompressing data: incorrect header check`).

use crate::pyjson::{self, Value};
use crate::time::SimTime;
use hmac::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
}

impl Algorithm {
    /// `hashlib`'s name: `sha1`, `sha256`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
        }
    }
    /// For people: `HMAC-SHA256`.
    pub fn hmac_name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha256 => "HMAC-SHA256",
        }
    }
}

/// What `signing.loads` / `Signer.unsign` raise.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// `BadSignature`, with Django's message (`Signature "…" does not match`).
    BadSignature(String),
    /// `SignatureExpired` (a subclass of BadSignature in Django).
    SignatureExpired(String),
    /// Anything else that fails after the signature checked out (base64, zlib, JSON).
    BadPayload(String),
}

impl std::fmt::Display for SigningError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SigningError::BadSignature(m) | SigningError::SignatureExpired(m) | SigningError::BadPayload(m) => f.write_str(m),
        }
    }
}
impl std::error::Error for SigningError {}

impl SigningError {
    /// `f"{type(e).__name__}: {e}"`: `BadSignature: Signature "x" does not match`,
    /// `SignatureExpired: Signature age 1209600.591447115 > 1209600 seconds`,
    /// `ValueError: substring not found`.
    pub fn python(&self) -> String {
        match self {
            SigningError::BadSignature(m) => format!("BadSignature: {m}"),
            SigningError::SignatureExpired(m) => format!("SignatureExpired: {m}"),
            SigningError::BadPayload(m) => m.clone(),
        }
    }
    /// `isinstance(e, BadSignature)` (true for `SignatureExpired` too).
    pub fn is_bad_signature(&self) -> bool {
        matches!(self, SigningError::BadSignature(_) | SigningError::SignatureExpired(_))
    }
}

/// `salted_hmac(key_salt, value, secret, algorithm=…).digest()`.
///
/// Django: "key = hasher(key_salt + secret).digest()" then
/// "return hmac.new(key, msg=force_bytes(value), digestmod=hasher)".
pub fn salted_hmac(key_salt: &str, value: &[u8], secret: &str, algorithm: Algorithm) -> Vec<u8> {
    keyed_digest((key_salt, ""), secret, value, algorithm).as_slice().to_vec()
}

/// The derived key `hasher(key_salt + secret).digest()` that [`salted_hmac`] uses.
pub fn salted_hmac_key(key_salt: &str, secret: &str, algorithm: Algorithm) -> Vec<u8> {
    let mut material = Vec::with_capacity(key_salt.len() + secret.len());
    material.extend_from_slice(key_salt.as_bytes());
    material.extend_from_slice(secret.as_bytes());
    match algorithm {
        Algorithm::Sha1 => Sha1::digest(&material).to_vec(),
        Algorithm::Sha256 => Sha256::digest(&material).to_vec(),
    }
}

/// `salted_hmac(…).hexdigest()`: lowercase hex.
pub fn salted_hmac_hex(key_salt: &str, value: &[u8], secret: &str, algorithm: Algorithm) -> String {
    hex(&salted_hmac(key_salt, value, secret, algorithm))
}

/// Lowercase hex of bytes, as `hexdigest()` writes it.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// `constant_time_compare(val1, val2)`: `secrets.compare_digest(force_bytes(val1),
/// force_bytes(val2))`; the time taken does not depend on where they differ.
pub fn constant_time_compare(a: &str, b: &str) -> bool {
    constant_time_compare_bytes(a.as_bytes(), b.as_bytes())
}

fn constant_time_compare_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `signing.BASE62_ALPHABET`.
pub const BASE62_ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `signing.b62_encode`.
pub fn b62_encode(n: i64) -> String {
    let mut out = String::with_capacity(12);
    b62_encode_onto(&mut out, n);
    out
}

/// [`b62_encode`] appended to `out`.
fn b62_encode_onto(out: &mut String, n: i64) {
    // "if s == 0: return '0'; sign = '-' if s < 0 else ''; s = abs(s); while s > 0:
    //  s, remainder = divmod(s, 62); encoded = BASE62_ALPHABET[remainder] + encoded"
    if n == 0 {
        out.push('0');
        return;
    }
    let alphabet = BASE62_ALPHABET.as_bytes();
    let mut s = n.unsigned_abs();
    // 62^11 > 2^64: eleven digits at most.
    let mut digits = [0u8; 11];
    let mut i = digits.len();
    while s > 0 {
        i -= 1;
        digits[i] = alphabet[(s % 62) as usize];
        s /= 62;
    }
    if n < 0 {
        out.push('-');
    }
    out.extend(digits[i..].iter().map(|&d| d as char));
}

/// `signing.b62_decode`; an error where Python raises (a character outside the alphabet).
///
/// `""` raises `IndexError: string index out of range`; a character outside the
/// alphabet `ValueError: substring not found`; `"-"` is 0, as in Django. Python's
/// ints have no limit: a value beyond `i64` is an error here only (`signing::loads`
/// and the session decoder accept any length, as Django does).
pub fn b62_decode(s: &str) -> Result<i64, SigningError> {
    match b62_decode_wide(s)? {
        Wide::Exact(n) => i64::try_from(n).map_err(|_| out_of_range(s)),
        Wide::Approx(_) => Err(out_of_range(s)),
    }
}

/// `signing.b64_encode`: URL-safe base64 without padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    base64_encode(bytes, URLSAFE_ALPHABET, false)
}

/// `signing.b64_decode`: pads, accepts both alphabets, discards other characters.
///
/// Django: "pad = b'=' * (-len(s) % 4); return base64.urlsafe_b64decode(s + pad)",
/// where `s` is the UTF-8 bytes of the text and `urlsafe_b64decode` maps `-_` to
/// `+/` and then decodes without validation (`binascii.a2b_base64`, non-strict).
pub fn b64_decode(s: &str) -> Result<Vec<u8>, SigningError> {
    let pad = (4 - s.len() % 4) % 4;
    let bytes = s
        .bytes()
        .map(|c| match c {
            b'-' => b'+',
            b'_' => b'/',
            c => c,
        })
        .chain(std::iter::repeat_n(b'=', pad));
    a2b_base64_iter(bytes, s.len() + pad).map_err(SigningError::BadPayload)
}

/// `base64.b64encode(b)`: the standard alphabet, with `=` padding.
pub fn b64encode_standard(bytes: &[u8]) -> String {
    base64_encode(bytes, STANDARD_ALPHABET, true)
}

/// `base64.b64decode(s.encode("ascii"))`: the standard alphabet only, other
/// characters discarded, padding required. Errors as Python words them
/// (`UnicodeEncodeError: 'ascii' codec can't encode …`, `binascii.Error: Incorrect padding`).
pub fn b64decode_standard(s: &str) -> Result<Vec<u8>, SigningError> {
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        // The codec reports the whole run of unencodable characters.
        let run = s.chars().skip(i).take_while(|c| !c.is_ascii()).count();
        let what = if run == 1 {
            format!("character {} in position {i}", py_char_escape(c))
        } else {
            format!("characters in position {i}-{}", i + run - 1)
        };
        return Err(SigningError::BadPayload(format!(
            "UnicodeEncodeError: 'ascii' codec can't encode {what}: ordinal not in range(128)"
        )));
    }
    a2b_base64(s.as_bytes()).map_err(SigningError::BadPayload)
}

/// `zlib.compress(data)` at level 6 (Python's default), byte-identical to CPython's.
pub fn zlib_compress(data: &[u8]) -> Vec<u8> {
    // Compression is a pure function of the bytes, and sessions keep saving the same
    // few small dicts (`{"num_visits":2}`): small inputs are remembered.
    if data.len() > ZLIB_MEMO_MAX_INPUT {
        return zlib_compress_uncached(data);
    }
    ZLIB_MEMO.with(|cell| {
        let mut memo = cell.borrow_mut();
        if let Some((_, out)) = memo.entries.iter().find(|(input, _)| input.as_slice() == data) {
            return out.clone();
        }
        let out = zlib_compress_uncached(data);
        if memo.entries.len() < ZLIB_MEMO_CAPACITY {
            memo.entries.push((data.to_vec(), out.clone()));
        } else {
            let i = memo.next % ZLIB_MEMO_CAPACITY;
            memo.entries[i] = (data.to_vec(), out.clone());
            memo.next = i + 1;
        }
        out
    })
}

/// Inputs up to this size are remembered by [`zlib_compress`].
const ZLIB_MEMO_MAX_INPUT: usize = 512;
/// How many (input, output) pairs [`zlib_compress`] remembers (oldest replaced first).
const ZLIB_MEMO_CAPACITY: usize = 32;

#[derive(Default)]
struct ZlibMemo {
    entries: Vec<(Vec<u8>, Vec<u8>)>,
    next: usize,
}

thread_local! {
    static ZLIB_MEMO: std::cell::RefCell<ZlibMemo> = std::cell::RefCell::new(ZlibMemo::default());
}

fn zlib_compress_uncached(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        // zlib's deflate state is ~256 KiB that `deflateInit` zeroes: every session save
        // compresses (Django decides by the size), so one state is kept and reset
        // (`deflateReset` gives the same bytes as a fresh stream).
        static DEFLATE: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(Compression::new(6), true));
    }
    DEFLATE.with(|cell| {
        let mut z = cell.borrow_mut();
        z.reset();
        // zlib's compressBound, plus the 6-byte zlib wrapper.
        let mut out = Vec::with_capacity(data.len() + data.len() / 4096 + data.len() / 16384 + 64);
        loop {
            let consumed = z.total_in() as usize;
            match z.compress_vec(&data[consumed.min(data.len())..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
                // Compressing into a Vec cannot fail; an empty result never wins the size test.
                Err(_) => return Vec::new(),
            }
        }
    })
}

/// `zlib.decompress(data)`: the whole stream must be there (trailing bytes after it
/// are ignored, as Python does). Errors as `zlib.error: Error -3 while
/// decompressing data: incorrect header check`.
pub fn zlib_decompress(data: &[u8]) -> Result<Vec<u8>, SigningError> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut d = Decompress::new(true);
    let mut out: Vec<u8> = Vec::with_capacity(data.len().saturating_mul(4).clamp(64, 1 << 16));
    loop {
        if out.len() == out.capacity() {
            if out.len() >= MAX_INFLATED {
                return Err(SigningError::BadPayload(format!(
                    "zlib.error: the data inflates to more than {MAX_INFLATED} bytes, the simulator's limit"
                )));
            }
            out.reserve(out.len().max(64));
        }
        let consumed = (d.total_in() as usize).min(data.len());
        let room_before = out.capacity() - out.len();
        match d.decompress_vec(&data[consumed..], &mut out, FlushDecompress::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(Status::Ok | Status::BufError) => {
                let filled = out.capacity() - out.len() == 0;
                if !filled && room_before > 0 {
                    // Input exhausted before the end of the stream: Z_BUF_ERROR.
                    return Err(SigningError::BadPayload(
                        "zlib.error: Error -5 while decompressing data: incomplete or truncated stream".into(),
                    ));
                }
            }
            Err(e) => {
                return Err(SigningError::BadPayload(if e.needs_dictionary().is_some() {
                    "zlib.error: Error 2 while decompressing data".into()
                } else {
                    format!(
                        "zlib.error: Error -3 while decompressing data: {}",
                        e.message().unwrap_or("invalid input data")
                    )
                }))
            }
        }
    }
}

/// `Signer` / `TimestampSigner` with Django's defaults (`sep=":"`).
#[derive(Clone, Debug)]
pub struct Signer<'a> {
    pub key: &'a str,
    pub fallback_keys: &'a [String],
    pub salt: &'a str,
    pub algorithm: Algorithm,
}

/// Which key a signature was made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedKey {
    /// `SECRET_KEY` (the signer's `key`).
    Key,
    /// `SECRET_KEY_FALLBACKS[i]` (the signer's `fallback_keys[i]`).
    Fallback(usize),
}

impl<'a> Signer<'a> {
    /// A signer with Django 5.2's defaults: SHA-256, no fallback keys.
    pub fn new(key: &'a str, salt: &'a str) -> Signer<'a> {
        Signer { key, fallback_keys: &[], salt, algorithm: Algorithm::Sha256 }
    }

    /// `signer.signature(value)`: `b64_encode(salted_hmac(salt + "signer", value, key).digest())`.
    pub fn signature(&self, value: &str) -> String {
        self.signature_with(value, self.key)
    }

    /// `signer.signature(value, key)`: "key = key or self.key".
    pub fn signature_with(&self, value: &str, key: &str) -> String {
        b64_encode(self.digest_with(value, key).as_slice())
    }

    /// `constant_time_compare(sig, self.signature(value))`, without writing the
    /// expected signature out.
    pub fn signature_matches(&self, value: &str, sig: &str) -> bool {
        let digest = self.digest_with(value, self.key);
        let d = digest.as_slice();
        // `b64_encode` of the digest: 43 characters for SHA-256, 27 for SHA-1.
        let mut expected = [0u8; 44];
        let n = b64_encode_into(d, &mut expected);
        constant_time_compare_bytes(sig.as_bytes(), &expected[..n])
    }

    /// `salted_hmac(self.salt + "signer", value, key, algorithm=self.algorithm).digest()`.
    fn digest_with(&self, value: &str, key: &str) -> MacDigest {
        let key = if key.is_empty() { self.key } else { key };
        keyed_digest((self.salt, "signer"), key, value.as_bytes(), self.algorithm)
    }

    /// `"%s%s%s" % (value, self.sep, self.signature(value))`.
    pub fn sign(&self, value: &str) -> String {
        format!("{value}:{}", self.signature(value))
    }

    pub fn unsign(&self, signed: &str) -> Result<String, SigningError> {
        self.unsign_matched(signed).map(|(v, _)| v)
    }

    /// [`Signer::unsign`], also saying which key the signature was made with.
    ///
    /// Django: "if self.sep not in signed_value: raise BadSignature('No "%s" found in value' % self.sep)
    /// value, sig = signed_value.rsplit(self.sep, 1)
    /// for key in [self.key, *self.fallback_keys]:
    ///     if constant_time_compare(sig, self.signature(value, key)): return value
    /// raise BadSignature('Signature "%s" does not match' % sig)".
    pub fn unsign_matched(&self, signed: &str) -> Result<(String, MatchedKey), SigningError> {
        let Some((value, sig)) = signed.rsplit_once(':') else {
            return Err(SigningError::BadSignature("No \":\" found in value".into()));
        };
        if constant_time_compare(sig, &self.signature_with(value, self.key)) {
            return Ok((value.to_string(), MatchedKey::Key));
        }
        for (i, key) in self.fallback_keys.iter().enumerate() {
            if constant_time_compare(sig, &self.signature_with(value, key)) {
                return Ok((value.to_string(), MatchedKey::Fallback(i)));
            }
        }
        Err(SigningError::BadSignature(format!("Signature \"{sig}\" does not match")))
    }

    /// `TimestampSigner.sign`: `value:b62(ts):sig`.
    pub fn sign_timestamped(&self, value: &str, now: SimTime) -> String {
        self.sign(&format!("{value}:{}", timestamp(now)))
    }

    /// `TimestampSigner.unsign(value, max_age)`.
    ///
    /// Django: "age = time.time() - timestamp; if age > max_age: raise
    /// SignatureExpired('Signature age %s > %s seconds' % (age, max_age))". The
    /// timestamp is whole seconds, so a value signed at :55.59 has expired at
    /// exactly `max_age` seconds later. A whole-number `max_age` prints as Python
    /// prints an int (`SESSION_COOKIE_AGE` is one): `> 1209600 seconds`.
    pub fn unsign_timestamped(&self, signed: &str, max_age: Option<f64>, now: SimTime) -> Result<String, SigningError> {
        let (result, _) = self.unsign_matched(signed)?;
        let (value, ts) = split_timestamp(&result)?;
        let ts = b62_decode_wide(ts)?;
        if let Some(max_age) = max_age {
            check_age(ts, max_age, now)?;
        }
        Ok(value.to_string())
    }
}

impl Signer<'_> {
    /// Django 3.2's `Signer.unsign`: the signature may be made with the signer's
    /// algorithm (`settings.DEFAULT_HASHING_ALGORITHM`) or with SHA-1
    /// ("legacy_algorithm = 'sha1'"); 3.2 has no fallback keys, so
    /// `fallback_keys` is ignored.
    pub fn unsign_django32(&self, signed: &str) -> Result<String, SigningError> {
        let own = Signer { fallback_keys: &[], ..self.clone() };
        match own.unsign(signed) {
            Err(SigningError::BadSignature(m)) if self.algorithm != Algorithm::Sha1 => {
                Signer { algorithm: Algorithm::Sha1, ..own }.unsign(signed).map_err(|_| SigningError::BadSignature(m))
            }
            other => other,
        }
    }

    /// Django 3.2's `TimestampSigner.unsign(value, max_age)` (see [`Signer::unsign_django32`]).
    pub fn unsign_timestamped_django32(&self, signed: &str, max_age: Option<f64>, now: SimTime) -> Result<String, SigningError> {
        let result = self.unsign_django32(signed)?;
        let (value, ts) = split_timestamp(&result)?;
        let ts = b62_decode_wide(ts)?;
        if let Some(max_age) = max_age {
            check_age(ts, max_age, now)?;
        }
        Ok(value.to_string())
    }
}

/// The pieces of one `signing.dumps` call, for tests and the panels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedObject {
    /// `json.dumps(obj, separators=(",", ":"))`.
    pub serialized_json: String,
    /// `len(zlib.compress(data))`, when compression was asked for.
    pub zlib_len: Option<usize>,
    /// Whether the compressed form was used (it saves at least 2 bytes).
    pub compressed: bool,
    /// `"." + b64(z)` or `b64(data)`.
    pub payload: String,
    pub timestamp_b62: String,
    /// `payload:timestamp`, what the HMAC covers.
    pub signed_value: String,
    pub signature: String,
    /// `payload:timestamp:signature`.
    pub encoded: String,
}

/// `signing.dumps(obj, key, salt, compress=…)` with `TimestampSigner`.
pub fn dumps(obj: &Value, key: &str, salt: &str, compress: bool, now: SimTime) -> String {
    sign_json_encoded(&pyjson::dumps(obj), key, salt, compress, now)
}

/// [`dumps`], with every intermediate value.
pub fn dumps_detailed(obj: &Value, key: &str, salt: &str, compress: bool, now: SimTime) -> SignedObject {
    sign_json(pyjson::dumps(obj), key, salt, compress, now)
}

/// `Signer.sign_object` over an already serialized JSON text (`json.dumps` output,
/// which is ASCII).
///
/// Django: "if compress: compressed = zlib.compress(data)
/// if len(compressed) < (len(data) - 1): data = compressed; is_compressed = True
/// base64d = b64_encode(data).decode(); if is_compressed: base64d = '.' + base64d".
pub fn sign_json(serialized_json: String, key: &str, salt: &str, compress: bool, now: SimTime) -> SignedObject {
    // The same steps as [`sign_json_encoded`], keeping every intermediate value.
    // JSONSerializer.dumps: ".encode('latin-1')" of ASCII text: the same bytes.
    let data = serialized_json.as_bytes();
    let mut zlib_len = None;
    let mut payload = None;
    if compress {
        let z = zlib_compress(data);
        zlib_len = Some(z.len());
        if z.len() + 1 < data.len() {
            payload = Some(format!(".{}", b64_encode(&z)));
        }
    }
    let compressed = payload.is_some();
    let payload = payload.unwrap_or_else(|| b64_encode(data));
    let timestamp_b62 = timestamp(now);
    let signed_value = format!("{payload}:{timestamp_b62}");
    let signature = Signer::new(key, salt).signature(&signed_value);
    let encoded = format!("{signed_value}:{signature}");
    SignedObject { serialized_json, zlib_len, compressed, payload, timestamp_b62, signed_value, signature, encoded }
}

/// [`sign_json`]'s `encoded` alone: `payload:timestamp:signature`, written into one
/// string.
pub fn sign_json_encoded(serialized_json: &str, key: &str, salt: &str, compress: bool, now: SimTime) -> String {
    let data = serialized_json.as_bytes();
    let z = if compress { Some(zlib_compress(data)) } else { None };
    // "if len(compressed) < (len(data) - 1): data = compressed; is_compressed = True"
    let z = z.filter(|z| z.len() + 1 < data.len());
    let body: &[u8] = z.as_deref().unwrap_or(data);
    let mut out = String::with_capacity(1 + body.len().div_ceil(3) * 4 + 1 + 12 + 1 + 44);
    if z.is_some() {
        out.push('.');
    }
    base64_encode_onto(&mut out, body, URLSAFE_ALPHABET, false);
    out.push(':');
    // `timestamp(now)`
    b62_encode_onto(&mut out, now.unix_micros() / crate::time::MICROS_PER_SEC);
    // "return '%s%s%s' % (value, self.sep, self.signature(value))"
    let digest = Signer::new(key, salt).digest_with(&out, key);
    out.push(':');
    base64_encode_onto(&mut out, digest.as_slice(), URLSAFE_ALPHABET, false);
    out
}

/// `signing.dumps` signed with the given signer's key, salt and algorithm (Django
/// 3.2 with `DEFAULT_HASHING_ALGORITHM = "sha1"` signs with SHA-1).
pub fn dumps_signer(obj: &Value, signer: &Signer<'_>, compress: bool, now: SimTime) -> String {
    let mut o = sign_json(pyjson::dumps(obj), signer.key, signer.salt, compress, now);
    if signer.algorithm != Algorithm::Sha256 {
        o.signature = signer.signature(&o.signed_value);
        o.encoded = format!("{}:{}", o.signed_value, o.signature);
    }
    o.encoded
}

/// Django 3.2's `signing.loads(s, key, salt, max_age=…)`: no fallback keys; SHA-1
/// signatures are accepted besides `default_hashing_algorithm`'s.
pub fn loads_django32(s: &str, key: &str, salt: &str, max_age: Option<f64>, now: SimTime, default_hashing_algorithm: Algorithm) -> Result<Value, SigningError> {
    let signer = Signer { key, fallback_keys: &[], salt, algorithm: default_hashing_algorithm };
    let base64d = signer.unsign_timestamped_django32(s, max_age, now)?;
    unsign_payload(&base64d)
}

/// `signing.loads(s, key, salt, max_age=…, fallback_keys=…)`.
pub fn loads(s: &str, key: &str, fallback_keys: &[String], salt: &str, max_age: Option<f64>, now: SimTime) -> Result<Value, SigningError> {
    let signer = Signer { key, fallback_keys, salt, algorithm: Algorithm::Sha256 };
    let base64d = signer.unsign_timestamped(s, max_age, now)?;
    unsign_payload(&base64d)
}

/// The second half of `Signer.unsign_object`, after the signature checked out:
/// "decompress = base64d[:1] == b'.'; … data = b64_decode(base64d); if decompress:
/// data = zlib.decompress(data); return serializer().loads(data)", the serializer
/// being "json.loads(data.decode('latin-1'))".
pub fn unsign_payload(base64d: &str) -> Result<Value, SigningError> {
    let (decompress, b64) = match base64d.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, base64d),
    };
    let mut data = b64_decode(b64)?;
    if decompress {
        data = zlib_decompress(&data)?;
    }
    json_loads_latin1(&data)
}

/// `json.loads(data.decode("latin-1"))`.
pub fn json_loads_latin1(data: &[u8]) -> Result<Value, SigningError> {
    // ASCII reads the same in latin-1 and UTF-8: no copy is needed.
    let text = match std::str::from_utf8(data) {
        Ok(ascii) if data.is_ascii() => std::borrow::Cow::Borrowed(ascii),
        _ => std::borrow::Cow::Owned(latin1(data)),
    };
    pyjson::loads(&text).map_err(|e| SigningError::BadPayload(json_error_python(&e)))
}

/// `bytes.decode("latin-1")`: every byte is the character with that code.
pub fn latin1(data: &[u8]) -> String {
    data.iter().map(|&b| b as char).collect()
}

/// `int(time.time())` in base 62: the `TimestampSigner` timestamp.
pub fn timestamp(now: SimTime) -> String {
    // int() truncates toward zero (it matters only before 1970).
    b62_encode(now.unix_micros() / crate::time::MICROS_PER_SEC)
}

// ---------------------------------------------------------------------------
// internals shared with sessions::codec

/// A `b62_decode` result: Python's int has no limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Wide {
    Exact(i128),
    /// Beyond `i128`: the nearest float (infinite beyond `f64`, where Python's
    /// `float(int)` raises OverflowError).
    Approx(f64),
}

impl Wide {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Wide::Exact(n) => n as f64,
            Wide::Approx(f) => f,
        }
    }
}

/// `b62_decode` without a range limit.
pub(crate) fn b62_decode_wide(s: &str) -> Result<Wide, SigningError> {
    // "if s == '0': return 0; sign = 1; if s[0] == '-': s = s[1:]; sign = -1"
    if s == "0" {
        return Ok(Wide::Exact(0));
    }
    let Some(first) = s.chars().next() else {
        return Err(SigningError::BadPayload("IndexError: string index out of range".into()));
    };
    let (neg, digits) = if first == '-' { (true, &s[1..]) } else { (false, s) };
    // "decoded = decoded * len(BASE62_ALPHABET) + BASE62_ALPHABET.index(digit)"
    let mut exact: Option<i128> = Some(0);
    let mut approx = 0f64;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
            'a'..='z' => Some(c as u32 - 'a' as u32 + 36),
            _ => None,
        };
        // "BASE62_ALPHABET.index(digit)"
        let Some(d) = d else {
            return Err(SigningError::BadPayload("ValueError: substring not found".into()));
        };
        exact = exact.and_then(|n| n.checked_mul(62)).and_then(|n| n.checked_add(d as i128));
        approx = approx * 62.0 + d as f64;
    }
    Ok(match exact {
        Some(n) => Wide::Exact(if neg { -n } else { n }),
        None => Wide::Approx(if neg { -approx } else { approx }),
    })
}

/// `value, timestamp = result.rsplit(self.sep, 1)`.
pub(crate) fn split_timestamp(result: &str) -> Result<(&str, &str), SigningError> {
    result
        .rsplit_once(':')
        .ok_or_else(|| SigningError::BadPayload("ValueError: not enough values to unpack (expected 2, got 1)".into()))
}

/// `time.time()` as freezegun (which froze the oracle's clock) computes it:
/// `calendar.timegm(now.timetuple()) + now.microsecond / 1000000.0`.
pub(crate) fn time_time(now: SimTime) -> f64 {
    now.unix_secs() as f64 + now.subsec_micros() as f64 / 1_000_000.0
}

fn check_age(ts: Wide, max_age: f64, now: SimTime) -> Result<(), SigningError> {
    let ts = ts.as_f64();
    if ts.is_infinite() {
        return Err(SigningError::BadPayload("OverflowError: int too large to convert to float".into()));
    }
    let age = time_time(now) - ts;
    if age > max_age {
        return Err(SigningError::SignatureExpired(format!(
            "Signature age {} > {} seconds",
            pyjson::float_repr(age),
            py_number(max_age)
        )));
    }
    Ok(())
}

/// `"%s" % n` for a number that is an int when whole.
fn py_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        pyjson::float_repr(n)
    }
}

fn out_of_range(s: &str) -> SigningError {
    SigningError::BadPayload(format!(
        "OverflowError: the base 62 number {s:?} is beyond the 64-bit range this function returns"
    ))
}

/// How Python names a JSON failure: `JSONDecodeError: Expecting value: …`, or the
/// `ValueError` of the int digit limit.
pub(crate) fn json_error_python(e: &pyjson::JsonError) -> String {
    if e.message.starts_with("Exceeds the limit") {
        format!("ValueError: {}", e.message)
    } else if e.message.starts_with("maximum recursion depth") {
        format!("RecursionError: {}", e.message)
    } else {
        format!("JSONDecodeError: {}", e.message)
    }
}

/// A character as Python's `repr()` shows it inside an error message: `'\xe9'`.
fn py_char_escape(c: char) -> String {
    let u = c as u32;
    if u < 0x100 {
        format!("'\\x{u:02x}'")
    } else if u < 0x10000 {
        format!("'\\u{u:04x}'")
    } else {
        format!("'\\U{u:08x}'")
    }
}

const MAX_INFLATED: usize = 64 << 20;

const STANDARD_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding of `bytes` into `out` (which must hold
/// `4 * ceil(len / 3)` bytes); returns the length written.
fn b64_encode_into(bytes: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let v = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..chunk.len() + 1 {
            out[n] = URLSAFE_ALPHABET[(v >> (18 - 6 * i) & 63) as usize];
            n += 1;
        }
    }
    n
}

fn base64_encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    base64_encode_onto(&mut out, bytes, alphabet, pad);
    out
}

fn base64_encode_onto(out: &mut String, bytes: &[u8], alphabet: &[u8; 64], pad: bool) {
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
}

/// The value of a standard-alphabet base64 character.
fn b64_value(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// CPython's `binascii.a2b_base64(data, strict_mode=False)`: characters outside
/// the alphabet are skipped; a complete `=` pad sequence ends the data (what
/// follows is ignored); a partial final quad is an error.
fn a2b_base64(data: &[u8]) -> Result<Vec<u8>, String> {
    a2b_base64_iter(data.iter().copied(), data.len())
}

/// [`a2b_base64`] over the bytes `data` yields (`len` of them).
fn a2b_base64_iter(data: impl Iterator<Item = u8>, len: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(len / 4 * 3 + 3);
    let mut quad_pos = 0u8;
    let mut pads = 0u8;
    let mut left = 0u8;
    for c in data {
        if c == b'=' {
            // "if (quad_pos >= 2 && quad_pos + ++pads >= 4)": a pad sequence ends the input.
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else { continue };
        pads = 0;
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out.push(left << 2 | v >> 4);
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push(left << 4 | v >> 2);
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push(left << 6 | v);
                quad_pos = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(format!(
            "binascii.Error: Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        )),
        _ => Err("binascii.Error: Incorrect padding".into()),
    }
}

/// An HMAC digest (20 bytes for SHA-1, 32 for SHA-256), without a heap allocation.
struct MacDigest {
    bytes: [u8; 32],
    len: usize,
}

impl MacDigest {
    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
    fn from(out: &[u8]) -> MacDigest {
        let mut bytes = [0u8; 32];
        let len = out.len().min(32);
        bytes[..len].copy_from_slice(&out[..len]);
        MacDigest { bytes, len }
    }
}

/// An HMAC already keyed with `hasher(key_salt + secret).digest()`: the key is
/// derived once per (salt, secret, algorithm), not once per signature.
#[derive(Clone)]
enum KeyedMac {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
}

struct KeyedEntry {
    algorithm: Algorithm,
    key_salt: String,
    secret: String,
    mac: KeyedMac,
}

/// How many (salt, secret, algorithm) keys are remembered: the sessions, signer,
/// cookie and auth salts under a few secrets.
const KEYED_CAPACITY: usize = 16;

thread_local! {
    static KEYED: std::cell::RefCell<Vec<KeyedEntry>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `salted_hmac(key_salt.0 + key_salt.1, msg, secret, algorithm).digest()`.
fn keyed_digest(key_salt: (&str, &str), secret: &str, msg: &[u8], algorithm: Algorithm) -> MacDigest {
    let (a, b) = key_salt;
    let same = |e: &KeyedEntry| {
        e.algorithm == algorithm && e.secret == secret && e.key_salt.len() == a.len() + b.len() && e.key_salt.starts_with(a) && e.key_salt.ends_with(b)
    };
    let mac = KEYED.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(e) = cache.iter().find(|e| same(e)) {
            return e.mac.clone();
        }
        let key_salt = format!("{a}{b}");
        let key = salted_hmac_key(&key_salt, secret, algorithm);
        // HMAC takes a key of any length, so new_from_slice cannot fail; the
        // fallback is never taken.
        let mac = match algorithm {
            Algorithm::Sha1 => KeyedMac::Sha1(<Hmac<Sha1> as KeyInit>::new_from_slice(&key).unwrap_or_else(|_| Hmac::<Sha1>::new(&Default::default()))),
            Algorithm::Sha256 => {
                KeyedMac::Sha256(<Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default())))
            }
        };
        if cache.len() >= KEYED_CAPACITY {
            cache.remove(0);
        }
        cache.push(KeyedEntry { algorithm, key_salt, secret: secret.to_string(), mac: mac.clone() });
        mac
    });
    match mac {
        KeyedMac::Sha1(mut m) => {
            m.update(msg);
            MacDigest::from(&m.finalize().into_bytes())
        }
        KeyedMac::Sha256(mut m) => {
            m.update(msg);
            MacDigest::from(&m.finalize().into_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_python() {
        assert_eq!(b64_encode(b"{}"), "e30");
        assert_eq!(b64encode_standard(b"a"), "YQ==");
        assert_eq!(b64_decode("e30"), Ok(b"{}".to_vec()));
        for (input, out) in [("YQ==garbage", Ok(&b"a"[..])), ("Y=Q==", Ok(b"a")), ("YQ=x=", Ok(b"a\x0c")), ("!!", Ok(b"")), ("YW=Jj", Ok(b"abc"))] {
            assert_eq!(a2b_base64(input.as_bytes()).as_deref().map_err(|_| ()), out.map_err(|_: ()| ()), "{input}");
        }
        assert_eq!(a2b_base64(b"YQ").unwrap_err(), "binascii.Error: Incorrect padding");
        assert!(a2b_base64(b"Y").unwrap_err().contains("(1) cannot be 1 more"));
    }

    #[test]
    fn zlib_errors_like_python() {
        let z = zlib_compress(b"xyz");
        assert_eq!(zlib_decompress(&z), Ok(b"xyz".to_vec()));
        let mut trailing = zlib_compress(b"x");
        trailing.extend_from_slice(b"garbage");
        assert_eq!(zlib_decompress(&trailing), Ok(b"x".to_vec()));
        assert_eq!(
            zlib_decompress(&z[..z.len() - 2]).unwrap_err().python(),
            "zlib.error: Error -5 while decompressing data: incomplete or truncated stream"
        );
        assert_eq!(zlib_decompress(b"").unwrap_err().python(), "zlib.error: Error -5 while decompressing data: incomplete or truncated stream");
        assert_eq!(
            zlib_decompress(b"not zlib data").unwrap_err().python(),
            "zlib.error: Error -3 while decompressing data: incorrect header check"
        );
    }
}
