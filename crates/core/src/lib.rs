//! # nnplay-core: the math of the nnplay neural-network playground
//!
//! A small multi-layer perceptron engine written to be read. Each module is
//! one idea of an introductory deep-learning chapter, with its formula in the
//! module documentation and the code beside it:
//!
//! | module          | idea                                                           |
//! |-----------------|----------------------------------------------------------------|
//! | [`rng`]         | the seeded generator: same seed, same run                      |
//! | [`matrix`]      | the three matrix products of backpropagation                   |
//! | [`activation`]  | sigmoid, tanh, ReLU, …, softmax, each with its derivative      |
//! | [`loss`]        | MSE, MAE, RMSE, cross-entropy, each with its gradient          |
//! | [`init`]        | uniform, Xavier/Glorot, He, zeros                              |
//! | [`layer`]       | the layer kinds (dense), each with its forward and backward    |
//! | [`network`]     | a stack of layers: forward pass, backpropagation (chain rule)  |
//! | [`optimizer`]   | SGD, momentum, Adam; L1 and L2 regularization                  |
//! | [`perceptron`]  | Rosenblatt's rule, which cannot learn XOR                      |
//! | [`samples`]     | a sample as a row of numbers; sets of samples as matrices      |
//! | [`dataset`]     | XOR, circles, spirals, moons, …; noise, split, custom points   |
//! | [`csv`]         | points as CSV text, in and out, errors by line                 |
//! | [`features`]    | x₁², x₁x₂, sin x₁, …; input normalization                      |
//! | [`config`]      | everything that defines a run                                  |
//! | [`trainer`]     | the training loop: mini-batches, epochs, histories             |
//! | [`history`]     | bounded loss and gradient histories                            |
//! | [`probe`]       | decision grids, neuron grids, separating lines, unit health    |
//! | [`coach`]       | the practitioner's checklist as findings                       |
//! | [`explain`]     | one point's forward pass, loss, backward pass and update       |
//! | `model`         | JSON model files (feature `serde`)                             |
//! | `schema`        | every config field's kind, range and default (feature `serde`) |
//!
//! The crate is `no_std` with `alloc` (float functions come from `libm`) and
//! knows nothing about browsers: `nnplay-wasm` wraps it for JavaScript.
//!
//! ```
//! use nnplay_core::{DatasetKind, Trainer, TrainerConfig};
//! // XOR's truth table, learned by a 2-4-1 network.
//! let config = TrainerConfig {
//!     dataset: DatasetKind::XorTable,
//!     hidden_layers: vec![4],
//!     learning_rate: 0.5,
//!     batch_size: 4,
//!     ..TrainerConfig::default()
//! };
//! let mut trainer = Trainer::new(config)?;
//! while trainer.summary().train_accuracy < Some(1.0) && trainer.summary().epoch < 5_000 {
//!     trainer.train_epoch()?;
//! }
//! assert_eq!(trainer.summary().train_accuracy, Some(1.0));
//! # Ok::<(), nnplay_core::Error>(())
//! ```

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod activation;
#[cfg(feature = "images")]
pub mod augment;
pub mod coach;
pub mod config;
pub mod continuation;
pub mod csv;
pub mod dataset;
pub mod digits;
pub mod error;
pub mod explain;
pub mod features;
pub mod history;
pub mod init;
mod lanes;

pub mod layer;
pub mod loss;
pub mod matrix;
pub mod metrics;
#[cfg(feature = "serde")]
pub mod model;
pub mod network;
pub mod optimizer;
pub mod perceptron;
pub mod probe;
pub mod rng;
pub mod samples;
#[cfg(feature = "serde")]
pub mod schema;
#[cfg(feature = "sequences")]
pub mod sequences;
pub mod trainer;

pub use activation::Activation;
pub use coach::{Finding, FindingCode};
pub use config::{Mode, TrainerConfig};
pub use continuation::Continuation;
pub use dataset::{Dataset, DatasetConfig, DatasetKind, Point, Task};
pub use error::{Error, Result};
pub use explain::{Explanation, LayerExplanation};
pub use features::{Feature, FeatureMap};
pub use history::Series;
pub use init::Init;
pub use layer::{Dense, Layer, LayerKind, LayerSpec, LayerTrace, Parameter, ParameterMut};
pub use loss::Loss;
pub use matrix::Matrix;
pub use network::{Limits, Network, NetworkShape, Trace};
pub use optimizer::{Optimizer, Regularization};
pub use probe::{Line, Rect, UnitHealth};
pub use rng::Rng;
pub use samples::{InputShape, Samples};
pub use trainer::{Evaluation, Summary, Trainer};
