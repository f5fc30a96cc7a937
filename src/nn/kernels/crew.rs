//! The crew: the thread computing a product or a pass and the pool's
//! helpers kept awake, sharing its jobs (bands, chunks; `bands.rs`) out
//! among themselves. The caller publishes the jobs in one atomic word,
//! runs job 0, then claims whatever is left; helpers claim jobs by
//! compare-and-swap. The caller waits only for jobs a helper has claimed,
//! so it never waits for a helper to wake up.

use super::bands::threads;
use super::Scratch;
use std::cell::{RefCell, UnsafeCell};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

thread_local! {
    /// The packing buffers of a helper thread, allocated on its first band.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `job(i, scratch)` for every `i` in `0..count`, shared out among
/// this thread (with `scratch`) and the helpers of the pool kept awake
/// (each with its own scratch): this thread runs job 0 first, then every
/// thread claims the next job left until none is; it returns when all
/// are done. Jobs must not depend on which thread runs them or in what
/// order. With no helper awake, or the crew busy with another caller's
/// jobs, this thread runs them all. At most 65,535 jobs ([`Crew::claims`]).
pub(super) fn share_out(count: usize, scratch: &mut Scratch, job: &Job<'_>) {
    if count < 2 || threads() < 2 || CREW.busy.swap(true, Ordering::Acquire) {
        return (0..count).for_each(|i| job(i, scratch));
    }
    debug_assert!(count <= 0xffff, "{count} jobs: at most 65,535");
    keep_helpers_awake();
    // SAFETY: this thread holds the crew, and `share` returns only when
    // every job is done, so `job` outlives every use of it.
    unsafe { CREW.share(count, scratch, job) };
    CREW.busy.store(false, Ordering::Release);
}

/// A job of [`share_out`], its lifetime forgotten while it is published.
type Job<'a> = dyn Fn(usize, &mut Scratch) + Sync + 'a;

/// One [`share_out`] at a time shared out among the thread that calls it
/// and the pool's helpers kept awake ([`keep_helpers_awake`]): every
/// thread claims the jobs one by one until none is left, and the caller
/// waits only for the jobs a helper has claimed. So it never waits for a
/// helper to wake up: with none awake the caller runs every job itself.
struct Crew {
    /// Whether a caller holds the crew.
    busy: AtomicBool,
    /// The published jobs' number (`epoch << 32`), their count (`count
    /// << 16`) and how many of them have been claimed: a helper claims a
    /// job by raising the last while the first is unchanged, so a job of
    /// an earlier publication is never claimed late.
    claims: AtomicU64,
    /// Jobs of the published ones finished so far.
    done: AtomicUsize,
    /// The published job, written only by the caller holding the crew
    /// while none of the jobs can be claimed.
    job: UnsafeCell<Option<&'static Job<'static>>>,
}

// SAFETY: `job` is written only by the caller holding `busy`, before it
// publishes the jobs through `claims` (release), and read by a helper
// only after it claimed one of them (acquire), which the caller waits
// for before it writes `job` again.
unsafe impl Sync for Crew {}

static CREW: Crew = Crew {
    busy: AtomicBool::new(false),
    claims: AtomicU64::new(0),
    done: AtomicUsize::new(0),
    job: UnsafeCell::new(None),
};

/// The fields of [`Crew::claims`]: the publication's number, its count
/// of jobs and the jobs claimed.
fn unpack(claims: u64) -> (u64, usize, usize) {
    (
        claims >> 32,
        (claims >> 16) as usize & 0xffff,
        claims as usize & 0xffff,
    )
}

impl Crew {
    /// Publishes `count` jobs, runs job 0 and then every one left
    /// unclaimed, and returns once the helpers have finished theirs.
    ///
    /// # Safety
    /// The caller holds `busy`.
    unsafe fn share(&self, count: usize, scratch: &mut Scratch, job: &Job<'_>) {
        // SAFETY (of the lifetime): the job is unpublished (every claimed
        // job done) before this returns.
        *self.job.get() = Some(std::mem::transmute::<&Job<'_>, &'static Job<'static>>(job));
        self.done.store(0, Ordering::Relaxed);
        let (epoch, _, _) = unpack(self.claims.load(Ordering::Relaxed));
        // Job 0 is this thread's own, so that it runs the same part of
        // every product (whose operands then stay in its caches from one
        // step to the next) whenever helpers are awake.
        self.claims.store(
            ((epoch + 1) << 32) | ((count as u64) << 16) | 1,
            Ordering::Release,
        );
        job(0, scratch);
        self.done.fetch_add(1, Ordering::Relaxed);
        while let Some(i) = self.claim() {
            job(i, scratch);
            self.done.fetch_add(1, Ordering::Relaxed);
        }
        while self.done.load(Ordering::Acquire) < count {
            std::hint::spin_loop();
        }
    }

    /// Claims the next job of the published ones, if one is left.
    fn claim(&self) -> Option<usize> {
        let mut claims = self.claims.load(Ordering::Relaxed);
        loop {
            let (_, count, claimed) = unpack(claims);
            if claimed >= count {
                return None;
            }
            match self.claims.compare_exchange_weak(
                claims,
                claims + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(claimed),
                Err(now) => claims = now,
            }
        }
    }

    /// On a helper: runs one job of the published ones if one is left;
    /// whether it did.
    fn help_once(&self) -> bool {
        let Some(i) = self.claim() else {
            return false;
        };
        // SAFETY: the job was claimed, so the caller is waiting in `share`
        // for it, with the job alive.
        let job = unsafe { (*self.job.get()).expect("a published job") };
        SCRATCH.with(|sc| job(i, &mut sc.borrow_mut()));
        self.done.fetch_add(1, Ordering::Release);
        true
    }
}

/// Helpers of the pool now kept awake by [`stay_awake`].
static AWAKE: AtomicUsize = AtomicUsize::new(0);

/// Rounds of looking for a job, each an atomic read, that a helper kept
/// awake goes without finding one before it goes back to sleep: natively,
/// with a pause each round, 2^15 rounds took 0.9 ms on the benchmark
/// machine; wasm has no pause instruction, so its rounds are shorter and
/// more of them make about as long.
const AWAKE_ROUNDS: usize = if cfg!(target_arch = "wasm32") {
    1 << 20
} else {
    1 << 15
};

/// Wakes helpers of the pool (all but this thread's share of
/// [`threads`], at most all of the pool's) to help with these jobs and
/// the next ones ([`stay_awake`]): waking one takes tens of microseconds
/// natively and more between Web Workers, as long as a band of a small
/// product takes.
fn keep_helpers_awake() {
    let want = (threads() - 1).min(rayon::current_num_threads());
    let mut awake = AWAKE.load(Ordering::Relaxed);
    while awake < want {
        match AWAKE.compare_exchange(awake, awake + 1, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => {
                rayon::spawn(stay_awake);
                awake += 1;
            }
            Err(now) => awake = now,
        }
    }
}

/// Runs the jobs (bands of products, chunks of passes) as they come,
/// until [`AWAKE_ROUNDS`] rounds pass without any.
fn stay_awake() {
    let mut idle = 0;
    while idle < AWAKE_ROUNDS {
        if CREW.help_once() {
            idle = 0;
        } else {
            idle += 1;
            std::hint::spin_loop();
        }
    }
    AWAKE.fetch_sub(1, Ordering::Relaxed);
}
