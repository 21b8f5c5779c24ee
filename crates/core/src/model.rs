//! Model files: a run's config, seeds and parameters as versioned JSON.
//!
//! ```json
//! { "format": "nnplay-model", "version": 2,
//!   "config": { "dataset": "xor", "hiddenLayers": [4, 2], "weightSeed": 1, ... },
//!   "layers": [ { "kind": "dense", "inputs": 2, "units": 4,
//!                 "parameters": { "biases": [...], "weights": [...] } }, ... ],
//!   "points": null }
//! ```
//!
//! Each layer lists its parameter tensors by name ([`crate::Layer::parameters`]),
//! each row-major (a dense layer's `weights`: neuron after neuron). Version 1
//! files, written before layers had kinds, list dense layers as `{ inputs,
//! neurons, weights, biases }` and still load. `points` holds the data only
//! when it was edited by hand; otherwise the config's data seed regenerates
//! it exactly. Loading checks everything: the format and version, the config,
//! every point, and that each layer has the kind, shape and tensors the
//! config implies.

use crate::dataset::Point;
use crate::error::{Error, Result};
use crate::{Trainer, TrainerConfig};
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// The `format` field of every model file.
pub const FORMAT: &str = "nnplay-model";
/// The version this build writes.
pub const VERSION: u32 = 2;
/// The versions this build reads.
pub const READS: [u32; 2] = [1, 2];

/// A model file as data: what [`Trainer::to_model_file`] writes and
/// [`Trainer::from_model_file`] checks and loads. The JSON functions are
/// this through serde_json; the wasm crate takes the same struct through
/// JavaScript's own `JSON`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] for the files this build writes.
    pub version: u32,
    /// The run's config, seeds included.
    pub config: TrainerConfig,
    /// Each layer's weights, input side first.
    pub layers: Vec<LayerFile>,
    /// The points, only when they were edited by hand.
    pub points: Option<PointsFile>,
}

/// One layer of a [`ModelFile`]: `kind`, `inputs`, `units` and
/// `parameters` in version 2; `inputs`, `neurons`, `weights` and `biases`
/// (a dense layer) in version 1.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LayerFile {
    /// The layer's kind (`"dense"`); version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Values the layer reads per sample.
    pub inputs: usize,
    /// Values the layer writes per sample; version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<usize>,
    /// Each parameter tensor by its name, row-major; version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<BTreeMap<String, Vec<f32>>>,
    /// Neurons in the layer; version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neurons: Option<usize>,
    /// `neurons × inputs`, row-major (neuron after neuron); version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f32>>,
    /// One per neuron; version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biases: Option<Vec<f32>>,
}

impl LayerFile {
    /// The layer's tensors by name, from either version; `None` where the
    /// entry mixes the two versions' fields or lacks one of its own.
    fn tensors(&self, version: u32) -> Option<BTreeMap<&str, &[f32]>> {
        match (version, self) {
            (
                1,
                LayerFile {
                    kind: None,
                    units: None,
                    parameters: None,
                    neurons: Some(_),
                    weights: Some(w),
                    biases: Some(b),
                    ..
                },
            ) => Some(
                [("weights", &w[..]), ("biases", &b[..])]
                    .into_iter()
                    .collect(),
            ),
            (
                2,
                LayerFile {
                    kind: Some(_),
                    units: Some(_),
                    parameters: Some(p),
                    neurons: None,
                    weights: None,
                    biases: None,
                    ..
                },
            ) => Some(p.iter().map(|(k, v)| (k.as_str(), &v[..])).collect()),
            _ => None,
        }
    }

    /// The kind and units the entry declares (version 1: a dense layer).
    fn declared(&self) -> (&str, Option<usize>) {
        match &self.kind {
            Some(kind) => (kind, self.units),
            None => ("dense", self.neurons),
        }
    }
}

/// The hand-edited points of a [`ModelFile`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsFile {
    /// Training points.
    pub train: Vec<Point>,
    /// Test points.
    pub test: Vec<Point>,
}

impl Trainer {
    /// The run as a model file (JSON text).
    ///
    /// ```
    /// use nnplay_core::{Trainer, TrainerConfig};
    /// let mut trainer = Trainer::new(TrainerConfig::default()).unwrap();
    /// trainer.train_epoch().unwrap();
    /// let json = trainer.to_model_json();
    /// let copy = Trainer::from_model_json(&json).unwrap();
    /// assert_eq!(copy.to_model_json(), json);
    /// ```
    pub fn to_model_json(&self) -> String {
        // Serializing plain numbers, strings and vectors cannot fail.
        serde_json::to_string(&self.to_model_file()).unwrap_or_default()
    }

    /// A run from a model file (JSON text), with its weights; training
    /// history starts empty.
    pub fn from_model_json(json: &str) -> Result<Trainer> {
        let file: ModelFile = serde_json::from_str(json).map_err(|e| Error::Model {
            reason: e.to_string(),
        })?;
        Trainer::from_model_file(file)
    }

    /// The run as a [`ModelFile`].
    pub fn to_model_file(&self) -> ModelFile {
        ModelFile {
            format: FORMAT.to_string(),
            version: VERSION,
            config: self.config.clone(),
            layers: self
                .network
                .layers()
                .iter()
                .map(|l| LayerFile {
                    kind: Some(l.kind().to_string()),
                    inputs: l.inputs(),
                    units: Some(l.units()),
                    parameters: Some(
                        l.parameters()
                            .map(|p| (p.name.to_string(), p.value.to_vec()))
                            .collect(),
                    ),
                    neurons: None,
                    weights: None,
                    biases: None,
                })
                .collect(),
            points: self.data_edited.then(|| PointsFile {
                train: self.data.train.clone(),
                test: self.data.test.clone(),
            }),
        }
    }

    /// A run from a [`ModelFile`], checked whole (format, version, config,
    /// points, each layer's shape and weights); training history starts empty.
    pub fn from_model_file(file: ModelFile) -> Result<Trainer> {
        Trainer::from_model_file_with_limits(file, crate::Limits::default())
    }

    /// [`Trainer::from_model_file`] checked against `limits` instead of the
    /// defaults (benchmarks train larger networks on more points than the
    /// page allows).
    pub fn from_model_file_with_limits(file: ModelFile, limits: crate::Limits) -> Result<Trainer> {
        let model = |reason: String| Error::Model { reason };
        if file.format != FORMAT {
            return Err(model(alloc::format!(
                "format must be \"{FORMAT}\", got \"{}\"",
                file.format
            )));
        }
        if !READS.contains(&file.version) {
            return Err(model(alloc::format!(
                "this nnplay reads versions 1 and 2, the file is version {}",
                file.version
            )));
        }
        // Every refusal says where in the file it is.
        let within = |place: &'static str| move |e: Error| model(alloc::format!("{place}: {e}"));
        file.config.validate(&limits).map_err(within("config"))?;
        let mut data = file
            .config
            .dataset_config()
            .generate(&limits)
            .map_err(within("config"))?;
        let edited = file.points.is_some();
        if let Some(points) = file.points {
            data.replace(points.train, points.test, &limits)
                .map_err(within("points"))?;
        }
        let mut trainer =
            Trainer::from_parts(file.config, limits, data, edited).map_err(within("config"))?;
        let layers = trainer.network.layers_mut();
        if layers.len() != file.layers.len() {
            return Err(model(alloc::format!(
                "the config implies {} layers of weights, the file has {}",
                layers.len(),
                file.layers.len()
            )));
        }
        for (i, (layer, saved)) in layers.iter_mut().zip(&file.layers).enumerate() {
            let (kind, units, inputs) = (layer.kind(), layer.units(), layer.inputs());
            let Some(tensors) = saved.tensors(file.version) else {
                return Err(model(if file.version == 1 {
                    alloc::format!(
                        "layer {i} must have inputs, neurons, weights and biases (version 1)"
                    )
                } else {
                    alloc::format!(
                        "layer {i} must have kind, inputs, units and parameters (version 2)"
                    )
                }));
            };
            let names: Vec<&str> = layer.parameters().map(|p| p.name).collect();
            let fits = saved.declared() == (kind, Some(units))
                && saved.inputs == inputs
                && tensors.len() == names.len()
                && layer.parameters().all(|p| {
                    tensors
                        .get(p.name)
                        .is_some_and(|t| t.len() == p.value.len())
                });
            if !fits {
                return Err(model(alloc::format!(
                    "layer {i} must be a {kind} layer of {inputs} inputs × {units} units \
                     with parameters {} as the config says",
                    names.join(", ")
                )));
            }
            if tensors
                .values()
                .flat_map(|t| t.iter())
                .any(|w| !w.is_finite() || w.abs() > 1e6)
            {
                return Err(model(alloc::format!(
                    "layer {i} has a weight that is not a finite number within ±1e6"
                )));
            }
            for p in layer.parameters_mut() {
                if let Some(saved) = tensors.get(p.name) {
                    p.value.copy_from_slice(saved);
                }
            }
        }
        trainer.restart_history();
        Ok(trainer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_files_are_refused_with_a_reason() {
        let good = Trainer::new(TrainerConfig::default())
            .expect("default config")
            .to_model_json();
        let err = |json: &str| Trainer::from_model_json(json).unwrap_err().to_string();
        assert!(err("not json").starts_with("cannot read the model file:"));
        assert!(
            err(&good.replace("nnplay-model", "other")).contains("format must be \"nnplay-model\"")
        );
        assert!(err(&good.replace("\"version\":2", "\"version\":9")).contains("is version 9"));
        assert!(
            err(&good.replace("\"hiddenLayers\":[6,3]", "\"hiddenLayers\":[6,4]")).contains(
                "layer 1 must be a dense layer of 6 inputs × 4 units with parameters weights, biases"
            )
        );
        assert!(err(&good.replacen("\"weights\":", "\"kernels\":", 1))
            .contains("layer 0 must be a dense layer of 2 inputs × 6 units"));
        assert!(
            err(&good.replacen("\"kind\":\"dense\"", "\"kind\":\"conv2d\"", 1))
                .contains("layer 0 must be a dense layer")
        );
        assert!(err(&good.replace("\"version\":2", "\"version\":1"))
            .contains("layer 0 must have inputs, neurons, weights and biases (version 1)"));
        assert!(
            err(&good.replace("\"learningRate\":0.3", "\"learningRate\":-1"))
                .contains("learningRate must be")
        );
        assert!(
            err(&good.replace("\"noise\":0.0", "\"noise\":0.0,\"colour\":1"))
                .contains("unknown field `colour`")
        );
    }

    #[test]
    fn version_1_files_still_load() {
        // As nnplay wrote them before layers had kinds.
        let v1 = r#"{"format":"nnplay-model","version":1,
            "config":{"dataset":"xorTable","hiddenLayers":[2],"batchSize":4},
            "layers":[{"inputs":2,"neurons":2,"weights":[1,-2,3,-4],"biases":[0.5,-0.5]},
                      {"inputs":2,"neurons":1,"weights":[2,-1],"biases":[0.25]}],
            "points":null}"#;
        let trainer = Trainer::from_model_json(v1).expect("a version 1 file");
        let values: Vec<Vec<f32>> = trainer
            .network()
            .layers()
            .iter()
            .flat_map(|l| l.parameters())
            .map(|p| p.value.to_vec())
            .collect();
        assert_eq!(
            values,
            [
                alloc::vec![1.0, -2.0, 3.0, -4.0],
                alloc::vec![0.5, -0.5],
                alloc::vec![2.0, -1.0],
                alloc::vec![0.25]
            ]
        );
        // Written back as version 2, it reads as the same run.
        let v2 = trainer.to_model_json();
        assert!(v2.contains("\"version\":2") && v2.contains("\"kind\":\"dense\""));
        assert_eq!(
            Trainer::from_model_json(&v2)
                .expect("a version 2 file")
                .to_model_json(),
            v2
        );
        // Each version's fields only in its own version.
        let mixed = v1.replace(
            "\"inputs\":2,\"neurons\":1",
            "\"kind\":\"dense\",\"inputs\":2,\"neurons\":1",
        );
        assert!(Trainer::from_model_json(&mixed)
            .unwrap_err()
            .to_string()
            .contains("layer 1 must have inputs, neurons, weights and biases (version 1)"));
    }
}
