//! "Export HAR": the requests as an HTTP Archive 1.2 file
//! (http://www.softwareishard.com/blog/har-12-spec/), shaped as Chrome's DevTools write
//! it (`front_end/models/har/Log.ts`) so that Chrome, Firefox and HAR viewers import it.
//!
//! The World has one clock and no network, so every request takes no time: `time` and
//! the `send`/`wait`/`receive` timings are 0 ("time: Total elapsed time of the request
//! in milliseconds. This is the sum of all timings available in the timings object"),
//! and `startedDateTime` is the simulated clock's moment.

use djsim::time::SimTime;
use djsim::world::{NetworkEntry, World};
use serde_json::{Map, Value};

use super::cookies::{expires_date, response_cookies};
use crate::json::object;
use super::model::{har_resource_type, header, remote_address, request_head_size, response_head_size, starts_page};

/// The file name the download gets.
pub const FILE_NAME: &str = "playground.har";

/// Every request the World made, as a HAR 1.2 log.
#[allow(dead_code)] // the panel exports what it lists (`har_of`); this is the whole log
pub fn har(world: &World) -> Value {
    har_of(world, world.network())
}

/// `entries` (e.g. the ones the list shows), as a HAR 1.2 log. Each top-level
/// navigation starts a page of its browser (`pages`, `pageref`), as Chrome's page loads.
pub fn har_of<'a>(world: &World, entries: impl IntoIterator<Item = &'a NetworkEntry>) -> Value {
    let mut pages = Vec::new();
    // (browser, pageref) of each browser's current page.
    let mut current: Vec<(&str, String)> = Vec::new();
    let mut har_entries = Vec::new();
    for entry in entries {
        if starts_page(entry) {
            let id = format!("page_{}", pages.len() + 1);
            pages.push(object(vec![
                ("startedDateTime", iso_time(entry.at).into()),
                ("id", id.as_str().into()),
                ("title", format!("{} (Browser {})", entry.url, entry.browser).into()),
                ("pageTimings", object(vec![("onContentLoad", (-1).into()), ("onLoad", (-1).into())])),
            ]));
            match current.iter_mut().find(|(browser, _)| *browser == entry.browser) {
                Some(page) => page.1 = id,
                None => current.push((&entry.browser, id)),
            }
        }
        let pageref = current.iter().find(|(browser, _)| *browser == entry.browser).map(|(_, id)| id.as_str());
        har_entries.push(har_entry(entry, pageref));
    }
    let creator = object(vec![("name", "Django cookies & sessions playground".into()), ("version", env!("CARGO_PKG_VERSION").into())]);
    let comment = format!(
        "Simulated: Django {} and simulated browsers; times are the simulation's clock, and requests take no time.",
        world.server().version().full()
    );
    let log = object(vec![
        ("version", "1.2".into()),
        ("creator", creator),
        ("pages", pages.into()),
        ("entries", har_entries.into()),
        ("comment", comment.into()),
    ]);
    object(vec![("log", log)])
}

/// One request and its response.
pub fn har_entry(entry: &NetworkEntry, pageref: Option<&str>) -> Value {
    let mut har = Map::new();
    if let Some(pageref) = pageref {
        har.insert("pageref".into(), pageref.into());
    }
    har.insert("startedDateTime".into(), iso_time(entry.at).into());
    har.insert("time".into(), 0.into());
    har.insert("request".into(), request(entry));
    har.insert("response".into(), response(entry));
    har.insert("cache".into(), Value::Object(Map::new()));
    let timings = [("blocked", -1), ("dns", -1), ("ssl", -1), ("connect", -1), ("send", 0), ("wait", 0), ("receive", 0)];
    har.insert("timings".into(), object(timings.iter().map(|&(name, ms)| (name, ms.into())).collect()));
    let remote = remote_address(&entry.url);
    if let Some((ip, _port)) = remote.rsplit_once(':') {
        let ip = ip.trim_start_matches('[').trim_end_matches(']');
        if ip.parse::<std::net::IpAddr>().is_ok() {
            har.insert("serverIPAddress".into(), ip.into());
        }
    }
    // Chrome's extensions.
    har.insert("_resourceType".into(), har_resource_type(entry).into());
    har.insert("_browser".into(), entry.browser.clone().into());
    Value::Object(har)
}

fn request(entry: &NetworkEntry) -> Value {
    let url = entry.url.split('#').next().unwrap_or("");
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let mut request = vec![
        ("method", entry.method.as_str().into()),
        ("url", url.into()),
        ("httpVersion", "HTTP/1.1".into()),
        ("cookies", headers(&entry.cookies_sent).into()),
        ("headers", headers(&entry.request_headers).into()),
        ("queryString", parameters(query).into()),
        ("headersSize", request_head_size(entry).into()),
        ("bodySize", entry.request_body.len().into()),
    ];
    if entry.method != "GET" || !entry.request_body.is_empty() {
        let mime = header(&entry.request_headers, "content-type").unwrap_or("");
        let form = mime.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/x-www-form-urlencoded");
        let params = if form { parameters(&entry.request_body) } else { Vec::new() };
        let post = object(vec![("mimeType", mime.into()), ("text", entry.request_body.as_str().into()), ("params", params.into())]);
        request.push(("postData", post));
    }
    object(request)
}

fn response(entry: &NetworkEntry) -> Value {
    let cookies: Vec<Value> = response_cookies(entry)
        .into_iter()
        .filter_map(|cookie| {
            let parsed = cookie.parsed.ok()?;
            let mut c = Map::new();
            c.insert("name".into(), parsed.name.clone().into());
            c.insert("value".into(), parsed.value.clone().into());
            if let Some(path) = &parsed.path {
                c.insert("path".into(), path.clone().into());
            }
            if let Some(domain) = &parsed.domain {
                c.insert("domain".into(), domain.clone().into());
            }
            if let Some(expires) = expires_date(&parsed, entry.at).and_then(iso_time_in_range) {
                c.insert("expires".into(), expires.into());
            }
            c.insert("httpOnly".into(), parsed.http_only.into());
            c.insert("secure".into(), parsed.secure.into());
            if let Some(same_site) = parsed.same_site {
                c.insert("sameSite".into(), same_site.as_str().into());
            }
            Some(Value::Object(c))
        })
        .collect();
    let mime = header(&entry.response_headers, "content-type").filter(|m| !m.is_empty()).unwrap_or("x-unknown");
    let content = object(vec![
        ("size", entry.response_body.len().into()),
        ("mimeType", mime.into()),
        ("text", entry.response_body.as_str().into()),
    ]);
    object(vec![
        ("status", entry.status.into()),
        ("statusText", entry.reason.as_str().into()),
        ("httpVersion", "HTTP/1.1".into()),
        ("cookies", cookies.into()),
        ("headers", headers(&entry.response_headers).into()),
        ("content", content),
        ("redirectURL", header(&entry.response_headers, "location").unwrap_or("").into()),
        ("headersSize", response_head_size(entry).into()),
        ("bodySize", entry.response_body.len().into()),
        ("_transferSize", (response_head_size(entry) + entry.response_body.len()).into()),
    ])
}

/// `[{name, value}, …]` (headers, and the cookies a request sent).
fn headers(headers: &[(String, String)]) -> Vec<Value> {
    headers.iter().map(|(name, value)| name_value(name, value)).collect()
}

fn name_value(name: &str, value: &str) -> Value {
    object(vec![("name", name.into()), ("value", value.into())])
}

/// `a=1&b` → `[{a, 1}, {b, ""}]`, undecoded, as Chrome's `parseParameters` splits them.
fn parameters(text: &str) -> Vec<Value> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            name_value(name, value)
        })
        .collect()
}

/// ISO 8601 with milliseconds, as JavaScript's `Date.toJSON`: `2019-09-29T23:17:55.000Z`;
/// a moment outside the years 0–9999 (which `Date` cannot write) is clamped.
fn iso_time(time: SimTime) -> String {
    iso_time_in_range(time).unwrap_or_else(|| {
        if time.unix_micros() < 0 { "0000-01-01T00:00:00.000Z" } else { "9999-12-31T23:59:59.999Z" }.to_owned()
    })
}

/// [`iso_time`], or `None` outside the years 0–9999 (Chrome's `toJSON` gives `null`).
fn iso_time_in_range(time: SimTime) -> Option<String> {
    let year = time.civil().year;
    (0..=9999).contains(&year).then(|| crate::panels::devtools_time(time))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What a schema position holds.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum T {
        Str,
        Num,
        Bool,
        Obj,
        Arr,
    }

    /// Every field HAR 1.2 requires (the spec's fields not marked "optional"), as (JSON
    /// pointer with `*` for each element of an array, type). Also what Chrome's importer
    /// (`HARFormat.ts`) reads as a number or a date.
    const REQUIRED: &[(&str, T)] = &[
        ("/log", T::Obj),
        ("/log/version", T::Str),
        ("/log/creator", T::Obj),
        ("/log/creator/name", T::Str),
        ("/log/creator/version", T::Str),
        ("/log/entries", T::Arr),
        ("/log/pages/*/startedDateTime", T::Str),
        ("/log/pages/*/id", T::Str),
        ("/log/pages/*/title", T::Str),
        ("/log/pages/*/pageTimings", T::Obj),
        ("/log/entries/*/startedDateTime", T::Str),
        ("/log/entries/*/time", T::Num),
        ("/log/entries/*/request", T::Obj),
        ("/log/entries/*/response", T::Obj),
        ("/log/entries/*/cache", T::Obj),
        ("/log/entries/*/timings", T::Obj),
        ("/log/entries/*/request/method", T::Str),
        ("/log/entries/*/request/url", T::Str),
        ("/log/entries/*/request/httpVersion", T::Str),
        ("/log/entries/*/request/cookies", T::Arr),
        ("/log/entries/*/request/headers", T::Arr),
        ("/log/entries/*/request/queryString", T::Arr),
        ("/log/entries/*/request/headersSize", T::Num),
        ("/log/entries/*/request/bodySize", T::Num),
        ("/log/entries/*/request/cookies/*/name", T::Str),
        ("/log/entries/*/request/cookies/*/value", T::Str),
        ("/log/entries/*/request/headers/*/name", T::Str),
        ("/log/entries/*/request/headers/*/value", T::Str),
        ("/log/entries/*/request/queryString/*/name", T::Str),
        ("/log/entries/*/request/queryString/*/value", T::Str),
        ("/log/entries/*/request/postData/mimeType", T::Str),
        ("/log/entries/*/request/postData/params", T::Arr),
        ("/log/entries/*/request/postData/text", T::Str),
        ("/log/entries/*/request/postData/params/*/name", T::Str),
        ("/log/entries/*/response/status", T::Num),
        ("/log/entries/*/response/statusText", T::Str),
        ("/log/entries/*/response/httpVersion", T::Str),
        ("/log/entries/*/response/cookies", T::Arr),
        ("/log/entries/*/response/headers", T::Arr),
        ("/log/entries/*/response/content", T::Obj),
        ("/log/entries/*/response/redirectURL", T::Str),
        ("/log/entries/*/response/headersSize", T::Num),
        ("/log/entries/*/response/bodySize", T::Num),
        ("/log/entries/*/response/cookies/*/name", T::Str),
        ("/log/entries/*/response/cookies/*/value", T::Str),
        ("/log/entries/*/response/headers/*/name", T::Str),
        ("/log/entries/*/response/headers/*/value", T::Str),
        ("/log/entries/*/response/content/size", T::Num),
        ("/log/entries/*/response/content/mimeType", T::Str),
        ("/log/entries/*/timings/send", T::Num),
        ("/log/entries/*/timings/wait", T::Num),
        ("/log/entries/*/timings/receive", T::Num),
    ];

    /// Optional fields: when present, of this type.
    const OPTIONAL: &[(&str, T)] = &[
        ("/log/pages", T::Arr),
        ("/log/comment", T::Str),
        ("/log/pages/*/pageTimings/onContentLoad", T::Num),
        ("/log/pages/*/pageTimings/onLoad", T::Num),
        ("/log/entries/*/pageref", T::Str),
        ("/log/entries/*/serverIPAddress", T::Str),
        ("/log/entries/*/request/postData", T::Obj),
        ("/log/entries/*/response/cookies/*/path", T::Str),
        ("/log/entries/*/response/cookies/*/domain", T::Str),
        ("/log/entries/*/response/cookies/*/expires", T::Str),
        ("/log/entries/*/response/cookies/*/httpOnly", T::Bool),
        ("/log/entries/*/response/cookies/*/secure", T::Bool),
        ("/log/entries/*/response/cookies/*/sameSite", T::Str),
        ("/log/entries/*/response/content/text", T::Str),
        ("/log/entries/*/timings/blocked", T::Num),
        ("/log/entries/*/timings/dns", T::Num),
        ("/log/entries/*/timings/connect", T::Num),
        ("/log/entries/*/timings/ssl", T::Num),
    ];

    fn type_of(value: &Value) -> Option<T> {
        match value {
            Value::String(_) => Some(T::Str),
            Value::Number(_) => Some(T::Num),
            Value::Bool(_) => Some(T::Bool),
            Value::Object(_) => Some(T::Obj),
            Value::Array(_) => Some(T::Arr),
            Value::Null => None,
        }
    }

    /// The values at `path` (a pointer whose `*` steps into every element of an array),
    /// with their concrete pointers; `None` where a step is missing.
    fn at<'a>(value: &'a Value, path: &str) -> Vec<(String, Option<&'a Value>)> {
        let mut found = vec![(String::new(), Some(value))];
        for step in path.split('/').skip(1) {
            found = found
                .into_iter()
                .flat_map(|(pointer, value)| match (step, value) {
                    ("*", Some(Value::Array(items))) => {
                        items.iter().enumerate().map(|(i, item)| (format!("{pointer}/{i}"), Some(item))).collect::<Vec<_>>()
                    }
                    ("*", _) => Vec::new(), // an absent optional array: nothing to check
                    (key, Some(value)) => vec![(format!("{pointer}/{key}"), value.get(key))],
                    (key, None) => vec![(format!("{pointer}/{key}"), None)],
                })
                .collect();
        }
        found
    }

    /// A parent of `pointer` that is absent (an optional object such as `postData`).
    fn parent_absent(har: &Value, pointer: &str) -> bool {
        let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
        !parent.is_empty() && har.pointer(parent).is_none()
    }

    /// Checks `har` against [`REQUIRED`] and [`OPTIONAL`] and what Chrome's importer needs;
    /// returns every problem, and how many values were checked for each wildcard path.
    fn schema_problems(har: &Value) -> (Vec<String>, Vec<(&'static str, usize)>) {
        let mut problems = Vec::new();
        let mut counts = Vec::new();
        for &(path, expected) in REQUIRED {
            let found = at(har, path);
            counts.push((path, found.len()));
            for (pointer, value) in found {
                match value {
                    Some(value) if type_of(value) == Some(expected) => {}
                    Some(value) => problems.push(format!("{pointer}: expected {expected:?}, found {value}")),
                    None if parent_absent(har, &pointer) => {}
                    None => problems.push(format!("{pointer}: required {expected:?} is missing")),
                }
            }
        }
        for &(path, expected) in OPTIONAL {
            for (pointer, value) in at(har, path) {
                if let Some(value) = value {
                    if type_of(value) != Some(expected) {
                        problems.push(format!("{pointer}: expected {expected:?}, found {value}"));
                    }
                }
            }
        }
        // Chrome's importer: dates that `new Date()` reads; timings it sums.
        for path in ["/log/entries/*/startedDateTime", "/log/pages/*/startedDateTime", "/log/entries/*/response/cookies/*/expires"] {
            for (pointer, value) in at(har, path) {
                if let Some(text) = value.and_then(Value::as_str) {
                    if !is_iso_date(text) {
                        problems.push(format!("{pointer}: not an ISO 8601 date: {text:?}"));
                    }
                }
            }
        }
        for (pointer, entry) in at(har, "/log/entries/*") {
            let Some(entry) = entry else { continue };
            let timings = ["send", "wait", "receive"].map(|t| djsim::float::json_f64(&entry["timings"][t]).unwrap_or(-1.0));
            if timings.iter().any(|t| *t < 0.0) {
                problems.push(format!("{pointer}/timings: send, wait and receive must not be negative: {timings:?}"));
            }
            let sum: f64 = ["blocked", "dns", "connect", "send", "wait", "receive"]
                .iter()
                .map(|t| djsim::float::json_f64(&entry["timings"][t]).unwrap_or(0.0).max(0.0))
                .sum();
            if djsim::float::json_f64(&entry["time"]) != Some(sum) {
                problems.push(format!("{pointer}/time: {} is not the sum of the timings, {sum}", entry["time"]));
            }
        }
        (problems, counts)
    }

    /// `2019-09-29T23:17:55.000Z`, as `Date.toJSON` writes it.
    fn is_iso_date(text: &str) -> bool {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| range.into_iter().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
        b.len() == 24
            && digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19)
            && b[19] == b'.'
            && digits(20..23)
            && b[23] == b'Z'
    }

    /// The lecture, plus what makes every part of a HAR appear: cookies set, sent,
    /// deleted and blocked, a POST form with a query string.
    fn lecture_world() -> World {
        let mut world = World::lecture();
        for step in [
            json!({"browser": "A", "get": "/session/"}),
            json!({"browser": "A", "get": "/session/cookie"}),
            json!({"browser": "A", "get": "/session/sessfun"}),
            json!({"browser": "A", "get": "/session/sessfun"}),
            json!({"browser": "A", "get": "/session/deletezap"}),
            json!({"browser": "A", "get": "/session/resetcookie"}),
            json!({"browser": "A", "post": "/session/login?next=/session/&x", "form": {"username": "alice", "note": "a b&c"},
                   "initiator": "http://127.0.0.1:8000/session/"}),
            json!({"browser": "A", "get": "/session/sessfun", "initiator": "http://evil.example/", "kind": "subresource"}),
            json!({"browser": "A", "get": "/session/sessfun", "initiator": "http://evil.example/", "kind": "subresource", "destination": "image"}),
            json!({"browser": "B", "get": "/session/"}),
        ] {
            world.perform(step.clone()).unwrap_or_else(|e| panic!("{step}: {e}"));
        }
        world
    }

    #[test]
    fn the_har_has_every_required_field() {
        let world = lecture_world();
        let har = har(&world);
        let (problems, counts) = schema_problems(&har);
        // Every wildcard path met at least one value, so no rule passed vacuously.
        let unmet: Vec<&str> = counts.iter().filter(|(_, n)| *n == 0).map(|(path, _)| *path).collect();
        assert!(unmet.is_empty(), "no value to check at {unmet:?}");
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
        assert!(!har.to_string().contains("null"), "no nulls: {har}");
        eprintln!("har: {} required and {} optional paths checked over {} entries", REQUIRED.len(), OPTIONAL.len(), world.network().len());
    }

    #[test]
    fn the_schema_check_catches_mistakes() {
        let good = har(&lecture_world());
        for (pointer, bad) in [
            ("/log/entries/0/time", json!("0")),
            ("/log/entries/1/response/status", json!("200")),
            ("/log/entries/0/startedDateTime", json!("29/Sep/2019 23:17:55")),
            ("/log/entries/0/timings/wait", json!(-1)),
            ("/log/entries/0/request/cookies", json!({})),
            ("/log/creator", json!("me")),
        ] {
            let mut har = good.clone();
            *har.pointer_mut(pointer).unwrap() = bad.clone();
            assert!(!schema_problems(&har).0.is_empty(), "{pointer} = {bad} passed");
        }
        let mut har = good.clone();
        har["log"]["entries"][2]["response"].as_object_mut().unwrap().remove("redirectURL");
        assert_eq!(schema_problems(&har).0, ["/log/entries/2/response/redirectURL: required Str is missing"]);
    }

    #[test]
    fn entries_say_what_happened() {
        let world = lecture_world();
        let har = har(&world);
        let entries = har["log"]["entries"].as_array().unwrap();
        assert_eq!(entries.len(), world.network().len());
        let log = &har["log"];
        assert_eq!(log["version"], "1.2");
        // The lecture's start page, then ours: pages per browser navigation.
        let first = &entries[0];
        assert_eq!(first["startedDateTime"], "2019-09-29T23:17:55.000Z");
        assert_eq!(first["request"]["url"], "http://127.0.0.1:8000/session/");
        assert_eq!(first["serverIPAddress"], "127.0.0.1");
        assert_eq!(first["_resourceType"], "document");
        assert_eq!(first["pageref"], "page_1");

        let by_url = |suffix: &'static str| entries.iter().filter(move |e| e["request"]["url"].as_str().unwrap().ends_with(suffix));
        // cookie: zap (session) and sakaicar (Max-Age=1000).
        let cookie = by_url("/session/cookie").next().unwrap();
        assert_eq!(
            cookie["response"]["cookies"],
            json!([
                {"name": "zap", "value": "42", "path": "/", "httpOnly": false, "secure": false},
                {"name": "sakaicar", "value": "42", "path": "/", "expires": "2019-09-29T23:34:35.000Z", "httpOnly": false, "secure": false},
            ])
        );
        // The second sessfun sends the session key the first one set.
        let sessfun: Vec<&Value> = by_url("/session/sessfun").collect();
        let set = &sessfun[0]["response"]["cookies"][0];
        assert_eq!(set["name"], "sessionid");
        assert_eq!(set["sameSite"], "Lax");
        assert_eq!(set["httpOnly"], true);
        let sent: Vec<&Value> = sessfun[1]["request"]["cookies"].as_array().unwrap().iter().filter(|c| c["name"] == "sessionid").collect();
        assert_eq!(sent, [&json!({"name": "sessionid", "value": set["value"]})]);
        // The cross-site fetch does not send it (SameSite=Lax).
        assert!(sessfun[2]["request"]["cookies"].as_array().unwrap().iter().all(|c| c["name"] != "sessionid"), "{}", sessfun[2]);
        assert_eq!(sessfun[2]["_resourceType"], "fetch");
        assert_eq!(sessfun[3]["_resourceType"], "image", "an <img>: Chrome's type, whatever the response");
        // deletezap: Max-Age=0 shows its 1970 expires, as Chrome's DevTools.
        let deleted = &by_url("/deletezap").next().unwrap()["response"]["cookies"][0];
        assert_eq!(deleted["expires"], "1970-01-01T00:00:00.000Z");
        // resetcookie: SameSite=Strict of the first set_cookie('a') stays.
        let reset = &by_url("/resetcookie").next().unwrap()["response"]["cookies"];
        assert!(reset.as_array().unwrap().iter().any(|c| c["sameSite"] == "Strict"), "{reset}");
        // The POST: query string and form, undecoded, as Chrome splits them.
        let post = entries.iter().find(|e| e["request"]["method"] == "POST").unwrap();
        assert_eq!(post["request"]["queryString"], json!([{"name": "next", "value": "/session/"}, {"name": "x", "value": ""}]));
        assert_eq!(post["request"]["postData"]["mimeType"], "application/x-www-form-urlencoded");
        assert_eq!(post["request"]["postData"]["params"][1], json!({"name": "note", "value": "a+b%26c"}));
        assert_eq!(post["request"]["bodySize"], post["request"]["postData"]["text"].as_str().unwrap().len());
        // Sizes: the head as runserver wrote it.
        let head = super::super::model::response_head(&world.network()[0]);
        assert_eq!(first["response"]["headersSize"], head.len());
        assert_eq!(first["response"]["content"]["mimeType"], "text/html; charset=utf-8");
        // Browser B's navigation starts its own page; A's pages continue.
        let last = entries.last().unwrap();
        assert_eq!(last["_browser"], "B");
        let pages = log["pages"].as_array().unwrap();
        assert_eq!(last["pageref"], pages.last().unwrap()["id"]);
        assert!(pages.last().unwrap()["title"].as_str().unwrap().ends_with("(Browser B)"));
    }

    #[test]
    fn only_the_entries_asked_for() {
        let world = lecture_world();
        let har = har_of(&world, world.network().iter().filter(|e| e.url.contains("sessfun")));
        let urls: Vec<&str> = har["log"]["entries"].as_array().unwrap().iter().map(|e| e["request"]["url"].as_str().unwrap()).collect();
        assert_eq!(urls, ["http://127.0.0.1:8000/session/sessfun"; 4]);
        assert!(schema_problems(&har).0.is_empty());
    }

    #[test]
    fn extreme_times_stay_valid_dates() {
        assert_eq!(iso_time(SimTime::from_unix_micros(i64::MAX)), "9999-12-31T23:59:59.999Z");
        assert_eq!(iso_time(SimTime::from_unix_micros(i64::MIN)), "0000-01-01T00:00:00.000Z");
        assert_eq!(iso_time_in_range(SimTime::from_unix_micros(i64::MAX)), None);
        assert!(is_iso_date(&iso_time(SimTime::LECTURE)));
    }
}
