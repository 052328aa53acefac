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
    /// The protocol's names without `Schemeful`: Chromium 156 no longer gives them
    /// (recorded in `tests/chromium_recorded`), nor does the jar.
    SameSiteStrict,
    SameSiteLax,
    SameSiteUnspecifiedTreatedAsLax,
    /// Not sent for its SameSite in a cross-site context. Chromium 156 names every such
    /// refusal Schemeful…, whether or not http vs https made the request cross-site.
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
    /// As for [`CookieBlockedReason`]: the jar gives only the Schemeful… names.
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
    /// Chromium's `EXCLUDE_FAILURE_TO_STORE`. Not given for control characters
    /// (Chromium 156 says DisallowedCharacter), nor by the jar.
    SyntaxError,
    /// An http (non-secure) response may not replace or shadow a `Secure` cookie.
    OverwriteSecure,
    /// `Domain` does not domain-match the host, or names a public suffix.
    InvalidDomain,
    /// `__Secure-` / `__Host-` name without the attributes the prefix demands.
    InvalidPrefix,
    /// Name and value together are longer than 4096 bytes.
    NameValuePairExceedsMaxSize,
    /// A control character in the name, value or an attribute (HTAB inside them
    /// included), or a NUL, CR or LF anywhere in the line.
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
