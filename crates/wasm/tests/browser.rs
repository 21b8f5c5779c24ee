//! Drawing in a real browser: run by `wasm-pack test --headless --chrome`.
//! Each test draws into a canvas it creates and reads the pixels back.

use nnplay_wasm::{palette, Playground};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "determinism/mod.rs"]
mod determinism;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("valid JSON in the test")
}

/// A JavaScript value as an optional typed argument, as JavaScript passes it.
fn arg<T: JsCast>(value: JsValue) -> Option<T> {
    Some(value.unchecked_into())
}

fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// A canvas of `w × h` CSS pixels in the page.
fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .expect("an element")
        .dyn_into()
        .expect("a canvas");
    canvas
        .set_attribute("style", &format!("width:{w}px;height:{h}px;display:block"))
        .expect("style");
    document
        .body()
        .expect("a body")
        .append_child(&canvas)
        .expect("append");
    canvas
}

/// The RGBA pixels of the whole canvas.
fn pixels(canvas: &HtmlCanvasElement) -> (Vec<u8>, usize, usize) {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context")
        .expect("2d")
        .dyn_into()
        .expect("2d context");
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .expect("pixels")
        .data()
        .0;
    (data, w, h)
}

fn rgb(px: &(Vec<u8>, usize, usize), x: usize, y: usize) -> [u8; 3] {
    let i = 4 * (y * px.1 + x);
    [px.0[i], px.0[i + 1], px.0[i + 2]]
}

fn close(a: [u8; 3], b: [u8; 3], tolerance: i32) -> bool {
    a.iter()
        .zip(b)
        .all(|(&x, y)| (x as i32 - y as i32).abs() <= tolerance)
}

fn trained_xor() -> Playground {
    let mut p = Playground::new(None).expect("default config");
    p.train_epochs(n(60.0)).expect("epochs");
    p
}

#[wasm_bindgen_test]
fn the_boundary_of_a_trained_xor_has_each_class_colour_in_its_quadrants() {
    let mut p = trained_xor();
    let c = canvas(200, 200);
    p.draw_boundary(
        c.clone().into(),
        arg(json(r#"{"showTrain":false,"showTest":false}"#)),
    )
    .expect("draw");
    let px = pixels(&c);
    assert_eq!((px.1, px.2), (200, 200));
    // Class 1 where exactly one coordinate is positive: top-left and bottom-right.
    let class0 = palette::class(0);
    let class1 = palette::class(1);
    let towards = |c: [u8; 3], target: [u8; 3]| {
        // Closer to the class colour than to white, channel by channel.
        c.iter()
            .zip(target)
            .all(|(&v, t)| (v as i32 - t as i32).abs() < (255 - t as i32).abs().max(1) || v == t)
    };
    for (x, y, class) in [
        (30, 30, class1),
        (170, 170, class1),
        (170, 30, class0),
        (30, 170, class0),
    ] {
        let c = rgb(&px, x, y);
        assert!(
            towards(c, class),
            "pixel ({x}, {y}) is {c:?}, expected a shade of {class:?}"
        );
    }
    assert_ne!(rgb(&px, 30, 30), rgb(&px, 170, 30));
}

#[wasm_bindgen_test]
fn points_and_separating_lines_are_drawn_on_top() {
    let mut p = trained_xor();
    let bare = canvas(240, 240);
    p.draw_boundary(
        bare.clone().into(),
        arg(json(r#"{"showTrain":false,"showTest":false}"#)),
    )
    .expect("draw");
    let with_points = canvas(240, 240);
    p.draw_boundary(with_points.clone().into(), None)
        .expect("draw");
    let with_lines = canvas(240, 240);
    p.draw_boundary(
        with_lines.clone().into(),
        arg(json(
            r#"{"showTrain":false,"showTest":false,"showLines":true}"#,
        )),
    )
    .expect("draw");
    let (a, b, l) = (pixels(&bare), pixels(&with_points), pixels(&with_lines));
    let count = |other: &(Vec<u8>, usize, usize), pred: &dyn Fn([u8; 3]) -> bool| {
        (0..240 * 240)
            .filter(|&i| {
                let (x, y) = (i % 240, i / 240);
                rgb(&a, x, y) != rgb(other, x, y) && pred(rgb(other, x, y))
            })
            .count()
    };
    // Points: pixels in the exact class colours appear.
    let class_pixels = count(&b, &|c| {
        close(c, palette::class(0), 8) || close(c, palette::class(1), 8)
    });
    assert!(class_pixels > 500, "{class_pixels} point pixels");
    // Lines: dark pixels appear (six first-layer neurons).
    let dark = count(&l, &|c| c.iter().all(|&v| v < 140));
    assert!(dark > 100, "{dark} line pixels");
}

#[wasm_bindgen_test]
fn the_loss_chart_draws_a_line() {
    let mut p = trained_xor();
    p.train_epochs(n(20.0)).expect("epochs");
    let c = canvas(320, 200);
    p.draw_loss_chart(c.clone().into(), None).expect("draw");
    let px = pixels(&c);
    let blue = (0..px.1 * px.2)
        .filter(|&i| close(rgb(&px, i % px.1, i / px.1), [0, 114, 178], 30))
        .count();
    let vermillion = (0..px.1 * px.2)
        .filter(|&i| close(rgb(&px, i % px.1, i / px.1), [213, 94, 0], 30))
        .count();
    assert!(blue > 100, "{blue} train-line pixels");
    assert!(vermillion > 50, "{vermillion} test-line pixels");
    // The loss falls, so the line starts high (small y) and ends low: the
    // y axis grows upwards.
    let mean_y = |columns: std::ops::Range<usize>| {
        let ys: Vec<usize> = columns
            .flat_map(|x| (0..px.2).map(move |y| (x, y)))
            .filter(|&(x, y)| close(rgb(&px, x, y), [0, 114, 178], 30))
            .map(|(_, y)| y)
            .collect();
        ys.iter().sum::<usize>() as f64 / ys.len().max(1) as f64
    };
    let (left, right) = (
        mean_y(px.1 / 5..px.1 / 4),
        mean_y(px.1 * 4 / 5..px.1 * 9 / 10),
    );
    assert!(
        left < right,
        "the falling loss is drawn rising: y {left} → {right}"
    );
    p.draw_loss_chart(
        c.clone().into(),
        arg(json(r#"{"logScale":true,"showTest":false}"#)),
    )
    .expect("draw");
    assert!(p
        .draw_loss_chart(c.clone().into(), arg(json(r#"{"log":true}"#)))
        .is_err());
}

#[wasm_bindgen_test]
fn the_gradient_heatmap_has_one_band_per_layer() {
    let mut p = Playground::new(arg(json(
        r#"{"dataset":"circle","hiddenLayers":[8,8,8,8,8,8],"activation":"sigmoid","init":"xavierUniform","normalize":true}"#,
    )))
    .expect("config");
    p.train_epochs(n(5.0)).expect("epochs");
    let c = canvas(360, 240);
    p.draw_gradient_heatmap(c.clone().into(), None)
        .expect("draw");
    let px = pixels(&c);
    // Walk down a column inside the plot area and collect the colour runs.
    let x = px.1 / 2;
    let mut bands: Vec<[u8; 3]> = Vec::new();
    for y in 0..px.2 {
        let c = rgb(&px, x, y);
        let white_or_grey = c[0] == c[1] && c[1] == c[2];
        if !white_or_grey && bands.last() != Some(&c) {
            bands.push(c);
        }
    }
    assert_eq!(bands.len(), 7, "colour bands down the middle: {bands:?}");
    // Sigmoid gradients vanish towards the input: the output (top) is the
    // brightest band, layer 1 (bottom) the darkest.
    let brightness = |c: &[u8; 3]| c.iter().map(|&v| v as u32).sum::<u32>();
    assert!(brightness(&bands[0]) > brightness(&bands[6]), "{bands:?}");
}

#[wasm_bindgen_test]
fn drawing_options_are_checked() {
    let mut p = trained_xor();
    let c = canvas(100, 100);
    let message = |r: Result<(), JsError>| -> String {
        js_sys::Error::from(JsValue::from(r.expect_err("refused")))
            .message()
            .into()
    };
    assert!(
        message(p.draw_boundary(c.clone().into(), arg(json(r#"{"resolution":4}"#))))
            .contains("resolution must be a whole number from 8 to 256, got 4")
    );
    assert!(
        message(p.draw_boundary(c.clone().into(), arg(json(r#"{"neuron":99}"#))))
            .contains("neuron must be a hidden neuron from 0 to 8, got 99")
    );
    assert!(
        message(p.draw_boundary(c.clone().into(), arg(json(r#"{"showlines":true}"#))))
            .contains("unknown field `showlines`")
    );
    assert!(message(p.draw_boundary(c.clone().into(), arg(json("7"))))
        .contains("must be a plain object"));
    assert!(
        message(p.draw_boundary(c.clone().into(), arg(json(r#"{"showTest":"yes"}"#)))).contains(
            "drawBoundary's options.showTest must be true or false, got the string \"yes\""
        )
    );
    // A hidden neuron can be shown instead of the output.
    p.draw_boundary(c.clone().into(), arg(json(r#"{"neuron":0}"#)))
        .expect("draw neuron 0");
}

#[wasm_bindgen_test]
fn neuron_thumbnails_paint_each_hidden_neuron() {
    let mut p = trained_xor();
    assert_eq!(p.hidden_neurons(), 9);
    let canvases: Vec<HtmlCanvasElement> = (0..9).map(|_| canvas(24, 24)).collect();
    let list = js_sys::Array::new();
    for c in &canvases {
        list.push(c);
    }
    p.draw_neuron_thumbnails(list.clone().into(), None)
        .expect("draw");
    // Every thumbnail is painted, and a first-layer tanh neuron on XOR is not flat.
    for c in &canvases {
        let px = pixels(c);
        let opaque = px.0.chunks(4).all(|p| p[3] == 255);
        assert!(opaque);
    }
    let first = pixels(&canvases[0]);
    let distinct: std::collections::HashSet<[u8; 3]> =
        (0..24 * 24).map(|i| rgb(&first, i % 24, i / 24)).collect();
    assert!(distinct.len() > 10, "{} colours", distinct.len());
    list.push(&canvas(24, 24));
    let err = p
        .draw_neuron_thumbnails(list.into(), None)
        .expect_err("one canvas too many");
    let text: String = js_sys::Error::from(JsValue::from(err)).message().into();
    assert_eq!(
        text,
        "there are 9 hidden neurons but 10 canvases from neuron 0"
    );
    // A slice in turn: `first` says which neuron canvases[0] shows.
    let slice = [canvas(24, 24), canvas(24, 24)];
    let list = js_sys::Array::new();
    for c in &slice {
        list.push(c);
    }
    p.draw_neuron_thumbnails(list.clone().into(), arg(json(r#"{"first":4}"#)))
        .expect("draw a slice");
    assert_eq!(pixels(&slice[0]).0, pixels(&canvases[4]).0);
    assert_eq!(pixels(&slice[1]).0, pixels(&canvases[5]).0);
    let err = p
        .draw_neuron_thumbnails(list.into(), arg(json(r#"{"first":8}"#)))
        .expect_err("past the last neuron");
    let text: String = js_sys::Error::from(JsValue::from(err)).message().into();
    assert_eq!(
        text,
        "there are 9 hidden neurons but 2 canvases from neuron 8"
    );
    // Without the heatmap the background is white.
    let c = canvas(60, 60);
    p.draw_boundary(
        c.clone().into(),
        arg(json(
            r#"{"heatmap":false,"showTrain":false,"showTest":false}"#,
        )),
    )
    .expect("draw");
    assert!(pixels(&c)
        .0
        .chunks(4)
        .all(|p| p[0] == 255 && p[1] == 255 && p[2] == 255));
}

#[wasm_bindgen_test]
fn a_run_that_blows_up_is_charted_on_a_finite_scale() {
    // Regression at learning rate 1: the loss climbs to f32::MAX (3.4e38),
    // where a range of 1.1 × the largest value is infinite. Every chart must
    // still be drawn, quickly, on both scales.
    let mut p = Playground::new(arg(json(
        r#"{"dataset":"regressionPlane","learningRate":1}"#,
    )))
    .expect("config");
    let mut epochs = 0;
    loop {
        p.train_epochs(n(1.0)).expect("epochs");
        epochs += 1;
        let loss = p.trainer().summary().train_loss;
        if !(loss.is_finite() && loss < 1e38) || epochs >= 500 {
            break;
        }
    }
    assert!(p.trainer().summary().diverged);
    let (loss, gradients) = (canvas(320, 200), canvas(360, 240));
    let started = js_sys::Date::now();
    for log in [false, true] {
        let options = format!(r#"{{"logScale":{log},"labels":{{"epoch":"에포크"}}}}"#);
        p.draw_loss_chart(loss.clone().into(), arg(json(&options)))
            .expect("draw");
        p.draw_gradient_heatmap(gradients.clone().into(), None)
            .expect("draw");
    }
    let elapsed = js_sys::Date::now() - started;
    assert!(elapsed < 2_000.0, "drawing took {elapsed} ms");
    let px = pixels(&loss);
    let blue = (0..px.1 * px.2)
        .filter(|&i| close(rgb(&px, i % px.1, i / px.1), [0, 114, 178], 30))
        .count();
    assert!(blue > 20, "{blue} train-line pixels after {epochs} epochs");
}

#[wasm_bindgen_test]
fn the_wrong_kind_of_element_is_refused_and_the_playground_goes_on() {
    let mut p = trained_xor();
    let before = p.export_model();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let div: JsValue = document.create_element("div").expect("a div").into();
    // A canvas that is not in the page and has no size.
    let detached: HtmlCanvasElement = document
        .create_element("canvas")
        .expect("an element")
        .dyn_into()
        .expect("a canvas");
    detached.set_width(0);
    detached.set_height(0);
    // A canvas whose context is already WebGL's.
    let webgl = canvas(50, 50);
    let _ = webgl.get_context("webgl");
    let taken_by_webgl = webgl.get_context("2d").ok().flatten().is_none();
    let mut cases: Vec<(JsValue, &str)> = vec![
        (div, "must be a <canvas> element, got an object"),
        (detached.into(), "the canvas has no area"),
    ];
    if taken_by_webgl {
        cases.push((webgl.into(), "no 2D context"));
    }
    for (value, expected) in cases {
        // A list of canvases holding the wrong thing, as many as the neurons.
        let list = js_sys::Array::new();
        for _ in 0..p.hidden_neurons() {
            list.push(&value);
        }
        for result in [
            p.draw_boundary(value.clone(), None),
            p.draw_loss_chart(value.clone(), None),
            p.draw_gradient_heatmap(value.clone(), None),
            p.draw_neuron_thumbnails(list.into(), None),
        ] {
            let text: String = js_sys::Error::from(JsValue::from(result.expect_err("refused")))
                .message()
                .into();
            assert!(text.contains(expected), "{text}");
        }
    }
    assert_eq!(p.export_model(), before);
    p.train_epochs(n(1.0)).expect("still trains");
    p.draw_boundary(canvas(60, 60).into(), None)
        .expect("still draws");
}

/// Same config and seeds → the same weights, bit for bit, after 1,000 steps
/// (Adam among them) natively on the build machine and here in the browser (Chromium and Firefox).
#[wasm_bindgen_test]
fn native_and_wasm_train_to_the_same_bits() {
    determinism::check_native_equals_wasm();
}

/// The runs recorded before the engine became a stack of layers train to
/// the same bits here (Chromium and Firefox) as they did natively then.
#[wasm_bindgen_test]
fn recorded_runs_train_to_the_same_bits_in_the_browser() {
    determinism::check_bitwise_record();
}
