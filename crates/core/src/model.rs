//! Model files: a run's config, seeds and parameters as versioned JSON.
//!
//! ```json
//! { "format": "nnplay-model", "version": 2,
//!   "config": { "dataset": "xor", "hiddenLayers": [4, 2], "weightSeed": 1, ... },
//!   "layers": [ { "kind": "dense", "inputs": 2, "units": 4,
//!                 "weights": [...], "biases": [...] }, ... ],
//!   "points": null }
//! ```
//!
//! Each layer gives its kind, its shape and each of its parameter tensors
//! by name ([`crate::Layer::parameters`]), row-major (a dense layer's
//! `weights`: neuron after neuron). Version 1 files, written before layers
//! had kinds, give dense layers as `{ inputs, neurons, weights, biases }`
//! and still load. `points` holds the data only when it was edited by hand;
//! otherwise the config's data seed regenerates it exactly. Loading checks
//! everything: the format and version, the config, every point, and that
//! each layer has the kind, shape and tensors the config implies.

use crate::dataset::Point;
use crate::error::{Error, Result};
use crate::{LayerKind, Trainer, TrainerConfig};
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

/// One layer of a [`ModelFile`]: its kind, its shape and its parameter
/// tensors, each under the name the layer gives it
/// ([`crate::Layer::parameters`]), row-major:
///
/// ```json
/// { "kind": "dense", "inputs": 2, "units": 4, "weights": [...], "biases": [...] }
/// ```
///
/// A version 1 entry is the same without `kind` (a dense layer) and with
/// `neurons` for `units`, so it reads as it is. A layer kind whose tensors
/// have other names adds them here, as optional fields: a recurrent
/// layer's `weight_ih`, `weight_hh`, `bias_ih` and `bias_hh` are written
/// `weightIh`, `weightHh`, `biasIh`, `biasHh` (its `weights` and `biases`
/// empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LayerFile {
    /// The layer's kind; a dense layer where the file leaves it out.
    #[serde(default = "dense")]
    pub kind: LayerKind,
    /// Values the layer reads per sample.
    pub inputs: usize,
    /// Values the layer writes per sample (`neurons` in version 1).
    #[serde(alias = "neurons")]
    pub units: usize,
    /// The `weights` tensor.
    pub weights: Vec<f32>,
    /// The `biases` tensor.
    pub biases: Vec<f32>,
    /// A recurrent layer's `weight_ih` tensor (its `weights` and `biases`
    /// are empty).
    #[cfg(feature = "sequences")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weight_ih: Vec<f32>,
    /// A recurrent layer's `weight_hh` tensor.
    #[cfg(feature = "sequences")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weight_hh: Vec<f32>,
    /// A recurrent layer's `bias_ih` tensor.
    #[cfg(feature = "sequences")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bias_ih: Vec<f32>,
    /// A recurrent layer's `bias_hh` tensor.
    #[cfg(feature = "sequences")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bias_hh: Vec<f32>,
}

fn dense() -> LayerKind {
    LayerKind::Dense
}

impl LayerFile {
    /// The tensors by name.
    fn tensors(&self) -> alloc::vec::Vec<(&'static str, &[f32])> {
        alloc::vec![
            ("weights", &self.weights[..]),
            ("biases", &self.biases[..]),
            #[cfg(feature = "sequences")]
            ("weight_ih", &self.weight_ih[..]),
            #[cfg(feature = "sequences")]
            ("weight_hh", &self.weight_hh[..]),
            #[cfg(feature = "sequences")]
            ("bias_ih", &self.bias_ih[..]),
            #[cfg(feature = "sequences")]
            ("bias_hh", &self.bias_hh[..]),
        ]
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
                .map(|l| {
                    let tensor = |name| {
                        l.parameters()
                            .find(|p| p.name == name)
                            .map(|p| p.value.to_vec())
                            .unwrap_or_default()
                    };
                    LayerFile {
                        kind: l.kind(),
                        inputs: l.inputs(),
                        units: l.units(),
                        weights: tensor("weights"),
                        biases: tensor("biases"),
                        #[cfg(feature = "sequences")]
                        weight_ih: tensor("weight_ih"),
                        #[cfg(feature = "sequences")]
                        weight_hh: tensor("weight_hh"),
                        #[cfg(feature = "sequences")]
                        bias_ih: tensor("bias_ih"),
                        #[cfg(feature = "sequences")]
                        bias_hh: tensor("bias_hh"),
                    }
                })
                .collect(),
            points: self.data_edited.then(|| PointsFile {
                train: self.data.train.points().collect(),
                test: self.data.test.points().collect(),
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
        Trainer::from_model_file_on(file, limits, |config, limits| config.generate_data(limits))
    }

    /// [`Trainer::from_model_file_with_limits`] for a file that may be a
    /// run on the handwritten digits: its data is split from `digits` as
    /// the file's config says (the split is seeded, so it is the run's own).
    #[cfg(feature = "images")]
    pub fn from_model_file_with_digits(
        file: ModelFile,
        limits: crate::Limits,
        digits: &crate::digits::Digits,
    ) -> Result<Trainer> {
        Trainer::from_model_file_on(file, limits, |config, limits| {
            match Trainer::digits_data(config, digits) {
                Some(data) => Ok(data),
                None => config.generate_data(limits),
            }
        })
    }

    /// A run from `file`, its data made by `data` from the file's config.
    fn from_model_file_on(
        file: ModelFile,
        limits: crate::Limits,
        data: impl FnOnce(&TrainerConfig, &crate::Limits) -> Result<crate::Dataset>,
    ) -> Result<Trainer> {
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
        let mut data = data(&file.config, &limits).map_err(within("config"))?;
        let edited = file.points.is_some();
        if edited && data.shape != crate::InputShape::Vector(2) {
            return Err(model(
                "points: only a run in the plane loads points (images come from \
                 their file, sequences from their seed)"
                    .to_string(),
            ));
        }
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
            let tensors = saved.tensors();
            let tensor = |name: &str| tensors.iter().find(|t| t.0 == name).map(|t| t.1);
            // Every tensor the layer has, at its size; and where kinds have
            // other tensors, no tensor with values the layer does not have
            // (it would be dropped, and the file would not read back as
            // itself).
            let fits = (saved.kind, saved.inputs, saved.units) == (kind, inputs, units)
                && layer
                    .parameters()
                    .all(|p| tensor(p.name).is_some_and(|t| t.len() == p.value.len()));
            #[cfg(feature = "images")]
            let fits = fits
                && tensors.iter().all(|(name, values)| {
                    values.is_empty() || layer.parameters().any(|p| p.name == *name)
                });
            if !fits {
                return Err(model(alloc::format!(
                    "layer {i} must be a {} layer of {inputs} inputs × {units} units \
                     (its tensors that size) as the config says",
                    kind.name()
                )));
            }
            if tensors
                .iter()
                .flat_map(|t| t.1.iter())
                .any(|w| !w.is_finite() || w.abs() > 1e6)
            {
                return Err(model(alloc::format!(
                    "layer {i} has a weight that is not a finite number within ±1e6"
                )));
            }
            for p in layer.parameters_mut() {
                if let Some(saved) = tensor(p.name) {
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
                "layer 1 must be a dense layer of 6 inputs × 4 units (its tensors that size)"
            )
        );
        assert!(err(&good.replacen("\"weights\":", "\"kernels\":", 1))
            .contains("unknown field `kernels`"));
        assert!(err(&good.replacen("\"units\":6", "\"units\":5", 1))
            .contains("layer 0 must be a dense layer of 2 inputs × 6 units"));
        // A kind this build has but the file's shape does not fit, or one
        // it does not have at all.
        let conv = err(&good.replacen("\"kind\":\"dense\"", "\"kind\":\"conv2d\"", 1));
        assert!(
            conv.contains("layer 0 must be a dense layer of 2 inputs × 6 units")
                || conv.contains("unknown variant `conv2d`"),
            "{conv}"
        );
        assert!(
            err(&good.replacen("\"kind\":\"dense\"", "\"kind\":\"lstm\"", 1))
                .contains("unknown variant `lstm`")
        );
        assert!(
            err(&good.replacen("\"units\":6", "\"units\":6,\"neurons\":6", 1))
                .contains("duplicate field `units`")
        );
        assert!(err(&good.replacen("\"inputs\":2,", "", 1)).contains("missing field `inputs`"));
        assert!(
            err(&good.replacen("\"units\":6", "\"units\":6,\"colour\":1", 1))
                .contains("unknown field `colour`")
        );
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
        // A version 1 layer is a version 2 layer without its kind.
        let v1_again = v2
            .replace("\"kind\":\"dense\",", "")
            .replace("\"units\":", "\"neurons\":")
            .replace("\"version\":2", "\"version\":1");
        assert_eq!(
            Trainer::from_model_json(&v1_again)
                .expect("version 1")
                .to_model_json(),
            v2
        );
    }
}
