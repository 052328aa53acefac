//! `djsim`: a deterministic simulation of Django's cookies and sessions, and of the
//! browsers that talk to it. See ARCHITECTURE.md at the repository root.
//!
//! Architecture invariant: this crate knows nothing of the web page. It reads no
//! clock and no OS randomness: time ([`time::SimTime`]) and seeds are passed in.
//! No `unsafe` but in `db::sqlite`, the binding of SQLite's C API.
#![deny(unsafe_code)]

pub mod time;
pub mod py;
pub mod float;
pub mod pyjson;
pub mod signing;
pub mod conf;
pub mod http;
pub mod sessions;
pub mod db;
pub mod random;
pub mod contrib;
pub mod middleware;
pub mod handlers;
pub mod urls;
pub mod views;
pub mod browser;
pub mod world;
pub mod scenario;
pub mod cli;
pub mod bench;

/// Appends `n` in decimal to `out`, without `format!`'s machinery (the hot paths: the
/// access log, the Host of every request).
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}
