//! Model-based test: the jar against a deliberately simple reference jar (a plain Vec
//! with the naive reading of RFC 6265bis §5.7/§5.8) for the rules both implement —
//! random Set-Cookie sequences with Max-Age/Path/Domain among a few hosts, random
//! times and requests, same `Cookie` header. Plus fuzzing: no input panics.

use djsim::browser::date::parse_cookie_date;
use djsim::browser::*;
use djsim::time::SimTime;
use proptest::prelude::*;

const HOSTS: [&str; 5] = ["example.com", "www.example.com", "a.www.example.com", "other.org", "127.0.0.1"];
const PATHS: [&str; 6] = ["/", "/a", "/a/", "/a/b", "/ab", "/a/b/c"];
const NAMES: [&str; 3] = ["x", "y", "sessionid"];
const DOMAINS: [&str; 6] = ["example.com", ".example.com", "www.example.com", "com", "other.org", "127.0.0.1"];

#[derive(Clone, Debug)]
enum Op {
    Set { host: usize, path: usize, name: usize, value: u8, max_age: Option<i64>, path_attr: Option<usize>, domain_attr: Option<usize> },
    Request { host: usize, path: usize },
    Advance(i64),
}

/// The reference: a Vec of cookies and the rules read naively.
#[derive(Default)]
struct Model {
    cookies: Vec<MCookie>,
    seq: u64,
}

#[derive(Clone, Debug)]
struct MCookie {
    name: String,
    value: String,
    domain: String,
    host_only: bool,
    path: String,
    expires: Option<i64>,
    created: i64,
    seq: u64,
}

impl Model {
    #[allow(clippy::too_many_arguments)]
    fn set(&mut self, host: &str, req_path: &str, name: &str, value: &str, max_age: Option<i64>, path: Option<&str>, domain: Option<&str>, now: i64) {
        self.cookies.retain(|c| c.expires.is_none_or(|e| e > now));
        let (domain, host_only) = match domain {
            None => (host.to_string(), true),
            Some(d) => {
                let d = d.trim_start_matches('.');
                let is_ip = host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
                if d == "com" || d == "org" {
                    return; // a public suffix
                }
                if is_ip {
                    if d != host {
                        return;
                    }
                    (host.to_string(), true)
                } else if host == d || host.ends_with(&format!(".{d}")) {
                    (d.to_string(), false)
                } else {
                    return;
                }
            }
        };
        let path = match path {
            Some(p) if p.starts_with('/') => p.to_string(),
            _ => match req_path.rfind('/') {
                Some(i) if i > 0 => req_path[..i].to_string(),
                _ => "/".to_string(),
            },
        };
        let expires = max_age.map(|n| now + n);
        let same = |c: &MCookie| c.name == name && c.domain == domain && c.host_only == host_only && c.path == path;
        let old = self.cookies.iter().position(same);
        if expires.is_some_and(|e| e <= now) {
            if let Some(i) = old {
                self.cookies.remove(i);
            }
            return;
        }
        let (created, seq) = match old.map(|i| self.cookies.remove(i)) {
            Some(o) if o.value == value => (o.created, o.seq),
            _ => {
                self.seq += 1;
                (now, self.seq)
            }
        };
        self.cookies.push(MCookie { name: name.into(), value: value.into(), domain, host_only, path, expires, created, seq });
    }

    fn header(&self, host: &str, path: &str, now: i64) -> String {
        let mut sent: Vec<&MCookie> = self
            .cookies
            .iter()
            .filter(|c| c.expires.is_none_or(|e| e > now))
            .filter(|c| if c.host_only { c.domain == host } else { host == c.domain || host.ends_with(&format!(".{}", c.domain)) })
            .filter(|c| path == c.path || (path.starts_with(&c.path) && (c.path.ends_with('/') || path[c.path.len()..].starts_with('/'))))
            .collect();
        sent.sort_by_key(|c| (std::cmp::Reverse(c.path.len()), c.created, c.seq));
        sent.iter().map(|c| format!("{}={}", c.name, c.value)).collect::<Vec<_>>().join("; ")
    }
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..HOSTS.len(), 0..PATHS.len(), 0..NAMES.len(), 0u8..3, prop::option::of(-5i64..200), prop::option::of(0..PATHS.len()), prop::option::weighted(0.4, 0..DOMAINS.len()))
            .prop_map(|(host, path, name, value, max_age, path_attr, domain_attr)| Op::Set { host, path, name, value, max_age, path_attr, domain_attr }),
        2 => (0..HOSTS.len(), 0..PATHS.len()).prop_map(|(host, path)| Op::Request { host, path }),
        1 => (0i64..150).prop_map(Op::Advance),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn jar_agrees_with_the_reference(ops in prop::collection::vec(op(), 1..40)) {
        let mut jar = Jar::new();
        let mut model = Model::default();
        let t0 = SimTime::LECTURE;
        let mut now = 0i64;
        for op in ops {
            match op {
                Op::Set { host, path, name, value, max_age, path_attr, domain_attr } => {
                    let mut header = format!("{}=v{}", NAMES[name], value);
                    if let Some(n) = max_age { header.push_str(&format!("; Max-Age={n}")); }
                    if let Some(p) = path_attr { header.push_str(&format!("; Path={}", PATHS[p])); }
                    if let Some(d) = domain_attr { header.push_str(&format!("; Domain={}", DOMAINS[d])); }
                    let url = Url::parse(&format!("http://{}{}", HOSTS[host], PATHS[path])).unwrap();
                    jar.set_cookie(&url, &header, &RequestContext::typed("GET"), t0.plus_secs(now));
                    model.set(HOSTS[host], PATHS[path], NAMES[name], &format!("v{value}"), max_age,
                        path_attr.map(|p| PATHS[p]), domain_attr.map(|d| DOMAINS[d]), now);
                }
                Op::Request { host, path } => {
                    let url = Url::parse(&format!("http://{}{}", HOSTS[host], PATHS[path])).unwrap();
                    let got = jar.cookies_for_request(&url, &RequestContext::typed("GET"), t0.plus_secs(now)).header().unwrap_or_default();
                    prop_assert_eq!(got, model.header(HOSTS[host], PATHS[path], now), "request {}", url);
                }
                Op::Advance(s) => now += s,
            }
        }
    }

    #[test]
    fn storing_arbitrary_set_cookie_never_panics(line in any::<String>(), host in 0..HOSTS.len(), secure in any::<bool>(), kind in 0..3usize, t in any::<i64>()) {
        let scheme = if secure { "https" } else { "http" };
        let url = Url::parse(&format!("{scheme}://{}/a/b", HOSTS[host])).unwrap();
        let kind = [RequestKind::Navigation, RequestKind::Iframe, RequestKind::Subresource][kind];
        let ctx = RequestContext::from_page(&Url::parse("https://evil.example/").unwrap(), kind, "POST");
        let now = SimTime::from_unix_micros(t);
        let mut jar = Jar::new();
        let _ = jar.set_cookie(&url, &line, &ctx, now);
        let _ = jar.set_document_cookie(&url, &line, now);
        let _ = jar.cookies_for_request(&url, &ctx, now);
        let _ = jar.document_cookie(&url, now);
        let _ = jar.to_json(now);
    }

    #[test]
    fn storing_cookie_like_strings_never_panics(line in "[a-zA-Z_=; .,:/\\-\t0-9\"]{0,80}(; ?(Max-Age|Expires|Domain|Path|SameSite|Secure|HttpOnly|Priority)(=[-+a-zA-Z0-9 ,:.]{0,30})?){0,5}", host in 0..HOSTS.len(), secs in -100i64..100) {
        let url = Url::parse(&format!("https://{}/a/b", HOSTS[host])).unwrap();
        let mut jar = Jar::new();
        let now = SimTime::LECTURE.plus_secs(secs);
        let _ = jar.set_cookie(&url, &line, &RequestContext::typed("GET"), now);
        let _ = jar.cookies_for_request(&url, &RequestContext::typed("GET"), now);
        let _ = jar.to_json(now);
    }

    #[test]
    fn parsing_dates_and_urls_never_panics(s in any::<String>(), t in "[A-Za-z0-9 ,:\\-]{0,40}") {
        let _ = parse_cookie_date(&s);
        let _ = parse_cookie_date(&t);
        let _ = Url::parse(&s);
        if let Ok(base) = Url::parse("http://127.0.0.1:8000/a/b?c") {
            let _ = base.join(&s);
            let _ = base.join(&t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn devtools_operations_never_panic(name in any::<String>(), value in any::<String>(), domain in any::<String>(), path in any::<String>(), secs in any::<i64>()) {
        let now = SimTime::from_unix_secs(secs);
        let url = Url::parse("http://127.0.0.1:8000/a").unwrap();
        let mut jar = Jar::new();
        jar.set_cookie(&url, "sessionid=abc; Path=/", &RequestContext::typed("GET"), now);
        let sel = CookieSelector { name: "sessionid".into(), ..Default::default() };
        let edit = CookieEdit { name: Some(name.clone()), value: Some(value.clone()), domain: Some(domain.clone()), path: Some(path.clone()), ..Default::default() };
        let _ = jar.edit(&sel, &edit, now);
        let _ = jar.add(Cookie::new(&name, &value, &domain, now), now);
        let other = jar.clone();
        let _ = jar.copy_from(&other, &CookieSelector { name, domain: Some(domain), path: Some(path) }, now);
        let _ = jar.cookies_for_request(&url, &RequestContext::typed("GET"), now);
        let _ = jar.to_json(now);
    }
}
