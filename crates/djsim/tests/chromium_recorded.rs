//! What real Chromium did with cookies, replayed through djsim's jar
//! (`chromium_recorded/cases.json`, recorded by `chromium_recorded/gen.mjs` from the
//! system Chromium over a raw local HTTP(S) server; the version is in the file).
//!
//! Each case ran in a fresh browser context: navigations whose responses carried
//! `Set-Cookie` lines (hand-picked and random ones: odd attributes, Max-Age/Expires
//! forms, Domain forms, paths, SameSite, Secure on http/https/localhost, prefixes, odd
//! bytes), `document.cookie` writes and reads, links, form POSTs, iframes and images
//! across sites, and redirects. For every step the replay asserts, against the same jar
//! driven through the public API at the same moments (the server's clock):
//!
//! * the `Cookie` header the server received, byte for byte (order included), on every
//!   hop of a redirect;
//! * the stored cookies after the step (name, value, domain with its leading dot for a
//!   domain cookie, path, expiry relative to the step within 2 s, HttpOnly, Secure,
//!   SameSite, Priority, and a partitioned cookie's top-level site);
//! * DevTools' reasons for each refused `Set-Cookie` line and for each cookie not sent
//!   (`Network.responseReceivedExtraInfo` / `requestWillBeSentExtraInfo`), where
//!   DevTools reported them;
//! * what `document.cookie` read after each assignment.

use djsim::browser::date::parse_cookie_date;
use djsim::browser::*;
use djsim::time::SimTime;
use serde_json::{json, Value};

/// A truncated or wrongly regenerated file must not pass quietly.
const EXPECTED_CASES: usize = 849;

#[test]
fn chromium_recorded_cases() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/chromium_recorded/cases.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut steps = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        if let Some(error) = case.get("error") {
            failures.push(format!("{name:?} was not recorded: {error}"));
            continue;
        }
        let mut jar = Jar::new();
        // The file leaves out a jar equal to the previous step's.
        let mut expected_jar = Value::Array(Vec::new());
        let mut ctx = RequestContext::default();
        let all = case["steps"].as_array().unwrap();
        for (i, step) in all.iter().enumerate() {
            steps += 1;
            if let Some(j) = step.get("jar") {
                expected_jar = j.clone();
            }
            // A redirect's hop is made as the request it follows was, with the method the
            // redirect left (303 and 302 after a POST: GET). The jar is read after the last.
            ctx = match step.get("redirected") {
                Some(_) => RequestContext { method: step["method"].as_str().unwrap().to_string(), ..ctx },
                None => context(step),
            };
            let more_hops = all.get(i + 1).is_some_and(|next| next.get("redirected").is_some());
            let expected_jar = (!more_hops).then_some(&expected_jar);
            for why in replay_step(&mut jar, step, &ctx, expected_jar) {
                failures.push(format!("{name:?} step {i}: {why}"));
            }
        }
    }
    eprintln!("{} cases ({steps} steps) recorded from Chromium {}, {} mismatches", cases.len(), doc["chromium"], failures.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(cases.len(), EXPECTED_CASES, "number of cases");
}

fn url(v: &Value) -> Url {
    Url::parse(v.as_str().unwrap()).unwrap()
}

/// Replays one step; returns what differs from Chromium.
fn replay_step(jar: &mut Jar, step: &Value, ctx: &RequestContext, expected_jar: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    let now = SimTime::from_unix_micros(step["t"].as_i64().unwrap() * 1000);
    let target = url(&step["url"]);
    if let Some(js) = step["js"].as_array() {
        for pair in js {
            let (assignment, read) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            jar.set_document_cookie(&target, assignment, now);
            let got = jar.document_cookie(&target, now);
            if got != read {
                out.push(format!("document.cookie = {assignment:?}: then read {got:?}, Chromium {read:?}"));
            }
        }
    } else {
        let cookies = jar.cookies_for_request(&target, ctx, now);
        let sent = cookies.header();
        if sent.as_deref() != step["sent"].as_str() {
            out.push(format!("{} {target}: sent {sent:?}, Chromium {}", ctx.method, step["sent"]));
        }
        // Absent lists are empty, unless DevTools said nothing about the request.
        let devtools = step.get("no_devtools").is_none();
        let empty = Value::Array(Vec::new());
        if devtools {
            let want = step.get("not_sent").unwrap_or(&empty);
            let mut got: Vec<Value> = cookies
                .blocked
                .iter()
                .map(|b| json!([b.cookie.name, dotted(&b.cookie), b.cookie.path, names(b.reasons.iter().map(|r| r.as_str()))]))
                .collect();
            let mut want = want.as_array().unwrap().clone();
            sort(&mut got);
            sort(&mut want);
            if got != want {
                out.push(format!("{target}: not sent {}, Chromium {}", Value::from(got), Value::from(want)));
            }
        }
        let server_time = step["date"].as_str().map(|d| parse_cookie_date(d).expect("a Date header"));
        let mut rejected = Vec::new();
        for line in step["set"].as_array().into_iter().flatten() {
            let line = line.as_str().unwrap();
            let outcome = match server_time {
                Some(st) => jar.set_cookie_with_server_time(&target, line, ctx, now, st),
                None => jar.set_cookie(&target, line, ctx, now),
            };
            if let SetCookieOutcome::Blocked(reasons) = &outcome {
                rejected.push(json!([line, names(reasons.iter().map(|r| r.as_str()))]));
            }
        }
        if devtools {
            let want = step.get("rejected").unwrap_or(&empty);
            if &Value::from(rejected.clone()) != want {
                out.push(format!("{target}: rejected {}, Chromium {want}", Value::from(rejected)));
            }
        }
    }
    // The jar after the step.
    let Some(expected_jar) = expected_jar else { return out };
    let mut got: Vec<Value> = jar.cookies(now).into_iter().map(|c| row(c, now)).collect();
    let mut want = expected_jar.as_array().unwrap().clone();
    sort(&mut got);
    sort(&mut want);
    if !same_jar(&got, &want) {
        out.push(format!("jar after {target}:\n      djsim    {}\n      Chromium {}", Value::from(got), Value::from(want)));
    }
    out
}

/// How the request was made: typed (`page.goto`), or from the page named by the step's
/// `link`, `post`, `iframe` or `img`.
fn context(step: &Value) -> RequestContext {
    let method = step["method"].as_str().unwrap_or("GET");
    for (key, kind) in [
        ("link", RequestKind::Navigation),
        ("post", RequestKind::Navigation),
        ("iframe", RequestKind::Iframe),
        ("img", RequestKind::Subresource),
    ] {
        if let Some(from) = step.get(key) {
            return RequestContext::from_page(&url(from), kind, method);
        }
    }
    RequestContext::typed(method)
}

/// The cookie's domain as DevTools shows it: a leading dot for a domain cookie.
fn dotted(c: &Cookie) -> String {
    if c.host_only {
        c.domain.clone()
    } else {
        format!(".{}", c.domain)
    }
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> Value {
    Value::from(it.map(Value::from).collect::<Vec<_>>())
}

/// A stored cookie as the data file keeps it.
fn row(c: &Cookie, now: SimTime) -> Value {
    let expires_in = c.expires.map(|e| (e.micros_since(now) as f64 / 1e6).round() as i64);
    json!([
        c.name,
        c.value,
        dotted(c),
        c.path,
        expires_in,
        c.http_only,
        c.secure,
        c.same_site.map(|s| s.as_str()),
        c.priority.as_str(),
        c.partition_key.as_ref().map(|k| k.to_string())
    ])
}

fn sort(rows: &mut [Value]) {
    rows.sort_by_key(|r| [2, 3, 0, 1, 9].map(|i| r[i].to_string()));
}

/// Equal rows, expiry within 2 seconds (real time passed in the browser).
fn same_jar(got: &[Value], want: &[Value]) -> bool {
    got.len() == want.len()
        && got.iter().zip(want).all(|(g, w)| {
            (0..10).all(|i| match (i, g[i].as_i64(), w[i].as_i64()) {
                (4, Some(a), Some(b)) => (a - b).abs() <= 2,
                _ => g[i] == w[i],
            })
        })
}
