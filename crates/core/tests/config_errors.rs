//! Every config a learner can get wrong is refused with a message that says
//! what is allowed; a refused change leaves the run as it was.

use nnplay_core::{Activation, DatasetKind, Loss, Mode, Rect, Trainer, TrainerConfig};

fn refused(config: TrainerConfig) -> String {
    Trainer::new(config)
        .expect_err("this config must be refused")
        .to_string()
}

#[test]
fn each_rejected_config_says_what_is_allowed() {
    let d = TrainerConfig::default;
    let cases: Vec<(TrainerConfig, &str)> = vec![
        (TrainerConfig { learning_rate: 0.0, ..d() }, "learningRate must be a finite number greater than 0 and at most 10, got 0"),
        (TrainerConfig { learning_rate: f32::NAN, ..d() }, "learningRate must be a finite number greater than 0 and at most 10, got NaN"),
        (TrainerConfig { learning_rate: 1e9, ..d() }, "learningRate must be a finite number greater than 0 and at most 10, got 1000000000"),
        (TrainerConfig { batch_size: 0, ..d() }, "batchSize must be a whole number from 1 to 1000, got 0"),
        (TrainerConfig { points: 1_000_000_000, ..d() }, "points must be a whole number from 4 to 5000, got 1000000000"),
        (TrainerConfig { noise: -0.5, ..d() }, "noise must be a finite number from 0 to 1, got -0.5"),
        (TrainerConfig { test_ratio: 0.95, ..d() }, "testRatio must be a finite number from 0 to 0.9, got 0.95"),
        (TrainerConfig { regularization_rate: f32::INFINITY, ..d() }, "regularizationRate must be a finite number from 0 to 10, got inf"),
        (TrainerConfig { init_scale: -1.0, ..d() }, "initScale must be a finite number from 0 to 100, got -1"),
        (TrainerConfig { hidden_layers: vec![4; 9], ..d() }, "the number of hiddenLayers must be a whole number from 0 to 8, got 9"),
        (TrainerConfig { hidden_layers: vec![4, 0], ..d() }, "hiddenLayers[1] (neurons in hidden layer 2) must be a whole number from 1 to 16, got 0"),
        (TrainerConfig { hidden_layers: vec![17], ..d() }, "hiddenLayers[0] (neurons in hidden layer 1) must be a whole number from 1 to 16, got 17"),
        (TrainerConfig { activation: Activation::Softmax, ..d() }, "hidden layer 1 cannot use softmax: it has no useful gradient inside a network; use sigmoid, tanh, relu, leakyRelu or linear"),
        (TrainerConfig { layer_activations: vec![Activation::Relu], ..d() }, "layerActivations must be empty or give one activation per hidden layer: there are 2 hidden layers but 1 activations"),
        (TrainerConfig { features: vec![], ..d() }, "the number of features must be a whole number from 1 to 16, got 0"),
        (TrainerConfig { loss: Some(Loss::CategoricalCrossEntropy), ..d() }, "categoricalCrossEntropy is for three or more classes; for two classes use binaryCrossEntropy"),
        (TrainerConfig { dataset: DatasetKind::Spiral3, loss: Some(Loss::BinaryCrossEntropy), ..d() }, "binaryCrossEntropy is for two classes; this data set has more: use categoricalCrossEntropy"),
        (TrainerConfig { dataset: DatasetKind::RegressionPlane, loss: Some(Loss::BinaryCrossEntropy), ..d() }, "binaryCrossEntropy compares class probabilities; a regression target needs mse, mae or rmse"),
        (TrainerConfig { mode: Mode::Perceptron, dataset: DatasetKind::Spiral3, ..d() }, "a perceptron separates two classes: pick a binary data set (not spiral3 or regression)"),
    ];
    for (config, message) in cases {
        assert_eq!(refused(config), message);
    }
}

#[test]
fn refused_calls_leave_the_run_unchanged() {
    let mut trainer = Trainer::new(TrainerConfig::default()).expect("valid");
    trainer.train_epoch().expect("network");
    let before = trainer.to_model_json();
    let summary = trainer.summary();
    assert_eq!(
        trainer
            .add_point(f32::NAN, 0.0, 1.0)
            .unwrap_err()
            .to_string(),
        "a point's x must be a finite number from -1000 to 1000, got NaN"
    );
    assert_eq!(
        trainer.add_point(0.0, 0.0, 0.5).unwrap_err().to_string(),
        "a label of a binary task must be 0 or 1, got 0.5"
    );
    assert_eq!(
        trainer.set_weight(0, 5, 0, 1.0).unwrap_err().to_string(),
        "the link in layer 0 must be from an input 0 to 1 and to a neuron 0 to 5, got from 5 to 0"
    );
    assert_eq!(
        trainer.set_weight(9, 0, 0, 1.0).unwrap_err().to_string(),
        "the layer must be a whole number from 0 to 2, got 9"
    );
    assert!(trainer.set_bias(0, 0, f32::INFINITY).is_err());
    assert!(trainer.set_points(vec![], vec![]).is_err());
    assert!(trainer.predict(f32::NAN, 0.0).is_err());
    let rect = Rect::square(-6.0, 6.0);
    assert_eq!(
        trainer.decision_grid(0, &rect).unwrap_err().to_string(),
        "the grid resolution must be a whole number from 1 to 1024, got 0"
    );
    let mut wrong = vec![0.0; 10];
    assert_eq!(
        nnplay_core::probe::Probe::default()
            .decision_grid_into(&trainer, 4, &rect, &mut wrong)
            .unwrap_err()
            .to_string(),
        "the grid needs 16 values, got 10"
    );
    assert_eq!(trainer.to_model_json(), before);
    assert_eq!(trainer.summary(), summary);
    // A valid edit does change it.
    trainer.set_weight(0, 1, 0, 0.25).expect("valid link");
    assert_eq!(
        trainer.network().layers()[0]
            .as_dense()
            .expect("dense")
            .weights
            .get(0, 1),
        Some(0.25)
    );
    assert_ne!(trainer.to_model_json(), before);
}

#[test]
fn probes_describe_the_network() {
    let mut trainer = Trainer::new(TrainerConfig::default()).expect("valid");
    for _ in 0..20 {
        trainer.train_epoch().expect("network");
    }
    let rect = Rect::square(-6.0, 6.0);
    let n = 16;
    let grid = trainer.decision_grid(n, &rect).expect("grid");
    // The decision grid is the predictions at the cell centres, within the
    // drawing activations' 1e-4 (and not bit for bit: those are cheaper).
    let mut worst = 0.0f32;
    for (i, &cell) in grid.iter().enumerate() {
        let (x, y) = rect.cell_centre(n, i);
        worst = worst.max((cell - trainer.predict(x, y).expect("finite")[0]).abs());
    }
    assert!(worst < 1e-3, "largest difference {worst}");
    // XOR: the top-left and top-right corners differ in class.
    assert!(
        grid[0] > 0.5 && grid[n - 1] < 0.5,
        "{} {}",
        grid[0],
        grid[n - 1]
    );
    let neurons = trainer.neuron_grids(n, &rect).expect("grids");
    assert_eq!(neurons.len(), 9 * n * n);
    // A first-layer neuron's grid is its tanh(w·x + b) at each cell centre,
    // and its separating line passes where that is 0.
    let lines = trainer.separating_lines().expect("x1, x2 inputs");
    assert_eq!(lines.len(), 6);
    let layer = trainer.network().layers()[0].as_dense().expect("dense");
    for (j, line) in lines.iter().enumerate() {
        let (x, y) = rect.cell_centre(n, 37);
        let z = line.a * x + line.b * y + line.c;
        assert!((neurons[j * n * n + 37] - z.tanh()).abs() < 1e-4);
        assert_eq!(layer.activation, Activation::Tanh);
    }
    assert_eq!(trainer.unit_health().len(), 9);
}

#[test]
fn dead_relus_are_found() {
    // A huge negative bias kills a ReLU: it outputs 0 everywhere.
    let mut trainer = Trainer::new(TrainerConfig {
        activation: Activation::Relu,
        ..TrainerConfig::default()
    })
    .expect("valid");
    trainer.set_bias(0, 2, -500.0).expect("valid bias");
    let health = trainer.unit_health();
    assert!(health[2].is_dead());
    assert_eq!(health.iter().filter(|h| h.is_dead()).count(), 1);
    let finding = trainer
        .coach()
        .into_iter()
        .find(|f| f.code() == nnplay_core::FindingCode::DeadRelus)
        .expect("a dead-ReLU finding");
    assert_eq!(
        finding,
        nnplay_core::Finding::DeadRelus { dead: 1, relus: 9 }
    );
}

#[test]
fn the_learning_rate_can_change_while_training_goes_on() {
    let mut trainer = Trainer::new(TrainerConfig::default()).expect("valid");
    trainer.train_epoch().expect("network");
    let epoch = trainer.summary().epoch;
    let weights = trainer.to_model_json();
    assert_eq!(
        trainer.set_learning_rate(-2.0).unwrap_err().to_string(),
        "learningRate must be a finite number greater than 0 and at most 10, got -2"
    );
    assert_eq!(
        trainer
            .set_regularization(nnplay_core::Regularization::L2, 11.0)
            .unwrap_err()
            .to_string(),
        "regularizationRate must be a finite number from 0 to 10, got 11"
    );
    assert_eq!(trainer.to_model_json(), weights);
    assert_eq!(
        trainer.config().regularization,
        nnplay_core::Regularization::None
    );
    trainer.set_learning_rate(0.05).expect("valid");
    trainer
        .set_regularization(nnplay_core::Regularization::L2, 0.1)
        .expect("valid");
    assert_eq!(trainer.config().learning_rate, 0.05);
    assert_eq!(trainer.config().regularization_rate, 0.1);
    assert_eq!(trainer.summary().epoch, epoch);
    trainer.train_epoch().expect("network");
    assert_eq!(trainer.summary().epoch, epoch + 1);
}

#[test]
fn batched_predictions_equal_single_ones() {
    let mut trainer = Trainer::new(TrainerConfig {
        dataset: DatasetKind::Spiral3,
        hidden_layers: vec![5],
        ..TrainerConfig::default()
    })
    .expect("valid");
    trainer.train_epoch().expect("network");
    // More points than one batched pass holds.
    let xy: Vec<f32> = (0..1_200).map(|i| (i as f32 * 0.37).sin() * 6.0).collect();
    let many = trainer.predict_many(&xy).expect("finite pairs");
    assert_eq!(many.len(), 600 * 3);
    for (i, pair) in xy.chunks(2).enumerate().step_by(97) {
        assert_eq!(
            &many[3 * i..3 * i + 3],
            trainer
                .predict(pair[0], pair[1])
                .expect("finite")
                .as_slice()
        );
    }
    assert_eq!(
        trainer
            .predict_many(&[1.0, 2.0, 3.0])
            .unwrap_err()
            .to_string(),
        "points come as pairs x, y: an even number of values, got 3"
    );
    assert!(trainer.predict_many(&[1.0, f32::NAN]).is_err());
}

#[test]
fn every_data_edit_advances_the_data_revision_and_nothing_else_does() {
    let mut trainer = Trainer::new(TrainerConfig::default()).expect("valid");
    let mut revision = trainer.data_revision();
    let mut expect_advance = |trainer: &Trainer, advanced: bool, what: &str| {
        let now = trainer.data_revision();
        assert_eq!(now > revision, advanced, "{what}: {revision} → {now}");
        revision = now;
    };
    trainer.add_point(1.0, 2.0, 1.0).expect("valid point");
    expect_advance(&trainer, true, "addPoint");
    assert!(trainer
        .remove_nearest(1.0, 2.0, 0.1)
        .expect("finite")
        .is_some());
    expect_advance(&trainer, true, "removeNearest");
    assert!(trainer
        .remove_nearest(100.0, 100.0, 0.1)
        .expect("finite")
        .is_none());
    expect_advance(&trainer, false, "removeNearest far from every point");
    let train = trainer.data().train.points().collect();
    trainer.set_points(train, Vec::new()).expect("valid points");
    expect_advance(&trainer, true, "setPoints");
    assert!(trainer.add_point(f32::NAN, 0.0, 1.0).is_err());
    expect_advance(&trainer, false, "a refused point");
    trainer.train_epoch().expect("network");
    trainer.reset().expect("valid");
    trainer.reseed(7).expect("valid");
    trainer.set_learning_rate(0.1).expect("valid");
    expect_advance(&trainer, false, "training, reset, reseed, learning rate");
}

#[test]
fn a_step_on_one_point_moves_the_weights_to_what_explain_says_and_the_figures_follow() {
    let mut t = Trainer::new(TrainerConfig {
        dataset: DatasetKind::XorTable,
        hidden_layers: vec![2],
        ..TrainerConfig::default()
    })
    .expect("valid");
    let before = t.summary();
    let e = t.explain(1.0, 1.0, 0.0).expect("valid point");
    t.train_on_point(1.0, 1.0, 0.0).expect("network");
    for (explained, layer) in e.layers.iter().zip(t.network().layers()) {
        let layer = layer.as_dense().expect("dense");
        assert_eq!(explained.next_weights, layer.weights.as_slice());
        assert_eq!(explained.next_biases, layer.biases);
    }
    let after = t.summary();
    assert_eq!((after.epoch, after.step), (0, 1));
    assert_ne!(after.train_loss, before.train_loss);
    // Editing a weight shows at once in the figures too.
    t.set_weight(1, 0, 0, 5.0).expect("valid weight");
    assert_ne!(t.summary().train_loss, after.train_loss);
    assert!(t.train_on_point(f32::NAN, 0.0, 0.0).is_err());
}
