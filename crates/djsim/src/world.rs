//! The World: the clock, the seeded randomness, the Django server, the browsers,
//! the static sites, and the ordered logs (network, console) that every panel and
//! transcript renders. OWNER: integration (the lead).
//!
//! Architecture invariant: the World is the only owner of time. Nothing below it
//! reads a clock; `advance` is the only way time moves.

use crate::conf::DjangoVersion;
use crate::time::SimTime;

/// How a World starts.
#[derive(Clone, Debug)]
pub struct WorldConfig {
    pub version: DjangoVersion,
    pub now: SimTime,
    /// The Django server's host (and port): `127.0.0.1:8000` or `samples.dj4e.com`.
    pub host: String,
    /// Hosts the Django server also answers over https.
    pub https_hosts: Vec<String>,
    /// Settings overrides, as in a scenario's `settings`.
    pub settings: serde_json::Map<String, serde_json::Value>,
    /// Static sites: origin → path → canned response (djsim-cli.md, "Other sites").
    pub sites: serde_json::Map<String, serde_json::Value>,
    /// Seeds the server's randomness (session keys, CSRF tokens).
    pub seed: u64,
}

impl Default for WorldConfig {
    /// The lecture's set-up: Django 5.2 on `127.0.0.1:8000` at 29/Sep/2019 23:17:55.
    fn default() -> Self {
        WorldConfig {
            version: DjangoVersion::V5_2,
            now: SimTime::LECTURE,
            host: "127.0.0.1:8000".into(),
            https_hosts: Vec::new(),
            settings: serde_json::Map::new(),
            sites: serde_json::Map::new(),
            seed: 0x5e55_10b5,
        }
    }
}

/// What went wrong, in one sentence naming the bad input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WorldError {
    BadUrl(String),
    BadSettings(String),
    NoSuchBrowser(String),
    NoSuchCookie(String),
    Server(String),
}

impl std::fmt::Display for WorldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorldError::BadUrl(m)
            | WorldError::BadSettings(m)
            | WorldError::NoSuchBrowser(m)
            | WorldError::NoSuchCookie(m)
            | WorldError::Server(m) => f.write_str(m),
        }
    }
}
impl std::error::Error for WorldError {}

/// How a browser makes a request (decides which cookies go with it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RequestKind {
    /// Top-level navigation (address bar, link, form).
    #[default]
    Navigation,
    Iframe,
    /// An `<img>` or `fetch`.
    Subresource,
}

/// A request a browser is asked to make.
#[derive(Clone, Debug, Default)]
pub struct BrowserRequest {
    pub method: String,
    /// A path on the Django host, or an absolute URL; relative to the page shown when
    /// `initiator` is set.
    pub url: String,
    /// Form fields (sent `application/x-www-form-urlencoded`).
    pub form: Vec<(String, String)>,
    /// The page the request comes from (`None`: typed into the address bar).
    pub initiator: Option<String>,
    pub kind: RequestKind,
    /// Headers sent exactly as given instead of the browser's own (what `curl -H` does).
    pub headers: Option<Vec<(String, String)>>,
    /// A raw body sent as given (with `headers`), instead of the encoded form.
    pub body: Option<String>,
}

/// One line of the server's terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleEntry {
    pub at: SimTime,
    pub stderr: bool,
    /// `INFO`, `WARNING`, `ERROR` (the colour runserver would use), if any.
    pub level: Option<String>,
    pub text: String,
}

/// One request/response as the Network panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkEntry {
    pub id: usize,
    pub browser: String,
    pub at: SimTime,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: String,
    pub status: u16,
    pub reason: String,
    pub response_headers: Vec<(String, String)>,
    pub response_body: String,
    /// runserver could not finish sending the response.
    pub incomplete: bool,
    /// Cookies that went with the request: (name, value).
    pub cookies_sent: Vec<(String, String)>,
    /// Cookies of the jar that match the host but were not sent: (name, value, reason).
    pub cookies_blocked: Vec<(String, String, String)>,
    /// Each `Set-Cookie` line, and `None` if stored or `Some(reason)` if rejected.
    pub set_cookies: Vec<(String, Option<String>)>,
    /// Where the request came from: the initiator page's URL.
    pub initiator: Option<String>,
    pub kind: RequestKind,
}

/// A cookie as the Storage panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieView {
    pub name: String,
    pub value: String,
    pub domain: String,
    pub host_only: bool,
    pub path: String,
    /// `None`: a session cookie.
    pub expires: Option<SimTime>,
    pub http_only: bool,
    pub secure: bool,
    /// `Strict`, `Lax`, `None`, or `None` when the attribute was absent.
    pub same_site: Option<String>,
    pub created: SimTime,
    pub last_access: SimTime,
}

/// The page a browser shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PageView {
    pub url: String,
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// The simulation: server, browsers, sites, clock, logs.
pub struct World {
    now: SimTime,
}

impl World {
    pub fn new(config: WorldConfig) -> Result<World, WorldError> {
        Ok(World { now: config.now })
    }
    /// The lecture's World (see [`WorldConfig::default`]).
    pub fn lecture() -> World {
        World { now: SimTime::LECTURE }
    }
    pub fn now(&self) -> SimTime {
        self.now
    }
    /// Moves the clock on; cookies and sessions expire as it passes.
    pub fn advance(&mut self, secs: i64) {
        self.now = self.now.plus_secs(secs);
    }
    /// Sends a request from `browser` (created on first use), following redirects;
    /// returns the ids of the network entries it made (one per hop).
    pub fn request(&mut self, browser: &str, req: BrowserRequest) -> Result<Vec<usize>, WorldError> {
        let _ = (browser, req);
        todo!("integration")
    }
    /// Typed into the address bar.
    pub fn navigate(&mut self, browser: &str, url: &str) -> Result<Vec<usize>, WorldError> {
        self.request(browser, BrowserRequest { method: "GET".into(), url: url.into(), ..Default::default() })
    }
    pub fn browser_names(&self) -> Vec<String> {
        todo!("integration")
    }
    pub fn page(&self, browser: &str) -> Option<PageView> {
        let _ = browser;
        todo!("integration")
    }
    pub fn network(&self) -> &[NetworkEntry] {
        todo!("integration")
    }
    pub fn console(&self) -> &[ConsoleEntry] {
        todo!("integration")
    }
    pub fn jar(&self, browser: &str) -> Vec<CookieView> {
        let _ = browser;
        todo!("integration")
    }
}
