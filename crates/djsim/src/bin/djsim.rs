//! The `djsim` command line: `../shared/spec/djsim-cli.md` is its contract.
//!
//! Output is one JSON document on stdout. Errors are one sentence on stderr, exit
//! status 2 for bad input and 1 for an internal failure. Nothing panics: the last
//! resort turns a panic into exit status 1 with a message.

use djsim::cli::{self, CliError};
use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes allocated and not yet freed, for `djsim bench`'s memory figures.
static LIVE: AtomicUsize = AtomicUsize::new(0);

struct Counting;

// SAFETY: forwards every call to the system allocator unchanged; only counts bytes.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size.wrapping_sub(layout.size()), Ordering::Relaxed);
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = std::panic::catch_unwind(|| {
        // The one place that reads the real clock: the shell around the core, for
        // `session encode` without `--timestamp` (Django would use `time.time()`).
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| djsim::time::SimTime::from_unix_micros(d.as_micros() as i64))
            .ok();
        let start = std::time::Instant::now();
        let mut clock = move || start.elapsed().as_secs_f64();
        let mut live = || LIVE.load(Ordering::Relaxed);
        let mut meters = djsim::bench::Meters { clock: &mut clock, live_bytes: &mut live };
        cli::main_at(&args, &mut |path| read_input(path), wall, Some(&mut meters))
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
