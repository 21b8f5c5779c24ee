//! Builds `web/pkg/`: the `nnplay-wasm` module and the JavaScript glue that
//! wasm-bindgen generates for it (an ES module the page imports directly).
//!
//! The glue comes from the `wasm-bindgen` command of the pinned version
//! (the one `wasm-pack test` needs anyway), not from its library linked
//! into this program: the library's parser and rewriter were three
//! quarters of this program's build time, paid again whenever the
//! workspace's features made cargo rebuild them.

use crate::{repo_root, run, Result};

/// Compiles `nnplay-wasm` for the browser twice and generates, for each,
/// its ES module glue, `.wasm` and `.d.ts`: `web/pkg/` (the default module:
/// the scenes in the plane, within the page's size budget) and
/// `web/pkg-images/` (with the `images` feature: convolution, pooling and
/// the digits; loaded only for image scenes).
pub fn wasm_package(release: bool) -> Result {
    module(release, None)?;
    module(release, Some("images"))
}

/// One module: `features` (if any) on, in a target folder of its own so
/// both stay built.
fn module(release: bool, features: Option<&str>) -> Result {
    let root = repo_root();
    let mut target = root.join("target");
    let mut args = vec![
        "build".to_string(),
        "--package".into(),
        "nnplay-wasm".into(),
        "--target".into(),
        crate::setup::WASM_TARGET.into(),
    ];
    if let Some(features) = features {
        target = target.join(features);
        args.extend([
            "--features".into(),
            features.into(),
            "--target-dir".into(),
            target.to_string_lossy().into_owned(),
        ]);
    }
    if release {
        args.push("--release".into());
    }
    println!(
        "xtask: building nnplay-wasm{} for {}",
        features.map_or(String::new(), |f| format!(" with {f}")),
        crate::setup::WASM_TARGET
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("cargo", &args)?;
    let profile = if release { "release" } else { "debug" };
    let wasm = target
        .join(crate::setup::WASM_TARGET)
        .join(profile)
        .join("nnplay_wasm.wasm");
    let out = root.join("web").join(match features {
        None => "pkg".to_string(),
        Some(f) => format!("pkg-{f}"),
    });
    // The glue and the shrunk module are made once per compiled module:
    // `cargo xtask test` asks for them before the page tests and again
    // before the bench, and wasm-opt alone takes a quarter of a minute.
    let stamp = out.join(".built-from");
    let source = built_from(&wasm, release);
    // Delete `.built-from` to make them again by hand.
    let made = out.join("nnplay_wasm_bg.wasm").exists() && out.join("nnplay_wasm.js").exists();
    if made && source.is_some() && std::fs::read_to_string(&stamp).ok() == source {
        println!("xtask: {} is up to date", out.display());
        return Ok(());
    }
    // A step that fails or is cut off leaves no stamp behind.
    let _ = std::fs::remove_file(&stamp);
    crate::setup::ensure_wasm_bindgen_cli()?;
    let (wasm, out_dir) = (wasm.to_string_lossy(), out.to_string_lossy());
    // `--target web`: an ES module whose `init()` finds the .wasm beside it.
    run(
        "wasm-bindgen",
        &["--target", "web", "--out-dir", &out_dir, &wasm],
    )
    .map_err(|e| format!("wasm-bindgen could not generate {out_dir}: {e}"))?;
    if release {
        optimise_size(&out.join("nnplay_wasm_bg.wasm"))?;
    }
    if let Some(source) = source {
        std::fs::write(&stamp, source).map_err(|e| format!("{}: {e}", stamp.display()))?;
    }
    println!("xtask: wrote {}", out.display());
    Ok(())
}

/// What the package in a folder was made from: the compiled module's size
/// and time, the profile, and the recipe (wasm-bindgen's version, wasm-opt's
/// flags, the lockfile that pins binaryen); `None` if the module cannot be
/// read.
fn built_from(wasm: &std::path::Path, release: bool) -> Option<String> {
    let made = |path: &std::path::Path| -> Option<String> {
        let meta = std::fs::metadata(path).ok()?;
        let time = meta.modified().ok()?;
        let time = time.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(format!("{} {}", meta.len(), time.as_nanos()))
    };
    let lockfile = made(&repo_root().join("tests/package-lock.json")).unwrap_or_default();
    Some(format!(
        "{} {release}\nwasm-bindgen {}\nwasm-opt {}\nlockfile {lockfile}\n",
        made(wasm)?,
        crate::setup::WASM_BINDGEN_VERSION,
        WASM_OPT_FLAGS.join(" "),
    ))
}

/// wasm-opt's flags for the release module.
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    // Passes again until nothing shrinks (a second pass alone saves
    // 1.5 KB of gzip).
    "--converge",
    // Functions with one caller stay functions: merged into their
    // callers they compress worse (the page module: 150,815 →
    // 149,052 bytes gzipped), and the bench's figures did not move.
    "--one-caller-inline-max-function-size=0",
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
];

/// Shrinks the release module with npm `binaryen`'s `wasm-opt` (pinned in
/// `tests/package-lock.json`; Debian's `binaryen` corrupts wasm-bindgen's
/// output and is never used): `-Oz` to a fixed point and no names.
fn optimise_size(wasm: &std::path::Path) -> Result {
    crate::setup::ensure_npm_packages()?;
    let tool = repo_root().join("tests/node_modules/binaryen/bin/wasm-opt");
    let path = wasm.to_string_lossy().into_owned();
    let before = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    let tool = tool.to_string_lossy();
    let mut args = vec![tool.as_ref()];
    args.extend(WASM_OPT_FLAGS);
    args.extend([path.as_str(), "-o", path.as_str()]);
    run("node", &args)?;
    let after = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    println!("xtask: wasm-opt -Oz: {before} → {after} bytes");
    Ok(())
}
