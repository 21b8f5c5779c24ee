//! Probes: what the page draws, measured from the network without changing it.
//!
//! * the **decision grid**: the network's output over an `N × N` grid of a
//!   rectangle, computed in batched passes (the heatmap behind the points),
//!   with tanh and the sigmoid within 1e-4 of the engine's own (a picture:
//!   [`crate::activation::apply_slice_for_drawing`]; predictions are exact);
//! * **neuron grids**: every hidden neuron's output over the same grid (the
//!   thumbnails that show what each neuron has learned; the same cheaper pass);
//! * **separating lines**: where each first-layer neuron's weighted sum is
//!   zero, `w₁x₁ + w₂x₂ + b = 0`, a straight line in the plane;
//! * **unit health**: ReLUs that are dead (`z ≤ 0` on every training point,
//!   so they never pass a gradient again) and sigmoid/tanh units that are
//!   saturated (`f'(z)` below a tenth of its maximum on most points).
//!
//! Grid cells are listed row by row from the top (`y_max`) down, each row
//! left (`x_min`) to right, and sampled at their centres: the order of an
//! image's pixels.

use crate::dataset::Task;
use crate::error::{check_count, Error, Result};
use crate::metrics::Confusion;
use crate::network::Trace;
use crate::trainer::{write_target, Evaluation, EVAL_CHUNK};
use crate::{Activation, Loss, Matrix, Samples, Trainer};
use alloc::vec::Vec;

/// The largest grid side a probe computes.
pub const MAX_RESOLUTION: usize = 1024;

/// An axis-aligned rectangle of the input plane.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub struct Rect {
    /// Left edge.
    pub x_min: f32,
    /// Right edge.
    pub x_max: f32,
    /// Bottom edge.
    pub y_min: f32,
    /// Top edge.
    pub y_max: f32,
}

impl Rect {
    /// A checked rectangle: finite, within ±10⁴, each minimum below its maximum.
    pub fn new(x_min: f32, x_max: f32, y_min: f32, y_max: f32) -> Result<Rect> {
        let ok = |v: f32| v.is_finite() && v.abs() <= 1e4;
        for (what, v) in [
            ("xMin", x_min),
            ("xMax", x_max),
            ("yMin", y_min),
            ("yMax", y_max),
        ] {
            if !ok(v) {
                return Err(Error::out_of_range(
                    what,
                    "a finite number from -10000 to 10000",
                    v,
                ));
            }
        }
        if x_min >= x_max || y_min >= y_max {
            return Err(Error::incompatible(alloc::format!(
                "the rectangle needs xMin < xMax and yMin < yMax, got x {x_min}..{x_max}, y {y_min}..{y_max}"
            )));
        }
        Ok(Rect {
            x_min,
            x_max,
            y_min,
            y_max,
        })
    }

    /// The square `[min, max]²`.
    pub fn square(min: f32, max: f32) -> Rect {
        Rect {
            x_min: min,
            x_max: max,
            y_min: min,
            y_max: max,
        }
    }

    /// The centre of cell `i` (row-major from the top) of an `n × n` grid.
    #[inline]
    pub fn cell_centre(&self, n: usize, i: usize) -> (f32, f32) {
        let (r, c) = (i / n, i % n);
        let x = self.x_min + (c as f32 + 0.5) * (self.x_max - self.x_min) / n as f32;
        let y = self.y_max - (r as f32 + 0.5) * (self.y_max - self.y_min) / n as f32;
        (x, y)
    }
}

/// The line `a·x + b·y + c = 0` in data coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Line {
    /// Coefficient of x.
    pub a: f32,
    /// Coefficient of y.
    pub b: f32,
    /// Constant term.
    pub c: f32,
}

impl Line {
    /// The part of the line inside `rect`, as two end points, if it crosses it.
    pub fn clip(&self, rect: &Rect) -> Option<[(f32, f32); 2]> {
        let inside_x = |x: f32| x >= rect.x_min - 1e-4 && x <= rect.x_max + 1e-4;
        let inside_y = |y: f32| y >= rect.y_min - 1e-4 && y <= rect.y_max + 1e-4;
        // Where the line meets the four edges (the vertical ones need b ≠ 0,
        // the horizontal ones a ≠ 0), kept when the meeting point is on the edge.
        let on_vertical = [rect.x_min, rect.x_max].map(|x| (x, -(self.a * x + self.c) / self.b));
        let on_horizontal = [rect.y_min, rect.y_max].map(|y| (-(self.b * y + self.c) / self.a, y));
        let mut hits = on_vertical
            .into_iter()
            .filter(|&(_, y)| self.b != 0.0 && inside_y(y))
            .chain(
                on_horizontal
                    .into_iter()
                    .filter(|&(x, _)| self.a != 0.0 && inside_x(x)),
            );
        let first = hits.next()?;
        let far = hits.max_by(|p, q| dist2(*p, first).total_cmp(&dist2(*q, first)))?;
        (dist2(far, first) > 0.0 && first.0.is_finite() && far.0.is_finite())
            .then_some([first, far])
    }
}

fn dist2(p: (f32, f32), q: (f32, f32)) -> f32 {
    (p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1)
}

/// How one hidden unit behaves over the training set.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct UnitHealth {
    /// Hidden layer (0 = the one next to the inputs).
    pub layer: usize,
    /// Neuron within the layer.
    pub neuron: usize,
    /// The unit's activation.
    pub activation: Activation,
    /// Share of training points where `z ≤ 0`.
    pub inactive_share: f32,
    /// Share of training points where `f'(z)` is below a tenth of its maximum.
    pub saturated_share: f32,
}

impl UnitHealth {
    /// A ReLU that outputs 0 for every training point: it can never learn again.
    pub fn is_dead(&self) -> bool {
        self.activation == Activation::Relu && self.inactive_share >= 1.0
    }

    /// A sigmoid or tanh unit stuck on a flat part for 90 % of the points.
    pub fn is_saturated(&self) -> bool {
        self.activation.saturates() && self.saturated_share >= 0.9
    }
}

impl Trainer {
    /// Number of values per grid cell of the decision grid (the outputs).
    pub fn outputs(&self) -> usize {
        self.network.output_layer().units()
    }

    /// Total number of hidden units (a dense layer's neurons).
    pub fn hidden_neurons(&self) -> usize {
        let layers = self.network.layers();
        layers[..layers.len() - 1].iter().map(|l| l.units()).sum()
    }

    /// [`Probe::decision_grid_into`] into a new vector, with a probe of its own.
    pub fn decision_grid(&self, n: usize, rect: &Rect) -> Result<Vec<f32>> {
        // Before sizing anything: an image run's grid is refused, not made.
        self.check_plane("a decision grid")?;
        let mut out = alloc::vec![0.0; n.min(MAX_RESOLUTION).pow(2) * self.outputs()];
        Probe::default().decision_grid_into(self, n, rect, &mut out)?;
        Ok(out)
    }

    /// [`Probe::neuron_grids_into`] into a new vector, with a probe of its own.
    pub fn neuron_grids(&self, n: usize, rect: &Rect) -> Result<Vec<f32>> {
        // Before sizing anything: an image run counts every pixel of every
        // map as a unit, and its grids would be gigabytes.
        self.check_plane("a neuron grid")?;
        let mut out = alloc::vec![0.0; n.min(MAX_RESOLUTION).pow(2) * self.hidden_neurons()];
        Probe::default().neuron_grids_into(self, n, rect, &mut out)?;
        Ok(out)
    }

    /// The output for one point (`outputs()` values).
    pub fn predict(&self, x: f32, y: f32) -> Result<Vec<f32>> {
        for (what, v) in [("x", x), ("y", y)] {
            if !v.is_finite() {
                return Err(Error::out_of_range(what, "a finite number", v));
            }
        }
        self.predict_many(&[x, y])
    }

    /// [`Probe::predict_many`] with a probe of its own.
    pub fn predict_many(&self, xy: &[f32]) -> Result<Vec<f32>> {
        Probe::default().predict_many(self, xy)
    }

    /// [`Probe::unit_health`] with a probe of its own.
    pub fn unit_health(&self) -> Vec<UnitHealth> {
        Probe::default().unit_health(self)
    }

    /// The line `z = 0` of each first-layer neuron, in data coordinates.
    /// Needs the inputs to be x1 and x2 only (otherwise the boundaries are
    /// curves) and a dense first layer.
    pub fn separating_lines(&self) -> Result<Vec<Line>> {
        self.check_plane("separating lines")?;
        if !self.features.is_linear() {
            return Err(Error::incompatible(
                "separating lines are straight only when the inputs are x1 and x2 alone; \
                 with x1², sin x1 and the like, look at the neuron grids instead",
            ));
        }
        let first = &self.network.layers()[0];
        let Some(first) = first.as_dense() else {
            return Err(Error::incompatible(
                "separating lines are drawn for a dense first layer only",
            ));
        };
        let mut lines = Vec::with_capacity(first.neurons());
        for j in 0..first.neurons() {
            // z = Σ w_k (v_k − μ_k)/σ_k + b, with v_k = x or y.
            let mut line = Line {
                a: 0.0,
                b: 0.0,
                c: first.biases[j],
            };
            for (k, f) in self.features.features().iter().enumerate() {
                let (mean, std) = self.features.stats(k);
                let w = first.weights.at(j, k) / std;
                match f {
                    crate::Feature::X1 => line.a += w,
                    _ => line.b += w,
                }
                line.c -= w * mean;
            }
            lines.push(line);
        }
        Ok(lines)
    }
}

/// The buffers a view needs to run a network without changing its run:
/// the points' coordinates, their features and a [`Trace`] of every layer.
/// A view reads the [`Trainer`] through `&self`; the caller keeps one
/// `Probe` and reuses it, so after its first use at a size it allocates
/// nothing.
///
/// ```
/// use nnplay_core::{probe::Probe, Rect, Trainer, TrainerConfig};
/// let trainer = Trainer::new(TrainerConfig::default())?;
/// let mut probe = Probe::default();
/// let mut grid = vec![0.0; 16 * 16 * trainer.outputs()];
/// probe.decision_grid_into(&trainer, 16, &Rect::square(-6.0, 6.0), &mut grid)?;
/// assert!(grid.iter().all(|p| (0.0..=1.0).contains(p)));
/// # Ok::<(), nnplay_core::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// Coordinates (x in row 0, y in row 1) before the feature map.
    xy: Matrix,
    /// The network's inputs: features × points.
    x: Matrix,
    /// Targets, when a view measures a loss.
    y: Matrix,
    trace: Trace,
}

impl Probe {
    /// The network's outputs over an `n × n` grid of `rect`, written into `out`
    /// (`n² × outputs` values: for each cell its outputs, cells in image order).
    pub fn decision_grid_into(
        &mut self,
        trainer: &Trainer,
        n: usize,
        rect: &Rect,
        out: &mut [f32],
    ) -> Result<()> {
        trainer.check_plane("a decision grid")?;
        let k = trainer.outputs();
        check_grid(n, n * n * k, out.len())?;
        self.for_grid_chunks(trainer, n, rect, |trace, first, count| {
            let output = trace.output().outputs();
            for col in 0..count {
                for o in 0..k {
                    out[(first + col) * k + o] = output.at(o, col);
                }
            }
        });
        Ok(())
    }

    /// Every hidden neuron's output over an `n × n` grid of `rect`, written
    /// into `out`: neuron after neuron (layer by layer), each `n²` values in
    /// image order.
    pub fn neuron_grids_into(
        &mut self,
        trainer: &Trainer,
        n: usize,
        rect: &Rect,
        out: &mut [f32],
    ) -> Result<()> {
        trainer.check_plane("a neuron grid")?;
        let cells = n * n;
        check_grid(n, cells * trainer.hidden_neurons(), out.len())?;
        self.for_grid_chunks(trainer, n, rect, |trace, first, count| {
            let layers = trace.layers();
            let mut neuron = 0;
            for layer in &layers[..layers.len() - 1] {
                for j in 0..layer.outputs().rows() {
                    let base = neuron * cells + first;
                    out[base..base + count].copy_from_slice(&layer.outputs().row(j)[..count]);
                    neuron += 1;
                }
            }
        });
        Ok(())
    }

    /// Runs the network over the grid `EVAL_CHUNK` cells at a time; `visit`
    /// reads the layers' numbers for cells `first..first + count`.
    fn for_grid_chunks(
        &mut self,
        trainer: &Trainer,
        n: usize,
        rect: &Rect,
        mut visit: impl FnMut(&Trace, usize, usize),
    ) {
        let cells = n * n;
        let mut first = 0;
        while first < cells {
            let count = EVAL_CHUNK.min(cells - first);
            self.xy.reshape(2, count);
            for col in 0..count {
                let (x, y) = rect.cell_centre(n, first + col);
                self.xy.put(0, col, x);
                self.xy.put(1, col, y);
            }
            trainer.features.write_columns(&self.xy, &mut self.x);
            // Colours: the activations within 1e-4, a third faster.
            trainer.network.run_for_drawing(&self.x, &mut self.trace);
            visit(&self.trace, first, count);
            first += count;
        }
    }

    /// The outputs for many points, `xy` = x₀, y₀, x₁, y₁, …: `outputs()`
    /// values per point, computed `EVAL_CHUNK` points per batched pass.
    pub fn predict_many(&mut self, trainer: &Trainer, xy: &[f32]) -> Result<Vec<f32>> {
        trainer.check_plane("predicting at x, y")?;
        if xy.len() % 2 != 0 {
            return Err(Error::incompatible(alloc::format!(
                "points come as pairs x, y: an even number of values, got {}",
                xy.len()
            )));
        }
        if let Some(i) = xy.iter().position(|v| !v.is_finite()) {
            return Err(Error::out_of_range(
                alloc::format!("value {i} of the points"),
                "a finite number",
                xy[i],
            ));
        }
        let k = trainer.outputs();
        let mut out = Vec::with_capacity(xy.len() / 2 * k);
        for chunk in xy.chunks(2 * EVAL_CHUNK) {
            let count = chunk.len() / 2;
            self.xy.reshape(2, count);
            for (col, p) in chunk.chunks_exact(2).enumerate() {
                self.xy.put(0, col, p[0]);
                self.xy.put(1, col, p[1]);
            }
            trainer.features.write_columns(&self.xy, &mut self.x);
            let output = trainer.network.run(&self.x, &mut self.trace);
            for col in 0..count {
                out.extend((0..k).map(|o| output.at(o, col)));
            }
        }
        Ok(out)
    }

    /// The outputs for samples given by their raw inputs (`raw` holds one
    /// sample's inputs after another: an image's pixels, channel by
    /// channel, row by row): `outputs()` values per sample.
    pub fn predict_samples(&mut self, trainer: &Trainer, raw: &[f32]) -> Result<Vec<f32>> {
        let width = trainer.data.train.width().max(1);
        if raw.is_empty() || raw.len() % width != 0 {
            return Err(Error::incompatible(alloc::format!(
                "samples come as {width} values each: a whole number of them, got {} values",
                raw.len()
            )));
        }
        if let Some(i) = raw.iter().position(|v| !v.is_finite()) {
            return Err(Error::out_of_range(
                alloc::format!("value {i} of the samples"),
                "a finite number",
                raw[i],
            ));
        }
        let k = trainer.outputs();
        let mut out = Vec::with_capacity(raw.len() / width * k);
        for chunk in raw.chunks(width * EVAL_CHUNK) {
            let count = chunk.len() / width;
            self.load(trainer, width, chunk.chunks_exact(width));
            let output = trainer.network.run(&self.x, &mut self.trace);
            for col in 0..count {
                out.extend((0..k).map(|o| output.at(o, col)));
            }
        }
        Ok(out)
    }

    /// What every layer hands on for one image given by its pixels (the
    /// sample's raw inputs): one `(shape, values)` per layer, input side
    /// first, the values laid out as the shape reads (channel by channel,
    /// row by row, for maps). What shows a convolution's feature maps.
    ///
    /// ```
    /// use nnplay_core::layer::{Padding, PoolMode};
    /// use nnplay_core::{digits::Digits, probe::Probe, *};
    /// // Twenty made-up images, two of each digit (labels first, then pixels).
    /// let mut bytes: Vec<u8> = (0..20).map(|i| i % 10).collect();
    /// bytes.extend((0..20 * 64).map(|i| (i % 17) as u8));
    /// let digits = Digits::from_bytes(&bytes)?;
    /// let config = TrainerConfig {
    ///     dataset: DatasetKind::Digits,
    ///     points: 8,
    ///     test_ratio: 0.5,
    ///     layers: Some(vec![
    ///         LayerSpec::Conv2d { filters: 2, size: 3, padding: Padding::Same, activation: None },
    ///         LayerSpec::Pool2d(PoolMode::Max),
    ///     ]),
    ///     ..TrainerConfig::default()
    /// };
    /// let run = Trainer::with_digits(config, Limits::default(), &digits)?;
    /// let maps = Probe::default().feature_maps(&run, &[0.5; 64])?;
    /// assert_eq!(maps[0].0, InputShape::image((2, 8, 8)));
    /// assert_eq!(maps[1].1.len(), 2 * 4 * 4);
    /// # Ok::<(), Error>(())
    /// ```
    #[cfg(feature = "images")]
    pub fn feature_maps(
        &mut self,
        trainer: &Trainer,
        pixels: &[f32],
    ) -> Result<Vec<(crate::InputShape, Vec<f32>)>> {
        let width = trainer.data.train.width().max(1);
        if pixels.len() != width {
            return Err(Error::incompatible(alloc::format!(
                "feature maps are of one image: {width} values, got {}",
                pixels.len()
            )));
        }
        self.predict_samples(trainer, pixels)?;
        let layers = trainer.network.layers();
        Ok(self
            .trace
            .layers()
            .iter()
            .zip(layers)
            .map(|(t, layer)| {
                let a = t.outputs();
                (
                    layer.output_shape(),
                    (0..a.rows()).map(|r| a.at(r, 0)).collect(),
                )
            })
            .collect())
    }

    /// A sequence through the recurrent layer, unrolled: the state after
    /// each step (`steps` rows of units, first step first), and for a GRU
    /// the update gate of each step, `z_t` (how much of its state each unit
    /// kept; empty for a simple RNN). `values` is one sequence's raw inputs.
    ///
    /// ```
    /// # use nnplay_core::*;
    /// let config = TrainerConfig {
    ///     dataset: DatasetKind::Memory,
    ///     steps: 6,
    ///     layers: Some(vec![LayerSpec::Gru { units: 3 }]),
    ///     ..TrainerConfig::default()
    /// };
    /// let run = Trainer::new(config)?;
    /// let (states, gates) = probe::Probe::default().unrolled(&run, &[1.0, -1.0, 1.0, 1.0, -1.0, 1.0])?;
    /// assert_eq!((states.len(), gates.len()), (6 * 3, 6 * 3));
    /// # Ok::<(), Error>(())
    /// ```
    #[cfg(feature = "sequences")]
    pub fn unrolled(&mut self, trainer: &Trainer, values: &[f32]) -> Result<(Vec<f32>, Vec<f32>)> {
        let width = trainer.data.train.width().max(1);
        if values.len() != width || trainer.data.shape.as_sequence().is_none() {
            return Err(Error::incompatible(alloc::format!(
                "unrolling reads one sequence of a run of sequences: {width} values, got {}",
                values.len()
            )));
        }
        self.predict_samples(trainer, values)?;
        let layers = trainer.network.layers();
        let Some(l) = layers.iter().position(crate::Layer::is_recurrent) else {
            return Err(Error::incompatible(
                "this network has no recurrent layer to unroll (add rnn or gru)",
            ));
        };
        let work = &self.trace.layers()[l].work;
        let units = layers[l].units();
        let steps = layers[l].step_gradients().len();
        // The states h_1 … h_T: blocks 1 … T of units × 1 (one sample).
        let states = work.as_slice()[units..(steps + 1) * units].to_vec();
        let gates = match &layers[l] {
            crate::Layer::Gru(g) => g.update_gates(work, 0),
            _ => Vec::new(),
        };
        Ok((states, gates))
    }

    /// The sines series and the network's forecast of it: a stretch of
    /// `steps + count` values from time `start` (with the run's noise, from
    /// its data seed), and for each of the last `count` values the
    /// prediction from the `steps` values before it, one step ahead.
    ///
    /// ```
    /// # use nnplay_core::*;
    /// let config = TrainerConfig { dataset: DatasetKind::Sines, steps: 5, ..TrainerConfig::default() };
    /// let run = Trainer::new(config)?;
    /// let (series, predicted) = probe::Probe::default().forecast(&run, 0.0, 40)?;
    /// assert_eq!((series.len(), predicted.len()), (45, 40));
    /// # Ok::<(), Error>(())
    /// ```
    #[cfg(feature = "sequences")]
    pub fn forecast(
        &mut self,
        trainer: &Trainer,
        start: f32,
        count: usize,
    ) -> Result<(Vec<f32>, Vec<f32>)> {
        trainer.check_sequences("a forecast")?;
        let config = trainer.config();
        if config.dataset != crate::DatasetKind::Sines {
            return Err(Error::incompatible(
                "a forecast continues a series: it needs dataset sines",
            ));
        }
        let steps = config.steps;
        let count = count.clamp(1, 1000);
        let series =
            crate::sequences::sines_stretch(start, steps + count, config.noise, config.data_seed);
        let windows: Vec<f32> = (0..count)
            .flat_map(|k| series[k..k + steps].iter().copied())
            .collect();
        let predicted = self.predict_samples(trainer, &windows)?;
        Ok((series, predicted))
    }

    /// The network's inputs for samples given by their raw inputs (`x₁, x₂`
    /// of a point, or an image's pixels, `width` each): one column each in
    /// `xy`, then the feature map into `x`.
    fn load<'a>(
        &mut self,
        trainer: &Trainer,
        width: usize,
        rows: impl ExactSizeIterator<Item = &'a [f32]>,
    ) {
        self.xy.reshape(width, rows.len());
        for (col, sample) in rows.enumerate() {
            for (r, &v) in sample.iter().enumerate() {
                self.xy.put(r, col, v);
            }
        }
        trainer.features.write_columns(&self.xy, &mut self.x);
    }

    /// Loss and accuracy of the trainer's network on `points`.
    pub fn evaluate(&mut self, trainer: &Trainer, samples: &Samples) -> Evaluation {
        let task = trainer.data.task;
        let run_loss = trainer.loss();
        // RMSE is not an average of batch RMSEs: accumulate MSE, root at the end.
        let chunk_loss = if run_loss == Loss::Rmse {
            Loss::Mse
        } else {
            run_loss
        };
        let mut loss_sum = 0.0f64;
        let mut correct = 0usize;
        for (first, count) in chunks(samples.len()) {
            // The raw inputs, as `load` writes them, with the targets in the
            // same loop: written out here, as the default module's budget
            // measured it cheaper than the shared helper.
            self.xy.reshape(samples.width(), count);
            self.y.reshape(task.outputs(), count);
            for col in 0..count {
                let i = first + col;
                for (r, &v) in samples.input(i).iter().enumerate() {
                    self.xy.put(r, col, v);
                }
                write_target(task, samples.labels()[i], &mut self.y, col);
            }
            trainer.features.write_columns(&self.xy, &mut self.x);
            trainer.network.run(&self.x, &mut self.trace);
            let network = &trainer.network;
            loss_sum += network.loss_of(&self.trace, &self.y, chunk_loss) as f64 * count as f64;
            let output = self.trace.output().outputs();
            let labels = &samples.labels()[first..first + count];
            for (col, &label) in labels.iter().enumerate() {
                let predicted = task.predicted_class(|k| output.at(k, col));
                if predicted.is_some() && predicted == task.class_of_label(label) {
                    correct += 1;
                }
            }
        }
        let n = samples.len().max(1) as f64;
        let mut loss = loss_sum / n;
        if run_loss == Loss::Rmse {
            loss = libm::sqrt(loss);
        }
        Evaluation {
            loss: loss as f32,
            accuracy: (task != Task::Regression).then(|| correct as f32 / n as f32),
        }
    }

    /// The confusion matrix of the trainer's network on `samples`: true
    /// class against predicted class (`None` for regression).
    pub fn confusion(&mut self, trainer: &Trainer, samples: &Samples) -> Option<Confusion> {
        let task = trainer.data.task;
        let mut confusion = Confusion::new(task.classes()?);
        for (first, count) in chunks(samples.len()) {
            let rows = (first..first + count).map(|i| samples.input(i));
            self.load(trainer, samples.width(), rows);
            let output = trainer.network.run(&self.x, &mut self.trace);
            let labels = &samples.labels()[first..first + count];
            for (col, &label) in labels.iter().enumerate() {
                let predicted = task.predicted_class(|k| output.at(k, col));
                if let (Some(t), Some(p)) = (task.class_of_label(label), predicted) {
                    confusion.add(t, p);
                }
            }
        }
        Some(confusion)
    }

    /// Health of every hidden unit over the trainer's training set.
    pub fn unit_health(&mut self, trainer: &Trainer) -> Vec<UnitHealth> {
        let network = &trainer.network;
        let layers = network.layers().len();
        let mut health: Vec<UnitHealth> = Vec::new();
        for (l, layer) in network.layers()[..layers - 1].iter().enumerate() {
            for j in 0..layer.units() {
                health.push(UnitHealth {
                    layer: l,
                    neuron: j,
                    activation: layer.activation(),
                    inactive_share: 0.0,
                    saturated_share: 0.0,
                });
            }
        }
        let train = &trainer.data.train;
        for (first, count) in chunks(train.len()) {
            self.x.reshape(trainer.features.len(), count);
            for col in 0..count {
                let raw = train.input(first + col);
                trainer.features.write_sample(raw, &mut self.x, col);
            }
            network.run(&self.x, &mut self.trace);
            let mut unit = 0;
            let hidden = network.layers()[..layers - 1].iter();
            for (layer, trace) in hidden.zip(self.trace.layers()) {
                let f = layer.activation();
                let threshold = 0.1 * f.max_derivative();
                for j in 0..layer.units() {
                    let zs = trace.pre_activations().row(j);
                    let as_ = trace.outputs().row(j);
                    let h = &mut health[unit];
                    for (&z, &a) in zs.iter().zip(as_) {
                        if z <= 0.0 {
                            h.inactive_share += 1.0;
                        }
                        if f.derivative(z, a) < threshold {
                            h.saturated_share += 1.0;
                        }
                    }
                    unit += 1;
                }
            }
        }
        let n = train.len().max(1) as f32;
        for h in &mut health {
            h.inactive_share /= n;
            h.saturated_share /= n;
        }
        health
    }
}

/// `(first, count)` of each run of at most `EVAL_CHUNK` of `n` samples.
fn chunks(n: usize) -> impl Iterator<Item = (usize, usize)> {
    let mut first = 0;
    core::iter::from_fn(move || {
        let count = EVAL_CHUNK.min(n - first);
        let chunk = (count > 0).then_some((first, count));
        first += count;
        chunk
    })
}

fn check_grid(n: usize, needed: usize, got: usize) -> Result<()> {
    check_count("the grid resolution", n, 1, MAX_RESOLUTION)?;
    if needed != got {
        return Err(Error::ShapeMismatch {
            op: "the grid",
            expected: needed,
            got,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_in_image_order() {
        let r = Rect::square(0.0, 4.0);
        assert_eq!(r.cell_centre(2, 0), (1.0, 3.0));
        assert_eq!(r.cell_centre(2, 1), (3.0, 3.0));
        assert_eq!(r.cell_centre(2, 3), (3.0, 1.0));
    }

    #[test]
    fn rectangles_are_checked() {
        assert!(Rect::new(0.0, 1.0, 0.0, 1.0).is_ok());
        assert_eq!(
            Rect::new(f32::NAN, 1.0, 0.0, 1.0).unwrap_err().to_string(),
            "xMin must be a finite number from -10000 to 10000, got NaN"
        );
        assert!(Rect::new(1.0, 1.0, 0.0, 1.0).is_err());
    }

    #[test]
    fn lines_clip_to_the_rectangle() {
        let r = Rect::square(-1.0, 1.0);
        // x = y
        let diagonal = Line {
            a: 1.0,
            b: -1.0,
            c: 0.0,
        }
        .clip(&r)
        .expect("crosses");
        let mut ends = diagonal.to_vec();
        ends.sort_by(|p, q| p.0.total_cmp(&q.0));
        assert_eq!(ends, [(-1.0, -1.0), (1.0, 1.0)]);
        // x = 0.5, vertical
        let vertical = Line {
            a: 1.0,
            b: 0.0,
            c: -0.5,
        }
        .clip(&r)
        .expect("crosses");
        assert!(vertical.iter().all(|p| p.0 == 0.5));
        assert!(Line {
            a: 1.0,
            b: 0.0,
            c: -5.0
        }
        .clip(&r)
        .is_none());
        assert!(Line {
            a: 0.0,
            b: 0.0,
            c: 1.0
        }
        .clip(&r)
        .is_none());
    }
}
