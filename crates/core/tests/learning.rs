//! The chapter's claims, checked by training: a network learns XOR, a
//! perceptron learns AND and OR but never XOR, deeper and wider networks
//! learn spirals, softmax learns three classes.

use nnplay_core::{Activation, DatasetKind, Init, Mode, Optimizer, Trainer, TrainerConfig};

/// Trains epoch by epoch until the training accuracy reaches `target` or
/// `max_epochs` pass; returns the epochs used and the accuracy reached.
fn train_until(trainer: &mut Trainer, target: f32, max_epochs: u64) -> (u64, f32) {
    loop {
        let s = trainer.summary();
        let accuracy = s.train_accuracy.expect("a classification task");
        if accuracy >= target || s.epoch >= max_epochs {
            return (s.epoch, accuracy);
        }
        trainer.train_epoch().expect("a network config");
    }
}

#[test]
fn a_small_network_learns_the_xor_truth_table() {
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::XorTable,
        hidden_layers: vec![4],
        learning_rate: 0.5,
        batch_size: 4,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    let (epochs, accuracy) = train_until(&mut trainer, 1.0, 5_000);
    println!("XOR truth table, 2-4-1 tanh: 100 % after {epochs} epochs");
    assert_eq!(accuracy, 1.0, "stuck at {accuracy} after {epochs} epochs");
    // Every one of the four rows, by prediction.
    for (x, y, want) in [
        (0.0, 0.0, false),
        (0.0, 1.0, true),
        (1.0, 0.0, true),
        (1.0, 1.0, false),
    ] {
        let p = trainer.predict(x, y).expect("finite input")[0];
        assert_eq!(p >= 0.5, want, "({x}, {y}) → {p}");
    }
}

#[test]
fn the_default_scene_learns_the_xor_cloud_on_held_out_points() {
    let mut trainer = Trainer::new(TrainerConfig::default()).expect("the default config is valid");
    while trainer.summary().test_accuracy < Some(1.0) && trainer.summary().epoch < 100 {
        trainer.train_epoch().expect("network");
    }
    let s = trainer.summary();
    let epochs = s.epoch;
    println!(
        "default XOR cloud: train {:?}, test {:?} after {epochs} epochs",
        s.train_accuracy, s.test_accuracy
    );
    assert_eq!(s.test_accuracy, Some(1.0), "{s:?}");
}

fn perceptron(kind: DatasetKind) -> Trainer {
    Trainer::new(TrainerConfig {
        mode: Mode::Perceptron,
        dataset: kind,
        learning_rate: 0.5,
        ..TrainerConfig::default()
    })
    .expect("valid perceptron config")
}

#[test]
fn a_perceptron_converges_on_and_and_or() {
    for kind in [DatasetKind::And, DatasetKind::Or] {
        let mut p = perceptron(kind);
        let mut last = None;
        for _ in 0..100 {
            let update = p.perceptron_step().expect("perceptron mode");
            if update.converged {
                last = Some(update);
                break;
            }
            // Every update was triggered by a point that was wrong before it.
            assert!(update.point.is_some());
        }
        let last = last.unwrap_or_else(|| panic!("{kind:?} did not converge in 100 updates"));
        println!("{kind:?}: converged after {} updates", last.updates);
        assert_eq!(p.summary().train_accuracy, Some(1.0));
    }
}

#[test]
fn a_perceptron_never_converges_on_xor() {
    let mut p = perceptron(DatasetKind::XorTable);
    let mut best = 0.0f32;
    for _ in 0..2_000 {
        let update = p.perceptron_step().expect("perceptron mode");
        assert!(!update.converged, "one line cannot separate XOR");
        assert!(update.point.is_some());
        let correct = [
            (0.0, 0.0, 0.0),
            (0.0, 1.0, 1.0),
            (1.0, 0.0, 1.0),
            (1.0, 1.0, 0.0),
        ]
        .iter()
        .filter(|&&(x, y, label)| (p.predict(x, y).expect("finite")[0] >= 0.5) == (label == 1.0))
        .count();
        best = best.max(correct as f32 / 4.0);
    }
    assert!(best <= 0.75, "a single line got all four XOR points right");
    // A perceptron refuses gradient steps, and a network refuses perceptron steps.
    assert!(p.train_step().is_err());
    let mut net = Trainer::new(TrainerConfig::default()).expect("valid");
    assert!(net.perceptron_step().is_err());
}

#[test]
fn a_2_8_8_1_tanh_network_learns_the_two_arm_spiral() {
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::Spiral,
        points: 300,
        noise: 0.0,
        test_ratio: 0.2,
        hidden_layers: vec![8, 8],
        activation: Activation::Tanh,
        optimizer: Optimizer::Adam,
        learning_rate: 0.01,
        batch_size: 10,
        init: Init::XavierUniform,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    let (epochs, accuracy) = train_until(&mut trainer, 0.95, 2_000);
    println!("spiral 2-8-8-1 tanh: {accuracy} train accuracy after {epochs} epochs");
    assert!(accuracy >= 0.95, "{accuracy} after {epochs} epochs");
}

#[test]
fn softmax_learns_the_three_class_spiral() {
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::Spiral3,
        points: 300,
        noise: 0.0,
        test_ratio: 0.2,
        hidden_layers: vec![16, 16],
        activation: Activation::Relu,
        optimizer: Optimizer::Adam,
        learning_rate: 0.01,
        batch_size: 10,
        init: Init::He,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    assert_eq!(trainer.outputs(), 3);
    let (epochs, accuracy) = train_until(&mut trainer, 0.9, 2_000);
    println!("3-class spiral, softmax: {accuracy} train accuracy after {epochs} epochs");
    assert!(accuracy >= 0.9, "{accuracy} after {epochs} epochs");
    // The softmax outputs are probabilities.
    let p = trainer.predict(1.0, 2.0).expect("finite");
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn a_linear_model_fits_the_regression_plane() {
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::RegressionPlane,
        hidden_layers: vec![],
        learning_rate: 0.01,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    for _ in 0..100 {
        trainer.train_epoch().expect("network");
    }
    let s = trainer.summary();
    assert_eq!(s.train_accuracy, None);
    assert!(s.train_loss < 1e-3, "{s:?}");
    let p = trainer.predict(3.0, 3.0).expect("finite")[0];
    assert!((p - 0.5).abs() < 0.05, "{p}");
}

#[test]
fn too_large_a_learning_rate_diverges_and_the_coach_says_so() {
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::RegressionPlane,
        hidden_layers: vec![8, 8],
        activation: Activation::Relu,
        learning_rate: 10.0,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    for _ in 0..20 {
        trainer.train_epoch().expect("network");
    }
    assert!(trainer.summary().diverged, "{:?}", trainer.summary());
    let findings = trainer.coach();
    assert_eq!(
        findings,
        [nnplay_core::Finding::LossNotFinite {
            learning_rate: 10.0
        }]
    );
}

#[test]
fn an_exploding_loss_counts_as_diverged_long_before_it_overflows() {
    // Regression with SGD at rate 1 blows up: the loss climbs by orders of
    // magnitude each epoch. The run must say "diverged" while every number
    // is still finite, not only once they overflow.
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::RegressionPlane,
        learning_rate: 1.0,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    let start = trainer.summary().train_loss;
    let mut epochs = 0;
    while !trainer.summary().diverged && epochs < 200 {
        trainer.train_epoch().expect("network");
        epochs += 1;
    }
    let s = trainer.summary();
    assert!(s.diverged, "{s:?} after {epochs} epochs");
    assert!(s.train_loss.is_finite() && s.train_loss < 1e12, "{s:?}");
    assert!(
        s.train_loss > nnplay_core::trainer::EXPLODED_LOSS_FACTOR * start.max(0.01),
        "{s:?}, start {start}"
    );
    // A healthy run of the same data never trips it.
    let mut healthy = Trainer::new(TrainerConfig {
        dataset: DatasetKind::RegressionPlane,
        learning_rate: 0.01,
        ..TrainerConfig::default()
    })
    .expect("valid config");
    for _ in 0..100 {
        healthy.train_epoch().expect("network");
    }
    assert!(!healthy.summary().diverged, "{:?}", healthy.summary());
}
