//! Table-driven tests of the browser jar: every storage and retrieval rule, each case
//! naming the RFC 6265bis section or the Chromium behaviour it checks.

use djsim::browser::date::parse_cookie_date;
use djsim::browser::psl;
use djsim::browser::*;
use djsim::time::SimTime;

const T0: SimTime = SimTime::LECTURE; // 2019-09-29T23:17:55Z

fn u(s: &str) -> Url {
    Url::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn at(secs: i64) -> SimTime {
    T0.plus_secs(secs)
}

/// A request context from a short spec: "typed", "typed POST", or
/// "<kind> <METHOD> from <initiator-url>" with kind nav|iframe|sub.
fn ctx(spec: &str) -> RequestContext {
    let parts: Vec<&str> = spec.split_whitespace().collect();
    match parts.as_slice() {
        ["typed"] => RequestContext::typed("GET"),
        ["typed", m] => RequestContext::typed(m),
        [kind, m, "from", init] => {
            let kind = match *kind {
                "nav" => RequestKind::Navigation,
                "iframe" => RequestKind::Iframe,
                "sub" => RequestKind::Subresource,
                k => panic!("kind {k}"),
            };
            RequestContext::from_page(&u(init), kind, m)
        }
        _ => panic!("bad ctx spec {spec}"),
    }
}

fn outcome_str(o: &SetCookieOutcome) -> String {
    match o {
        SetCookieOutcome::Stored { .. } => "stored".into(),
        SetCookieOutcome::Deleted { .. } => "deleted".into(),
        SetCookieOutcome::Blocked(r) => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("+"),
        SetCookieOutcome::Ignored(_) => "ignored".into(),
    }
}

// ---------------------------------------------------------------------------------
// Set-Cookie parsing (RFC 6265bis §5.6)

#[track_caller]
fn check_parse(line: &str, expected: Result<(&str, &str), &str>) {
    let got = parse_set_cookie(line);
    match (got, expected) {
        (Ok(p), Ok((n, v))) => assert_eq!((p.name.as_str(), p.value.as_str()), (n, v), "{line:?}"),
        (Err(r), Err(want)) => assert_eq!(r.as_str(), want, "{line:?}"),
        (got, want) => panic!("{line:?}: got {got:?}, want {want:?}"),
    }
}

#[test] // §5.6 steps 2–4: name=value up to the first ';', '=' splits, WSP trimmed
fn name_value_syntax() {
    check_parse("a=b", Ok(("a", "b")));
    check_parse("  a  =  b c  ; Path=/", Ok(("a", "b c")));
    check_parse("a=b=c", Ok(("a", "b=c")));
    check_parse("a=", Ok(("a", "")));
    check_parse("a=\"quoted\"", Ok(("a", "\"quoted\"")));
    check_parse("a=b\t", Ok(("a", "b")));
    check_parse("a=b;", Ok(("a", "b")));
}

#[test] // §5.6 step 3: no '=' → empty name; Chromium keeps such nameless cookies
fn nameless_cookies() {
    check_parse("justvalue", Ok(("", "justvalue")));
    check_parse("=value", Ok(("", "value")));
    check_parse("justvalue; Path=/", Ok(("", "justvalue")));
}

#[test] // §5.6 step 6 / Chromium EXCLUDE_NO_COOKIE_CONTENT
fn empty_name_and_value_rejected() {
    check_parse("", Err("NoCookieContent"));
    check_parse("=", Err("NoCookieContent"));
    check_parse("  =  ; Path=/", Err("NoCookieContent"));
    check_parse("; Secure", Err("NoCookieContent"));
}

#[test] // §5.6 step 1: CTLs. Chromium 156 (tests/chromium_recorded): every CTL → DisallowedCharacter,
         // HTAB inside a name, value or attribute too, and anywhere in the attributes
fn control_characters_rejected() {
    check_parse("a=b\nc", Err("DisallowedCharacter"));
    check_parse("a=b\rc", Err("DisallowedCharacter"));
    check_parse("a=b\0c", Err("DisallowedCharacter"));
    // This test said SyntaxError for these; recorded Chromium 156 reports DisallowedCharacter.
    check_parse("a\x01=b", Err("DisallowedCharacter"));
    check_parse("a=b\x7f", Err("DisallowedCharacter"));
    check_parse("a=b\x1fc", Err("DisallowedCharacter"));
    // HTAB inside is refused (the draft allows it; this test said so); around, it is trimmed.
    check_parse("a=b\tc", Err("DisallowedCharacter"));
    check_parse("a=\tb\t", Ok(("a", "b")));
    check_parse("a=1; Path=/x\x01", Err("DisallowedCharacter"));
    check_parse("a=1; foo=\x01", Err("DisallowedCharacter"));
    check_parse("a=1;\tSecure", Ok(("a", "1")));
}

#[test] // §5.6 step 5: name+value over 4096 octets → NameValuePairExceedsMaxSize
fn name_value_size_limit() {
    let v4095 = "x".repeat(4095);
    check_parse(&format!("a={v4095}"), Ok(("a", &v4095)));
    check_parse(&format!("ab={v4095}"), Err("NameValuePairExceedsMaxSize"));
    check_parse(&format!("{}=", "n".repeat(4097)), Err("NameValuePairExceedsMaxSize"));
    // The limit counts octets: 2048 two-byte characters are 4096 octets.
    check_parse(&format!("={}", "é".repeat(2048)), Ok(("", &"é".repeat(2048))));
    check_parse(&format!("a={}", "é".repeat(2048)), Err("NameValuePairExceedsMaxSize"));
}

#[track_caller]
fn check_attr(line: &str, field: &str, expected: &str) {
    let p = parse_set_cookie(line).unwrap();
    let got = match field {
        "path" => format!("{:?}", p.path),
        "domain" => format!("{:?}", p.domain),
        "max_age" => format!("{:?}", p.max_age),
        "expires" => format!("{:?}", p.expires),
        "secure" => p.secure.to_string(),
        "http_only" => p.http_only.to_string(),
        "same_site" => format!("{:?}", p.same_site),
        "priority" => format!("{:?}", p.priority),
        f => panic!("field {f}"),
    };
    assert_eq!(got, expected, "{line:?} {field}");
}

#[test] // §5.6 step 8: attribute names case-insensitive; unknown ones ignored; last one wins (Chromium)
fn attributes() {
    check_attr("a=b; SECURE", "secure", "true");
    check_attr("a=b; secure=false", "secure", "true");
    check_attr("a=b; HttpOnly", "http_only", "true");
    check_attr("a=b", "http_only", "false");
    check_attr("a=b; Path=/x; path=/y", "path", "Some(\"/y\")");
    check_attr("a=b; Domain=.Example.COM", "domain", "Some(\".Example.COM\")");
    check_attr("a=b; Max-Age=10; max-age=abc", "max_age", "Some(\"abc\")");
    check_attr("a=b; Frobnicate=1", "path", "None");
    check_attr("a=b; SameSite=lax", "same_site", "Some(Lax)");
    check_attr("a=b; SameSite=STRICT", "same_site", "Some(Strict)");
    check_attr("a=b; SameSite=None", "same_site", "Some(None)");
    check_attr("a=b; SameSite=Bogus", "same_site", "None");
    check_attr("a=b; SameSite", "same_site", "None");
    check_attr("a=b; Priority=High", "priority", "High");
}

#[test] // §5.6 step 8: "If the attribute-value is longer than 1024 octets, ignore the cookie-av"
fn attribute_value_limit() {
    let p1024 = format!("/{}", "p".repeat(1023));
    check_attr(&format!("a=b; Path={p1024}"), "path", &format!("Some({p1024:?})"));
    check_attr(&format!("a=b; Path=/x; Path=/{}", "p".repeat(1024)), "path", "Some(\"/x\")");
    check_attr(&format!("a=b; Domain={}", "d".repeat(1025)), "domain", "None");
}

// ---------------------------------------------------------------------------------
// Dates (RFC 6265bis §5.1.1)

#[track_caller]
fn check_date(input: &str, expected: Option<&str>) {
    let got = parse_cookie_date(input).map(|t| t.rfc3339());
    assert_eq!(got.as_deref(), expected, "{input:?}");
}

#[test] // §5.1.1 cookie-date algorithm
fn cookie_dates() {
    check_date("Sun, 13 Oct 2019 23:17:55 GMT", Some("2019-10-13T23:17:55Z"));
    check_date("Sunday, 13-Oct-19 23:17:55 GMT", Some("2019-10-13T23:17:55Z"));
    check_date("Sun Oct 13 23:17:55 2019", Some("2019-10-13T23:17:55Z"));
    check_date("13 oct 2019 1:2:3", Some("2019-10-13T01:02:03Z"));
    check_date("Thu, 01 Jan 1970 00:00:00 GMT", Some("1970-01-01T00:00:00Z"));
    check_date("Wed, 01 Jan 70 00:00:00 GMT", Some("1970-01-01T00:00:00Z")); // 70–99 → 19xx
    check_date("Wed, 01 Jan 69 00:00:00 GMT", Some("2069-01-01T00:00:00Z")); // 0–69 → 20xx
    check_date("Sat, 30 Jan 3019 00:00:00 GMT", Some("3019-01-30T00:00:00Z"));
    check_date("13 October 2019 23:17:55", Some("2019-10-13T23:17:55Z")); // month: first 3 letters
    check_date("Sun, 13 Oct 2019", None); // no time
    check_date("Sun, 32 Oct 2019 00:00:00 GMT", None); // day > 31
    check_date("Sun, 31 Sep 2019 00:00:00 GMT", None); // no such date
    check_date("Sun, 29 Feb 2019 00:00:00 GMT", None);
    check_date("Tue, 29 Feb 2000 00:00:00 GMT", Some("2000-02-29T00:00:00Z"));
    // Chromium takes any year (the draft refuses one before 1601): a date in the past.
    check_date("Sun, 13 Oct 1600 00:00:00 GMT", Some("1600-10-13T00:00:00Z"));
    check_date("Sun, 13 Oct 2019 24:00:00 GMT", None); // hour > 23
    check_date("Sun, 13 Oct 2019 23:60:00 GMT", None);
    check_date("Sun, 13 Oct 2019 23:00:60 GMT", None);
    check_date("tomorrow", None);
    check_date("", None);
}

// ---------------------------------------------------------------------------------
// Storage (RFC 6265bis §5.7)

#[track_caller]
fn check_set(url: &str, header: &str, context: &str, expected: &str) {
    let mut jar = Jar::new();
    let got = jar.set_cookie(&u(url), header, &ctx(context), T0);
    assert_eq!(outcome_str(&got), expected, "{url} {header:?} ({context})");
}

/// Stores `header` from `url` (typed navigation at T0) and checks one field of the
/// stored cookie's transcript JSON.
#[track_caller]
fn check_stored(url: &str, header: &str, field: &str, expected: &str) {
    let mut jar = Jar::new();
    let got = jar.set_cookie(&u(url), header, &RequestContext::typed("GET"), T0);
    assert_eq!(outcome_str(&got), "stored", "{url} {header:?}");
    let json = jar.to_json(T0);
    assert_eq!(json[0][field].to_string(), expected, "{url} {header:?} {field}");
}

#[test] // §5.7 steps 4–8 + Chromium GetCookieDomainWithString
fn domain_attribute() {
    let h = "http://www.example.com/";
    check_stored(h, "a=1", "domain", "\"www.example.com\"");
    check_stored(h, "a=1", "host_only", "true");
    check_stored(h, "a=1; Domain=example.com", "domain", "\"example.com\"");
    check_stored(h, "a=1; Domain=example.com", "host_only", "false");
    check_stored(h, "a=1; Domain=.example.com", "domain", "\"example.com\""); // leading dot ignored
    check_stored(h, "a=1; Domain=EXAMPLE.com", "domain", "\"example.com\""); // lowercased
    check_stored(h, "a=1; Domain=www.example.com", "host_only", "false");
    check_stored(h, "a=1; Domain=", "host_only", "true"); // empty → host-only (Chromium)
    check_set(h, "a=1; Domain=other.com", "typed", "InvalidDomain");
    check_set(h, "a=1; Domain=sub.www.example.com", "typed", "InvalidDomain"); // not a parent
    check_set(h, "a=1; Domain=ample.com", "typed", "InvalidDomain"); // suffix, not a label boundary
    check_set(h, "a=1; Domain=com", "typed", "InvalidDomain"); // public suffix
    check_set("http://a.b.co.uk/", "a=1; Domain=co.uk", "typed", "InvalidDomain");
    check_stored("http://a.b.co.uk/", "a=1; Domain=b.co.uk", "domain", "\"b.co.uk\"");
    check_set("https://x.pythonanywhere.com/", "a=1; Domain=pythonanywhere.com", "typed", "InvalidDomain");
    check_set("https://x.github.io/", "a=1; Domain=github.io", "typed", "InvalidDomain");
    check_set(h, "a=1; Domain=exa%6dple.com", "typed", "InvalidDomain");
}

#[test] // §5.7 step 7: a public suffix equal to the request host → host-only cookie
fn domain_equal_to_a_suffix_host() {
    check_stored("http://co.uk/", "a=1; Domain=co.uk", "host_only", "true");
    check_stored("http://localhost:8000/", "a=1; Domain=localhost", "host_only", "true");
    check_set("http://localhost:8000/", "a=1; Domain=other", "typed", "InvalidDomain");
}

#[test] // Chromium: an IP address is never a Domain target; naming itself gives host-only
fn ip_hosts() {
    let h = "http://127.0.0.1:8000/";
    check_stored(h, "a=1", "domain", "\"127.0.0.1\"");
    check_stored(h, "a=1; Domain=127.0.0.1", "host_only", "true");
    check_stored(h, "a=1; Domain=.127.0.0.1", "host_only", "true");
    check_set(h, "a=1; Domain=0.0.1", "typed", "InvalidDomain");
    check_set(h, "a=1; Domain=1", "typed", "InvalidDomain");
}

#[test] // §5.7 step 9 + §5.1.4 default-path; Chromium: a Path not starting with '/' → default
fn path_attribute() {
    let h = "http://example.com/session/sessfun";
    check_stored(h, "a=1", "path", "\"/session\"");
    check_stored("http://example.com/session/", "a=1", "path", "\"/session\"");
    check_stored("http://example.com/", "a=1", "path", "\"/\"");
    check_stored("http://example.com/top", "a=1", "path", "\"/\"");
    check_stored("http://example.com/a/b/c?x=/y/z", "a=1", "path", "\"/a/b\"");
    check_stored(h, "a=1; Path=/", "path", "\"/\"");
    check_stored(h, "a=1; Path=/other/", "path", "\"/other/\"");
    check_stored(h, "a=1; Path=relative", "path", "\"/session\"");
    check_stored(h, "a=1; Path=", "path", "\"/session\"");
}

#[test] // §5.6.1/§5.6.2 Expires and Max-Age; Max-Age wins; 400-day cap; Chromium's Max-Age reading
fn expiry() {
    let h = "http://example.com/";
    check_stored(h, "a=1", "expires", "null");
    check_stored(h, "a=1; Max-Age=3600", "expires", "\"2019-09-30T00:17:55Z\"");
    check_stored(h, "a=1; Max-Age=+3600", "expires", "\"2019-09-30T00:17:55Z\""); // Chromium StringToInt64
    check_stored(h, "a=1; Expires=Sun, 13 Oct 2019 23:17:55 GMT", "expires", "\"2019-10-13T23:17:55Z\"");
    // Max-Age beats Expires, whichever comes first.
    check_stored(h, "a=1; Max-Age=60; Expires=Sun, 13 Oct 2019 23:17:55 GMT", "expires", "\"2019-09-29T23:18:55Z\"");
    check_stored(h, "a=1; Expires=Sun, 13 Oct 2019 23:17:55 GMT; Max-Age=60", "expires", "\"2019-09-29T23:18:55Z\"");
    // An unreadable Max-Age falls back to Expires (Chromium), an unreadable Expires to session.
    check_stored(h, "a=1; Max-Age=soon; Expires=Sun, 13 Oct 2019 23:17:55 GMT", "expires", "\"2019-10-13T23:17:55Z\"");
    check_stored(h, "a=1; Max-Age=1.5", "expires", "null");
    check_stored(h, "a=1; Expires=never", "expires", "null");
    check_stored(h, "a=1; Max-Age=", "expires", "null");
    // 400 days at most (§5.6.1 step 3, §5.6.2 step 3).
    check_stored(h, "a=1; Max-Age=34560000", "expires", "\"2020-11-02T23:17:55Z\"");
    check_stored(h, "a=1; Max-Age=99999999999", "expires", "\"2020-11-02T23:17:55Z\"");
    check_stored(h, "a=1; Max-Age=99999999999999999999999", "expires", "\"2020-11-02T23:17:55Z\"");
    check_stored(h, "a=1; Expires=Sat, 30 Jan 3019 00:00:00 GMT", "expires", "\"2020-11-02T23:17:55Z\"");
    // Max-Age <= 0 and past Expires: "the earliest representable date" → a deletion, no reason.
    check_set(h, "a=1; Max-Age=0", "typed", "deleted");
    check_set(h, "a=1; Max-Age=-5", "typed", "deleted");
    check_set(h, "a=1; Max-Age=-99999999999999999999999", "typed", "deleted");
    check_set(h, "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "typed", "deleted");
    check_set(h, "a=1; Max-Age=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "typed", "stored");
}

#[test] // §5.7 step 14: Secure only from secure origins; Chromium also trusts http://localhost and 127.0.0.1
fn secure_from_insecure_origin() {
    check_set("http://example.com/", "a=1; Secure", "typed", "SecureOnly");
    check_set("https://example.com/", "a=1; Secure", "typed", "stored");
    // Chromium (the default policy): loopback hosts are potentially trustworthy.
    check_set("http://127.0.0.1:8000/", "a=1; Secure", "typed", "stored");
    check_set("http://localhost:8000/", "a=1; Secure", "typed", "stored");
    // The draft alone: only https is secure.
    let mut jar = Jar::with_policy(JarPolicy { localhost_is_secure: false, ..JarPolicy::default() });
    let o = jar.set_cookie(&u("http://localhost:8000/"), "a=1; Secure", &ctx("typed"), T0);
    assert_eq!(outcome_str(&o), "SecureOnly", "the draft's secure-only rule without Chromium's exception");
}

#[test] // §5.7 step 17: SameSite=None requires Secure
fn samesite_none_requires_secure() {
    check_set("https://example.com/", "a=1; SameSite=None", "typed", "SameSiteNoneInsecure");
    check_set("https://example.com/", "a=1; SameSite=None; Secure", "typed", "stored");
    check_set("http://example.com/", "a=1; SameSite=None; Secure", "typed", "SecureOnly");
    check_stored("https://example.com/", "a=1; SameSite=None; Secure", "same_site", "\"None\"");
    check_stored("https://example.com/", "a=1; SameSite=Lax", "same_site", "\"Lax\"");
    check_stored("https://example.com/", "a=1", "same_site", "null");
    check_stored("https://example.com/", "a=1; SameSite=weird", "same_site", "null");
}

#[test] // §4.1.3 cookie prefixes, case-insensitive (Chromium); over http Chromium 156 says InvalidPrefix
fn prefixes() {
    let s = "https://example.com/dir/page";
    check_set(s, "__Secure-a=1; Secure", "typed", "stored");
    check_set(s, "__Secure-a=1", "typed", "InvalidPrefix");
    check_set(s, "__secure-a=1", "typed", "InvalidPrefix");
    // This test said SecureOnly; recorded Chromium 156 says InvalidPrefix (tests/chromium_recorded).
    check_set("http://example.com/", "__Secure-a=1; Secure", "typed", "InvalidPrefix");
    check_set("http://localhost/", "__Secure-a=1; Secure", "typed", "stored");
    check_set(s, "__Host-a=1; Secure; Path=/", "typed", "stored");
    check_set(s, "__Host-a=1; Secure", "typed", "InvalidPrefix"); // Path must be "/"
    check_set(s, "__Host-a=1; Secure; Path=/; Domain=example.com", "typed", "InvalidPrefix");
    check_set(s, "__Host-a=1; Path=/", "typed", "InvalidPrefix");
    check_set(s, "__HOST-a=1; Path=/", "typed", "InvalidPrefix");
    check_set("http://example.com/", "__Host-a=1; Secure; Path=/", "typed", "InvalidPrefix");
    check_set("https://127.0.0.1/", "__Host-a=1; Secure; Path=/; Domain=127.0.0.1", "typed", "stored");
    // Chromium HasHiddenPrefixName: a nameless cookie may not look prefixed.
    check_set(s, "__Secure-a; Secure", "typed", "InvalidPrefix");
    check_set(s, "=__Host-a=1; Secure; Path=/", "typed", "InvalidPrefix");
    check_set(s, "__Other-a=1", "typed", "stored");
}

#[test] // Chromium IsSetPermittedInContext: SameSite on storing, third-party blocking
fn samesite_and_third_party_on_storing() {
    let target = "https://samples.dj4e.com/set";
    // A top-level navigation's response may set every kind (Chromium: Lax context).
    check_set(target, "a=1; SameSite=Strict", "nav POST from https://evil.example/", "stored");
    check_set(target, "a=1", "nav GET from https://evil.example/", "stored");
    // A cross-site subresource: third-party cookies are blocked, and that is the only
    // reason DevTools gives (recorded on Chromium 156; this test expected the SameSite
    // reason beside UserPreferences).
    check_set(target, "a=1; SameSite=Lax", "sub GET from https://evil.example/", "UserPreferences");
    check_set(target, "a=1; SameSite=Strict", "sub GET from https://evil.example/", "UserPreferences");
    check_set(target, "a=1", "sub GET from https://evil.example/", "UserPreferences");
    check_set("http://samples.dj4e.com/", "a=1; SameSite=None; Secure", "sub GET from http://evil.example/", "UserPreferences");
    // A partitioned cookie is not third-party: the SameSite rules apply to it.
    check_set(target, "a=1; SameSite=None; Secure; Partitioned", "sub GET from https://evil.example/", "stored");
    check_set(target, "a=1; Secure; Partitioned", "sub GET from https://evil.example/", "SchemefulSameSiteUnspecifiedTreatedAsLax");
    check_set(target, "a=1; SameSite=None; Secure", "sub GET from https://evil.example/", "UserPreferences");
    check_set(target, "a=1; SameSite=None; Secure", "iframe GET from https://evil.example/", "UserPreferences");
    // Same-site subresources are first-party.
    check_set(target, "a=1; SameSite=Strict", "sub GET from https://www.dj4e.com/", "stored");
    // Schemeful: an http page of the same domain is another site, so its subresource is
    // third-party (recorded on Chromium 156; this test said SchemefulSameSiteLax).
    check_set(target, "a=1; SameSite=Lax", "sub GET from http://samples.dj4e.com/", "UserPreferences");
    // With third-party blocking off, None cookies go through, and the SameSite rules
    // speak.
    let mut jar = Jar::with_policy(JarPolicy { block_third_party_cookies: false, ..JarPolicy::default() });
    let o = jar.set_cookie(&u(target), "a=1; SameSite=None; Secure", &ctx("sub GET from https://evil.example/"), T0);
    assert_eq!(outcome_str(&o), "stored");
    let o = jar.set_cookie(&u(target), "a=1; SameSite=Lax", &ctx("sub GET from http://samples.dj4e.com/"), T0);
    assert_eq!(outcome_str(&o), "SchemefulSameSiteLax");
}

/// Applies `steps` (url, header, seconds after T0) with typed navigations and returns the jar.
fn jar_with(steps: &[(&str, &str, i64)]) -> Jar {
    let mut jar = Jar::new();
    for (url, header, secs) in steps {
        let o = jar.set_cookie(&u(url), header, &RequestContext::typed("GET"), at(*secs));
        assert!(!matches!(o, SetCookieOutcome::Blocked(_)), "{header:?}: {o:?}");
    }
    jar
}

#[track_caller]
fn check_overlay(steps: &[(&str, &str, i64)], url: &str, header: &str, expected: &str, jar_after: &str) {
    let mut jar = jar_with(steps);
    let o = jar.set_cookie(&u(url), header, &ctx("typed"), at(100));
    assert_eq!(outcome_str(&o), expected, "{header:?}");
    let listing: Vec<String> = jar.cookies(at(100)).iter().map(|c| format!("{}={}@{}{}", c.name, c.value, c.domain, c.path)).collect();
    assert_eq!(listing.join(" "), jar_after, "{header:?}");
}

#[test] // §5.7 step 15 (Leave Secure Cookies Alone): OverwriteSecure
fn nonsecure_may_not_overlay_secure() {
    let sec = [("https://example.com/", "s=1; Secure; Path=/", 0)];
    check_overlay(&sec, "http://example.com/", "s=2", "OverwriteSecure", "s=1@example.com/");
    check_overlay(&sec, "http://example.com/", "s=2; Path=/deeper", "OverwriteSecure", "s=1@example.com/");
    check_overlay(&sec, "http://www.example.com/", "s=2; Domain=example.com", "OverwriteSecure", "s=1@example.com/");
    check_overlay(&sec, "http://example.com/", "s=2; Max-Age=0", "OverwriteSecure", "s=1@example.com/");
    // Path of the new cookie must path-match the old one: "/" is not under "/deep".
    let deep = [("https://example.com/", "s=1; Secure; Path=/deep", 0)];
    check_overlay(&deep, "http://example.com/", "s=2; Path=/", "stored", "s=1@example.com/deep s=2@example.com/");
    // Another name, another domain: fine.
    check_overlay(&sec, "http://example.com/", "t=2", "stored", "s=1@example.com/ t=2@example.com/");
    check_overlay(&sec, "http://other.com/", "s=2", "stored", "s=1@example.com/ s=2@other.com/");
    // From https the secure cookie may be replaced.
    check_overlay(&sec, "https://example.com/", "s=2", "stored", "s=2@example.com/");
}

#[test] // §5.7 step 22: same name+domain+host-only+path replaces; Chromium keeps creation only for an unchanged value
fn replacement_and_creation_time() {
    let h = "http://example.com/";
    let mut jar = jar_with(&[(h, "a=1", 0), (h, "b=1", 10)]);
    assert_eq!(jar.set_cookie(&u(h), "a=1", &ctx("typed"), at(20)), SetCookieOutcome::Stored { replaced: true });
    let a = jar.cookies(at(20))[0].clone();
    assert_eq!((a.name.as_str(), a.created), ("a", T0), "same value keeps creation time");
    jar.set_cookie(&u(h), "a=2", &ctx("typed"), at(30));
    let names: Vec<&str> = jar.cookies(at(30)).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["b", "a"], "a new value moves the cookie later");
    assert_eq!(jar.find(&sel("a"), at(30)).unwrap().created, at(30));
    // Host-only and domain cookies of one name are two entries.
    let mut jar = jar_with(&[(h, "a=1", 0), (h, "a=2; Domain=example.com", 1)]);
    assert_eq!(jar.cookies(at(2)).len(), 2);
    // A deletion names the entry exactly: the domain cookie stays.
    jar.set_cookie(&u(h), "a=; Max-Age=0", &ctx("typed"), at(3));
    let left: Vec<bool> = jar.cookies(at(3)).iter().map(|c| c.host_only).collect();
    assert_eq!(left, [false]);
    // Re-setting moves the expiry.
    let mut jar = jar_with(&[(h, "a=1; Max-Age=100", 0)]);
    jar.set_cookie(&u(h), "a=1; Max-Age=1000", &ctx("typed"), at(50));
    assert_eq!(jar.cookies(at(0))[0].expires, Some(at(1050)));
}

fn sel(name: &str) -> CookieSelector {
    CookieSelector { name: name.into(), ..Default::default() }
}

// ---------------------------------------------------------------------------------
// Retrieval (RFC 6265bis §5.8)

/// Sets cookies with typed navigations (`steps`), then makes a request at `secs` and
/// compares the Cookie header and the blocked list ("name:Reason name:Reason").
#[track_caller]
fn check_send(steps: &[(&str, &str, i64)], secs: i64, url: &str, context: &str, header: &str, blocked: &str) {
    let mut jar = jar_with(steps);
    let r = jar.cookies_for_request(&u(url), &ctx(context), at(secs));
    assert_eq!(r.header().unwrap_or_default(), header, "Cookie header for {url} ({context})");
    let b: Vec<String> = r.blocked.iter().map(|b| format!("{}:{}", b.cookie.name, b.reason().unwrap())).collect();
    assert_eq!(b.join(" "), blocked, "blocked for {url} ({context})");
}

#[test] // §5.8.3 step 1: host-only vs domain match; DomainMismatch for cookies of the same site
fn domain_matching_on_retrieval() {
    let steps = [
        ("http://www.example.com/", "host=1", 0),
        ("http://www.example.com/", "dom=1; Domain=example.com", 1),
        ("http://other.com/", "other=1", 2),
    ];
    check_send(&steps, 5, "http://www.example.com/", "typed", "host=1; dom=1", "");
    check_send(&steps, 5, "http://a.b.example.com/", "typed", "dom=1", "host:DomainMismatch");
    check_send(&steps, 5, "http://example.com/", "typed", "dom=1", "host:DomainMismatch");
    check_send(&steps, 5, "http://notexample.com/", "typed", "", "");
    check_send(&steps, 5, "http://other.com/", "typed", "other=1", "");
    check_send(&steps, 5, "http://sub.other.com/", "typed", "", "other:DomainMismatch");
    // The narrower list drops DomainMismatch entries.
    let mut jar = jar_with(&steps);
    let r = jar.cookies_for_request(&u("http://a.example.com/"), &RequestContext::typed("GET"), at(5));
    assert_eq!(r.blocked.len(), 1);
    assert_eq!(r.blocked_matching_host().count(), 0);
    // IP hosts: exact only.
    let ip = [("http://127.0.0.1:8000/", "s=1", 0)];
    check_send(&ip, 1, "http://127.0.0.1:9000/", "typed", "s=1", ""); // ports do not separate cookies
    check_send(&ip, 1, "http://127.0.0.2:8000/", "typed", "", "");
}

#[test] // §5.1.4 path-match; NotOnPath
fn path_matching_on_retrieval() {
    let steps = [("http://e.com/", "a=1; Path=/docs", 0), ("http://e.com/", "b=1; Path=/docs/", 1)];
    check_send(&steps, 2, "http://e.com/docs", "typed", "a=1", "b:NotOnPath");
    check_send(&steps, 2, "http://e.com/docs/", "typed", "b=1; a=1", "");
    check_send(&steps, 2, "http://e.com/docs/web", "typed", "b=1; a=1", "");
    check_send(&steps, 2, "http://e.com/docsweb", "typed", "", "b:NotOnPath a:NotOnPath"); // blocked ones listed in sending order too
    check_send(&steps, 2, "http://e.com/", "typed", "", "b:NotOnPath a:NotOnPath");
    check_send(&steps, 2, "http://e.com/DOCS", "typed", "", "b:NotOnPath a:NotOnPath"); // case-sensitive
}

#[test] // §5.8.3 step 2: longer paths first, then earlier creation
fn cookie_header_order() {
    let steps = [
        ("http://e.com/", "z=1; Path=/", 0),
        ("http://e.com/", "y=1; Path=/a/b", 1),
        ("http://e.com/", "x=1; Path=/a", 2),
        ("http://e.com/", "w=1; Path=/", 3),
        ("http://e.com/", "v=1; Path=/a", 2),
    ];
    check_send(&steps, 4, "http://e.com/a/b/c", "typed", "y=1; x=1; v=1; z=1; w=1", "");
    // Several Set-Cookie lines at one instant keep their order.
    let same = [("http://e.com/", "b=1", 0), ("http://e.com/", "a=1", 0), ("http://e.com/", "c=1", 0)];
    check_send(&same, 0, "http://e.com/", "typed", "b=1; a=1; c=1", "");
    // Nameless cookies are sent as their bare value.
    check_send(&[("http://e.com/", "bare", 0), ("http://e.com/", "a=1", 1)], 2, "http://e.com/", "typed", "bare; a=1", "");
}

#[test] // §5.8.3 step 1: Secure cookies only over secure schemes; SecureOnly
fn secure_on_retrieval() {
    let steps = [("https://e.com/", "s=1; Secure", 0), ("https://e.com/", "p=1", 1)];
    check_send(&steps, 2, "https://e.com/", "typed", "s=1; p=1", "");
    check_send(&steps, 2, "http://e.com/", "typed", "p=1", "s:SecureOnly");
}

#[test] // Expiry decided at each call: an expired cookie is neither sent nor listed nor reported
fn expiry_on_retrieval() {
    let steps = [("http://e.com/", "a=1; Max-Age=100", 0), ("http://e.com/", "b=1", 0)];
    check_send(&steps, 99, "http://e.com/", "typed", "a=1; b=1", "");
    check_send(&steps, 100, "http://e.com/", "typed", "b=1", "");
    let jar = jar_with(&steps);
    assert_eq!(jar.cookies(at(99)).len(), 2);
    assert_eq!(jar.cookies(at(100)).len(), 1);
    assert_eq!(jar.to_json(at(100)).as_array().map(Vec::len), Some(1));
    let mut jar = jar;
    assert_eq!(jar.purge_expired(at(100)), 1);
}

#[test] // RFC 6265bis §5.2 same-site contexts as Chromium computes them; DevTools reason names
         // (Chromium 156 names every SameSite refusal Schemeful…: tests/chromium_recorded)
fn samesite_on_retrieval() {
    let t = "https://samples.dj4e.com/session/";
    let steps = [
        (t, "strict=1; SameSite=Strict", 0),
        (t, "lax=1; SameSite=Lax", 1),
        (t, "unspec=1", 2),
        (t, "none=1; SameSite=None; Secure", 3),
    ];
    let later = 1000; // past the 2-minute Lax-allowing-unsafe window
    // Same-site: everything.
    check_send(&steps, later, t, "typed", "strict=1; lax=1; unspec=1; none=1", "");
    check_send(&steps, later, t, "nav POST from https://samples.dj4e.com/form", "strict=1; lax=1; unspec=1; none=1", "");
    check_send(&steps, later, t, "nav GET from https://www.dj4e.com/", "strict=1; lax=1; unspec=1; none=1", "");
    // Cross-site top-level GET (a link click): Lax goes, Strict does not.
    check_send(&steps, later, t, "nav GET from https://evil.example/", "lax=1; unspec=1; none=1", "strict:SchemefulSameSiteStrict");
    // Cross-site top-level POST: only None.
    check_send(
        &steps,
        later,
        t,
        "nav POST from https://evil.example/",
        "none=1",
        "strict:SchemefulSameSiteStrict lax:SchemefulSameSiteLax unspec:SchemefulSameSiteUnspecifiedTreatedAsLax",
    );
    // Cross-site subresource / iframe: third-party cookies blocked too.
    check_send(
        &steps,
        later,
        t,
        "sub GET from https://evil.example/",
        "",
        "strict:SchemefulSameSiteStrict lax:SchemefulSameSiteLax unspec:SchemefulSameSiteUnspecifiedTreatedAsLax none:UserPreferences",
    );
    check_send(
        &steps,
        later,
        t,
        "iframe GET from https://evil.example/",
        "",
        "strict:SchemefulSameSiteStrict lax:SchemefulSameSiteLax unspec:SchemefulSameSiteUnspecifiedTreatedAsLax none:UserPreferences",
    );
    // Same-site subresource: all.
    check_send(&steps, later, t, "sub GET from https://samples.dj4e.com/page", "strict=1; lax=1; unspec=1; none=1", "");
}

#[test] // Schemeful same-site: http and https of one domain are different sites (Schemeful… names)
fn schemeful_same_site() {
    let t = "https://samples.dj4e.com/";
    let steps = [(t, "strict=1; SameSite=Strict", 0), (t, "lax=1; SameSite=Lax", 0), (t, "unspec=1", 0)];
    check_send(
        &steps,
        1000,
        t,
        "nav POST from http://samples.dj4e.com/",
        "",
        "strict:SchemefulSameSiteStrict lax:SchemefulSameSiteLax unspec:SchemefulSameSiteUnspecifiedTreatedAsLax",
    );
    check_send(&steps, 1000, t, "nav GET from http://samples.dj4e.com/", "lax=1; unspec=1", "strict:SchemefulSameSiteStrict");
    // http subresource embedded in an http page of the same domain is first-party (schemeless), cross-site (schemeful).
    check_send(
        &steps,
        1000,
        t,
        "sub GET from http://www.dj4e.com/",
        "",
        "strict:SchemefulSameSiteStrict lax:SchemefulSameSiteLax unspec:SchemefulSameSiteUnspecifiedTreatedAsLax",
    );
}

#[test] // Chromium Lax-allowing-unsafe: unspecified SameSite younger than 2 minutes goes with a cross-site top-level POST
fn lax_allowing_unsafe() {
    let t = "https://samples.dj4e.com/";
    let steps = [(t, "unspec=1", 0), (t, "lax=1; SameSite=Lax", 0)];
    let post = "nav POST from https://evil.example/";
    check_send(&steps, 0, t, post, "unspec=1", "lax:SchemefulSameSiteLax");
    check_send(&steps, 120, t, post, "unspec=1", "lax:SchemefulSameSiteLax");
    check_send(&steps, 121, t, post, "", "unspec:SchemefulSameSiteUnspecifiedTreatedAsLax lax:SchemefulSameSiteLax");
    // Not for subresources.
    check_send(
        &steps,
        0,
        t,
        "sub POST from https://evil.example/",
        "",
        "unspec:SchemefulSameSiteUnspecifiedTreatedAsLax lax:SchemefulSameSiteLax",
    );
    // Re-setting with the same value keeps the creation time, so the window does not reopen.
    let reset = [(t, "unspec=1", 0), (t, "unspec=1", 200)];
    check_send(&reset, 201, t, post, "", "unspec:SchemefulSameSiteUnspecifiedTreatedAsLax");
    let changed = [(t, "unspec=1", 0), (t, "unspec=2", 200)];
    check_send(&changed, 201, t, post, "unspec=2", "");
}

#[test] // Chromium: last_access of the sent cookies becomes the request time
fn last_access_updated() {
    let mut jar = jar_with(&[("http://e.com/", "a=1", 0), ("http://e.com/", "b=1; Path=/x", 0)]);
    jar.cookies_for_request(&u("http://e.com/"), &ctx("typed"), at(50));
    let la: Vec<String> = jar.cookies(at(50)).iter().map(|c| format!("{}:{}", c.name, c.last_access)).collect();
    assert_eq!(la, ["b:2019-09-29T23:17:55Z", "a:2019-09-29T23:18:45Z"]);
}

// ---------------------------------------------------------------------------------
// document.cookie (§5.8.3 "non-HTTP" retrieval and §5.7 "non-HTTP" storage)

#[test] // HttpOnly hidden from script; script cannot set HttpOnly or overwrite HttpOnly (silently)
fn document_cookie() {
    let page = u("http://e.com/page");
    let mut jar = jar_with(&[
        ("http://e.com/", "sessionid=abc; HttpOnly; Path=/", 0),
        ("http://e.com/", "zap=42; Path=/", 1),
        ("http://other.com/", "o=1", 1),
        ("https://e.com/", "s=1; Secure; Path=/", 1),
    ]);
    assert_eq!(jar.document_cookie(&page, at(2)), "zap=42");
    assert_eq!(outcome_str(&jar.set_document_cookie(&page, "theme=dark; Path=/", at(3))), "stored");
    assert_eq!(outcome_str(&jar.set_document_cookie(&page, "sessionid=stolen; Path=/", at(4))), "ignored");
    assert_eq!(outcome_str(&jar.set_document_cookie(&page, "x=1; HttpOnly", at(4))), "ignored");
    assert_eq!(outcome_str(&jar.set_document_cookie(&page, "s=2; Path=/", at(4))), "OverwriteSecure");
    assert_eq!(jar.document_cookie(&page, at(5)), "zap=42; theme=dark");
    assert_eq!(jar.find(&sel("sessionid"), at(5)).unwrap().value, "abc");
    // A script's cookie without Path gets the page's default path.
    jar.set_document_cookie(&u("http://e.com/dir/page"), "d=1", at(6));
    assert_eq!(jar.find(&sel("d"), at(6)).unwrap().path, "/dir");
    assert_eq!(jar.document_cookie(&u("https://e.com/"), at(7)), "zap=42; s=1; theme=dark");
}

// ---------------------------------------------------------------------------------
// Limits and eviction (Chromium CookieMonster::GarbageCollect)

#[test] // Chromium: 180 per registrable domain, purged to 150, least recently accessed first
fn per_domain_limit() {
    let mut jar = Jar::new();
    let h = u("http://e.com/");
    for i in 0..180 {
        jar.set_cookie(&h, &format!("c{i}=1"), &ctx("typed"), at(i));
    }
    assert_eq!(jar.cookies(at(200)).len(), 180);
    // Touch c0 so it is the most recently accessed (a request to its own path).
    jar.set_cookie(&h, "c0=1; Path=/only", &ctx("typed"), at(1)); // 181st: evicts down to 150
    assert_eq!(jar.cookies(at(200)).len(), 150);
    let names: Vec<String> = jar.cookies(at(200)).iter().map(|c| c.name.clone()).collect();
    assert!(!names.contains(&"c1".to_string()) && names.contains(&"c179".to_string()));
    // Another domain is not affected.
    jar.set_cookie(&u("http://f.com/"), "f=1", &ctx("typed"), at(300));
    assert_eq!(jar.cookies(at(300)).len(), 151);
}

#[test] // Chromium: expired cookies go first when a domain is full
fn per_domain_limit_expired_first() {
    let mut jar = Jar::new();
    let h = u("http://e.com/");
    for i in 0..180 {
        let attrs = if i % 2 == 0 { "; Max-Age=10" } else { "" };
        jar.set_cookie(&h, &format!("c{i}=1{attrs}"), &ctx("typed"), at(i % 5));
    }
    // At 20 s the Max-Age=10 ones expired; the jar purges them on the next call anyway.
    jar.set_cookie(&h, "new=1", &ctx("typed"), at(20));
    assert_eq!(jar.cookies(at(20)).len(), 91);
}

#[test] // Chromium: secure cookies are protected in the first purge rounds
fn per_domain_limit_protects_secure() {
    let mut jar = Jar::new();
    let h = u("https://e.com/");
    for i in 0..100 {
        jar.set_cookie(&h, &format!("s{i}=1; Secure"), &ctx("typed"), at(i));
    }
    for i in 0..81 {
        jar.set_cookie(&h, &format!("p{i}=1"), &ctx("typed"), at(100 + i));
    }
    let left = jar.cookies(at(500));
    assert_eq!(left.len(), 150);
    assert_eq!(left.iter().filter(|c| c.secure).count(), 100, "the 31 evicted are non-secure");
}

#[test] // Chromium: 3300 in all, purged to 3000 (only cookies not accessed for 30 days)
fn global_limit() {
    let mut jar = Jar::new();
    for d in 0..33 {
        let h = u(&format!("http://d{d}.com/"));
        for i in 0..100 {
            jar.set_cookie(&h, &format!("c{i}=1; Max-Age=30000000"), &ctx("typed"), at(0));
        }
    }
    assert_eq!(jar.cookies(at(0)).len(), 3300);
    // Within 30 days everything is safe from the global purge.
    jar.set_cookie(&u("http://z.com/"), "z=1", &ctx("typed"), at(10));
    assert_eq!(jar.cookies(at(10)).len(), 3301);
    let month = 31 * 86_400;
    jar.set_cookie(&u("http://y.com/"), "y=1", &ctx("typed"), at(month));
    assert_eq!(jar.cookies(at(month)).len(), 3000);
    assert!(jar.find(&sel("y"), at(month)).is_some());
}

// ---------------------------------------------------------------------------------
// Browser-level operations

#[test] // Chromium: a normal close drops session cookies; a private window forgets all
fn close_browser() {
    let mut b = Browser::new("A");
    b.jar = jar_with(&[("http://e.com/", "sess=1", 0), ("http://e.com/", "keep=1; Max-Age=1000", 0)]);
    b.history.visit(u("http://e.com/"));
    let mut restored = b.clone();
    b.close(Close::Normal, at(1));
    assert_eq!(b.jar.cookies(at(1)).iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["keep"]);
    assert_eq!(b.current_url(), None);
    restored.close(Close::ContinueWhereLeftOff, at(1));
    assert_eq!(restored.jar.cookies(at(1)).len(), 2);
    let mut p = Browser::new_private("P");
    p.jar = jar_with(&[("http://e.com/", "keep=1; Max-Age=1000", 0)]);
    p.close(Close::Normal, at(1));
    assert!(p.jar.cookies(at(1)).is_empty());
}

#[test] // DevTools Storage panel: edit, add, delete, delete session cookies, clear
fn devtools_operations() {
    let h = "http://e.com/";
    let mut jar = jar_with(&[(h, "sessionid=abc; HttpOnly", 0), (h, "zap=42; Max-Age=100", 1), (h, "zap=43; Path=/x", 2)]);
    let edited = jar
        .edit(&sel("sessionid"), &CookieEdit { value: Some("tampered".into()), ..Default::default() }, at(10))
        .unwrap();
    assert_eq!((edited.value.as_str(), edited.http_only, edited.created), ("tampered", true, at(10)));
    let e = jar.edit(&sel("nope"), &CookieEdit::default(), at(10)).unwrap_err();
    assert_eq!(e.to_string(), "no cookie \"nope\" is in the jar");
    let e = jar.edit(&sel("zap"), &CookieEdit { name: Some("a;b".into()), ..Default::default() }, at(10)).unwrap_err();
    assert!(matches!(e, JarError::InvalidName(_)));
    assert_eq!(jar.cookies(at(10)).len(), 3, "a failed edit changes nothing");
    // Pick by path among two of one name.
    let by_path = CookieSelector { name: "zap".into(), path: Some("/".into()), ..Default::default() };
    assert_eq!(jar.delete(&by_path, at(11)).unwrap().value, "42");
    assert_eq!(jar.find(&sel("zap"), at(11)).unwrap().path, "/x");
    jar.add(Cookie::new("added", "1", ".e.com", at(12)), at(12)).unwrap();
    assert_eq!(jar.find(&sel("added"), at(12)).unwrap().domain, "e.com");
    assert_eq!(jar.delete_session_cookies(), 3);
    jar.clear();
    assert!(jar.cookies(at(12)).is_empty());
}

#[test] // A thief's copy keeps every attribute; the copy is sent by the thief's browser
fn copy_cookie_between_jars() {
    let victim = jar_with(&[("http://127.0.0.1:8000/", "sessionid=abc; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax", 0)]);
    let mut thief = Jar::new();
    let c = thief.copy_from(&victim, &sel("sessionid"), at(100)).unwrap();
    let orig = victim.find(&sel("sessionid"), at(100)).unwrap();
    assert_eq!((&c.domain, c.host_only, &c.path, c.expires, c.http_only, c.same_site), (&orig.domain, orig.host_only, &orig.path, orig.expires, orig.http_only, orig.same_site));
    let r = thief.cookies_for_request(&u("http://127.0.0.1:8000/session/"), &ctx("typed"), at(101));
    assert_eq!(r.header().as_deref(), Some("sessionid=abc"));
    assert!(thief.copy_from(&victim, &sel("nope"), at(100)).is_err());
}

#[test] // Browser history: back/forward/reload as a real browser
fn history() {
    let mut h = History::default();
    assert_eq!((h.back(), h.forward(), h.reload()), (None, None, None));
    h.visit(u("http://e.com/1"));
    h.visit(u("http://e.com/2"));
    h.visit(u("http://e.com/3"));
    assert_eq!(h.back(), Some(u("http://e.com/2")));
    assert_eq!(h.back(), Some(u("http://e.com/1")));
    assert_eq!(h.back(), None);
    assert_eq!(h.forward(), Some(u("http://e.com/2")));
    assert_eq!(h.reload(), Some(u("http://e.com/2")));
    h.visit(u("http://e.com/4")); // drops the forward entry /3
    assert!(!h.can_go_forward());
    assert_eq!(h.entries().len(), 3);
    h.replace(u("http://e.com/5")); // a redirect
    assert_eq!(h.back(), Some(u("http://e.com/2")));
    assert_eq!(h.forward(), Some(u("http://e.com/5")));
}

// ---------------------------------------------------------------------------------
// Transcript JSON

#[test] // spec djsim-cli.md: jar entry fields in order; decisions
fn transcript_json() {
    let mut jar = Jar::new();
    let url = u("http://127.0.0.1:8000/session/sessfun");
    jar.set_cookie(
        &url,
        "sessionid=xyz; expires=Sun, 13 Oct 2019 23:17:55 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax",
        &ctx("typed"),
        T0,
    );
    assert_eq!(
        jar.to_json(T0).to_string(),
        r#"[{"name":"sessionid","value":"xyz","domain":"127.0.0.1","host_only":true,"path":"/","expires":"2019-10-13T23:17:55Z","http_only":true,"secure":false,"same_site":"Lax","created":"2019-09-29T23:17:55Z","last_access":"2019-09-29T23:17:55Z"}]"#
    );
    let o = jar.set_cookie(&url, "a=1; Domain=evil.example", &ctx("typed"), T0);
    assert_eq!(
        rejected_json("a=1; Domain=evil.example", &o).unwrap().to_string(),
        r#"{"header":"a=1; Domain=evil.example","reason":"InvalidDomain"}"#
    );
    assert_eq!(rejected_json("x", &SetCookieOutcome::Deleted { existed: true }), None);
    let r = jar.cookies_for_request(&u("https://127.0.0.1:8000/"), &ctx("sub GET from https://evil.example/"), T0);
    assert_eq!(r.blocked_json().to_string(), r#"[{"name":"sessionid","reason":"SchemefulSameSiteLax"}]"#);
    assert_eq!(r.sent_json().to_string(), "[]");
}

// ---------------------------------------------------------------------------------
// URLs and sites

#[track_caller]
fn check_url(input: &str, expected: &str) {
    let got = match Url::parse(input) {
        Ok(u) => format!("{} host={} port={} path={} site={}", u, u.host(), u.port(), u.path(), u.site()),
        Err(e) => format!("error: {e}"),
    };
    assert_eq!(got, expected, "{input:?}");
}

#[test] // URL parsing, origin and schemeful site (eTLD+1, or the host for IPs)
fn urls() {
    check_url("http://127.0.0.1:8000/session/", "http://127.0.0.1:8000/session/ host=127.0.0.1 port=8000 path=/session/ site=http://127.0.0.1");
    check_url("HTTPS://Samples.DJ4E.com", "https://samples.dj4e.com/ host=samples.dj4e.com port=443 path=/ site=https://dj4e.com");
    check_url("https://a.b.example.co.uk:443/x?y=1#frag", "https://a.b.example.co.uk/x?y=1 host=a.b.example.co.uk port=443 path=/x site=https://example.co.uk");
    check_url("http://localhost:8000/a/../b/./c", "http://localhost:8000/b/c host=localhost port=8000 path=/b/c site=http://localhost");
    check_url("http://user:pw@e.com/", "http://e.com/ host=e.com port=80 path=/ site=http://e.com");
    check_url("http://[::1]:8000/", "http://[::1]:8000/ host=[::1] port=8000 path=/ site=http://[::1]");
    check_url("/session/", "error: \"/session/\" is not an absolute URL like http://127.0.0.1:8000/");
    check_url("ftp://e.com/", "error: \"ftp://e.com/\" does not use http or https");
    check_url("http:///x", "error: \"http:///x\" has no host");
    check_url("http://e.com:99999/", "error: \"http://e.com:99999/\" has a port that is not a number from 1 to 65535");
    check_url("http://e.com:8a/", "error: \"http://e.com:8a/\" has a port that is not a number from 1 to 65535");
    check_url("http://e vil.com/", "error: \"http://e vil.com/\" has a host with characters a host name may not hold");
}

#[track_caller]
fn check_join(base: &str, reference: &str, expected: &str) {
    assert_eq!(u(base).join(reference).map(|u| u.to_string()).unwrap_or_else(|e| e.to_string()), expected, "{base} + {reference}");
}

#[test] // Location headers and links resolve against the page (RFC 3986 §5.2)
fn url_join() {
    let b = "http://127.0.0.1:8000/session/sessfun?x=1";
    check_join(b, "/login/", "http://127.0.0.1:8000/login/");
    check_join(b, "other", "http://127.0.0.1:8000/session/other");
    check_join(b, "../up", "http://127.0.0.1:8000/up");
    check_join(b, "?y=2", "http://127.0.0.1:8000/session/sessfun?y=2");
    check_join(b, "", "http://127.0.0.1:8000/session/sessfun?x=1");
    check_join(b, "//evil.example/x", "http://evil.example/x");
    check_join(b, "https://samples.dj4e.com/", "https://samples.dj4e.com/");
}

#[test] // Chromium GetDomainAndRegistry: unknown TLDs count, single labels and IPs have no site
fn registrable_domains() {
    for (host, expected) in [
        ("www.example.com", Some("example.com")),
        ("example.com", Some("example.com")),
        ("com", None),
        ("a.b.co.uk", Some("b.co.uk")),
        ("co.uk", None),
        ("evil.example", Some("evil.example")),
        ("x.y.pythonanywhere.com", Some("y.pythonanywhere.com")),
        ("localhost", None),
        ("127.0.0.1", None),
        ("a.b.c.d.e", Some("d.e")),
    ] {
        assert_eq!(psl::registrable_domain(host), expected, "{host}");
    }
    assert!(psl::is_public_suffix("com") && psl::is_public_suffix("co.uk") && psl::is_public_suffix("github.io"));
    assert!(!psl::is_public_suffix("example.com") && !psl::is_public_suffix("127.0.0.1"));
}

#[track_caller]
fn check_context(target: &str, rc: RequestContext, request: SameSiteContext, response: SameSiteContext, third_party: bool) {
    let t = u(target);
    assert_eq!(
        (rc.request_context(&t, true), rc.response_context(&t, true), rc.is_third_party(&t)),
        (request, response, third_party),
        "{target} {rc:?}"
    );
}

#[test] // Chromium ComputeSameSiteContextForRequest/ForResponse and SiteForCookies (top frame)
fn same_site_contexts() {
    use SameSiteContext::*;
    let t = "https://samples.dj4e.com/x";
    check_context(t, RequestContext::typed("GET"), Strict, Lax, false);
    check_context(t, RequestContext::typed("POST"), Strict, Lax, false);
    check_context(t, ctx("nav GET from https://evil.example/"), Lax, Lax, false);
    check_context(t, ctx("nav POST from https://evil.example/"), LaxMethodUnsafe, Lax, false);
    check_context(t, ctx("nav GET from http://samples.dj4e.com/"), Lax, Lax, false);
    check_context(t, ctx("sub GET from https://evil.example/"), CrossSite, CrossSite, true);
    check_context(t, ctx("sub GET from https://a.dj4e.com/"), Strict, Lax, false);
    // Schemeful cross-site, and third-party too: recorded on Chromium 156, an image of
    // an http page gets no cookie of the https site of its domain (this test said
    // first-party, comparing sites without the scheme).
    check_context(t, ctx("sub GET from http://a.dj4e.com/"), CrossSite, CrossSite, true);
    // An iframe of evil.example inside a dj4e page requests dj4e: the top frame is same-site, the initiator is not.
    let mut rc = ctx("sub GET from https://evil.example/");
    rc.top_frame = Some(u("https://www.dj4e.com/"));
    check_context(t, rc.clone(), Lax, Lax, false);
    rc.method = "POST".into();
    check_context(t, rc, LaxMethodUnsafe, Lax, false);
    // A dj4e iframe inside an evil page: third-party whatever the initiator.
    let mut rc = ctx("iframe GET from https://www.dj4e.com/");
    rc.top_frame = Some(u("https://evil.example/"));
    check_context(t, rc, CrossSite, CrossSite, true);
}

#[test] // Chromium CanonicalCookie::ParseExpiration: Expires moved by the clock skew (now - Date), Max-Age not
fn expires_adjusted_for_server_clock_skew() {
    let now = SimTime::parse_rfc3339("2019-09-29T23:17:55.591447Z").unwrap();
    let date = SimTime::parse_rfc3339("2019-09-29T23:17:55Z").unwrap(); // the Date header's whole second
    let url = u("http://localhost:8000/");
    let mut jar = Jar::new();
    jar.set_cookie_with_server_time(&url, "e=1; expires=Sun, 29 Sep 2019 23:34:35 GMT", &ctx("typed"), now, date);
    jar.set_cookie_with_server_time(&url, "m=1; Max-Age=1000", &ctx("typed"), now, date);
    let got: Vec<String> = jar.cookies(now).iter().map(|c| format!("{}:{}", c.name, c.expires.unwrap())).collect();
    assert_eq!(got, ["e:2019-09-29T23:34:35.591447Z", "m:2019-09-29T23:34:35.591447Z"]);
}
