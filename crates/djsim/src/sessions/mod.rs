//! `django.contrib.sessions`. OWNER: server (codec.rs: signing & encodings).

pub mod codec;
