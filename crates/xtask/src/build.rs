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
    if release {
        optimise_size(&out.join("nnplay_wasm_bg.wasm"))?;
    }
    println!("xtask: wrote {}", out.display());
    Ok(())
}

/// Shrinks the release module with npm `binaryen`'s `wasm-opt` (pinned in
/// `tests/package-lock.json`; Debian's `binaryen` corrupts wasm-bindgen's
/// output and is never used): `-Oz` to a fixed point and no names, 152 → 148.6 KB gzip.
fn optimise_size(wasm: &std::path::Path) -> Result {
    crate::setup::ensure_npm_packages()?;
    let tool = repo_root().join("tests/node_modules/binaryen/bin/wasm-opt");
    let path = wasm.to_string_lossy().into_owned();
    let before = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    run(
        "node",
        &[
            &tool.to_string_lossy(),
            "-Oz",
            // Passes again until nothing shrinks (a second pass alone saves
            // 1.5 KB of gzip).
            "--converge",
            "--strip-debug",
            "--strip-producers",
            // The features the module uses (wasm-bindgen's output and
            // `+simd128`); wasm-opt refuses what it is not told about.
            "--enable-simd",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            &path,
            "-o",
            &path,
        ],
    )?;
    let after = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    println!("xtask: wasm-opt -Oz: {before} → {after} bytes");
    Ok(())
}
