//! `cargo xtask test`: every check CI runs, in order, each named.

use crate::{repo_root, run_in, setup, Result};

fn run(program: &str, args: &[&str]) -> Result {
    crate::run(program, args)
}
use std::time::Instant;

/// The packages the workspace's tests (and the bench's smoke run) build
/// together, so they share one set of features and one build: all but
/// xtask, which keeps the features `cargo xtask` built it with.
pub const WORKSPACE_BUT_XTASK: [&str; 3] = ["--workspace", "--exclude", "xtask"];

/// Runs one named step, timing it; a failure carries the step's name.
fn step(name: &str, body: impl FnOnce() -> Result) -> Result {
    println!("\n==> xtask test: {name}");
    let started = Instant::now();
    body().map_err(|e| format!("step `{name}` failed: {e}"))?;
    println!("==> ok: {name} ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// Installs what the tests need and a fresh machine lacks; skips what is there.
pub fn setup() -> Result {
    setup::put_cargo_bin_on_path();
    setup::ensure_wasm_target()?;
    setup::ensure_no_std_target()?;
    setup::ensure_chromium()?;
    setup::ensure_firefox()?;
    setup::ensure_wasm_pack()?;
    setup::ensure_wasm_bindgen_cli()?;
    setup::ensure_npm_packages()
}

/// Sets up, then runs the checks; stops at the first failing step.
pub fn all() -> Result {
    let root = repo_root();

    step("setup", setup)?;
    step("cargo fmt --check", || {
        run("cargo", &["fmt", "--all", "--check"])
    })?;
    step("cargo clippy", || {
        run(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )
    })?;
    step(
        "cargo clippy of the core without its images feature",
        || {
            // The workspace's features are unified (images on); the page's
            // default module builds the core without them.
            run(
                "cargo",
                &[
                    "clippy",
                    "--package",
                    "nnplay-core",
                    "--lib",
                    "--no-default-features",
                    "--features",
                    "std,serde",
                    "--",
                    "-D",
                    "warnings",
                ],
            )
        },
    )?;
    step(
        "native tests (cargo test --workspace --exclude xtask; xtask)",
        || {
            // The property tests run next, on their own, so their figures show.
            // xtask is tested apart, with the features `cargo xtask` built it
            // with: in the workspace's union of features its dependencies
            // would all be compiled a second time.
            let args = [
                &["test"][..],
                &WORKSPACE_BUT_XTASK,
                &["--", "--skip", "arbitrary_"],
            ];
            run("cargo", &args.concat())?;
            run("cargo", &["test", "--package", "xtask"])
        },
    )?;
    step("property tests (proptest; inputs tried, outcomes)", || {
        // The features of the step before: nothing is compiled again.
        let args = [
            &["test"][..],
            &WORKSPACE_BUT_XTASK,
            &[
                "--test",
                "properties",
                "--",
                "--nocapture",
                "--test-threads=1",
            ],
        ];
        run("cargo", &args.concat())
    })?;
    step("cargo doc (broken links are errors)", || {
        // Only rustdoc reads this, and the doc tests already ran above.
        std::env::set_var("RUSTDOCFLAGS", "-D warnings");
        run(
            "cargo",
            &[
                "doc",
                "--no-deps",
                "--package",
                "nnplay-core",
                "--package",
                "nnplay-wasm",
            ],
        )
    })?;
    step("no_std build of nnplay-core", || {
        run(
            "cargo",
            &[
                "build",
                "--package",
                "nnplay-core",
                "--no-default-features",
                "--target",
                setup::NO_STD_TARGET,
            ],
        )
    })?;
    step("wasm-pack test --headless --chrome", || {
        run_in(
            &root,
            "wasm-pack",
            &[
                "test",
                "--headless",
                "--chrome",
                "crates/wasm",
                "--test",
                "browser",
            ],
        )
    })?;
    step("wasm-pack test --headless --firefox", || {
        run_in(
            &root,
            "wasm-pack",
            &[
                "test",
                "--headless",
                "--firefox",
                "crates/wasm",
                "--test",
                "browser",
            ],
        )
    })?;
    step("wasm-pack test --node (with the images feature)", || {
        run_in(
            &root,
            "wasm-pack",
            // With the image layers: the tests of the default module's
            // engine run in Chromium and Firefox above, and these add the
            // image network's bits.
            &[
                "test",
                "--node",
                "crates/wasm",
                "--test",
                "node",
                "--features",
                "images",
            ],
        )
    })?;
    step(
        "page tests (node --test tests/, headless Chromium)",
        page_tests,
    )?;
    // Every contender once on tiny workloads, so the bench cannot rot; it
    // also fails if nnplay and TensorFlow.js stop computing the same losses.
    step("bench smoke run (cargo xtask bench --smoke)", || {
        crate::bench::run_bench(true)
    })?;
    println!("\nxtask test: every step passed");
    Ok(())
}

/// Builds `web/pkg`, serves the repository on a free loopback port, and runs
/// the Playwright tests in `tests/` against it.
fn page_tests() -> Result {
    crate::build::wasm_package(true)?;
    // The distributable too: tests open its standalone file from disk.
    crate::dist::write(&repo_root().join("dist"))?;
    // Two files at a time: most of a page test is waiting for frames, so
    // two browsers share the two cores (277 → about 180 s). The longest
    // file, the 1,000 scene changes (60–95 s), goes first, so the other
    // lane runs the rest beside it instead of one lane idling at the end.
    let files = page_test_files()?;
    let mut args = vec!["--test", "--test-concurrency=2"];
    args.extend(files.iter().map(String::as_str));
    if crate::serve::node_while_serving("tests", &args, &[])? {
        Ok(())
    } else {
        Err("the page tests failed".into())
    }
}

/// The page test files of `tests/` (`*.test.mjs`), the longest first, then
/// in name order (as `node --test` would list them).
fn page_test_files() -> Result<Vec<String>> {
    const LONGEST: &str = "scene-memory.test.mjs";
    let dir = repo_root().join("tests");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    files.sort_by_key(|name| (name != LONGEST, name.clone()));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_tests_start_with_the_longest_file_and_leave_none_out() {
        let files = page_test_files().expect("tests/ is readable");
        assert_eq!(
            files.first().map(String::as_str),
            Some("scene-memory.test.mjs")
        );
        let on_disk = std::fs::read_dir(repo_root().join("tests"))
            .expect("tests/ is readable")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".test.mjs"))
            })
            .count();
        assert_eq!(files.len(), on_disk);
        assert!(
            files[1..].windows(2).all(|w| w[0] < w[1]),
            "the rest in name order"
        );
    }
}
