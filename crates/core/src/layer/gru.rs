//! The gated recurrent unit (GRU, Cho et al. 2014): a state with a gate
//! that decides how much of it to keep.
//!
//! Each step computes, from the step's inputs `x_t` and the state so far
//! `h_t−1` (`σ` the sigmoid, `⊙` element by element):
//!
//! ```text
//! r_t = σ(W_ir · x_t + b_ir + W_hr · h_t−1 + b_hr)            reset gate
//! z_t = σ(W_iz · x_t + b_iz + W_hz · h_t−1 + b_hz)            update gate
//! n_t = tanh(W_in · x_t + b_in + r_t ⊙ (W_hn · h_t−1 + b_hn))  candidate
//! h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_t−1                          h_0 = 0
//! ```
//!
//! Where `z_t` is near 1 the unit keeps its state and ignores the step:
//! `h_t ≈ h_t−1`. That path is also the gradient's: going back one step,
//! `∂h_t/∂h_t−1` holds the term `z_t`, a plain factor instead of the
//! simple layer's `tanh'(…) · W_hh`, so a unit that has learned to keep
//! its state also keeps the gradient flowing to the steps long before
//! (compare [`super::Rnn`]). These are PyTorch's `nn.GRU` equations, with
//! its weights stacked the same way (`W_ih` = `[W_ir; W_iz; W_in]`,
//! `W_hh` = `[W_hr; W_hz; W_hn]`, biases likewise).
//!
//! Backpropagation through time, with `g = ∂L/∂h_t` and the pre-gate sums
//! written `a_r`, `a_z`, `a_n` and `c = W_hn · h_t−1 + b_hn`:
//!
//! ```text
//! ∂L/∂a_n = g ⊙ (1 − z) ⊙ (1 − n²)
//! ∂L/∂a_z = g ⊙ (h_t−1 − n) ⊙ z(1 − z)
//! ∂L/∂a_r = ∂L/∂a_n ⊙ c ⊙ r(1 − r)
//! ∂L/∂h_t−1 = g ⊙ z + W_hhᵀ · [∂L/∂a_r; ∂L/∂a_z; ∂L/∂a_n ⊙ r]
//! ```
//!
//! and each weight's gradient is the sum over steps of its part times the
//! step's input (`x_t` for `W_ih`, `h_t−1` for `W_hh`).

use super::unroll::{block, block_mut, mean_abs, side_by_side, transposed_blocks};
use super::{LayerTrace, Parameter, ParameterMut, RecurrentTensors};
use crate::activation::{sigmoid, tanh};
use crate::matrix::{affine_block, transposed_product_block};
use crate::{Init, InputShape, Matrix, Rng};
use alloc::vec;
use alloc::vec::Vec;

/// A GRU layer's shape, parameters and their gradients.
#[derive(Debug, Clone)]
pub struct Gru {
    /// Time steps of the sequences it reads.
    steps: usize,
    /// `W_ih`, `W_hh`, `b_ih`, `b_hh` and their gradients (the gates r, z, n stacked in that order).
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
    /// Every step's `∂L/∂[a_r; a_z; a_n]` (the input side), step after step.
    input_side: Matrix,
    /// Every step's `∂L/∂[a_r; a_z; c]` (the state side), step after step.
    state_side: Matrix,
    /// One of the two, side by side (`3H × T·n`).
    wide: Matrix,
    /// The inputs, or the states before each step, transposed by step.
    tall: Matrix,
}

/// Added to the update gate's initial bias, so each unit starts leaning
/// towards keeping its state (`z ≈ σ(1) ≈ 0.73`): the practice of LSTM's
/// forget gate (Gers et al. 2000; Jozefowicz et al. 2015). Starting from
/// `z ≈ ½`, the kept path would halve the gradient at every step back,
/// and over 20 steps little would reach the first (measured: the first
/// step's mean |∂L/∂h| at the start of a run, distance 20, is about 1/1000
/// of the last step's without it, 1/15 with it).
pub const UPDATE_GATE_BIAS: f32 = 1.0;

/// Rows of one step's saved gate values: `r`, `z`, `n` and `c`.
const GATE_ROWS: usize = 4;

impl Gru {
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
        let mut tensors = RecurrentTensors::new(3, inputs, units, init, scale, rng);
        for b in &mut tensors.bias_ih[units..2 * units] {
            *b += UPDATE_GATE_BIAS;
        }
        Gru {
            steps,
            tensors,
            step_gradients: vec![0.0; steps],
            scratch: Scratch::default(),
        }
    }

    /// Number of units (the size of the state).
    pub fn units(&self) -> usize {
        self.tensors.weight_hh.cols()
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

    /// Where step `t`'s gates lie in `trace.work`: after the `T + 1`
    /// states, `GATE_ROWS · H` rows per step.
    fn gates_at(&self, t: usize, n: usize) -> usize {
        let h = self.units();
        ((self.steps + 1) * h + t * GATE_ROWS * h) * n
    }

    /// Runs the steps. `trace.work` receives every state (`h_0 = 0`, then
    /// `h_1 … h_T`, blocks of units × samples), then each step's `r`, `z`,
    /// `n` and `c`, then two blocks of 3·units × samples a step's sums
    /// pass through; `Z = A = h_T`.
    pub(super) fn forward(&self, input: &Matrix, trace: &mut LayerTrace) {
        let (n, h, i) = (input.cols(), self.units(), self.tensors.weight_ih.cols());
        let (steps, x) = (self.steps, input.as_slice());
        let work = &mut trace.work;
        work.reshape((steps + 1) * h + steps * GATE_ROWS * h + 6 * h, n);
        block_mut(work.as_mut_slice(), 0, h * n).fill(0.0);
        let hn = h * n;
        for t in 0..steps {
            let gates_at = self.gates_at(t, n);
            let sums_at = self.gates_at(steps, n);
            let (states, rest) = work.as_mut_slice().split_at_mut(gates_at);
            let (gates, rest) = rest.split_at_mut(GATE_ROWS * hn);
            let sums = &mut rest[sums_at - gates_at - GATE_ROWS * hn..];
            let (from_input, from_state) = sums.split_at_mut(3 * hn);
            affine_block(
                from_input,
                &self.tensors.weight_ih,
                block(x, t, i * n),
                n,
                Some(&self.tensors.bias_ih),
            );
            let (before, after) = states.split_at_mut((t + 1) * hn);
            let previous = block(before, t, hn);
            let next = &mut after[..hn];
            affine_block(
                &mut from_state[..3 * hn],
                &self.tensors.weight_hh,
                previous,
                n,
                Some(&self.tensors.bias_hh),
            );
            let (r, rest) = gates.split_at_mut(hn);
            let (z, rest) = rest.split_at_mut(hn);
            let (cand, c) = rest.split_at_mut(hn);
            for k in 0..hn {
                r[k] = sigmoid(from_input[k] + from_state[k]);
                z[k] = sigmoid(from_input[hn + k] + from_state[hn + k]);
                c[k] = from_state[2 * hn + k];
                cand[k] = tanh(from_input[2 * hn + k] + r[k] * c[k]);
                next[k] = (1.0 - z[k]) * cand[k] + z[k] * previous[k];
            }
        }
        for m in [&mut trace.z, &mut trace.a] {
            m.reshape(h, n);
            m.as_mut_slice()
                .copy_from_slice(block(work.as_slice(), steps, hn));
        }
    }

    /// Backpropagation through time from `delta` (`∂L/∂h_T`), with the
    /// states and gates the forward pass left in `work`. A recurrent layer
    /// reads the network's inputs (it comes first), so no layer below asks
    /// for `∂L/∂x`.
    pub(super) fn backward(&mut self, input: &Matrix, work: &Matrix, delta: &Matrix) {
        let (n, h, i) = (input.cols(), self.units(), self.tensors.weight_ih.cols());
        let (steps, hn) = (self.steps, h * n);
        let saved = work.as_slice();
        let gates_from = self.gates_at(0, n);
        let Scratch {
            dh,
            input_side,
            state_side,
            wide,
            tall,
        } = &mut self.scratch;
        dh.reshape(h, n);
        dh.as_mut_slice().copy_from_slice(delta.as_slice());
        input_side.reshape(steps * 3 * h, n);
        state_side.reshape(steps * 3 * h, n);
        for t in (0..steps).rev() {
            self.step_gradients[t] = mean_abs(dh.as_slice());
            let previous = block(saved, t, hn);
            let gates = block(&saved[gates_from..], t, GATE_ROWS * hn);
            let (r, z, cand, c) = (
                &gates[..hn],
                &gates[hn..2 * hn],
                &gates[2 * hn..3 * hn],
                &gates[3 * hn..],
            );
            let di = block_mut(input_side.as_mut_slice(), t, 3 * hn);
            let ds = block_mut(state_side.as_mut_slice(), t, 3 * hn);
            let g = dh.as_mut_slice();
            for k in 0..hn {
                let d_n = g[k] * (1.0 - z[k]) * (1.0 - cand[k] * cand[k]);
                let d_z = g[k] * (previous[k] - cand[k]) * z[k] * (1.0 - z[k]);
                let d_r = d_n * c[k] * r[k] * (1.0 - r[k]);
                di[k] = d_r;
                di[hn + k] = d_z;
                di[2 * hn + k] = d_n;
                ds[k] = d_r;
                ds[hn + k] = d_z;
                ds[2 * hn + k] = d_n * r[k];
                // The direct path, before W_hhᵀ's part is added below.
                g[k] *= z[k];
            }
            if t > 0 {
                // ∂L/∂h_t−1 = g ⊙ z + W_hhᵀ · ds; `wide` lends its space.
                wide.reshape(h, n);
                transposed_product_block(wide.as_mut_slice(), &self.tensors.weight_hh, ds, n);
                for (g, &w) in g.iter_mut().zip(wide.as_slice()) {
                    *g += w;
                }
            }
        }
        side_by_side(input_side.as_slice(), steps, 3 * h, n, wide);
        transposed_blocks(input.as_slice(), steps, i, n, tall);
        self.tensors.grad_weight_ih.assign_product(wide, tall);
        for (j, g) in self.tensors.grad_bias_ih.iter_mut().enumerate() {
            *g = wide.row(j).iter().sum();
        }
        side_by_side(state_side.as_slice(), steps, 3 * h, n, wide);
        transposed_blocks(saved, steps, h, n, tall);
        self.tensors.grad_weight_hh.assign_product(wide, tall);
        for (j, g) in self.tensors.grad_bias_hh.iter_mut().enumerate() {
            *g = wide.row(j).iter().sum();
        }
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

    /// The update gate `z_t` of every step of sample `s` in a trace's
    /// work space after a forward pass over `n` samples: `T` rows of units.
    pub(crate) fn update_gates(&self, work: &Matrix, s: usize) -> Vec<f32> {
        let (h, n) = (self.units(), work.cols());
        let mut out = Vec::with_capacity(self.steps * h);
        for t in 0..self.steps {
            let z = &work.as_slice()[self.gates_at(t, n) + h * n..];
            out.extend((0..h).map(|u| z[u * n + s]));
        }
        out
    }
}
