//! Why a cookie was not sent, or a `Set-Cookie` not stored, named as the Chrome DevTools
//! protocol names it (`Network.CookieBlockedReason`, `Network.SetCookieBlockedReason`).
//!
//! Chromium collects every exclusion reason of a decision (`CookieInclusionStatus`);
//! DevTools lists them in a fixed order (content/browser/devtools/protocol/
//! network_handler.cc, `GetProtocolBlockedCookieReason` /
//! `GetProtocolBlockedSetCookieReason`). The enums below are declared in that order, so
//! sorting a decision's reasons gives DevTools' `blockedReasons`, and the first of them
//! is the one the transcript's single `reason` field shows.

use std::fmt;

/// Why a cookie of the jar was not sent with a request (DevTools `CookieBlockedReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum CookieBlockedReason {
    /// A `Secure` cookie and a request over plain http.
    SecureOnly,
    /// The request path does not path-match the cookie's path.
    NotOnPath,
    /// The request host does not domain-match the cookie's domain (a host-only cookie of
    /// a sibling host, or a parent-domain cookie of another subdomain).
    DomainMismatch,
    SameSiteStrict,
    SameSiteLax,
    SameSiteUnspecifiedTreatedAsLax,
    /// Blocked only because http and https of one registrable domain are different sites.
    SchemefulSameSiteStrict,
    SchemefulSameSiteLax,
    SchemefulSameSiteUnspecifiedTreatedAsLax,
    /// `SameSite=None` without `Secure` (only cookies stored before the rule could hold it).
    SameSiteNoneInsecure,
    /// Third-party cookie blocking (the user's preference, on by default in this build).
    UserPreferences,
}

/// Why a `Set-Cookie` was not stored (DevTools `SetCookieBlockedReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SetCookieBlockedReason {
    /// `Secure` from an insecure origin.
    SecureOnly,
    SameSiteStrict,
    SameSiteLax,
    SameSiteUnspecifiedTreatedAsLax,
    SchemefulSameSiteStrict,
    SchemefulSameSiteLax,
    SchemefulSameSiteUnspecifiedTreatedAsLax,
    /// `SameSite=None` without `Secure`.
    SameSiteNoneInsecure,
    /// Third-party cookie blocking.
    UserPreferences,
    /// The name or value holds a control character (Chromium's `EXCLUDE_FAILURE_TO_STORE`).
    SyntaxError,
    /// An http (non-secure) response may not replace or shadow a `Secure` cookie.
    OverwriteSecure,
    /// `Domain` does not domain-match the host, or names a public suffix.
    InvalidDomain,
    /// `__Secure-` / `__Host-` name without the attributes the prefix demands.
    InvalidPrefix,
    /// Name and value together are longer than 4096 bytes.
    NameValuePairExceedsMaxSize,
    /// A NUL, CR or LF in the header line.
    DisallowedCharacter,
    /// Neither name nor value (`Set-Cookie: =`, or an empty header).
    NoCookieContent,
}

impl CookieBlockedReason {
    /// The DevTools protocol's name.
    pub fn as_str(self) -> &'static str {
        use CookieBlockedReason::*;
        match self {
            SecureOnly => "SecureOnly",
            NotOnPath => "NotOnPath",
            DomainMismatch => "DomainMismatch",
            SameSiteStrict => "SameSiteStrict",
            SameSiteLax => "SameSiteLax",
            SameSiteUnspecifiedTreatedAsLax => "SameSiteUnspecifiedTreatedAsLax",
            SchemefulSameSiteStrict => "SchemefulSameSiteStrict",
            SchemefulSameSiteLax => "SchemefulSameSiteLax",
            SchemefulSameSiteUnspecifiedTreatedAsLax => "SchemefulSameSiteUnspecifiedTreatedAsLax",
            SameSiteNoneInsecure => "SameSiteNoneInsecure",
            UserPreferences => "UserPreferences",
        }
    }
}

impl SetCookieBlockedReason {
    /// The DevTools protocol's name.
    pub fn as_str(self) -> &'static str {
        use SetCookieBlockedReason::*;
        match self {
            SecureOnly => "SecureOnly",
            SameSiteStrict => "SameSiteStrict",
            SameSiteLax => "SameSiteLax",
            SameSiteUnspecifiedTreatedAsLax => "SameSiteUnspecifiedTreatedAsLax",
            SchemefulSameSiteStrict => "SchemefulSameSiteStrict",
            SchemefulSameSiteLax => "SchemefulSameSiteLax",
            SchemefulSameSiteUnspecifiedTreatedAsLax => "SchemefulSameSiteUnspecifiedTreatedAsLax",
            SameSiteNoneInsecure => "SameSiteNoneInsecure",
            UserPreferences => "UserPreferences",
            SyntaxError => "SyntaxError",
            OverwriteSecure => "OverwriteSecure",
            InvalidDomain => "InvalidDomain",
            InvalidPrefix => "InvalidPrefix",
            NameValuePairExceedsMaxSize => "NameValuePairExceedsMaxSize",
            DisallowedCharacter => "DisallowedCharacter",
            NoCookieContent => "NoCookieContent",
        }
    }
}

impl fmt::Display for CookieBlockedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for SetCookieBlockedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
