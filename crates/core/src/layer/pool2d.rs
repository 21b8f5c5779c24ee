//! 2 × 2 pooling: each channel shrunk to half its rows and columns.
//!
//! Each output pixel summarizes a 2 × 2 block of its channel (a last odd
//! row or column is dropped, as PyTorch's `MaxPool2d(2)` does):
//!
//! ```text
//! max:      Z[c, y, x] = max(X[c, 2y, 2x], X[c, 2y, 2x+1], X[c, 2y+1, 2x], X[c, 2y+1, 2x+1])
//! average:  Z[c, y, x] = (X[c, 2y, 2x] + X[c, 2y, 2x+1] + X[c, 2y+1, 2x] + X[c, 2y+1, 2x+1]) / 4
//! A = Z
//! ```
//!
//! There is nothing to learn. Backward, the error goes to what made the
//! output: for max, all of `δ[c, y, x]` to the largest of the four (the
//! first of them in reading order on a tie), zero to the others; for
//! average, `δ[c, y, x] / 4` to each. A map that shifts a stroke by one
//! pixel often keeps the same maximum: pooling is where a small network
//! stops caring exactly where a feature was.

// Compiled without the `images` feature too (configs name the kinds), but
// only built into layers with it.
#![cfg_attr(not(feature = "images"), allow(dead_code))]

use super::LayerTrace;
use crate::{InputShape, Matrix};

/// How a 2 × 2 block becomes one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PoolMode {
    /// The largest of the four.
    Max,
    /// Their mean.
    Average,
}

/// A 2 × 2 pooling layer.
#[derive(Debug, Clone)]
pub struct Pool2d {
    /// Max or average.
    pub mode: PoolMode,
    /// Input channels, rows and columns.
    input: (usize, usize, usize),
}

impl Pool2d {
    /// Pooling over an image of `channels × height × width` (at least 2 × 2;
    /// the caller checks).
    pub fn new(mode: PoolMode, (channels, height, width): (usize, usize, usize)) -> Self {
        Pool2d {
            mode,
            input: (channels, height, width),
        }
    }

    /// The shape of one input sample.
    pub fn input_shape(&self) -> InputShape {
        InputShape::image(self.input)
    }

    /// The shape of one output sample.
    pub fn output_shape(&self) -> InputShape {
        let (channels, height, width) = self.input;
        InputShape::image((channels, height / 2, width / 2))
    }

    /// Every output row with its block's four input rows, in reading order.
    fn blocks(&self, mut visit: impl FnMut(usize, [usize; 4])) {
        let (channels, height, width) = self.input;
        let (oh, ow) = (height / 2, width / 2);
        for c in 0..channels {
            for y in 0..oh {
                for x in 0..ow {
                    let top = (c * height + 2 * y) * width + 2 * x;
                    visit(
                        (c * oh + y) * ow + x,
                        [top, top + 1, top + width, top + width + 1],
                    );
                }
            }
        }
    }

    /// `Z` as above; `A = Z`.
    pub(super) fn forward(&self, input: &Matrix, trace: &mut LayerTrace) {
        let z = &mut trace.z;
        z.reshape(self.output_shape().size(), input.cols());
        let average = self.mode == PoolMode::Average;
        self.blocks(|out, rows| {
            let [a, b, c, d] = rows.map(|r| input.row(r));
            for (s, o) in z.row_mut(out).iter_mut().enumerate() {
                *o = if average {
                    (a[s] + b[s] + c[s] + d[s]) * 0.25
                } else {
                    max(max(max(a[s], b[s]), c[s]), d[s])
                };
            }
        });
        trace.a.reshape(z.rows(), input.cols());
        trace.a.as_mut_slice().copy_from_slice(z.as_slice());
    }

    /// `∂L/∂X` from `delta` (there are no parameters); `input` is the
    /// forward pass's, from which max pooling finds each block's largest.
    pub(super) fn backward(
        &self,
        input: &Matrix,
        delta: &Matrix,
        input_delta: Option<&mut Matrix>,
    ) {
        let Some(dx) = input_delta else {
            return;
        };
        dx.reshape(input.rows(), input.cols());
        dx.fill(0.0);
        let average = self.mode == PoolMode::Average;
        self.blocks(|out, rows| {
            for (s, &d) in delta.row(out).iter().enumerate() {
                // The first of the largest, as the forward pass chose it.
                let mut best = 0;
                for k in 1..4 {
                    if input.at(rows[k], s) > input.at(rows[best], s) {
                        best = k;
                    }
                }
                for (k, &r) in rows.iter().enumerate() {
                    if average {
                        dx.put(r, s, d * 0.25);
                    } else if k == best {
                        dx.put(r, s, d);
                    }
                }
            }
        });
    }
}

/// The larger of two values, the first on a tie (`f32::max` treats NaN
/// differently across platforms' instructions; this is one comparison).
fn max(a: f32, b: f32) -> f32 {
    if b > a {
        b
    } else {
        a
    }
}
