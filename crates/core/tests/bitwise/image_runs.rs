//! An image network trained to the bit, natively (`tests/image_layers.rs`)
//! and in wasm (`crates/wasm/tests/node.rs`, built with the `images`
//! feature): the same committed fingerprint on both sides means convolution,
//! both poolings and flatten compute the same bits everywhere.
//!
//! The network reads 8 × 8 images of two channels through conv 3×3 (same,
//! tanh) → max pool → conv 3×3 (valid, leaky ReLU) → average pool →
//! flatten → dense 5 (sigmoid) → softmax over 3 classes; its inputs and
//! labels come from a seeded generator, and plain gradient steps
//! (`w ← w − η ∂L/∂w`, batch 7) train it.

use nnplay_core::layer::{Padding, PoolMode};
use nnplay_core::{
    Activation, Init, InputShape, LayerSpec, Loss, Matrix, Network, NetworkShape, Rng,
};

/// Gradient steps taken.
pub const STEPS: usize = 60;

/// The fingerprint recorded natively when the layers came in.
pub const EXPECTED: ([u32; 6], u64) = (
    [
        1067379188, 1065516921, 1065888184, 1065428179, 1065491209, 1065826376,
    ],
    0x6404_0037_7696_7a7e,
);

/// Trains the network here and compares with [`EXPECTED`].
pub fn check_against_record() {
    let (losses, weights) = conv_fingerprint();
    let first = f32::from_bits(losses[0]);
    let last = f32::from_bits(losses[losses.len() - 1]);
    assert!(last < first, "it learns: {first} → {last}");
    assert_eq!(
        (losses.as_slice(), weights),
        (&EXPECTED.0[..], EXPECTED.1),
        "the image network's losses (bits) and weights (FNV-1a)"
    );
}

/// The loss's bits every 10 steps, then FNV-1a of every parameter's bits.
pub fn conv_fingerprint() -> (Vec<u32>, u64) {
    let conv = |filters, padding, f| LayerSpec::Conv2d {
        filters,
        size: 3,
        padding,
        activation: Some(f),
    };
    let shape = NetworkShape {
        input: InputShape::Image {
            height: 8,
            width: 8,
            channels: 2,
        },
        hidden: vec![
            conv(4, Padding::Same, Activation::Tanh),
            LayerSpec::Pool2d(PoolMode::Max),
            conv(3, Padding::Valid, Activation::LeakyRelu),
            LayerSpec::Pool2d(PoolMode::Average),
            LayerSpec::Flatten,
            LayerSpec::dense(5, Activation::Sigmoid),
        ],
        outputs: 3,
        output_activation: Activation::Softmax,
    };
    let mut rng = Rng::new(2026);
    let mut net = Network::new(&shape, Init::He, 1.0, &mut rng);
    // 21 samples, seen 7 at a time, round and round.
    let batch = 7;
    let (mut all_x, mut all_y) = (Matrix::zeros(128, 3 * batch), Matrix::zeros(3, 3 * batch));
    for v in all_x.as_mut_slice() {
        *v = rng.range(0.0, 1.0);
    }
    for s in 0..3 * batch {
        // The class is which channel holds more ink, or neither.
        let ink = |c: usize| (0..64).map(|r| all_x.row(c * 64 + r)[s]).sum::<f32>();
        let class = match ink(0) - ink(1) {
            d if d > 1.5 => 0,
            d if d < -1.5 => 1,
            _ => 2,
        };
        all_y.set(class, s, 1.0);
    }
    let (mut x, mut y) = (Matrix::zeros(128, batch), Matrix::zeros(3, batch));
    let mut losses = Vec::new();
    for step in 0..STEPS {
        let first = (step % 3) * batch;
        for r in 0..128 {
            x.row_mut(r)
                .copy_from_slice(&all_x.row(r)[first..first + batch]);
        }
        for r in 0..3 {
            y.row_mut(r)
                .copy_from_slice(&all_y.row(r)[first..first + batch]);
        }
        net.forward(&x).expect("128 inputs");
        if step % 10 == 0 {
            losses.push(net.loss(&y, Loss::CategoricalCrossEntropy).to_bits());
        }
        net.backward(&x, &y, Loss::CategoricalCrossEntropy)
            .expect("matching shapes");
        for layer in net.layers_mut() {
            for p in layer.parameters_mut() {
                for (w, g) in p.value.iter_mut().zip(p.gradient) {
                    *w -= 0.5 * g;
                }
            }
        }
    }
    let words = net
        .layers()
        .iter()
        .flat_map(|l| l.parameters())
        .flat_map(|p| p.value.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for w in words {
        for b in w.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    (losses, h)
}
