//! Replaying Django transcripts (the oracle's format: `steps`, `normalized_steps`,
//! `random_value_labels`, `effective_settings`) against the simulated `Server`,
//! comparing status, reason, headers in order, the raw head, the body, the console
//! and the `django_session` table after each step.
//!
//! Random values (session keys, CSRF tokens) differ: the transcript's `<K1>`-style
//! labels are bound to the values this server generated when the label first
//! appears, and must then recur exactly where the transcript's do.
//!
//! One documented exception: logging in upgrades alice's password hash to a new
//! random salt (Django's `must_update_salt`: 16 characters carry less than 128 bits),
//! so `_auth_user_hash` and the `session_data` embedding it are random values too;
//! they are checked for shape (hex digits; everything else in `decoded` exact).
#![allow(dead_code)]

use djsim::conf::{DjangoVersion, Settings};
use djsim::handlers::{Request, Server, SessionRow, Stream};
use djsim::pyjson::{Dict, Value};
use djsim::time::SimTime;
use serde_json::Value as Json;
use std::collections::HashMap;

pub type Labels = HashMap<String, String>;

/// Matches `expected` (with `<K1>`-style labels) against `actual`, binding labels
/// seen for the first time to the alphanumeric run they stand for.
pub fn unify(expected: &str, actual: &str, labels: &mut Labels) -> bool {
    unify_mode(expected, actual, labels, false)
}

/// Binds the labels first seen in what the oracle *sent* (an explicit `Cookie`
/// header, an inserted row) to the oracle's own values; labels already bound
/// stand for whatever value is there.
pub fn bind_sent(expected: &str, actual: &str, labels: &mut Labels) {
    unify_mode(expected, actual, labels, true);
}

pub fn unify_mode(expected: &str, actual: &str, labels: &mut Labels, known_as_wildcard: bool) -> bool {
    let mut e = expected;
    let mut a = actual;
    let mut bound: Vec<(String, String)> = Vec::new();
    while !e.is_empty() {
        if let Some((label, rest)) = take_label(e) {
            let known = labels.get(&label).cloned().or_else(|| bound.iter().find(|(l, _)| *l == label).map(|(_, v)| v.clone()));
            let known = if known_as_wildcard && labels.contains_key(&label) { None } else { known };
            match known {
                Some(v) => match a.strip_prefix(v.as_str()) {
                    Some(r) => a = r,
                    None => return false,
                },
                None => {
                    let n = a.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(a.len());
                    if n == 0 {
                        return false;
                    }
                    if !labels.contains_key(&label) {
                        bound.push((label, a[..n].to_string()));
                    }
                    a = &a[n..];
                }
            }
            e = rest;
        } else {
            let c = e.chars().next().unwrap();
            match a.strip_prefix(c) {
                Some(r) => a = r,
                None => return false,
            }
            e = &e[c.len_utf8()..];
        }
    }
    if !a.is_empty() {
        return false;
    }
    labels.extend(bound);
    true
}

/// `<K1>` / `<CSRF1>` at the start of `s`.
pub fn take_label(s: &str) -> Option<(String, &str)> {
    let rest = s.strip_prefix('<')?;
    let end = rest.find('>')?;
    let name = &rest[..end];
    let letters = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if letters.is_empty() || letters.len() == name.len() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some((name.to_string(), &rest[end + 1..]))
}

/// Replaces known labels by their values.
pub fn substitute(s: &str, labels: &Labels) -> String {
    let mut out = s.to_string();
    for (k, v) in labels {
        out = out.replace(&format!("<{k}>"), v);
    }
    out
}

pub fn value_json(v: &Value) -> Json {
    match v {
        Value::None => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(s) => serde_json::from_str(s).unwrap_or(Json::String(s.clone())),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(Json::Number).unwrap_or(Json::Null),
        Value::Str(s) => Json::String(s.clone()),
        Value::List(l) => Json::Array(l.iter().map(value_json).collect()),
        Value::Dict(d) => dict_json(d),
    }
}

pub fn dict_json(d: &Dict) -> Json {
    Json::Object(d.iter().map(|(k, v)| (k.to_string(), value_json(v))).collect())
}

pub struct Run {
    file: String,
    mismatches: Vec<String>,
    requests: usize,
}

impl Run {
    fn check(&mut self, step: u64, what: &str, ok: bool, detail: impl FnOnce() -> String) {
        if !ok {
            self.mismatches.push(format!("{} step {step} {what}: {}", self.file, detail()));
        }
    }
}

pub fn parse_raw_request(raw: &str) -> Request {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or("GET").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target, String::new()),
    };
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.to_string(), v.trim_start().to_string())).collect();
    let host = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("Host")).map(|(_, v)| v.clone()).unwrap_or_default();
    Request { method, scheme: "http".into(), host, path, query, headers, body: body.as_bytes().to_vec() }
}

pub fn compare_db(run: &mut Run, step: u64, expected: &Json, actual: &[SessionRow], labels: &mut Labels) {
    let rows = expected.as_array().cloned().unwrap_or_default();
    run.check(step, "db_after row count", rows.len() == actual.len(), || format!("expected {} rows, got {}: {:?}", rows.len(), actual.len(), actual));
    for (i, (e, a)) in rows.iter().zip(actual.iter()).enumerate() {
        let ek = e["session_key"].as_str().unwrap_or("");
        let ok = unify(ek, &a.session_key, labels);
        run.check(step, &format!("db_after[{i}].session_key"), ok, || format!("expected {ek}, got {}", a.session_key));
        let has_auth_hash = e["decoded"].get("_auth_user_hash").is_some();
        if has_auth_hash {
            let h = a.decoded.get("_auth_user_hash").and_then(|v| v.as_str()).unwrap_or("");
            run.check(step, &format!("db_after[{i}]._auth_user_hash shape"), (h.len() == 64 || h.len() == 40) && h.chars().all(|c| c.is_ascii_hexdigit()), || h.to_string());
        } else {
            let ed = e["session_data"].as_str().unwrap_or("");
            run.check(step, &format!("db_after[{i}].session_data"), ed == a.session_data, || format!("expected {ed}, got {}", a.session_data));
        }
        let ee = e["expire_date"].as_str().unwrap_or("");
        run.check(step, &format!("db_after[{i}].expire_date"), ee == a.expire_date, || format!("expected {ee}, got {}", a.expire_date));
        let mut want = e["decoded"].clone();
        let mut got = dict_json(&a.decoded);
        if has_auth_hash {
            want.as_object_mut().map(|m| m.insert("_auth_user_hash".into(), Json::Null));
            got.as_object_mut().map(|m| m.insert("_auth_user_hash".into(), Json::Null));
        }
        let (w, g) = (serde_json::to_string(&want).unwrap(), serde_json::to_string(&got).unwrap());
        run.check(step, &format!("db_after[{i}].decoded"), w == g, || format!("expected {w}, got {g}"));
    }
}

/// What a replay may let pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tolerance {
    /// Django's technical 500 page embeds the recording machine's paths, source
    /// lines and memory addresses: its length (body, `Content-Length`, the access
    /// line's size) is not compared, only that it is one.
    pub technical_500_length: bool,
    /// freezegun's `FakeDatetime` shows in 3.2 tracebacks where Django says `datetime`.
    pub fake_datetime: bool,
}

/// A transcript's text: `x.json`, or `x.json.gz` (the random ones, gzip-compressed).
fn read_transcript(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.to_string_lossy().ends_with(".gz") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Replays one transcript; returns its mismatches.
pub fn replay(path: &std::path::Path, total_requests: &mut usize, tol: Tolerance) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let doc: Json = serde_json::from_str(&read_transcript(path)).unwrap();
    let version = if name.starts_with("dj32") { DjangoVersion::V3_2 } else { DjangoVersion::V5_2 };
    let mut settings = Settings::defaults(version);
    if let Err(e) = settings.apply_json(doc["effective_settings"].as_object().unwrap()) {
        return vec![format!("{name}: effective_settings rejected: {e}")];
    }
    let mut now = SimTime::parse_rfc3339(doc["start_time_utc"].as_str().unwrap()).unwrap();
    let mut server = Server::new(version, settings, 0x5eed, now).unwrap();
    let mut run = Run { file: name.clone(), mismatches: Vec::new(), requests: 0 };
    let mut labels = Labels::new();
    let raw_steps = doc["steps"].as_array().unwrap();
    let steps = doc["normalized_steps"].as_array().unwrap();
    for (n, raw) in steps.iter().zip(raw_steps.iter()) {
        let step = n["step"].as_u64().unwrap_or(0);
        if let Some(t) = n["time_utc"].as_str() {
            now = SimTime::parse_rfc3339(t).unwrap();
        }
        match n["kind"].as_str().unwrap_or("") {
            "request" => {
                run.requests += 1;
                bind_sent(n["request"]["raw"].as_str().unwrap_or(""), raw["request"]["raw"].as_str().unwrap_or(""), &mut labels);
                let raw_req = substitute(n["request"]["raw"].as_str().unwrap(), &labels);
                let req = parse_raw_request(&raw_req);
                let ex = server.handle(&req, now);
                let resp = &n["response"];
                let r = &ex.response;
                let technical = tol.technical_500_length && resp["body_prefix"].as_str().is_some_and(|b| b.contains("\n          at"));
                let norm = |s: &str| if technical { blank_lengths(s) } else { s.to_string() };
                let status_line = resp["status_line"].as_str().unwrap_or("");
                let mine = format!("HTTP/1.1 {} {}", r.status, r.reason);
                run.check(step, "status line", status_line == mine, || format!("expected {status_line:?}, got {mine:?}"));
                let inc = resp["incomplete"].as_bool().unwrap_or(false);
                run.check(step, "incomplete", inc == r.incomplete, || format!("expected {inc}, got {}", r.incomplete));
                // Headers first: they bind the labels of new keys and tokens.
                let eh = resp["headers"].as_array().cloned().unwrap_or_default();
                run.check(step, "header count", eh.len() == r.headers.len(), || format!("expected {eh:?}, got {:?}", r.headers));
                for (i, (e, a)) in eh.iter().zip(r.headers.iter()).enumerate() {
                    let en = e[0].as_str().unwrap_or("");
                    let mut ev = e[1].as_str().unwrap_or("");
                    if en == "Set-Cookie" {
                        ev = ev.strip_prefix(' ').unwrap_or(ev);
                    }
                    let ok = en == a.0 && (technical && en == "Content-Length" || unify(ev, &a.1, &mut labels));
                    run.check(step, &format!("header {i}"), ok, || format!("expected {en}: {ev}, got {}: {}", a.0, a.1));
                }
                let raw_head = resp["raw_head"].as_str().unwrap_or("");
                let ok = unify(&norm(raw_head), &norm(&r.raw_head), &mut labels);
                run.check(step, "raw_head", ok, || format!("expected {raw_head:?}, got {:?}", r.raw_head));
                let body = String::from_utf8_lossy(&r.body).to_string();
                if let Some(eb) = resp["body"].as_str() {
                    let ok = unify(eb, &body, &mut labels);
                    run.check(step, "body", ok, || format!("expected {eb:?}, got {body:?}"));
                } else {
                    let prefix = resp["body_prefix"].as_str().unwrap_or("");
                    let len = resp["body_length"].as_u64().unwrap_or(0) as usize;
                    run.check(step, "body prefix", body.starts_with(&substitute(prefix, &labels)), || format!("expected prefix {prefix:?}, got {body:?}"));
                    run.check(step, "body length", technical || len == r.body.len(), || format!("expected {len}, got {}", r.body.len()));
                }
                let ec = n["console"].as_array().cloned().unwrap_or_default();
                run.check(step, "console length", ec.len() == ex.console.len(), || format!("expected {ec:?}, got {:?}", ex.console));
                for (i, (e, a)) in ec.iter().zip(ex.console.iter()).enumerate() {
                    let stream = if e["stream"] == "stdout" { Stream::Stdout } else { Stream::Stderr };
                    let et = e["text"].as_str().unwrap_or("");
                    let et_owned = if tol.fake_datetime { et.replace("FakeDatetime", "datetime") } else { et.to_string() };
                    let et = norm(&et_owned);
                    let et = et.as_str();
                    let at_owned = norm(&a.text);
                    // A traceback's frames name files of the machine that ran Django:
                    // the exception line (its last line) must match.
                    let ok = stream == a.stream
                        && if et.starts_with("Traceback (most recent call last):") {
                            at_owned.starts_with("Traceback (most recent call last):")
                                && if et.lines().count() <= 2 {
                                    // Only the exception line was recorded.
                                    et.lines().last() == at_owned.lines().last()
                                } else {
                                    normalize_traceback(et) == normalize_traceback(&at_owned)
                                }
                        } else {
                            unify(et, &at_owned, &mut labels)
                        };
                    run.check(step, &format!("console {i}"), ok, || format!("expected {:?} {et:?}, got {:?} {:?}", e["stream"], a.stream, a.text));
                    if let Some(l) = e["level"].as_str() {
                        run.check(step, &format!("console {i} level"), a.level.as_deref() == Some(l), || format!("expected {l}, got {:?}", a.level));
                    }
                    if let Some(l) = e["logger"].as_str() {
                        run.check(step, &format!("console {i} logger"), a.logger.as_deref() == Some(l), || format!("expected {l}, got {:?}", a.logger));
                    }
                }
            }
            "advance_time" => {
                if let Some(t) = n["new_time_utc"].as_str() {
                    now = SimTime::parse_rfc3339(t).unwrap();
                }
            }
            "server_action" => match n["action"].as_str().unwrap_or("") {
                "insert_row" => {
                    let e = &n["result"]["inserted"];
                    let r = &raw["result"]["inserted"];
                    unify(e["session_key"].as_str().unwrap_or(""), r["session_key"].as_str().unwrap_or(""), &mut labels);
                    let q = |v: &Json| v.as_str().unwrap_or("").replace('\'', "''");
                    let sql = format!(
                        "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('{}', '{}', '{}')",
                        q(&r["session_key"]),
                        q(&r["session_data"]),
                        q(&r["expire_date"])
                    );
                    server.sql(&sql).unwrap();
                }
                "remember" => {}
                "sql" => {
                    bind_sent(n["sql"].as_str().unwrap_or(""), raw["sql"].as_str().unwrap_or(""), &mut labels);
                    let sql = substitute(n["sql"].as_str().unwrap_or(""), &labels);
                    if let Err(e) = server.sql(&sql) {
                        run.mismatches.push(format!("{name} step {step}: sql failed: {e}"));
                    }
                }
                "clear_expired" => {
                    server.manage("clearsessions", now).unwrap();
                }
                other => run.mismatches.push(format!("{name} step {step}: server_action {other:?} not replayed")),
            },
            // close_browser / jar_edit only change the oracle's jar: the later steps'
            // recorded Cookie headers already show it.
            _ => {}
        }
        if n.get("db_after").is_some() && !n["db_after"].is_null() && n["kind"] != "close_browser" && n["kind"] != "jar_edit" {
            let rows = server.sessions(now);
            compare_db(&mut run, step, &n["db_after"], &rows, &mut labels);
        }
    }
    *total_requests += run.requests;
    run.mismatches
}


/// `Content-Length: 51217` → `Content-Length: *`, and an access line's size → `*`.
pub fn blank_lengths(s: &str) -> String {
    s.split("\r\n")
        .map(|l| {
            if l.starts_with("Content-Length: ") {
                "Content-Length: *".to_string()
            } else if l.starts_with('[') && l.contains("\" ") {
                match l.rsplit_once(' ') {
                    Some((head, n)) if n.chars().all(|c| c.is_ascii_digit()) => format!("{head} *"),
                    _ => l.to_string(),
                }
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Replays every `*.json` transcript of `dir`; returns (files, requests, mismatches).
pub fn replay_dir(dir: &std::path::Path, tol: Tolerance) -> (usize, usize, Vec<String>) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".json") || p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    let mut requests = 0;
    for f in &files {
        all.extend(replay(f, &mut requests, tol));
    }
    (files.len(), requests, all)
}

/// A traceback without the machine's paths (`…/site-packages/django/x.py` →
/// `django/x.py`, the project's files by their name).
pub fn normalize_traceback(t: &str) -> String {
    t.lines()
        .map(|l| match l.strip_prefix("  File \"").and_then(|r| r.split_once('"')) {
            Some((path, rest)) => {
                let short = match path.find("site-packages/") {
                    Some(i) => &path[i + "site-packages/".len()..],
                    None => path.rsplit_once("/lib/python3.11/").map_or_else(|| path.rsplit('/').next().unwrap_or(path), |(_, p)| p),
                };
                let short = if path.ends_with("lecture/views.py") { "lecture/views.py" } else { short };
                format!("  File \"{short}\"{rest}")
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
