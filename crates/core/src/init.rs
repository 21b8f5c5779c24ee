//! Initial weights: where gradient descent starts.
//!
//! | scheme           | each weight drawn from                         | suits            |
//! |------------------|------------------------------------------------|------------------|
//! | `Uniform`        | U(−0.5, 0.5) (TensorFlow Playground's choice)  | small demos      |
//! | `XavierUniform`  | U(−r, r), r = √(6 / (fan_in + fan_out))        | sigmoid, tanh    |
//! | `XavierNormal`   | N(0, 2 / (fan_in + fan_out))                   | sigmoid, tanh    |
//! | `He`             | N(0, 2 / fan_in)                               | ReLU             |
//! | `Zeros`          | 0 (every neuron stays identical: symmetry)     | showing why not  |
//!
//! Every draw is then multiplied by a scale factor, to show what too small
//! (nothing moves, gradients vanish) and too large (saturated units,
//! exploding outputs) starting weights do. Biases start at 0, except with
//! `Uniform`, which follows TensorFlow Playground and starts them at 0.1.

use crate::Rng;

/// A weight initialization scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Init {
    /// Uniform in ±0.5, biases 0.1.
    Uniform,
    /// Glorot & Bengio (2010), uniform.
    XavierUniform,
    /// Glorot & Bengio (2010), normal.
    XavierNormal,
    /// He et al. (2015), normal, for ReLU layers.
    He,
    /// All zeros.
    Zeros,
}

impl Init {
    /// Every scheme, in menu order.
    pub const ALL: [Init; 5] = [
        Init::Uniform,
        Init::XavierUniform,
        Init::XavierNormal,
        Init::He,
        Init::Zeros,
    ];

    /// One initial weight of a layer with `fan_in` inputs and `fan_out` outputs.
    pub fn weight(self, rng: &mut Rng, fan_in: usize, fan_out: usize) -> f32 {
        let (fan_in, fan_out) = (fan_in.max(1) as f32, fan_out.max(1) as f32);
        match self {
            Init::Uniform => rng.range(-0.5, 0.5),
            Init::XavierUniform => {
                let r = libm::sqrtf(6.0 / (fan_in + fan_out));
                rng.range(-r, r)
            }
            Init::XavierNormal => rng.gaussian() * libm::sqrtf(2.0 / (fan_in + fan_out)),
            Init::He => rng.gaussian() * libm::sqrtf(2.0 / fan_in),
            Init::Zeros => 0.0,
        }
    }

    /// The initial bias of every neuron.
    pub fn bias(self) -> f32 {
        match self {
            Init::Uniform => 0.1,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variance(init: Init, fan_in: usize, fan_out: usize) -> f32 {
        let mut rng = Rng::new(5);
        let n = 20_000;
        let draws: alloc::vec::Vec<f32> = (0..n)
            .map(|_| init.weight(&mut rng, fan_in, fan_out))
            .collect();
        draws.iter().map(|w| w * w).sum::<f32>() / n as f32
    }

    #[test]
    fn schemes_have_their_textbook_variance() {
        // U(-r, r) has variance r²/3.
        assert!((variance(Init::Uniform, 4, 4) - 0.25 / 3.0).abs() < 0.005);
        assert!((variance(Init::XavierUniform, 8, 4) - 2.0 / 12.0).abs() < 0.01);
        assert!((variance(Init::XavierNormal, 8, 4) - 2.0 / 12.0).abs() < 0.01);
        assert!((variance(Init::He, 8, 4) - 0.25).abs() < 0.01);
        assert_eq!(variance(Init::Zeros, 8, 4), 0.0);
    }
}
