//! The schema of [`TrainerConfig`]: every field's name, kind, allowed values,
//! range and default, written once here and read by every other place that
//! needs them (the JavaScript API's `schema()`, the page's URL state, its
//! menus and the checks of its tests).
//!
//! The values come from the code itself: enum values from each enum's `ALL`
//! (in menu order) through serde, so they are spelled as configs spell them;
//! ranges from [`Limits`] and the `MAX_*` constants the validation uses;
//! defaults from [`TrainerConfig::default`].
//!
//! ```
//! use nnplay_core::{schema::{config_schema, FieldKind}, Limits};
//! let schema = config_schema(&Limits::default());
//! let rate = schema.iter().find(|f| f.name == "learningRate").unwrap();
//! assert_eq!(rate.kind, FieldKind::Number);
//! assert_eq!((rate.min, rate.max, rate.min_exclusive), (Some(0.0), Some(10.0), true));
//! assert_eq!(rate.default, serde_json::json!(0.3));
//! ```

use crate::coach::FindingCode;
use crate::config::{MAX_INIT_SCALE, MAX_LEARNING_RATE, MAX_REGULARIZATION_RATE, MAX_SEED};
use crate::dataset::{MAX_NOISE, MAX_TEST_RATIO, MIN_POINTS};
use crate::{
    Activation, DatasetKind, Feature, Init, Limits, Loss, Mode, Optimizer, Regularization,
    TrainerConfig,
};
use alloc::string::String;
use alloc::vec::Vec;
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
    pub values: Vec<String>,
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
    /// True if `null` is allowed (the loss: `null` picks the task's own).
    #[serde(skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The value when the field is left out.
    pub default: serde_json::Value,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The names of `items` as serde writes them (`"leakyRelu"`).
pub fn names<T: Serialize>(items: &[T]) -> Vec<String> {
    items
        .iter()
        .filter_map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => Some(s),
            _ => None,
        })
        .collect()
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
        default: serde_json::Value::Null,
    }
}

/// `v` as the decimal people write (0.9, not 0.8999999761581421).
fn decimal(v: f32) -> f64 {
    alloc::format!("{v}").parse().unwrap_or(v as f64)
}

fn range(mut f: Field, min: f64, max: f64) -> Field {
    f.min = Some(min);
    f.max = Some(max);
    f
}

fn values(mut f: Field, values: Vec<String>) -> Field {
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
    ];
    let defaults = serde_json::to_value(TrainerConfig::default()).unwrap_or_default();
    for f in &mut fields {
        f.default = match defaults.get(f.name) {
            // An f32 default reads as the decimal it was written as.
            Some(serde_json::Value::Number(n)) if f.kind == Number => n
                .as_f64()
                .map(|v| serde_json::json!(decimal(v as f32)))
                .unwrap_or_default(),
            Some(v) => v.clone(),
            None => serde_json::Value::Null,
        };
    }
    fields
}

/// The codes of every coach finding, most urgent first.
pub fn finding_codes() -> Vec<&'static str> {
    FindingCode::ALL.iter().map(|c| c.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_names_every_config_field_in_order() {
        let defaults = serde_json::to_value(TrainerConfig::default()).expect("serializes");
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
            if f.kind == FieldKind::IntegerList {
                continue;
            }
            let with = |v: f64| {
                let mut json = serde_json::to_value(TrainerConfig::default()).expect("serializes");
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
}
