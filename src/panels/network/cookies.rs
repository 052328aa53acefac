//! The cookies of one request, as the Cookies tab and the HAR export show them: the
//! `Set-Cookie` lines parsed into name, value and attributes (with the browser's
//! decision), and the `Cookie` header split into its pairs.

use djsim::browser::date::parse_cookie_date;
use djsim::browser::{parse_set_cookie, ParsedSetCookie, SetCookieBlockedReason};
use djsim::time::SimTime;
use djsim::world::NetworkEntry;

/// One `Set-Cookie` line of a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseCookie<'a> {
    /// The header's value as received.
    pub line: &'a str,
    /// The line parsed (RFC 6265bis §5.6, as the jar parses it), or why it makes no cookie.
    pub parsed: Result<ParsedSetCookie, SetCookieBlockedReason>,
    /// `None`: the browser stored it; `Some(reason)`: it did not (a DevTools name).
    pub rejected: Option<&'a str>,
}

/// Every `Set-Cookie` line of `entry`'s response, in order, with the browser's decision.
pub fn response_cookies(entry: &NetworkEntry) -> Vec<ResponseCookie<'_>> {
    entry
        .set_cookies
        .iter()
        .map(|(line, rejected)| ResponseCookie { line, parsed: parse_set_cookie(line), rejected: rejected.as_deref() })
        .collect()
}

/// When the cookie expires, as Chrome's DevTools compute it for display and HAR
/// (`Cookie.expiresDate(requestDate)`: "if (this.maxAge()) … requestDate + 1000 *
/// maxAge; if (this.expires()) … new Date(this.expires())"): a non-zero `Max-Age`
/// counts from the request, else `Expires`; `None` for a session cookie. Note that
/// `Max-Age=0` is falsy there, so Django's deletion cookie shows its `expires=Thu, 01
/// Jan 1970 00:00:00 GMT`.
pub fn expires_date(cookie: &ParsedSetCookie, requested: SimTime) -> Option<SimTime> {
    let max_age = cookie.max_age.as_deref().and_then(js_number).filter(|age| *age != 0.0);
    if let Some(age) = max_age {
        return Some(requested.plus_micros((age * 1e6) as i64));
    }
    cookie.expires.as_deref().and_then(parse_cookie_date)
}

/// A `Set-Cookie` line split for display: (name, value, the rest from the first `;`).
/// `"sessionid=abc; Path=/"` → (`sessionid`, `abc`, `; Path=/`).
pub fn split_set_cookie(line: &str) -> (&str, &str, &str) {
    let (pair, rest) = line.find(';').map_or((line, ""), |i| (&line[..i], &line[i..]));
    let (name, value) = pair.split_once('=').unwrap_or(("", pair));
    (name, value, rest)
}

/// The pairs of a `Cookie` request header, in order: `"a=1; b=2"` → `[("a", "1"), ("b", "2")]`.
/// A pair without `=` is a nameless cookie (its text is the value).
pub fn cookie_pairs(header: &str) -> Vec<(&str, &str)> {
    header.split(';').map(str::trim).filter(|pair| !pair.is_empty()).map(|pair| pair.split_once('=').unwrap_or(("", pair))).collect()
}

/// JavaScript's `Number(text)` for the decimal forms a `Max-Age` takes; `None` for NaN.
fn js_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0.0);
    }
    let plain = text.trim_start_matches(['+', '-']);
    if !plain.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None; // "inf", "NaN", "abc": NaN (only "Infinity" is a number in JS)
    }
    djsim::float::parse_f64(text).filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_expires(line: &str, expected: Option<&str>) {
        let cookie = parse_set_cookie(line).unwrap();
        let got = expires_date(&cookie, SimTime::LECTURE).map(|t| t.rfc3339());
        assert_eq!(got.as_deref(), expected, "{line}");
    }

    #[test]
    fn expiry_as_devtools_computes_it() {
        check_expires("zap=42; Path=/", None);
        check_expires("sakaicar=42; expires=Sun, 29 Sep 2019 23:34:35 GMT; Max-Age=1000; Path=/", Some("2019-09-29T23:34:35Z"));
        check_expires("a=1; Max-Age=1000", Some("2019-09-29T23:34:35Z"));
        check_expires("a=1; Max-Age=-1", Some("2019-09-29T23:17:54Z"));
        check_expires("zap=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/", Some("1970-01-01T00:00:00Z"));
        check_expires("a=1; Max-Age=abc; expires=Sun, 13 Oct 2019 23:17:55 GMT", Some("2019-10-13T23:17:55Z"));
        check_expires("a=1; Max-Age=0", None);
        check_expires("a=1; expires=not a date", None);
    }

    #[track_caller]
    fn check_split(line: &str, expected: (&str, &str, &str)) {
        assert_eq!(split_set_cookie(line), expected, "{line}");
    }

    #[test]
    fn splits() {
        check_split("sessionid=abc; Path=/", ("sessionid", "abc", "; Path=/"));
        check_split("zap=42", ("zap", "42", ""));
        check_split("nameless", ("", "nameless", ""));
        check_split("a=b=c; x", ("a", "b=c", "; x"));
        assert_eq!(cookie_pairs("a=1; sessionid=xyz;b; ;c="), [("a", "1"), ("sessionid", "xyz"), ("", "b"), ("c", "")]);
        assert_eq!(cookie_pairs(""), []);
    }
}
