//! The multi-layer perceptron: dense layers, the forward pass, and
//! backpropagation by the chain rule.
//!
//! A layer with weights `W` (neurons × inputs), biases `b` and activation `f`
//! maps the previous layer's outputs `A_prev` (inputs × samples) to
//!
//! ```text
//! Z = W · A_prev + b        A = f(Z)
//! ```
//!
//! Backpropagation walks the layers from the output back to the input. With
//! `δ = ∂L/∂Z` of a layer, the chain rule gives
//!
//! ```text
//! δ_out   = ∂L/∂A ⊙ f'(Z)                 (at the output; = (A − Y)/n for
//!                                           sigmoid + binary cross-entropy
//!                                           and softmax + categorical CE)
//! ∂L/∂W   = δ · A_prevᵀ                   ∂L/∂b = Σ over samples of δ
//! δ_prev  = (Wᵀ · δ) ⊙ f'_prev(Z_prev)
//! ```
//!
//! Each hidden layer multiplies the error by its `f'`; with sigmoid (f' ≤ 0.25)
//! it shrinks layer by layer, which is the vanishing gradient.
//!
//! The layers themselves (their kinds, parameters and local rules) are in
//! [`crate::layer`]; this file stacks them and runs the chain rule through
//! the stack. The per-batch numbers (`Z`, `A`, `δ`) live in a [`Trace`]:
//! the network keeps one for training, reshaped in place, so once it has
//! seen its largest batch a forward and backward pass allocate nothing;
//! a view brings its own and reads the network through `&self`.

use crate::error::{check_count, Error, Result};
use crate::layer::MAX_LAYER_VALUES;
use crate::layer::{Layer, LayerSpec, LayerTrace, Pass};
#[cfg(feature = "images")]
use crate::layer::{Padding, MAX_FILTERS, MAX_FILTER_SIZE};
use crate::{Activation, Init, InputShape, Loss, Matrix, Rng};
use alloc::vec::Vec;

mod one_sample;

/// A feed-forward network: a stack of layers, the last one the output.
#[derive(Debug, Clone)]
pub struct Network {
    inputs: usize,
    layers: Vec<Layer>,
    /// The numbers of the last training pass.
    trace: Trace,
    /// Scratch space for `∂L/∂A` at the output.
    loss_grad: Matrix,
    /// Scratch space for a layer's input, transposed (weight gradients).
    transposed: Matrix,
}

/// The sizes and activations of a network, checked by [`NetworkShape::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkShape {
    /// The shape of one input sample: the features of a point, or an image.
    pub input: InputShape,
    /// Each hidden layer's spec, input side first, activations given.
    pub hidden: Vec<LayerSpec>,
    /// Number of outputs.
    pub outputs: usize,
    /// Activation of the output layer.
    pub output_activation: Activation,
}

/// How big a network may be; the defaults keep the playground fast and clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most hidden layers (default 8).
    pub max_hidden_layers: usize,
    /// Most neurons in one hidden layer (default 16).
    pub max_neurons: usize,
    /// Most inputs (default 16).
    pub max_inputs: usize,
    /// Most classes of a multiclass task (default 10: the digits).
    pub max_classes: usize,
    /// Most data points (default 5,000).
    pub max_points: usize,
    /// Most samples in one mini-batch (default 1,000).
    pub max_batch: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_hidden_layers: 8,
            max_neurons: 16,
            max_inputs: 16,
            max_classes: 10,
            max_points: 5_000,
            max_batch: 1_000,
        }
    }
}

impl NetworkShape {
    /// Checks every size against `limits` and every activation against its place.
    pub fn validate(&self, limits: &Limits) -> Result<()> {
        self.validate_as(limits, "the number of hiddenLayers", "hiddenLayers", "")
    }

    /// [`NetworkShape::validate`], naming the hidden layers as the config
    /// gave them: `count`, then `field[l]` and `units` (`"hiddenLayers", ""`
    /// or `"layers", ".units"`).
    pub(crate) fn validate_as(
        &self,
        limits: &Limits,
        count: &'static str,
        field: &str,
        units: &str,
    ) -> Result<()> {
        if let InputShape::Vector(n) = self.input {
            check_count("the number of features", n, 1, limits.max_inputs)?;
        }
        check_count(count, self.hidden.len(), 0, limits.max_hidden_layers)?;
        let mut shape = self.input;
        for (l, spec) in self.hidden.iter().enumerate() {
            let name = spec.kind().name();
            let activation = match *spec {
                LayerSpec::Dense {
                    units: n,
                    activation,
                } => {
                    check_count(
                        alloc::format!("{field}[{l}]{units} (neurons in hidden layer {})", l + 1),
                        n,
                        1,
                        limits.max_neurons,
                    )?;
                    activation
                }
                #[cfg(feature = "images")]
                LayerSpec::Conv2d {
                    filters,
                    size,
                    padding,
                    activation,
                } => {
                    check_count(
                        alloc::format!("{field}[{l}].filters"),
                        filters,
                        1,
                        MAX_FILTERS,
                    )?;
                    check_count(
                        alloc::format!("{field}[{l}].size"),
                        size,
                        1,
                        MAX_FILTER_SIZE,
                    )?;
                    if padding == Padding::Same && size % 2 == 0 {
                        return Err(Error::incompatible(alloc::format!(
                            "{field}[{l}]: a conv2d with padding \"same\" needs an odd size \
                             (1, 3, 5 or 7), got {size}; or use padding \"valid\""
                        )));
                    }
                    activation
                }
                #[cfg(feature = "images")]
                LayerSpec::Pool2d(_) | LayerSpec::Flatten => None,
                #[cfg(feature = "sequences")]
                LayerSpec::Rnn { units: n } | LayerSpec::Gru { units: n } => {
                    check_count(
                        alloc::format!("{field}[{l}]{units} (units of the {name} layer)"),
                        n,
                        1,
                        limits.max_neurons,
                    )?;
                    None
                }
            };
            if let Some(f) = activation.filter(|f| !f.is_hidden()) {
                return Err(Error::incompatible(alloc::format!(
                    "hidden layer {} cannot use {}: it has no useful gradient inside a \
                     network; use sigmoid, tanh, relu, leakyRelu or linear",
                    l + 1,
                    f.name()
                )));
            }
            shape = match spec.output_shape(shape) {
                Some(next) => next,
                None => {
                    return Err(Error::incompatible(match shape {
                        #[cfg(feature = "sequences")]
                        _ if matches!(spec, LayerSpec::Rnn { .. } | LayerSpec::Gru { .. }) => {
                            if self.input.as_sequence().is_some() {
                                alloc::format!(
                                    "{field}[{l}] ({name}) comes after a layer that read the \
                                     sequence whole: a recurrent layer reads the steps in \
                                     order, so it comes first (one per network)"
                                )
                            } else {
                                alloc::format!(
                                    "{field}[{l}] ({name}) needs sequences: a recurrent layer \
                                     reads a sequence step by step (data sets sines and memory)"
                                )
                            }
                        }
                        #[cfg(feature = "sequences")]
                        InputShape::Sequence { .. } => alloc::format!(
                            "{field}[{l}] ({name}) cannot read a sequence: use rnn or gru, \
                             which read it step by step, or dense, which reads the whole \
                             window at once"
                        ),
                        InputShape::Vector(_) if self.input.as_image().is_some() => {
                            alloc::format!(
                                "{field}[{l}] ({name}) comes after a dense or flatten layer, \
                                 which turned the maps into a vector: convolution and \
                                 pooling read maps, so they come first"
                            )
                        }
                        InputShape::Vector(_) => alloc::format!(
                            "{field}[{l}] ({name}) needs images: convolution and pooling \
                             read maps, so they come before flatten and dense layers, on \
                             image data"
                        ),
                        InputShape::Image { height, width, .. } => alloc::format!(
                            "{field}[{l}] ({name}) does not fit maps of {height} × {width}: \
                             use a smaller filter, padding \"same\", or one pooling less"
                        ),
                    }))
                }
            };
            if shape.size() > MAX_LAYER_VALUES {
                return Err(Error::out_of_range(
                    alloc::format!("{field}[{l}] ({name}): the values it makes per sample"),
                    alloc::format!("at most {MAX_LAYER_VALUES}"),
                    shape.size(),
                ));
            }
        }
        check_count("the number of outputs", self.outputs, 1, limits.max_classes)?;
        Ok(())
    }
}

impl NetworkShape {
    /// Each convolution's unfolded patches, as `(layer, values per sample)`
    /// (input channels · k² · output pixels): a batch of `n` samples
    /// unfolds into `n` times that many numbers, and each convolution keeps
    /// its own. Empty for a stack that cannot read its input.
    #[cfg(feature = "images")]
    pub fn unfolds(&self) -> Vec<(usize, usize)> {
        let mut shape = self.input;
        let mut out = Vec::new();
        for (l, spec) in self.hidden.iter().enumerate() {
            let Some(next) = spec.output_shape(shape) else {
                return Vec::new();
            };
            if let (LayerSpec::Conv2d { size, filters, .. }, Some((channels, _, _))) =
                (*spec, shape.as_image())
            {
                out.push((l, channels * size * size * (next.size() / filters.max(1))));
            }
            shape = next;
        }
        out
    }
}

impl Network {
    /// Builds and initializes a network; `scale` multiplies every initial value.
    pub fn new(shape: &NetworkShape, init: Init, scale: f32, rng: &mut Rng) -> Self {
        let mut layers: Vec<Layer> = Vec::with_capacity(shape.hidden.len() + 1);
        let output = LayerSpec::dense(shape.outputs, shape.output_activation);
        for spec in shape.hidden.iter().chain([&output]) {
            let input = layers.last().map_or(shape.input, Layer::output_shape);
            layers.push(Layer::new(spec, input, init, scale, rng));
        }
        Network {
            inputs: shape.input.size(),
            trace: Trace::for_layers(layers.len()),
            layers,
            loss_grad: Matrix::default(),
            transposed: Matrix::default(),
        }
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// The layers, input side first; the last is the output layer.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The layers, writable (for editing a weight by hand, or an optimizer).
    pub fn layers_mut(&mut self) -> &mut [Layer] {
        &mut self.layers
    }

    /// The output layer.
    pub fn output_layer(&self) -> &Layer {
        // `new` always pushes the output layer.
        &self.layers[self.layers.len() - 1]
    }

    /// The numbers (`Z`, `A`, `δ` of every layer) of the last training pass.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Runs `x` (inputs × samples) through the network; returns the outputs
    /// (outputs × samples). The network keeps every layer's `Z` and `A` in
    /// its [`Trace`] for [`Network::backward`].
    pub fn forward(&mut self, x: &Matrix) -> Result<&Matrix> {
        self.check_inputs(x)?;
        Ok(self.propagate(x))
    }

    /// The forward pass of `x` into a `trace` the caller owns, reading the
    /// network only: what views (grids, predictions, health) use.
    pub fn forward_into<'t>(&self, x: &Matrix, trace: &'t mut Trace) -> Result<&'t Matrix> {
        self.check_inputs(x)?;
        Ok(self.run(x, trace))
    }

    fn check_inputs(&self, x: &Matrix) -> Result<()> {
        if x.rows() != self.inputs {
            return Err(Error::ShapeMismatch {
                op: "the forward pass (rows of x)",
                expected: self.inputs,
                got: x.rows(),
            });
        }
        Ok(())
    }

    /// [`Network::forward`] for callers whose `x` has the right shape by construction.
    pub(crate) fn propagate(&mut self, x: &Matrix) -> &Matrix {
        let Network { layers, trace, .. } = self;
        run_layers(layers, x, trace, Pass::Exact)
    }

    /// [`Network::forward_into`] for callers whose `x` has the right shape by construction.
    pub(crate) fn run<'t>(&self, x: &Matrix, trace: &'t mut Trace) -> &'t Matrix {
        run_layers(&self.layers, x, trace, Pass::Exact)
    }

    /// [`Network::run`] for a picture: the activations within 1e-4
    /// ([`Pass::Drawing`]).
    pub(crate) fn run_for_drawing<'t>(&self, x: &Matrix, trace: &'t mut Trace) -> &'t Matrix {
        run_layers(&self.layers, x, trace, Pass::Drawing)
    }

    /// Backpropagation after [`Network::forward`] on the same `x`: fills every
    /// layer's `δ` and every parameter's gradient for targets `y` under `loss`.
    pub fn backward(&mut self, x: &Matrix, y: &Matrix, loss: Loss) -> Result<()> {
        let out = self.trace.output().outputs();
        let checks = [
            ("backpropagation (rows of x)", self.inputs, x.rows()),
            (
                "backpropagation (columns of x, as in the forward pass)",
                out.cols(),
                x.cols(),
            ),
            ("backpropagation (rows of y)", out.rows(), y.rows()),
            ("backpropagation (columns of y)", out.cols(), y.cols()),
        ];
        for (op, expected, got) in checks {
            if expected != got {
                return Err(Error::ShapeMismatch { op, expected, got });
            }
        }
        self.backpropagate(x, y, loss);
        Ok(())
    }

    /// [`Network::backward`] for callers whose shapes are right by construction.
    pub(crate) fn backpropagate(&mut self, x: &Matrix, y: &Matrix, loss: Loss) {
        self.output_delta(y, loss);
        let traces = &mut self.trace.layers;
        for l in (0..self.layers.len()).rev() {
            let (before, rest) = traces.split_at_mut(l);
            let (delta, work) = (&rest[0].delta, &rest[0].work);
            match before.last_mut() {
                None => self.layers[l].backward(x, work, delta, None, &mut self.transposed),
                Some(LayerTrace {
                    z, a, delta: below, ..
                }) => {
                    // δ_prev = (Wᵀ · δ) ⊙ f'_prev(Z_prev)
                    self.layers[l].backward(a, work, delta, Some(below), &mut self.transposed);
                    self.layers[l - 1].times_activation_derivative(z, a, below);
                }
            }
        }
    }

    /// `δ = ∂L/∂Z` of the output layer.
    fn output_delta(&mut self, y: &Matrix, loss: Loss) {
        let activation = self.output_layer().activation();
        let out = self.trace.output_mut();
        let n = out.a.cols().max(1) as f32;
        let fused = matches!(
            (activation, loss),
            (Activation::Sigmoid, Loss::BinaryCrossEntropy)
                | (Activation::Softmax, Loss::CategoricalCrossEntropy)
        );
        out.delta.reshape(out.a.rows(), out.a.cols());
        if fused {
            // The activation's derivative cancels against the loss's: δ = (A − Y)/n.
            let pairs = out.a.as_slice().iter().zip(y.as_slice());
            for (d, (&a, &y)) in out.delta.as_mut_slice().iter_mut().zip(pairs) {
                *d = (a - y) / n;
            }
            return;
        }
        loss.gradient(&out.a, y, &mut self.loss_grad);
        if activation == Activation::Softmax {
            // Full Jacobian: δ_k = a_k (g_k − Σ_j g_j a_j), per sample.
            for s in 0..out.a.cols() {
                let mut ga = 0.0;
                for k in 0..out.a.rows() {
                    ga += self.loss_grad.at(k, s) * out.a.at(k, s);
                }
                for k in 0..out.a.rows() {
                    let a = out.a.at(k, s);
                    out.delta.put(k, s, a * (self.loss_grad.at(k, s) - ga));
                }
            }
        } else {
            out.delta
                .as_mut_slice()
                .copy_from_slice(self.loss_grad.as_slice());
            let LayerTrace { z, a, delta, .. } = out;
            self.layers[self.layers.len() - 1].times_activation_derivative(z, a, delta);
        }
    }

    /// The loss of the last training pass against `y`: from the output
    /// layer's logits where the loss allows (see [`Loss::value_of_output`]).
    pub fn loss(&self, y: &Matrix, loss: Loss) -> f32 {
        self.loss_of(&self.trace, y, loss)
    }

    /// The loss of the pass recorded in `trace` against `y`.
    pub fn loss_of(&self, trace: &Trace, y: &Matrix, loss: Loss) -> f32 {
        let out = trace.output();
        loss.value_of_output(self.output_layer().activation(), &out.z, &out.a, y)
    }

    /// True if any parameter is NaN or infinite (training diverged).
    pub fn has_non_finite_parameters(&self) -> bool {
        self.layers
            .iter()
            .flat_map(|l| l.parameters())
            .any(|p| p.value.iter().any(|w| !w.is_finite()))
    }
}

/// The forward pass through `layers`, each layer's numbers into `trace`.
fn run_layers<'t>(layers: &[Layer], x: &Matrix, trace: &'t mut Trace, pass: Pass) -> &'t Matrix {
    debug_assert_eq!(layers.first().map(|l| l.inputs()), Some(x.rows()));
    if trace.layers.len() != layers.len() {
        // A fresh trace, or one made for another network: sized once.
        trace.layers.resize_with(layers.len(), LayerTrace::default);
    }
    for (l, layer) in layers.iter().enumerate() {
        let (before, rest) = trace.layers.split_at_mut(l);
        let input = before.last().map_or(x, |p| &p.a);
        layer.forward(input, &mut rest[0], pass);
    }
    &trace.output().a
}

/// Every layer's numbers for one batch (`Z`, `A`, and after a backward pass
/// `δ`), input side first. A network keeps one for training; a view that
/// reads the network through `&self` owns another (start from
/// `Trace::default()`: it sizes itself on its first pass, then reuses its
/// buffers).
#[derive(Debug, Clone, Default)]
pub struct Trace {
    layers: Vec<LayerTrace>,
}

impl Trace {
    fn for_layers(count: usize) -> Trace {
        let mut layers = Vec::with_capacity(count);
        layers.resize_with(count, LayerTrace::default);
        Trace { layers }
    }

    /// Every layer's numbers, input side first.
    pub fn layers(&self) -> &[LayerTrace] {
        &self.layers
    }

    /// The output layer's numbers.
    pub fn output(&self) -> &LayerTrace {
        // A trace is used only after a pass through at least one layer.
        &self.layers[self.layers.len() - 1]
    }

    fn output_mut(&mut self) -> &mut LayerTrace {
        let last = self.layers.len() - 1;
        &mut self.layers[last]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(hidden: &[(usize, Activation)], outputs: usize, out: Activation) -> NetworkShape {
        NetworkShape {
            input: InputShape::Vector(2),
            hidden: hidden
                .iter()
                .map(|&(n, f)| LayerSpec::dense(n, f))
                .collect(),
            outputs,
            output_activation: out,
        }
    }

    #[test]
    fn forward_matches_a_hand_computed_neuron() {
        let mut rng = Rng::new(1);
        let mut net = Network::new(
            &shape(&[], 1, Activation::Sigmoid),
            Init::Zeros,
            1.0,
            &mut rng,
        );
        let l = net.layers_mut()[0].as_dense_mut().expect("dense");
        l.weights.put(0, 0, 2.0);
        l.weights.put(0, 1, -1.0);
        l.biases[0] = 0.5;
        let x = Matrix::from_vec(2, 1, vec![1.0, 3.0]).expect("shape");
        // z = 2·1 − 1·3 + 0.5 = −0.5
        let a = net.forward(&x).expect("2 inputs").at(0, 0);
        assert!((a - crate::activation::sigmoid(-0.5)).abs() < 1e-7);
    }

    #[test]
    fn inputs_of_the_wrong_shape_do_not_panic() {
        let mut rng = Rng::new(2);
        let mut net = Network::new(
            &shape(&[(3, Activation::Relu)], 2, Activation::Softmax),
            Init::He,
            1.0,
            &mut rng,
        );
        for (rows, cols) in [(1, 4), (5, 3), (0, 0), (2, 0)] {
            let x = Matrix::zeros(rows, cols);
            let y = Matrix::zeros(2, cols + 1);
            let forward = net.forward(&x).map(|_| ());
            let backward = net.backward(&x, &y, Loss::Mse);
            assert!(
                forward.is_err() || backward.is_err(),
                "{rows}×{cols} was accepted"
            );
        }
    }

    #[test]
    fn validate_rejects_what_is_out_of_bounds_with_a_message() {
        let limits = Limits::default();
        let deep = shape(&[(4, Activation::Tanh); 9], 1, Activation::Sigmoid);
        assert_eq!(
            deep.validate(&limits).map_err(|e| alloc::format!("{e}")),
            Err("the number of hiddenLayers must be a whole number from 0 to 8, got 9".into())
        );
        let wide = shape(&[(17, Activation::Tanh)], 1, Activation::Sigmoid);
        assert_eq!(
            wide.validate(&limits).map_err(|e| alloc::format!("{e}")),
            Err("hiddenLayers[0] (neurons in hidden layer 1) must be a whole number from 1 to 16, got 17".into())
        );
        let empty = shape(&[(0, Activation::Tanh)], 1, Activation::Sigmoid);
        assert!(empty.validate(&limits).is_err());
        let step = shape(&[(3, Activation::Step)], 1, Activation::Sigmoid);
        assert!(
            alloc::format!("{}", step.validate(&limits).unwrap_err()).contains("cannot use step")
        );
        assert!(shape(&[(16, Activation::Relu); 8], 1, Activation::Sigmoid)
            .validate(&limits)
            .is_ok());
    }
}
