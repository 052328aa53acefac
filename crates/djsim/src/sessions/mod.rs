//! `django.contrib.sessions`. OWNER: server (codec.rs: signing & encodings).

pub mod backends;
pub mod base;
pub mod codec;
pub mod middleware;

pub use base::{SessionData, SessionStore};
