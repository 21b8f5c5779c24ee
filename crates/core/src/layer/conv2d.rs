//! The 2-D convolution layer: small filters slid over an image.
//!
//! An image of `C` channels, `H × W` pixels, is read channel after channel,
//! each channel row after row (`C × H × W`, PyTorch's layout without the
//! batch). With `F` filters of `k × k` weights per input channel, weights
//! `W[f, c, i, j]`, one bias `b[f]` per filter and padding `p` (`(k − 1)/2`
//! for `same`, 0 for `valid`), output pixel `(y, x)` of feature map `f` is
//!
//! ```text
//! Z[f, y, x] = b[f] + Σ_c Σ_i Σ_j W[f, c, i, j] · X[c, y + i − p, x + j − p]
//! A = act(Z)
//! ```
//!
//! (pixels outside the image count as 0), so the output is `F` maps of
//! `(H + 2p − k + 1) × (W + 2p − k + 1)` pixels. Every map applies the same
//! `k × k × C` weights everywhere: a filter that finds a stroke finds it
//! wherever it is, with a handful of parameters instead of a dense layer's
//! one per pixel.
//!
//! Given `δ = ∂L/∂Z` from the layer above, the chain rule gives the sums of
//! the backward pass, each over every place the weight was used:
//!
//! ```text
//! ∂L/∂W[f, c, i, j] = Σ_samples Σ_y Σ_x δ[f, y, x] · X[c, y + i − p, x + j − p]
//! ∂L/∂b[f]          = Σ_samples Σ_y Σ_x δ[f, y, x]
//! ∂L/∂X[c, u, v]    = Σ_f Σ_i Σ_j W[f, c, i, j] · δ[f, u − i + p, v − j + p]
//! ```
//!
//! How it is computed: the patches are unfolded first. For a batch of `n`
//! samples, `P` (channels · k · k rows, one column per output pixel and
//! sample, pixel-major) holds in column `(y, x, s)` the `k × k × C` input
//! values that output pixel reads (zeros where the filter hangs over the
//! border). Then the three sums above are the dense layer's three products,
//! run by the same kernels:
//!
//! ```text
//! Z = W · P + b        ∂L/∂W = δ · Pᵀ        ∂L/∂P = Wᵀ · δ, folded back onto X
//! ```
//!
//! where `δ` is read as filters × (pixels · samples), which is how the
//! network's maps × samples matrix already lies in memory.

// Compiled without the `images` feature too (configs name the kinds), but
// only built into layers with it.
#![cfg_attr(not(feature = "images"), allow(dead_code))]

use super::{LayerTrace, Parameter, ParameterMut};
use crate::{Activation, Init, InputShape, Matrix, Rng};
use alloc::vec;
use alloc::vec::Vec;

/// How a convolution treats the image's border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Padding {
    /// Zeros around the image, so the maps keep its size (odd `k`).
    Same,
    /// No padding: each map is `k − 1` pixels smaller.
    Valid,
}

/// A convolution layer's shape, parameters and their gradients.
#[derive(Debug, Clone)]
pub struct Conv2d {
    /// Input channels, rows and columns.
    input: (usize, usize, usize),
    /// Side of a filter.
    size: usize,
    /// How the border is treated.
    padding: Padding,
    /// Output rows and columns.
    out: (usize, usize),
    /// `W`, filters × (channels · k · k): row `f` holds filter `f`'s
    /// weights channel by channel, each `k × k` row by row (PyTorch's
    /// `weight[f, c, i, j]`).
    pub weights: Matrix,
    /// `b`, one per filter.
    pub biases: Vec<f32>,
    /// Applied to every output value.
    pub activation: Activation,
    /// `∂L/∂W` of the last backward pass.
    pub grad_weights: Matrix,
    /// `∂L/∂b` of the last backward pass.
    pub grad_biases: Vec<f32>,
    /// The unfolded patches of the last backward pass's input, and `δ`
    /// read as filters × (pixels · samples): reused, so a step allocates
    /// nothing once it has seen its largest batch.
    patches: Matrix,
    delta: Matrix,
    /// Where each weight of a filter meets the image: `(output pixel,
    /// weight column, input row)` triples, every filter's the same, in the
    /// order of the sums. Worked out once, so the passes are plain loops.
    geometry: Vec<u32>,
}

impl Conv2d {
    /// `filters` filters of `size × size` over an image of `channels ×
    /// height × width`, initialized by `init` (times `scale`) with fan-in
    /// `channels · size²`. The caller has checked that the filter fits.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        (channels, height, width): (usize, usize, usize),
        filters: usize,
        size: usize,
        padding: Padding,
        activation: Activation,
        init: Init,
        scale: f32,
        rng: &mut Rng,
    ) -> Self {
        let pad = match padding {
            Padding::Same => (size - 1) / 2,
            Padding::Valid => 0,
        };
        let fan_in = channels * size * size;
        let mut weights = Matrix::zeros(filters, fan_in);
        for w in weights.as_mut_slice() {
            *w = init.weight(rng, fan_in, filters * size * size) * scale;
        }
        let out = (height + 2 * pad + 1 - size, width + 2 * pad + 1 - size);
        Conv2d {
            geometry: geometry((channels, height, width), size, pad, out),
            input: (channels, height, width),
            size,
            padding,
            out,
            weights,
            biases: vec![init.bias() * scale; filters],
            activation,
            grad_weights: Matrix::zeros(filters, fan_in),
            grad_biases: vec![0.0; filters],
            patches: Matrix::default(),
            delta: Matrix::default(),
        }
    }

    /// Number of filters (output channels).
    pub fn filters(&self) -> usize {
        self.weights.rows()
    }

    /// Side of a filter.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The padding the layer was built with.
    pub fn padding(&self) -> Padding {
        self.padding
    }

    /// The shape of one input sample.
    pub fn input_shape(&self) -> InputShape {
        InputShape::image(self.input)
    }

    /// The shape of one output sample: one map per filter.
    pub fn output_shape(&self) -> InputShape {
        InputShape::image((self.filters(), self.out.0, self.out.1))
    }

    /// `P`: for every tap, input row `in_row` copied into row `w_col` at
    /// output pixel `pixel`'s columns; every other value 0.
    fn unfold(&self, input: &Matrix, patches: &mut Matrix) {
        let n = input.cols();
        let (oh, ow) = self.out;
        patches.reshape(self.weights.cols(), oh * ow * n);
        patches.fill(0.0);
        for t in self.geometry.chunks_exact(3) {
            let (pixel, w_col, in_row) = (t[0] as usize, t[1] as usize, t[2] as usize);
            let row = patches.row_mut(w_col);
            row[pixel * n..(pixel + 1) * n].copy_from_slice(input.row(in_row));
        }
    }

    /// `Z = W · P + b`, then `A = act(Z)`; `P` is kept in `trace`'s work
    /// space.
    pub(super) fn forward(&self, input: &Matrix, trace: &mut LayerTrace) {
        let n = input.cols();
        self.unfold(input, &mut trace.work);
        trace
            .z
            .assign_affine(&self.weights, &trace.work, &self.biases);
        // filters × (pixels · samples) is (filters · pixels) × samples.
        trace.z.set_shape(self.output_shape().size(), n);
        trace.a.reshape(trace.z.rows(), n);
        crate::activation::apply_slice(self.activation, trace.z.as_slice(), trace.a.as_mut_slice());
    }

    /// `∂L/∂W = δ · Pᵀ`, `∂L/∂b = Σ δ` from `delta` (`∂L/∂Z`) and the
    /// forward pass's `input`; then, if asked, `∂L/∂X`: `Wᵀ · δ` folded
    /// back, each input value receiving the sum over the taps that read it.
    pub(super) fn backward(
        &mut self,
        input: &Matrix,
        delta: &Matrix,
        input_delta: Option<&mut Matrix>,
        scratch: &mut Matrix,
    ) {
        let n = input.cols();
        let (oh, ow) = self.out;
        let mut patches = core::mem::take(&mut self.patches);
        self.unfold(input, &mut patches);
        self.delta.reshape(self.filters(), oh * ow * n);
        self.delta.as_mut_slice().copy_from_slice(delta.as_slice());
        self.grad_weights
            .assign_product_transposed(&self.delta, &patches, scratch);
        for (f, g) in self.grad_biases.iter_mut().enumerate() {
            *g = self.delta.row(f).iter().sum();
        }
        if let Some(dx) = input_delta {
            // ∂L/∂P into the patches' space, then each tap adds its part.
            patches.assign_transposed_product(&self.weights, &self.delta);
            dx.reshape(input.rows(), n);
            dx.fill(0.0);
            for t in self.geometry.chunks_exact(3) {
                let (pixel, w_col, in_row) = (t[0] as usize, t[1] as usize, t[2] as usize);
                let from = &patches.row(w_col)[pixel * n..(pixel + 1) * n];
                for (d, &g) in dx.row_mut(in_row).iter_mut().zip(from) {
                    *d += g;
                }
            }
        }
        self.patches = patches;
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

    /// [`Conv2d::parameters`], the values writable.
    pub(super) fn parameters_mut(&mut self) -> [ParameterMut<'_>; 2] {
        super::weights_and_biases_mut(
            &mut self.weights,
            &self.grad_weights,
            &mut self.biases,
            &self.grad_biases,
        )
    }
}

/// The `(output pixel, weight column, input row)` of every tap of one
/// filter: for `y, x` over the output, `c, i, j` over the filter, where
/// `u = y + i − p` and `v = x + j − p` fall inside the image.
fn geometry(
    (channels, height, width): (usize, usize, usize),
    k: usize,
    pad: usize,
    (oh, ow): (usize, usize),
) -> Vec<u32> {
    let mut taps = Vec::new();
    for y in 0..oh {
        for x in 0..ow {
            for c in 0..channels {
                for i in 0..k {
                    let u = (y + i).wrapping_sub(pad);
                    for j in 0..k {
                        let v = (x + j).wrapping_sub(pad);
                        // Below 0 wraps to a huge number: outside too.
                        if u < height && v < width {
                            let tap = [
                                y * ow + x,
                                (c * k + i) * k + j,
                                (c * height + u) * width + v,
                            ];
                            taps.extend(tap.map(|n| n as u32));
                        }
                    }
                }
            }
        }
    }
    taps
}
