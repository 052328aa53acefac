//! `django.http`: requests, responses and cookies. OWNER: http cookies.

pub mod cookie;
pub mod response;
