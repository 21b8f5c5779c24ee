//! Loss functions: one number that says how wrong the network is.
//!
//! For a batch of `n` samples with `k` outputs each, predictions `a` and
//! targets `y`, every loss is averaged over the batch. Beside each value is
//! its gradient `∂L/∂a`, where backpropagation starts.
//!
//! | loss                        | L                                        | ∂L/∂a                       |
//! |-----------------------------|------------------------------------------|-----------------------------|
//! | `Mse`                       | 1/(nk) Σ (a − y)²                        | 2(a − y) / (nk)             |
//! | `Mae`                       | 1/(nk) Σ \|a − y\|                       | sign(a − y) / (nk)          |
//! | `Rmse`                      | √MSE                                     | (a − y) / (nk · RMSE)       |
//! | `BinaryCrossEntropy`        | −1/n Σ [y ln a + (1 − y) ln(1 − a)]      | (a − y) / (a(1 − a)) / n    |
//! | `CategoricalCrossEntropy`   | −1/n Σ_s Σ_k y_k ln a_k                  | −y / a / n                  |
//!
//! Cross-entropy after a sigmoid (or a softmax) has the famous simple
//! combined gradient `∂L/∂z = (a − y)/n`: the `a(1 − a)` of the sigmoid
//! cancels, so a confidently wrong output still learns fast. The network uses
//! that combined form (see `network/mod.rs`). With MSE the `a(1 − a)` stays, so a
//! saturated, wrong sigmoid output learns slowly.
//!
//! The value of those two pairs is computed from the logits `z` (the output
//! layer's weighted sums), as PyTorch's `BCEWithLogitsLoss` and
//! `CrossEntropyLoss` do, in `f64`:
//!
//! ```text
//! binary:       −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = max(z, 0) − z·y + ln(1 + e^(−|z|))
//! categorical:  −Σ_k y_k ln softmax(z)_k            = Σ_k y_k (logsumexp(z) − z_k)
//! ```
//!
//! From the probabilities instead, `1 − σ(20)` is 0 in `f32` and the loss of a
//! confidently wrong point would have to be clamped (to 16.1 for ε = 10⁻⁷):
//! the learner would be shown a wrong number exactly where cross-entropy
//! matters most. See [`Loss::value_of_output`].

use crate::{Activation, Matrix};

/// Probabilities are clamped to `[EPS, 1 − EPS]` before a logarithm.
const EPS: f32 = 1e-7;

/// How the error between prediction and target is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Loss {
    /// Mean squared error.
    Mse,
    /// Mean absolute error: less swayed by outliers, constant-size gradient.
    Mae,
    /// Root mean squared error: MSE in the units of the target.
    Rmse,
    /// Binary cross-entropy, for one sigmoid output and 0/1 labels.
    BinaryCrossEntropy,
    /// Categorical cross-entropy, for a softmax output and one-hot labels.
    CategoricalCrossEntropy,
}

impl Loss {
    /// Every loss, in menu order.
    pub const ALL: [Loss; 5] = [
        Loss::Mse,
        Loss::BinaryCrossEntropy,
        Loss::CategoricalCrossEntropy,
        Loss::Mae,
        Loss::Rmse,
    ];

    /// The name used in configs and URLs ("binaryCrossEntropy").
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::Mae => "mae",
            Loss::Rmse => "rmse",
            Loss::BinaryCrossEntropy => "binaryCrossEntropy",
            Loss::CategoricalCrossEntropy => "categoricalCrossEntropy",
        }
    }

    /// The loss of predictions `a` against targets `y` (same shape,
    /// outputs × samples), averaged over the batch. Cells beyond the
    /// smaller of two mismatched matrices are left out.
    ///
    /// ```
    /// use nnplay_core::{Loss, Matrix};
    /// let a = Matrix::from_vec(1, 2, vec![0.5, 1.0]).unwrap();
    /// let y = Matrix::from_vec(1, 2, vec![1.0, 1.0]).unwrap();
    /// assert_eq!(Loss::Mse.value(&a, &y), 0.125);
    /// assert_eq!(Loss::Mae.value(&a, &y), 0.25);
    /// ```
    pub fn value(self, a: &Matrix, y: &Matrix) -> f32 {
        let n = a.cols().max(1) as f64;
        let nk = (a.cols() * a.rows()).max(1) as f64;
        let pairs = a.as_slice().iter().zip(y.as_slice());
        match self {
            Loss::Mse => pairs.map(|(&a, &y)| sq(a - y)).sum::<f64>() / nk,
            Loss::Mae => pairs.map(|(&a, &y)| ((a - y) as f64).abs()).sum::<f64>() / nk,
            Loss::Rmse => libm::sqrt(pairs.map(|(&a, &y)| sq(a - y)).sum::<f64>() / nk),
            Loss::BinaryCrossEntropy => {
                -pairs
                    .map(|(&a, &y)| {
                        let a = a.clamp(EPS, 1.0 - EPS) as f64;
                        let y = y as f64;
                        y * libm::log(a) + (1.0 - y) * libm::log(1.0 - a)
                    })
                    .sum::<f64>()
                    / n
            }
            Loss::CategoricalCrossEntropy => {
                -pairs
                    .map(|(&a, &y)| y as f64 * libm::log(a.clamp(EPS, 1.0) as f64))
                    .sum::<f64>()
                    / n
            }
        }
        .min(f32::MAX as f64) as f32
    }

    /// The loss of an output layer with activation `f`, weighted sums `z`
    /// and outputs `a = f(z)` against targets `y`: from the logits for
    /// sigmoid + binary cross-entropy and softmax + categorical
    /// cross-entropy (exact even for |z| of 80), otherwise [`Loss::value`].
    ///
    /// ```
    /// use nnplay_core::{Activation, Loss, Matrix};
    /// // A confidently wrong output: z = −30 for a point of class 1.
    /// let z = Matrix::from_vec(1, 1, vec![-30.0]).unwrap();
    /// let a = Matrix::from_vec(1, 1, vec![nnplay_core::activation::sigmoid(-30.0)]).unwrap();
    /// let y = Matrix::from_vec(1, 1, vec![1.0]).unwrap();
    /// let loss = Loss::BinaryCrossEntropy.value_of_output(Activation::Sigmoid, &z, &a, &y);
    /// assert!((loss - 30.0).abs() < 1e-5); // −ln σ(−30) = 30.000000000000092
    /// ```
    pub fn value_of_output(self, f: Activation, z: &Matrix, a: &Matrix, y: &Matrix) -> f32 {
        let n = z.cols().max(1) as f64;
        let value = match (f, self) {
            (Activation::Sigmoid, Loss::BinaryCrossEntropy) => {
                z.as_slice()
                    .iter()
                    .zip(y.as_slice())
                    .map(|(&z, &y)| {
                        let (z, y) = (z as f64, y as f64);
                        z.max(0.0) - z * y + libm::log1p(libm::exp(-z.abs()))
                    })
                    .sum::<f64>()
                    / n
            }
            (Activation::Softmax, Loss::CategoricalCrossEntropy) => {
                let k = z.rows();
                let mut sum = 0.0f64;
                for s in 0..z.cols() {
                    let max = (0..k).map(|r| z.at(r, s) as f64).fold(f64::MIN, f64::max);
                    let lse =
                        max + libm::log((0..k).map(|r| libm::exp(z.at(r, s) as f64 - max)).sum());
                    sum += (0..k)
                        .map(|r| y.at(r, s) as f64 * (lse - z.at(r, s) as f64))
                        .sum::<f64>();
                }
                sum / n
            }
            _ => return self.value(a, y),
        };
        value.min(f32::MAX as f64) as f32
    }

    /// Writes `∂L/∂a` into `grad` (reshaped to the shape of `a`).
    pub fn gradient(self, a: &Matrix, y: &Matrix, grad: &mut Matrix) {
        grad.reshape(a.rows(), a.cols());
        let n = a.cols().max(1) as f32;
        let nk = (a.cols() * a.rows()).max(1) as f32;
        let rmse = if self == Loss::Rmse {
            self.value(a, y)
        } else {
            0.0
        };
        let out = grad.as_mut_slice();
        for ((g, &a), &y) in out.iter_mut().zip(a.as_slice()).zip(y.as_slice()) {
            *g = match self {
                Loss::Mse => 2.0 * (a - y) / nk,
                Loss::Mae => sign(a - y) / nk,
                Loss::Rmse => {
                    if rmse > 0.0 {
                        (a - y) / (nk * rmse)
                    } else {
                        0.0
                    }
                }
                Loss::BinaryCrossEntropy => {
                    let a = a.clamp(EPS, 1.0 - EPS);
                    (a - y) / (a * (1.0 - a)) / n
                }
                Loss::CategoricalCrossEntropy => -y / a.clamp(EPS, 1.0) / n,
            };
        }
    }
}

fn sq(d: f32) -> f64 {
    let d = d as f64;
    d * d
}

fn sign(d: f32) -> f32 {
    if d > 0.0 {
        1.0
    } else if d < 0.0 {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn gradients_match_finite_differences() {
        let a0 = Matrix::from_vec(2, 3, vec![0.2, 0.7, 0.4, 0.9, 0.35, 0.6]).expect("shape");
        let y = Matrix::from_vec(2, 3, vec![0.0, 1.0, 1.0, 0.0, 1.0, 0.0]).expect("shape");
        for loss in Loss::ALL {
            let mut g = Matrix::default();
            loss.gradient(&a0, &y, &mut g);
            for i in 0..6 {
                let h = 1e-3;
                let mut up = a0.clone();
                up.as_mut_slice()[i] += h;
                let mut down = a0.clone();
                down.as_mut_slice()[i] -= h;
                let numeric = (loss.value(&up, &y) - loss.value(&down, &y)) / (2.0 * h);
                let analytic = g.as_slice()[i];
                assert!(
                    (numeric - analytic).abs() < 1e-3 + 1e-2 * analytic.abs(),
                    "{loss:?}[{i}]: numeric {numeric}, analytic {analytic}"
                );
            }
        }
    }

    #[test]
    fn known_values() {
        let a = Matrix::from_vec(1, 2, vec![0.8, 0.4]).expect("shape");
        let y = Matrix::from_vec(1, 2, vec![1.0, 0.0]).expect("shape");
        let bce = -(0.8f64.ln() + 0.6f64.ln()) / 2.0;
        assert!((Loss::BinaryCrossEntropy.value(&a, &y) as f64 - bce).abs() < 1e-6);
        assert!((Loss::Rmse.value(&a, &y) - 0.1f32.sqrt()).abs() < 1e-6);
        // A perfect prediction costs nothing, and RMSE's gradient is 0 there.
        let mut g = Matrix::default();
        Loss::Rmse.gradient(&y, &y, &mut g);
        assert!(g.as_slice().iter().all(|&v| v == 0.0));
        assert_eq!(Loss::Mse.value(&y, &y), 0.0);
    }
}
