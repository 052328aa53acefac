//! Simulated wall-clock time.
//!
//! Architecture invariant: nothing in this crate reads the operating system's clock.
//! Every decision that depends on time takes a [`SimTime`] argument; the
//! [`World`](crate::world::World) owns the one clock and advances it.

use std::fmt;

/// Simulated wall-clock time, as Django and the browser see it: microseconds since
/// the Unix epoch, UTC. Microseconds because Django's `datetime` has them and the
/// oracle's transcripts show them (`2019-10-13 23:17:55.591447`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(i64);

pub const MICROS_PER_SEC: i64 = 1_000_000;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The broken-down UTC calendar fields of a [`SimTime`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micros: u32,
    /// 0 = Monday … 6 = Sunday, as Python's `weekday()`.
    pub weekday: u32,
}

impl SimTime {
    /// The lecture's moment: `[29/Sep/2019 23:17:55]`.
    pub const LECTURE: SimTime = SimTime(1_569_799_075 * MICROS_PER_SEC);

    pub const fn from_unix_micros(us: i64) -> Self {
        SimTime(us)
    }
    pub const fn from_unix_secs(s: i64) -> Self {
        SimTime(s.saturating_mul(MICROS_PER_SEC))
    }
    /// From a float of seconds (Python's `time.time()`), rounded to the microsecond.
    pub fn from_unix_f64(s: f64) -> Self {
        SimTime((s * MICROS_PER_SEC as f64).round() as i64)
    }
    pub const fn unix_micros(self) -> i64 {
        self.0
    }
    /// `int(time.time())`: whole seconds, floored.
    pub const fn unix_secs(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SEC)
    }
    /// `time.time()` as a float.
    pub fn unix_f64(self) -> f64 {
        self.0 as f64 / MICROS_PER_SEC as f64
    }
    pub const fn subsec_micros(self) -> i64 {
        self.0.rem_euclid(MICROS_PER_SEC)
    }
    pub const fn plus_micros(self, us: i64) -> Self {
        SimTime(self.0.saturating_add(us))
    }
    pub const fn plus_secs(self, s: i64) -> Self {
        self.plus_micros(s.saturating_mul(MICROS_PER_SEC))
    }
    /// `self - earlier`, in microseconds.
    pub const fn micros_since(self, earlier: SimTime) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    pub fn civil(self) -> Civil {
        let secs = self.unix_secs();
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (sod / 3600) as u32,
            minute: (sod / 60 % 60) as u32,
            second: (sod % 60) as u32,
            micros: self.subsec_micros() as u32,
            weekday: (days + 3).rem_euclid(7) as u32, // 1970-01-01 was a Thursday
        }
    }

    pub fn from_civil(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32, micros: u32) -> Self {
        let days = days_from_civil(year, month, day);
        SimTime(
            (days * 86_400 + hour as i64 * 3600 + minute as i64 * 60 + second as i64) * MICROS_PER_SEC
                + micros as i64,
        )
    }

    /// `django.utils.http.http_date`: `Wdy, DD Mon YYYY HH:MM:SS GMT` of the floored second.
    pub fn http_date(self) -> String {
        let c = self.civil();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[c.weekday as usize],
            c.day,
            MONTHS[c.month as usize - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }

    /// How SQLite holds a Django `DateTimeField` with `USE_TZ=True`: naive UTC,
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` (the fraction only when it is not zero).
    pub fn sqlite_datetime(self) -> String {
        let c = self.civil();
        let mut s = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        if c.micros != 0 {
            s.push_str(&format!(".{:06}", c.micros));
        }
        s
    }

    /// Python's `datetime.isoformat()` of an aware UTC datetime:
    /// `2019-09-30T00:18:00.591447+00:00` (no fraction when it is zero).
    pub fn isoformat_utc(self) -> String {
        let mut s = self.sqlite_datetime().replacen(' ', "T", 1);
        s.push_str("+00:00");
        s
    }

    /// RFC 3339 in UTC with a `Z`, the fraction only when it is not zero.
    pub fn rfc3339(self) -> String {
        let mut s = self.sqlite_datetime().replacen(' ', "T", 1);
        s.push('Z');
        s
    }

    /// The time stamp of runserver's access line: `29/Sep/2019 23:17:55`.
    pub fn runserver_stamp(self) -> String {
        let c = self.civil();
        format!(
            "{:02}/{}/{:04} {:02}:{:02}:{:02}",
            c.day,
            MONTHS[c.month as usize - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }

    /// Parses RFC 3339 / ISO 8601: `2019-09-29T23:17:55Z`, `…55.591447+00:00`,
    /// `2019-09-29 23:17:55` (naive: taken as UTC). The error names what is wrong.
    pub fn parse_rfc3339(s: &str) -> Result<SimTime, TimeError> {
        parse_iso(s, true).map(|(t, _)| t)
    }

    /// Parses an ISO datetime and says whether it carried an offset (aware) or not (naive).
    pub fn parse_iso(s: &str) -> Result<(SimTime, bool), TimeError> {
        parse_iso(s, false)
    }

    /// Parses SQLite's `YYYY-MM-DD HH:MM:SS[.ffffff]` as naive UTC.
    pub fn parse_sqlite(s: &str) -> Result<SimTime, TimeError> {
        parse_iso(s, false).map(|(t, _)| t)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// A time string that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeError {
    pub input: String,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a date and time like 2019-09-29T23:17:55Z",
            self.input
        )
    }
}
impl std::error::Error for TimeError {}

fn parse_iso(s: &str, _strict: bool) -> Result<(SimTime, bool), TimeError> {
    let err = || TimeError { input: s.to_string() };
    let b = s.trim().as_bytes();
    let num = |from: usize, len: usize| -> Result<i64, TimeError> {
        let part = b.get(from..from + len).ok_or_else(err)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        Ok(std::str::from_utf8(part).map_err(|_| err())?.parse::<i64>().map_err(|_| err())?)
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(err());
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month as u32) as i64 {
        return Err(err());
    }
    let (mut hour, mut minute, mut second, mut micros) = (0, 0, 0, 0i64);
    let mut i = 10;
    if b.len() > 10 {
        if b[10] != b'T' && b[10] != b' ' && b[10] != b't' {
            return Err(err());
        }
        if b.len() < 16 || b[13] != b':' {
            return Err(err());
        }
        hour = num(11, 2)?;
        minute = num(14, 2)?;
        i = 16;
        if b.len() > 16 && b[16] == b':' {
            second = num(17, 2)?;
            i = 19;
            if b.len() > 19 && (b[19] == b'.' || b[19] == b',') {
                let start = 20;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                if end == start {
                    return Err(err());
                }
                let digits = &s.trim()[start..end];
                let mut padded: String = digits.chars().take(6).collect();
                while padded.len() < 6 {
                    padded.push('0');
                }
                micros = padded.parse().map_err(|_| err())?;
                i = end;
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(err());
        }
    }
    let rest = &b[i..];
    let (offset_secs, aware) = match rest {
        [] => (0, false),
        [b'Z'] | [b'z'] => (0, true),
        [sign @ (b'+' | b'-'), ..] => {
            let t = std::str::from_utf8(&rest[1..]).map_err(|_| err())?;
            let (h, m) = match t.len() {
                5 if t.as_bytes()[2] == b':' => (&t[0..2], &t[3..5]),
                4 => (&t[0..2], &t[2..4]),
                2 => (&t[0..2], "00"),
                _ => return Err(err()),
            };
            let h: i64 = h.parse().map_err(|_| err())?;
            let m: i64 = m.parse().map_err(|_| err())?;
            let off = h * 3600 + m * 60;
            (if *sign == b'-' { -off } else { off }, true)
        }
        _ => return Err(err()),
    };
    let t = SimTime::from_civil(year, month as u32, day as u32, hour as u32, minute as u32, second as u32, micros as u32)
        .plus_secs(-offset_secs);
    Ok((t, aware))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's civil calendar algorithms (public domain).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(s: &str, micros: i64) {
        assert_eq!(SimTime::parse_rfc3339(s).unwrap().unix_micros(), micros, "{s}");
    }

    #[test]
    fn parses_the_forms_scenarios_use() {
        check("2019-09-29T23:17:55Z", 1_569_799_075_000_000);
        check("2019-09-29T23:17:55.591447+00:00", 1_569_799_075_591_447);
        check("2019-09-30T05:30:00+05:30", 1_569_801_600_000_000);
        check("1970-01-01T00:00:00Z", 0);
        check("1969-12-31T23:59:59Z", -1_000_000);
    }

    #[test]
    fn rejects_garbage_with_the_input_named() {
        for bad in ["", "yesterday", "2019-13-01T00:00:00Z", "2019-02-30", "2019-09-29T25:00:00Z", "2019-09-29T23:17:55Q"] {
            let e = SimTime::parse_rfc3339(bad).unwrap_err();
            assert!(e.to_string().contains(&format!("{bad:?}")));
        }
    }

    #[test]
    fn formats_like_django() {
        let t = SimTime::from_unix_micros(1_569_799_075_591_447);
        assert_eq!(t.http_date(), "Sun, 29 Sep 2019 23:17:55 GMT");
        assert_eq!(t.sqlite_datetime(), "2019-09-29 23:17:55.591447");
        assert_eq!(t.runserver_stamp(), "29/Sep/2019 23:17:55");
        assert_eq!(t.isoformat_utc(), "2019-09-29T23:17:55.591447+00:00");
        assert_eq!(SimTime::from_unix_secs(0).http_date(), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(SimTime::LECTURE.plus_secs(1_209_600).sqlite_datetime(), "2019-10-13 23:17:55");
        assert_eq!(SimTime::from_unix_secs(33_105_715_200).http_date(), "Sat, 30 Jan 3019 00:00:00 GMT");
    }

    #[test]
    fn civil_round_trips() {
        for s in [-86_400 * 400 * 366, -1, 0, 951_782_400, 1_569_799_075, 4_102_444_800] {
            let t = SimTime::from_unix_secs(s);
            let c = t.civil();
            assert_eq!(SimTime::from_civil(c.year, c.month, c.day, c.hour, c.minute, c.second, 0), t);
        }
    }
}
