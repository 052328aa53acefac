//! Deterministic, seeded randomness (session keys, CSRF tokens). OWNER: server.
