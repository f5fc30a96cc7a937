//! The machine's f32 peak and the kernels' share of it (`scripts/bench.sh`
//! runs it): `cargo bench --bench peak [-- LEVEL]` prints one JSON object.
//!
//! - `clock_ghz`: the core clock, from chains of dependent integer adds
//!   (the fastest of five), one cycle each on every x86-64 core. (Until
//!   2026-12-02 it came from chains of f32 adds taken to be 3 cycles, true
//!   of AMD Zen but not of this workplace's Intel Xeon machines, whose
//!   f32 add takes 2: the clock read 4.3 GHz there.)
//! - `fma_gflops`: the machine's f32 peak as measured, a loop of
//!   independent fused multiply-adds, the faster of 256-bit and 512-bit
//!   vectors, and `fma_flop_per_cycle` that over the clock (32 where two
//!   256-bit pipes do the work, as on AMD Zen 4; 64 with two 512-bit ones,
//!   as on Intel Xeon since Skylake-SP).
//! - `mul_add_gflops`: measured by a loop of independent multiplies and
//!   adds (what the kernels may use: no fused multiply-add), the faster of
//!   256-bit and 512-bit vectors (`mul_add_256_gflops`,
//!   `mul_add_512_gflops`), the practical ceiling for them, and
//!   `mul_add_128_gflops` on 128-bit vectors, wasm's ceiling. The kernels
//!   forgo fused multiply-adds to give wasm's bits; where a core's adds
//!   run on its multiply-add pipes (Intel), that halves what they can
//!   reach, and `mul_add_gflops` is half of `fma_gflops`. (Until
//!   2026-12-02 the loop's multiplies each depended on their accumulator,
//!   a chain of six cycles that twelve accumulators only just covered; it
//!   measured about 92 GFLOP/s where this loop measures about 100.)
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

/// The clock in GHz, best of five runs of 100 million dependent integer
/// adds of two registers (one cycle each; an add of a constant may take
/// none, folded where it is renamed, as on Intel's cores since Golden
/// Cove; the best, because a busy machine only slows a chain down).
/// `None` off x86-64.
#[cfg(target_arch = "x86_64")]
fn clock_ghz() -> Option<f64> {
    /// Adds per pass of the loop: the loop's own instructions run beside
    /// the chain.
    const CHAIN: u64 = 100;
    let passes = 1_000_000u64;
    let mut best = 0.0f64;
    for _ in 0..5 {
        let mut x = black_box(0u64);
        let start = Instant::now();
        for _ in 0..passes {
            // SAFETY: adds two registers the block owns, nothing else.
            unsafe {
                std::arch::asm!(".rept {n}", "add {x}, {one}", ".endr", n = const CHAIN,
                    x = inout(reg) x, one = in(reg) 1u64, options(nomem, nostack, pure))
            };
        }
        let seconds = start.elapsed().as_secs_f64();
        black_box(x);
        best = best.max((CHAIN * passes) as f64 / seconds / 1e9);
    }
    Some(best)
}

#[cfg(not(target_arch = "x86_64"))]
fn clock_ghz() -> Option<f64> {
    None
}

/// The vector widths the ceiling is measured on, in bits.
#[derive(Clone, Copy)]
enum Width {
    /// 128-bit vectors, VEX-encoded (what V8 emits for wasm `simd128`).
    W128,
    /// 256-bit vectors (AVX2).
    W256,
    /// 512-bit vectors (AVX-512).
    W512,
}

/// GFLOP/s of a loop of independent multiplies and adds on vectors of
/// `width`: each iteration computes `acc_i = acc_i + x_i · m` for every
/// accumulator, as separate multiplies and adds (`fused = false`, what the
/// kernels do) or as fused multiply-adds (`fused = true`, what bit-identity
/// with wasm forgoes). The multiplies depend on no accumulator (as in a
/// matrix product), and the `x_i` pass through an empty `asm!` every
/// iteration, so the compiler can neither hoist them out of the loop nor
/// merge them. `None` where the processor lacks the instructions.
#[cfg(target_arch = "x86_64")]
fn mul_add_gflops(width: Width, fused: bool) -> Option<f64> {
    use std::arch::asm;
    use std::arch::x86_64::*;
    /// Accumulators: enough to cover the adds' latency on two pipes, with
    /// their `x_i` in registers too (16 vector registers below 512 bits,
    /// 32 with AVX-512).
    const ACC: usize = 7;
    const ACC_512: usize = 12;
    /// One width's loop, `$acc` accumulators; returns the sum of the
    /// accumulators' lanes.
    macro_rules! mul_add_loop {
        ($name:ident, $features:literal, $vector:ty, $reg:ident, $acc:expr,
         $splat:ident, $add:ident, $mul:ident, $fmadd:ident) => {
            #[target_feature(enable = $features)]
            fn $name(iters: u64, m: f32, fused: bool) -> f32 {
                let m = $splat(m);
                let mut acc = [$splat(0.0); $acc];
                let mut x: [$vector; $acc] = std::array::from_fn(|i| $splat(1.0 + i as f32));
                for _ in 0..iters {
                    for v in x.iter_mut() {
                        // SAFETY: an empty instruction string; `v` stays as it is.
                        unsafe { asm!("/* {0} */", inout($reg) * v, options(nomem, nostack)) };
                    }
                    for (a, v) in acc.iter_mut().zip(&x) {
                        *a = if fused {
                            $fmadd(*v, m, *a)
                        } else {
                            $add(*a, $mul(*v, m))
                        };
                    }
                }
                let sum = acc.iter().fold($splat(0.0), |s, a| $add(s, *a));
                // SAFETY: a vector of f32 lanes is an array of them.
                let lanes: [f32; size_of::<$vector>() / 4] = unsafe { std::mem::transmute(sum) };
                lanes.iter().sum()
            }
        };
    }
    mul_add_loop!(
        loop_128,
        "avx2,fma",
        __m128,
        xmm_reg,
        ACC,
        _mm_set1_ps,
        _mm_add_ps,
        _mm_mul_ps,
        _mm_fmadd_ps
    );
    mul_add_loop!(
        loop_256,
        "avx2,fma",
        __m256,
        ymm_reg,
        ACC,
        _mm256_set1_ps,
        _mm256_add_ps,
        _mm256_mul_ps,
        _mm256_fmadd_ps
    );
    mul_add_loop!(
        loop_512,
        "avx512f",
        __m512,
        zmm_reg,
        ACC_512,
        _mm512_set1_ps,
        _mm512_add_ps,
        _mm512_mul_ps,
        _mm512_fmadd_ps
    );
    // a multiply and an add per lane of each accumulator
    let (has, flops_per_iter) = match width {
        Width::W128 => (avx2_fma(), ACC * 4 * 2),
        Width::W256 => (avx2_fma(), ACC * 8 * 2),
        Width::W512 => (
            std::arch::is_x86_feature_detected!("avx512f"),
            ACC_512 * 16 * 2,
        ),
    };
    if !has {
        return None;
    }
    let iters = 10_000_000u64;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let m = black_box(1e-7);
        let start = Instant::now();
        // SAFETY: the processor has the instructions (checked above).
        let out = unsafe {
            match width {
                Width::W128 => loop_128(iters, m, fused),
                Width::W256 => loop_256(iters, m, fused),
                Width::W512 => loop_512(iters, m, fused),
            }
        };
        best = best.min(start.elapsed().as_secs_f64());
        black_box(out);
    }
    Some(iters as f64 * flops_per_iter as f64 / best / 1e9)
}

/// Whether the processor has AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
fn avx2_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

#[cfg(not(target_arch = "x86_64"))]
fn mul_add_gflops(_width: Width, _fused: bool) -> Option<f64> {
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
    let fma = best(
        mul_add_gflops(Width::W256, true),
        mul_add_gflops(Width::W512, true),
    );
    let (mul_add_256, mul_add_512) = (
        mul_add_gflops(Width::W256, false),
        mul_add_gflops(Width::W512, false),
    );
    println!(
        "{}",
        json!({
            "clock_ghz": clock,
            "fma_flop_per_cycle": fma.zip(clock).map(|(f, c)| f / c),
            "mul_add_gflops": best(mul_add_256, mul_add_512),
            "mul_add_256_gflops": mul_add_256,
            "mul_add_512_gflops": mul_add_512,
            "mul_add_128_gflops": mul_add_gflops(Width::W128, false),
            "fma_gflops": fma,
            "level": format!("{:?}", Level::current()),
            "gemm": gemm_on(1),
            "cores": cores,
            "gemm_all_cores": gemm_on(cores),
        })
    );
}
