//! Model files through JavaScript's own `JSON`.
//!
//! The core reads and writes [`ModelFile`] with serde_json; here the text is
//! parsed and printed by the browser's `JSON` and the struct crosses with
//! serde-wasm-bindgen, the one serde format the module already carries. That
//! keeps a second JSON parser, with its own copy of every `Deserialize`, out
//! of the wasm (about a sixth of its gzip size). The checks serde_json made
//! for free are made here: unknown fields at every level, numbers JSON
//! cannot hold exactly (`1e999` parses to Infinity).

use crate::args::{self, check_finite, check_keys, error};
use nnplay_core::model::{LayerFile, ModelFile, PointsFile};
use nnplay_core::schema::field_names;
use nnplay_core::{Point, Trainer, TrainerConfig};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The run as model-file text.
pub fn write(trainer: &Trainer) -> String {
    let value = args::to_js(&trainer.to_model_file());
    shorten_floats(&value);
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A run from model-file text, every part checked; a refusal says
/// "cannot read the model file: …" and what is wrong where.
pub fn read(text: &str, limits: nnplay_core::Limits) -> Result<Trainer, JsError> {
    let refuse = |reason: String| error(format!("cannot read the model file: {reason}"));
    let value = js_sys::JSON::parse(text).map_err(|e| {
        let reason = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "it is not JSON".into());
        refuse(format!("it is not JSON ({reason})"))
    })?;
    if !value.is_object() || crate::js::is_array(&value) {
        return Err(refuse(format!(
            "it must be a JSON object, got {}",
            args::describe(&value)
        )));
    }
    check_shape(&value).map_err(refuse)?;
    // The config first: its refusals name the field and what it allows.
    let config = get(&value, "config");
    if config.is_object() && !crate::js::is_array(&config) {
        args::config(&config, "config", &limits)
            .map_err(|e| refuse(js_sys::Error::from(JsValue::from(e)).message().into()))?;
    }
    let file: ModelFile =
        serde_wasm_bindgen::from_value(value).map_err(|e| refuse(args::shorten(&e.to_string())))?;
    #[cfg(feature = "images")]
    let run = crate::images::from_model_file(file, limits);
    #[cfg(not(feature = "images"))]
    let run = Trainer::from_model_file_with_limits(file, limits);
    run.map_err(|e| {
        let message = e.to_string();
        // The core's own model errors carry the prefix already.
        match message.strip_prefix("cannot read the model file: ") {
            Some(reason) => refuse(reason.to_string()),
            None => refuse(format!("config: {message}")),
        }
    })
}

/// Unknown fields and non-finite numbers, anywhere in the file.
/// Containers a model file nests at most (the file, `points`, `train`, a point).
const MAX_DEPTH: usize = 4;

fn check_shape(value: &JsValue) -> Result<(), String> {
    // The deepest a model file goes: points.train[i].x.
    if args::nested_deeper_than(value, MAX_DEPTH) {
        return Err(format!(
            "it nests arrays or objects more than {MAX_DEPTH} deep; a model file goes at most {MAX_DEPTH} deep"
        ));
    }
    // JSON has no NaN, but `1e999` reads as Infinity.
    check_finite(value, "")?;
    let keys = |v: &JsValue, name: &str, known: &[&str]| {
        if v.is_object() && !crate::js::is_array(v) {
            check_keys(v, name, known)
        } else {
            Ok(())
        }
    };
    keys(value, "the file", field_names::<ModelFile>())?;
    keys(
        &get(value, "config"),
        "config",
        field_names::<TrainerConfig>(),
    )?;
    // Version 1 names a layer's units `neurons` (an alias, which serde
    // does not list among the fields).
    let layer_fields: Vec<&str> = field_names::<LayerFile>()
        .iter()
        .copied()
        .chain(["neurons"])
        .collect();
    for (i, layer) in items(&get(value, "layers")).iter().enumerate() {
        keys(layer, &format!("layers[{i}]"), &layer_fields)?;
    }
    let points = get(value, "points");
    keys(&points, "points", field_names::<PointsFile>())?;
    for set in ["train", "test"] {
        for (i, point) in items(&get(&points, set)).iter().enumerate() {
            keys(point, &format!("points.{set}[{i}]"), field_names::<Point>())?;
        }
    }
    Ok(())
}

fn get(value: &JsValue, key: &str) -> JsValue {
    if value.is_object() {
        js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or_default()
    } else {
        JsValue::UNDEFINED
    }
}

fn items(value: &JsValue) -> Vec<JsValue> {
    if crate::js::is_array(value) {
        // A parsed file: no getters; a list too long is refused by its shape.
        crate::js::items(value, 1_000_000).unwrap_or_default()
    } else {
        Vec::new()
    }
}

/// Replaces each fractional number that is exactly an `f32` by the shortest decimal
/// that reads back as the same `f32`, so a file says `0.03`, not
/// `0.029999999329447746` (JavaScript would print the `f32` widened to
/// `f64`). Reading it back gives the same `f32` bit for bit.
fn shorten_floats(value: &JsValue) {
    if crate::js::is_array(value) {
        let array: &js_sys::Array = value.unchecked_ref();
        for i in 0..array.length() {
            let item = array.get(i);
            match item.as_f64() {
                Some(n) => array.set(i, JsValue::from_f64(short(n))),
                None => shorten_floats(&item),
            }
        }
    } else if value.is_object() {
        let object: &js_sys::Object = value.unchecked_ref();
        for key in js_sys::Object::keys(object).iter() {
            let item = js_sys::Reflect::get(value, &key).unwrap_or_default();
            match item.as_f64() {
                Some(n) => {
                    let _ = js_sys::Reflect::set(value, &key, &JsValue::from_f64(short(n)));
                }
                None => shorten_floats(&item),
            }
        }
    }
}

fn short(n: f64) -> f64 {
    // Whole numbers (seeds up to 2³²) print exactly as they are; the
    // shortest f32 decimal of 35677648 would be 35677650, another seed.
    if n.fract() == 0.0 {
        return n;
    }
    let single = n as f32;
    if f64::from(single) == n {
        nnplay_core::schema::decimal(single)
    } else {
        n
    }
}
