//! Limits and eviction, as Chromium's `CookieMonster::GarbageCollect` does them.
//!
//! RFC 6265bis §6.1 asks for "at least 50 cookies per domain" and "at least 3000 cookies
//! total" and leaves the choice of victims to the user agent (§5.7 step 24 suggests
//! expired cookies first, then the least recently accessed). Chromium:
//!
//! * per domain key (the registrable domain of the cookie's domain), when a key holds
//!   more than 180 cookies: first its expired cookies go; if still more than 180, it is
//!   purged down to 150 in six rounds over the key's cookies from least to most recently
//!   accessed: Low-priority non-secure, Medium non-secure, High non-secure, then Low,
//!   Medium, High secure ones; each round first protects the most recently accessed 30
//!   (Low), 50 (Medium) or 70 (High) cookies of its priority;
//! * over all keys, when the jar holds more than 3300: all expired cookies go, then it
//!   is purged down to 3000, least recently accessed first, non-secure before secure,
//!   but never a cookie accessed within the last 30 days.

use super::cookie::{Cookie, Priority};
use super::psl;
use crate::time::SimTime;

/// Chromium `kDomainMaxCookies`.
pub const DOMAIN_MAX_COOKIES: usize = 180;
/// Chromium `kDomainMaxCookies - kDomainPurgeCookies`: what a full domain is purged to.
pub const DOMAIN_PURGE_TARGET: usize = 150;
/// Chromium `kMaxCookies`.
pub const MAX_COOKIES: usize = 3300;
/// Chromium `kMaxCookies - kPurgeCookies`.
pub const PURGE_TARGET: usize = 3000;
/// Chromium `kSafeFromGlobalPurgeDays`.
pub const SAFE_FROM_GLOBAL_PURGE_DAYS: i64 = 30;

/// The key under which Chromium files a cookie: the registrable domain of its domain,
/// or the domain itself when it has none (an IP address, `localhost`).
pub fn domain_key(domain: &str) -> &str {
    psl::registrable_domain(domain).unwrap_or(domain)
}

/// Enforces the limits after a cookie of `key` was stored; returns the evicted cookies.
pub fn garbage_collect(cookies: &mut Vec<Cookie>, key: &str, now: SimTime) -> Vec<Cookie> {
    let mut evicted = Vec::new();
    // A cheap suffix test first: only a domain ending in the key can be filed under it.
    let in_key = |c: &Cookie| {
        let d = c.domain.as_str();
        (d == key || (d.len() > key.len() && d.ends_with(key) && d.as_bytes()[d.len() - key.len() - 1] == b'.'))
            && domain_key(d) == key
    };
    if cookies.iter().filter(|c| in_key(c)).count() > DOMAIN_MAX_COOKIES {
        evicted.extend(take(cookies, |c| in_key(c) && c.is_expired(now)));
        let mut order: Vec<usize> = (0..cookies.len()).filter(|&i| in_key(&cookies[i])).collect();
        if order.len() > DOMAIN_MAX_COOKIES {
            let mut goal = order.len() - DOMAIN_PURGE_TARGET;
            order.sort_by_key(|&i| lra_key(&cookies[i]));
            let mut doomed = vec![false; cookies.len()];
            let rounds = [
                (Priority::Low, true),
                (Priority::Medium, true),
                (Priority::High, true),
                (Priority::Low, false),
                (Priority::Medium, false),
                (Priority::High, false),
            ];
            for (priority, protect_secure) in rounds {
                if goal == 0 {
                    break;
                }
                goal -= purge_round(cookies, &order, &mut doomed, priority, protect_secure, goal);
            }
            let mut i = 0;
            evicted.extend(take(cookies, |_| {
                i += 1;
                doomed[i - 1]
            }));
        }
    }
    if cookies.len() > MAX_COOKIES {
        evicted.extend(take(cookies, |c| c.is_expired(now)));
        if cookies.len() > MAX_COOKIES {
            let mut goal = cookies.len() - PURGE_TARGET;
            let safe_date = now.plus_secs(-SAFE_FROM_GLOBAL_PURGE_DAYS * 86_400);
            let mut doomed = vec![false; cookies.len()];
            for secure in [false, true] {
                let mut order: Vec<usize> = (0..cookies.len()).filter(|&i| cookies[i].secure == secure).collect();
                order.sort_by_key(|&i| lra_key(&cookies[i]));
                for i in order {
                    if goal == 0 || cookies[i].last_access >= safe_date {
                        break;
                    }
                    doomed[i] = true;
                    goal -= 1;
                }
            }
            let mut i = 0;
            evicted.extend(take(cookies, |_| {
                i += 1;
                doomed[i - 1]
            }));
        }
    }
    evicted
}

/// Chromium `PurgeLeastRecentMatches`: in one round, deletes up to `goal` cookies of
/// `priority` (skipping secure ones when `protect_secure`), least recently accessed
/// first, leaving the round's quota of that priority in place. Returns how many.
fn purge_round(
    cookies: &[Cookie],
    order: &[usize],
    doomed: &mut [bool],
    priority: Priority,
    protect_secure: bool,
    goal: usize,
) -> usize {
    let quota = match priority {
        Priority::Low => 30,
        Priority::Medium => 50,
        Priority::High => 70,
    };
    let alive = |i: &&usize| !doomed[**i];
    let of_priority = order.iter().filter(alive).filter(|&&i| cookies[i].priority == priority).count();
    // "If |cookies_count_possibly_to_be_deleted| at |priority| is less than or equal
    // |to_protect|, skip round in order to preserve the quota."
    if of_priority <= quota {
        return 0;
    }
    let mut deletable = if protect_secure {
        let secure = order.iter().filter(alive).filter(|&&i| cookies[i].priority == priority && cookies[i].secure).count();
        of_priority - secure.max(quota)
    } else {
        of_priority - quota
    };
    let mut removed = 0;
    for &i in order {
        if removed >= goal || deletable == 0 {
            break;
        }
        let c = &cookies[i];
        if !doomed[i] && c.priority == priority && !(protect_secure && c.secure) {
            doomed[i] = true;
            removed += 1;
            deletable -= 1;
        }
    }
    removed
}

/// Least recently accessed first; ties by creation.
fn lra_key(c: &Cookie) -> (SimTime, SimTime, u64) {
    (c.last_access, c.created, c.seq)
}

/// Removes and returns the cookies for which `doomed` holds, keeping the others' order.
fn take(cookies: &mut Vec<Cookie>, mut doomed: impl FnMut(&Cookie) -> bool) -> Vec<Cookie> {
    let mut gone = Vec::new();
    let mut kept = Vec::with_capacity(cookies.len());
    for c in cookies.drain(..) {
        if doomed(&c) {
            gone.push(c);
        } else {
            kept.push(c);
        }
    }
    *cookies = kept;
    gone
}
