//! OWNER: server. (to be written)
