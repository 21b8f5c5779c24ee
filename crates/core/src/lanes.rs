//! Four `f32` side by side: the SIMD shape of the narrow matrix kernel.
//!
//! In WebAssembly (built with `+simd128`, as nnplay's modules are) an
//! [`F4`] is one `v128` register and each operation one instruction;
//! elsewhere it is four plain floats the compiler may vectorize. Every lane
//! is an ordinary IEEE-754 `f32` product or sum (no fused multiply-add), so
//! both give the bits of the scalar code: native and wasm runs stay equal.
//!
//! Why explicit lanes: with its lanes across four output rows (a product of
//! one to three columns) the wasm build's auto-vectorizer left the sums
//! scalar.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{f32x4, f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat, v128};

    /// Four `f32` lanes.
    #[derive(Clone, Copy)]
    pub(crate) struct F4(v128);

    impl F4 {
        /// `x` in every lane.
        #[inline(always)]
        pub(crate) fn splat(x: f32) -> F4 {
            F4(f32x4_splat(x))
        }

        /// Four consecutive values.
        #[inline(always)]
        pub(crate) fn load(x: &[f32; 4]) -> F4 {
            F4(f32x4(x[0], x[1], x[2], x[3]))
        }

        /// `self + k · x`, lane by lane (a product, then a sum: two roundings).
        #[inline(always)]
        pub(crate) fn add_product(self, k: F4, x: F4) -> F4 {
            F4(f32x4_add(self.0, f32x4_mul(k.0, x.0)))
        }

        /// The four lanes, in order.
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32; 4]) {
            *out = [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ];
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    /// Four `f32` lanes.
    #[derive(Clone, Copy)]
    pub(crate) struct F4([f32; 4]);

    impl F4 {
        /// `x` in every lane.
        #[inline(always)]
        pub(crate) fn splat(x: f32) -> F4 {
            F4([x; 4])
        }

        /// Four consecutive values.
        #[inline(always)]
        pub(crate) fn load(x: &[f32; 4]) -> F4 {
            F4(*x)
        }

        /// `self + k · x`, lane by lane (a product, then a sum: two roundings).
        #[inline(always)]
        pub(crate) fn add_product(self, k: F4, x: F4) -> F4 {
            F4([0, 1, 2, 3].map(|l| self.0[l] + k.0[l] * x.0[l]))
        }

        /// The four lanes, in order.
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32; 4]) {
            *out = self.0;
        }
    }
}

pub(crate) use imp::F4;
