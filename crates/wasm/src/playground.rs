//! The `Playground` handle: one training run owned by Rust, driven from
//! JavaScript. Every method checks its arguments first, so a refused call
//! throws an `Error` and leaves the playground exactly as it was.

use crate::args::{self, core_error, error, to_js};
use crate::painter::Painter;
use nnplay_core::probe::{Probe, MAX_RESOLUTION};
use nnplay_core::trainer::loss_columns as col;
use nnplay_core::{Point, Rect, Task, Trainer};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Most values `predictBatch` takes at once (a million points).
const MAX_BATCH_VALUES: u32 = 2_000_000;
/// Most steps or epochs one call may run (keeps a frame from freezing).
const MAX_STEPS_PER_CALL: u64 = 100_000;
/// The longest CSV text `setPointsCsv` reads.
const MAX_CSV_BYTES: usize = 2_000_000;
/// The largest side of `neuronGrids` (every hidden neuron has a grid).
const MAX_NEURON_GRID: usize = 256;

/// A neural network, its data and its training state.
///
/// ```js
/// const playground = new Playground({ dataset: 'xor', hiddenLayers: [6, 3] });
/// while (playground.summary().testAccuracy < 1) playground.trainEpochs(10);
/// playground.drawBoundary(canvas, { showLines: true });
/// ```
#[wasm_bindgen]
pub struct Playground {
    pub(crate) trainer: Trainer,
    /// The buffers predictions and unit health run the network in.
    probe: Probe,
    /// What drawing keeps between frames; it only reads `trainer`.
    pub(crate) painter: Painter,
}

impl Playground {
    /// Wraps a trainer.
    pub fn from_trainer(trainer: Trainer) -> Playground {
        Playground {
            trainer,
            probe: Probe::default(),
            painter: Painter::default(),
        }
    }

    /// The run inside.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The rectangle of a grid call, checked.
    fn rect(
        x_min: &JsValue,
        x_max: &JsValue,
        y_min: &JsValue,
        y_max: &JsValue,
    ) -> Result<Rect, JsError> {
        Rect::new(
            args::float(x_min, "xMin")?,
            args::float(x_max, "xMax")?,
            args::float(y_min, "yMin")?,
            args::float(y_max, "yMax")?,
        )
        .map_err(core_error)
    }

    fn summary_js(&self) -> JsValue {
        to_js(&self.trainer.summary())
    }
}

#[wasm_bindgen]
impl Playground {
    /// A new playground. Every field of `config` is optional; without any it
    /// trains XOR. Unknown fields and invalid values throw, naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<args::ConfigArg>) -> Result<Playground, JsError> {
        let config = args::given(config);
        let limits = nnplay_core::Limits::default();
        let config = args::config(&config, "config", &limits)?;
        #[cfg(feature = "images")]
        let run = crate::images::trainer(config, limits)?;
        #[cfg(not(feature = "images"))]
        let run = Trainer::with_limits(config, limits).map_err(core_error)?;
        Ok(Playground::from_trainer(run))
    }

    /// A playground from a model file made by `exportModel`.
    ///
    /// `limits` (optional) raises the page's limits for larger experiments
    /// and benchmarks: `{ maxPoints, maxNeurons }`, at most 100,000 points
    /// and 64 neurons a layer (what a tab's memory takes in every layout
    /// the limits allow; batches stay at most 1,000).
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
        limits: Option<args::LimitsArg>,
    ) -> Result<Playground, JsError> {
        let o = args::Options::new(
            &args::given(limits),
            "fromModel's limits",
            &["maxPoints", "maxNeurons"],
        )?;
        let d = nnplay_core::Limits::default();
        let limits = nnplay_core::Limits {
            max_points: o
                .whole("maxPoints", 4, 100_000)?
                .map_or(d.max_points, |n| n as usize),
            max_neurons: o
                .whole("maxNeurons", 1, 64)?
                .map_or(d.max_neurons, |n| n as usize),
            ..d
        };
        let text = json.as_string().ok_or_else(|| {
            error(format!(
                "fromModel needs the model file's text (a string), got {}",
                args::describe(&json)
            ))
        })?;
        if text.len() > 20_000_000 {
            return Err(error(
                "the model file is larger than 20 MB; nnplay's models are far smaller",
            ));
        }
        crate::model_file::read(&text, limits).map(Playground::from_trainer)
    }

    /// The config in force, with every default filled in (in the images
    /// module, its image settings only where they differ from their
    /// defaults, so a run in the plane reads the same in either module).
    #[wasm_bindgen(unchecked_return_type = "PlaygroundConfig")]
    pub fn config(&self) -> JsValue {
        to_js(self.trainer.config())
    }

    /// The task: `{ kind: 'binary' | 'multiclass' | 'regression', classes? }`.
    #[wasm_bindgen(unchecked_return_type = "Task")]
    pub fn task(&self) -> JsValue {
        to_js(&self.trainer.task())
    }

    /// The square worth showing for this data set: `{ xMin, xMax, yMin, yMax }`.
    #[wasm_bindgen(unchecked_return_type = "Rect")]
    pub fn domain(&self) -> JsValue {
        let (lo, hi) = self.trainer.config().dataset.domain();
        to_js(&Rect::square(lo, hi))
    }

    /// Number of outputs: 1, or the number of classes.
    pub fn outputs(&self) -> usize {
        self.trainer.outputs()
    }

    // ----- training -----

    /// Runs `batches` (default 1) gradient steps; returns where training stands.
    #[wasm_bindgen(js_name = trainStep, unchecked_return_type = "Summary")]
    pub fn train_step(&mut self, batches: Option<args::NumberArg>) -> Result<JsValue, JsError> {
        let n = args::whole_or(&args::given(batches), "batches", 1, 1, MAX_STEPS_PER_CALL)?;
        // One evaluation at the end (if an epoch ended), not one per epoch.
        self.trainer.train_steps(n as usize).map_err(core_error)?;
        Ok(self.summary_js())
    }

    /// Runs `n` whole epochs (in perceptron mode: passes of the rule).
    #[wasm_bindgen(js_name = trainEpochs, unchecked_return_type = "Summary")]
    pub fn train_epochs(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<JsValue, JsError> {
        let n = args::whole(&n, "epochs", 1, MAX_STEPS_PER_CALL)?;
        // One evaluation at the end, not one per epoch (see Trainer::train_epochs).
        self.trainer.train_epochs(n as usize).map_err(core_error)?;
        Ok(self.summary_js())
    }

    /// One gradient step on the single point (`x`, `y`) with `label`: the
    /// step `explain` works out. The epoch does not advance.
    #[wasm_bindgen(js_name = trainOn, unchecked_return_type = "Summary")]
    pub fn train_on(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: JsValue,
    ) -> Result<JsValue, JsError> {
        let (x, y, label) = point_args(&x, &y, &label)?;
        self.trainer
            .train_on_point(x, y, label)
            .map(|s| to_js(&s))
            .map_err(core_error)
    }

    /// One update of the perceptron rule (perceptron mode only).
    #[wasm_bindgen(js_name = perceptronStep, unchecked_return_type = "PerceptronUpdate")]
    pub fn perceptron_step(&mut self) -> Result<JsValue, JsError> {
        self.trainer
            .perceptron_step()
            .map(|u| to_js(&u))
            .map_err(core_error)
    }

    /// Epoch, step, losses, accuracies and whether training diverged.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> JsValue {
        self.summary_js()
    }

    // ----- inference -----

    /// The output at (`x`, `y`): a number for binary (probability of class 1)
    /// and regression, a `Float32Array` of class probabilities for multiclass.
    #[wasm_bindgen(unchecked_return_type = "number | Float32Array")]
    pub fn predict(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
    ) -> Result<JsValue, JsError> {
        let (x, y) = (args::float(&x, "x")?, args::float(&y, "y")?);
        let out = self
            .probe
            .predict_many(&self.trainer, &[x, y])
            .map_err(core_error)?;
        Ok(match self.trainer.task() {
            Task::Multiclass { .. } => floats(out.as_slice()),
            _ => JsValue::from_f64(out[0] as f64),
        })
    }

    /// Outputs for many points: `xy` holds x₀, y₀, x₁, y₁, …; the result holds
    /// `outputs()` values per point.
    #[wasm_bindgen(js_name = predictBatch)]
    pub fn predict_batch(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xy: JsValue,
    ) -> Result<Vec<f32>, JsError> {
        let values = float_array(&xy, "predictBatch's argument")?;
        if values.len() % 2 != 0 {
            return Err(error(format!(
                "predictBatch needs pairs x, y: an even number of values, got {}",
                values.len()
            )));
        }
        self.probe
            .predict_many(&self.trainer, &values)
            .map_err(core_error)
    }

    // ----- probes -----

    /// The output over a `resolution × resolution` grid of the rectangle, cells
    /// row by row from the top (`yMax`) and left to right, `outputs()` values each.
    /// A picture: tanh and the sigmoid are computed within 1e-4, a third
    /// faster; `predictBatch` gives the exact outputs.
    #[wasm_bindgen(js_name = decisionGrid)]
    pub fn decision_grid(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] resolution: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = xMin)] x_min: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = xMax)] x_max: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = yMin)] y_min: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = yMax)] y_max: JsValue,
    ) -> Result<Vec<f32>, JsError> {
        let n = args::whole(&resolution, "resolution", 1, MAX_RESOLUTION as u64)? as usize;
        let rect = Self::rect(&x_min, &x_max, &y_min, &y_max)?;
        self.trainer.decision_grid(n, &rect).map_err(core_error)
    }

    /// Every hidden neuron's output over the grid, neuron after neuron (layer
    /// by layer), `resolution²` values each, in the order of `decisionGrid`
    /// (a picture too: within 1e-4).
    #[wasm_bindgen(js_name = neuronGrids)]
    pub fn neuron_grids(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] resolution: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = xMin)] x_min: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = xMax)] x_max: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = yMin)] y_min: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number", js_name = yMax)] y_max: JsValue,
    ) -> Result<Vec<f32>, JsError> {
        let n = args::whole(&resolution, "resolution", 1, MAX_NEURON_GRID as u64)? as usize;
        let rect = Self::rect(&x_min, &x_max, &y_min, &y_max)?;
        self.trainer.neuron_grids(n, &rect).map_err(core_error)
    }

    /// One training step on one point, as numbers: each layer's inputs,
    /// weights, `z`, `a`, `f'(z)`, `δ`, `∂L/∂W`, `∂L/∂b` and the weights plain
    /// gradient descent would step to, and the point's loss. Changes nothing.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: JsValue,
    ) -> Result<JsValue, JsError> {
        let (x, y, label) = point_args(&x, &y, &label)?;
        self.trainer
            .explain(x, y, label)
            .map(|e| to_js(&e))
            .map_err(core_error)
    }

    /// The line `a·x + b·y + c = 0` where each first-layer neuron's weighted
    /// sum is 0. Throws when inputs other than x1 and x2 are on.
    #[wasm_bindgen(js_name = separatingLines, unchecked_return_type = "Line[]")]
    pub fn separating_lines(&self) -> Result<JsValue, JsError> {
        self.trainer
            .separating_lines()
            .map(|l| to_js(&l))
            .map_err(core_error)
    }

    /// Mean |∂L/∂W| and mean |δ| per layer, and mean |δ| per neuron, for every
    /// recorded step: `values` holds `rows` rows of `width` numbers (layout in
    /// the README). Older steps are averaged in pairs as the run grows.
    #[wasm_bindgen(js_name = gradientHistory, unchecked_return_type = "GradientHistory")]
    pub fn gradient_history(&self) -> JsValue {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct GradientHistoryJs {
            layers: usize,
            neurons: Vec<usize>,
            steps: u64,
            stride: usize,
            rows: usize,
            width: usize,
        }
        let h = self.trainer.gradient_history();
        let layers = self.trainer.network().layers();
        let js = GradientHistoryJs {
            layers: layers.len(),
            neurons: layers.iter().map(|l| l.units()).collect(),
            steps: h.pushed(),
            stride: h.stride(),
            rows: h.len(),
            width: h.width(),
        };
        let out = to_js(&js);
        set(&out, "values", &floats(h.as_slice()));
        out
    }

    /// Loss and accuracy per recorded epoch, as `Float32Array`s (NaN where a
    /// value does not exist, such as accuracy in regression).
    #[wasm_bindgen(js_name = lossHistory, unchecked_return_type = "LossHistory")]
    pub fn loss_history(&self) -> JsValue {
        let h = self.trainer.loss_history();
        let column = |c: usize| -> Vec<f32> { (0..h.len()).map(|i| h.row(i)[c]).collect() };
        let out = js_sys::Object::new();
        set(&out, "rows", &JsValue::from(h.len() as u32));
        set(&out, "stride", &JsValue::from(h.stride() as u32));
        for (name, c) in [
            ("epoch", col::EPOCH),
            ("trainLoss", col::TRAIN_LOSS),
            ("testLoss", col::TEST_LOSS),
            ("trainAccuracy", col::TRAIN_ACCURACY),
            ("testAccuracy", col::TEST_ACCURACY),
        ] {
            set(&out, name, &floats(&column(c)));
        }
        out.into()
    }

    /// The practitioner's checklist: `[{ code, message }]`, most urgent first.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn coach(&mut self) -> JsValue {
        to_js(&self.trainer.coach())
    }

    /// Dead ReLUs and saturated units: one entry per hidden neuron.
    #[wasm_bindgen(js_name = unitHealth, unchecked_return_type = "UnitHealth[]")]
    pub fn unit_health(&mut self) -> JsValue {
        to_js(&self.probe.unit_health(&self.trainer))
    }

    // ----- data -----

    /// `{ train: { x, y, label }, test: { x, y, label } }`, each a `Float32Array`.
    #[wasm_bindgen(unchecked_return_type = "Points")]
    pub fn points(&self) -> JsValue {
        let data = self.trainer.data();
        let out = js_sys::Object::new();
        for (name, points) in [("train", &data.train), ("test", &data.test)] {
            let o = js_sys::Object::new();
            let column =
                |c: usize| -> Vec<f32> { points.points().map(|p| [p.x1, p.x2][c]).collect() };
            set(&o, "x", &floats(&column(0)));
            set(&o, "y", &floats(&column(1)));
            set(&o, "label", &floats(points.labels()));
            set(&out, name, &o.into());
        }
        out.into()
    }

    /// Adds a training point (class 0/1, a class index, or a regression
    /// target) and restarts training from the same initial weights.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: JsValue,
    ) -> Result<(), JsError> {
        let (x, y, label) = point_args(&x, &y, &label)?;
        self.trainer.add_point(x, y, label).map_err(core_error)
    }

    /// Removes the point nearest to (`x`, `y`) within `radius` (default 0.5);
    /// returns whether one was removed.
    #[wasm_bindgen(js_name = removeNearest)]
    pub fn remove_nearest(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        radius: Option<args::NumberArg>,
    ) -> Result<bool, JsError> {
        let (x, y) = (args::float(&x, "x")?, args::float(&y, "y")?);
        let radius = match radius {
            Some(r) => args::float(&r.into(), "radius")?,
            None => 0.5,
        };
        if radius < 0.0 {
            return Err(error(format!("radius must be 0 or more, got {radius}")));
        }
        self.trainer
            .remove_nearest(x, y, radius)
            .map(|p| p.is_some())
            .map_err(core_error)
    }

    /// Replaces every point: `{ train: [{ x, y, label }], test: [...] }`.
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "{ train: PointInput[]; test?: PointInput[] }")]
        points: JsValue,
    ) -> Result<(), JsError> {
        let o = args::Options::new(&points, "points", &["train", "test"])?;
        let max = self.trainer.limits().max_points;
        let read = |set: &str| -> Result<Vec<Point>, JsError> {
            let mut out = Vec::new();
            for (i, item) in o.list(set, max)?.iter().enumerate() {
                let p = args::Options::new(
                    item,
                    &format!("{}.{set}[{i}]", o.name()),
                    &["x", "y", "label"],
                )?;
                if item.is_undefined() || item.is_null() {
                    return Err(error(format!(
                        "{} must be {{ x, y, label }}, got null",
                        p.name()
                    )));
                }
                out.push(Point {
                    x1: p.required_float("x")?,
                    x2: p.required_float("y")?,
                    label: p.required_float("label")?,
                });
            }
            Ok(out)
        };
        let (train, test) = (read("train")?, read("test")?);
        self.trainer.set_points(train, test).map_err(core_error)
    }

    /// How each input feature is scaled before it enters the network:
    /// `{ mean, std }` (`Float32Array`s, one value per feature of
    /// `config().features`); 0 and 1 without normalization.
    #[wasm_bindgen(js_name = inputScaling, unchecked_return_type = "{ mean: Float32Array; std: Float32Array }")]
    pub fn input_scaling(&self) -> JsValue {
        let map = self.trainer.features();
        let (mean, std): (Vec<f32>, Vec<f32>) = (0..map.len()).map(|k| map.stats(k)).unzip();
        let out = js_sys::Object::new();
        set(&out, "mean", &floats(&mean));
        set(&out, "std", &floats(&std));
        out.into()
    }

    /// Every point as CSV text (`x,y,label,set`), training points first.
    #[wasm_bindgen(js_name = pointsCsv)]
    pub fn points_csv(&self) -> String {
        nnplay_core::csv::write_points(self.trainer.data())
    }

    /// Replaces every point with those of CSV text (`x,y,label` or
    /// `x,y,label,set`, with that header); a bad row is refused with its
    /// line number and nothing changes.
    #[wasm_bindgen(js_name = setPointsCsv)]
    pub fn set_points_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<(), JsError> {
        let text = text.as_string().ok_or_else(|| {
            error(format!(
                "setPointsCsv needs the CSV text (a string), got {}",
                args::describe(&text)
            ))
        })?;
        if text.len() > MAX_CSV_BYTES {
            return Err(error(format!(
                "the CSV text is larger than {} MB; {} points take far less",
                MAX_CSV_BYTES / 1_000_000,
                self.trainer.limits().max_points
            )));
        }
        let (train, test) =
            nnplay_core::csv::parse_points(&text, self.trainer.task(), self.trainer.limits())
                .map_err(core_error)?;
        self.trainer.set_points(train, test).map_err(core_error)
    }

    // ----- weights -----

    /// Every layer's weights (row-major: neuron after neuron) and biases.
    #[wasm_bindgen(unchecked_return_type = "LayerWeights[]")]
    pub fn weights(&self) -> JsValue {
        let out = js_sys::Array::new();
        for l in self.trainer.network().layers() {
            let o = js_sys::Object::new();
            set(&o, "inputs", &JsValue::from(l.inputs() as u32));
            set(&o, "neurons", &JsValue::from(l.units() as u32));
            set(&o, "activation", &to_js(&l.activation()));
            for p in l.parameters() {
                set(&o, p.name, &floats(p.value));
            }
            out.push(&o);
        }
        out.into()
    }

    /// Sets the weight from input `from` to neuron `to` of `layer` (0 = the
    /// first hidden layer, or the output layer of a network without hidden layers).
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] layer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: JsValue,
    ) -> Result<(), JsError> {
        let layer = args::whole(&layer, "layer", 0, 64)? as usize;
        let from = args::whole(&from, "from", 0, 4096)? as usize;
        let to = args::whole(&to, "to", 0, 4096)? as usize;
        let value = args::float(&value, "value")?;
        self.trainer
            .set_weight(layer, from, to, value)
            .map_err(core_error)
    }

    /// Sets the bias of `neuron` in `layer`.
    #[wasm_bindgen(js_name = setBias)]
    pub fn set_bias(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] layer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] neuron: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: JsValue,
    ) -> Result<(), JsError> {
        let layer = args::whole(&layer, "layer", 0, 64)? as usize;
        let neuron = args::whole(&neuron, "neuron", 0, 4096)? as usize;
        let value = args::float(&value, "value")?;
        self.trainer
            .set_bias(layer, neuron, value)
            .map_err(core_error)
    }

    /// The gradients `∂L/∂W` and `∂L/∂b` of the last training step, shaped
    /// like `weights()`.
    #[wasm_bindgen(js_name = weightGradients, unchecked_return_type = "LayerGradients[]")]
    pub fn weight_gradients(&self) -> JsValue {
        let out = js_sys::Array::new();
        for l in self.trainer.network().layers() {
            let o = js_sys::Object::new();
            for p in l.parameters() {
                set(&o, p.name, &floats(p.gradient));
            }
            out.push(&o);
        }
        out.into()
    }

    /// Changes the learning rate while training goes on (greater than 0, at most 10).
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] value: JsValue,
    ) -> Result<(), JsError> {
        let lr = args::float(&value, "learningRate")?;
        self.trainer.set_learning_rate(lr).map_err(core_error)
    }

    /// Changes the regularization while training goes on.
    #[wasm_bindgen(js_name = setRegularization)]
    pub fn set_regularization(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "'none' | 'l1' | 'l2'")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] rate: JsValue,
    ) -> Result<(), JsError> {
        let kind: nnplay_core::Regularization = match kind.as_string().as_deref() {
            Some("none") => nnplay_core::Regularization::None,
            Some("l1") => nnplay_core::Regularization::L1,
            Some("l2") => nnplay_core::Regularization::L2,
            _ => {
                return Err(error(format!(
                    "regularization must be 'none', 'l1' or 'l2', got {}",
                    args::describe(&kind)
                )))
            }
        };
        let rate = args::float(&rate, "regularizationRate")?;
        self.trainer
            .set_regularization(kind, rate)
            .map_err(core_error)
    }

    /// Total number of hidden neurons (the thumbnails of `drawNeuronThumbnails`).
    #[wasm_bindgen(js_name = hiddenNeurons)]
    pub fn hidden_neurons(&self) -> usize {
        self.trainer.hidden_neurons()
    }

    /// Back to the same initial weights, epoch 0, empty histories.
    pub fn reset(&mut self) -> Result<(), JsError> {
        self.trainer.reset().map_err(core_error)
    }

    /// New initial weights from `seed` (0 to 4294967295), then a reset.
    pub fn reseed(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: JsValue,
    ) -> Result<(), JsError> {
        let seed = args::seed(&seed, "seed")?;
        self.trainer.reseed(seed).map_err(core_error)
    }

    /// The run's state beyond its weights and data, for a copy elsewhere to
    /// go on exactly as this run would (`web/pytorch.js` reads it):
    /// `{ cursor }` (the next batch's first place in `order`, or the next
    /// point a perceptron visits), and for gradient descent `order` (this
    /// epoch's order of the training samples), `orderRng` and `augmentRng`
    /// (each generator's four 64-bit words as sixteen 16-bit quarters,
    /// lowest first), `optimizerSteps`, and `first` and `second`: the
    /// optimizer's moments of every parameter tensor, one after another in
    /// `weights()`' order; for a perceptron `cleanRun`.
    #[wasm_bindgen(unchecked_return_type = "Continuation")]
    pub fn continuation(&self) -> JsValue {
        use nnplay_core::continuation::LearnerState;
        let state = self.trainer.continuation();
        let o = js_sys::Object::new();
        // Numbers a Float32Array holds exactly: 16-bit quarters, and the
        // sample indices (below 2^24).
        let quarters = |words: [u64; 4]| -> JsValue {
            let q: [f32; 16] =
                core::array::from_fn(|i| (words[i / 4] >> (16 * (i % 4))) as u16 as f32);
            floats(&q)
        };
        set(&o, "cursor", &JsValue::from(state.cursor as u32));
        match state.learner {
            LearnerState::Descent(d) => {
                let order: Vec<f32> = d.order.iter().map(|&i| i as f32).collect();
                set(&o, "order", &floats(&order));
                set(&o, "orderRng", &quarters(d.order_rng));
                #[cfg(feature = "images")]
                set(&o, "augmentRng", &quarters(d.augment_rng));
                set(&o, "optimizerSteps", &JsValue::from(d.optimizer_steps));
                let mut first = Vec::new();
                let mut second = Vec::new();
                for (m1, m2) in d.moments.moments() {
                    first.extend_from_slice(m1);
                    second.extend_from_slice(m2);
                }
                set(&o, "first", &floats(&first));
                set(&o, "second", &floats(&second));
            }
            LearnerState::Perceptron { clean_run } => {
                set(&o, "cleanRun", &JsValue::from(clean_run as u32));
            }
        }
        o.into()
    }

    /// The model file: config, seeds, weights (and hand-edited points) as JSON.
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(&self) -> String {
        crate::model_file::write(&self.trainer)
    }
}

/// The arguments `x`, `y`, `label` of a method about one point, checked.
fn point_args(x: &JsValue, y: &JsValue, label: &JsValue) -> Result<(f32, f32, f32), JsError> {
    Ok((
        args::float(x, "x")?,
        args::float(y, "y")?,
        args::float(label, "label")?,
    ))
}

/// A `Float32Array` copy of `values`.
fn floats(values: &[f32]) -> JsValue {
    js_sys::Float32Array::from(values).into()
}

/// `target[name] = value` on a plain object.
pub(crate) fn set(target: &JsValue, name: &str, value: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(name), value);
}

/// A `Float32Array` or an array of numbers, as finite `f32`s.
pub(crate) fn float_array(value: &JsValue, name: &str) -> Result<Vec<f32>, JsError> {
    let is_typed = value.is_instance_of::<js_sys::Float32Array>()
        || value.is_instance_of::<js_sys::Float64Array>();
    if !(is_typed || crate::js::is_array(value)) {
        return Err(error(format!(
            "{name} must be a Float32Array or an array of numbers, got {}",
            args::describe(value)
        )));
    }
    let refused = |e| match e {
        crate::js::ItemsError::TooLong(n) => error(format!(
            "{name} may hold at most {MAX_BATCH_VALUES} values, got {n}"
        )),
        crate::js::ItemsError::Unreadable => error(format!(
            "{name} could not be read (a getter or a Proxy threw)"
        )),
    };
    let max = MAX_BATCH_VALUES as usize;
    let values = if is_typed {
        crate::js::typed_floats(value, max).map_err(refused)?
    } else {
        // Item by item, numbers only: `new Float32Array(array)` would run
        // each item's `valueOf` (or stringify a nested array), and a
        // JavaScript exception thrown in here would leave this playground
        // borrowed for good.
        let items = crate::js::items(value, max).map_err(refused)?;
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Some(v) = item.as_f64() else {
                return Err(error(format!(
                    "{name}[{i}] must be a finite number, got {}",
                    args::describe(item)
                )));
            };
            values.push(v as f32);
        }
        values
    };
    if let Some(i) = values.iter().position(|v| !v.is_finite() || v.abs() > 1e30) {
        return Err(error(format!(
            "{name}[{i}] must be a finite number, got {}",
            values[i]
        )));
    }
    Ok(values)
}
