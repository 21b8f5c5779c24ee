//! Layers: the kinds a network is stacked from, each in its own file.
//!
//! Every kind owns its parameters, its forward pass and its backward pass:
//!
//! ```text
//! forward:   A = layer(X)                      (X: inputs × samples)
//! backward:  given δ = ∂L/∂Z, fill ∂L/∂θ for every parameter θ,
//!            and ∂L/∂X for the layer below
//! ```
//!
//! and shows its parameters to everything else (the optimizer, the
//! regularizer, the model file, the gradient statistics) as a list of named
//! tensors ([`Parameter`]: value, gradient, whether weight decay applies),
//! so none of those knows which kinds exist.
//!
//! A layer's per-batch numbers (`Z`, `A`, `δ`) are not in the layer but in a
//! [`LayerTrace`] the caller owns: training keeps one set, and a view (a
//! grid, a prediction) can run the same layers with its own set, reading the
//! network through `&self`.
//!
//! Adding a kind: its file here with its formula, one variant of [`Layer`]
//! and one arm in each `match` of this file (see `ARCHITECTURE.md`).

mod dense;

pub use dense::Dense;

use crate::{Activation, Init, Matrix, Rng};

/// The kinds of layer a config can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
pub enum LayerKind {
    /// [`Dense`].
    Dense,
}

impl LayerKind {
    /// Every kind, in menu order.
    pub const ALL: [LayerKind; 1] = [LayerKind::Dense];

    /// The kind's name, as configs and model files write it.
    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Dense => "dense",
        }
    }
}

/// One hidden layer as a config writes it: its kind and that kind's
/// settings, `{ "kind": "dense", "units": 8, "activation": "tanh" }`. The
/// output layer is not listed: the task decides it (one sigmoid unit, a
/// softmax over the classes, or one linear unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(from = "LayerFields", into = "LayerFields")
)]
pub enum LayerSpec {
    /// A dense layer of `units` neurons.
    Dense {
        /// Number of neurons (1 to the limit's `max_neurons`).
        units: usize,
        /// Its activation; left out, the config's `activation`.
        activation: Option<Activation>,
    },
}

impl LayerSpec {
    /// A dense layer of `units` neurons with activation `activation`.
    pub fn dense(units: usize, activation: Activation) -> LayerSpec {
        LayerSpec::Dense {
            units,
            activation: Some(activation),
        }
    }

    /// The kind of layer.
    pub fn kind(&self) -> LayerKind {
        match self {
            LayerSpec::Dense { .. } => LayerKind::Dense,
        }
    }
}

/// A [`LayerSpec`] as configs write it: one flat object whose `kind` says
/// which of the other fields it uses. Read as a plain struct, not as an
/// internally tagged enum: serde's machinery for those would add a quarter
/// to the wasm module.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LayerFields {
    kind: LayerKind,
    units: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    activation: Option<Activation>,
}

#[cfg(feature = "serde")]
impl From<LayerFields> for LayerSpec {
    fn from(f: LayerFields) -> Self {
        match f.kind {
            LayerKind::Dense => LayerSpec::Dense {
                units: f.units,
                activation: f.activation,
            },
        }
    }
}

#[cfg(feature = "serde")]
impl From<LayerSpec> for LayerFields {
    fn from(spec: LayerSpec) -> Self {
        match spec {
            LayerSpec::Dense { units, activation } => LayerFields {
                kind: LayerKind::Dense,
                units,
                activation,
            },
        }
    }
}

/// Most parameter tensors one layer has.
pub const MAX_PARAMETERS: usize = 4;

/// One named parameter tensor of a layer, read-only.
#[derive(Debug, Clone, Copy)]
pub struct Parameter<'a> {
    /// What the tensor is within its layer (`"weights"`, `"biases"`).
    pub name: &'static str,
    /// Rows of the tensor.
    pub rows: usize,
    /// Columns of the tensor (1 for a vector).
    pub cols: usize,
    /// The values, row-major.
    pub value: &'a [f32],
    /// `∂L/∂value` of the last backward pass, the same shape.
    pub gradient: &'a [f32],
    /// True if L1/L2 regularization applies (weights, not biases).
    pub decays: bool,
}

/// One named parameter tensor of a layer, its values writable.
#[derive(Debug)]
pub struct ParameterMut<'a> {
    /// What the tensor is within its layer.
    pub name: &'static str,
    /// The values, row-major.
    pub value: &'a mut [f32],
    /// `∂L/∂value` of the last backward pass.
    pub gradient: &'a [f32],
    /// True if L1/L2 regularization applies.
    pub decays: bool,
}

/// A layer's numbers for one batch: its pre-activations, outputs and
/// error signal, each units × samples.
#[derive(Debug, Clone, Default)]
pub struct LayerTrace {
    pub(crate) z: Matrix,
    pub(crate) a: Matrix,
    pub(crate) delta: Matrix,
}

impl LayerTrace {
    /// The pre-activations `Z` of the last forward pass (units × samples).
    pub fn pre_activations(&self) -> &Matrix {
        &self.z
    }

    /// The outputs `A` of the last forward pass (units × samples).
    pub fn outputs(&self) -> &Matrix {
        &self.a
    }

    /// `δ = ∂L/∂Z` of the last backward pass (units × samples); empty in a
    /// trace that only ran forward.
    pub fn deltas(&self) -> &Matrix {
        &self.delta
    }
}

/// One layer of a network.
#[derive(Debug, Clone)]
pub enum Layer {
    /// Every neuron reads every input: `A = f(W·X + b)`.
    Dense(Dense),
}

impl Layer {
    /// A layer as `spec` says, reading `inputs` values per sample, its
    /// parameters initialized by `init` times `scale`. (A dense spec without
    /// an activation is linear: configs give theirs first.)
    pub fn new(spec: &LayerSpec, inputs: usize, init: Init, scale: f32, rng: &mut Rng) -> Layer {
        match *spec {
            LayerSpec::Dense { units, activation } => Layer::Dense(Dense::new(
                inputs,
                units,
                activation.unwrap_or(Activation::Linear),
                init,
                scale,
                rng,
            )),
        }
    }

    /// The kind of layer.
    pub fn kind(&self) -> LayerKind {
        match self {
            Layer::Dense(_) => LayerKind::Dense,
        }
    }

    /// Values this layer reads per sample.
    pub fn inputs(&self) -> usize {
        match self {
            Layer::Dense(d) => d.inputs(),
        }
    }

    /// Values this layer writes per sample (a dense layer's neurons).
    pub fn units(&self) -> usize {
        match self {
            Layer::Dense(d) => d.neurons(),
        }
    }

    /// The activation applied to the layer's outputs.
    pub fn activation(&self) -> Activation {
        match self {
            Layer::Dense(d) => d.activation,
        }
    }

    /// The dense layer inside, if this is one (the views that draw neurons
    /// as lines, and the weight editor, read them).
    pub fn as_dense(&self) -> Option<&Dense> {
        match self {
            Layer::Dense(d) => Some(d),
        }
    }

    /// [`Layer::as_dense`], writable.
    pub fn as_dense_mut(&mut self) -> Option<&mut Dense> {
        match self {
            Layer::Dense(d) => Some(d),
        }
    }

    /// The forward pass of `input` (inputs × samples) into `trace`.
    pub(crate) fn forward(&self, input: &Matrix, trace: &mut LayerTrace) {
        match self {
            Layer::Dense(d) => d.forward(input, trace),
        }
    }

    /// The backward pass: every parameter's gradient from `delta` (`∂L/∂Z`)
    /// and the `input` of the forward pass, and `∂L/∂X` into `input_delta`
    /// when the layer below needs it.
    pub(crate) fn backward(
        &mut self,
        input: &Matrix,
        delta: &Matrix,
        input_delta: Option<&mut Matrix>,
        scratch: &mut Matrix,
    ) {
        match self {
            Layer::Dense(d) => d.backward(input, delta, input_delta, scratch),
        }
    }

    /// Turns `trace.delta` from `∂L/∂A` into `∂L/∂Z` (times `f'(Z)`).
    pub(crate) fn times_activation_derivative(&self, z: &Matrix, a: &Matrix, delta: &mut Matrix) {
        crate::activation::times_derivative_slice(
            self.activation(),
            z.as_slice(),
            a.as_slice(),
            delta.as_mut_slice(),
        );
    }

    /// The layer's parameter tensors, in a fixed order.
    pub fn parameters(&self) -> Tensors<Parameter<'_>> {
        Tensors::of(match self {
            Layer::Dense(d) => up_to_max(d.parameters()),
        })
    }

    /// The layer's parameter tensors, values writable, in the same order.
    pub fn parameters_mut(&mut self) -> Tensors<ParameterMut<'_>> {
        Tensors::of(match self {
            Layer::Dense(d) => up_to_max(d.parameters_mut()),
        })
    }

    /// `∂L/∂W` of the layer's weights, the tensor whose mean size the
    /// gradient history follows layer by layer (the vanishing gradient).
    /// Read directly, not through [`Layer::parameters`]: it is read every
    /// step.
    pub fn weight_gradients(&self) -> &[f32] {
        match self {
            Layer::Dense(d) => d.grad_weights.as_slice(),
        }
    }

    /// Sets every gradient to zero.
    pub(crate) fn clear_gradients(&mut self) {
        match self {
            Layer::Dense(d) => {
                d.grad_weights.fill(0.0);
                d.grad_biases.fill(0.0);
            }
        }
    }
}

/// A layer's tensors, in order: every kind's fixed array of them in one
/// list type, so iterating allocates nothing and is one loop for all.
#[derive(Debug)]
pub struct Tensors<T> {
    list: [Option<T>; MAX_PARAMETERS],
    next: usize,
}

impl<T> Tensors<T> {
    fn of(list: [Option<T>; MAX_PARAMETERS]) -> Self {
        Tensors { list, next: 0 }
    }
}

impl<T> Iterator for Tensors<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        while let Some(slot) = self.list.get_mut(self.next) {
            self.next += 1;
            if let Some(item) = slot.take() {
                return Some(item);
            }
        }
        None
    }
}

/// A kind's fixed array of tensors as the one list type every kind shares
/// (so iterating them allocates nothing and the optimizer's loop is one).
fn up_to_max<T, const N: usize>(items: [T; N]) -> [Option<T>; MAX_PARAMETERS] {
    const { assert!(N <= MAX_PARAMETERS) };
    let mut items = items.into_iter();
    core::array::from_fn(|_| items.next())
}
