//! `django.contrib.messages`: `MessageMiddleware` with the default
//! `FallbackStorage`, whose first storage is the `messages` cookie
//! (`CookieStorage`: JSON, signed with the salt `django.contrib.messages`).
//! OWNER: server.

use crate::conf::{DjangoVersion, HashingAlgorithm, MiddlewareKind};
use crate::handlers::exception::PyException;
use crate::handlers::{cookie_exception, Ctx, WsgiRequest};
use crate::http::response::{CookieArgs, HttpResponse};
use crate::middleware::{raised_in, Middleware, Next};
use crate::pyjson::Value;
use crate::signing;

pub const DEBUG: i64 = 10;
pub const INFO: i64 = 20;
pub const SUCCESS: i64 = 25;
pub const WARNING: i64 = 30;
pub const ERROR: i64 = 40;

/// `CookieStorage.cookie_name`.
pub const COOKIE_NAME: &str = "messages";
/// `CookieStorage.key_salt`.
pub const KEY_SALT: &str = "django.contrib.messages";
/// `MessageEncoder.message_key`.
pub const MESSAGE_KEY: &str = "__json_message";

/// One message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub level: i64,
    pub message: String,
    pub extra_tags: Option<String>,
}

impl Message {
    /// `message.tags`: extra tags, then the level's tag.
    pub fn tags(&self) -> String {
        let level_tag = match self.level {
            DEBUG => "debug",
            INFO => "info",
            SUCCESS => "success",
            WARNING => "warning",
            ERROR => "error",
            _ => "",
        };
        [self.extra_tags.as_deref().unwrap_or(""), level_tag].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ")
    }
}

/// `request._messages`: the `FallbackStorage`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MessageStorage {
    queued: Vec<Message>,
    loaded: Option<Vec<Message>>,
    /// The cookie storage held messages (so it is flushed when they are read).
    cookie_used: bool,
    pub used: bool,
    pub added_new: bool,
}

impl MessageStorage {
    /// `storage.add(level, message, extra_tags)`.
    pub fn add(&mut self, level: i64, message: &str, extra_tags: &str) {
        // "Check for a message to add; if none, no message is stored."
        if message.is_empty() {
            return;
        }
        // "if level < self.level: return" (MESSAGE_LEVEL defaults to INFO)
        if level < INFO {
            return;
        }
        self.added_new = true;
        self.queued.push(Message { level, message: message.to_string(), extra_tags: Some(extra_tags.to_string()) });
    }

    /// `for m in storage`: every message, marking the storage used.
    pub fn iterate(&mut self, req: &WsgiRequest, cx: &Ctx<'_>) -> Vec<Message> {
        self.used = true;
        let mut all = self.loaded_messages(req, cx);
        all.append(&mut self.queued);
        self.loaded = Some(all.clone());
        all
    }

    fn loaded_messages(&mut self, req: &WsgiRequest, cx: &Ctx<'_>) -> Vec<Message> {
        if let Some(l) = &self.loaded {
            return l.clone();
        }
        let msgs = req.cookie(COOKIE_NAME).and_then(|data| decode(cx, &data)).unwrap_or_default();
        if !msgs.is_empty() {
            self.cookie_used = true;
        }
        self.loaded = Some(msgs.clone());
        msgs
    }

    /// `storage.update(response)`: stores what is left, deleting the cookie when
    /// everything was read.
    pub fn update(&mut self, req: &WsgiRequest, cx: &mut Ctx<'_>, response: &mut HttpResponse) -> Result<(), PyException> {
        let messages = if self.used {
            std::mem::take(&mut self.queued)
        } else if self.added_new {
            let mut m = self.loaded_messages(req, cx);
            m.append(&mut self.queued);
            m
        } else {
            return Ok(());
        };
        let s = cx.settings;
        if !messages.is_empty() {
            let value = encode(cx, &messages);
            let args = CookieArgs {
                max_age: None,
                expires: None,
                path: Some("/".into()),
                domain: s.session_cookie_domain.clone(),
                secure: s.session_cookie_secure,
                httponly: s.session_cookie_httponly,
                samesite: s.session_cookie_samesite.clone(),
            };
            response.set_cookie(COOKIE_NAME, &value, &args, cx.now).map_err(cookie_exception)?;
        } else if self.cookie_used {
            response
                .delete_cookie(COOKIE_NAME, "/", s.session_cookie_domain.as_deref(), s.session_cookie_samesite.as_deref(), cx.now)
                .map_err(cookie_exception)?;
            self.cookie_used = false;
        }
        Ok(())
    }
}

fn cookie_key(secret: &str) -> String {
    format!("django.http.cookies{secret}")
}

fn algorithm(cx: &Ctx<'_>) -> signing::Algorithm {
    match (cx.version, cx.settings.default_hashing_algorithm) {
        (DjangoVersion::V3_2, Some(HashingAlgorithm::Sha1)) => signing::Algorithm::Sha1,
        _ => signing::Algorithm::Sha256,
    }
}

/// The JSON `MessageEncoder` writes: `["__json_message",0,25,"text",""]`.
fn message_value(m: &Message, version: DjangoVersion) -> Value {
    let mut v = vec![Value::str(MESSAGE_KEY), Value::int(0), Value::int(m.level), Value::str(m.message.clone())];
    match version {
        // "if obj.extra_tags is not None: message.append(obj.extra_tags)"
        DjangoVersion::V5_2 => {
            if let Some(t) = &m.extra_tags {
                v.push(Value::str(t.clone()));
            }
        }
        // 3.2: "if obj.extra_tags: message.append(obj.extra_tags)"
        DjangoVersion::V3_2 => {
            if let Some(t) = m.extra_tags.as_ref().filter(|t| !t.is_empty()) {
                v.push(Value::str(t.clone()));
            }
        }
    }
    Value::List(v)
}

/// `CookieStorage._encode(messages)`: signed by `get_cookie_signer(salt=…)`, whose
/// class is `settings.SIGNING_BACKEND` (`TimestampSigner`), so the value carries a
/// timestamp.
pub fn encode(cx: &Ctx<'_>, messages: &[Message]) -> String {
    let list = Value::List(messages.iter().map(|m| message_value(m, cx.version)).collect());
    let json = crate::pyjson::dumps(&list);
    let key = cookie_key(&cx.settings.secret_key);
    let signer = signing::Signer { key: &key, fallback_keys: &[], salt: KEY_SALT, algorithm: algorithm(cx) };
    // "self.signer.sign_object(messages, serializer=…, compress=True)"
    let data = json.into_bytes();
    let z = signing::zlib_compress(&data);
    let payload = if z.len() + 1 < data.len() { format!(".{}", signing::b64_encode(&z)) } else { signing::b64_encode(&data) };
    signer.sign_timestamped(&payload, cx.now)
}

/// `CookieStorage._decode(data)`: `None` when the signature or the data is bad.
pub fn decode(cx: &Ctx<'_>, data: &str) -> Option<Vec<Message>> {
    if data.is_empty() {
        return None;
    }
    let key = cookie_key(&cx.settings.secret_key);
    let fallbacks: Vec<String> =
        if cx.version == DjangoVersion::V5_2 { cx.settings.secret_key_fallbacks.iter().map(|k| cookie_key(k)).collect() } else { Vec::new() };
    let signer = signing::Signer { key: &key, fallback_keys: &fallbacks, salt: KEY_SALT, algorithm: algorithm(cx) };
    // `get_cookie_signer` builds `settings.SIGNING_BACKEND`, a `TimestampSigner`.
    let value = signer.unsign_timestamped(data, None, cx.now).ok()?;
    let json = {
        {
            let (compressed, b64) = match value.strip_prefix('.') {
                Some(rest) => (true, rest),
                None => (false, value.as_str()),
            };
            let mut bytes = signing::b64_decode(b64).ok()?;
            if compressed {
                bytes = signing::zlib_decompress(&bytes).ok()?;
            }
            bytes.iter().map(|&b| b as char).collect::<String>()
        }
    };
    let Value::List(items) = crate::pyjson::loads(&json).ok()? else { return None };
    Some(
        items
            .iter()
            .filter_map(|it| match it {
                Value::List(parts) if parts.first().and_then(Value::as_str) == Some(MESSAGE_KEY) && parts.len() >= 4 => Some(Message {
                    level: parts[2].as_i64().unwrap_or(INFO),
                    message: parts[3].as_str().map(str::to_string).unwrap_or_else(|| crate::pyjson::repr(&parts[3])),
                    extra_tags: parts.get(4).and_then(|t| t.as_str().map(str::to_string)),
                }),
                _ => None,
            })
            .collect(),
    )
}

/// `messages.add_message(request, level, message)`.
pub fn add_message(req: &mut WsgiRequest, level: i64, message: &str) -> Result<(), PyException> {
    match req.messages.as_mut() {
        Some(m) => {
            m.add(level, message, "");
            Ok(())
        }
        None => Err(PyException::new(
            "django.contrib.messages.api.MessageFailure",
            "You cannot add messages without installing django.contrib.messages.middleware.MessageMiddleware",
        )),
    }
}

/// `messages.get_messages(request)`, iterated.
pub fn get_messages(req: &mut WsgiRequest, cx: &Ctx<'_>) -> Vec<Message> {
    let Some(mut storage) = req.messages.take() else { return Vec::new() };
    let out = storage.iterate(req, cx);
    req.messages = Some(storage);
    out
}

/// `django.contrib.messages.middleware.MessageMiddleware`.
pub struct MessageMiddleware;

impl Middleware for MessageMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::Message
    }
    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        // FallbackStorage builds a SessionStorage, which needs request.session.
        if req.session.is_none() {
            let msg = "The session-based temporary message storage requires session middleware to be installed, and come before the message middleware in the MIDDLEWARE list.";
            // MessageMiddleware.process_request → default_storage → FallbackStorage's
            // list of storages → SessionStorage.__init__.
            let e = match cx.version {
                DjangoVersion::V5_2 => PyException::new("django.core.exceptions.ImproperlyConfigured", msg)
                    .django_frame("contrib/messages/middleware.py", 12, "process_request", "request._messages = default_storage(request)")
                    .django_frame("contrib/messages/storage/__init__.py", 12, "default_storage", "return import_string(settings.MESSAGE_STORAGE)(request)")
                    .django_frame("contrib/messages/storage/fallback.py", 16, "__init__", "self.storages = [")
                    .django_frame(
                        "contrib/messages/storage/fallback.py",
                        17,
                        "<listcomp>",
                        "storage_class(*args, **kwargs) for storage_class in self.storage_classes",
                    )
                    .raised_at("storage_class(*args, **kwargs)")
                    .django_frame("contrib/messages/storage/session.py", 17, "__init__", "raise ImproperlyConfigured("),
                DjangoVersion::V3_2 => PyException::new("AssertionError", msg)
                    .django_frame("contrib/messages/middleware.py", 12, "process_request", "request._messages = default_storage(request)")
                    .django_frame("contrib/messages/storage/__init__.py", 12, "default_storage", "return import_string(settings.MESSAGE_STORAGE)(request)")
                    .django_frame("contrib/messages/storage/fallback.py", 15, "__init__", "self.storages = [storage_class(*args, **kwargs)")
                    .django_frame("contrib/messages/storage/fallback.py", 15, "<listcomp>", "self.storages = [storage_class(*args, **kwargs)")
                    .raised_at("storage_class(*args, **kwargs)")
                    .django_frame(
                        "contrib/messages/storage/session.py",
                        16,
                        "__init__",
                        "assert hasattr(request, 'session'), \"The session-based temporary \"\\",
                    ),
            };
            return Err(raised_in(e, cx.version, false));
        }
        req.messages = Some(MessageStorage::default());
        let mut response = next.run(req, cx);
        if let Some(mut storage) = req.messages.take() {
            let r = storage.update(req, cx, &mut response);
            req.messages = Some(storage);
            r.map_err(|e| raised_in(e, cx.version, true))?;
        }
        Ok(response)
    }
}
