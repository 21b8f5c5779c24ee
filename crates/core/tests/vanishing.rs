//! Vanishing gradients, measured: in a deep sigmoid network the layers near
//! the input get far smaller gradients than the output layer; ReLU with He
//! initialization keeps them comparable.

use nnplay_core::{Activation, DatasetKind, FindingCode, Init, Trainer, TrainerConfig};

fn deep(activation: Activation, init: Init) -> Trainer {
    Trainer::new(TrainerConfig {
        dataset: DatasetKind::Circle,
        hidden_layers: vec![8; 6],
        activation,
        init,
        normalize: true,
        learning_rate: 0.03,
        ..TrainerConfig::default()
    })
    .expect("valid config")
}

/// Mean |∂L/∂W| per layer (input side first), averaged over 20 steps.
fn layer_gradients(trainer: &mut Trainer) -> Vec<f32> {
    for _ in 0..20 {
        trainer.train_step().expect("network");
    }
    let history = trainer.gradient_history();
    let layers = trainer.network().layers().len();
    (0..layers)
        .map(|l| {
            (0..history.len())
                .map(|i| history.row(i)[2 * l])
                .sum::<f32>()
                / history.len() as f32
        })
        .collect()
}

fn sci(values: &[f32]) -> Vec<String> {
    values.iter().map(|v| format!("{v:.1e}")).collect()
}

#[test]
fn sigmoid_gradients_vanish_towards_the_input_and_relu_he_gradients_do_not() {
    let mut sigmoid = deep(Activation::Sigmoid, Init::XavierUniform);
    let g = layer_gradients(&mut sigmoid);
    let sigmoid_ratio = g[0] / g[g.len() - 1];
    println!(
        "sigmoid + Xavier, mean |dL/dW| per layer: {:?}; first/last = {sigmoid_ratio:.1e}",
        sci(&g)
    );
    // Every step towards the input shrinks the gradient.
    assert!(g.windows(2).all(|w| w[0] < w[1]), "{g:?}");
    assert!(sigmoid_ratio < 1e-2, "first/last = {sigmoid_ratio}");

    let mut relu = deep(Activation::Relu, Init::He);
    let g = layer_gradients(&mut relu);
    let relu_ratio = g[0] / g[g.len() - 1];
    println!(
        "ReLU + He, mean |dL/dW| per layer: {:?}; first/last = {relu_ratio:.2}",
        sci(&g)
    );
    assert!(
        (0.1..10.0).contains(&relu_ratio),
        "first/last = {relu_ratio}"
    );

    // The coach names the problem only where it is.
    assert!(sigmoid
        .coach()
        .iter()
        .any(|f| f.code() == FindingCode::VanishingGradients));
    assert!(!relu
        .coach()
        .iter()
        .any(|f| f.code() == FindingCode::VanishingGradients));
}
