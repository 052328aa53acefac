//! The `Expires` attribute's date: RFC 6265bis §5.1.1 "Dates", the forgiving algorithm
//! browsers use (it reads `Sun, 13 Oct 2019 23:17:55 GMT`, `Sunday, 13-Oct-19 23:17:55
//! GMT`, `Sun Oct 13 23:17:55 2019`, …).

use crate::time::{days_in_month, SimTime};

/// Parses a cookie-date; `None` when the algorithm says "abort" (the attribute is then
/// ignored and the cookie stays a session cookie, unless `Max-Age` says otherwise).
pub fn parse_cookie_date(input: &str) -> Option<SimTime> {
    let mut time: Option<(u32, u32, u32)> = None;
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<i64> = None;
    // "1. Using the grammar below, divide the cookie-date into date-tokens."
    for token in input.as_bytes().split(|&b| is_delimiter(b)).filter(|t| !t.is_empty()) {
        // "2.1 If the found-time flag is not set and the token matches the time production …"
        if time.is_none() {
            if let Some(t) = match_time(token) {
                time = Some(t);
                continue;
            }
        }
        // "2.2 If the found-day-of-month flag is not set and the date-token matches the
        // day-of-month production …"
        if day.is_none() {
            if let Some(d) = match_digits(token, 1, 2) {
                day = Some(d as u32);
                continue;
            }
        }
        // "2.3 If the found-month flag is not set and the date-token matches the month production …"
        if month.is_none() {
            if let Some(m) = match_month(token) {
                month = Some(m);
                continue;
            }
        }
        // "2.4 If the found-year flag is not set and the date-token matches the year production …"
        if year.is_none() {
            if let Some(y) = match_digits(token, 2, 4) {
                year = Some(y);
                continue;
            }
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
    // is less than 1 or greater than 31, the year-value is less than 1601, the hour-value
    // is greater than 23, the minute-value is greater than 59, or the second-value is
    // greater than 59."
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
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

/// `n*mDIGIT [ non-digit *OCTET ]`: the leading digits, if there are n to m of them.
fn match_digits(token: &[u8], min: usize, max: usize) -> Option<i64> {
    let n = token.iter().take_while(|b| b.is_ascii_digit()).count();
    if n < min || n > max {
        return None;
    }
    std::str::from_utf8(&token[..n]).ok()?.parse().ok()
}

/// hms-time = time-field ":" time-field ":" time-field; time-field = 1*2DIGIT;
/// time = hms-time [ non-digit *OCTET ]
fn match_time(token: &[u8]) -> Option<(u32, u32, u32)> {
    let mut rest = token;
    let mut fields = [0u32; 3];
    for (i, field) in fields.iter_mut().enumerate() {
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > 2 {
            return None;
        }
        *field = std::str::from_utf8(&rest[..n]).ok()?.parse().ok()?;
        rest = &rest[n..];
        if i < 2 {
            rest = rest.strip_prefix(b":")?;
        }
    }
    Some((fields[0], fields[1], fields[2]))
}

/// month = ( "jan" / "feb" / … / "dec" ) *OCTET, case-insensitively.
fn match_month(token: &[u8]) -> Option<u32> {
    const NAMES: [&[u8; 3]; 12] =
        [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    let head = token.get(..3)?;
    NAMES.iter().position(|m| head.eq_ignore_ascii_case(&m[..])).map(|i| i as u32 + 1)
}
