//! Input features: what the network sees of a point `(x₁, x₂)`.
//!
//! Feeding `x₁²`, `x₂²`, `x₁x₂` or `sin` of the inputs lets even a network
//! with no hidden layer draw curves: a circle is a line in the `(x₁², x₂²)`
//! plane. With normalization on, each feature is standardized with the
//! training set's mean and standard deviation, `(v − μ) / σ`, so no input
//! dwarfs the others (`x₁²` reaches 36 where `x₁` reaches 6).

use crate::error::{Error, Result};
use crate::{Limits, Matrix, Samples};
use alloc::vec::Vec;

/// One input feature computed from a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Feature {
    /// x₁
    X1,
    /// x₂
    X2,
    /// x₁²
    X1Squared,
    /// x₂²
    X2Squared,
    /// x₁·x₂
    X1X2,
    /// sin x₁
    SinX1,
    /// sin x₂
    SinX2,
}

impl Feature {
    /// Every feature, in menu order.
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// The feature's value at (`x`, `y`), before normalization.
    #[inline]
    pub fn value(self, x: f32, y: f32) -> f32 {
        match self {
            Feature::X1 => x,
            Feature::X2 => y,
            Feature::X1Squared => x * x,
            Feature::X2Squared => y * y,
            Feature::X1X2 => x * y,
            Feature::SinX1 => libm::sinf(x),
            Feature::SinX2 => libm::sinf(y),
        }
    }

    /// A short label for drawings ("x1²").
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1²",
            Feature::X2Squared => "x2²",
            Feature::X1X2 => "x1·x2",
            Feature::SinX1 => "sin x1",
            Feature::SinX2 => "sin x2",
        }
    }
}

/// The chosen features and, if normalizing, their training-set statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMap {
    features: Vec<Feature>,
    mean: Vec<f32>,
    std: Vec<f32>,
    /// For images: this many raw inputs (the pixels), passed through as
    /// they are; 0 for points in the plane, whose inputs are `features`.
    pixels: usize,
}

impl FeatureMap {
    /// A map of `features` (at least one, no repeats), fitted to `train` when
    /// `normalize` is on, otherwise the identity on each feature.
    pub fn new(
        features: &[Feature],
        normalize: bool,
        train: &Samples,
        limits: &Limits,
    ) -> Result<Self> {
        if features.is_empty() {
            return Err(Error::out_of_range(
                "the input features",
                "at least one of x1, x2, x1Squared, x2Squared, x1X2, sinX1, sinX2",
                "none",
            ));
        }
        if features.len() > limits.max_inputs {
            return Err(Error::out_of_range(
                "the number of features",
                alloc::format!("at most {}", limits.max_inputs),
                features.len(),
            ));
        }
        for (i, f) in features.iter().enumerate() {
            if features[..i].contains(f) {
                return Err(Error::incompatible(alloc::format!(
                    "the input feature {} is listed twice",
                    f.label()
                )));
            }
        }
        let mut map = FeatureMap {
            features: features.to_vec(),
            mean: alloc::vec![0.0; features.len()],
            std: alloc::vec![1.0; features.len()],
            pixels: 0,
        };
        if normalize && !train.is_empty() {
            map.fit(train);
        }
        Ok(map)
    }

    fn fit(&mut self, train: &Samples) {
        let n = train.len() as f64;
        for (k, f) in self.features.iter().enumerate() {
            let mean = train
                .points()
                .map(|p| f.value(p.x1, p.x2) as f64)
                .sum::<f64>()
                / n;
            let var = train
                .points()
                .map(|p| {
                    let d = f.value(p.x1, p.x2) as f64 - mean;
                    d * d
                })
                .sum::<f64>()
                / n;
            self.mean[k] = mean as f32;
            // A constant feature keeps σ = 1 rather than dividing by zero.
            self.std[k] = if var > 1e-12 {
                libm::sqrt(var) as f32
            } else {
                1.0
            };
        }
    }

    /// The map of image data: its `pixels` raw inputs as they are (x₁²,
    /// sin x₁ and the like mean nothing for a pixel, and each image's
    /// values already lie in 0…1).
    pub fn pixels(pixels: usize) -> Self {
        FeatureMap {
            features: Vec::new(),
            mean: Vec::new(),
            std: Vec::new(),
            pixels,
        }
    }

    /// The features, in input order (none for image data).
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// Number of network inputs.
    pub fn len(&self) -> usize {
        // Without image data sets no map has pixels.
        #[cfg(feature = "images")]
        if self.pixels > 0 {
            return self.pixels;
        }
        self.features.len()
    }

    /// Always false: a map has at least one input.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the inputs of one sample, given by its raw inputs (`x₁, x₂`
    /// of a point, or an image's pixels), into column `col` of `inputs`.
    #[inline]
    pub(crate) fn write_sample(&self, raw: &[f32], inputs: &mut Matrix, col: usize) {
        #[cfg(feature = "images")]
        if self.pixels > 0 {
            for (k, &v) in raw.iter().enumerate() {
                inputs.put(k, col, v);
            }
            return;
        }
        if let [x, y, ..] = *raw {
            self.write_column(x, y, inputs, col);
        }
    }

    /// `(μ, σ)` of input `k` (0 and 1 when not normalizing, or when there
    /// is no input `k`).
    pub fn stats(&self, k: usize) -> (f32, f32) {
        match (self.mean.get(k), self.std.get(k)) {
            (Some(&mean), Some(&std)) => (mean, std),
            _ => (0.0, 1.0),
        }
    }

    /// Writes the inputs of point (`x`, `y`) into column `col` of `inputs`
    /// (features × samples).
    #[inline]
    pub(crate) fn write_column(&self, x: f32, y: f32, inputs: &mut Matrix, col: usize) {
        for (k, f) in self.features.iter().enumerate() {
            inputs.put(k, col, (f.value(x, y) - self.mean[k]) / self.std[k]);
        }
    }

    /// Writes the inputs of many points into `inputs` (features × points):
    /// `xy` holds their x in row 0 and their y in row 1. Feature by feature,
    /// one loop each with the feature chosen outside it, so the loops run in
    /// SIMD lanes; each value is the same as [`FeatureMap::write_column`]'s.
    pub(crate) fn write_columns(&self, xy: &Matrix, inputs: &mut Matrix) {
        let n = xy.cols();
        #[cfg(feature = "images")]
        if self.pixels > 0 {
            // An image's pixels, one per row of `xy`, as they are.
            inputs.reshape(xy.rows(), n);
            inputs.as_mut_slice().copy_from_slice(xy.as_slice());
            return;
        }
        inputs.reshape(self.features.len(), n);
        let (xs, ys) = (xy.row(0), xy.row(1));
        for (k, f) in self.features.iter().enumerate() {
            let (mean, std) = (self.mean[k], self.std[k]);
            let row = inputs.row_mut(k);
            let pairs = row.iter_mut().zip(xs.iter().zip(ys));
            match f {
                Feature::X1 => pairs.for_each(|(v, (&x, _))| *v = (x - mean) / std),
                Feature::X2 => pairs.for_each(|(v, (_, &y))| *v = (y - mean) / std),
                f => pairs.for_each(|(v, (&x, &y))| *v = (f.value(x, y) - mean) / std),
            }
        }
    }

    /// True if only x₁ and x₂ are used: then a first-layer neuron's
    /// boundary is a straight line in the plane.
    pub fn is_linear(&self) -> bool {
        self.features
            .iter()
            .all(|f| matches!(f, Feature::X1 | Feature::X2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_features_have_zero_mean_and_unit_variance() {
        let train: Vec<crate::Point> = (0..10)
            .map(|i| crate::Point {
                x1: i as f32,
                x2: 2.0 * i as f32 - 3.0,
                label: 0.0,
            })
            .collect();
        let map = FeatureMap::new(
            &[Feature::X1, Feature::X1Squared, Feature::X2],
            true,
            &Samples::from_points(&train),
            &Limits::default(),
        )
        .expect("valid features");
        let mut m = Matrix::zeros(3, train.len());
        for (s, p) in train.iter().enumerate() {
            map.write_column(p.x1, p.x2, &mut m, s);
        }
        for k in 0..3 {
            let row = m.row(k);
            let mean: f32 = row.iter().sum::<f32>() / 10.0;
            let var: f32 = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / 10.0;
            assert!(
                mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4,
                "feature {k}: {mean} {var}"
            );
        }
    }

    #[test]
    fn feature_lists_are_checked() {
        let limits = Limits::default();
        assert!(FeatureMap::new(&[], false, &Samples::empty(2), &limits).is_err());
        let twice = FeatureMap::new(
            &[Feature::X1, Feature::X1],
            false,
            &Samples::empty(2),
            &limits,
        )
        .unwrap_err();
        assert_eq!(
            alloc::format!("{twice}"),
            "the input feature x1 is listed twice"
        );
        assert!(FeatureMap::new(
            &[Feature::X2, Feature::X1],
            false,
            &Samples::empty(2),
            &limits
        )
        .expect("ok")
        .is_linear());
    }
}
