//! `HttpResponse` with `set_cookie` / `delete_cookie` / `set_signed_cookie`, formatted
//! exactly as Python's `http.cookies.Morsel` does (oracle README §4–§5).
//! OWNER: http cookies.

use crate::conf::DjangoVersion;
use crate::time::SimTime;

/// `max_age=`: an int, a float, or a timedelta (seconds).
#[derive(Clone, Debug, PartialEq)]
pub enum MaxAge {
    Int(i64),
    Float(f64),
    Timedelta(f64),
}

/// `expires=`: a datetime (naive is taken as UTC) or a string written verbatim.
#[derive(Clone, Debug, PartialEq)]
pub enum Expires {
    Datetime { at: SimTime, aware: bool },
    Str(String),
}

/// The keyword arguments of `set_cookie`, with Django's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieArgs {
    pub max_age: Option<MaxAge>,
    pub expires: Option<Expires>,
    pub path: Option<String>,
    pub domain: Option<String>,
    pub secure: bool,
    pub httponly: bool,
    pub samesite: Option<String>,
}

impl Default for CookieArgs {
    fn default() -> Self {
        CookieArgs { max_age: None, expires: None, path: Some("/".into()), domain: None, secure: false, httponly: false, samesite: None }
    }
}

/// What `set_cookie` raises.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// `http.cookies.CookieError: Illegal key '…'` / `Attempt to set a reserved key '…'`.
    CookieError(String),
    /// `ValueError: …` (samesite, expires with max_age).
    ValueError(String),
}

impl std::fmt::Display for CookieError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CookieError::CookieError(m) => write!(f, "http.cookies.CookieError: {m}"),
            CookieError::ValueError(m) => write!(f, "ValueError: {m}"),
        }
    }
}
impl std::error::Error for CookieError {}

/// A Django `HttpResponse`: status, headers in insertion order (case-insensitive
/// names, re-setting keeps the position), cookies in first-set order, content.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// One morsel per cookie name: (name, `Morsel.OutputString()`), first-set order.
    pub cookies: Vec<(String, String)>,
    pub content: Vec<u8>,
}

impl HttpResponse {
    /// `HttpResponse(content)`: 200, `Content-Type: text/html; charset=utf-8`.
    pub fn new(content: impl Into<Vec<u8>>) -> Self {
        HttpResponse { status: 200, headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())], cookies: Vec::new(), content: content.into() }
    }
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    /// `response[name] = value`.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(slot) => slot.1 = value,
            None => self.headers.push((name.to_string(), value)),
        }
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// `set_cookie(key, value, **args)` at time `now`; `value` is already `str(value)`.
    pub fn set_cookie(&mut self, key: &str, value: &str, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
        let _ = (key, value, args, now);
        todo!("http cookies helper")
    }

    /// `delete_cookie(key, path, domain, samesite)`.
    pub fn delete_cookie(&mut self, key: &str, path: &str, domain: Option<&str>, samesite: Option<&str>, now: SimTime) -> Result<(), CookieError> {
        let _ = (key, path, domain, samesite, now);
        todo!("http cookies helper")
    }

    /// `set_signed_cookie(key, value, salt, **args)`.
    #[allow(clippy::too_many_arguments)]
    pub fn set_signed_cookie(&mut self, key: &str, value: &str, salt: &str, secret: &str, version: DjangoVersion, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
        let _ = (key, value, salt, secret, version, args, now);
        todo!("http cookies helper")
    }

    /// The `Set-Cookie` header values, in Django's order, as `Morsel.OutputString()`
    /// (no leading space: the WSGI value is this with one space before it).
    pub fn set_cookie_values(&self) -> Vec<String> {
        self.cookies.iter().map(|(_, v)| v.clone()).collect()
    }
}

/// `request.get_signed_cookie(key, default, salt, max_age)`: `Ok(value)` or the
/// exception (`BadSignature`/`SignatureExpired`/`KeyError`) when there is no default.
#[allow(clippy::too_many_arguments)]
pub fn get_signed_cookie(
    cookies: &[(String, String)],
    key: &str,
    salt: &str,
    secret: &str,
    fallbacks: &[String],
    max_age: Option<f64>,
    legacy_salt_fallback: bool,
    version: DjangoVersion,
    now: SimTime,
) -> Result<String, crate::signing::SigningError> {
    let _ = (cookies, key, salt, secret, fallbacks, max_age, legacy_salt_fallback, version, now);
    todo!("http cookies helper")
}
