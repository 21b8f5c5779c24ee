//! Everything that defines a run, in one declarative value.
//!
//! A [`TrainerConfig`] plus its two seeds fixes a run completely: the same
//! config trains to bit-identical weights on every machine. With the `serde`
//! feature it reads from and writes to JSON (camelCase, every field optional,
//! unknown fields rejected), which is how model files, the JavaScript API and
//! URLs carry it.

use crate::dataset::{DatasetConfig, DatasetKind, Task};
use crate::error::{check_count, check_range, Error, Result};
use crate::network::{Limits, NetworkShape};
use crate::{Activation, Feature, Init, InputShape, LayerSpec, Loss, Optimizer, Regularization};
use alloc::vec;
use alloc::vec::Vec;

/// How the network learns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum Mode {
    /// A multi-layer network trained by backpropagation and gradient descent.
    #[default]
    Network,
    /// A single neuron with the step activation, trained by Rosenblatt's rule
    /// (binary data sets only; hidden layers and the loss are not used).
    Perceptron,
}

/// The complete description of a run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase", default, deny_unknown_fields)
)]
pub struct TrainerConfig {
    /// Network with backpropagation, or a perceptron.
    pub mode: Mode,
    /// Which data set.
    pub dataset: DatasetKind,
    /// How many points (4 to 5,000; the truth tables always have 4).
    pub points: usize,
    /// Noise, 0 to 1.
    pub noise: f32,
    /// Share of points held out for testing, 0 to 0.9.
    pub test_ratio: f32,
    /// Seed of the data.
    pub data_seed: u64,
    /// Input features computed from each point.
    pub features: Vec<Feature>,
    /// Standardize every feature with the training set's mean and deviation.
    pub normalize: bool,
    /// Neurons in each hidden layer, input side first (0 to 8 layers of 1 to 16).
    pub hidden_layers: Vec<usize>,
    /// Activation of every hidden layer...
    pub activation: Activation,
    /// ...unless given per layer here (empty, or one per hidden layer).
    pub layer_activations: Vec<Activation>,
    /// The hidden layers as a list of layer specs, input side first
    /// (`[{ kind: "dense", units: 8, activation: "tanh" }]`): the general
    /// form of the three fields above, which say the same for dense layers.
    /// Give one form or the other; `None` (`null`) is "not given", and
    /// `Some` of an empty list is a network without hidden layers. A run's
    /// config holds the older form whenever it can say the network (see
    /// [`TrainerConfig::normalized`]).
    pub layers: Option<Vec<LayerSpec>>,
    /// The loss; `None` picks the task's natural one (binary cross-entropy,
    /// categorical cross-entropy, or MSE for regression). A perceptron is
    /// always measured by MSE, which for its 0/1 outputs is the error rate.
    pub loss: Option<Loss>,
    /// The update rule.
    pub optimizer: Optimizer,
    /// Step size η, greater than 0 and at most 10.
    pub learning_rate: f32,
    /// Weight penalty.
    pub regularization: Regularization,
    /// Its rate λ, 0 to 10.
    pub regularization_rate: f32,
    /// Samples per gradient step (1 to 1,000).
    pub batch_size: usize,
    /// Initial weight scheme.
    pub init: Init,
    /// Factor on every initial weight, 0 to 100.
    pub init_scale: f32,
    /// Seed of the initial weights and of the mini-batch order.
    pub weight_seed: u64,
    /// Images only: each training image, each time a mini-batch takes it,
    /// shifted by a seeded −½, 0 or +½ pixel across and down (data
    /// augmentation: a scarce set shows the network more ways a digit is
    /// written).
    #[cfg(feature = "images")]
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub augment: bool,
    /// Images only: the class (a digit's label; 0 or 1 of a pair) whose
    /// training images are thinned by `rare_class_share`.
    #[cfg(feature = "images")]
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_zero"))]
    pub rare_class: usize,
    /// Images only: the share of `rare_class`'s training images kept, 0.05
    /// to 1: below 1 the classes are unbalanced, to see accuracy hide a
    /// class the network misses (the test images keep every class).
    #[cfg(feature = "images")]
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_one"))]
    pub rare_class_share: f32,
    /// Sequences only: the steps of each sequence, 2 to 50 (the window of
    /// the sines; the distance the memory task asks to remember).
    #[cfg(feature = "sequences")]
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_default_steps"))]
    pub steps: usize,
    /// Sequences only: each window's values put in a random order of their
    /// own, so a network sees which values came but not when.
    #[cfg(feature = "sequences")]
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_false"))]
    pub shuffle_steps: bool,
}

// The image settings are written only when they say something: a config
// of points reads the same in a module without them.
#[cfg(all(feature = "images", feature = "serde"))]
fn is_false(v: &bool) -> bool {
    !*v
}
#[cfg(all(feature = "images", feature = "serde"))]
fn is_zero(v: &usize) -> bool {
    *v == 0
}
#[cfg(all(feature = "images", feature = "serde"))]
fn is_one(v: &f32) -> bool {
    *v == 1.0
}
#[cfg(all(feature = "sequences", feature = "serde"))]
fn is_default_steps(v: &usize) -> bool {
    *v == crate::sequences::DEFAULT_STEPS
}

impl Mode {
    /// Both modes, in menu order.
    pub const ALL: [Mode; 2] = [Mode::Network, Mode::Perceptron];
}

impl Default for TrainerConfig {
    /// XOR, the first thing a visitor should watch being learned.
    fn default() -> Self {
        TrainerConfig {
            mode: Mode::Network,
            dataset: DatasetKind::Xor,
            points: 200,
            noise: 0.0,
            test_ratio: 0.5,
            data_seed: 1,
            features: vec![Feature::X1, Feature::X2],
            normalize: false,
            hidden_layers: DEFAULT_HIDDEN.to_vec(),
            activation: Activation::Tanh,
            layer_activations: Vec::new(),
            layers: None,
            loss: None,
            optimizer: Optimizer::Sgd,
            learning_rate: 0.3,
            regularization: Regularization::None,
            regularization_rate: 0.0,
            batch_size: 10,
            init: Init::Uniform,
            init_scale: 1.0,
            weight_seed: 1,
            #[cfg(feature = "images")]
            augment: false,
            #[cfg(feature = "images")]
            rare_class: 0,
            #[cfg(feature = "images")]
            rare_class_share: 1.0,
            #[cfg(feature = "sequences")]
            steps: crate::sequences::DEFAULT_STEPS,
            #[cfg(feature = "sequences")]
            shuffle_steps: false,
        }
    }
}

impl TrainerConfig {
    /// The task posed by the data set.
    pub fn task(&self) -> Task {
        self.dataset.task()
    }

    /// The shape of one network input: the chosen features of a point, or
    /// the pixels of an image.
    pub fn input_shape(&self) -> InputShape {
        #[cfg(feature = "sequences")]
        if self.dataset.is_sequence() {
            return InputShape::Sequence {
                steps: self.steps,
                inputs: 1,
            };
        }
        if self.dataset.is_image() {
            crate::digits::SHAPE
        } else {
            InputShape::Vector(self.features.len())
        }
    }

    /// The loss in force: the configured one, or the task's natural one.
    pub fn resolved_loss(&self) -> Loss {
        if self.mode == Mode::Perceptron {
            // With 0/1 outputs, MSE is the share of misclassified points.
            return Loss::Mse;
        }
        self.loss.unwrap_or(match self.task() {
            Task::Binary => Loss::BinaryCrossEntropy,
            Task::Multiclass { .. } => Loss::CategoricalCrossEntropy,
            Task::Regression => Loss::Mse,
        })
    }

    /// The data part of the config.
    pub fn dataset_config(&self) -> DatasetConfig {
        DatasetConfig {
            kind: self.dataset,
            points: self.points,
            noise: self.noise,
            test_ratio: self.test_ratio,
            seed: self.data_seed,
        }
    }

    /// The data this config asks for: generated from its seed (points in
    /// the plane, or sequences). The digits come from their file instead
    /// (`Trainer::with_digits`).
    pub fn generate_data(&self, limits: &Limits) -> Result<crate::Dataset> {
        #[cfg(feature = "sequences")]
        if self.dataset.is_sequence() {
            self.dataset_config().validate(limits)?;
            return crate::sequences::SequenceConfig {
                kind: self.dataset,
                points: self.points,
                steps: self.steps,
                noise: self.noise,
                test_ratio: self.test_ratio,
                shuffle_steps: self.shuffle_steps,
                seed: self.data_seed,
            }
            .generate();
        }
        self.dataset_config().generate(limits)
    }

    /// Sizes and activations of the network (without checking them).
    pub fn network_shape(&self) -> NetworkShape {
        let task = self.task();
        if self.mode == Mode::Perceptron {
            return NetworkShape {
                input: self.input_shape(),
                hidden: Vec::new(),
                outputs: 1,
                output_activation: Activation::Step,
            };
        }
        NetworkShape {
            input: self.input_shape(),
            hidden: self.hidden_specs(),
            outputs: task.outputs(),
            output_activation: match task {
                Task::Binary => Activation::Sigmoid,
                Task::Multiclass { .. } => Activation::Softmax,
                Task::Regression => Activation::Linear,
            },
        }
    }

    /// Checks every field and every combination; the error names the field
    /// and says what is allowed.
    ///
    /// ```
    /// use nnplay_core::{Limits, TrainerConfig};
    /// let config = TrainerConfig { learning_rate: -1.0, ..TrainerConfig::default() };
    /// let err = config.validate(&Limits::default()).unwrap_err();
    /// assert_eq!(err.to_string(), "learningRate must be a finite number greater than 0 and at most 10, got -1");
    /// ```
    pub fn validate(&self, limits: &Limits) -> Result<()> {
        self.dataset_config().validate(limits)?;
        check_seed("dataSeed", self.data_seed)?;
        check_seed("weightSeed", self.weight_seed)?;
        check_learning_rate(self.learning_rate)?;
        check_regularization_rate(self.regularization_rate)?;
        check_range("initScale", self.init_scale, 0.0, MAX_INIT_SCALE)?;
        check_count("batchSize", self.batch_size, 1, limits.max_batch)?;
        #[cfg(feature = "images")]
        check_count(
            "rareClass",
            self.rare_class,
            0,
            self.task().classes().unwrap_or(1) - 1,
        )?;
        #[cfg(feature = "images")]
        check_range(
            "rareClassShare",
            self.rare_class_share,
            MIN_RARE_CLASS_SHARE,
            1.0,
        )?;
        // Only where it is used: a scene in the plane ignores it.
        #[cfg(feature = "sequences")]
        if self.dataset.is_sequence() {
            check_count(
                "steps",
                self.steps,
                crate::sequences::MIN_STEPS,
                crate::sequences::MAX_STEPS,
            )?;
        }
        // Before the older form's own checks, which would count the layers
        // of a hiddenLayers the config did not give.
        self.validate_layers()?;
        if !self.layer_activations.is_empty()
            && self.layer_activations.len() != self.hidden_layers.len()
        {
            return Err(Error::incompatible(alloc::format!(
                "layerActivations must be empty or give one activation per hidden layer: \
                 there are {} hidden layers but {} activations",
                self.hidden_layers.len(),
                self.layer_activations.len()
            )));
        }
        let task = self.task();
        if self.mode == Mode::Perceptron {
            if self.dataset.is_image() {
                return Err(Error::incompatible(
                    "nnplay's perceptron learns points in the plane: for the digits, pick \
                     network mode (a network with no hidden layers is one neuron per class)",
                ));
            }
            if self.dataset.is_sequence() {
                return Err(Error::incompatible(
                    "nnplay's perceptron learns points in the plane: for sequences, pick \
                     network mode (an rnn or a gru reads them step by step)",
                ));
            }
            if task != Task::Binary {
                return Err(Error::incompatible(
                    "a perceptron separates two classes: pick a binary data set (not spiral3 or regression)",
                ));
            }
        } else {
            let (count, field, units) = if self.layers.is_none() {
                ("the number of hiddenLayers", "hiddenLayers", "")
            } else {
                ("the number of layers", "layers", ".units")
            };
            let shape = self.network_shape();
            shape.validate_as(limits, count, field, units)?;
            // Each convolution unfolds its patches for a whole batch (and
            // for the chunks a view measures at once): bounded all together,
            // so no config asks for gigabytes.
            #[cfg(feature = "images")]
            {
                let columns = self.batch_size.max(crate::trainer::EVAL_CHUNK);
                let mut total = 0;
                for (l, per_sample) in shape.unfolds() {
                    total += per_sample * columns;
                    if total > MAX_UNFOLDED_VALUES {
                        return Err(Error::out_of_range(
                            alloc::format!(
                                "{field}[{l}] (conv2d): the unfolded patches of the \
                                 convolutions up to it, for {columns} samples at once"
                            ),
                            alloc::format!(
                                "at most {MAX_UNFOLDED_VALUES} values (use a smaller batch, \
                                 fewer filters, or smaller filters)"
                            ),
                            total,
                        ));
                    }
                }
            }
            // Also without hidden layers, where the shape does not use it.
            if !self.activation.is_hidden() {
                return Err(Error::incompatible(alloc::format!(
                    "hidden layers cannot use {}: use sigmoid, tanh, relu, leakyRelu or linear",
                    self.activation.name()
                )));
            }
        }
        check_loss_fits_task(self.resolved_loss(), task)
    }
}

impl TrainerConfig {
    /// Refuses `layers` beside the older form (the sizes are checked with
    /// the network's shape, named as given).
    fn validate_layers(&self) -> Result<()> {
        // The older form's defaults stand for "not given".
        let older = !self.layer_activations.is_empty() || self.hidden_layers != DEFAULT_HIDDEN;
        if self.layers.is_some() && older {
            return Err(Error::incompatible(
                "give the hidden layers once: as layers, or as hiddenLayers \
                 (with activation and layerActivations), not both",
            ));
        }
        Ok(())
    }

    /// The same run with its hidden layers in the older form
    /// (`hiddenLayers`, `activation`, `layerActivations`) wherever that form
    /// can say them (every layer dense), and `layers` `None`: the form the
    /// page's controls edit and old readers understand. Trains the same
    /// network to the same bits.
    ///
    /// ```
    /// use nnplay_core::{Activation, LayerSpec, TrainerConfig};
    /// let config = TrainerConfig {
    ///     layers: Some(vec![
    ///         LayerSpec::Dense { units: 8, activation: Some(Activation::Relu) },
    ///         LayerSpec::Dense { units: 4, activation: None },
    ///     ]),
    ///     ..TrainerConfig::default()
    /// };
    /// let older = config.clone().normalized();
    /// assert_eq!(older.hidden_layers, [8, 4]);
    /// assert_eq!(older.layer_activations, [Activation::Relu, Activation::Tanh]);
    /// assert_eq!(older.network_shape(), config.network_shape());
    /// ```
    pub fn normalized(mut self) -> Self {
        let Some(layers) = self.layers.take_if(|l| {
            l.iter()
                .all(|spec| spec.kind() == crate::layer::LayerKind::Dense)
        }) else {
            // Convolutions and pooling have no older form.
            return self;
        };
        self.hidden_layers.clear();
        self.layer_activations.clear();
        for spec in &layers {
            match *spec {
                LayerSpec::Dense { units, activation } => {
                    self.hidden_layers.push(units);
                    self.layer_activations
                        .push(activation.unwrap_or(self.activation));
                }
                #[cfg(feature = "images")]
                _ => {}
            }
        }
        if self.layer_activations.iter().all(|&f| f == self.activation) {
            self.layer_activations.clear();
        }
        self
    }

    /// `(neurons, activation)` of each hidden layer, from whichever form
    /// the config uses.
    fn hidden_specs(&self) -> Vec<LayerSpec> {
        match &self.layers {
            None => {
                let activation =
                    |l: usize| *self.layer_activations.get(l).unwrap_or(&self.activation);
                self.hidden_layers
                    .iter()
                    .enumerate()
                    .map(|(l, &n)| LayerSpec::dense(n, activation(l)))
                    .collect()
            }
            Some(layers) => layers
                .iter()
                .map(|spec| match *spec {
                    LayerSpec::Dense { units, activation } => {
                        LayerSpec::dense(units, activation.unwrap_or(self.activation))
                    }
                    #[cfg(feature = "images")]
                    LayerSpec::Conv2d {
                        filters,
                        size,
                        padding,
                        activation,
                    } => LayerSpec::Conv2d {
                        filters,
                        size,
                        padding,
                        activation: Some(activation.unwrap_or(self.activation)),
                    },
                    #[cfg(feature = "images")]
                    other => other,
                })
                .collect(),
        }
    }
}

/// The default hidden layers: a 2-6-3-1 network for XOR.
const DEFAULT_HIDDEN: [usize; 2] = [6, 3];

/// The largest seed: seeds are whole numbers a JavaScript number and a URL
/// carry exactly.
pub const MAX_SEED: u64 = u32::MAX as u64;
/// The largest learning rate.
pub const MAX_LEARNING_RATE: f32 = 10.0;
/// The largest regularization rate.
pub const MAX_REGULARIZATION_RATE: f32 = 10.0;
/// The largest initial-weight scale.
pub const MAX_INIT_SCALE: f32 = 100.0;
/// The most numbers all convolutions' unfolded patches may take for one
/// batch (8 M: 32 MB, each held three times at most: forward, backward and
/// its transpose).
#[cfg(feature = "images")]
pub const MAX_UNFOLDED_VALUES: usize = 8_000_000;
/// The smallest share of the rare class's training images a run keeps.
#[cfg(feature = "images")]
pub const MIN_RARE_CLASS_SHARE: f32 = 0.05;

/// Checks a learning rate: greater than 0 and at most [`MAX_LEARNING_RATE`].
pub fn check_learning_rate(learning_rate: f32) -> Result<f32> {
    if learning_rate.is_finite() && learning_rate > 0.0 && learning_rate <= MAX_LEARNING_RATE {
        Ok(learning_rate)
    } else {
        Err(Error::out_of_range(
            "learningRate",
            alloc::format!("a finite number greater than 0 and at most {MAX_LEARNING_RATE}"),
            learning_rate,
        ))
    }
}

/// Checks a regularization rate: 0 to [`MAX_REGULARIZATION_RATE`].
pub fn check_regularization_rate(rate: f32) -> Result<f32> {
    check_range("regularizationRate", rate, 0.0, MAX_REGULARIZATION_RATE)
}

/// Checks a seed: a whole number from 0 to [`MAX_SEED`].
pub fn check_seed(what: &str, seed: u64) -> Result<u64> {
    if seed <= MAX_SEED {
        Ok(seed)
    } else {
        Err(Error::out_of_range(
            what,
            alloc::format!("a whole number from 0 to {MAX_SEED}"),
            seed,
        ))
    }
}

/// True if `loss` can measure the outputs of `task` (cross-entropies need
/// classes, and each its own kind).
pub fn loss_fits_task(loss: Loss, task: Task) -> bool {
    check_loss_fits_task(loss, task).is_ok()
}

fn check_loss_fits_task(loss: Loss, task: Task) -> Result<()> {
    match (loss, task) {
        (Loss::BinaryCrossEntropy, Task::Binary)
        | (Loss::CategoricalCrossEntropy, Task::Multiclass { .. })
        | (Loss::Mse | Loss::Mae | Loss::Rmse, _) => Ok(()),
        (Loss::BinaryCrossEntropy, Task::Multiclass { .. }) => Err(Error::incompatible(
            "binaryCrossEntropy is for two classes; this data set has more: use categoricalCrossEntropy",
        )),
        (Loss::CategoricalCrossEntropy, Task::Binary) => Err(Error::incompatible(
            "categoricalCrossEntropy is for three or more classes; for two classes use binaryCrossEntropy",
        )),
        (_, Task::Regression) => Err(Error::incompatible(alloc::format!(
            "{} compares class probabilities; a regression target needs mse, mae or rmse",
            loss.name()
        ))),
    }
}
