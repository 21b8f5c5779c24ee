//! The 8 × 8 handwritten digits: 1,797 small grey images of the digits 0–9
//! (UCI's "Optical Recognition of Handwritten Digits"), and the data sets
//! nnplay makes of them.
//!
//! The images are not inside nnplay: the page fetches `web/data/digits.u8.gz`
//! and hands its bytes over (see `web/data/README.md` for where they come
//! from). [`Digits::from_bytes`] reads them; [`Digits::dataset`] makes a
//! seeded training and test split of all ten digits or of two of them,
//! with as few training images as asked (to show what scarce data does).
//!
//! Each pixel counted the ink in a 4 × 4 block of a 32 × 32 scan, 0 to 16;
//! a sample holds it divided by 16, so inputs lie in 0…1.

use crate::dataset::{Dataset, Task};
use crate::error::{Error, Result};
use crate::{InputShape, Rng, Samples};
use alloc::vec::Vec;

/// Pixels per side.
pub const SIDE: usize = 8;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;
/// The most ink a pixel holds.
pub const MAX_INK: u8 = 16;

/// The shape of one digit image: 8 × 8, one channel.
pub const SHAPE: InputShape = InputShape::Image {
    height: SIDE,
    width: SIDE,
    channels: 1,
};

/// The images and their labels, as read from the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits {
    labels: Vec<u8>,
    pixels: Vec<u8>,
}

/// Which digits a data set holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitChoice {
    /// All ten, labels 0–9.
    All,
    /// Two digits: the first is class 0, the second class 1.
    Pair(u8, u8),
}

impl Digits {
    /// Reads the uncompressed data file: every label (one byte, 0–9), then
    /// every image (64 bytes, 0–16, row by row). Refuses anything else
    /// with what it found.
    ///
    /// ```
    /// use nnplay_core::digits::Digits;
    /// let mut bytes = vec![0u8, 1];                  // two labels
    /// bytes.extend([0u8; 64]);                       // a blank 0
    /// bytes.extend([16u8; 64]);                      // an all-ink 1
    /// let digits = Digits::from_bytes(&bytes).unwrap();
    /// assert_eq!((digits.len(), digits.label(1)), (2, 1));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Digits> {
        let record = 1 + PIXELS;
        if bytes.is_empty() || bytes.len() % record != 0 {
            return Err(Error::out_of_range(
                "the digits file's length",
                "a whole number of images of 65 bytes (a label, then 64 pixels)",
                bytes.len(),
            ));
        }
        let n = bytes.len() / record;
        let (labels, pixels) = bytes.split_at(n);
        if let Some(i) = labels.iter().position(|&l| l > 9) {
            return Err(Error::out_of_range(
                alloc::format!("the label of digit image {i}"),
                "a digit from 0 to 9",
                labels[i],
            ));
        }
        if let Some(i) = pixels.iter().position(|&p| p > MAX_INK) {
            return Err(Error::out_of_range(
                alloc::format!("pixel {} of digit image {}", i % PIXELS, i / PIXELS),
                "a count of ink from 0 to 16",
                pixels[i],
            ));
        }
        Ok(Digits {
            labels: labels.to_vec(),
            pixels: pixels.to_vec(),
        })
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True if there are no images (never, once read).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The digit image `i` shows.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// Image `i`'s 64 pixels, row by row, 0–16.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// A seeded split: the chosen digits are shuffled by `seed`, the last
    /// `test_ratio` of them held out for testing, and the first
    /// `train_images` of the rest (all of them if fewer) kept for training,
    /// of which only the first `share` of class `rare`'s (to unbalance the
    /// classes; the test set keeps them all). So a smaller
    /// training set is always a part of a larger one with the same seed,
    /// and the test set does not change with it.
    pub fn dataset(
        &self,
        choice: DigitChoice,
        train_images: usize,
        test_ratio: f32,
        (rare, share): (usize, f32),
        seed: u64,
    ) -> Dataset {
        let (task, class_of): (Task, &dyn Fn(u8) -> Option<f32>) = match choice {
            DigitChoice::All => (Task::Multiclass { classes: 10 }, &|d| Some(d as f32)),
            DigitChoice::Pair(a, b) => (Task::Binary, &move |d| {
                if d == a {
                    Some(0.0)
                } else if d == b {
                    Some(1.0)
                } else {
                    None
                }
            }),
        };
        let mut chosen: Vec<(usize, f32)> = (0..self.len())
            .filter_map(|i| class_of(self.labels[i]).map(|c| (i, c)))
            .collect();
        Rng::new(seed).shuffle(&mut chosen);
        let n_test = libm::floorf(chosen.len() as f32 * test_ratio) as usize;
        let (pool, held_out) = chosen.split_at(chosen.len() - n_test);
        let pool = &pool[..train_images.min(pool.len())];
        let rare = rare as f32;
        let of_rare = pool.iter().filter(|&&(_, c)| c == rare).count();
        let keep = libm::ceilf(of_rare as f32 * share.clamp(0.0, 1.0)) as usize;
        let mut kept = 0;
        let train: Vec<(usize, f32)> = pool
            .iter()
            .filter(|&&(_, c)| {
                kept += usize::from(c == rare);
                c != rare || kept <= keep
            })
            .copied()
            .collect();
        let take = |list: &[(usize, f32)]| {
            let mut samples = Samples::empty(PIXELS);
            let mut row = [0.0f32; PIXELS];
            for &(i, class) in list {
                for (v, &p) in row.iter_mut().zip(self.image(i)) {
                    *v = p as f32 / MAX_INK as f32;
                }
                samples.push(&row, class);
            }
            samples
        };
        Dataset {
            task,
            shape: SHAPE,
            train: take(&train),
            test: take(held_out),
        }
    }
}
