//! JSON objects built by one function: `json!` expands every object into inline code
//! that serializes each value through serde, which the page would carry once per use.

use serde_json::Value as Json;

/// `{"k1": v1, "k2": v2, …}`, keys in that order.
#[inline(never)]
pub fn object(pairs: Vec<(&str, Json)>) -> Json {
    Json::Object(pairs.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
}
