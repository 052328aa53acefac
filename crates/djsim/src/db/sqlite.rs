//! The few calls of SQLite's C API that [`super`] makes, safely wrapped: an in-memory
//! connection, batches, prepared statements (and a cache of the ORM's), rows, and the
//! file's bytes in and out. All of djsim's `unsafe` for SQLite is in this module.
//!
//! Natively this is the bundled SQLite of `libsqlite3-sys`; in the page, sqlite-wasm-rs
//! (the same C API, its default VFS in memory). A binding of our own rather than
//! rusqlite keeps the page small (no generic layers, no LRU map, no `Display` of
//! floats); its errors read exactly as rusqlite 0.43's did, since the sqlite3 console
//! and djsim show them: SQLite's own message, with rusqlite's " in SQL at offset N"
//! for a statement SQLite could not prepare, and rusqlite's sentences for the misuses
//! it checked itself (an empty statement, several statements, missing parameters, a
//! value of the wrong type).

use std::cell::RefCell;
use std::ffi::{c_char, c_int, c_uint, CStr};
use std::ptr::{self, NonNull};

#[cfg(not(target_arch = "wasm32"))]
use libsqlite3_sys as ffi;
#[cfg(target_arch = "wasm32")]
use sqlite_wasm_rs as ffi;

/// An error, with the message the user sees.
#[derive(Debug)]
pub struct Error {
    /// SQLite's (extended) result code; 0 for a misuse this binding found itself.
    code: c_int,
    pub message: String,
}

impl Error {
    /// A misuse found before SQLite saw it (rusqlite's sentences).
    fn misuse(message: String) -> Error {
        Error { code: 0, message }
    }

    /// Whether a constraint (`UNIQUE`, `NOT NULL`, …) failed.
    pub fn is_constraint_violation(&self) -> bool {
        self.code & 0xff == ffi::SQLITE_CONSTRAINT
    }

    /// An error SQLite reported without a message of its own: rusqlite's
    /// "Error code N: description".
    fn code_only(code: c_int) -> Error {
        Error { code, message: format!("Error code {code}: {}", errstr(code)) }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The description of a result code (`sqlite3_errstr`).
fn errstr(code: c_int) -> String {
    // SAFETY: sqlite3_errstr accepts any code and returns a static NUL-terminated
    // string (or null, which `to_string` handles).
    to_string(unsafe { ffi::sqlite3_errstr(code) })
}

/// A NUL-terminated string from SQLite, copied (empty if null).
fn to_string(s: *const c_char) -> String {
    if s.is_null() {
        return String::new();
    }
    // SAFETY: SQLite returns NUL-terminated strings that stay valid until the next call
    // on the same object; this copies the string at once.
    unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned()
}

/// A value of one column of a row, borrowed from SQLite until the next step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl Value<'_> {
    /// The name rusqlite gives its type in errors.
    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Integer(_) => "Integer",
            Value::Real(_) => "Real",
            Value::Text(_) => "Text",
            Value::Blob(_) => "Blob",
        }
    }
}

/// A parameter bound to a statement (`?1`, `?2`, …).
#[derive(Clone, Copy, Debug)]
pub enum Param<'a> {
    Integer(i64),
    Text(&'a str),
}

/// A connection to a private in-memory database (`:memory:`).
pub struct Connection {
    db: NonNull<ffi::sqlite3>,
    /// Statements prepared by [`Connection::prepare_cached`], kept for reuse, by their
    /// SQL. Unbounded: only the ORM's few `'static` statements are kept.
    cache: RefCell<Vec<(&'static str, NonNull<ffi::sqlite3_stmt>)>>,
}

impl Connection {
    /// Opens a fresh in-memory database, as rusqlite's `Connection::open_in_memory`
    /// (extended result codes on). Without its busy timeout: nothing else can lock a
    /// private in-memory database.
    pub fn open_in_memory() -> Result<Connection> {
        let flags = ffi::SQLITE_OPEN_READWRITE
            | ffi::SQLITE_OPEN_CREATE
            | ffi::SQLITE_OPEN_NOMUTEX
            | ffi::SQLITE_OPEN_URI
            | ffi::SQLITE_OPEN_EXRESCODE;
        let mut db = ptr::null_mut();
        // SAFETY: the file name is NUL-terminated, `db` is a valid out-pointer, and a
        // null VFS name means the default one.
        let rc = unsafe { ffi::sqlite3_open_v2(c":memory:".as_ptr(), &mut db, flags, ptr::null()) };
        let Some(db) = NonNull::new(db) else { return Err(Error { code: rc, message: ":memory:".into() }) };
        if rc != ffi::SQLITE_OK {
            let error = error_from_handle(db.as_ptr(), rc);
            // SAFETY: a handle sqlite3_open_v2 returned must be closed even on failure;
            // no statement exists on it.
            unsafe { ffi::sqlite3_close(db.as_ptr()) };
            return Err(error);
        }
        Ok(Connection { db, cache: RefCell::new(Vec::new()) })
    }

    fn error(&self, code: c_int) -> Error {
        error_from_handle(self.db.as_ptr(), code)
    }

    /// Runs each statement of `sql` in turn (stepped once: DDL, `BEGIN`, …).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        let mut sql = sql;
        while !sql.is_empty() {
            let (stmt, tail) = self.prepare_one(sql, 0)?;
            if let Some(mut stmt) = stmt {
                stmt.step()?;
            }
            if tail == 0 || tail >= sql.len() {
                break;
            }
            sql = &sql[tail..];
        }
        Ok(())
    }

    /// Prepares the one statement `sql` holds (an error if it holds none, or more).
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        self.prepare_only(sql, 0)?.ok_or_else(|| Error::misuse("SQL is empty or comment only".into()))
    }

    /// [`Connection::prepare`], but the statement is kept after use and reused by the
    /// next call with the same SQL (cleared of its parameters in between).
    pub fn prepare_cached(&self, sql: &'static str) -> Result<Statement<'_>> {
        let kept = {
            let mut cache = self.cache.borrow_mut();
            cache.iter().position(|(s, _)| *s == sql).map(|i| cache.swap_remove(i).1)
        };
        let mut stmt = match kept {
            Some(raw) => Statement { conn: self, raw, cache_key: None },
            None => self
                .prepare_only(sql, ffi::SQLITE_PREPARE_PERSISTENT)?
                .ok_or_else(|| Error::misuse("SQL is empty or comment only".into()))?,
        };
        stmt.cache_key = Some(sql);
        Ok(stmt)
    }

    /// The statement `sql` holds, if any; an error if more than one follows (as
    /// rusqlite's `prepare`, which checks the rest of `sql` the same way).
    fn prepare_only(&self, sql: &str, flags: c_uint) -> Result<Option<Statement<'_>>> {
        let (stmt, tail) = self.prepare_one(sql, flags)?;
        let Some(stmt) = stmt else { return Ok(None) };
        if tail != 0 && self.prepare_only(&sql[tail..], 0)?.is_some() {
            return Err(Error::misuse("Multiple statements provided".into()));
        }
        Ok(Some(stmt))
    }

    /// The first statement of `sql` (none if only blanks or comments), and where the
    /// rest starts (0 if nothing follows).
    fn prepare_one(&self, sql: &str, flags: c_uint) -> Result<(Option<Statement<'_>>, usize)> {
        let Ok(len) = c_int::try_from(sql.len()) else { return Err(Error::code_only(ffi::SQLITE_TOOBIG)) };
        let c_sql = sql.as_ptr().cast::<c_char>();
        let mut raw = ptr::null_mut();
        let mut c_tail = ptr::null();
        // SAFETY: `c_sql` points to `len` bytes (no NUL needed with an explicit length);
        // the out-pointers are valid; on success `c_tail` points into `sql`.
        let rc = unsafe { ffi::sqlite3_prepare_v3(self.db.as_ptr(), c_sql, len, flags, &mut raw, &mut c_tail) };
        if rc != ffi::SQLITE_OK {
            return Err(self.error_with_offset(rc, sql));
        }
        let tail = if c_tail.is_null() { 0 } else { (c_tail as usize).wrapping_sub(c_sql as usize) };
        let tail = if tail == 0 || tail >= sql.len() { 0 } else { tail };
        Ok((NonNull::new(raw).map(|raw| Statement { conn: self, raw, cache_key: None }), tail))
    }

    /// An error preparing `sql`: where SQLite knows the offset of a generic error,
    /// rusqlite's "MESSAGE in SQL at offset N" (the console shows a caret there).
    fn error_with_offset(&self, code: c_int, sql: &str) -> Error {
        let mut error = self.error(code);
        // rusqlite's `ErrorCode::Unknown`: a primary code it has no name for (SQLITE_ERROR).
        let unknown = !matches!(code & 0xff, 2..=15 | 17..=23 | 25 | 26);
        if unknown {
            // SAFETY: the handle is open.
            let offset = unsafe { ffi::sqlite3_error_offset(self.db.as_ptr()) };
            if offset >= 0 {
                error.message = format!("{} in {sql} at offset {offset}", error.message);
            }
        }
        error
    }

    /// `prepare(sql)`, then [`Statement::execute`].
    pub fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// `prepare(sql)`, then [`Statement::query_row`].
    pub fn query_row<T>(&self, sql: &str, params: &[Param<'_>], f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<Option<T>> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// How many rows the last `INSERT`, `UPDATE` or `DELETE` changed.
    pub fn changes(&self) -> u64 {
        // SAFETY: the handle is open.
        unsafe { ffi::sqlite3_changes64(self.db.as_ptr()) as u64 }
    }

    pub fn last_insert_rowid(&self) -> i64 {
        // SAFETY: the handle is open.
        unsafe { ffi::sqlite3_last_insert_rowid(self.db.as_ptr()) }
    }

    /// Whether no transaction is open.
    pub fn is_autocommit(&self) -> bool {
        // SAFETY: the handle is open.
        unsafe { ffi::sqlite3_get_autocommit(self.db.as_ptr()) != 0 }
    }

    /// The `main` database as a file's bytes.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        let mut size = 0;
        // SAFETY: the handle is open, the schema name NUL-terminated, `size` a valid
        // out-pointer; without flags SQLite returns a copy we own (or null).
        let data = unsafe { ffi::sqlite3_serialize(self.db.as_ptr(), c"main".as_ptr(), &mut size, 0) };
        if data.is_null() {
            return Err(self.error(ffi::SQLITE_NOMEM));
        }
        // SAFETY: SQLite returned `size` readable bytes at `data`, which we then free.
        let bytes = unsafe { std::slice::from_raw_parts(data, size as usize) }.to_vec();
        // SAFETY: `data` came from SQLite's allocator and is not used after this.
        unsafe { ffi::sqlite3_free(data.cast()) };
        Ok(bytes)
    }

    /// Replaces the `main` database with a file's bytes (resizable, in memory).
    pub fn deserialize(&mut self, bytes: &[u8]) -> Result<()> {
        // SAFETY: any size may be asked for; the result is checked for null.
        let data = unsafe { ffi::sqlite3_malloc64(bytes.len() as u64) }.cast::<u8>();
        if data.is_null() {
            return Err(Error::code_only(ffi::SQLITE_NOMEM));
        }
        // SAFETY: `data` has room for `bytes.len()` bytes and does not overlap `bytes`.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len()) };
        let size = bytes.len() as i64;
        let flags = ffi::SQLITE_DESERIALIZE_FREEONCLOSE | ffi::SQLITE_DESERIALIZE_RESIZEABLE;
        // SAFETY: the handle is open and no statement of ours is running (`&mut self`);
        // SQLite owns `data` from here (FREEONCLOSE: it frees it, even on failure).
        let rc = unsafe { ffi::sqlite3_deserialize(self.db.as_ptr(), c"main".as_ptr(), data, size, size, flags) };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc));
        }
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        for (_, raw) in self.cache.get_mut().drain(..) {
            // SAFETY: a kept statement belongs to this connection and nothing else uses it.
            unsafe { ffi::sqlite3_finalize(raw.as_ptr()) };
        }
        // SAFETY: every statement is finalized (a `Statement` borrows its connection, so
        // none outlives it), so the handle closes; it is not used again.
        let rc = unsafe { ffi::sqlite3_close(self.db.as_ptr()) };
        debug_assert_eq!(rc, ffi::SQLITE_OK, "sqlite3_close");
    }
}

/// rusqlite's error for a failed call: SQLite's message for `code`, or, when the
/// handle holds another error by now, the description of `code`.
fn error_from_handle(db: *mut ffi::sqlite3, code: c_int) -> Error {
    // SAFETY: `db` is an open handle.
    let message = if unsafe { ffi::sqlite3_errcode(db) } != code {
        errstr(code)
    } else {
        // SAFETY: as above.
        to_string(unsafe { ffi::sqlite3_errmsg(db) })
    };
    Error { code, message }
}

/// A prepared statement; finalized when dropped, or kept for reuse if it came from
/// [`Connection::prepare_cached`].
pub struct Statement<'conn> {
    conn: &'conn Connection,
    raw: NonNull<ffi::sqlite3_stmt>,
    cache_key: Option<&'static str>,
}

impl<'conn> Statement<'conn> {
    /// Binds `params` to `?1`, `?2`, …: exactly as many as the statement has.
    fn bind(&mut self, params: &[Param<'_>]) -> Result<()> {
        let stmt = self.raw.as_ptr();
        // SAFETY: the statement is alive.
        let expected = unsafe { ffi::sqlite3_bind_parameter_count(stmt) } as usize;
        if params.len() != expected {
            // rusqlite counts the parameters given up to one more than expected.
            let given = params.len().min(expected + 1);
            return Err(Error::misuse(format!("Wrong number of parameters passed to query. Got {given}, needed {expected}")));
        }
        for (i, param) in params.iter().enumerate() {
            let index = i as c_int + 1;
            let rc = match *param {
                // SAFETY: the statement is alive and `index` is one of its parameters.
                Param::Integer(v) => unsafe { ffi::sqlite3_bind_int64(stmt, index, v) },
                // SAFETY: as above; `s` points to `s.len()` bytes (never null, even when
                // empty) that SQLite copies at once (SQLITE_TRANSIENT).
                Param::Text(s) => unsafe {
                    ffi::sqlite3_bind_text64(stmt, index, s.as_ptr().cast(), s.len() as u64, ffi::SQLITE_TRANSIENT(), ffi::SQLITE_UTF8 as u8)
                },
            };
            if rc != ffi::SQLITE_OK {
                return Err(self.conn.error(rc));
            }
        }
        Ok(())
    }

    /// One step: `true` if it gave a row.
    fn step(&mut self) -> Result<bool> {
        // SAFETY: the statement is alive.
        match unsafe { ffi::sqlite3_step(self.raw.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            rc => Err(self.conn.error(rc)),
        }
    }

    /// Back to the start; SQLite's result code (that of a failed last step).
    fn reset(&mut self) -> c_int {
        // SAFETY: the statement is alive.
        unsafe { ffi::sqlite3_reset(self.raw.as_ptr()) }
    }

    /// Runs a statement that returns no rows; how many rows it changed.
    pub fn execute(&mut self, params: &[Param<'_>]) -> Result<usize> {
        self.bind(params)?;
        // SAFETY: the statement is alive.
        let rc = unsafe { ffi::sqlite3_step(self.raw.as_ptr()) };
        let reset = self.reset();
        match rc {
            ffi::SQLITE_DONE if reset == ffi::SQLITE_OK => Ok(self.conn.changes() as usize),
            ffi::SQLITE_DONE => Err(self.conn.error(reset)),
            ffi::SQLITE_ROW => Err(Error::misuse("Execute returned results - did you mean to call query?".into())),
            rc => Err(self.conn.error(rc)),
        }
    }

    /// Runs a query: its rows, one at a time.
    pub fn query(&mut self, params: &[Param<'_>]) -> Result<Rows<'_, 'conn>> {
        self.bind(params)?;
        Ok(Rows { stmt: Some(self) })
    }

    /// The first row of a query, through `f`; `None` if it has none.
    pub fn query_row<T>(&mut self, params: &[Param<'_>], f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<Option<T>> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row).map(Some),
            None => Ok(None),
        }
    }

    /// Whether the statement leaves the database as it is.
    pub fn readonly(&self) -> bool {
        // SAFETY: the statement is alive.
        unsafe { ffi::sqlite3_stmt_readonly(self.raw.as_ptr()) != 0 }
    }

    pub fn column_count(&self) -> usize {
        // SAFETY: the statement is alive.
        unsafe { ffi::sqlite3_column_count(self.raw.as_ptr()) as usize }
    }

    fn column_name(&self, i: usize) -> String {
        // SAFETY: the statement is alive and `i` below its column count; the name is
        // copied at once.
        to_string(unsafe { ffi::sqlite3_column_name(self.raw.as_ptr(), i as c_int) })
    }

    /// The names of the result's columns.
    pub fn column_names(&self) -> Vec<String> {
        (0..self.column_count()).map(|i| self.column_name(i)).collect()
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        let raw = self.raw.as_ptr();
        if let Some(sql) = self.cache_key {
            let mut cache = self.conn.cache.borrow_mut();
            if !cache.iter().any(|(s, _)| *s == sql) {
                // SAFETY: the statement is alive; it goes back to the cache unbound.
                unsafe { ffi::sqlite3_clear_bindings(raw) };
                cache.push((sql, self.raw));
                return;
            }
        }
        // SAFETY: the statement is alive and not used after this.
        unsafe { ffi::sqlite3_finalize(raw) };
    }
}

/// The rows of a running query; the statement is reset when they are dropped.
pub struct Rows<'stmt, 'conn> {
    /// `None` once the rows are done.
    stmt: Option<&'stmt mut Statement<'conn>>,
}

impl Rows<'_, '_> {
    /// The next row, if any.
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        let Some(stmt) = self.stmt.as_deref_mut() else { return Ok(None) };
        let result = match stmt.step() {
            Ok(true) => return Ok(self.stmt.as_deref().map(|stmt| Row { stmt })),
            Ok(false) => match stmt.reset() {
                ffi::SQLITE_OK => Ok(None),
                rc => Err(stmt.conn.error(rc)),
            },
            Err(e) => {
                stmt.reset();
                Err(e)
            }
        };
        // Done (or failed): reset, and no more steps.
        self.stmt = None;
        result
    }
}

impl Drop for Rows<'_, '_> {
    fn drop(&mut self) {
        if let Some(stmt) = self.stmt.as_deref_mut() {
            stmt.reset();
        }
    }
}

/// The current row of a query (valid until the next step, which its borrow prevents).
pub struct Row<'a> {
    stmt: &'a Statement<'a>,
}

impl Row<'_> {
    /// The value of column `i` (below the column count).
    pub fn get(&self, i: usize) -> Value<'_> {
        let stmt = self.stmt.raw.as_ptr();
        let col = i as c_int;
        // SAFETY: the statement is alive and on a row (the row's borrow keeps it from
        // stepping or resetting); each pointer is read with its length at once, as
        // SQLite advises (type, then value, then bytes), and lives as long as the row.
        unsafe {
            match ffi::sqlite3_column_type(stmt, col) {
                ffi::SQLITE_INTEGER => Value::Integer(ffi::sqlite3_column_int64(stmt, col)),
                ffi::SQLITE_FLOAT => Value::Real(ffi::sqlite3_column_double(stmt, col)),
                ffi::SQLITE_TEXT => Value::Text(bytes(ffi::sqlite3_column_text(stmt, col), ffi::sqlite3_column_bytes(stmt, col))),
                ffi::SQLITE_BLOB => Value::Blob(bytes(ffi::sqlite3_column_blob(stmt, col).cast(), ffi::sqlite3_column_bytes(stmt, col))),
                _ => Value::Null,
            }
        }
    }

    /// Column `i` as an integer; any other type is rusqlite's error.
    pub fn get_i64(&self, i: usize) -> Result<i64> {
        match self.get(i) {
            Value::Integer(v) => Ok(v),
            other => {
                Err(Error::misuse(format!("Invalid column type {} at index: {i}, name: {}", other.type_name(), self.stmt.column_name(i))))
            }
        }
    }
}

/// `len` bytes at `data` (null for an empty value).
///
/// # Safety
/// If not null, `data` must point to `len` readable bytes that outlive `'a`.
unsafe fn bytes<'a>(data: *const u8, len: c_int) -> &'a [u8] {
    if data.is_null() || len <= 0 {
        &[]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(data, len as usize) }
    }
}

/// The binding against rusqlite 0.43 (what djsim used before, on the same bundled
/// SQLite): the same results and, byte for byte, the same error messages.
#[cfg(test)]
mod tests {
    use super::*;

    const SETUP: &str = "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE NOT NULL, v); \
                         INSERT INTO t (k, v) VALUES ('a', 1.5), ('b', x'00ff'), ('c', NULL);";

    fn both() -> (Connection, rusqlite::Connection) {
        let ours = Connection::open_in_memory().unwrap();
        ours.execute_batch(SETUP).unwrap();
        let theirs = rusqlite::Connection::open_in_memory().unwrap();
        theirs.execute_batch(SETUP).unwrap();
        (ours, theirs)
    }

    /// What djsim's `DbError` said for a rusqlite error.
    fn message(e: rusqlite::Error) -> String {
        match e {
            rusqlite::Error::SqliteFailure(_, Some(m)) => m,
            other => other.to_string(),
        }
    }

    /// A statement as the sqlite3 console runs it: its columns and rows, shown as text.
    fn ours_run(conn: &Connection, sql: &str) -> Result<(Vec<String>, Vec<String>, u64), String> {
        let mut stmt = conn.prepare(sql).map_err(|e| e.message)?;
        let columns = stmt.column_names();
        let mut rows = stmt.query(&[]).map_err(|e| e.message)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| e.message)? {
            out.push((0..columns.len()).map(|i| format!("{:?}", row.get(i))).collect::<Vec<_>>().join("|"));
        }
        drop(rows);
        drop(stmt);
        Ok((columns, out, conn.changes()))
    }

    fn theirs_run(conn: &rusqlite::Connection, sql: &str) -> Result<(Vec<String>, Vec<String>, u64), String> {
        use rusqlite::types::ValueRef;
        let mut stmt = conn.prepare(sql).map_err(message)?;
        let columns: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
        let mut rows = stmt.query([]).map_err(message)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(message)? {
            let cells = (0..columns.len()).map(|i| {
                let v = match row.get_ref(i).unwrap() {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Integer(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(t) => Value::Text(t),
                    ValueRef::Blob(b) => Value::Blob(b),
                };
                format!("{v:?}")
            });
            out.push(cells.collect::<Vec<_>>().join("|"));
        }
        drop(rows);
        drop(stmt);
        Ok((columns, out, conn.changes()))
    }

    #[test]
    fn statements_run_and_fail_as_with_rusqlite() {
        let cases = [
            "SELECT * FROM t",
            "SELECT id, k AS key, v, typeof(v) FROM t ORDER BY k DESC",
            "selec 1",
            "select * frm t",
            "SELECT * FROM nope",
            "SELECT nope FROM t",
            "SELECT 1 +",
            "SELECT 'unterminated",
            "SELECT 1; SELECT 2",
            "SELECT 1; selec 2",
            "SELECT 1; SELECT 2; selec 3",
            "SELECT 1; -- a comment",
            "SELECT 1;   ",
            "-- only a comment",
            "/* only a comment */",
            "SELECT ?1",
            "SELECT ?, ?",
            "INSERT INTO t (k) VALUES ('a')",
            "INSERT INTO t (k) VALUES (NULL)",
            "INSERT INTO t (k) VALUES ('d'), ('e')",
            "UPDATE t SET v = 2 WHERE k > 'a'",
            "SELECT abs(-9223372036854775807 - 1)",
            "SELECT CAST(9223372036854775807 AS INTEGER) + 1",
            "CREATE TABLE t (x)",
            "DROP TABLE nope",
            "BEGIN",
            "BEGIN",
            "COMMIT",
            "COMMIT",
            "PRAGMA table_info(t)",
            "SELECT count(*), sum(id), group_concat(k) FROM t",
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT x, sum(x) OVER () FROM n",
        ];
        let (ours, mut theirs) = both();
        for sql in cases {
            assert_eq!(ours_run(&ours, sql), theirs_run(&theirs, sql), "{sql}");
            assert_eq!(ours.is_autocommit(), theirs.is_autocommit(), "{sql}");
            assert_eq!(ours.last_insert_rowid(), theirs.last_insert_rowid(), "{sql}");
        }
        assert_eq!(ours.serialize().unwrap(), theirs.serialize(rusqlite::MAIN_DB).unwrap().to_vec());
        // What the console parses to put a caret under the error.
        assert_eq!(ours_run(&ours, "select * frm t"), Err("near \"frm\": syntax error in select * frm t at offset 9".into()));
    }

    #[test]
    fn parameters_and_kept_statements_fail_as_with_rusqlite() {
        let (ours, theirs) = both();
        let sql = "SELECT k FROM t WHERE id = ?1";
        assert_eq!(ours.prepare_cached(sql).unwrap().query_row(&[Param::Integer(2)], |r| Ok(r.get(0) == Value::Text(b"b"))).unwrap(), Some(true));
        assert_eq!(ours.prepare_cached(sql).unwrap().query_row(&[Param::Integer(9)], |_| Ok(())).unwrap(), None);
        theirs.prepare_cached(sql).unwrap().query_row([2], |_| Ok(())).unwrap();

        let too_many = ours.prepare_cached(sql).unwrap().execute(&[Param::Integer(1), Param::Text("x")]).unwrap_err().message;
        assert_eq!(too_many, message(theirs.prepare_cached(sql).unwrap().execute((1, "x")).unwrap_err()));
        let too_few = ours.prepare_cached(sql).unwrap().query_row(&[], |_| Ok(())).unwrap_err().message;
        assert_eq!(too_few, message(theirs.prepare_cached(sql).unwrap().query_row([], |_| Ok(())).unwrap_err()));

        let wrong_type = ours.query_row("SELECT k FROM t", &[], |r| r.get_i64(0)).unwrap_err().message;
        assert_eq!(wrong_type, message(theirs.query_row("SELECT k FROM t", [], |r| r.get::<_, i64>(0)).unwrap_err()));

        let insert = "INSERT INTO t (k) VALUES (?1)";
        let ours_dup = ours.prepare_cached(insert).unwrap().execute(&[Param::Text("a")]).unwrap_err();
        assert!(ours_dup.is_constraint_violation());
        assert_eq!(ours_dup.message, message(theirs.prepare_cached(insert).unwrap().execute(["a"]).unwrap_err()));
        assert_eq!(ours.execute("SELECT 1", &[]).unwrap_err().message, message(theirs.execute("SELECT 1", []).unwrap_err()));

        // A kept statement whose table is gone: SQLite's error when it re-prepares.
        ours.execute_batch("DROP TABLE t").unwrap();
        theirs.execute_batch("DROP TABLE t").unwrap();
        let gone = ours.prepare_cached(sql).unwrap().query_row(&[Param::Integer(1)], |_| Ok(())).unwrap_err().message;
        assert_eq!(gone, message(theirs.prepare_cached(sql).unwrap().query_row([1], |_| Ok(())).unwrap_err()));
        let batch = ours.execute_batch("CREATE TABLE u (x); CREATE TABLE u (x)").unwrap_err().message;
        assert_eq!(batch, message(theirs.execute_batch("CREATE TABLE u (x); CREATE TABLE u (x)").unwrap_err()));
    }

    #[test]
    fn file_bytes_round_trip_as_with_rusqlite() {
        let (ours, _) = both();
        let bytes = ours.serialize().unwrap();
        let mut fresh = Connection::open_in_memory().unwrap();
        fresh.deserialize(&bytes).unwrap();
        assert_eq!(fresh.query_row("SELECT group_concat(k) FROM t", &[], |r| Ok(r.get(0) == Value::Text(b"a,b,c"))).unwrap(), Some(true));
        assert_eq!(fresh.serialize().unwrap(), bytes);

        let mut bad = Connection::open_in_memory().unwrap();
        bad.deserialize(b"not a database").unwrap();
        let ours_err = bad.query_row("SELECT count(*) FROM sqlite_master", &[], |r| r.get_i64(0)).unwrap_err().message;
        let mut theirs = rusqlite::Connection::open_in_memory().unwrap();
        theirs.deserialize_read_exact(rusqlite::MAIN_DB, &b"not a database"[..], 14, false).unwrap();
        assert_eq!(ours_err, message(theirs.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).unwrap_err()));
    }
}
