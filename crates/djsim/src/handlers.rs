//! The simulated `manage.py runserver`: `WSGIServer` + `WSGIRequestHandler` in
//! front of `WSGIHandler` (`django.core.handlers`), the project's database, and
//! the terminal it prints to (oracle README §5, §8). OWNER: server.
//!
//! Architecture invariant: the server reads no clock and no OS randomness: `now`
//! comes with every call and keys come from the seeded [`Rng`].

pub mod exception;

use crate::conf::{DjangoVersion, SessionEngine, Settings};
use crate::contrib::auth::{self, HashCache, UserSlot};
use crate::contrib::messages::MessageStorage;
use crate::db::{Database, NewUser, SqlResult};
use crate::http::response::{CookieError, HttpResponse};
use crate::middleware::csrf::CsrfMeta;
use crate::middleware::{self, Middleware, Next};
use crate::pyjson::{Dict, Value};
use crate::random::Rng;
use crate::sessions::backends::{FileStore, LocMemCache};
use crate::sessions::base as session_base;
use crate::sessions::SessionStore;
use crate::time::SimTime;
use exception::{inner_frame, ExcKind, PyException};

pub use crate::db::SqlValue;

/// `Server:` of Django's development server on CPython 3.11.7.
pub const SERVER_SOFTWARE: &str = "WSGIServer/0.2 CPython/3.11.7";

/// One HTTP request as it reaches runserver.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Request {
    pub method: String,
    /// `http` or `https`.
    pub scheme: String,
    /// The `Host` header's value.
    pub host: String,
    /// The path as sent on the request line (percent-encoded, no query).
    pub path: String,
    /// The query string, without `?`.
    pub query: String,
    /// Headers as sent, in order (including `Host`, `Cookie`, `Content-Type`, `Origin`, `Referer`).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Which stream a terminal line went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One entry of runserver's terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub stream: Stream,
    pub text: String,
    /// The logger (`django.server`, `django.request`, …); `None` for `print()`
    /// and for tracebacks written directly to stderr.
    pub logger: Option<String>,
    /// `INFO`, `WARNING`, `ERROR`.
    pub level: Option<String>,
}

impl ConsoleLine {
    pub fn stdout(text: impl Into<String>) -> ConsoleLine {
        ConsoleLine { stream: Stream::Stdout, text: text.into(), logger: None, level: None }
    }
}

/// The response as the client receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireResponse {
    pub status: u16,
    pub reason: String,
    /// On the wire's order: `Date`, `Server`, then Django's; values as a client
    /// reads them (a `Set-Cookie` value without the leading space).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// runserver failed after the status line, `Date` and `Server` (a header not
    /// in latin-1): nothing more arrives.
    pub incomplete: bool,
    /// The exact bytes of the head (`Set-Cookie:  zap=42; Path=/` with two spaces).
    pub raw_head: String,
}

/// A request's response and what the terminal printed meanwhile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub response: WireResponse,
    pub console: Vec<ConsoleLine>,
}

/// One stored session, whatever the engine.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    pub session_key: String,
    pub session_data: String,
    /// SQLite's text: `2019-10-13 23:17:55.591447`.
    pub expire_date: String,
    /// Django's view of `session_data` (`{}` when it does not decode).
    pub decoded: Dict,
    pub expired: bool,
}

/// What the server cannot do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerError {
    /// SQLite refused a statement.
    Sql(String),
    /// `manage.py <command>` is not a command the simulation knows.
    UnknownCommand(String),
    /// A management command failed.
    Command(String),
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Sql(m) => write!(f, "SQL error: {m}"),
            ServerError::UnknownCommand(c) => write!(f, "Unknown command: {c:?} (the simulation knows clearsessions and migrate)"),
            ServerError::Command(m) => f.write_str(m),
        }
    }
}
impl std::error::Error for ServerError {}

impl From<crate::db::DbError> for ServerError {
    fn from(e: crate::db::DbError) -> Self {
        ServerError::Sql(e.message)
    }
}

/// Mutable state the views and middleware reach through [`Ctx`].
#[derive(Debug)]
struct ServerState {
    rng: Rng,
    cache: LocMemCache,
    files: FileStore,
    hashes: HashCache,
}

/// The simulated development server and its project.
pub struct Server {
    version: DjangoVersion,
    settings: Settings,
    db: Database,
    state: ServerState,
    startup: Vec<ConsoleLine>,
    addrport: String,
    /// `MIDDLEWARE`'s instances, built when the settings are set (as Django's
    /// handler loads them once, at startup).
    chain: Vec<Box<dyn Middleware>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("version", &self.version).field("addrport", &self.addrport).finish_non_exhaustive()
    }
}

/// What views and middleware see of the server while a request runs.
pub struct Ctx<'a> {
    pub settings: &'a Settings,
    pub version: DjangoVersion,
    pub now: SimTime,
    pub db: &'a Database,
    pub rng: &'a mut Rng,
    pub cache: &'a mut LocMemCache,
    pub files: &'a mut FileStore,
    pub hashes: &'a mut HashCache,
    pub console: &'a mut Vec<ConsoleLine>,
}

impl Ctx<'_> {
    /// A `django.*` log record: the `console` handler prints it only with `DEBUG = True`.
    pub fn log(&mut self, logger: &str, level: &str, text: &str) {
        if self.settings.debug {
            self.console.push(ConsoleLine { stream: Stream::Stderr, text: text.to_string(), logger: Some(logger.into()), level: Some(level.into()) });
        }
    }
    /// A log record with `exc_info`: the message, then the traceback.
    pub fn log_exc(&mut self, logger: &str, level: &str, text: &str, exc: &PyException) {
        if self.settings.debug {
            self.log(logger, level, text);
            self.console.push(ConsoleLine { stream: Stream::Stderr, text: exc.traceback(), logger: Some(logger.into()), level: Some(level.into()) });
        }
    }
    /// A view's `print(…)`.
    pub fn print(&mut self, text: &str) {
        self.console.push(ConsoleLine::stdout(text));
    }
}

/// `manage.py migrate`'s output, for the migrations it `applied` (in order).
fn migrate_console(applied: Vec<String>) -> Vec<ConsoleLine> {
    let mut out = vec![
        ConsoleLine::stdout("Operations to perform:"),
        ConsoleLine::stdout("  Apply all migrations: admin, auth, contenttypes, sessions"),
        ConsoleLine::stdout("Running migrations:"),
    ];
    if applied.is_empty() {
        out.push(ConsoleLine::stdout("  No migrations to apply."));
    }
    for name in applied {
        out.push(ConsoleLine::stdout(format!("  Applying {name}... OK")));
    }
    out
}

impl Server {
    /// A server over a fresh in-memory `db.sqlite3` on which `migrate` has run and
    /// the lab's user `alice` exists. (Both run when the database is first used, or on
    /// [`Server::prepare_database`]: the database and the console are the same.)
    pub fn new(version: DjangoVersion, settings: Settings, seed: u64, now: SimTime) -> Result<Server, ServerError> {
        let alice = NewUser { username: auth::ALICE.into(), password: auth::alice_hash(version).into(), date_joined: "2019-09-01 00:00:00".into() };
        let db = Database::migrated_on_first_use(&now.sqlite_datetime(), vec![alice]);
        let mut cache = LocMemCache::default();
        cache.max_entries = settings.cache_max_entries;
        cache.cull_frequency = settings.cache_cull_frequency;
        let chain = middleware::build(&settings.middleware);
        let mut server = Server {
            version,
            chain,
            settings,
            db,
            state: ServerState { rng: Rng::new(seed), cache, files: FileStore::default(), hashes: HashCache::default() },
            startup: Vec::new(),
            addrport: "127.0.0.1:8000".into(),
        };
        // On a fresh database `migrate` applies every migration.
        let applied: Vec<String> = crate::db::MIGRATIONS.iter().map(|(app, name)| format!("{app}.{name}")).collect();
        let mut console = migrate_console(applied);
        console.extend(server.banner(now));
        server.startup = console;
        Ok(server)
    }

    /// `migrate`'s output, then runserver's banner.
    pub fn startup_console(&self) -> Vec<ConsoleLine> {
        self.startup.clone()
    }

    /// The address the banner says runserver listens at (`127.0.0.1:8000`).
    pub fn set_addrport(&mut self, addrport: &str, now: SimTime) {
        self.addrport = addrport.to_string();
        let keep = self.startup.len().saturating_sub(self.banner(now).len());
        self.startup.truncate(keep);
        let banner = self.banner(now);
        self.startup.extend(banner);
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn set_settings(&mut self, s: Settings) {
        self.state.cache.max_entries = s.cache_max_entries;
        self.state.cache.cull_frequency = s.cache_cull_frequency;
        self.chain = middleware::build(&s.middleware);
        self.settings = s;
    }
    pub fn version(&self) -> DjangoVersion {
        self.version
    }

    /// Handles one request as runserver does, returning the bytes the client gets
    /// and what the terminal printed.
    pub fn handle(&mut self, req: &Request, now: SimTime) -> Exchange {
        let mut console = Vec::new();
        let version = self.version;
        let mut wsgi = WsgiRequest::from_request(req);
        let response = {
            let mut cx = Ctx {
                settings: &self.settings,
                version,
                now,
                db: &self.db,
                rng: &mut self.state.rng,
                cache: &mut self.state.cache,
                files: &mut self.state.files,
                hashes: &mut self.state.hashes,
                console: &mut console,
            };
            let response = Next::chain(&self.chain).run(&mut wsgi, &mut cx);
            // BaseHandler.get_response: "if response.status_code >= 400: log_response(…)"
            if response.status >= 400 && !wsgi.response_logged {
                let level = if response.status >= 500 { "ERROR" } else { "WARNING" };
                let text = format!("{}: {}", reason_phrase(response.status), wsgi.path);
                cx.log("django.request", level, &text);
            }
            response
        };
        let wire = self.emit(&wsgi, req, response, now, &mut console);
        Exchange { response: wire, console }
    }

    /// `manage.py <command>`: `clearsessions` or `migrate`.
    pub fn manage(&mut self, command: &str, now: SimTime) -> Result<Vec<ConsoleLine>, ServerError> {
        match command.trim() {
            "clearsessions" => {
                let mut console = Vec::new();
                let engine = self.settings.session_engine;
                let mut cx = self.ctx(now, &mut console);
                session_base::clear_expired(&mut cx, engine).map_err(|e| ServerError::Command(e.last_line()))?;
                Ok(console)
            }
            "migrate" => self.migrate(now),
            other => Err(ServerError::UnknownCommand(other.to_string())),
        }
    }

    /// Runs one SQL statement on the database (the sqlite3 console).
    pub fn sql(&mut self, statement: &str) -> Result<SqlResult, ServerError> {
        Ok(self.db.execute(statement)?)
    }

    /// What the session engine holds: for `db` and `cached_db` the `django_session`
    /// table in storage order, for `file` the session files, for `cache` the cache
    /// entries, for `signed_cookies` nothing (the data is in the cookie).
    pub fn sessions(&self, now: SimTime) -> Vec<SessionRow> {
        self.sessions_with(now, &mut |data| self.decode_session_data(data))
    }

    /// The one row [`Server::sessions`] lists with this `session_key`, if any: the db
    /// engines look it up by its key (no need to read and decode the whole table).
    pub fn session(&self, now: SimTime, session_key: &str) -> Option<SessionRow> {
        match self.settings.session_engine {
            SessionEngine::Db | SessionEngine::CachedDb => {
                let r = self.db.session_row(session_key).ok()??;
                Some(SessionRow {
                    decoded: self.decode_session_data(&r.session_data),
                    expired: r.expire_date <= now.sqlite_datetime(),
                    session_key: r.session_key,
                    session_data: r.session_data,
                    expire_date: r.expire_date,
                })
            }
            _ => self.sessions(now).into_iter().find(|r| r.session_key == session_key),
        }
    }

    /// What Django loads from a stored `session_data` with the running settings and
    /// version (an empty dict when it does not decode, as `SessionBase.decode`).
    pub fn decode_session_data(&self, data: &str) -> Dict {
        let fallbacks: &[String] = if self.version == DjangoVersion::V5_2 { &self.settings.secret_key_fallbacks } else { &[] };
        crate::sessions::codec::decode_data(data, &self.settings.secret_key, fallbacks, self.version).0
    }

    /// [`Server::sessions`], with `decode` in place of [`Server::decode_session_data`]
    /// (e.g. remembering it: the playground reads ten thousand rows after every request).
    pub fn sessions_with(&self, now: SimTime, decode: &mut dyn FnMut(&str) -> Dict) -> Vec<SessionRow> {
        let now_sql = now.sqlite_datetime();
        match self.settings.session_engine {
            SessionEngine::Db | SessionEngine::CachedDb => self
                .db
                .session_rows()
                .unwrap_or_default()
                .into_iter()
                .map(|r| SessionRow {
                    decoded: decode(&r.session_data),
                    expired: r.expire_date.as_str() <= now_sql.as_str(),
                    session_key: r.session_key,
                    session_data: r.session_data,
                    expire_date: r.expire_date,
                })
                .collect(),
            SessionEngine::File => {
                let dir = self.settings.session_file_path.clone().unwrap_or_else(|| "/tmp".into());
                let prefix = &self.settings.session_cookie_name;
                self.state
                    .files
                    .listdir(&dir)
                    .into_iter()
                    .filter_map(|name| {
                        let key = name.strip_prefix(prefix.as_str())?.to_string();
                        let f = self.state.files.read(&crate::sessions::backends::path_join(&dir, &name))?;
                        let decoded = if f.content.is_empty() { Dict::new() } else { decode(&f.content) };
                        let exp = match decoded.get("_session_expiry") {
                            Some(Value::Str(s)) => SimTime::parse_iso(s).map(|(t, _)| t).unwrap_or(f.mtime.plus_secs(self.settings.session_cookie_age)),
                            Some(Value::Int(n)) if n.parse::<i64>().is_ok_and(|n| n != 0) => {
                                f.mtime.plus_secs(n.parse().unwrap_or(0))
                            }
                            _ => f.mtime.plus_secs(self.settings.session_cookie_age),
                        };
                        Some(SessionRow { session_key: key, session_data: f.content.clone(), expire_date: exp.sqlite_datetime(), decoded, expired: exp <= now })
                    })
                    .collect()
            }
            SessionEngine::Cache => {
                let prefix = LocMemCache::make_key(session_base::CACHE_KEY_PREFIX);
                let mut rows: Vec<SessionRow> = self
                    .state
                    .cache
                    .entries()
                    .iter()
                    .filter_map(|e| {
                        let key = e.key.strip_prefix(&prefix)?.to_string();
                        let exp = e.expires.unwrap_or(SimTime::from_unix_secs(253_402_300_799));
                        Some(SessionRow {
                            session_key: key,
                            session_data: crate::pyjson::dumps(&Value::Dict(e.value.dict.clone())),
                            expire_date: exp.sqlite_datetime(),
                            decoded: e.value.dict.clone(),
                            expired: exp <= now,
                        })
                    })
                    .collect();
                rows.reverse();
                rows
            }
            SessionEngine::SignedCookies => Vec::new(),
        }
    }

    /// The database file (`db.sqlite3`).
    pub fn database_file(&self) -> Result<Vec<u8>, ServerError> {
        Ok(self.db.file_bytes()?)
    }

    fn ctx<'a>(&'a mut self, now: SimTime, console: &'a mut Vec<ConsoleLine>) -> Ctx<'a> {
        Ctx {
            settings: &self.settings,
            version: self.version,
            now,
            db: &self.db,
            rng: &mut self.state.rng,
            cache: &mut self.state.cache,
            files: &mut self.state.files,
            hashes: &mut self.state.hashes,
            console,
        }
    }

    /// `manage.py migrate`'s output.
    fn migrate(&mut self, now: SimTime) -> Result<Vec<ConsoleLine>, ServerError> {
        let applied = self.db.migrate(&now.sqlite_datetime())?;
        Ok(migrate_console(applied))
    }

    /// Runs now the start-up `migrate` that waits for the database's first use (see
    /// [`Server::new`]); nothing if it has run. Changes nothing a request or a panel
    /// can see: it only moves work to a moment that suits (after the page is on screen).
    pub fn prepare_database(&self) -> Result<(), ServerError> {
        Ok(self.db.prepare()?)
    }

    /// runserver's banner (`runserver_console_dj52.json`).
    fn banner(&self, now: SimTime) -> Vec<ConsoleLine> {
        const MONTHS: [&str; 12] =
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        let local = now.plus_secs(self.settings.utc_offset_secs()).civil();
        let mut lines = vec![
            "Performing system checks...".to_string(),
            String::new(),
            "System check identified no issues (0 silenced).".to_string(),
            format!(
                "{} {:02}, {} - {:02}:{:02}:{:02}",
                MONTHS[local.month as usize - 1],
                local.day,
                local.year,
                local.hour,
                local.minute,
                local.second
            ),
            format!("Django version {}, using settings 'djproj.settings'", self.version.full()),
            format!("Starting development server at http://{}/", self.addrport),
            "Quit the server with CONTROL-C.".to_string(),
        ];
        if self.version == DjangoVersion::V5_2 {
            lines.push(String::new());
            lines.push("WARNING: This is a development server. Do not use it in a production setting. Use a production WSGI or ASGI server instead.".into());
            lines.push("For more information on production servers see: https://docs.djangoproject.com/en/5.2/howto/deployment/".into());
        }
        lines.into_iter().map(ConsoleLine::stdout).collect()
    }

    /// wsgiref's `ServerHandler` writing the response, and `WSGIRequestHandler`'s
    /// access line.
    fn emit(&self, wsgi: &WsgiRequest, req: &Request, response: HttpResponse, now: SimTime, console: &mut Vec<ConsoleLine>) -> WireResponse {
        let HttpResponse { status, headers: mut items, cookies, content, .. } = response;
        let reason = reason_phrase(status);
        let date = crate::http::dates::http_date(now);
        // WSGIHandler: "response_headers = [*response.items(), *(('Set-Cookie', c.output(header='')) for c in response.cookies.values())]"
        // `c.output(header='')` is the morsel with one space before it: the head
        // holds "Set-Cookie:  <morsel>" and a client reads "<morsel>".
        let head_method = wsgi.method == "HEAD";
        if head_method && items.iter().any(|(n, v)| n.eq_ignore_ascii_case("Content-Length") && v == "0") {
            items.retain(|(n, _)| !n.eq_ignore_ascii_case("Content-Length"));
        }
        // Django's ServerHandler.cleanup_headers: "Send 'close' if the content length
        // is unknown to prevent clients from reusing the connection."
        let close = !items.iter().any(|(n, _)| n.eq_ignore_ascii_case("Content-Length")) && !head_method;
        // `bytes(self.headers)`: "str(self).encode('iso-8859-1')". A character from
        // U+0100 on is two or more UTF-8 bytes led by 0xC4 or above.
        let not_latin1 = |t: &str| t.bytes().any(|b| b >= 0xc4);
        if items.iter().any(|(n, v)| not_latin1(n) || not_latin1(v)) || cookies.iter().any(|(_, c)| not_latin1(c)) {
            let mut header_block = String::new();
            for (n, v) in &items {
                header_block.push_str(&format!("{n}: {v}\r\n"));
            }
            for (_, c) in &cookies {
                header_block.push_str(&format!("Set-Cookie:  {c}\r\n"));
            }
            if close {
                header_block.push_str("Connection: close\r\n");
            }
            header_block.push_str("\r\n");
            if let Some(pos) = header_block.chars().position(|c| c as u32 > 0xff) {
                let ch = header_block.chars().nth(pos).unwrap_or('?');
                console.push(ConsoleLine { stream: Stream::Stderr, text: latin1_traceback(self.version, ch, pos), logger: None, level: None });
                let mut raw_head = String::new();
                push_preamble(&mut raw_head, status, reason, &date);
                return WireResponse {
                    status,
                    reason: reason.to_string(),
                    headers: vec![("Date".into(), date), ("Server".into(), SERVER_SOFTWARE.into())],
                    body: Vec::new(),
                    incomplete: true,
                    raw_head,
                };
            }
        }
        let body = if head_method && self.version == DjangoVersion::V5_2 { Vec::new() } else { content };
        let mut raw_head = String::with_capacity(256 + items.iter().chain(cookies.iter()).map(|(n, v)| n.len() + v.len() + 5).sum::<usize>());
        push_preamble(&mut raw_head, status, reason, &date);
        let mut wire_headers = Vec::with_capacity(items.len() + cookies.len() + 3);
        wire_headers.push(("Date".to_string(), date));
        wire_headers.push(("Server".to_string(), SERVER_SOFTWARE.to_string()));
        for (n, mut v) in items {
            raw_head.push_str(&n);
            raw_head.push_str(": ");
            raw_head.push_str(&v);
            raw_head.push_str("\r\n");
            if n == "Set-Cookie" && v.starts_with(' ') {
                v.remove(0);
            }
            wire_headers.push((n, v));
        }
        for (_, c) in cookies {
            raw_head.push_str("Set-Cookie:  ");
            raw_head.push_str(&c);
            raw_head.push_str("\r\n");
            wire_headers.push(("Set-Cookie".to_string(), c));
        }
        if close {
            raw_head.push_str("Connection: close\r\n");
            wire_headers.push(("Connection".to_string(), "close".to_string()));
        }
        raw_head.push_str("\r\n");
        // WSGIRequestHandler.log_message: `"%s" %s %s` % (requestline, code, size)
        let level = if status >= 500 {
            "ERROR"
        } else if status >= 400 {
            "WARNING"
        } else {
            "INFO"
        };
        let mut text = String::with_capacity(req.method.len() + req.path.len() + req.query.len() + 56);
        text.push('[');
        crate::http::dates::push_runserver_stamp(&mut text, now.plus_secs(self.settings.utc_offset_secs()));
        text.push_str("] \"");
        push_request_line(&mut text, req);
        text.push_str("\" ");
        crate::push_decimal(&mut text, status as u64);
        text.push(' ');
        crate::push_decimal(&mut text, body.len() as u64);
        console.push(ConsoleLine { stream: Stream::Stderr, text, logger: Some("django.server".into()), level: Some(level.into()) });
        WireResponse { status, reason: reason.to_string(), headers: wire_headers, body, incomplete: false, raw_head }
    }
}

/// `HTTP/1.1 <status> <reason>`, `Date` and `Server`: what wsgiref writes first.
fn push_preamble(out: &mut String, status: u16, reason: &str, date: &str) {
    out.push_str("HTTP/1.1 ");
    crate::push_decimal(out, status as u64);
    out.push(' ');
    out.push_str(reason);
    out.push_str("\r\nDate: ");
    out.push_str(date);
    out.push_str("\r\nServer: ");
    out.push_str(SERVER_SOFTWARE);
    out.push_str("\r\n");
}


fn push_request_line(out: &mut String, req: &Request) {
    out.push_str(&req.method);
    out.push(' ');
    out.push_str(&req.path);
    if !req.query.is_empty() {
        out.push('?');
        out.push_str(&req.query);
    }
    out.push_str(" HTTP/1.1");
}

/// The request line as the client sent it.
pub fn request_line(req: &Request) -> String {
    let mut out = String::with_capacity(req.method.len() + req.path.len() + req.query.len() + 11);
    push_request_line(&mut out, req);
    out
}

/// What wsgiref prints when a header is not latin-1 (checked against runserver of
/// Django 5.2.19 and 3.2.25 on CPython 3.11.7; 5.2's `ServerHandler` overrides
/// `finish_response` for HEAD requests, hence its extra frame).
fn latin1_traceback(version: DjangoVersion, ch: char, pos: usize) -> String {
    let wsgiref = "/usr/local/lib/python3.11/wsgiref";
    let basehttp = match version {
        DjangoVersion::V5_2 => format!(
            "  File \"{}/django/core/servers/basehttp.py\", line 174, in finish_response\n    super().finish_response()\n",
            exception::SITE_PACKAGES
        ),
        DjangoVersion::V3_2 => String::new(),
    };
    format!(
        "Traceback (most recent call last):\n  File \"{wsgiref}/handlers.py\", line 138, in run\n    self.finish_response()\n{basehttp}  File \"{wsgiref}/handlers.py\", line 184, in finish_response\n    self.write(data)\n  File \"{wsgiref}/handlers.py\", line 287, in write\n    self.send_headers()\n  File \"{wsgiref}/handlers.py\", line 346, in send_headers\n    self._write(bytes(self.headers))\n                ^^^^^^^^^^^^^^^^^^^\n  File \"{wsgiref}/headers.py\", line 142, in __bytes__\n    return str(self).encode('iso-8859-1')\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\nUnicodeEncodeError: 'latin-1' codec can't encode character '\\u{:04x}' in position {pos}: ordinal not in range(256)",
        ch as u32
    )
}

/// `http.HTTPStatus(status).phrase`.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        500 => "Internal Server Error",
        _ => "Unknown Status Code",
    }
}

/// `HttpResponseRedirect` (302) / `HttpResponsePermanentRedirect` (301).
pub fn redirect(status: u16, location: &str) -> HttpResponse {
    let mut r = HttpResponse::new(Vec::new()).with_status(status);
    r.set_header("Location", location);
    r
}

/// A `set_cookie` error as the Python exception it is.
pub fn cookie_exception(e: CookieError) -> PyException {
    match e {
        CookieError::CookieError(m) => PyException::new("http.cookies.CookieError", m),
        CookieError::ValueError(m) => PyException::new("ValueError", m),
        #[allow(unreachable_patterns)]
        other => PyException::new("ValueError", other.to_string()),
    }
}

/// `BaseHandler._get_response`: resolve the URL, run each middleware's
/// `process_view`, call the view.
pub fn get_response_inner(req: &mut WsgiRequest, cx: &mut Ctx<'_>, all: &[Box<dyn Middleware>]) -> Result<HttpResponse, PyException> {
    let resolved = crate::urls::resolve(&req.path).map_err(|e| {
        PyException::new("django.urls.exceptions.Resolver404", "").with_kind(ExcKind::Resolver404 { tried: e.tried, path: e.path })
    })?;
    req.view_name = Some(resolved.view);
    for mw in all {
        if let Some(r) = mw.process_view(req, cx, &resolved)? {
            return Ok(r);
        }
    }
    crate::views::call(&resolved, req, cx)
}

/// `response_for_exception(request, exc)` with `DEBUG`'s pages and logging.
pub fn response_for_exception(req: &mut WsgiRequest, cx: &mut Ctx<'_>, exc: PyException) -> HttpResponse {
    let exc = inner_frame(exc, cx.version);
    let debug = cx.settings.debug;
    // The technical 500 page shows `str(request.user)`: evaluating it reads the
    // session. Django 3.2 with DEBUG = False does the same for the report its
    // `mail_admins` handler builds (5.2 returns early when ADMINS is empty).
    let reported = match (debug, cx.version) {
        (true, _) => matches!(exc.kind, ExcKind::Other | ExcKind::BadRequest | ExcKind::Suspicious),
        (false, DjangoVersion::V3_2) => matches!(exc.kind, ExcKind::Other | ExcKind::Suspicious),
        (false, DjangoVersion::V5_2) => false,
    };
    if reported && req.user.is_some() {
        let _ = auth::request_user(req, cx);
    }
    match &exc.kind {
        ExcKind::Resolver404 { tried, path } => {
            if debug {
                let (tried, path) = (tried.clone(), path.clone());
                crate::views::debug::technical_404(req, cx, &tried, &path)
            } else {
                crate::views::debug::error_page(cx.version, 404, "Not Found", "The requested resource was not found on this server.")
            }
        }
        ExcKind::Http404 => {
            if debug {
                crate::views::debug::technical_404(req, cx, &[], &req.path.clone())
            } else {
                crate::views::debug::error_page(cx.version, 404, "Not Found", "The requested resource was not found on this server.")
            }
        }
        ExcKind::PermissionDenied => {
            let r = crate::views::debug::error_page(cx.version, 403, "403 Forbidden", "");
            cx.log("django.request", "WARNING", &format!("Forbidden (Permission denied): {}", req.path));
            req.response_logged = true;
            r
        }
        ExcKind::BadRequest => {
            let r = if debug { crate::views::debug::technical_500(req, cx, &exc, 400) } else { crate::views::debug::error_page(cx.version, 400, "Bad Request (400)", "") };
            let text = format!("{}: {}", exc.message, req.path);
            cx.log_exc("django.request", "WARNING", &text, &exc);
            req.response_logged = true;
            r
        }
        ExcKind::Suspicious => {
            let logger = format!("django.security.{}", exc.short_name());
            cx.log_exc(&logger, "ERROR", &exc.message.clone(), &exc);
            if debug {
                crate::views::debug::technical_500(req, cx, &exc, 400)
            } else {
                crate::views::debug::error_page(cx.version, 400, "Bad Request (400)", "")
            }
        }
        ExcKind::Other => {
            let r = if debug { crate::views::debug::technical_500(req, cx, &exc, 500) } else { crate::views::debug::error_page(cx.version, 500, "Server Error (500)", "") };
            cx.log_exc("django.request", "ERROR", &format!("Internal Server Error: {}", req.path), &exc);
            req.response_logged = true;
            r
        }
    }
}

/// Django's `WSGIRequest`, with what the middleware attach to it.
#[derive(Clone, Debug, Default)]
pub struct WsgiRequest {
    pub method: String,
    pub scheme: String,
    /// `request.path` (= `path_info`): percent-decoded, UTF-8.
    pub path: String,
    /// The path as sent.
    pub raw_path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `request.COOKIES`, in Django's order.
    pub cookies: Vec<(String, String)>,
    /// `request.session` (set by `SessionMiddleware`).
    pub session: Option<SessionStore>,
    /// `request.user` (set by `AuthenticationMiddleware`).
    pub user: Option<UserSlot>,
    /// `request._messages` (set by `MessageMiddleware`).
    pub messages: Option<MessageStorage>,
    pub csrf: CsrfMeta,
    /// 3.2: `response.csrf_cookie_set`.
    pub csrf_cookie_set: bool,
    /// `response._has_been_logged`.
    pub response_logged: bool,
    /// The resolved view, whose dotted name (`lecture.views.cookie2`, see
    /// [`WsgiRequest::view_dotted_name`]) the 500 page shows.
    pub view_name: Option<crate::urls::View>,
}

impl WsgiRequest {
    pub fn from_request(req: &Request) -> WsgiRequest {
        // WSGIRequestHandler.get_environ drops headers with underscores; repeated
        // headers are joined with ",".
        let mut headers: Vec<(String, String)> = Vec::new();
        for (n, v) in &req.headers {
            if n.contains('_') {
                continue;
            }
            match headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(n)) {
                Some(slot) if !n.eq_ignore_ascii_case("Content-Type") && !n.eq_ignore_ascii_case("Content-Length") => {
                    slot.1 = format!("{},{}", slot.1, v.trim());
                }
                Some(_) => {}
                None => headers.push((n.clone(), v.trim().to_string())),
            }
        }
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("Host")) && !req.host.is_empty() {
            headers.insert(0, ("Host".into(), req.host.clone()));
        }
        let cookies = match headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("Cookie")) {
            Some((_, h)) => crate::http::cookie::parse_cookie(h),
            None => Vec::new(),
        };
        let raw_path = if req.path.is_empty() { "/".to_string() } else { req.path.clone() };
        WsgiRequest {
            method: req.method.to_ascii_uppercase(),
            scheme: if req.scheme == "https" { "https".into() } else { "http".into() },
            path: decode_path(&raw_path),
            raw_path,
            query: req.query.clone(),
            headers,
            body: req.body.clone(),
            cookies,
            ..WsgiRequest::default()
        }
    }

    /// The resolved view's dotted name: `lecture.views.cookie2`.
    pub fn view_dotted_name(&self) -> Option<String> {
        self.view_name.map(|v| format!("lecture.views.{}", crate::views::python_name(v)))
    }

    /// A request header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }

    /// `request.COOKIES.get(name)`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// `name in request.COOKIES`.
    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.iter().any(|(k, _)| k == name)
    }

    /// `request.is_secure()`.
    pub fn is_secure(&self) -> bool {
        self.scheme == "https"
    }

    /// `request.get_port()`.
    pub fn port(&self) -> String {
        let host = self.header("Host").unwrap_or_default();
        match host.rsplit_once(':') {
            Some((_, p)) if p.chars().all(|c| c.is_ascii_digit()) && !host.ends_with(']') => p.to_string(),
            _ => if self.is_secure() { "443" } else { "80" }.to_string(),
        }
    }

    /// `request.get_host()`, validated against `ALLOWED_HOSTS`.
    pub fn get_host(&self, cx: &Ctx<'_>) -> Result<String, PyException> {
        let host = self.header("Host").unwrap_or_else(|| "127.0.0.1:8000".to_string());
        // "Allow variants of localhost if ALLOWED_HOSTS is empty and DEBUG=True."
        const LOCALHOST_VARIANTS: [&str; 3] = [".localhost", "127.0.0.1", "[::1]"];
        let settings_hosts = cx.settings.allowed_hosts.iter().map(String::as_str);
        let localhost = (cx.settings.debug && cx.settings.allowed_hosts.is_empty()).then_some(LOCALHOST_VARIANTS.iter().copied());
        let mut allowed = settings_hosts.chain(localhost.into_iter().flatten());
        let domain = split_domain_port(&host);
        if !domain.is_empty() && allowed.any(|p| p == "*" || crate::middleware::csrf::is_same_domain(&domain, p)) {
            return Ok(host);
        }
        let mut msg = format!("Invalid HTTP_HOST header: {}.", crate::py::repr_str(&host));
        if domain.is_empty() {
            msg.push_str(" The domain name provided is not valid according to RFC 1034/1035.");
        } else {
            msg.push_str(&format!(" You may need to add {} to ALLOWED_HOSTS.", crate::py::repr_str(&domain)));
        }
        Err(PyException::new("django.core.exceptions.DisallowedHost", msg).with_kind(ExcKind::Suspicious).django_frame(
            "http/request.py",
            202,
            "get_host",
            "raise DisallowedHost(msg)",
        ))
    }

    /// `request.get_full_path(force_append_slash)`.
    pub fn get_full_path(&self, force_append_slash: bool) -> String {
        let mut p = escape_uri_path(&self.path);
        if force_append_slash && !p.ends_with('/') {
            p.push('/');
        }
        if !self.query.is_empty() {
            p.push('?');
            p.push_str(&self.query);
        }
        p
    }

    /// `request.build_absolute_uri()`.
    pub fn build_absolute_uri(&self, cx: &Ctx<'_>) -> String {
        let host = self.get_host(cx).unwrap_or_else(|_| self.header("Host").unwrap_or_default());
        format!("{}://{}{}", self.scheme, host, self.get_full_path(false))
    }

    /// `request.accepts("text/html")`.
    pub fn accepts_html(&self) -> bool {
        let accept = self.header("Accept").unwrap_or_else(|| "*/*".into());
        accept.split(',').any(|t| {
            let t = t.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            t == "*/*" || t == "text/*" || t == "text/html"
        })
    }

    /// `request.GET` as pairs.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        parse_qsl(self.query.as_bytes())
    }

    /// `request.GET.get(name)`.
    pub fn get_param(&self, name: &str) -> Option<String> {
        self.query_pairs().into_iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// `request.POST` as pairs (form-encoded bodies only).
    pub fn post_pairs(&self) -> Vec<(String, String)> {
        if self.method != "POST" {
            return Vec::new();
        }
        let ct = self.header("Content-Type").unwrap_or_default();
        if ct.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            parse_qsl(&self.body)
        } else {
            Vec::new()
        }
    }

    /// `request.POST.get(name)` (the last value, as `QueryDict.get` gives).
    pub fn post_get(&self, name: &str) -> Option<String> {
        self.post_pairs().into_iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A few `request.META` entries, for the 500 page.
    pub fn meta(&self) -> Vec<(String, String)> {
        let mut m: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let key = k.to_ascii_uppercase().replace('-', "_");
                let key = if key == "CONTENT_TYPE" || key == "CONTENT_LENGTH" { key } else { format!("HTTP_{key}") };
                (key, v.clone())
            })
            .collect();
        m.push(("PATH_INFO".into(), self.path.clone()));
        m.push(("QUERY_STRING".into(), self.query.clone()));
        m.push(("REQUEST_METHOD".into(), self.method.clone()));
        m.push(("SERVER_PROTOCOL".into(), "HTTP/1.1".into()));
        m.push(("SERVER_SOFTWARE".into(), SERVER_SOFTWARE.into()));
        m.push(("wsgi.url_scheme".into(), self.scheme.clone()));
        m.sort();
        m
    }
}

/// `split_domain_port(host)`: the lowercased domain (empty when invalid).
fn split_domain_port(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    let valid = |d: &str| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if host.starts_with('[') {
        return match host.find(']') {
            Some(i) => host[..=i].to_string(),
            None => String::new(),
        };
    }
    let (domain, port) = match host.rsplit_once(':') {
        Some((d, p)) => (d, Some(p)),
        None => (host.as_str(), None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return String::new();
        }
    }
    if !valid(domain) {
        return String::new();
    }
    domain.strip_suffix('.').unwrap_or(domain).to_string()
}

/// PATH_INFO: percent-decoded bytes, then UTF-8 with broken sequences re-percented
/// (`repercent_broken_unicode`).
pub fn decode_path(raw: &str) -> String {
    // Nothing percent-encoded: the path is already its UTF-8 text.
    if !raw.contains('%') {
        return raw.to_string();
    }
    let b = raw.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                bytes.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        bytes.push(b[i]);
        i += 1;
    }
    let mut out = String::new();
    let mut rest = &bytes[..];
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or(""));
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                for byte in &bad[..n] {
                    out.push_str(&format!("%{byte:02X}"));
                }
                rest = &bad[n..];
            }
        }
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// `escape_uri_path(path)`: percent-encodes all but `/:@&+$,-_.!~*'()` and alphanumerics.
pub fn escape_uri_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/:@&=+$,-_.!~*'();%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urllib.parse.parse_qsl(qs, keep_blank_values=True)` with UTF-8 (errors replaced).
pub fn parse_qsl(qs: &[u8]) -> Vec<(String, String)> {
    let dec = |s: &[u8]| -> String {
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.len() {
            match s[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < s.len() => match (hex(s[i + 1]), hex(s[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                c => out.push(c),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    qs.split(|&c| c == b'&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.iter().position(|&c| c == b'=') {
            Some(i) => (dec(&p[..i]), dec(&p[i + 1..])),
            None => (dec(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_decode_like_django() {
        assert_eq!(decode_path("/session/caf%C3%A9"), "/session/café");
        assert_eq!(decode_path("/a%FFb"), "/a%FFb");
        assert_eq!(decode_path("/%"), "/%");
        assert_eq!(parse_qsl(b"a=1&b=&c&d=x+y%21"), vec![("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), "".into()), ("d".into(), "x y!".into())]);
        assert_eq!(split_domain_port("LocalHost:8000"), "localhost");
        assert_eq!(split_domain_port("bad host"), "");
    }
}

impl Server {
    /// Replaces the database with a `db.sqlite3` file's bytes.
    pub fn restore_database(&mut self, bytes: &[u8]) -> Result<(), ServerError> {
        Ok(self.db.restore_bytes(bytes)?)
    }

    /// What runserver prints when it starts on a database that is already migrated.
    pub fn banner_console(&self, now: SimTime) -> Vec<ConsoleLine> {
        self.banner(now)
    }
}
