//! # nnplay-wasm: nnplay's JavaScript API
//!
//! The only crate that knows JavaScript. It wraps one `nnplay_core::Trainer`
//! in a [`Playground`] handle that JavaScript drives (train, predict, probe,
//! edit, export) and draws onto canvases:
//!
//! | file                 | what                                                  |
//! |----------------------|-------------------------------------------------------|
//! | `playground.rs`      | the handle: config, training, inference, data, models |
//! | `args.rs`            | checking every argument that comes from JavaScript    |
//! | `painter.rs`         | drawing's buffers, apart from the run it reads        |
//! | `canvas.rs`          | devicePixelRatio sizing, scaled `ImageData` painting  |
//! | `palette.rs`         | colour-blind-safe class colours, viridis              |
//! | `draw_boundary.rs`   | decision heatmap, points, separating lines            |
//! | `draw_loss.rs`       | the loss chart (plotters)                             |
//! | `draw_gradients.rs`  | the vanishing-gradient heatmap (plotters)             |
//! | `model_file.rs`      | model files through JavaScript's `JSON`                |
//!
//! Numbers cross the boundary as whole typed arrays, never one call per point.

mod args;
mod canvas;
mod draw_boundary;
mod draw_gradients;
mod draw_loss;
#[cfg(feature = "images")]
mod images;
mod js;
mod model_file;
mod painter;
pub mod palette;
mod playground;
#[cfg(feature = "images")]
mod sequences;

pub use args::{
    BoundaryOptionsArg, ConfigArg, GradientHeatmapOptionsArg, LimitsArg, LossChartOptionsArg,
    NumberArg,
};
pub use playground::Playground;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use wasm_bindgen::prelude::*;

/// Installs the panic hook, so an internal bug is reported on the console
/// with its Rust message (and where it happened) instead of an opaque
/// "unreachable". A few lines rather than `console_error_panic_hook`,
/// which also formats a JavaScript stack: 1.4 KB of gzip in a module with
/// a budget.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let text = payload.downcast_ref::<&str>().copied();
        let text = text.or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        let message = JsValue::from(text.unwrap_or("a panic"));
        let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
        web_sys::console::error_4(&"nnplay:".into(), &message, &file.into(), &line.into());
    }));
}

/// The version of nnplay.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every config field with its kind, allowed values (in menu order), range
/// and default; every data set with its task, the losses that fit it and the
/// settings it ignores; the codes of the coach's findings. Written once, in
/// the core: the page's URL state and menus are built from it.
#[wasm_bindgen(unchecked_return_type = "Schema")]
pub fn schema() -> JsValue {
    use nnplay_core::{config::loss_fits_task, schema, DatasetKind, Limits, Loss};
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct DatasetJs {
        name: &'static str,
        task: nnplay_core::Task,
        losses: Vec<&'static str>,
        ignores: Vec<&'static str>,
    }
    #[derive(serde::Serialize)]
    struct SchemaJs {
        fields: Vec<schema::Field>,
        datasets: Vec<DatasetJs>,
        findings: Vec<&'static str>,
    }
    let datasets = DatasetKind::ALL
        .iter()
        .map(|&kind| DatasetJs {
            name: schema::names(&[kind]).pop().unwrap_or_default(),
            task: kind.task(),
            losses: Loss::ALL
                .iter()
                .filter(|&&l| loss_fits_task(l, kind.task()))
                .map(|l| l.name())
                .collect(),
            ignores: kind.ignored_settings().to_vec(),
        })
        .collect();
    args::to_js(&SchemaJs {
        fields: schema::config_schema(&Limits::default()),
        datasets,
        findings: schema::finding_codes(),
    })
}

/// The colours every drawing uses, as CSS: `{ classes, positive, negative,
/// train, test, viridis, gradientScale }` (`viridis`: 32 steps from dark to
/// bright; `gradientScale`: the decades of |∂L/∂W| it spans in the gradient
/// heatmap). The page reads them instead of repeating them.
#[wasm_bindgen(unchecked_return_type = "Palette")]
pub fn palette() -> JsValue {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct PaletteJs {
        classes: Vec<String>,
        gradient_scale: [f32; 2],
        positive: String,
        negative: String,
        train: String,
        test: String,
        viridis: Vec<String>,
    }
    use palette::css;
    args::to_js(&PaletteJs {
        classes: palette::CLASS.iter().map(|&c| css(c)).collect(),
        gradient_scale: [
            crate::draw_gradients::SCALE.0,
            crate::draw_gradients::SCALE.1,
        ],
        positive: css(palette::POSITIVE),
        negative: css(palette::NEGATIVE),
        train: css(palette::TRAIN),
        test: css(palette::TEST),
        viridis: (0..32)
            .map(|i| css(palette::viridis(i as f32 / 31.0)))
            .collect(),
    })
}

/// The TypeScript types of the `.d.ts`, with the parts the `images` feature
/// adds: its data sets, its settings, its layer kinds and their fields.
/// (Only the wasm build keeps the custom section that expands it.)
#[cfg_attr(not(target_family = "wasm"), allow(unused_macros))]
macro_rules! types {
    ($datasets:literal, $settings:literal, $kinds:literal, $spec:literal) => {
        concat!(
            r#"
/** Every field is optional; the defaults train XOR with a 2-6-3-1 tanh network. */
export interface PlaygroundConfig {
  /** 'network' (backpropagation) or 'perceptron' (Rosenblatt's rule, binary data only). */
  mode?: 'network' | 'perceptron';
  dataset?: "#,
            $datasets,
            r#";
  /** 4 to 5000 (the truth tables always have 4). Default 200. */
  points?: number;
  /** 0 to 1. Default 0. */
  noise?: number;
  /** Share held out for testing, 0 to 0.9. Default 0.5. */
  testRatio?: number;
  /** 0 to 4294967295. Default 1. */
  dataSeed?: number;
  /** Default ['x1', 'x2']. */
  features?: Feature[];
  /** Standardize each input with the training set's mean and deviation. Default false. */
  normalize?: boolean;
  /** Neurons per hidden layer, 0 to 8 layers of 1 to 16. Default [6, 3]. */
  hiddenLayers?: number[];
  /** Activation of the hidden layers. Default 'tanh'. */
  activation?: HiddenActivation;
  /** One activation per hidden layer, overriding `activation`. Default []. */
  layerActivations?: HiddenActivation[];
  /** The hidden layers in the general form, instead of the three fields above ([] for none). Default null: not given. */
  layers?: LayerSpec[] | null;
  /** Default: binaryCrossEntropy, categoricalCrossEntropy or mse, by task. */
  loss?: 'mse' | 'mae' | 'rmse' | 'binaryCrossEntropy' | 'categoricalCrossEntropy' | null;
  /** Default 'sgd'. */
  optimizer?: 'sgd' | 'momentum' | 'adam';
  /** Greater than 0, at most 10. Default 0.3. */
  learningRate?: number;
  /** Default 'none'. */
  regularization?: 'none' | 'l1' | 'l2';
  /** 0 to 10. Default 0. */
  regularizationRate?: number;
  /** 1 to 1000. Default 10. */
  batchSize?: number;
  /** Default 'uniform' (±0.5). */
  init?: 'uniform' | 'xavierUniform' | 'xavierNormal' | 'he' | 'zeros';
  /** Factor on every initial weight, 0 to 100. Default 1. */
  initScale?: number;
  /** 0 to 4294967295. Default 1. */
  weightSeed?: number;
"#,
            $settings,
            r#"}
export type HiddenActivation = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';
export type LayerKind = "#,
            $kinds,
            r#";
"#,
            $spec,
            "\n",
            r#"export interface Summary {
  epoch: number; step: number;
  trainLoss: number; testLoss: number | null;
  trainAccuracy: number | null; testAccuracy: number | null;
  diverged: boolean;
}
export interface PerceptronUpdate { point: number | null; converged: boolean; updates: number; epoch: number; }
export type Task = { kind: 'binary' } | { kind: 'multiclass'; classes: number } | { kind: 'regression' };
export interface Rect { xMin: number; xMax: number; yMin: number; yMax: number; }
/** The line a·x + b·y + c = 0. */
export interface Line { a: number; b: number; c: number; }
export interface GradientHistory {
  layers: number; neurons: number[]; steps: number; stride: number; rows: number; width: number;
  /** rows × width: per layer l, mean |dL/dW| at 2l and mean |delta| at 2l+1; then mean |delta| per neuron. */
  values: Float32Array;
}
export interface LossHistory {
  rows: number; stride: number;
  epoch: Float32Array; trainLoss: Float32Array; testLoss: Float32Array;
  trainAccuracy: Float32Array; testAccuracy: Float32Array;
}
/** A coach finding: its code and the numbers it rests on (the page words them, per language). */
export type Finding =
  | { code: 'lossNotFinite'; learningRate: number }
  | { code: 'lossRising'; best: number; last: number; learningRate: number; oscillating: boolean }
  | { code: 'symmetricUnits'; layer: number; neurons: number }
  | { code: 'learningTooSlow'; then: number; now: number; records: number; learningRate: number }
  | { code: 'overfitting'; train: number; test: number; bestTest: number; rising: boolean }
  | { code: 'vanishingGradients'; ratio: number; activation: HiddenActivation; maxDerivative: number }
  | { code: 'deadRelus'; dead: number; relus: number }
  | { code: 'saturatedUnits'; saturated: number; squashing: number }
  | { code: 'classImbalance'; class: number; share: number; majorityShare: number }
  | { code: 'inputsNotNormalized'; feature: Feature; largest: number };
export type Feature = 'x1' | 'x2' | 'x1Squared' | 'x2Squared' | 'x1X2' | 'sinX1' | 'sinX2';
export interface SchemaField {
  name: keyof PlaygroundConfig;
  kind: 'enum' | 'integer' | 'number' | 'boolean' | 'set' | 'integerList' | 'enumList';
  values?: string[]; min?: number; minExclusive?: boolean; max?: number;
  minLength?: number; maxLength?: number; nullable?: boolean;
  default: unknown;
}
export interface Schema {
  fields: SchemaField[];
  datasets: Array<{ name: string; task: Task; losses: string[]; ignores: string[] }>;
  findings: Array<Finding['code']>;
}
export interface Palette {
  classes: string[]; positive: string; negative: string; train: string; test: string;
  /** 32 colours from dark (small) to bright (large). */
  viridis: string[];
  /** log10 of the gradient magnitudes at the dark and the bright end. */
  gradientScale: [number, number];
}
export interface UnitHealth { layer: number; neuron: number; activation: string; inactiveShare: number; saturatedShare: number; }
export interface PointSet { x: Float32Array; y: Float32Array; label: Float32Array; }
export interface Points { train: PointSet; test: PointSet; }
export interface PointInput { x: number; y: number; label: number; }
export interface LayerWeights { inputs: number; neurons: number; activation: string; weights: Float32Array; biases: Float32Array; }
/** See `Playground.continuation`. */
export interface Continuation { cursor: number; order?: Float32Array; orderRng?: Float32Array; augmentRng?: Float32Array; optimizerSteps?: number; first?: Float32Array; second?: Float32Array; cleanRun?: number; }
export interface BoundaryOptions {
  /** Grid cells per side, 8 to 256. Default 64. */
  resolution?: number;
  xMin?: number; xMax?: number; yMin?: number; yMax?: number;
  showTrain?: boolean; showTest?: boolean;
  discretize?: boolean; showLines?: boolean;
  /** Show this hidden neuron (counted layer by layer) instead of the output. */
  neuron?: number | null;
  /** Ring this training point. */
  highlight?: number | null;
  /** Paint the network's output behind the points (default true); false shows the data alone. */
  heatmap?: boolean;
}
export interface LayerGradients { weights: Float32Array; biases: Float32Array; }
export interface LayerExplanation {
  activation: string; inputs: number[]; weights: number[]; biases: number[];
  z: number[]; a: number[]; derivative: number[]; delta: number[];
  gradWeights: number[]; gradBiases: number[]; nextWeights: number[]; nextBiases: number[];
}
/** One training step on one point, as numbers (see `explain`). */
export interface Explanation {
  point: PointInput; target: number[]; features: number[];
  layers: LayerExplanation[]; loss: number; lossName: string; learningRate: number;
}
export interface ThumbnailOptions {
  /** Grid cells per side, 4 to 64. Default 20. */
  resolution?: number;
  /** The hidden neuron canvases[0] shows (canvases[k] shows neuron first + k). Default 0. */
  first?: number;
  xMin?: number; xMax?: number; yMin?: number; yMax?: number;
}
export interface LossChartOptions {
  logScale?: boolean; showTest?: boolean;
  /** The chart's words (English by default). */
  labels?: { epoch?: string; loss?: string; logLoss?: string; train?: string; test?: string };
}
export interface GradientHeatmapOptions {
  deltas?: boolean;
  /** Each layer divided by the output layer (the vanishing ratio), not absolute sizes. */
  relative?: boolean;
  /** The images module: one band per time step of the recurrent layer (the gradient through time); `relative` divides by the last step. */
  time?: boolean;
  /** The chart's words (English by default); `layer` goes before each layer's number. */
  labels?: { step?: string; output?: string; layer?: string; weights?: string; deltas?: string; relative?: string; widened?: string; timeStep?: string; states?: string; relativeToLast?: string };
}
"#
        )
    };
}

#[cfg(not(feature = "images"))]
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = types!(
    "'xor' | 'xorTable' | 'and' | 'or' | 'circle' | 'gaussians' | 'spiral' | 'spiral3' | 'moons' | 'regressionPlane' | 'regressionGaussians'",
    "",
    "'dense'",
    "/** One hidden layer: 1 to 16 units; the activation, left out, is the config's `activation`. */
export interface LayerSpec { kind: LayerKind; units: number; activation?: HiddenActivation; }"
);

#[cfg(feature = "images")]
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = types!(
    "'xor' | 'xorTable' | 'and' | 'or' | 'circle' | 'gaussians' | 'spiral' | 'spiral3' | 'moons' | 'regressionPlane' | 'regressionGaussians' | 'digits' | 'digits38' | 'sines' | 'memory'",
    "  /** Images only: shift each training image by a seeded half pixel each time a batch takes it. Default false. */
  augment?: boolean;
  /** Images only: the class whose training images are thinned by `rareClassShare`. Default 0. */
  rareClass?: number;
  /** Images only: the share of `rareClass`'s training images kept, 0.05 to 1. Default 1. */
  rareClassShare?: number;
  /** Sequences only: the steps of each sequence, 2 to 50 (the sines' window; the memory task's distance). Default 20. */
  steps?: number;
  /** Sequences only: each window's values in a random order of their own. Default false. */
  shuffleSteps?: boolean;
",
    "'dense' | 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'flatten' | 'rnn' | 'gru'",
    "/** One hidden layer: dense (1 to 16 units), conv2d (1 to 16 filters of size 1 to 7, padding 'same' or 'valid'), 2×2 pooling, flatten, or a recurrent layer first on a sequence: rnn or gru (1 to 16 units, tanh state); the activation, left out, is the config's `activation`. */
export interface LayerSpec { kind: LayerKind; units?: number; filters?: number; size?: number; padding?: 'same' | 'valid'; activation?: HiddenActivation; }"
);
