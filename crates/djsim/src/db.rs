//! The project's SQLite database (`db.sqlite3`), held in memory: what `migrate`
//! creates for the lecture's apps (admin, auth, contenttypes, sessions) and the
//! queries Django's ORM sends for sessions and users. OWNER: server.
//!
//! The same SQL runs natively (bundled SQLite) and in the page (sqlite-wasm-rs),
//! through our small binding ([`sqlite`]).

// The crate's only `unsafe`: calls into SQLite's C API, each with its SAFETY reason.
#[allow(unsafe_code)]
mod sqlite;

use sqlite::{Connection, Param, Row, Value};
use std::cell::{Cell, OnceCell, Ref, RefCell};

/// One SQLite value, as the sqlite3 console shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl SqlValue {
    /// How the `sqlite3` shell prints it in list mode (`NULL` as empty).
    pub fn display(&self) -> String {
        match self {
            SqlValue::Null => String::new(),
            SqlValue::Integer(i) => i.to_string(),
            SqlValue::Real(r) => crate::float::display(*r),
            SqlValue::Text(s) => s.clone(),
            SqlValue::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        }
    }
}

/// What one statement gave: the rows of a query, or how many rows it changed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SqlResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SqlValue>>,
    pub changes: usize,
}

/// An error SQLite (or the ORM above it) reports, with SQLite's message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DbError {
    pub message: String,
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for DbError {}

impl From<sqlite::Error> for DbError {
    fn from(e: sqlite::Error) -> Self {
        DbError { message: e.message }
    }
}

/// One row of `django_session`, raw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionTableRow {
    pub session_key: String,
    pub session_data: String,
    pub expire_date: String,
}

/// One `auth_user` row, as far as sessions and login use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password: String,
    pub is_active: bool,
}

/// A migration of the lecture's apps, in the order `migrate` applies them.
pub const MIGRATIONS: [(&str, &str); 18] = [
    ("contenttypes", "0001_initial"),
    ("auth", "0001_initial"),
    ("admin", "0001_initial"),
    ("admin", "0002_logentry_remove_auto_add"),
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0002_alter_permission_name_max_length"),
    ("auth", "0003_alter_user_email_max_length"),
    ("auth", "0004_alter_user_username_opts"),
    ("auth", "0005_alter_user_last_login_null"),
    ("auth", "0006_require_contenttypes_0002"),
    ("auth", "0007_alter_validators_add_error_messages"),
    ("auth", "0008_alter_user_username_max_length"),
    ("auth", "0009_alter_user_last_name_max_length"),
    ("auth", "0010_alter_group_name_max_length"),
    ("auth", "0011_update_proxy_permissions"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("sessions", "0001_initial"),
];

/// The in-memory `db.sqlite3`.
///
/// Architecture invariant: what the database holds, and what every statement returns,
/// is what it would be if each statement committed on its own (Django's autocommit).
/// The ORM's writes are nevertheless grouped into one open transaction (each
/// autocommit transaction of an in-memory database costs about as much as the write
/// itself), committed before anything else sees the database: SQL from outside (the
/// sqlite3 console), the file's bytes, `migrate`. For an in-memory database the pages
/// are the same either way (no change counter is written), and the ORM's own
/// statements cannot fail in a way that rolls back a whole transaction (a full disk,
/// an I/O error, a busy lock). SQL from outside can (`PRAGMA max_page_count`, a
/// trigger): after any such statement but a plain `SELECT`, every statement commits
/// on its own again, for good.
///
/// A fresh database may be made [`Database::migrated_on_first_use`]: opening SQLite and
/// running `migrate` then wait for the first statement (or [`Database::prepare`]), so a
/// page shows its first response sooner. The statements are the same, in the same order,
/// before anything else reaches the database: what it holds, and its file's bytes, are
/// the same as if they had run at once.
pub struct Database {
    /// Opened on first use.
    conn: OnceCell<RefCell<Connection>>,
    /// What a fresh database still has to run first (taken when it runs).
    setup: RefCell<Option<Setup>>,
    /// The deferred setup failed: every later use fails with its error.
    setup_failed: RefCell<Option<DbError>>,
    batch: Cell<Batch>,
}

/// The statements a fresh database runs before its first use: `migrate` (its rows
/// `applied` at this time), then the users that exist from the start.
#[derive(Clone, Debug)]
struct Setup {
    applied_at: String,
    users: Vec<NewUser>,
}

/// A user created at start-up: `ensure_user`'s arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub password: String,
    pub date_joined: String,
}

/// Whether the ORM's writes are grouped into an open transaction (see [`Database`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Batch {
    /// No transaction of ours is open: the next write opens one.
    Idle,
    /// Our transaction is open, holding the writes since the last commit.
    Open,
    /// SQL from outside ran: each statement commits on its own.
    Off,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Database(:memory:)")
    }
}

impl Database {
    pub fn open_in_memory() -> Result<Database, DbError> {
        let db = Database::unopened(None);
        db.conn()?;
        Ok(db)
    }

    /// A fresh database on which `migrate` (its rows `applied_at`) has run and then
    /// `users` were created, as [`Database::migrate`] and [`Database::ensure_user`] do; but
    /// nothing runs until the database is first used. The names `migrate` applies on a
    /// fresh database are all of [`MIGRATIONS`].
    pub fn migrated_on_first_use(applied_at: &str, users: Vec<NewUser>) -> Database {
        Database::unopened(Some(Setup { applied_at: applied_at.to_owned(), users }))
    }

    fn unopened(setup: Option<Setup>) -> Database {
        Database { conn: OnceCell::new(), setup: RefCell::new(setup), setup_failed: RefCell::new(None), batch: Cell::new(Batch::Idle) }
    }

    /// Runs now what a database made [`Database::migrated_on_first_use`] still has to run
    /// (nothing if it has run): e.g. once the page is on screen.
    pub fn prepare(&self) -> Result<(), DbError> {
        self.conn().map(|_| ())
    }

    /// The connection: opened (with `django_migrations`) and set up on first use.
    fn conn(&self) -> Result<&RefCell<Connection>, DbError> {
        if let Some(error) = self.setup_failed.borrow().clone() {
            return Err(error);
        }
        if let Some(conn) = self.conn.get() {
            return Ok(conn);
        }
        // The ORM's few statements run on every request: each is prepared once and
        // kept (`prepare_cached`; SQLite re-prepares a kept statement itself after a
        // schema change, with the same error a fresh prepare would give).
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(DJANGO_MIGRATIONS_DDL)?;
        let conn = self.conn.get_or_init(|| RefCell::new(conn));
        let setup = self.setup.borrow_mut().take();
        if let Some(setup) = setup {
            let result = self.migrate(&setup.applied_at).and_then(|_| {
                setup.users.iter().try_for_each(|u| self.ensure_user(&u.username, &u.password, &u.date_joined).map(|_| ()))
            });
            if let Err(error) = result {
                *self.setup_failed.borrow_mut() = Some(error.clone());
                return Err(error);
            }
        }
        Ok(conn)
    }

    /// The connection, to read or write through (see [`Database::conn`]).
    fn connection(&self) -> Result<Ref<'_, Connection>, DbError> {
        Ok(self.conn()?.borrow())
    }

    /// `manage.py migrate`: applies the migrations not yet recorded in
    /// `django_migrations`, then (as `post_migrate` does) the content types and
    /// permissions. Returns the names applied (`sessions.0001_initial`).
    pub fn migrate(&self, applied_at: &str) -> Result<Vec<String>, DbError> {
        let mut applied = Vec::new();
        {
            let conn = self.connection()?;
            self.commit_pending(&conn)?;
            for (app, name) in MIGRATIONS {
                let done =
                    conn.query_row("SELECT id FROM django_migrations WHERE app = ?1 AND name = ?2", &[Param::Text(app), Param::Text(name)], |r| r.get_i64(0))?;
                if done.is_some() {
                    continue;
                }
                if let Some(ddl) = migration_ddl(app, name) {
                    conn.execute_batch(ddl)?;
                }
                conn.execute(
                    "INSERT INTO django_migrations (app, name, applied) VALUES (?1, ?2, ?3)",
                    &[Param::Text(app), Param::Text(name), Param::Text(applied_at)],
                )?;
                applied.push(format!("{app}.{name}"));
            }
        }
        self.post_migrate()?;
        Ok(applied)
    }

    /// Creates `auth_user` row `username` unless it exists; returns its id.
    pub fn ensure_user(&self, username: &str, password: &str, date_joined: &str) -> Result<i64, DbError> {
        let conn = self.write_conn()?;
        if let Some(id) = conn.query_row("SELECT id FROM auth_user WHERE username = ?1", &[Param::Text(username)], |r| r.get_i64(0))? {
            return Ok(id);
        }
        conn.execute(
            "INSERT INTO auth_user (password, last_login, is_superuser, username, last_name, email, is_staff, is_active, date_joined, first_name) \
             VALUES (?1, NULL, 0, ?2, '', '', 0, 1, ?3, '')",
            &[Param::Text(password), Param::Text(username), Param::Text(date_joined)],
        )
        .map_err(|e| self.failed(&conn, e))?;
        Ok(conn.last_insert_rowid())
    }

    /// `User.objects.get(username=…)` (the `ModelBackend`).
    pub fn user_by_username(&self, username: &str) -> Result<Option<UserRow>, DbError> {
        self.user_where("SELECT id, username, password, is_active FROM auth_user WHERE username = ?1", Param::Text(username))
    }

    /// `User._default_manager.get(pk=…)`.
    pub fn user_by_id(&self, id: i64) -> Result<Option<UserRow>, DbError> {
        self.user_where("SELECT id, username, password, is_active FROM auth_user WHERE id = ?1", Param::Integer(id))
    }

    /// `user.save(update_fields=[…])` for `password` / `last_login`.
    pub fn update_user_field(&self, id: i64, field: &str, value: &str) -> Result<(), DbError> {
        let sql = match field {
            "password" => "UPDATE auth_user SET password = ?1 WHERE id = ?2",
            _ => "UPDATE auth_user SET last_login = ?1 WHERE id = ?2",
        };
        let conn = self.write_conn()?;
        conn.prepare_cached(sql)?.execute(&[Param::Text(value), Param::Integer(id)]).map_err(|e| self.failed(&conn, e))?;
        Ok(())
    }

    /// `Session.objects.get(session_key=key, expire_date__gt=now)`: Django compares
    /// the stored text with the adapted datetime string, as SQLite compares text.
    pub fn session_get(&self, key: &str, now_sql: &str) -> Result<Option<SessionTableRow>, DbError> {
        let conn = self.connection()?;
        let row = conn
            .prepare_cached(
                "SELECT session_key, session_data, expire_date FROM django_session WHERE expire_date > ?2 AND session_key = ?1 LIMIT 21",
            )?
            .query_row(&[Param::Text(key), Param::Text(now_sql)], |r| Ok(session_table_row(r)))?;
        Ok(row)
    }

    /// `Session.objects.filter(session_key=key).exists()`; ignores `expire_date`.
    pub fn session_exists(&self, key: &str) -> Result<bool, DbError> {
        let conn = self.connection()?;
        let n = conn.prepare_cached("SELECT 1 AS a FROM django_session WHERE session_key = ?1 LIMIT 1")?.query_row(&[Param::Text(key)], |r| r.get_i64(0))?;
        Ok(n.is_some())
    }

    /// `obj.save(force_insert=True)`: `Ok(false)` on an IntegrityError (the key exists).
    pub fn session_insert(&self, row: &SessionTableRow) -> Result<bool, DbError> {
        let conn = self.write_conn()?;
        let mut stmt = conn.prepare_cached("INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?1, ?2, ?3)")?;
        match stmt.execute(&[Param::Text(&row.session_key), Param::Text(&row.session_data), Param::Text(&row.expire_date)]) {
            Ok(_) => Ok(true),
            Err(e) if e.is_constraint_violation() => Ok(false),
            Err(e) => Err(self.failed(&conn, e)),
        }
    }

    /// `obj.save(force_update=True)`: `Ok(false)` when no row was updated
    /// ("Forced update did not affect any rows.").
    pub fn session_update(&self, row: &SessionTableRow) -> Result<bool, DbError> {
        let conn = self.write_conn()?;
        let n = conn
            .prepare_cached("UPDATE django_session SET session_data = ?2, expire_date = ?3 WHERE session_key = ?1")?
            .execute(&[Param::Text(&row.session_key), Param::Text(&row.session_data), Param::Text(&row.expire_date)])
            .map_err(|e| self.failed(&conn, e))?;
        Ok(n > 0)
    }

    /// `Session.objects.get(session_key=key).delete()` (a missing row is ignored).
    pub fn session_delete(&self, key: &str) -> Result<(), DbError> {
        let conn = self.write_conn()?;
        conn.prepare_cached("DELETE FROM django_session WHERE session_key = ?1")?.execute(&[Param::Text(key)]).map_err(|e| self.failed(&conn, e))?;
        Ok(())
    }

    /// `clear_expired()`: `Session.objects.filter(expire_date__lt=now).delete()`.
    pub fn session_clear_expired(&self, now_sql: &str) -> Result<usize, DbError> {
        let conn = self.write_conn()?;
        let n = conn.prepare_cached("DELETE FROM django_session WHERE expire_date < ?1")?.execute(&[Param::Text(now_sql)]).map_err(|e| self.failed(&conn, e))?;
        Ok(n)
    }

    /// The row of `django_session` with this key, expired or not (what the page shows).
    pub fn session_row(&self, key: &str) -> Result<Option<SessionTableRow>, DbError> {
        let conn = self.connection()?;
        let mut stmt = conn.prepare_cached("SELECT session_key, session_data, expire_date FROM django_session WHERE session_key = ?1")?;
        Ok(stmt.query_row(&[Param::Text(key)], |r| Ok(session_table_row(r)))?)
    }

    /// The whole `django_session` table in storage (rowid) order.
    pub fn session_rows(&self) -> Result<Vec<SessionTableRow>, DbError> {
        let conn = self.connection()?;
        let mut stmt = conn.prepare_cached("SELECT session_key, session_data, expire_date FROM django_session ORDER BY rowid")?;
        let mut rows = stmt.query(&[])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(session_table_row(&row));
        }
        Ok(out)
    }

    /// Runs one SQL statement (the sqlite3 console). More than one statement is an error.
    pub fn execute(&self, statement: &str) -> Result<SqlResult, DbError> {
        let conn = self.connection()?;
        let trimmed = statement.trim();
        if trimmed.is_empty() {
            return Err(DbError { message: "empty statement: nothing to run".into() });
        }
        if let Some(message) = left_out_of_the_page(trimmed) {
            return Err(DbError { message });
        }
        // What comes from outside sees the database as committed.
        self.commit_pending(&conn)?;
        let mut stmt = conn.prepare(trimmed)?;
        // Only a plain query leaves the grouping of the ORM's writes on (see [`Database`]).
        let plain_query = stmt.readonly() && trimmed.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select"));
        if !plain_query {
            self.batch.set(Batch::Off);
        }
        let columns = stmt.column_names();
        let ncol = columns.len();
        let mut rows_out = Vec::new();
        {
            let mut rows = stmt.query(&[])?;
            while let Some(row) = rows.next()? {
                let vals = (0..ncol)
                    .map(|i| match row.get(i) {
                        Value::Null => SqlValue::Null,
                        Value::Integer(v) => SqlValue::Integer(v),
                        Value::Real(v) => SqlValue::Real(v),
                        Value::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
                        Value::Blob(b) => SqlValue::Blob(b.to_vec()),
                    })
                    .collect();
                rows_out.push(vals);
            }
        }
        drop(stmt);
        let changes = if ncol == 0 { conn.changes() as usize } else { 0 };
        Ok(SqlResult { columns, rows: rows_out, changes })
    }

    /// The database file's bytes, as `db.sqlite3` would hold them.
    pub fn file_bytes(&self) -> Result<Vec<u8>, DbError> {
        let conn = self.connection()?;
        self.commit_pending(&conn)?;
        Ok(conn.serialize()?)
    }

    /// The connection, for a write of the ORM's: inside our open transaction (opened
    /// now if need be), unless grouping is off or a transaction from outside is open.
    fn write_conn(&self) -> Result<std::cell::Ref<'_, Connection>, DbError> {
        let conn = self.connection()?;
        if self.batch.get() == Batch::Idle && conn.is_autocommit() {
            conn.prepare_cached("BEGIN")?.execute(&[])?;
            self.batch.set(Batch::Open);
        }
        Ok(conn)
    }

    /// Commits our open transaction, if any.
    fn commit_pending(&self, conn: &Connection) -> Result<(), DbError> {
        if self.batch.get() == Batch::Open {
            self.batch.set(Batch::Idle);
            if !conn.is_autocommit() {
                conn.prepare_cached("COMMIT")?.execute(&[])?;
            }
        }
        Ok(())
    }

    /// A write failed: the error, after noting whether SQLite ended our transaction.
    fn failed(&self, conn: &Connection, e: sqlite::Error) -> DbError {
        if self.batch.get() == Batch::Open && conn.is_autocommit() {
            self.batch.set(Batch::Idle);
        }
        e.into()
    }

    /// One user by the query `sql` (`SELECT id, username, password, is_active … WHERE … = ?1`).
    fn user_where(&self, sql: &'static str, value: Param<'_>) -> Result<Option<UserRow>, DbError> {
        let conn = self.connection()?;
        let mut stmt = conn.prepare_cached(sql)?;
        let user = stmt.query_row(&[value], |r| {
            Ok(UserRow { id: r.get_i64(0)?, username: text(r, 1), password: text(r, 2), is_active: r.get_i64(3).unwrap_or(0) != 0 })
        })?;
        Ok(user)
    }

    fn post_migrate(&self) -> Result<(), DbError> {
        let conn = self.connection()?;
        let tables =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('django_content_type','auth_permission')", &[], |r| r.get_i64(0))?;
        if tables.unwrap_or(0) < 2 {
            return Ok(());
        }
        for (app, model, verbose) in CONTENT_TYPES {
            let ct = conn.query_row(
                "SELECT id FROM django_content_type WHERE app_label = ?1 AND model = ?2",
                &[Param::Text(app), Param::Text(model)],
                |r| r.get_i64(0),
            )?;
            let ct = match ct {
                Some(id) => id,
                None => {
                    conn.execute("INSERT INTO django_content_type (app_label, model) VALUES (?1, ?2)", &[Param::Text(app), Param::Text(model)])?;
                    conn.last_insert_rowid()
                }
            };
            for action in ["add", "change", "delete", "view"] {
                let codename = format!("{action}_{model}");
                let name = format!("Can {action} {verbose}");
                conn.execute(
                    "INSERT OR IGNORE INTO auth_permission (content_type_id, codename, name) VALUES (?1, ?2, ?3)",
                    &[Param::Integer(ct), Param::Text(&codename), Param::Text(&name)],
                )?;
            }
        }
        Ok(())
    }
}

/// Why SQLite in the page cannot run `statement`, if it cannot: the page's SQLite is
/// compiled without ALTER TABLE, VACUUM, ANALYZE, REINDEX and triggers
/// (`.cargo/config.toml`, `tools/sqlite-amalgamation.py`), whose stubs fail those
/// statements with this same sentence. Refused here on every target, so that native
/// runs (full SQLite) and the page agree; so are ATTACH and DETACH (another database
/// file), and the PRAGMAs those builds lose, which
/// SQLite would otherwise ignore silently (`optimize` runs ANALYZE; `foreign_keys`,
/// `foreign_key_check` and `defer_foreign_keys` need triggers; `auto_vacuum` and
/// `incremental_vacuum`: the page has no auto-vacuum; `compile_options`: nor
/// compile-option diagnostics); and a table with a generated column (the page's
/// SQLite is built without them, and would fail with its own sentence).
fn left_out_of_the_page(statement: &str) -> Option<String> {
    let mut words = SqlWords(statement);
    let mut first = words.next()?;
    if first.eq_ignore_ascii_case("EXPLAIN") {
        first = words.next()?;
        if first.eq_ignore_ascii_case("QUERY") {
            words.next()?; // PLAN
            first = words.next()?;
        }
    }
    let is = |word: &str, name: &str| word.eq_ignore_ascii_case(name);
    let what = if is(&first, "ALTER") {
        "ALTER TABLE"
    } else if ["VACUUM", "ANALYZE", "REINDEX"].iter().any(|w| is(&first, w)) {
        return Some(not_available(&first.to_ascii_uppercase(), "it"));
    } else if is(&first, "ATTACH") || is(&first, "DETACH") {
        // The page's SQLite has ATTACH (its sqlite3_deserialize needs it), but another
        // database would be a file natively and memory in the page.
        return Some(format!("{} is not available in the playground: the simulated project has one database, db.sqlite3", first.to_ascii_uppercase()));
    } else if is(&first, "CREATE") {
        let mut next = words.next()?;
        if is(&next, "TEMP") || is(&next, "TEMPORARY") {
            next = words.next()?;
        }
        if is(&next, "TABLE") && defines_generated_column(words.0) {
            "GENERATED ALWAYS AS"
        } else if is(&next, "TRIGGER") {
            "CREATE TRIGGER"
        } else {
            return None;
        }
    } else if is(&first, "DROP") {
        if !is(&words.next()?, "TRIGGER") {
            return None;
        }
        "DROP TRIGGER"
    } else if is(&first, "PRAGMA") {
        // `PRAGMA name …` or `PRAGMA schema.name …`
        let mut name = words.next()?;
        if words.0.trim_start().starts_with('.') {
            words.0 = &words.0.trim_start()[1..];
            name = words.next()?;
        }
        let name = name.to_ascii_lowercase();
        return match name.as_str() {
            "optimize" => Some(not_available("PRAGMA optimize", "ANALYZE")),
            // compile_options: the page's SQLite has no compile-option diagnostics
            // (.cargo/config.toml), and would ignore it silently.
            "auto_vacuum" | "incremental_vacuum" | "compile_options" => Some(not_available(&format!("PRAGMA {name}"), "it")),
            "foreign_keys" | "foreign_key_check" | "defer_foreign_keys" => {
                Some(not_available(&format!("PRAGMA {name}"), "triggers, which foreign keys need,"))
            }
            _ => None,
        };
    } else {
        return None;
    };
    Some(not_available(what, "it"))
}

/// Whether `CREATE TABLE` followed by `rest` defines a generated column: `AS (`
/// directly in its column list (`b GENERATED ALWAYS AS (a * 2)`, `b AS (a * 2)`). A
/// column's other parentheses (a type's size, `DEFAULT (…)`, `CHECK (…)`) are deeper,
/// and `CREATE TABLE … AS SELECT` has no column list.
fn defines_generated_column(rest: &str) -> bool {
    let b = rest.as_bytes();
    let (mut i, mut depth, mut after_as) = (0, 0u32, false);
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let mut as_before = false;
        match c {
            b'-' if next == Some(b'-') => {
                i += rest[i..].find('\n').unwrap_or(rest.len() - i);
                as_before = after_as;
            }
            b'/' if next == Some(b'*') => {
                i += rest[i + 2..].find("*/").map_or(rest.len() - i, |e| e + 4);
                as_before = after_as;
            }
            _ if c.is_ascii_whitespace() => {
                i += 1;
                as_before = after_as;
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1 + b[i + 1..].iter().position(|&d| d == close).map_or(b.len() - i - 1, |e| e + 1);
            }
            b'(' if depth == 1 && after_as => return true,
            b'(' | b')' => {
                // The column list ends where it closes.
                if c == b')' && depth == 1 {
                    return false;
                }
                depth = if c == b'(' { depth + 1 } else { depth.saturating_sub(1) };
                i += 1;
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let end = b[i..].iter().position(|&d| !(d.is_ascii_alphanumeric() || d == b'_' || d == b'$' || d >= 0x80)).map_or(b.len(), |e| i + e);
                let is_as = rest[i..end].eq_ignore_ascii_case("AS");
                if is_as && depth == 0 {
                    return false; // CREATE TABLE … AS SELECT
                }
                as_before = is_as && depth == 1;
                i = end;
            }
            _ => i += 1,
        }
        after_as = as_before;
    }
    false
}

fn not_available(what: &str, without: &str) -> String {
    format!("{what} is not available in the playground's SQLite (it is built without {without} to keep the page small)")
}

/// The words of an SQL statement as SQLite's tokenizer sees its keywords and names:
/// whitespace and comments skipped, quoted names unquoted; anything else (an
/// operator, a number, a string literal) ends the words.
struct SqlWords<'a>(&'a str);

impl Iterator for SqlWords<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        loop {
            let rest = self.0.trim_start();
            if let Some(comment) = rest.strip_prefix("--") {
                self.0 = comment.find('\n').map_or("", |i| &comment[i..]);
            } else if let Some(comment) = rest.strip_prefix("/*") {
                self.0 = comment.find("*/").map_or("", |i| &comment[i + 2..]);
            } else {
                self.0 = rest;
                break;
            }
        }
        let rest = self.0;
        let close = match rest.chars().next()? {
            '"' => '"',
            '`' => '`',
            '[' => ']',
            '\'' => '\'',
            // SQLite's identifier characters: ASCII letters, digits, `_`, `$`, and any
            // non-ASCII character (no Unicode tables).
            c if c.is_ascii_alphabetic() || c == '_' || !c.is_ascii() => {
                let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii())).unwrap_or(rest.len());
                self.0 = &rest[end..];
                return Some(rest[..end].to_owned());
            }
            _ => return None,
        };
        let end = rest[1..].find(close)? + 1;
        self.0 = &rest[end + 1..];
        Some(rest[1..end].to_owned())
    }
}

fn text(r: &Row<'_>, i: usize) -> String {
    match r.get(i) {
        Value::Null => String::new(),
        Value::Integer(v) => v.to_string(),
        Value::Real(v) => crate::float::display(v),
        Value::Text(t) | Value::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    }
}

/// A row of `SELECT session_key, session_data, expire_date FROM django_session`.
fn session_table_row(r: &Row<'_>) -> SessionTableRow {
    SessionTableRow { session_key: text(r, 0), session_data: text(r, 1), expire_date: text(r, 2) }
}

/// `(app_label, model, verbose_name)` in the order `post_migrate` creates them.
const CONTENT_TYPES: [(&str, &str, &str); 6] = [
    ("admin", "logentry", "log entry"),
    ("auth", "permission", "permission"),
    ("auth", "group", "group"),
    ("auth", "user", "user"),
    ("contenttypes", "contenttype", "content type"),
    ("sessions", "session", "session"),
];

const DJANGO_MIGRATIONS_DDL: &str = r#"CREATE TABLE IF NOT EXISTS "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);"#;

/// The tables as Django's SQLite schema editor leaves them after each app's
/// migrations (the later `Alter…` migrations remake tables to this shape).
fn migration_ddl(app: &str, name: &str) -> Option<&'static str> {
    Some(match (app, name) {
        ("contenttypes", "0001_initial") => {
            r#"CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");"#
        }
        ("auth", "0001_initial") => {
            r#"CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "auth_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "auth_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" ON "auth_group_permissions" ("group_id", "permission_id");
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE UNIQUE INDEX "auth_user_groups_user_id_group_id_94350c0c_uniq" ON "auth_user_groups" ("user_id", "group_id");
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
CREATE UNIQUE INDEX "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" ON "auth_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL);
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL);"#
        }
        ("admin", "0001_initial") => {
            r#"CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "action_time" datetime NOT NULL);
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");"#
        }
        ("sessions", "0001_initial") => {
            r#"CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");"#
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrate_creates_the_lecture_tables() {
        let db = Database::open_in_memory().unwrap();
        let applied = db.migrate("2019-09-29 23:17:55.591447").unwrap();
        assert_eq!(applied.len(), 18);
        assert_eq!(applied.last().unwrap(), "sessions.0001_initial");
        assert!(db.migrate("2019-09-29 23:17:55").unwrap().is_empty());
        let t = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
        let names: Vec<String> = t.rows.iter().map(|r| r[0].display()).collect();
        assert_eq!(
            names,
            [
                "auth_group",
                "auth_group_permissions",
                "auth_permission",
                "auth_user",
                "auth_user_groups",
                "auth_user_user_permissions",
                "django_admin_log",
                "django_content_type",
                "django_migrations",
                "django_session"
            ]
        );
        let n = db.execute("SELECT count(*) FROM auth_permission").unwrap();
        assert_eq!(n.rows[0][0], SqlValue::Integer(24));
        assert!(!db.file_bytes().unwrap().is_empty());
    }

    fn alice() -> NewUser {
        NewUser { username: "alice".into(), password: "pbkdf2_sha256$x".into(), date_joined: "2019-09-01 00:00:00".into() }
    }

    #[test]
    fn a_database_migrated_on_first_use_is_the_one_migrated_at_once() {
        let at = "2019-09-29 23:17:55.591447";
        let eager = Database::open_in_memory().unwrap();
        let applied = eager.migrate(at).unwrap();
        let names: Vec<String> = MIGRATIONS.iter().map(|(app, name)| format!("{app}.{name}")).collect();
        assert_eq!(applied, names, "a fresh database applies every migration, in order");
        eager.ensure_user("alice", "pbkdf2_sha256$x", "2019-09-01 00:00:00").unwrap();
        let expected = eager.file_bytes().unwrap();
        let first_uses: [(&str, fn(&Database)); 4] = [
            ("prepare", |db| db.prepare().unwrap()),
            ("a session read", |db| assert_eq!(db.session_get("k", "2019-09-29 23:17:55").unwrap(), None)),
            ("console SQL", |db| assert_eq!(db.execute("SELECT count(*) FROM auth_user").unwrap().rows, [[SqlValue::Integer(1)]])),
            ("the file", |_| {}),
        ];
        for (what, first_use) in first_uses {
            let lazy = Database::migrated_on_first_use(at, vec![alice()]);
            first_use(&lazy);
            assert!(lazy.file_bytes().unwrap() == expected, "first use: {what}");
            lazy.prepare().unwrap();
            assert!(lazy.file_bytes().unwrap() == expected, "{what}, then prepare: nothing runs twice");
        }
    }

    #[test]
    fn restoring_bytes_before_first_use_replaces_what_it_would_have_run() {
        let at = "2019-09-29 23:17:55";
        let other = Database::open_in_memory().unwrap();
        other.execute("CREATE TABLE t (x)").unwrap();
        let bytes = other.file_bytes().unwrap();
        let lazy = Database::migrated_on_first_use(at, vec![alice()]);
        lazy.restore_bytes(&bytes).unwrap();
        assert!(lazy.file_bytes().unwrap() == bytes);
        assert!(lazy.execute("SELECT * FROM auth_user").unwrap_err().message.contains("no such table"));

        // Bad bytes leave it as it was: migrated (on its first use).
        let lazy = Database::migrated_on_first_use(at, vec![alice()]);
        assert!(lazy.restore_bytes(b"not a database").is_err());
        assert_eq!(lazy.user_by_username("alice").unwrap().map(|u| u.id), Some(1));
    }

    #[test]
    fn session_rows_keep_insertion_order() {
        let db = Database::open_in_memory().unwrap();
        db.migrate("2019-09-29 23:17:55").unwrap();
        for k in ["zzzzzzzz", "aaaaaaaa"] {
            assert!(db.session_insert(&SessionTableRow { session_key: k.into(), session_data: "e30".into(), expire_date: "2019-10-13 23:17:55".into() }).unwrap());
        }
        assert!(!db.session_insert(&SessionTableRow { session_key: "aaaaaaaa".into(), session_data: "x".into(), expire_date: "x".into() }).unwrap());
        let keys: Vec<String> = db.session_rows().unwrap().into_iter().map(|r| r.session_key).collect();
        assert_eq!(keys, ["zzzzzzzz", "aaaaaaaa"]);
        assert!(db.session_get("aaaaaaaa", "2019-10-13 23:17:54.999999").unwrap().is_some());
        assert!(db.session_get("aaaaaaaa", "2019-10-13 23:17:55").unwrap().is_none());
        assert_eq!(db.execute("UPDATE django_session SET session_data = 'x'").unwrap().changes, 2);
    }
}

impl Database {
    /// Replaces the whole database with a `db.sqlite3` file's bytes (a restart that
    /// keeps the file; an imported database). Bad bytes leave the database as it was.
    pub fn restore_bytes(&self, bytes: &[u8]) -> Result<(), DbError> {
        let mut fresh = Connection::open_in_memory()?;
        fresh.deserialize(bytes)?;
        // Reading it proves it is a database before it replaces the old one.
        fresh.query_row("SELECT count(*) FROM sqlite_master", &[], |r| r.get_i64(0))?;
        // The old database is gone, and with it what it still had to run.
        *self.setup_failed.borrow_mut() = None;
        self.setup.borrow_mut().take();
        match self.conn.get() {
            Some(conn) => *conn.borrow_mut() = fresh,
            None => {
                let _ = self.conn.set(RefCell::new(fresh));
            }
        }
        Ok(())
    }
}
