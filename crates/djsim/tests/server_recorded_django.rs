//! Replays transcripts recorded from real Django 5.2.19 and 3.2.25 on this project's
//! lab app (tests/server_recorded/, made by tests/server_recorded/gen/drive.py:
//! `WSGIHandler` driven as runserver drives it, clock frozen with freezegun). They
//! cover what the oracle's public scenarios do not: flush/clear/cycle, every
//! `set_expiry` form, odd `set_cookie` calls, SESSION_SAVE_EVERY_REQUEST,
//! nonexistent and short keys, tampered rows, all five engines, SameSite=None with
//! Secure/Domain/Path/Name, CSRF failures and the form, messages, DEBUG = False,
//! MIDDLEWARE removed or reordered, SECRET_KEY_FALLBACKS, and 3.2 with SHA-1.
//!
//! Tolerated, and only here: the technical 500 page's length (it embeds the
//! recording machine's paths and memory addresses) and freezegun's `FakeDatetime`.

mod server_support;

use server_support::{replay_dir, Tolerance};

#[test]
fn every_recorded_django_transcript_replays() {
    // DJSIM_RECORDED_DIR replays another folder of drive.py's transcripts (e.g. fresh
    // random ones from gen/gen_random.py) instead of the committed ones.
    let other = std::env::var_os("DJSIM_RECORDED_DIR").map(std::path::PathBuf::from);
    let dir = other.clone().unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server_recorded"));
    let tol = Tolerance { technical_500_length: true, fake_datetime: true };
    let (files, requests, mismatches) = replay_dir(&dir, tol);
    eprintln!("{files} recorded transcripts, {requests} requests checked");
    assert!(files >= if other.is_some() { 1 } else { 40 }, "expected the recorded transcripts in {}", dir.display());
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// Random walks over the lab's URLs under random settings (engines, cookie age,
/// name, path, SameSite, MIDDLEWARE subsets and orders, DEBUG, two browsers, the
/// clock), made by gen/gen_random.py (seeds 1, 2 and 3) and recorded from real Django
/// 5.2.19 and 3.2.25 by gen/drive.py; gzip-compressed.
#[test]
fn random_recorded_django_transcripts_replay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/server_recorded/random");
    let tol = Tolerance { technical_500_length: true, fake_datetime: true };
    let (files, requests, mismatches) = replay_dir(&dir, tol);
    eprintln!("{files} random recorded transcripts, {requests} requests checked");
    assert!(files >= 200, "expected the random recorded transcripts in {}", dir.display());
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}
