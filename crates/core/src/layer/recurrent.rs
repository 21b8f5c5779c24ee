//! The four tensors of a recurrent layer, as PyTorch keeps them: the
//! weights reading the step's inputs and the state, and a bias for each
//! (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`), with their gradients.
//! A gated layer stacks one block of rows per gate ([`super::Gru`]: three);
//! the simple layer has one ([`super::Rnn`]).

use super::{Parameter, ParameterMut};
use crate::{Init, Matrix, Rng};
use alloc::vec;
use alloc::vec::Vec;

/// A recurrent layer's parameters and their gradients.
#[derive(Debug, Clone)]
pub struct RecurrentTensors {
    /// `W_ih`, gates·units × inputs per step.
    pub weight_ih: Matrix,
    /// `W_hh`, gates·units × units: how the state feeds the next step.
    pub weight_hh: Matrix,
    /// `b_ih`, one per row of `W_ih`.
    pub bias_ih: Vec<f32>,
    /// `b_hh`, one per row of `W_hh`.
    pub bias_hh: Vec<f32>,
    /// `∂L/∂W_ih` of the last backward pass.
    pub grad_weight_ih: Matrix,
    /// `∂L/∂W_hh` of the last backward pass.
    pub grad_weight_hh: Matrix,
    /// `∂L/∂b_ih` of the last backward pass.
    pub grad_bias_ih: Vec<f32>,
    /// `∂L/∂b_hh` of the last backward pass.
    pub grad_bias_hh: Vec<f32>,
}

impl RecurrentTensors {
    /// `gates` blocks of `units` rows reading `inputs` values and the
    /// state: `W_ih` drawn first, then `W_hh`, by `init` (fan-in the
    /// inputs, or the units), times `scale`; `b_ih` at the scheme's bias,
    /// `b_hh` at 0.
    pub(super) fn new(
        gates: usize,
        inputs: usize,
        units: usize,
        init: Init,
        scale: f32,
        rng: &mut Rng,
    ) -> Self {
        let rows = gates * units;
        let mut weight_ih = Matrix::zeros(rows, inputs);
        for w in weight_ih.as_mut_slice() {
            *w = init.weight(rng, inputs, units) * scale;
        }
        let mut weight_hh = Matrix::zeros(rows, units);
        for w in weight_hh.as_mut_slice() {
            *w = init.weight(rng, units, units) * scale;
        }
        RecurrentTensors {
            weight_ih,
            weight_hh,
            bias_ih: vec![init.bias() * scale; rows],
            bias_hh: vec![0.0; rows],
            grad_weight_ih: Matrix::zeros(rows, inputs),
            grad_weight_hh: Matrix::zeros(rows, units),
            grad_bias_ih: vec![0.0; rows],
            grad_bias_hh: vec![0.0; rows],
        }
    }

    /// `W_ih`, `W_hh` (decayed by regularization), `b_ih`, `b_hh` (not):
    /// PyTorch's `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`.
    pub(super) fn parameters(&self) -> [Parameter<'_>; 4] {
        [
            weight("weight_ih", &self.weight_ih, &self.grad_weight_ih),
            weight("weight_hh", &self.weight_hh, &self.grad_weight_hh),
            bias("bias_ih", &self.bias_ih, &self.grad_bias_ih),
            bias("bias_hh", &self.bias_hh, &self.grad_bias_hh),
        ]
    }

    /// [`RecurrentTensors::parameters`], the values writable.
    pub(super) fn parameters_mut(&mut self) -> [ParameterMut<'_>; 4] {
        let tensor = |name, value, gradient, decays| ParameterMut {
            name,
            value,
            gradient,
            decays,
        };
        [
            tensor(
                "weight_ih",
                self.weight_ih.as_mut_slice(),
                self.grad_weight_ih.as_slice(),
                true,
            ),
            tensor(
                "weight_hh",
                self.weight_hh.as_mut_slice(),
                self.grad_weight_hh.as_slice(),
                true,
            ),
            tensor("bias_ih", &mut self.bias_ih, &self.grad_bias_ih, false),
            tensor("bias_hh", &mut self.bias_hh, &self.grad_bias_hh, false),
        ]
    }

    /// Sets every gradient to zero.
    pub(super) fn clear_gradients(&mut self) {
        self.grad_weight_ih.fill(0.0);
        self.grad_weight_hh.fill(0.0);
        self.grad_bias_ih.fill(0.0);
        self.grad_bias_hh.fill(0.0);
    }
}

/// A weight tensor, decayed by regularization.
fn weight<'a>(name: &'static str, value: &'a Matrix, gradient: &'a Matrix) -> Parameter<'a> {
    Parameter {
        name,
        rows: value.rows(),
        cols: value.cols(),
        value: value.as_slice(),
        gradient: gradient.as_slice(),
        decays: true,
    }
}

/// A bias vector, not decayed.
fn bias<'a>(name: &'static str, value: &'a [f32], gradient: &'a [f32]) -> Parameter<'a> {
    Parameter {
        name,
        rows: value.len(),
        cols: 1,
        value,
        gradient,
        decays: false,
    }
}
