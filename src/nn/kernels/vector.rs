//! The SIMD vectors the kernel is written over: AVX-512, AVX2 and SSE2 on
//! x86-64, simd128 on wasm, and a plain four-lane fallback elsewhere.

/// A SIMD vector of f32 lanes with the operations the kernel needs.
/// Every lane does the IEEE operation on its own, so a vector's result is
/// the same as `WIDTH` scalar operations.
pub(super) trait Vector: Copy {
    /// Lanes.
    const WIDTH: usize;
    /// All lanes `x`.
    ///
    /// # Safety
    /// The processor has the vector's instruction set.
    unsafe fn splat(x: f32) -> Self;
    /// `WIDTH` values from `p` (unaligned).
    ///
    /// # Safety
    /// As [`Vector::splat`], and `p` is valid for `WIDTH` reads.
    unsafe fn load(p: *const f32) -> Self;
    /// Writes the lanes to `p` (unaligned).
    ///
    /// # Safety
    /// As [`Vector::splat`], and `p` is valid for `WIDTH` writes.
    unsafe fn store(self, p: *mut f32);
    /// `self + a · b`, lane by lane: a rounded multiply, then a rounded add.
    ///
    /// # Safety
    /// As [`Vector::splat`].
    unsafe fn add_mul(self, a: Self, b: Self) -> Self;
    /// [`super::blocked::relu`] of every lane: the lane if it is `> 0`, else `+0`.
    ///
    /// # Safety
    /// As [`Vector::splat`].
    unsafe fn relu(self) -> Self;
}

#[cfg(target_arch = "x86_64")]
pub(super) mod x86 {
    use super::Vector;
    use std::arch::x86_64::*;

    /// Four lanes, SSE (part of x86-64).
    pub type V128 = __m128;
    /// Eight lanes, AVX.
    pub type V256 = __m256;
    /// Sixteen lanes, AVX-512F.
    pub type V512 = __m512;

    impl Vector for __m128 {
        const WIDTH: usize = 4;
        #[inline(always)]
        unsafe fn splat(x: f32) -> Self {
            _mm_set1_ps(x)
        }
        #[inline(always)]
        unsafe fn load(p: *const f32) -> Self {
            _mm_loadu_ps(p)
        }
        #[inline(always)]
        unsafe fn store(self, p: *mut f32) {
            _mm_storeu_ps(p, self)
        }
        #[inline(always)]
        unsafe fn add_mul(self, a: Self, b: Self) -> Self {
            _mm_add_ps(self, _mm_mul_ps(a, b))
        }
        #[inline(always)]
        unsafe fn relu(self) -> Self {
            // `maxps` returns its second operand unless the first is
            // greater: `+0` for NaN, `±0` and negative lanes.
            _mm_max_ps(self, _mm_setzero_ps())
        }
    }

    impl Vector for __m256 {
        const WIDTH: usize = 8;
        #[inline(always)]
        unsafe fn splat(x: f32) -> Self {
            _mm256_set1_ps(x)
        }
        #[inline(always)]
        unsafe fn load(p: *const f32) -> Self {
            _mm256_loadu_ps(p)
        }
        #[inline(always)]
        unsafe fn store(self, p: *mut f32) {
            _mm256_storeu_ps(p, self)
        }
        #[inline(always)]
        unsafe fn add_mul(self, a: Self, b: Self) -> Self {
            _mm256_add_ps(self, _mm256_mul_ps(a, b))
        }
        #[inline(always)]
        unsafe fn relu(self) -> Self {
            _mm256_max_ps(self, _mm256_setzero_ps())
        }
    }

    impl Vector for __m512 {
        const WIDTH: usize = 16;
        #[inline(always)]
        unsafe fn splat(x: f32) -> Self {
            _mm512_set1_ps(x)
        }
        #[inline(always)]
        unsafe fn load(p: *const f32) -> Self {
            _mm512_loadu_ps(p)
        }
        #[inline(always)]
        unsafe fn store(self, p: *mut f32) {
            _mm512_storeu_ps(p, self)
        }
        #[inline(always)]
        unsafe fn add_mul(self, a: Self, b: Self) -> Self {
            _mm512_add_ps(self, _mm512_mul_ps(a, b))
        }
        #[inline(always)]
        unsafe fn relu(self) -> Self {
            // As `maxps`: the second operand for NaN, `±0` and negative lanes.
            _mm512_max_ps(self, _mm512_setzero_ps())
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(super) mod wasm {
    use super::Vector;
    use std::arch::wasm32::*;

    impl Vector for v128 {
        const WIDTH: usize = 4;
        #[inline(always)]
        unsafe fn splat(x: f32) -> Self {
            f32x4_splat(x)
        }
        #[inline(always)]
        unsafe fn load(p: *const f32) -> Self {
            v128_load(p.cast())
        }
        #[inline(always)]
        unsafe fn store(self, p: *mut f32) {
            v128_store(p.cast(), self)
        }
        #[inline(always)]
        unsafe fn add_mul(self, a: Self, b: Self) -> Self {
            f32x4_add(self, f32x4_mul(a, b))
        }
        #[inline(always)]
        unsafe fn relu(self) -> Self {
            // `pmax(a, b) = a < b ? b : a`: `+0` unless the lane is `> 0`.
            f32x4_pmax(f32x4_splat(0.0), self)
        }
    }
}

/// Four scalar lanes, for targets without a vector type here.
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
#[derive(Clone, Copy)]
pub(super) struct Lanes4([f32; 4]);

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
impl Vector for Lanes4 {
    const WIDTH: usize = 4;
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        Lanes4([x; 4])
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        Lanes4(p.cast::<[f32; 4]>().read_unaligned())
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        p.cast::<[f32; 4]>().write_unaligned(self.0)
    }
    #[inline(always)]
    unsafe fn add_mul(self, a: Self, b: Self) -> Self {
        let mut out = self.0;
        for ((o, x), y) in out.iter_mut().zip(a.0).zip(b.0) {
            *o += x * y;
        }
        Lanes4(out)
    }
    #[inline(always)]
    unsafe fn relu(self) -> Self {
        Lanes4(self.0.map(super::blocked::relu))
    }
}

/// The vector type and register block of [`Level::Base`](super::Level::Base) on this target.
pub(super) mod base {
    /// Rows of a register block.
    pub const MR: usize = 4;
    /// Vectors of columns in a register block.
    pub const NV: usize = 2;
    #[cfg(target_arch = "x86_64")]
    pub type V = super::x86::V128;
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    pub type V = std::arch::wasm32::v128;
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )))]
    pub type V = super::Lanes4;
}
