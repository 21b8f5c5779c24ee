//! Everything a run needs to go on somewhere else exactly as it would go on
//! here: where the mini-batch order stands (its generator's state, the
//! current permutation and the position in it), the optimizer's memory, the
//! augmentation generator, and the perceptron's place in its round.
//!
//! The weights and the data are not here (they have their own exports):
//! this is the state a fresh copy of the same network would lack. The
//! "Copy as PyTorch" script reads it so that training on in PyTorch gives
//! the curve nnplay would have drawn (see `web/pytorch.js`).

use crate::Optimizer;

/// A run's state beyond its weights and data (see [`crate::Trainer::continuation`]).
#[derive(Debug, Clone)]
pub struct Continuation<'a> {
    /// Completed epochs (passes for a perceptron).
    pub epoch: u64,
    /// Completed gradient steps (perceptron updates).
    pub step: u64,
    /// Where the run goes on: the position in this epoch's order of the
    /// next mini-batch's first sample, or the next point a perceptron visits.
    pub cursor: usize,
    /// How the run learns, and where it stands.
    pub learner: LearnerState<'a>,
}

/// Where each way of learning stands.
#[derive(Debug, Clone)]
pub enum LearnerState<'a> {
    /// Gradient descent on shuffled mini-batches.
    Descent(DescentState<'a>),
    /// Rosenblatt's rule, going round the training set in order.
    Perceptron {
        /// Points in a row it classified right (a whole pass of them ends it).
        clean_run: usize,
    },
}

/// Gradient descent's state.
#[derive(Debug, Clone)]
pub struct DescentState<'a> {
    /// The order generator's state (xoshiro256++, see [`crate::Rng::state`]):
    /// it shuffles [`DescentState::order`] in place (Fisher–Yates, with
    /// [`crate::Rng::below`]) each time an epoch ends.
    pub order_rng: [u64; 4],
    /// This epoch's order of the training samples.
    pub order: &'a [usize],
    /// The generator of image augmentation's shifts (drawn two per sample,
    /// in batch order, only when the run augments images).
    pub augment_rng: [u64; 4],
    /// The update rule.
    pub optimizer: Optimizer,
    /// Updates the optimizer has made (Adam's `t`).
    pub optimizer_steps: u32,
    /// The optimizer's memory (see [`crate::optimizer::OptimizerState::moments`]).
    pub moments: &'a crate::optimizer::OptimizerState,
}
