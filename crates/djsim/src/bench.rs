//! `djsim bench`: the lecture's `sessfun` through the whole stack. OWNER: integration.

/// Runs the benchmark and returns its report.
pub fn run(requests: usize, browsers: usize) -> Result<serde_json::Value, String> {
    let _ = (requests, browsers);
    Err("bench: pending the World".into())
}
