//! Image scenes (the `images` feature, a module of its own that the page
//! loads only for them): the handwritten digits the page hands over, runs
//! built on them, and the figures that judge a classifier beyond accuracy.
//!
//! The digits are not inside the module: the page fetches
//! `web/data/digits.u8.gz`, unzips it, and calls `loadDigits(bytes)` once;
//! every playground of this module then reads them.

use crate::args::{self, core_error, error, to_js};
use crate::Playground;
use nnplay_core::digits::Digits;
use nnplay_core::probe::Probe;
use nnplay_core::samples::Samples;
use nnplay_core::{Limits, Trainer, TrainerConfig};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The largest data file `loadDigits` reads: 10,000 images (the digits are
/// 1,797), so no file's test set outgrows what a frame can measure.
const MAX_DIGITS_BYTES: u32 = 650_000;

thread_local! {
    /// The digits `loadDigits` read; wasm runs one thread.
    static DIGITS: RefCell<Option<Rc<Digits>>> = const { RefCell::new(None) };
}

/// Reads the digits data file (its bytes unzipped: every label, then every
/// 8 × 8 image) and keeps it for every playground of this module; returns
/// the number of images.
///
/// ```js
/// const zipped = await (await fetch('web/data/digits.u8.gz')).body;
/// const bytes = new Uint8Array(await new Response(
///   zipped.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
/// loadDigits(bytes);                       // 1797
/// const run = new Playground({ dataset: 'digits', points: 500 });
/// ```
#[wasm_bindgen(js_name = loadDigits)]
pub fn load_digits(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> Result<u32, JsError> {
    let Some(array) = bytes.dyn_ref::<js_sys::Uint8Array>() else {
        return Err(error(format!(
            "loadDigits needs the digits file's bytes as a Uint8Array (web/data/digits.u8.gz, \
             unzipped), got {}",
            args::describe(&bytes)
        )));
    };
    if array.length() > MAX_DIGITS_BYTES {
        return Err(error(format!(
            "loadDigits reads at most {MAX_DIGITS_BYTES} bytes, got {}",
            array.length()
        )));
    }
    let bytes = array.to_vec();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(error(
            "loadDigits was given the file still gzip-compressed: unzip it first \
             (DecompressionStream('gzip') in a page, zlib.gunzipSync in Node)",
        ));
    }
    let digits = Digits::from_bytes(&bytes).map_err(core_error)?;
    let count = digits.len() as u32;
    DIGITS.with(|d| *d.borrow_mut() = Some(Rc::new(digits)));
    Ok(count)
}

/// A run of `config`: on the loaded digits for an image data set, generated
/// otherwise.
pub(crate) fn trainer(config: TrainerConfig, limits: Limits) -> Result<Trainer, JsError> {
    if !config.dataset.is_image() {
        return Trainer::with_limits(config, limits).map_err(core_error);
    }
    let digits = DIGITS.with(|d| d.borrow().clone()).ok_or_else(|| {
        error(
            "the digits are not loaded: call loadDigits(bytes) with the file \
             web/data/digits.u8.gz (unzipped) first",
        )
    })?;
    Trainer::with_digits(config, limits, &digits).map_err(core_error)
}

/// A run from a model file: on the loaded digits when the file's data set
/// is theirs (refused by name when they are not loaded).
pub(crate) fn from_model_file(
    file: nnplay_core::model::ModelFile,
    limits: Limits,
) -> nnplay_core::Result<Trainer> {
    let digits = DIGITS.with(|d| d.borrow().clone());
    match digits {
        Some(digits) => Trainer::from_model_file_with_digits(file, limits, &digits),
        None if file.config.dataset.is_image() => Err(nnplay_core::Error::Model {
            reason: "the digits are not loaded: call loadDigits(bytes) with the file \
                     web/data/digits.u8.gz (unzipped) first"
                .into(),
        }),
        None => Trainer::from_model_file_with_limits(file, limits),
    }
}

impl Playground {
    /// The test set for `'test'` (or nothing given), the training set for `'train'`.
    pub(crate) fn samples_of(&self, set: &JsValue, what: &str) -> Result<&Samples, JsError> {
        let data = self.trainer.data();
        match set.as_string().as_deref() {
            _ if set.is_undefined() => Ok(&data.test),
            Some("test") => Ok(&data.test),
            Some("train") => Ok(&data.train),
            _ => Err(error(format!(
                "{what}'s set must be 'test' or 'train', got {}",
                args::describe(set)
            ))),
        }
    }
}

#[wasm_bindgen]
impl Playground {
    /// The images of the test set (`'test'`, the default) or the training
    /// set (`'train'`) as the network reads them: `{ pixels, labels }`,
    /// where `pixels` (a `Float32Array`) holds 64 values (0 to 1, row by
    /// row) per image and `labels` (a `Uint8Array`) each image's class
    /// (for `digits38`, 0 is a 3 and 1 an 8). What draws predictions beside
    /// the truth.
    #[wasm_bindgen(unchecked_return_type = "{ pixels: Float32Array, labels: Uint8Array }")]
    pub fn images(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'test' | 'train'")] set: JsValue,
    ) -> Result<JsValue, JsError> {
        self.trainer.check_images("images").map_err(core_error)?;
        let samples = self.samples_of(&set, "images")?;
        let labels: Vec<u8> = samples.labels().iter().map(|&l| l as u8).collect();
        let out = js_sys::Object::new();
        crate::playground::set(
            &out,
            "pixels",
            &js_sys::Float32Array::from(samples.inputs().as_slice()).into(),
        );
        crate::playground::set(
            &out,
            "labels",
            &js_sys::Uint8Array::from(&labels[..]).into(),
        );
        Ok(out.into())
    }

    /// The outputs for images given by their pixels: `pixels` holds 64
    /// values (0 to 1, row by row) per 8 × 8 image, one image after
    /// another; the result holds `outputs()` values per image (the ten
    /// class probabilities of `digits`, P(8) of `digits38`). What reads a
    /// learner's own drawing.
    #[wasm_bindgen(js_name = predictImages)]
    pub fn predict_images(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] pixels: JsValue,
    ) -> Result<Vec<f32>, JsError> {
        self.trainer
            .check_images("predictImages")
            .map_err(core_error)?;
        let values = crate::playground::float_array(&pixels, "predictImages' pixels")?;
        Probe::default()
            .predict_samples(&self.trainer, &values)
            .map_err(core_error)
    }

    /// What every layer hands on for one image given by its 64 pixels (0
    /// to 1, row by row): `[{ shape, values }]`, input side first, where
    /// `shape` is `[channels, height, width]` for maps (`[units]` for a
    /// vector) and `values` (a `Float32Array`) holds them channel by
    /// channel, row by row: a convolution's feature maps.
    #[wasm_bindgen(
        js_name = featureMaps,
        unchecked_return_type = "{ shape: Uint32Array, values: Float32Array }[]"
    )]
    pub fn feature_maps(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] pixels: JsValue,
    ) -> Result<js_sys::Array, JsError> {
        self.trainer
            .check_images("featureMaps")
            .map_err(core_error)?;
        let values = crate::playground::float_array(&pixels, "featureMaps' pixels")?;
        let maps = Probe::default()
            .feature_maps(&self.trainer, &values)
            .map_err(core_error)?;
        let out = js_sys::Array::new();
        for (shape, values) in maps {
            let dims: Vec<u32> = match shape.as_image() {
                Some((c, h, w)) => vec![c as u32, h as u32, w as u32],
                None => vec![shape.size() as u32],
            };
            let item = js_sys::Object::new();
            crate::playground::set(&item, "shape", &js_sys::Uint32Array::from(&dims[..]).into());
            crate::playground::set(
                &item,
                "values",
                &js_sys::Float32Array::from(&values[..]).into(),
            );
            out.push(&item);
        }
        Ok(out)
    }

    /// Adds an image of your own (64 pixels, 0 to 1, row by row: a
    /// drawing) with its class to the training set; the run starts again on
    /// the new data from the same initial weights. Returns the number of
    /// training images.
    #[wasm_bindgen(js_name = addImage)]
    pub fn add_image(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] pixels: JsValue,
        label: JsValue,
    ) -> Result<u32, JsError> {
        let values = crate::playground::float_array(&pixels, "addImage's pixels")?;
        let Some(label) = label.as_f64() else {
            return Err(error(format!(
                "addImage's label must be a class number, got {}",
                args::describe(&label)
            )));
        };
        self.trainer
            .add_image(&values, label as f32)
            .map_err(core_error)?;
        Ok(self.trainer.data().train.len() as u32)
    }

    /// The confusion matrix on the test set (`'test'`, the default) or the
    /// training set (`'train'`): `{ classes, counts, accuracy, perClass,
    /// macro }`, where `counts` (a `Uint32Array`) holds row by row the
    /// samples of each true class by predicted class, and `perClass[k]` is
    /// `{ support, precision, recall, f1 }` (`null` where there is nothing
    /// to divide by). `null` for a regression.
    #[wasm_bindgen(unchecked_return_type = "Confusion | null")]
    pub fn confusion(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'test' | 'train'")] set: JsValue,
    ) -> Result<JsValue, JsError> {
        let samples = self.samples_of(&set, "confusion")?;
        let Some(c) = Probe::default().confusion(&self.trainer, samples) else {
            return Ok(JsValue::NULL);
        };
        let out = js_sys::Object::new();
        let per_class: Vec<_> = (0..c.classes()).map(|k| c.class(k)).collect();
        let (precision, recall, f1) = c.macro_average();
        crate::playground::set(&out, "classes", &JsValue::from(c.classes() as u32));
        crate::playground::set(
            &out,
            "counts",
            &js_sys::Uint32Array::from(c.counts()).into(),
        );
        crate::playground::set(&out, "accuracy", &to_js(&c.accuracy()));
        crate::playground::set(&out, "perClass", &to_js(&per_class));
        crate::playground::set(
            &out,
            "macro",
            &to_js(&MacroAverage {
                precision,
                recall,
                f1,
            }),
        );
        Ok(out.into())
    }
}

#[wasm_bindgen(typescript_custom_section)]
const CONFUSION_TYPES: &str = r#"
/** One class's figures; `null` where there is nothing to divide by. */
export interface ClassMetrics {
  support: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}
/** The confusion matrix and the figures drawn from it. */
export interface Confusion {
  classes: number;
  /** Row by row: samples of each true class, by predicted class. */
  counts: Uint32Array;
  accuracy: number | null;
  perClass: ClassMetrics[];
  macro: { precision: number; recall: number; f1: number };
}
"#;

/// Macro averages, as JavaScript reads them.
#[derive(serde::Serialize)]
struct MacroAverage {
    precision: f32,
    recall: f32,
    f1: f32,
}
