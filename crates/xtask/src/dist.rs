//! `cargo xtask dist`: the playground as a static folder any host can serve
//! from any sub-path, and as one HTML file that opens from disk.
//!
//! `dist/` holds `index.html` (the full playground), `nn-playground.js`
//! (the web component's entry), `web/` (the modules, styles and the wasm,
//! relative paths only) and `nnplay-standalone.html`: every module inlined
//! as a `data:` URL behind an import map, the wasm inlined as base64, the
//! styles in a `<style>` element. No bundler: the modules' relative imports
//! are rewritten to the import map's names, nothing else is touched.

use crate::{repo_root, Result};
use base64::Engine as _;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Builds the wasm package, then writes `dist/`.
pub fn run() -> Result {
    crate::build::wasm_package(true)?;
    write(&repo_root().join("dist"))
}

/// Writes the distributable into `out` (emptied first) from the built `web/`.
pub fn write(out: &Path) -> Result {
    let root = repo_root();
    let web = root.join("web");
    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("could not empty {}: {e}", out.display()))?;
    }
    let modules = files_under(&web, &["js", "css", "wasm", "ts"])?;
    for file in &modules {
        let relative = file.strip_prefix(&root).map_err(|e| e.to_string())?;
        copy(file, &out.join(relative))?;
    }
    copy(&root.join("index.html"), &out.join("index.html"))?;
    fs::write(
        out.join("nn-playground.js"),
        "// The <nn-playground> web component; see web/nn-playground.js.\n\
         export * from './web/nn-playground.js';\n",
    )
    .map_err(|e| format!("could not write nn-playground.js: {e}"))?;
    let standalone = standalone(&root, &modules)?;
    fs::write(out.join("nnplay-standalone.html"), standalone)
        .map_err(|e| format!("could not write nnplay-standalone.html: {e}"))?;
    println!("xtask: wrote {}", out.display());
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::copy(from, to).map_err(|e| format!("could not copy {}: {e}", from.display()))?;
    Ok(())
}

/// Every file under `dir` whose extension is one of `extensions`, sorted.
fn files_under(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The name a module has in the standalone file's import map.
fn specifier(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    format!("nnplay/{}", relative.to_string_lossy().replace('\\', "/"))
}

/// `source` with every relative module specifier (`from './x.js'`,
/// `import('../y.js')`, `import './z.js'`) replaced by its import-map name,
/// resolved from `file`. Only those exact forms are touched: a quote in a
/// comment or a string elsewhere is left alone.
fn rewrite_imports(root: &Path, file: &Path, source: &str) -> String {
    const OPENERS: [&str; 6] = [
        "from '",
        "from \"",
        "import('",
        "import(\"",
        "import '",
        "import \"",
    ];
    let dir = file.parent().unwrap_or(root);
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    loop {
        let next = OPENERS
            .iter()
            .filter_map(|o| rest.find(o).map(|at| (at, *o)))
            .min_by_key(|(at, _)| *at);
        let Some((at, opener)) = next else {
            out.push_str(rest);
            return out;
        };
        let start = at + opener.len();
        out.push_str(&rest[..start]);
        let quote = opener.chars().last().unwrap_or('\'');
        let body = &rest[start..];
        let end = body.find(quote).unwrap_or(body.len());
        let text = &body[..end];
        if (text.starts_with("./") || text.starts_with("../")) && text.ends_with(".js") {
            out.push_str(&specifier(root, &normalize(&dir.join(text))));
        } else {
            out.push_str(text);
        }
        rest = &body[end..];
    }
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// One HTML file: the modules as `data:` URLs behind an import map, the wasm
/// as base64, the styles inline. It opens from `file://`.
fn standalone(root: &Path, files: &[PathBuf]) -> Result<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut imports = BTreeMap::new();
    let mut wasm = String::new();
    let mut css = String::new();
    for file in files {
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        let read = || fs::read(file).map_err(|e| format!("{}: {e}", file.display()));
        match ext {
            "js" => {
                let source = String::from_utf8(read()?).map_err(|e| e.to_string())?;
                // The web component finds its files beside itself: not for a single file.
                if file.ends_with("nn-playground.js") {
                    continue;
                }
                let rewritten = rewrite_imports(root, file, &source);
                imports.insert(
                    specifier(root, file),
                    format!("data:text/javascript;base64,{}", b64.encode(rewritten)),
                );
            }
            "wasm" => wasm = b64.encode(read()?),
            "css" => css = String::from_utf8(read()?).map_err(|e| e.to_string())?,
            _ => {}
        }
    }
    if wasm.is_empty() {
        return Err("web/pkg has no .wasm file: run `cargo xtask build` first".into());
    }
    let map = format!(
        "{{\"imports\":{{{}}}}}",
        imports
            .iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    Ok(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>nnplay — watch a neural network learn</title>
<style>
{css}
</style>
<script type="importmap">{map}</script>
<script type="module">
// The wasm is inlined: start it from its bytes, then boot the page.
import init from 'nnplay/web/pkg/nnplay_wasm.js';
const bytes = Uint8Array.from(atob('{wasm}'), (c) => c.charCodeAt(0));
await init({{ module_or_path: bytes }});
await import('nnplay/web/main.js');
</script>
</head>
<body>
<main id="app"></main>
<noscript>nnplay runs in your browser: it needs JavaScript and WebAssembly.</noscript>
</body>
</html>
"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_become_import_map_names() {
        let root = Path::new("/r");
        let file = Path::new("/r/web/app.js");
        let source = "import { a } from './state.js';\nimport init, { b } from \"./pkg/nnplay_wasm.js\";\nconst s = './not-an-import.js';\nawait import('../x.js');";
        assert_eq!(
            rewrite_imports(root, file, source),
            "import { a } from 'nnplay/web/state.js';\nimport init, { b } from \"nnplay/web/pkg/nnplay_wasm.js\";\nconst s = './not-an-import.js';\nawait import('nnplay/x.js');"
        );
    }
}
