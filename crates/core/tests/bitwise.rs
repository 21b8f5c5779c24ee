//! The redesign changes no run: twelve runs train to the bits recorded from
//! main before it began (`bitwise/expected.rs`), natively here and in wasm in
//! `crates/wasm/tests`. `NNPLAY_PRINT_BITWISE=1 cargo test --test bitwise --
//! --nocapture` prints the fingerprints of the engine as it is now.

#[path = "bitwise/expected.rs"]
mod expected;
#[path = "bitwise/runs.rs"]
mod runs;

#[test]
fn every_run_trains_to_the_recorded_bits() {
    if std::env::var_os("NNPLAY_PRINT_BITWISE").is_some() {
        for (name, json) in runs::RUNS {
            println!("    ({name:?}, {:?}),", runs::fingerprint(json));
        }
    }
    runs::check_against_record(expected::EXPECTED);
}

#[test]
fn one_weight_one_ulp_away_changes_the_fingerprint() {
    let (_, json) = runs::RUNS[0];
    let mut trainer = runs::trained(json);
    let before = runs::fingerprint_of(&mut trainer);
    assert_eq!(
        before,
        runs::fingerprint_of(&mut trainer),
        "reading changes nothing"
    );
    let w = trainer.network().layers()[0]
        .as_dense()
        .expect("dense")
        .weights
        .get(0, 0)
        .expect("a weight");
    trainer
        .set_weight(0, 0, 0, f32::from_bits(w.to_bits() + 1))
        .expect("a weight in range");
    assert_ne!(
        before.predictions,
        runs::fingerprint_of(&mut trainer).predictions
    );
}
