//! Sequence scenes (in the module of the `images` feature, with the image
//! scenes): the windows of a run, the network unrolled over one of them,
//! and the forecast of the sines.

use crate::args::{self, core_error, error};
use crate::playground::{float_array, set};
use crate::Playground;
use nnplay_core::probe::Probe;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Playground {
    /// The sequences of the test set (`'test'`, the default) or the
    /// training set (`'train'`): `{ values, labels, steps }`, where
    /// `values` (a `Float32Array`) holds `steps` values per sequence, first
    /// step first, and `labels` each sequence's class (memory) or next
    /// value (sines).
    #[wasm_bindgen(
        unchecked_return_type = "{ values: Float32Array, labels: Float32Array, steps: number }"
    )]
    pub fn sequences(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'test' | 'train'")] which: JsValue,
    ) -> Result<JsValue, JsError> {
        self.trainer
            .check_sequences("sequences")
            .map_err(core_error)?;
        let samples = self.samples_of(&which, "sequences")?;
        let out = js_sys::Object::new();
        set(
            &out,
            "values",
            &js_sys::Float32Array::from(samples.inputs().as_slice()).into(),
        );
        set(
            &out,
            "labels",
            &js_sys::Float32Array::from(samples.labels()).into(),
        );
        set(&out, "steps", &JsValue::from(samples.width() as u32));
        Ok(out.into())
    }

    /// The outputs for sequences given by their values (`steps` per
    /// sequence, one after another): `outputs()` values per sequence.
    #[wasm_bindgen(js_name = predictSequences)]
    pub fn predict_sequences(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] values: JsValue,
    ) -> Result<Vec<f32>, JsError> {
        self.trainer
            .check_sequences("predictSequences")
            .map_err(core_error)?;
        let values = float_array(&values, "predictSequences' values")?;
        Probe::default()
            .predict_samples(&self.trainer, &values)
            .map_err(core_error)
    }

    /// One sequence (its `steps` values) through the recurrent layer,
    /// unrolled: `{ states, gates, steps, units }`, where `states` (a
    /// `Float32Array`) holds the state after each step, `units` values per
    /// step, first step first, and `gates` a GRU's update gate `z_t` the
    /// same way (how much of its state each unit kept; empty for a simple
    /// RNN).
    #[wasm_bindgen(
        unchecked_return_type = "{ states: Float32Array, gates: Float32Array, steps: number, units: number }"
    )]
    pub fn unrolled(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] values: JsValue,
    ) -> Result<JsValue, JsError> {
        self.trainer
            .check_sequences("unrolled")
            .map_err(core_error)?;
        let values = float_array(&values, "unrolled's values")?;
        let (states, gates) = Probe::default()
            .unrolled(&self.trainer, &values)
            .map_err(core_error)?;
        let steps = self
            .trainer
            .data()
            .shape
            .as_sequence()
            .map_or(values.len(), |(steps, _)| steps);
        let out = js_sys::Object::new();
        set(
            &out,
            "states",
            &js_sys::Float32Array::from(&states[..]).into(),
        );
        set(
            &out,
            "gates",
            &js_sys::Float32Array::from(&gates[..]).into(),
        );
        set(&out, "steps", &JsValue::from(steps as u32));
        set(
            &out,
            "units",
            &JsValue::from((states.len() / steps.max(1)) as u32),
        );
        Ok(out.into())
    }

    /// The gradient through time, per recorded training step: `{ steps,
    /// rows, width, values }`, where `values` (a `Float32Array`) holds
    /// `rows` rows of `width` numbers, the mean |∂L/∂h_t| of each time step
    /// of the recurrent layer (first step first), and `steps` the training
    /// steps they cover (older rows average several). Width 0 without a
    /// recurrent layer.
    #[wasm_bindgen(
        js_name = stepGradientHistory,
        unchecked_return_type = "{ steps: number, rows: number, width: number, values: Float32Array }"
    )]
    pub fn step_gradient_history(&self) -> JsValue {
        let h = self.trainer.step_gradient_history();
        let out = js_sys::Object::new();
        set(&out, "steps", &JsValue::from(h.pushed() as f64));
        set(&out, "rows", &JsValue::from(h.len() as u32));
        set(&out, "width", &JsValue::from(h.width() as u32));
        set(
            &out,
            "values",
            &js_sys::Float32Array::from(h.as_slice()).into(),
        );
        out.into()
    }

    /// The sines and their forecast: `{ series, predicted }`, a stretch of
    /// `steps + count` values of the series from time `start`, and the
    /// network's one-step-ahead prediction of each of its last `count`
    /// values (1 to 1,000); `start` from 0 to 10,000.
    #[wasm_bindgen(unchecked_return_type = "{ series: Float32Array, predicted: Float32Array }")]
    pub fn forecast(&self, start: JsValue, count: JsValue) -> Result<JsValue, JsError> {
        let number = |v: &JsValue, what: &str, lo: f64, hi: f64| match v.as_f64() {
            Some(n) if n.is_finite() && (lo..=hi).contains(&n) => Ok(n),
            _ => Err(error(format!(
                "forecast's {what} must be a number from {lo} to {hi}, got {}",
                args::describe(v)
            ))),
        };
        // Within f32's reach of the sines' phase (at 10⁶ a step of
        // 2π·t/7 would be coarser than a tenth of a radian).
        let start = number(&start, "start", 0.0, 1e4)? as f32;
        let count = number(&count, "count", 1.0, 1000.0)? as usize;
        let (series, predicted) = Probe::default()
            .forecast(&self.trainer, start, count)
            .map_err(core_error)?;
        let out = js_sys::Object::new();
        set(
            &out,
            "series",
            &js_sys::Float32Array::from(&series[..]).into(),
        );
        set(
            &out,
            "predicted",
            &js_sys::Float32Array::from(&predicted[..]).into(),
        );
        Ok(out.into())
    }
}
