//! The server keeps its prepared SQL statements between requests (`prepare_cached`):
//! a schema edited in the sqlite3 console between two requests must give what a
//! freshly prepared statement gives (Django prepares every query anew), i.e. the same
//! `OperationalError` text, never "database schema has changed" or a stale read.

use djsim::world::World;

/// Visits `path` `warm` times (so every statement of the view is prepared and
/// kept), runs `sql`, visits once more and returns that last response's body
/// and the console lines it printed.
fn after_edit(path: &str, warm: usize, sql: &str) -> (u16, String, String) {
    let mut w = World::lecture();
    for _ in 0..warm {
        w.navigate("A", path).unwrap();
    }
    w.sql(sql).unwrap();
    let ids = w.navigate("A", path).unwrap();
    let e = &w.network()[*ids.last().unwrap()];
    let console: String = w.console()[e.console.clone()].iter().map(|l| l.text.clone() + "\n").collect();
    (e.status, e.response_body.clone(), console)
}

#[track_caller]
fn check_same_as_fresh(path: &str, sql: &str, expect: &str) {
    // Two visits: the statements ran (and are kept) before the edit.
    let (status, body, console) = after_edit(path, 2, sql);
    assert!(body.contains(expect) || console.contains(expect), "{path} after {sql:?}: status {status}, no {expect:?} in\n{console}");
}

#[test]
fn kept_statements_see_schema_edits() {
    let cases = [
        ("/session/sessfun", "DROP TABLE django_session", "no such table: django_session"),
        ("/session/sessfun", "ALTER TABLE django_session RENAME COLUMN session_data TO data", "no such column: session_data"),
        ("/session/sessfun", "ALTER TABLE django_session RENAME TO sessions_old", "no such table: django_session"),
    ];
    for (path, sql, expect) in cases {
        check_same_as_fresh(path, sql, expect);
    }
    eprintln!("perf_statement_cache: {} schema edits checked", cases.len());
}

#[test]
fn kept_statements_read_a_rebuilt_table() {
    // The table rebuilt with its columns in another order: a kept statement is
    // re-prepared and reads the right columns (the visit count goes on).
    let mut w = World::lecture();
    for _ in 0..2 {
        w.navigate("A", "/session/sessfun").unwrap();
    }
    for sql in [
        "CREATE TABLE t (expire_date datetime NOT NULL, session_data text NOT NULL, session_key varchar(40) NOT NULL PRIMARY KEY)",
        "INSERT INTO t SELECT expire_date, session_data, session_key FROM django_session",
        "DROP TABLE django_session",
        "ALTER TABLE t RENAME TO django_session",
    ] {
        w.sql(sql).unwrap();
    }
    w.navigate("A", "/session/sessfun").unwrap();
    let page = w.page("A").unwrap();
    assert_eq!(page.body, "view count=3");
}
