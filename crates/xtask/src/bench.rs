//! `cargo xtask bench`: nnplay (native, wasm in Node, wasm in headless
//! Chromium) against brain.js, TensorFlow.js (cpu and wasm backends) and,
//! on the digits' convolutional net (W4), ConvNetJS, on the workloads of
//! `bench/workloads.mjs`; prints the table and writes
//! `bench/results/`. `--smoke` runs each contender once on tiny workloads
//! (part of `cargo xtask test`, so the bench cannot rot).

use crate::{repo_root, run, setup, Result};

/// Builds everything the contenders need and runs `bench/run.mjs`.
pub fn run_bench(smoke: bool) -> Result {
    setup::put_cargo_bin_on_path();
    setup::ensure_wasm_target()?;
    crate::build::wasm_package(true)?;
    setup::ensure_npm_packages_in("bench")?;
    // The native contender, optimised as a release build; the smoke run
    // takes the build `cargo test` made (the core at opt-level 2, the same
    // bits), with the workspace's features so nothing is compiled again.
    let native = if smoke {
        let args = [
            &["build"][..],
            &crate::test::WORKSPACE_BUT_XTASK,
            &["--example", "bench"],
        ];
        run("cargo", &args.concat())?;
        repo_root().join("target/debug/examples/bench")
    } else {
        run(
            "cargo",
            &[
                "build",
                "--release",
                "--package",
                "nnplay-core",
                "--example",
                "bench",
            ],
        )?;
        repo_root().join("target/release/examples/bench")
    };
    let mut args = vec!["run.mjs"];
    if smoke {
        args.push("--smoke");
    }
    let env = [("NNPLAY_BENCH_NATIVE", native.as_os_str())];
    if crate::serve::node_while_serving("bench", &args, &env)? {
        Ok(())
    } else {
        Err("the bench failed".into())
    }
}
