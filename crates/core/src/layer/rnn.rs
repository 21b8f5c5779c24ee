//! The simple recurrent layer (Elman): one state carried through time.
//!
//! A sequence `x_1 … x_T` (each `x_t` a step's inputs) is read in order. The
//! layer's state `h` starts at 0 and each step mixes the step's inputs with
//! the state so far:
//!
//! ```text
//! h_t = tanh(W_ih · x_t + b_ih + W_hh · h_t−1 + b_hh)        h_0 = 0
//! ```
//!
//! The same weights serve every step; what the layer hands on is the last
//! state, `h_T`, which has seen the whole sequence in its order. (The two
//! biases add up to one; they are kept apart because PyTorch's `nn.RNN`
//! has both, so an exported run continues with the same parameters.)
//!
//! Backpropagation through time runs the steps backwards. Given
//! `∂L/∂h_T` from the layer above,
//!
//! ```text
//! δ_t       = ∂L/∂h_t ⊙ (1 − h_t²)              (tanh' from its output)
//! ∂L/∂h_t−1 = W_hhᵀ · δ_t
//! ∂L/∂W_ih  = Σ_t δ_t · x_tᵀ      ∂L/∂W_hh = Σ_t δ_t · h_t−1ᵀ
//! ∂L/∂b_ih  = ∂L/∂b_hh = Σ_t Σ_samples δ_t
//! ```
//!
//! so the gradient that reaches step `t` has passed through `T − t`
//! factors of `tanh'` (at most 1, usually much less) times `W_hh`: over a
//! long sequence it fades, and the first steps barely learn. That is the
//! vanishing gradient through time, which [`Rnn::step_gradients`] records
//! (the mean `|∂L/∂h_t|` of each step).

use super::unroll::{block, block_mut, mean_abs, side_by_side, transposed_blocks};
use super::{LayerTrace, Parameter, ParameterMut, RecurrentTensors};
use crate::matrix::{affine_block, transposed_product_block};
use crate::{Init, InputShape, Matrix, Rng};
use alloc::vec;
use alloc::vec::Vec;

/// A simple recurrent layer's shape, parameters and their gradients.
#[derive(Debug, Clone)]
pub struct Rnn {
    /// Time steps of the sequences it reads.
    steps: usize,
    /// `W_ih`, `W_hh`, `b_ih`, `b_hh` and their gradients.
    pub tensors: RecurrentTensors,
    /// Mean `|∂L/∂h_t|` of each step `t = 1 … T` in the last backward pass.
    step_gradients: Vec<f32>,
    scratch: Scratch,
}

/// The backward pass's buffers, kept so a step allocates nothing once it
/// has seen its largest batch.
#[derive(Debug, Clone, Default)]
struct Scratch {
    /// `∂L/∂h` of the step being undone.
    dh: Matrix,
    /// Every step's `δ_t`, step after step (`T · H × n`).
    deltas: Matrix,
    /// The same, side by side (`H × T·n`).
    wide: Matrix,
    /// The inputs, or the states before each step, transposed by step.
    tall: Matrix,
}

impl Rnn {
    /// `units` units reading sequences of `steps` steps of `inputs` values,
    /// initialized by `init` (times `scale`).
    pub fn new(
        steps: usize,
        inputs: usize,
        units: usize,
        init: Init,
        scale: f32,
        rng: &mut Rng,
    ) -> Self {
        Rnn {
            steps,
            tensors: RecurrentTensors::new(1, inputs, units, init, scale, rng),
            step_gradients: vec![0.0; steps],
            scratch: Scratch::default(),
        }
    }

    /// Number of units (the size of the state).
    pub fn units(&self) -> usize {
        self.tensors.weight_ih.rows()
    }

    /// The shape of one input sample.
    pub fn input_shape(&self) -> InputShape {
        InputShape::Sequence {
            steps: self.steps,
            inputs: self.tensors.weight_ih.cols(),
        }
    }

    /// Mean `|∂L/∂h_t|` of each step of the last backward pass, first
    /// step first.
    pub fn step_gradients(&self) -> &[f32] {
        &self.step_gradients
    }

    /// Runs the steps: `trace.work` receives every state (`h_0 = 0`, then
    /// `h_1 … h_T`, blocks of units × samples; one more block after them
    /// holds a step's `W_hh · h_t−1 + b_hh` on its way) and `Z = A = h_T`.
    pub(super) fn forward(&self, input: &Matrix, trace: &mut LayerTrace) {
        let (n, h, i) = (input.cols(), self.units(), self.tensors.weight_ih.cols());
        let (steps, x) = (self.steps, input.as_slice());
        let states = &mut trace.work;
        states.reshape((steps + 2) * h, n);
        block_mut(states.as_mut_slice(), 0, h * n).fill(0.0);
        for t in 0..steps {
            let (before, after) = states.as_mut_slice().split_at_mut((t + 1) * h * n);
            let previous = block(before, t, h * n);
            let (next, rest) = after.split_at_mut(h * n);
            let recurrent = block_mut(rest, steps - t - 1, h * n);
            affine_block(
                next,
                &self.tensors.weight_ih,
                block(x, t, i * n),
                n,
                Some(&self.tensors.bias_ih),
            );
            affine_block(
                recurrent,
                &self.tensors.weight_hh,
                previous,
                n,
                Some(&self.tensors.bias_hh),
            );
            for (s, &r) in next.iter_mut().zip(&*recurrent) {
                *s = crate::activation::tanh(*s + r);
            }
        }
        for m in [&mut trace.z, &mut trace.a] {
            m.reshape(h, n);
            m.as_mut_slice()
                .copy_from_slice(block(states.as_slice(), steps, h * n));
        }
    }

    /// Backpropagation through time from `delta` (`∂L/∂h_T`), with the
    /// states the forward pass left in `states`: every gradient, each
    /// step's `|∂L/∂h_t|`. A recurrent layer reads the network's inputs (it
    /// comes first), so no layer below asks for `∂L/∂x`.
    pub(super) fn backward(&mut self, input: &Matrix, states: &Matrix, delta: &Matrix) {
        let (n, h, i) = (input.cols(), self.units(), self.tensors.weight_ih.cols());
        let steps = self.steps;
        let Scratch {
            dh,
            deltas,
            wide,
            tall,
        } = &mut self.scratch;
        dh.reshape(h, n);
        dh.as_mut_slice().copy_from_slice(delta.as_slice());
        deltas.reshape(steps * h, n);
        for t in (0..steps).rev() {
            self.step_gradients[t] = mean_abs(dh.as_slice());
            let state = block(states.as_slice(), t + 1, h * n);
            let d = block_mut(deltas.as_mut_slice(), t, h * n);
            for ((d, &g), &s) in d.iter_mut().zip(dh.as_slice()).zip(state) {
                *d = g * (1.0 - s * s);
            }
            if t > 0 {
                transposed_product_block(dh.as_mut_slice(), &self.tensors.weight_hh, d, n);
            }
        }
        side_by_side(deltas.as_slice(), steps, h, n, wide);
        transposed_blocks(input.as_slice(), steps, i, n, tall);
        self.tensors.grad_weight_ih.assign_product(wide, tall);
        transposed_blocks(states.as_slice(), steps, h, n, tall);
        self.tensors.grad_weight_hh.assign_product(wide, tall);
        for (j, g) in self.tensors.grad_bias_ih.iter_mut().enumerate() {
            *g = wide.row(j).iter().sum();
        }
        self.tensors
            .grad_bias_hh
            .copy_from_slice(&self.tensors.grad_bias_ih);
    }

    /// The four tensors (see [`RecurrentTensors::parameters`]).
    pub(super) fn parameters(&self) -> [Parameter<'_>; 4] {
        self.tensors.parameters()
    }

    /// The four tensors, the values writable.
    pub(super) fn parameters_mut(&mut self) -> [ParameterMut<'_>; 4] {
        self.tensors.parameters_mut()
    }

    /// Sets every gradient to zero.
    pub(super) fn clear_gradients(&mut self) {
        self.tensors.clear_gradients();
        self.step_gradients.fill(0.0);
    }
}
