//! `cargo xtask`: nnplay's own automation.
//!
//! * `cargo xtask serve [--port N]` — set up what is missing, build the wasm
//!   bindings in release, and serve the repository root.
//! * `cargo xtask test` — set up what is missing, then run every check CI runs.
//! * `cargo xtask build` — only build `web/pkg/` (the wasm module and its JS glue).
//! * `cargo xtask dist` — write `dist/`: the static folder to publish, and
//!   `nnplay-standalone.html`, one file that opens from disk.
//! * `cargo xtask check-pytorch` — opt-in: run the "Copy as PyTorch"
//!   scripts in real PyTorch (installed once into `target/pytorch-venv`).
//! * `cargo xtask check-jupyter` — opt-in: render the README's notebook
//!   cell in a real JupyterLab (installed once into `target/jupyter-venv`).
//!
//! Every install step first checks whether the tool is already there, so a
//! second run installs nothing.

mod bench;
mod build;
mod dist;
mod jupyter;
mod pytorch;
mod serve;
mod setup;
mod test;

use std::process::ExitCode;

/// What went wrong, said in one line for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--port N]   build the playground and serve it on http://127.0.0.1:N (default 8000)
  test               install what a fresh machine lacks, then run every test
  setup              only install what the tests need (test does this first)
  build              build web/pkg (the wasm module and its JavaScript glue)
  dist               write dist/: the static folder to publish and one standalone HTML file
  bench [--smoke]    nnplay against brain.js and TensorFlow.js; the table and bench/results/
  check-pytorch      run the \"Copy as PyTorch\" scripts of 23 scenes in real PyTorch (installs it once)
  check-jupyter      render the README's notebook cell in a real JupyterLab (installs it once)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::parse_port(&args[1..]).and_then(serve::run),
        Some("test") => test::all(),
        Some("setup") => test::setup(),
        Some("build") => setup::ensure_wasm_target().and_then(|()| build::wasm_package(true)),
        Some("dist") => setup::ensure_wasm_target().and_then(|()| dist::run()),
        Some("check-pytorch") => pytorch::check(),
        Some("check-jupyter") => jupyter::check(),
        Some("bench") => bench::run_bench(args.iter().any(|a| a == "--smoke")),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the folder above `crates/`).
pub fn repo_root() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).unwrap_or(here).to_path_buf()
}

/// Runs a command in the repository root, streaming its output; fails with
/// the command line when it exits non-zero.
pub fn run(program: &str, args: &[&str]) -> Result {
    run_in(&repo_root(), program, args)
}

/// Like [`run`], in another folder.
pub fn run_in(dir: &std::path::Path, program: &str, args: &[&str]) -> Result {
    let status = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command and returns its standard output, or `None` if it could not
/// start or failed.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(repo_root())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
