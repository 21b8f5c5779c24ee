//! `cargo xtask check-pytorch`: the "Copy as PyTorch" scripts of 23 scenes,
//! run in real PyTorch (`tests/pytorch-check.mjs` says what it compares).
//!
//! Opt-in, not part of `cargo xtask test`: PyTorch from PyPI is gigabytes
//! and minutes to install. It lives in its own virtual environment,
//! `target/pytorch-venv`, made on the first run (from PyPI, the registry
//! these machines reach) and reused after.

use crate::{build, repo_root, run, setup, Result};

/// The PyTorch the check was last measured with (any 2.x should do).
const TORCH: &str = "torch>=2.4,<3";

pub fn check() -> Result {
    setup::ensure_wasm_target()?;
    setup::ensure_npm_packages()?;
    let venv = repo_root().join("target/pytorch-venv");
    let python = venv.join("bin/python");
    let has_torch = python.exists()
        && std::process::Command::new(&python)
            .args(["-c", "import torch"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !has_torch {
        println!(
            "xtask: installing PyTorch into {} (once; several minutes and gigabytes)",
            venv.display()
        );
        let venv_path = venv.to_string_lossy().to_string();
        run("python3", &["-m", "venv", &venv_path])?;
        let pip = venv.join("bin/pip").to_string_lossy().to_string();
        // (NumPy too: without it torch warns at every start.)
        run(&pip, &["install", "--quiet", TORCH, "numpy"])?;
    }
    build::wasm_package(true)?;
    let python = python.to_string_lossy().to_string();
    run("node", &["tests/pytorch-check.mjs", &python])
}
