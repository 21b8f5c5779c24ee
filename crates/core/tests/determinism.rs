//! Same seeds, same run: bit for bit.

use nnplay_core::{Activation, DatasetKind, Optimizer, Trainer, TrainerConfig};

fn config(weight_seed: u64) -> TrainerConfig {
    TrainerConfig {
        dataset: DatasetKind::Spiral,
        hidden_layers: vec![8, 8],
        activation: Activation::Relu,
        optimizer: Optimizer::Adam,
        learning_rate: 0.01,
        weight_seed,
        ..TrainerConfig::default()
    }
}

fn weights(trainer: &Trainer) -> Vec<u32> {
    trainer
        .network()
        .layers()
        .iter()
        .flat_map(|l| l.parameters())
        .flat_map(|p| p.value.iter())
        .map(|w| w.to_bits())
        .collect()
}

fn after_steps(config: TrainerConfig, steps: usize) -> Trainer {
    let mut trainer = Trainer::new(config).expect("valid config");
    for _ in 0..steps {
        trainer.train_step().expect("network");
    }
    trainer
}

#[test]
fn the_same_seeds_give_identical_weights_after_1000_steps() {
    let a = after_steps(config(7), 1_000);
    let b = after_steps(config(7), 1_000);
    assert_eq!(weights(&a), weights(&b));
    assert_eq!(a.summary(), b.summary());
    assert_eq!(a.summary().step, 1_000);
    // Another weight seed starts elsewhere and ends elsewhere, on the same data.
    let c = after_steps(config(8), 1_000);
    assert_ne!(weights(&a), weights(&c));
    assert_eq!(a.data(), c.data());
    // Another data seed gives other points.
    let d = Trainer::new(TrainerConfig {
        data_seed: 2,
        ..config(7)
    })
    .expect("valid");
    assert_ne!(a.data(), d.data());
}

#[test]
fn reset_returns_to_the_same_initial_weights_and_replays_the_same_run() {
    let fresh = Trainer::new(config(3)).expect("valid");
    let mut trainer = after_steps(config(3), 250);
    let trained = weights(&trainer);
    assert_ne!(weights(&fresh), trained);
    trainer.reset().expect("reset");
    assert_eq!(weights(&trainer), weights(&fresh));
    assert_eq!(trainer.summary().epoch, 0);
    for _ in 0..250 {
        trainer.train_step().expect("network");
    }
    assert_eq!(weights(&trainer), trained);
    trainer.reseed(4).expect("reseed");
    assert_eq!(
        weights(&trainer),
        weights(&Trainer::new(config(4)).expect("valid"))
    );
}

#[test]
fn a_model_file_restores_the_network_exactly() {
    let mut trainer = after_steps(config(5), 300);
    trainer.add_point(1.0, 1.0, 1.0).expect("valid point");
    for _ in 0..10 {
        trainer.train_step().expect("network");
    }
    let json = trainer.to_model_json();
    let copy = Trainer::from_model_json(&json).expect("a valid model file");
    assert_eq!(weights(&copy), weights(&trainer));
    assert_eq!(copy.data(), trainer.data());
    assert!(copy.data_edited());
    let grid = nnplay_core::Rect::square(-6.0, 6.0);
    assert_eq!(
        copy.decision_grid(32, &grid).expect("grid"),
        trainer.decision_grid(32, &grid).expect("grid")
    );
}
