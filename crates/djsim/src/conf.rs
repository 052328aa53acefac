//! `django.conf.settings`: the simulated project's settings. OWNER: server.
//!
//! The project is the lecture's: `startproject` defaults (`DEBUG = True`,
//! `ALLOWED_HOSTS = ["*"]` as the lab sets it, `TIME_ZONE = "UTC"`, `USE_TZ = True`),
//! the lecture's seven `MIDDLEWARE`, and the oracle's `SECRET_KEY`.

use serde_json::{json, Map, Value as Json};

/// Which Django's behaviour the simulated server has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DjangoVersion {
    /// Django 5.2.19, the default.
    #[default]
    V5_2,
    /// Django 3.2.25: reads the legacy session format, no `Cross-Origin-Opener-Policy`,
    /// writes the legacy format with `DEFAULT_HASHING_ALGORITHM = "sha1"`.
    V3_2,
}

impl DjangoVersion {
    pub fn parse(s: &str) -> Option<DjangoVersion> {
        match s {
            "5.2" | "5.2.19" => Some(DjangoVersion::V5_2),
            "3.2" | "3.2.25" => Some(DjangoVersion::V3_2),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            DjangoVersion::V5_2 => "5.2",
            DjangoVersion::V3_2 => "3.2",
        }
    }
    /// The full version runserver's banner prints.
    pub fn full(self) -> &'static str {
        match self {
            DjangoVersion::V5_2 => "5.2.19",
            DjangoVersion::V3_2 => "3.2.25",
        }
    }
}

/// The oracle's `SECRET_KEY` (djproj/settings.py).
pub const DEFAULT_SECRET_KEY: &str = "oracle-secret-key-not-for-production-0123456789";

/// One of the lecture's seven middleware classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MiddlewareKind {
    Security,
    Session,
    Common,
    Csrf,
    Authentication,
    Message,
    XFrameOptions,
}

impl MiddlewareKind {
    /// The lecture's `MIDDLEWARE`, in `startproject`'s order.
    pub const LECTURE: [MiddlewareKind; 7] = [
        MiddlewareKind::Security,
        MiddlewareKind::Session,
        MiddlewareKind::Common,
        MiddlewareKind::Csrf,
        MiddlewareKind::Authentication,
        MiddlewareKind::Message,
        MiddlewareKind::XFrameOptions,
    ];

    pub fn dotted_path(self) -> &'static str {
        match self {
            MiddlewareKind::Security => "django.middleware.security.SecurityMiddleware",
            MiddlewareKind::Session => "django.contrib.sessions.middleware.SessionMiddleware",
            MiddlewareKind::Common => "django.middleware.common.CommonMiddleware",
            MiddlewareKind::Csrf => "django.middleware.csrf.CsrfViewMiddleware",
            MiddlewareKind::Authentication => "django.contrib.auth.middleware.AuthenticationMiddleware",
            MiddlewareKind::Message => "django.contrib.messages.middleware.MessageMiddleware",
            MiddlewareKind::XFrameOptions => "django.middleware.clickjacking.XFrameOptionsMiddleware",
        }
    }

    /// The class name (`SessionMiddleware`), as tracebacks show it.
    pub fn class_name(self) -> &'static str {
        self.dotted_path().rsplit('.').next().unwrap_or("")
    }

    pub fn from_dotted_path(s: &str) -> Option<MiddlewareKind> {
        MiddlewareKind::LECTURE.into_iter().find(|m| m.dotted_path() == s)
    }
}

/// `SESSION_ENGINE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionEngine {
    Db,
    SignedCookies,
    Cache,
    CachedDb,
    File,
}

impl SessionEngine {
    pub const ALL: [SessionEngine; 5] =
        [SessionEngine::Db, SessionEngine::SignedCookies, SessionEngine::Cache, SessionEngine::CachedDb, SessionEngine::File];

    pub fn dotted_path(self) -> &'static str {
        match self {
            SessionEngine::Db => "django.contrib.sessions.backends.db",
            SessionEngine::SignedCookies => "django.contrib.sessions.backends.signed_cookies",
            SessionEngine::Cache => "django.contrib.sessions.backends.cache",
            SessionEngine::CachedDb => "django.contrib.sessions.backends.cached_db",
            SessionEngine::File => "django.contrib.sessions.backends.file",
        }
    }

    /// The full dotted path, or just its last part (`db`, `signed_cookies`, …).
    pub fn parse(s: &str) -> Option<SessionEngine> {
        SessionEngine::ALL.into_iter().find(|e| e.dotted_path() == s || e.dotted_path().rsplit('.').next() == Some(s))
    }
}

/// `DEFAULT_HASHING_ALGORITHM` (Django 3.1–3.2 only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashingAlgorithm {
    Sha256,
    Sha1,
}

/// The settings the simulation honours, with Django's names in `to_json`.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub secret_key: String,
    pub secret_key_fallbacks: Vec<String>,
    pub debug: bool,
    pub time_zone: String,
    pub use_tz: bool,
    pub allowed_hosts: Vec<String>,
    pub middleware: Vec<MiddlewareKind>,
    pub append_slash: bool,
    pub session_engine: SessionEngine,
    pub session_cookie_name: String,
    pub session_cookie_age: i64,
    pub session_cookie_domain: Option<String>,
    pub session_cookie_path: String,
    pub session_cookie_secure: bool,
    pub session_cookie_httponly: bool,
    /// `None` is Python's `None`/`False`: no `SameSite` attribute.
    pub session_cookie_samesite: Option<String>,
    pub session_expire_at_browser_close: bool,
    pub session_save_every_request: bool,
    pub session_serializer: String,
    /// `None`: `tempfile.gettempdir()` (`/tmp`).
    pub session_file_path: Option<String>,
    pub csrf_cookie_name: String,
    /// `None`: a browser-session cookie.
    pub csrf_cookie_age: Option<i64>,
    pub csrf_cookie_domain: Option<String>,
    pub csrf_cookie_path: String,
    pub csrf_cookie_secure: bool,
    pub csrf_cookie_httponly: bool,
    pub csrf_cookie_samesite: Option<String>,
    pub csrf_use_sessions: bool,
    pub csrf_trusted_origins: Vec<String>,
    pub signed_cookie_legacy_salt_fallback: bool,
    /// The default LocMem cache's `OPTIONS`.
    pub cache_max_entries: usize,
    pub cache_cull_frequency: usize,
    /// Django 3.2 only (`None` under 5.2, where the setting no longer exists).
    pub default_hashing_algorithm: Option<HashingAlgorithm>,
    pub x_frame_options: String,
    pub secure_content_type_nosniff: bool,
    pub secure_referrer_policy: Option<String>,
    /// Django ≥ 4.0 only.
    pub secure_cross_origin_opener_policy: Option<String>,
}

/// A setting the simulation cannot take.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsError {
    /// No such setting (or not in this Django version).
    Unknown { name: String },
    /// The value has the wrong type or is not one the simulation knows.
    Invalid { name: String, expected: String },
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::Unknown { name } => write!(f, "unknown setting {name:?}: the simulated project has no such setting"),
            SettingsError::Invalid { name, expected } => write!(f, "setting {name} must be {expected}"),
        }
    }
}
impl std::error::Error for SettingsError {}

/// The setting names `apply_json` and `to_json` know, in `to_json`'s order.
pub const SETTING_NAMES: &[&str] = &[
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "DEBUG",
    "TIME_ZONE",
    "USE_TZ",
    "ALLOWED_HOSTS",
    "MIDDLEWARE",
    "APPEND_SLASH",
    "SESSION_ENGINE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_AGE",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_SAVE_EVERY_REQUEST",
    "SESSION_SERIALIZER",
    "SESSION_FILE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_AGE",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_USE_SESSIONS",
    "CSRF_TRUSTED_ORIGINS",
    "SIGNED_COOKIE_LEGACY_SALT_FALLBACK",
    "CACHES",
    "DEFAULT_HASHING_ALGORITHM",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
];

const JSON_SERIALIZER: &str = "django.contrib.sessions.serializers.JSONSerializer";

impl Settings {
    /// The lecture project's settings under `version`.
    pub fn defaults(version: DjangoVersion) -> Settings {
        let v52 = version == DjangoVersion::V5_2;
        Settings {
            secret_key: DEFAULT_SECRET_KEY.to_string(),
            secret_key_fallbacks: Vec::new(),
            debug: true,
            time_zone: "UTC".into(),
            use_tz: true,
            allowed_hosts: vec!["*".into()],
            middleware: MiddlewareKind::LECTURE.to_vec(),
            append_slash: true,
            session_engine: SessionEngine::Db,
            session_cookie_name: "sessionid".into(),
            session_cookie_age: 1_209_600,
            session_cookie_domain: None,
            session_cookie_path: "/".into(),
            session_cookie_secure: false,
            session_cookie_httponly: true,
            session_cookie_samesite: Some("Lax".into()),
            session_expire_at_browser_close: false,
            session_save_every_request: false,
            session_serializer: JSON_SERIALIZER.into(),
            session_file_path: None,
            csrf_cookie_name: "csrftoken".into(),
            csrf_cookie_age: Some(31_449_600),
            csrf_cookie_domain: None,
            csrf_cookie_path: "/".into(),
            csrf_cookie_secure: false,
            csrf_cookie_httponly: false,
            csrf_cookie_samesite: Some("Lax".into()),
            csrf_use_sessions: false,
            csrf_trusted_origins: Vec::new(),
            signed_cookie_legacy_salt_fallback: true,
            cache_max_entries: 300,
            cache_cull_frequency: 3,
            default_hashing_algorithm: if v52 { None } else { Some(HashingAlgorithm::Sha256) },
            x_frame_options: "DENY".into(),
            secure_content_type_nosniff: true,
            secure_referrer_policy: Some("same-origin".into()),
            secure_cross_origin_opener_policy: if v52 { Some("same-origin".into()) } else { None },
        }
    }

    /// Which Django these settings were made for (3.2 has `DEFAULT_HASHING_ALGORITHM`).
    pub fn version(&self) -> DjangoVersion {
        if self.default_hashing_algorithm.is_some() {
            DjangoVersion::V3_2
        } else {
            DjangoVersion::V5_2
        }
    }

    /// Applies `{"SETTING": value, …}`. Nothing is changed when an entry is bad.
    pub fn apply_json(&mut self, obj: &Map<String, Json>) -> Result<(), SettingsError> {
        let mut next = self.clone();
        for (name, value) in obj {
            next.apply_one(name, value)?;
        }
        *self = next;
        Ok(())
    }

    /// All settings by Django's names, in [`SETTING_NAMES`] order.
    pub fn to_json(&self) -> Json {
        let s = |v: &String| Some(Json::String(v.clone()));
        let opt = |o: &Option<String>| Some(o.as_ref().map_or(Json::Null, |s| Json::String(s.clone())));
        let b = |v: bool| Some(Json::Bool(v));
        let strings = |v: &[String]| Some(Json::Array(v.iter().map(|s| Json::String(s.clone())).collect()));
        let v52 = self.version() == DjangoVersion::V5_2;
        // A table and one insert loop (`None`: not a setting of this version): smaller
        // code than an insert, its key's allocation and its result's drop per setting.
        let entries: [(&str, Option<Json>); 36] = [
            ("SECRET_KEY", s(&self.secret_key)),
            ("SECRET_KEY_FALLBACKS", strings(&self.secret_key_fallbacks)),
            ("DEBUG", b(self.debug)),
            ("TIME_ZONE", s(&self.time_zone)),
            ("USE_TZ", b(self.use_tz)),
            ("ALLOWED_HOSTS", strings(&self.allowed_hosts)),
            ("MIDDLEWARE", Some(Json::Array(self.middleware.iter().map(|k| Json::from(k.dotted_path())).collect()))),
            ("APPEND_SLASH", b(self.append_slash)),
            ("SESSION_ENGINE", Some(Json::from(self.session_engine.dotted_path()))),
            ("SESSION_COOKIE_NAME", s(&self.session_cookie_name)),
            ("SESSION_COOKIE_AGE", Some(Json::from(self.session_cookie_age))),
            ("SESSION_COOKIE_DOMAIN", opt(&self.session_cookie_domain)),
            ("SESSION_COOKIE_PATH", s(&self.session_cookie_path)),
            ("SESSION_COOKIE_SECURE", b(self.session_cookie_secure)),
            ("SESSION_COOKIE_HTTPONLY", b(self.session_cookie_httponly)),
            ("SESSION_COOKIE_SAMESITE", opt(&self.session_cookie_samesite)),
            ("SESSION_EXPIRE_AT_BROWSER_CLOSE", b(self.session_expire_at_browser_close)),
            ("SESSION_SAVE_EVERY_REQUEST", b(self.session_save_every_request)),
            ("SESSION_SERIALIZER", s(&self.session_serializer)),
            ("SESSION_FILE_PATH", opt(&self.session_file_path)),
            ("CSRF_COOKIE_NAME", s(&self.csrf_cookie_name)),
            ("CSRF_COOKIE_AGE", Some(self.csrf_cookie_age.map_or(Json::Null, Json::from))),
            ("CSRF_COOKIE_DOMAIN", opt(&self.csrf_cookie_domain)),
            ("CSRF_COOKIE_PATH", s(&self.csrf_cookie_path)),
            ("CSRF_COOKIE_SECURE", b(self.csrf_cookie_secure)),
            ("CSRF_COOKIE_HTTPONLY", b(self.csrf_cookie_httponly)),
            ("CSRF_COOKIE_SAMESITE", opt(&self.csrf_cookie_samesite)),
            ("CSRF_USE_SESSIONS", b(self.csrf_use_sessions)),
            ("CSRF_TRUSTED_ORIGINS", strings(&self.csrf_trusted_origins)),
            ("SIGNED_COOKIE_LEGACY_SALT_FALLBACK", b(self.signed_cookie_legacy_salt_fallback)),
            (
                "CACHES",
                Some(json!({"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                       "OPTIONS": {"MAX_ENTRIES": self.cache_max_entries, "CULL_FREQUENCY": self.cache_cull_frequency}}})),
            ),
            (
                "DEFAULT_HASHING_ALGORITHM",
                self.default_hashing_algorithm.map(|a| {
                    Json::from(match a {
                        HashingAlgorithm::Sha1 => "sha1",
                        HashingAlgorithm::Sha256 => "sha256",
                    })
                }),
            ),
            ("X_FRAME_OPTIONS", s(&self.x_frame_options)),
            ("SECURE_CONTENT_TYPE_NOSNIFF", b(self.secure_content_type_nosniff)),
            ("SECURE_REFERRER_POLICY", opt(&self.secure_referrer_policy)),
            ("SECURE_CROSS_ORIGIN_OPENER_POLICY", opt(&self.secure_cross_origin_opener_policy).filter(|_| v52)),
        ];
        let mut m = Map::new();
        for (name, value) in entries {
            if let Some(value) = value {
                m.insert(name.to_string(), value);
            }
        }
        Json::Object(m)
    }

    /// The fixed UTC offset of `TIME_ZONE`, in seconds (the zones the simulation knows).
    pub fn utc_offset_secs(&self) -> i64 {
        time_zone_offset(&self.time_zone).unwrap_or(0)
    }

    fn apply_one(&mut self, name: &str, v: &Json) -> Result<(), SettingsError> {
        let invalid = |expected: &str| SettingsError::Invalid { name: name.to_string(), expected: expected.to_string() };
        let string = |v: &Json| v.as_str().map(str::to_string).ok_or_else(|| invalid("a string"));
        let boolean = |v: &Json| v.as_bool().ok_or_else(|| invalid("true or false"));
        let int = |v: &Json| v.as_i64().ok_or_else(|| invalid("an integer"));
        let opt_string = |v: &Json| match v {
            Json::Null | Json::Bool(false) => Ok(None),
            Json::String(s) => Ok(Some(s.clone())),
            _ => Err(invalid("a string or null")),
        };
        let strings = |v: &Json| -> Result<Vec<String>, SettingsError> {
            v.as_array()
                .ok_or_else(|| invalid("a list of strings"))?
                .iter()
                .map(|s| s.as_str().map(str::to_string).ok_or_else(|| invalid("a list of strings")))
                .collect()
        };
        match name {
            "SECRET_KEY" => self.secret_key = string(v)?,
            "SECRET_KEY_FALLBACKS" => self.secret_key_fallbacks = strings(v)?,
            "DEBUG" => self.debug = boolean(v)?,
            "TIME_ZONE" => {
                let tz = string(v)?;
                if time_zone_offset(&tz).is_none() {
                    return Err(invalid("a time zone the simulation knows (UTC, Etc/GMT±N, or a fixed-offset zone such as Asia/Kolkata)"));
                }
                self.time_zone = tz;
            }
            "USE_TZ" => self.use_tz = boolean(v)?,
            "ALLOWED_HOSTS" => self.allowed_hosts = strings(v)?,
            "MIDDLEWARE" => {
                let paths = strings(v)?;
                let mut out = Vec::new();
                for p in paths {
                    match MiddlewareKind::from_dotted_path(&p) {
                        Some(k) => out.push(k),
                        None => {
                            return Err(SettingsError::Invalid {
                                name: name.into(),
                                expected: format!("a list of the lecture's middleware dotted paths ({p:?} is not one)"),
                            })
                        }
                    }
                }
                self.middleware = out;
            }
            "APPEND_SLASH" => self.append_slash = boolean(v)?,
            "SESSION_ENGINE" => {
                self.session_engine = SessionEngine::parse(&string(v)?)
                    .ok_or_else(|| invalid("one of the session engines db, signed_cookies, cache, cached_db, file"))?
            }
            "SESSION_COOKIE_NAME" => self.session_cookie_name = string(v)?,
            "SESSION_COOKIE_AGE" => self.session_cookie_age = int(v)?,
            "SESSION_COOKIE_DOMAIN" => self.session_cookie_domain = opt_string(v)?,
            "SESSION_COOKIE_PATH" => self.session_cookie_path = string(v)?,
            "SESSION_COOKIE_SECURE" => self.session_cookie_secure = boolean(v)?,
            "SESSION_COOKIE_HTTPONLY" => self.session_cookie_httponly = boolean(v)?,
            "SESSION_COOKIE_SAMESITE" => self.session_cookie_samesite = opt_string(v)?,
            "SESSION_EXPIRE_AT_BROWSER_CLOSE" => self.session_expire_at_browser_close = boolean(v)?,
            "SESSION_SAVE_EVERY_REQUEST" => self.session_save_every_request = boolean(v)?,
            "SESSION_SERIALIZER" => {
                let s = string(v)?;
                if s != JSON_SERIALIZER {
                    return Err(invalid("django.contrib.sessions.serializers.JSONSerializer (the only serializer simulated)"));
                }
                self.session_serializer = s;
            }
            "SESSION_FILE_PATH" => self.session_file_path = opt_string(v)?,
            "CSRF_COOKIE_NAME" => self.csrf_cookie_name = string(v)?,
            "CSRF_COOKIE_AGE" => {
                self.csrf_cookie_age = match v {
                    Json::Null => None,
                    _ => Some(int(v)?),
                }
            }
            "CSRF_COOKIE_DOMAIN" => self.csrf_cookie_domain = opt_string(v)?,
            "CSRF_COOKIE_PATH" => self.csrf_cookie_path = string(v)?,
            "CSRF_COOKIE_SECURE" => self.csrf_cookie_secure = boolean(v)?,
            "CSRF_COOKIE_HTTPONLY" => self.csrf_cookie_httponly = boolean(v)?,
            "CSRF_COOKIE_SAMESITE" => self.csrf_cookie_samesite = opt_string(v)?,
            "CSRF_USE_SESSIONS" => self.csrf_use_sessions = boolean(v)?,
            "CSRF_TRUSTED_ORIGINS" => self.csrf_trusted_origins = strings(v)?,
            "SIGNED_COOKIE_LEGACY_SALT_FALLBACK" => self.signed_cookie_legacy_salt_fallback = boolean(v)?,
            "CACHES" => self.apply_caches(v)?,
            "DEFAULT_HASHING_ALGORITHM" => {
                if self.default_hashing_algorithm.is_none() {
                    return Err(SettingsError::Unknown { name: name.into() });
                }
                self.default_hashing_algorithm = Some(match v.as_str() {
                    Some("sha1") => HashingAlgorithm::Sha1,
                    Some("sha256") => HashingAlgorithm::Sha256,
                    _ => return Err(invalid("\"sha1\" or \"sha256\"")),
                });
            }
            "X_FRAME_OPTIONS" => self.x_frame_options = string(v)?,
            "SECURE_CONTENT_TYPE_NOSNIFF" => self.secure_content_type_nosniff = boolean(v)?,
            "SECURE_REFERRER_POLICY" => self.secure_referrer_policy = opt_string(v)?,
            "SECURE_CROSS_ORIGIN_OPENER_POLICY" => {
                if self.version() == DjangoVersion::V3_2 {
                    return Err(SettingsError::Unknown { name: name.into() });
                }
                self.secure_cross_origin_opener_policy = opt_string(v)?
            }
            _ => return Err(SettingsError::Unknown { name: name.into() }),
        }
        Ok(())
    }

    fn apply_caches(&mut self, v: &Json) -> Result<(), SettingsError> {
        let invalid = || SettingsError::Invalid {
            name: "CACHES".into(),
            expected: "{\"default\": {\"BACKEND\": \"django.core.cache.backends.locmem.LocMemCache\", \"OPTIONS\": {\"MAX_ENTRIES\": n, \"CULL_FREQUENCY\": n}}}".into(),
        };
        let default = v.get("default").and_then(Json::as_object).ok_or_else(invalid)?;
        for (k, val) in default {
            match k.as_str() {
                "BACKEND" => {
                    if val.as_str() != Some("django.core.cache.backends.locmem.LocMemCache") {
                        return Err(invalid());
                    }
                }
                "OPTIONS" => {
                    for (ok, ov) in val.as_object().ok_or_else(invalid)? {
                        let n = ov.as_u64().ok_or_else(invalid)? as usize;
                        match ok.as_str() {
                            "MAX_ENTRIES" => self.cache_max_entries = n,
                            "CULL_FREQUENCY" => self.cache_cull_frequency = n,
                            _ => return Err(invalid()),
                        }
                    }
                }
                "LOCATION" | "TIMEOUT" => {}
                _ => return Err(invalid()),
            }
        }
        Ok(())
    }
}

/// The time zones the simulation knows: fixed offsets only (no daylight saving).
pub fn time_zone_offset(tz: &str) -> Option<i64> {
    let fixed: &[(&str, i64)] = &[
        ("UTC", 0),
        ("Etc/UTC", 0),
        ("GMT", 0),
        ("Asia/Kolkata", 19_800),
        ("Asia/Tokyo", 32_400),
        ("Asia/Shanghai", 28_800),
        ("Asia/Singapore", 28_800),
        ("Africa/Lagos", 3_600),
        ("Africa/Nairobi", 10_800),
        ("America/Phoenix", -25_200),
        ("America/Sao_Paulo", -10_800),
    ];
    if let Some((_, off)) = fixed.iter().find(|(n, _)| *n == tz) {
        return Some(*off);
    }
    // POSIX-style names: "Etc/GMT+5" is five hours *behind* UTC.
    let rest = tz.strip_prefix("Etc/GMT")?;
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (-1, &rest[1..]),
        b'-' => (1, &rest[1..]),
        _ => return None,
    };
    let h: i64 = digits.parse().ok()?;
    (0..=14).contains(&h).then_some(sign * h * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_json_names_the_bad_setting() {
        let mut s = Settings::defaults(DjangoVersion::V5_2);
        let bad: Map<String, Json> = serde_json::from_str(r#"{"SESSION_COOKIE_AGEE": 1}"#).unwrap();
        assert!(s.apply_json(&bad).unwrap_err().to_string().contains("SESSION_COOKIE_AGEE"));
        let bad: Map<String, Json> = serde_json::from_str(r#"{"DEBUG": "yes"}"#).unwrap();
        assert!(s.apply_json(&bad).unwrap_err().to_string().contains("DEBUG"));
        let bad: Map<String, Json> = serde_json::from_str(r#"{"MIDDLEWARE": ["x.Y"]}"#).unwrap();
        assert!(s.apply_json(&bad).unwrap_err().to_string().contains("x.Y"));
        let bad: Map<String, Json> = serde_json::from_str(r#"{"DEFAULT_HASHING_ALGORITHM": "sha1"}"#).unwrap();
        assert!(s.apply_json(&bad).is_err());
        let ok: Map<String, Json> = serde_json::from_str(r#"{"SESSION_ENGINE": "signed_cookies", "SESSION_COOKIE_SAMESITE": null}"#).unwrap();
        s.apply_json(&ok).unwrap();
        assert_eq!(s.session_engine, SessionEngine::SignedCookies);
        assert_eq!(s.session_cookie_samesite, None);
    }

    #[test]
    fn to_json_round_trips() {
        for v in [DjangoVersion::V5_2, DjangoVersion::V3_2] {
            let s = Settings::defaults(v);
            let mut t = Settings::defaults(v);
            t.debug = false;
            t.apply_json(s.to_json().as_object().unwrap()).unwrap();
            assert_eq!(s, t);
        }
    }
}
