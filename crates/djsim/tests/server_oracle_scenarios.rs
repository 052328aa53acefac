//! Replays every oracle scenario (vectors/scenarios/*.json, real Django 5.2.19 and
//! 3.2.25 behind runserver) against the simulated `Server`, exactly (see
//! `server_support` for how random values and alice's re-hashed password are
//! matched).

mod common;
mod server_support;

use server_support::{replay_dir, unify, Labels, Tolerance};


#[test]
fn every_oracle_scenario_replays_exactly() {
    let dir = common::oracle_dir().join("vectors/scenarios");
    let (files, requests, mismatches) = replay_dir(&dir, Tolerance::default());
    eprintln!("{files} scenarios, {requests} requests checked");
    assert!(files >= 28, "expected the oracle's scenarios in {}", dir.display());
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn unify_binds_labels_once() {
    let mut l = Labels::new();
    assert!(unify("sessionid=<K1>; Path=/", "sessionid=abc123; Path=/", &mut l));
    assert_eq!(l["K1"], "abc123");
    assert!(!unify("x=<K1>", "x=zzz", &mut l));
    assert!(unify("sig=<bad or missing>", "sig=<bad or missing>", &mut l));
}
