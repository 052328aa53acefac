//! `django.core.signing` and `django.utils.crypto.salted_hmac` (oracle README §1–§4).
//! OWNER: signing & encodings.

use crate::pyjson::Value;
use crate::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
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

/// `salted_hmac(key_salt, value, secret, algorithm=…).digest()`.
pub fn salted_hmac(key_salt: &str, value: &[u8], secret: &str, algorithm: Algorithm) -> Vec<u8> {
    let _ = (key_salt, value, secret, algorithm);
    todo!("signing & encodings helper")
}

/// `signing.b62_encode`.
pub fn b62_encode(n: i64) -> String {
    let _ = n;
    todo!("signing & encodings helper")
}

/// `signing.b62_decode`; an error where Python raises (a character outside the alphabet).
pub fn b62_decode(s: &str) -> Result<i64, SigningError> {
    let _ = s;
    todo!("signing & encodings helper")
}

/// `signing.b64_encode`: URL-safe base64 without padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    let _ = bytes;
    todo!("signing & encodings helper")
}

/// `signing.b64_decode`: pads, accepts both alphabets, discards other characters.
pub fn b64_decode(s: &str) -> Result<Vec<u8>, SigningError> {
    let _ = s;
    todo!("signing & encodings helper")
}

/// `Signer` / `TimestampSigner` with Django's defaults (`sep=":"`).
#[derive(Clone, Debug)]
pub struct Signer<'a> {
    pub key: &'a str,
    pub fallback_keys: &'a [String],
    pub salt: &'a str,
    pub algorithm: Algorithm,
}

impl Signer<'_> {
    pub fn signature(&self, value: &str) -> String {
        let _ = value;
        todo!("signing & encodings helper")
    }
    pub fn sign(&self, value: &str) -> String {
        let _ = value;
        todo!("signing & encodings helper")
    }
    pub fn unsign(&self, signed: &str) -> Result<String, SigningError> {
        let _ = signed;
        todo!("signing & encodings helper")
    }
    /// `TimestampSigner.sign`: `value:b62(ts):sig`.
    pub fn sign_timestamped(&self, value: &str, now: SimTime) -> String {
        let _ = (value, now);
        todo!("signing & encodings helper")
    }
    /// `TimestampSigner.unsign(value, max_age)`.
    pub fn unsign_timestamped(&self, signed: &str, max_age: Option<f64>, now: SimTime) -> Result<String, SigningError> {
        let _ = (signed, max_age, now);
        todo!("signing & encodings helper")
    }
}

/// `signing.dumps(obj, key, salt, compress=…)` with `TimestampSigner`.
pub fn dumps(obj: &Value, key: &str, salt: &str, compress: bool, now: SimTime) -> String {
    let _ = (obj, key, salt, compress, now);
    todo!("signing & encodings helper")
}

/// `signing.loads(s, key, salt, max_age=…, fallback_keys=…)`.
pub fn loads(s: &str, key: &str, fallback_keys: &[String], salt: &str, max_age: Option<f64>, now: SimTime) -> Result<Value, SigningError> {
    let _ = (s, key, fallback_keys, salt, max_age, now);
    todo!("signing & encodings helper")
}
