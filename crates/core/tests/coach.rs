//! The checklist is right where the chapter needs it: every finding fires in
//! a scene that has its problem and stays silent in a close scene that does
//! not, and the scenes that used to mislead (a rate too high on XOR, a
//! zero-initialized network, a deep ReLU network that generalizes) now say
//! the right thing or nothing.

use nnplay_core::{
    Activation, DatasetKind, Feature, FindingCode, Init, Optimizer, Point, Regularization, Trainer,
    TrainerConfig,
};

/// Every code the coach reported at any epoch of `epochs`, and at the end.
fn run(config: TrainerConfig, epochs: usize) -> (Vec<FindingCode>, Vec<FindingCode>) {
    let mut t = Trainer::new(config).expect("valid config");
    let mut ever = Vec::new();
    for _ in 0..epochs {
        t.train_epoch().expect("network");
        for f in t.coach() {
            if !ever.contains(&f.code()) {
                ever.push(f.code());
            }
        }
    }
    let now = t.coach().iter().map(|f| f.code()).collect();
    (ever, now)
}

fn d() -> TrainerConfig {
    TrainerConfig::default()
}

/// `code` is reported at the end of `fires` and never during `silent`.
fn fires_and_not(code: FindingCode, fires: (TrainerConfig, usize), silent: (TrainerConfig, usize)) {
    let (_, now) = run(fires.0, fires.1);
    assert!(now.contains(&code), "{code:?} should fire: {now:?}");
    let (ever, _) = run(silent.0, silent.1);
    assert!(
        !ever.contains(&code),
        "{code:?} should stay silent: {ever:?}"
    );
}

#[test]
fn loss_not_finite() {
    let plane = |learning_rate| TrainerConfig {
        dataset: DatasetKind::RegressionPlane,
        learning_rate,
        ..d()
    };
    fires_and_not(
        FindingCode::LossNotFinite,
        (plane(1.0), 20),
        (plane(0.01), 20),
    );
}

#[test]
fn loss_rising_names_a_rate_too_high_on_xor() {
    // SGD at rate 10 on XOR: the loss bounces between 0.2 and 0.45.
    let xor = |learning_rate| TrainerConfig {
        learning_rate,
        ..d()
    };
    fires_and_not(FindingCode::LossRising, (xor(10.0), 100), (xor(0.3), 100));
    // ...and nothing else is blamed: not overfitting at 99 % test accuracy,
    // not vanishing gradients in a network two hidden layers deep.
    let (ever, _) = run(xor(10.0), 100);
    assert!(!ever.contains(&FindingCode::Overfitting), "{ever:?}");
    assert!(!ever.contains(&FindingCode::VanishingGradients), "{ever:?}");
    // Adam at rate 10: rising, and no "gradients 0 times the last layer's".
    let adam = TrainerConfig {
        optimizer: Optimizer::Adam,
        learning_rate: 10.0,
        ..d()
    };
    let (ever, now) = run(adam, 60);
    assert!(now.contains(&FindingCode::LossRising), "{now:?}");
    assert!(!ever.contains(&FindingCode::VanishingGradients), "{ever:?}");
}

#[test]
fn symmetric_units_not_a_small_learning_rate() {
    let init = |init| TrainerConfig { init, ..d() };
    fires_and_not(
        FindingCode::SymmetricUnits,
        (init(Init::Zeros), 60),
        (init(Init::XavierUniform), 60),
    );
    let (ever, _) = run(init(Init::Zeros), 100);
    assert!(!ever.contains(&FindingCode::LearningTooSlow), "{ever:?}");
}

#[test]
fn learning_too_slow() {
    let xor = |learning_rate| TrainerConfig {
        learning_rate,
        ..d()
    };
    fires_and_not(
        FindingCode::LearningTooSlow,
        (xor(0.0001), 60),
        (xor(0.3), 60),
    );
}

#[test]
fn overfitting_needs_a_gap_that_matters() {
    let noisy = |noise, hidden_layers| TrainerConfig {
        dataset: DatasetKind::Gaussians,
        points: 40,
        noise,
        hidden_layers,
        optimizer: Optimizer::Adam,
        learning_rate: 0.03,
        ..d()
    };
    fires_and_not(
        FindingCode::Overfitting,
        (noisy(0.8, vec![16, 16, 16]), 300),
        (noisy(0.0, vec![16, 16, 16]), 300),
    );
    // Eight ReLU layers on the circle: the test loss creeps up as the
    // training loss reaches 0, but the test accuracy stays within a few
    // points of the training accuracy: nothing worth a word.
    let deep = TrainerConfig {
        dataset: DatasetKind::Circle,
        hidden_layers: vec![8; 8],
        activation: Activation::Relu,
        init: Init::He,
        optimizer: Optimizer::Adam,
        learning_rate: 0.01,
        ..d()
    };
    let (_, now) = run(deep, 100);
    assert!(!now.contains(&FindingCode::Overfitting), "{now:?}");
}

#[test]
fn vanishing_gradients_need_depth_and_a_squashing_activation() {
    let deep = |activation, init| TrainerConfig {
        dataset: DatasetKind::Circle,
        hidden_layers: vec![8; 6],
        activation,
        init,
        normalize: true,
        ..d()
    };
    fires_and_not(
        FindingCode::VanishingGradients,
        (deep(Activation::Sigmoid, Init::XavierUniform), 20),
        (deep(Activation::Relu, Init::He), 20),
    );
    let mut t = Trainer::new(deep(Activation::Sigmoid, Init::XavierUniform)).expect("valid");
    for _ in 0..20 {
        t.train_epoch().expect("network");
    }
    let named = t.coach().into_iter().find_map(|f| match f {
        nnplay_core::Finding::VanishingGradients { activation, .. } => Some(activation),
        _ => None,
    });
    assert_eq!(named, Some(Activation::Sigmoid));
}

#[test]
fn dead_relus() {
    let circle = |activation| TrainerConfig {
        dataset: DatasetKind::Circle,
        hidden_layers: vec![8, 8],
        activation,
        learning_rate: 3.0,
        ..d()
    };
    fires_and_not(
        FindingCode::DeadRelus,
        (circle(Activation::Relu), 30),
        (circle(Activation::LeakyRelu), 30),
    );
}

#[test]
fn saturated_units() {
    let scaled = |init_scale| TrainerConfig {
        dataset: DatasetKind::Circle,
        hidden_layers: vec![4],
        init: Init::XavierUniform,
        init_scale,
        ..d()
    };
    fires_and_not(
        FindingCode::SaturatedUnits,
        (scaled(10.0), 50),
        (scaled(1.0), 50),
    );
}

#[test]
fn class_imbalance() {
    let points = |rare: usize| -> Vec<Point> {
        (0..40)
            .map(|i| Point {
                x1: (i % 8) as f32 - 4.0,
                x2: (i / 8) as f32 - 2.0,
                label: if i < rare { 1.0 } else { 0.0 },
            })
            .collect()
    };
    let coach_of = |rare| {
        let mut t = Trainer::new(TrainerConfig {
            dataset: DatasetKind::Gaussians,
            ..d()
        })
        .expect("valid");
        t.set_points(points(rare), Vec::new())
            .expect("valid points");
        t.train_epoch().expect("network");
        t.coach().iter().map(|f| f.code()).collect::<Vec<_>>()
    };
    assert!(coach_of(4).contains(&FindingCode::ClassImbalance));
    assert!(!coach_of(20).contains(&FindingCode::ClassImbalance));
}

#[test]
fn inputs_not_normalized() {
    let squared = |normalize| TrainerConfig {
        dataset: DatasetKind::Circle,
        features: vec![Feature::X1Squared, Feature::X2Squared],
        hidden_layers: vec![4],
        normalize,
        ..d()
    };
    fires_and_not(
        FindingCode::InputsNotNormalized,
        (squared(false), 5),
        (squared(true), 5),
    );
}

#[test]
fn a_healthy_run_gets_no_finding() {
    let runs = [
        d(),
        TrainerConfig {
            dataset: DatasetKind::Circle,
            hidden_layers: vec![4],
            init: Init::XavierUniform,
            optimizer: Optimizer::Adam,
            learning_rate: 0.01,
            regularization: Regularization::L2,
            regularization_rate: 0.001,
            ..d()
        },
    ];
    for config in runs {
        let (_, now) = run(config.clone(), 100);
        assert!(now.is_empty(), "{config:?}: {now:?}");
    }
}
