//! A training step allocates nothing (`Trainer::new` allocates every
//! buffer; ARCHITECTURE.md's invariant): the allocations made while a
//! trainer advances between two evaluations are counted by a global
//! allocator, on one thread and with every product and pass cut among
//! two threads.

use leaplab::config::Config;
use leaplab::nn::kernels::set_threads;
use leaplab::train::Trainer;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting every allocation.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `steps` steps of `query`'s run after its first
/// few (whose steps may allocate a helper thread's buffers once).
fn allocations(query: &str, steps: u64) -> usize {
    let mut trainer = Trainer::new(&Config::from_query(query).unwrap()).unwrap();
    trainer.advance(3);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    trainer.advance(steps);
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn a_training_step_allocates_nothing() {
    // evaluations at steps 0 and 1000 only; the steps between allocate nothing
    let query =
        "v=1&target=staircase(3)&d=30&width=256&depth=3&batch=64&steps=1000&eval_every=1000";
    set_threads(1, None);
    assert_eq!(allocations(query, 40), 0, "on one thread");
    // Cut among two threads, the steps allocate nothing either, but a
    // helper that fell asleep (its thread descheduled for a millisecond on
    // a busy machine) is woken by handing the pool a job, which allocates:
    // a few such wakes are allowed, not one allocation a step.
    set_threads(2, Some(1));
    let steps = 40;
    let cut = allocations(query, steps);
    set_threads(1, None);
    assert!(
        cut < steps as usize / 4,
        "{cut} allocations in {steps} steps on two threads"
    );
}
