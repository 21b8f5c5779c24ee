//! A gradient step on a single sample for a stack of dense layers: the
//! forward pass, the chain rule and plain SGD's update in one pass per
//! layer, on plain vectors.
//!
//! With one sample every matrix of the general path is a vector and every
//! product a few dozen multiply-adds, so the general path's setup (a
//! transpose, three kernel calls, reshapes, the optimizer's own walk over
//! every tensor) costs more than its arithmetic. Here a layer's backward
//! step is two loops over its weights: the first passes the error back
//! (`Wᵀ · δ`, with the weights before their update), the second forms each
//! weight's gradient, stores it and moves the weight.
//!
//! The numbers are those of the general path, bit for bit: each sum runs
//! in the same order from the same start (`z = b + Σ_j w_j x_j`; the error
//! passed back `0 + Σ_r w_r δ_r`; a gradient `0 + δ x`), each update is
//! `w − lr · g`, and the trace (`Z`, `A`, `δ`) and gradients are left as
//! the general path leaves them (tests train both ways and compare bits).

use super::Network;
use crate::activation::{apply_slice, times_derivative_slice};
use crate::layer::LayerTrace;
use crate::{Activation, Loss, Matrix};

impl Network {
    /// True if [`Network::sgd_step_on_sample`] can train this network:
    /// dense layers only, none of them softmax (whose derivative is a
    /// whole Jacobian).
    pub(crate) fn is_dense_stack(&self) -> bool {
        self.layers.iter().all(|l| {
            l.as_dense()
                .is_some_and(|d| d.activation != Activation::Softmax)
        })
    }

    /// One step of plain SGD (learning rate `lr`, no penalty) on the single
    /// sample `x` (inputs × 1) with targets `y` under `loss`, for a network
    /// where [`Network::is_dense_stack`] holds. Returns the sample's loss
    /// before the step and whether every parameter is finite after it.
    pub(crate) fn sgd_step_on_sample(
        &mut self,
        x: &Matrix,
        y: &Matrix,
        loss: Loss,
        lr: f32,
    ) -> (f32, bool) {
        debug_assert!(x.cols() == 1 && self.is_dense_stack());
        if self.trace.layers.len() != self.layers.len() {
            self.trace
                .layers
                .resize_with(self.layers.len(), LayerTrace::default);
        }
        // Iterators, not `split_at_mut`: each layer reads the outputs the
        // one before left (the wasm build would call, not inline, the split).
        let mut input = x.as_slice();
        for (layer, trace) in self.layers.iter().zip(self.trace.layers.iter_mut()) {
            let Some(dense) = layer.as_dense() else {
                continue;
            };
            let LayerTrace { z, a, .. } = trace;
            let units = dense.neurons();
            as_column(z, units);
            as_column(a, units);
            affine(
                dense.weights.as_slice(),
                input,
                &dense.biases,
                z.as_mut_slice(),
            );
            apply_slice(dense.activation, z.as_slice(), a.as_mut_slice());
            input = a.as_slice();
        }
        let sample_loss = self.loss(y, loss);
        self.output_delta(y, loss);
        let mut finite = true;
        // From the output down: each layer's δ is the one the layer above
        // passed back into its trace.
        let mut traces = self.trace.layers.iter_mut().rev();
        let Some(top) = traces.next() else {
            return (sample_loss, finite);
        };
        let mut delta: &[f32] = top.delta.as_slice();
        let mut layers = self.layers.iter_mut().rev().peekable();
        while let Some(layer) = layers.next() {
            let below = layers.peek().map(|l| l.activation());
            let Some(dense) = layer.as_dense_mut() else {
                break;
            };
            let (input, back) = match (traces.next(), below) {
                (
                    Some(LayerTrace {
                        z, a, delta: back, ..
                    }),
                    Some(f),
                ) => {
                    // δ_prev = (Wᵀ · δ) ⊙ f'_prev(Z_prev), with W before its update.
                    as_column(back, dense.inputs());
                    pass_back(dense.weights.as_slice(), delta, back.as_mut_slice());
                    times_derivative_slice(f, z.as_slice(), a.as_slice(), back.as_mut_slice());
                    (a.as_slice(), Some(back.as_slice()))
                }
                _ => (x.as_slice(), None),
            };
            finite &= descend_layer(dense, input, delta, lr);
            match back {
                Some(back) => delta = back,
                None => break,
            }
        }
        (sample_loss, finite)
    }
}

/// Makes `m` a column of `rows` values (its contents unspecified), without
/// a call when it already is one: after the first step it always is.
#[inline(always)]
fn as_column(m: &mut Matrix, rows: usize) {
    if m.rows() != rows || m.cols() != 1 {
        m.reshape(rows, 1);
    }
}

/// `z = b + W · x`, each row's sum from its bias over the inputs in order,
/// four rows side by side (four independent chains of additions).
/// `Matrix::assign_affine` computes the same sums (and `assign_transposed_product`
/// those of [`pass_back`]); through them, with their calls and a gathered
/// column per input, a batch of one trained at 1.19 M samples/s in Node
/// instead of 1.76 M.
fn affine(w: &[f32], x: &[f32], b: &[f32], z: &mut [f32]) {
    let k = x.len();
    let rows = z.len().min(b.len());
    let Some(w) = w.get(..rows * k) else {
        return;
    };
    let mut r = 0;
    while r + 4 <= rows {
        let mut acc = [b[r], b[r + 1], b[r + 2], b[r + 3]];
        for (j, &x) in x.iter().enumerate() {
            let at = r * k + j;
            acc[0] += w[at] * x;
            acc[1] += w[at + k] * x;
            acc[2] += w[at + 2 * k] * x;
            acc[3] += w[at + 3 * k] * x;
        }
        z[r..r + 4].copy_from_slice(&acc);
        r += 4;
    }
    while r < rows {
        let mut acc = b[r];
        for (j, &x) in x.iter().enumerate() {
            acc += w[r * k + j] * x;
        }
        z[r] = acc;
        r += 1;
    }
}

/// `back = Wᵀ · δ`: each input's sum from 0 over the neurons in order (the
/// loop over inputs inside, so it runs in SIMD lanes).
fn pass_back(w: &[f32], delta: &[f32], back: &mut [f32]) {
    back.fill(0.0);
    let k = back.len();
    for (r, &d) in delta.iter().enumerate() {
        let Some(row) = w.get(r * k..(r + 1) * k) else {
            return;
        };
        for (o, &w) in back.iter_mut().zip(row) {
            *o += w * d;
        }
    }
}

/// Gradients of one dense layer from its `input` and `delta` (one sample:
/// `∂L/∂w = 0 + δ x`, `∂L/∂b = Σ δ` over the one sample), stored, and the
/// SGD update `p ← p − lr · g`; false if a parameter is no longer finite.
fn descend_layer(dense: &mut crate::layer::Dense, input: &[f32], delta: &[f32], lr: f32) -> bool {
    let mut bad = false;
    let k = input.len();
    let weights = dense.weights.as_mut_slice();
    let grads = dense.grad_weights.as_mut_slice();
    for (r, &d) in delta.iter().enumerate() {
        let (Some(w), Some(g)) = (
            weights.get_mut(r * k..(r + 1) * k),
            grads.get_mut(r * k..(r + 1) * k),
        ) else {
            return false;
        };
        for ((w, g), &x) in w.iter_mut().zip(g.iter_mut()).zip(input) {
            *g = 0.0 + d * x;
            *w -= lr * *g;
            bad |= !w.is_finite();
        }
        if let (Some(b), Some(g)) = (dense.biases.get_mut(r), dense.grad_biases.get_mut(r)) {
            // The general path's Σ over the sample (Rust's sum starts at −0).
            *g = core::slice::from_ref(&d).iter().sum();
            *b -= lr * *g;
            bad |= !b.is_finite();
        }
    }
    !bad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::LayerSpec;
    use crate::optimizer::OptimizerState;
    use crate::{Init, InputShape, Network, NetworkShape, Optimizer};
    use crate::{Regularization, Rng};
    use alloc::vec::Vec;

    fn bits(m: &Matrix) -> Vec<u32> {
        m.as_slice().iter().map(|v| v.to_bits()).collect()
    }

    /// Every number a step leaves behind: parameters, gradients, the trace.
    fn state(net: &Network) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        for (layer, trace) in net.layers().iter().zip(net.trace().layers()) {
            let d = layer.as_dense().expect("dense");
            out.push(bits(&d.weights));
            out.push(d.biases.iter().map(|v| v.to_bits()).collect());
            out.push(bits(&d.grad_weights));
            out.push(d.grad_biases.iter().map(|v| v.to_bits()).collect());
            out.push(bits(trace.pre_activations()));
            out.push(bits(trace.outputs()));
            out.push(bits(trace.deltas()));
        }
        out
    }

    /// Trains two copies of a network sample by sample, one through the
    /// fused step and one through the general path (forward, chain rule,
    /// the optimizer's SGD), and compares every bit after every step. Both
    /// first take one general step on a batch of three, so the fused step
    /// starts from traces shaped for another batch (as after an epoch's
    /// last, shorter batch).
    fn same_bits(
        hidden: &[(usize, Activation)],
        inputs: usize,
        out: Activation,
        loss: Loss,
        (init, lr): (Init, f32),
    ) {
        let shape = NetworkShape {
            input: InputShape::Vector(inputs),
            hidden: hidden
                .iter()
                .map(|&(n, f)| LayerSpec::dense(n, f))
                .collect(),
            outputs: 1,
            output_activation: out,
        };
        let mut rng = Rng::new(7);
        let mut fused = Network::new(&shape, init, 1.0, &mut rng);
        let mut general = fused.clone();
        let mut optimizer = OptimizerState::new(Optimizer::Sgd, general.layers());
        let mut sgd = |net: &mut Network, x: &Matrix, y: &Matrix| {
            net.propagate(x);
            let loss_value = net.loss(y, loss);
            net.backpropagate(x, y, loss);
            let finite = optimizer.step(net.layers_mut(), lr, Regularization::None, 0.0);
            (loss_value, finite)
        };
        let column = |rng: &mut Rng, n: usize| -> Vec<f32> {
            (0..inputs * n).map(|_| rng.range(-3.0, 3.0)).collect()
        };
        let x3 = Matrix::from_vec(inputs, 3, column(&mut rng, 3)).expect("three columns");
        let y3 = Matrix::from_vec(1, 3, alloc::vec![0.0, 1.0, 0.5]).expect("three targets");
        sgd(&mut fused, &x3, &y3);
        sgd(&mut general, &x3, &y3);
        for step in 0..40 {
            let x = Matrix::from_vec(inputs, 1, column(&mut rng, 1)).expect("a column");
            // Labels in [0, 1], some exactly 0 or 1 (the losses' edges).
            let label = if step % 3 == 0 {
                (step % 2) as f32
            } else {
                rng.uniform()
            };
            let y = Matrix::from_vec(1, 1, alloc::vec![label]).expect("a target");

            let (fused_loss, fused_finite) = fused.sgd_step_on_sample(&x, &y, loss, lr);
            let (general_loss, general_finite) = sgd(&mut general, &x, &y);

            let what = alloc::format!(
                "{hidden:?} {inputs} inputs, {out:?}, {loss:?}, {init:?}, lr {lr}, step {step}"
            );
            assert_eq!(fused_loss.to_bits(), general_loss.to_bits(), "loss: {what}");
            assert_eq!(fused_finite, general_finite, "finite: {what}");
            assert!(state(&fused) == state(&general), "numbers: {what}");
        }
    }

    #[test]
    fn the_fused_step_leaves_the_general_paths_bits() {
        use Activation::*;
        // Xavier at a sane rate; all-zero weights (exact zeros, ReLU at
        // z = 0, −0 from products); a rate that diverges to ±∞ and NaN.
        let runs = [
            (Init::XavierUniform, 0.3),
            (Init::Zeros, 0.3),
            (Init::XavierUniform, 300.0),
        ];
        for f in [Tanh, Sigmoid, Relu, LeakyRelu, Linear] {
            // Widths on each side of the four-row blocks; one input to more
            // than eight (the gradient's one-to-three, four- and eight-wide
            // kernels); no hidden layer (a perceptron's shape) and several.
            for hidden in [
                &[][..],
                &[(1, f)],
                &[(3, f), (5, f)],
                &[(8, f), (8, f), (8, f)],
            ] {
                for inputs in [1, 2, 5, 9] {
                    for run in runs {
                        same_bits(hidden, inputs, Sigmoid, Loss::BinaryCrossEntropy, run);
                        for loss in [Loss::Mse, Loss::Mae, Loss::Rmse] {
                            same_bits(hidden, inputs, Linear, loss, run);
                            same_bits(hidden, inputs, Sigmoid, loss, run);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn only_dense_stacks_without_softmax_take_the_fused_step() {
        let shape = |out: Activation, outputs| NetworkShape {
            input: InputShape::Vector(2),
            hidden: alloc::vec![LayerSpec::dense(4, Activation::Tanh)],
            outputs,
            output_activation: out,
        };
        let mut rng = Rng::new(1);
        let dense = Network::new(&shape(Activation::Sigmoid, 1), Init::Zeros, 1.0, &mut rng);
        assert!(dense.is_dense_stack());
        let softmax = Network::new(&shape(Activation::Softmax, 3), Init::Zeros, 1.0, &mut rng);
        assert!(!softmax.is_dense_stack());
    }
}
