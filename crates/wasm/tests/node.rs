//! The JavaScript API without a page: run by `wasm-pack test --node`.
//! Configs are written as JSON, exactly as a page author would write them.

use nnplay_wasm::Playground;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[path = "determinism/mod.rs"]
mod determinism;

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("valid JSON in the test")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).expect("an object")
}

fn num(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().unwrap_or(f64::NAN)
}

/// The message of the `Error` a refused call throws.
fn message<T>(result: Result<T, JsError>) -> String {
    match result {
        Ok(_) => panic!("the call should have been refused"),
        Err(e) => js_sys::Error::from(JsValue::from(e)).message().into(),
    }
}

/// A JavaScript value as an optional typed argument, as JavaScript passes it.
fn arg<T: JsCast>(value: JsValue) -> Option<T> {
    Some(value.unchecked_into())
}

fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

#[wasm_bindgen_test]
fn the_default_playground_learns_xor_through_the_api() {
    let mut p = Playground::new(None).expect("the default config");
    assert_eq!(
        get(&p.config(), "dataset").as_string().as_deref(),
        Some("xor")
    );
    let mut summary = p.summary();
    while num(&summary, "testAccuracy") < 1.0 && num(&summary, "epoch") < 200.0 {
        summary = p.train_epochs(n(5.0)).expect("epochs");
    }
    assert_eq!(num(&summary, "testAccuracy"), 1.0, "{summary:?}");
    assert_eq!(num(&summary, "trainAccuracy"), 1.0);
    assert!(!get(&summary, "diverged").as_bool().expect("a boolean"));
    // One step more is one step more.
    let before = num(&summary, "step");
    let after = p.train_step(None).expect("a step");
    assert_eq!(num(&after, "step"), before + 1.0);
    let after = p.train_step(arg(n(3.0))).expect("steps");
    assert_eq!(num(&after, "step"), before + 4.0);
}

#[wasm_bindgen_test]
fn predict_agrees_with_the_decision_grid() {
    let mut p =
        Playground::new(arg(json(r#"{"dataset":"circle","hiddenLayers":[4]}"#))).expect("config");
    p.train_epochs(n(20.0)).expect("epochs");
    let grid = p
        .decision_grid(n(8.0), n(-6.0), n(6.0), n(-6.0), n(6.0))
        .expect("grid");
    assert_eq!(grid.len(), 64);
    // Cell 0 is the top-left one, centred at (-5.25, 5.25); cell 63 the bottom-right.
    let top_left = p
        .predict(n(-5.25), n(5.25))
        .expect("finite")
        .as_f64()
        .expect("a number");
    let bottom_right = p
        .predict(n(5.25), n(-5.25))
        .expect("finite")
        .as_f64()
        .expect("a number");
    // The grid is a picture: its activations within 1e-4 (Pass::Drawing).
    assert!((top_left - grid[0] as f64).abs() < 1e-3);
    assert!((bottom_right - grid[63] as f64).abs() < 1e-3);
    // Predictions are exact, one at a time or in a batch.
    let batch = p
        .predict_batch(json("[-5.25, 5.25, 5.25, -5.25]"))
        .expect("pairs");
    assert_eq!(batch, vec![top_left as f32, bottom_right as f32]);
}

#[wasm_bindgen_test]
fn multiclass_predictions_are_probabilities() {
    let mut p = Playground::new(arg(json(r#"{"dataset":"spiral3","hiddenLayers":[8,8],"activation":"relu","optimizer":"adam","learningRate":0.01,"init":"he"}"#)))
        .expect("config");
    assert_eq!(p.outputs(), 3);
    assert_eq!(
        get(&p.task(), "kind").as_string().as_deref(),
        Some("multiclass")
    );
    p.train_epochs(n(5.0)).expect("epochs");
    let probs: js_sys::Float32Array = p
        .predict(n(1.0), n(2.0))
        .expect("finite")
        .dyn_into()
        .expect("a Float32Array");
    let sum: f32 = probs.to_vec().iter().sum();
    assert_eq!(probs.length(), 3);
    assert!((sum - 1.0).abs() < 1e-5);
}

#[wasm_bindgen_test]
fn invalid_configs_throw_naming_the_field() {
    let cases = [
        (json(r#"{"learningRate":-1}"#), "learningRate must be a finite number greater than 0 and at most 10, got -1"),
        (json(r#"{"colour":"red"}"#), "unknown field `colour`"),
        (json(r#"{"points":"abc"}"#), "points must be a whole number from 4 to 5000, got the string \"abc\""),
        (json(r#"{"weightSeed":-1}"#), "weightSeed must be a whole number from 0 to 4294967295, got -1"),
        (json(r#"{"batchSize":2.5}"#), "batchSize must be a whole number from 1 to 1000, got 2.5"),
        (json(r#"{"hiddenLayers":[4,-2]}"#), "hiddenLayers[1] must be a whole number from 1 to 16, got -2"),
        (json(r#"{"hiddenLayers":[4,40]}"#), "hiddenLayers[1] (neurons in hidden layer 2) must be a whole number from 1 to 16, got 40"),
        (json(r#"{"points":1e9}"#), "points must be a whole number from 4 to 5000, got 1000000000"),
        (
            json(r#"{"dataset":"spirals"}"#),
            r#"config.dataset must be one of "xor", "xorTable""#,
        ),
        (json(r#"{"weightSeed":1e12}"#), "weightSeed must be a whole number from 0 to 4294967295, got 1000000000000"),
        (json("5"), "config must be a plain object such as {}, got 5"),
        (json("[1,2]"), "config must be a plain object such as {}, got an array"),
    ];
    let with_nan = json("{}");
    js_sys::Reflect::set(&with_nan, &JsValue::from_str("learningRate"), &n(f64::NAN))
        .expect("an object");
    assert_eq!(
        message(Playground::new(arg(with_nan))),
        "learningRate must be a finite number, got NaN"
    );
    for (config, expected) in cases {
        let shown = js_sys::JSON::stringify(&config).expect("json");
        assert!(
            Playground::new(arg(config.clone())).is_err(),
            "{shown:?} was accepted"
        );
        let got = message(Playground::new(arg(config)));
        assert!(got.contains(expected), "expected {expected:?} in {got:?}");
    }
}

#[wasm_bindgen_test]
fn invalid_arguments_throw_and_change_nothing() {
    let mut p = Playground::new(None).expect("default");
    p.train_epochs(n(2.0)).expect("epochs");
    let before = p.export_model();
    let summary = js_sys::JSON::stringify(&p.summary()).expect("json");
    let refusals = [
        (
            message(p.train_step(arg(JsValue::from_str("abc")))),
            "batches must be a whole number from 1 to 100000, got the string \"abc\"",
        ),
        (
            message(p.train_step(arg(n(-1.0)))),
            "batches must be a whole number from 1 to 100000, got -1",
        ),
        (
            message(p.train_epochs(JsValue::UNDEFINED)),
            "epochs must be a whole number from 1 to 100000, got nothing (undefined)",
        ),
        (
            message(p.train_epochs(n(1e9))),
            "epochs must be a whole number from 1 to 100000, got 1000000000",
        ),
        (
            message(p.predict(n(f64::NAN), n(0.0))),
            "x must be a finite number, got NaN",
        ),
        (
            message(p.predict_batch(json("[1, 2, 3]"))),
            "predictBatch needs pairs x, y: an even number of values, got 3",
        ),
        (
            message(p.predict_batch(json(r#"[1, "a"]"#))),
            "predictBatch's argument[1] must be a finite number, got the string \"a\"",
        ),
        (
            message(p.decision_grid(n(0.0), n(-6.0), n(6.0), n(-6.0), n(6.0))),
            "resolution must be a whole number from 1 to 1024, got 0",
        ),
        (
            message(p.decision_grid(n(8.0), n(6.0), n(-6.0), n(-6.0), n(6.0))),
            "the rectangle needs xMin < xMax",
        ),
        (
            message(p.add_point(n(0.0), n(0.0), n(3.0))),
            "a label of a binary task must be 0 or 1, got 3",
        ),
        (
            message(p.add_point(n(1e9), n(0.0), n(1.0))),
            "a point's x must be a finite number from -1000 to 1000, got 1000000000",
        ),
        (
            message(p.set_weight(n(0.0), n(9.0), n(0.0), n(1.0))),
            "the link in layer 0 must be from an input 0 to 1",
        ),
        (
            message(p.set_bias(n(0.0), n(0.0), JsValue::from_str("1"))),
            "value must be a finite number, got the string \"1\"",
        ),
        (
            message(p.set_points(json(r#"{"train":[]}"#))),
            "the training set has no points",
        ),
        (
            message(p.set_points(json(r#"{"train":[{"x":0,"y":0}]}"#))),
            "points.train[0].label must be a finite number, got nothing (undefined)",
        ),
        (
            message(p.reseed(n(-3.0))),
            "seed must be a whole number from 0 to 4294967295, got -3",
        ),
        (
            message(p.perceptron_step()),
            "perceptron_step needs mode perceptron",
        ),
        (
            message(Playground::from_model(JsValue::from_str("{}"), None)),
            "cannot read the model file",
        ),
        (
            message(Playground::from_model(n(3.0), None)),
            "fromModel needs the model file's text (a string), got 3",
        ),
    ];
    for (got, expected) in refusals {
        assert!(got.contains(expected), "expected {expected:?} in {got:?}");
    }
    assert_eq!(p.export_model(), before);
    assert_eq!(
        js_sys::JSON::stringify(&p.summary()).expect("json"),
        summary
    );
}

#[wasm_bindgen_test]
fn a_model_round_trips_and_reset_restores_the_initial_weights() {
    let mut p =
        Playground::new(arg(json(r#"{"dataset":"moons","weightSeed":42}"#))).expect("config");
    let initial = p.export_model();
    p.train_epochs(n(10.0)).expect("epochs");
    p.add_point(n(1.0), n(1.0), n(0.0)).expect("a valid point");
    p.train_epochs(n(3.0)).expect("epochs");
    let trained = p.export_model();
    let mut copy = Playground::from_model(JsValue::from_str(&trained), None).expect("a model file");
    assert_eq!(copy.export_model(), trained);
    // Numbers are written as their shortest f32 decimal (0.3, not
    // 0.30000001192092896) and read back to the same bits.
    assert!(trained.contains(r#""learningRate":0.3,"#), "{trained}");
    // Whole numbers stay exact: the shortest f32 decimal of 35677648 is
    // 35677650, another seed.
    let seeded = Playground::new(arg(json(
        r#"{"weightSeed":35677648,"dataSeed":4294967040}"#,
    )))
    .expect("config")
    .export_model();
    assert!(seeded.contains(r#""weightSeed":35677648"#), "{seeded}");
    assert!(seeded.contains(r#""dataSeed":4294967040"#), "{seeded}");
    let reloaded = Playground::from_model(JsValue::from_str(&seeded), None).expect("a model file");
    assert_eq!(reloaded.export_model(), seeded);
    // Every level of the file is checked as serde_json would.
    let refusal = |text: String| match Playground::from_model(JsValue::from_str(&text), None) {
        Ok(_) => String::from("accepted"),
        Err(e) => js_sys::Error::from(JsValue::from(e))
            .message()
            .as_string()
            .unwrap_or_default(),
    };
    for (broken, expected) in [
        (
            trained.replacen(r#""inputs":"#, r#""colour":1,"inputs":"#, 1),
            "layers[0]: unknown field `colour`",
        ),
        (
            trained.replacen(r#""noise":"#, r#""nois":0,"noise":"#, 1),
            "config: unknown field `nois`",
        ),
        (
            trained.replacen(r#""weights":["#, r#""weights":[1e999,"#, 1),
            "layers[0].weights[0] must be a finite number, got Infinity",
        ),
        (trained[..trained.len() / 2].to_string(), "it is not JSON"),
        ("[]".to_string(), "it must be a JSON object, got an array"),
    ] {
        let got = refusal(broken);
        assert!(got.contains(expected), "expected {expected:?} in {got:?}");
        assert!(got.starts_with("cannot read the model file"), "{got}");
    }
    let a = p
        .decision_grid(n(16.0), n(-6.0), n(6.0), n(-6.0), n(6.0))
        .expect("grid");
    let b = copy
        .decision_grid(n(16.0), n(-6.0), n(6.0), n(-6.0), n(6.0))
        .expect("grid");
    assert_eq!(a, b);
    // Reset: the initial weights again (the added point stays).
    p.reset().expect("reset");
    let weights_now = js_sys::JSON::stringify(&get(
        &js_sys::JSON::parse(&p.export_model()).expect("json"),
        "layers",
    ))
    .expect("json");
    let weights_then = js_sys::JSON::stringify(&get(
        &js_sys::JSON::parse(&initial).expect("json"),
        "layers",
    ))
    .expect("json");
    assert_eq!(weights_now, weights_then);
    assert_eq!(num(&p.summary(), "epoch"), 0.0);
}

#[wasm_bindgen_test]
fn histories_points_weights_and_coach_come_as_typed_arrays_and_plain_objects() {
    let mut p = Playground::new(arg(json(r#"{"dataset":"circle","hiddenLayers":[8,8,8,8,8,8],"activation":"sigmoid","init":"xavierUniform","normalize":true}"#)))
        .expect("config");
    p.train_epochs(n(3.0)).expect("epochs");
    let h = p.gradient_history();
    assert_eq!(num(&h, "layers"), 7.0);
    let rows = num(&h, "rows") as u32;
    let width = num(&h, "width") as u32;
    let values: js_sys::Float32Array = get(&h, "values").dyn_into().expect("a Float32Array");
    assert_eq!(values.length(), rows * width);
    // Vanishing: layer 1's mean |dL/dW| (column 0) far below the output's (column 12).
    let last = values.subarray((rows - 1) * width, rows * width).to_vec();
    assert!(last[0] < 0.01 * last[12], "{last:?}");
    let coach = p.coach();
    let codes: Vec<String> = js_sys::Array::from(&coach)
        .iter()
        .map(|f| get(&f, "code").as_string().expect("a code"))
        .collect();
    assert!(
        codes.contains(&"vanishingGradients".to_string()),
        "{codes:?}"
    );

    let losses = p.loss_history();
    let train: js_sys::Float32Array = get(&losses, "trainLoss")
        .dyn_into()
        .expect("a Float32Array");
    // Epoch 0 and epoch 3: trainEpochs evaluates once, at the end of the call.
    assert_eq!(train.length(), 2);
    let epochs: js_sys::Float32Array = get(&losses, "epoch").dyn_into().expect("a Float32Array");
    assert_eq!(epochs.to_vec(), [0.0, 3.0]);
    let points = p.points();
    let xs: js_sys::Float32Array = get(&get(&points, "train"), "x")
        .dyn_into()
        .expect("a Float32Array");
    assert_eq!(xs.length(), 100);
    let weights = js_sys::Array::from(&p.weights());
    assert_eq!(weights.length(), 7);
    let first: js_sys::Float32Array = get(&weights.get(0), "weights")
        .dyn_into()
        .expect("a Float32Array");
    assert_eq!(first.length(), 16);
    p.set_weight(n(0.0), n(1.0), n(3.0), n(0.5))
        .expect("a valid link");
    let first: js_sys::Float32Array = get(&js_sys::Array::from(&p.weights()).get(0), "weights")
        .dyn_into()
        .expect("array");
    assert_eq!(first.get_index(3 * 2 + 1), 0.5);
    let lines = js_sys::Array::from(&p.separating_lines().expect("x1, x2 only... normalized"));
    assert_eq!(lines.length(), 8);
}

#[wasm_bindgen_test]
fn the_perceptron_mode_reports_each_update() {
    let mut p = Playground::new(arg(json(
        r#"{"mode":"perceptron","dataset":"xorTable","learningRate":0.5}"#,
    )))
    .expect("config");
    for _ in 0..50 {
        let u = p.perceptron_step().expect("perceptron mode");
        assert!(!get(&u, "converged").as_bool().expect("bool"));
        let point = num(&u, "point");
        assert!((0.0..4.0).contains(&point), "{point}");
    }
    let mut and = Playground::new(arg(json(
        r#"{"mode":"perceptron","dataset":"and","learningRate":0.5}"#,
    )))
    .expect("config");
    let converged = (0..100).any(|_| {
        get(&and.perceptron_step().expect("perceptron"), "converged").as_bool() == Some(true)
    });
    assert!(converged);
    assert!(message(and.train_step(None)).contains("perceptron learns by Rosenblatt's rule"));
}

#[wasm_bindgen_test]
fn learning_rate_and_regularization_change_while_training_goes_on() {
    let mut p = Playground::new(None).expect("default");
    p.train_epochs(n(3.0)).expect("epochs");
    p.set_learning_rate(n(0.05)).expect("a valid rate");
    assert_eq!(num(&p.config(), "learningRate"), 0.05f32 as f64);
    assert_eq!(num(&p.summary(), "epoch"), 3.0);
    assert!(message(p.set_learning_rate(n(0.0)))
        .contains("learningRate must be a finite number greater than 0"));
    assert!(
        message(p.set_regularization(JsValue::from_str("l3"), n(0.1)))
            .contains("regularization must be 'none', 'l1' or 'l2', got the string \"l3\"")
    );
    p.set_regularization(JsValue::from_str("l2"), n(0.01))
        .expect("valid");
    assert_eq!(
        get(&p.config(), "regularization").as_string().as_deref(),
        Some("l2")
    );
    // Gradients of the last step, shaped like the weights.
    p.train_step(None).expect("a step");
    let grads = js_sys::Array::from(&p.weight_gradients());
    assert_eq!(grads.length(), 3);
    let g0: js_sys::Float32Array = get(&grads.get(0), "weights").dyn_into().expect("array");
    assert_eq!(g0.length(), 12);
    assert!(g0.to_vec().iter().any(|&v| v != 0.0));
}

#[wasm_bindgen_test]
fn a_drawing_call_given_no_canvas_refuses_and_the_playground_goes_on() {
    // A JavaScript exception inside a `&mut self` method would leave the
    // handle borrowed for good ("recursive use of an object"): every
    // drawing method checks its canvas first.
    let mut p = Playground::new(None).expect("default");
    p.train_epochs(n(2.0)).expect("epochs");
    let before = p.export_model();
    let wrong = [
        JsValue::NULL,
        JsValue::UNDEFINED,
        n(3.0),
        JsValue::from_str("boundary"),
        js_sys::Object::new().into(),
    ];
    for value in wrong {
        let described = format!("{value:?}");
        let m = message(p.draw_boundary(value.clone(), None));
        assert!(
            m.starts_with("drawBoundary's canvas must be a <canvas> element, got "),
            "{described}: {m}"
        );
        let m = message(p.draw_loss_chart(value.clone(), None));
        assert!(
            m.starts_with("drawLossChart's canvas must be a <canvas> element"),
            "{m}"
        );
        let m = message(p.draw_gradient_heatmap(value.clone(), None));
        assert!(
            m.starts_with("drawGradientHeatmap's canvas must be a <canvas> element"),
            "{m}"
        );
        assert!(p.draw_neuron_thumbnails(value, None).is_err());
    }
    // Still usable, and unchanged.
    assert_eq!(p.export_model(), before);
    p.train_epochs(n(1.0)).expect("epochs");
    assert!(p.predict(n(1.0), n(1.0)).is_ok());
    assert_ne!(p.export_model(), before);
}

/// Same config and seeds → the same weights, bit for bit, after 1,000 steps
/// (Adam among them) natively on the build machine and here in Node.
#[wasm_bindgen_test]
fn native_and_wasm_train_to_the_same_bits() {
    determinism::check_native_equals_wasm();
}

/// The runs recorded before the engine became a stack of layers train to
/// the same bits in wasm as they did natively then.
#[wasm_bindgen_test]
fn recorded_runs_train_to_the_same_bits_in_wasm() {
    determinism::check_bitwise_record();
}

/// Convolution, both poolings and flatten train to the same bits in wasm as
/// natively (the module with the `images` feature).
#[cfg(feature = "images")]
#[wasm_bindgen_test]
fn an_image_network_trains_to_the_recorded_bits_in_wasm() {
    determinism::check_image_record();
}

/// The simple RNN, the GRU and the sequence data train to the same bits in
/// wasm as natively (the module with the `images` feature).
#[cfg(feature = "images")]
#[wasm_bindgen_test]
fn recurrent_networks_train_to_the_recorded_bits_in_wasm() {
    determinism::check_sequence_record();
}
