//! The World: the clock, the seeded randomness, the Django server, the browsers,
//! the static sites, and the ordered logs (network, console) that every panel and
//! transcript renders. OWNER: integration (the lead).
//!
//! Architecture invariant: the World is the only owner of time. Nothing below it
//! reads a clock; `advance` is the only way time moves.

use crate::browser::{Browser, Close, CookieSelector, RequestContext, SetCookieOutcome, Url};
use crate::conf::{DjangoVersion, Settings};
use crate::handlers::{Request, Server, SessionRow, Stream};
use crate::time::SimTime;
use serde_json::Value as Json;

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

pub use crate::browser::RequestKind;

/// What a subresource request is for: the Fetch standard's request destination (the
/// value a browser sends as `Sec-Fetch-Dest`), as the page's element or script asks for
/// it. It changes no cookie rule (every subresource is alike for them); devtools show it
/// as the request's type (Firefox's Cause column: `img`, `script`, `stylesheet`, `fetch`).
/// A navigation's destination is `document`, an iframe's `iframe`: [`RequestKind`] says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Destination {
    /// `fetch()` or `XMLHttpRequest`: the empty destination (`Sec-Fetch-Dest: empty`).
    #[default]
    Empty,
    /// `<img src>`.
    Image,
    /// `<script src>`.
    Script,
    /// `<link rel=stylesheet>`.
    Style,
}

impl Destination {
    /// The scenario format's names, which are Fetch's: `empty`, `image`, `script`, `style`.
    pub const NAMES: [(&'static str, Destination); 4] =
        [("empty", Destination::Empty), ("image", Destination::Image), ("script", Destination::Script), ("style", Destination::Style)];

    /// The destination named `name` in a scenario (Fetch's name), if any.
    pub fn from_name(name: &str) -> Option<Destination> {
        Destination::NAMES.iter().find(|(n, _)| *n == name).map(|&(_, d)| d)
    }

    /// Fetch's name: `empty`, `image`, `script`, `style`.
    pub fn name(self) -> &'static str {
        Destination::NAMES.iter().find(|(_, d)| *d == self).map_or("empty", |(n, _)| n)
    }
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
    /// For a subresource, what it is for (ignored for a navigation or an iframe).
    pub destination: Destination,
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
    /// Cookies of the jar that match the host but were not sent: (name, value, reasons).
    pub cookies_blocked: Vec<(String, String, Vec<String>)>,
    /// Each `Set-Cookie` line, and `None` if stored or `Some(reason)` if rejected.
    pub set_cookies: Vec<(String, Option<String>)>,
    /// Where the request came from: the initiator page's URL.
    pub initiator: Option<String>,
    pub kind: RequestKind,
    /// For a subresource, what it is for ([`Destination::Empty`] otherwise).
    pub destination: Destination,
    /// The server's console lines printed while handling it (indices into
    /// [`World::console`]).
    pub console: std::ops::Range<usize>,
    /// Which hop of a redirect chain (0 for the request itself).
    pub hop: usize,
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

/// What applying one step gave.
#[derive(Clone, Debug)]
pub enum Applied {
    /// The network entries a request made (one per redirect hop).
    Requests(Vec<usize>),
    /// `document.cookie` as a script read it.
    DocumentCookie(String),
    /// What became of a `document.cookie` assignment.
    SetCookie(SetCookieOutcome),
    /// The console lines a management command or a restart printed.
    Log(Vec<String>),
    /// An SQL statement's result, or the error the sqlite3 console prints.
    Sql(Result<crate::db::SqlResult, String>),
    Done,
}

/// The simulation: server, browsers, sites, clock, logs.
pub struct World {
    config: WorldConfig,
    /// Every step applied through [`World::perform`], as JSON: with `config`, a
    /// scenario that rebuilds this World.
    recorded: Vec<Json>,
    now: SimTime,
    host: String,
    https_hosts: Vec<String>,
    sites: serde_json::Map<String, Json>,
    server: Server,
    tabs: Vec<Tab>,
    /// Browser name → index in `tabs` (a thousand browsers are looked up by name
    /// several times per request).
    tab_by_name: std::collections::HashMap<String, usize>,
    network: Vec<NetworkEntry>,
    console: Vec<ConsoleEntry>,
    /// Called after each hop of a request, with the World as it then is (a transcript
    /// shows each redirect hop's own state).
    hop_observer: Option<HopObserver>,
}

/// See [`World::set_hop_observer`].
pub type HopObserver = Box<dyn FnMut(&World, usize)>;

/// A browser and the pages of its history (a real browser keeps them in its
/// back/forward cache: going back shows the page again without a request).
struct Tab {
    browser: Browser,
    pages: Vec<PageView>,
}

/// Redirects a browser follows before giving up (Chromium: 20).
const MAX_REDIRECTS: usize = 20;

impl World {
    pub fn new(config: WorldConfig) -> Result<World, WorldError> {
        let mut settings = Settings::defaults(config.version);
        settings.apply_json(&config.settings).map_err(|e| WorldError::BadSettings(e.to_string()))?;
        let mut server = Server::new(config.version, settings, config.seed, config.now).map_err(|e| WorldError::Server(e.to_string()))?;
        if config.host.contains(':') {
            server.set_addrport(&config.host, config.now);
        }
        let console = server.startup_console().into_iter().map(|l| console_entry(config.now, l)).collect();
        Ok(World {
            config: config.clone(),
            recorded: Vec::new(),
            now: config.now,
            host: config.host.to_ascii_lowercase(),
            https_hosts: config.https_hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
            sites: config.sites,
            server,
            tabs: Vec::new(),
            tab_by_name: std::collections::HashMap::new(),
            network: Vec::new(),
            console,
            hop_observer: None,
        })
    }

    /// Rebuilds the World a scenario describes, applying its steps (what "import"
    /// and a reload of the page do).
    pub fn from_scenario(scenario: &crate::scenario::Scenario) -> Result<World, crate::scenario::ScenarioError> {
        let mut world = World::new(scenario.config()).map_err(|e| crate::scenario::ScenarioError::new("settings", e.to_string()))?;
        for (i, step) in scenario.steps.iter().enumerate() {
            world.apply(step).map_err(|e| crate::scenario::ScenarioError::new(format!("steps[{i}]"), e.to_string()))?;
            world.recorded.push(scenario.step_json[i].clone());
        }
        Ok(world)
    }

    /// Parses one step (scenario syntax), applies it, and records it for
    /// [`World::to_scenario`]. A step that fails is not recorded.
    pub fn perform(&mut self, step: Json) -> Result<Applied, String> {
        let parsed = crate::scenario::parse_step(self.recorded.len(), &step).map_err(|e| e.message)?;
        let applied = self.apply(&parsed).map_err(|e| e.to_string())?;
        self.recorded.push(step);
        Ok(applied)
    }

    /// This World as a `djsim run` scenario: its start and every step performed.
    pub fn to_scenario(&self) -> Json {
        let mut m = self.scenario_head();
        m.insert("steps".into(), Json::Array(self.recorded.clone()));
        Json::Object(m)
    }

    /// [`World::to_scenario`] without its `steps` (which are [`World::recorded`]): a long
    /// scenario can be written out without copying them.
    pub fn scenario_head(&self) -> serde_json::Map<String, Json> {
        let c = &self.config;
        let mut m = serde_json::Map::new();
        m.insert("django".into(), Json::from(c.version.as_str()));
        m.insert("now".into(), Json::from(c.now.rfc3339()));
        m.insert("host".into(), Json::from(c.host.clone()));
        if !c.https_hosts.is_empty() {
            m.insert("https_hosts".into(), Json::from(c.https_hosts.clone()));
        }
        m.insert("settings".into(), Json::Object(c.settings.clone()));
        if !c.sites.is_empty() {
            m.insert("sites".into(), Json::Object(c.sites.clone()));
        }
        m.insert("seed".into(), Json::from(c.seed));
        m
    }

    /// Calls `observer(world, network_id)` after every hop of every request, the World
    /// as it is between hops (the jar has stored that hop's cookies).
    pub fn set_hop_observer(&mut self, observer: Option<HopObserver>) {
        self.hop_observer = observer;
    }

    /// The steps performed so far.
    pub fn recorded(&self) -> &[Json] {
        &self.recorded
    }

    /// Applies one scenario step.
    pub fn apply(&mut self, step: &crate::scenario::Step) -> Result<Applied, WorldError> {
        use crate::scenario::Step;
        Ok(match step {
            Step::Request { browser, request } => Applied::Requests(self.request(browser, request.clone())?),
            Step::Advance { seconds } => {
                self.advance(*seconds);
                Applied::Done
            }
            Step::Close { browser } => {
                self.open_browser(browser, false);
                self.close_browser(browser)?;
                Applied::Done
            }
            Step::EditCookie { browser, edit } => {
                let sel = CookieSelector { name: edit.name.clone(), domain: edit.domain.clone(), path: edit.path.clone() };
                let same_site = edit.same_site.as_ref().map(|s| {
                    s.as_deref().map(|s| match s.to_ascii_lowercase().as_str() {
                        "strict" => crate::browser::SameSite::Strict,
                        "lax" => crate::browser::SameSite::Lax,
                        _ => crate::browser::SameSite::None,
                    })
                });
                let change = crate::browser::CookieEdit {
                    name: edit.new_name.clone(),
                    domain: edit.new_domain.clone(),
                    path: edit.new_path.clone(),
                    value: edit.value.clone(),
                    expires: edit.expires,
                    http_only: edit.http_only,
                    secure: edit.secure,
                    same_site,
                    ..Default::default()
                };
                self.edit_cookie(browser, &sel, &change)?;
                Applied::Done
            }
            Step::DeleteCookie { browser, name, domain, path } => {
                let sel = CookieSelector { name: name.clone(), domain: domain.clone(), path: path.clone() };
                self.delete_cookie(browser, &sel)?;
                Applied::Done
            }
            Step::AddCookie { browser, cookie } => {
                // Like DevTools' "add": host-only for the page's host unless a domain is
                // given (a leading dot makes it a domain cookie), path "/".
                let host = self.script_url(browser).map(|u| u.host().to_string()).unwrap_or_default();
                let domain = cookie.domain.clone().unwrap_or(host);
                let mut c = crate::browser::Cookie::new(&cookie.name, cookie.value.as_deref().unwrap_or(""), &domain, self.now);
                c.host_only = !domain.starts_with('.');
                if let Some(p) = &cookie.path {
                    c.path = p.clone();
                }
                c.expires = cookie.expires.flatten();
                c.http_only = cookie.http_only.unwrap_or(false);
                c.secure = cookie.secure.unwrap_or(false);
                c.same_site = cookie.same_site.clone().flatten().map(|s| match s.to_ascii_lowercase().as_str() {
                    "strict" => crate::browser::SameSite::Strict,
                    "lax" => crate::browser::SameSite::Lax,
                    _ => crate::browser::SameSite::None,
                });
                self.add_cookie(browser, c)?;
                Applied::Done
            }
            Step::CopyCookie { browser, from, name } => {
                let sel = CookieSelector { name: name.clone(), domain: None, path: None };
                self.copy_cookie(browser, from, &sel)?;
                Applied::Done
            }
            Step::DocumentCookie { browser, assign } => {
                self.open_browser(browser, false);
                match assign {
                    None => Applied::DocumentCookie(self.document_cookie(browser)?),
                    Some(a) => Applied::SetCookie(self.set_document_cookie(browser, a)?),
                }
            }
            Step::Manage { command } => Applied::Log(self.manage(command)?),
            Step::Sql { statement } => Applied::Sql(self.sql(statement).map_err(|e| e.to_string())),
            Step::Back { browser } => {
                self.back(browser)?;
                Applied::Done
            }
            Step::Forward { browser } => {
                self.forward(browser)?;
                Applied::Done
            }
            Step::Reload { browser } => Applied::Requests(self.reload(browser)?),
            Step::Open { browser, private } => {
                self.open_browser(browser, *private);
                Applied::Done
            }
            Step::Settings { changes } => {
                self.apply_settings(changes)?;
                Applied::Done
            }
            Step::Restart { keep_db } => Applied::Log(self.restart(*keep_db)?),
        })
    }

    /// runserver stopped and started again: with the same settings, keeping the
    /// database file (`keep_db`) or starting from a fresh `migrate`. Sessions kept in
    /// the LocMem cache do not survive a restart.
    pub fn restart(&mut self, keep_db: bool) -> Result<Vec<String>, WorldError> {
        let settings = self.server.settings().clone();
        let saved = if keep_db { Some(self.server.database_file().map_err(|e| WorldError::Server(e.to_string()))?) } else { None };
        let seed = self.config.seed.wrapping_add(self.network.len() as u64 + 1);
        let mut server = Server::new(self.server.version(), settings, seed, self.now).map_err(|e| WorldError::Server(e.to_string()))?;
        if self.config.host.contains(':') {
            server.set_addrport(&self.config.host, self.now);
        }
        if let Some(bytes) = saved {
            server.restore_database(&bytes).map_err(|e| WorldError::Server(e.to_string()))?;
        }
        let lines = if keep_db {
            // The database is already migrated: runserver prints only its banner.
            server.banner_console(self.now)
        } else {
            server.startup_console()
        };
        self.server = server;
        let now = self.now;
        let texts = lines.iter().map(|l| l.text.clone()).collect();
        self.console.extend(lines.into_iter().map(|l| console_entry(now, l)));
        Ok(texts)
    }

    /// The lecture's World (see [`WorldConfig::default`]).
    pub fn lecture() -> World {
        World::new(WorldConfig::default()).expect("the default configuration is valid")
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the clock on by `secs` seconds (fractions allowed); cookies and sessions
    /// expire as it passes. Negative or non-finite amounts do nothing.
    pub fn advance(&mut self, secs: f64) {
        if secs.is_finite() && secs > 0.0 {
            self.now = self.now.plus_micros((secs * 1e6).round() as i64);
        }
    }

    /// The Django server's host (`127.0.0.1:8000`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The URL a path on the Django host has: https when the host is served over https.
    pub fn django_url(&self, path: &str) -> String {
        let host_only = self.host.split(':').next().unwrap_or("");
        let scheme = if self.https_hosts.iter().any(|h| h == &self.host || h == host_only) { "https" } else { "http" };
        format!("{scheme}://{}{}", self.host, path)
    }

    pub fn server(&self) -> &Server {
        &self.server
    }

    pub fn server_mut(&mut self) -> &mut Server {
        &mut self.server
    }

    /// Opens a browser (a private window when `private`); an existing name is kept.
    pub fn open_browser(&mut self, name: &str, private: bool) {
        if self.tab_index(name).is_none() {
            let browser = if private { Browser::new_private(name) } else { Browser::new(name) };
            self.tab_by_name.insert(name.to_string(), self.tabs.len());
            self.tabs.push(Tab { browser, pages: Vec::new() });
        }
    }

    /// Forgets a browser entirely (its window is gone, its jar with it).
    pub fn remove_browser(&mut self, name: &str) -> Result<(), WorldError> {
        let i = self.tab_index(name).ok_or_else(|| no_browser(name))?;
        self.tabs.remove(i);
        self.tab_by_name = self.tabs.iter().enumerate().map(|(i, t)| (t.browser.name.clone(), i)).collect();
        Ok(())
    }

    pub fn browser_names(&self) -> Vec<String> {
        self.tabs.iter().map(|t| t.browser.name.clone()).collect()
    }

    /// The browsers, in the order they were opened (as [`World::browser_names`]).
    pub fn browsers(&self) -> impl Iterator<Item = &Browser> {
        self.tabs.iter().map(|t| &t.browser)
    }

    pub fn browser(&self, name: &str) -> Option<&Browser> {
        self.tab_index(name).map(|i| &self.tabs[i].browser)
    }

    pub fn browser_mut(&mut self, name: &str) -> Option<&mut Browser> {
        let i = self.tab_index(name)?;
        Some(&mut self.tabs[i].browser)
    }

    /// The page `browser` shows.
    pub fn page(&self, browser: &str) -> Option<PageView> {
        let tab = &self.tabs[self.tab_index(browser)?];
        let i = tab.browser.history.index()?;
        tab.pages.get(i).cloned()
    }

    pub fn network(&self) -> &[NetworkEntry] {
        &self.network
    }

    /// Empties the Network log (the panel's "clear").
    pub fn clear_network(&mut self) {
        self.network.clear();
    }

    pub fn console(&self) -> &[ConsoleEntry] {
        &self.console
    }

    pub fn clear_console(&mut self) {
        self.console.clear();
    }

    /// `browser`'s cookies at the current time, in the order the browser sends them.
    pub fn jar(&self, browser: &str) -> Vec<CookieView> {
        self.browser(browser).map(|b| b.jar.cookies(self.now).into_iter().map(CookieView::from).collect()).unwrap_or_default()
    }

    /// The session store's rows (or what the engine holds), at the current time.
    pub fn sessions(&self) -> Vec<SessionRow> {
        self.server.sessions(self.now)
    }

    /// The one of [`World::sessions`] with this key, if any (found without reading them all).
    pub fn session(&self, session_key: &str) -> Option<SessionRow> {
        self.server.session(self.now, session_key)
    }

    /// Typed into the address bar.
    pub fn navigate(&mut self, browser: &str, url: &str) -> Result<Vec<usize>, WorldError> {
        self.request(browser, BrowserRequest { method: "GET".into(), url: url.into(), ..Default::default() })
    }

    /// A link clicked on the page `browser` shows (`href` relative to it).
    pub fn follow_link(&mut self, browser: &str, href: &str) -> Result<Vec<usize>, WorldError> {
        let page = self.page(browser).ok_or_else(|| WorldError::BadUrl(format!("browser {browser} shows no page to follow {href:?} from")))?;
        let base = Url::parse(&page.url).map_err(|e| WorldError::BadUrl(e.to_string()))?;
        let target = base.join(href).map_err(|e| WorldError::BadUrl(format!("{href:?}: {e}")))?;
        self.request(browser, BrowserRequest { method: "GET".into(), url: target.to_string(), initiator: Some(page.url), ..Default::default() })
    }

    /// A form on the page `browser` shows, submitted (`action` relative to the page).
    pub fn submit_form(&mut self, browser: &str, method: &str, action: &str, form: Vec<(String, String)>) -> Result<Vec<usize>, WorldError> {
        let page = self.page(browser).ok_or_else(|| WorldError::BadUrl(format!("browser {browser} shows no page with a form")))?;
        let base = Url::parse(&page.url).map_err(|e| WorldError::BadUrl(e.to_string()))?;
        let target = base.join(if action.is_empty() { &page.url } else { action }).map_err(|e| WorldError::BadUrl(format!("{action:?}: {e}")))?;
        let method = if method.eq_ignore_ascii_case("post") { "POST" } else { "GET" };
        let mut url = target.to_string();
        let form = if method == "GET" {
            // A GET form replaces the query string with the fields.
            url = format!("{}?{}", url.split('?').next().unwrap_or(&url), form_urlencode(&form));
            Vec::new()
        } else {
            form
        };
        self.request(browser, BrowserRequest { method: method.into(), url, form, initiator: Some(page.url), ..Default::default() })
    }

    /// Back: the previous page, from the back/forward cache (no request).
    pub fn back(&mut self, browser: &str) -> Result<Option<PageView>, WorldError> {
        let tab = self.tab_mut(browser)?;
        tab.browser.history.back();
        Ok(self.page(browser))
    }

    /// Forward: the next page, from the back/forward cache (no request).
    pub fn forward(&mut self, browser: &str) -> Result<Option<PageView>, WorldError> {
        let tab = self.tab_mut(browser)?;
        tab.browser.history.forward();
        Ok(self.page(browser))
    }

    /// Reload: the current URL requested again (a GET, with no initiator).
    pub fn reload(&mut self, browser: &str) -> Result<Vec<usize>, WorldError> {
        let url = self
            .browser(browser)
            .and_then(|b| b.current_url())
            .map(|u| u.to_string())
            .ok_or_else(|| WorldError::BadUrl(format!("browser {browser} shows no page to reload")))?;
        self.request_inner(browser, BrowserRequest { method: "GET".into(), url, ..Default::default() }, HistoryMode::Replace)
    }

    /// Closes `browser`: session cookies go, persistent ones stay (a private window
    /// forgets everything); the tab's pages go.
    pub fn close_browser(&mut self, browser: &str) -> Result<(), WorldError> {
        let now = self.now;
        let tab = self.tab_mut(browser)?;
        tab.browser.close(Close::Normal, now);
        tab.pages.clear();
        Ok(())
    }

    /// Sends a request from `browser` (created on first use), following redirects;
    /// returns the ids of the network entries it made (one per hop).
    pub fn request(&mut self, browser: &str, req: BrowserRequest) -> Result<Vec<usize>, WorldError> {
        self.request_inner(browser, req, HistoryMode::Push)
    }

    /// `document.cookie` read by the page `browser` shows (the Django site's root
    /// when it shows none).
    pub fn document_cookie(&mut self, browser: &str) -> Result<String, WorldError> {
        let url = self.script_url(browser)?;
        let now = self.now;
        Ok(self.tab_mut(browser)?.browser.jar.document_cookie(&url, now))
    }

    /// `document.cookie = assignment` on the page `browser` shows.
    pub fn set_document_cookie(&mut self, browser: &str, assignment: &str) -> Result<SetCookieOutcome, WorldError> {
        let url = self.script_url(browser)?;
        let now = self.now;
        Ok(self.tab_mut(browser)?.browser.jar.set_document_cookie(&url, assignment, now))
    }

    /// A DevTools edit of one cookie.
    pub fn edit_cookie(&mut self, browser: &str, sel: &CookieSelector, edit: &crate::browser::CookieEdit) -> Result<(), WorldError> {
        let now = self.now;
        self.tab_mut(browser)?.browser.jar.edit(sel, edit, now).map(|_| ()).map_err(|e| WorldError::NoSuchCookie(e.to_string()))
    }

    /// A DevTools delete of one cookie.
    pub fn delete_cookie(&mut self, browser: &str, sel: &CookieSelector) -> Result<(), WorldError> {
        let now = self.now;
        self.tab_mut(browser)?.browser.jar.delete(sel, now).map(|_| ()).map_err(|e| WorldError::NoSuchCookie(e.to_string()))
    }

    /// A DevTools "add": a new cookie in `browser`'s jar.
    pub fn add_cookie(&mut self, browser: &str, cookie: crate::browser::Cookie) -> Result<(), WorldError> {
        let now = self.now;
        self.open_browser(browser, false);
        self.tab_mut(browser)?.browser.jar.add(cookie, now).map(|_| ()).map_err(|e| WorldError::NoSuchCookie(e.to_string()))
    }

    /// A thief copies a cookie from one browser's jar into another's.
    pub fn copy_cookie(&mut self, to: &str, from: &str, sel: &CookieSelector) -> Result<(), WorldError> {
        let now = self.now;
        let source = self.browser(from).ok_or_else(|| no_browser(from))?.jar.clone();
        self.open_browser(to, false);
        self.tab_mut(to)?.browser.jar.copy_from(&source, sel, now).map(|_| ()).map_err(|e| WorldError::NoSuchCookie(e.to_string()))
    }

    /// `python manage.py <command>`; its output goes to the console too.
    pub fn manage(&mut self, command: &str) -> Result<Vec<String>, WorldError> {
        let lines = self.server.manage(command, self.now).map_err(|e| WorldError::Server(e.to_string()))?;
        let texts = lines.iter().map(|l| l.text.clone()).collect();
        let now = self.now;
        self.console.extend(lines.into_iter().map(|l| console_entry(now, l)));
        Ok(texts)
    }

    /// One SQL statement on the server's database.
    pub fn sql(&mut self, statement: &str) -> Result<crate::db::SqlResult, WorldError> {
        self.server.sql(statement).map_err(|e| WorldError::Server(e.to_string()))
    }

    /// New settings, effective from the next request (as after an edit of settings.py
    /// that runserver's autoreloader picks up; the database stays).
    pub fn apply_settings(&mut self, changes: &serde_json::Map<String, Json>) -> Result<(), WorldError> {
        let mut settings = self.server.settings().clone();
        settings.apply_json(changes).map_err(|e| WorldError::BadSettings(e.to_string()))?;
        self.server.set_settings(settings);
        Ok(())
    }

    fn tab_index(&self, name: &str) -> Option<usize> {
        self.tab_by_name.get(name).copied()
    }

    fn tab_mut(&mut self, name: &str) -> Result<&mut Tab, WorldError> {
        let i = self.tab_index(name).ok_or_else(|| no_browser(name))?;
        Ok(&mut self.tabs[i])
    }

    fn script_url(&self, browser: &str) -> Result<Url, WorldError> {
        let url = self.page(browser).map(|p| p.url).unwrap_or_else(|| self.django_url("/"));
        Url::parse(&url).map_err(|e| WorldError::BadUrl(e.to_string()))
    }

    fn resolve(&self, url: &str) -> Result<Url, WorldError> {
        let absolute = if url.starts_with('/') { self.django_url(url) } else { url.to_string() };
        Url::parse(&absolute).map_err(|e| WorldError::BadUrl(format!("{url:?}: {e}")))
    }

    fn request_inner(&mut self, browser: &str, req: BrowserRequest, mode: HistoryMode) -> Result<Vec<usize>, WorldError> {
        self.open_browser(browser, false);
        let mut url = self.resolve(&req.url)?;
        let initiator = match &req.initiator {
            Some(i) => Some(Url::parse(i).map_err(|e| WorldError::BadUrl(format!("initiator {i:?}: {e}")))?),
            None => None,
        };
        let mut method = if req.method.is_empty() { "GET".to_string() } else { req.method.to_ascii_uppercase() };
        let mut body: Vec<u8> = match &req.body {
            Some(b) => b.clone().into_bytes(),
            None if method == "POST" => form_urlencode(&req.form).into_bytes(),
            None => Vec::new(),
        };
        let mut ids = Vec::new();
        for hop in 0..=MAX_REDIRECTS {
            let ctx = match &initiator {
                Some(i) => RequestContext::from_page(i, req.kind, &method),
                None => RequestContext::typed(&method),
            };
            let now = self.now;
            let tab = self.tab_mut(browser)?;
            let (headers, sent, blocked) = match &req.headers {
                Some(h) if hop == 0 => (h.clone(), Vec::new(), Vec::new()),
                _ => {
                    let cookies = tab.browser.jar.cookies_for_request(&url, &ctx, now);
                    let mut headers = vec![("Host".to_string(), url.host_header())];
                    if method == "POST" {
                        headers.push(("Content-Length".into(), body.len().to_string()));
                        // A form's POST carries its page's origin (Fetch §3.2.5); a POST
                        // made without a page (a scenario's bare `post`) carries none, as curl.
                        if let Some(i) = &initiator {
                            headers.push(("Origin".into(), i.origin().to_string()));
                        }
                        headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
                    }
                    if let Some(i) = &initiator {
                        headers.push(("Referer".into(), referrer(i, &url)));
                    }
                    if let Some(c) = cookies.header() {
                        headers.push(("Cookie".into(), c));
                    }
                    let sent = cookies.sent.iter().map(|c| (c.name.clone(), c.value.clone())).collect();
                    let blocked = cookies
                        .blocked
                        .iter()
                        .map(|b| (b.cookie.name.clone(), b.cookie.value.clone(), b.reasons.iter().map(|r| r.as_str().to_string()).collect()))
                        .collect();
                    (headers, sent, blocked)
                }
            };
            let console_start = self.console.len();
            let wire = self.dispatch(&url, &method, &headers, &body);
            let console_end = self.console.len();
            // Every Set-Cookie of a complete response, in order (RFC 6265bis §5.7).
            let mut set_cookies = Vec::new();
            if !wire.incomplete {
                let tab = self.tab_mut(browser)?;
                for (name, value) in &wire.headers {
                    if name.eq_ignore_ascii_case("set-cookie") {
                        let outcome = tab.browser.jar.set_cookie(&url, value, &ctx, now);
                        set_cookies.push((value.clone(), outcome.reason().map(|r| r.as_str().to_string())));
                    }
                }
            }
            let id = self.network.len();
            let location = header(&wire.headers, "location").map(str::to_string);
            let content_type = header(&wire.headers, "content-type").unwrap_or("").to_string();
            let response_body = String::from_utf8_lossy(&wire.body).into_owned();
            self.network.push(NetworkEntry {
                id,
                browser: browser.to_string(),
                at: now,
                method: method.clone(),
                url: url.to_string(),
                request_headers: headers,
                request_body: String::from_utf8_lossy(&body).into_owned(),
                status: wire.status,
                reason: wire.reason.clone(),
                response_headers: wire.headers,
                response_body: response_body.clone(),
                incomplete: wire.incomplete,
                cookies_sent: sent,
                cookies_blocked: blocked,
                set_cookies,
                initiator: req.initiator.clone(),
                kind: req.kind,
                destination: if req.kind == RequestKind::Subresource { req.destination } else { Destination::Empty },
                console: console_start..console_end,
                hop,
            });
            ids.push(id);
            if let Some(mut observe) = self.hop_observer.take() {
                observe(self, id);
                self.hop_observer = Some(observe);
            }
            if wire.incomplete {
                // The browser waits in vain: the page does not change.
                break;
            }
            if let (true, Some(loc)) = ((300..400).contains(&wire.status), location) {
                let next = url.join(&loc).map_err(|e| WorldError::BadUrl(format!("Location {loc:?}: {e}")))?;
                // 303, and 301/302 after a POST, become GET (Fetch §4.4 "HTTP-redirect fetch").
                if wire.status == 303 || (matches!(wire.status, 301 | 302) && method == "POST") {
                    method = "GET".into();
                    body.clear();
                }
                url = next;
                continue;
            }
            if req.kind == RequestKind::Navigation && wire.status != 0 {
                let page = PageView { url: url.to_string(), status: wire.status, content_type, body: response_body };
                let tab = self.tab_mut(browser)?;
                match mode {
                    HistoryMode::Push => tab.browser.history.visit(url.clone()),
                    HistoryMode::Replace => tab.browser.history.replace(url.clone()),
                }
                let i = tab.browser.history.index().unwrap_or(0);
                tab.pages.truncate(i);
                tab.pages.resize(i, page.clone());
                tab.pages.push(page);
            }
            break;
        }
        Ok(ids)
    }

    /// Sends one request over the simulated network: to the Django server, to a
    /// static site, or nowhere (a network error, status 0).
    fn dispatch(&mut self, url: &Url, method: &str, headers: &[(String, String)], body: &[u8]) -> crate::handlers::WireResponse {
        let host = url.host_header();
        let https_ok = self.https_hosts.iter().any(|h| *h == host || h == url.host());
        let is_django = host == self.host && (!url.is_secure() || https_ok);
        if is_django {
            let request = Request {
                method: method.to_string(),
                scheme: url.scheme().as_str().to_string(),
                host: header(headers, "host").unwrap_or(&host).to_string(),
                path: url.path().to_string(),
                query: url.query().unwrap_or("").to_string(),
                headers: headers.to_vec(),
                body: body.to_vec(),
            };
            let exchange = self.server.handle(&request, self.now);
            let now = self.now;
            self.console.extend(exchange.console.into_iter().map(|l| console_entry(now, l)));
            return exchange.response;
        }
        let origin = format!("{}://{}", url.scheme().as_str(), host);
        match self.sites.get(&origin).or_else(|| self.sites.get(&format!("{origin}/"))) {
            Some(pages) => static_response(pages.get(url.path())),
            None => crate::handlers::WireResponse {
                status: 0,
                reason: if host == self.host { "net::ERR_CONNECTION_REFUSED".into() } else { "net::ERR_NAME_NOT_RESOLVED".into() },
                headers: Vec::new(),
                body: Vec::new(),
                incomplete: false,
                raw_head: String::new(),
            },
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HistoryMode {
    Push,
    Replace,
}

fn no_browser(name: &str) -> WorldError {
    WorldError::NoSuchBrowser(format!("there is no browser named {name:?}"))
}

fn console_entry(at: SimTime, line: crate::handlers::ConsoleLine) -> ConsoleEntry {
    ConsoleEntry { at, stderr: line.stream == Stream::Stderr, level: line.level, text: line.text }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// What a static site answers: its page, or a plain 404.
fn static_response(page: Option<&Json>) -> crate::handlers::WireResponse {
    let Some(page) = page else {
        return crate::handlers::WireResponse {
            status: 404,
            reason: "Not Found".into(),
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: b"Not Found".to_vec(),
            incomplete: false,
            raw_head: String::new(),
        };
    };
    let status = page.get("status").and_then(Json::as_u64).unwrap_or(200) as u16;
    let headers: Vec<(String, String)> = page
        .get("headers")
        .and_then(Json::as_array)
        .map(|hs| {
            hs.iter()
                .filter_map(|h| Some((h.get(0)?.as_str()?.to_string(), h.get(1)?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_else(|| vec![("Content-Type".into(), "text/html; charset=utf-8".into())]);
    let body = page.get("body").and_then(Json::as_str).unwrap_or("").as_bytes().to_vec();
    crate::handlers::WireResponse {
        status,
        reason: crate::handlers::reason_phrase(status).to_string(),
        headers,
        body,
        incomplete: false,
        raw_head: String::new(),
    }
}

/// The `Referer` a browser sends under the default policy
/// `strict-origin-when-cross-origin`: the full URL same-origin, the origin otherwise,
/// nothing from https to http.
fn referrer(from: &Url, to: &Url) -> String {
    if from.origin() == to.origin() {
        from.to_string()
    } else if from.is_secure() && !to.is_secure() {
        String::new()
    } else {
        format!("{}/", from.origin())
    }
}

/// `application/x-www-form-urlencoded` as browsers write it.
pub fn form_urlencode(pairs: &[(String, String)]) -> String {
    fn enc(s: &str, out: &mut String) {
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        enc(k, &mut out);
        out.push('=');
        enc(v, &mut out);
    }
    out
}

impl From<&crate::browser::Cookie> for CookieView {
    fn from(c: &crate::browser::Cookie) -> Self {
        CookieView {
            name: c.name.clone(),
            value: c.value.clone(),
            domain: c.domain.clone(),
            host_only: c.host_only,
            path: c.path.clone(),
            expires: c.expires,
            http_only: c.http_only,
            secure: c.secure,
            same_site: c.same_site.map(|s| s.as_str().to_string()),
            created: c.created,
            last_access: c.last_access,
        }
    }
}
