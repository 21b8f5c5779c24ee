//! `cargo xtask check-jupyter`: the README's notebook cell rendered by a
//! real JupyterLab in headless Chromium (`tests/jupyter-check.mjs`).
//!
//! Opt-in, not part of `cargo xtask test`: JupyterLab lives in its own
//! virtual environment, `target/jupyter-venv`, made on the first run (from
//! PyPI) and reused after; the wheel `cargo xtask dist` writes is
//! reinstalled into it each time.

use crate::{repo_root, run, setup, Result};

pub fn check() -> Result {
    setup::put_cargo_bin_on_path();
    setup::ensure_wasm_target()?;
    setup::ensure_chromium()?;
    setup::ensure_npm_packages()?;
    let venv = repo_root().join("target/jupyter-venv");
    let python = venv.join("bin/python");
    let pip = venv.join("bin/pip").to_string_lossy().to_string();
    if !venv.join("bin/jupyter-lab").exists() {
        println!(
            "xtask: installing JupyterLab into {} (once)",
            venv.display()
        );
        run("python3", &["-m", "venv", &venv.to_string_lossy()])?;
        run(&pip, &["install", "--quiet", "jupyterlab"])?;
    }
    crate::dist::run()?;
    let wheel = format!("dist/nnplay-{}-py3-none-any.whl", env!("CARGO_PKG_VERSION"));
    run(&pip, &["install", "--quiet", "--force-reinstall", &wheel])?;
    run(
        "node",
        &["tests/jupyter-check.mjs", &python.to_string_lossy()],
    )
}
