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

/// Labels (`<K1>`, `<CSRF1>`) bound to the random values this simulation made.
pub type Labels = std::collections::HashMap<String, String>;

/// Matches `expected` (with `<K1>`-style labels) against `actual`, binding labels
/// seen for the first time to the alphanumeric run they stand for.
pub fn unify(expected: &str, actual: &str, labels: &mut Labels) -> bool {
    let mut e = expected;
    let mut a = actual;
    let mut bound: Vec<(String, String)> = Vec::new();
    while !e.is_empty() {
        if let Some((label, rest)) = take_label(e) {
            let known = labels.get(&label).cloned().or_else(|| bound.iter().find(|(l, _)| *l == label).map(|(_, v)| v.clone()));
            match known {
                Some(v) => match a.strip_prefix(v.as_str()) {
                    Some(r) => a = r,
                    None => return false,
                },
                None => {
                    let n = a.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(a.len());
                    if n == 0 {
                        return false;
                    }
                    bound.push((label, a[..n].to_string()));
                    a = &a[n..];
                }
            }
            e = rest;
        } else {
            let c = e.chars().next().unwrap();
            match a.strip_prefix(c) {
                Some(r) => a = r,
                None => return false,
            }
            e = &e[c.len_utf8()..];
        }
    }
    if !a.is_empty() {
        return false;
    }
    labels.extend(bound);
    true
}

/// `<K1>` / `<CSRF1>` at the start of `s`.
pub fn take_label(s: &str) -> Option<(String, &str)> {
    let rest = s.strip_prefix('<')?;
    let end = rest.find('>')?;
    let name = &rest[..end];
    let letters = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if letters.is_empty() || letters.len() == name.len() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some((name.to_string(), &rest[end + 1..]))
}

/// Replaces known labels by their values.
pub fn substitute(s: &str, labels: &Labels) -> String {
    let mut out = s.to_string();
    for (k, v) in labels {
        out = out.replace(&format!("<{k}>"), v);
    }
    out
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
