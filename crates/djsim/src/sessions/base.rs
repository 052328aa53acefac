//! `SessionBase` and the five `SessionStore` engines
//! (`django.contrib.sessions.backends.{db, signed_cookies, cache, cached_db, file}`),
//! as Django 5.2 and 3.2 implement them (oracle README §3, §7). OWNER: server.

use super::backends::{path_join, LocMemCache};
use super::codec;
use crate::conf::{DjangoVersion, HashingAlgorithm, SessionEngine};
use crate::db::SessionTableRow;
use crate::handlers::exception::{Frame, PyException, SITE_PACKAGES};
use crate::handlers::Ctx;
use crate::pyjson::{Dict, Value};
use crate::random::VALID_KEY_CHARS;
use crate::signing;
use crate::time::{SimTime, MICROS_PER_SEC};

/// The salt of the `signed_cookies` engine.
pub const SIGNED_COOKIES_SALT: &str = "django.contrib.sessions.backends.signed_cookies";
/// `django.contrib.sessions.backends.cache.KEY_PREFIX`.
pub const CACHE_KEY_PREFIX: &str = "django.contrib.sessions.cache";
/// `django.contrib.sessions.backends.cached_db.KEY_PREFIX`.
pub const CACHED_DB_KEY_PREFIX: &str = "django.contrib.sessions.cached_db";

/// A session's data. Django 3.2's `set_expiry(timedelta or datetime)` stores a
/// `datetime` object under `_session_expiry`, which JSON cannot serialize: then
/// `expiry_datetime` holds it (and the dict an ISO placeholder at its position).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SessionData {
    pub dict: Dict,
    pub expiry_datetime: Option<SimTime>,
}

impl SessionData {
    pub fn from_dict(dict: Dict) -> SessionData {
        SessionData { dict, expiry_datetime: None }
    }
}

/// The argument of `set_expiry`.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpiryArg {
    /// `set_expiry(None)`: back to the global policy.
    None,
    /// `set_expiry(n)` (0: until the browser closes).
    Int(Value),
    /// `set_expiry(timedelta(…))`, in microseconds.
    Timedelta(i64),
    /// `set_expiry(aware datetime)`.
    Datetime(SimTime),
}

/// A number Python computed: what `get_expiry_age()` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum PyNum {
    Int(i64),
    Float(f64),
}

impl PyNum {
    /// `str(n)`.
    pub fn py_str(&self) -> String {
        match self {
            PyNum::Int(i) => i.to_string(),
            PyNum::Float(f) => crate::pyjson::repr(&Value::Float(*f)),
        }
    }
    pub fn as_f64(&self) -> f64 {
        match self {
            PyNum::Int(i) => *i as f64,
            PyNum::Float(f) => *f,
        }
    }
}

/// Why `save()` failed.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// `CreateError`: the key exists (`create()` retries).
    Create,
    /// `UpdateError`: the row is gone (the middleware raises `SessionInterrupted`).
    Update,
    /// Anything else raised (a database error, a value JSON cannot serialize).
    Raised(PyException),
}

impl From<PyException> for SaveError {
    fn from(e: PyException) -> Self {
        SaveError::Raised(e)
    }
}

/// `request.session`: one engine's `SessionStore`.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionStore {
    pub engine: SessionEngine,
    session_key: Option<String>,
    cache: Option<SessionData>,
    /// Set by any read or write.
    pub accessed: bool,
    /// Set by writes, `clear()`, `set_expiry()`, `create()`.
    pub modified: bool,
}

impl SessionStore {
    /// `SessionStore(session_key)`: a key is kept only when it is truthy and at
    /// least 8 characters long ("_validate_session_key: return key and len(key) >= 8").
    pub fn new(engine: SessionEngine, session_key: Option<&str>) -> SessionStore {
        let mut s = SessionStore { engine, session_key: None, cache: None, accessed: false, modified: false };
        s.set_session_key(session_key.map(str::to_string));
        s
    }

    pub fn session_key(&self) -> Option<&str> {
        self.session_key.as_deref()
    }

    /// The loaded data, if it has been loaded.
    pub fn loaded(&self) -> Option<&SessionData> {
        self.cache.as_ref()
    }

    /// "Return True when there is no session_key and the session is empty."
    pub fn is_empty(&self) -> bool {
        self.session_key.is_none() && self.cache.as_ref().is_none_or(|c| c.dict.is_empty())
    }

    // ---- the mapping interface -------------------------------------------------

    /// `session.get(key)` (loads the session).
    pub fn get(&mut self, cx: &mut Ctx<'_>, key: &str) -> Result<Option<Value>, PyException> {
        Ok(self.session(cx)?.dict.get(key).cloned())
    }

    /// `key in session`.
    pub fn contains(&mut self, cx: &mut Ctx<'_>, key: &str) -> Result<bool, PyException> {
        Ok(self.session(cx)?.dict.contains_key(key))
    }

    /// `session[key] = value`.
    pub fn set(&mut self, cx: &mut Ctx<'_>, key: &str, value: Value) -> Result<(), PyException> {
        let data = self.session(cx)?;
        if key == "_session_expiry" {
            data.expiry_datetime = None;
        }
        data.dict.insert(key, value);
        self.modified = true;
        Ok(())
    }

    /// `del session[key]`: `KeyError` when absent.
    pub fn delete_item(&mut self, cx: &mut Ctx<'_>, key: &str) -> Result<(), PyException> {
        let data = self.session(cx)?;
        if data.dict.remove(key).is_none() {
            return Err(PyException::key_error(key));
        }
        if key == "_session_expiry" {
            data.expiry_datetime = None;
        }
        self.modified = true;
        Ok(())
    }

    /// `session.pop(key, default)`: modified only when the key existed.
    pub fn pop(&mut self, cx: &mut Ctx<'_>, key: &str) -> Result<Option<Value>, PyException> {
        let data = self.session(cx)?;
        let v = data.dict.remove(key);
        if v.is_some() {
            if key == "_session_expiry" {
                data.expiry_datetime = None;
            }
            self.modified = true;
        }
        Ok(v)
    }

    /// `session.items()`, in insertion order.
    pub fn items(&mut self, cx: &mut Ctx<'_>) -> Result<Dict, PyException> {
        Ok(self.session(cx)?.dict.clone())
    }

    /// `json.dumps(dict(session.items()))` (the lab's `show`): `None` when the
    /// items cannot be written. Django 3.2's cache engine pickles the session, so
    /// the datetime `set_expiry` stored comes back on the next request, and
    /// `json.dumps` raises `TypeError` (its frames from `json.dumps` down).
    pub fn items_json(&mut self, cx: &mut Ctx<'_>) -> Result<Result<Dict, PyException>, PyException> {
        let data = self.session(cx)?;
        if data.expiry_datetime.is_some() {
            let e = PyException::new("TypeError", "Object of type datetime is not JSON serializable");
            return Ok(Err(json_dumps_frames(e, 231, "return _default_encoder.encode(obj)")));
        }
        Ok(Ok(data.dict.clone()))
    }

    /// `session.clear()`: "set up the internals directly (loading data wastes time)".
    pub fn clear(&mut self) {
        self.cache = Some(SessionData::default());
        self.accessed = true;
        self.modified = true;
    }

    /// `session.flush()`: clear, delete the stored session, forget the key.
    pub fn flush(&mut self, cx: &mut Ctx<'_>) -> Result<(), PyException> {
        self.clear();
        self.delete(cx, None)?;
        self.session_key = None;
        Ok(())
    }

    /// `session.cycle_key()`: the same data under a new key; the old one is deleted.
    pub fn cycle_key(&mut self, cx: &mut Ctx<'_>) -> Result<(), PyException> {
        if self.engine == SessionEngine::SignedCookies {
            // "def cycle_key(self): self.save()"
            return self.save(cx, false).map_err(save_error_to_exception);
        }
        let data = self.session(cx)?.clone();
        let key = self.session_key.clone();
        self.create(cx)?;
        self.cache = Some(data);
        if let Some(k) = key {
            self.delete(cx, Some(&k))?;
        }
        Ok(())
    }

    // ---- expiry ------------------------------------------------------------------

    /// `set_expiry(value)`.
    pub fn set_expiry(&mut self, cx: &mut Ctx<'_>, value: ExpiryArg) -> Result<(), PyException> {
        let v52 = cx.version == DjangoVersion::V5_2;
        match value {
            ExpiryArg::None => {
                // "try: del self['_session_expiry'] except KeyError: pass"
                let _ = self.delete_item(cx, "_session_expiry");
                Ok(())
            }
            ExpiryArg::Int(v) => self.set(cx, "_session_expiry", v),
            ExpiryArg::Timedelta(us) => {
                // "if isinstance(value, timedelta): value = timezone.now() + value"
                let at = checked_add(cx.now, us)?;
                self.set_expiry_datetime(cx, at, v52)
            }
            ExpiryArg::Datetime(at) => self.set_expiry_datetime(cx, at, v52),
        }
    }

    fn set_expiry_datetime(&mut self, cx: &mut Ctx<'_>, at: SimTime, v52: bool) -> Result<(), PyException> {
        // 5.2: "if isinstance(value, datetime): value = value.isoformat()"
        self.set(cx, "_session_expiry", Value::Str(at.isoformat_utc()))?;
        if !v52 {
            // 3.2 stores the datetime object itself.
            if let Some(d) = self.cache.as_mut() {
                d.expiry_datetime = Some(at);
            }
        }
        Ok(())
    }

    /// `get_expiry_age()` at `modification = now`.
    pub fn get_expiry_age(&mut self, cx: &mut Ctx<'_>) -> Result<PyNum, PyException> {
        let data = self.session(cx)?;
        expiry_age(cx, data, cx.now)
    }

    /// `get_expiry_date()` at `modification = now`.
    pub fn get_expiry_date(&mut self, cx: &mut Ctx<'_>) -> Result<SimTime, PyException> {
        let data = self.session(cx)?;
        expiry_date(cx, data, cx.now)
    }

    /// `get_expire_at_browser_close()`.
    pub fn get_expire_at_browser_close(&mut self, cx: &mut Ctx<'_>) -> Result<bool, PyException> {
        let expire_default = cx.settings.session_expire_at_browser_close;
        let data = self.session(cx)?;
        Ok(match data.dict.get("_session_expiry") {
            None | Some(Value::None) => expire_default,
            // "return expiry == 0"
            Some(Value::Int(s)) => s.trim_start_matches('-').chars().all(|c| c == '0'),
            Some(Value::Float(f)) => *f == 0.0,
            Some(Value::Bool(b)) => !*b,
            Some(_) => false,
        })
    }

    // ---- storage ------------------------------------------------------------------

    /// `save(must_create)`.
    pub fn save(&mut self, cx: &mut Ctx<'_>, must_create: bool) -> Result<(), SaveError> {
        let r = self.save_engine(cx, must_create);
        if self.engine == SessionEngine::CachedDb {
            // cached_db's `save` is "super().save(must_create)" then the cache.
            return r.map_err(|e| e.outer_frame(frame(cx, BackendLine::CachedDbSave)));
        }
        r
    }

    fn save_engine(&mut self, cx: &mut Ctx<'_>, must_create: bool) -> Result<(), SaveError> {
        if self.engine == SessionEngine::SignedCookies {
            // "self._session_key = self._get_session_key(); self.modified = True"
            let data = self.session(cx)?.clone();
            let value = signed_cookie_value(cx, &data).map_err(|e| {
                e.outer_frame_of(frame(cx, BackendLine::SignedGetSessionKey)).outer_frame_of(frame(cx, BackendLine::SignedSave))
            })?;
            self.session_key = Some(value);
            self.modified = true;
            return Ok(());
        }
        let Some(key) = self.session_key.clone() else {
            // "if self.session_key is None: return self.create()"
            return self.create(cx).map_err(|e| SaveError::Raised(e.outer_frame_of(frame(cx, BackendLine::SaveCreate(self.engine)))));
        };
        if self.engine == SessionEngine::Db {
            // The `db` engine only reads the data: no copy of it.
            let data = self.session_no_load(cx, must_create)?;
            return save_row(cx, key, data, must_create);
        }
        let data = self.session_no_load(cx, must_create)?.clone();
        match self.engine {
            SessionEngine::Db | SessionEngine::CachedDb => {
                save_row(cx, key.clone(), &data, must_create)?;
                if self.engine == SessionEngine::CachedDb {
                    let age = expiry_age(cx, &data, cx.now)?;
                    cx.cache.set(&format!("{CACHED_DB_KEY_PREFIX}{key}"), data, age.as_f64(), cx.now);
                }
                Ok(())
            }
            SessionEngine::Cache => {
                let ck = format!("{CACHE_KEY_PREFIX}{key}");
                let age = expiry_age(cx, &data, cx.now)?.as_f64();
                if must_create {
                    if !cx.cache.add(&ck, data, age, cx.now) {
                        return Err(SaveError::Create);
                    }
                } else if cx.cache.get(&ck, cx.now).is_some() {
                    cx.cache.set(&ck, data, age, cx.now);
                } else {
                    return Err(SaveError::Update);
                }
                Ok(())
            }
            SessionEngine::File => {
                let path = key_to_file(cx, &key).map_err(SaveError::Raised)?;
                let exists = cx.files.exists(&path);
                if must_create {
                    if exists {
                        return Err(SaveError::Create);
                    }
                    cx.files.create_exclusive(&path, cx.now);
                } else if !exists {
                    return Err(SaveError::Update);
                }
                let content = encode(cx, &data).map_err(|e| e.outer_frame_of(frame(cx, BackendLine::FileWrite)))?;
                cx.files.write(&path, content, cx.now);
                Ok(())
            }
            SessionEngine::SignedCookies => Ok(()),
        }
    }

    /// `create()`: a new key, saved empty (or with the data already held).
    pub fn create(&mut self, cx: &mut Ctx<'_>) -> Result<(), PyException> {
        if self.engine == SessionEngine::SignedCookies {
            self.modified = true;
            return Ok(());
        }
        for _ in 0..10_000 {
            self.session_key = Some(self.get_new_session_key(cx)?);
            match self.save(cx, true) {
                Ok(()) => {
                    self.modified = true;
                    return Ok(());
                }
                Err(SaveError::Create) => continue,
                Err(SaveError::Update) => return Err(PyException::new("django.contrib.sessions.backends.base.UpdateError", "")),
                Err(SaveError::Raised(e)) => return Err(e.outer_frame_of(frame(cx, BackendLine::CreateSave(self.engine)))),
            }
        }
        Err(PyException::new("RuntimeError", "Unable to create a new session key. It is likely that the cache is unavailable."))
    }

    /// `delete(session_key=None)`.
    pub fn delete(&mut self, cx: &mut Ctx<'_>, key: Option<&str>) -> Result<(), PyException> {
        if self.engine == SessionEngine::SignedCookies {
            // "self._session_key = ''; self._session_cache = {}; self.modified = True"
            self.session_key = None;
            self.cache = Some(SessionData::default());
            self.modified = true;
            return Ok(());
        }
        let key = match key {
            Some(k) => k.to_string(),
            None => match &self.session_key {
                Some(k) => k.clone(),
                None => return Ok(()),
            },
        };
        match self.engine {
            SessionEngine::Db => cx.db.session_delete(&key).map_err(|e| PyException::operational(&e.message))?,
            SessionEngine::CachedDb => {
                cx.db.session_delete(&key).map_err(|e| PyException::operational(&e.message))?;
                cx.cache.delete(&format!("{CACHED_DB_KEY_PREFIX}{key}"));
            }
            SessionEngine::Cache => {
                cx.cache.delete(&format!("{CACHE_KEY_PREFIX}{key}"));
            }
            SessionEngine::File => {
                if let Ok(path) = key_to_file(cx, &key) {
                    cx.files.unlink(&path);
                }
            }
            SessionEngine::SignedCookies => {}
        }
        Ok(())
    }

    /// `exists(session_key)`.
    pub fn exists(&self, cx: &mut Ctx<'_>, key: &str) -> Result<bool, PyException> {
        Ok(match self.engine {
            SessionEngine::Db => cx.db.session_exists(key).map_err(|e| PyException::operational(&e.message))?,
            SessionEngine::CachedDb => {
                cx.cache.contains(&format!("{CACHED_DB_KEY_PREFIX}{key}"), cx.now)
                    || cx.db.session_exists(key).map_err(|e| PyException::operational(&e.message))?
            }
            SessionEngine::Cache => cx.cache.contains(&format!("{CACHE_KEY_PREFIX}{key}"), cx.now),
            SessionEngine::File => key_to_file(cx, key).is_ok_and(|p| cx.files.exists(&p)),
            SessionEngine::SignedCookies => false,
        })
    }

    /// `_session`: loads on first use ("self.accessed = True").
    pub fn session(&mut self, cx: &mut Ctx<'_>) -> Result<&mut SessionData, PyException> {
        self.session_no_load(cx, false)
    }

    fn session_no_load(&mut self, cx: &mut Ctx<'_>, no_load: bool) -> Result<&mut SessionData, PyException> {
        self.accessed = true;
        if self.cache.is_none() {
            let data = if self.session_key.is_none() || no_load { SessionData::default() } else { self.load(cx)? };
            // `load()` may have created the session (file engine) and set the cache.
            if self.cache.is_none() {
                self.cache = Some(data);
            }
        }
        Ok(self.cache.get_or_insert_with(SessionData::default))
    }

    /// `_get_new_session_key()`: 32 characters of `[a-z0-9]` not in use.
    fn get_new_session_key(&mut self, cx: &mut Ctx<'_>) -> Result<String, PyException> {
        loop {
            let key = cx.rng.get_random_string(32, VALID_KEY_CHARS);
            if !self.exists(cx, &key)? {
                return Ok(key);
            }
        }
    }

    fn set_session_key(&mut self, key: Option<String>) {
        self.session_key = key.filter(|k| k.chars().count() >= 8);
    }

    /// `load()`.
    fn load(&mut self, cx: &mut Ctx<'_>) -> Result<SessionData, PyException> {
        let key = self.session_key.clone().unwrap_or_default();
        match self.engine {
            SessionEngine::Db => Ok(match self.session_from_db(cx, &key)? {
                Some(row) => SessionData::from_dict(decode(cx, &row.session_data)),
                None => SessionData::default(),
            }),
            SessionEngine::CachedDb => {
                let ck = format!("{CACHED_DB_KEY_PREFIX}{key}");
                if let Some(d) = cx.cache.get(&ck, cx.now) {
                    return Ok(d);
                }
                match self.session_from_db(cx, &key)? {
                    Some(row) => {
                        let data = SessionData::from_dict(decode(cx, &row.session_data));
                        // "self.get_expiry_age(expiry=s.expire_date)"
                        let exp = SimTime::parse_sqlite(&row.expire_date).unwrap_or(cx.now);
                        let age = floor_secs(exp.micros_since(cx.now));
                        cx.cache.set(&ck, data.clone(), age as f64, cx.now);
                        Ok(data)
                    }
                    None => Ok(SessionData::default()),
                }
            }
            SessionEngine::Cache => match cx.cache.get(&format!("{CACHE_KEY_PREFIX}{key}"), cx.now) {
                Some(d) => Ok(d),
                None => {
                    self.session_key = None;
                    Ok(SessionData::default())
                }
            },
            SessionEngine::File => self.load_file(cx, &key),
            SessionEngine::SignedCookies => match signed_cookie_load(cx, &key) {
                Some(dict) => Ok(SessionData::from_dict(dict)),
                None => {
                    // "except Exception: self.create()" (create only marks it modified)
                    self.modified = true;
                    Ok(SessionData::default())
                }
            },
        }
    }

    /// `_get_session_from_db()`: `session_key=key AND expire_date > now`; when no row
    /// is found the key is forgotten.
    fn session_from_db(&mut self, cx: &mut Ctx<'_>, key: &str) -> Result<Option<SessionTableRow>, PyException> {
        let row = cx.db.session_get(key, &crate::http::dates::sqlite_datetime(cx.now)).map_err(|e| PyException::operational(&e.message))?;
        if row.is_none() {
            self.session_key = None;
        }
        Ok(row)
    }

    fn load_file(&mut self, cx: &mut Ctx<'_>, key: &str) -> Result<SessionData, PyException> {
        let Ok(path) = key_to_file(cx, key) else {
            // InvalidSessionKey is a SuspiciousOperation: "self._session_key = None"
            self.session_key = None;
            return Ok(SessionData::default());
        };
        let Some(file) = cx.files.read(&path).cloned() else {
            self.session_key = None;
            return Ok(SessionData::default());
        };
        let mut data = SessionData::default();
        if !file.content.is_empty() {
            data = SessionData::from_dict(decode(cx, &file.content));
            // "Remove expired sessions."
            let expiry = file_expiry(cx, &data.dict, file.mtime);
            let age = match expiry {
                FileExpiry::At(t) => floor_secs(t.micros_since(cx.now)),
                FileExpiry::Age(n) => n,
            };
            if age <= 0 {
                data = SessionData::default();
                self.delete(cx, None)?;
                self.cache = Some(SessionData::default());
                self.create(cx)?;
                self.cache = None;
            }
        }
        Ok(data)
    }
}

/// The `db` engine's part of `save(must_create)`: `obj.save(force_insert=must_create,
/// force_update=not must_create)` of the row `key`, `encode(data)`, the expiry date.
fn save_row(cx: &Ctx<'_>, key: String, data: &SessionData, must_create: bool) -> Result<(), SaveError> {
    let row = SessionTableRow {
        session_key: key,
        session_data: encode(cx, data).map_err(|e| {
            e.outer_frame_of(frame(cx, BackendLine::CreateModelInstance)).outer_frame_of(frame(cx, BackendLine::SaveModel))
        })?,
        expire_date: crate::http::dates::sqlite_datetime(expiry_date(cx, data, cx.now)?),
    };
    let db = cx.db;
    if must_create {
        if !db.session_insert(&row).map_err(|e| PyException::operational(&e.message))? {
            return Err(SaveError::Create);
        }
    } else if !db.session_update(&row).map_err(|e| PyException::operational(&e.message))? {
        return Err(SaveError::Update);
    }
    Ok(())
}

/// `clear_expired()` of `engine` (what `manage.py clearsessions` runs).
pub fn clear_expired(cx: &mut Ctx<'_>, engine: SessionEngine) -> Result<usize, PyException> {
    match engine {
        SessionEngine::Db | SessionEngine::CachedDb => {
            cx.db.session_clear_expired(&cx.now.sqlite_datetime()).map_err(|e| PyException::operational(&e.message))
        }
        SessionEngine::Cache | SessionEngine::SignedCookies => Ok(0),
        SessionEngine::File => {
            let dir = storage_path(cx);
            let prefix = cx.settings.session_cookie_name.clone();
            let mut removed = 0;
            for name in cx.files.listdir(&dir) {
                let Some(key) = name.strip_prefix(&prefix) else { continue };
                if key.chars().count() < 8 || !key.chars().all(|c| VALID_KEY_CHARS.contains(c)) {
                    continue;
                }
                let path = path_join(&dir, &name);
                let Some(file) = cx.files.read(&path).cloned() else { continue };
                if file.content.is_empty() {
                    continue;
                }
                let dict = decode(cx, &file.content);
                let age = match file_expiry(cx, &dict, file.mtime) {
                    FileExpiry::At(t) => floor_secs(t.micros_since(cx.now)),
                    FileExpiry::Age(n) => n,
                };
                if age <= 0 {
                    cx.files.unlink(&path);
                    removed += 1;
                }
            }
            Ok(removed)
        }
    }
}

/// `SessionStore.decode(session_data)` for the db, cached_db and file engines,
/// logging what Django logs (`Session data corrupted`).
pub fn decode(cx: &mut Ctx<'_>, data: &str) -> Dict {
    let fallbacks: &[String] = if cx.version == DjangoVersion::V5_2 { &cx.settings.secret_key_fallbacks } else { &[] };
    let (data, log) = codec::decode_data(data, &cx.settings.secret_key, fallbacks, cx.version);
    for line in &log {
        cx.log("django.security.SuspiciousSession", "WARNING", line);
    }
    data
}

/// `SessionStore.encode(session_dict)`: the modern format, or under Django 3.2 with
/// `DEFAULT_HASHING_ALGORITHM = "sha1"` the legacy one.
pub fn encode(cx: &Ctx<'_>, data: &SessionData) -> Result<String, PyException> {
    check_serializable(cx, data, true)?;
    if cx.settings.default_hashing_algorithm == Some(HashingAlgorithm::Sha1) && cx.version == DjangoVersion::V3_2 {
        Ok(codec::encode_legacy(&data.dict, &cx.settings.secret_key))
    } else {
        Ok(codec::encode(&data.dict, &cx.settings.secret_key, cx.now))
    }
}

/// The file a session key is stored in: `SESSION_FILE_PATH/sessionid<key>`.
/// "if not set(session_key).issubset(VALID_KEY_CHARS): raise InvalidSessionKey".
pub fn key_to_file(cx: &Ctx<'_>, key: &str) -> Result<String, PyException> {
    if !key.chars().all(|c| VALID_KEY_CHARS.contains(c)) {
        return Err(PyException::new("django.contrib.sessions.exceptions.InvalidSessionKey", "Invalid characters in session key"));
    }
    Ok(path_join(&storage_path(cx), &format!("{}{}", cx.settings.session_cookie_name, key)))
}

/// `SESSION_FILE_PATH or tempfile.gettempdir()`.
pub fn storage_path(cx: &Ctx<'_>) -> String {
    cx.settings.session_file_path.clone().unwrap_or_else(|| "/tmp".to_string())
}

/// The expiry of a file session: an instant, or an age already known.
pub enum FileExpiry {
    At(SimTime),
    Age(i64),
}

/// `_expiry_date(session_data)`: "session_data.get('_session_expiry') or
/// (self._last_modification() + timedelta(seconds=self.get_session_cookie_age()))".
pub fn file_expiry(cx: &Ctx<'_>, dict: &Dict, mtime: SimTime) -> FileExpiry {
    match dict.get("_session_expiry") {
        Some(Value::Str(s)) if !s.is_empty() => match SimTime::parse_iso(s) {
            Ok((t, _)) => FileExpiry::At(t),
            Err(_) => FileExpiry::At(mtime.plus_secs(cx.settings.session_cookie_age)),
        },
        Some(Value::Int(n)) if n.parse::<i64>().is_ok_and(|n| n != 0) => FileExpiry::Age(n.parse().unwrap_or(0)),
        _ => FileExpiry::At(mtime.plus_secs(cx.settings.session_cookie_age)),
    }
}

/// `get_expiry_age(modification=now)` of `data`.
pub fn expiry_age(cx: &Ctx<'_>, data: &SessionData, now: SimTime) -> Result<PyNum, PyException> {
    let cookie_age = PyNum::Int(cx.settings.session_cookie_age);
    if let Some(at) = data.expiry_datetime {
        // "delta = expiry - modification; return delta.days * 86400 + delta.seconds"
        return Ok(PyNum::Int(floor_secs(at.micros_since(now))));
    }
    let Some(expiry) = data.dict.get("_session_expiry") else { return Ok(cookie_age) };
    if !truthy(expiry) {
        // "if not expiry: # Checks both None and 0 cases"
        return Ok(cookie_age);
    }
    match expiry {
        Value::Int(s) => s.parse::<i64>().map(PyNum::Int).map_err(|_| PyException::new("OverflowError", "Python int too large to convert to C int")),
        Value::Float(f) => Ok(PyNum::Float(*f)),
        Value::Bool(_) => Ok(PyNum::Int(1)),
        Value::Str(s) if cx.version == DjangoVersion::V5_2 => {
            let (at, aware) = fromisoformat(s)?;
            if !aware {
                return Err(PyException::new("TypeError", "can't subtract offset-naive and offset-aware datetimes"));
            }
            Ok(PyNum::Int(floor_secs(at.micros_since(now))))
        }
        other => Err(PyException::new("TypeError", format!("unsupported operand type(s) for +: 'float' and '{}'", type_name(other)))),
    }
}

/// `get_expiry_date(modification=now)` of `data`.
pub fn expiry_date(cx: &Ctx<'_>, data: &SessionData, now: SimTime) -> Result<SimTime, PyException> {
    if let Some(at) = data.expiry_datetime {
        return Ok(at);
    }
    let expiry = data.dict.get("_session_expiry").cloned().unwrap_or(Value::None);
    if let Value::Str(s) = &expiry {
        if cx.version == DjangoVersion::V5_2 {
            return fromisoformat(s).map(|(t, _)| t);
        }
    }
    // "expiry = expiry or self.get_session_cookie_age()"
    let secs = if truthy(&expiry) { expiry } else { Value::Int(cx.settings.session_cookie_age.to_string()) };
    let micros = match &secs {
        Value::Int(s) => s
            .parse::<i64>()
            .ok()
            .and_then(|n| n.checked_mul(MICROS_PER_SEC))
            .ok_or_else(|| PyException::new("OverflowError", "date value out of range"))?,
        Value::Float(f) => (f * 1e6).round() as i64,
        Value::Bool(_) => MICROS_PER_SEC,
        other => {
            return Err(PyException::new("TypeError", format!("unsupported type for timedelta seconds component: {}", type_name(other))))
        }
    };
    checked_add(now, micros)
}

/// `now + timedelta(microseconds=us)`, within `datetime`'s years 1–9999.
pub fn checked_add(now: SimTime, us: i64) -> Result<SimTime, PyException> {
    let t = now.unix_micros().checked_add(us).ok_or_else(|| PyException::new("OverflowError", "date value out of range"))?;
    let t = SimTime::from_unix_micros(t);
    let y = t.civil().year;
    if !(1..=9999).contains(&y) {
        return Err(PyException::new("OverflowError", "date value out of range"));
    }
    Ok(t)
}

/// `delta.days * 86400 + delta.seconds` of a delta in microseconds (floored).
pub fn floor_secs(micros: i64) -> i64 {
    micros.div_euclid(MICROS_PER_SEC)
}

/// Python's truthiness of a JSON value.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(s) => !s.trim_start_matches('-').chars().all(|c| c == '0'),
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(l) => !l.is_empty(),
        Value::Dict(d) => !d.is_empty(),
    }
}

/// Python's `type(v).__name__`.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
    }
}

fn fromisoformat(s: &str) -> Result<(SimTime, bool), PyException> {
    SimTime::parse_iso(s).map_err(|_| PyException::new("ValueError", format!("Invalid isoformat string: {}", crate::py::repr_str(s))))
}

/// Django 3.2 (the only version that stores a datetime in the session) cannot
/// JSON-encode the datetime `set_expiry` stored: the `TypeError` with the frames
/// from `encode()` (or, for `signed_cookies`, from `signing.dumps`) down.
fn check_serializable(cx: &Ctx<'_>, data: &SessionData, from_encode: bool) -> Result<(), PyException> {
    if data.expiry_datetime.is_some() {
        let legacy = cx.settings.default_hashing_algorithm == Some(HashingAlgorithm::Sha1);
        let mut e = PyException::new("TypeError", "Object of type datetime is not JSON serializable");
        e = if !from_encode {
            e.django_frame("core/signing.py", 110, "dumps", "return TimestampSigner(key, salt=salt).sign_object(obj, serializer=serializer, compress=compress)")
                .django_frame("core/signing.py", 172, "sign_object", "data = serializer().dumps(obj)")
        } else if legacy {
            e.django_frame("contrib/sessions/backends/base.py", 113, "encode", "return self._legacy_encode(session_dict)")
                .django_frame("contrib/sessions/backends/base.py", 138, "_legacy_encode", "serialized = self.serializer().dumps(session_dict)")
        } else {
            e.django_frame("contrib/sessions/backends/base.py", 114, "encode", "return signing.dumps(")
                .django_frame("core/signing.py", 110, "dumps", "return TimestampSigner(key, salt=salt).sign_object(obj, serializer=serializer, compress=compress)")
                .django_frame("core/signing.py", 172, "sign_object", "data = serializer().dumps(obj)")
        };
        let e = e.django_frame("core/signing.py", 87, "dumps", "return json.dumps(obj, separators=(',', ':')).encode('latin-1')");
        return Err(json_dumps_frames(e, 238, "**kw).encode(obj)"));
    }
    Ok(())
}

/// A line of a session engine's module that calls further down a traceback.
#[derive(Clone, Copy)]
enum BackendLine {
    /// `save()`: "return self.create()" (no key yet).
    SaveCreate(SessionEngine),
    /// `create()`: "self.save(must_create=True)".
    CreateSave(SessionEngine),
    /// db `save()`: "obj = self.create_model_instance(data)".
    SaveModel,
    /// db `create_model_instance()`: "session_data=self.encode(data),".
    CreateModelInstance,
    /// file `save()`: "os.write(output_file_fd, self.encode(session_data).encode())".
    FileWrite,
    /// cached_db `save()`: "super().save(must_create)".
    CachedDbSave,
    /// signed_cookies `save()`: "self._session_key = self._get_session_key()".
    SignedSave,
    /// signed_cookies `_get_session_key()`: "return signing.dumps(".
    SignedGetSessionKey,
}

/// The frame of `line` in this Django version's source.
fn frame(cx: &Ctx<'_>, line: BackendLine) -> Frame {
    let v52 = cx.version == DjangoVersion::V5_2;
    let pick = |a: u32, b: u32| if v52 { b } else { a };
    let module = |e: SessionEngine| match e {
        SessionEngine::File => "file",
        SessionEngine::Cache => "cache",
        SessionEngine::SignedCookies => "signed_cookies",
        SessionEngine::Db | SessionEngine::CachedDb => "db",
    };
    let (module, n, function, code, raised): (&str, u32, &str, &str, Option<&'static str>) = match line {
        BackendLine::SaveCreate(e) => {
            let n = match e {
                SessionEngine::File => pick(113, 125),
                SessionEngine::Cache => pick(56, 83),
                SessionEngine::SignedCookies => pick(40, 37),
                SessionEngine::Db | SessionEngine::CachedDb => pick(81, 121),
            };
            (module(e), n, "save", "return self.create()", None)
        }
        BackendLine::CreateSave(e) => {
            let n = match e {
                SessionEngine::File => pick(105, 114),
                SessionEngine::Cache => pick(45, 57),
                SessionEngine::SignedCookies | SessionEngine::Db | SessionEngine::CachedDb => pick(55, 74),
            };
            (module(e), n, "create", "self.save(must_create=True)", None)
        }
        BackendLine::SaveModel => ("db", pick(83, 123), "save", "obj = self.create_model_instance(data)", None),
        BackendLine::CreateModelInstance => ("db", pick(70, 102), "create_model_instance", "session_data=self.encode(data),", None),
        BackendLine::FileWrite => (
            "file",
            pick(157, 171),
            "save",
            "os.write(output_file_fd, self.encode(session_data).encode())",
            Some("self.encode(session_data)"),
        ),
        BackendLine::CachedDbSave => ("cached_db", pick(47, 89), "save", "super().save(must_create)", None),
        BackendLine::SignedSave => ("signed_cookies", pick(40, 45), "save", "self._session_key = self._get_session_key()", None),
        BackendLine::SignedGetSessionKey => ("signed_cookies", pick(73, 90), "_get_session_key", "return signing.dumps(", None),
    };
    Frame {
        file: format!("{SITE_PACKAGES}/django/contrib/sessions/backends/{module}.py"),
        line: n,
        function: function.to_string(),
        code: code.to_string(),
        raised,
    }
}

impl SaveError {
    fn outer_frame(self, f: Frame) -> SaveError {
        match self {
            SaveError::Raised(e) => SaveError::Raised(e.outer_frame_of(f)),
            other => other,
        }
    }
}

/// The frames of `json.dumps` down to the `TypeError` its encoder raises for a
/// datetime; `line` and `code` are where `dumps` calls the encoder (with keyword
/// arguments, or the default encoder).
fn json_dumps_frames(e: PyException, line: u32, code: &str) -> PyException {
    let json = "/usr/local/lib/python3.11/json";
    e.frame(&format!("{json}/__init__.py"), line, "dumps", code)
        .frame(&format!("{json}/encoder.py"), 200, "encode", "chunks = self.iterencode(o, _one_shot=True)")
        .frame(&format!("{json}/encoder.py"), 258, "iterencode", "return _iterencode(o, 0)")
        .frame(&format!("{json}/encoder.py"), 180, "default", "raise TypeError(f'Object of type {o.__class__.__name__} '")
}

fn save_error_to_exception(e: SaveError) -> PyException {
    match e {
        SaveError::Raised(e) => e,
        SaveError::Create => PyException::new("django.contrib.sessions.backends.base.CreateError", ""),
        SaveError::Update => PyException::new("django.contrib.sessions.backends.base.UpdateError", ""),
    }
}

/// The `sessionid` cookie value of the `signed_cookies` engine:
/// `signing.dumps(session, compress=True, salt=…)`.
fn signed_cookie_value(cx: &Ctx<'_>, data: &SessionData) -> Result<String, PyException> {
    check_serializable(cx, data, false)?;
    let obj = Value::Dict(data.dict.clone());
    if cx.version == DjangoVersion::V3_2 && cx.settings.default_hashing_algorithm == Some(HashingAlgorithm::Sha1) {
        return Ok(dumps_with_algorithm(&obj, &cx.settings.secret_key, SIGNED_COOKIES_SALT, signing::Algorithm::Sha1, cx.now));
    }
    Ok(signing::dumps(&obj, &cx.settings.secret_key, SIGNED_COOKIES_SALT, true, cx.now))
}

/// `signing.loads(cookie, salt=…, max_age=SESSION_COOKIE_AGE)`; `None` on any failure.
fn signed_cookie_load(cx: &Ctx<'_>, value: &str) -> Option<Dict> {
    let max_age = Some(cx.settings.session_cookie_age as f64);
    let v = if cx.version == DjangoVersion::V5_2 {
        signing::loads(value, &cx.settings.secret_key, &cx.settings.secret_key_fallbacks, SIGNED_COOKIES_SALT, max_age, cx.now).ok()?
    } else {
        // Django 3.2: `DEFAULT_HASHING_ALGORITHM`, and the legacy SHA-1 signature accepted too.
        let algo = match cx.settings.default_hashing_algorithm {
            Some(HashingAlgorithm::Sha1) => signing::Algorithm::Sha1,
            _ => signing::Algorithm::Sha256,
        };
        loads_with_algorithm(value, &cx.settings.secret_key, SIGNED_COOKIES_SALT, algo, max_age, cx.now)
            .or_else(|| loads_with_algorithm(value, &cx.settings.secret_key, SIGNED_COOKIES_SALT, signing::Algorithm::Sha1, max_age, cx.now))?
    };
    match v {
        Value::Dict(d) => Some(d),
        _ => None,
    }
}

/// `signing.dumps(obj, key, salt, compress=True)` with a `TimestampSigner` of `algorithm`.
pub fn dumps_with_algorithm(obj: &Value, key: &str, salt: &str, algorithm: signing::Algorithm, now: SimTime) -> String {
    if algorithm == signing::Algorithm::Sha256 {
        return signing::dumps(obj, key, salt, true, now);
    }
    let data = crate::pyjson::dumps(obj).into_bytes();
    let z = signing::zlib_compress(&data);
    let payload = if z.len() + 1 < data.len() { format!(".{}", signing::b64_encode(&z)) } else { signing::b64_encode(&data) };
    let signer = signing::Signer { key, fallback_keys: &[], salt, algorithm };
    signer.sign_timestamped(&payload, now)
}

/// `signing.loads` with a `TimestampSigner` of `algorithm`; `None` on any failure.
pub fn loads_with_algorithm(s: &str, key: &str, salt: &str, algorithm: signing::Algorithm, max_age: Option<f64>, now: SimTime) -> Option<Value> {
    let signer = signing::Signer { key, fallback_keys: &[], salt, algorithm };
    let payload = signer.unsign_timestamped(s, max_age, now).ok()?;
    let (compressed, b64) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload.as_str()),
    };
    let mut bytes = signing::b64_decode(b64).ok()?;
    if compressed {
        bytes = signing::zlib_decompress(&bytes).ok()?;
    }
    let text: String = bytes.iter().map(|&b| b as char).collect();
    crate::pyjson::loads(&text).ok()
}

/// The LocMem cache key a cache-backed engine stores `key` under.
pub fn cache_key_for(engine: SessionEngine, key: &str) -> Option<String> {
    match engine {
        SessionEngine::Cache => Some(LocMemCache::make_key(&format!("{CACHE_KEY_PREFIX}{key}"))),
        SessionEngine::CachedDb => Some(LocMemCache::make_key(&format!("{CACHED_DB_KEY_PREFIX}{key}"))),
        _ => None,
    }
}
