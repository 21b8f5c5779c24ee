//! The runs whose bits the engine's redesign must not change, shared by the
//! core's native test (`tests/bitwise.rs`) and the wasm tests (Node,
//! Chromium, Firefox), which include this file.
//!
//! Each run is a config as a page, a link or a model file spells it (JSON,
//! so the record outlives any change to the Rust types), trained for
//! [`EPOCHS`] epochs one call at a time. Its fingerprint holds the bits of
//! the final losses and FNV-1a hashes of the loss history, the gradient
//! history and the predictions over a grid: every weight, every recorded
//! figure and every gradient statistic of the run is in there. The expected
//! fingerprints (`expected.rs`) were recorded from main at 5991fe9, before
//! the redesign of issue 17 began.

use nnplay_core::{Trainer, TrainerConfig};

/// Epochs each run trains (one `train_epoch` call each).
pub const EPOCHS: usize = 200;

/// The runs, named: between them every optimizer, loss, activation,
/// regularizer, feature, normalization, batch size 1 and the perceptron.
pub const RUNS: &[(&str, &str)] = &[
    (
        "xor tanh adam",
        r#"{"dataset":"xor","hiddenLayers":[6,3],"activation":"tanh","optimizer":"adam","learningRate":0.03}"#,
    ),
    (
        "spiral 8-8-8",
        r#"{"dataset":"spiral","noise":0.1,"hiddenLayers":[8,8,8],"learningRate":0.03,"init":"xavierUniform"}"#,
    ),
    (
        "spiral3 relu he softmax",
        r#"{"dataset":"spiral3","hiddenLayers":[8,8],"activation":"relu","init":"he","optimizer":"adam","learningRate":0.01}"#,
    ),
    (
        "deep sigmoid features normalize momentum",
        r#"{"dataset":"circle","noise":0.1,"hiddenLayers":[4,4,4,4],"activation":"sigmoid","features":["x1","x2","x1Squared","x2Squared","sinX1"],"normalize":true,"optimizer":"momentum","learningRate":0.1}"#,
    ),
    (
        "regression l2",
        r#"{"dataset":"regressionGaussians","hiddenLayers":[8],"regularization":"l2","regularizationRate":0.01,"learningRate":0.01}"#,
    ),
    (
        "moons l1 mse",
        r#"{"dataset":"moons","noise":0.2,"hiddenLayers":[6],"regularization":"l1","regularizationRate":0.003,"loss":"mse","optimizer":"adam","learningRate":0.01}"#,
    ),
    (
        "gaussians batch 1 leaky relu mae",
        r#"{"dataset":"gaussians","noise":0.3,"hiddenLayers":[3],"activation":"leakyRelu","loss":"mae","batchSize":1,"learningRate":0.01}"#,
    ),
    (
        "regression plane rmse batch 1",
        r#"{"dataset":"regressionPlane","points":100,"hiddenLayers":[2],"loss":"rmse","batchSize":1,"learningRate":0.01}"#,
    ),
    (
        "xor table per-layer activations",
        r#"{"dataset":"xorTable","hiddenLayers":[4,2],"layerActivations":["relu","tanh"],"batchSize":4,"init":"xavierNormal","initScale":0.5,"learningRate":0.5}"#,
    ),
    (
        "spiral3 softmax mse no hidden layer",
        r#"{"dataset":"spiral3","hiddenLayers":[],"features":["x1","x2","x1X2","sinX2"],"loss":"mse","batchSize":30}"#,
    ),
    (
        "perceptron gaussians overlapping",
        r#"{"mode":"perceptron","dataset":"gaussians","noise":0.6,"learningRate":0.1}"#,
    ),
    (
        "perceptron xor table",
        r#"{"mode":"perceptron","dataset":"xorTable","learningRate":0.5}"#,
    ),
];

/// What a run leaves behind, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Completed gradient steps (perceptron: updates).
    pub steps: u64,
    /// The final training loss's bits.
    pub train_loss: u32,
    /// The final test loss's bits (0 without a test set).
    pub test_loss: u32,
    /// FNV-1a of every loss-history value's bits, row after row.
    pub loss_history: u64,
    /// FNV-1a of every gradient-history value's bits, row after row.
    pub gradient_history: u64,
    /// FNV-1a of the outputs' bits over a 9 × 9 grid of the domain.
    pub predictions: u64,
}

/// FNV-1a over 32-bit words.
pub fn fnv(words: impl IntoIterator<Item = u32>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for w in words {
        for b in w.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Trains `json` for [`EPOCHS`] epochs and takes its fingerprint.
pub fn fingerprint(json: &str) -> Fingerprint {
    fingerprint_of(&mut trained(json))
}

/// The run of `json` after [`EPOCHS`] epochs.
pub fn trained(json: &str) -> Trainer {
    let config: TrainerConfig = serde_json::from_str(json).expect("the runs are valid configs");
    let mut trainer = Trainer::new(config).expect("the runs are valid configs");
    for _ in 0..EPOCHS {
        trainer.train_epoch().expect("every run trains");
    }
    trainer
}

/// The fingerprint of a run as it stands.
pub fn fingerprint_of(trainer: &mut Trainer) -> Fingerprint {
    let (lo, hi) = trainer.config().dataset.domain();
    let rows = |s: &nnplay_core::Series| -> Vec<u32> {
        (0..s.len())
            .flat_map(|i| s.row(i).iter().map(|v| v.to_bits()).collect::<Vec<_>>())
            .collect()
    };
    let mut xy = Vec::new();
    for i in 0..9 {
        for j in 0..9 {
            xy.push(lo + (hi - lo) * i as f32 / 8.0);
            xy.push(lo + (hi - lo) * j as f32 / 8.0);
        }
    }
    let predictions = trainer.predict_many(&xy).expect("finite points");
    let s = trainer.summary();
    Fingerprint {
        steps: s.step,
        train_loss: s.train_loss.to_bits(),
        test_loss: s.test_loss.map_or(0, f32::to_bits),
        loss_history: fnv(rows(trainer.loss_history())),
        gradient_history: fnv(rows(trainer.gradient_history())),
        predictions: fnv(predictions.iter().map(|v| v.to_bits())),
    }
}

/// Every run's fingerprint against the record; the first difference named.
pub fn check_against_record(expected: &[(&str, Fingerprint)]) {
    assert_eq!(expected.len(), RUNS.len(), "one record per run");
    for ((name, json), (recorded, want)) in RUNS.iter().zip(expected) {
        assert_eq!(name, recorded, "the record lists the runs in order");
        let got = fingerprint(json);
        assert_eq!(
            got, *want,
            "run {name:?} no longer trains to the recorded bits"
        );
    }
}
