//! A run's continuation is everything another program needs to go on
//! exactly as the run would: checked here by an independent xoshiro256++
//! (as the PyTorch script writes it in Python) that, from the exported
//! state alone, predicts the next epochs' orders.

use nnplay_core::continuation::LearnerState;
use nnplay_core::{Mode, Optimizer, Trainer, TrainerConfig};

/// xoshiro256++ from its four words, as `web/pytorch.js` writes it in Python.
struct Xoshiro([u64; 4]);

impl Xoshiro {
    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            let j = (((self.next() >> 32) * (i as u64 + 1)) >> 32) as usize;
            items.swap(i, j);
        }
    }
}

fn order_of(trainer: &Trainer) -> (Vec<usize>, usize, [u64; 4]) {
    let c = trainer.continuation();
    match c.learner {
        LearnerState::Descent(d) => (d.order.to_vec(), c.cursor, d.order_rng),
        LearnerState::Perceptron { .. } => panic!("a network descends"),
    }
}

#[test]
fn the_exported_order_state_predicts_the_next_epochs() {
    let mut trainer = Trainer::new(TrainerConfig {
        points: 37,
        batch_size: 5,
        ..TrainerConfig::default()
    })
    .unwrap();
    // Stop mid-epoch: 3 epochs and 2 batches.
    trainer.train_epochs(3).unwrap();
    trainer.train_step().unwrap();
    trainer.train_step().unwrap();
    let (mut order, cursor, state) = order_of(&trainer);
    assert_eq!(cursor, 10);
    let mut rng = Xoshiro(state);
    for _ in 0..4 {
        trainer.train_epoch().unwrap();
        rng.shuffle(&mut order);
        let (now, cursor, _) = order_of(&trainer);
        assert_eq!(cursor, 0);
        assert_eq!(now, order, "the next epoch's order");
    }
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..trainer.data().train.len()).collect::<Vec<_>>());
}

#[test]
fn the_optimizer_memory_is_exported_tensor_by_tensor() {
    for optimizer in [Optimizer::Sgd, Optimizer::Momentum, Optimizer::Adam] {
        let mut trainer = Trainer::new(TrainerConfig {
            optimizer,
            ..TrainerConfig::default()
        })
        .unwrap();
        trainer.train_steps(7).unwrap();
        let c = trainer.continuation();
        assert_eq!(c.step, 7);
        let LearnerState::Descent(d) = c.learner else {
            panic!("a network descends")
        };
        assert_eq!(d.optimizer, optimizer);
        assert_eq!(d.optimizer_steps, 7);
        let sizes: Vec<usize> = trainer
            .network()
            .layers()
            .iter()
            .flat_map(|l| l.parameters().map(|p| p.value.len()).collect::<Vec<_>>())
            .collect();
        let moments: Vec<(&[f32], &[f32])> = d.moments.moments().collect();
        assert_eq!(moments.len(), sizes.len());
        for ((first, second), size) in moments.iter().zip(&sizes) {
            assert_eq!((first.len(), second.len()), (*size, *size));
            let moved = |m: &[f32]| m.iter().any(|&v| v != 0.0);
            // Momentum keeps a velocity, Adam both moments; SGD remembers nothing.
            assert_eq!(moved(first), optimizer != Optimizer::Sgd, "{optimizer:?}");
            assert_eq!(moved(second), optimizer == Optimizer::Adam, "{optimizer:?}");
        }
    }
}

#[test]
fn a_perceptron_exports_its_place_in_the_round() {
    let mut trainer = Trainer::new(TrainerConfig {
        mode: Mode::Perceptron,
        dataset: nnplay_core::DatasetKind::And,
        ..TrainerConfig::default()
    })
    .unwrap();
    trainer.perceptron_step().unwrap();
    let c = trainer.continuation();
    assert_eq!(c.step, 1);
    assert!(c.cursor > 0, "it moved at a point past the first");
    assert!(matches!(
        c.learner,
        LearnerState::Perceptron { clean_run: 0 }
    ));
}
