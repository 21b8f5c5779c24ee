//! `cargo xtask dist`: the playground as a static folder any host can serve
//! from any sub-path, and as one HTML file that opens from disk.
//!
//! `dist/` holds `index.html` (the full playground), `nn-playground.js`
//! (the web component's entry), `web/` (the modules, styles and the wasm,
//! relative paths only), `nnplay-scorm.zip` (a SCORM 1.2 package: one
//! tracked item per lesson, each launching the standalone file with
//! `?preset=NAME`) and
//! `nnplay-{version}-py3-none-any.whl` (the Jupyter package: `import nnplay;
//! nnplay.show()` shows the standalone file in an output cell) and
//! `nnplay-standalone.html`: every module inlined
//! as a `data:` URL behind an import map, both wasm modules (the page's and
//! the images module) and the zipped digits inlined as base64, the styles in
//! a `<style>` element. No bundler: the modules' relative imports are
//! rewritten to the import map's names, nothing else is touched.

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
    // The digits, fetched by an image scene (and their provenance beside them).
    let data = files_under(&web.join("data"), &["gz", "md"])?;
    for file in modules.iter().chain(&data) {
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
    fs::write(out.join("nnplay-standalone.html"), &standalone)
        .map_err(|e| format!("could not write nnplay-standalone.html: {e}"))?;
    scorm(&root, &out.join("nnplay-scorm.zip"), &standalone)?;
    jupyter_wheel(&root, out, &standalone)?;
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
    let mut images_wasm = String::new();
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
            "wasm" if file.starts_with(root.join("web").join("pkg-images")) => {
                images_wasm = b64.encode(read()?)
            }
            "wasm" => wasm = b64.encode(read()?),
            "css" => css = String::from_utf8(read()?).map_err(|e| e.to_string())?,
            _ => {}
        }
    }
    if wasm.is_empty() || images_wasm.is_empty() {
        return Err(
            "web/pkg or web/pkg-images has no .wasm file: run `cargo xtask build` first".into(),
        );
    }
    let digits = b64.encode(
        fs::read(root.join("web/data/digits.u8.gz"))
            .map_err(|e| format!("web/data/digits.u8.gz: {e}"))?,
    );
    let map = format!(
        "{{\"imports\":{{{}}}}}",
        imports
            .iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    // The page itself, with its two references to other files replaced:
    // the stylesheet by its text, the boot module by the inlined one.
    let page =
        fs::read_to_string(root.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    let boot = format!(
        r#"<script type="importmap">{map}</script>
  <script type="module">
    // The wasm is inlined: start it from its bytes, hand over the images
    // module and the digits (decoded only if an image scene asks), then
    // boot the page.
    import init from 'nnplay/web/pkg/nnplay_wasm.js';
    import {{ provide }} from 'nnplay/web/modules.js';
    const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    await init({{ module_or_path: bytes('{wasm}') }});
    provide({{ imagesWasm: () => bytes('{images_wasm}'), digits: () => bytes('{digits}') }});
    await import('nnplay/web/main.js');
  </script>"#
    );
    let replace = |page: String, from: &str, to: &str| -> Result<String> {
        if page.contains(from) {
            Ok(page.replacen(from, to, 1))
        } else {
            Err(format!(
                "index.html no longer has {from}: the standalone file needs updating"
            ))
        }
    };
    let page = replace(
        page,
        r#"<link rel="stylesheet" href="web/style.css">"#,
        &format!("<style>\n{css}\n</style>"),
    )?;
    replace(
        page,
        r#"<script type="module" src="web/main.js"></script>"#,
        &boot,
    )
}

/// The lessons' names and English titles, in order, read from the page's
/// own table (`web/lessons.js`) and catalogue (`web/messages/en.js`).
fn lessons(root: &Path) -> Result<Vec<(String, String)>> {
    let read = |p: &str| fs::read_to_string(root.join(p)).map_err(|e| format!("{p}: {e}"));
    let table = read("web/lessons.js")?;
    let words = read("web/messages/en.js")?;
    let names: Vec<String> = table
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name: '"))
        .filter_map(|l| l.split('\'').next())
        .map(String::from)
        .collect();
    if names.is_empty() {
        return Err("web/lessons.js lists no lesson".into());
    }
    // Only the lessons' own entries: other maps use the same keys
    // (`activations`, `losses`).
    let items = words
        .find("  lessons: {")
        .and_then(|at| words[at..].find("items: {").map(|i| at + i))
        .unwrap_or(words.len());
    let words = &words[items..];
    Ok(names
        .into_iter()
        .map(|name| {
            // The title after the lesson's key in the catalogue, else its name.
            let title = [format!("'{name}': {{"), format!("{name}: {{")]
                .iter()
                .find_map(|key| words.find(key.as_str()))
                .and_then(|at| words[at..].find("title: '").map(|t| at + t + 8))
                .map(|start| quoted(&words[start..]))
                .unwrap_or_else(|| name.clone());
            (name, title)
        })
        .collect())
}

/// The text of a single-quoted JavaScript string whose opening quote was
/// just before `text`, with its `\'` escapes undone.
fn quoted(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '\'' => break,
            c => out.push(c),
        }
    }
    out
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A SCORM 1.2 package: the manifest and the standalone file, one item per
/// lesson launching it with `?preset=NAME` (Moodle and Canvas import it).
/// The file is a SCO: in an LMS it reports each lesson's status, score and
/// scene (web/scorm.js), so each item is tracked on its own.
fn scorm(root: &Path, path: &Path, standalone: &str) -> Result {
    use std::io::Write as _;
    let items: String = lessons(root)?
        .iter()
        .enumerate()
        .map(|(i, (name, title))| {
            format!(
                "      <item identifier=\"lesson-{}\" identifierref=\"player\" parameters=\"?preset={}\">\n        <title>{}</title>\n      </item>\n",
                i + 1,
                xml(name),
                xml(title)
            )
        })
        .collect();
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="nnplay" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="nnplay-lessons">
    <organization identifier="nnplay-lessons">
      <title>nnplay: a neural network, lesson by lesson</title>
{items}    </organization>
  </organizations>
  <resources>
    <resource identifier="player" type="webcontent" adlcp:scormtype="sco" href="nnplay-standalone.html">
      <file href="nnplay-standalone.html"/>
    </resource>
  </resources>
</manifest>
"#
    );
    let file = fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let zip_error = |e: zip::result::ZipError| format!("{}: {e}", path.display());
    for (name, content) in [
        ("imsmanifest.xml", manifest.as_str()),
        ("nnplay-standalone.html", standalone),
    ] {
        zip.start_file(name, stored).map_err(zip_error)?;
        zip.write_all(content.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    zip.finish().map_err(zip_error)?;
    Ok(())
}

/// The Jupyter package as a wheel (`pip install dist/nnplay-….whl`): the
/// module `web/jupyter/__init__.py` and the standalone file beside it.
/// A wheel is a zip with its metadata and a RECORD of every file's hash.
fn jupyter_wheel(root: &Path, out: &Path, standalone: &str) -> Result {
    use base64::Engine as _;
    use sha2::Digest as _;
    use std::io::Write as _;
    let version = env!("CARGO_PKG_VERSION");
    let info = format!("nnplay-{version}.dist-info");
    let module = fs::read_to_string(root.join("web/jupyter/__init__.py"))
        .map_err(|e| format!("web/jupyter/__init__.py: {e}"))?;
    let mut files: Vec<(String, String)> = vec![
        ("nnplay/__init__.py".into(), module),
        ("nnplay/nnplay-standalone.html".into(), standalone.to_string()),
        (
            format!("{info}/METADATA"),
            format!(
                "Metadata-Version: 2.1\nName: nnplay\nVersion: {version}\n\
                 Summary: The nnplay neural-network playground in a Jupyter output cell\n\
                 License: MIT OR Apache-2.0\nRequires-Python: >=3.9\n"
            ),
        ),
        (
            format!("{info}/WHEEL"),
            "Wheel-Version: 1.0\nGenerator: cargo xtask dist\nRoot-Is-Purelib: true\nTag: py3-none-any\n".into(),
        ),
    ];
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut record: String = files
        .iter()
        .map(|(name, text)| {
            let hash = b64.encode(sha2::Sha256::digest(text.as_bytes()));
            format!("{name},sha256={hash},{}\n", text.len())
        })
        .collect();
    record.push_str(&format!("{info}/RECORD,,\n"));
    files.push((format!("{info}/RECORD"), record));
    let path = out.join(format!("nnplay-{version}-py3-none-any.whl"));
    let file = fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let zip_error = |e: zip::result::ZipError| format!("{}: {e}", path.display());
    for (name, text) in &files {
        zip.start_file(name.as_str(), stored).map_err(zip_error)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    zip.finish().map_err(zip_error)?;
    Ok(())
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
