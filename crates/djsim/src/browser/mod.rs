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
//! * [`user_agent`]: a [`Browser`] (name, jar, private flag, history).
//!
//! Where Chromium and RFC 6265bis differ, the jar does what Chromium does (much of it
//! recorded from Chromium 156 itself: `tests/chromium_recorded`, replayed as a test):
//! * replacing a cookie keeps its creation time only when the value is unchanged (the
//!   draft always keeps it; [`JarPolicy::keep_creation_time_on_replace`] switches);
//! * an unspecified-SameSite cookie younger than 2 minutes goes with a cross-site
//!   top-level POST ("Lax-allowing-unsafe");
//! * a `Max-Age` that is not a number falls back to `Expires`; the last occurrence of an
//!   attribute counts even when invalid; `Max-Age=+5` is read as 5;
//! * `Expires` dates are read as Chromium reads them ([`date`]: any year, strict time
//!   and number tokens);
//! * any control character in the name, value or an attribute, HTAB inside them
//!   included, refuses the line (`DisallowedCharacter`); an empty `Domain=` makes a
//!   host-only cookie; a nameless cookie whose value holds `=` is silently dropped;
//! * same-site is schemeful, third-party blocking too, and DevTools names every SameSite
//!   refusal `Schemeful…`; a third-party `Set-Cookie` is refused as `UserPreferences`
//!   alone;
//! * `Secure` from `http://localhost` is allowed, as Chromium does
//!   ([`JarPolicy::localhost_is_secure`]); prefixed names over plain http are refused as
//!   `InvalidPrefix`;
//! * `Partitioned` (CHIPS) needs `Secure` from a secure origin (else it is silently
//!   dropped); a partitioned cookie belongs to the top-level site it was set under, goes
//!   only under it, and is not third-party there (the "ancestor chain" bit of its
//!   partition key is not modelled);
//! * `last_access` of a sent cookie is updated on every request (Chromium skips updates
//!   less than a minute apart).
//!
//! Architecture invariant: the browser knows nothing of the server. The World makes the
//! round trips; a `Browser` only decides what goes out and what is kept.

pub mod user_agent;
pub mod cookie;
pub mod date;
pub mod evict;
pub mod jar;
pub mod matching;
pub mod parse;
pub mod psl;
pub mod reason;
pub mod url;

pub use user_agent::{Browser, Close, History};
pub use cookie::{Cookie, Priority, SameSite};
pub use jar::{
    rejected_json, BlockedCookie, CookieEdit, CookieSelector, IgnoredReason, Jar, JarError, JarPolicy, RequestCookies,
    SetCookieOutcome,
};
pub use matching::{RequestContext, RequestKind, SameSiteContext};
pub use parse::{parse_set_cookie, Expiry, ParsedSetCookie};
pub use reason::{CookieBlockedReason, SetCookieBlockedReason};
pub use url::{Origin, Scheme, Site, Url, UrlError};
