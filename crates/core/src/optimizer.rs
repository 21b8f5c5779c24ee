//! Gradient descent and its refinements: how the gradients move the weights.
//!
//! With learning rate `η` and gradient `g = ∂L/∂w` (plus the regularization
//! term, weights only, never biases):
//!
//! | optimizer  | update                                                              |
//! |------------|---------------------------------------------------------------------|
//! | `Sgd`      | w ← w − η g                                                         |
//! | `Momentum` | v ← β v + g;  w ← w − η v                       (β = 0.9)           |
//! | `Adam`     | m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;                             |
//! |            | w ← w − η m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)   (0.9, 0.999, 10⁻⁸) |
//!
//! | regularization | added to the loss   | added to g      | effect                         |
//! |----------------|---------------------|-----------------|--------------------------------|
//! | `L1`           | λ Σ \|w\|           | λ sign(w)       | drives useless weights to 0    |
//! | `L2`           | λ/2 Σ w²            | λ w             | keeps every weight small       |
//!
//! Too large an `η` overshoots the minimum and the loss grows or turns NaN;
//! too small an `η` crawls.

use crate::layer::Layer;
use alloc::vec::Vec;

/// The update rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Optimizer {
    /// Plain stochastic gradient descent.
    Sgd,
    /// SGD with momentum 0.9: a ball rolling downhill.
    Momentum,
    /// Adam: per-weight step sizes from running gradient moments.
    Adam,
}

/// A penalty on large weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Regularization {
    /// No penalty.
    None,
    /// Lasso: λ Σ |w|.
    L1,
    /// Ridge / weight decay: λ/2 Σ w².
    L2,
}

impl Optimizer {
    /// Every optimizer, in menu order.
    pub const ALL: [Optimizer; 3] = [Optimizer::Sgd, Optimizer::Momentum, Optimizer::Adam];
}

impl Regularization {
    /// Every regularization, in menu order.
    pub const ALL: [Regularization; 3] =
        [Regularization::None, Regularization::L1, Regularization::L2];
}

const MOMENTUM: f32 = 0.9;
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const ADAM_EPS: f32 = 1e-8;

/// The optimizer's memory for one parameter tensor (velocities, or Adam's
/// first and second moments), the tensor's size.
#[derive(Debug, Clone)]
struct Moments {
    first: Vec<f32>,
    second: Vec<f32>,
}

/// An optimizer with its per-parameter state, sized for one network. It
/// sees the network as its list of parameter tensors ([`Layer::parameters`])
/// and knows nothing of the layers' kinds.
#[derive(Debug, Clone)]
pub struct OptimizerState {
    kind: Optimizer,
    steps: u32,
    /// One per parameter tensor, in the network's order.
    moments: Vec<Moments>,
}

impl OptimizerState {
    /// Fresh state (zero velocities and moments) for the parameters of `layers`.
    pub fn new(kind: Optimizer, layers: &[Layer]) -> Self {
        let moments = layers
            .iter()
            .flat_map(|l| l.parameters())
            .map(|p| Moments {
                first: alloc::vec![0.0; p.value.len()],
                second: alloc::vec![0.0; p.value.len()],
            })
            .collect();
        OptimizerState {
            kind,
            steps: 0,
            moments,
        }
    }

    /// The update rule.
    pub fn kind(&self) -> Optimizer {
        self.kind
    }

    /// Updates made so far (Adam's `t`).
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The memory of each parameter tensor, in the network's order: the
    /// first moment (momentum's velocity, Adam's `m`) and the second
    /// (Adam's `v`).
    pub fn moments(&self) -> impl Iterator<Item = (&[f32], &[f32])> {
        self.moments
            .iter()
            .map(|m| (m.first.as_slice(), m.second.as_slice()))
    }

    /// True if a step is plain SGD (no momentum, no penalty): the update
    /// a one-sample step of a dense stack fuses into its backward pass.
    pub(crate) fn is_plain_sgd(&self, reg: Regularization) -> bool {
        self.kind == Optimizer::Sgd && reg == Regularization::None
    }

    /// Counts a step whose update was made elsewhere (see
    /// [`OptimizerState::is_plain_sgd`]).
    pub(crate) fn count_step(&mut self) {
        self.steps = self.steps.saturating_add(1);
    }

    /// Applies one update to every parameter from the gradients the last
    /// backward pass left in `layers` (the layers this state was made for;
    /// tensors beyond those are left alone); weight decay applies to the
    /// tensors that ask for it (weights, not biases). Returns false if a
    /// parameter is now NaN or infinite (checked in the same pass).
    pub fn step(
        &mut self,
        layers: &mut [Layer],
        learning_rate: f32,
        reg: Regularization,
        reg_rate: f32,
    ) -> bool {
        self.steps = self.steps.saturating_add(1);
        // Plain SGD, the common case, needs no moments.
        let plain = self.kind == Optimizer::Sgd && reg == Regularization::None;
        let t = if plain {
            1
        } else {
            self.steps.min(1_000_000) as i32
        };
        let rule = Rule {
            kind: self.kind,
            lr: learning_rate,
            // Adam's bias corrections (no `powf` for plain SGD).
            correction1: if plain {
                1.0
            } else {
                1.0 - libm::powf(BETA1, t as f32)
            },
            correction2: if plain {
                1.0
            } else {
                1.0 - libm::powf(BETA2, t as f32)
            },
        };
        // Each tensor is checked for finiteness in the pass that updates it.
        let mut finite = true;
        let mut moments = self.moments.iter_mut();
        for layer in layers.iter_mut() {
            for p in layer.parameters_mut() {
                let Some(m) = moments.next() else {
                    return finite;
                };
                finite &= if plain {
                    sgd(p.value, p.gradient, learning_rate)
                } else if p.decays {
                    rule.apply(p.value, p.gradient, m, |w| {
                        penalty_gradient(reg, reg_rate, w)
                    })
                } else {
                    // x + (−0) is x for every x, −0 and NaN included.
                    rule.apply(p.value, p.gradient, m, |_| -0.0)
                };
            }
        }
        finite
    }
}

/// `p ← p − lr · g` over one slice; false if a result is not finite.
fn sgd(params: &mut [f32], grads: &[f32], lr: f32) -> bool {
    let mut bad = false;
    for (p, &g) in params.iter_mut().zip(grads) {
        *p -= lr * g;
        bad |= !p.is_finite();
    }
    !bad
}

/// `∂/∂w` of the regularization term.
fn penalty_gradient(reg: Regularization, rate: f32, w: f32) -> f32 {
    match reg {
        Regularization::None => 0.0,
        Regularization::L1 => {
            if w > 0.0 {
                rate
            } else if w < 0.0 {
                -rate
            } else {
                0.0
            }
        }
        Regularization::L2 => rate * w,
    }
}

struct Rule {
    kind: Optimizer,
    lr: f32,
    correction1: f32,
    correction2: f32,
}

impl Rule {
    /// Moves every value of one tensor by the rule, its gradient plus
    /// `penalty(value)` (weight decay; biases get none); false if a value
    /// is now not finite.
    #[inline]
    fn apply(
        &self,
        values: &mut [f32],
        gradients: &[f32],
        m: &mut Moments,
        penalty: impl Fn(f32) -> f32,
    ) -> bool {
        let mut bad = false;
        let moments = m.first.iter_mut().zip(m.second.iter_mut());
        for ((w, &g), (m1, m2)) in values.iter_mut().zip(gradients).zip(moments) {
            *w -= self.delta(g + penalty(*w), m1, m2);
            bad |= !w.is_finite();
        }
        !bad
    }

    /// How much to subtract from a parameter with gradient `g`, updating its
    /// first and second moments.
    #[inline]
    fn delta(&self, g: f32, m1: &mut f32, m2: &mut f32) -> f32 {
        match self.kind {
            Optimizer::Sgd => self.lr * g,
            Optimizer::Momentum => {
                *m1 = MOMENTUM * *m1 + g;
                self.lr * *m1
            }
            Optimizer::Adam => {
                *m1 = BETA1 * *m1 + (1.0 - BETA1) * g;
                *m2 = BETA2 * *m2 + (1.0 - BETA2) * g * g;
                let m_hat = *m1 / self.correction1;
                let v_hat = *m2 / self.correction2;
                self.lr * m_hat / (libm::sqrtf(v_hat) + ADAM_EPS)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Activation, Init, Rng};

    use crate::layer::Dense;

    fn one_weight_layer(w: f32, g: f32) -> Layer {
        let mut layer = Dense::new(1, 1, Activation::Linear, Init::Zeros, 1.0, &mut Rng::new(0));
        layer.weights.put(0, 0, w);
        layer.grad_weights.put(0, 0, g);
        Layer::Dense(layer)
    }

    fn weight(layers: &[Layer]) -> f32 {
        layers[0].parameters().next().expect("weights").value[0]
    }

    #[test]
    fn each_rule_moves_a_weight_as_its_formula_says() {
        let mut layers = [one_weight_layer(1.0, 0.5)];
        let mut sgd = OptimizerState::new(Optimizer::Sgd, &layers);
        sgd.step(&mut layers, 0.1, Regularization::None, 0.0);
        assert!((weight(&layers) - 0.95).abs() < 1e-7);

        let mut layers = [one_weight_layer(1.0, 0.5)];
        let mut momentum = OptimizerState::new(Optimizer::Momentum, &layers);
        momentum.step(&mut layers, 0.1, Regularization::None, 0.0);
        momentum.step(&mut layers, 0.1, Regularization::None, 0.0);
        // v1 = 0.5, v2 = 0.9·0.5 + 0.5 = 0.95; w = 1 − 0.05 − 0.095
        assert!((weight(&layers) - 0.855).abs() < 1e-6);

        let mut layers = [one_weight_layer(1.0, 0.5)];
        let mut adam = OptimizerState::new(Optimizer::Adam, &layers);
        adam.step(&mut layers, 0.1, Regularization::None, 0.0);
        // Adam's first step is η · sign(g), whatever the size of g.
        assert!((weight(&layers) - 0.9).abs() < 1e-5);
    }

    #[test]
    fn regularization_pulls_weights_towards_zero() {
        for reg in [Regularization::L1, Regularization::L2] {
            let mut layers = [one_weight_layer(2.0, 0.0)];
            let mut sgd = OptimizerState::new(Optimizer::Sgd, &layers);
            sgd.step(&mut layers, 0.1, reg, 0.5);
            let expected = if reg == Regularization::L1 {
                2.0 - 0.05
            } else {
                2.0 - 0.1
            };
            assert!((weight(&layers) - expected).abs() < 1e-6, "{reg:?}");
        }
    }
}
