//! The `django_session` rows of every oracle scenario transcript
//! (`vectors/scenarios/*.json`, Django 5.2.19 and 3.2.25): each row's
//! `session_data` decodes to the `decoded` dict the transcript records, and a row
//! Django wrote is re-encoded byte for byte from that dict (at the second its
//! timestamp names, or in the legacy format).

mod common;

use djsim::conf::DjangoVersion;
use djsim::pyjson::{self, Value};
use djsim::sessions::codec::{self, Format};
use djsim::signing::{self, Algorithm};
use djsim::time::SimTime;

#[track_caller]
fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_dict().and_then(|d| d.get(key))
}

/// One row: what it decodes to, and that re-encoding gives the same text.
fn check_row(id: &str, row: &Value, key: &str, version: DjangoVersion, hashing: Algorithm, failures: &mut Vec<String>) {
    let data = field(row, "session_data").and_then(Value::as_str).expect("session_data");
    let want = field(row, "decoded").and_then(Value::as_dict).expect("decoded");
    let d = match version {
        DjangoVersion::V5_2 => codec::decode(data, key, &[], version),
        _ => codec::decode_django32(data, key, hashing),
    };
    if &d.data != want {
        failures.push(format!("{id}: {data}: decoded {} want {}", pyjson::repr_dict(&d.data), pyjson::repr_dict(want)));
    }
    if !d.valid {
        return;
    }
    let again = match d.format {
        Format::Legacy => codec::encode_legacy(want, key),
        _ => {
            let (value, _) = data.rsplit_once(':').expect("signed");
            let ts = signing::b62_decode(value.rsplit_once(':').expect("timestamp").1).expect("b62");
            codec::encode(want, key, SimTime::from_unix_secs(ts))
        }
    };
    if again != data {
        failures.push(format!("{id}: re-encoded {again} want {data}"));
    }
}

#[test]
fn scenario_session_rows() {
    let dir = common::oracle_dir().join("vectors").join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("scenarios").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let (mut rows, mut failures) = (0, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let s = pyjson::loads(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let settings = field(&s, "effective_settings").expect("effective_settings");
        let key = field(settings, "SECRET_KEY").and_then(Value::as_str).expect("SECRET_KEY");
        let version = match field(&s, "django_version").and_then(Value::as_str) {
            Some("5.2.19") => DjangoVersion::V5_2,
            Some("3.2.25") => DjangoVersion::V3_2,
            other => panic!("{}: version {other:?}", path.display()),
        };
        let hashing = match field(settings, "DEFAULT_HASHING_ALGORITHM").and_then(Value::as_str) {
            Some("sha1") => Algorithm::Sha1,
            _ => Algorithm::Sha256,
        };
        let Some(Value::List(steps)) = field(&s, "steps") else { panic!("steps") };
        for (i, step) in steps.iter().enumerate() {
            if let Some(Value::List(db)) = field(step, "db_after") {
                for row in db {
                    let id = format!("{} step {}", path.file_name().unwrap_or_default().to_string_lossy(), i + 1);
                    check_row(&id, row, key, version, hashing, &mut failures);
                    rows += 1;
                }
            }
        }
    }
    eprintln!("scenarios: {} files, {rows} django_session rows checked", files.len());
    assert!(rows > 50, "too few rows: {rows}");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
