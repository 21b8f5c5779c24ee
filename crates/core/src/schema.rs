//! The schema of [`TrainerConfig`]: every field's name, kind, allowed values,
//! range and default, written once here and read by every other place that
//! needs them (the JavaScript API's `schema()`, the page's URL state, its
//! menus and the checks of its tests).
//!
//! The values come from the code itself: enum values from each enum's `ALL`
//! (in menu order), named by its own `Deserialize`, so they are spelled as
//! configs spell them;
//! ranges from [`Limits`] and the `MAX_*` constants the validation uses;
//! defaults from [`TrainerConfig::default`].
//!
//! ```
//! use nnplay_core::{schema::{config_schema, FieldKind, FieldValue}, Limits};
//! let schema = config_schema(&Limits::default());
//! let rate = schema.iter().find(|f| f.name == "learningRate").unwrap();
//! assert_eq!(rate.kind, FieldKind::Number);
//! assert_eq!((rate.min, rate.max, rate.min_exclusive), (Some(0.0), Some(10.0), true));
//! assert_eq!(rate.default, FieldValue::Number(0.3));
//! ```

use crate::coach::FindingCode;
use crate::config::{MAX_INIT_SCALE, MAX_LEARNING_RATE, MAX_REGULARIZATION_RATE, MAX_SEED};
use crate::dataset::{MAX_NOISE, MAX_TEST_RATIO, MIN_POINTS};
use crate::{
    Activation, DatasetKind, Feature, Init, Limits, Loss, Mode, Optimizer, Regularization,
    TrainerConfig,
};
use alloc::vec::Vec;
use serde::de::{DeserializeOwned, Deserializer, Visitor};
use serde::Serialize;

/// How a field's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// One of `values`.
    Enum,
    /// A whole number from `min` to `max`.
    Integer,
    /// A number from `min` (exclusive if `min_exclusive`) to `max`.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Distinct items of `values`, `min_length` to `max_length` of them.
    Set,
    /// A list of whole numbers from `min` to `max`, at most `max_length` long.
    IntegerList,
    /// A list of items of `values`, at most `max_length` long.
    EnumList,
    /// A list of layer specs (`{ kind, … }`), at most `max_length` long, or
    /// `null`: `values` are the kinds, `min` to `max` a dense layer's units.
    LayerList,
}

/// One field of [`TrainerConfig`], as configs spell it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// The name in configs, URLs and model files (`"learningRate"`).
    pub name: &'static str,
    /// How the value is written.
    pub kind: FieldKind,
    /// The allowed values (enums, sets, lists of enums), in menu order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<&'static str>,
    /// The smallest number (or list item) allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// True if `min` itself is not allowed.
    #[serde(skip_serializing_if = "is_false")]
    pub min_exclusive: bool,
    /// The largest number (or list item) allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The shortest list allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// The longest list allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// True if `null` is allowed (the loss: `null` picks the task's own;
    /// `layers`: `null` leaves the hidden layers to `hiddenLayers`).
    #[serde(skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The value when the field is left out.
    pub default: FieldValue,
}

/// A field's default value, written as JSON writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// `null` (the loss: the task's own).
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// A whole number.
    Integer(u64),
    /// A number.
    Number(f64),
    /// A name.
    Text(&'static str),
    /// A list of names.
    Texts(Vec<&'static str>),
    /// A list of whole numbers.
    Integers(Vec<u64>),
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The names of `items` as configs spell them (`"leakyRelu"`), read from
/// their `Deserialize`: the variant names it declares, each matched to the
/// value it reads as.
pub fn names<T: DeserializeOwned + PartialEq>(items: &[T]) -> Vec<&'static str> {
    let variants = variant_names::<T>();
    items
        .iter()
        .filter_map(|item| {
            variants.iter().find(|&&name| {
                let reader =
                    serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name);
                T::deserialize(reader).is_ok_and(|v| v == *item)
            })
        })
        .copied()
        .collect()
}

/// The field names `T`'s `Deserialize` asks for (after renaming).
///
/// ```
/// use nnplay_core::{schema::field_names, TrainerConfig};
/// assert!(field_names::<TrainerConfig>().contains(&"learningRate"));
/// ```
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut heard = Heard::default();
    let _ = T::deserialize(Listener(&mut heard));
    heard.fields
}

/// The variant names `T`'s `Deserialize` accepts, in declaration order.
pub fn variant_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut heard = Heard::default();
    let _ = T::deserialize(Listener(&mut heard));
    heard.variants
}

// A deserializer that only listens: a derived `Deserialize` tells it the
// names it expects, and it answers every request with an error.
#[derive(Default)]
struct Heard {
    fields: &'static [&'static str],
    variants: &'static [&'static str],
}

struct Listener<'a>(&'a mut Heard);

#[derive(Debug)]
struct Refusal;

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("only listening")
    }
}

impl serde::de::StdError for Refusal {}

impl serde::de::Error for Refusal {
    fn custom<M: core::fmt::Display>(_: M) -> Self {
        Refusal
    }
}

impl<'de> Deserializer<'de> for Listener<'_> {
    type Error = Refusal;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Refusal> {
        Err(Refusal)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refusal> {
        self.0.fields = fields;
        Err(Refusal)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refusal> {
        self.0.variants = variants;
        Err(Refusal)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

fn field(name: &'static str, kind: FieldKind) -> Field {
    Field {
        name,
        kind,
        values: Vec::new(),
        min: None,
        min_exclusive: false,
        max: None,
        min_length: None,
        max_length: None,
        nullable: false,
        default: FieldValue::Null,
    }
}

/// `v` as the decimal people write: the shortest decimal that reads back
/// as the same `f32` (0.9, not 0.8999999761581421, which is `v` widened to
/// `f64` and what JavaScript would print).
///
/// ```
/// use nnplay_core::schema::decimal;
/// assert_eq!(decimal(0.9), 0.9);
/// assert_eq!(decimal(0.03), 0.03);
/// assert_eq!(decimal(-1.5e-7), -1.5e-7);
/// assert_eq!(decimal(1234.5), 1234.5);
/// assert_eq!(decimal(16_777_217.0), 16_777_216.0); // the f32 it is
/// assert_eq!(decimal(35_677_650.0), 35_677_650.0); // not 35677648
/// ```
///
/// Shortest is promised for 10⁻¹² ≤ |v| < 10¹² (where powers of ten are
/// exact in `f64`); beyond, only that it reads back as `v`. By arithmetic,
/// not by printing and parsing: the wasm module then carries no `f64` parser.
pub fn decimal(v: f32) -> f64 {
    let wide = f64::from(v);
    // Whole numbers below 2²⁴ are exact and as short as they get.
    if !v.is_finite() || v == 0.0 || (libm::trunc(wide) == wide && libm::fabs(wide) < 16_777_216.0)
    {
        return wide;
    }
    let exponent = libm::floor(libm::log10(libm::fabs(wide))) as i32;
    // The nearest decimal with `digits` significant digits; the first that
    // reads back as `v` is the shortest.
    for digits in 1..=9 {
        let decimals = digits - 1 - exponent;
        let scale = ten_to(decimals.unsigned_abs());
        let candidate = if decimals >= 0 {
            libm::round(wide * scale) / scale
        } else {
            libm::round(wide / scale) * scale
        };
        if candidate as f32 == v {
            return candidate;
        }
    }
    wide
}

/// 10ᵏ, exact up to 10²².
fn ten_to(k: u32) -> f64 {
    (0..k).fold(1.0, |p, _| p * 10.0)
}

fn range(mut f: Field, min: f64, max: f64) -> Field {
    f.min = Some(min);
    f.max = Some(max);
    f
}

fn values(mut f: Field, values: Vec<&'static str>) -> Field {
    f.values = values;
    f
}

/// Every field of [`TrainerConfig`], in the struct's order, with the ranges
/// of `limits`.
pub fn config_schema(limits: &Limits) -> Vec<Field> {
    use FieldKind::*;
    let seed = |name| range(field(name, Integer), 0.0, MAX_SEED as f64);
    let mut learning_rate = range(
        field("learningRate", Number),
        0.0,
        decimal(MAX_LEARNING_RATE),
    );
    learning_rate.min_exclusive = true;
    let mut features = values(field("features", Set), names(&Feature::ALL));
    features.min_length = Some(1);
    features.max_length = Some(Feature::ALL.len().min(limits.max_inputs));
    let mut hidden_layers = range(
        field("hiddenLayers", IntegerList),
        1.0,
        limits.max_neurons as f64,
    );
    hidden_layers.max_length = Some(limits.max_hidden_layers);
    let mut layer_activations = values(
        field("layerActivations", EnumList),
        names(&Activation::HIDDEN),
    );
    layer_activations.max_length = Some(limits.max_hidden_layers);
    let mut layers = range(
        values(field("layers", LayerList), names(&crate::LayerKind::ALL)),
        1.0,
        limits.max_neurons as f64,
    );
    layers.max_length = Some(limits.max_hidden_layers);
    // `null`: not given (the older form says the layers).
    layers.nullable = true;
    let mut loss = values(field("loss", Enum), names(&Loss::ALL));
    loss.nullable = true;
    let mut fields = alloc::vec![
        values(field("mode", Enum), names(&Mode::ALL)),
        values(field("dataset", Enum), names(&DatasetKind::ALL)),
        range(
            field("points", Integer),
            MIN_POINTS as f64,
            limits.max_points as f64
        ),
        range(field("noise", Number), 0.0, decimal(MAX_NOISE)),
        range(field("testRatio", Number), 0.0, decimal(MAX_TEST_RATIO)),
        seed("dataSeed"),
        features,
        field("normalize", Boolean),
        hidden_layers,
        values(field("activation", Enum), names(&Activation::HIDDEN)),
        layer_activations,
        layers,
        loss,
        values(field("optimizer", Enum), names(&Optimizer::ALL)),
        learning_rate,
        values(field("regularization", Enum), names(&Regularization::ALL)),
        range(
            field("regularizationRate", Number),
            0.0,
            decimal(MAX_REGULARIZATION_RATE)
        ),
        range(field("batchSize", Integer), 1.0, limits.max_batch as f64),
        values(field("init", Enum), names(&Init::ALL)),
        range(field("initScale", Number), 0.0, decimal(MAX_INIT_SCALE)),
        seed("weightSeed"),
        #[cfg(feature = "images")]
        field("augment", Boolean),
        #[cfg(feature = "images")]
        range(field("rareClass", Integer), 0.0, 9.0),
        #[cfg(feature = "images")]
        range(
            field("rareClassShare", Number),
            decimal(crate::config::MIN_RARE_CLASS_SHARE),
            1.0
        ),
        #[cfg(feature = "sequences")]
        range(
            field("steps", Integer),
            crate::sequences::MIN_STEPS as f64,
            crate::sequences::MAX_STEPS as f64
        ),
        #[cfg(feature = "sequences")]
        field("shuffleSteps", Boolean),
    ];
    let d = TrainerConfig::default();
    let number = |v: f32| FieldValue::Number(decimal(v));
    let whole = |v: usize| FieldValue::Integer(v as u64);
    let seed = FieldValue::Integer;
    for f in &mut fields {
        f.default = match f.name {
            "mode" => name_of(d.mode),
            "dataset" => name_of(d.dataset),
            "points" => whole(d.points),
            "noise" => number(d.noise),
            "testRatio" => number(d.test_ratio),
            "dataSeed" => seed(d.data_seed),
            "features" => FieldValue::Texts(names(&d.features)),
            "normalize" => FieldValue::Boolean(d.normalize),
            "hiddenLayers" => {
                FieldValue::Integers(d.hidden_layers.iter().map(|&n| n as u64).collect())
            }
            "activation" => name_of(d.activation),
            "layerActivations" => FieldValue::Texts(names(&d.layer_activations)),
            "loss" => d.loss.map_or(FieldValue::Null, name_of),
            "optimizer" => name_of(d.optimizer),
            "learningRate" => number(d.learning_rate),
            "regularization" => name_of(d.regularization),
            "regularizationRate" => number(d.regularization_rate),
            "batchSize" => whole(d.batch_size),
            "init" => name_of(d.init),
            "initScale" => number(d.init_scale),
            "weightSeed" => seed(d.weight_seed),
            #[cfg(feature = "images")]
            "augment" => FieldValue::Boolean(d.augment),
            #[cfg(feature = "images")]
            "rareClass" => whole(d.rare_class),
            #[cfg(feature = "images")]
            "rareClassShare" => number(d.rare_class_share),
            #[cfg(feature = "sequences")]
            "steps" => whole(d.steps),
            #[cfg(feature = "sequences")]
            "shuffleSteps" => FieldValue::Boolean(d.shuffle_steps),
            _ => FieldValue::Null,
        };
    }
    fields
}

/// The name of one enum value as configs spell it.
fn name_of<T: DeserializeOwned + PartialEq>(value: T) -> FieldValue {
    names(&[value])
        .pop()
        .map_or(FieldValue::Null, FieldValue::Text)
}

/// The codes of every coach finding, most urgent first.
pub fn finding_codes() -> Vec<&'static str> {
    FindingCode::ALL.iter().map(|c| c.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default config as JSON, with the fields a config writes only
    /// when they say something (the image settings) written too.
    fn every_default() -> serde_json::Value {
        let d = TrainerConfig::default();
        #[allow(unused_mut)]
        let mut json = serde_json::to_value(&d).expect("serializes");
        #[cfg(feature = "images")]
        {
            json["augment"] = serde_json::json!(d.augment);
            json["rareClass"] = serde_json::json!(d.rare_class);
            json["rareClassShare"] = serde_json::json!(d.rare_class_share);
        }
        #[cfg(feature = "sequences")]
        {
            json["steps"] = serde_json::json!(d.steps);
            json["shuffleSteps"] = serde_json::json!(d.shuffle_steps);
        }
        json
    }

    #[test]
    fn the_schema_names_every_config_field_in_order() {
        let defaults = every_default();
        let keys: Vec<&str> = defaults
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut names: Vec<&str> = config_schema(&Limits::default())
            .iter()
            .map(|f| f.name)
            .collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(names, sorted_keys);
    }

    #[test]
    fn finding_codes_are_spelled_as_serde_spells_them() {
        for code in FindingCode::ALL {
            assert_eq!(
                serde_json::to_value(code).expect("serializes"),
                serde_json::json!(code.name())
            );
        }
    }

    #[test]
    fn each_boundary_of_the_schema_is_where_validation_draws_it() {
        let limits = Limits::default();
        for f in config_schema(&limits) {
            let (Some(min), Some(max)) = (f.min, f.max) else {
                continue;
            };
            if matches!(f.kind, FieldKind::IntegerList | FieldKind::LayerList) {
                continue;
            }
            let with = |v: f64| {
                let mut json = serde_json::to_value(TrainerConfig::default()).expect("serializes");
                if f.name == "rareClass" {
                    // Its range is the classes of the data set: the ten digits.
                    json["dataset"] = serde_json::json!("digits");
                }
                if f.name == "steps" {
                    // Checked where it is used: on sequences.
                    json["dataset"] = serde_json::json!("memory");
                }
                json[f.name] = if f.kind == FieldKind::Integer {
                    serde_json::json!(v as u64)
                } else {
                    serde_json::json!(v)
                };
                let config: TrainerConfig = serde_json::from_value(json).expect("reads");
                config.validate(&limits)
            };
            assert!(with(max).is_ok(), "{} = {max}", f.name);
            let step = if f.kind == FieldKind::Integer {
                1.0
            } else {
                1e-3
            };
            assert!(with(max + step).is_err(), "{} above {max}", f.name);
            assert_eq!(with(min).is_ok(), !f.min_exclusive, "{} = {min}", f.name);
            if min - step >= 0.0 || f.kind == FieldKind::Number {
                assert!(with(min - step).is_err(), "{} below {min}", f.name);
            }
        }
    }

    #[test]
    fn every_default_is_the_configs_own() {
        let defaults = every_default();
        for f in config_schema(&Limits::default()) {
            let written = serde_json::to_value(&f.default).expect("serializes");
            let own = &defaults[f.name];
            match (own.as_f64(), written.as_f64()) {
                // f32 fields: the same f32, written as its short decimal.
                (Some(a), Some(b)) => assert_eq!(a as f32, b as f32, "{}", f.name),
                _ => assert_eq!(&written, own, "{}", f.name),
            }
        }
    }

    #[test]
    fn the_layer_list_names_each_kind_and_the_units_validation_allows() {
        let limits = Limits::default();
        let f = config_schema(&limits)
            .into_iter()
            .find(|f| f.name == "layers")
            .expect("a field");
        assert_eq!(f.max_length, Some(limits.max_hidden_layers));
        for kind in &f.values {
            if *kind != "dense" {
                // The image kinds read maps: a config of points refuses
                // them by name, whatever their sizes.
                // The recurrent kinds read sequences, likewise.
                let (layer, needs) = match *kind {
                    "conv2d" => (
                        serde_json::json!({ "kind": kind, "filters": 2, "size": 3 }),
                        "needs images",
                    ),
                    "rnn" | "gru" => (
                        serde_json::json!({ "kind": kind, "units": 3 }),
                        "needs sequences",
                    ),
                    _ => (serde_json::json!({ "kind": kind }), "needs images"),
                };
                let json = serde_json::json!({ "layers": [layer] });
                let config: TrainerConfig = serde_json::from_value(json).expect("reads");
                let refusal = config.validate(&limits).expect_err(kind).to_string();
                assert!(refusal.contains(needs), "{kind}: {refusal}");
                continue;
            }
            let with = |units: f64| {
                let json =
                    serde_json::json!({ "layers": [{ "kind": kind, "units": units as u64 }] });
                let config: TrainerConfig = serde_json::from_value(json).expect("reads");
                config.validate(&limits)
            };
            let (min, max) = (f.min.expect("min"), f.max.expect("max"));
            assert!(with(min).is_ok() && with(max).is_ok(), "{kind}");
            assert!(
                with(min - 1.0).is_err() && with(max + 1.0).is_err(),
                "{kind}"
            );
        }
    }

    #[test]
    fn names_are_spelled_as_configs_spell_them() {
        assert_eq!(
            names(&[Activation::LeakyRelu, Activation::Tanh]),
            ["leakyRelu", "tanh"]
        );
        assert_eq!(names(&Loss::ALL), Loss::ALL.map(|l| l.name()));
        assert!(variant_names::<Optimizer>().contains(&"adam"));
    }

    #[test]
    fn decimal_is_the_shortest_decimal_that_reads_back() {
        // Bit patterns across every exponent an f32 has, both signs.
        let mut tried = 0;
        for bits in (0..u32::MAX).step_by(104_729) {
            let v = f32::from_bits(bits);
            if !v.is_finite() {
                continue;
            }
            let d = decimal(v);
            assert_eq!(d as f32, v, "{v:e} came back as {d:e}");
            tried += 1;
            // No longer than Rust's own shortest printing of the f32, where
            // powers of ten are exact in f64 (outside, only the round trip
            // is promised).
            if !(1e-12..1e12).contains(&v.abs()) {
                continue;
            }
            let digits = |s: String| {
                let mantissa = s.split('e').next().unwrap_or_default().to_string();
                mantissa
                    .trim_start_matches('-')
                    .trim_start_matches(['0', '.'])
                    .replace('.', "")
                    .trim_end_matches('0')
                    .len()
            };
            assert!(
                digits(alloc::format!("{d:e}")) <= digits(alloc::format!("{v:e}")),
                "{v:e} gave {d:e}"
            );
        }
        assert!(tried > 30_000);
    }
}
