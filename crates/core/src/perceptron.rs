//! Rosenblatt's perceptron rule (1958): the first learning machine.
//!
//! One neuron computes `ŷ = step(w·x + b)`: 1 on one side of the line
//! `w·x + b = 0`, 0 on the other. For each point it gets wrong it moves:
//!
//! ```text
//! w ← w + η (y − ŷ) x        b ← b + η (y − ŷ)
//! ```
//!
//! so the line swings towards the misclassified point. If some line separates
//! the two classes (AND, OR) the rule finds one after finitely many updates
//! (Novikoff's theorem). If none does (XOR) it never stops: every update
//! fixes one point and breaks another, and the line keeps jumping.

/// One update of the perceptron rule for input `x` with target `y ∈ {0, 1}`.
/// Returns whether the point was misclassified (and the neuron moved).
///
/// ```
/// use nnplay_core::perceptron::rosenblatt_update;
/// let (mut w, mut b) = ([0.0, 0.0], 0.0);
/// // step(0) = 1, but the target is 0: the neuron moves away from x.
/// assert!(rosenblatt_update(&mut w, &mut b, &[1.0, 2.0], 0.0, 0.5));
/// assert_eq!((w, b), ([-0.5, -1.0], -0.5));
/// // Now step(-0.5 - 2 - 0.5) = 0: correct, nothing moves.
/// assert!(!rosenblatt_update(&mut w, &mut b, &[1.0, 2.0], 0.0, 0.5));
/// ```
pub fn rosenblatt_update(
    weights: &mut [f32],
    bias: &mut f32,
    x: &[f32],
    y: f32,
    learning_rate: f32,
) -> bool {
    let z: f32 = weights.iter().zip(x).map(|(w, x)| w * x).sum::<f32>() + *bias;
    let predicted = crate::Activation::Step.value(z);
    let error = y - predicted;
    if error == 0.0 {
        return false;
    }
    for (w, &x) in weights.iter_mut().zip(x) {
        *w += learning_rate * error * x;
    }
    *bias += learning_rate * error;
    true
}

/// A perceptron's own run: Rosenblatt's rule going round the training set
/// in order, one point at a time. It keeps no optimizer and no mini-batch
/// order: only where it is, how many points in a row it got right, and how
/// many times it moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Perceptron {
    /// The next training point to visit.
    cursor: usize,
    /// Points in a row classified right; a whole pass of them is convergence.
    clean_run: usize,
    /// Updates made since the start.
    updates: u64,
}

/// What visiting one point did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Visit {
    /// The index of the point visited.
    pub point: usize,
    /// True if it was misclassified and the neuron moved.
    pub moved: bool,
    /// True if it was the last point of a pass.
    pub pass_ended: bool,
}

impl Perceptron {
    /// True once a whole pass over `points` training points found no mistake.
    pub fn converged(&self, points: usize) -> bool {
        self.clean_run >= points
    }

    /// Updates made since the start.
    pub fn updates(&self) -> u64 {
        self.updates
    }

    /// The next training point to visit.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Points in a row classified right.
    pub fn clean_run(&self) -> usize {
        self.clean_run
    }

    /// Visits the next training point: its features go into `x` (one
    /// column) and, if `neuron` (one step unit) gets it wrong, the rule
    /// moves the neuron towards it.
    pub(crate) fn visit(
        &mut self,
        points: &crate::Samples,
        features: &crate::FeatureMap,
        neuron: &mut crate::Dense,
        learning_rate: f32,
        x: &mut crate::Matrix,
    ) -> Visit {
        let point = self.cursor;
        let p = points.point(point);
        x.reshape(features.len(), 1);
        features.write_column(p.x1, p.x2, x, 0);
        let moved = rosenblatt_update(
            neuron.weights.as_mut_slice(),
            &mut neuron.biases[0],
            x.as_slice(),
            p.label,
            learning_rate,
        );
        self.cursor += 1;
        let pass_ended = self.cursor == points.len();
        if pass_ended {
            self.cursor = 0;
        }
        if moved {
            self.clean_run = 0;
            self.updates += 1;
        } else {
            self.clean_run += 1;
        }
        Visit {
            point,
            moved,
            pass_ended,
        }
    }
}

/// What one perceptron step did.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PerceptronUpdate {
    /// Index (in the training set) of the point that triggered the update,
    /// or `None` when every training point is classified correctly.
    pub point: Option<usize>,
    /// True when a whole pass found no mistake: the perceptron has converged.
    pub converged: bool,
    /// Updates made since the start.
    pub updates: u64,
    /// Passes over the training set since the start.
    pub epoch: u64,
}
