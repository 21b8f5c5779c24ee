//! Recurrent runs trained to the bit, natively (`tests/recurrent_layers.rs`)
//! and in wasm (`crates/wasm/tests/node.rs`, the module with the
//! `sequences` feature): the same committed fingerprint on both sides means
//! the sequence data, the simple RNN and the GRU compute the same bits
//! everywhere.

use nnplay_core::{Trainer, TrainerConfig};

/// Epochs each run trains.
pub const EPOCHS: usize = 3;

/// The runs: the memory task through a simple RNN with momentum, the sines
/// through a GRU and a dense layer with Adam and L2.
pub const RUNS: [&str; 2] = [
    r#"{"dataset":"memory","points":300,"steps":12,"layers":[{"kind":"rnn","units":8}],"optimizer":"momentum","learningRate":0.05,"batchSize":16,"init":"xavierUniform"}"#,
    r#"{"dataset":"sines","points":300,"noise":0.2,"steps":9,"shuffleSteps":true,"layers":[{"kind":"gru","units":6},{"kind":"dense","units":4,"activation":"relu"}],"optimizer":"adam","learningRate":0.01,"regularization":"l2","regularizationRate":0.001,"batchSize":10,"init":"xavierNormal","weightSeed":4}"#,
];

/// The fingerprints recorded natively when the layers came in: the last
/// training loss's bits, and FNV-1a of every parameter's bits and of the
/// gradient-through-time history's.
pub const EXPECTED: [(u32, u64, u64); 2] = [
    (1060034913, 0xbe62_94fc_7669_938d, 0xa9cb_e16b_9062_788b),
    (1048842108, 0x363a_71d4_4a58_b767, 0x16f4_132a_40e5_c398),
];

/// The fingerprint of run `json` after [`EPOCHS`] epochs.
pub fn fingerprint(json: &str) -> (u32, u64, u64) {
    let config: TrainerConfig = serde_json::from_str(json).expect("a valid config");
    let mut run = Trainer::new(config).expect("a valid config");
    run.train_epochs(EPOCHS).expect("it trains");
    let weights = run
        .network()
        .layers()
        .iter()
        .flat_map(|l| l.parameters())
        .flat_map(|p| p.value.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    let history = run.step_gradient_history();
    let steps = (0..history.len()).flat_map(|i| {
        history
            .row(i)
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    });
    (run.summary().train_loss.to_bits(), fnv(weights), fnv(steps))
}

fn fnv(words: impl Iterator<Item = u32>) -> u64 {
    let mut h = 0x0000_0000_0000_cbf2_9ce4_8422_2325u64;
    for w in words {
        for b in w.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0000_0000_0000_0100_0000_01b3);
        }
    }
    h
}

/// Trains the runs here and compares with [`EXPECTED`].
pub fn check_against_record() {
    for (json, want) in RUNS.iter().zip(EXPECTED) {
        let got = fingerprint(json);
        assert!(f32::from_bits(got.0).is_finite(), "{json}: a finite loss");
        assert_eq!(got, want, "{json} no longer trains to the recorded bits");
    }
}
