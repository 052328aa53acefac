//! `SessionBase.encode` / `decode`: the modern signed format and the legacy SHA-1
//! format, with a step-by-step explanation for the Database panel.
//! OWNER: signing & encodings.

use crate::conf::DjangoVersion;
use crate::pyjson::Dict;
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
    pub format: Format,
    /// The signature (or legacy hash) checked out.
    pub valid: bool,
    /// What Django loads: `{}` on any failure.
    pub data: Dict,
    /// What Django logs while loading (`Session data corrupted`).
    pub log: Vec<String>,
    pub steps: Vec<DecodeStep>,
}

/// The modern `session_data` (Django ≥ 3.1) for the db/cache/file backends.
pub fn encode(session: &Dict, secret: &str, now: SimTime) -> String {
    let _ = (session, secret, now);
    todo!("signing & encodings helper")
}

/// The legacy `session_data` (Django < 3.1, or 3.2 with `DEFAULT_HASHING_ALGORITHM="sha1"`).
pub fn encode_legacy(session: &Dict, secret: &str) -> String {
    let _ = (session, secret);
    todo!("signing & encodings helper")
}

/// `SessionStore.decode` as the given Django version does it.
pub fn decode(data: &str, secret: &str, fallbacks: &[String], version: DjangoVersion) -> Decoded {
    let _ = (data, secret, fallbacks, version);
    todo!("signing & encodings helper")
}
