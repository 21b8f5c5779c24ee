//! Data: the classic toy problems, noise, the train/test split, and points a
//! learner places by hand.
//!
//! Coordinates live in the square −6…6 (TensorFlow Playground's), except the
//! 4-point truth tables (XOR, AND, OR), whose inputs are 0 and 1. A label is
//! 0 or 1 for binary tasks, a class index `0..k` for multiclass tasks, and a
//! number (about −1…1) for regression.
//!
//! `noise` (0…1) blurs each generator in its own way (points jitter across the
//! boundary, or the regression target gets noisy). The truth tables ignore
//! `points`, `noise` and `test_ratio`: their four points are the whole
//! problem, used both to train and to test.

use crate::error::{check_count, check_range, Error, Result};
use crate::{InputShape, Limits, Rng, Samples};
use alloc::vec::Vec;
use core::f32::consts::PI;

/// What the network is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase", tag = "kind")
)]
pub enum Task {
    /// Two classes, labels 0 and 1; one sigmoid output = P(class 1).
    Binary,
    /// `classes` classes, labels `0..classes`; softmax outputs.
    Multiclass {
        /// Number of classes (2 or more).
        classes: usize,
    },
    /// A number to predict; one linear output.
    Regression,
}

impl Task {
    /// Number of network outputs the task needs.
    pub fn outputs(self) -> usize {
        match self {
            Task::Multiclass { classes } => classes,
            Task::Binary | Task::Regression => 1,
        }
    }

    /// Number of classes (`None` for regression).
    pub fn classes(self) -> Option<usize> {
        match self {
            Task::Binary => Some(2),
            Task::Multiclass { classes } => Some(classes),
            Task::Regression => None,
        }
    }

    /// The class a label names (`None` for regression or a label that is
    /// not a class of this task).
    pub fn class_of_label(self, label: f32) -> Option<usize> {
        let classes = self.classes()?;
        (label >= 0.0 && label < classes as f32 && libm::truncf(label) == label)
            .then_some(label as usize)
    }

    /// The class the network picks from its outputs (`output(k)` is output
    /// `k`): P(class 1) ≥ 0.5 for binary tasks, the most probable class for
    /// multiclass ones; `None` for regression.
    #[inline]
    pub fn predicted_class(self, output: impl Fn(usize) -> f32) -> Option<usize> {
        match self {
            Task::Binary => Some(usize::from(output(0) >= 0.5)),
            Task::Multiclass { classes } => {
                let mut best = 0;
                for k in 1..classes {
                    if output(k) > output(best) {
                        best = k;
                    }
                }
                Some(best)
            }
            Task::Regression => None,
        }
    }

    /// Checks that `label` is allowed for this task.
    pub fn check_label(self, label: f32) -> Result<f32> {
        match self {
            Task::Binary if label == 0.0 || label == 1.0 => Ok(label),
            Task::Binary => Err(Error::out_of_range(
                "a label of a binary task",
                "0 or 1",
                label,
            )),
            Task::Multiclass { classes } => {
                if label.is_finite()
                    && label >= 0.0
                    && label < classes as f32
                    && libm::truncf(label) == label
                {
                    Ok(label)
                } else {
                    Err(Error::out_of_range(
                        "a class label",
                        alloc::format!("a whole number from 0 to {}", classes - 1),
                        label,
                    ))
                }
            }
            Task::Regression => check_range("a regression target", label, -1e3, 1e3),
        }
    }
}

/// One data point: a position in the plane and its label.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Point {
    /// First input, x₁ (`"x"` in files and in JavaScript).
    #[cfg_attr(feature = "serde", serde(rename = "x"))]
    pub x1: f32,
    /// Second input, x₂ (`"y"` in files and in JavaScript).
    #[cfg_attr(feature = "serde", serde(rename = "y"))]
    pub x2: f32,
    /// Class (binary, multiclass) or target value (regression).
    pub label: f32,
}

/// The fewest points a generated data set has.
pub const MIN_POINTS: usize = 4;
/// The largest noise.
pub const MAX_NOISE: f32 = 1.0;
/// The largest share of points held out for testing.
pub const MAX_TEST_RATIO: f32 = 0.9;

/// The largest |coordinate| a point may have.
pub const MAX_COORDINATE: f32 = 1_000.0;

impl Point {
    /// A point, checked: finite coordinates within ±1000 and a label the task allows.
    pub fn checked(x1: f32, x2: f32, label: f32, task: Task) -> Result<Point> {
        let allowed = "a finite number from -1000 to 1000";
        if !(x1.is_finite() && x1.abs() <= MAX_COORDINATE) {
            return Err(Error::out_of_range("a point's x", allowed, x1));
        }
        if !(x2.is_finite() && x2.abs() <= MAX_COORDINATE) {
            return Err(Error::out_of_range("a point's y", allowed, x2));
        }
        Ok(Point {
            x1,
            x2,
            label: task.check_label(label)?,
        })
    }
}

/// The built-in data sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum DatasetKind {
    /// XOR's truth table: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.
    XorTable,
    /// XOR as a cloud: class 1 where exactly one coordinate is positive.
    Xor,
    /// AND's truth table: only (1,1)→1. Linearly separable.
    And,
    /// OR's truth table: only (0,0)→0. Linearly separable.
    Or,
    /// A disc of class 1 inside a ring of class 0.
    Circle,
    /// Two Gaussian blobs.
    Gaussians,
    /// Two interleaved spiral arms.
    Spiral,
    /// Three interleaved spiral arms, three classes.
    Spiral3,
    /// Two interleaving half circles.
    Moons,
    /// Regression: the target rises linearly across the plane.
    RegressionPlane,
    /// Regression: bumps and dips from six Gaussians.
    RegressionGaussians,
    /// The 8 × 8 handwritten digits, all ten (see [`crate::digits`]).
    #[cfg(feature = "images")]
    Digits,
    /// The handwritten 3s (class 0) and 8s (class 1).
    #[cfg(feature = "images")]
    Digits38,
    /// Regression on sequences: the next value of a noisy sum of sines
    /// (see [`crate::sequences`]).
    #[cfg(feature = "sequences")]
    Sines,
    /// Two classes of sequences: the first value says which; the rest is
    /// noise (see [`crate::sequences`]).
    #[cfg(feature = "sequences")]
    Memory,
}

impl DatasetKind {
    /// Every data set, in menu order.
    pub const ALL: [DatasetKind;
        11 + 2 * cfg!(feature = "images") as usize + 2 * cfg!(feature = "sequences") as usize] = [
        DatasetKind::Xor,
        DatasetKind::XorTable,
        DatasetKind::And,
        DatasetKind::Or,
        DatasetKind::Circle,
        DatasetKind::Gaussians,
        DatasetKind::Spiral,
        DatasetKind::Spiral3,
        DatasetKind::Moons,
        DatasetKind::RegressionPlane,
        DatasetKind::RegressionGaussians,
        #[cfg(feature = "images")]
        DatasetKind::Digits,
        #[cfg(feature = "images")]
        DatasetKind::Digits38,
        #[cfg(feature = "sequences")]
        DatasetKind::Sines,
        #[cfg(feature = "sequences")]
        DatasetKind::Memory,
    ];

    /// The task this data set poses.
    pub fn task(self) -> Task {
        match self {
            DatasetKind::Spiral3 => Task::Multiclass { classes: 3 },
            #[cfg(feature = "images")]
            DatasetKind::Digits => Task::Multiclass { classes: 10 },
            DatasetKind::RegressionPlane | DatasetKind::RegressionGaussians => Task::Regression,
            #[cfg(feature = "sequences")]
            DatasetKind::Sines => Task::Regression,
            _ => Task::Binary,
        }
    }

    /// True for the 4-point truth tables.
    pub fn is_truth_table(self) -> bool {
        matches!(
            self,
            DatasetKind::XorTable | DatasetKind::And | DatasetKind::Or
        )
    }

    /// True for the data sets of images (whose samples come from a file,
    /// not a generator: see [`crate::digits`]).
    pub fn is_image(self) -> bool {
        #[cfg(feature = "images")]
        if matches!(self, DatasetKind::Digits | DatasetKind::Digits38) {
            return true;
        }
        false
    }

    /// True for the data sets of sequences (see [`crate::sequences`]).
    pub fn is_sequence(self) -> bool {
        #[cfg(feature = "sequences")]
        if matches!(self, DatasetKind::Sines | DatasetKind::Memory) {
            return true;
        }
        false
    }

    /// The config fields this data set does not use: a truth table is its
    /// four points, used both to train and to test; images have no noise
    /// and no features of x₁ and x₂ (`points` counts training images).
    pub fn ignored_settings(self) -> &'static [&'static str] {
        if self.is_image() {
            &["noise", "features", "normalize"]
        } else if self.is_sequence() {
            // The memory task's noise is its later values.
            if self.task() == Task::Binary {
                &["noise", "features", "normalize"]
            } else {
                &["features", "normalize"]
            }
        } else if self.is_truth_table() {
            &["points", "noise", "testRatio"]
        } else {
            &[]
        }
    }

    /// The square `[min, max]²` worth showing for this data set.
    pub fn domain(self) -> (f32, f32) {
        if self.is_truth_table() {
            (-0.5, 1.5)
        } else {
            (-6.0, 6.0)
        }
    }
}

/// How to make a data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DatasetConfig {
    /// Which generator.
    pub kind: DatasetKind,
    /// How many points (1 to `Limits::max_points`).
    pub points: usize,
    /// How blurred, 0 (clean) to 1.
    pub noise: f32,
    /// Share of the points held out for testing, 0 to 0.9.
    pub test_ratio: f32,
    /// Seed of the data's own generator.
    pub seed: u64,
}

/// Training and test samples of one task.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// What the labels mean.
    pub task: Task,
    /// How one sample's raw inputs are laid out (`Vector(2)` in the plane).
    pub shape: InputShape,
    /// Samples the network learns from.
    pub train: Samples,
    /// Samples held out to measure generalization.
    pub test: Samples,
}

impl DatasetConfig {
    /// Checks the numbers against `limits`.
    pub fn validate(&self, limits: &Limits) -> Result<()> {
        check_count("points", self.points, MIN_POINTS, limits.max_points)?;
        check_range("noise", self.noise, 0.0, MAX_NOISE)?;
        check_range("testRatio", self.test_ratio, 0.0, MAX_TEST_RATIO)?;
        Ok(())
    }

    /// Generates the points and splits them, all from `seed`.
    ///
    /// ```
    /// use nnplay_core::{DatasetConfig, DatasetKind, Limits};
    /// let config = DatasetConfig { kind: DatasetKind::Circle, points: 200, noise: 0.1, test_ratio: 0.5, seed: 1 };
    /// let data = config.generate(&Limits::default()).unwrap();
    /// assert_eq!((data.train.len(), data.test.len()), (100, 100));
    /// ```
    pub fn generate(&self, limits: &Limits) -> Result<Dataset> {
        self.validate(limits)?;
        if self.kind.is_image() {
            return Err(Error::incompatible(
                "the digits are images from a data file, not a generator: load the file \
                 (web/data/digits.u8.gz) and build the run with Trainer::with_digits",
            ));
        }
        if self.kind.is_sequence() {
            return Err(Error::incompatible(
                "a data set of sequences needs its steps: build it from a TrainerConfig \
                 (TrainerConfig::generate_data)",
            ));
        }
        let task = self.kind.task();
        let mut rng = Rng::new(self.seed);
        let mut points = generate_points(self.kind, self.points, self.noise, &mut rng);
        if self.kind.is_truth_table() {
            return Ok(Dataset::of_points(task, &points, &points));
        }
        rng.shuffle(&mut points);
        let n_test = libm::floorf(self.points as f32 * self.test_ratio) as usize;
        let test = points.split_off(points.len() - n_test);
        Ok(Dataset::of_points(task, &points, &test))
    }
}

fn truth_table(f: impl Fn(bool, bool) -> bool) -> Vec<Point> {
    [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
        .iter()
        .map(|&(x1, x2)| Point {
            x1,
            x2,
            label: if f(x1 > 0.5, x2 > 0.5) { 1.0 } else { 0.0 },
        })
        .collect()
}

fn label(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// The raw points of a generator, before splitting.
fn generate_points(kind: DatasetKind, n: usize, noise: f32, rng: &mut Rng) -> Vec<Point> {
    let mut points = Vec::with_capacity(n);
    match kind {
        DatasetKind::XorTable => return truth_table(|a, b| a != b),
        DatasetKind::And => return truth_table(|a, b| a && b),
        DatasetKind::Or => return truth_table(|a, b| a || b),
        DatasetKind::Xor => {
            // Padding keeps clean points off the axes, where the label flips.
            let padding = 0.6;
            for _ in 0..n {
                let mut x = rng.range(-5.0, 5.0);
                let mut y = rng.range(-5.0, 5.0);
                x += if x > 0.0 { padding } else { -padding };
                y += if y > 0.0 { padding } else { -padding };
                let class = label((x > 0.0) != (y > 0.0));
                points.push(Point {
                    x1: x + 2.0 * noise * rng.gaussian(),
                    x2: y + 2.0 * noise * rng.gaussian(),
                    label: class,
                });
            }
        }
        DatasetKind::Circle => {
            for i in 0..n {
                let inside = i % 2 == 0;
                let r = if inside {
                    rng.range(0.0, 2.5)
                } else {
                    rng.range(3.5, 5.0)
                };
                let angle = rng.range(0.0, 2.0 * PI);
                points.push(Point {
                    x1: r * libm::sinf(angle) + 2.0 * noise * rng.gaussian(),
                    x2: r * libm::cosf(angle) + 2.0 * noise * rng.gaussian(),
                    label: label(inside),
                });
            }
        }
        DatasetKind::Gaussians => {
            let spread = 0.5 + 2.0 * noise;
            for i in 0..n {
                let class = i % 2 == 0;
                let centre = if class { 2.0 } else { -2.0 };
                points.push(Point {
                    x1: centre + spread * rng.gaussian(),
                    x2: centre + spread * rng.gaussian(),
                    label: label(class),
                });
            }
        }
        DatasetKind::Spiral => {
            let arm = n.div_ceil(2);
            for i in 0..n {
                let class = i % 2;
                let t = (i / 2) as f32 / arm as f32;
                let r = 5.0 * t;
                let angle = 1.75 * t * 2.0 * PI + class as f32 * PI;
                points.push(Point {
                    x1: r * libm::sinf(angle) + noise * rng.gaussian(),
                    x2: r * libm::cosf(angle) + noise * rng.gaussian(),
                    label: label(class == 0),
                });
            }
        }
        DatasetKind::Spiral3 => {
            let arm = n.div_ceil(3);
            for i in 0..n {
                let class = i % 3;
                let t = (i / 3) as f32 / arm as f32;
                let r = 5.0 * t;
                let angle = 1.5 * t * 2.0 * PI
                    + class as f32 * 2.0 * PI / 3.0
                    + 0.5 * noise * rng.gaussian();
                points.push(Point {
                    x1: r * libm::sinf(angle),
                    x2: r * libm::cosf(angle),
                    label: class as f32,
                });
            }
        }
        DatasetKind::Moons => {
            for i in 0..n {
                let upper = i % 2 == 0;
                let t = rng.range(0.0, PI);
                let (x, y) = if upper {
                    (libm::cosf(t), libm::sinf(t))
                } else {
                    (1.0 - libm::cosf(t), 0.5 - libm::sinf(t))
                };
                // Centre the pair on the origin and stretch it over the square.
                points.push(Point {
                    x1: 3.8 * (x - 0.5) + noise * rng.gaussian(),
                    x2: 3.8 * (y - 0.25) + noise * rng.gaussian(),
                    label: label(upper),
                });
            }
        }
        DatasetKind::RegressionPlane => {
            for _ in 0..n {
                let x = rng.range(-6.0, 6.0);
                let y = rng.range(-6.0, 6.0);
                points.push(Point {
                    x1: x,
                    x2: y,
                    label: (x + y) / 12.0 + 0.5 * noise * rng.gaussian(),
                });
            }
        }
        DatasetKind::RegressionGaussians => {
            const BUMPS: [(f32, f32, f32); 6] = [
                (-4.0, 2.5, 1.0),
                (0.0, 2.5, -1.0),
                (4.0, 2.5, 1.0),
                (-4.0, -2.5, -1.0),
                (0.0, -2.5, 1.0),
                (4.0, -2.5, -1.0),
            ];
            for _ in 0..n {
                let x = rng.range(-6.0, 6.0);
                let y = rng.range(-6.0, 6.0);
                let value: f32 = BUMPS
                    .iter()
                    .map(|&(cx, cy, sign)| {
                        let d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                        sign * libm::expf(-d2 / (2.0 * 1.2 * 1.2))
                    })
                    .sum();
                points.push(Point {
                    x1: x,
                    x2: y,
                    label: value + 0.5 * noise * rng.gaussian(),
                });
            }
        }
        // Refused by `generate` before it gets here.
        #[cfg(feature = "images")]
        DatasetKind::Digits | DatasetKind::Digits38 => {}
        #[cfg(feature = "sequences")]
        DatasetKind::Sines | DatasetKind::Memory => {}
    }
    points
}

impl Dataset {
    /// Points in the plane as a data set of two inputs.
    pub fn of_points(task: Task, train: &[Point], test: &[Point]) -> Dataset {
        Dataset {
            task,
            shape: InputShape::Vector(2),
            train: Samples::from_points(train),
            test: Samples::from_points(test),
        }
    }

    /// Adds a checked point to the training set.
    pub fn add_point(&mut self, x: f32, y: f32, label: f32, limits: &Limits) -> Result<()> {
        let point = Point::checked(x, y, label, self.task)?;
        if self.train.len() + self.test.len() >= limits.max_points {
            return Err(Error::out_of_range(
                "points",
                alloc::format!("at most {}", limits.max_points),
                self.train.len() + self.test.len() + 1,
            ));
        }
        self.train.push_point(point);
        Ok(())
    }

    /// Removes the point nearest to (`x`, `y`) from either set, if it lies
    /// within `radius`; returns it.
    pub fn remove_nearest(&mut self, x: f32, y: f32, radius: f32) -> Option<Point> {
        if !(x.is_finite() && y.is_finite() && radius.is_finite()) {
            return None;
        }
        let distance = |p: Point| (p.x1 - x) * (p.x1 - x) + (p.x2 - y) * (p.x2 - y);
        let nearest = |set: &Samples| {
            set.points()
                .enumerate()
                .map(|(i, p)| (i, distance(p)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
        };
        let in_train = nearest(&self.train);
        let in_test = nearest(&self.test);
        let (set, (i, d2)) = match (in_train, in_test) {
            (Some(a), Some(b)) if b.1 < a.1 => (&mut self.test, b),
            (Some(a), _) => (&mut self.train, a),
            (None, Some(b)) => (&mut self.test, b),
            (None, None) => return None,
        };
        (d2 <= radius * radius).then(|| {
            let point = set.point(i);
            set.remove(i);
            point
        })
    }

    /// Replaces every point, checking each; the training set may not be empty.
    pub fn replace(&mut self, train: Vec<Point>, test: Vec<Point>, limits: &Limits) -> Result<()> {
        if train.is_empty() {
            return Err(Error::NoData {
                what: "training set",
            });
        }
        check_count("points", train.len() + test.len(), 1, limits.max_points)?;
        for p in train.iter().chain(&test) {
            Point::checked(p.x1, p.x2, p.label, self.task)?;
        }
        self.train = Samples::from_points(&train);
        self.test = Samples::from_points(&test);
        Ok(())
    }

    /// How many training points each class has (empty for regression).
    pub fn class_counts(&self) -> Vec<usize> {
        class_counts(self.train.labels(), self.task)
    }
}

/// How many of `labels` each class of `task` has (empty for regression).
pub fn class_counts(labels: &[f32], task: Task) -> Vec<usize> {
    let mut counts = alloc::vec![0; task.classes().unwrap_or(0)];
    for &label in labels {
        if let Some(c) = task.class_of_label(label).and_then(|k| counts.get_mut(k)) {
            *c += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(kind: DatasetKind) -> DatasetConfig {
        DatasetConfig {
            kind,
            points: 300,
            noise: 0.0,
            test_ratio: 0.3,
            seed: 4,
        }
    }

    #[test]
    fn every_generator_makes_valid_points_deterministically() {
        let limits = Limits::default();
        for kind in DatasetKind::ALL {
            if kind.is_image() || kind.is_sequence() {
                // Images come from their file, sequences from theirs
                // (`crate::sequences`, which need their steps).
                assert!(config(kind).generate(&limits).is_err(), "{kind:?}");
                continue;
            }
            let a = config(kind).generate(&limits).expect("valid config");
            assert_eq!(a, config(kind).generate(&limits).expect("valid config"));
            for p in a.train.points().chain(a.test.points()) {
                Point::checked(p.x1, p.x2, p.label, a.task).expect("valid point");
            }
            if kind.is_truth_table() {
                assert_eq!((a.train.len(), a.test.len()), (4, 4));
            } else {
                assert_eq!((a.train.len(), a.test.len()), (210, 90), "{kind:?}");
            }
            let counts = a.class_counts();
            if !counts.is_empty() && !kind.is_truth_table() {
                let smallest = *counts.iter().min().expect("classes");
                assert!(
                    smallest * counts.len() * 10 > 210 * 7,
                    "{kind:?} is unbalanced: {counts:?}"
                );
            }
        }
    }

    #[test]
    fn clean_xor_labels_follow_the_quadrants() {
        let data = config(DatasetKind::Xor)
            .generate(&Limits::default())
            .expect("valid");
        for p in data.train.points() {
            assert_eq!(p.label, label((p.x1 > 0.0) != (p.x2 > 0.0)));
        }
        let table = config(DatasetKind::XorTable)
            .generate(&Limits::default())
            .expect("valid");
        let labels: Vec<f32> = table.train.labels().to_vec();
        assert_eq!(labels, [0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn bad_configs_and_points_are_refused_with_a_reason() {
        let limits = Limits::default();
        let mut c = config(DatasetKind::Circle);
        c.noise = f32::NAN;
        assert_eq!(
            alloc::format!("{}", c.generate(&limits).unwrap_err()),
            "noise must be a finite number from 0 to 1, got NaN"
        );
        c.noise = 0.0;
        c.points = 1_000_000_000;
        assert_eq!(
            alloc::format!("{}", c.generate(&limits).unwrap_err()),
            "points must be a whole number from 4 to 5000, got 1000000000"
        );
        let mut data = config(DatasetKind::Circle)
            .generate(&limits)
            .expect("valid");
        let err = data.add_point(0.0, 0.0, 2.0, &limits).unwrap_err();
        assert_eq!(
            alloc::format!("{err}"),
            "a label of a binary task must be 0 or 1, got 2"
        );
        assert!(data.add_point(f32::INFINITY, 0.0, 1.0, &limits).is_err());
        let before = data.train.len();
        data.add_point(0.1, 0.2, 1.0, &limits).expect("valid point");
        assert_eq!(data.train.len(), before + 1);
        let removed = data
            .remove_nearest(0.11, 0.19, 0.5)
            .expect("a point nearby");
        assert_eq!((removed.x1, removed.x2), (0.1, 0.2));
        assert!(data.remove_nearest(100.0, 100.0, 0.5).is_none());
        assert!(matches!(
            data.replace(Vec::new(), Vec::new(), &limits),
            Err(Error::NoData { .. })
        ));
    }
}
