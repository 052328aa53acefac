//! Parsing one `Set-Cookie` header value (or a `document.cookie` assignment):
//! RFC 6265bis §5.6 "The Set-Cookie Header Field", with Chromium's `ParsedCookie`
//! where the two differ (noted beside the code).

use std::fmt;

use super::date::parse_cookie_date;
use super::reason::SetCookieBlockedReason;
use crate::time::SimTime;

/// "the user agent MUST … ignore the set-cookie-string if the name and value together are
/// longer than 4096 octets" (RFC 6265bis §5.6 step 5; Chromium `kMaxCookieNamePlusValueSize`).
pub const MAX_NAME_VALUE_BYTES: usize = 4096;
/// "If the attribute-value is longer than 1024 octets, ignore the cookie-av" (§5.6 step 8;
/// Chromium `kMaxCookieAttributeValueSize`).
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 1024;
/// "The user agent MUST limit the maximum value of the Expires/Max-Age attribute … to
/// 400 days" (RFC 6265bis §5.6.1, §5.6.2).
pub const MAX_EXPIRY_DAYS: i64 = 400;

/// A `Set-Cookie` line split into its name, value and the attributes that matter.
/// Where an attribute appears several times, the last one counts (Chromium's
/// `ParsedCookie` keeps the index of the last occurrence, even when its value is not
/// valid; the RFC would skip an invalid `Max-Age` and keep an earlier valid one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSetCookie {
    pub name: String,
    pub value: String,
    /// The last `Expires` attribute's raw value.
    pub expires: Option<String>,
    /// The last `Max-Age` attribute's raw value.
    pub max_age: Option<String>,
    /// The last `Domain` attribute's raw value (possibly empty).
    pub domain: Option<String>,
    /// The last `Path` attribute's raw value (possibly empty).
    pub path: Option<String>,
    pub secure: bool,
    pub http_only: bool,
    /// `None` when absent, empty or not one of Strict, Lax, None (then the cookie's
    /// SameSite is "unspecified", treated as Lax by default).
    pub same_site: Option<SameSite>,
    /// Chromium's non-standard `Priority` attribute (eviction order).
    pub priority: Priority,
    pub partitioned: bool,
}

/// The `SameSite` attribute's enforcement mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    Strict,
    Lax,
    /// `SameSite=None`: sent cross-site too (it must then be `Secure`).
    None,
}

/// Chromium's `Priority` attribute: which cookies of a full domain go first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Priority {
    Low,
    #[default]
    Medium,
    High,
}

/// When a cookie stops being sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expiry {
    /// No (valid) `Max-Age` or `Expires`: gone when the browsing session ends.
    Session,
    /// Persistent until this moment (may already be past: the header then deletes).
    At(SimTime),
}

impl SameSite {
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

impl fmt::Display for SameSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "Low",
            Priority::Medium => "Medium",
            Priority::High => "High",
        }
    }
}

/// The earliest time: what an already-expired cookie gets (`Max-Age=0`).
pub const EARLIEST: SimTime = SimTime::from_unix_micros(i64::MIN);

/// Parses a `Set-Cookie` header value. The error is the reason DevTools shows for a
/// line that cannot make a cookie at all.
pub fn parse_set_cookie(line: &str) -> Result<ParsedSetCookie, SetCookieBlockedReason> {
    // Chromium blocks a line that a NUL, CR or LF would truncate
    // (`EXCLUDE_DISALLOWED_CHARACTER`); RFC 6265bis §5.6 step 1 aborts on every CTL
    // but HTAB.
    if line.bytes().fold(false, |found, b| found | matches!(b, 0 | b'\r' | b'\n')) {
        return Err(SetCookieBlockedReason::DisallowedCharacter);
    }
    // "2. If the set-cookie-string contains a %x3B (";") character: The name-value-pair
    // string consists of the characters up to, but not including, the first %x3B (";"),
    // and the unparsed-attributes consist of the remainder of the set-cookie-string
    // (including the %x3B (";") in question)."
    let (pair, unparsed) = match line.find(';') {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    };
    // "3. If the name-value-pair string lacks a %x3D ("=") character, then the name
    // string is empty, and the value string is the value of name-value-pair."
    // (Chromium: the same "nameless cookie", sent back as the bare value.)
    let (name, value) = match pair.find('=') {
        Some(i) => (&pair[..i], &pair[i + 1..]),
        None => ("", pair),
    };
    // "4. Remove any leading or trailing WSP characters from the name string and the
    // value string."
    let (name, value) = (trim_wsp(name), trim_wsp(value));
    // "6. If the name string is empty and the value string is empty, … ignore the
    // set-cookie-string entirely." (Chromium: `EXCLUDE_NO_COOKIE_CONTENT`.)
    if name.is_empty() && value.is_empty() {
        return Err(SetCookieBlockedReason::NoCookieContent);
    }
    // "5. If the sum of the lengths of the name string and the value string is more than
    // 4096 octets, abort these steps and ignore the set-cookie-string entirely."
    if name.len() + value.len() > MAX_NAME_VALUE_BYTES {
        return Err(SetCookieBlockedReason::NameValuePairExceedsMaxSize);
    }
    // "1. If the set-cookie-string contains a %x00-08 / %x0A-1F / %x7F character (CTL
    // characters excluding HTAB): Abort these steps and ignore the set-cookie-string
    // entirely." Chromium 156 refuses a control character in the name or value, an HTAB
    // inside them included (only the WSP around them is trimmed), as
    // `DisallowedCharacter` (recorded: `a=b\tc`, `a=\x01`, `a\x7f=b`).
    if has_ctl(name) || has_ctl(value) {
        return Err(SetCookieBlockedReason::DisallowedCharacter);
    }
    let mut cookie = ParsedSetCookie {
        name: name.to_string(),
        value: value.to_string(),
        expires: None,
        max_age: None,
        domain: None,
        path: None,
        secure: false,
        http_only: false,
        same_site: None,
        priority: Priority::Medium,
        partitioned: false,
    };
    // §5.6 step 8: each cookie-av up to the next ";".
    for av in unparsed.split(';').skip(1) {
        let (attr_name, attr_value) = match av.find('=') {
            Some(i) => (trim_wsp(&av[..i]), trim_wsp(&av[i + 1..])),
            None => (trim_wsp(av), ""),
        };
        // Chromium 156: a control character in any attribute, known or not, refuses the
        // whole line as it does in the name or value (recorded: `a=1; Path=/x\x01`,
        // `a=1; foo=\x01`, `a=1; Path=/a\tb`); the draft would only ignore the cookie-av.
        if has_ctl(attr_name) || has_ctl(attr_value) {
            return Err(SetCookieBlockedReason::DisallowedCharacter);
        }
        if attr_value.len() > MAX_ATTRIBUTE_VALUE_BYTES {
            continue; // "ignore the cookie-av"
        }
        // Attribute names and values are compared case-insensitively (ASCII).
        let is = |name: &str| attr_name.eq_ignore_ascii_case(name);
        let value_is = |v: &str| attr_value.eq_ignore_ascii_case(v);
        if is("expires") {
            cookie.expires = Some(attr_value.to_string());
        } else if is("max-age") {
            cookie.max_age = Some(attr_value.to_string());
        } else if is("domain") {
            cookie.domain = Some(attr_value.to_string());
        } else if is("path") {
            cookie.path = Some(attr_value.to_string());
        } else if is("secure") {
            cookie.secure = true;
        } else if is("httponly") {
            cookie.http_only = true;
        } else if is("samesite") {
            cookie.same_site = if value_is("strict") {
                Some(SameSite::Strict)
            } else if value_is("lax") {
                Some(SameSite::Lax)
            } else if value_is("none") {
                Some(SameSite::None)
            } else {
                // "If cookie-av's attribute-value is not a case-insensitive match for
                // "Strict", "Lax" or "None", ignore the cookie-av" → unspecified.
                None
            };
        } else if is("priority") {
            cookie.priority = if value_is("low") {
                Priority::Low
            } else if value_is("high") {
                Priority::High
            } else {
                Priority::Medium
            };
        } else if is("partitioned") {
            cookie.partitioned = true;
        }
        // Any other name: "ignore the cookie-av" (an unknown attribute).
    }
    Ok(cookie)
}

impl ParsedSetCookie {
    /// The cookie's expiry as Chromium computes it (`CanonicalCookie::ParseExpiration`
    /// and `ValidateAndAdjustExpiryDate`): `Max-Age` over `Expires` whichever comes
    /// first; capped at 400 days after `now`.
    pub fn expiry(&self, now: SimTime) -> Expiry {
        self.expiry_with_server_time(now, now)
    }

    /// [`expiry`](Self::expiry) for a response whose `Date` header said `server_time`:
    /// Chromium moves an `Expires` date by the clock skew `now - server_time` ("Adjust
    /// for clock skew between server and host"). `Date` has whole seconds, so with one
    /// simulated clock the skew is the sub-second part of `now`.
    pub fn expiry_with_server_time(&self, now: SimTime, server_time: SimTime) -> Expiry {
        let raw = self.uncapped_expiry(now, now.micros_since(server_time));
        match raw {
            Expiry::At(t) => {
                let cap = now.plus_secs(MAX_EXPIRY_DAYS * 86_400);
                Expiry::At(if t > cap { cap } else { t })
            }
            Expiry::Session => Expiry::Session,
        }
    }

    fn uncapped_expiry(&self, now: SimTime, skew_micros: i64) -> Expiry {
        // "If the cookie-attribute-list contains an attribute with an attribute-name of
        // "Max-Age": Set the cookie's persistent-flag to true. Set the cookie's
        // expiry-time to attribute-value of the last attribute …"
        if let Some(max_age) = &self.max_age {
            match parse_delta_seconds(max_age) {
                // "If delta-seconds is less than or equal to zero (0), let expiry-time be
                // the earliest representable date and time."
                DeltaSeconds::Value(n) if n <= 0 => return Expiry::At(EARLIEST),
                // "Otherwise, let the expiry-time be the current date and time plus
                // delta-seconds seconds."
                DeltaSeconds::Value(n) => return Expiry::At(now.plus_secs(n)),
                // Chromium saturates an overflowing Max-Age to the min/max time.
                DeltaSeconds::Overflow(negative) => {
                    return Expiry::At(if negative { EARLIEST } else { SimTime::from_unix_micros(i64::MAX) })
                }
                // Chromium: a Max-Age that is not a number falls back to Expires.
                DeltaSeconds::Invalid => {}
            }
        }
        // "Otherwise, if the cookie-attribute-list contains an attribute with an
        // attribute-name of "Expires" …"
        if let Some(expires) = self.expires.as_deref().filter(|e| !e.is_empty()) {
            if let Some(t) = parse_cookie_date(expires) {
                return Expiry::At(t.plus_micros(skew_micros));
            }
        }
        Expiry::Session
    }
}

enum DeltaSeconds {
    Value(i64),
    Overflow(bool),
    Invalid,
}

/// Chromium reads Max-Age with `base::StringToInt64`: an optional sign, then digits
/// only. (The RFC does not allow a `+`; Chromium does.)
fn parse_delta_seconds(s: &str) -> DeltaSeconds {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return DeltaSeconds::Invalid;
    }
    match digits.parse::<i64>() {
        Ok(n) => DeltaSeconds::Value(if negative { -n } else { n }),
        Err(_) => DeltaSeconds::Overflow(negative),
    }
}

/// WSP = SP / HTAB
fn trim_wsp(s: &str) -> &str {
    // Both are ASCII: the cut falls between characters.
    let wsp = |b: &u8| *b == b' ' || *b == b'\t';
    let b = s.as_bytes();
    let start = b.iter().position(|c| !wsp(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !wsp(c)).map_or(start, |i| i + 1);
    &s[start..end]
}

/// CTL characters, HTAB included: what Chromium refuses inside a trimmed name, value or
/// attribute.
fn is_ctl(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

/// Whether `s` holds a CTL (a whole-string scan the compiler vectorises).
fn has_ctl(s: &str) -> bool {
    s.bytes().fold(false, |found, b| found | is_ctl(b))
}
