//! The dates the server writes on every request (`Date:`, a cookie's `expires`,
//! runserver's access-line stamp, an `expire_date` column), written without
//! `format!`: byte for byte what [`SimTime`]'s methods write (the years 0–9999 here,
//! any other year through those methods). OWNER: performance.

use crate::time::{SimTime, MONTHS};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// [`SimTime::http_date`]: `Sun, 13 Oct 2019 23:17:55 GMT`.
pub fn http_date(t: SimTime) -> String {
    let c = t.civil();
    if !(0..=9999).contains(&c.year) {
        return t.http_date();
    }
    let mut s = String::with_capacity(29);
    s.push_str(WEEKDAYS[c.weekday as usize % 7]);
    s.push_str(", ");
    push2(&mut s, c.day);
    s.push(' ');
    s.push_str(MONTHS[(c.month as usize + 11) % 12]);
    s.push(' ');
    push4(&mut s, c.year as u32);
    s.push(' ');
    push_hms(&mut s, c.hour, c.minute, c.second);
    s.push_str(" GMT");
    s
}

/// [`SimTime::runserver_stamp`]: `29/Sep/2019 23:17:55`.
pub fn runserver_stamp(t: SimTime) -> String {
    let mut s = String::with_capacity(20);
    push_runserver_stamp(&mut s, t);
    s
}

/// [`runserver_stamp`] appended to `s`.
pub fn push_runserver_stamp(s: &mut String, t: SimTime) {
    let c = t.civil();
    if !(0..=9999).contains(&c.year) {
        s.push_str(&t.runserver_stamp());
        return;
    }
    push2(s, c.day);
    s.push('/');
    s.push_str(MONTHS[(c.month as usize + 11) % 12]);
    s.push('/');
    push4(s, c.year as u32);
    s.push(' ');
    push_hms(s, c.hour, c.minute, c.second);
}

/// [`SimTime::sqlite_datetime`]: `2019-10-13 23:17:55.591447` (no fraction when it is zero).
pub fn sqlite_datetime(t: SimTime) -> String {
    let c = t.civil();
    if !(0..=9999).contains(&c.year) {
        return t.sqlite_datetime();
    }
    let mut s = String::with_capacity(26);
    push4(&mut s, c.year as u32);
    s.push('-');
    push2(&mut s, c.month);
    s.push('-');
    push2(&mut s, c.day);
    s.push(' ');
    push_hms(&mut s, c.hour, c.minute, c.second);
    if c.micros != 0 {
        s.push('.');
        push_digits(&mut s, c.micros, 6);
    }
    s
}

fn push_hms(s: &mut String, h: u32, m: u32, sec: u32) {
    push2(s, h);
    s.push(':');
    push2(s, m);
    s.push(':');
    push2(s, sec);
}

fn push2(s: &mut String, n: u32) {
    push_digits(s, n, 2);
}

fn push4(s: &mut String, n: u32) {
    push_digits(s, n, 4);
}

/// `n` in decimal, zero-padded to `width` digits (`{:0width$}` for `n < 10^width`).
fn push_digits(s: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width.saturating_sub(1));
    // A wider number keeps all its digits, as `{:02}` does.
    while div.saturating_mul(10) <= n && div < 1_000_000_000 {
        div *= 10;
    }
    let mut n = n;
    loop {
        s.push((b'0' + (n / div % 10) as u8) as char);
        n %= div;
        if div == 1 {
            break;
        }
        div /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_simtime_writes_them() {
        let mut checked = 0;
        for secs in [0i64, 1, 59, 86_399, 1_569_799_075, 1_570_994_275, -1, -62_135_596_800, -62_135_596_801, 253_402_300_799, 253_402_300_800, i64::MAX / 2_000_000] {
            for us in [0i64, 1, 591_447, 999_999] {
                let t = SimTime::from_unix_micros(secs.saturating_mul(1_000_000).saturating_add(us));
                assert_eq!(http_date(t), t.http_date(), "{secs}");
                assert_eq!(runserver_stamp(t), t.runserver_stamp(), "{secs}");
                assert_eq!(sqlite_datetime(t), t.sqlite_datetime(), "{secs}");
                checked += 1;
            }
        }
        eprintln!("http::dates: {checked} instants checked");
    }
}
