//! The `djsim` command line: `../shared/spec/djsim-cli.md` is its contract.
//!
//! Output is one JSON document on stdout. Errors are one sentence on stderr, exit
//! status 2 for bad input and 1 for an internal failure. Nothing panics: the last
//! resort turns a panic into exit status 1 with a message.

use djsim::cli::{self, CliError};
use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = std::panic::catch_unwind(|| {
        // The one place that reads the real clock: the shell around the core, for
        // `session encode` without `--timestamp` (Django would use `time.time()`).
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| djsim::time::SimTime::from_unix_micros(d.as_micros() as i64))
            .ok();
        cli::main_at(&args, &mut |path| read_input(path), wall)
    });
    match outcome {
        Ok(Ok(out)) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.write_all(b"\n");
            ExitCode::SUCCESS
        }
        Ok(Err(CliError::Usage(m))) | Ok(Err(CliError::BadInput(m))) => {
            eprintln!("djsim: {m}");
            ExitCode::from(2)
        }
        Ok(Err(CliError::Internal(m))) => {
            eprintln!("djsim: internal error: {m}");
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!("djsim: internal error (a bug: please report the input that caused it)");
            ExitCode::from(1)
        }
    }
}

fn read_input(path: &str) -> Result<String, String> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    Ok(text)
}
