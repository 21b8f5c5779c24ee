//! Checking what JavaScript hands us.
//!
//! Every numeric argument arrives as a `JsValue`, not as `f64` or `u32`:
//! wasm-bindgen would silently turn `"abc"` into `NaN`, `-1` into 4294967295
//! and `undefined` into 0. Here each argument is checked for its JavaScript
//! type and range, and a refusal says what was expected and what came.

use nnplay_core::schema::field_names;
use nnplay_core::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A short description of a JavaScript value for error messages.
pub fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "nothing (undefined)".into()
    } else if value.is_null() {
        "null".into()
    } else if let Some(s) = value.as_string() {
        let short: String = s.chars().take(40).collect();
        // Quoted by hand: `{:?}` would bring Rust's string escaping along.
        format!("the string \"{short}\"")
    } else if let Some(n) = value.as_f64() {
        js_number(n)
    } else if let Some(b) = value.as_bool() {
        format!("{b}")
    } else if crate::js::is_array(value) {
        "an array".into()
    } else if value.is_function() {
        "a function".into()
    } else if value.is_bigint() {
        "a BigInt".into()
    } else {
        "an object".into()
    }
}

/// `n` for a message, written by JavaScript itself (`Infinity`, `5e-324`,
/// `1e+21`): exactly what the caller would see printed, and no float
/// formatting of Rust's own in the module for it.
pub fn js_number(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// A `JsError` from the core's error.
pub fn core_error(error: Error) -> JsError {
    JsError::new(&error.to_string())
}

/// A `JsError` with `message`.
pub fn error(message: impl AsRef<str>) -> JsError {
    JsError::new(message.as_ref())
}

/// A finite number.
pub fn number(value: &JsValue, name: &str) -> Result<f64, JsError> {
    match value.as_f64() {
        Some(n) if n.is_finite() => Ok(n),
        _ => Err(error(format!(
            "{name} must be a finite number, got {}",
            describe(value)
        ))),
    }
}

/// A finite number that fits an `f32` (|x| ≤ 10³⁰ keeps every later
/// computation away from overflow).
pub fn float(value: &JsValue, name: &str) -> Result<f32, JsError> {
    let n = number(value, name)?;
    if n.abs() > 1e30 {
        return Err(error(format!(
            "{name} must be a finite number within ±1e30, got {}",
            js_number(n)
        )));
    }
    Ok(n as f32)
}

/// A whole number within `min..=max`.
pub fn whole(value: &JsValue, name: &str, min: u64, max: u64) -> Result<u64, JsError> {
    let allowed = || format!("{name} must be a whole number from {min} to {max}");
    let n = value
        .as_f64()
        .ok_or_else(|| error(format!("{}, got {}", allowed(), describe(value))))?;
    if n.fract() != 0.0 || !n.is_finite() || n < min as f64 || n > max as f64 {
        return Err(error(format!("{}, got {}", allowed(), js_number(n))));
    }
    Ok(n as u64)
}

/// Like [`whole`], with `default` when the value is `undefined` or `null`.
pub fn whole_or(
    value: &JsValue,
    name: &str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(default)
    } else {
        whole(value, name, min, max)
    }
}

/// A seed: a whole number from 0 to the core's `MAX_SEED`.
pub fn seed(value: &JsValue, name: &str) -> Result<u64, JsError> {
    whole(value, name, 0, nnplay_core::config::MAX_SEED)
}

/// `value` read once into a plain object without its `undefined` fields
/// (`None` for `undefined` or `null`): a getter runs here and nowhere else.
/// Anything but an object is refused.
fn plain(value: &JsValue, name: &str) -> Result<Option<JsValue>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() || crate::js::is_array(value) || value.is_function() {
        return Err(error(format!(
            "{name} must be a plain object such as {{}}, got {}",
            describe(value)
        )));
    }
    without_undefined(value, name).map(Some)
}

/// A copy made by [`plain`] converted into `T` by serde.
///
/// serde-wasm-bindgen reads only the fields `T` declares, so a typo such as
/// `learningrate` would pass unnoticed: the object's own keys are checked
/// against `T`'s field names first. Non-finite numbers are caught first
/// too, so their message names the field. `undefined` fields count as
/// absent, as they do in JavaScript (and nested ones are refused by type).
fn from_plain<T: DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, JsError> {
    check_finite(value, "").map_err(error)?;
    check_keys(value, name, field_names::<T>()).map_err(error)?;
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        // serde's message names the type, not the field: find the field by
        // reading each one alone, and say which it is.
        let field = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>())
            .iter()
            .find(|key| {
                let alone = js_sys::Object::new();
                let _ = js_sys::Reflect::set(
                    &alone,
                    key,
                    &js_sys::Reflect::get(value, key).unwrap_or_default(),
                );
                serde_wasm_bindgen::from_value::<T>(alone.into()).is_err()
            });
        let message = shorten(&e.to_string());
        match field.and_then(|k| k.as_string()) {
            Some(key) => error(format!("{name}.{key}: {message}")),
            None => error(format!("{name}: {message}")),
        }
    })
}

/// A message cut to a readable length: serde quotes the value it refused,
/// and a value can be a string of a million characters.
pub fn shorten(message: &str) -> String {
    const MAX: usize = 300;
    match message.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_string(),
    }
}

/// A config (`TrainerConfig`) from a plain object, read by [`plain`] and
/// [`from_plain`]; a value of the wrong kind is answered with what the
/// field allows, from the schema (`config.mode must be one of "network", "perceptron", got
/// the number 1`).
pub fn config(
    value: &JsValue,
    name: &str,
    limits: &nnplay_core::Limits,
) -> Result<nnplay_core::TrainerConfig, JsError> {
    let Some(plain) = plain(value, name)? else {
        return Ok(nnplay_core::TrainerConfig::default());
    };
    let value = &plain;
    check_config_numbers(value, limits)?;
    let schema = nnplay_core::schema::config_schema(limits);
    for f in &schema {
        let item = js_sys::Reflect::get(value, &JsValue::from_str(f.name)).unwrap_or_default();
        if !item.is_undefined() && !has_kind(&item, f) {
            return Err(error(format!(
                "{name}.{} must be {}, got {}",
                f.name,
                allowed(f),
                describe(&item)
            )));
        }
    }
    let config = from_plain(value, name).map_err(|e| {
        let message: String = js_sys::Error::from(JsValue::from(e)).message().into();
        let field = message
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.split(':').next());
        match field.and_then(|f| schema.iter().find(|s| s.name == f)) {
            Some(f) => {
                let got =
                    js_sys::Reflect::get(value, &JsValue::from_str(f.name)).unwrap_or_default();
                error(format!(
                    "{name}.{} must be {}, got {}",
                    f.name,
                    allowed(f),
                    describe(&got)
                ))
            }
            None => error(message),
        }
    })?;
    // A layer entry's keys, by name (after the fields' own refusals, which
    // come first): serde-wasm-bindgen reads only the fields a struct
    // declares, so a typo (`kernelSize`) would pass unseen.
    let layers = js_sys::Reflect::get(value, &JsValue::from_str("layers")).unwrap_or_default();
    if crate::js::is_array(&layers) {
        let items = crate::js::items(&layers, 1_000).unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            let allowed = nnplay_core::layer::LAYER_FIELDS;
            let keys = crate::js::keys(item).unwrap_or_default();
            if let Some(key) = keys.iter().find(|k| !allowed.contains(&k.as_str())) {
                let mut names = String::new();
                for (n, f) in allowed.iter().enumerate() {
                    names.push_str(if n == 0 { "" } else { ", " });
                    names.push_str(f);
                }
                return Err(error(format!(
                    "{name}.layers[{i}] has no field \"{}\": a layer takes {names}",
                    shorten(key)
                )));
            }
        }
    }
    Ok(config)
}

/// True if `item` is of the JavaScript kind field `f` takes (its range is
/// checked later). Checked before serde sees the value: serde-wasm-bindgen
/// words a refusal with the value's debug string, which for an array
/// nested 100,000 deep overflows the stack.
fn has_kind(item: &JsValue, f: &nnplay_core::schema::Field) -> bool {
    use nnplay_core::schema::FieldKind;
    let list_of = |each: fn(&JsValue) -> bool| {
        if !crate::js::is_array(item) {
            return false;
        }
        match crate::js::items(item, f.max_length.unwrap_or(usize::MAX).min(1_000)) {
            Ok(items) => items.iter().all(each),
            // A list longer than allowed is refused later, by its length.
            Err(crate::js::ItemsError::TooLong(_)) => true,
            Err(crate::js::ItemsError::Unreadable) => false,
        }
    };
    match f.kind {
        FieldKind::Enum => item.as_string().is_some() || (f.nullable && item.is_null()),
        FieldKind::Integer | FieldKind::Number => item.as_f64().is_some(),
        FieldKind::Boolean => item.as_bool().is_some(),
        FieldKind::Set | FieldKind::EnumList => list_of(|v| v.as_string().is_some()),
        FieldKind::IntegerList => list_of(|v| v.as_f64().is_some()),
        // Each spec a plain object of names and numbers, read no deeper.
        FieldKind::LayerList if f.nullable && item.is_null() => true,
        FieldKind::LayerList => list_of(|v| {
            v.is_object()
                && !crate::js::is_array(v)
                && crate::js::keys(v).is_some_and(|keys| {
                    keys.len() <= 8
                        && keys.iter().all(|k| {
                            crate::js::get(v, k)
                                .is_some_and(|x| x.as_string().is_some() || x.as_f64().is_some())
                        })
                })
        }),
    }
}

/// True if `value` holds arrays or objects nested more than `limit` deep.
pub fn nested_deeper_than(value: &JsValue, limit: usize) -> bool {
    if !value.is_object() || value.is_function() {
        return false;
    }
    if limit == 0 {
        return true;
    }
    crate::js::keys(value)
        .unwrap_or_default()
        .iter()
        .any(|key| {
            let item = crate::js::get(value, key).unwrap_or_default();
            nested_deeper_than(&item, limit - 1)
        })
}

/// What a config field allows, in words.
fn allowed(f: &nnplay_core::schema::Field) -> String {
    use nnplay_core::schema::FieldKind;
    let values = f
        .values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let range = match (f.min, f.max) {
        (Some(min), Some(max)) => format!(" from {min} to {max}"),
        _ => String::new(),
    };
    let most = f
        .max_length
        .map(|n| format!("at most {n} "))
        .unwrap_or_default();
    let null = if f.nullable { " or null" } else { "" };
    match f.kind {
        FieldKind::Enum => format!("one of {values}{null}"),
        FieldKind::Integer => format!("a whole number{range}"),
        FieldKind::Number if f.min_exclusive => format!(
            "a number greater than {} and at most {}",
            f.min.unwrap_or(0.0),
            f.max.unwrap_or(f64::MAX)
        ),
        FieldKind::Number => format!("a number{range}"),
        FieldKind::Boolean => "true or false".into(),
        FieldKind::Set => format!("a list of {most}distinct items of {values}"),
        FieldKind::IntegerList => format!("a list of {most}whole numbers{range}"),
        FieldKind::EnumList => format!("a list of {most}items of {values}"),
        FieldKind::LayerList => {
            #[cfg(feature = "images")]
            let conv = "; a conv2d takes filters from 1 to 16, size from 1 to 7 and padding \
                        \"same\" or \"valid\"; pooling and flatten only their kind";
            #[cfg(not(feature = "images"))]
            let conv = "";
            format!(
                "a list of {most}layers such as {{ kind: \"dense\", units: 8, activation: \"tanh\" }} \
                 (kind one of {values}; units{range}{conv}){null}"
            )
        }
    }
}

/// A shallow copy of a plain object without its `undefined` fields: in
/// JavaScript `{ loss: undefined }` means the same as `{}`, while
/// serde-wasm-bindgen would read it as a present field with no value.
/// Each field is read once, here: a getter or a Proxy that throws makes
/// this a refusal naming `name`.
fn without_undefined(value: &JsValue, name: &str) -> Result<JsValue, JsError> {
    let unreadable = || {
        error(format!(
            "{name} could not be read (a getter or a Proxy threw)"
        ))
    };
    let copy = js_sys::Object::new();
    for key in crate::js::keys(value).ok_or_else(unreadable)? {
        let item = crate::js::get(value, &key).ok_or_else(unreadable)?;
        if !item.is_undefined() {
            let _ = js_sys::Reflect::set(&copy, &JsValue::from_str(&key), &item);
        }
    }
    Ok(copy.into())
}

/// Refuses a key of `value` that is not in `known` (unless its value is
/// `undefined`), in serde's words.
pub fn check_keys(value: &JsValue, name: &str, known: &[&str]) -> Result<(), String> {
    let keys = crate::js::keys(value)
        .ok_or_else(|| format!("{name} could not be read (a getter or a Proxy threw)"))?;
    for key in keys {
        if known.contains(&key.as_str()) {
            continue;
        }
        let item = crate::js::get(value, &key).unwrap_or_default();
        if !item.is_undefined() {
            let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            return Err(format!(
                "{name}: unknown field `{key}`, expected one of {}",
                expected.join(", ")
            ));
        }
    }
    Ok(())
}

/// Checks the whole-number fields of a config object against the schema,
/// so `{ weightSeed: -1 }` is answered with the field's range rather than
/// serde's "expected u64".
pub fn check_config_numbers(value: &JsValue, limits: &nnplay_core::Limits) -> Result<(), JsError> {
    use nnplay_core::schema::{config_schema, FieldKind};
    if !value.is_object() {
        return Ok(());
    }
    for f in config_schema(limits) {
        let (Some(min), Some(max)) = (f.min, f.max) else {
            continue;
        };
        let item = js_sys::Reflect::get(value, &JsValue::from_str(f.name)).unwrap_or_default();
        // The list's items are only checked for being whole numbers here:
        // their range is the core's, whose message names the layer.
        let lowest = if f.kind == FieldKind::IntegerList {
            0.0
        } else {
            min
        };
        let highest = if f.kind == FieldKind::IntegerList {
            f64::MAX
        } else {
            max
        };
        let whole = |v: &JsValue, what: &str| -> Result<(), JsError> {
            match v.as_f64() {
                Some(n) if n.fract() == 0.0 && n >= lowest && n <= highest => Ok(()),
                _ => Err(error(format!(
                    "{what} must be a whole number from {min} to {max}, got {}",
                    describe(v)
                ))),
            }
        };
        match f.kind {
            FieldKind::Integer if !item.is_undefined() => whole(&item, f.name)?,
            FieldKind::IntegerList if crate::js::is_array(&item) => {
                // Longer lists are refused by the core, naming their length.
                let items = crate::js::items(&item, 10_000).unwrap_or_default();
                for (i, v) in items.iter().enumerate() {
                    whole(v, &format!("{}[{i}]", f.name))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Refuses NaN and ±Infinity anywhere in `value` (objects and arrays, a few
/// levels deep), naming the path of the first one found.
pub fn check_finite(value: &JsValue, path: &str) -> Result<(), String> {
    if let Some(n) = value.as_f64() {
        if !n.is_finite() {
            return Err(format!(
                "{path} must be a finite number, got {}",
                js_number(n)
            ));
        }
        return Ok(());
    }
    if path.matches(['.', '[']).count() > 4 {
        return Ok(());
    }
    let unreadable = || {
        format!(
            "{} could not be read (a getter or a Proxy threw)",
            if path.is_empty() { "the value" } else { path }
        )
    };
    if crate::js::is_array(value) {
        // An array too long to check here is refused later by its length.
        let items = match crate::js::items(value, 1_000_000) {
            Ok(items) => items,
            Err(crate::js::ItemsError::TooLong(_)) => return Ok(()),
            Err(crate::js::ItemsError::Unreadable) => return Err(unreadable()),
        };
        for (i, item) in items.iter().enumerate() {
            check_finite(item, &format!("{path}[{i}]"))?;
        }
    } else if value.is_object() && !value.is_function() {
        for key in crate::js::keys(value).ok_or_else(unreadable)? {
            let item = crate::js::get(value, &key).ok_or_else(unreadable)?;
            let child = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            check_finite(&item, &child)?;
        }
    }
    Ok(())
}

/// `value` as a plain JavaScript value (objects, not `Map`s).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    // Our own plain structs always serialize; `undefined` would only mean a bug.
    value.serialize(&serializer).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen]
extern "C" {
    /// An optional `PlaygroundConfig` (typed for the `.d.ts`, checked here).
    #[wasm_bindgen(typescript_type = "PlaygroundConfig")]
    pub type ConfigArg;
    /// Optional `BoundaryOptions`.
    #[wasm_bindgen(typescript_type = "BoundaryOptions")]
    pub type BoundaryOptionsArg;
    /// Optional `ThumbnailOptions`.
    #[wasm_bindgen(typescript_type = "ThumbnailOptions")]
    pub type ThumbnailOptionsArg;
    /// Optional `LossChartOptions`.
    #[wasm_bindgen(typescript_type = "LossChartOptions")]
    pub type LossChartOptionsArg;
    /// Optional `GradientHeatmapOptions`.
    #[wasm_bindgen(typescript_type = "GradientHeatmapOptions")]
    pub type GradientHeatmapOptionsArg;
    /// An optional number.
    #[wasm_bindgen(typescript_type = "number")]
    pub type NumberArg;
    /// Optional raised limits for `fromModel`.
    #[wasm_bindgen(typescript_type = "{ maxPoints?: number; maxNeurons?: number }")]
    pub type LimitsArg;
}

/// An optional argument as a plain `JsValue` (`undefined` when left out).
pub fn given<T: Into<JsValue>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::UNDEFINED, Into::into)
}

/// An options object read field by field: each field is checked for its
/// JavaScript type and range and refused with a message naming it
/// (`drawBoundary's options.resolution must be …`). `undefined` and `null`
/// fields are absent, as is the whole object when it is `undefined` or `null`.
///
/// Drawing options are read this way rather than with serde: a `Deserialize`
/// per options struct cost the module 7 KB of its gzip size, and a
/// hand-written reader says the allowed range in its refusals.
pub struct Options {
    value: JsValue,
    name: String,
}

impl Options {
    /// The options in `value`, refused if it is not a plain object or has a
    /// key not in `known`.
    pub fn new(value: &JsValue, name: &str, known: &[&str]) -> Result<Options, JsError> {
        let options = Options {
            value: value.clone(),
            name: name.to_string(),
        };
        if value.is_undefined() || value.is_null() {
            return Ok(options);
        }
        if !value.is_object() || crate::js::is_array(value) || value.is_function() {
            return Err(error(format!(
                "{name} must be a plain object such as {{}}, got {}",
                describe(value)
            )));
        }
        check_keys(value, name, known).map_err(error)?;
        Ok(options)
    }

    fn get(&self, key: &str) -> Option<JsValue> {
        if !self.value.is_object() {
            return None;
        }
        let item = js_sys::Reflect::get(&self.value, &JsValue::from_str(key)).ok()?;
        (!item.is_undefined() && !item.is_null()).then_some(item)
    }

    fn field(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }

    /// A boolean field.
    pub fn flag(&self, key: &str, default: bool) -> Result<bool, JsError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v.as_bool().ok_or_else(|| {
                error(format!(
                    "{} must be true or false, got {}",
                    self.field(key),
                    describe(&v)
                ))
            }),
        }
    }

    /// A finite number within ±1e30.
    pub fn float(&self, key: &str) -> Result<Option<f32>, JsError> {
        self.get(key)
            .map(|v| float(&v, &self.field(key)))
            .transpose()
    }

    /// A whole number within `min..=max`.
    pub fn whole(&self, key: &str, min: u64, max: u64) -> Result<Option<u64>, JsError> {
        self.get(key)
            .map(|v| whole(&v, &self.field(key), min, max))
            .transpose()
    }

    /// A string of at most 200 characters.
    pub fn text(&self, key: &str, default: &str) -> Result<String, JsError> {
        match self.get(key) {
            None => Ok(default.to_string()),
            Some(v) => match v.as_string() {
                Some(s) if s.chars().count() <= 200 => Ok(s),
                _ => Err(error(format!(
                    "{} must be a string of at most 200 characters, got {}",
                    self.field(key),
                    describe(&v)
                ))),
            },
        }
    }

    /// A nested options object.
    pub fn nested(&self, key: &str, known: &[&str]) -> Result<Options, JsError> {
        Options::new(
            &self.get(key).unwrap_or(JsValue::UNDEFINED),
            &self.field(key),
            known,
        )
    }

    /// A required finite number within ±1e30.
    pub fn required_float(&self, key: &str) -> Result<f32, JsError> {
        float(
            &self.get(key).unwrap_or(JsValue::UNDEFINED),
            &self.field(key),
        )
    }

    /// An array of at most `max` items (an empty one when absent).
    pub fn list(&self, key: &str, max: usize) -> Result<Vec<JsValue>, JsError> {
        let Some(v) = self.get(key) else {
            return Ok(Vec::new());
        };
        if !crate::js::is_array(&v) {
            return Err(error(format!(
                "{} must be an array, got {}",
                self.field(key),
                describe(&v)
            )));
        }
        crate::js::items(&v, max).map_err(|e| match e {
            crate::js::ItemsError::TooLong(n) => error(format!(
                "{} must have at most {max} items, got {n}",
                self.field(key)
            )),
            crate::js::ItemsError::Unreadable => error(format!(
                "{} could not be read (a getter or a Proxy threw)",
                self.field(key)
            )),
        })
    }

    /// The name of this object in messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}
