//! Backpropagation against finite differences, for whole stacks of any
//! layer kinds: shared by the tests of the image and the recurrent layers.

use nnplay_core::{
    Activation, Init, InputShape, LayerSpec, Limits, Loss, Matrix, Network, NetworkShape, Rng,
};

/// The output layer's activation and size, and the loss.
pub type Head = (Activation, usize, Loss);

/// Which side of its kink every ReLU is on and which value of each 2 × 2
/// block every max pooling took (read as: is this input value one of the
/// layer's outputs). A nudge that changes either measures two pieces of a
/// function, not its derivative, and is skipped.
fn kink_pattern(net: &Network) -> Vec<bool> {
    let traces = net.trace().layers();
    let mut pattern = Vec::new();
    for (l, layer) in net.layers().iter().enumerate() {
        if matches!(layer.activation(), Activation::Relu) {
            let z = traces[l].pre_activations().as_slice();
            pattern.extend(z.iter().map(|&z| z > 0.0));
        }
        if layer.kind() == nnplay_core::LayerKind::MaxPool2d && l > 0 {
            let out = traces[l].outputs().as_slice();
            let input = traces[l - 1].outputs().as_slice();
            pattern.extend(input.iter().map(|v| out.contains(v)));
        }
    }
    pattern
}

/// The largest relative error, layer by layer, between backprop's gradient
/// of every parameter and `(L(w + h) − L(w − h)) / 2h`.
pub fn check(input: InputShape, hidden: Vec<LayerSpec>, head: Head, seed: u64) -> f64 {
    let (out_act, outputs, loss) = head;
    let shape = NetworkShape {
        input,
        hidden,
        outputs,
        output_activation: out_act,
    };
    shape.validate(&Limits::default()).expect("a valid stack");
    let mut rng = Rng::new(seed);
    let mut net = Network::new(&shape, Init::XavierNormal, 1.0, &mut rng);
    for layer in net.layers_mut() {
        for biases in layer
            .parameters_mut()
            .filter(|p| p.name.starts_with("bias"))
        {
            for b in biases.value.iter_mut() {
                *b = rng.range(-0.3, 0.3);
            }
        }
    }
    let n = 3;
    let mut x = Matrix::zeros(input.size(), n);
    for v in x.as_mut_slice() {
        *v = rng.range(-1.0, 1.0);
    }
    let mut y = Matrix::zeros(outputs, n);
    for s in 0..n {
        match out_act {
            Activation::Softmax => y.set(rng.below(outputs), s, 1.0),
            Activation::Sigmoid => y.set(0, s, rng.below(2) as f32),
            _ => y.set(0, s, rng.range(-1.0, 1.0)),
        };
    }
    let loss_at = |net: &mut Network| {
        net.forward(&x).expect("the input's size");
        (net.loss(&y, loss) as f64, kink_pattern(net))
    };
    let (_, base) = loss_at(&mut net);
    net.forward(&x).expect("the input's size");
    net.backward(&x, &y, loss).expect("matching shapes");
    let analytic: Vec<Vec<f32>> = net
        .layers()
        .iter()
        .map(|l| l.parameters().flat_map(|p| p.gradient.to_vec()).collect())
        .collect();
    let h = 2e-3f32;
    let mut worst = 0.0f64;
    let (mut skipped, mut total) = (0, 0);
    for (l, gradients) in analytic.iter().enumerate() {
        let (mut diff2, mut a2, mut n2) = (0.0f64, 0.0f64, 0.0f64);
        for (p, &a) in gradients.iter().enumerate() {
            let nudge = |net: &mut Network, by: f32| {
                let value = net.layers_mut()[l]
                    .parameters_mut()
                    .flat_map(|t| t.value.iter_mut())
                    .nth(p);
                *value.expect("as many values as gradients") += by;
            };
            nudge(&mut net, h);
            let (up, up_pattern) = loss_at(&mut net);
            nudge(&mut net, -2.0 * h);
            let (down, down_pattern) = loss_at(&mut net);
            nudge(&mut net, h);
            total += 1;
            if up_pattern != base || down_pattern != base {
                skipped += 1;
                continue;
            }
            let numeric = (up - down) / (2.0 * h as f64);
            diff2 += (a as f64 - numeric).powi(2);
            a2 += (a as f64).powi(2);
            n2 += numeric * numeric;
        }
        worst = worst.max(diff2.sqrt() / a2.sqrt().max(n2.sqrt()).max(2e-3));
    }
    assert!(
        total > 0 && 4 * skipped <= total,
        "{skipped} of {total} nudges crossed a kink"
    );
    worst
}
