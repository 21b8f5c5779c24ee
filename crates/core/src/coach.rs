//! The practitioner's checklist, turned into findings about a run.
//!
//! | symptom                                        | finding               | what to try                                   |
//! |------------------------------------------------|-----------------------|-----------------------------------------------|
//! | loss NaN, ∞ or exploding                       | `LossNotFinite`       | lower the learning rate, check data, loss     |
//! | loss rising well above its best, or jumping    | `LossRising`          | lower the learning rate                       |
//! | every unit of a hidden layer identical         | `SymmetricUnits`      | random initial weights (Xavier, He)           |
//! | loss flat for many epochs while still high     | `LearningTooSlow`     | raise the learning rate, a bigger network     |
//! | train loss falls, test loss rises, and the     | `Overfitting`         | fewer neurons, more data, regularization      |
//! | test accuracy lags (or: ≈ 0 vs high)           |                       |                                               |
//! | first layer's gradient ≪ last layer's (3+ hidden layers) | `VanishingGradients` | ReLU, Xavier/He initialization      |
//! | ReLUs that output 0 on every point             | `DeadRelus`           | lower rate, leaky ReLU, He initialization     |
//! | sigmoid/tanh units stuck on their flat ends    | `SaturatedUnits`      | normalize inputs, smaller initial weights     |
//! | one class far rarer than another               | `ClassImbalance`      | balance the data, look beyond accuracy        |
//! | inputs far larger than 1, not normalized       | `InputsNotNormalized` | turn normalization on                         |
//!
//! Each finding rests on evidence that tells it apart from the others, and
//! the coach says nothing rather than something wrong: a loss that jumps up
//! and down is a learning rate too high, not overfitting; a first layer with
//! no gradient at all is dead or saturated units, not the slow fade of
//! vanishing gradients (which needs depth); a flat loss with identical
//! hidden units is symmetry, not a small learning rate; a test loss that
//! creeps up while the test accuracy matches the training accuracy is not
//! overfitting worth a word.
//!
//! A finding is data: its code and the numbers it rests on. The words a
//! learner reads are the page's, one catalogue per language. (Missing values
//! cannot reach a run: every point is checked when it enters, and a refused
//! point says why.)

use crate::config::Mode;
use crate::dataset::Task;
use crate::trainer::loss_columns as col;
use crate::{Activation, Feature, Trainer};
use alloc::vec::Vec;

/// What a finding is about; stable names for programs (`"deadRelus"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum FindingCode {
    /// The loss became NaN, infinite, or exploded.
    LossNotFinite,
    /// The loss climbs or jumps: steps overshoot.
    LossRising,
    /// Every neuron of a hidden layer computes the same thing.
    SymmetricUnits,
    /// The loss hardly moves while still high.
    LearningTooSlow,
    /// Training loss keeps improving while test loss gets worse.
    Overfitting,
    /// Layers near the input get far smaller gradients than the output layers.
    VanishingGradients,
    /// ReLU units that never activate.
    DeadRelus,
    /// Sigmoid/tanh units stuck where their slope is ~0.
    SaturatedUnits,
    /// Classes of very different sizes.
    ClassImbalance,
    /// Large inputs without normalization.
    InputsNotNormalized,
}

impl FindingCode {
    /// Every code, most urgent first (the order the coach reports them in).
    pub const ALL: [FindingCode; 10] = [
        FindingCode::LossNotFinite,
        FindingCode::LossRising,
        FindingCode::SymmetricUnits,
        FindingCode::LearningTooSlow,
        FindingCode::Overfitting,
        FindingCode::VanishingGradients,
        FindingCode::DeadRelus,
        FindingCode::SaturatedUnits,
        FindingCode::ClassImbalance,
        FindingCode::InputsNotNormalized,
    ];

    /// The name programs use (`"deadRelus"`).
    pub fn name(self) -> &'static str {
        match self {
            FindingCode::LossNotFinite => "lossNotFinite",
            FindingCode::LossRising => "lossRising",
            FindingCode::SymmetricUnits => "symmetricUnits",
            FindingCode::LearningTooSlow => "learningTooSlow",
            FindingCode::Overfitting => "overfitting",
            FindingCode::VanishingGradients => "vanishingGradients",
            FindingCode::DeadRelus => "deadRelus",
            FindingCode::SaturatedUnits => "saturatedUnits",
            FindingCode::ClassImbalance => "classImbalance",
            FindingCode::InputsNotNormalized => "inputsNotNormalized",
        }
    }
}

/// One item of the checklist: what was seen, with the numbers it rests on.
/// In JSON the variant is the field `code` beside its numbers:
/// `{ "code": "lossRising", "best": 0.12, "last": 0.4, "learningRate": 3 }`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(
        tag = "code",
        rename_all = "camelCase",
        rename_all_fields = "camelCase"
    )
)]
pub enum Finding {
    /// The loss became NaN or infinite, or grew enormously.
    LossNotFinite {
        /// The learning rate in force.
        learning_rate: f32,
    },
    /// The training loss climbed above its best, or keeps jumping up.
    LossRising {
        /// The lowest training loss recorded.
        best: f32,
        /// The latest training loss.
        last: f32,
        /// The learning rate in force.
        learning_rate: f32,
        /// True when the loss jumps up and down rather than climbing.
        oscillating: bool,
    },
    /// All `neurons` neurons of hidden layer `layer` (0 = next to the
    /// inputs) have the same weights and bias, so they get the same gradient
    /// and stay identical.
    SymmetricUnits {
        /// The hidden layer.
        layer: usize,
        /// Its neurons.
        neurons: usize,
    },
    /// The training loss hardly moved over `records` records while still high.
    LearningTooSlow {
        /// The loss `records` records ago.
        then: f32,
        /// The latest loss.
        now: f32,
        /// How many records back `then` is.
        records: usize,
        /// The learning rate in force.
        learning_rate: f32,
    },
    /// The test loss rose while the training loss fell (`rising`), or the
    /// training loss is near 0 while the test loss is high.
    Overfitting {
        /// The latest training loss.
        train: f32,
        /// The latest test loss.
        test: f32,
        /// The lowest test loss recorded.
        best_test: f32,
        /// True when the test loss is rising from its best.
        rising: bool,
    },
    /// The first layer's mean |∂L/∂W| is `ratio` times the output layer's.
    VanishingGradients {
        /// First layer's mean |∂L/∂W| over the output layer's.
        ratio: f32,
        /// The activation of the first hidden layer.
        activation: Activation,
        /// Its largest slope (0.25 for sigmoid).
        max_derivative: f32,
    },
    /// ReLU units with `z ≤ 0` on every training point.
    DeadRelus {
        /// Dead units.
        dead: usize,
        /// All ReLU units.
        relus: usize,
    },
    /// Sigmoid/tanh units on a flat end for nearly every point.
    SaturatedUnits {
        /// Saturated units.
        saturated: usize,
        /// All sigmoid and tanh units.
        squashing: usize,
    },
    /// One class is far rarer than a fair share.
    ClassImbalance {
        /// The rarest class.
        class: usize,
        /// Its share of the training points (0 to 1).
        share: f32,
        /// The largest class's share: the accuracy of always guessing it.
        majority_share: f32,
        /// Runs on images: the share of the rare class's test images the
        /// network finds (its recall), beside the test accuracy: the two
        /// figures that show accuracy hiding a missed class.
        #[cfg(feature = "images")]
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        recall: Option<f32>,
        /// Runs on images: the test accuracy.
        #[cfg(feature = "images")]
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        accuracy: Option<f32>,
    },
    /// An input reaches far beyond 1 without normalization.
    InputsNotNormalized {
        /// The input feature.
        feature: Feature,
        /// Its largest absolute value on the training set.
        largest: f32,
    },
}

impl Finding {
    /// What the finding is about.
    pub fn code(&self) -> FindingCode {
        match self {
            Finding::LossNotFinite { .. } => FindingCode::LossNotFinite,
            Finding::LossRising { .. } => FindingCode::LossRising,
            Finding::SymmetricUnits { .. } => FindingCode::SymmetricUnits,
            Finding::LearningTooSlow { .. } => FindingCode::LearningTooSlow,
            Finding::Overfitting { .. } => FindingCode::Overfitting,
            Finding::VanishingGradients { .. } => FindingCode::VanishingGradients,
            Finding::DeadRelus { .. } => FindingCode::DeadRelus,
            Finding::SaturatedUnits { .. } => FindingCode::SaturatedUnits,
            Finding::ClassImbalance { .. } => FindingCode::ClassImbalance,
            Finding::InputsNotNormalized { .. } => FindingCode::InputsNotNormalized,
        }
    }
}

/// Class imbalance among `labels` of `task`, if one class has less than
/// half its fair share (checked from 10 samples on).
pub fn class_imbalance(labels: &[f32], task: Task) -> Option<Finding> {
    let counts = crate::dataset::class_counts(labels, task);
    let total: usize = counts.iter().sum();
    if total < 10 {
        return None;
    }
    let (class, &rare) = counts.iter().enumerate().min_by_key(|(_, c)| **c)?;
    let &most = counts.iter().max()?;
    let fair = total as f32 / counts.len() as f32;
    ((rare as f32) < 0.5 * fair).then(|| Finding::ClassImbalance {
        class,
        share: rare as f32 / total as f32,
        majority_share: most as f32 / total as f32,
        #[cfg(feature = "images")]
        recall: None,
        #[cfg(feature = "images")]
        accuracy: None,
    })
}

impl Trainer {
    /// [`class_imbalance`] of the training set; on images, with how the
    /// rare class fares on the test set.
    fn class_imbalance(&self) -> Option<Finding> {
        #[allow(unused_mut)]
        let mut finding = class_imbalance(self.data.train.labels(), self.data.task)?;
        #[cfg(feature = "images")]
        if let (
            Finding::ClassImbalance {
                class,
                recall,
                accuracy,
                ..
            },
            crate::InputShape::Image { .. },
        ) = (&mut finding, self.data.shape)
        {
            let test = &self.data.test;
            if let Some(c) = crate::probe::Probe::default().confusion(self, test) {
                *recall = c.class(*class).recall;
                *accuracy = c.accuracy();
            }
        }
        Some(finding)
    }

    /// Everything the checklist finds about this run now, most urgent first.
    pub fn coach(&self) -> Vec<Finding> {
        let learning_rate = self.config.learning_rate;
        let summary = self.summary();
        if summary.diverged || !summary.train_loss.is_finite() {
            return alloc::vec![Finding::LossNotFinite { learning_rate }];
        }
        let mut out = Vec::new();
        out.extend(self.loss_rising(learning_rate));
        let symmetric = self.symmetric_units();
        let symmetry = symmetric.is_some();
        out.extend(symmetric);
        let history = self.loss_history();
        let rows = history.len();
        let at = |i: usize, c: usize| history.row(i)[c];
        const RECORDS: usize = 50;
        // A flat loss with identical units is symmetry, not a small rate.
        if rows > RECORDS && self.config.mode == Mode::Network && !symmetry {
            let then = at(rows - 1 - RECORDS, col::TRAIN_LOSS);
            let now = at(rows - 1, col::TRAIN_LOSS);
            let accuracy = at(rows - 1, col::TRAIN_ACCURACY);
            let still_bad = if accuracy.is_nan() {
                now > 0.05
            } else {
                accuracy < 0.9
            };
            if still_bad && (then - now).abs() < 0.01 * then.abs() {
                out.push(Finding::LearningTooSlow {
                    then,
                    now,
                    records: RECORDS,
                    learning_rate,
                });
            }
        }
        out.extend(self.overfitting(rows));
        out.extend(self.vanishing_gradients());
        out.extend(self.unit_findings());
        out.extend(self.class_imbalance());
        out.extend(self.unnormalized_inputs());
        out
    }

    /// The loss climbing well above its best, or jumping up again and again
    /// over the last records: both mean steps that overshoot.
    fn loss_rising(&self, learning_rate: f32) -> Option<Finding> {
        let history = self.loss_history();
        let rows = history.len();
        if rows < 5 {
            return None;
        }
        let loss = |i: usize| history.row(i)[col::TRAIN_LOSS];
        let last = loss(rows - 1);
        let best = (0..rows).map(loss).fold(f32::INFINITY, f32::min);
        let rising = last > 1.5 * best && last > loss(rows - 4) && last - best > 0.01;
        // Over the last (up to) 20 records: the climbs, added up, against
        // the level of the loss. Noise climbs by a few percent; an
        // overshooting step by a large share of the loss, again and again.
        let window = rows.min(20);
        let first = rows - window;
        let (mut climbs, mut climbed, mut level) = (0usize, 0.0f32, 0.0f32);
        for i in first + 1..rows {
            let step = loss(i) - loss(i - 1);
            if step > 0.0 {
                climbs += 1;
                climbed += step;
            }
            level += loss(i);
        }
        let level = level / (window - 1) as f32;
        // The floor keeps the jitter of a loss near 0 (0.02 → 0.03) quiet.
        let oscillating = climbs >= 3 && climbed > 0.5 * level && climbed > 0.05;
        (rising || oscillating).then_some(Finding::LossRising {
            best,
            last,
            learning_rate,
            oscillating: oscillating && !rising,
        })
    }

    /// A hidden layer of two or more units that are all the same: every
    /// parameter tensor's row of each unit equals the first unit's.
    fn symmetric_units(&self) -> Option<Finding> {
        if self.config.mode != Mode::Network {
            return None;
        }
        let layers = self.network.layers();
        layers[..layers.len() - 1]
            .iter()
            .enumerate()
            .find(|(_, l)| {
                let units = l.units();
                // Identical neurons of a dense layer: a layer with nothing
                // to learn (pooling, flatten) has no rows to compare.
                units >= 2
                    && l.as_dense().is_some()
                    && l.parameters().all(|p| {
                        let row = |j: usize| &p.value[j * p.cols..(j + 1) * p.cols];
                        p.rows == units && (1..units).all(|j| row(j) == row(0))
                    })
            })
            .map(|(layer, l)| Finding::SymmetricUnits {
                layer,
                neurons: l.units(),
            })
    }

    fn overfitting(&self, rows: usize) -> Option<Finding> {
        let history = self.loss_history();
        let at = |i: usize, c: usize| history.row(i)[c];
        if rows < 10 || at(rows - 1, col::TEST_LOSS).is_nan() {
            return None;
        }
        let (best_i, best_test) = (0..rows)
            .map(|i| (i, at(i, col::TEST_LOSS)))
            .min_by(|a, b| a.1.total_cmp(&b.1))?;
        let test = at(rows - 1, col::TEST_LOSS);
        let train = at(rows - 1, col::TRAIN_LOSS);
        let rising = best_i + 3 < rows
            && test > 1.1 * best_test
            && test - best_test > 0.01
            && train < at(best_i, col::TRAIN_LOSS);
        let near_zero = train < 0.01 && test > 0.1 && test > 5.0 * train;
        // A gap that matters: the test accuracy lags the training accuracy
        // by 5 points or more (classes), or the test loss is twice the
        // training loss (regression).
        let (train_accuracy, test_accuracy) = (
            at(rows - 1, col::TRAIN_ACCURACY),
            at(rows - 1, col::TEST_ACCURACY),
        );
        let gap = if train_accuracy.is_nan() || test_accuracy.is_nan() {
            test > 2.0 * train && test - train > 0.05
        } else {
            train_accuracy - test_accuracy >= 0.05
        };
        (gap && (rising || near_zero)).then_some(Finding::Overfitting {
            train,
            test,
            best_test,
            rising,
        })
    }

    fn vanishing_gradients(&self) -> Option<Finding> {
        let layers = self.network.layers();
        // Vanishing is the fade through many layers: three hidden ones or more.
        if layers.len() < 4 || self.config.mode != Mode::Network {
            return None;
        }
        let ratio = self.gradient_ratio()?;
        let activation = layers[0].activation();
        // Exactly 0 is no gradient at all (dead or saturated units, which
        // have their own findings), not a fading one.
        (ratio > 0.0 && ratio < 0.01).then_some(Finding::VanishingGradients {
            ratio,
            activation,
            max_derivative: activation.max_derivative(),
        })
    }

    /// Mean |∂L/∂W| of the first layer over that of the output layer,
    /// averaged over the last ten recorded steps.
    pub fn gradient_ratio(&self) -> Option<f32> {
        let history = self.gradient_history();
        let rows = history.len();
        if rows == 0 {
            return None;
        }
        let last_layer = self.network.layers().len() - 1;
        let (mut first, mut last) = (0.0, 0.0);
        for i in rows.saturating_sub(10)..rows {
            first += history.row(i)[0];
            last += history.row(i)[2 * last_layer];
        }
        (last > 0.0).then_some(first / last)
    }

    fn unit_findings(&self) -> Vec<Finding> {
        // Dead or saturated units are a cause to look for when a run is
        // stuck; in a run that has learned its data they are no problem,
        // and a warning there would contradict what the learner sees.
        let summary = self.summary();
        let learned = match summary.train_accuracy {
            Some(accuracy) => accuracy >= 0.95,
            None => summary.train_loss < 0.01,
        };
        if learned {
            return Vec::new();
        }
        #[allow(unused_mut)]
        let mut health = self.unit_health();
        // A convolution's "units" are the pixels of its maps: a blank
        // border of the digits leaves a ReLU pixel at 0 on every image
        // without anything being wrong. The checklist counts neurons.
        #[cfg(feature = "images")]
        health.retain(|h| {
            let layers = self.network.layers();
            layers.get(h.layer).is_some_and(|l| l.as_dense().is_some())
        });
        let mut out = Vec::new();
        let relus = health
            .iter()
            .filter(|h| h.activation == Activation::Relu)
            .count();
        let dead = health.iter().filter(|h| h.is_dead()).count();
        if dead > 0 {
            out.push(Finding::DeadRelus { dead, relus });
        }
        let squashing = health.iter().filter(|h| h.activation.saturates()).count();
        let saturated = health.iter().filter(|h| h.is_saturated()).count();
        if saturated > 0 && 2 * saturated >= squashing {
            out.push(Finding::SaturatedUnits {
                saturated,
                squashing,
            });
        }
        out
    }

    fn unnormalized_inputs(&self) -> Option<Finding> {
        if self.config.normalize {
            return None;
        }
        let mut largest: Option<(f32, Feature)> = None;
        for &f in self.features.features() {
            for p in self.data.train.points() {
                let v = f.value(p.x1, p.x2).abs();
                if largest.is_none_or(|(l, _)| v > l) {
                    largest = Some((v, f));
                }
            }
        }
        let (largest, feature) = largest?;
        (largest > 10.0).then_some(Finding::InputsNotNormalized { feature, largest })
    }
}
