//! `django.http`: requests, responses and cookies. OWNER: http cookies.

pub mod calls;
pub mod cookie;
pub mod dates;
pub mod response;
