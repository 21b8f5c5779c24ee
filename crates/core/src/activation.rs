//! Activation functions: what a neuron does with its weighted sum `z = w·x + b`.
//!
//! Each function sits beside its derivative, the factor backpropagation
//! multiplies by when it passes the error back through the neuron.
//!
//! | activation   | a = f(z)                         | f'(z)                               |
//! |--------------|----------------------------------|-------------------------------------|
//! | `Linear`     | z                                | 1                                   |
//! | `Sigmoid`    | σ(z) = 1 / (1 + e^(−z))          | σ(z)(1 − σ(z)), at most 0.25        |
//! | `Tanh`       | tanh z                           | 1 − tanh² z, at most 1              |
//! | `Relu`       | max(0, z)                        | 1 if z > 0, else 0                  |
//! | `LeakyRelu`  | z if z > 0, else 0.01 z          | 1 if z > 0, else 0.01               |
//! | `Step`       | 1 if z ≥ 0, else 0 (perceptron)  | 0 (no gradient: Rosenblatt's rule)  |
//! | `Softmax`    | e^(z_k) / Σ_j e^(z_j) (per layer)| ∂a_k/∂z_j = a_k(δ_kj − a_j)         |
//!
//! Sigmoid's derivative never exceeds 0.25: through ten sigmoid layers the
//! error shrinks by at least 0.25¹⁰ ≈ 10⁻⁶, which is the vanishing gradient.
//! A ReLU whose `z` is negative for every input passes no gradient at all and
//! never recovers: a dead ReLU.

/// How a layer turns weighted sums into outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Activation {
    /// f(z) = z: no bend; stacked linear layers are still one linear map.
    Linear,
    /// The logistic function, squashing into (0, 1).
    Sigmoid,
    /// The hyperbolic tangent, squashing into (−1, 1), centred on 0.
    Tanh,
    /// Rectified linear unit: max(0, z).
    Relu,
    /// ReLU with a small slope (0.01) for negative z, so it cannot die.
    LeakyRelu,
    /// Heaviside step, the perceptron's threshold: 1 if z ≥ 0, else 0.
    Step,
    /// Turns a layer's sums into class probabilities that add up to 1.
    Softmax,
}

/// Slope of [`Activation::LeakyRelu`] for negative inputs.
pub const LEAKY_SLOPE: f32 = 0.01;

impl Activation {
    /// Every activation, in menu order.
    pub const ALL: [Activation; 7] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Step,
        Activation::Softmax,
    ];

    /// The activations a hidden layer may use, in menu order.
    pub const HIDDEN: [Activation; 5] = [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
    ];

    /// True if a hidden layer may use it (not softmax, not the step, which
    /// have no useful gradient inside a network).
    pub fn is_hidden(self) -> bool {
        !matches!(self, Activation::Softmax | Activation::Step)
    }

    /// The name used in configs and URLs ("leakyRelu").
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leakyRelu",
            Activation::Step => "step",
            Activation::Softmax => "softmax",
        }
    }

    /// f(z) for the element-wise activations. Softmax needs the whole layer,
    /// see [`softmax_columns`]; here it returns `z` unchanged.
    ///
    /// ```
    /// use nnplay_core::Activation;
    /// assert_eq!(Activation::Sigmoid.value(0.0), 0.5);
    /// assert_eq!(Activation::Relu.value(-2.0), 0.0);
    /// ```
    #[inline]
    pub fn value(self, z: f32) -> f32 {
        match self {
            Activation::Linear | Activation::Softmax => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => tanh(z),
            Activation::Relu => relu(z),
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
            Activation::Step => {
                if z >= 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// f'(z), given both `z` and the output `a = f(z)` (sigmoid and tanh are
    /// cheapest from `a`). For softmax this is the diagonal term a(1 − a)
    /// only; the network applies the full Jacobian.
    ///
    /// ```
    /// use nnplay_core::Activation;
    /// // The sigmoid's slope is largest at 0, and only 0.25 there.
    /// assert_eq!(Activation::Sigmoid.derivative(0.0, 0.5), 0.25);
    /// ```
    #[inline]
    pub fn derivative(self, z: f32, a: f32) -> f32 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid | Activation::Softmax => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Step => 0.0,
        }
    }

    /// The largest value f' can take: how much a layer can at best pass back.
    pub fn max_derivative(self) -> f32 {
        match self {
            Activation::Sigmoid | Activation::Softmax => 0.25,
            Activation::Step => 0.0,
            _ => 1.0,
        }
    }

    /// True for activations that flatten out (sigmoid, tanh): their units can
    /// saturate, where f' ≈ 0 and learning stalls.
    pub fn saturates(self) -> bool {
        matches!(self, Activation::Sigmoid | Activation::Tanh)
    }
}

/// tanh z as a rational function (the minimax fit Eigen uses for `f32`):
/// within a few units in the last place of `f32`, with no branch but a clamp,
/// so a whole row of neurons vectorizes. Beyond |z| = 7.9 tanh is ±1 in `f32`.
#[inline]
// The coefficients are kept as published, digits beyond f32 included.
#[allow(clippy::excessive_precision)]
pub fn tanh(z: f32) -> f32 {
    const CLAMP: f32 = 7.905_311;
    let x = z.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let mut p = x2 * -2.760_768_5e-16 + 2.000_187_9e-13;
    p = x2 * p + -8.604_671_5e-11;
    p = x2 * p + 5.122_297e-8;
    p = x2 * p + 1.485_722_4e-5;
    p = x2 * p + 6.372_619_3e-4;
    p = x2 * p + 4.893_524_6e-3;
    p *= x;
    let mut q = x2 * 1.198_258_4e-6 + 1.185_347_1e-4;
    q = x2 * q + 2.268_434_6e-3;
    q = x2 * q + 4.893_525_2e-3;
    p / q
}

/// `δ ← δ · f'(z)` for a whole row (given `z` and `a = f(z)`), with the
/// match outside the loop as in [`apply_slice`].
pub fn times_derivative_slice(f: Activation, z: &[f32], a: &[f32], delta: &mut [f32]) {
    let n = delta.len().min(z.len()).min(a.len());
    let (z, a, delta) = (&z[..n], &a[..n], &mut delta[..n]);
    match f {
        Activation::Linear => {}
        Activation::Sigmoid | Activation::Softmax => {
            for (d, &a) in delta.iter_mut().zip(a) {
                *d *= a * (1.0 - a);
            }
        }
        Activation::Tanh => {
            for (d, &a) in delta.iter_mut().zip(a) {
                *d *= 1.0 - a * a;
            }
        }
        // Selects, not branches: the loops stay four lanes wide.
        Activation::Relu => {
            for (d, &z) in delta.iter_mut().zip(z) {
                *d *= if z > 0.0 { 1.0 } else { 0.0 };
            }
        }
        Activation::LeakyRelu => {
            for (d, &z) in delta.iter_mut().zip(z) {
                *d *= if z > 0.0 { 1.0 } else { LEAKY_SLOPE };
            }
        }
        Activation::Step => delta.iter_mut().for_each(|d| *d *= 0.0),
    }
}

/// max(0, z), with NaN → 0 as `f32::max` gives, written as a comparison:
/// `f32::max` becomes a call to `fmaxf` per value in wasm (its NaN and
/// signed-zero rules), this a four-lane select.
#[inline]
fn relu(z: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// `a = f(z)` for a whole row (element-wise activations; softmax needs
/// [`softmax_columns`]). The match sits outside the loop so each loop is
/// one tight, vectorizable pass.
pub fn apply_slice(f: Activation, z: &[f32], a: &mut [f32]) {
    let pairs = a.iter_mut().zip(z);
    match f {
        Activation::Linear | Activation::Softmax => pairs.for_each(|(a, &z)| *a = z),
        Activation::Sigmoid => pairs.for_each(|(a, &z)| *a = sigmoid(z)),
        Activation::Tanh => pairs.for_each(|(a, &z)| *a = tanh(z)),
        Activation::Relu => pairs.for_each(|(a, &z)| *a = relu(z)),
        Activation::LeakyRelu => {
            pairs.for_each(|(a, &z)| *a = if z > 0.0 { z } else { LEAKY_SLOPE * z })
        }
        Activation::Step => pairs.for_each(|(a, &z)| *a = if z >= 0.0 { 1.0 } else { 0.0 }),
    }
}

/// tanh z for pictures: Lambert's continued fraction cut at x⁷/x⁶, clamped
/// at |z| = 4.8, within 7.3e-5 of tanh (a pixel's colour moves at 4e-3).
/// Three multiply-adds above and below where [`tanh`] needs seven and four:
/// the grids of the decision boundary and the neurons, 10,000 cells a
/// frame, run a third faster. Training never uses it.
#[inline]
pub fn tanh_for_drawing(z: f32) -> f32 {
    let x = z.clamp(-4.8, 4.8);
    let x2 = x * x;
    let p = x * (135_135.0 + x2 * (17_325.0 + x2 * (378.0 + x2)));
    let q = 135_135.0 + x2 * (62_370.0 + x2 * (3_150.0 + x2 * 28.0));
    (p / q).clamp(-1.0, 1.0)
}

/// [`apply_slice`] for pictures: tanh as [`tanh_for_drawing`], the sigmoid
/// as `(1 + tanh(z/2)) / 2` through it (within 3.7e-5, four lanes wide
/// where the exact one calls `expf` value by value); the others exact.
pub fn apply_slice_for_drawing(f: Activation, z: &[f32], a: &mut [f32]) {
    let pairs = a.iter_mut().zip(z);
    match f {
        Activation::Tanh => pairs.for_each(|(a, &z)| *a = tanh_for_drawing(z)),
        Activation::Sigmoid => pairs.for_each(|(a, &z)| *a = 0.5 + 0.5 * tanh_for_drawing(0.5 * z)),
        _ => apply_slice(f, z, a),
    }
}

/// The logistic function, computed without overflow for large |z|.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::expf(-z))
    } else {
        let e = libm::expf(z);
        e / (1.0 + e)
    }
}

/// Softmax down each column of `z` (rows are classes, columns are samples),
/// written into `a`. Subtracting the column's maximum first keeps `e^z` finite.
pub fn softmax_columns(z: &crate::Matrix, a: &mut crate::Matrix) {
    a.reshape(z.rows(), z.cols());
    let (classes, n) = (z.rows(), z.cols());
    for s in 0..n {
        let mut max = f32::NEG_INFINITY;
        for k in 0..classes {
            max = max.max(z.at(k, s));
        }
        let mut sum = 0.0;
        for k in 0..classes {
            let e = libm::expf(z.at(k, s) - max);
            a.put(k, s, e);
            sum += e;
        }
        for k in 0..classes {
            a.put(k, s, a.at(k, s) / sum);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each element-wise derivative agrees with a central difference.
    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-3f32;
        for act in [
            Activation::Linear,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::LeakyRelu,
            Activation::Step,
        ] {
            for &z in &[-3.0f32, -0.7, 0.4, 2.5] {
                let numeric = (act.value(z + h) - act.value(z - h)) / (2.0 * h);
                let analytic = act.derivative(z, act.value(z));
                assert!(
                    (numeric - analytic).abs() < 2e-3,
                    "{act:?} at {z}: numeric {numeric}, analytic {analytic}"
                );
                assert!(analytic <= act.max_derivative() + 1e-6);
            }
        }
    }

    #[test]
    fn the_rational_tanh_matches_libm() {
        let mut worst = 0.0f32;
        for i in -20_000..=20_000 {
            let z = i as f32 * 0.0005;
            worst = worst.max((tanh(z) - libm::tanhf(z)).abs());
        }
        assert!(worst < 1e-6, "largest difference {worst}");
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(-1e30), -1.0);
        assert_eq!(tanh(0.0), 0.0);
    }

    #[test]
    fn the_drawing_activations_are_within_a_tenth_of_a_thousandth() {
        let (mut tanh_worst, mut sigmoid_worst) = (0.0f32, 0.0f32);
        let z: alloc::vec::Vec<f32> = (-40_000..=40_000).map(|i| i as f32 * 0.0005).collect();
        let mut a = alloc::vec![0.0; z.len()];
        apply_slice_for_drawing(Activation::Tanh, &z, &mut a);
        for (&z, &a) in z.iter().zip(&a) {
            tanh_worst = tanh_worst.max((a - libm::tanhf(z)).abs());
        }
        apply_slice_for_drawing(Activation::Sigmoid, &z, &mut a);
        for (&z, &a) in z.iter().zip(&a) {
            sigmoid_worst = sigmoid_worst.max((a - sigmoid(z)).abs());
        }
        assert!(tanh_worst < 1e-4, "tanh: {tanh_worst}");
        assert!(sigmoid_worst < 1e-4, "sigmoid: {sigmoid_worst}");
        assert!(tanh_worst > 1e-6, "not the exact tanh: {tanh_worst}");
        // Saturated, it stays a hair inside ±1 (the clamp's end).
        assert!((tanh_for_drawing(1e30) - 1.0).abs() < 1e-4);
        assert!((tanh_for_drawing(-1e30) + 1.0).abs() < 1e-4);
        assert_eq!(tanh_for_drawing(0.0), 0.0);
        assert!(tanh_for_drawing(f32::NAN).is_nan());
    }

    #[test]
    fn sigmoid_is_stable_and_symmetric() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!((sigmoid(2.0) + sigmoid(-2.0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn softmax_columns_sum_to_one_even_for_huge_inputs() {
        let z = crate::Matrix::from_vec(3, 2, alloc::vec![1000.0, 1.0, 1001.0, 2.0, 999.0, 3.0])
            .expect("shape");
        let mut a = crate::Matrix::default();
        softmax_columns(&z, &mut a);
        for s in 0..2 {
            let sum: f32 = (0..3).map(|k| a.at(k, s)).sum();
            assert!((sum - 1.0).abs() < 1e-6);
        }
        assert!(a.at(1, 0) > a.at(0, 0) && a.at(0, 0) > a.at(2, 0));
        assert!((a.at(2, 1) - 0.66524).abs() < 1e-4);
    }
}
