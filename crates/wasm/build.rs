//! Trains the determinism scenarios natively, on the machine that builds,
//! and hands their results to the wasm tests (`tests/determinism/`), which
//! train the same scenarios in Node, Chromium and Firefox and compare bit for
//! bit. Nothing of this reaches the module itself.

#[path = "tests/determinism/scenarios.rs"]
#[allow(dead_code)]
mod scenarios;

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=tests/determinism/scenarios.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let mut text = String::from("/// Native results of each scenario, by name.\n");
    text.push_str("pub const NATIVE: &[(&str, &[u32])] = &[\n");
    for (name, config) in scenarios::scenarios() {
        let bits = scenarios::run(config);
        let _ = writeln!(text, "    ({name:?}, &{bits:?}),");
    }
    text.push_str("];\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("native_reference.rs");
    std::fs::write(out, text).expect("the build folder is writable");
}
