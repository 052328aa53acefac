//! Shared by the integration tests: where real Django's recorded behaviour lives.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/django-oracle/` beside the repository (override with `DJSIM_ORACLE`).
/// A missing oracle is a failure, never a skip.
pub fn oracle_dir() -> PathBuf {
    let dir = std::env::var_os("DJSIM_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/django-oracle"));
    assert!(dir.join("vectors").is_dir(), "the Django oracle is missing at {}; set DJSIM_ORACLE", dir.display());
    dir
}

/// Reads `vectors/<name>` as JSON.
pub fn vectors(name: &str) -> serde_json::Value {
    let path = oracle_dir().join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The oracle's scenario files, sorted.
pub fn scenario_files() -> Vec<PathBuf> {
    let dir = oracle_dir().join("vectors/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 28, "expected the oracle's scenarios in {}", dir.display());
    files
}

/// Collects every mismatch of a vector file, then fails once with all of them.
#[derive(Default)]
pub struct Report {
    pub checks: usize,
    pub failures: Vec<String>,
}

impl Report {
    pub fn eq<T: PartialEq + std::fmt::Debug>(&mut self, case: &str, what: &str, got: T, want: T) {
        self.checks += 1;
        if got != want {
            self.failures.push(format!("{case}: {what}:\n    got  {got:?}\n    want {want:?}"));
        }
    }
    #[track_caller]
    pub fn finish(self, label: &str, cases: usize) {
        eprintln!("{label}: {cases} cases checked ({} comparisons)", self.checks);
        assert!(cases > 0, "{label}: no cases");
        assert!(self.failures.is_empty(), "{label}: {} mismatches:\n{}", self.failures.len(), self.failures.join("\n"));
    }
}
