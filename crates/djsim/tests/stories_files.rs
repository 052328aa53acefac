//! Every story scenario of `tests/scenarios/` is also an example for teachers: it
//! parses, runs through `djsim run` without an error, says what it shows (`title`,
//! `description`) and names each of its steps (`note`, unique), which the stories'
//! tests use to find them.

mod stories_support;

use serde_json::Value as Json;
use stories_support::*;

#[track_caller]
fn check_story_file(path: &std::path::Path) -> Vec<String> {
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let mut problems = Vec::new();
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Json = match serde_json::from_str(&text) {
        Ok(d) => d,
        Err(e) => return vec![format!("{name}: not JSON: {e}")],
    };
    for field in ["title", "description"] {
        if doc[field].as_str().is_none_or(|s| s.trim().is_empty()) {
            problems.push(format!("{name}: no {field}"));
        }
    }
    let steps = doc["steps"].as_array().cloned().unwrap_or_default();
    if steps.is_empty() {
        problems.push(format!("{name}: no steps"));
    }
    let mut notes = std::collections::HashSet::new();
    for (i, s) in steps.iter().enumerate() {
        match s["note"].as_str() {
            Some(n) if !n.is_empty() => {
                if !notes.insert(n.to_string()) {
                    problems.push(format!("{name}: steps[{i}] repeats the note {n:?}"));
                }
            }
            _ => problems.push(format!("{name}: steps[{i}] has no note")),
        }
    }
    if let Err(e) = djsim::scenario::Scenario::parse(&text) {
        problems.push(format!("{name}: does not parse: {e}"));
    }
    match djsim_run(&text) {
        Ok(t) => {
            // Every step has at least one transcript entry, in order.
            let numbers: Vec<u64> = t["steps"].as_array().unwrap().iter().filter_map(|e| e["step"].as_u64()).collect();
            let distinct: Vec<u64> = {
                let mut d = numbers.clone();
                d.dedup();
                d
            };
            if distinct != (1..=steps.len() as u64).collect::<Vec<_>>() {
                problems.push(format!("{name}: transcript steps {numbers:?} for {} scenario steps", steps.len()));
            }
        }
        Err(e) => problems.push(format!("{name}: djsim run failed: {e:?}")),
    }
    problems
}

#[test]
fn every_story_scenario_is_a_runnable_documented_example() {
    let files = scenario_files();
    let problems: Vec<String> = files.iter().flat_map(|p| check_story_file(p)).collect();
    eprintln!("tests/scenarios: {} story scenarios checked", files.len());
    assert!(files.len() >= 21, "the story scenarios are missing: {} files", files.len());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The World is deterministic: the same scenario gives the same transcript, byte for
/// byte (no clock, no OS randomness).
#[test]
fn every_story_scenario_runs_the_same_twice() {
    for path in scenario_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let a = djsim_run(&text).unwrap();
        let b = djsim_run(&text).unwrap();
        assert!(a == b, "{}: two runs differ", path.display());
    }
}
