//! The simulation's throughput in the page: `djsim::bench`'s workloads (the same as
//! `djsim bench` natively), with `performance.now()` as their clock.

use djsim::bench::{many_browsers, one_browser, Meters};
use serde_json::Value as Json;

use super::frame::{memory_bytes, next_frame, now};
use super::{thousands, Figure, Reporter, Unit, RUNS};

/// Requests in the one-browser workload.
const REQUESTS: usize = 10_000;
/// Browsers, and requests each, in the many-browsers workload.
const BROWSERS: usize = 1_000;
const EACH: usize = 10;
/// Issue 5: the simulation serves at least this many `sessfun` requests per second.
pub const TARGET: f64 = 20_000.0;

pub async fn run(reporter: &Reporter) -> Result<(), String> {
    let workloads: [(String, &dyn Fn(&mut Meters<'_>) -> Result<Json, String>); 2] = [
        (format!("sessfun, 1 browser \u{d7} {} requests", thousands(REQUESTS as f64)), &|m| one_browser(REQUESTS, m)),
        (format!("sessfun, {} browsers \u{d7} {EACH} requests", thousands(BROWSERS as f64)), &|m| many_browsers(BROWSERS, EACH, m)),
    ];
    for (name, workload) in workloads {
        let mut rates = Vec::new();
        let mut sessions = 0;
        for i in 0..RUNS {
            reporter.activity(format!("{name}: run {} of {RUNS}\u{2026}", i + 1));
            next_frame().await;
            let mut clock = || now() / 1000.0;
            let mut live = memory_bytes;
            let report = workload(&mut Meters { clock: &mut clock, live_bytes: &mut live })?;
            rates.push(djsim::float::json_f64(&report["requests_per_second"]).ok_or("the report has no requests_per_second")?);
            sessions = report["sessions_kept"].as_u64().unwrap_or(0) as usize;
        }
        reporter.figure(Figure::new(name.clone(), Unit::PerSecond, rates, Some(TARGET)));
        reporter.figure(Figure::count(format!("{name}: django_session rows"), sessions, "rows"));
    }
    Ok(())
}
