//! One stored cookie: RFC 6265bis §5.7's storage model (name, value, domain,
//! host-only-flag, path, expiry, secure-only, http-only, same-site, creation and
//! last-access times, persistent-flag), and its transcript JSON.

use serde_json::{json, Value};

use super::matching::{domain_match, path_match};
use super::url::Site;
pub use super::parse::{Priority, SameSite};
use crate::time::SimTime;

/// A cookie in a browser's jar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    /// The canonicalized domain, without a leading dot: the request host for a host-only
    /// cookie, the `Domain` attribute for a domain cookie.
    pub domain: String,
    /// Sent only to exactly `domain` (no `Domain` attribute), not to its subdomains.
    pub host_only: bool,
    pub path: String,
    /// `None` for a session cookie (persistent-flag false).
    pub expires: Option<SimTime>,
    pub secure: bool,
    pub http_only: bool,
    /// `None` when the attribute was absent ("unspecified", enforced as Lax).
    pub same_site: Option<SameSite>,
    pub priority: Priority,
    /// A `Partitioned` cookie's partition (CHIPS): the top-level site it was set under;
    /// it goes only with requests under that top-level site. `None`: unpartitioned.
    pub partition_key: Option<Site>,
    pub created: SimTime,
    pub last_access: SimTime,
    /// Order of creation among cookies of equal `created` (several `Set-Cookie` lines of
    /// one response): a real browser's clock would have told them apart.
    pub(crate) seq: u64,
}

impl Cookie {
    /// A cookie with the given name, value and host-only domain, path `/`, a session
    /// cookie with no flags, created at `now` (for tests and the devtools "add").
    pub fn new(name: &str, value: &str, domain: &str, now: SimTime) -> Cookie {
        Cookie {
            name: name.to_string(),
            value: value.to_string(),
            domain: domain.trim_start_matches('.').to_ascii_lowercase(),
            host_only: true,
            path: "/".to_string(),
            expires: None,
            secure: false,
            http_only: false,
            same_site: None,
            priority: Priority::Medium,
            partition_key: None,
            created: now,
            last_access: now,
            seq: 0,
        }
    }

    /// The persistent-flag: the cookie has an expiry and outlives the browsing session.
    pub fn persistent(&self) -> bool {
        self.expires.is_some()
    }

    /// Chromium's `IsExpired(current)`: "expiry_date <= current".
    pub fn is_expired(&self, now: SimTime) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }

    /// Whether a request to `host` domain-matches this cookie (RFC 6265bis §5.8.3 step 1:
    /// "Either: The cookie's host-only-flag is true and the canonicalized host of the
    /// retrieval's URI is identical to the cookie's domain. Or: The cookie's host-only-flag
    /// is false and the canonicalized host of the retrieval's URI domain-matches the
    /// cookie's domain.")
    pub fn matches_host(&self, host: &str) -> bool {
        if self.host_only {
            host == self.domain
        } else {
            domain_match(host, &self.domain)
        }
    }

    /// Whether a request path path-matches the cookie's path (§5.1.4).
    pub fn matches_path(&self, path: &str) -> bool {
        path_match(path, &self.path)
    }

    /// The `name=value` pair as the `Cookie` header and `document.cookie` show it; a
    /// nameless cookie shows its bare value (Chromium's `AppendCookieLineEntry`).
    pub fn pair(&self) -> String {
        if self.name.is_empty() {
            self.value.clone()
        } else {
            format!("{}={}", self.name, self.value)
        }
    }

    /// Two cookies are the same entry of the store when their name, domain, host-only
    /// flag and path are (RFC 6265bis §5.7 step 22: "If the cookie store contains a
    /// cookie with the same name, domain, host-only-flag, and path as the newly-created
    /// cookie"; Chromium's `IsEquivalent` compares name, dotted domain and path), and
    /// their partition (recorded: `a=1; Secure` and `a=2; Secure; Partitioned` both stay).
    pub fn same_entry(&self, other: &Cookie) -> bool {
        self.name == other.name
            && self.domain == other.domain
            && self.host_only == other.host_only
            && self.path == other.path
            && self.partition_key == other.partition_key
    }

    /// The transcript's jar entry, fields in the spec's order; a partitioned cookie has
    /// its `partition_key` (the top-level site) last.
    pub fn to_json(&self) -> Value {
        let mut entry = json!({
            "name": self.name,
            "value": self.value,
            "domain": self.domain,
            "host_only": self.host_only,
            "path": self.path,
            "expires": self.expires.map(|e| e.rfc3339()),
            "http_only": self.http_only,
            "secure": self.secure,
            "same_site": self.same_site.map(|s| s.as_str()),
            "created": self.created.rfc3339(),
            "last_access": self.last_access.rfc3339(),
        });
        if let (Some(key), Value::Object(map)) = (&self.partition_key, &mut entry) {
            map.insert("partition_key".into(), Value::from(key.to_string()));
        }
        entry
    }
}
