//! How many heap allocations one request of the benchmark makes (the lecture's
//! `sessfun`, reloaded by one browser): a guard against allocation creep on the hot
//! path (`perf` area). The figure is printed; the bound is generous.

use djsim::world::World;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

struct Counting;

// SAFETY: forwards every call to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations (and reallocations) per reload of `/session/sessfun`, after a warm-up.
fn allocations_per_request() -> f64 {
    let mut w = World::lecture();
    w.navigate("A", "/session/sessfun").unwrap();
    for _ in 0..20 {
        w.reload("A").unwrap();
        w.clear_network();
        w.clear_console();
    }
    let n = 200;
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..n {
        w.reload("A").unwrap();
        w.clear_network();
        w.clear_console();
    }
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / n as f64
}

#[test]
fn a_request_allocates_a_bounded_number_of_times() {
    let per_request = allocations_per_request();
    eprintln!("perf_allocations: {per_request:.1} allocations per sessfun request (browser, World, server, SQLite)");
    assert!(per_request < 400.0, "{per_request} allocations per request");
}
