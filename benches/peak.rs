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
//!   adds (what the kernels may use: no fused multiply-add), the faster of
//!   256-bit and 512-bit vectors (`mul_add_256_gflops`,
//!   `mul_add_512_gflops`), the practical ceiling for them; `fma_gflops`
//!   the same with fused multiply-adds, which they forgo to give wasm's
//!   bits. (Until 2026-12-02 the loop's multiplies each depended on their
//!   accumulator, a chain of six cycles that twelve accumulators only just
//!   covered; it measured about 92 GFLOP/s where this loop measures about
//!   100.)
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

/// GFLOP/s of a loop of independent multiplies and adds on 256-bit
/// (`wide = false`) or 512-bit vectors: each iteration computes
/// `acc_i = acc_i + x_i · m` for every accumulator, as separate
/// multiplies and adds (`fused = false`, what the kernels do) or as fused
/// multiply-adds (`fused = true`, what bit-identity with wasm forgoes). The
/// multiplies depend on no accumulator (as in a matrix product), and the
/// `x_i` pass through an empty `asm!` every iteration, so the compiler can
/// neither hoist them out of the loop nor merge them. `None` where the
/// processor lacks the instructions.
#[cfg(target_arch = "x86_64")]
fn mul_add_gflops(wide: bool, fused: bool) -> Option<f64> {
    use std::arch::asm;
    use std::arch::x86_64::*;
    /// Accumulators: enough to cover the adds' latency on two pipes,
    /// with their `x_i` in registers too (16 of 256 bits, 32 of 512).
    const ACC_256: usize = 7;
    const ACC_512: usize = 12;
    #[target_feature(enable = "avx2,fma")]
    fn loop_256(iters: u64, m: f32, fused: bool) -> f32 {
        let m = _mm256_set1_ps(m);
        let mut acc = [_mm256_setzero_ps(); ACC_256];
        let mut x: [__m256; ACC_256] = std::array::from_fn(|i| _mm256_set1_ps(1.0 + i as f32));
        for _ in 0..iters {
            for v in x.iter_mut() {
                // SAFETY: an empty instruction string; `v` stays as it is.
                unsafe { asm!("/* {0} */", inout(ymm_reg) * v, options(nomem, nostack)) };
            }
            for (a, v) in acc.iter_mut().zip(&x) {
                *a = if fused {
                    _mm256_fmadd_ps(*v, m, *a)
                } else {
                    _mm256_add_ps(*a, _mm256_mul_ps(*v, m))
                };
            }
        }
        let mut lanes = [0.0f32; 8];
        let sum = acc
            .iter()
            .fold(_mm256_setzero_ps(), |s, a| _mm256_add_ps(s, *a));
        // SAFETY: `lanes` holds eight values.
        unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), sum) };
        lanes.iter().sum()
    }
    #[target_feature(enable = "avx512f")]
    fn loop_512(iters: u64, m: f32, fused: bool) -> f32 {
        let m = _mm512_set1_ps(m);
        let mut acc = [_mm512_setzero_ps(); ACC_512];
        let mut x: [__m512; ACC_512] = std::array::from_fn(|i| _mm512_set1_ps(1.0 + i as f32));
        for _ in 0..iters {
            for v in x.iter_mut() {
                // SAFETY: an empty instruction string; `v` stays as it is.
                unsafe { asm!("/* {0} */", inout(zmm_reg) * v, options(nomem, nostack)) };
            }
            for (a, v) in acc.iter_mut().zip(&x) {
                *a = if fused {
                    _mm512_fmadd_ps(*v, m, *a)
                } else {
                    _mm512_add_ps(*a, _mm512_mul_ps(*v, m))
                };
            }
        }
        _mm512_reduce_add_ps(
            acc.iter()
                .fold(_mm512_setzero_ps(), |s, a| _mm512_add_ps(s, *a)),
        )
    }
    let has = if wide {
        std::arch::is_x86_feature_detected!("avx512f")
    } else {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    };
    if !has {
        return None;
    }
    let iters = 10_000_000u64;
    let flops = iters as f64 * if wide { ACC_512 * 32 } else { ACC_256 * 16 } as f64;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let m = black_box(1e-7);
        let start = Instant::now();
        // SAFETY: the processor has the instructions (checked above).
        let out = unsafe {
            if wide {
                loop_512(iters, m, fused)
            } else {
                loop_256(iters, m, fused)
            }
        };
        best = best.min(start.elapsed().as_secs_f64());
        black_box(out);
    }
    Some(flops / best / 1e9)
}

#[cfg(not(target_arch = "x86_64"))]
fn mul_add_gflops(_wide: bool, _fused: bool) -> Option<f64> {
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

/// The larger of two measurements, where there is one.
fn best(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    a.into_iter().chain(b).reduce(f64::max)
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
        ("forward 64x256x256", 64, 256, 256, false),
        ("weight_grad 256x64x256", 256, 64, 256, true),
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
    let (mul_add_256, mul_add_512) = (mul_add_gflops(false, false), mul_add_gflops(true, false));
    println!(
        "{}",
        json!({
            "clock_ghz": clock,
            "peak_gflops": 32.0 * clock,
            "mul_add_gflops": best(mul_add_256, mul_add_512),
            "mul_add_256_gflops": mul_add_256,
            "mul_add_512_gflops": mul_add_512,
            "fma_gflops": best(mul_add_gflops(false, true), mul_add_gflops(true, true)),
            "level": format!("{:?}", Level::current()),
            "gemm": gemm_on(1),
            "cores": cores,
            "gemm_all_cores": gemm_on(cores),
        })
    );
}
