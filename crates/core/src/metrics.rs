//! Judging a classifier by more than accuracy: the confusion matrix, and
//! per class its precision, recall and F1.
//!
//! Row `t`, column `p` of the confusion matrix counts the samples of true
//! class `t` the network put in class `p`; the diagonal holds the right
//! ones. For one class `k`:
//!
//! ```text
//! precision_k = right_k / predicted_k     of the samples called k, the share that are k
//! recall_k    = right_k / actual_k        of the samples of class k, the share found
//! F1_k        = 2 · precision_k · recall_k / (precision_k + recall_k)
//! ```
//!
//! Accuracy is the diagonal over everything. With unbalanced classes it
//! can stay high while a rare class is never found: its recall shows it.
//! The macro averages weigh every class the same, however rare.

use alloc::vec;
use alloc::vec::Vec;

/// Counts of (true class, predicted class) over a set of samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion {
    classes: usize,
    /// Row-major: `counts[truth · classes + predicted]`.
    counts: Vec<u32>,
}

/// One class's figures; `None` where the share has nothing to divide by
/// (no sample of the class, or none predicted as it).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct ClassMetrics {
    /// Samples of this class.
    pub support: u32,
    /// Of the samples called this class, the share that are.
    pub precision: Option<f32>,
    /// Of the samples of this class, the share called so.
    pub recall: Option<f32>,
    /// The harmonic mean of the two (0 when both are 0).
    pub f1: Option<f32>,
}

impl Confusion {
    /// An empty matrix of `classes` × `classes`.
    pub fn new(classes: usize) -> Confusion {
        Confusion {
            classes,
            counts: vec![0; classes * classes],
        }
    }

    /// Counts one sample of class `truth` predicted as `predicted`; classes
    /// outside the matrix are not counted.
    pub fn add(&mut self, truth: usize, predicted: usize) {
        if truth < self.classes && predicted < self.classes {
            self.counts[truth * self.classes + predicted] += 1;
        }
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Samples of class `truth` predicted as `predicted`.
    pub fn count(&self, truth: usize, predicted: usize) -> u32 {
        if truth < self.classes && predicted < self.classes {
            self.counts[truth * self.classes + predicted]
        } else {
            0
        }
    }

    /// The counts, row by row (true class), each row by predicted class.
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Every sample counted.
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Share on the diagonal (`None` for an empty matrix).
    pub fn accuracy(&self) -> Option<f32> {
        let right: u32 = (0..self.classes).map(|k| self.count(k, k)).sum();
        ratio(right, self.total())
    }

    /// Precision, recall and F1 of class `k`.
    pub fn class(&self, k: usize) -> ClassMetrics {
        let right = self.count(k, k);
        let actual: u32 = (0..self.classes).map(|p| self.count(k, p)).sum();
        let predicted: u32 = (0..self.classes).map(|t| self.count(t, k)).sum();
        let precision = ratio(right, predicted);
        let recall = ratio(right, actual);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        ClassMetrics {
            support: actual,
            precision,
            recall,
            f1,
        }
    }

    /// The mean over the classes of precision, recall and F1, every class
    /// weighing the same; a figure a class does not have counts as 0 (as
    /// scikit-learn's `zero_division=0`), so a class never predicted pulls
    /// the average down instead of vanishing from it.
    pub fn macro_average(&self) -> (f32, f32, f32) {
        let n = self.classes.max(1) as f32;
        let mut sums = (0.0, 0.0, 0.0);
        for k in 0..self.classes {
            let m = self.class(k);
            sums.0 += m.precision.unwrap_or(0.0);
            sums.1 += m.recall.unwrap_or(0.0);
            sums.2 += m.f1.unwrap_or(0.0);
        }
        (sums.0 / n, sums.1 / n, sums.2 / n)
    }
}

fn ratio(part: u32, whole: u32) -> Option<f32> {
    (whole > 0).then(|| part as f32 / whole as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_match_a_hand_counted_example() {
        // 10 samples of class 0: 8 found, 2 called class 1.
        // 5 samples of class 1: 3 found, 2 called class 0.
        let mut c = Confusion::new(2);
        for (truth, predicted, times) in [(0, 0, 8), (0, 1, 2), (1, 1, 3), (1, 0, 2)] {
            for _ in 0..times {
                c.add(truth, predicted);
            }
        }
        assert_eq!(c.counts(), [8, 2, 2, 3]);
        assert_eq!(c.accuracy(), Some(11.0 / 15.0));
        let one = c.class(1);
        assert_eq!(one.support, 5);
        assert_eq!(one.precision, Some(3.0 / 5.0));
        assert_eq!(one.recall, Some(3.0 / 5.0));
        assert!((one.f1.unwrap() - 0.6).abs() < 1e-6);
        let zero = c.class(0);
        assert_eq!((zero.precision, zero.recall), (Some(0.8), Some(0.8)));
    }

    #[test]
    fn a_class_never_found_has_recall_zero_while_accuracy_stays_high() {
        // 95 of the majority, all right; 5 of the rare class, all missed.
        let mut c = Confusion::new(2);
        for _ in 0..95 {
            c.add(0, 0);
        }
        for _ in 0..5 {
            c.add(1, 0);
        }
        assert_eq!(c.accuracy(), Some(0.95));
        let rare = c.class(1);
        assert_eq!(rare.recall, Some(0.0));
        assert_eq!(rare.precision, None, "nothing was called rare");
        assert_eq!(rare.f1, None);
        let (p, r, f1) = c.macro_average();
        assert!((r - 0.5).abs() < 1e-6, "macro recall {r}");
        assert!(p < 0.5 && f1 < 0.5);
    }

    #[test]
    fn classes_outside_the_matrix_are_not_counted() {
        let mut c = Confusion::new(3);
        c.add(3, 0);
        c.add(0, 7);
        assert_eq!(c.total(), 0);
        assert_eq!(c.accuracy(), None);
        assert_eq!(c.count(9, 9), 0);
    }
}
