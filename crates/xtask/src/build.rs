//! Builds `web/pkg/`: the `nnplay-wasm` module and the JavaScript glue that
//! wasm-bindgen generates for it (an ES module the page imports directly).

use crate::{repo_root, run, Result};
use wasm_bindgen_cli_support::Bindgen;

/// Compiles `nnplay-wasm` for the browser and generates `web/pkg/nnplay_wasm.js`,
/// `nnplay_wasm_bg.wasm` and `nnplay_wasm.d.ts`.
pub fn wasm_package(release: bool) -> Result {
    let mut args = vec![
        "build",
        "--package",
        "nnplay-wasm",
        "--target",
        crate::setup::WASM_TARGET,
    ];
    if release {
        args.push("--release");
    }
    println!(
        "xtask: building nnplay-wasm for {}",
        crate::setup::WASM_TARGET
    );
    run("cargo", &args)?;
    let root = repo_root();
    let profile = if release { "release" } else { "debug" };
    let wasm = root
        .join("target")
        .join(crate::setup::WASM_TARGET)
        .join(profile)
        .join("nnplay_wasm.wasm");
    let out = root.join("web").join("pkg");
    let mut bindgen = Bindgen::new();
    bindgen
        .input_path(&wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        // Without this the generated `init()` cannot find the .wasm file.
        .omit_default_module_path(false)
        .typescript(true);
    bindgen
        .generate(&out)
        .map_err(|e| format!("wasm-bindgen could not generate {}: {e}", out.display()))?;
    println!("xtask: wrote {}", out.display());
    Ok(())
}
