//! Installs what a fresh machine lacks. Each step checks first, so running it
//! on a machine that has everything does nothing.

use crate::{output, run, Result};
use std::path::{Path, PathBuf};

/// The bare-metal target that proves `nnplay-core` builds without `std`.
pub const NO_STD_TARGET: &str = "thumbv7m-none-eabi";
/// The browser target.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Must equal the `wasm-bindgen` pin in the workspace `Cargo.toml` (a test
/// below checks): the page's glue and wasm-pack's test runner both come
/// from the CLI of this exact version.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

fn installed_targets() -> String {
    output("rustup", &["target", "list", "--installed"]).unwrap_or_default()
}

fn ensure_target(target: &str) -> Result {
    if installed_targets().lines().any(|l| l.trim() == target) {
        return Ok(());
    }
    println!("xtask: adding the Rust target {target}");
    run("rustup", &["target", "add", target])
}

/// `rustup target add wasm32-unknown-unknown` when it is missing.
pub fn ensure_wasm_target() -> Result {
    ensure_target(WASM_TARGET)
}

/// `rustup target add thumbv7m-none-eabi` when it is missing.
pub fn ensure_no_std_target() -> Result {
    ensure_target(NO_STD_TARGET)
}

/// The folder `cargo install` puts binaries in.
fn cargo_bin_dir() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// Puts cargo's bin folder first on PATH for this process and its children,
/// so tools installed a moment ago (wasm-pack, wasm-bindgen) are found.
pub fn put_cargo_bin_on_path() {
    let bin = cargo_bin_dir();
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<PathBuf> = vec![bin.clone()];
    paths.extend(std::env::split_paths(&old).filter(|p| *p != bin));
    if let Ok(joined) = std::env::join_paths(paths) {
        std::env::set_var("PATH", joined);
    }
}

/// `cargo install wasm-pack` when it is missing (not `--locked`: a locked
/// dependency may be missing from the registry mirror).
pub fn ensure_wasm_pack() -> Result {
    if output("wasm-pack", &["--version"]).is_some() {
        return Ok(());
    }
    println!("xtask: installing wasm-pack (cargo install, about a minute)");
    run("cargo", &["install", "wasm-pack"])
}

/// `cargo install wasm-bindgen-cli` of the pinned version when it is missing:
/// `build.rs` runs its `wasm-bindgen` to write the page's glue, and wasm-pack
/// its `wasm-bindgen-test-runner` (without one on PATH wasm-pack tries to
/// download a binary, which fails without the open internet).
pub fn ensure_wasm_bindgen_cli() -> Result {
    put_cargo_bin_on_path();
    let found = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(WASM_BINDGEN_VERSION) {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (cargo install, about two minutes)");
    run(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
            "--force",
        ],
    )
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

/// Where Debian's `fonts-nanum` puts its Korean fonts.
const KOREAN_FONTS: &str = "/usr/share/fonts/truetype/nanum";

/// Debian's `chromium` and `chromium-driver` (never a downloaded browser),
/// and a Korean font (`fonts-nanum`), without which the Korean page's
/// screenshots and text measurements show empty boxes.
pub fn ensure_chromium() -> Result {
    let have = |p: &str| Path::new(p).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") && have(KOREAN_FONTS) {
        return Ok(());
    }
    if !is_root() {
        return Err(
            "the browser tests need Debian's Chromium, ChromeDriver and a Korean font: \
             run `sudo apt-get install -y chromium chromium-driver fonts-nanum`, then try again"
                .into(),
        );
    }
    println!("xtask: installing Debian's chromium, chromium-driver and fonts-nanum");
    run("apt-get", &["update"])?;
    run(
        "apt-get",
        &[
            "install",
            "-y",
            "chromium",
            "chromium-driver",
            "fonts-nanum",
        ],
    )
}

/// Debian's `firefox-esr` and `geckodriver` (built from crates.io: there is no
/// Debian package, and npm's downloads a binary, which fails here), so every
/// wasm browser test also runs in a second engine. Playwright cannot drive
/// stock Firefox, so the page tests stay on Chromium.
pub fn ensure_firefox() -> Result {
    if !Path::new("/usr/bin/firefox-esr").exists() {
        if !is_root() {
            return Err("the browser tests need Debian's Firefox ESR: \
                 run `sudo apt-get install -y firefox-esr`, then try again"
                .into());
        }
        println!("xtask: installing Debian's firefox-esr");
        run("apt-get", &["update"])?;
        run("apt-get", &["install", "-y", "firefox-esr"])?;
    }
    if output("geckodriver", &["--version"]).is_some() {
        return Ok(());
    }
    println!("xtask: installing geckodriver (cargo install, about three minutes)");
    run("cargo", &["install", "geckodriver"])
}

/// `npm ci` in `tests/` when its `node_modules` is missing or older than the
/// committed lockfile.
pub fn ensure_npm_packages() -> Result {
    ensure_npm_packages_in("tests")
}

/// `npm ci` in the repository folder `folder` (`tests`, `bench`) when its
/// `node_modules` is missing or older than its committed lockfile.
pub fn ensure_npm_packages_in(folder: &str) -> Result {
    let tests = crate::repo_root().join(folder);
    let lock = tests.join("package-lock.json");
    if !lock.exists() {
        return Err(format!(
            "{} is missing: the npm packages are pinned there",
            lock.display()
        ));
    }
    let marker = tests.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(installed), Some(locked)) = (modified(&marker), modified(&lock)) {
        if installed >= locked {
            return Ok(());
        }
    }
    println!("xtask: installing the npm packages of {folder}/ (npm ci)");
    crate::run_in(&tests, "npm", &["ci", "--no-audit", "--no-fund"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_version_installed_is_the_one_the_workspace_pins() {
        let manifest = std::fs::read_to_string(crate::repo_root().join("Cargo.toml"))
            .expect("the workspace manifest");
        let pin = format!("wasm-bindgen = \"={WASM_BINDGEN_VERSION}\"");
        assert!(
            manifest.lines().any(|l| l.trim() == pin),
            "Cargo.toml does not pin {pin}"
        );
    }
}
