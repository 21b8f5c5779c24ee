//! Samples: what a network learns from, as rows of numbers.
//!
//! A sample is its raw inputs, one row of numbers, and its label (a class,
//! or a target value). A set of samples keeps the rows together as one
//! matrix, *samples × inputs*, so a mini-batch is a set of rows and every
//! kind of data (a point in the plane, later an image or a sequence) goes
//! through the same code. The [`InputShape`] says how to read a row: the
//! 2-D scenes are `Vector(2)`, `(x₁, x₂)`; an image is its pixels channel
//! by channel, row by row.
//!
//! The input features (x₁², sin x₁, …) are not stored: they are a
//! transform of the raw inputs ([`crate::FeatureMap`]), and drawing asks for
//! the raw two.

use crate::dataset::Point;
use crate::Matrix;
use alloc::vec::Vec;

/// How one sample's raw inputs are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputShape {
    /// `n` numbers; the scenes in the plane are `Vector(2)`, `(x₁, x₂)`.
    Vector(usize),
    /// An image, channel after channel, each channel row after row
    /// (`channels × height × width`, PyTorch's layout without the batch;
    /// one channel for grey).
    Image {
        /// Rows of pixels.
        height: usize,
        /// Pixels in a row.
        width: usize,
        /// Values per pixel (1 for grey).
        channels: usize,
    },
    /// A sequence, step after step: `steps` rows of `inputs` values (a
    /// window of a series, one value per step), read in order by a
    /// recurrent layer (the `sequences` feature).
    #[cfg(feature = "sequences")]
    Sequence {
        /// Time steps.
        steps: usize,
        /// Values per step.
        inputs: usize,
    },
}

impl InputShape {
    /// An image of `channels × height × width`.
    pub fn image((channels, height, width): (usize, usize, usize)) -> InputShape {
        InputShape::Image {
            height,
            width,
            channels,
        }
    }

    /// `(channels, height, width)` of an image; `None` for a vector.
    pub fn as_image(self) -> Option<(usize, usize, usize)> {
        match self {
            InputShape::Image {
                height,
                width,
                channels,
            } => Some((channels, height, width)),
            _ => None,
        }
    }

    /// `(steps, inputs)` of a sequence; `None` for anything else.
    pub fn as_sequence(self) -> Option<(usize, usize)> {
        #[cfg(feature = "sequences")]
        if let InputShape::Sequence { steps, inputs } = self {
            return Some((steps, inputs));
        }
        None
    }

    /// The numbers in one sample.
    pub fn size(self) -> usize {
        match self {
            InputShape::Vector(n) => n,
            InputShape::Image {
                height,
                width,
                channels,
            } => height * width * channels,
            #[cfg(feature = "sequences")]
            InputShape::Sequence { steps, inputs } => steps * inputs,
        }
    }
}

/// A set of samples: their raw inputs, one row each, and their labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Samples {
    /// Samples × inputs, row-major: row `i` is sample `i`.
    inputs: Matrix,
    /// One label per sample.
    labels: Vec<f32>,
}

impl Samples {
    /// An empty set of samples of `width` inputs each.
    pub fn empty(width: usize) -> Samples {
        Samples {
            inputs: Matrix::zeros(0, width),
            labels: Vec::new(),
        }
    }

    /// Points in the plane as samples of two inputs, `(x₁, x₂)`.
    pub fn from_points(points: &[Point]) -> Samples {
        let mut samples = Samples::empty(2);
        for p in points {
            samples.push_point(*p);
        }
        samples
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Inputs per sample.
    pub fn width(&self) -> usize {
        self.inputs.cols()
    }

    /// The raw inputs, samples × inputs.
    pub fn inputs(&self) -> &Matrix {
        &self.inputs
    }

    /// Sample `i`'s raw inputs (empty if there is no such sample).
    pub fn input(&self, i: usize) -> &[f32] {
        self.inputs.row(i)
    }

    /// Every label, in order.
    pub fn labels(&self) -> &[f32] {
        &self.labels
    }

    /// Sample `i` as a point in the plane: its first two inputs and its
    /// label. Meant for two-input sets (the scenes the page draws); a
    /// missing value reads as NaN.
    pub fn point(&self, i: usize) -> Point {
        let x = self.input(i);
        let at = |k: usize| x.get(k).copied().unwrap_or(f32::NAN);
        Point {
            x1: at(0),
            x2: at(1),
            label: self.labels.get(i).copied().unwrap_or(f32::NAN),
        }
    }

    /// Every sample as a point in the plane (see [`Samples::point`]).
    pub fn points(&self) -> impl ExactSizeIterator<Item = Point> + '_ {
        (0..self.len()).map(|i| self.point(i))
    }

    /// Appends a point as a sample of two inputs (the set must have two).
    pub fn push_point(&mut self, p: Point) {
        debug_assert_eq!(self.width(), 2);
        self.push(&[p.x1, p.x2], p.label);
    }

    /// Appends a sample (`inputs` as wide as the set).
    pub fn push(&mut self, inputs: &[f32], label: f32) {
        debug_assert_eq!(inputs.len(), self.width());
        self.inputs.push_row(inputs);
        self.labels.push(label);
    }

    /// Removes sample `i`, keeping the others in order.
    pub fn remove(&mut self, i: usize) {
        if i < self.len() {
            self.inputs.remove_row(i);
            self.labels.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_go_in_as_rows_and_come_back_the_same() {
        let points = [
            Point {
                x1: 1.0,
                x2: -2.0,
                label: 1.0,
            },
            Point {
                x1: 0.5,
                x2: 3.0,
                label: 0.0,
            },
        ];
        let mut samples = Samples::from_points(&points);
        assert_eq!((samples.len(), samples.width()), (2, 2));
        assert_eq!(samples.inputs().as_slice(), [1.0, -2.0, 0.5, 3.0]);
        assert_eq!(samples.labels(), [1.0, 0.0]);
        assert_eq!(samples.points().collect::<Vec<_>>(), points);
        samples.remove(0);
        assert_eq!(samples.points().collect::<Vec<_>>(), points[1..]);
        samples.remove(7);
        assert_eq!(samples.len(), 1);
    }

    #[test]
    fn an_image_is_its_pixels_in_a_row() {
        let shape = InputShape::Image {
            height: 28,
            width: 28,
            channels: 1,
        };
        assert_eq!(shape.size(), 784);
        let mut images = Samples::empty(shape.size());
        images.push(&[0.5; 784], 7.0);
        assert_eq!(images.input(0).len(), 784);
        assert_eq!(images.labels(), [7.0]);
        assert_eq!(InputShape::Vector(2).size(), 2);
    }
}
