//! Runs shared by the build script (natively, on the machine that builds) and
//! the wasm tests (in Node, Chromium and Firefox): each trains 1,000 steps
//! and returns the bits of every weight, bias and the final loss, so native
//! and wasm can be compared bit for bit in every engine. The build script
//! writes its native results to `$OUT_DIR/native_reference.rs` on every
//! build; nothing is stored in the repository that could silently go stale.

use nnplay_core::{
    Activation, DatasetKind, Feature, Init, Loss, Optimizer, Regularization, Trainer, TrainerConfig,
};

/// Steps per run: the number the reliability issue asks for.
pub const STEPS: usize = 1_000;

/// The runs, named. Between them they use every transcendental the engine
/// calls (tanh's rational form, `expf` in sigmoid and softmax, `sinf` in the
/// features, `powf` and `sqrtf` in Adam) and every optimizer.
pub fn scenarios() -> Vec<(&'static str, TrainerConfig)> {
    let base = TrainerConfig::default();
    vec![
        (
            "spiral 2-8-8-1 tanh, sigmoid output, cross-entropy, Adam, batch 10",
            TrainerConfig {
                dataset: DatasetKind::Spiral,
                points: 300,
                noise: 0.1,
                hidden_layers: vec![8, 8],
                activation: Activation::Tanh,
                loss: Some(Loss::BinaryCrossEntropy),
                optimizer: Optimizer::Adam,
                learning_rate: 0.01,
                batch_size: 10,
                init: Init::XavierUniform,
                weight_seed: 7,
                ..base.clone()
            },
        ),
        (
            "three-arm spiral, ReLU, softmax, Adam, L2, batch 16, sin features",
            TrainerConfig {
                dataset: DatasetKind::Spiral3,
                points: 300,
                noise: 0.05,
                features: vec![Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2],
                hidden_layers: vec![12, 6],
                activation: Activation::Relu,
                optimizer: Optimizer::Adam,
                learning_rate: 0.02,
                regularization: Regularization::L2,
                regularization_rate: 0.001,
                batch_size: 16,
                init: Init::He,
                weight_seed: 11,
                ..base.clone()
            },
        ),
        (
            "circle, sigmoid, MSE, momentum, L1, batch 1, normalized squares",
            TrainerConfig {
                dataset: DatasetKind::Circle,
                points: 200,
                noise: 0.1,
                features: vec![Feature::X1, Feature::X2, Feature::X1Squared, Feature::X1X2],
                normalize: true,
                hidden_layers: vec![5],
                activation: Activation::Sigmoid,
                loss: Some(Loss::Mse),
                optimizer: Optimizer::Momentum,
                learning_rate: 0.1,
                regularization: Regularization::L1,
                regularization_rate: 0.0005,
                batch_size: 1,
                weight_seed: 3,
                ..base.clone()
            },
        ),
        (
            "spiral 2-8-8-8-1 tanh, MSE, plain SGD, batch 1 (the fused one-sample step)",
            TrainerConfig {
                dataset: DatasetKind::Spiral,
                points: 200,
                noise: 0.05,
                hidden_layers: vec![8, 8, 8],
                activation: Activation::Tanh,
                loss: Some(Loss::Mse),
                optimizer: Optimizer::Sgd,
                learning_rate: 0.03,
                batch_size: 1,
                weight_seed: 5,
                ..base
            },
        ),
    ]
}

/// Trains `config` for [`STEPS`] steps; the bits of every weight and bias,
/// layer after layer, then of the training loss.
pub fn run(config: TrainerConfig) -> Vec<u32> {
    let mut trainer = Trainer::new(config).expect("the scenarios are valid configs");
    for _ in 0..STEPS {
        trainer.train_step().expect("a network-mode run trains");
    }
    let mut bits = Vec::new();
    for layer in trainer.network().layers() {
        for p in layer.parameters() {
            bits.extend(p.value.iter().map(|v| v.to_bits()));
        }
    }
    bits.push(trainer.summary().train_loss.to_bits());
    bits
}
