//! The machine's f32 peak and the kernels' share of it (`scripts/bench.sh`
//! runs it): `cargo bench --bench peak [-- LEVEL]` prints one JSON object.
//!
//! - `clock_ghz`: the core clock, from chains of dependent scalar f32
//!   adds (the fastest of five), whose latency is 3 cycles on AMD Zen 2–5
//!   and Intel since Skylake (so the clock is `3 / seconds per add`).
//! - `peak_gflops`: the core's theoretical f32 peak, two 256-bit FMA (or
//!   multiply and add) pipes, 32 FLOP per cycle, times that clock (AVX-512
//!   on Zen 4 runs at the same rate, each instruction split in two).
//! - `mul_add_gflops`: measured by a loop of independent multiplies and
//!   adds on 256-bit vectors (what the kernels may use: no fused
//!   multiply-add), the practical ceiling for them; `fma_gflops` the same
//!   with fused multiply-adds, which they forgo to give wasm's bits.
//! - `gemm`: `kernels::gemm` alone (on the widest level, or the one
//!   named by the argument: base, avx2, avx512) on the forward and
//!   weight-gradient shapes of the wide and headline configurations, in
//!   GFLOP/s (2·m·k·n per product); `gemm_all_cores` the same
//!   with the products cut into bands on every core (`cores`), which the
//!   two small shapes are too small for.

use leaplab::nn::kernels::{gemm, Finish, Level, Product, Scratch, Strided};
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

/// The clock in GHz, best of five chains of 50 million dependent adds
/// (the best, because a busy machine only slows a chain down).
fn clock_ghz() -> f64 {
    let n = 50_000_000u64;
    let mut best = 0.0f64;
    for _ in 0..5 {
        let mut x = black_box(1.0f32);
        let y = black_box(1e-30f32);
        let start = Instant::now();
        for _ in 0..n / 4 {
            x += y;
            x += y;
            x += y;
            x += y;
        }
        let seconds = start.elapsed().as_secs_f64();
        black_box(x);
        best = best.max(3.0 * n as f64 / seconds / 1e9);
    }
    best
}

/// GFLOP/s of a loop of independent 256-bit multiply-adds: separate
/// multiplies and adds (`fused = false`, what the kernels do) or fused
/// multiply-adds (`fused = true`, what bit-identity with wasm forgoes).
#[cfg(target_arch = "x86_64")]
fn mul_add_gflops(fused: bool) -> Option<f64> {
    use std::arch::x86_64::*;
    #[target_feature(enable = "avx2")]
    fn separate(iters: u64, m: __m256) -> __m256 {
        let mut acc = [_mm256_set1_ps(1.0); 12];
        for _ in 0..iters {
            for a in acc.iter_mut() {
                *a = _mm256_add_ps(*a, _mm256_mul_ps(*a, m));
            }
        }
        acc.iter().fold(m, |s, a| _mm256_add_ps(s, *a))
    }
    #[target_feature(enable = "avx2,fma")]
    fn fused_loop(iters: u64, m: __m256) -> __m256 {
        let mut acc = [_mm256_set1_ps(1.0); 12];
        for _ in 0..iters {
            for a in acc.iter_mut() {
                *a = _mm256_fmadd_ps(*a, m, *a);
            }
        }
        acc.iter().fold(m, |s, a| _mm256_add_ps(s, *a))
    }
    let has = std::arch::is_x86_feature_detected!("avx2")
        && (!fused || std::arch::is_x86_feature_detected!("fma"));
    if !has {
        return None;
    }
    let iters = 10_000_000u64;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        // SAFETY: the processor has AVX2, and FMA when fused (checked above).
        let out = unsafe {
            let m = _mm256_set1_ps(black_box(0.999_999));
            if fused {
                fused_loop(iters, m)
            } else {
                separate(iters, m)
            }
        };
        best = best.min(start.elapsed().as_secs_f64());
        black_box(out);
    }
    Some(iters as f64 * 12.0 * 8.0 * 2.0 / best / 1e9)
}

#[cfg(not(target_arch = "x86_64"))]
fn mul_add_gflops(_fused: bool) -> Option<f64> {
    None
}

/// GFLOP/s of `gemm` on `m × k × n`, best of a few repetitions.
fn gemm_gflops(m: usize, k: usize, n: usize, a_t: bool) -> f64 {
    let a: Vec<f32> = (0..m * k).map(|i| ((i % 7) as f32 - 3.0) * 0.25).collect();
    let b: Vec<f32> = (0..k * n).map(|i| ((i % 5) as f32 - 2.0) * 0.125).collect();
    let mut c = vec![0.0; m * n];
    let mut scratch = Scratch::default();
    let a = if a_t {
        Strided::transposed(&a, m)
    } else {
        Strided::rows(&a, k)
    };
    let p = Product {
        a,
        b: Strided::rows(&b, n),
        m,
        k,
        n,
        init: None,
    };
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..10 {
            gemm(&p, &mut scratch, &mut c, Finish::Keep);
        }
        best = best.min(start.elapsed().as_secs_f64() / 10.0);
    }
    black_box(&c);
    2.0 * (m * k * n) as f64 / best / 1e9
}

fn main() {
    if let Some(level) = std::env::args().skip(1).find(|a| a != "--bench") {
        let all = Level::available();
        let chosen = all
            .iter()
            .find(|l| format!("{l:?}").eq_ignore_ascii_case(&level));
        Level::use_at_most(*chosen.unwrap_or_else(|| panic!("{level}: not one of {all:?}")));
    }
    let clock = clock_ghz();
    let shapes = [
        ("forward 256x100x4096", 256, 100, 4096, false),
        ("weight_grad 100x256x4096", 100, 256, 4096, true),
        ("forward 64x30x512", 64, 30, 512, false),
        ("weight_grad 30x64x512", 30, 64, 512, true),
    ];
    let gemm_on = |threads: usize| {
        leaplab::nn::kernels::set_threads(threads, None);
        let all = shapes
            .iter()
            .map(|&(name, m, k, n, a_t)| (name.to_string(), json!(gemm_gflops(m, k, n, a_t))))
            .collect::<serde_json::Map<_, _>>();
        leaplab::nn::kernels::set_threads(1, None);
        all
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "{}",
        json!({
            "clock_ghz": clock,
            "peak_gflops": 32.0 * clock,
            "mul_add_gflops": mul_add_gflops(false),
            "fma_gflops": mul_add_gflops(true),
            "level": format!("{:?}", Level::current()),
            "gemm": gemm_on(1),
            "cores": cores,
            "gemm_all_cores": gemm_on(cores),
        })
    );
}
