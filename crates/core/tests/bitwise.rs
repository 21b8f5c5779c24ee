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

#[test]
fn the_general_layer_form_trains_the_recorded_bits_too() {
    // Each run that names its hidden layers the older way, rewritten as a
    // list of layer specs, must train to the bits recorded before `layers`
    // existed.
    let mut rewritten = 0;
    for ((name, json), (recorded_name, expected)) in runs::RUNS.iter().zip(expected::EXPECTED) {
        assert_eq!(name, recorded_name);
        let mut config: serde_json::Value = serde_json::from_str(json).expect("json");
        let object = config.as_object_mut().expect("an object");
        if object.get("mode").and_then(|m| m.as_str()) == Some("perceptron") {
            continue;
        }
        let Some(hidden) = object.remove("hiddenLayers") else {
            continue;
        };
        let activations = object.remove("layerActivations");
        let layers: Vec<serde_json::Value> = hidden
            .as_array()
            .expect("a list")
            .iter()
            .enumerate()
            .map(|(l, units)| {
                let mut spec = serde_json::json!({ "kind": "dense", "units": units });
                if let Some(f) = activations.as_ref().and_then(|a| a.get(l)) {
                    spec["activation"] = f.clone();
                }
                spec
            })
            .collect();
        object.insert("layers".into(), layers.into());
        assert_eq!(
            runs::fingerprint(&config.to_string()),
            *expected,
            "{name} written with layers"
        );
        rewritten += 1;
    }
    assert!(rewritten >= 8, "{rewritten} runs rewritten");
}
