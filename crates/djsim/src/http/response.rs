//! `HttpResponse` with `set_cookie` / `delete_cookie` / `set_signed_cookie`, formatted
//! exactly as Python's `http.cookies.Morsel` does (oracle README §4–§5).
//! OWNER: http cookies.
//!
//! Django 5.2.19 is the default; [`DjangoVersion::V3_2`] gives Django 3.2.25 where it
//! differs: a datetime `expires` silently wins over `max_age` (no `ValueError`), a
//! timedelta `max_age` raises `TypeError` (3.2's `int(max_age)` does not take one), and
//! signed cookies use the salt `key + salt` with no fallback keys. Python is CPython
//! 3.11 (`http.cookies` without `Partitioned`).

use crate::conf::DjangoVersion;
use crate::py::repr_str;
use crate::signing::{Algorithm, Signer, SigningError};
use crate::time::{SimTime, MICROS_PER_SEC, MONTHS};

/// `max_age=`: an int, a float, or a timedelta (seconds).
#[derive(Clone, Debug, PartialEq)]
pub enum MaxAge {
    Int(i64),
    Float(f64),
    /// `timedelta.total_seconds()`.
    Timedelta(f64),
}

/// `expires=`: a datetime (naive is taken as UTC) or a string written verbatim.
#[derive(Clone, Debug, PartialEq)]
pub enum Expires {
    Datetime { at: SimTime, aware: bool },
    Str(String),
    /// A Python `int` (or `bool`): `Morsel` writes `http.cookies._getdate(n)`, i.e. the
    /// time `n` seconds from now, in its own `Wdy, DD Mon YYYY HH:MM:SS GMT` format.
    Int(i64),
    /// Any other Python object: written as `str(obj)`; `truthy` is `bool(obj)`, which
    /// decides whether `max_age` may still fill in `expires`.
    Object { text: String, truthy: bool },
}

/// The keyword arguments of `set_cookie`, with Django's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieArgs {
    pub max_age: Option<MaxAge>,
    pub expires: Option<Expires>,
    /// `None` leaves the morsel's path as it was; `Some("")` is dropped at output time.
    pub path: Option<String>,
    pub domain: Option<String>,
    pub secure: bool,
    pub httponly: bool,
    /// Falsy (`None` or `Some("")`) sets nothing.
    pub samesite: Option<String>,
}

impl Default for CookieArgs {
    fn default() -> Self {
        CookieArgs { max_age: None, expires: None, path: Some("/".into()), domain: None, secure: false, httponly: false, samesite: None }
    }
}

/// What `set_cookie` raises, with Python's exception name and text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// `http.cookies.CookieError: Illegal key '…'` / `Attempt to set a reserved key '…'`.
    CookieError(String),
    /// `ValueError: …` (samesite, expires with max_age, a date out of range).
    ValueError(String),
    /// `TypeError: …` (a timedelta `max_age` in Django 3.2, a bad argument).
    TypeError(String),
    /// `AttributeError: …` (e.g. a `samesite` that is not a string).
    AttributeError(String),
    /// `OverflowError: …` (a date too far away for the platform's time_t).
    OverflowError(String),
    /// `OSError: …` (a date too far away for the C library's `gmtime`).
    OSError(String),
}

impl std::fmt::Display for CookieError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CookieError::CookieError(m) => write!(f, "CookieError: {m}"),
            CookieError::ValueError(m) => write!(f, "ValueError: {m}"),
            CookieError::TypeError(m) => write!(f, "TypeError: {m}"),
            CookieError::AttributeError(m) => write!(f, "AttributeError: {m}"),
            CookieError::OverflowError(m) => write!(f, "OverflowError: {m}"),
            CookieError::OSError(m) => write!(f, "OSError: {m}"),
        }
    }
}
impl std::error::Error for CookieError {}

/// One `http.cookies.Morsel`: the key, the value and its quoted form, and the
/// attributes Django sets. Like Python's, an attribute is "unset" when it is `""`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Morsel {
    pub key: String,
    /// `str(value)`.
    pub value: String,
    /// `_quote(value)`: what goes on the wire.
    pub coded_value: String,
    /// The `expires` attribute, as written.
    pub expires: String,
    /// `Max-Age`, already `%d`-formatted.
    pub max_age: String,
    pub path: String,
    pub domain: String,
    pub secure: bool,
    pub httponly: bool,
    pub samesite: String,
}

impl Morsel {
    fn new(key: &str, value: &str) -> Morsel {
        Morsel {
            key: key.to_string(),
            value: value.to_string(),
            coded_value: quote(value),
            expires: String::new(),
            max_age: String::new(),
            path: String::new(),
            domain: String::new(),
            secure: false,
            httponly: false,
            samesite: String::new(),
        }
    }

    /// `Morsel.OutputString()`: `key=coded_value`, then the set attributes sorted by
    /// their (lowercase) key, joined with `"; "`.
    ///
    /// ```python
    /// items = sorted(self.items())
    /// for key, value in items:
    ///     if value == "":
    ///         continue
    ///     ...
    ///     elif key in self._flags:
    ///         if value:
    ///             append(str(self._reserved[key]))
    ///     else:
    ///         append("%s=%s" % (self._reserved[key], value))
    /// ```
    pub fn output_string(&self) -> String {
        let mut out = String::with_capacity(
            self.key.len() + self.coded_value.len() + self.domain.len() + self.expires.len() + self.max_age.len() + self.path.len() + self.samesite.len() + 80,
        );
        out.push_str(&self.key);
        out.push('=');
        out.push_str(&self.coded_value);
        // Sorted: comment, domain, expires, httponly, max-age, path, samesite, secure,
        // version (Django never sets comment or version); joined with "; ".
        let mut attr = |name: &str, value: &str| {
            out.push_str("; ");
            out.push_str(name);
            out.push_str(value);
        };
        if !self.domain.is_empty() {
            attr("Domain=", &self.domain);
        }
        if !self.expires.is_empty() {
            attr("expires=", &self.expires);
        }
        if self.httponly {
            attr("HttpOnly", "");
        }
        if !self.max_age.is_empty() {
            attr("Max-Age=", &self.max_age);
        }
        if !self.path.is_empty() {
            attr("Path=", &self.path);
        }
        if !self.samesite.is_empty() {
            attr("SameSite=", &self.samesite);
        }
        if self.secure {
            attr("Secure", "");
        }
        out
    }
}

/// `http.cookies._LegalChars`: the characters of a legal cookie name, and of a value
/// that needs no quotes.
pub const LEGAL_CHARS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~:";

/// `http.cookies._is_legal_key`: non-empty and made only of [`LEGAL_CHARS`].
pub fn is_legal_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(is_legal_char)
}

/// `Morsel._reserved`: names a cookie may not have (compared in lowercase).
pub const RESERVED_KEYS: [&str; 9] = ["expires", "path", "comment", "domain", "max-age", "secure", "httponly", "version", "samesite"];

/// `http.cookies._quote(str)`: the value as is when it is a legal key, otherwise in
/// double quotes with `"` → `\"`, `\` → `\\`, and every other character below U+0100
/// that is neither legal nor one of `` ()/<=>?@[]{}`` as a 3-digit octal escape.
/// Characters from U+0100 on are not escaped.
pub fn quote(value: &str) -> String {
    if is_legal_key(value) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_legal_char(c) || " ()/<=>?@[]{}".contains(c) || c as u32 >= 0x100 => out.push(c),
            c => out.push_str(&format!("\\{:03o}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Whether a header value can be encoded as latin-1 (every character below U+0100).
/// runserver (wsgiref) writes headers in latin-1: a `Set-Cookie` value that is not
/// makes it fail after the status, `Date` and `Server` lines (oracle README §5).
pub fn is_latin1(value: &str) -> bool {
    value.chars().all(|c| (c as u32) < 0x100)
}

/// `signing._cookie_signer_key(SECRET_KEY)`: `b"django.http.cookies" + key`, the key of
/// `get_cookie_signer()` (the same for every fallback key).
pub fn cookie_signer_key(secret: &str) -> String {
    format!("django.http.cookies{secret}")
}

/// The salt `set_signed_cookie` / `get_signed_cookie` give the signer.
///
/// Django 5.2.15+ (CVE-2026-6873): `"django.http.cookies.v2:%d:%s%s" % (len(salt), salt, key)`.
/// Django 3.2 (and 5.2's legacy fallback): `key + salt`.
pub fn cookie_signer_salt(key: &str, salt: &str, version: DjangoVersion) -> String {
    match version {
        DjangoVersion::V5_2 => format!("django.http.cookies.v2:{}:{}{}", salt.chars().count(), salt, key),
        DjangoVersion::V3_2 => cookie_signer_legacy_salt(key, salt),
    }
}

/// `signing._cookie_signer_legacy_salt(key, salt)`: `key + salt`.
pub fn cookie_signer_legacy_salt(key: &str, salt: &str) -> String {
    format!("{key}{salt}")
}

/// A Django `HttpResponse`: status, headers in insertion order (case-insensitive
/// names, re-setting keeps the position), cookies in first-set order, content.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// One morsel per cookie name: (name, `Morsel.OutputString()`), first-set order.
    /// A rendered view of [`HttpResponse::morsels`], kept in step by the cookie
    /// methods: change cookies through them, not here.
    pub cookies: Vec<(String, String)>,
    pub content: Vec<u8>,
    /// `response.cookies` (a `SimpleCookie`): the morsels, first-set order.
    pub morsels: Vec<Morsel>,
}

impl HttpResponse {
    /// `HttpResponse(content)`: 200, `Content-Type: text/html; charset=utf-8`.
    pub fn new(content: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            cookies: Vec::new(),
            content: content.into(),
            morsels: Vec::new(),
        }
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

    /// `set_cookie(key, value, **args)` at time `now` (Django 5.2); `value` is already `str(value)`.
    pub fn set_cookie(&mut self, key: &str, value: &str, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
        self.set_cookie_as(DjangoVersion::V5_2, key, value, args, now)
    }

    /// `set_cookie` as the given Django version does it.
    ///
    /// Like Django, a call that raises after the morsel was created leaves it in the
    /// response as far as it got (e.g. `e=1` for `expires=<datetime>, max_age=60`).
    pub fn set_cookie_as(&mut self, version: DjangoVersion, key: &str, value: &str, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
        // self.cookies[key] = value
        let i = self.assign_morsel(key, value)?;
        let result = apply_attributes(&mut self.morsels[i], version, args, now);
        self.render();
        result
    }

    /// `delete_cookie(key, path, domain, samesite)`.
    pub fn delete_cookie(&mut self, key: &str, path: &str, domain: Option<&str>, samesite: Option<&str>, now: SimTime) -> Result<(), CookieError> {
        self.delete_cookie_opt(key, Some(path), domain, samesite, now)
    }

    /// `delete_cookie` with `path=None` possible (then no `Path` attribute is set).
    ///
    /// ```python
    /// # Browsers can ignore the Set-Cookie header if the cookie doesn't use
    /// # the secure flag and:
    /// # - the cookie name starts with "__Host-" or "__Secure-", or
    /// # - the samesite is "none".
    /// secure = key.startswith(("__Secure-", "__Host-")) or (
    ///     samesite and samesite.lower() == "none"
    /// )
    /// self.set_cookie(key, max_age=0, path=path, domain=domain, secure=secure,
    ///                 expires="Thu, 01 Jan 1970 00:00:00 GMT", samesite=samesite)
    /// ```
    /// Django 3.2.25 does the same.
    pub fn delete_cookie_opt(&mut self, key: &str, path: Option<&str>, domain: Option<&str>, samesite: Option<&str>, now: SimTime) -> Result<(), CookieError> {
        let secure = key.starts_with("__Secure-")
            || key.starts_with("__Host-")
            || samesite.is_some_and(|s| py_lower_is(s, "none"));
        let args = CookieArgs {
            max_age: Some(MaxAge::Int(0)),
            expires: Some(Expires::Str("Thu, 01 Jan 1970 00:00:00 GMT".into())),
            path: path.map(str::to_string),
            domain: domain.map(str::to_string),
            secure,
            httponly: false,
            samesite: samesite.map(str::to_string),
        };
        self.set_cookie_as(DjangoVersion::V5_2, key, "", &args, now)
    }

    /// `set_signed_cookie(key, value, salt, **args)`.
    ///
    /// ```python
    /// value = signing.get_cookie_signer(salt=_cookie_signer_salt(key, salt)).sign(value)
    /// return self.set_cookie(key, value, **kwargs)
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn set_signed_cookie(&mut self, key: &str, value: &str, salt: &str, secret: &str, version: DjangoVersion, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
        self.set_signed_cookie_with(key, value, salt, secret, Algorithm::Sha256, version, args, now)
    }

    /// `set_signed_cookie` with the signer's algorithm named: Django 3.2 signs with
    /// `settings.DEFAULT_HASHING_ALGORITHM` (`"sha256"` unless set to `"sha1"`).
    #[allow(clippy::too_many_arguments)]
    pub fn set_signed_cookie_with(&mut self, key: &str, value: &str, salt: &str, secret: &str, algorithm: Algorithm, version: DjangoVersion, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
        let signed = sign_cookie_value(key, value, salt, secret, algorithm, version, now);
        self.set_cookie_as(version, key, &signed, args, now)
    }

    /// The `Set-Cookie` header values, in Django's order, as `Morsel.OutputString()`
    /// (no leading space: the WSGI value is this with one space before it).
    pub fn set_cookie_values(&self) -> Vec<String> {
        self.cookies.iter().map(|(_, v)| v.clone()).collect()
    }

    /// The morsel of cookie `key`, if one was set.
    pub fn morsel(&self, key: &str) -> Option<&Morsel> {
        self.morsels.iter().find(|m| m.key == key)
    }

    /// `SimpleCookie.__setitem__(key, value)`: `Morsel.set` checks the key, then the
    /// morsel (a new one, or the existing one with all its attributes) takes the value.
    ///
    /// ```python
    /// if key.lower() in self._reserved:
    ///     raise CookieError('Attempt to set a reserved key %r' % (key,))
    /// if not _is_legal_key(key):
    ///     raise CookieError('Illegal key %r' % (key,))
    /// ```
    fn assign_morsel(&mut self, key: &str, value: &str) -> Result<usize, CookieError> {
        // An ASCII key lowers to ASCII; any other goes through Python's full mapping.
        let reserved = RESERVED_KEYS.iter().any(|r| py_lower_is(key, r));
        if reserved {
            return Err(CookieError::CookieError(format!("Attempt to set a reserved key {}", repr_str(key))));
        }
        if !is_legal_key(key) {
            return Err(CookieError::CookieError(format!("Illegal key {}", repr_str(key))));
        }
        match self.morsels.iter().position(|m| m.key == key) {
            Some(i) => {
                let m = &mut self.morsels[i];
                m.value = value.to_string();
                m.coded_value = quote(value);
                Ok(i)
            }
            None => {
                self.morsels.push(Morsel::new(key, value));
                Ok(self.morsels.len() - 1)
            }
        }
    }

    fn render(&mut self) {
        self.cookies = self.morsels.iter().map(|m| (m.key.clone(), m.output_string())).collect();
    }
}

/// `get_cookie_signer(salt=…).sign(value)` as `set_signed_cookie` does it: the value
/// before quoting, `value:b62(ts):signature`.
pub fn sign_cookie_value(key: &str, value: &str, salt: &str, secret: &str, algorithm: Algorithm, version: DjangoVersion, now: SimTime) -> String {
    let signer_key = cookie_signer_key(secret);
    let signer_salt = cookie_signer_salt(key, salt, version);
    Signer { key: &signer_key, fallback_keys: &[], salt: &signer_salt, algorithm }.sign_timestamped(value, now)
}

/// `request.get_signed_cookie(key, default, salt, max_age)`: `Ok(value)` or the
/// exception (`BadSignature`/`SignatureExpired`/`KeyError`) when there is no default.
///
/// Django 5.2.19 tries the v2 salt first; when that fails with `BadSignature` (not
/// `SignatureExpired`) and `SIGNED_COOKIE_LEGACY_SALT_FALLBACK` is true (5.2's default)
/// it tries the legacy salt `key + salt` and reports that attempt's outcome. Django 3.2
/// only knows the legacy salt and has no `SECRET_KEY_FALLBACKS`.
///
/// A missing cookie is Python's `KeyError`; `SigningError` has no variant for it, so it
/// comes back as `SigningError::BadPayload("KeyError: 'name'")`.
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
) -> Result<String, SigningError> {
    let Some((_, cookie_value)) = cookies.iter().find(|(k, _)| k == key) else {
        return Err(SigningError::BadPayload(format!("KeyError: {}", repr_str(key))));
    };
    let signer_key = cookie_signer_key(secret);
    let legacy_salt = cookie_signer_legacy_salt(key, salt);
    match version {
        DjangoVersion::V3_2 => Signer { key: &signer_key, fallback_keys: &[], salt: &legacy_salt, algorithm: Algorithm::Sha256 }
            .unsign_timestamped(cookie_value, max_age, now),
        DjangoVersion::V5_2 => {
            let fallback_keys: Vec<String> = fallbacks.iter().map(|k| cookie_signer_key(k)).collect();
            let v2_salt = cookie_signer_salt(key, salt, DjangoVersion::V5_2);
            let signer = |salt: &str| -> Result<String, SigningError> {
                Signer { key: &signer_key, fallback_keys: &fallback_keys, salt, algorithm: Algorithm::Sha256 }
                    .unsign_timestamped(cookie_value, max_age, now)
            };
            match signer(&v2_salt) {
                Err(SigningError::BadSignature(_)) if legacy_salt_fallback => signer(&legacy_salt),
                other => other,
            }
        }
    }
}

/// Whether Python's `s.lower() == word`, for an ASCII lowercase `word`, without
/// Unicode's case tables (they weigh about 5 kB gzip in the page). `str.lower()` maps
/// only two characters beyond ASCII to anything with ASCII in it: U+212A KELVIN SIGN
/// to `k`, and U+0130 (İ) to `i` plus U+0307, which is not ASCII (checked over all of
/// Unicode 14 with CPython 3.11). Every other non-ASCII character stays non-ASCII.
fn py_lower_is(s: &str, word: &str) -> bool {
    let mut expected = word.bytes();
    for c in s.chars() {
        let lower = match c {
            '\u{212A}' => b'k',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => return false,
        };
        if expected.next() != Some(lower) {
            return false;
        }
    }
    expected.next().is_none()
}

fn is_legal_char(c: char) -> bool {
    c.is_ascii() && LEGAL_TABLE[c as usize]
}

/// [`LEGAL_CHARS`] as a table over ASCII.
const LEGAL_TABLE: [bool; 128] = {
    let mut t = [false; 128];
    let b = LEGAL_CHARS.as_bytes();
    let mut i = 0;
    while i < b.len() {
        t[b[i] as usize] = true;
        i += 1;
    }
    t
};

/// The attribute half of Django 5.2's `set_cookie` (3.2 where noted):
///
/// ```python
/// if expires is not None:
///     if isinstance(expires, datetime.datetime):
///         if timezone.is_naive(expires):
///             expires = timezone.make_aware(expires, datetime.timezone.utc)
///         delta = expires - datetime.datetime.now(tz=datetime.timezone.utc)
///         # Add one second so the date matches exactly (a fraction of
///         # time gets lost between converting to a timedelta and
///         # then the date string).
///         delta += datetime.timedelta(seconds=1)
///         # Just set max_age - the max_age logic will set expires.
///         expires = None
///         if max_age is not None:
///             raise ValueError("'expires' and 'max_age' can't be used together.")
///         max_age = max(0, delta.days * 86400 + delta.seconds)
///     else:
///         self.cookies[key]["expires"] = expires
/// else:
///     self.cookies[key]["expires"] = ""
/// if max_age is not None:
///     if isinstance(max_age, datetime.timedelta):
///         max_age = max_age.total_seconds()
///     self.cookies[key]["max-age"] = int(max_age)
///     # IE requires expires, so set it if hasn't been already.
///     if not expires:
///         self.cookies[key]["expires"] = http_date(time.time() + max_age)
/// if path is not None:
///     self.cookies[key]["path"] = path
/// if domain is not None:
///     self.cookies[key]["domain"] = domain
/// if secure:
///     self.cookies[key]["secure"] = True
/// if httponly:
///     self.cookies[key]["httponly"] = True
/// if samesite:
///     if samesite.lower() not in ("lax", "none", "strict"):
///         raise ValueError('samesite must be "lax", "none", or "strict".')
///     self.cookies[key]["samesite"] = samesite
/// ```
fn apply_attributes(m: &mut Morsel, version: DjangoVersion, args: &CookieArgs, now: SimTime) -> Result<(), CookieError> {
    let mut max_age = args.max_age.clone();
    // The local `expires` after the first block: only its truthiness matters below.
    let expires_truthy = match &args.expires {
        Some(Expires::Datetime { at, .. }) => {
            let delta_us = at.micros_since(now).saturating_add(MICROS_PER_SEC);
            // Django 3.2 has no such check: the datetime silently replaces max_age.
            if version == DjangoVersion::V5_2 && max_age.is_some() {
                return Err(CookieError::ValueError("'expires' and 'max_age' can't be used together.".into()));
            }
            // `delta.days * 86400 + delta.seconds`: the whole seconds, floored.
            max_age = Some(MaxAge::Int(delta_us.div_euclid(MICROS_PER_SEC).max(0)));
            false
        }
        Some(Expires::Str(s)) => {
            m.expires = s.clone();
            !s.is_empty()
        }
        Some(Expires::Int(n)) => {
            m.expires = morsel_getdate(now, *n)?;
            *n != 0
        }
        Some(Expires::Object { text, truthy }) => {
            m.expires = text.clone();
            *truthy
        }
        None => {
            m.expires.clear();
            false
        }
    };
    if let Some(max_age) = max_age {
        let (int_text, seconds) = match max_age {
            MaxAge::Int(n) => (n.to_string(), n as f64),
            MaxAge::Float(f) => (py_int_of_float(f), f),
            MaxAge::Timedelta(s) => match version {
                DjangoVersion::V5_2 => (py_int_of_float(s), s),
                DjangoVersion::V3_2 => {
                    return Err(CookieError::TypeError(
                        "int() argument must be a string, a bytes-like object or a real number, not 'datetime.timedelta'".into(),
                    ))
                }
            },
        };
        m.max_age = int_text;
        if !expires_truthy {
            m.expires = http_date_of_float(freezegun_time(now) + seconds)?;
        }
    }
    if let Some(path) = &args.path {
        m.path = path.clone();
    }
    if let Some(domain) = &args.domain {
        m.domain = domain.clone();
    }
    if args.secure {
        m.secure = true;
    }
    if args.httponly {
        m.httponly = true;
    }
    if let Some(samesite) = args.samesite.as_deref().filter(|s| !s.is_empty()) {
        // `samesite.lower()`: an ASCII value lowers to ASCII; any other goes through
        // Python's full mapping.
        let known = ["lax", "none", "strict"].iter().any(|v| py_lower_is(samesite, v));
        if !known {
            return Err(CookieError::ValueError("samesite must be \"lax\", \"none\", or \"strict\".".into()));
        }
        m.samesite = samesite.to_string();
    }
    Ok(())
}

/// `time.time()` under freezegun: `calendar.timegm(now.timetuple()) + now.microsecond / 1000000.0`.
fn freezegun_time(now: SimTime) -> f64 {
    now.unix_secs() as f64 + now.subsec_micros() as f64 / 1e6
}

/// Seconds whose calendar year still fits Python's `datetime` (1..=9999).
const DATETIME_MIN_SECS: i64 = -62_135_596_800;
const DATETIME_MAX_SECS: i64 = 253_402_300_799;
/// Beyond this, glibc's `gmtime()` cannot hold the year in an `int` and fails with
/// `EOVERFLOW`.
const GMTIME_LIMIT_SECS: f64 = 67_767_976_233_316_800.0;
/// Beyond this, the float does not fit a 64-bit `time_t`.
const TIME_T_LIMIT: f64 = 9.223_372_036_854_776e18;

fn time_t_overflow() -> CookieError {
    CookieError::OverflowError("timestamp out of range for platform time_t".into())
}
fn gmtime_overflow() -> CookieError {
    CookieError::OSError("[Errno 75] Value too large for defined data type".into())
}

/// `django.utils.http.http_date(t)` = `email.utils.formatdate(t, usegmt=True)`, which
/// goes through `datetime.fromtimestamp(t, timezone.utc)`: `t` is rounded to the
/// microsecond (half to even), then the second is written.
fn http_date_of_float(t: f64) -> Result<String, CookieError> {
    // _PyTime_DoubleToDenominator
    let mut int_part = t.trunc();
    let micros = round_half_even((t - int_part) * 1e6);
    if micros >= 1e6 {
        int_part += 1.0;
    } else if micros < 0.0 {
        int_part -= 1.0;
    }
    if !int_part.is_finite() || int_part.abs() >= TIME_T_LIMIT {
        return Err(time_t_overflow());
    }
    if int_part.abs() >= GMTIME_LIMIT_SECS {
        return Err(gmtime_overflow());
    }
    let secs = int_part as i64;
    if !(DATETIME_MIN_SECS..=DATETIME_MAX_SECS).contains(&secs) {
        let year = civil_of_secs(secs).0;
        return Err(CookieError::ValueError(format!("year {year} is out of range")));
    }
    Ok(crate::http::dates::http_date(SimTime::from_unix_secs(secs)))
}

/// `http.cookies._getdate(future)`, which `Morsel.OutputString` uses for an `int`
/// `expires`: `gmtime(time() + future)` as `"%s, %02d %3s %4d %02d:%02d:%02d GMT"`.
fn morsel_getdate(now: SimTime, future: i64) -> Result<String, CookieError> {
    let t = (freezegun_time(now) + future as f64).floor();
    if !t.is_finite() || t.abs() >= TIME_T_LIMIT {
        return Err(time_t_overflow());
    }
    if t.abs() >= GMTIME_LIMIT_SECS {
        return Err(gmtime_overflow());
    }
    let (year, month, day, sod, weekday) = civil_of_secs(t as i64);
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    Ok(format!(
        "{}, {:02} {:>3} {:4} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[weekday as usize],
        day,
        MONTHS[month as usize - 1],
        year,
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    ))
}

/// (year, month, day, second of day, weekday with 0 = Monday) of a Unix time, for
/// any year (Howard Hinnant's `civil_from_days`).
fn civil_of_secs(secs: i64) -> (i64, u32, u32, i64, i64) {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, sod, (days + 3).rem_euclid(7))
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// Python's `int(f)` of a finite float, written out exactly (`%d`): truncated
/// toward zero, any size.
pub(crate) fn py_int_of_float(f: f64) -> String {
    let t = f.trunc();
    if !t.is_finite() {
        return "0".into();
    }
    if t.abs() < 9.0e18 {
        return (t as i64).to_string();
    }
    // t = mantissa * 2^exp exactly, with exp > 0 here.
    let bits = t.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u64> = vec![mantissa % 1_000_000_000, mantissa / 1_000_000_000];
    for _ in 0..exp.max(0) {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let v = *limb * 2 + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut s = if f < 0.0 { "-".to_string() } else { String::new() };
    s.push_str(&limbs.last().copied().unwrap_or(0).to_string());
    for limb in limbs.iter().rev().skip(1) {
        s.push_str(&format!("{limb:09}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test] // CPython 3.11: 'KEY'.lower(), '\u212aey'.lower() == 'key'; '\u0130'.lower() == 'i\u0307'
    fn lower_compares_as_python() {
        for (s, word, expected) in [
            ("PATH", "path", true),
            ("Path", "path", true),
            ("pat", "path", false),
            ("paths", "path", false),
            ("p\u{e4}th", "path", false),
            ("\u{212A}EY", "key", true),
            ("\u{130}", "i", false),
            ("", "", true),
            ("Max-Age", "max-age", true),
        ] {
            assert_eq!(py_lower_is(s, word), expected, "{s:?}.lower() == {word:?}");
        }
    }

    #[track_caller]
    fn check_quote(value: &str, expected: &str) {
        assert_eq!(quote(value), expected, "_quote({value:?})");
    }

    #[test]
    fn quotes_like_python() {
        check_quote("", "\"\"");
        check_quote("42", "42");
        check_quote("it's", "it's");
        check_quote("a=b", "\"a=b\"");
        check_quote("a;b", "\"a\\073b\"");
        check_quote("Zoë", "\"Zo\\353\"");
        check_quote("5 €", "\"5 €\"");
        check_quote("\u{7f}", "\"\\177\"");
        check_quote("[1, 2]", "\"[1\\054 2]\"");
    }

    #[test]
    fn ints_of_floats_are_exact() {
        assert_eq!(py_int_of_float(3.7), "3");
        assert_eq!(py_int_of_float(-3.7), "-3");
        assert_eq!(py_int_of_float(1e20), "100000000000000000000");
        assert_eq!(py_int_of_float(-1e19), "-10000000000000000000");
        assert_eq!(py_int_of_float(1.2345678901234567e25), "12345678901234566097272832");
    }

    #[test]
    fn http_date_rounds_to_the_microsecond_first() {
        assert_eq!(http_date_of_float(1569799075.9999996).unwrap(), "Sun, 29 Sep 2019 23:17:56 GMT");
        assert_eq!(http_date_of_float(1569799075.9999994).unwrap(), "Sun, 29 Sep 2019 23:17:55 GMT");
        assert_eq!(http_date_of_float(1e12).unwrap_err(), CookieError::ValueError("year 33658 is out of range".into()));
    }
}
