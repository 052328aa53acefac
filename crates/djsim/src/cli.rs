//! The `djsim` command line as a library function, so that tests drive it without
//! spawning a process. `../shared/spec/djsim-cli.md` is the contract; the binary in
//! `src/bin/djsim.rs` only does I/O.

use crate::conf::DjangoVersion;
use crate::pyjson;
use crate::scenario::Scenario;
use crate::sessions::codec;
use crate::time::SimTime;
use serde_json::{json, Value as Json};

/// Why the command failed: exit status 2 for `Usage`/`BadInput`, 1 for `Internal`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliError {
    Usage(String),
    BadInput(String),
    Internal(String),
}

pub const USAGE: &str = "usage:
  djsim run FILE|-
  djsim session encode --secret KEY [--format signed|legacy] [--timestamp UNIX_SECONDS] JSON_OBJECT
  djsim session decode --secret KEY [--fallback KEY]... [--django 5.2|3.2] DATA
  djsim cookie parse HEADER
  djsim cookie set --now RFC3339 [--secret KEY] [--django 5.2|3.2] CALLS
  djsim bench [--requests N] [--browsers N]";

/// Runs one command. `read` reads a file (or `-`, standard input); `wall_clock` is
/// the real time, used only where the caller gives no time (`session encode`
/// without `--timestamp`, as Django would use `time.time()`).
pub fn main(args: &[String], read: &mut dyn FnMut(&str) -> Result<String, String>) -> Result<String, CliError> {
    main_at(args, read, None, None)
}

pub fn main_at(
    args: &[String],
    read: &mut dyn FnMut(&str) -> Result<String, String>,
    wall_clock: Option<SimTime>,
    meters: Option<&mut crate::bench::Meters<'_>>,
) -> Result<String, CliError> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["run", rest @ ..] => {
            let opts = Opts::parse(rest, &[])?;
            let [file] = opts.positional.as_slice() else {
                return Err(CliError::Usage(format!("run takes one FILE (or - for standard input)\n{USAGE}")));
            };
            let text = read(file).map_err(CliError::BadInput)?;
            let scenario = Scenario::parse(&text).map_err(|e| CliError::BadInput(e.to_string()))?;
            let transcript = crate::scenario::run(&scenario).map_err(|e| CliError::BadInput(e.to_string()))?;
            pretty(&transcript)
        }
        ["session", "encode", rest @ ..] => {
            let opts = Opts::parse(rest, &["secret", "format", "timestamp"])?;
            let secret = opts.required("secret")?;
            let [object] = opts.positional.as_slice() else {
                return Err(CliError::Usage(format!("session encode takes one JSON_OBJECT\n{USAGE}")));
            };
            let dict = match pyjson::loads(object) {
                Ok(pyjson::Value::Dict(d)) => d,
                Ok(_) => return Err(CliError::BadInput("JSON_OBJECT must be a JSON object (a session is a dict)".into())),
                Err(e) => return Err(CliError::BadInput(format!("JSON_OBJECT is not valid JSON: {e}"))),
            };
            let encoded = match opts.one("format").unwrap_or("signed") {
                "signed" => {
                    let now = match opts.one("timestamp") {
                        Some(t) => {
                            let secs: f64 = crate::float::parse_f64(t).filter(|s: &f64| s.is_finite() && s.abs() < 1e12).ok_or_else(|| {
                                CliError::BadInput(format!("--timestamp {t:?} is not a number of seconds since 1970"))
                            })?;
                            SimTime::from_unix_f64(secs)
                        }
                        None => wall_clock.ok_or_else(|| CliError::Usage("session encode needs --timestamp here".into()))?,
                    };
                    codec::encode(&dict, secret, now)
                }
                "legacy" => codec::encode_legacy(&dict, secret),
                other => return Err(CliError::BadInput(format!("--format {other:?}: expected signed or legacy"))),
            };
            compact(&Json::String(encoded))
        }
        ["session", "decode", rest @ ..] => {
            let opts = Opts::parse(rest, &["secret", "fallback", "django"])?;
            let secret = opts.required("secret")?;
            let version = version(&opts)?;
            let [data] = opts.positional.as_slice() else {
                return Err(CliError::Usage(format!("session decode takes one DATA\n{USAGE}")));
            };
            let fallbacks: Vec<String> = opts.all("fallback").into_iter().map(str::to_string).collect();
            let d = codec::decode(data, secret, &fallbacks, version);
            // What Django loads: a signed JSON that is not a dict is returned as is.
            let data = match d.not_a_dict {
                Some(v) => v.to_serde(),
                None => pyjson::Value::Dict(d.data).to_serde(),
            };
            let mut out = json!({"format": d.format, "valid": d.valid, "data": data, "log": d.log, "steps": d.steps});
            if let Some(raises) = d.raises {
                out["raises"] = Json::String(raises);
            }
            pretty(&out)
        }
        ["cookie", "parse", rest @ ..] => {
            let opts = Opts::parse(rest, &[])?;
            let [header] = opts.positional.as_slice() else {
                return Err(CliError::Usage(format!("cookie parse takes one HEADER\n{USAGE}")));
            };
            let pairs = crate::http::cookie::parse_cookie(header);
            let map: serde_json::Map<String, Json> = pairs.into_iter().map(|(k, v)| (k, Json::String(v))).collect();
            compact(&Json::Object(map))
        }
        ["cookie", "set", rest @ ..] => {
            let opts = Opts::parse(rest, &["now", "secret", "django"])?;
            let now_s = opts.required("now")?;
            let now = SimTime::parse_rfc3339(now_s).map_err(|e| CliError::BadInput(format!("--now: {e}")))?;
            let version = version(&opts)?;
            let [calls] = opts.positional.as_slice() else {
                return Err(CliError::Usage(format!("cookie set takes one CALLS argument (a JSON object or array)\n{USAGE}")));
            };
            let calls: Json = serde_json::from_str(calls).map_err(|e| CliError::BadInput(format!("CALLS is not valid JSON: {e}")))?;
            let lines = crate::http::calls::apply_calls(&calls, now, opts.one("secret"), version)
                .map_err(|e| CliError::BadInput(e.to_string()))?;
            compact(&json!(lines))
        }
        ["bench", rest @ ..] => {
            let opts = Opts::parse(rest, &["requests", "browsers"])?;
            let n = |k: &str, d: usize| -> Result<usize, CliError> {
                opts.one(k).map_or(Ok(d), |v| v.parse().map_err(|_| CliError::BadInput(format!("--{k} {v:?} is not a count"))))
            };
            let meters = meters.ok_or_else(|| CliError::Usage("bench needs the binary's clock".into()))?;
            let report = crate::bench::run(n("requests", 10_000)?, n("browsers", 1_000)?, meters).map_err(CliError::Internal)?;
            pretty(&report)
        }
        ["help" | "--help" | "-h"] => Ok(USAGE.to_string()),
        [] => Err(CliError::Usage(USAGE.to_string())),
        [cmd, ..] => Err(CliError::Usage(format!("unknown command {cmd:?}\n{USAGE}"))),
    }
}

fn version(opts: &Opts) -> Result<DjangoVersion, CliError> {
    match opts.one("django") {
        None => Ok(DjangoVersion::V5_2),
        Some(v) => DjangoVersion::parse(v).ok_or_else(|| CliError::BadInput(format!("--django {v:?}: expected 5.2 or 3.2"))),
    }
}

fn pretty(v: &Json) -> Result<String, CliError> {
    serde_json::to_string_pretty(v).map_err(|e| CliError::Internal(e.to_string()))
}

fn compact(v: &Json) -> Result<String, CliError> {
    serde_json::to_string(v).map_err(|e| CliError::Internal(e.to_string()))
}

/// `--name value` / `--name=value` options (each may repeat) and positional words.
struct Opts<'a> {
    named: Vec<(&'a str, &'a str)>,
    positional: Vec<&'a str>,
}

impl<'a> Opts<'a> {
    fn parse(words: &[&'a str], known: &[&str]) -> Result<Opts<'a>, CliError> {
        let mut named = Vec::new();
        let mut positional = Vec::new();
        let mut i = 0;
        let mut only_positional = false;
        while i < words.len() {
            let w = words[i];
            if !only_positional && w == "--" {
                only_positional = true;
            } else if !only_positional && w.starts_with("--") && w.len() > 2 {
                let (name, value) = match w[2..].split_once('=') {
                    Some((n, v)) => (n, v),
                    None => {
                        i += 1;
                        let v = words.get(i).ok_or_else(|| CliError::Usage(format!("{w} needs a value")))?;
                        (&w[2..], *v)
                    }
                };
                if !known.contains(&name) {
                    return Err(CliError::Usage(format!("unknown option --{name}\n{USAGE}")));
                }
                named.push((name, value));
            } else {
                positional.push(w);
            }
            i += 1;
        }
        Ok(Opts { named, positional })
    }
    fn one(&self, name: &str) -> Option<&'a str> {
        self.named.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
    fn all(&self, name: &str) -> Vec<&'a str> {
        self.named.iter().filter(|(n, _)| *n == name).map(|(_, v)| *v).collect()
    }
    fn required(&self, name: &str) -> Result<&'a str, CliError> {
        self.one(name).ok_or_else(|| CliError::Usage(format!("--{name} is required\n{USAGE}")))
    }
}
