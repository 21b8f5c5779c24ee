//! The handwritten digits: the data file read as its README says, the
//! seeded split, and the three outcomes the lessons on images promise,
//! each over three seeds on the same splits:
//! a convolutional net beats a dense one with fewer parameters; shifting
//! scarce training images (augmentation) raises test accuracy; thinning one
//! class keeps accuracy high while that class's recall falls.

use nnplay_core::digits::{DigitChoice, Digits};
use nnplay_core::layer::{Padding, PoolMode};
use nnplay_core::probe::Probe;
use nnplay_core::{
    Activation, DatasetKind, Init, LayerSpec, Limits, Optimizer, Trainer, TrainerConfig,
};
use std::io::Read;

fn digits() -> Digits {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/data/digits.u8.gz");
    let file = std::fs::File::open(path).expect("web/data/digits.u8.gz is in the repository");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .expect("a gzip file");
    Digits::from_bytes(&bytes).expect("the digits file reads")
}

/// 6 filters of 3 × 3, ReLU, max pooling, then the 10 outputs: 1,030
/// parameters.
fn conv_net() -> Vec<LayerSpec> {
    vec![
        LayerSpec::Conv2d {
            filters: 6,
            size: 3,
            padding: Padding::Same,
            activation: Some(Activation::Relu),
        },
        LayerSpec::Pool2d(PoolMode::Max),
    ]
}

/// 64 → 16 ReLUs → 10: 1,210 parameters.
fn dense_net() -> Vec<LayerSpec> {
    vec![LayerSpec::dense(16, Activation::Relu)]
}

fn config(layers: Vec<LayerSpec>, images: usize, seed: u64) -> TrainerConfig {
    TrainerConfig {
        dataset: DatasetKind::Digits,
        points: images,
        test_ratio: 0.3,
        data_seed: seed,
        weight_seed: seed,
        layers: Some(layers),
        init: Init::He,
        optimizer: Optimizer::Adam,
        learning_rate: 0.01,
        batch_size: 16,
        ..TrainerConfig::default()
    }
}

fn trained(digits: &Digits, config: TrainerConfig, epochs: usize) -> Trainer {
    let mut run = Trainer::with_digits(config, Limits::default(), digits).expect("a valid run");
    for _ in 0..epochs {
        run.train_epoch().expect("trains");
    }
    run
}

fn parameters(run: &Trainer) -> usize {
    let layers = run.network().layers();
    layers
        .iter()
        .flat_map(|l| l.parameters())
        .map(|p| p.value.len())
        .sum()
}

#[test]
fn the_file_holds_1797_digits_and_broken_bytes_are_refused_by_name() {
    let d = digits();
    assert_eq!(d.len(), 1797);
    let mut counts = [0usize; 10];
    for i in 0..d.len() {
        counts[d.label(i) as usize] += 1;
    }
    assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    let err = |bytes: &[u8]| Digits::from_bytes(bytes).unwrap_err().to_string();
    assert!(err(&[0; 64]).contains("a whole number of images of 65 bytes"));
    let mut bad_label = vec![0u8; 65];
    bad_label[0] = 10;
    assert!(err(&bad_label).contains("the label of digit image 0"));
    let mut bad_pixel = vec![0u8; 130];
    bad_pixel[2 + 64 + 5] = 17;
    assert!(err(&bad_pixel).contains("pixel 5 of digit image 1"));
}

#[test]
fn the_split_is_seeded_and_fewer_training_images_are_a_part_of_more() {
    let d = digits();
    let few = d.dataset(DigitChoice::All, 100, 0.3, (0, 1.0), 7);
    let many = d.dataset(DigitChoice::All, 1000, 0.3, (0, 1.0), 7);
    assert_eq!((few.train.len(), many.train.len()), (100, 1000));
    assert_eq!(
        few.test, many.test,
        "the test set does not depend on the training size"
    );
    assert_eq!(few.test.len(), 539);
    for i in 0..100 {
        assert_eq!(few.train.input(i), many.train.input(i));
    }
    let again = d.dataset(DigitChoice::All, 100, 0.3, (0, 1.0), 7);
    assert_eq!(few, again);
    assert_ne!(
        few.train,
        d.dataset(DigitChoice::All, 100, 0.3, (0, 1.0), 8).train
    );
    // Pixels in 0…1; 3 vs 8 is binary, the 3s class 0.
    assert!(few
        .train
        .inputs()
        .as_slice()
        .iter()
        .all(|v| (0.0..=1.0).contains(v)));
    let pair = d.dataset(DigitChoice::Pair(3, 8), 10_000, 0.3, (0, 1.0), 7);
    assert_eq!(pair.train.len() + pair.test.len(), 183 + 174);
    assert!(pair.train.labels().iter().all(|&l| l == 0.0 || l == 1.0));
}

#[test]
fn a_convolutional_net_beats_a_dense_one_with_fewer_parameters() {
    let d = digits();
    let (mut dense_sum, mut conv_sum) = (0.0, 0.0);
    for seed in 1..=3 {
        let dense = trained(&d, config(dense_net(), 2000, seed), 20);
        let conv = trained(&d, config(conv_net(), 2000, seed), 20);
        assert_eq!((parameters(&dense), parameters(&conv)), (1210, 1030));
        let (a, b) = (
            dense.summary().test_accuracy.expect("classes"),
            conv.summary().test_accuracy.expect("classes"),
        );
        println!("seed {seed}: dense {a:.3}, conv {b:.3}");
        dense_sum += a;
        conv_sum += b;
    }
    println!(
        "mean test accuracy: dense {:.3}, conv {:.3}",
        dense_sum / 3.0,
        conv_sum / 3.0
    );
    assert!(
        conv_sum > dense_sum + 0.01,
        "conv {conv_sum} vs dense {dense_sum} (sums of 3)"
    );
}

#[test]
fn shifting_scarce_training_images_raises_test_accuracy() {
    let d = digits();
    for seed in 1..=3 {
        let plain = trained(&d, config(conv_net(), 100, seed), 200);
        let shifted = trained(
            &d,
            TrainerConfig {
                augment: true,
                ..config(conv_net(), 100, seed)
            },
            200,
        );
        let (a, b) = (
            plain.summary().test_accuracy.expect("classes"),
            shifted.summary().test_accuracy.expect("classes"),
        );
        println!("seed {seed}, 100 training images: plain {a:.3}, augmented {b:.3}");
        assert!(b > a + 0.01, "seed {seed}: augmented {b} vs plain {a}");
    }
}

#[test]
fn a_thinned_class_is_missed_while_accuracy_stays_high() {
    let d = digits();
    let measure = |share: f32| {
        let (mut accuracy, mut recall) = (0.0, 0.0);
        for seed in 1..=3 {
            let run = trained(
                &d,
                TrainerConfig {
                    rare_class: 8,
                    rare_class_share: share,
                    ..config(dense_net(), 2000, seed)
                },
                20,
            );
            let confusion = Probe::default()
                .confusion(&run, &run.data().test)
                .expect("classes");
            accuracy += confusion.accuracy().expect("test images") / 3.0;
            recall += confusion.class(8).recall.expect("8s in the test set") / 3.0;
        }
        (accuracy, recall)
    };
    let (balanced, thinned) = (measure(1.0), measure(0.1));
    println!(
        "8s at 100 %: accuracy {:.3}, recall of 8 {:.3}",
        balanced.0, balanced.1
    );
    println!(
        "8s at 10 %: accuracy {:.3}, recall of 8 {:.3}",
        thinned.0, thinned.1
    );
    assert!(
        balanced.0 - thinned.0 < 0.05,
        "accuracy fell {balanced:?} → {thinned:?}"
    );
    assert!(
        balanced.1 - thinned.1 > 0.2,
        "recall of 8 held {balanced:?} → {thinned:?}"
    );
}

#[test]
fn configs_of_digits_are_checked_and_their_grids_refused() {
    let d = digits();
    let err = |c: TrainerConfig| {
        Trainer::with_digits(c, Limits::default(), &d)
            .unwrap_err()
            .to_string()
    };
    assert!(Trainer::new(config(conv_net(), 100, 1))
        .unwrap_err()
        .to_string()
        .contains("Trainer::with_digits"));
    assert!(err(TrainerConfig {
        rare_class: 10,
        ..config(conv_net(), 100, 1)
    })
    .contains("rareClass"));
    let pair = TrainerConfig {
        dataset: DatasetKind::Digits38,
        rare_class: 2,
        ..config(dense_net(), 100, 1)
    };
    assert!(err(pair).contains("rareClass must be a whole number from 0 to 1, got 2"));
    let perceptron = TrainerConfig {
        mode: nnplay_core::Mode::Perceptron,
        dataset: DatasetKind::Digits38,
        ..TrainerConfig::default()
    };
    assert!(err(perceptron).contains("perceptron learns points in the plane"));
    let run = trained(&d, config(conv_net(), 50, 1), 1);
    let grid = run.decision_grid(8, &nnplay_core::Rect::square(0.0, 1.0));
    assert!(grid
        .unwrap_err()
        .to_string()
        .contains("needs points in the plane"));
    assert!(run.explain(0.5, 0.5, 1.0).is_err());
    assert!(run.separating_lines().is_err());
    // Refused before anything is sized: these grids would be gigabytes.
    let wide = |filters| LayerSpec::Conv2d {
        filters,
        size: 1,
        padding: Padding::Same,
        activation: Some(Activation::Relu),
    };
    let big = trained(&d, config(vec![wide(16); 8], 50, 1), 0);
    assert!(big.hidden_neurons() >= 8192);
    let rect = nnplay_core::Rect::square(0.0, 1.0);
    assert!(big.neuron_grids(1024, &rect).is_err());
    // A stack whose unfolded patches would take gigabytes is refused.
    let huge = TrainerConfig {
        batch_size: 1000,
        test_ratio: 0.0,
        layers: Some(vec![
            LayerSpec::Conv2d {
                filters: 16,
                size: 7,
                padding: Padding::Same,
                activation: Some(Activation::Relu),
            };
            8
        ]),
        ..config(vec![], 1000, 1)
    };
    let refusal = err(huge);
    assert!(
        refusal.contains("the unfolded patches") && refusal.contains("at most 8000000 values"),
        "{refusal}"
    );
}

#[test]
fn a_model_file_of_a_conv_run_on_the_digits_loads_to_the_same_run() {
    let d = digits();
    let run = trained(&d, config(conv_net(), 200, 5), 3);
    let json = run.to_model_json();
    let file = || serde_json::from_str(&json).expect("its own JSON");
    let copy = Trainer::from_model_file_with_digits(file(), Limits::default(), &d)
        .expect("loads on the digits");
    assert_eq!(copy.to_model_json(), json, "every weight, bit for bit");
    assert_eq!(copy.summary().test_accuracy, run.summary().test_accuracy);
    assert_eq!(
        Probe::default().confusion(&copy, &copy.data().test),
        Probe::default().confusion(&run, &run.data().test)
    );
    // Without the digits it says where they come from; points are refused.
    let err = Trainer::from_model_json(&json).unwrap_err().to_string();
    assert!(err.contains("Trainer::with_digits"), "{err}");
    let with_points = json.replace(
        "\"points\":null",
        "\"points\":{\"train\":[{\"x\":0,\"y\":0,\"label\":1}],\"test\":[]}",
    );
    let err = Trainer::from_model_file_with_digits(
        serde_json::from_str(&with_points).expect("JSON"),
        Limits::default(),
        &d,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("only a run in the plane loads points"),
        "{err}"
    );
}

#[test]
fn points_cannot_be_added_removed_or_replaced_in_a_run_of_images() {
    let d = digits();
    let mut run = trained(&d, config(conv_net(), 50, 1), 0);
    let before = run.to_model_json();
    assert!(run
        .add_point(0.5, 0.5, 1.0)
        .unwrap_err()
        .to_string()
        .contains("adding a point"));
    assert!(run.remove_nearest(0.5, 0.5, 1.0).is_err());
    assert!(run.set_points(vec![], vec![]).is_err());
    assert!(run.train_on_point(0.5, 0.5, 1.0).is_err());
    assert_eq!(run.to_model_json(), before, "nothing changed");
}

#[test]
fn the_coach_names_the_thinned_class_with_its_recall_beside_accuracy() {
    let d = digits();
    let run = trained(
        &d,
        TrainerConfig {
            rare_class: 8,
            rare_class_share: 0.1,
            ..config(dense_net(), 2000, 1)
        },
        20,
    );
    let confusion = Probe::default()
        .confusion(&run, &run.data().test)
        .expect("classes");
    let finding = run
        .coach()
        .into_iter()
        .find(|f| f.code() == nnplay_core::FindingCode::ClassImbalance)
        .expect("the coach sees the thinned class");
    let nnplay_core::Finding::ClassImbalance {
        class,
        share,
        recall,
        accuracy,
        ..
    } = finding
    else {
        unreachable!("the code says so")
    };
    assert_eq!(class, 8);
    assert!(share < 0.02, "{share}");
    assert_eq!(recall, confusion.class(8).recall);
    assert_eq!(accuracy, confusion.accuracy());
    assert!(recall.expect("8s in the test set") < 0.8);
}

#[test]
fn the_coach_counts_neurons_not_the_pixels_of_a_convolutions_maps() {
    let d = digits();
    // Convolution and pooling only: no dense ReLU for the checklist to
    // count, while the maps' blank borders sit at 0 on every image.
    let run = trained(&d, config(conv_net(), 100, 1), 1);
    assert!(
        run.summary().train_accuracy.expect("classes") < 0.95,
        "not learned yet"
    );
    let dead_pixels = run.unit_health().iter().filter(|h| h.is_dead()).count();
    let findings = run.coach();
    assert!(
        !findings
            .iter()
            .any(|f| f.code() == nnplay_core::FindingCode::DeadRelus),
        "{dead_pixels} dead map pixels reported as dead ReLUs: {findings:?}"
    );
    // Pooling has no weights, so no two of its "units" are identical ones.
    assert!(
        !findings
            .iter()
            .any(|f| f.code() == nnplay_core::FindingCode::SymmetricUnits),
        "{findings:?}"
    );
}

#[test]
fn feature_maps_are_each_layers_output_for_one_image() {
    let d = digits();
    let run = trained(&d, config(conv_net(), 200, 4), 2);
    let image: Vec<f32> = run.data().test.input(0).to_vec();
    let maps = Probe::default()
        .feature_maps(&run, &image)
        .expect("one image");
    assert_eq!(maps.len(), 3, "convolution, pooling, output");
    assert_eq!(maps[0].0, nnplay_core::InputShape::image((6, 8, 8)));
    assert_eq!(maps[1].0, nnplay_core::InputShape::image((6, 4, 4)));
    // The convolution's map at (f, i, j) is ReLU(b_f + Σ w[f, 0, di, dj] · x[i + di − 1, j + dj − 1]).
    let conv = &run.network().layers()[0];
    let params: Vec<_> = conv.parameters().collect();
    let (w, b) = (&params[0].value, &params[1].value);
    for (f, i, j) in [(0, 0, 0), (2, 3, 4), (5, 7, 7), (4, 5, 1)] {
        let mut z = f64::from(b[f]);
        for di in 0..3 {
            for dj in 0..3 {
                let (r, c) = (i + di, j + dj);
                if (1..=8).contains(&r) && (1..=8).contains(&c) {
                    z +=
                        f64::from(w[f * 9 + di * 3 + dj]) * f64::from(image[(r - 1) * 8 + (c - 1)]);
                }
            }
        }
        let got = maps[0].1[f * 64 + i * 8 + j];
        assert!(
            (f64::from(got) - z.max(0.0)).abs() < 1e-5,
            "map {f} at ({i}, {j}): {got} vs {z}"
        );
    }
    // Max pooling keeps the largest of each 2 × 2 block of the maps.
    for (f, i, j) in [(0, 0, 0), (3, 2, 1), (5, 3, 3)] {
        let block = [(0, 0), (0, 1), (1, 0), (1, 1)]
            .map(|(a, c)| maps[0].1[f * 64 + (2 * i + a) * 8 + 2 * j + c]);
        let largest = block.iter().copied().fold(f32::MIN, f32::max);
        assert_eq!(maps[1].1[f * 16 + i * 4 + j], largest);
    }
    // The last layer's values are the image's prediction.
    let predicted = Probe::default()
        .predict_samples(&run, &image)
        .expect("one image");
    assert_eq!(maps[2].1, predicted);
    // One image only, and only an image's width.
    assert!(Probe::default().feature_maps(&run, &image[..63]).is_err());
    assert!(Probe::default()
        .feature_maps(&run, &[image.clone(), image].concat())
        .is_err());
}
