//! A browser's cookie jar: storing `Set-Cookie` (RFC 6265bis §5.7 "Storage Model"),
//! choosing the `Cookie` header (§5.8 "Retrieval Model"), `document.cookie`, and what a
//! person does to it in DevTools. Where Chromium differs from the draft, the jar does
//! what Chromium does; each such place says so.
//!
//! Every call takes `now`: expiry is decided at the time of the call, and an expired
//! cookie is neither sent nor listed.

use std::fmt;

use serde_json::{json, Value};

use super::cookie::{Cookie, SameSite};
use super::evict::{domain_key, garbage_collect};
use super::matching::{default_path, domain_match, path_match, RequestContext, RequestKind, SameSiteContext};
use super::parse::{parse_set_cookie, Expiry, ParsedSetCookie};
use super::psl;
use super::reason::{CookieBlockedReason, SetCookieBlockedReason};
use super::url::Url;
use crate::time::SimTime;

/// How long an unspecified-SameSite cookie still goes with a cross-site top-level POST
/// (Chromium's "Lax-allowing-unsafe" intervention, `kLaxAllowUnsafeMaxAge`).
pub const LAX_ALLOW_UNSAFE_MAX_AGE_SECS: i64 = 120;

/// A browser's cookie store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jar {
    cookies: Vec<Cookie>,
    next_seq: u64,
    pub policy: JarPolicy,
}

/// The browser's settings that change cookie decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JarPolicy {
    /// Block third-party cookies (cross-site iframes and subresources), reported as
    /// `UserPreferences`. On by default in the Chromium build the team observed.
    pub block_third_party_cookies: bool,
    /// Treat `http://localhost` and `http://127.0.0.1` as secure origins. Chromium does
    /// (`cookie_util::ProvisionalAccessScheme` calls them `kTrustworthy`: they may set
    /// and read `Secure` cookies), and so does this simulator by default: a student who
    /// sets `SESSION_COOKIE_SECURE = True` on `127.0.0.1:8000` sees what Chrome shows.
    /// Off: the draft's rule alone (only https is secure), as on a real http site.
    pub localhost_is_secure: bool,
    /// Replacing a cookie keeps its creation time whatever its new value, as RFC 6265bis
    /// §5.7 step 22.3 says (and the Django oracle's simple jar does). Off by default:
    /// Chromium keeps it only when the value is unchanged, so a cookie given a new value
    /// moves later in the `Cookie` header.
    pub keep_creation_time_on_replace: bool,
}

impl Default for JarPolicy {
    fn default() -> Self {
        JarPolicy { block_third_party_cookies: true, localhost_is_secure: true, keep_creation_time_on_replace: false }
    }
}

/// What became of one `Set-Cookie` (or one `document.cookie` assignment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetCookieOutcome {
    /// Stored; `replaced` when it took the place of a cookie of the same name, domain,
    /// host-only flag and path.
    Stored { replaced: bool },
    /// It arrived already expired: it deleted the cookie it names, if any. DevTools
    /// reports no reason for it.
    Deleted { existed: bool },
    /// Not stored, with DevTools' reasons in DevTools' order (never empty).
    Blocked(Vec<SetCookieBlockedReason>),
    /// What Chromium silently ignores, with no DevTools reason: a script's attempt on an
    /// HttpOnly cookie, a nameless `=a=b`, an invalid `Partitioned` cookie.
    Ignored(IgnoredReason),
}

/// Why a `Set-Cookie` or a script's `document.cookie` assignment silently did nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IgnoredReason {
    /// The assignment carried `HttpOnly` (`EXCLUDE_HTTP_ONLY`).
    HttpOnlyFromScript,
    /// It would have replaced an HttpOnly cookie (`EXCLUDE_OVERWRITE_HTTP_ONLY`).
    OverwriteHttpOnly,
    /// No name, and a value holding `=` (it would be sent back as `name=value`).
    NamelessWithEquals,
    /// `Partitioned` without `Secure`, or from an insecure origin.
    InvalidPartitioned,
}

/// The cookies of a request: those sent, in `Cookie` header order, and those of the
/// jar that Chromium considered but did not send (every cookie filed under the request
/// host's registrable domain, as DevTools' `associatedCookies`), with the reasons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestCookies {
    pub sent: Vec<Cookie>,
    pub blocked: Vec<BlockedCookie>,
}

/// A cookie that was not sent, and why (DevTools' order; never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedCookie {
    pub cookie: Cookie,
    pub reasons: Vec<CookieBlockedReason>,
}

/// Picks a cookie as a person does in the DevTools Storage panel: by name, and by
/// domain and path when several cookies share the name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieSelector {
    pub name: String,
    /// With or without a leading dot.
    pub domain: Option<String>,
    pub path: Option<String>,
}

/// A DevTools edit of one cookie: each `Some` field replaces that attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieEdit {
    pub name: Option<String>,
    pub value: Option<String>,
    pub domain: Option<String>,
    pub host_only: Option<bool>,
    pub path: Option<String>,
    /// `Some(None)` makes it a session cookie.
    pub expires: Option<Option<SimTime>>,
    pub http_only: Option<bool>,
    pub secure: Option<bool>,
    /// `Some(None)` removes the attribute.
    pub same_site: Option<Option<SameSite>>,
}

/// A browser-level operation on the jar that could not be done.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JarError {
    /// No cookie matches the selector.
    NoSuchCookie(String),
    /// A name holding `;`, `=`, a control character, or leading/trailing blanks.
    InvalidName(String),
    /// A value holding `;` or a control character.
    InvalidValue(String),
    /// A domain that is not a host name.
    InvalidDomain(String),
    /// A path that does not start with `/`.
    InvalidPath(String),
}

impl fmt::Display for JarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JarError::NoSuchCookie(s) => write!(f, "no cookie {s} is in the jar"),
            JarError::InvalidName(s) => write!(f, "{s:?} cannot be a cookie name (no ';', '=', control characters or surrounding blanks)"),
            JarError::InvalidValue(s) => write!(f, "{s:?} cannot be a cookie value (no ';' or control characters)"),
            JarError::InvalidDomain(s) => write!(f, "{s:?} is not a host name a cookie can belong to"),
            JarError::InvalidPath(s) => write!(f, "{s:?} is not a cookie path (it must start with '/')"),
        }
    }
}
impl std::error::Error for JarError {}

impl fmt::Display for CookieSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.name)?;
        if let Some(d) = &self.domain {
            write!(f, " for domain {d:?}")?;
        }
        if let Some(p) = &self.path {
            write!(f, " with path {p:?}")?;
        }
        Ok(())
    }
}

impl SetCookieOutcome {
    /// The first DevTools reason when blocked (what the transcript's `reason` shows).
    pub fn reason(&self) -> Option<SetCookieBlockedReason> {
        match self {
            SetCookieOutcome::Blocked(r) => r.first().copied(),
            _ => None,
        }
    }
}

impl BlockedCookie {
    /// The first reason in DevTools' order (the jar never makes a `BlockedCookie`
    /// without one).
    pub fn reason(&self) -> Option<CookieBlockedReason> {
        self.reasons.first().copied()
    }
    /// The transcript's `{"name": …, "reason": …}`.
    pub fn to_json(&self) -> Value {
        json!({"name": self.cookie.name, "reason": self.reason().map(|r| r.as_str())})
    }
}

impl RequestCookies {
    /// The `Cookie` header value, `None` when no cookie is sent.
    pub fn header(&self) -> Option<String> {
        if self.sent.is_empty() {
            None
        } else {
            // Each cookie's `pair()`, joined with "; ".
            let mut header = String::with_capacity(self.sent.iter().map(|c| c.name.len() + c.value.len() + 3).sum());
            for (i, c) in self.sent.iter().enumerate() {
                if i > 0 {
                    header.push_str("; ");
                }
                if !c.name.is_empty() {
                    header.push_str(&c.name);
                    header.push('=');
                }
                header.push_str(&c.value);
            }
            Some(header)
        }
    }
    /// The transcript's `cookies_sent`: the names, in header order.
    pub fn sent_json(&self) -> Value {
        Value::Array(self.sent.iter().map(|c| Value::from(c.name.clone())).collect())
    }
    /// The transcript's `cookies_blocked`: every cookie DevTools lists as not sent,
    /// `DomainMismatch` ones (same registrable domain, another host) included.
    pub fn blocked_json(&self) -> Value {
        Value::Array(self.blocked.iter().map(BlockedCookie::to_json).collect())
    }

    /// Only the blocked cookies whose domain matches the request host (no
    /// `DomainMismatch`), for a narrower reading of "whose domain matches".
    pub fn blocked_matching_host(&self) -> impl Iterator<Item = &BlockedCookie> {
        self.blocked.iter().filter(|b| !b.reasons.contains(&CookieBlockedReason::DomainMismatch))
    }
}

/// The transcript's `set_cookies_rejected` entry for a header, when it was rejected with
/// a DevTools reason: `{"header": …, "reason": …}`.
pub fn rejected_json(header: &str, outcome: &SetCookieOutcome) -> Option<Value> {
    outcome.reason().map(|r| json!({"header": header, "reason": r.as_str()}))
}

/// Who is setting a cookie.
#[derive(Clone, Copy, Debug)]
enum Source<'a> {
    Http(&'a RequestContext),
    Script,
}

impl Jar {
    pub fn new() -> Jar {
        Jar::default()
    }

    pub fn with_policy(policy: JarPolicy) -> Jar {
        Jar { policy, ..Jar::default() }
    }

    /// Stores one `Set-Cookie` header value received from `url` in a response to a
    /// request made in `ctx`.
    pub fn set_cookie(&mut self, url: &Url, header: &str, ctx: &RequestContext, now: SimTime) -> SetCookieOutcome {
        self.set(url, header, Source::Http(ctx), now, now)
    }

    /// [`set_cookie`](Self::set_cookie) for a response whose `Date` header said
    /// `server_time`: an `Expires` date is moved by the clock skew, as Chromium does.
    pub fn set_cookie_with_server_time(
        &mut self,
        url: &Url,
        header: &str,
        ctx: &RequestContext,
        now: SimTime,
        server_time: SimTime,
    ) -> SetCookieOutcome {
        self.set(url, header, Source::Http(ctx), now, server_time)
    }

    /// Stores every `Set-Cookie` of a response, in order; returns each header's outcome.
    pub fn set_cookies<'h>(
        &mut self,
        url: &Url,
        headers: impl IntoIterator<Item = &'h str>,
        ctx: &RequestContext,
        now: SimTime,
    ) -> Vec<(String, SetCookieOutcome)> {
        headers.into_iter().map(|h| (h.to_string(), self.set_cookie(url, h, ctx, now))).collect()
    }

    /// The cookies for a request to `url` made in `ctx`, and those not sent with why.
    /// The sent cookies' last-access time becomes `now`.
    pub fn cookies_for_request(&mut self, url: &Url, ctx: &RequestContext, now: SimTime) -> RequestCookies {
        self.purge_expired(now);
        let context = ctx.request_context(url, true);
        let third_party = self.policy.block_third_party_cookies && ctx.kind != RequestKind::Navigation && ctx.is_third_party(url);
        let secure_origin = self.is_secure_origin(url);
        let key = domain_key(url.host()).to_string();
        let top_site = ctx.site_for_cookies(url).site();
        let mut out = RequestCookies::default();
        for i in self.sorted_indices() {
            let c = &self.cookies[i];
            // Another partition's cookies are not this request's to consider (DevTools
            // does not list them either).
            if domain_key(&c.domain) != key || c.partition_key.as_ref().is_some_and(|k| *k != top_site) {
                continue;
            }
            let reasons = inclusion(c, url, secure_origin, context, third_party && c.partition_key.is_none(), now);
            if reasons.is_empty() {
                self.cookies[i].last_access = now;
                out.sent.push(self.cookies[i].clone());
            } else {
                out.blocked.push(BlockedCookie { cookie: c.clone(), reasons });
            }
        }
        out
    }

    /// `document.cookie` read by a script of the top-level page `url`: the cookies a
    /// same-site request to `url` would carry, without the HttpOnly ones.
    pub fn document_cookie(&mut self, url: &Url, now: SimTime) -> String {
        self.purge_expired(now);
        let secure_origin = self.is_secure_origin(url);
        let top_site = url.site();
        let mut pairs = Vec::new();
        for i in self.sorted_indices() {
            let c = &self.cookies[i];
            // "If the cookie's http-only-flag is true, then exclude the cookie if the
            // retrieval's type is "non-HTTP"." (§5.8.3)
            if c.http_only
                || domain_key(&c.domain) != domain_key(url.host())
                || c.partition_key.as_ref().is_some_and(|k| *k != top_site)
            {
                continue;
            }
            // Script of a top-level page reads in a same-site (Strict) context.
            let reasons = inclusion(c, url, secure_origin, SameSiteContext::Strict, false, now);
            if reasons.is_empty() {
                self.cookies[i].last_access = now;
                pairs.push(self.cookies[i].pair());
            }
        }
        pairs.join("; ")
    }

    /// `document.cookie = assignment` by a script of the top-level page `url`.
    pub fn set_document_cookie(&mut self, url: &Url, assignment: &str, now: SimTime) -> SetCookieOutcome {
        self.set(url, assignment, Source::Script, now, now)
    }

    /// Every cookie that has not expired, in the order the browser would send them:
    /// longer paths first, then earlier creation (RFC 6265bis §5.8.3 step 2).
    pub fn cookies(&self, now: SimTime) -> Vec<&Cookie> {
        self.sorted_indices().into_iter().map(|i| &self.cookies[i]).filter(|c| !c.is_expired(now)).collect()
    }

    /// The transcript's jar: an array of entries in sending order.
    pub fn to_json(&self, now: SimTime) -> Value {
        Value::Array(self.cookies(now).into_iter().map(Cookie::to_json).collect())
    }

    /// Removes the cookies expired at `now`; returns how many.
    pub fn purge_expired(&mut self, now: SimTime) -> usize {
        let before = self.cookies.len();
        self.cookies.retain(|c| !c.is_expired(now));
        before - self.cookies.len()
    }

    /// A normal browser close: session cookies go, persistent ones stay (expired ones
    /// are purged as well).
    pub fn close(&mut self, now: SimTime) {
        self.purge_expired(now);
        self.delete_session_cookies();
    }

    /// Deletes every session cookie; returns how many.
    pub fn delete_session_cookies(&mut self) -> usize {
        let before = self.cookies.len();
        self.cookies.retain(Cookie::persistent);
        before - self.cookies.len()
    }

    /// Deletes every cookie ("Clear site data" for all sites).
    pub fn clear(&mut self) {
        self.cookies.clear();
    }

    /// The cookie a selector picks: the first match in sending order.
    pub fn find(&self, sel: &CookieSelector, now: SimTime) -> Option<&Cookie> {
        self.find_index(sel, now).map(|i| &self.cookies[i])
    }

    /// Deletes the cookie the selector picks (one row of the Storage panel).
    pub fn delete(&mut self, sel: &CookieSelector, now: SimTime) -> Result<Cookie, JarError> {
        let i = self.find_index(sel, now).ok_or_else(|| JarError::NoSuchCookie(sel.to_string()))?;
        Ok(self.cookies.remove(i))
    }

    /// A DevTools edit of the cookie the selector picks. Like DevTools (which sets the
    /// edited cookie anew through `Network.setCookie`), the edited cookie replaces the
    /// old one: it keeps its creation time only if its value is unchanged, and its last
    /// access becomes `now`.
    pub fn edit(&mut self, sel: &CookieSelector, edit: &CookieEdit, now: SimTime) -> Result<Cookie, JarError> {
        let i = self.find_index(sel, now).ok_or_else(|| JarError::NoSuchCookie(sel.to_string()))?;
        let old = self.cookies.remove(i);
        let mut c = old.clone();
        if let Some(n) = &edit.name {
            c.name = n.clone();
        }
        if let Some(v) = &edit.value {
            c.value = v.clone();
        }
        if let Some(d) = &edit.domain {
            c.domain = d.trim_start_matches('.').to_ascii_lowercase();
            // A dotted domain names a domain cookie, as DevTools shows it.
            if edit.host_only.is_none() && d.starts_with('.') {
                c.host_only = false;
            }
        }
        if let Some(h) = edit.host_only {
            c.host_only = h;
        }
        if let Some(p) = &edit.path {
            c.path = p.clone();
        }
        if let Some(e) = edit.expires {
            c.expires = e;
        }
        if let Some(h) = edit.http_only {
            c.http_only = h;
        }
        if let Some(s) = edit.secure {
            c.secure = s;
        }
        if let Some(s) = edit.same_site {
            c.same_site = s;
        }
        if let Err(e) = validate(&c) {
            self.cookies.insert(i, old);
            return Err(e);
        }
        if c.value != old.value {
            c.created = now;
            c.seq = self.bump_seq();
        }
        c.last_access = now;
        let stored = c.clone();
        self.insert(c, now);
        Ok(stored)
    }

    /// DevTools "add": stores the cookie as given (created and last accessed `now`),
    /// replacing the cookie of the same name, domain, host-only flag and path.
    pub fn add(&mut self, mut cookie: Cookie, now: SimTime) -> Result<Cookie, JarError> {
        cookie.domain = cookie.domain.trim_start_matches('.').to_ascii_lowercase();
        validate(&cookie)?;
        cookie.created = now;
        cookie.last_access = now;
        cookie.seq = self.bump_seq();
        let stored = cookie.clone();
        self.insert(cookie, now);
        Ok(stored)
    }

    /// Copies the cookie `sel` picks from `from` into this jar, as a thief pasting it
    /// into their own browser: every attribute is kept (domain, host-only flag, path,
    /// expiry, flags); it is created and last accessed `now` in this jar.
    pub fn copy_from(&mut self, from: &Jar, sel: &CookieSelector, now: SimTime) -> Result<Cookie, JarError> {
        let c = from.find(sel, now).ok_or_else(|| JarError::NoSuchCookie(sel.to_string()))?.clone();
        self.add(c, now)
    }

    fn set(&mut self, url: &Url, line: &str, source: Source<'_>, now: SimTime, server_time: SimTime) -> SetCookieOutcome {
        self.purge_expired(now);
        let parsed = match parse_set_cookie(line) {
            Ok(p) => p,
            Err(reason) => return SetCookieOutcome::Blocked(vec![reason]),
        };
        // Stage 1, Chromium's `CanonicalCookie::Create`: domain and prefix.
        let mut reasons = Vec::new();
        let domain = cookie_domain(url, parsed.domain.as_deref());
        if domain.is_none() {
            reasons.push(SetCookieBlockedReason::InvalidDomain);
        }
        let secure_origin = self.is_secure_origin(url);
        if !prefix_ok(url, secure_origin, &parsed) {
            reasons.push(SetCookieBlockedReason::InvalidPrefix);
        }
        let Some((domain, host_only)) = domain.filter(|_| reasons.is_empty()) else {
            reasons.sort();
            return SetCookieOutcome::Blocked(reasons);
        };
        // Chromium 156 silently drops a nameless cookie whose value holds "=" (it would
        // come back as `name=value`): `=a=b`, `==` (recorded; no DevTools reason).
        if parsed.name.is_empty() && parsed.value.contains('=') {
            return SetCookieOutcome::Ignored(IgnoredReason::NamelessWithEquals);
        }
        // A `Partitioned` cookie (CHIPS) must be `Secure` and come from a secure origin
        // (`localhost` counts); otherwise Chromium drops it silently (recorded on
        // Chromium 156: no DevTools reason, not even SecureOnly).
        if parsed.partitioned && !(parsed.secure && secure_origin) {
            return SetCookieOutcome::Ignored(IgnoredReason::InvalidPartitioned);
        }
        // Its partition is the top-level site it was set under.
        let partition_key = parsed.partitioned.then(|| match source {
            Source::Http(ctx) => ctx.site_for_cookies(url).site(),
            Source::Script => url.site(),
        });
        // Third-party blocking (Chromium's `CanSetCookie`) comes before the jar's own
        // checks, and alone: a cross-site iframe's or image's Set-Cookie is refused as
        // UserPreferences only, whatever its SameSite or Secure (recorded). A partitioned
        // cookie is not third-party: its partition is the top-level site.
        if let Source::Http(ctx) = source {
            if self.policy.block_third_party_cookies
                && ctx.kind != RequestKind::Navigation
                && ctx.is_third_party(url)
                && partition_key.is_none()
            {
                return SetCookieOutcome::Blocked(vec![SetCookieBlockedReason::UserPreferences]);
            }
        }
        // §5.7 step 9 (Path): "If the cookie-attribute-list contains an attribute with an
        // attribute-name of "Path", set the cookie's path to attribute-value of the last
        // attribute …" — Chromium takes it only when it starts with "/"; otherwise the
        // default-path of the request-uri.
        let path = match &parsed.path {
            Some(p) if p.starts_with('/') => p.clone(),
            _ => default_path(url.path()),
        };
        let expires = match parsed.expiry_with_server_time(now, server_time) {
            Expiry::Session => None,
            Expiry::At(t) => Some(t),
        };
        // Stage 2, Chromium's `IsSetPermittedInContext`.
        // §5.7 step 14: "If the scheme component of the request-uri does not denote a
        // "secure" protocol (as defined by the user agent), and the cookie's
        // secure-only-flag is true, then abort these steps and ignore the cookie entirely."
        if parsed.secure && !secure_origin {
            reasons.push(SetCookieBlockedReason::SecureOnly);
        }
        // §5.7 step 12: "If the cookie was received from a "non-HTTP" API and the cookie's
        // http-only-flag is true, abort these steps and ignore the cookie entirely."
        if matches!(source, Source::Script) && parsed.http_only {
            return SetCookieOutcome::Ignored(IgnoredReason::HttpOnlyFromScript);
        }
        // §5.7 step 17: "If the cookie's same-site-flag is "None", abort these steps and
        // ignore the cookie entirely unless the cookie's secure-only-flag is true."
        if parsed.same_site == Some(SameSite::None) && !parsed.secure {
            reasons.push(SetCookieBlockedReason::SameSiteNoneInsecure);
        }
        let context = match source {
            Source::Http(ctx) => ctx.response_context(url, true),
            // A script of the top-level page sets in a same-site (Lax) context.
            Source::Script => SameSiteContext::Lax,
        };
        // §5.7 step 16: a cookie with same-site-flag other than "None" set from a
        // cross-site context is ignored. Chromium: Strict, Lax and unspecified all need
        // at least a Lax context to be set. Same-site is schemeful, and DevTools names
        // every such refusal Schemeful… (recorded on Chromium 156: a partitioned
        // `r=1; Partitioned; Secure` from an iframe of http://other.test is refused as
        // SchemefulSameSiteUnspecifiedTreatedAsLax, though the scheme played no part).
        if parsed.same_site != Some(SameSite::None) && context < SameSiteContext::Lax {
            reasons.push(match parsed.same_site {
                Some(SameSite::Strict) => SetCookieBlockedReason::SchemefulSameSiteStrict,
                Some(SameSite::Lax) => SetCookieBlockedReason::SchemefulSameSiteLax,
                _ => SetCookieBlockedReason::SchemefulSameSiteUnspecifiedTreatedAsLax,
            });
        }
        if !reasons.is_empty() {
            reasons.sort();
            return SetCookieOutcome::Blocked(reasons);
        }
        let cookie = Cookie {
            name: parsed.name,
            value: parsed.value,
            domain,
            host_only,
            path,
            expires,
            secure: parsed.secure,
            http_only: parsed.http_only,
            same_site: parsed.same_site,
            priority: parsed.priority,
            partition_key,
            created: now,
            last_access: now,
            seq: 0,
        };
        // Stage 3, Chromium's `CookieMonster::SetCanonicalCookie`.
        // §5.7 step 15: "If the cookie's secure-only-flag is false, and the scheme
        // component of request-uri does not denote a "secure" protocol, then abort these
        // steps and ignore the cookie entirely if the cookie store contains one or more
        // cookies that meet all of the following criteria: Their name matches the name of
        // the newly-created cookie. Their secure-only-flag is true. Their domain
        // domain-matches the domain of the newly-created cookie, or vice-versa. The path
        // of the newly-created cookie path-matches the path of the existing cookie."
        if !secure_origin
            && self.cookies.iter().any(|c| {
                c.secure
                    && c.name == cookie.name
                    && (domain_match(&c.domain, &cookie.domain) || domain_match(&cookie.domain, &c.domain))
                    && path_match(&cookie.path, &c.path)
            })
        {
            return SetCookieOutcome::Blocked(vec![SetCookieBlockedReason::OverwriteSecure]);
        }
        let old = self.cookies.iter().position(|c| c.same_entry(&cookie));
        // §5.7 step 22: "If the newly-created cookie was received from a "non-HTTP" API
        // and the old-cookie's http-only-flag is true, abort these steps and ignore the
        // newly created cookie entirely."
        if let (Some(i), Source::Script) = (old, source) {
            if self.cookies[i].http_only {
                return SetCookieOutcome::Ignored(IgnoredReason::OverwriteHttpOnly);
            }
        }
        // An already expired cookie only deletes ("Remove the old-cookie from the cookie
        // store"; Chromium: "Dropping already expired cookie").
        if cookie.is_expired(now) {
            if let Some(i) = old {
                self.cookies.remove(i);
            }
            return SetCookieOutcome::Deleted { existed: old.is_some() };
        }
        let mut cookie = cookie;
        match old {
            // "Update the creation-time of the newly-created cookie to match the
            // creation-time of the old-cookie" (§5.7 step 22.3) — Chromium keeps it only
            // when the value is unchanged, so a new value moves the cookie later in the
            // `Cookie` header.
            Some(i) if self.cookies[i].value == cookie.value || self.policy.keep_creation_time_on_replace => {
                cookie.created = self.cookies[i].created;
                cookie.seq = self.cookies[i].seq;
            }
            _ => cookie.seq = self.bump_seq(),
        }
        self.insert(cookie, now);
        SetCookieOutcome::Stored { replaced: old.is_some() }
    }

    /// Puts `cookie` in the store in place of the same entry and enforces the limits
    /// (which may evict it at once when its domain is full of higher-priority cookies).
    fn insert(&mut self, cookie: Cookie, now: SimTime) {
        self.cookies.retain(|c| !c.same_entry(&cookie));
        let key = domain_key(&cookie.domain).to_string();
        self.cookies.push(cookie);
        garbage_collect(&mut self.cookies, &key, now);
    }

    fn bump_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn is_secure_origin(&self, url: &Url) -> bool {
        url.is_secure() || (self.policy.localhost_is_secure && url.is_localhost())
    }

    /// Indices in sending order: "Cookies with longer paths are listed before cookies
    /// with shorter paths. Among cookies that have equal-length path fields, cookies with
    /// earlier creation-times are listed before cookies with later creation-times."
    fn sorted_indices(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.cookies.len()).collect();
        idx.sort_by_key(|&i| {
            let c = &self.cookies[i];
            (std::cmp::Reverse(c.path.len()), c.created, c.seq)
        });
        idx
    }

    fn find_index(&self, sel: &CookieSelector, now: SimTime) -> Option<usize> {
        let domain = sel.domain.as_ref().map(|d| d.trim_start_matches('.').to_ascii_lowercase());
        self.sorted_indices().into_iter().find(|&i| {
            let c = &self.cookies[i];
            !c.is_expired(now)
                && c.name == sel.name
                && domain.as_ref().is_none_or(|d| *d == c.domain)
                && sel.path.as_ref().is_none_or(|p| *p == c.path)
        })
    }
}

/// Chromium's `CanonicalCookie::IncludeForRequestURL`: the reasons a stored cookie is
/// not sent with a request (empty: it is sent), in DevTools' order.
fn inclusion(
    c: &Cookie,
    url: &Url,
    secure_origin: bool,
    context: SameSiteContext,
    third_party: bool,
    now: SimTime,
) -> Vec<CookieBlockedReason> {
    use CookieBlockedReason as R;
    let mut reasons = Vec::new();
    // §5.8.3 step 1: "If the cookie's secure-only-flag is true, then exclude the cookie
    // if the retrieval's URI's scheme does not denote a "secure" protocol."
    if c.secure && !secure_origin {
        reasons.push(R::SecureOnly);
    }
    // "Either: The cookie's host-only-flag is true and the canonicalized host of the
    // retrieval's URI is identical to the cookie's domain. Or: The cookie's host-only-flag
    // is false and the canonicalized host of the retrieval's URI domain-matches the
    // cookie's domain."
    if !c.matches_host(url.host()) {
        reasons.push(R::DomainMismatch);
    }
    // "The retrieval's URI's path path-matches the cookie's path."
    if !c.matches_path(url.path()) {
        reasons.push(R::NotOnPath);
    }
    // §5.8.3 step 1: same-site enforcement. Chromium's effective SameSite: an
    // unspecified cookie is Lax, but one younger than 2 minutes still goes with a
    // cross-site top-level POST ("Lax-allowing-unsafe").
    let needed = match c.same_site {
        Some(SameSite::Strict) => Some(SameSiteContext::Strict),
        Some(SameSite::Lax) => Some(SameSiteContext::Lax),
        Some(SameSite::None) => None,
        None if now.micros_since(c.created) <= LAX_ALLOW_UNSAFE_MAX_AGE_SECS * 1_000_000 => {
            Some(SameSiteContext::LaxMethodUnsafe)
        }
        None => Some(SameSiteContext::Lax),
    };
    if let Some(needed) = needed {
        if context < needed {
            // Same-site is schemeful, and Chromium 156's DevTools names every SameSite
            // refusal Schemeful…, whether or not the scheme made the difference
            // (recorded: a link from http://other.test to http://a.example.test reports
            // SchemefulSameSiteStrict).
            reasons.push(match c.same_site {
                Some(SameSite::Strict) => R::SchemefulSameSiteStrict,
                Some(SameSite::Lax) => R::SchemefulSameSiteLax,
                _ => R::SchemefulSameSiteUnspecifiedTreatedAsLax,
            });
        }
    }
    // "SameSite=None cookies without the Secure attribute should be ignored."
    if c.same_site == Some(SameSite::None) && !c.secure {
        reasons.push(R::SameSiteNoneInsecure);
    }
    if third_party {
        reasons.push(R::UserPreferences);
    }
    reasons.sort();
    reasons
}

/// Chromium's `cookie_util::GetCookieDomainWithString` (RFC 6265bis §5.7 steps 4–8):
/// the cookie's domain and host-only flag, or `None` when the `Domain` attribute is
/// not acceptable (InvalidDomain).
fn cookie_domain(url: &Url, attribute: Option<&str>) -> Option<(String, bool)> {
    let host = url.host();
    // "If the domain-attribute is empty: Set the cookie's host-only-flag to true. Set the
    // cookie's domain to the canonicalized request-host."
    let Some(attr) = attribute.filter(|a| !a.is_empty()) else {
        return Some((host.to_string(), true));
    };
    // Chromium: an IP address host may name itself; the cookie is then host-only.
    if url.host_is_ip() && attr == host {
        return Some((host.to_string(), true));
    }
    // "If the first character of the attribute-value string is %x2E ("."): Let
    // cookie-domain be the attribute-value without the leading %x2E (".") character."
    // "Convert the cookie-domain to lower case."
    let domain = attr.strip_prefix('.').unwrap_or(attr).to_ascii_lowercase();
    if domain.is_empty() || !domain.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)) {
        return None;
    }
    match psl::registrable_domain(host) {
        // The request host has no registrable domain (an IP address, `localhost`, a
        // public suffix itself). §5.7 step 7: "If the domain-attribute is identical to the
        // canonicalized request-host: Let the domain-attribute be the empty string.
        // Otherwise: Ignore the cookie entirely."
        None => (domain == host).then(|| (host.to_string(), true)),
        Some(host_site) => {
            // The domain must have the same registrable domain as the host (so it is not
            // a public suffix: "If the user agent is configured to reject "public
            // suffixes" and the domain-attribute is a public suffix … ignore the cookie")
            // and "If the canonicalized request-host does not domain-match the
            // domain-attribute: Ignore the cookie entirely."
            (psl::registrable_domain(&domain) == Some(host_site) && domain_match(host, &domain)).then_some((domain, false))
        }
    }
}

/// Cookie name prefixes (RFC 6265bis §4.1.3), checked case-insensitively as Chromium
/// now does. "__Secure-": the `Secure` attribute. "__Host-": `Secure`, no `Domain`
/// (Chromium allows an IP host naming itself) and `Path=/`. A nameless cookie whose
/// value looks like a prefixed name is refused too (Chromium `HasHiddenPrefixName`).
///
/// Both prefixes need a secure origin too (`localhost` counts): recorded on Chromium 156,
/// `__Host-a=1; Secure; Path=/` from http://a.example.test is refused as InvalidPrefix
/// alone (it never gets to the SecureOnly check).
fn prefix_ok(url: &Url, secure_origin: bool, p: &ParsedSetCookie) -> bool {
    let has_prefix = |s: &str, prefix: &str| s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes());
    if p.name.is_empty() {
        let v = p.value.trim_start_matches([' ', '\t']);
        return !has_prefix(v, "__Secure-") && !has_prefix(v, "__Host-");
    }
    if has_prefix(&p.name, "__Secure-") {
        return p.secure && secure_origin;
    }
    if has_prefix(&p.name, "__Host-") {
        let domain_ok = match p.domain.as_deref() {
            None | Some("") => true,
            Some(d) => url.host_is_ip() && d == url.host(),
        };
        return p.secure && secure_origin && domain_ok && p.path.as_deref() == Some("/");
    }
    true
}

/// What DevTools refuses in an edited or added cookie.
fn validate(c: &Cookie) -> Result<(), JarError> {
    let ctl = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
    if c.name.bytes().any(|b| ctl(b) || b == b';' || b == b'=') || c.name.trim_matches([' ', '\t']) != c.name {
        return Err(JarError::InvalidName(c.name.clone()));
    }
    if c.value.bytes().any(|b| ctl(b) || b == b';') || (c.name.is_empty() && c.value.is_empty()) {
        return Err(JarError::InvalidValue(c.value.clone()));
    }
    if c.domain.is_empty() || !c.domain.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._[]:".contains(&b)) {
        return Err(JarError::InvalidDomain(c.domain.clone()));
    }
    if !c.path.starts_with('/') {
        return Err(JarError::InvalidPath(c.path.clone()));
    }
    Ok(())
}
