//! Python values as Django's JSON session serializer sees them, and Python's
//! `json.dumps(obj, separators=(",", ":"))` / `json.loads` byte for byte
//! (oracle README §1.1). OWNER: signing & encodings.

/// A Python value that JSON can hold. Dicts keep insertion order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    /// Arbitrary precision: the decimal digits, optional leading `-`.
    Int(String),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Dict(Dict),
}

/// A Python `dict` with string keys, in insertion order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dict(pub Vec<(String, Value)>);

impl Dict {
    pub fn new() -> Self {
        Dict(Vec::new())
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// `d[key] = value`: an existing key keeps its position.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Value {
    pub fn int(i: i64) -> Value {
        Value::Int(i.to_string())
    }
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(s) => s.parse().ok(),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    /// Converts to serde_json (order kept) for transcripts. Non-finite floats and
    /// ints beyond serde_json's range become what serde_json can hold.
    pub fn to_serde(&self) -> serde_json::Value {
        todo!("signing & encodings helper")
    }
    pub fn from_serde(v: &serde_json::Value) -> Value {
        let _ = v;
        todo!("signing & encodings helper")
    }
}

/// A JSON text Python's `json.loads` rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonError {
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for JsonError {}

/// `json.dumps(v, separators=(",", ":"))`, `ensure_ascii=True`.
pub fn dumps(v: &Value) -> String {
    let _ = v;
    todo!("signing & encodings helper")
}

/// `json.loads(s)` (accepts `NaN`, `Infinity`, `-Infinity`; a duplicate key keeps
/// its first position and takes the last value).
pub fn loads(s: &str) -> Result<Value, JsonError> {
    let _ = s;
    todo!("signing & encodings helper")
}

/// Python's `repr(v)`: `{'num_visits': 1}`, `True`, `None`, `3.5`.
pub fn repr(v: &Value) -> String {
    let _ = v;
    todo!("signing & encodings helper")
}
