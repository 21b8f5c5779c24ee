//! Backpropagation against finite differences: for every hidden activation,
//! every loss that fits each task, and depths 1, 3 and 6, the gradient that
//! backprop computes must match `(L(w + h) − L(w − h)) / 2h` for every weight
//! and bias.

use nnplay_core::{Activation, Init, Loss, Matrix, Network, NetworkShape, Rng};

const HIDDEN: [Activation; 5] = [
    Activation::Linear,
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
];

/// (output activation, outputs, loss, targets are one-hot classes?, regression?)
const HEADS: [(Activation, usize, Loss); 11] = [
    (Activation::Sigmoid, 1, Loss::Mse),
    (Activation::Sigmoid, 1, Loss::BinaryCrossEntropy),
    (Activation::Sigmoid, 1, Loss::Mae),
    (Activation::Sigmoid, 1, Loss::Rmse),
    (Activation::Softmax, 3, Loss::CategoricalCrossEntropy),
    (Activation::Softmax, 3, Loss::Mse),
    (Activation::Softmax, 3, Loss::Mae),
    (Activation::Softmax, 3, Loss::Rmse),
    (Activation::Linear, 1, Loss::Mse),
    (Activation::Linear, 1, Loss::Mae),
    (Activation::Linear, 1, Loss::Rmse),
];

fn loss_of(net: &mut Network, x: &Matrix, y: &Matrix, loss: Loss) -> f64 {
    net.forward(x).expect("2 inputs");
    net.loss(y, loss) as f64
}

/// Which side of its kink every unit and every output error is on. A finite
/// difference that crosses a kink (ReLU at 0, MAE at a = y) measures the
/// slopes of two pieces, not the derivative, so such nudges are skipped.
fn kink_pattern(net: &Network, y: &Matrix, loss: Loss) -> Vec<bool> {
    let mut pattern: Vec<bool> = net
        .layers()
        .iter()
        .zip(net.trace().layers())
        .filter(|(l, _)| matches!(l.activation(), Activation::Relu | Activation::LeakyRelu))
        .flat_map(|(_, t)| t.pre_activations().as_slice().iter().map(|&z| z > 0.0))
        .collect();
    if loss == Loss::Mae {
        let out = net.trace().output().outputs().as_slice();
        pattern.extend(out.iter().zip(y.as_slice()).map(|(a, y)| a > y));
    }
    pattern
}

/// Largest relative error over the layers, where each layer's error is
/// ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, floor).
fn check(hidden: Activation, head: (Activation, usize, Loss), depth: usize, seed: u64) -> f64 {
    let (out_act, outputs, loss) = head;
    let mut rng = Rng::new(seed);
    let shape = NetworkShape {
        input: nnplay_core::InputShape::Vector(2),
        hidden: vec![nnplay_core::LayerSpec::dense(3, hidden); depth],
        outputs,
        output_activation: out_act,
    };
    let mut net = Network::new(&shape, Init::XavierNormal, 1.5, &mut rng);
    // Non-zero biases, so ReLUs are not all sitting on their kink at 0.
    for layer in net.layers_mut() {
        for biases in layer.parameters_mut().filter(|p| p.name == "biases") {
            for b in biases.value.iter_mut() {
                *b = rng.range(-0.5, 0.5);
            }
        }
    }
    let n = 5;
    let mut x = Matrix::zeros(2, n);
    for v in x.as_mut_slice() {
        *v = rng.range(-1.5, 1.5);
    }
    let mut y = Matrix::zeros(outputs, n);
    for s in 0..n {
        let inside = match out_act {
            Activation::Softmax => y.set(rng.below(outputs), s, 1.0),
            Activation::Sigmoid => y.set(0, s, (rng.below(2)) as f32),
            _ => y.set(0, s, rng.range(-1.0, 1.0)),
        };
        assert!(inside);
    }
    net.forward(&x).expect("2 inputs");
    let base_pattern = kink_pattern(&net, &y, loss);
    net.backward(&x, &y, loss).expect("matching shapes");
    // Every parameter tensor of each layer, whatever its kind, in one list.
    let analytic: Vec<Vec<f32>> = net
        .layers()
        .iter()
        .map(|l| l.parameters().flat_map(|p| p.gradient.to_vec()).collect())
        .collect();
    // Kinked functions get a smaller nudge, so fewer nudges cross a kink.
    let kinked = matches!(hidden, Activation::Relu | Activation::LeakyRelu) || loss == Loss::Mae;
    let h = if kinked { 2e-3f32 } else { 1e-2 };
    let mut worst = 0.0f64;
    let (mut skipped, mut total) = (0, 0);
    for (l, gradients) in analytic.iter().enumerate() {
        let mut diff2 = 0.0f64;
        let mut a2 = 0.0f64;
        let mut n2 = 0.0f64;
        for (p, &a) in gradients.iter().enumerate() {
            let nudge = |net: &mut Network, by: f32| {
                let layer = &mut net.layers_mut()[l];
                let value = layer
                    .parameters_mut()
                    .flat_map(|t| t.value.iter_mut())
                    .nth(p);
                *value.expect("as many values as gradients") += by;
            };
            nudge(&mut net, h);
            let up = loss_of(&mut net, &x, &y, loss);
            let up_pattern = kink_pattern(&net, &y, loss);
            nudge(&mut net, -2.0 * h);
            let down = loss_of(&mut net, &x, &y, loss);
            let down_pattern = kink_pattern(&net, &y, loss);
            nudge(&mut net, h);
            total += 1;
            if up_pattern != base_pattern || down_pattern != base_pattern {
                skipped += 1;
                continue;
            }
            let numeric = (up - down) / (2.0 * h as f64);
            let a = a as f64;
            diff2 += (a - numeric).powi(2);
            a2 += a * a;
            n2 += numeric * numeric;
        }
        // Below ~2e-3 a layer's gradient drowns in f32 rounding of the loss
        // (about 1e-5 per difference), so tiny gradients are compared absolutely.
        let rel = diff2.sqrt() / a2.sqrt().max(n2.sqrt()).max(2e-3);
        worst = worst.max(rel);
    }
    assert!(
        2 * skipped <= total,
        "{hidden:?} {head:?} {depth}: {skipped} of {total} nudges crossed a kink"
    );
    worst
}

#[test]
fn backprop_matches_finite_differences_for_every_activation_loss_and_depth() {
    let mut failures = Vec::new();
    let mut largest = 0.0f64;
    for (i, &hidden) in HIDDEN.iter().enumerate() {
        for (j, &head) in HEADS.iter().enumerate() {
            for depth in [1, 3, 6] {
                let err = check(hidden, head, depth, (100 * i + 10 * j + depth) as u64);
                largest = largest.max(err);
                if err > 0.03 {
                    failures.push(format!(
                        "{hidden:?} → {:?}/{:?}, depth {depth}: relative error {err:.4}",
                        head.0, head.2
                    ));
                }
            }
        }
    }
    println!("largest relative error over all combinations: {largest:.5}");
    assert!(
        failures.is_empty(),
        "gradients disagree:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_check_catches_a_wrong_derivative() {
    // Guard against a check that cannot fail: a gradient off by a factor of
    // two in one layer must stand out far beyond the tolerance above.
    let mut rng = Rng::new(3);
    let shape = NetworkShape {
        input: nnplay_core::InputShape::Vector(2),
        hidden: vec![nnplay_core::LayerSpec::dense(3, Activation::Tanh); 3],
        outputs: 1,
        output_activation: Activation::Sigmoid,
    };
    let mut net = Network::new(&shape, Init::XavierNormal, 1.0, &mut rng);
    let x = Matrix::from_vec(2, 2, vec![0.3, -1.0, 0.8, 0.2]).expect("shape");
    let y = Matrix::from_vec(1, 2, vec![1.0, 0.0]).expect("shape");
    net.forward(&x).expect("2 inputs");
    net.backward(&x, &y, Loss::BinaryCrossEntropy)
        .expect("matching shapes");
    let dense = |net: &mut Network| net.layers_mut()[1].as_dense_mut().expect("dense").clone();
    let analytic = dense(&mut net).grad_weights.get(0, 0).expect("a cell") as f64;
    let h = 1e-2f32;
    let w = dense(&mut net).weights.get(0, 0).expect("a cell");
    let set = |net: &mut Network, value: f32| {
        net.layers_mut()[1]
            .as_dense_mut()
            .expect("dense")
            .weights
            .as_mut_slice()[0] = value;
    };
    set(&mut net, w + h);
    let up = loss_of(&mut net, &x, &y, Loss::BinaryCrossEntropy);
    set(&mut net, w - h);
    let down = loss_of(&mut net, &x, &y, Loss::BinaryCrossEntropy);
    let numeric = (up - down) / (2.0 * h as f64);
    assert!((analytic - numeric).abs() < 0.03 * numeric.abs());
    assert!((2.0 * analytic - numeric).abs() > 0.5 * numeric.abs());
}
