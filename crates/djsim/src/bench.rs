//! `djsim bench`: the lecture's `sessfun` through the whole stack — a browser's jar,
//! the request, SecurityMiddleware … SessionMiddleware with the db engine on an
//! in-memory SQLite, signing, the response, the jar again — for one browser × N
//! requests and M browsers × 10 requests. OWNER: integration.
//!
//! The core reads no clock: the caller passes `clock` (seconds, monotonic) and
//! `live_bytes` (the allocator's bytes in use), and this module only does the work
//! and the arithmetic.

use crate::world::{World, WorldConfig};
use serde_json::{json, Value as Json};

/// How a benchmark's caller measures.
pub struct Meters<'a> {
    /// Monotonic seconds.
    pub clock: &'a mut dyn FnMut() -> f64,
    /// Bytes the allocator has handed out and not taken back.
    pub live_bytes: &'a mut dyn FnMut() -> usize,
}

/// Runs both workloads and returns the report.
pub fn run(requests: usize, browsers: usize, m: &mut Meters<'_>) -> Result<Json, String> {
    let one = one_browser(requests.max(1), m)?;
    let many = many_browsers(browsers.max(1), 10, m)?;
    Ok(json!({
        "workload": "GET /session/sessfun, db engine on in-memory SQLite, lecture MIDDLEWARE, Chromium-like jar",
        "one_browser": one,
        "many_browsers": many,
    }))
}

/// One visit of `/session/sessfun`: the first one (`first`) typed into the address
/// bar, the next ones reloads (so the tab's history does not grow: it is not what is
/// measured).
fn sessfun(world: &mut World, browser: &str, first: bool) -> Result<(), String> {
    if first {
        world.navigate(browser, "/session/sessfun").map_err(|e| e.to_string())?;
    } else {
        world.reload(browser).map_err(|e| e.to_string())?;
    }
    // The bench measures the simulation, not the devtools' history of it.
    world.clear_network();
    world.clear_console();
    Ok(())
}

/// One browser × `n` reloads of `sessfun` (after 100 warm-up visits): one session row
/// updated `n` times. The playground's `?bench` page runs this too, with its own clock.
pub fn one_browser(n: usize, m: &mut Meters<'_>) -> Result<Json, String> {
    let mut world = World::new(WorldConfig::default()).map_err(|e| e.to_string())?;
    // Warm up: the first request creates the session row and the jar entry.
    for i in 0..100 {
        sessfun(&mut world, "A", i == 0)?;
    }
    let before = (m.live_bytes)();
    let t0 = (m.clock)();
    for _ in 0..n {
        sessfun(&mut world, "A", false)?;
    }
    let secs = ((m.clock)() - t0).max(1e-9);
    let after = (m.live_bytes)();
    let sessions = world.sessions().len();
    Ok(json!({
        "browsers": 1,
        "requests": n,
        "seconds": round3(secs),
        "requests_per_second": (n as f64 / secs).round(),
        "live_bytes_before": before,
        "live_bytes_after": after,
        "growth_bytes_per_request": round3((after as f64 - before as f64) / n as f64),
        "sessions_kept": sessions,
    }))
}

/// `browsers` browsers × `each` visits of `sessfun`, round by round: the first round
/// creates a session per browser, the later ones update them.
pub fn many_browsers(browsers: usize, each: usize, m: &mut Meters<'_>) -> Result<Json, String> {
    let mut world = World::new(WorldConfig::default()).map_err(|e| e.to_string())?;
    let names: Vec<String> = (0..browsers).map(|i| format!("B{i}")).collect();
    // Warm up: a session created, then updated (the statements a later round runs
    // are prepared before the meters start).
    sessfun(&mut world, "warmup", true)?;
    sessfun(&mut world, "warmup", false)?;
    let before = (m.live_bytes)();
    let t0 = (m.clock)();
    // The first round opens the browsers and creates their sessions; later rounds
    // only update rows.
    for round in 0..each {
        for name in &names {
            sessfun(&mut world, name, round == 0)?;
        }
    }
    let secs = ((m.clock)() - t0).max(1e-9);
    let after = (m.live_bytes)();
    let n = browsers * each;
    let sessions = world.sessions().len();
    Ok(json!({
        "browsers": browsers,
        "requests_per_browser": each,
        "requests": n,
        "seconds": round3(secs),
        "requests_per_second": (n as f64 / secs).round(),
        "live_bytes_before": before,
        "live_bytes_after": after,
        "sessions_kept": sessions,
        "growth_bytes_per_session": round3((after as f64 - before as f64) / sessions.max(1) as f64),
    }))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
