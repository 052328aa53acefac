//! The browsers' side: URLs and sites, and the cookie jar that decides like Chromium.
//! OWNER: browser jar.
//!
//! Codemap:
//! * [`url`]: `Url`, origins and schemeful sites; [`psl`]: registrable domains.
//! * [`parse`]: one `Set-Cookie` line → [`parse::ParsedSetCookie`]; [`date`]: its
//!   `Expires` date.
//! * [`cookie`]: a stored [`Cookie`] and its transcript JSON.
//! * [`matching`]: domain/path matching and the same-site context of a request.
//! * [`jar`]: the [`Jar`] (storage, retrieval, `document.cookie`, DevTools edits).
//! * [`evict`]: per-domain and global limits.
//! * [`reason`]: DevTools' names for every refusal.
//! * [`browser`]: a [`Browser`] (name, jar, private flag, history).
//!
//! Architecture invariant: the browser knows nothing of the server. The World makes the
//! round trips; a `Browser` only decides what goes out and what is kept.

pub mod browser;
pub mod cookie;
pub mod date;
pub mod evict;
pub mod jar;
pub mod matching;
pub mod parse;
pub mod psl;
pub mod reason;
pub mod url;

pub use browser::{Browser, Close, History};
pub use cookie::{Cookie, Priority, SameSite};
pub use jar::{
    rejected_json, BlockedCookie, CookieEdit, CookieSelector, IgnoredReason, Jar, JarError, JarPolicy, RequestCookies,
    SetCookieOutcome,
};
pub use matching::{RequestContext, RequestKind, SameSiteContext};
pub use parse::{parse_set_cookie, Expiry, ParsedSetCookie};
pub use reason::{CookieBlockedReason, SetCookieBlockedReason};
pub use url::{Origin, Scheme, Site, Url, UrlError};
