//! The dense (fully connected) layer: every neuron reads every input.
//!
//! With weights `W` (neurons × inputs), biases `b` and activation `f`, a
//! batch of inputs `X` (inputs × samples) becomes
//!
//! ```text
//! Z = W · X + b        A = f(Z)
//! ```
//!
//! and, given `δ = ∂L/∂Z` from the layer above, the chain rule gives
//!
//! ```text
//! ∂L/∂W = δ · Xᵀ       ∂L/∂b = Σ over samples of δ       ∂L/∂X = Wᵀ · δ
//! ```
//!
//! One neuron is the perceptron of the chapter: inputs × weights + bias,
//! then the activation; its `z = 0` is one line in the plane of its inputs.

use super::{LayerTrace, Parameter, ParameterMut, Pass};
use crate::activation::softmax_columns;
use crate::{Activation, Init, Matrix, Rng};
use alloc::vec;
use alloc::vec::Vec;

/// A dense layer's parameters and their gradients.
#[derive(Debug, Clone)]
pub struct Dense {
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
}

impl Dense {
    /// A layer of `neurons` neurons reading `inputs` values, initialized by
    /// `init` (every initial value multiplied by `scale`).
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
        Dense {
            weights,
            biases: vec![init.bias() * scale; neurons],
            activation,
            grad_weights: Matrix::zeros(neurons, inputs),
            grad_biases: vec![0.0; neurons],
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

    /// `Z = W·X + b`, then `A = f(Z)` (for a picture, `f` within 1e-4:
    /// [`crate::activation::apply_slice_for_drawing`]).
    pub(super) fn forward(&self, input: &Matrix, trace: &mut LayerTrace, pass: Pass) {
        trace.z.assign_affine(&self.weights, input, &self.biases);
        if self.activation == Activation::Softmax {
            softmax_columns(&trace.z, &mut trace.a);
        } else {
            trace.a.reshape(trace.z.rows(), trace.z.cols());
            let apply = match pass {
                Pass::Exact => crate::activation::apply_slice,
                Pass::Drawing => crate::activation::apply_slice_for_drawing,
            };
            apply(self.activation, trace.z.as_slice(), trace.a.as_mut_slice());
        }
    }

    /// `∂L/∂W = δ · Xᵀ` and `∂L/∂b = Σ_samples δ` from `delta`; then, if
    /// asked, `∂L/∂X = Wᵀ · δ` into `input_delta`.
    pub(super) fn backward(
        &mut self,
        input: &Matrix,
        delta: &Matrix,
        input_delta: Option<&mut Matrix>,
        scratch: &mut Matrix,
    ) {
        self.grad_weights
            .assign_product_transposed(delta, input, scratch);
        for (j, g) in self.grad_biases.iter_mut().enumerate() {
            *g = delta.row(j).iter().sum();
        }
        if let Some(input_delta) = input_delta {
            input_delta.assign_transposed_product(&self.weights, delta);
        }
    }

    /// The weights (decayed by regularization), then the biases (not).
    pub(super) fn parameters(&self) -> [Parameter<'_>; 2] {
        super::weights_and_biases(
            &self.weights,
            &self.grad_weights,
            &self.biases,
            &self.grad_biases,
        )
    }

    /// [`Dense::parameters`], the values writable.
    pub(super) fn parameters_mut(&mut self) -> [ParameterMut<'_>; 2] {
        super::weights_and_biases_mut(
            &mut self.weights,
            &self.grad_weights,
            &mut self.biases,
            &self.grad_biases,
        )
    }
}
