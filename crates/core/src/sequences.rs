//! Sequences: the data sets where the order of the values matters.
//!
//! A sample is a window of `steps` values, one per time step (the shape
//! `Sequence { steps, inputs: 1 }`), read in order by a recurrent layer or
//! whole by a dense one.
//!
//! - **Sines** (regression): a window of a noisy sum of two sines, and the
//!   value that comes next. Each window starts at its own random time.
//!
//!   ```text
//!   s(t) = 0.6 · sin(2πt / 16) + 0.4 · sin(2πt / 7 + 1)   (+ noise · 0.3 · N(0, 1))
//!   inputs: s(t₀), s(t₀ + 1), …, s(t₀ + steps − 1)    target: s(t₀ + steps)
//!   ```
//!
//! - **Memory** (two classes): the first value is +1 (class 1) or −1
//!   (class 0); every later value is noise, +1 or −1 at random, so
//!   nothing but its place tells the first value from the others. The answer is
//!   read at the end, so a network must carry the first value through
//!   `steps − 1` steps of noise: `steps` is the distance to remember.
//!
//! With `shuffle_steps`, each window's values are put in a random order of
//! their own (seeded): what a value is stays, when it came is lost.

use crate::dataset::{Dataset, DatasetKind};
use crate::error::{check_count, Error, Result};
use crate::{InputShape, Rng, Samples};
use alloc::vec::Vec;

/// The shortest sequence a data set makes.
pub const MIN_STEPS: usize = 2;
/// The longest.
pub const MAX_STEPS: usize = 50;
/// The steps of a config that does not say.
pub const DEFAULT_STEPS: usize = 20;

/// How to make a data set of sequences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SequenceConfig {
    /// [`DatasetKind::Sines`] or [`DatasetKind::Memory`].
    pub kind: DatasetKind,
    /// How many sequences, training and test together.
    pub points: usize,
    /// Steps in each.
    pub steps: usize,
    /// How blurred the sines are, 0 to 1 (the memory task's noise is its
    /// later values).
    pub noise: f32,
    /// Share held out for testing.
    pub test_ratio: f32,
    /// Each window's values in an order of its own.
    pub shuffle_steps: bool,
    /// Seed of the data's own generator.
    pub seed: u64,
}

/// The sum of sines the sines data set samples, without noise.
///
/// ```
/// let s = nnplay_core::sequences::sines(0.0);
/// assert!((s - 0.4 * 1f32.sin()).abs() < 1e-6);
/// ```
pub fn sines(t: f32) -> f32 {
    use core::f32::consts::TAU;
    0.6 * libm::sinf(TAU * t / 16.0) + 0.4 * libm::sinf(TAU * t / 7.0 + 1.0)
}

/// The noise of the sines, as a share of `noise`.
const SINES_NOISE: f32 = 0.3;

impl SequenceConfig {
    /// Generates the sequences and splits them, all from `seed`. The
    /// caller has checked `points`, `noise` and `test_ratio`.
    pub fn generate(&self) -> Result<Dataset> {
        check_count("steps", self.steps, MIN_STEPS, MAX_STEPS)?;
        let task = self.kind.task();
        let mut rng = Rng::new(self.seed);
        let mut all = Samples::empty(self.steps);
        let mut window = alloc::vec![0.0f32; self.steps];
        for _ in 0..self.points {
            let label = match self.kind {
                DatasetKind::Sines => {
                    let start = rng.range(0.0, 1000.0);
                    let mut value = |k: usize| {
                        sines(start + k as f32) + SINES_NOISE * self.noise * rng.gaussian()
                    };
                    for (k, v) in window.iter_mut().enumerate() {
                        *v = value(k);
                    }
                    value(self.steps)
                }
                DatasetKind::Memory => {
                    let class = rng.below(2);
                    window[0] = if class == 1 { 1.0 } else { -1.0 };
                    for v in &mut window[1..] {
                        *v = if rng.below(2) == 1 { 1.0 } else { -1.0 };
                    }
                    class as f32
                }
                _ => {
                    return Err(Error::incompatible(alloc::format!(
                        "{:?} is not a data set of sequences",
                        self.kind
                    )))
                }
            };
            if self.shuffle_steps {
                rng.shuffle(&mut window);
            }
            all.push(&window, label);
        }
        let n_test = libm::floorf(self.points as f32 * self.test_ratio) as usize;
        let mut train = Samples::empty(self.steps);
        let mut test = Samples::empty(self.steps);
        for i in 0..all.len() {
            let set = if i < all.len() - n_test {
                &mut train
            } else {
                &mut test
            };
            set.push(all.input(i), all.labels()[i]);
        }
        Ok(Dataset {
            task,
            shape: InputShape::Sequence {
                steps: self.steps,
                inputs: 1,
            },
            train,
            test,
        })
    }
}

/// A stretch of the sines series from time `start`, `len` values long,
/// with the data set's noise drawn from `seed` (what the forecast view
/// draws and predicts one step at a time).
pub fn sines_stretch(start: f32, len: usize, noise: f32, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..len)
        .map(|k| sines(start + k as f32) + SINES_NOISE * noise * rng.gaussian())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(kind: DatasetKind) -> SequenceConfig {
        SequenceConfig {
            kind,
            points: 100,
            steps: 8,
            noise: 0.0,
            test_ratio: 0.3,
            shuffle_steps: false,
            seed: 3,
        }
    }

    #[test]
    fn sines_windows_are_the_series_and_the_next_value() {
        let data = config(DatasetKind::Sines).generate().expect("valid");
        assert_eq!((data.train.len(), data.test.len()), (70, 30));
        assert_eq!(
            data.shape,
            InputShape::Sequence {
                steps: 8,
                inputs: 1
            }
        );
        // The first window starts at the generator's first draw.
        let start = Rng::new(3).range(0.0, 1000.0);
        let x = data.train.input(0);
        for (k, &v) in x.iter().enumerate() {
            assert_eq!(v, sines(start + k as f32), "step {k}");
        }
        assert_eq!(data.train.labels()[0], sines(start + 8.0));
    }

    #[test]
    fn the_memory_label_is_the_first_value_and_the_rest_is_noise() {
        let data = config(DatasetKind::Memory).generate().expect("valid");
        let mut ones = 0;
        for i in 0..data.train.len() {
            let x = data.train.input(i);
            let label = data.train.labels()[i];
            assert_eq!(x[0], if label == 1.0 { 1.0 } else { -1.0 });
            assert!(x[1..].iter().all(|v| v.abs() == 1.0));
            ones += label as usize;
        }
        assert!((25..=45).contains(&ones), "{ones} of 70 in class 1");
        let mut shuffled = config(DatasetKind::Memory);
        shuffled.shuffle_steps = true;
        let data = shuffled.generate().expect("valid");
        let moved = (0..data.train.len())
            .filter(|&i| {
                let sign = if data.train.labels()[i] == 1.0 {
                    1.0
                } else {
                    -1.0
                };
                data.train.input(i)[0] != sign
            })
            .count();
        // A shuffled window's first value is any of its 8, half of them
        // the other sign.
        assert!(
            moved > 15,
            "only {moved} of 70 windows lost their first value"
        );
    }

    #[test]
    fn steps_out_of_range_are_refused_by_name() {
        let mut c = config(DatasetKind::Memory);
        c.steps = 51;
        assert_eq!(
            c.generate().unwrap_err().to_string(),
            "steps must be a whole number from 2 to 50, got 51"
        );
    }
}
