//! The seeded random generator: the only source of randomness in nnplay.
//!
//! Every random draw (data points, noise, initial weights, the order of
//! mini-batches) goes through an [`Rng`] that was created from an explicit
//! seed, so the same seed always gives the same run, on every machine.
//!
//! Underneath is xoshiro256++ (from `rand_xoshiro`). Uniform numbers take the
//! top 24 bits of a 64-bit draw, which are exactly representable in `f32`;
//! Gaussian numbers use the Box–Muller transform
//! `z = sqrt(-2 ln u1) · cos(2π u2)`.

use rand_core::{Rng as _, SeedableRng as _};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A seeded pseudo-random generator.
///
/// ```
/// use nnplay_core::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.uniform(), b.uniform());
/// ```
#[derive(Debug, Clone)]
pub struct Rng {
    inner: Xoshiro256PlusPlus,
}

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Rng {
            inner: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// A generator for a separate purpose drawn from the same seed (for
    /// example the mini-batch order beside the initial weights): `stream`
    /// picks one of many independent sequences.
    pub fn stream(seed: u64, stream: u64) -> Self {
        // Mixing the stream into the seed through SplitMix64 (inside
        // `seed_from_u64`) gives unrelated states for neighbouring streams.
        Rng::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// The generator's whole state: xoshiro256++'s four words. A script
    /// elsewhere (the PyTorch export) that starts from them draws exactly
    /// the numbers this generator will draw next.
    ///
    /// ```
    /// use nnplay_core::Rng;
    /// let mut rng = Rng::new(3);
    /// rng.next_u64();
    /// let [s0, s1, s2, s3] = rng.state();
    /// // xoshiro256++: the output is rotl(s0 + s3, 23) + s0.
    /// assert_eq!(rng.next_u64(), s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0));
    /// # let _ = (s1, s2);
    /// ```
    pub fn state(&self) -> [u64; 4] {
        let bytes = self.inner.state();
        core::array::from_fn(|i| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[8 * i..8 * i + 8]);
            u64::from_le_bytes(word)
        })
    }

    /// A raw 64-bit draw.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in `[0, 1)`.
    pub fn uniform(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// Uniform in `[low, high)`.
    pub fn range(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.uniform()
    }

    /// A standard normal draw (mean 0, standard deviation 1).
    pub fn gaussian(&mut self) -> f32 {
        // u1 in (0, 1] so that ln(u1) is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        libm::sqrtf(-2.0 * libm::logf(u1)) * libm::cosf(core::f32::consts::TAU * u2)
    }

    /// Uniform over `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        // Lemire's multiply-shift: unbiased enough for n far below 2^32.
        ((self.next_u64() >> 32).wrapping_mul(n as u64) >> 32) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_other_seed_other_sequence() {
        let draw = |seed| {
            let mut r = Rng::new(seed);
            (0..8).map(|_| r.next_u64()).collect::<alloc::vec::Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
        assert_ne!(Rng::stream(1, 1).next_u64(), Rng::stream(1, 2).next_u64());
    }

    #[test]
    fn uniform_and_gaussian_have_the_right_moments() {
        let mut r = Rng::new(3);
        let n = 20_000;
        let (mut su, mut sg, mut sg2) = (0.0f64, 0.0f64, 0.0f64);
        for _ in 0..n {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            su += u as f64;
            let g = r.gaussian() as f64;
            sg += g;
            sg2 += g * g;
        }
        let n = n as f64;
        assert!((su / n - 0.5).abs() < 0.01);
        assert!((sg / n).abs() < 0.03);
        assert!((sg2 / n - 1.0).abs() < 0.05);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = Rng::new(9);
        let mut v: alloc::vec::Vec<usize> = (0..50).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..50).collect::<alloc::vec::Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..50).collect::<alloc::vec::Vec<_>>());
    }
}
