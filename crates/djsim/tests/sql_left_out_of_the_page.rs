//! What the page's SQLite is compiled without (ALTER TABLE, VACUUM, ANALYZE, REINDEX,
//! triggers, auto-vacuum, generated columns; `.cargo/config.toml`) is refused on every
//! target with one sentence (for the statements its parser keeps, the one the page's
//! SQLite gives), so native runs and the page agree and the database is left as it
//! was. Everything else runs as before.

use djsim::world::World;

/// The lecture's World after one visit to `sessfun` (one session row).
fn world() -> World {
    let mut w = World::lecture();
    w.navigate("A", "/session/sessfun").unwrap();
    w
}

fn schema(w: &mut World) -> String {
    let r = w.sql("SELECT type, name, sql FROM sqlite_master ORDER BY rowid").unwrap();
    format!("{:?}", r.rows)
}

#[track_caller]
fn check_refused(statement: &str, what: &str, without: &str) {
    let mut w = world();
    let before = schema(&mut w);
    let err = w.sql(statement).expect_err(statement).to_string();
    let sentence = format!("{what} is not available in the playground's SQLite (it is built without {without} to keep the page small)");
    assert!(err.ends_with(&sentence), "{statement:?}: {err:?}, expected {sentence:?}");
    assert_eq!(schema(&mut w), before, "{statement:?} changed the schema");
    let rows = w.sql("SELECT count(*) FROM django_session").unwrap().rows;
    assert_eq!(format!("{rows:?}"), "[[Integer(1)]]", "{statement:?}");
}

#[test]
fn statements_the_page_has_no_code_for_are_refused() {
    let cases = [
        ("ALTER TABLE django_session RENAME TO sessions_old", "ALTER TABLE"),
        ("alter table django_session rename column session_data to data", "ALTER TABLE"),
        ("ALTER TABLE django_session ADD COLUMN note text DEFAULT ''", "ALTER TABLE"),
        ("ALTER TABLE auth_user DROP COLUMN email", "ALTER TABLE"),
        ("  /* a comment */ -- and another\n ALTER TABLE django_session RENAME TO x", "ALTER TABLE"),
        ("EXPLAIN ALTER TABLE django_session RENAME TO x", "ALTER TABLE"),
        ("EXPLAIN QUERY PLAN ALTER TABLE django_session RENAME TO x", "ALTER TABLE"),
        ("VACUUM", "VACUUM"),
        ("vacuum main", "VACUUM"),
        ("VACUUM INTO 'copy.sqlite3'", "VACUUM"),
        ("ANALYZE", "ANALYZE"),
        ("analyze django_session", "ANALYZE"),
        ("REINDEX", "REINDEX"),
        ("REINDEX django_session", "REINDEX"),
        ("CREATE TRIGGER t AFTER INSERT ON django_session BEGIN DELETE FROM django_session; END", "CREATE TRIGGER"),
        ("create temp trigger t before delete on django_session begin select 1; end", "CREATE TRIGGER"),
        ("CREATE TEMPORARY TRIGGER IF NOT EXISTS t AFTER UPDATE ON django_session BEGIN SELECT 1; END", "CREATE TRIGGER"),
        ("DROP TRIGGER t", "DROP TRIGGER"),
        ("drop trigger if exists main.t", "DROP TRIGGER"),
        ("CREATE TABLE g (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED)", "GENERATED ALWAYS AS"),
        ("create table g (a, b as (a + 1))", "GENERATED ALWAYS AS"),
        ("CREATE TEMP TABLE IF NOT EXISTS \"g\" (a varchar(10) DEFAULT ('x'), [b] TEXT -- note\n AS /* c */ (upper(a)) VIRTUAL)", "GENERATED ALWAYS AS"),
    ];
    for (statement, what) in cases {
        check_refused(statement, what, "it");
    }
}

#[test]
fn another_database_is_refused() {
    for (statement, what) in [("ATTACH DATABASE ':memory:' AS other", "ATTACH"), ("attach 'x.sqlite3' as other", "ATTACH"), ("DETACH DATABASE other", "DETACH")] {
        let mut w = world();
        let err = w.sql(statement).expect_err(statement).to_string();
        let sentence = format!("{what} is not available in the playground: the simulated project has one database, db.sqlite3");
        assert!(err.ends_with(&sentence), "{statement:?}: {err:?}");
    }
    assert!(!std::path::Path::new("x.sqlite3").exists(), "no file was made");
}

#[test]
fn pragmas_the_page_has_no_code_for_are_refused() {
    check_refused("PRAGMA optimize", "PRAGMA optimize", "ANALYZE");
    check_refused("pragma main.optimize(0x10002)", "PRAGMA optimize", "ANALYZE");
    check_refused("PRAGMA \"optimize\"", "PRAGMA optimize", "ANALYZE");
    let fk = "triggers, which foreign keys need,";
    check_refused("PRAGMA foreign_keys", "PRAGMA foreign_keys", fk);
    check_refused("PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", fk);
    check_refused("PRAGMA main . foreign_key_check", "PRAGMA foreign_key_check", fk);
    check_refused("PRAGMA foreign_key_check(django_session)", "PRAGMA foreign_key_check", fk);
    check_refused("PRAGMA [defer_foreign_keys]", "PRAGMA defer_foreign_keys", fk);
    check_refused("PRAGMA auto_vacuum", "PRAGMA auto_vacuum", "it");
    check_refused("PRAGMA main.auto_vacuum = 1", "PRAGMA auto_vacuum", "it");
    check_refused("PRAGMA incremental_vacuum(10)", "PRAGMA incremental_vacuum", "it");
    check_refused("PRAGMA compile_options", "PRAGMA compile_options", "it");
    check_refused("pragma main.compile_options", "PRAGMA compile_options", "it");
}

#[test]
fn everything_else_runs_as_before() {
    let mut w = world();
    for statement in [
        "SELECT 'ALTER TABLE django_session RENAME TO x'",
        "SELECT count(*) AS vacuum FROM django_session",
        "PRAGMA foreign_key_list(django_admin_log)",
        "PRAGMA table_info(django_session)",
        "PRAGMA main.user_version",
        "EXPLAIN SELECT * FROM django_session",
        "EXPLAIN QUERY PLAN SELECT * FROM django_session WHERE expire_date < '2030'",
        "WITH t(x) AS (SELECT 1) SELECT x FROM t",
        "CREATE TABLE triggers (attach text, analyze text)",
        "CREATE TABLE plain (a varchar(10) DEFAULT ('as ('), b CHECK (CAST(a AS TEXT) <> ''), \"as\" TEXT, [as (] INT, generated INT)",
        "CREATE TABLE copied AS WITH c AS (SELECT 1 AS x) SELECT x FROM c",
        "CREATE TABLE copied2 AS SELECT * FROM (SELECT 2 AS y)",
        "CREATE VIEW recent AS SELECT session_key FROM django_session",
        "DROP VIEW recent",
        "DROP TABLE triggers",
    ] {
        w.sql(statement).unwrap_or_else(|e| panic!("{statement:?}: {e}"));
    }
}
