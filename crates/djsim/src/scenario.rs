//! `djsim run`: the scenario format (input) and the transcript (output), as
//! `../shared/spec/djsim-cli.md` defines them. OWNER: integration.
//!
//! A scenario is parsed completely before anything runs, so a bad file gives one
//! clear error naming the field (`steps[3].advance: expected a number of seconds`)
//! and no half-run transcript.

use crate::conf::DjangoVersion;
use crate::time::SimTime;
use crate::world::{BrowserRequest, Destination, RequestKind};
use serde_json::{json, Map, Value as Json};
use std::fmt;

/// A parsed scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub django: DjangoVersion,
    pub now: SimTime,
    pub host: String,
    pub https_hosts: Vec<String>,
    pub settings: Map<String, Json>,
    pub sites: Map<String, Json>,
    pub seed: Option<u64>,
    pub steps: Vec<Step>,
    /// Each step as written (what a World records and exports).
    pub step_json: Vec<Json>,
}

/// One step of a scenario.
#[derive(Clone, Debug)]
pub enum Step {
    Request { browser: String, request: BrowserRequest },
    Advance { seconds: f64 },
    Close { browser: String },
    EditCookie { browser: String, edit: CookieEdit },
    DeleteCookie { browser: String, name: String, domain: Option<String>, path: Option<String> },
    /// A devtools "add": a new cookie typed into the Storage panel.
    AddCookie { browser: String, cookie: CookieEdit },
    CopyCookie { browser: String, from: String, name: String },
    DocumentCookie { browser: String, assign: Option<String> },
    Manage { command: String },
    Sql { statement: String },
    Back { browser: String },
    Forward { browser: String },
    Reload { browser: String },
    /// Opens a browser window (a private one: its own jar, forgotten on close).
    Open { browser: String, private: bool },
    /// settings.py edited: the changes apply from the next request.
    Settings { changes: Map<String, Json> },
    /// runserver restarted: the database file stays (`keep_db`) or is deleted.
    Restart { keep_db: bool },
}

/// A devtools-style edit of one cookie (the Storage panel's double-click).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CookieEdit {
    /// Which cookie: by name, and optionally domain and path.
    pub name: String,
    pub domain: Option<String>,
    pub path: Option<String>,
    /// What changes.
    pub value: Option<String>,
    pub new_name: Option<String>,
    /// A new Domain (a leading dot makes it a domain cookie) and Path.
    pub new_domain: Option<String>,
    pub new_path: Option<String>,
    /// `Some(None)`: make it a session cookie.
    pub expires: Option<Option<SimTime>>,
    pub http_only: Option<bool>,
    pub secure: Option<bool>,
    /// `Some(None)`: remove the attribute.
    pub same_site: Option<Option<String>>,
}

/// A scenario that cannot be run, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScenarioError {
    /// Where: `steps[3].advance`, `now`, `(file)`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario field {}: {}", self.field, self.message)
    }
}
impl std::error::Error for ScenarioError {}

impl ScenarioError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        err(field, message)
    }
}

fn err(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError { field: field.into(), message: message.into() }
}

/// Top-level fields a scenario may carry; anything else is an error, except
/// human notes (`description`, `title`, `name`, `note`, keys starting with `_`).
const TOP_FIELDS: &[&str] = &["django", "now", "host", "https_hosts", "settings", "sites", "seed", "steps"];
const NOTE_FIELDS: &[&str] = &["description", "title", "name", "note", "lesson"];

impl Scenario {
    /// The World this scenario starts from.
    pub fn config(&self) -> crate::world::WorldConfig {
        crate::world::WorldConfig {
            version: self.django,
            now: self.now,
            host: self.host.clone(),
            https_hosts: self.https_hosts.clone(),
            settings: self.settings.clone(),
            sites: self.sites.clone(),
            seed: self.seed.unwrap_or(crate::world::WorldConfig::default().seed),
        }
    }

    /// Parses a scenario from JSON text.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let json: Json = serde_json::from_str(text)
            .map_err(|e| err("(file)", format!("not valid JSON: {e}")))?;
        Scenario::from_json(&json)
    }

    pub fn from_json(json: &Json) -> Result<Scenario, ScenarioError> {
        let obj = json.as_object().ok_or_else(|| err("(file)", "expected a JSON object with \"steps\""))?;
        for key in obj.keys() {
            if !TOP_FIELDS.contains(&key.as_str()) && !is_note(key) {
                // A key that is not a plain name (empty, blank, or with spaces, colons,
                // quotes, non-ASCII letters, …) is named quoted, so "scenario field X: …"
                // still says which. ASCII only: `char::is_alphanumeric` would bring std's
                // Unicode tables into the page (~1.8 kB gzip) for this one message.
                let plain = !key.is_empty() && key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
                let field = if plain { key.clone() } else { format!("{key:?}") };
                return Err(err(field, format!("unknown field; expected one of {}", TOP_FIELDS.join(", "))));
            }
        }
        let django = match obj.get("django") {
            None | Some(Json::Null) => DjangoVersion::V5_2,
            Some(Json::String(s)) => DjangoVersion::parse(s).ok_or_else(|| err("django", format!("unknown Django version {s:?}; expected \"5.2\" or \"3.2\"")))?,
            Some(Json::Number(n)) => DjangoVersion::parse(&n.to_string()).ok_or_else(|| err("django", format!("unknown Django version {n}; expected \"5.2\" or \"3.2\"")))?,
            Some(_) => return Err(err("django", "expected \"5.2\" or \"3.2\"")),
        };
        let now = match obj.get("now") {
            None | Some(Json::Null) => SimTime::LECTURE,
            Some(Json::String(s)) => SimTime::parse_rfc3339(s).map_err(|e| err("now", e.to_string()))?,
            Some(_) => return Err(err("now", "expected an RFC 3339 date and time such as \"2019-09-29T23:17:55Z\"")),
        };
        let host = match obj.get("host") {
            None | Some(Json::Null) => "127.0.0.1:8000".to_string(),
            Some(Json::String(s)) if valid_host(s) => s.to_ascii_lowercase(),
            Some(other) => return Err(err("host", format!("expected a host such as \"127.0.0.1:8000\" or \"samples.dj4e.com\", got {other}"))),
        };
        let https_hosts = match obj.get("https_hosts") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, h)| match h.as_str() {
                    Some(s) if valid_host(s) => Ok(s.to_ascii_lowercase()),
                    _ => Err(err(format!("https_hosts[{i}]"), "expected a host name string")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(err("https_hosts", "expected a list of host names")),
        };
        let settings = match obj.get("settings") {
            None | Some(Json::Null) => Map::new(),
            Some(Json::Object(m)) => {
                check_settings("settings", django, m)?;
                m.clone()
            }
            Some(_) => return Err(err("settings", "expected an object of Django settings")),
        };
        let sites = match obj.get("sites") {
            None | Some(Json::Null) => Map::new(),
            Some(Json::Object(m)) => {
                validate_sites(m)?;
                m.clone()
            }
            Some(_) => return Err(err("sites", "expected an object: origin → path → response")),
        };
        let seed = match obj.get("seed") {
            None | Some(Json::Null) => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| err("seed", "expected a non-negative integer"))?),
        };
        let (steps, step_json) = match obj.get("steps") {
            Some(Json::Array(items)) => (items.iter().enumerate().map(|(i, s)| parse_step(i, s)).collect::<Result<Vec<_>, _>>()?, items.clone()),
            None => return Err(err("steps", "missing; expected a list of steps")),
            Some(_) => return Err(err("steps", "expected a list of steps")),
        };
        for (i, step) in steps.iter().enumerate() {
            if let Step::Settings { changes } = step {
                check_settings(&format!("steps[{i}].settings"), django, changes)?;
            }
        }
        Ok(Scenario { django, now, host, https_hosts, settings, sites, seed, steps, step_json })
    }
}

/// (stories) Each setting is checked while parsing, on its own (a setting's validity
/// depends only on the Django version), so that a bad one is named as a field
/// (`settings.SESSION_COOKIE_AGE`) before anything runs.
fn check_settings(field: &str, django: DjangoVersion, settings: &Map<String, Json>) -> Result<(), ScenarioError> {
    for (name, value) in settings {
        let one: Map<String, Json> = std::iter::once((name.clone(), value.clone())).collect();
        crate::conf::Settings::defaults(django).apply_json(&one).map_err(|e| err(format!("{field}.{name}"), e.to_string()))?;
    }
    Ok(())
}

fn is_note(key: &str) -> bool {
    key.starts_with('_') || NOTE_FIELDS.contains(&key)
}

fn valid_host(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_'))
}

fn validate_sites(sites: &Map<String, Json>) -> Result<(), ScenarioError> {
    for (origin, pages) in sites {
        let f = format!("sites[{origin:?}]");
        let ok_origin = (origin.starts_with("http://") || origin.starts_with("https://"))
            && valid_host(origin.split("://").nth(1).unwrap_or("").trim_end_matches('/'));
        if !ok_origin {
            return Err(err(f, "expected an origin such as \"https://evil.example\""));
        }
        let pages = pages.as_object().ok_or_else(|| err(f.clone(), "expected an object: path → response"))?;
        for (path, resp) in pages {
            let pf = format!("{f}[{path:?}]");
            if !path.starts_with('/') {
                return Err(err(pf, "a path must start with /"));
            }
            let resp = resp.as_object().ok_or_else(|| err(pf.clone(), "expected {\"status\", \"headers\", \"body\"}"))?;
            for (k, v) in resp {
                match k.as_str() {
                    "status" => {
                        if !v.as_u64().is_some_and(|s| (100..=599).contains(&s)) {
                            return Err(err(format!("{pf}.status"), "expected an HTTP status 100–599"));
                        }
                    }
                    "headers" => {
                        parse_headers(&format!("{pf}.headers"), v)?;
                    }
                    "body" => {
                        if !v.is_string() {
                            return Err(err(format!("{pf}.body"), "expected a string"));
                        }
                    }
                    _ => return Err(err(format!("{pf}.{k}"), "unknown field; expected status, headers, body")),
                }
            }
        }
    }
    Ok(())
}

fn parse_headers(field: &str, v: &Json) -> Result<Vec<(String, String)>, ScenarioError> {
    let items = v.as_array().ok_or_else(|| err(field, "expected a list of [name, value] pairs"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, pair)| match pair.as_array().map(Vec::as_slice) {
            Some([Json::String(n), Json::String(v)]) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_graphic() && b != b':') => {
                Ok((n.clone(), v.clone()))
            }
            _ => Err(err(format!("{field}[{i}]"), "expected a [name, value] pair of strings")),
        })
        .collect()
}

const STEP_KINDS: &str = "get, post, advance, close, edit_cookie, add_cookie, delete_cookie, copy_cookie, document_cookie, manage, sql, back, forward, reload, open, settings, restart";

/// Parses one step (`i` is its index, for error messages).
pub fn parse_step(i: usize, step: &Json) -> Result<Step, ScenarioError> {
    let at = |k: &str| format!("steps[{i}].{k}");
    let obj = step.as_object().ok_or_else(|| err(format!("steps[{i}]"), "expected an object"))?;
    let string = |k: &str| -> Result<Option<String>, ScenarioError> {
        match obj.get(k) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(err(at(k), "expected a string")),
        }
    };
    let browser = || -> Result<String, ScenarioError> {
        match obj.get("browser") {
            Some(Json::String(s)) if !s.is_empty() => Ok(s.clone()),
            None => Err(err(at("browser"), "missing; this step needs a browser name such as \"A\"")),
            Some(_) => Err(err(at("browser"), "expected a non-empty string")),
        }
    };
    let kind_keys: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| {
            matches!(
                *k,
                "get" | "post" | "advance" | "close" | "edit_cookie" | "add_cookie" | "delete_cookie" | "copy_cookie" | "document_cookie"
                    | "manage" | "sql" | "back" | "forward" | "reload" | "open" | "settings" | "restart"
            )
        })
        .collect();
    let kind = match kind_keys.as_slice() {
        [k] => *k,
        [] => return Err(err(format!("steps[{i}]"), format!("no step kind; expected one of {STEP_KINDS}"))),
        many => return Err(err(format!("steps[{i}]"), format!("more than one step kind ({}); a step does one thing", many.join(", ")))),
    };
    let allowed: &[&str] = match kind {
        "get" | "post" => &["browser", "get", "post", "form", "headers", "initiator", "kind", "destination", "body"],
        "advance" | "manage" | "sql" | "settings" | "restart" => &[kind],
        _ => &["browser", kind],
    };
    for key in obj.keys() {
        if !allowed.contains(&key.as_str()) && !is_note(key) {
            return Err(err(at(key), format!("unknown field for a {kind} step; expected {}", allowed.join(", "))));
        }
    }
    Ok(match kind {
        "get" | "post" => {
            let url = string(kind)?.ok_or_else(|| err(at(kind), "expected a path or an absolute URL"))?;
            if url.is_empty() {
                return Err(err(at(kind), "expected a path or an absolute URL, got an empty string"));
            }
            let form = match obj.get("form") {
                None | Some(Json::Null) => Vec::new(),
                Some(Json::Object(m)) => m
                    .iter()
                    .map(|(k, v)| match v {
                        Json::String(s) => Ok((k.clone(), s.clone())),
                        Json::Number(n) => Ok((k.clone(), n.to_string())),
                        Json::Bool(b) => Ok((k.clone(), b.to_string())),
                        _ => Err(err(format!("steps[{i}].form.{k}"), "expected a string")),
                    })
                    .collect::<Result<_, _>>()?,
                Some(Json::Array(_)) => parse_headers(&at("form"), &obj["form"])?,
                Some(_) => return Err(err(at("form"), "expected an object of form fields")),
            };
            let headers = match obj.get("headers") {
                None | Some(Json::Null) => None,
                Some(v) => Some(parse_headers(&at("headers"), v)?),
            };
            let kind_of = match string("kind")?.as_deref() {
                None | Some("navigation") => RequestKind::Navigation,
                Some("iframe") => RequestKind::Iframe,
                Some("subresource") => RequestKind::Subresource,
                Some(other) => return Err(err(at("kind"), format!("unknown request kind {other:?}; expected navigation, iframe or subresource"))),
            };
            let destination = match string("destination")?.as_deref() {
                None => Destination::Empty,
                Some(_) if kind_of != RequestKind::Subresource => {
                    return Err(err(at("destination"), "only a subresource has a destination; add \"kind\": \"subresource\""))
                }
                Some(name) => Destination::from_name(name).ok_or_else(|| {
                    err(at("destination"), format!("unknown destination {name:?}; expected image, script, style or empty (fetch)"))
                })?,
            };
            let initiator = string("initiator")?;
            if let Some(init) = &initiator {
                if !(init.starts_with("http://") || init.starts_with("https://")) {
                    return Err(err(at("initiator"), "expected an absolute URL such as \"https://evil.example/\""));
                }
            }
            Step::Request {
                browser: browser()?,
                request: BrowserRequest {
                    method: kind.to_ascii_uppercase(),
                    url,
                    form,
                    initiator,
                    kind: kind_of,
                    destination,
                    headers,
                    body: string("body")?,
                },
            }
        }
        "advance" => {
            let seconds = crate::float::json_f64(&obj["advance"]).filter(|s| s.is_finite() && *s >= 0.0 && *s <= 1e11).ok_or_else(|| err(at("advance"), "expected a non-negative number of seconds"))?;
            Step::Advance { seconds }
        }
        "close" => {
            if obj["close"] != Json::Bool(true) {
                return Err(err(at("close"), "expected true"));
            }
            Step::Close { browser: browser()? }
        }
        "back" | "forward" | "reload" => {
            if obj[kind] != Json::Bool(true) {
                return Err(err(at(kind), "expected true"));
            }
            let browser = browser()?;
            match kind {
                "back" => Step::Back { browser },
                "forward" => Step::Forward { browser },
                _ => Step::Reload { browser },
            }
        }
        "edit_cookie" => Step::EditCookie { browser: browser()?, edit: parse_edit(&at("edit_cookie"), &obj["edit_cookie"])? },
        "add_cookie" => {
            let cookie = parse_edit(&at("add_cookie"), &obj["add_cookie"])?;
            if cookie.new_name.is_some() || cookie.new_domain.is_some() || cookie.new_path.is_some() {
                return Err(err(at("add_cookie.new_name"), "a new cookie has only a name"));
            }
            Step::AddCookie { browser: browser()?, cookie }
        }
        "delete_cookie" => {
            let f = at("delete_cookie");
            let o = obj["delete_cookie"].as_object().ok_or_else(|| err(f.clone(), "expected {\"name\": …}"))?;
            for k in o.keys() {
                if !matches!(k.as_str(), "name" | "domain" | "path") {
                    return Err(err(format!("{f}.{k}"), "unknown field; expected name, domain, path"));
                }
            }
            Step::DeleteCookie {
                browser: browser()?,
                name: req_str(&f, o, "name")?,
                domain: opt_str(&f, o, "domain")?,
                path: opt_str(&f, o, "path")?,
            }
        }
        "copy_cookie" => {
            let f = at("copy_cookie");
            let o = obj["copy_cookie"].as_object().ok_or_else(|| err(f.clone(), "expected {\"from\": …, \"name\": …}"))?;
            for k in o.keys() {
                if !matches!(k.as_str(), "from" | "name") {
                    return Err(err(format!("{f}.{k}"), "unknown field; expected from, name"));
                }
            }
            Step::CopyCookie { browser: browser()?, from: req_str(&f, o, "from")?, name: req_str(&f, o, "name")? }
        }
        "document_cookie" => Step::DocumentCookie {
            browser: browser()?,
            assign: match &obj["document_cookie"] {
                Json::Null => None,
                Json::String(s) => Some(s.clone()),
                _ => return Err(err(at("document_cookie"), "expected null (read) or a string (assign)")),
            },
        },
        "manage" => {
            let command = string("manage")?.unwrap_or_default();
            if !matches!(command.as_str(), "clearsessions" | "migrate") {
                return Err(err(at("manage"), format!("unknown management command {command:?}; expected clearsessions or migrate")));
            }
            Step::Manage { command }
        }
        "sql" => {
            let statement = string("sql")?.unwrap_or_default();
            if statement.trim().is_empty() {
                return Err(err(at("sql"), "expected one SQL statement"));
            }
            Step::Sql { statement }
        }
        "open" => {
            let private = match obj["open"].as_str() {
                Some("normal") => false,
                Some("private") => true,
                _ => return Err(err(at("open"), "expected \"normal\" or \"private\"")),
            };
            Step::Open { browser: browser()?, private }
        }
        "settings" => match &obj["settings"] {
            Json::Object(m) => Step::Settings { changes: m.clone() },
            _ => return Err(err(at("settings"), "expected an object of Django settings")),
        },
        "restart" => match &obj["restart"] {
            Json::Bool(true) => Step::Restart { keep_db: true },
            Json::String(s) if s == "keep_db" => Step::Restart { keep_db: true },
            Json::String(s) if s == "wipe_db" => Step::Restart { keep_db: false },
            _ => return Err(err(at("restart"), "expected true, \"keep_db\" or \"wipe_db\"")),
        },
        _ => unreachable!("kind is one of the matched keys"),
    })
}

fn req_str(field: &str, o: &Map<String, Json>, k: &str) -> Result<String, ScenarioError> {
    match o.get(k) {
        Some(Json::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(err(format!("{field}.{k}"), "expected a non-empty string")),
    }
}

fn opt_str(field: &str, o: &Map<String, Json>, k: &str) -> Result<Option<String>, ScenarioError> {
    match o.get(k) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        _ => Err(err(format!("{field}.{k}"), "expected a string")),
    }
}

fn parse_edit(field: &str, v: &Json) -> Result<CookieEdit, ScenarioError> {
    let o = v.as_object().ok_or_else(|| err(field, "expected {\"name\": …, \"value\": …}"))?;
    let mut edit = CookieEdit { name: req_str(field, o, "name")?, ..Default::default() };
    for (k, v) in o {
        let f = format!("{field}.{k}");
        match k.as_str() {
            "name" => {}
            "domain" => edit.domain = opt_str(field, o, k)?,
            "path" => edit.path = opt_str(field, o, k)?,
            "value" => edit.value = Some(v.as_str().ok_or_else(|| err(&f, "expected a string"))?.to_string()),
            "new_name" => edit.new_name = Some(req_str(field, o, k)?),
            "new_domain" => edit.new_domain = Some(req_str(field, o, k)?),
            "new_path" => {
                let p = req_str(field, o, k)?;
                if !p.starts_with('/') {
                    return Err(err(f, "a cookie path starts with /"));
                }
                edit.new_path = Some(p);
            }
            "expires" => {
                edit.expires = Some(match v {
                    Json::Null => None,
                    Json::String(s) => Some(SimTime::parse_rfc3339(s).map_err(|e| err(&f, e.to_string()))?),
                    _ => return Err(err(f, "expected an RFC 3339 time, or null for a session cookie")),
                })
            }
            "http_only" | "secure" => {
                let b = v.as_bool().ok_or_else(|| err(&f, "expected true or false"))?;
                if k == "http_only" {
                    edit.http_only = Some(b)
                } else {
                    edit.secure = Some(b)
                }
            }
            "same_site" => {
                edit.same_site = Some(match v {
                    Json::Null => None,
                    Json::String(s) if ["Strict", "Lax", "None"].iter().any(|x| x.eq_ignore_ascii_case(s)) => Some(s.clone()),
                    _ => return Err(err(f, "expected \"Strict\", \"Lax\", \"None\" or null")),
                })
            }
            _ => return Err(err(f, "unknown field; expected name, domain, path, value, new_name, new_domain, new_path, expires, http_only, secure, same_site")),
        }
    }
    Ok(edit)
}

/// Runs a scenario and returns its transcript (djsim-cli.md, "Transcript").
///
/// A step that cannot be carried out (a URL that does not parse, a cookie that is not
/// in the jar) stops the run with an error naming the step.
pub fn run(scenario: &Scenario) -> Result<Json, ScenarioError> {
    use crate::world::Applied;
    let mut world = crate::world::World::new(scenario.config()).map_err(|e| err("settings", e.to_string()))?;
    let mut out = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let n = i + 1;
        // (stories) "A browser is named by any string and is created on first use with
        // an empty cookie jar" (djsim-cli.md), whatever the step: a devtools edit or
        // Back in a browser never used before finds an empty jar, not a missing browser.
        if let Step::EditCookie { browser, .. } | Step::DeleteCookie { browser, .. } | Step::Back { browser } | Step::Forward { browser } | Step::Reload { browser } = step {
            world.open_browser(browser, false);
        }
        // Each hop's entry shows the World as it was right after that hop.
        let hops: std::rc::Rc<std::cell::RefCell<Vec<Json>>> = Default::default();
        if let Step::Request { browser, .. } | Step::Reload { browser } = step {
            let (hops, browser) = (std::rc::Rc::clone(&hops), browser.clone());
            world.set_hop_observer(Some(Box::new(move |w: &crate::world::World, id| {
                let mut m = request_entry(w, n, &browser, id);
                state(w, &mut m);
                hops.borrow_mut().push(Json::Object(m));
            })));
        }
        let applied = world.apply(step);
        world.set_hop_observer(None);
        let applied = applied.map_err(|e| err(format!("steps[{i}]"), e.to_string()))?;
        if let Applied::Requests(_) = &applied {
            out.append(&mut hops.borrow_mut());
            continue;
        }
        let mut entry = Map::new();
        entry.insert("step".into(), json!(n));
        describe(step, &applied, &world, &mut entry);
        state(&world, &mut entry);
        out.push(Json::Object(entry));
    }
    Ok(json!({"steps": out}))
}

/// A request's transcript entry (one per redirect hop).
fn request_entry(world: &crate::world::World, n: usize, browser: &str, id: usize) -> Map<String, Json> {
    let e = &world.network()[id];
    let mut m = Map::new();
    m.insert("step".into(), json!(n));
    if e.hop > 0 {
        m.insert("hop".into(), json!(e.hop));
    }
    m.insert("browser".into(), json!(browser));
    m.insert("request".into(), json!({"method": e.method, "url": e.url, "headers": e.request_headers, "body": e.request_body}));
    let mut resp = json!({"status": e.status, "reason": e.reason, "headers": e.response_headers, "body": e.response_body});
    if e.incomplete {
        resp["incomplete"] = json!(true);
    }
    m.insert("response".into(), resp);
    let log: Vec<&str> = world.console()[e.console.clone()].iter().map(|c| c.text.as_str()).collect();
    m.insert("log".into(), json!(log));
    m.insert("cookies_sent".into(), json!(e.cookies_sent.iter().map(|(n, _)| n).collect::<Vec<_>>()));
    // The spec lists the jar's cookies whose domain matches the host; DevTools also
    // reports the rest of the site's (DomainMismatch): the UI shows those.
    m.insert(
        "cookies_blocked".into(),
        Json::Array(
            e.cookies_blocked
                .iter()
                .filter(|(_, _, r)| !r.iter().any(|r| r == "DomainMismatch"))
                .map(|(n, _, r)| json!({"name": n, "reason": r.first(), "reasons": r}))
                .collect(),
        ),
    );
    m.insert(
        "set_cookies_rejected".into(),
        Json::Array(e.set_cookies.iter().filter_map(|(h, r)| r.as_ref().map(|r| json!({"header": h, "reason": r}))).collect()),
    );
    m
}

/// A non-request step's own fields in the transcript.
fn describe(step: &Step, applied: &crate::world::Applied, world: &crate::world::World, entry: &mut Map<String, Json>) {
    use crate::world::Applied;
    let mut put = |k: &str, v: Json| {
        entry.insert(k.to_string(), v);
    };
    match step {
        Step::Request { .. } => {}
        Step::Advance { seconds } => {
            put("advance", json!(seconds));
            put("now", json!(world.now().rfc3339()));
        }
        Step::Close { browser } => {
            put("browser", json!(browser));
            put("close", json!(true));
        }
        Step::EditCookie { browser, edit } => {
            put("browser", json!(browser));
            put("edit_cookie", json!({"name": edit.name, "value": edit.value}));
        }
        Step::DeleteCookie { browser, name, .. } => {
            put("browser", json!(browser));
            put("delete_cookie", json!({"name": name}));
        }
        Step::AddCookie { browser, cookie } => {
            put("browser", json!(browser));
            put("add_cookie", json!({"name": cookie.name, "value": cookie.value}));
        }
        Step::CopyCookie { browser, from, name } => {
            put("browser", json!(browser));
            put("copy_cookie", json!({"from": from, "name": name}));
        }
        Step::DocumentCookie { browser, assign } => {
            put("browser", json!(browser));
            match (assign, applied) {
                (None, Applied::DocumentCookie(v)) => put("document_cookie", json!(v)),
                (Some(a), Applied::SetCookie(outcome)) => {
                    put("document_cookie", json!(a));
                    if let Some(r) = outcome.reason() {
                        put("set_cookies_rejected", json!([{"header": a, "reason": r.as_str()}]));
                    }
                }
                _ => {}
            }
        }
        Step::Manage { command } => {
            put("manage", json!(command));
            if let Applied::Log(log) = applied {
                put("log", json!(log));
            }
        }
        Step::Sql { statement } => {
            put("sql", json!(statement));
            match applied {
                Applied::Sql(Ok(r)) => put(
                    "result",
                    json!({"columns": r.columns, "rows": r.rows.iter().map(|row| row.iter().map(sql_json).collect::<Vec<_>>()).collect::<Vec<_>>(), "changes": r.changes}),
                ),
                // The sqlite3 console prints the error and goes on.
                Applied::Sql(Err(e)) => put("error", json!(e)),
                _ => {}
            }
        }
        Step::Back { browser } | Step::Forward { browser } => {
            put("browser", json!(browser));
            put(if matches!(step, Step::Back { .. }) { "back" } else { "forward" }, json!(true));
            put("url", json!(world.page(browser).map(|p| p.url)));
        }
        Step::Reload { browser } => {
            put("browser", json!(browser));
            put("reload", json!(true));
        }
        Step::Open { browser, private } => {
            put("browser", json!(browser));
            put("open", json!(if *private { "private" } else { "normal" }));
        }
        Step::Settings { changes } => put("settings", Json::Object(changes.clone())),
        Step::Restart { keep_db } => {
            put("restart", json!(if *keep_db { "keep_db" } else { "wipe_db" }));
            if let Applied::Log(log) = applied {
                put("log", json!(log));
            }
        }
    }
}

fn sql_json(v: &crate::db::SqlValue) -> Json {
    use crate::db::SqlValue;
    match v {
        SqlValue::Null => Json::Null,
        SqlValue::Integer(i) => json!(i),
        SqlValue::Real(r) => json!(r),
        SqlValue::Text(t) => json!(t),
        SqlValue::Blob(b) => json!(String::from_utf8_lossy(b)),
    }
}

/// The state after a step: the session store and every browser's jar.
fn state(world: &crate::world::World, m: &mut Map<String, Json>) {
    let sessions: Vec<Json> = world
        .sessions()
        .into_iter()
        .map(|r| {
            json!({
                "session_key": r.session_key,
                "session_data": r.session_data,
                "expire_date": r.expire_date,
                "decoded": crate::pyjson::Value::Dict(r.decoded).to_serde(),
            })
        })
        .collect();
    m.insert("sessions".into(), Json::Array(sessions));
    let mut jars = Map::new();
    for name in world.browser_names() {
        if let Some(b) = world.browser(&name) {
            jars.insert(name, b.jar.to_json(world.now()));
        }
    }
    m.insert("cookies".into(), Json::Object(jars));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_error(text: &str, field: &str) {
        let e = Scenario::parse(text).unwrap_err();
        assert_eq!(e.field, field, "{e}");
    }

    #[test]
    fn bad_scenarios_name_the_field() {
        check_error("", "(file)");
        check_error("[]", "(file)");
        check_error("{}", "steps");
        check_error(r#"{"steps": [], "djnago": "5.2"}"#, "djnago");
        check_error(r#"{"django": "4.0", "steps": []}"#, "django");
        check_error(r#"{"now": "yesterday", "steps": []}"#, "now");
        check_error(r#"{"steps": [{"browser": "A"}]}"#, "steps[0]");
        check_error(r#"{"steps": [{"get": "/x"}]}"#, "steps[0].browser");
        check_error(r#"{"steps": [{"advance": "soon"}]}"#, "steps[0].advance");
        check_error(r#"{"steps": [{"advance": -1}]}"#, "steps[0].advance");
        check_error(r#"{"steps": [{"browser": "A", "get": "/", "kind": "image"}]}"#, "steps[0].kind");
        check_error(r#"{"steps": [{"browser": "A", "get": "/", "destination": "image"}]}"#, "steps[0].destination");
        check_error(r#"{"steps": [{"browser": "A", "get": "/", "kind": "subresource", "destination": "img"}]}"#, "steps[0].destination");
        check_error(r#"{"steps": [{"browser": "A", "get": "/", "kind": "subresource", "destination": 1}]}"#, "steps[0].destination");
        check_error(r#"{"steps": [{"browser": "A", "get": "/", "post": "/"}]}"#, "steps[0]");
        check_error(r#"{"steps": [{"browser": "A", "get": "/", "colour": 1}]}"#, "steps[0].colour");
        check_error(r#"{"steps": [{"manage": "runserver"}]}"#, "steps[0].manage");
        check_error(r#"{"steps": [{"browser": "A", "edit_cookie": {"value": "x"}}]}"#, "steps[0].edit_cookie.name");
        check_error(r#"{"sites": {"evil.example": {}}, "steps": []}"#, "sites[\"evil.example\"]");
        check_error(r#"{"sites": {"https://e.example": {"/": {"status": 9}}}, "steps": []}"#, "sites[\"https://e.example\"][\"/\"].status");
    }

    #[test]
    fn the_spec_example_parses() {
        let s = Scenario::parse(
            r#"{"django": "5.2", "now": "2019-09-29T23:17:55Z", "host": "127.0.0.1:8000",
                "settings": {"SECRET_KEY": "lecture-secret"},
                "steps": [
                  {"browser": "A", "get": "/session/cookie"},
                  {"browser": "B", "post": "/login/", "form": {"username": "u", "password": "p"}},
                  {"advance": 1000},
                  {"browser": "A", "close": true},
                  {"browser": "A", "edit_cookie": {"name": "sessionid", "value": "tampered"}},
                  {"browser": "A", "delete_cookie": {"name": "zap"}},
                  {"manage": "clearsessions"},
                  {"sql": "SELECT 1"},
                  {"browser": "A", "document_cookie": null},
                  {"browser": "B", "copy_cookie": {"from": "A", "name": "sessionid"}},
                  {"browser": "A", "get": "https://samples.dj4e.com/session/sessfun", "initiator": "https://evil.example/", "kind": "subresource"},
                  {"browser": "A", "get": "https://samples.dj4e.com/session/sessfun", "initiator": "https://evil.example/", "kind": "subresource", "destination": "image"}
                ]}"#,
        )
        .unwrap();
        assert_eq!(s.steps.len(), 12);
        assert_eq!(s.now, SimTime::LECTURE);
        assert!(matches!(&s.steps[1], Step::Request { request, .. } if request.method == "POST" && request.form.len() == 2));
        assert!(matches!(&s.steps[10], Step::Request { request, .. } if request.kind == RequestKind::Subresource && request.destination == Destination::Empty));
        assert!(matches!(&s.steps[11], Step::Request { request, .. } if request.destination == Destination::Image));
    }
}
