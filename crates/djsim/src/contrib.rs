//! `django.contrib`: auth and messages, as far as cookies and sessions show them. OWNER: server.

pub mod auth;
pub mod messages;
