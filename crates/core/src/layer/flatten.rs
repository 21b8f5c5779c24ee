//! Flatten: an image read as one long vector, for the dense layers after it.
//!
//! ```text
//! A[c·H·W + y·W + x] = X[c, y, x]        ∂L/∂X[c, y, x] = δ[c·H·W + y·W + x]
//! ```
//!
//! A batch already holds each sample as one column of numbers, channel after
//! channel and row after row, so nothing moves: the layer only says that
//! from here on the values are a vector, not maps (a dense layer reading an
//! image flattens it the same way). It is in the stack because the network
//! diagram, the model file and PyTorch's `nn.Flatten` all show it.

// Compiled without the `images` feature too (configs name the kinds), but
// only built into layers with it.
#![cfg_attr(not(feature = "images"), allow(dead_code))]

use super::LayerTrace;
use crate::{InputShape, Matrix};

/// A flatten layer: `size` values in, the same `size` values out.
#[derive(Debug, Clone)]
pub struct Flatten {
    input: InputShape,
}

impl Flatten {
    /// Flattens samples of shape `input`.
    pub fn new(input: InputShape) -> Self {
        Flatten { input }
    }

    /// The shape of one input sample.
    pub fn input_shape(&self) -> InputShape {
        self.input
    }

    /// The shape of one output sample: a vector of the same values.
    pub fn output_shape(&self) -> InputShape {
        InputShape::Vector(self.input.size())
    }

    /// `Z = A = X`.
    pub(super) fn forward(&self, input: &Matrix, trace: &mut LayerTrace) {
        for m in [&mut trace.z, &mut trace.a] {
            m.reshape(input.rows(), input.cols());
            m.as_mut_slice().copy_from_slice(input.as_slice());
        }
    }

    /// `∂L/∂X = δ`.
    pub(super) fn backward(delta: &Matrix, input_delta: Option<&mut Matrix>) {
        if let Some(dx) = input_delta {
            dx.reshape(delta.rows(), delta.cols());
            dx.as_mut_slice().copy_from_slice(delta.as_slice());
        }
    }
}
