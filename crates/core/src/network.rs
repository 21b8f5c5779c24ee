//! The multi-layer perceptron: dense layers, the forward pass, and
//! backpropagation by the chain rule.
//!
//! A layer with weights `W` (neurons × inputs), biases `b` and activation `f`
//! maps the previous layer's outputs `A_prev` (inputs × samples) to
//!
//! ```text
//! Z = W · A_prev + b        A = f(Z)
//! ```
//!
//! Backpropagation walks the layers from the output back to the input. With
//! `δ = ∂L/∂Z` of a layer, the chain rule gives
//!
//! ```text
//! δ_out   = ∂L/∂A ⊙ f'(Z)                 (at the output; = (A − Y)/n for
//!                                           sigmoid + binary cross-entropy
//!                                           and softmax + categorical CE)
//! ∂L/∂W   = δ · A_prevᵀ                   ∂L/∂b = Σ over samples of δ
//! δ_prev  = (Wᵀ · δ) ⊙ f'_prev(Z_prev)
//! ```
//!
//! Each hidden layer multiplies the error by its `f'`; with sigmoid (f' ≤ 0.25)
//! it shrinks layer by layer, which is the vanishing gradient.
//!
//! All per-batch buffers (`Z`, `A`, `δ`, gradients) live in the layers and are
//! reshaped in place, so once a network has seen its largest batch, a forward
//! and backward pass allocate nothing.

use crate::activation::softmax_columns;
use crate::error::{check_count, Error, Result};
use crate::{Activation, Init, Loss, Matrix, Rng};
use alloc::vec;
use alloc::vec::Vec;

/// One dense layer: its parameters, their gradients, and its batch buffers.
#[derive(Debug, Clone)]
pub struct Layer {
    /// `W`, neurons × inputs: `weights.get(j, i)` links input `i` to neuron `j`.
    pub weights: Matrix,
    /// `b`, one per neuron.
    pub biases: Vec<f32>,
    /// `f`, applied to every neuron of the layer.
    pub activation: Activation,
    /// `∂L/∂W` of the last backward pass.
    pub grad_weights: Matrix,
    /// `∂L/∂b` of the last backward pass.
    pub grad_biases: Vec<f32>,
    /// `Z` of the last forward pass (neurons × samples).
    pub(crate) z: Matrix,
    /// `A = f(Z)` of the last forward pass (neurons × samples).
    pub(crate) a: Matrix,
    /// `δ = ∂L/∂Z` of the last backward pass (neurons × samples).
    pub(crate) delta: Matrix,
}

impl Layer {
    /// A layer of `neurons` neurons reading `inputs` values, initialized by `init`.
    pub fn new(
        inputs: usize,
        neurons: usize,
        activation: Activation,
        init: Init,
        scale: f32,
        rng: &mut Rng,
    ) -> Self {
        let mut weights = Matrix::zeros(neurons, inputs);
        for w in weights.as_mut_slice() {
            *w = init.weight(rng, inputs, neurons) * scale;
        }
        Layer {
            weights,
            biases: vec![init.bias() * scale; neurons],
            activation,
            grad_weights: Matrix::zeros(neurons, inputs),
            grad_biases: vec![0.0; neurons],
            z: Matrix::default(),
            a: Matrix::default(),
            delta: Matrix::default(),
        }
    }

    /// Number of neurons.
    pub fn neurons(&self) -> usize {
        self.weights.rows()
    }

    /// Number of inputs of each neuron.
    pub fn inputs(&self) -> usize {
        self.weights.cols()
    }

    /// The outputs `A` of the last forward pass (neurons × samples).
    pub fn outputs(&self) -> &Matrix {
        &self.a
    }

    /// The pre-activations `Z` of the last forward pass (neurons × samples).
    pub fn pre_activations(&self) -> &Matrix {
        &self.z
    }

    /// `δ = ∂L/∂Z` of the last backward pass (neurons × samples).
    pub fn deltas(&self) -> &Matrix {
        &self.delta
    }

    /// `Z = W·A_prev + b`, then `A = f(Z)`.
    fn forward(&mut self, input: &Matrix) {
        self.z.assign_affine(&self.weights, input, &self.biases);
        if self.activation == Activation::Softmax {
            softmax_columns(&self.z, &mut self.a);
        } else {
            self.a.reshape(self.z.rows(), self.z.cols());
            crate::activation::apply_slice(
                self.activation,
                self.z.as_slice(),
                self.a.as_mut_slice(),
            );
        }
    }

    /// `∂L/∂W = δ · A_prevᵀ` and `∂L/∂b = Σ_samples δ`, from this layer's `δ`.
    fn parameter_gradients(&mut self, input: &Matrix, scratch: &mut Matrix) {
        self.grad_weights
            .assign_product_transposed(&self.delta, input, scratch);
        for (j, g) in self.grad_biases.iter_mut().enumerate() {
            *g = self.delta.row(j).iter().sum();
        }
    }

    /// Multiplies `δ` (holding `∂L/∂A` on entry) by `f'(Z)` in place.
    fn times_activation_derivative(&mut self) {
        crate::activation::times_derivative_slice(
            self.activation,
            self.z.as_slice(),
            self.a.as_slice(),
            self.delta.as_mut_slice(),
        );
    }
}

/// A feed-forward network: a stack of dense layers, the last one the output.
#[derive(Debug, Clone)]
pub struct Network {
    inputs: usize,
    layers: Vec<Layer>,
    /// Scratch space for `∂L/∂A` at the output.
    loss_grad: Matrix,
    /// Scratch space for a layer's input, transposed (weight gradients).
    transposed: Matrix,
}

/// The sizes and activations of a network, checked by [`NetworkShape::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkShape {
    /// Number of input features.
    pub inputs: usize,
    /// `(neurons, activation)` of each hidden layer, input side first.
    pub hidden: Vec<(usize, Activation)>,
    /// Number of outputs.
    pub outputs: usize,
    /// Activation of the output layer.
    pub output_activation: Activation,
}

/// How big a network may be; the defaults keep the playground fast and clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most hidden layers (default 8).
    pub max_hidden_layers: usize,
    /// Most neurons in one hidden layer (default 16).
    pub max_neurons: usize,
    /// Most inputs (default 16).
    pub max_inputs: usize,
    /// Most classes of a multiclass task (default 8).
    pub max_classes: usize,
    /// Most data points (default 5,000).
    pub max_points: usize,
    /// Most samples in one mini-batch (default 1,000).
    pub max_batch: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_hidden_layers: 8,
            max_neurons: 16,
            max_inputs: 16,
            max_classes: 8,
            max_points: 5_000,
            max_batch: 1_000,
        }
    }
}

impl NetworkShape {
    /// Checks every size against `limits` and every activation against its place.
    pub fn validate(&self, limits: &Limits) -> Result<()> {
        check_count("the number of features", self.inputs, 1, limits.max_inputs)?;
        check_count(
            "the number of hiddenLayers",
            self.hidden.len(),
            0,
            limits.max_hidden_layers,
        )?;
        for (l, &(neurons, activation)) in self.hidden.iter().enumerate() {
            check_count(
                alloc::format!("hiddenLayers[{l}] (neurons in hidden layer {})", l + 1),
                neurons,
                1,
                limits.max_neurons,
            )?;
            if !activation.is_hidden() {
                return Err(Error::incompatible(alloc::format!(
                    "hidden layer {} cannot use {}: it has no useful gradient inside a network; \
                     use sigmoid, tanh, relu, leakyRelu or linear",
                    l + 1,
                    activation.name()
                )));
            }
        }
        check_count("the number of outputs", self.outputs, 1, limits.max_classes)?;
        Ok(())
    }
}

impl Network {
    /// Builds and initializes a network; `scale` multiplies every initial value.
    pub fn new(shape: &NetworkShape, init: Init, scale: f32, rng: &mut Rng) -> Self {
        let mut layers = Vec::with_capacity(shape.hidden.len() + 1);
        let mut fan_in = shape.inputs;
        for &(neurons, activation) in &shape.hidden {
            layers.push(Layer::new(fan_in, neurons, activation, init, scale, rng));
            fan_in = neurons;
        }
        layers.push(Layer::new(
            fan_in,
            shape.outputs,
            shape.output_activation,
            init,
            scale,
            rng,
        ));
        Network {
            inputs: shape.inputs,
            layers,
            loss_grad: Matrix::default(),
            transposed: Matrix::default(),
        }
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// The layers, input side first; the last is the output layer.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The layers, writable (for editing a weight by hand, or an optimizer).
    pub fn layers_mut(&mut self) -> &mut [Layer] {
        &mut self.layers
    }

    /// The output layer.
    pub fn output_layer(&self) -> &Layer {
        // `new` always pushes the output layer.
        &self.layers[self.layers.len() - 1]
    }

    /// Runs `x` (inputs × samples) through the network; returns the outputs
    /// (outputs × samples). Every layer keeps its `Z` and `A` for backward.
    pub fn forward(&mut self, x: &Matrix) -> Result<&Matrix> {
        if x.rows() != self.inputs {
            return Err(Error::ShapeMismatch {
                op: "the forward pass (rows of x)",
                expected: self.inputs,
                got: x.rows(),
            });
        }
        Ok(self.propagate(x))
    }

    /// [`Network::forward`] for callers whose `x` has the right shape by construction.
    pub(crate) fn propagate(&mut self, x: &Matrix) -> &Matrix {
        debug_assert_eq!(x.rows(), self.inputs);
        for l in 0..self.layers.len() {
            let (before, rest) = self.layers.split_at_mut(l);
            let input = before.last().map_or(x, |p| &p.a);
            rest[0].forward(input);
        }
        &self.output_layer().a
    }

    /// Backpropagation after [`Network::forward`] on the same `x`: fills every
    /// layer's `δ`, `∂L/∂W` and `∂L/∂b` for targets `y` under `loss`.
    pub fn backward(&mut self, x: &Matrix, y: &Matrix, loss: Loss) -> Result<()> {
        let out = self.output_layer().outputs();
        let checks = [
            ("backpropagation (rows of x)", self.inputs, x.rows()),
            (
                "backpropagation (columns of x, as in the forward pass)",
                out.cols(),
                x.cols(),
            ),
            ("backpropagation (rows of y)", out.rows(), y.rows()),
            ("backpropagation (columns of y)", out.cols(), y.cols()),
        ];
        for (op, expected, got) in checks {
            if expected != got {
                return Err(Error::ShapeMismatch { op, expected, got });
            }
        }
        self.backpropagate(x, y, loss);
        Ok(())
    }

    /// [`Network::backward`] for callers whose shapes are right by construction.
    pub(crate) fn backpropagate(&mut self, x: &Matrix, y: &Matrix, loss: Loss) {
        let last = self.layers.len() - 1;
        self.output_delta(y, loss);
        for l in (0..=last).rev() {
            let (before, rest) = self.layers.split_at_mut(l);
            let layer = &mut rest[0];
            let input = before.last().map_or(x, |p| &p.a);
            layer.parameter_gradients(input, &mut self.transposed);
            if let Some(prev) = before.last_mut() {
                // δ_prev = (Wᵀ · δ) ⊙ f'_prev(Z_prev)
                prev.delta
                    .assign_transposed_product(&layer.weights, &layer.delta);
                prev.times_activation_derivative();
            }
        }
    }

    /// `δ = ∂L/∂Z` of the output layer.
    fn output_delta(&mut self, y: &Matrix, loss: Loss) {
        let last = self.layers.len() - 1;
        let out = &mut self.layers[last];
        let n = out.a.cols().max(1) as f32;
        let fused = matches!(
            (out.activation, loss),
            (Activation::Sigmoid, Loss::BinaryCrossEntropy)
                | (Activation::Softmax, Loss::CategoricalCrossEntropy)
        );
        if fused {
            // The activation's derivative cancels against the loss's: δ = (A − Y)/n.
            out.delta.reshape(out.a.rows(), out.a.cols());
            let pairs = out.a.as_slice().iter().zip(y.as_slice());
            for (d, (&a, &y)) in out.delta.as_mut_slice().iter_mut().zip(pairs) {
                *d = (a - y) / n;
            }
            return;
        }
        loss.gradient(&out.a, y, &mut self.loss_grad);
        if out.activation == Activation::Softmax {
            // Full Jacobian: δ_k = a_k (g_k − Σ_j g_j a_j), per sample.
            out.delta.reshape(out.a.rows(), out.a.cols());
            for s in 0..out.a.cols() {
                let mut ga = 0.0;
                for k in 0..out.a.rows() {
                    ga += self.loss_grad.at(k, s) * out.a.at(k, s);
                }
                for k in 0..out.a.rows() {
                    let a = out.a.at(k, s);
                    out.delta.put(k, s, a * (self.loss_grad.at(k, s) - ga));
                }
            }
        } else {
            out.delta.reshape(out.a.rows(), out.a.cols());
            out.delta
                .as_mut_slice()
                .copy_from_slice(self.loss_grad.as_slice());
            out.times_activation_derivative();
        }
    }

    /// The loss of the last forward pass against `y`: from the output
    /// layer's logits where the loss allows (see [`Loss::value_of_output`]).
    pub fn loss(&self, y: &Matrix, loss: Loss) -> f32 {
        let out = self.output_layer();
        loss.value_of_output(out.activation, &out.z, &out.a, y)
    }

    /// True if any weight or bias is NaN or infinite (training diverged).
    pub fn has_non_finite_parameters(&self) -> bool {
        self.layers.iter().any(|l| {
            l.weights.as_slice().iter().any(|w| !w.is_finite())
                || l.biases.iter().any(|b| !b.is_finite())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(hidden: &[(usize, Activation)], outputs: usize, out: Activation) -> NetworkShape {
        NetworkShape {
            inputs: 2,
            hidden: hidden.to_vec(),
            outputs,
            output_activation: out,
        }
    }

    #[test]
    fn forward_matches_a_hand_computed_neuron() {
        let mut rng = Rng::new(1);
        let mut net = Network::new(
            &shape(&[], 1, Activation::Sigmoid),
            Init::Zeros,
            1.0,
            &mut rng,
        );
        let l = &mut net.layers_mut()[0];
        l.weights.put(0, 0, 2.0);
        l.weights.put(0, 1, -1.0);
        l.biases[0] = 0.5;
        let x = Matrix::from_vec(2, 1, vec![1.0, 3.0]).expect("shape");
        // z = 2·1 − 1·3 + 0.5 = −0.5
        let a = net.forward(&x).expect("2 inputs").at(0, 0);
        assert!((a - crate::activation::sigmoid(-0.5)).abs() < 1e-7);
    }

    #[test]
    fn inputs_of_the_wrong_shape_do_not_panic() {
        let mut rng = Rng::new(2);
        let mut net = Network::new(
            &shape(&[(3, Activation::Relu)], 2, Activation::Softmax),
            Init::He,
            1.0,
            &mut rng,
        );
        for (rows, cols) in [(1, 4), (5, 3), (0, 0), (2, 0)] {
            let x = Matrix::zeros(rows, cols);
            let y = Matrix::zeros(2, cols + 1);
            let forward = net.forward(&x).map(|_| ());
            let backward = net.backward(&x, &y, Loss::Mse);
            assert!(
                forward.is_err() || backward.is_err(),
                "{rows}×{cols} was accepted"
            );
        }
    }

    #[test]
    fn validate_rejects_what_is_out_of_bounds_with_a_message() {
        let limits = Limits::default();
        let deep = shape(&[(4, Activation::Tanh); 9], 1, Activation::Sigmoid);
        assert_eq!(
            deep.validate(&limits).map_err(|e| alloc::format!("{e}")),
            Err("the number of hiddenLayers must be a whole number from 0 to 8, got 9".into())
        );
        let wide = shape(&[(17, Activation::Tanh)], 1, Activation::Sigmoid);
        assert_eq!(
            wide.validate(&limits).map_err(|e| alloc::format!("{e}")),
            Err("hiddenLayers[0] (neurons in hidden layer 1) must be a whole number from 1 to 16, got 17".into())
        );
        let empty = shape(&[(0, Activation::Tanh)], 1, Activation::Sigmoid);
        assert!(empty.validate(&limits).is_err());
        let step = shape(&[(3, Activation::Step)], 1, Activation::Sigmoid);
        assert!(
            alloc::format!("{}", step.validate(&limits).unwrap_err()).contains("cannot use step")
        );
        assert!(shape(&[(16, Activation::Relu); 8], 1, Activation::Sigmoid)
            .validate(&limits)
            .is_ok());
    }
}
