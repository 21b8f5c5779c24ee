//! The recurrent layer kinds (the simple RNN, the GRU): backpropagation
//! through time against finite differences, the states they carry, and the
//! config's refusals.

use nnplay_core::{Activation, InputShape, LayerSpec, Limits, Loss, NetworkShape};

mod common;
use common::{check, Head};

fn sequence(steps: usize, inputs: usize) -> InputShape {
    InputShape::Sequence { steps, inputs }
}

#[test]
fn backpropagation_through_time_matches_finite_differences() {
    let ce = (Activation::Softmax, 3, Loss::CategoricalCrossEntropy);
    let bce = (Activation::Sigmoid, 1, Loss::BinaryCrossEntropy);
    let mse = (Activation::Linear, 1, Loss::Mse);
    let stacks: Vec<(&str, InputShape, Vec<LayerSpec>, Head)> = vec![
        (
            "rnn 4 over 6 steps → sigmoid",
            sequence(6, 1),
            vec![LayerSpec::Rnn { units: 4 }],
            bce,
        ),
        (
            "rnn 3 over 5 steps of 2 → dense tanh → softmax",
            sequence(5, 2),
            vec![
                LayerSpec::Rnn { units: 3 },
                LayerSpec::dense(4, Activation::Tanh),
            ],
            ce,
        ),
        (
            "gru 4 over 6 steps → linear",
            sequence(6, 1),
            vec![LayerSpec::Gru { units: 4 }],
            mse,
        ),
        (
            "gru 3 over 8 steps of 2 → dense sigmoid → sigmoid",
            sequence(8, 2),
            vec![
                LayerSpec::Gru { units: 3 },
                LayerSpec::dense(3, Activation::Sigmoid),
            ],
            bce,
        ),
        (
            "one step",
            sequence(1, 3),
            vec![LayerSpec::Gru { units: 2 }],
            ce,
        ),
        (
            "dense on a whole window",
            sequence(4, 2),
            vec![LayerSpec::dense(3, Activation::Tanh)],
            mse,
        ),
    ];
    let mut failures = Vec::new();
    for (seed, (name, input, hidden, head)) in stacks.into_iter().enumerate() {
        let err = check(input, hidden, head, 70 + seed as u64);
        println!("{name}: relative error {err:.5}");
        if err > 0.03 {
            failures.push(format!("{name}: relative error {err:.4}"));
        }
    }
    assert!(
        failures.is_empty(),
        "gradients disagree:\n{}",
        failures.join("\n")
    );
}

#[test]
fn recurrent_layers_are_refused_where_they_cannot_read() {
    let limits = Limits::default();
    let cases = [
        (
            InputShape::Vector(2),
            vec![LayerSpec::Rnn { units: 4 }],
            "hiddenLayers[0] (rnn) needs sequences",
        ),
        (
            sequence(5, 1),
            vec![
                LayerSpec::dense(3, Activation::Tanh),
                LayerSpec::Gru { units: 2 },
            ],
            "hiddenLayers[1] (gru) comes after a layer that read the sequence whole",
        ),
        (
            sequence(5, 1),
            vec![LayerSpec::Rnn { units: 17 }],
            "hiddenLayers[0] (units of the rnn layer) must be a whole number from 1 to 16, got 17",
        ),
        (
            sequence(5, 1),
            vec![LayerSpec::Flatten],
            "hiddenLayers[0] (flatten) cannot read a sequence",
        ),
    ];
    for (input, hidden, expected) in cases {
        let shape = NetworkShape {
            input,
            hidden,
            outputs: 1,
            output_activation: Activation::Sigmoid,
        };
        let err = shape.validate(&limits).expect_err(expected).to_string();
        assert!(err.contains(expected), "{err}");
    }
}

#[path = "bitwise/sequence_runs.rs"]
mod sequence_runs;

/// The recurrent runs train to the bits recorded for them, here natively
/// and in wasm (`crates/wasm/tests/node.rs`).
#[test]
fn recurrent_runs_train_to_the_recorded_bits() {
    sequence_runs::check_against_record();
}

/// A recurrent run's model file carries its four tensors by name and reads
/// back to the same predictions.
#[test]
fn a_recurrent_run_round_trips_through_its_model_file() {
    for layer in [r#"{"kind":"rnn","units":5}"#, r#"{"kind":"gru","units":4}"#] {
        let json = format!(
            r#"{{"dataset":"sines","points":120,"steps":7,"layers":[{layer},{{"kind":"dense","units":3,"activation":"tanh"}}],"optimizer":"adam","learningRate":0.01}}"#
        );
        let config: nnplay_core::TrainerConfig =
            serde_json::from_str(&json).expect("a valid config");
        let mut run = nnplay_core::Trainer::new(config).expect("a valid config");
        run.train_epochs(2).expect("it trains");
        let file = run.to_model_json();
        assert!(
            file.contains("\"weightIh\"") && file.contains("\"biasHh\""),
            "{layer}: the tensors by name"
        );
        let copy = nnplay_core::Trainer::from_model_json(&file).expect("it reads back");
        let window = [0.1, -0.4, 0.3, 0.9, -0.2, 0.0, 0.5];
        let predict = |t: &nnplay_core::Trainer| {
            nnplay_core::probe::Probe::default()
                .predict_samples(t, &window)
                .expect("a window")
        };
        assert_eq!(predict(&run), predict(&copy), "{layer}");
        assert_eq!(copy.to_model_json(), file, "{layer}");
    }
}

/// What a sequence run cannot do is refused by name: a perceptron, a
/// window out of range, a point in the plane.
#[test]
fn sequence_configs_are_refused_where_they_make_no_sense() {
    let refusal = |json: &str| {
        let config: nnplay_core::TrainerConfig = serde_json::from_str(json).expect("it reads");
        nnplay_core::Trainer::new(config)
            .err()
            .map(|e| e.to_string())
    };
    let perceptron = refusal(r#"{"mode":"perceptron","dataset":"memory"}"#).expect("refused");
    assert!(
        perceptron.contains("for sequences, pick network mode"),
        "{perceptron}"
    );
    assert_eq!(
        refusal(r#"{"dataset":"sines","steps":1}"#).as_deref(),
        Some("steps must be a whole number from 2 to 50, got 1")
    );
    let config: nnplay_core::TrainerConfig = serde_json::from_str(
        r#"{"dataset":"memory","steps":5,"layers":[{"kind":"gru","units":3}]}"#,
    )
    .expect("it reads");
    let mut run = nnplay_core::Trainer::new(config).expect("a valid run");
    let point = run
        .train_on_point(0.5, 0.5, 1.0)
        .expect_err("no points in the plane");
    assert!(
        point.to_string().contains("this run learns sequences"),
        "{point}"
    );
}
