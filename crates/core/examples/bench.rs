//! The native contender of `cargo xtask bench`: runs the workloads that
//! `bench/run.mjs` writes (each an nnplay model file plus what to measure;
//! W4's on the digits of `web/data/digits.u8.gz`) and prints their figures
//! as JSON.
//!
//! ```text
//! cargo run --release -p nnplay-core --example bench -- workloads.json RUNS
//! ```

use nnplay_core::digits::Digits;
use nnplay_core::model::ModelFile;
use nnplay_core::{Limits, Rect, Trainer};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Instant;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Workload {
    name: String,
    kind: String,
    model: String,
    #[serde(default)]
    epochs: usize,
    #[serde(default)]
    max_epochs: usize,
    #[serde(default)]
    target: f32,
    #[serde(default)]
    train_epochs: usize,
    #[serde(default)]
    resolution: usize,
    #[serde(default)]
    frames: usize,
}

fn main() {
    if let Err(message) = run() {
        eprintln!("bench: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, runs] = args.as_slice() else {
        return Err("usage: bench WORKLOADS.json RUNS".into());
    };
    let runs: usize = runs.parse().map_err(|e| format!("RUNS: {e}"))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let workloads: Vec<Workload> =
        serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let mut out = serde_json::Map::new();
    for w in &workloads {
        out.insert(w.name.clone(), measure(w, runs)?);
    }
    println!("{}", Value::Object(out));
    Ok(())
}

/// The benchmark's limits (the page keeps the defaults).
fn limits() -> Limits {
    Limits {
        max_points: 50_000,
        max_neurons: 64,
        ..Limits::default()
    }
}

fn fresh(w: &Workload) -> Result<Trainer, String> {
    let file: ModelFile = serde_json::from_str(&w.model).map_err(|e| format!("{}: {e}", w.name))?;
    let run = if file.config.dataset.is_image() {
        // W4: the digits, read from the page's data file.
        Trainer::from_model_file_with_digits(file, limits(), digits()?)
    } else {
        Trainer::from_model_file_with_limits(file, limits())
    };
    run.map_err(|e| format!("{}: {e}", w.name))
}

/// The handwritten digits of `web/data/digits.u8.gz`, read once.
fn digits() -> Result<&'static Digits, String> {
    static DIGITS: std::sync::OnceLock<Result<Digits, String>> = std::sync::OnceLock::new();
    DIGITS
        .get_or_init(|| {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/data/digits.u8.gz");
            let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut bytes)
                .map_err(|e| format!("{path}: {e}"))?;
            Digits::from_bytes(&bytes).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Median, min and max.
fn stats(mut values: Vec<f64>) -> Value {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    json!({ "median": median, "min": values[0], "max": values[n - 1], "runs": n })
}

/// One warm-up, then `runs` timed runs of `f` on a fresh trainer each.
fn repeat<T>(
    w: &Workload,
    runs: usize,
    f: impl Fn(&mut Trainer) -> Result<T, String>,
) -> Result<Vec<(f64, T)>, String> {
    let mut results = Vec::new();
    for i in 0..=runs {
        let mut t = fresh(w)?;
        let start = Instant::now();
        let extra = f(&mut t)?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if i > 0 {
            results.push((ms, extra));
        }
    }
    Ok(results)
}

/// `n` epochs in one call (one evaluation at the end, as the wasm's
/// `trainEpochs(n)` does).
fn epochs(t: &mut Trainer, n: usize) -> Result<f32, String> {
    Ok(t.train_epochs(n).map_err(|e| e.to_string())?.train_loss)
}

fn measure(w: &Workload, runs: usize) -> Result<Value, String> {
    let points = fresh(w)?.data().train.len() as f64;
    Ok(match w.kind.as_str() {
        "converge" => {
            let results = repeat(w, runs, |t| {
                for e in 1..=w.max_epochs {
                    if epochs(t, 1)? < w.target {
                        return Ok(Some(e));
                    }
                }
                Ok(None)
            })?;
            json!({ "ms": stats(results.iter().map(|r| r.0).collect()), "epochs": results[0].1 })
        }
        "throughput" => {
            let results = repeat(w, runs, |t| epochs(t, w.epochs))?;
            let rates = results
                .iter()
                .map(|r| points * w.epochs as f64 / (r.0 / 1000.0))
                .collect();
            json!({ "samplesPerSecond": stats(rates), "loss": results[0].1 })
        }
        "grid" => {
            let mut t = fresh(w)?;
            epochs(&mut t, w.train_epochs)?;
            let rect = Rect::square(-6.0, 6.0);
            let mut out = vec![0.0f32; w.resolution * w.resolution * t.outputs()];
            let mut probe = nnplay_core::probe::Probe::default();
            let mut frame = || -> Result<f64, String> {
                let start = Instant::now();
                for _ in 0..w.frames {
                    probe
                        .decision_grid_into(&t, w.resolution, &rect, &mut out)
                        .map_err(|e| e.to_string())?;
                }
                Ok(start.elapsed().as_secs_f64() * 1000.0)
            };
            frame()?;
            let cells = (w.resolution * w.resolution * w.frames) as f64;
            let mut rates = Vec::new();
            for _ in 0..runs {
                rates.push(cells / (frame()? / 1000.0));
            }
            json!({ "predictionsPerSecond": stats(rates) })
        }
        "agree" => {
            let mut t = fresh(w)?;
            json!({ "loss": epochs(&mut t, w.epochs)? })
        }
        other => return Err(format!("unknown workload kind {other}")),
    })
}
