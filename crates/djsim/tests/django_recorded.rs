//! Random inputs to `djsim cookie parse`, `cookie set`, `session encode` and
//! `session decode`, each with what real Django 5.2.19 or 3.2.25 answered for it
//! (`django_recorded/cases_dj*.json`, recorded by `django_recorded/gen.py`: seeded, so
//! re-running it gives the same files). The oracle's vectors pick their cases by hand;
//! these are drawn at random from awkward alphabets (quotes, backslashes, `;`, `=`,
//! control and non-ASCII characters, big ints, `-0.0`, tampered signatures), so they
//! find what nobody thought of. The first run found that a decoded session printed
//! `9007199254740993` as `9007199254740992.0`.
//!
//! Compared exactly: JSON numbers as Python writes them (`1e+100`, `-0.0`), strings and
//! order; for an exception, its class name in djsim's message.

use serde_json::Value as Json;

#[test]
fn django_5_2_recorded_answers() {
    check("cases_dj52.json", 600);
}

#[test]
fn django_3_2_recorded_answers() {
    check("cases_dj32.json", 450);
}

fn check(file: &str, expected_cases: usize) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/django_recorded").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Json = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    // A truncated or regenerated-by-mistake file must not pass quietly.
    assert_eq!(cases.len(), expected_cases, "{file}: number of cases");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let args: Vec<String> = case["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
        if let Err(why) = one(&args, &case["want"]) {
            failures.push(format!("{file} case {i}: djsim {}\n    {why}", shown(&args)));
        }
    }
    eprintln!("{file}: {} cases from Django {}, {} mismatches", cases.len(), doc["django"], failures.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

fn one(args: &[String], want: &Json) -> Result<(), String> {
    let out = djsim::cli::main(args, &mut |_| Err("no stdin in this test".into()));
    let command = (args[0].as_str(), args[1].as_str());
    if let Some(error) = want.get("error").and_then(Json::as_str) {
        return match out {
            Ok(o) => Err(format!("Django raised {error}; djsim printed {o}")),
            Err(e) if message(&e).contains(error) => Ok(()),
            Err(e) => Err(format!("Django raised {error}; djsim said {}", message(&e))),
        };
    }
    let out = out.map_err(|e| format!("djsim failed: {}; Django answered {want}", message(&e)))?;
    let got: Json = serde_json::from_str(&out).map_err(|e| format!("djsim printed no JSON ({e}): {out}"))?;
    let got = match command {
        // The dict as [name, value] pairs: its order is part of the answer.
        ("cookie", "parse") => Json::Array(got.as_object().ok_or("not an object")?.iter().map(|(k, v)| Json::Array(vec![Json::String(k.clone()), v.clone()])).collect()),
        ("session", "decode") => serde_json::json!({"data": got["data"], "log": got["log"]}),
        _ => got,
    };
    if &got == want {
        Ok(())
    } else {
        Err(format!("Django: {want}\n    djsim:  {got}"))
    }
}

fn message(e: &djsim::cli::CliError) -> &str {
    use djsim::cli::CliError::*;
    match e {
        Usage(m) | BadInput(m) | Internal(m) => m,
    }
}

fn shown(args: &[String]) -> String {
    args.iter().map(|a| if a.contains([' ', '"', '\'']) || a.is_empty() { format!("{a:?}") } else { a.clone() }).collect::<Vec<_>>().join(" ")
}
