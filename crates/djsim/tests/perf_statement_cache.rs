//! The server keeps its prepared SQL statements between requests (`prepare_cached`):
//! a schema edited in the sqlite3 console between two requests must give what a
//! freshly prepared statement gives (Django prepares every query anew), i.e. the same
//! `OperationalError` text, never "database schema has changed" or a stale read.

use djsim::world::World;

/// Visits `path` `warm` times (so every statement of the view is prepared and
/// kept), runs the statements `sql`, visits once more and returns that last
/// response's body and the console lines it printed.
fn after_edit(path: &str, warm: usize, sql: &[&str]) -> (u16, String, String) {
    let mut w = World::lecture();
    for _ in 0..warm {
        w.navigate("A", path).unwrap();
    }
    for statement in sql {
        w.sql(statement).unwrap();
    }
    let ids = w.navigate("A", path).unwrap();
    let e = &w.network()[*ids.last().unwrap()];
    let console: String = w.console()[e.console.clone()].iter().map(|l| l.text.clone() + "\n").collect();
    (e.status, e.response_body.clone(), console)
}

#[track_caller]
fn check_same_as_fresh(path: &str, sql: &[&str], expect: &str) {
    // Two visits: the statements ran (and are kept) before the edit.
    let (status, body, console) = after_edit(path, 2, sql);
    assert!(body.contains(expect) || console.contains(expect), "{path} after {sql:?}: status {status}, no {expect:?} in\n{console}");
}

#[test]
fn kept_statements_see_schema_edits() {
    // The page's SQLite has no ALTER TABLE (tests/sql_left_out_of_the_page.rs): a
    // column is renamed, and a table moved, by rebuilding.
    let cases: [(&str, &[&str], &str); 3] = [
        ("/session/sessfun", &["DROP TABLE django_session"], "no such table: django_session"),
        (
            "/session/sessfun",
            &[
                "CREATE TABLE t AS SELECT * FROM django_session",
                "DROP TABLE django_session",
                "CREATE TABLE django_session (session_key varchar(40) NOT NULL PRIMARY KEY, data text NOT NULL, expire_date datetime NOT NULL)",
                "INSERT INTO django_session SELECT * FROM t",
                "DROP TABLE t",
            ],
            "no such column: session_data",
        ),
        (
            "/session/sessfun",
            &["CREATE TABLE sessions_old AS SELECT * FROM django_session", "DROP TABLE django_session"],
            "no such table: django_session",
        ),
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
        "CREATE TABLE t AS SELECT * FROM django_session",
        "DROP TABLE django_session",
        "CREATE TABLE django_session (expire_date datetime NOT NULL, session_data text NOT NULL, session_key varchar(40) NOT NULL PRIMARY KEY)",
        "INSERT INTO django_session SELECT expire_date, session_data, session_key FROM t",
        "DROP TABLE t",
    ] {
        w.sql(sql).unwrap();
    }
    w.navigate("A", "/session/sessfun").unwrap();
    let page = w.page("A").unwrap();
    assert_eq!(page.body, "view count=3");
}
