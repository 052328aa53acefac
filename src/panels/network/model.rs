//! What the request list shows, derived from the World's [`NetworkEntry`]s: one
//! [`Row`] per request (domain, file, type, cookie counts, transferred size, time), the
//! list the filter, "Clear" and "Persist Logs" leave ([`visible`]) and the status bar
//! ([`Summary::from_sizes`]). Pure functions, so the list stays fast with 10,000 requests: the
//! filter scans URLs in place and rows are made only for the rows on screen.

use djsim::time::SimTime;
use djsim::world::{Destination, NetworkEntry, RequestKind};

use crate::panels::domain_and_file;

/// One line of the request list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: usize,
    pub status: u16,
    pub method: String,
    pub domain: String,
    pub file: String,
    /// The Type column: `document`, `subdocument`, `img`, `fetch`, … ([`resource_type`]).
    pub kind: &'static str,
    /// Cookies the request carried.
    pub cookies: usize,
    /// `Set-Cookie` lines of the response.
    pub set_cookies: usize,
    /// Bytes transferred: the response's head and body.
    pub size: usize,
    /// The simulated clock when the request was made, `23:17:55`.
    pub time: String,
    pub browser: String,
}

/// What hides requests from the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// "Filter URLs": a case-insensitive substring of the URL (empty: every request).
    pub text: String,
    /// Off: a browser's top-level navigation hides that browser's earlier requests, as
    /// devtools clear the log on navigation.
    pub persist: bool,
    /// "Clear": requests with a smaller id are hidden.
    pub cleared_before: usize,
}

/// The status bar: "3 requests, 1.2 kB transferred" (with "3 / 10 requests" when the
/// filter hides some, as Chrome writes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub shown: usize,
    pub total: usize,
    pub shown_bytes: usize,
    pub total_bytes: usize,
}

/// The row the list shows for `entry`.
pub fn row(entry: &NetworkEntry) -> Row {
    let (domain, file) = domain_and_file(&entry.url);
    Row {
        id: entry.id,
        status: entry.status,
        method: entry.method.clone(),
        domain,
        file,
        kind: resource_type(entry),
        cookies: entry.cookies_sent.len(),
        set_cookies: entry.set_cookies.len(),
        size: transferred(entry),
        time: clock(entry.at),
        browser: entry.browser.clone(),
    }
}

/// The indices (into `entries`) of the requests the list shows, oldest first.
pub fn visible(entries: &[NetworkEntry], filter: &ListFilter) -> Vec<usize> {
    let needle = filter.text.trim().to_ascii_lowercase();
    // Persist Logs off: each browser's last top-level navigation starts its log.
    let mut starts: Vec<(&str, usize)> = Vec::new();
    if !filter.persist {
        for entry in entries {
            if starts_page(entry) {
                match starts.iter_mut().find(|(browser, _)| *browser == entry.browser) {
                    Some(start) => start.1 = entry.id,
                    None => starts.push((&entry.browser, entry.id)),
                }
            }
        }
    }
    entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.id >= filter.cleared_before)
        .filter(|(_, entry)| starts.iter().all(|(browser, start)| *browser != entry.browser || entry.id >= *start))
        .filter(|(_, entry)| contains_ignore_ascii_case(&entry.url, &needle))
        .map(|(index, _)| index)
        .collect()
}

/// Whether `entry` is a top-level navigation of its browser (not a redirect's later hop):
/// devtools start a new log there when "Persist Logs" is off.
pub fn starts_page(entry: &NetworkEntry) -> bool {
    entry.kind == RequestKind::Navigation && entry.hop == 0
}

/// A fingerprint of the log that changes when requests are added or the log is replaced,
/// for caching what is derived from it (the visible list, the sizes).
pub fn log_version(entries: &[NetworkEntry]) -> (usize, Option<(SimTime, usize, usize)>) {
    (entries.len(), entries.last().map(|e| (e.at, e.url.len(), e.response_body.len())))
}

impl Summary {
    /// The status bar's numbers from each request's [`transferred`] size (`sizes[i]` for
    /// `entries[i]`) and the `shown` indices.
    pub fn from_sizes(sizes: &[usize], shown: &[usize]) -> Summary {
        Summary {
            shown: shown.len(),
            total: sizes.len(),
            shown_bytes: shown.iter().filter_map(|&i| sizes.get(i)).sum(),
            total_bytes: sizes.iter().sum(),
        }
    }
}

impl Summary {
    /// "2 requests, 1.2 kB transferred"; "2 / 5 requests, 1.2 kB / 3.0 kB transferred".
    pub fn text(&self) -> String {
        let noun = if self.total == 1 { "request" } else { "requests" };
        if self.shown == self.total {
            format!("{} {noun}, {} transferred", self.shown, bytes_to_string(self.shown_bytes))
        } else {
            format!(
                "{} / {} {noun}, {} / {} transferred",
                self.shown,
                self.total,
                bytes_to_string(self.shown_bytes),
                bytes_to_string(self.total_bytes)
            )
        }
    }
}

/// The Type column: what asked for the request, named as Firefox's Network Monitor
/// names it in its Cause column (the lecture's devtools; `LOAD_CAUSE_STRINGS`, and the
/// `causeType`s of devtools/client/netmonitor/test/browser_net_cause.js): `document` for
/// a top-level page (a link, a typed URL, a form's POST, a redirect's next hop),
/// `subdocument` for an iframe's page, then a subresource's destination: `img`,
/// `script`, `stylesheet`, or `fetch`. Taken from what the World recorded about the
/// request, never from its URL, nor from the response: an `<img>` whose URL answers with
/// an HTML page (the SameSite lesson's) is still `img`.
pub fn resource_type(entry: &NetworkEntry) -> &'static str {
    match (entry.kind, entry.destination) {
        (RequestKind::Navigation, _) => "document",
        (RequestKind::Iframe, _) => "subdocument",
        (RequestKind::Subresource, Destination::Image) => "img",
        (RequestKind::Subresource, Destination::Script) => "script",
        (RequestKind::Subresource, Destination::Style) => "stylesheet",
        (RequestKind::Subresource, Destination::Empty) => "fetch",
    }
}

/// The HAR's `_resourceType`: Chrome's resource type (what Chrome's own HAR export
/// writes): `document` for a page or an iframe's, `image`, `script`, `stylesheet`, `fetch`.
pub fn har_resource_type(entry: &NetworkEntry) -> &'static str {
    match (entry.kind, entry.destination) {
        (RequestKind::Navigation | RequestKind::Iframe, _) => "document",
        (RequestKind::Subresource, Destination::Image) => "image",
        (RequestKind::Subresource, Destination::Script) => "script",
        (RequestKind::Subresource, Destination::Style) => "stylesheet",
        (RequestKind::Subresource, Destination::Empty) => "fetch",
    }
}

/// The Type cell's tooltip: the type, and the response's MIME type (what Firefox's own
/// Type column shows): "img; the response is text/html".
pub fn type_title(entry: &NetworkEntry) -> String {
    let mime = mime_type(entry);
    if mime.is_empty() {
        format!("{}; the response has no Content-Type", resource_type(entry))
    } else {
        format!("{}; the response is {mime}", resource_type(entry))
    }
}

/// The response's MIME type without parameters, lower-case (`text/html`), or "".
pub fn mime_type(entry: &NetworkEntry) -> String {
    header(&entry.response_headers, "content-type")
        .map(|value| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The first header named `name` (any case).
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Bytes transferred for the response: its head (status line, headers, blank line) and
/// its body.
pub fn transferred(entry: &NetworkEntry) -> usize {
    response_head_size(entry) + entry.response_body.len()
}

/// The request's head as sent: request line, headers, blank line.
pub fn request_head(entry: &NetworkEntry) -> String {
    let mut head = format!("{} {} HTTP/1.1\r\n", entry.method, request_target(&entry.url));
    for (name, value) in &entry.request_headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    head
}

/// The response's head as runserver wrote it: status line, `Date`, `Server`, Django's
/// headers, blank line. Django's `WSGIHandler` writes each cookie as
/// `('Set-Cookie', c.output(header=''))`, whose value starts with a space, hence the
/// two spaces after `Set-Cookie:` on the wire. A response that runserver could not finish
/// stops after `Server`.
pub fn response_head(entry: &NetworkEntry) -> String {
    let mut head = format!("HTTP/1.1 {} {}\r\n", entry.status, entry.reason);
    for (name, value) in &entry.response_headers {
        head.push_str(name);
        head.push_str(if name == "Set-Cookie" { ":  " } else { ": " });
        head.push_str(value);
        head.push_str("\r\n");
    }
    if !entry.incomplete {
        head.push_str("\r\n");
    }
    head
}

/// Bytes of [`request_head`] on the wire (latin-1: one byte a character).
pub fn request_head_size(entry: &NetworkEntry) -> usize {
    let line = entry.method.len() + 1 + request_target(&entry.url).len() + " HTTP/1.1\r\n".len();
    line + headers_size(&entry.request_headers, false) + 2
}

/// Bytes of [`response_head`] on the wire, counted without building it.
pub fn response_head_size(entry: &NetworkEntry) -> usize {
    let line = "HTTP/1.1 ".len() + digits(entry.status as usize) + 1 + entry.reason.chars().count() + 2;
    line + headers_size(&entry.response_headers, true) + if entry.incomplete { 0 } else { 2 }
}

/// The request target of the request line: path and query, without the fragment.
pub fn request_target(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let target = rest.find('/').map_or("/", |slash| &rest[slash..]);
    target.split('#').next().unwrap_or("/")
}

/// The address the request went to, as the General section shows it: `127.0.0.1:8000`.
pub fn remote_address(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let has_port = match authority.rfind(']') {
        Some(bracket) => authority[bracket..].contains(':'),
        None => authority.contains(':'),
    };
    if has_port {
        authority.to_owned()
    } else {
        let port = if scheme.eq_ignore_ascii_case("https") { 443 } else { 80 };
        format!("{authority}:{port}")
    }
}

/// The time of day of the simulated clock, `23:17:55` (UTC).
pub fn clock(at: SimTime) -> String {
    let c = at.civil();
    format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second)
}

/// A size as devtools write it (Chrome's `bytesToString`): `612 B`, `1.2 kB`, `340 kB`,
/// `1.5 MB`.
pub fn bytes_to_string(bytes: usize) -> String {
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let kilobytes = bytes as f64 / 1000.0;
    if kilobytes < 100.0 {
        return format!("{} kB", djsim::float::fixed(kilobytes, 1));
    }
    // Whole numbers printed as integers (the same text): a float `{}` would bring std's
    // float formatting and its tables into the page (djsim::float writes the others).
    if kilobytes < 1000.0 {
        return format!("{} kB", kilobytes.round() as u64);
    }
    let megabytes = kilobytes / 1000.0;
    if megabytes < 100.0 {
        format!("{} MB", djsim::float::fixed(megabytes, 1))
    } else {
        format!("{} MB", megabytes.round() as u64)
    }
}

/// Whether `haystack` contains `needle_lower` (already lower-case), ignoring ASCII case,
/// without allocating.
pub fn contains_ignore_ascii_case(haystack: &str, needle_lower: &str) -> bool {
    let (hay, needle) = (haystack.as_bytes(), needle_lower.as_bytes());
    let Some((&first, rest)) = needle.split_first() else { return true };
    if hay.len() < needle.len() {
        return false;
    }
    (0..=hay.len() - needle.len())
        .any(|i| hay[i].to_ascii_lowercase() == first && hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest))
}

fn headers_size(headers: &[(String, String)], response: bool) -> usize {
    headers
        .iter()
        .map(|(name, value)| {
            let separator = if response && name == "Set-Cookie" { 3 } else { 2 };
            name.chars().count() + separator + value.chars().count() + 2
        })
        .sum()
}

fn digits(mut n: usize) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A request as the World records it, for tests: `GET url` by browser `browser`.
    pub(crate) fn entry(id: usize, browser: &str, url: &str) -> NetworkEntry {
        NetworkEntry {
            id,
            browser: browser.into(),
            at: SimTime::LECTURE,
            method: "GET".into(),
            url: url.into(),
            request_headers: vec![("Host".into(), "127.0.0.1:8000".into())],
            request_body: String::new(),
            status: 200,
            reason: "OK".into(),
            response_headers: vec![
                ("Date".into(), "Sun, 29 Sep 2019 23:17:55 GMT".into()),
                ("Server".into(), "WSGIServer/0.2 CPython/3.11.7".into()),
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
            ],
            response_body: "view count=1".into(),
            incomplete: false,
            cookies_sent: Vec::new(),
            cookies_blocked: Vec::new(),
            set_cookies: Vec::new(),
            initiator: None,
            kind: RequestKind::Navigation,
            destination: Destination::Empty,
            console: 0..0,
            hop: 0,
        }
    }

    fn with(mut e: NetworkEntry, f: impl FnOnce(&mut NetworkEntry)) -> NetworkEntry {
        f(&mut e);
        e
    }

    /// One request of each kind, as the World records it (kind, destination, method,
    /// status, response Content-Type), and the Type the list shows for it.
    #[test]
    fn types() {
        use Destination::{Empty, Image, Script, Style};
        use RequestKind::{Iframe, Navigation, Subresource};
        #[rustfmt::skip]
        let cases: [(RequestKind, Destination, &str, u16, &str, &str, &str); 13] = [
            // kind       destination method  status Content-Type            Type           HAR _resourceType
            (Navigation,  Empty,  "GET",  200, "text/html; charset=utf-8", "document",    "document"),
            (Navigation,  Empty,  "POST", 200, "text/html; charset=utf-8", "document",    "document"),
            (Navigation,  Empty,  "POST", 403, "text/html; charset=utf-8", "document",    "document"),
            (Navigation,  Empty,  "GET",  302, "text/html; charset=utf-8", "document",    "document"),
            (Navigation,  Image,  "GET",  200, "image/png",                "document",    "document"),
            (Iframe,      Empty,  "GET",  200, "text/html; charset=utf-8", "subdocument", "document"),
            (Subresource, Image,  "GET",  200, "text/html; charset=utf-8", "img",         "image"),
            (Subresource, Image,  "GET",  200, "image/png",                "img",         "image"),
            (Subresource, Script, "GET",  200, "text/javascript",          "script",      "script"),
            (Subresource, Style,  "GET",  200, "text/css",                 "stylesheet",  "stylesheet"),
            (Subresource, Empty,  "GET",  200, "application/json",         "fetch",       "fetch"),
            (Subresource, Empty,  "GET",  200, "image/png",                "fetch",       "fetch"),
            (Subresource, Empty,  "POST", 200, "",                         "fetch",       "fetch"),
        ];
        for (kind, destination, method, status, content_type, expected, har) in cases {
            let e = with(entry(0, "A", "http://127.0.0.1:8000/session/logo.png"), |e| {
                (e.kind, e.destination, e.method, e.status) = (kind, destination, method.into(), status);
                e.response_headers[2].1 = content_type.into();
            });
            let case = format!("{kind:?} {destination:?} {method} {status} {content_type:?}");
            assert_eq!((resource_type(&e), har_resource_type(&e), row(&e).kind), (expected, har, expected), "{case}");
        }
        let img = with(entry(0, "A", "https://samples.dj4e.com/session/sessfun"), |e| (e.kind, e.destination) = (Subresource, Image));
        assert_eq!(type_title(&img), "img; the response is text/html");
        let bare = with(img, |e| e.response_headers.truncate(2));
        assert_eq!(type_title(&bare), "img; the response has no Content-Type");
    }

    #[test]
    fn rows() {
        let e = with(entry(3, "B", "http://127.0.0.1:8000/session/sessfun?x=1"), |e| {
            e.cookies_sent = vec![("sessionid".into(), "abc".into()), ("csrftoken".into(), "t".into())];
            e.set_cookies = vec![("sessionid=abc; Path=/".into(), None)];
            e.at = SimTime::LECTURE.plus_secs(65);
        });
        let r = row(&e);
        assert_eq!(
            (r.id, r.domain.as_str(), r.file.as_str(), r.kind, r.cookies, r.set_cookies, r.time.as_str(), r.browser.as_str()),
            (3, "127.0.0.1:8000", "sessfun?x=1", "document", 2, 1, "23:19:00", "B")
        );
        assert_eq!(r.size, response_head(&e).len() + "view count=1".len());
    }

    #[track_caller]
    fn check_sizes(e: &NetworkEntry) {
        assert_eq!(request_head_size(e), request_head(e).chars().count(), "{}", request_head(e));
        assert_eq!(response_head_size(e), response_head(e).chars().count(), "{}", response_head(e));
    }

    #[test]
    fn heads() {
        let e = with(entry(0, "A", "http://127.0.0.1:8000/session/sessfun?a=1#top"), |e| {
            e.response_headers.push(("Set-Cookie".into(), "sessionid=abc; Path=/".into()));
        });
        assert_eq!(request_head(&e), "GET /session/sessfun?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n");
        assert_eq!(
            response_head(&e),
            "HTTP/1.1 200 OK\r\nDate: Sun, 29 Sep 2019 23:17:55 GMT\r\nServer: WSGIServer/0.2 CPython/3.11.7\r\n\
             Content-Type: text/html; charset=utf-8\r\nSet-Cookie:  sessionid=abc; Path=/\r\n\r\n"
        );
        check_sizes(&e);
        check_sizes(&with(e.clone(), |e| e.incomplete = true));
        check_sizes(&with(e.clone(), |e| {
            e.status = 404;
            e.reason = "Not Found".into();
            e.response_headers.push(("X-Caf\u{e9}".into(), "cr\u{e8}me".into()));
        }));
        check_sizes(&with(e, |e| e.method = "POST".into()));
        assert_eq!(transferred(&entry(0, "A", "http://h/")), 135 + 12);
    }

    #[track_caller]
    fn check_target(url: &str, target: &str, remote: &str) {
        assert_eq!(request_target(url), target, "{url}");
        assert_eq!(remote_address(url), remote, "{url}");
    }

    #[test]
    fn targets_and_addresses() {
        check_target("http://127.0.0.1:8000/session/", "/session/", "127.0.0.1:8000");
        check_target("http://127.0.0.1:8000", "/", "127.0.0.1:8000");
        check_target("https://samples.dj4e.com/x?y#z", "/x?y", "samples.dj4e.com:443");
        check_target("http://localhost/", "/", "localhost:80");
        check_target("http://[::1]/a", "/a", "[::1]:80");
        check_target("http://[::1]:8000/a", "/a", "[::1]:8000");
    }

    #[track_caller]
    fn check_bytes(bytes: usize, expected: &str) {
        assert_eq!(bytes_to_string(bytes), expected, "{bytes}");
    }

    #[test]
    fn sizes() {
        check_bytes(0, "0 B");
        check_bytes(999, "999 B");
        check_bytes(1000, "1.0 kB");
        check_bytes(1234, "1.2 kB");
        check_bytes(99_949, "99.9 kB");
        check_bytes(340_400, "340 kB");
        check_bytes(1_500_000, "1.5 MB");
        check_bytes(250_000_000, "250 MB");
    }

    fn log() -> Vec<NetworkEntry> {
        let a = |id, url: &str| entry(id, "A", url);
        vec![
            a(0, "http://127.0.0.1:8000/session/"),
            a(1, "http://127.0.0.1:8000/session/sessfun"),
            with(entry(2, "B", "http://127.0.0.1:8000/session/"), |_| {}),
            with(a(3, "http://127.0.0.1:8000/session/logo.PNG"), |e| e.kind = RequestKind::Subresource),
            a(4, "http://127.0.0.1:8000/session/login?next=/"),
            with(a(5, "http://127.0.0.1:8000/session/"), |e| e.hop = 1),
        ]
    }

    #[track_caller]
    fn check_visible(text: &str, persist: bool, cleared_before: usize, expected: &[usize]) {
        let filter = ListFilter { text: text.into(), persist, cleared_before };
        assert_eq!(visible(&log(), &filter), expected, "{filter:?}");
    }

    #[test]
    fn filters() {
        check_visible("", true, 0, &[0, 1, 2, 3, 4, 5]);
        check_visible("sessfun", true, 0, &[1]);
        check_visible("SESSFUN", true, 0, &[1]);
        check_visible(" logo.png ", true, 0, &[3]);
        check_visible("127.0.0.1:8000", true, 0, &[0, 1, 2, 3, 4, 5]);
        check_visible("next=/", true, 0, &[4]);
        check_visible("nothing", true, 0, &[]);
        check_visible("", true, 3, &[3, 4, 5]);
        // Persist Logs off: A's last navigation is 4 (5 is its redirect's hop); B's is 2.
        check_visible("", false, 0, &[2, 4, 5]);
        check_visible("login", false, 0, &[4]);
        check_visible("logo", false, 0, &[]);
        check_visible("", false, 5, &[5]);
    }

    #[test]
    fn substrings() {
        for (hay, needle, expected) in [
            ("http://h/SessFun", "sessfun", true),
            ("http://h/sessfun", "", true),
            ("", "", true),
            ("", "a", false),
            ("ab", "abc", false),
            ("abc", "c", true),
            ("aab", "ab", true),
            ("http://h/caf\u{e9}", "\u{e9}", true),
        ] {
            assert_eq!(contains_ignore_ascii_case(hay, needle), expected, "{hay:?} {needle:?}");
        }
    }

    /// The status bar's numbers for the `shown` indices of `entries`.
    fn summary(entries: &[NetworkEntry], shown: &[usize]) -> Summary {
        let sizes: Vec<usize> = entries.iter().map(transferred).collect();
        Summary::from_sizes(&sizes, shown)
    }

    #[test]
    fn status_bar() {
        let entries = log();
        let all = visible(&entries, &ListFilter { persist: true, ..ListFilter::default() });
        let each = transferred(&entries[0]);
        assert_eq!(summary(&entries, &all).text(), format!("6 requests, {} transferred", bytes_to_string(6 * each)));
        assert_eq!(
            summary(&entries, &[1, 2]).text(),
            format!("2 / 6 requests, {} / {} transferred", bytes_to_string(2 * each), bytes_to_string(6 * each))
        );
        assert_eq!(summary(&entries[..1], &[0]).text(), format!("1 request, {each} B transferred"));
        assert_eq!(summary(&[], &[]).text(), "0 requests, 0 B transferred");
    }

    #[test]
    fn ten_thousand_requests_filter_fast() {
        let entries: Vec<NetworkEntry> = (0..10_000).map(|i| entry(i, if i % 2 == 0 { "A" } else { "B" }, &format!("http://127.0.0.1:8000/session/p{i}"))).collect();
        let start = std::time::Instant::now();
        for text in ["", "p9999", "session", "zzz"] {
            for persist in [true, false] {
                let shown = visible(&entries, &ListFilter { text: text.into(), persist, cleared_before: 0 });
                std::hint::black_box(summary(&entries, &shown));
            }
        }
        let each = start.elapsed() / 8;
        eprintln!("visible + summary over 10,000 requests: {each:?} each (unoptimised build)");
        assert!(each.as_millis() < 100, "{each:?}");
    }
}
