//! The `Expires` attribute's date, read as Chromium 156 reads it
//! (`cookie_util::ParseCookieExpirationTime`, recorded in `tests/chromium_recorded`),
//! which is close to RFC 6265bis §5.1.1 "Dates" (`Sun, 13 Oct 2019 23:17:55 GMT`,
//! `Sunday, 13-Oct-19 23:17:55 GMT`, `Sun Oct 13 23:17:55 2019`, …) but not the same:
//!
//! * a token is a time only when it is exactly three `:`-separated runs of digits (any
//!   number of them: `001:02:03` is 01:02:03; `10:00:00GMT` is not a time); the draft
//!   takes `1*2DIGIT` fields and allows anything after the third;
//! * a token of digits only is the day when it has at most two digits and no day was
//!   found yet, else the year when it has at most five; a token with anything after its
//!   digits (`01x`, `2031x`) is ignored, where the draft would take its leading digits;
//! * a year is never refused: `1600` is a date in the past (the cookie is deleted), and
//!   `99999` one far in the future (capped at 400 days), where the draft refuses a year
//!   before 1601, and a year of five digits.
//!
//! A token that fits nothing is ignored; the date fails only when a time, a day, a month
//! or a year is missing, or they name no real moment.

use crate::time::{days_in_month, SimTime};

/// Parses a cookie-date; `None` when there is no date (the attribute is then ignored
/// and the cookie stays a session cookie, unless `Max-Age` says otherwise).
pub fn parse_cookie_date(input: &str) -> Option<SimTime> {
    let mut time: Option<(u32, u32, u32)> = None;
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<i64> = None;
    // "1. Using the grammar below, divide the cookie-date into date-tokens."
    for token in input.as_bytes().split(|&b| is_delimiter(b)).filter(|t| !t.is_empty()) {
        if token[0].is_ascii_digit() {
            if token.contains(&b':') {
                // The first token that is a time counts; later ones are ignored.
                if time.is_none() {
                    time = match_time(token);
                }
            } else if let Some(n) = digits(token) {
                if day.is_none() && token.len() <= 2 {
                    day = Some(n as u32);
                } else if year.is_none() && token.len() <= 5 {
                    year = Some(n as i64);
                }
            }
        } else if month.is_none() {
            month = match_month(token);
        }
    }
    let (hour, minute, second) = time?;
    let (day, month, mut year) = (day?, month?, year?);
    // "3. If the year-value is greater than or equal to 70 and less than or equal to 99,
    // increment the year-value by 1900. 4. If the year-value is greater than or equal to
    // 0 and less than or equal to 69, increment the year-value by 2000."
    if (70..=99).contains(&year) {
        year += 1900;
    } else if (0..=69).contains(&year) {
        year += 2000;
    }
    // "5. Abort these steps and fail to parse the cookie-date if: … the day-of-month-value
    // is less than 1 or greater than 31, … the hour-value is greater than 23, the
    // minute-value is greater than 59, or the second-value is greater than 59." (Not the
    // draft's "the year-value is less than 1601": Chromium takes any year.)
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // "6. Let the parsed-cookie-date be the date whose day-of-month, month, year, hour,
    // minute, and second (in UTC) are the … values … If no such date exists, abort."
    if day > days_in_month(year, month) {
        return None;
    }
    Some(SimTime::from_civil(year, month, day, hour, minute, second, 0))
}

/// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2F | 0x3B..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E)
}

/// A token of digits only, as a number (`None` for anything else, or too big).
fn digits(token: &[u8]) -> Option<u64> {
    if !token.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(token).ok()?.parse().ok()
}

/// Exactly three runs of digits separated by `:` (Chromium: `10:00:00xyz`, `10:00` and
/// `10:00:00:00` are no times; `001:02:03` is one).
fn match_time(token: &[u8]) -> Option<(u32, u32, u32)> {
    let mut fields = token.split(|&b| b == b':');
    let mut next = || -> Option<u32> { u32::try_from(digits(fields.next()?)?).ok() };
    let (h, m, s) = (next()?, next()?, next()?);
    if fields.next().is_some() {
        return None;
    }
    Some((h, m, s))
}

/// month = ( "jan" / "feb" / … / "dec" ) *OCTET, case-insensitively.
fn match_month(token: &[u8]) -> Option<u32> {
    const NAMES: [&[u8; 3]; 12] =
        [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    let head = token.get(..3)?;
    NAMES.iter().position(|m| head.eq_ignore_ascii_case(&m[..])).map(|i| i as u32 + 1)
}
