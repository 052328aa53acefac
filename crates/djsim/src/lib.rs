//! `djsim`: a deterministic simulation of Django's cookies and sessions, and of the
//! browsers that talk to it. See ARCHITECTURE.md at the repository root.
//!
//! Architecture invariant: this crate knows nothing of the web page. It reads no
//! clock and no OS randomness: time ([`time::SimTime`]) and seeds are passed in.
#![forbid(unsafe_code)]

pub mod time;
pub mod py;
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
