#!/usr/bin/env python3
"""Writes the SQLite amalgamation the page compiles: sqlite-wasm-rs's own copy
(the version Cargo.lock names, from cargo's registry sources), with stubs for the
parser's calls into features that `.cargo/config.toml` omits.

    python3 tools/sqlite-amalgamation.py          # writes .tools/sqlite-amalgamation/ if stale
    python3 tools/sqlite-amalgamation.py --check  # then compiles it natively with the page's
                                                  # flags and runs each stubbed statement

Why: SQLITE_OMIT_ALTERTABLE, _VACUUM, _ANALYZE, _REINDEX and _TRIGGER take those
features' code out, but the amalgamation's parser (parse.c, generated from
parse.y without them) still calls into it; the calls would stay undefined, which wasm
turns into imports from "env" (the page would not load). SQLite's own answer is to
regenerate the parser from the canonical sources; without them, the parser keeps its
grammar and each call it makes lands in a stub here that frees what it was handed
and fails the statement with one clear sentence ("ALTER TABLE is not available in the
playground's SQLite (…)"). djsim refuses the same statements first, on every target,
with the same sentence (crates/djsim/src/db.rs), so native runs and the page agree.

Every stub is guarded by its OMIT macro: the patched file compiles to plain SQLite
without the flags. A function that SQLite leaves out with VACUUM but still uses
elsewhere (sqlite3PagerClearCache) is defined again, unchanged. SQLITE_OMIT_ATTACH is
not an option: sqlite3_deserialize() (djsim's restart that keeps db.sqlite3) runs
"ATTACH x AS main"; djsim refuses ATTACH and DETACH itself.

The copy is written only when the stamp (this script's hash and the crate's version)
changes, so cargo rebuilds SQLite only then. scripts/setup.sh and scripts/wasm run
this script; .cargo/config.toml points sqlite-wasm-rs at the result
(SQLITE_WASM_RS_SOURCE_DIR).
"""
import glob
import hashlib
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / ".tools" / "sqlite-amalgamation"
CRATE = "sqlite-wasm-rs"
FILES = ("sqlite3.c", "sqlite3.h", "sqlite3ext.h")
MARKER = "/************** Begin file parse.c *******************************************/\n"

STUBS = r"""
/************** Begin playground stubs (tools/sqlite-amalgamation.py) ************/
/*
** The parser below still calls into features this build omits: each call fails
** the statement with one sentence and frees what the parser handed over.
*/
#if defined(SQLITE_OMIT_ALTERTABLE) || defined(SQLITE_OMIT_VACUUM) \
 || defined(SQLITE_OMIT_ANALYZE) || defined(SQLITE_OMIT_REINDEX) \
 || defined(SQLITE_OMIT_TRIGGER)
static void playgroundOmitted(Parse *pParse, const char *zWhat){
  if( pParse->nErr==0 ){
    sqlite3ErrorMsg(pParse, "%s is not available in the playground's SQLite"
        " (it is built without it to keep the page small)", zWhat);
  }
}
#endif

#ifdef SQLITE_OMIT_ALTERTABLE
SQLITE_PRIVATE void sqlite3AlterRenameTable(Parse *pParse, SrcList *pSrc, Token *pName){
  (void)pName;
  sqlite3SrcListDelete(pParse->db, pSrc);
  playgroundOmitted(pParse, "ALTER TABLE");
}
SQLITE_PRIVATE void sqlite3AlterRenameColumn(Parse *pParse, SrcList *pSrc, Token *pOld, Token *pNew){
  (void)pOld; (void)pNew;
  sqlite3SrcListDelete(pParse->db, pSrc);
  playgroundOmitted(pParse, "ALTER TABLE");
}
SQLITE_PRIVATE void sqlite3AlterDropConstraint(Parse *pParse, SrcList *pSrc, Token *pCons, Token *pCol){
  (void)pCons; (void)pCol;
  sqlite3SrcListDelete(pParse->db, pSrc);
  playgroundOmitted(pParse, "ALTER TABLE");
}
SQLITE_PRIVATE void sqlite3AlterAddConstraint(Parse *pParse, SrcList *pSrc, Token *pFirst,
    Token *pName, const char *zExpr, int nExpr, Expr *pExpr){
  (void)pFirst; (void)pName; (void)zExpr; (void)nExpr;
  sqlite3SrcListDelete(pParse->db, pSrc);
  sqlite3ExprDelete(pParse->db, pExpr);
  playgroundOmitted(pParse, "ALTER TABLE");
}
SQLITE_PRIVATE void sqlite3AlterSetNotNull(Parse *pParse, SrcList *pSrc, Token *pCol, Token *pFirst){
  (void)pCol; (void)pFirst;
  sqlite3SrcListDelete(pParse->db, pSrc);
  playgroundOmitted(pParse, "ALTER TABLE");
}
/* The parser calls sqlite3AddColumn() next: with no pParse->pNewTable it returns. */
SQLITE_PRIVATE void sqlite3AlterBeginAddColumn(Parse *pParse, SrcList *pSrc){
  sqlite3SrcListDelete(pParse->db, pSrc);
  playgroundOmitted(pParse, "ALTER TABLE");
}
SQLITE_PRIVATE void sqlite3AlterFinishAddColumn(Parse *pParse, Token *pColDef){
  (void)pColDef;
  playgroundOmitted(pParse, "ALTER TABLE");
}
SQLITE_PRIVATE void sqlite3AlterDropColumn(Parse *pParse, SrcList *pSrc, const Token *pName){
  (void)pName;
  sqlite3SrcListDelete(pParse->db, pSrc);
  playgroundOmitted(pParse, "ALTER TABLE");
}
#endif /* SQLITE_OMIT_ALTERTABLE */

#ifdef SQLITE_OMIT_VACUUM
SQLITE_PRIVATE void sqlite3Vacuum(Parse *pParse, Token *pNm, Expr *pInto){
  (void)pNm;
  sqlite3ExprDelete(pParse->db, pInto);
  playgroundOmitted(pParse, "VACUUM");
}
/* Still used by the b-tree and backup code (pager.c leaves it out with VACUUM). */
SQLITE_PRIVATE void sqlite3PagerClearCache(Pager *pPager){
  assert( MEMDB==0 || pPager->tempFile );
  if( pPager->tempFile==0 ) pager_reset(pPager);
}
#endif /* SQLITE_OMIT_VACUUM */

#ifdef SQLITE_OMIT_ANALYZE
SQLITE_PRIVATE void sqlite3Analyze(Parse *pParse, Token *pName1, Token *pName2){
  (void)pName1; (void)pName2;
  playgroundOmitted(pParse, "ANALYZE");
}
#endif /* SQLITE_OMIT_ANALYZE */

#ifdef SQLITE_OMIT_REINDEX
SQLITE_PRIVATE void sqlite3Reindex(Parse *pParse, Token *pName1, Token *pName2){
  (void)pName1; (void)pName2;
  playgroundOmitted(pParse, "REINDEX");
}
#endif /* SQLITE_OMIT_REINDEX */

#ifdef SQLITE_OMIT_TRIGGER
/*
** CREATE TRIGGER fails in sqlite3BeginTrigger(), reduced before the body's first
** token: sqlite3RunParser() stops at the error, so the step functions below never
** run in practice (they free their arguments and return no step all the same).
*/
SQLITE_PRIVATE void sqlite3BeginTrigger(Parse *pParse, Token *pName1, Token *pName2,
    int tr_tm, int op, IdList *pColumns, SrcList *pTableName, Expr *pWhen,
    int isTemp, int noErr){
  (void)pName1; (void)pName2; (void)tr_tm; (void)op; (void)isTemp; (void)noErr;
  sqlite3IdListDelete(pParse->db, pColumns);
  sqlite3SrcListDelete(pParse->db, pTableName);
  sqlite3ExprDelete(pParse->db, pWhen);
  playgroundOmitted(pParse, "CREATE TRIGGER");
}
SQLITE_PRIVATE void sqlite3FinishTrigger(Parse *pParse, TriggerStep *pStepList, Token *pAll){
  (void)pStepList; (void)pAll;
  playgroundOmitted(pParse, "CREATE TRIGGER");
}
SQLITE_PRIVATE void sqlite3DropTrigger(Parse *pParse, SrcList *pName, int noErr){
  (void)noErr;
  sqlite3SrcListDelete(pParse->db, pName);
  playgroundOmitted(pParse, "DROP TRIGGER");
}
/* No step is ever made, so there is none to delete. */
SQLITE_PRIVATE void sqlite3DeleteTriggerStep(sqlite3 *db, TriggerStep *pStep){
  (void)db; (void)pStep;
}
SQLITE_PRIVATE TriggerStep *sqlite3TriggerSelectStep(sqlite3 *db, Select *pSelect,
    const char *zStart, const char *zEnd){
  (void)zStart; (void)zEnd;
  sqlite3SelectDelete(db, pSelect);
  return 0;
}
SQLITE_PRIVATE TriggerStep *sqlite3TriggerInsertStep(Parse *pParse, SrcList *pTabList,
    IdList *pColumn, Select *pSelect, u8 orconf, Upsert *pUpsert,
    const char *zStart, const char *zEnd){
  (void)orconf; (void)zStart; (void)zEnd;
  sqlite3SrcListDelete(pParse->db, pTabList);
  sqlite3IdListDelete(pParse->db, pColumn);
  sqlite3SelectDelete(pParse->db, pSelect);
  sqlite3UpsertDelete(pParse->db, pUpsert);
  playgroundOmitted(pParse, "CREATE TRIGGER");
  return 0;
}
SQLITE_PRIVATE TriggerStep *sqlite3TriggerUpdateStep(Parse *pParse, SrcList *pTabList,
    SrcList *pFrom, ExprList *pEList, Expr *pWhere, u8 orconf,
    const char *zStart, const char *zEnd){
  (void)orconf; (void)zStart; (void)zEnd;
  sqlite3SrcListDelete(pParse->db, pTabList);
  sqlite3SrcListDelete(pParse->db, pFrom);
  sqlite3ExprListDelete(pParse->db, pEList);
  sqlite3ExprDelete(pParse->db, pWhere);
  playgroundOmitted(pParse, "CREATE TRIGGER");
  return 0;
}
SQLITE_PRIVATE TriggerStep *sqlite3TriggerDeleteStep(Parse *pParse, SrcList *pTabList,
    Expr *pWhere, const char *zStart, const char *zEnd){
  (void)zStart; (void)zEnd;
  sqlite3SrcListDelete(pParse->db, pTabList);
  sqlite3ExprDelete(pParse->db, pWhere);
  playgroundOmitted(pParse, "CREATE TRIGGER");
  return 0;
}
#endif /* SQLITE_OMIT_TRIGGER */

/************** End of playground stubs ******************************************/
"""


def crate_version():
    lock = (ROOT / "Cargo.lock").read_text(encoding="utf-8")
    m = re.search(r'\[\[package\]\]\nname = "' + re.escape(CRATE) + r'"\nversion = "([^"]+)"', lock)
    if not m:
        sys.exit(f"sqlite-amalgamation: no {CRATE} in Cargo.lock")
    return m.group(1)


def crate_source(version):
    cargo_home = os.environ.get("CARGO_HOME") or os.path.expanduser("~/.cargo")
    found = sorted(glob.glob(os.path.join(cargo_home, "registry", "src", "*", f"{CRATE}-{version}", "sqlite3")))
    if not found:
        sys.exit(f"sqlite-amalgamation: {CRATE} {version} is not in {cargo_home}/registry/src (run `cargo fetch`)")
    return pathlib.Path(found[0])


def write_if_changed(path, data):
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# Each statement the stubs fail, and the sentence it must fail with; then statements
# that must still run. Compiled natively with the page's SQLITE_WASM_RS_FLAGS (under
# AddressSanitizer when the compiler has it: the stubs free what they are handed).
CHECKS = [
    ("ALTER TABLE t RENAME TO u", "ALTER TABLE"),
    ("ALTER TABLE t RENAME COLUMN a TO z", "ALTER TABLE"),
    ("ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 3", "ALTER TABLE"),
    ("ALTER TABLE t DROP COLUMN a", "ALTER TABLE"),
    ("ALTER TABLE t ADD CONSTRAINT k CHECK (a > 0)", "ALTER TABLE"),
    ("ALTER TABLE t ALTER COLUMN a SET NOT NULL", "ALTER TABLE"),
    ("ALTER TABLE t ALTER COLUMN a DROP NOT NULL", "ALTER TABLE"),
    ("VACUUM", "VACUUM"),
    ("VACUUM main INTO 'copy.sqlite3'", "VACUUM"),
    ("ANALYZE t", "ANALYZE"),
    ("REINDEX t", "REINDEX"),
    ("CREATE TEMP TRIGGER tr AFTER INSERT ON t FOR EACH ROW WHEN new.a > 0 BEGIN"
     " INSERT INTO t VALUES (1, 1); UPDATE t SET a = 1; DELETE FROM t; SELECT 1; END", "CREATE TRIGGER"),
    ("DROP TRIGGER IF EXISTS tr", "DROP TRIGGER"),
]
STILL_RUN = [
    "CREATE TABLE t (a, b)",
    "INSERT INTO t VALUES (1, 2)",
    "SELECT * FROM main.t",
    "SELECT * FROM temp.sqlite_master",
    "CREATE VIEW v AS SELECT a FROM t",
    "WITH w(x) AS (SELECT a FROM v) SELECT x FROM w",
    "PRAGMA main.table_info(t)",
    "EXPLAIN SELECT * FROM t",
]
HARNESS = r"""
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"
static const char *refused[][2] = { %(refused)s };
static const char *run[] = { %(run)s };
int main(void){
  sqlite3 *db; char *err = 0; int failed = 0, passed = 0; unsigned i;
  if( sqlite3_open(":memory:", &db) ) return 2;
  for(i = 0; i < sizeof(run)/sizeof(run[0]); i++){
    if( i == 2 ){
      unsigned j;
      for(j = 0; j < sizeof(refused)/sizeof(refused[0]); j++){
        char want[300];
        int rc = sqlite3_exec(db, refused[j][0], 0, 0, &err);
        snprintf(want, sizeof want, "%%s is not available in the playground's SQLite"
            " (it is built without it to keep the page small)", refused[j][1]);
        if( rc == SQLITE_ERROR && err && strcmp(err, want) == 0 ){
          passed++;
        }else{
          printf("FAIL %%s: rc %%d, %%s\n", refused[j][0], rc, err ? err : "(no message)");
          failed++;
        }
        sqlite3_free(err); err = 0;
      }
    }
    if( sqlite3_exec(db, run[i], 0, 0, &err) == SQLITE_OK ){
      passed++;
    }else{
      printf("FAIL %%s: %%s\n", run[i], err ? err : "(no message)");
      failed++;
    }
    sqlite3_free(err); err = 0;
  }
  {
    /* sqlite3_deserialize (djsim's restart keeping db.sqlite3) runs "ATTACH x AS main". */
    sqlite3_int64 n = 0;
    unsigned char *bytes = sqlite3_serialize(db, "main", &n, 0);
    unsigned char *copy = bytes ? sqlite3_malloc64(n) : 0;
    sqlite3 *db2 = 0;
    int rows = -1;
    if( copy && sqlite3_open(":memory:", &db2) == SQLITE_OK ){
      memcpy(copy, bytes, n);
      if( sqlite3_deserialize(db2, "main", copy, n, n,
            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK ){
        sqlite3_stmt *stmt = 0;
        if( sqlite3_prepare_v2(db2, "SELECT count(*) FROM t", -1, &stmt, 0) == SQLITE_OK
            && sqlite3_step(stmt) == SQLITE_ROW ){
          rows = sqlite3_column_int(stmt, 0);
        }
        sqlite3_finalize(stmt);
      }
    }
    if( rows == 1 ){
      passed++;
    }else{
      printf("FAIL serialize/deserialize round trip: %%s\n", db2 ? sqlite3_errmsg(db2) : "(no copy)");
      failed++;
    }
    sqlite3_free(bytes);
    sqlite3_close(db2);
  }
  sqlite3_close(db);
  printf("checks: %%d passed, %%d failed\n", passed, failed);
  return failed != 0;
}
"""


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check():
    """Compiles the patched amalgamation natively with the page's flags and runs CHECKS."""
    import shlex
    import subprocess
    import tempfile
    config = (ROOT / ".cargo" / "config.toml").read_text(encoding="utf-8")
    m = re.search(r'^SQLITE_WASM_RS_FLAGS = "([^"]*)"', config, re.M)
    if not m:
        sys.exit("sqlite-amalgamation --check: no SQLITE_WASM_RS_FLAGS in .cargo/config.toml")
    # sqlite-wasm-rs's own defaults that change what SQL sees, then ours.
    flags = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_DEPRECATED", "-DSQLITE_OMIT_LOAD_EXTENSION",
             "-DSQLITE_OMIT_SHARED_CACHE", "-DSQLITE_TEMP_STORE=2"] + shlex.split(m.group(1))
    harness = HARNESS % {
        "refused": ", ".join("{%s, %s}" % (c_string(s), c_string(w)) for s, w in CHECKS),
        "run": ", ".join(c_string(s) for s in STILL_RUN),
    }
    cc = os.environ.get("CC", "clang")
    with tempfile.TemporaryDirectory(prefix="sqlite-check-") as tmp:
        (pathlib.Path(tmp) / "check.c").write_text(harness)
        exe = str(pathlib.Path(tmp) / "check")
        base = [cc, "-O0", "-w", "-I", str(OUT), *flags, str(pathlib.Path(tmp) / "check.c"), str(OUT / "sqlite3.c"), "-o", exe, "-lm"]
        asan = subprocess.run(base[:1] + ["-fsanitize=address"] + base[1:], capture_output=True, text=True)
        how = "with AddressSanitizer"
        if asan.returncode != 0:
            subprocess.run(base, check=True)
            how = "without AddressSanitizer"
        print(f"sqlite-amalgamation --check: {OUT.relative_to(ROOT)}/sqlite3.c compiled natively {how}, the page's flags")
        sys.stdout.flush()
        sys.exit(subprocess.run([exe]).returncode)


def main():
    version = crate_version()
    script_hash = hashlib.sha256(pathlib.Path(__file__).read_bytes()).hexdigest()
    stamp_text = f"{CRATE} {version} {script_hash}\n"
    stamp = OUT / "stamp"
    if stamp.exists() and stamp.read_text() == stamp_text and all((OUT / f).is_file() for f in FILES):
        return
    src = crate_source(version)
    OUT.mkdir(parents=True, exist_ok=True)
    text = (src / "sqlite3.c").read_text(encoding="utf-8")
    if text.count(MARKER) != 1:
        sys.exit(f"sqlite-amalgamation: {src}/sqlite3.c has no single 'Begin file parse.c' line to put the stubs before")
    write_if_changed(OUT / "sqlite3.c", text.replace(MARKER, STUBS.lstrip("\n") + MARKER).encode("utf-8"))
    for name in FILES[1:]:
        write_if_changed(OUT / name, (src / name).read_bytes())
    stamp.write_text(stamp_text)
    print(f"sqlite-amalgamation: wrote {OUT.relative_to(ROOT)} ({CRATE} {version}, with the playground's stubs)", file=sys.stderr)


if __name__ == "__main__":
    main()
    if sys.argv[1:] == ["--check"]:
        check()
    elif sys.argv[1:]:
        sys.exit("usage: tools/sqlite-amalgamation.py [--check]")
