//! The ORM's writes are grouped into one open transaction (`db.rs`, `Database`): the
//! database must hold, byte for byte, what it holds when every statement commits on
//! its own, and SQL from outside must see it committed (`perf` area).

use djsim::world::World;

/// A tour of the lab app that writes in every way the server does: sessions created,
/// updated, cycled, flushed, deleted by `clearsessions`; a login (`last_login`).
const TOUR: [&str; 16] = [
    "/session/sessfun",
    "/session/sessfun",
    "/session/store",
    "/session/sessfun",
    "/session/login",
    "/session/whoami",
    "/session/cycle",
    "/session/expiry/60",
    "/session/sessfun",
    "/session/logout",
    "/session/flush",
    "/session/sessfun",
    "/session/clear",
    "/session/expiry/0",
    "/session/sessfun",
    "/session/expiry/td",
];

/// Runs the tour with browsers A and B (time passing, `clearsessions` midway) and
/// returns every response (status, headers, body) and the database file's bytes.
fn tour(world: &mut World) -> (Vec<String>, Vec<u8>) {
    let mut seen = Vec::new();
    for (i, path) in TOUR.iter().enumerate() {
        for browser in ["A", "B"] {
            let ids = world.navigate(browser, path).unwrap();
            for id in ids {
                let e = &world.network()[id];
                seen.push(format!("{} {:?} {}", e.status, e.response_headers, e.response_body));
            }
        }
        world.advance(if i == 8 { 100.0 } else { 1.5 });
        if i == 9 {
            seen.extend(world.manage("clearsessions").unwrap());
        }
    }
    let bytes = world.server().database_file().unwrap();
    (seen, bytes)
}

#[test]
fn grouped_writes_leave_the_database_autocommit_leaves() {
    let mut grouped = World::lecture();
    let (responses, file) = tour(&mut grouped);
    // A statement from outside that is not a plain SELECT turns grouping off for good:
    // from then on each statement commits on its own.
    let mut autocommit = World::lecture();
    autocommit.sql("UPDATE django_session SET session_key = session_key WHERE 0").unwrap();
    let (responses_autocommit, file_autocommit) = tour(&mut autocommit);
    assert_eq!(responses.len(), responses_autocommit.len());
    for (i, (a, b)) in responses.iter().zip(&responses_autocommit).enumerate() {
        assert_eq!(a, b, "response {i}");
    }
    assert_eq!(file.len(), file_autocommit.len());
    assert!(file == file_autocommit, "the database files differ");
    eprintln!("perf_grouped_writes: {} responses and {} bytes of db.sqlite3 compared", responses.len(), file.len());
}

#[test]
fn sql_from_outside_sees_the_writes_committed() {
    let mut w = World::lecture();
    for _ in 0..3 {
        w.navigate("A", "/session/sessfun").unwrap();
    }
    let rows = w.sessions();
    assert_eq!(rows.len(), 1);
    // A plain SELECT: grouping stays on, and the writes so far are committed.
    let r = w.sql("SELECT session_data FROM django_session").unwrap();
    assert_eq!(r.rows[0][0].display(), rows[0].session_data);
    w.navigate("A", "/session/sessfun").unwrap();
    let r = w.sql("SELECT session_data FROM django_session").unwrap();
    assert_eq!(r.rows[0][0].display(), w.sessions()[0].session_data);
    // The console's own transaction: a request inside it is rolled back with it, as
    // with autocommit statements.
    let before = w.sessions()[0].session_data.clone();
    w.sql("BEGIN").unwrap();
    w.navigate("A", "/session/sessfun").unwrap();
    assert_ne!(w.sessions()[0].session_data, before);
    w.sql("ROLLBACK").unwrap();
    assert_eq!(w.sessions()[0].session_data, before);
    // ROLLBACK with no transaction open is SQLite's error, as before.
    let e = w.sql("ROLLBACK").unwrap_err().to_string();
    assert!(e.contains("no transaction is active"), "{e}");
}
