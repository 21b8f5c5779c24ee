//! The practitioner's checklist, turned into findings about a run.
//!
//! | symptom                                        | finding               | what to try                                   |
//! |------------------------------------------------|-----------------------|-----------------------------------------------|
//! | loss NaN or ∞                                  | `LossNotFinite`       | lower the learning rate, check data, loss     |
//! | loss rising well above its best                | `LossRising`          | lower the learning rate                       |
//! | loss flat for many epochs while still high     | `LearningTooSlow`     | raise the learning rate, a bigger network     |
//! | train loss falls, test loss rises; or ≈ 0 vs high | `Overfitting`      | fewer neurons, more data, regularization      |
//! | first layer's gradient ≪ last layer's          | `VanishingGradients`  | ReLU, Xavier/He initialization                |
//! | ReLUs that output 0 on every point             | `DeadRelus`           | lower rate, leaky ReLU, He initialization     |
//! | sigmoid/tanh units stuck on their flat ends    | `SaturatedUnits`      | normalize inputs, smaller initial weights     |
//! | one class far rarer than another               | `ClassImbalance`      | balance the data, look beyond accuracy        |
//! | inputs far larger than 1, not normalized       | `InputsNotNormalized` | turn normalization on                         |
//! | missing (NaN) or infinite values in data       | `NonFiniteInputs`     | remove or fill them                           |

use crate::config::Mode;
use crate::dataset::{Point, Task};
use crate::trainer::loss_columns as col;
use crate::Trainer;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// What a finding is about; stable names for programs (`"deadRelus"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub enum FindingCode {
    /// The loss became NaN or infinite.
    LossNotFinite,
    /// The loss climbs: steps overshoot.
    LossRising,
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
    /// Missing or infinite values in the data.
    NonFiniteInputs,
}

/// One piece of advice: what was seen, and what to try.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Finding {
    /// What kind of problem.
    pub code: FindingCode,
    /// A short, plain explanation with a suggestion.
    pub message: String,
}

fn finding(code: FindingCode, message: String) -> Finding {
    Finding { code, message }
}

/// Findings about raw data before it is used: missing or non-finite values
/// and class imbalance.
pub fn data_findings(points: &[Point], task: Task) -> Vec<Finding> {
    let mut out = Vec::new();
    let bad = points
        .iter()
        .filter(|p| !(p.x.is_finite() && p.y.is_finite() && p.label.is_finite()))
        .count();
    if bad > 0 {
        out.push(finding(
            FindingCode::NonFiniteInputs,
            format!(
                "{bad} of {} points have a missing (NaN) or infinite value. A single one turns \
                 every loss and weight into NaN: remove those points or fill in the values.",
                points.len()
            ),
        ));
    }
    let classes = match task {
        Task::Binary => 2,
        Task::Multiclass { classes } => classes,
        Task::Regression => return out,
    };
    let mut counts = alloc::vec![0usize; classes];
    for p in points {
        if p.label.is_finite() && p.label >= 0.0 {
            if let Some(c) = counts.get_mut(p.label as usize) {
                *c += 1;
            }
        }
    }
    let total: usize = counts.iter().sum();
    if total >= 10 {
        let (rare, &rare_count) = counts
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| **c)
            .unwrap_or((0, &0));
        let &most = counts.iter().max().unwrap_or(&0);
        let fair = total as f32 / classes as f32;
        if (rare_count as f32) < 0.5 * fair {
            out.push(finding(
                FindingCode::ClassImbalance,
                format!(
                    "Class {rare} has only {:.0} % of the training points. Always guessing the \
                     largest class already scores {:.0} % accuracy: balance the classes, or judge \
                     the network by how it does on the rare class.",
                    100.0 * rare_count as f32 / total as f32,
                    100.0 * most as f32 / total as f32
                ),
            ));
        }
    }
    out
}

impl Trainer {
    /// Everything the checklist finds about this run now, most urgent first.
    pub fn coach(&mut self) -> Vec<Finding> {
        let lr = self.config.learning_rate;
        let summary = self.summary();
        if summary.diverged || !summary.train_loss.is_finite() {
            return alloc::vec![finding(
                FindingCode::LossNotFinite,
                format!(
                    "The loss became NaN or infinite: the steps were so big that the weights blew up. \
                     Lower the learning rate (now {lr}), check the data for extreme values, or use a \
                     loss that suits the task. Then press Reset."
                ),
            )];
        }
        let mut out = Vec::new();
        let history = self.loss_history();
        let rows = history.len();
        let at = |i: usize, c: usize| history.row(i)[c];
        if rows >= 5 {
            let last = at(rows - 1, col::TRAIN_LOSS);
            let best = (0..rows)
                .map(|i| at(i, col::TRAIN_LOSS))
                .fold(f32::INFINITY, f32::min);
            if last > 1.5 * best && last > at(rows - 4, col::TRAIN_LOSS) && last - best > 0.01 {
                out.push(finding(
                    FindingCode::LossRising,
                    format!(
                        "The training loss is rising (best {best:.3}, now {last:.3}): the steps \
                         overshoot the minimum. Lower the learning rate (now {lr})."
                    ),
                ));
            }
        }
        if rows >= 51 && self.config.mode == Mode::Network {
            let then = at(rows - 51, col::TRAIN_LOSS);
            let now = at(rows - 1, col::TRAIN_LOSS);
            let accuracy = at(rows - 1, col::TRAIN_ACCURACY);
            let still_bad = if accuracy.is_nan() {
                now > 0.05
            } else {
                accuracy < 0.9
            };
            if still_bad && (then - now).abs() < 0.01 * then.abs() {
                out.push(finding(
                    FindingCode::LearningTooSlow,
                    format!(
                        "The loss has barely moved over the last 50 records ({then:.3} → {now:.3}) \
                         though it is still high: the learning rate (now {lr}) may be too small, or \
                         the network too small for this data."
                    ),
                ));
            }
        }
        if let Some(f) = self.overfitting(rows) {
            out.push(f);
        }
        if let Some(f) = self.vanishing_gradients() {
            out.push(f);
        }
        out.extend(self.unit_findings());
        out.extend(
            data_findings(&self.data.train, self.data.task)
                .into_iter()
                .filter(|f| f.code == FindingCode::ClassImbalance),
        );
        if let Some(f) = self.unnormalized_inputs() {
            out.push(f);
        }
        out
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
        (rising || near_zero).then(|| {
            let what = if rising {
                format!("The training loss keeps falling ({train:.3}) while the test loss rose from {best_test:.3} to {test:.3}")
            } else {
                format!("The training loss is nearly 0 ({train:.4}) but the test loss is {test:.3}")
            };
            finding(
                FindingCode::Overfitting,
                format!(
                    "{what}: the network is memorizing the training points (overfitting). Use fewer \
                     neurons or layers, more data, or L2 regularization."
                ),
            )
        })
    }

    fn vanishing_gradients(&self) -> Option<Finding> {
        let layers = self.network.layers().len();
        if layers < 3 || self.config.mode != Mode::Network {
            return None;
        }
        let ratio = self.gradient_ratio()?;
        (ratio < 0.01).then(|| {
            finding(
                FindingCode::VanishingGradients,
                format!(
                    "The first layer's weight gradients are {ratio:.0e} times the last layer's: \
                     layers near the input barely learn (vanishing gradients; sigmoid passes back at \
                     most 0.25 per layer). Use ReLU, or Xavier/He initialization."
                ),
            )
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

    fn unit_findings(&mut self) -> Vec<Finding> {
        let health = self.unit_health();
        let mut out = Vec::new();
        let relus = health
            .iter()
            .filter(|h| h.activation == crate::Activation::Relu)
            .count();
        let dead = health.iter().filter(|h| h.is_dead()).count();
        if dead > 0 {
            out.push(finding(
                FindingCode::DeadRelus,
                format!(
                    "{dead} of {relus} ReLU units output 0 for every training point, so no gradient \
                     reaches them and they can never recover (dead ReLUs). Lower the learning rate, \
                     use leaky ReLU, or He initialization."
                ),
            ));
        }
        let squashing = health.iter().filter(|h| h.activation.saturates()).count();
        let saturated = health.iter().filter(|h| h.is_saturated()).count();
        if saturated > 0 && 2 * saturated >= squashing {
            out.push(finding(
                FindingCode::SaturatedUnits,
                format!(
                    "{saturated} of {squashing} sigmoid/tanh units are saturated: on nearly every point \
                     they sit on a flat end where their slope is about 0, so they learn very slowly. \
                     Normalize the inputs or start from smaller weights."
                ),
            ));
        }
        out
    }

    fn unnormalized_inputs(&self) -> Option<Finding> {
        if self.config.normalize {
            return None;
        }
        let mut largest = (0.0f32, "");
        for f in self.features.features() {
            for p in &self.data.train {
                let v = f.value(p.x, p.y).abs();
                if v > largest.0 {
                    largest = (v, f.label());
                }
            }
        }
        (largest.0 > 10.0).then(|| {
            finding(
                FindingCode::InputsNotNormalized,
                format!(
                    "The input {} reaches {:.0}, far beyond 1: large inputs saturate units and make \
                     one learning rate too big for some weights and too small for others. Turn on \
                     normalization.",
                    largest.1, largest.0
                ),
            )
        })
    }
}
