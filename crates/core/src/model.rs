//! Model files: a run's config, seeds and weights as versioned JSON.
//!
//! ```json
//! { "format": "nnplay-model", "version": 1,
//!   "config": { "dataset": "xor", "hiddenLayers": [4, 2], "weightSeed": 1, ... },
//!   "layers": [ { "inputs": 2, "neurons": 4, "weights": [...], "biases": [...] }, ... ],
//!   "points": null }
//! ```
//!
//! `weights` are row-major (neuron after neuron). `points` holds the data only
//! when it was edited by hand; otherwise the config's data seed regenerates
//! it exactly. Loading checks everything: the format and version, the config,
//! every point, and that each layer has the shape the config implies.

use crate::dataset::Point;
use crate::error::{Error, Result};
use crate::{Trainer, TrainerConfig};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// The `format` field of every model file.
pub const FORMAT: &str = "nnplay-model";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

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

/// One layer of a [`ModelFile`].
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LayerFile {
    /// Inputs of each neuron.
    pub inputs: usize,
    /// Neurons in the layer.
    pub neurons: usize,
    /// `neurons × inputs`, row-major (neuron after neuron).
    pub weights: Vec<f32>,
    /// One per neuron.
    pub biases: Vec<f32>,
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
                .filter_map(|l| l.as_dense())
                .map(|l| LayerFile {
                    inputs: l.inputs(),
                    neurons: l.neurons(),
                    weights: l.weights.as_slice().to_vec(),
                    biases: l.biases.clone(),
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
        if file.version != VERSION {
            return Err(model(alloc::format!(
                "this nnplay reads version {VERSION}, the file is version {}",
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
            let Some(layer) = layer.as_dense_mut() else {
                return Err(model(alloc::format!("layer {i} is not a dense layer")));
            };
            let shape_ok = saved.inputs == layer.inputs()
                && saved.neurons == layer.neurons()
                && saved.weights.len() == layer.inputs() * layer.neurons()
                && saved.biases.len() == layer.neurons();
            if !shape_ok {
                return Err(model(alloc::format!(
                    "layer {i} must have {} inputs × {} neurons as the config says",
                    layer.inputs(),
                    layer.neurons()
                )));
            }
            if saved
                .weights
                .iter()
                .chain(&saved.biases)
                .any(|w| !w.is_finite() || w.abs() > 1e6)
            {
                return Err(model(alloc::format!(
                    "layer {i} has a weight that is not a finite number within ±1e6"
                )));
            }
            layer.weights.as_mut_slice().copy_from_slice(&saved.weights);
            layer.biases.copy_from_slice(&saved.biases);
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
        assert!(err(&good.replace("\"version\":1", "\"version\":9")).contains("is version 9"));
        assert!(
            err(&good.replace("\"hiddenLayers\":[6,3]", "\"hiddenLayers\":[6,4]"))
                .contains("layer 1 must have 6 inputs × 4 neurons")
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
}
