//! Property tests (proptest, stable Rust): whatever a config, a model file
//! or a point set holds, the engine either refuses it with an error or
//! trains without a panic, and a run whose parameters turn non-finite says
//! `diverged`. Each test prints how many inputs it tried and what became of
//! them (`cargo test -p nnplay-core --test properties -- --nocapture`).
//!
//! The runs are seeded (proptest's deterministic generator): a failure
//! replays the same way on every machine.

use nnplay_core::{
    Activation, DatasetKind, Feature, Init, LayerSpec, Loss, Mode, Optimizer, Point,
    Regularization, Trainer, TrainerConfig,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::cell::Cell;

fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// Any f32 a hand edit can produce: ordinary, tiny, huge, zero, negative, NaN, ±∞.
fn wild_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -2.0f32..12.0,
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::NEG_INFINITY),
        1 => Just(0.0f32),
        1 => Just(1e9f32),
        1 => any::<f32>(),
    ]
}

/// Mostly a value from the allowed range, sometimes anything at all.
fn mostly(valid: std::ops::Range<f32>) -> impl Strategy<Value = f32> {
    prop_oneof![6 => valid, 1 => wild_f32()]
}

fn activation() -> impl Strategy<Value = Activation> {
    prop::sample::select(Activation::ALL.to_vec())
}

fn config() -> impl Strategy<Value = TrainerConfig> {
    let data = (
        prop::sample::select(vec![Mode::Network, Mode::Network, Mode::Perceptron]),
        prop::sample::select(DatasetKind::ALL.to_vec()),
        prop_oneof![8 => 4usize..60, 1 => Just(5001usize), 1 => any::<usize>()],
        mostly(0.0..1.0),
        mostly(0.0..0.9),
        prop_oneof![8 => 0u64..1000, 1 => any::<u64>()],
        prop::collection::vec(prop::sample::select(Feature::ALL.to_vec()), 1..4),
        any::<bool>(),
    );
    let net = (
        prop::collection::vec(
            prop_oneof![8 => 1usize..10, 1 => 0usize..18, 1 => any::<usize>()],
            0..4,
        ),
        activation(),
        prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(activation(), 0..4)],
        prop::option::of(prop::sample::select(vec![
            Loss::Mse,
            Loss::Mae,
            Loss::Rmse,
            Loss::BinaryCrossEntropy,
            Loss::CategoricalCrossEntropy,
        ])),
        prop::sample::select(vec![Optimizer::Sgd, Optimizer::Momentum, Optimizer::Adam]),
        // Rates up to 10 (the limit): the large ones diverge, which is looked at.
        mostly(0.001..10.0),
        prop::sample::select(vec![
            Regularization::None,
            Regularization::L1,
            Regularization::L2,
        ]),
        mostly(0.0..1.0),
    );
    let rest = (
        prop_oneof![8 => 1usize..40, 1 => Just(1001usize), 1 => any::<usize>()],
        prop::sample::select(vec![
            Init::Uniform,
            Init::XavierUniform,
            Init::XavierNormal,
            Init::He,
            Init::Zeros,
        ]),
        mostly(0.1..10.0),
        prop_oneof![8 => 0u64..1000, 1 => any::<u64>()],
        // The general form of the hidden layers, now and then (alone, or
        // beside the older form it must agree with).
        prop_oneof![
            3 => Just(None),
            1 => prop::option::of(prop::collection::vec(
                (
                    prop_oneof![8 => 1usize..10, 1 => 0usize..18, 1 => any::<usize>()],
                    prop::option::of(activation()),
                )
                    .prop_map(|(units, activation)| LayerSpec::Dense { units, activation }),
                0..10,
            )),
        ],
    );
    (data, net, rest).prop_map(
        |(
            (mode, dataset, points, noise, test_ratio, data_seed, features, normalize),
            (
                hidden_layers,
                activation,
                layer_activations,
                loss,
                optimizer,
                learning_rate,
                regularization,
                regularization_rate,
            ),
            (batch_size, init, init_scale, weight_seed, layers),
        )| TrainerConfig {
            mode,
            dataset,
            points,
            noise,
            test_ratio,
            data_seed,
            features,
            normalize,
            hidden_layers,
            activation,
            layer_activations,
            layers,
            loss,
            optimizer,
            learning_rate,
            regularization,
            regularization_rate,
            batch_size,
            init,
            init_scale,
            weight_seed,
            // The image settings, from values already drawn: in and out
            // of range (a rare class up to 11, a share from -0.2 to 1.3).
            augment: weight_seed % 2 == 0,
            rare_class: (data_seed % 12) as usize,
            rare_class_share: noise * 1.5 - 0.2,
            // The sequence settings, likewise: steps from 0 to 59.
            steps: (weight_seed % 60) as usize,
            shuffle_steps: data_seed % 3 == 0,
        },
    )
}

/// What became of a property run's inputs, printed at its end.
#[derive(Default)]
struct Tally {
    /// Inputs that were taken (and then trained).
    taken: Cell<usize>,
    /// Inputs refused with an error.
    refused: Cell<usize>,
}

impl Tally {
    fn take(&self) {
        self.taken.set(self.taken.get() + 1);
    }

    fn refuse(&self) {
        self.refused.set(self.refused.get() + 1);
    }

    /// Prints `what: N tried, … {taken_words}, … refused` (plus `extra`)
    /// and checks that both outcomes occurred (a run that only ever
    /// refuses, or only ever accepts, tests half of what it claims).
    fn report(&self, what: &str, taken_words: &str, extra: &str) {
        let (taken, refused) = (self.taken.get(), self.refused.get());
        println!(
            "{what}: {} tried, {taken} {taken_words}{extra}, {refused} refused, 0 panics",
            taken + refused
        );
        assert!(taken > 0 && refused > 0, "{what}: both outcomes occur");
    }
}

fn has_non_finite_parameter(trainer: &Trainer) -> bool {
    trainer
        .network()
        .layers()
        .iter()
        .flat_map(|l| l.parameters())
        .any(|p| p.value.iter().any(|v| !v.is_finite()))
}

/// Trains a little (by the rule of its mode); panics are what is looked for.
fn exercise(trainer: &mut Trainer) -> Result<(), TestCaseError> {
    if trainer.config().mode == Mode::Perceptron {
        for _ in 0..20 {
            trainer
                .perceptron_step()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        return Ok(());
    }
    let summary = trainer
        .train_steps(30)
        .map_err(|e| TestCaseError::fail(format!("an accepted config failed to train: {e}")))?;
    let _ = trainer.predict(0.5, -0.5);
    if has_non_finite_parameter(trainer) {
        prop_assert!(
            summary.diverged,
            "non-finite parameters, yet not `diverged`"
        );
    }
    Ok(())
}

#[test]
fn arbitrary_configs_are_refused_or_train() {
    let (tally, diverged) = (Tally::default(), Cell::new(0));
    runner(3000)
        .run(&config(), |config| {
            match Trainer::new(config) {
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    tally.refuse();
                }
                Ok(mut trainer) => {
                    exercise(&mut trainer)?;
                    tally.take();
                    if trainer.summary().diverged {
                        diverged.set(diverged.get() + 1);
                    }
                }
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let extra = format!(" ({} of them diverged)", diverged.get());
    tally.report("arbitrary configs", "trained", &extra);
}

/// Any JSON value, nested a few levels.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        "[a-zA-Z0-9 ]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z]{1,8}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every place in a JSON value, as a JSON pointer.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(item, p, out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let p = format!("{at}/{key}");
                out.push(p.clone());
                pointers(item, p, out);
            }
        }
        _ => {}
    }
}

#[test]
fn arbitrary_model_files_load_or_are_refused() {
    let mut source = Trainer::new(TrainerConfig {
        hidden_layers: vec![3, 2],
        points: 12,
        ..TrainerConfig::default()
    })
    .expect("a valid config");
    source.add_point(0.5, 0.5, 1.0).expect("a valid point");
    let text = source.to_model_json();
    let original: serde_json::Value = serde_json::from_str(&text).expect("its own JSON");
    let mut places = Vec::new();
    pointers(&original, String::new(), &mut places);
    let tally = Tally::default();
    // A valid file with one place replaced by any JSON value, or any JSON
    // at all, or the file's text cut anywhere.
    let numbers: Vec<String> = places
        .iter()
        .filter(|p| {
            original
                .pointer(p)
                .is_some_and(serde_json::Value::is_number)
        })
        .cloned()
        .collect();
    let numeric = original.clone();
    let variant = prop_oneof![
        // A number changed to another number: mostly loads.
        (prop::sample::select(numbers), mostly(-3.0..3.0)).prop_map(move |(place, value)| {
            let mut doc = numeric.clone();
            if let Some(slot) = doc.pointer_mut(&place) {
                *slot = serde_json::Number::from_f64(value as f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number);
            }
            doc.to_string()
        }),
        (prop::sample::select(places), json()).prop_map(move |(place, value)| {
            let mut doc = original.clone();
            if let Some(slot) = doc.pointer_mut(&place) {
                *slot = value;
            }
            doc.to_string()
        }),
        json().prop_map(|v| v.to_string()),
        (0..text.len()).prop_map({
            let text = text.clone();
            move |cut| text[..cut].to_string()
        }),
    ];
    runner(3000)
        .run(&variant, |file| {
            match Trainer::from_model_json(&file) {
                Ok(mut trainer) => {
                    exercise(&mut trainer)?;
                    tally.take();
                }
                Err(e) => {
                    prop_assert!(
                        e.to_string().starts_with("cannot read the model file"),
                        "{e}"
                    );
                    tally.refuse();
                }
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("arbitrary model files", "loaded and trained", "");
}

#[test]
fn arbitrary_point_sets_are_taken_or_refused() {
    let point = || {
        (
            mostly(-6.0..6.0),
            mostly(-6.0..6.0),
            prop_oneof![3 => Just(0.0f32), 3 => Just(1.0f32), 1 => Just(2.0f32), 1 => wild_f32()],
        )
            .prop_map(|(x1, x2, label)| Point { x1, x2, label })
    };
    let sets = (
        prop::sample::select(vec![
            DatasetKind::Xor,
            DatasetKind::Spiral3,
            DatasetKind::RegressionPlane,
        ]),
        prop::collection::vec(point(), 0..30),
        prop::collection::vec(point(), 0..5),
    );
    let tally = Tally::default();
    runner(2000)
        .run(&sets, |(dataset, train, test)| {
            let mut trainer = Trainer::new(TrainerConfig {
                dataset,
                points: 20,
                hidden_layers: vec![3],
                ..TrainerConfig::default()
            })
            .expect("a valid config");
            let before = trainer.to_model_json();
            match trainer.set_points(train, test) {
                Ok(()) => {
                    exercise(&mut trainer)?;
                    tally.take();
                }
                Err(_) => {
                    prop_assert_eq!(trainer.to_model_json(), before, "a refusal changes nothing");
                    tally.refuse();
                }
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("arbitrary point sets", "taken and trained", "");
}
