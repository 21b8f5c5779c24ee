//! Native = wasm, bit for bit, after 1,000 steps of each scenario (see
//! `scenarios.rs`); used by the Node and the browser tests, so it runs in
//! Node, Chromium and Firefox.

#[allow(dead_code)]
mod scenarios;

// The runs whose bits were recorded before the engine's redesign (issue 17),
// shared with the core's native test.
#[path = "../../../core/tests/bitwise/expected.rs"]
mod expected;
#[allow(dead_code)]
#[path = "../../../core/tests/bitwise/runs.rs"]
mod runs;

/// Trains the recorded runs here (in wasm) and compares each with the bits
/// recorded natively from main before the redesign.
pub fn check_bitwise_record() {
    runs::check_against_record(expected::EXPECTED);
}

// The image network whose bits were recorded natively (`images` only).
#[cfg(feature = "images")]
#[path = "../../../core/tests/bitwise/image_runs.rs"]
mod image_runs;

/// Trains the image network here (in wasm) and compares with its native
/// record.
#[cfg(feature = "images")]
pub fn check_image_record() {
    image_runs::check_against_record();
}

// The recurrent runs whose bits were recorded natively (in the module of
// the `images` feature, which has the sequences too).
#[cfg(feature = "images")]
#[path = "../../../core/tests/bitwise/sequence_runs.rs"]
mod sequence_runs;

/// Trains the recurrent runs here (in wasm) and compares with their native
/// record.
#[cfg(feature = "images")]
pub fn check_sequence_record() {
    sequence_runs::check_against_record();
}

include!(concat!(env!("OUT_DIR"), "/native_reference.rs"));

/// Trains every scenario here (in wasm) and compares with the build
/// machine's native results; panics naming the first parameter that differs.
pub fn check_native_equals_wasm() {
    let runs = scenarios::scenarios();
    assert_eq!(
        runs.len(),
        NATIVE.len(),
        "the build script ran every scenario"
    );
    for ((name, config), (native_name, native)) in runs.into_iter().zip(NATIVE) {
        assert_eq!(name, *native_name);
        let here = scenarios::run(config);
        assert_eq!(here.len(), native.len(), "{name}: parameter count");
        if let Some(i) = here.iter().zip(native.iter()).position(|(a, b)| a != b) {
            panic!(
                "{name}: value {i} of {} differs after {} steps: wasm {:e}, native {:e}",
                here.len(),
                scenarios::STEPS,
                f32::from_bits(here[i]),
                f32::from_bits(native[i])
            );
        }
        // Not a degenerate run: it trained to a finite loss.
        assert!(
            f32::from_bits(here[here.len() - 1]).is_finite(),
            "{name}: finite loss"
        );
    }
}
