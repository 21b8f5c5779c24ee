//! The image layer kinds (convolution, 2 × 2 pooling, flatten): their
//! gradients against finite differences in whole stacks, their forward
//! passes against hand-computed values, and the config's refusals.

use nnplay_core::layer::{Padding, PoolMode};
use nnplay_core::{
    Activation, Init, InputShape, LayerSpec, Limits, Loss, Matrix, Network, NetworkShape, Rng,
};

fn conv(filters: usize, size: usize, padding: Padding, f: Activation) -> LayerSpec {
    LayerSpec::Conv2d {
        filters,
        size,
        padding,
        activation: Some(f),
    }
}

fn image(height: usize, width: usize, channels: usize) -> InputShape {
    InputShape::Image {
        height,
        width,
        channels,
    }
}

mod common;
use common::{check, Head};

#[test]
fn convolution_pooling_and_flatten_backprop_match_finite_differences() {
    let ce = (Activation::Softmax, 3, Loss::CategoricalCrossEntropy);
    let bce = (Activation::Sigmoid, 1, Loss::BinaryCrossEntropy);
    let mse = (Activation::Linear, 1, Loss::Mse);
    let stacks: Vec<(&str, InputShape, Vec<LayerSpec>, Head)> = vec![
        (
            "conv same tanh → max pool → flatten → softmax",
            image(6, 6, 2),
            vec![
                conv(3, 3, Padding::Same, Activation::Tanh),
                LayerSpec::Pool2d(PoolMode::Max),
                LayerSpec::Flatten,
            ],
            ce,
        ),
        (
            "conv valid sigmoid → conv 1×1 → average pool → dense tanh → sigmoid",
            image(7, 5, 1),
            vec![
                conv(2, 3, Padding::Valid, Activation::Sigmoid),
                conv(2, 1, Padding::Same, Activation::Tanh),
                LayerSpec::Pool2d(PoolMode::Average),
                LayerSpec::dense(4, Activation::Tanh),
            ],
            bce,
        ),
        (
            "conv 5×5 relu → max pool (odd size) → conv 3×3 leaky → linear",
            image(7, 7, 1),
            vec![
                conv(4, 5, Padding::Same, Activation::Relu),
                LayerSpec::Pool2d(PoolMode::Max),
                conv(2, 3, Padding::Same, Activation::LeakyRelu),
            ],
            mse,
        ),
        (
            "dense straight on an image",
            image(4, 4, 2),
            vec![LayerSpec::dense(5, Activation::Tanh)],
            ce,
        ),
    ];
    let mut failures = Vec::new();
    for (seed, (name, input, hidden, head)) in stacks.into_iter().enumerate() {
        let err = check(input, hidden, head, 40 + seed as u64);
        println!("{name}: relative error {err:.5}");
        if err > 0.03 {
            failures.push(format!("{name}: relative error {err:.4}"));
        }
    }
    assert!(
        failures.is_empty(),
        "gradients disagree:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_convolution_computes_the_sum_written_in_its_formula() {
    // One 3×3 image, one 2×2 filter, valid padding: four outputs, each the
    // sum of a window times the filter, plus the bias.
    let shape = NetworkShape {
        input: image(3, 3, 1),
        hidden: vec![conv(1, 2, Padding::Valid, Activation::Linear)],
        outputs: 1,
        output_activation: Activation::Linear,
    };
    shape.validate(&Limits::default()).expect("valid");
    let mut net = Network::new(&shape, Init::Zeros, 1.0, &mut Rng::new(1));
    {
        let mut params = net.layers_mut()[0].parameters_mut();
        let w = params.next().expect("weights");
        w.value.copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
        let b = params.next().expect("biases");
        b.value[0] = 0.5;
    }
    let x = Matrix::from_vec(9, 1, (1..=9).map(|v| v as f32).collect()).expect("shape");
    net.forward(&x).expect("9 inputs");
    let maps = net.trace().layers()[0].outputs().as_slice().to_vec();
    // Window (1,2,4,5) · (1,2,3,4) = 1 + 4 + 12 + 20 = 37, and so on.
    assert_eq!(maps, [37.5, 47.5, 67.5, 77.5]);
    assert_eq!(
        net.layers()[0].output_shape(),
        image(2, 2, 1),
        "valid 2×2 on 3×3 makes 2×2"
    );
}

#[test]
fn pooling_takes_the_largest_or_the_mean_of_each_block_and_drops_an_odd_edge() {
    for (mode, expected) in [
        (PoolMode::Max, [6.0f32, 8.0]),
        (PoolMode::Average, [3.5, 5.5]),
    ] {
        let shape = NetworkShape {
            input: image(3, 4, 1),
            hidden: vec![LayerSpec::Pool2d(mode)],
            outputs: 1,
            output_activation: Activation::Linear,
        };
        shape.validate(&Limits::default()).expect("valid");
        let mut net = Network::new(&shape, Init::Zeros, 1.0, &mut Rng::new(1));
        // Rows 1 2 3 4 / 5 6 7 8 / 9 10 11 12: the last row is dropped.
        let x = Matrix::from_vec(12, 1, (1..=12).map(|v| v as f32).collect()).expect("shape");
        net.forward(&x).expect("12 inputs");
        let pooled = net.trace().layers()[0].outputs().as_slice().to_vec();
        assert_eq!(pooled, expected, "{mode:?}");
    }
}

#[test]
fn a_samples_result_does_not_depend_on_its_batch() {
    let shape = NetworkShape {
        input: image(8, 8, 1),
        hidden: vec![
            conv(4, 3, Padding::Same, Activation::Relu),
            LayerSpec::Pool2d(PoolMode::Max),
            LayerSpec::Flatten,
            LayerSpec::dense(6, Activation::Tanh),
        ],
        outputs: 10,
        output_activation: Activation::Softmax,
    };
    let mut rng = Rng::new(9);
    let mut net = Network::new(&shape, Init::He, 1.0, &mut rng);
    let n = 13;
    let mut x = Matrix::zeros(64, n);
    for v in x.as_mut_slice() {
        *v = rng.range(0.0, 1.0);
    }
    let all = net.forward(&x).expect("64 inputs").clone();
    for s in [0, 7, 12] {
        let one = Matrix::from_vec(64, 1, (0..64).map(|r| x.row(r)[s]).collect()).expect("shape");
        let out = net.forward(&one).expect("64 inputs");
        for k in 0..10 {
            assert_eq!(
                out.row(k)[0].to_bits(),
                all.row(k)[s].to_bits(),
                "sample {s}"
            );
        }
    }
}

#[test]
fn stacks_that_cannot_read_their_input_are_refused_with_what_to_do() {
    let refuse = |input: InputShape, hidden: Vec<LayerSpec>| {
        let shape = NetworkShape {
            input,
            hidden,
            outputs: 1,
            output_activation: Activation::Sigmoid,
        };
        shape.validate(&Limits::default()).unwrap_err().to_string()
    };
    let on_points = refuse(
        InputShape::Vector(2),
        vec![conv(2, 3, Padding::Same, Activation::Relu)],
    );
    assert!(on_points.contains("needs images"), "{on_points}");
    let after_flatten = refuse(
        image(8, 8, 1),
        vec![LayerSpec::Flatten, LayerSpec::Pool2d(PoolMode::Max)],
    );
    assert!(
        after_flatten.contains("hiddenLayers[1] (maxPool2d) comes after a dense or flatten layer"),
        "{after_flatten}"
    );
    let too_big = refuse(
        image(4, 4, 1),
        vec![conv(2, 5, Padding::Valid, Activation::Relu)],
    );
    assert!(too_big.contains("does not fit maps of 4 × 4"), "{too_big}");
    let even_same = refuse(
        image(8, 8, 1),
        vec![conv(2, 2, Padding::Same, Activation::Relu)],
    );
    assert!(even_same.contains("needs an odd size"), "{even_same}");
    let filters = refuse(
        image(8, 8, 1),
        vec![conv(17, 3, Padding::Same, Activation::Relu)],
    );
    assert!(
        filters.contains("filters must be a whole number from 1 to 16, got 17"),
        "{filters}"
    );
    let softmax = refuse(
        image(8, 8, 1),
        vec![conv(2, 3, Padding::Same, Activation::Softmax)],
    );
    assert!(softmax.contains("cannot use softmax"), "{softmax}");
    let pooled_away = refuse(
        image(2, 2, 1),
        vec![
            LayerSpec::Pool2d(PoolMode::Max),
            LayerSpec::Pool2d(PoolMode::Max),
        ],
    );
    assert!(
        pooled_away.contains("does not fit maps of 1 × 1"),
        "{pooled_away}"
    );
}

#[path = "bitwise/image_runs.rs"]
mod image_runs;

#[test]
fn an_image_network_trains_to_the_recorded_bits() {
    image_runs::check_against_record();
}

#[test]
fn a_field_a_kind_does_not_use_is_refused_by_name() {
    let read = |layer: serde_json::Value| {
        serde_json::from_value::<nnplay_core::TrainerConfig>(
            serde_json::json!({ "layers": [layer] }),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    let pool = read(serde_json::json!({ "kind": "maxPool2d", "units": 3 })).unwrap_err();
    assert!(
        pool.contains("a maxPool2d layer has no units (it takes only its kind)"),
        "{pool}"
    );
    let dense = read(serde_json::json!({ "kind": "dense", "units": 4, "filters": 3 })).unwrap_err();
    assert!(
        dense.contains("a dense layer has no filters (it takes units, activation)"),
        "{dense}"
    );
    let conv = read(serde_json::json!({ "kind": "conv2d", "filters": 3, "size": 3, "units": 2 }))
        .unwrap_err();
    assert!(conv.contains("a conv2d layer has no units"), "{conv}");
    assert!(read(serde_json::json!({ "kind": "conv2d", "filters": 3, "size": 3, "padding": "valid", "activation": "relu" })).is_ok());
    assert!(read(serde_json::json!({ "kind": "flatten" })).is_ok());
}
