//! The losses a learner is shown are the true ones: every loss, on saturated
//! outputs (logits of 20 to 80, where `1 − σ(z)` is 0 in `f32`) and on
//! unsaturated ones, against the same formula evaluated exactly in `f64`.

use nnplay_core::{DatasetKind, Loss, Point, Trainer, TrainerConfig};

/// A network without hidden layers whose single layer has `weights`
/// (row-major, output after output) and `biases`, trained on `points`.
fn one_layer(
    dataset: DatasetKind,
    loss: Loss,
    points: &[Point],
    weights: &[f32],
    biases: &[f32],
) -> Trainer {
    let mut t = Trainer::new(TrainerConfig {
        dataset,
        hidden_layers: vec![],
        loss: Some(loss),
        ..TrainerConfig::default()
    })
    .expect("valid config");
    t.set_points(points.to_vec(), Vec::new())
        .expect("valid points");
    for (k, &b) in biases.iter().enumerate() {
        for i in 0..2 {
            t.set_weight(0, i, k, weights[2 * k + i])
                .expect("valid weight");
        }
        t.set_bias(0, k, b).expect("valid bias");
    }
    t
}

/// The logits of `p` in f64.
fn logits(p: &Point, weights: &[f32], biases: &[f32]) -> Vec<f64> {
    biases
        .iter()
        .enumerate()
        .map(|(k, &b)| {
            weights[2 * k] as f64 * p.x1 as f64 + weights[2 * k + 1] as f64 * p.x2 as f64 + b as f64
        })
        .collect()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// −ln σ(z) for y = 1 and −ln(1 − σ(z)) for y = 0, exactly.
fn binary_cross_entropy(z: f64, y: f64) -> f64 {
    // ln(1 + e^z) − y z, with ln(1 + e^z) = max(z, 0) + ln(1 + e^−|z|):
    // the textbook formula, rearranged only so f64 does not overflow.
    z.max(0.0) + (-z.abs()).exp().ln_1p() - y * z
}

fn assert_close(what: &str, reported: f32, exact: f64) {
    let error = (reported as f64 - exact).abs() / exact.abs().max(1e-6);
    assert!(
        error < 1e-5,
        "{what}: reported {reported}, exact {exact} (relative error {error:.1e})"
    );
}

fn xor_points() -> Vec<Point> {
    [
        (0.0, 0.0, 0.0),
        (0.0, 1.0, 1.0),
        (1.0, 0.0, 1.0),
        (1.0, 1.0, 0.0),
    ]
    .iter()
    .map(|&(x1, x2, label)| Point { x1, x2, label })
    .collect()
}

#[test]
fn binary_losses_are_exact_for_saturated_and_unsaturated_outputs() {
    let points = xor_points();
    // Saturated: z = −20, 20, 20, 60; the last point (label 0) is
    // confidently wrong, costing 60 nats. Unsaturated: |z| below 1.
    for (weights, biases) in [([40.0, 40.0], [-20.0]), ([0.6, -0.3], [0.2])] {
        for loss in [Loss::BinaryCrossEntropy, Loss::Mse, Loss::Mae, Loss::Rmse] {
            let t = one_layer(DatasetKind::XorTable, loss, &points, &weights, &biases);
            let reported = t.evaluate(&nnplay_core::Samples::from_points(&points)).loss;
            let per_point: Vec<(f64, f64)> = points
                .iter()
                .map(|p| (logits(p, &weights, &biases)[0], p.label as f64))
                .collect();
            let n = points.len() as f64;
            let mean = |f: &dyn Fn(f64, f64) -> f64| {
                per_point.iter().map(|&(z, y)| f(z, y)).sum::<f64>() / n
            };
            let exact = match loss {
                Loss::BinaryCrossEntropy => mean(&binary_cross_entropy),
                Loss::Mse => mean(&|z, y| (sigmoid(z) - y).powi(2)),
                Loss::Mae => mean(&|z, y| (sigmoid(z) - y).abs()),
                Loss::Rmse => mean(&|z, y| (sigmoid(z) - y).powi(2)).sqrt(),
                Loss::CategoricalCrossEntropy => unreachable!(),
            };
            assert_close(
                &format!("{loss:?} with z·1 = {weights:?}, b = {biases:?}"),
                reported,
                exact,
            );
            // The summary shows the same number as `evaluate`.
        }
    }
}

#[test]
fn categorical_cross_entropy_is_exact_for_saturated_and_unsaturated_outputs() {
    let points: Vec<Point> = [
        (1.0, 0.0, 0.0),
        (0.0, 1.0, 1.0),
        (1.0, 1.0, 2.0),
        (-1.0, 0.5, 0.0),
    ]
    .iter()
    .map(|&(x1, x2, label)| Point { x1, x2, label })
    .collect();
    let saturated = ([80.0, -10.0, -30.0, 50.0, 10.0, 10.0], [0.0, 5.0, -20.0]);
    let mild = ([0.5, -0.2, 0.1, 0.4, -0.3, 0.3], [0.1, 0.0, -0.1]);
    for (weights, biases) in [saturated, mild] {
        for loss in [Loss::CategoricalCrossEntropy, Loss::Mse] {
            let t = one_layer(DatasetKind::Spiral3, loss, &points, &weights, &biases);
            let reported = t.evaluate(&nnplay_core::Samples::from_points(&points)).loss;
            let mut total = 0.0;
            for p in &points {
                let z = logits(p, &weights, &biases);
                let max = z.iter().cloned().fold(f64::MIN, f64::max);
                let lse = max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
                let class = p.label as usize;
                total += match loss {
                    Loss::CategoricalCrossEntropy => lse - z[class],
                    _ => {
                        let probabilities = z.iter().map(|v| (v - lse).exp());
                        probabilities
                            .enumerate()
                            .map(|(k, a)| (a - if k == class { 1.0 } else { 0.0 }).powi(2))
                            .sum::<f64>()
                            / 3.0
                    }
                };
            }
            assert_close(
                &format!("{loss:?} with {weights:?}"),
                reported,
                total / points.len() as f64,
            );
        }
    }
}

#[test]
fn a_confidently_wrong_point_costs_what_cross_entropy_says() {
    // One point of class 1 at logit −z: its loss is −ln σ(−z) ≈ z, growing
    // without bound, not stopping at a clamp.
    let points = vec![Point {
        x1: 1.0,
        x2: 0.0,
        label: 1.0,
    }];
    for z in [20.0f32, 40.0, 80.0] {
        let t = one_layer(
            DatasetKind::XorTable,
            Loss::BinaryCrossEntropy,
            &points,
            &[-z, 0.0],
            &[0.0],
        );
        assert_close(
            &format!("z = −{z}"),
            t.evaluate(&nnplay_core::Samples::from_points(&points)).loss,
            binary_cross_entropy(-z as f64, 1.0),
        );
    }
}
