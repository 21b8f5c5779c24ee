//! The training loop: data, network and optimizer together, one mini-batch
//! at a time.
//!
//! An epoch is one pass over the training set in a freshly shuffled order,
//! cut into mini-batches of `batch_size` points. Each step:
//!
//! 1. copies the batch's inputs into `X` (features × batch) and targets into `Y`;
//! 2. runs the forward pass and measures the loss;
//! 3. backpropagates `∂L/∂Z` through every layer (the chain rule);
//! 4. records each layer's gradient magnitude (the vanishing-gradient history);
//! 5. lets the optimizer move every weight against its gradient.
//!
//! The whole training and test sets are evaluated, and a row appended to the
//! loss history, at the end of a call that completed an epoch (`train_step`,
//! `train_steps`, `train_epochs`; also after an edit): once per call, not
//! once per epoch, so a page training 50 epochs a frame evaluates once a
//! frame. A row holds the epochs completed and the figures of the network
//! at that moment. Every buffer is allocated when the trainer is built, so
//! steps allocate nothing.

use crate::config::{Mode, TrainerConfig};
use crate::dataset::{Dataset, Point, Task};
use crate::error::{Error, Result};
use crate::history::Series;
use crate::network::{Limits, Network};
use crate::optimizer::OptimizerState;
use crate::perceptron::{Perceptron, PerceptronUpdate};
use crate::probe::Probe;
use crate::{FeatureMap, Loss, Matrix, Rng};
use crate::{InputShape, Samples};
use alloc::vec::Vec;

/// Columns evaluated at once when measuring a whole set or a grid.
pub(crate) const EVAL_CHUNK: usize = 256;
/// Rows kept by each history (older ones are averaged together).
pub const HISTORY_ROWS: usize = 512;
/// Stream of the weight seed that orders the mini-batches.
const ORDER_STREAM: u64 = 1;
/// Stream of the weight seed that shifts augmented images.
#[cfg(feature = "images")]
const AUGMENT_STREAM: u64 = 2;
/// A run has diverged once its training loss exceeds this many times its
/// starting loss (or 0.01, if it started lower): long before the numbers
/// overflow, the weights have blown up and nothing useful is left to watch.
pub const EXPLODED_LOSS_FACTOR: f32 = 1e4;

/// Where training stands after a step or an epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Summary {
    /// Completed epochs.
    pub epoch: u64,
    /// Completed gradient steps (mini-batches).
    pub step: u64,
    /// Loss on the whole training set, measured at the end of the last call
    /// that completed an epoch (or after the last edit).
    pub train_loss: f32,
    /// Loss on the test set (`None` without test points).
    pub test_loss: Option<f32>,
    /// Share of training points classified right (`None` for regression).
    pub train_accuracy: Option<f32>,
    /// Share of test points classified right.
    pub test_accuracy: Option<f32>,
    /// True once the loss or a weight became NaN or infinite, or the
    /// training loss grew [`EXPLODED_LOSS_FACTOR`] times its starting value.
    pub diverged: bool,
}

/// The loss and accuracy of one set of points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Mean loss over the set.
    pub loss: f32,
    /// Share classified right (`None` for regression).
    pub accuracy: Option<f32>,
}

/// Columns of the loss history.
pub mod loss_columns {
    /// Epoch number.
    pub const EPOCH: usize = 0;
    /// Training loss.
    pub const TRAIN_LOSS: usize = 1;
    /// Test loss (NaN without test points).
    pub const TEST_LOSS: usize = 2;
    /// Training accuracy (NaN for regression).
    pub const TRAIN_ACCURACY: usize = 3;
    /// Test accuracy (NaN for regression or without test points).
    pub const TEST_ACCURACY: usize = 4;
    /// Number of columns.
    pub const WIDTH: usize = 5;
}

/// How a run learns; each way keeps its own state.
#[derive(Debug, Clone)]
enum Learner {
    /// Backpropagation and gradient descent on shuffled mini-batches.
    Gradient(Descent),
    /// A single step neuron and Rosenblatt's rule (see [`Perceptron`]).
    Rosenblatt(Perceptron),
}

/// The state of gradient descent: the optimizer's memory and where the
/// current epoch is in its shuffled order.
#[derive(Debug, Clone)]
struct Descent {
    optimizer: OptimizerState,
    /// Shuffles `order` at the start of each epoch (the weight seed's stream
    /// [`ORDER_STREAM`]).
    order_rng: Rng,
    order: Vec<usize>,
    /// The next position in `order`.
    cursor: usize,
}

/// A whole run: config, data, network, the way it learns, histories.
#[derive(Debug, Clone)]
pub struct Trainer {
    pub(crate) config: TrainerConfig,
    pub(crate) limits: Limits,
    loss: Loss,
    pub(crate) data: Dataset,
    pub(crate) data_edited: bool,
    pub(crate) features: FeatureMap,
    pub(crate) network: Network,
    /// How this run learns: gradient descent, or Rosenblatt's rule.
    learner: Learner,
    step: u64,
    epoch: u64,
    batch_x: Matrix,
    batch_y: Matrix,
    /// The run's own view buffers, for measuring both sets after an epoch.
    probe: Probe,
    losses: Series,
    gradients: Series,
    gradient_row: Vec<f32>,
    /// Per step, the mean |∂L/∂h_t| of each time step of the recurrent
    /// layer (no columns without one).
    #[cfg(feature = "sequences")]
    step_gradients: Series,
    summary: Summary,
    /// The training loss at the first record, the yardstick of divergence.
    start_loss: f32,
    /// Advanced by every edit of the data (see [`Trainer::data_revision`]).
    data_revision: u64,
    /// The shifts of data augmentation (the weight seed's stream
    /// [`AUGMENT_STREAM`]).
    #[cfg(feature = "images")]
    augment_rng: Rng,
}

impl Trainer {
    /// Builds a run from `config` with the default [`Limits`].
    ///
    /// ```
    /// use nnplay_core::{Trainer, TrainerConfig};
    /// let mut trainer = Trainer::new(TrainerConfig::default()).unwrap();
    /// let before = trainer.summary().train_loss;
    /// for _ in 0..50 { trainer.train_epoch().unwrap(); }
    /// assert!(trainer.summary().train_loss < before);
    /// ```
    pub fn new(config: TrainerConfig) -> Result<Self> {
        Self::with_limits(config, Limits::default())
    }

    /// Builds a run from `config`, checked against `limits`.
    pub fn with_limits(config: TrainerConfig, limits: Limits) -> Result<Self> {
        config.validate(&limits)?;
        let data = config.generate_data(&limits)?;
        Self::from_parts(config, limits, data, false)
    }

    /// Builds a run on the handwritten digits: `config.dataset` is `digits`
    /// or `digits38`, `config.points` the number of training images, its
    /// `testRatio` and `dataSeed` the split (see [`Digits::dataset`]).
    /// Any other data set is generated as [`Trainer::with_limits`] does.
    ///
    /// [`Digits::dataset`]: crate::digits::Digits::dataset
    #[cfg(feature = "images")]
    pub fn with_digits(
        config: TrainerConfig,
        limits: Limits,
        digits: &crate::digits::Digits,
    ) -> Result<Self> {
        config.validate(&limits)?;
        match Self::digits_data(&config, digits) {
            Some(data) => Self::from_parts(config, limits, data, false),
            None => Self::with_limits(config, limits),
        }
    }

    /// The split of `digits` that `config` asks for, if its data set is
    /// one of the digits'.
    #[cfg(feature = "images")]
    pub(crate) fn digits_data(
        config: &TrainerConfig,
        digits: &crate::digits::Digits,
    ) -> Option<Dataset> {
        use crate::dataset::DatasetKind;
        use crate::digits::DigitChoice;
        let choice = match config.dataset {
            DatasetKind::Digits => DigitChoice::All,
            DatasetKind::Digits38 => DigitChoice::Pair(3, 8),
            _ => return None,
        };
        Some(digits.dataset(
            choice,
            config.points,
            config.test_ratio,
            (config.rare_class, config.rare_class_share),
            config.data_seed,
        ))
    }

    /// Builds a run on given data (already checked for the task).
    pub(crate) fn from_parts(
        config: TrainerConfig,
        limits: Limits,
        data: Dataset,
        data_edited: bool,
    ) -> Result<Self> {
        config.validate(&limits)?;
        // One form for the hidden layers in a run's config (it trains the
        // same network either way).
        let config = config.normalized();
        if data.train.is_empty() {
            return Err(Error::NoData {
                what: "training set",
            });
        }
        let features = match data.shape {
            InputShape::Image { .. } => FeatureMap::pixels(data.shape.size()),
            #[cfg(feature = "sequences")]
            InputShape::Sequence { .. } => FeatureMap::pixels(data.shape.size()),
            InputShape::Vector(_) => {
                FeatureMap::new(&config.features, config.normalize, &data.train, &limits)?
            }
        };
        let shape = config.network_shape();
        let mut init_rng = Rng::new(config.weight_seed);
        let network = Network::new(&shape, config.init, config.init_scale, &mut init_rng);
        let learner = match config.mode {
            Mode::Network => Learner::Gradient(Descent {
                optimizer: OptimizerState::new(config.optimizer, network.layers()),
                order_rng: Rng::stream(config.weight_seed, ORDER_STREAM),
                order: (0..data.train.len()).collect(),
                cursor: 0,
            }),
            Mode::Perceptron => Learner::Rosenblatt(Perceptron::default()),
        };
        let neurons: usize = network.layers().iter().map(|l| l.units()).sum();
        let gradient_width = 2 * network.layers().len() + neurons;
        let batch = config.batch_size.min(data.train.len()).max(1);
        let outputs = shape.outputs;
        let inputs = shape.input.size();
        let mut trainer = Trainer {
            loss: config.resolved_loss(),
            learner,
            step: 0,
            epoch: 0,
            batch_x: Matrix::zeros(inputs, batch),
            batch_y: Matrix::zeros(outputs, batch),
            probe: Probe::default(),
            losses: Series::new(loss_columns::WIDTH, HISTORY_ROWS),
            gradients: Series::new(gradient_width, HISTORY_ROWS),
            gradient_row: alloc::vec![0.0; gradient_width],
            #[cfg(feature = "sequences")]
            step_gradients: Series::new(
                network
                    .layers()
                    .iter()
                    .map(|l| l.step_gradients().len())
                    .sum(),
                HISTORY_ROWS,
            ),
            summary: Summary {
                epoch: 0,
                step: 0,
                train_loss: f32::NAN,
                test_loss: None,
                train_accuracy: None,
                test_accuracy: None,
                diverged: false,
            },
            start_loss: f32::NAN,
            data_revision: 0,
            #[cfg(feature = "images")]
            augment_rng: Rng::stream(config.weight_seed, AUGMENT_STREAM),
            config,
            limits,
            data,
            data_edited,
            features,
            network,
        };
        trainer.warm_up();
        if let Learner::Gradient(d) = &mut trainer.learner {
            d.order_rng.shuffle(&mut d.order);
        }
        trainer.record_epoch();
        Ok(trainer)
    }

    /// Runs the network once over the largest batch it will train on, so
    /// every training buffer reaches its final size before the first step
    /// (the probe that measures the sets sizes itself at the first record).
    fn warm_up(&mut self) {
        self.batch_x.fill(0.0);
        self.batch_y.fill(0.0);
        self.network.propagate(&self.batch_x);
        self.network
            .backpropagate(&self.batch_x, &self.batch_y, self.loss);
        for l in self.network.layers_mut() {
            l.clear_gradients();
        }
    }

    // ----- reading the state -----

    /// The config of this run.
    pub fn config(&self) -> &TrainerConfig {
        &self.config
    }

    /// The limits the config was checked against.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The loss in force.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// The task.
    pub fn task(&self) -> Task {
        self.data.task
    }

    /// Training and test points.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// True once points were added, removed or replaced by hand.
    pub fn data_edited(&self) -> bool {
        self.data_edited
    }

    /// A number that changes with every edit of the data (adding, removing
    /// or replacing points) and with nothing else, so a drawing of the
    /// points can be cached until it changes.
    pub fn data_revision(&self) -> u64 {
        self.data_revision
    }

    /// The input features and their normalization.
    pub fn features(&self) -> &FeatureMap {
        &self.features
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Completed epochs, steps and the latest losses.
    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// Loss and accuracy per epoch; columns in [`loss_columns`].
    pub fn loss_history(&self) -> &Series {
        &self.losses
    }

    /// Gradient magnitudes per step. Each row holds, for every layer `l`
    /// (input side first), `mean |∂L/∂W|` at `2l` and `mean |δ|` at `2l + 1`,
    /// then `mean |δ|` of every neuron, layer after layer.
    pub fn gradient_history(&self) -> &Series {
        &self.gradients
    }

    /// The gradient through time, per step: each row holds the mean
    /// `|∂L/∂h_t|` of every time step `t` of the recurrent layer, first step
    /// first; how much of the error reaches each step back in the sequence
    /// (the vanishing gradient through time). Rows of width 0 without a
    /// recurrent layer.
    #[cfg(feature = "sequences")]
    pub fn step_gradient_history(&self) -> &Series {
        &self.step_gradients
    }

    /// The run's state beyond its weights and data: what a copy of it
    /// elsewhere needs to go on exactly as this run would (the "Copy as
    /// PyTorch" script reads it).
    pub fn continuation(&self) -> crate::Continuation<'_> {
        use crate::continuation::{DescentState, LearnerState};
        let (cursor, learner) = match &self.learner {
            Learner::Gradient(d) => (
                d.cursor,
                LearnerState::Descent(DescentState {
                    order_rng: d.order_rng.state(),
                    order: &d.order,
                    #[cfg(feature = "images")]
                    augment_rng: self.augment_rng.state(),
                    #[cfg(not(feature = "images"))]
                    augment_rng: [0; 4],
                    optimizer: d.optimizer.kind(),
                    optimizer_steps: d.optimizer.steps(),
                    moments: &d.optimizer,
                }),
            ),
            Learner::Rosenblatt(rule) => (
                rule.cursor(),
                LearnerState::Perceptron {
                    clean_run: rule.clean_run(),
                },
            ),
        };
        crate::Continuation {
            epoch: self.epoch,
            step: self.step,
            cursor,
            learner,
        }
    }

    // ----- training -----

    /// One gradient step on the next mini-batch; completes an epoch (and
    /// evaluates both sets) when the shuffled order runs out.
    pub fn train_step(&mut self) -> Result<Summary> {
        self.check_network_mode()?;
        if self.next_batch() {
            self.record_epoch();
        }
        Ok(self.summary)
    }

    /// `k` gradient steps (fewer if the run diverges); if any of them ended
    /// an epoch, both sets are evaluated once, after the last, and that
    /// epoch is recorded: a page that takes 300 steps a frame pays for one
    /// evaluation a frame, however many epochs they span.
    pub fn train_steps(&mut self, k: usize) -> Result<Summary> {
        self.check_network_mode()?;
        let diverged_before = self.summary.diverged;
        let mut completed = false;
        for _ in 0..k {
            completed |= self.next_batch();
            if self.summary.diverged && !diverged_before {
                break;
            }
        }
        if completed || (self.summary.diverged && !diverged_before) {
            self.record_epoch();
        }
        Ok(self.summary)
    }

    /// Steps until the current epoch is complete.
    pub fn train_epoch(&mut self) -> Result<Summary> {
        self.train_epochs(1)
    }

    /// Trains `n` whole epochs (fewer if the run diverges), then evaluates
    /// both sets once and records that epoch in the loss history: a caller
    /// that asks for 50 epochs a frame pays for one evaluation, not 50.
    ///
    /// ```
    /// use nnplay_core::{Trainer, TrainerConfig};
    /// let mut trainer = Trainer::new(TrainerConfig::default()).unwrap();
    /// let summary = trainer.train_epochs(20).unwrap();
    /// assert_eq!(summary.epoch, 20);
    /// assert_eq!(trainer.loss_history().pushed(), 2); // epoch 0 and epoch 20
    /// ```
    pub fn train_epochs(&mut self, n: usize) -> Result<Summary> {
        if matches!(self.learner, Learner::Rosenblatt(_)) {
            for _ in 0..n {
                self.perceptron_epoch()?;
            }
            return Ok(self.summary);
        }
        self.check_network_mode()?;
        let target = self.epoch.saturating_add(n as u64);
        let diverged_before = self.summary.diverged;
        let mut completed = false;
        let mut diverged_now = false;
        while self.epoch < target && !diverged_now {
            completed |= self.next_batch();
            diverged_now = self.summary.diverged && !diverged_before;
        }
        // A run that diverged mid-epoch stops there and is recorded too:
        // the learner sees it.
        if completed || diverged_now {
            self.record_epoch();
        }
        Ok(self.summary)
    }

    /// Refuses what takes images (`what`) on a run of points in the plane.
    #[cfg(feature = "images")]
    pub fn check_images(&self, what: &str) -> Result<()> {
        match self.data.shape {
            InputShape::Image { .. } => Ok(()),
            _ => Err(Error::incompatible(alloc::format!(
                "{what} needs a run of images (dataset digits or digits38); this run \
                 learns points in the plane: use predict or predictBatch"
            ))),
        }
    }

    /// Refuses what takes sequences (`what`) on a run of anything else.
    #[cfg(feature = "sequences")]
    pub fn check_sequences(&self, what: &str) -> Result<()> {
        match self.data.shape {
            InputShape::Sequence { .. } => Ok(()),
            _ => Err(Error::incompatible(alloc::format!(
                "{what} needs a run of sequences (dataset sines or memory)"
            ))),
        }
    }

    /// Refuses what takes a point in the plane (`what`) on a run of images.
    #[cfg_attr(not(feature = "images"), allow(unused_variables))]
    pub fn check_plane(&self, what: &str) -> Result<()> {
        // Without image data sets every run's samples are points.
        #[cfg(feature = "images")]
        if let InputShape::Image { .. } = self.data.shape {
            return Err(Error::incompatible(alloc::format!(
                "{what} needs points in the plane; this run learns images \
                 (predictImages reads images)"
            )));
        }
        #[cfg(feature = "sequences")]
        if let InputShape::Sequence { .. } = self.data.shape {
            return Err(Error::incompatible(alloc::format!(
                "{what} needs points in the plane; this run learns sequences \
                 (predictSequences reads sequences)"
            )));
        }
        Ok(())
    }

    fn check_network_mode(&self) -> Result<()> {
        if matches!(self.learner, Learner::Rosenblatt(_)) {
            return Err(Error::incompatible(
                "a perceptron learns by Rosenblatt's rule, not by gradient steps: use perceptron_step",
            ));
        }
        Ok(())
    }

    /// One gradient step on the next mini-batch, without evaluating; true
    /// if it completed an epoch (the order is reshuffled then).
    fn next_batch(&mut self) -> bool {
        let Learner::Gradient(d) = &mut self.learner else {
            // Callers check the mode first.
            return false;
        };
        let n = self.data.train.len();
        let start = d.cursor;
        let end = (start + self.config.batch_size).min(n);
        let batch = end - start;
        self.batch_x.reshape(self.features.len(), batch);
        self.batch_y.reshape(self.batch_y.rows(), batch);
        for (col, &i) in d.order[start..end].iter().enumerate() {
            let train = &self.data.train;
            #[cfg(feature = "images")]
            if self.config.augment && matches!(self.data.shape, InputShape::Image { .. }) {
                let shift = crate::augment::random_shift(&mut self.augment_rng);
                let image = train.input(i);
                crate::augment::write_shifted(
                    image,
                    self.data.shape,
                    shift,
                    &mut self.batch_x,
                    col,
                );
                write_target(self.data.task, train.labels()[i], &mut self.batch_y, col);
                continue;
            }
            self.features
                .write_sample(train.input(i), &mut self.batch_x, col);
            write_target(self.data.task, train.labels()[i], &mut self.batch_y, col);
        }
        self.descend();
        let Learner::Gradient(d) = &mut self.learner else {
            return false;
        };
        d.cursor = end;
        if d.cursor >= n {
            d.cursor = 0;
            self.epoch += 1;
            d.order_rng.shuffle(&mut d.order);
            return true;
        }
        false
    }

    /// Loss and accuracy of the current network on `samples` (through a
    /// probe of its own; [`Probe::evaluate`] reuses one).
    pub fn evaluate(&self, samples: &Samples) -> Evaluation {
        Probe::default().evaluate(self, samples)
    }

    /// Forgets both histories and records the current network as epoch 0
    /// (after weights were loaded).
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub(crate) fn restart_history(&mut self) {
        self.losses.clear();
        self.gradients.clear();
        #[cfg(feature = "sequences")]
        self.step_gradients.clear();
        self.summary.diverged = false;
        self.record_epoch();
    }

    /// Evaluates both sets and appends the epoch to the loss history.
    fn record_epoch(&mut self) {
        self.refresh_summary();
        let s = self.summary;
        let nan = f32::NAN;
        self.losses.push(&[
            self.epoch as f32,
            s.train_loss,
            s.test_loss.unwrap_or(nan),
            s.train_accuracy.unwrap_or(nan),
            s.test_accuracy.unwrap_or(nan),
        ]);
    }

    /// Measures both sets into the summary (without recording an epoch,
    /// so it also serves after an edit of the weights or a single update:
    /// the figures a learner reads are those of the network now), and
    /// applies the divergence rule.
    fn refresh_summary(&mut self) {
        let mut probe = core::mem::take(&mut self.probe);
        let on_train = probe.evaluate(self, &self.data.train);
        let test = &self.data.test;
        let on_test = (!test.is_empty()).then(|| probe.evaluate(self, test));
        self.probe = probe;
        if self.losses.pushed() == 0 {
            self.start_loss = on_train.loss;
        }
        self.summary = Summary {
            epoch: self.epoch,
            step: self.step,
            train_loss: on_train.loss,
            test_loss: on_test.map(|e| e.loss),
            train_accuracy: on_train.accuracy,
            test_accuracy: on_test.and_then(|e| e.accuracy),
            diverged: self.summary.diverged
                || !on_train.loss.is_finite()
                || on_train.loss > EXPLODED_LOSS_FACTOR * self.start_loss.max(0.01)
                || self.network.has_non_finite_parameters(),
        };
    }

    /// One gradient step on the single point (`x1`, `x2`) with `label`, by
    /// the configured optimizer: the step "Show the math" works out. The
    /// epoch and the mini-batch order do not move.
    pub fn train_on_point(&mut self, x1: f32, x2: f32, label: f32) -> Result<Summary> {
        self.check_network_mode()?;
        self.check_plane("a step on one point")?;
        let point = Point::checked(x1, x2, label, self.data.task)?;
        self.batch_x.reshape(self.features.len(), 1);
        self.batch_y.reshape(self.batch_y.rows(), 1);
        self.features
            .write_column(point.x1, point.x2, &mut self.batch_x, 0);
        write_target(self.data.task, point.label, &mut self.batch_y, 0);
        self.descend();
        self.refresh_summary();
        Ok(self.summary)
    }

    /// One gradient step on the mini-batch in `batch_x`, `batch_y`: forward,
    /// loss, backward (the chain rule), the update, the gradient history (of
    /// the step's gradients, which the update leaves). A batch of one under
    /// plain SGD on dense layers takes the fused step, to the same bits.
    fn descend(&mut self) {
        let fused = match &self.learner {
            Learner::Gradient(d) => {
                self.batch_x.cols() == 1
                    && d.optimizer.is_plain_sgd(self.config.regularization)
                    && self.network.is_dense_stack()
            }
            Learner::Rosenblatt(_) => false,
        };
        let (batch_loss, finite) = if fused {
            // The general path's numbers, fused (`Network::sgd_step_on_sample`).
            let step = self.network.sgd_step_on_sample(
                &self.batch_x,
                &self.batch_y,
                self.loss,
                self.config.learning_rate,
            );
            if let Learner::Gradient(d) = &mut self.learner {
                d.optimizer.count_step();
            }
            step
        } else {
            self.network.propagate(&self.batch_x);
            let batch_loss = self.network.loss(&self.batch_y, self.loss);
            self.network
                .backpropagate(&self.batch_x, &self.batch_y, self.loss);
            let finite = match &mut self.learner {
                Learner::Gradient(d) => d.optimizer.step(
                    self.network.layers_mut(),
                    self.config.learning_rate,
                    self.config.regularization,
                    self.config.regularization_rate,
                ),
                Learner::Rosenblatt(_) => true,
            };
            (batch_loss, finite)
        };
        // After the update, which leaves the gradients and `δ` it reads.
        self.record_gradients();
        if !batch_loss.is_finite() || !finite {
            self.summary.diverged = true;
        }
        self.step += 1;
        self.summary.step = self.step;
    }

    /// Appends this step's gradient magnitudes to the gradient history:
    /// per layer, the mean |∂L/∂W| of its weights and the mean |δ| of its
    /// units.
    fn record_gradients(&mut self) {
        let layers = self.network.layers();
        let traces = self.network.trace().layers();
        let mut k = 2 * layers.len();
        for (l, (layer, trace)) in layers.iter().zip(traces).enumerate() {
            self.gradient_row[2 * l] = mean_abs(layer.weight_gradients());
            // Each unit's mean |δ|; the layer's is their mean (equal rows).
            let units = layer.units();
            let deltas = trace.deltas();
            let slots = self.gradient_row.get_mut(k..k + units).unwrap_or_default();
            let mut total = 0.0;
            if deltas.cols() == 1 {
                // One sample: mean_abs's 0 + |δ| (over 1), without its calls.
                for (slot, d) in slots.iter_mut().zip(deltas.as_slice()) {
                    *slot = 0.0 + d.abs();
                    total += *slot;
                }
            } else {
                for (j, slot) in slots.iter_mut().enumerate() {
                    *slot = mean_abs(deltas.row(j));
                    total += *slot;
                }
            }
            k += units;
            self.gradient_row[2 * l + 1] = total / units.max(1) as f32;
        }
        self.gradients.push(&self.gradient_row);
        #[cfg(feature = "sequences")]
        if let Some(layer) = layers.iter().find(|l| l.is_recurrent()) {
            self.step_gradients.push(layer.step_gradients());
        }
    }

    // ----- the perceptron -----

    /// One perceptron update: finds the next misclassified training point
    /// (going round the training set in order) and moves the line towards it.
    pub fn perceptron_step(&mut self) -> Result<PerceptronUpdate> {
        let Learner::Rosenblatt(rule) = &self.learner else {
            return Err(Error::incompatible(
                "perceptron_step needs mode perceptron; a network learns by train_step",
            ));
        };
        let mut rule = *rule;
        let n = self.data.train.len();
        let mut found = None;
        // At most one full pass: if it finds no mistake, the perceptron has converged.
        while !rule.converged(n) {
            let Some(neuron) = self.network.layers_mut()[0].as_dense_mut() else {
                break; // a perceptron is always one dense neuron
            };
            let visit = rule.visit(
                &self.data.train,
                &self.features,
                neuron,
                self.config.learning_rate,
                &mut self.batch_x,
            );
            if visit.pass_ended {
                self.epoch += 1;
                self.record_epoch();
            }
            if visit.moved {
                self.step += 1;
                self.summary.step = self.step;
                // The figures follow each update, not only each pass.
                self.refresh_summary();
                found = Some(visit.point);
                break;
            }
        }
        self.learner = Learner::Rosenblatt(rule);
        Ok(PerceptronUpdate {
            point: found,
            converged: found.is_none(),
            updates: rule.updates(),
            epoch: self.epoch,
        })
    }

    /// Perceptron updates until the current pass over the training set ends
    /// (or the perceptron has converged).
    fn perceptron_epoch(&mut self) -> Result<Summary> {
        let epoch = self.epoch;
        while self.epoch == epoch {
            if self.perceptron_step()?.converged {
                break;
            }
        }
        Ok(self.summary)
    }

    // ----- changing the run -----

    /// Changes the learning rate while training goes on (the weights, the
    /// data and the histories stay).
    pub fn set_learning_rate(&mut self, learning_rate: f32) -> Result<()> {
        crate::config::check_learning_rate(learning_rate)?;
        self.config.learning_rate = learning_rate;
        Ok(())
    }

    /// Changes the regularization while training goes on.
    pub fn set_regularization(
        &mut self,
        regularization: crate::Regularization,
        rate: f32,
    ) -> Result<()> {
        crate::config::check_regularization_rate(rate)?;
        self.config.regularization = regularization;
        self.config.regularization_rate = rate;
        Ok(())
    }

    /// Back to the initial weights of the same seed, epoch 0, empty histories.
    pub fn reset(&mut self) -> Result<()> {
        self.rebuild(self.config.clone())
    }

    /// New initial weights from `seed` (and a reset).
    pub fn reseed(&mut self, seed: u64) -> Result<()> {
        crate::config::check_seed("seed", seed)?;
        self.rebuild(TrainerConfig {
            weight_seed: seed,
            ..self.config.clone()
        })
    }

    /// A fresh run of `config` on the same data (same revision); on an
    /// error nothing changes.
    fn rebuild(&mut self, config: TrainerConfig) -> Result<()> {
        let revision = self.data_revision;
        *self = Self::from_parts(config, self.limits, self.data.clone(), self.data_edited)?;
        self.data_revision = revision;
        Ok(())
    }

    /// Adds a point to the training set, then resets training (the batch
    /// order and normalization depend on the data).
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> Result<()> {
        self.check_plane("adding a point")?;
        let mut data = self.data.clone();
        data.add_point(x, y, label, &self.limits)?;
        self.replace_data(data)
    }

    /// Adds an image of the learner's own (its pixels, 0 to 1, as the run's
    /// images are read) with `label` to the training set; the run starts
    /// again on the new data, from the same initial weights.
    #[cfg(feature = "images")]
    pub fn add_image(&mut self, pixels: &[f32], label: f32) -> Result<()> {
        self.check_images("adding an image")?;
        let width = self.data.train.width();
        if pixels.len() != width {
            return Err(Error::out_of_range(
                "an image's pixels",
                alloc::format!("{width} values"),
                pixels.len(),
            ));
        }
        if let Some(&v) = pixels.iter().find(|v| !(0.0..=1.0).contains(*v)) {
            return Err(Error::out_of_range("a pixel", "a number from 0 to 1", v));
        }
        let label = self.data.task.check_label(label)?;
        if self.data.train.len() + self.data.test.len() >= self.limits.max_points {
            return Err(Error::out_of_range(
                "images",
                alloc::format!("at most {}", self.limits.max_points),
                self.data.train.len() + self.data.test.len() + 1,
            ));
        }
        let mut data = self.data.clone();
        data.train.push(pixels, label);
        self.replace_data(data)
    }

    /// Removes the point nearest to (`x`, `y`) within `radius`; returns it.
    /// The training set keeps at least one point.
    pub fn remove_nearest(&mut self, x: f32, y: f32, radius: f32) -> Result<Option<Point>> {
        self.check_plane("removing a point")?;
        let mut data = self.data.clone();
        let removed = data.remove_nearest(x, y, radius);
        if removed.is_some() {
            self.replace_data(data)?;
        }
        Ok(removed)
    }

    /// Replaces every point (checked against the task).
    pub fn set_points(&mut self, train: Vec<Point>, test: Vec<Point>) -> Result<()> {
        self.check_plane("setting the points")?;
        let mut data = self.data.clone();
        data.replace(train, test, &self.limits)?;
        self.replace_data(data)
    }

    /// The one place data changes: a new run on `data`, and a new revision.
    fn replace_data(&mut self, data: Dataset) -> Result<()> {
        let revision = self.data_revision + 1;
        *self = Self::from_parts(self.config.clone(), self.limits, data, true)?;
        self.data_revision = revision;
        Ok(())
    }

    /// Sets the weight from input `from` to neuron `to` of layer `layer`
    /// (0 = first hidden layer).
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, value: f32) -> Result<()> {
        let value = crate::error::check_range("a weight", value, -1e3, 1e3)?;
        let l = self.dense_mut(layer)?;
        if to >= l.neurons() || from >= l.inputs() {
            return Err(Error::out_of_range(
                alloc::format!("the link in layer {layer}"),
                alloc::format!(
                    "from an input 0 to {} and to a neuron 0 to {}",
                    l.inputs() - 1,
                    l.neurons() - 1
                ),
                alloc::format!("from {from} to {to}"),
            ));
        }
        l.weights.put(to, from, value);
        self.refresh_summary();
        Ok(())
    }

    /// Sets the bias of neuron `neuron` of layer `layer`.
    pub fn set_bias(&mut self, layer: usize, neuron: usize, value: f32) -> Result<()> {
        let value = crate::error::check_range("a bias", value, -1e3, 1e3)?;
        let l = self.dense_mut(layer)?;
        let neurons = l.neurons();
        let b = l.biases.get_mut(neuron).ok_or_else(|| {
            Error::out_of_range(
                alloc::format!("the neuron of layer {layer}"),
                alloc::format!("a whole number from 0 to {}", neurons - 1),
                neuron,
            )
        })?;
        *b = value;
        self.refresh_summary();
        Ok(())
    }

    /// Dense layer `layer`, whose single weights and biases can be edited.
    fn dense_mut(&mut self, layer: usize) -> Result<&mut crate::layer::Dense> {
        let count = self.network.layers().len();
        let l = self.network.layers_mut().get_mut(layer).ok_or_else(|| {
            Error::out_of_range(
                "the layer",
                alloc::format!("a whole number from 0 to {}", count - 1),
                layer,
            )
        })?;
        l.as_dense_mut().ok_or_else(|| {
            Error::incompatible("only dense layers have single weights and biases to edit")
        })
    }
}

/// Writes the target of a point with `label` into column `col` of `y`.
#[inline]
pub(crate) fn write_target(task: Task, label: f32, y: &mut Matrix, col: usize) {
    match task {
        Task::Multiclass { classes } => {
            for k in 0..classes {
                y.put(k, col, if k == label as usize { 1.0 } else { 0.0 });
            }
        }
        Task::Binary | Task::Regression => y.put(0, col, label),
    }
}

fn mean_abs(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    sum_abs(values) / values.len() as f32
}

/// `Σ |v|`, in eight partial sums so the loop runs in SIMD lanes.
fn sum_abs(values: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let chunks = values.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (s, v) in lanes.iter_mut().zip(chunk) {
            *s += v.abs();
        }
    }
    let mut sum = lanes.iter().sum::<f32>();
    for v in rest {
        sum += v.abs();
    }
    sum
}
