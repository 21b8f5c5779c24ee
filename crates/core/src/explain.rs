//! Backpropagation for one point, as numbers: everything a learner needs to
//! follow one training step by hand.
//!
//! For the point `x` with target `y`, layer by layer from the input:
//!
//! ```text
//! z_j = Σ_i w_ji a_i + b_j          a_j = f(z_j)              (forward)
//! L   = loss(a_out, y)
//! δ_out = ∂L/∂z_out                  δ_j = (Σ_k w_kj δ_k) f'(z_j)   (backward, the chain rule)
//! ∂L/∂w_ji = δ_j a_i                 ∂L/∂b_j = δ_j
//! w_ji ← w_ji − η ∂L/∂w_ji                                    (gradient descent)
//! ```
//!
//! The numbers come from the same forward and backward pass that training
//! runs, on a copy of the network: a batch of this one point. So with batch
//! size 1, the gradients here are exactly those of a training step on it.

use crate::dataset::Point;
use crate::error::{Error, Result};
use crate::{Activation, Matrix, Trainer};
use alloc::vec::Vec;

/// One layer of [`Explanation`]: its parameters and what went through it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct LayerExplanation {
    /// The layer's activation `f`.
    pub activation: Activation,
    /// Its inputs `a_i` (the previous layer's outputs, or the features).
    pub inputs: Vec<f32>,
    /// `w_ji`, neuron after neuron (row-major, neurons × inputs).
    pub weights: Vec<f32>,
    /// `b_j`.
    pub biases: Vec<f32>,
    /// `z_j = Σ_i w_ji a_i + b_j`.
    pub z: Vec<f32>,
    /// `a_j = f(z_j)`.
    pub a: Vec<f32>,
    /// `f'(z_j)` (for softmax, the diagonal `a_j(1 − a_j)`).
    pub derivative: Vec<f32>,
    /// `δ_j = ∂L/∂z_j`.
    pub delta: Vec<f32>,
    /// `∂L/∂w_ji = δ_j a_i`, shaped like `weights`.
    pub grad_weights: Vec<f32>,
    /// `∂L/∂b_j = δ_j`.
    pub grad_biases: Vec<f32>,
    /// `w_ji − η ∂L/∂w_ji`: plain gradient descent's next weights.
    pub next_weights: Vec<f32>,
    /// `b_j − η ∂L/∂b_j`.
    pub next_biases: Vec<f32>,
}

/// One training step on one point, as numbers (see the module docs).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Explanation {
    /// The point as given.
    pub point: Point,
    /// The target the output is compared with (one-hot for several classes).
    pub target: Vec<f32>,
    /// The network's input features for the point (normalized if on).
    pub features: Vec<f32>,
    /// The layers, input side first; the last is the output layer.
    pub layers: Vec<LayerExplanation>,
    /// The loss of this one point.
    pub loss: f32,
    /// The loss's name (`"binaryCrossEntropy"`).
    pub loss_name: &'static str,
    /// The learning rate `η`.
    pub learning_rate: f32,
}

impl Trainer {
    /// Forward pass, loss, backward pass and gradient-descent update for the
    /// point (`x1`, `x2`) with `label`, without changing the run.
    ///
    /// ```
    /// use nnplay_core::{DatasetKind, Trainer, TrainerConfig};
    /// let mut t = Trainer::new(TrainerConfig { dataset: DatasetKind::XorTable, hidden_layers: vec![2], ..TrainerConfig::default() })?;
    /// let e = t.explain(1.0, 0.0, 1.0)?;
    /// let out = e.layers.last().unwrap();
    /// // Sigmoid + cross-entropy: δ = a − y at the output.
    /// assert!((out.delta[0] - (out.a[0] - 1.0)).abs() < 1e-6);
    /// # Ok::<(), nnplay_core::Error>(())
    /// ```
    pub fn explain(&self, x1: f32, x2: f32, label: f32) -> Result<Explanation> {
        self.check_plane("the worked step")?;
        let point = Point::checked(x1, x2, label, self.data.task)?;
        let outputs = self.outputs();
        let mut x = Matrix::zeros(self.features.len(), 1);
        self.features.write_column(x1, x2, &mut x, 0);
        let mut y = Matrix::zeros(outputs, 1);
        crate::trainer::write_target(self.data.task, point.label, &mut y, 0);
        // A copy, so the run's buffers and gradients stay as they are.
        let mut network = self.network.clone();
        network.propagate(&x);
        let loss = network.loss(&y, self.loss());
        network.backpropagate(&x, &y, self.loss());
        let eta = self.config.learning_rate;
        let mut inputs: Vec<f32> = x.as_slice().to_vec();
        let mut layers = Vec::with_capacity(network.layers().len());
        for (layer, trace) in network.layers().iter().zip(network.trace().layers()) {
            let Some(layer) = layer.as_dense() else {
                return Err(Error::incompatible(
                    "the math is worked out for networks of dense layers only",
                ));
            };
            let z = trace.pre_activations().as_slice().to_vec();
            let a = trace.outputs().as_slice().to_vec();
            let derivative = z
                .iter()
                .zip(&a)
                .map(|(&z, &a)| match layer.activation {
                    Activation::Softmax => a * (1.0 - a),
                    f => f.derivative(z, a),
                })
                .collect();
            let step = |values: &[f32], grads: &[f32]| -> Vec<f32> {
                values.iter().zip(grads).map(|(v, g)| v - eta * g).collect()
            };
            layers.push(LayerExplanation {
                activation: layer.activation,
                inputs: core::mem::replace(&mut inputs, a.clone()),
                weights: layer.weights.as_slice().to_vec(),
                biases: layer.biases.clone(),
                next_weights: step(layer.weights.as_slice(), layer.grad_weights.as_slice()),
                next_biases: step(&layer.biases, &layer.grad_biases),
                z,
                a,
                derivative,
                delta: trace.deltas().as_slice().to_vec(),
                grad_weights: layer.grad_weights.as_slice().to_vec(),
                grad_biases: layer.grad_biases.clone(),
            });
        }
        Ok(Explanation {
            point,
            target: y.as_slice().to_vec(),
            features: x.as_slice().to_vec(),
            layers,
            loss,
            loss_name: self.loss().name(),
            learning_rate: eta,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{DatasetKind, Point, Trainer, TrainerConfig};

    #[test]
    fn with_a_batch_of_one_the_gradients_are_those_of_a_training_step() {
        for activation in [crate::Activation::Tanh, crate::Activation::Relu] {
            let mut t = Trainer::new(TrainerConfig {
                dataset: DatasetKind::XorTable,
                hidden_layers: alloc::vec![3, 2],
                activation,
                batch_size: 1,
                init: crate::Init::XavierUniform,
                ..TrainerConfig::default()
            })
            .expect("valid");
            let point = Point {
                x1: 1.0,
                x2: 0.0,
                label: 1.0,
            };
            t.set_points(alloc::vec![point], alloc::vec![])
                .expect("one point");
            let e = t
                .explain(point.x1, point.x2, point.label)
                .expect("valid point");
            let before = t.to_model_json();
            t.train_step().expect("network");
            for (explained, layer) in e.layers.iter().zip(t.network().layers()) {
                let layer = layer.as_dense().expect("dense");
                assert_eq!(explained.grad_weights, layer.grad_weights.as_slice());
                assert_eq!(explained.grad_biases, layer.grad_biases);
                // SGD moved every weight exactly to `next_weights`.
                assert_eq!(explained.next_weights, layer.weights.as_slice());
            }
            assert_ne!(before, t.to_model_json());
        }
    }
}
