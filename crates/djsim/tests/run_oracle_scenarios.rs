//! Every oracle scenario (real Django 5.2.19 / 3.2.25 behind runserver, driven by a
//! small browser-like jar) replayed through `djsim run` — the whole World: the
//! simulated browser's jar decides the `Cookie` header, the simulated server answers.
//!
//! Compared structurally: random session keys and CSRF tokens are labels (`<K1>`)
//! bound to the values this run made; everything else is exact: the Cookie header
//! the browser sent, status, headers in order, body, console lines, the
//! `django_session` table and its decoded dicts, and the jar after each step.
//!
//! The scenario is built step by step, and re-run from the start each time (the
//! World is deterministic), because a later step may send a header that names a
//! key an earlier step made.

mod common;
mod server_support;

use server_support::{substitute, unify, Labels};
use serde_json::{json, Value as Json};

#[test]
fn every_oracle_scenario_replays_through_djsim_run() {
    let mut all = Vec::new();
    let (mut requests, mut files) = (0, 0);
    for path in common::scenario_files() {
        files += 1;
        all.extend(replay(&path, &mut requests));
    }
    eprintln!("djsim run: {files} oracle scenarios, {requests} requests checked, {} mismatches", all.len());
    assert!(all.is_empty(), "{} mismatches:\n{}", all.len(), all.join("\n"));
}

fn replay(path: &std::path::Path, requests: &mut usize) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let doc: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut settings = doc["settings_overrides"].as_object().cloned().unwrap_or_default();
    if name.starts_with("dj32sha1") {
        settings.insert("DEFAULT_HASHING_ALGORITHM".into(), json!("sha1"));
    }
    let base = json!({
        "django": if name.starts_with("dj32") { "3.2" } else { "5.2" },
        "now": doc["start_time_utc"],
        "host": "localhost:8000",
        "settings": settings,
    });
    let mut labels = Labels::new();
    let mut steps: Vec<Json> = Vec::new();
    let mut out = Vec::new();
    let mut fail = |what: String| out.push(format!("{name}: {what}"));
    let raw_steps = doc["steps"].as_array().unwrap();
    for (n, raw) in doc["normalized_steps"].as_array().unwrap().iter().zip(raw_steps) {
        let no = n["step"].as_u64().unwrap_or(0);
        let kind = n["kind"].as_str().unwrap_or("");
        let browser = n["browser"].as_str().unwrap_or("A");
        let step = match kind {
            "request" => {
                *requests += 1;
                let r = &n["request"];
                let method = r["method"].as_str().unwrap_or("GET").to_ascii_lowercase();
                let mut s = json!({"browser": browser, method.as_str(): r["path"]});
                if r["cookie_source"] == "explicit" {
                    s["headers"] = json!(raw_headers(&substitute(r["raw"].as_str().unwrap_or(""), &labels)));
                }
                s
            }
            "advance_time" => json!({"advance": n["seconds"]}),
            "close_browser" => json!({"browser": browser, "close": true}),
            "jar_edit" => json!({"browser": browser, "edit_cookie": {"name": n["cookie"], "value": n["new_value"]}}),
            "server_action" => match n["action"].as_str().unwrap_or("") {
                "insert_row" => {
                    let e = &n["result"]["inserted"];
                    let r = &raw["result"]["inserted"];
                    unify(e["session_key"].as_str().unwrap_or(""), r["session_key"].as_str().unwrap_or(""), &mut labels);
                    let q = |v: &Json| v.as_str().unwrap_or("").replace('\'', "''");
                    json!({"sql": format!(
                        "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('{}', '{}', '{}')",
                        q(&r["session_key"]), q(&r["session_data"]), q(&r["expire_date"]))})
                }
                "clear_expired" => json!({"manage": "clearsessions"}),
                "remember" => continue,
                other => {
                    fail(format!("step {no}: server_action {other:?} has no djsim step"));
                    continue;
                }
            },
            other => {
                fail(format!("step {no}: kind {other:?} has no djsim step"));
                continue;
            }
        };
        steps.push(step);
        let mut scenario = base.clone();
        scenario["steps"] = json!(steps);
        let text = scenario.to_string();
        let args = vec!["run".to_string(), "-".to_string()];
        let transcript = match djsim::cli::main(&args, &mut |_| Ok(text.clone())) {
            Ok(t) => serde_json::from_str::<Json>(&t).unwrap(),
            Err(e) => {
                fail(format!("step {no}: djsim run failed: {e:?}"));
                return out;
            }
        };
        let ours: Vec<&Json> = transcript["steps"].as_array().unwrap().iter().filter(|s| s["step"] == json!(steps.len())).collect();
        let Some(last) = ours.last() else {
            fail(format!("step {no}: no transcript entry"));
            continue;
        };
        if kind == "request" {
            compare_request(n, last, &mut labels, &mut |m| fail(format!("step {no} {m}")));
        }
        if let Some(rows) = n["db_after"].as_array() {
            compare_sessions(rows, &last["sessions"], &mut labels, &mut |m| fail(format!("step {no} {m}")));
        }
        if let Some(jar) = n["jar_after"].as_array() {
            compare_jar(jar, &last["cookies"][browser], &mut labels, &mut |m| fail(format!("step {no} {m}")));
        }
    }
    out
}

/// The raw request's headers, as `[name, value]` pairs.
fn raw_headers(raw: &str) -> Vec<(String, String)> {
    let head = raw.split("\r\n\r\n").next().unwrap_or("");
    head.split("\r\n").skip(1).filter_map(|l| l.split_once(':')).map(|(n, v)| (n.to_string(), v.trim_start().to_string())).collect()
}

fn compare_request(n: &Json, ours: &Json, labels: &mut Labels, fail: &mut dyn FnMut(String)) {
    let r = &n["request"];
    if r["cookie_source"] == "jar" {
        let want = r["cookie_header"].as_str();
        let got = ours["request"]["headers"].as_array().unwrap().iter().find(|h| h[0] == "Cookie").and_then(|h| h[1].as_str());
        // Compared as a set of pairs: the oracle's jar (a Python dict) keeps a replaced
        // cookie where it was; Chromium, which our jar follows, moves a cookie whose
        // value changed to the end (a new creation time; notes-chromium-cookies.md).
        let ok = match (want, got) {
            (None, None) => true,
            (Some(w), Some(g)) => {
                let mut w: Vec<&str> = w.split("; ").collect();
                let mut g: Vec<String> = g.split("; ").map(str::to_string).collect();
                w.sort();
                g.sort();
                w.len() == g.len() && {
                    // Bind labels pair by pair (by name) before comparing values.
                    let mut all = true;
                    for wp in &w {
                        let name = wp.split('=').next().unwrap_or("");
                        let found = g.iter().find(|gp| gp.split('=').next() == Some(name)).cloned();
                        all &= found.is_some_and(|gp| unify(wp, &gp, labels));
                    }
                    all
                }
            }
            _ => false,
        };
        if !ok {
            fail(format!("Cookie header: the oracle's browser sent {want:?}, ours {got:?}"));
        }
    }
    let resp = &n["response"];
    let (want_status, got_status) = (resp["status"].as_u64(), ours["response"]["status"].as_u64());
    if want_status != got_status {
        fail(format!("status: expected {want_status:?}, got {got_status:?}"));
    }
    let want_inc = resp["incomplete"].as_bool().unwrap_or(false);
    let got_inc = ours["response"]["incomplete"].as_bool().unwrap_or(false);
    if want_inc != got_inc {
        fail(format!("incomplete: expected {want_inc}, got {got_inc}"));
    }
    let eh = resp["headers"].as_array().cloned().unwrap_or_default();
    let gh = ours["response"]["headers"].as_array().cloned().unwrap_or_default();
    if eh.len() != gh.len() {
        fail(format!("headers: expected {eh:?}, got {gh:?}"));
    }
    for (e, g) in eh.iter().zip(&gh) {
        let ev = e[1].as_str().unwrap_or("");
        let ev = if e[0] == "Set-Cookie" { ev.strip_prefix(' ').unwrap_or(ev) } else { ev };
        if e[0] != g[0] || !unify(ev, g[1].as_str().unwrap_or(""), labels) {
            fail(format!("header: expected {e}, got {g}"));
        }
    }
    let body = ours["response"]["body"].as_str().unwrap_or("");
    match resp["body"].as_str() {
        Some(eb) if !unify(eb, body, labels) => fail(format!("body: expected {eb:?}, got {body:?}")),
        Some(_) => {}
        None => {
            let prefix = substitute(resp["body_prefix"].as_str().unwrap_or(""), labels);
            if !body.starts_with(&prefix) || resp["body_length"].as_u64() != Some(body.len() as u64) {
                fail(format!("body: expected {} bytes starting {prefix:?}, got {} bytes", resp["body_length"], body.len()));
            }
        }
    }
    let want_log: Vec<&str> = n["console"].as_array().unwrap().iter().filter_map(|c| c["text"].as_str()).collect();
    let got_log: Vec<&str> = ours["log"].as_array().unwrap().iter().filter_map(|c| c.as_str()).collect();
    if want_log.len() != got_log.len() || !want_log.iter().zip(&got_log).all(|(w, g)| unify(w, g, labels)) {
        fail(format!("log: expected {want_log:?}, got {got_log:?}"));
    }
}

fn compare_sessions(rows: &[Json], ours: &Json, labels: &mut Labels, fail: &mut dyn FnMut(String)) {
    let got = ours.as_array().cloned().unwrap_or_default();
    if rows.len() != got.len() {
        fail(format!("sessions: expected {} rows, got {}", rows.len(), got.len()));
        return;
    }
    for (e, g) in rows.iter().zip(&got) {
        let key_ok = unify(e["session_key"].as_str().unwrap_or(""), g["session_key"].as_str().unwrap_or(""), labels);
        // Logging in re-salts alice's password hash at random (Django's
        // must_update_salt), so `_auth_user_hash` and the data embedding it are random.
        let random_hash = e["decoded"].get("_auth_user_hash").is_some();
        let data_ok = random_hash || e["session_data"] == g["session_data"];
        let mut want = e["decoded"].clone();
        let mut have = g["decoded"].clone();
        if random_hash {
            want["_auth_user_hash"] = Json::Null;
            have["_auth_user_hash"] = Json::Null;
        }
        if !key_ok || !data_ok || e["expire_date"] != g["expire_date"] || want.to_string() != have.to_string() {
            fail(format!("session row: expected {e}, got {g}"));
        }
    }
}

fn compare_jar(want: &[Json], ours: &Json, labels: &mut Labels, fail: &mut dyn FnMut(String)) {
    let got = ours.as_array().cloned().unwrap_or_default();
    let mut want_sorted: Vec<&Json> = want.iter().collect();
    let mut got_sorted: Vec<&Json> = got.iter().collect();
    want_sorted.sort_by_key(|c| c["name"].as_str().unwrap_or("").to_string());
    got_sorted.sort_by_key(|c| c["name"].as_str().unwrap_or("").to_string());
    let ok = want_sorted.len() == got_sorted.len()
        && want_sorted.iter().zip(&got_sorted).all(|(w, g)| {
            // The oracle's jar writes expiry as `2019-10-13 23:17:55.591447`.
            let we = w["expires"].as_str().map(|s| djsim::time::SimTime::parse_rfc3339(s).unwrap());
            let ge = g["expires"].as_str().map(|s| djsim::time::SimTime::parse_rfc3339(s).unwrap());
            w["name"] == g["name"] && unify(w["value"].as_str().unwrap_or(""), g["value"].as_str().unwrap_or(""), labels) && we == ge
        });
    if !ok {
        fail(format!("jar: expected {want:?}, got {got:?}"));
    }
}
