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

mod conv2d;
mod dense;
mod flatten;
#[cfg(feature = "sequences")]
mod gru;
mod pool2d;
#[cfg(feature = "sequences")]
mod recurrent;
#[cfg(feature = "sequences")]
mod rnn;
#[cfg(feature = "sequences")]
mod unroll;

pub use conv2d::{Conv2d, Padding};
pub use dense::Dense;
pub use flatten::Flatten;
#[cfg(feature = "sequences")]
pub use gru::Gru;
pub use pool2d::{Pool2d, PoolMode};
#[cfg(feature = "sequences")]
pub use recurrent::RecurrentTensors;
#[cfg(feature = "sequences")]
pub use rnn::Rnn;

use crate::{Activation, Init, InputShape, Matrix, Rng};

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
    /// [`Conv2d`].
    #[cfg(feature = "images")]
    Conv2d,
    /// [`Pool2d`], taking the largest of each block.
    #[cfg(feature = "images")]
    MaxPool2d,
    /// [`Pool2d`], taking the mean of each block.
    #[cfg(feature = "images")]
    AvgPool2d,
    /// [`Flatten`].
    #[cfg(feature = "images")]
    Flatten,
    /// [`Rnn`], the simple recurrent layer.
    #[cfg(feature = "sequences")]
    Rnn,
    /// [`Gru`], the gated recurrent layer.
    #[cfg(feature = "sequences")]
    Gru,
}

impl LayerKind {
    /// Every kind, in menu order.
    #[cfg(all(feature = "images", not(feature = "sequences")))]
    pub const ALL: [LayerKind; 5] = [
        LayerKind::Dense,
        LayerKind::Conv2d,
        LayerKind::MaxPool2d,
        LayerKind::AvgPool2d,
        LayerKind::Flatten,
    ];
    /// Every kind, in menu order.
    #[cfg(feature = "sequences")]
    pub const ALL: [LayerKind; 7] = [
        LayerKind::Dense,
        LayerKind::Conv2d,
        LayerKind::MaxPool2d,
        LayerKind::AvgPool2d,
        LayerKind::Flatten,
        LayerKind::Rnn,
        LayerKind::Gru,
    ];
    /// Every kind, in menu order.
    #[cfg(not(feature = "images"))]
    pub const ALL: [LayerKind; 1] = [LayerKind::Dense];

    /// The kind's name, as configs and model files write it.
    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Dense => "dense",
            #[cfg(feature = "images")]
            LayerKind::Conv2d => "conv2d",
            #[cfg(feature = "images")]
            LayerKind::MaxPool2d => "maxPool2d",
            #[cfg(feature = "images")]
            LayerKind::AvgPool2d => "avgPool2d",
            #[cfg(feature = "images")]
            LayerKind::Flatten => "flatten",
            #[cfg(feature = "sequences")]
            LayerKind::Rnn => "rnn",
            #[cfg(feature = "sequences")]
            LayerKind::Gru => "gru",
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
    serde(into = "LayerFields")
)]
#[cfg_attr(
    all(feature = "serde", not(feature = "images")),
    serde(from = "LayerFields")
)]
#[cfg_attr(
    all(feature = "serde", feature = "images"),
    serde(try_from = "LayerFields")
)]
pub enum LayerSpec {
    /// A dense layer of `units` neurons.
    Dense {
        /// Number of neurons (1 to the limit's `max_neurons`).
        units: usize,
        /// Its activation; left out, the config's `activation`.
        activation: Option<Activation>,
    },
    /// A convolution of `filters` filters, `size × size` each.
    #[cfg(feature = "images")]
    Conv2d {
        /// Number of filters, the maps it makes (1 to 16).
        filters: usize,
        /// Side of each filter (1 to 7).
        size: usize,
        /// Zeros around the image (`same`) or none (`valid`).
        padding: Padding,
        /// Its activation; left out, the config's `activation`.
        activation: Option<Activation>,
    },
    /// 2 × 2 pooling.
    #[cfg(feature = "images")]
    Pool2d(PoolMode),
    /// The maps read as one vector.
    #[cfg(feature = "images")]
    Flatten,
    /// A simple recurrent layer of `units` tanh units over a sequence.
    #[cfg(feature = "sequences")]
    Rnn {
        /// Size of the state (1 to the limit's `max_neurons`).
        units: usize,
    },
    /// A GRU layer of `units` units over a sequence.
    #[cfg(feature = "sequences")]
    Gru {
        /// Size of the state (1 to the limit's `max_neurons`).
        units: usize,
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
            #[cfg(feature = "images")]
            LayerSpec::Conv2d { .. } => LayerKind::Conv2d,
            #[cfg(feature = "images")]
            LayerSpec::Pool2d(PoolMode::Max) => LayerKind::MaxPool2d,
            #[cfg(feature = "images")]
            LayerSpec::Pool2d(PoolMode::Average) => LayerKind::AvgPool2d,
            #[cfg(feature = "images")]
            LayerSpec::Flatten => LayerKind::Flatten,
            #[cfg(feature = "sequences")]
            LayerSpec::Rnn { .. } => LayerKind::Rnn,
            #[cfg(feature = "sequences")]
            LayerSpec::Gru { .. } => LayerKind::Gru,
        }
    }

    /// The shape of one sample after a layer of this spec reads one of
    /// shape `input`, or `None` if it cannot read that shape.
    #[cfg_attr(not(feature = "images"), allow(unused_variables))]
    pub fn output_shape(&self, input: InputShape) -> Option<InputShape> {
        #[cfg(feature = "images")]
        let image = input.as_image();
        match *self {
            LayerSpec::Dense { units, .. } => Some(InputShape::Vector(units)),
            #[cfg(feature = "images")]
            LayerSpec::Conv2d {
                filters,
                size,
                padding,
                ..
            } => {
                let (_, height, width) = image?;
                let pad = match padding {
                    Padding::Same => (size.checked_sub(1)?) / 2,
                    Padding::Valid => 0,
                };
                Some(InputShape::Image {
                    height: (height + 2 * pad + 1)
                        .checked_sub(size)
                        .filter(|&h| h > 0)?,
                    width: (width + 2 * pad + 1).checked_sub(size).filter(|&w| w > 0)?,
                    channels: filters,
                })
            }
            #[cfg(feature = "images")]
            LayerSpec::Pool2d(_) => {
                let (channels, height, width) = image?;
                (height >= 2 && width >= 2).then_some(InputShape::image((
                    channels,
                    height / 2,
                    width / 2,
                )))
            }
            #[cfg(feature = "images")]
            LayerSpec::Flatten => image.map(|_| InputShape::Vector(input.size())),
            #[cfg(feature = "sequences")]
            LayerSpec::Rnn { units } | LayerSpec::Gru { units } => {
                input.as_sequence().map(|_| InputShape::Vector(units))
            }
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    units: Option<usize>,
    #[cfg(feature = "images")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filters: Option<usize>,
    #[cfg(feature = "images")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<usize>,
    #[cfg(feature = "images")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    padding: Option<Padding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    activation: Option<Activation>,
}

#[cfg(all(feature = "serde", not(feature = "images")))]
impl From<LayerFields> for LayerSpec {
    fn from(f: LayerFields) -> Self {
        f.spec()
    }
}

#[cfg(feature = "serde")]
impl LayerFields {
    /// The spec these fields say. A field the kind needs and the config
    /// left out reads as 0, which the config's check refuses by name and
    /// range (`layers[0].units must be a whole number from 1 to 16, got
    /// 0`); padding defaults to `same`.
    fn spec(self) -> LayerSpec {
        let f = self;
        match f.kind {
            LayerKind::Dense => LayerSpec::Dense {
                units: f.units.unwrap_or(0),
                activation: f.activation,
            },
            #[cfg(feature = "images")]
            LayerKind::Conv2d => LayerSpec::Conv2d {
                filters: f.filters.unwrap_or(0),
                size: f.size.unwrap_or(0),
                padding: f.padding.unwrap_or(Padding::Same),
                activation: f.activation,
            },
            #[cfg(feature = "images")]
            LayerKind::MaxPool2d => LayerSpec::Pool2d(PoolMode::Max),
            #[cfg(feature = "images")]
            LayerKind::AvgPool2d => LayerSpec::Pool2d(PoolMode::Average),
            #[cfg(feature = "images")]
            LayerKind::Flatten => LayerSpec::Flatten,
            #[cfg(feature = "sequences")]
            LayerKind::Rnn => LayerSpec::Rnn {
                units: f.units.unwrap_or(0),
            },
            #[cfg(feature = "sequences")]
            LayerKind::Gru => LayerSpec::Gru {
                units: f.units.unwrap_or(0),
            },
        }
    }
}

/// With several kinds, a field the kind does not use is refused by name
/// rather than ignored (`{ kind: "maxPool2d", units: 3 }`).
#[cfg(all(feature = "serde", feature = "images"))]
impl TryFrom<LayerFields> for LayerSpec {
    type Error = alloc::string::String;

    fn try_from(f: LayerFields) -> Result<Self, Self::Error> {
        let given = [
            ("units", f.units.is_some()),
            ("filters", f.filters.is_some()),
            ("size", f.size.is_some()),
            ("padding", f.padding.is_some()),
            ("activation", f.activation.is_some()),
        ];
        let uses: &[&str] = match f.kind {
            LayerKind::Dense => &["units", "activation"],
            LayerKind::Conv2d => &["filters", "size", "padding", "activation"],
            LayerKind::MaxPool2d | LayerKind::AvgPool2d | LayerKind::Flatten => &[],
            // The state's activation is part of the layer (tanh).
            #[cfg(feature = "sequences")]
            LayerKind::Rnn | LayerKind::Gru => &["units"],
        };
        match given.iter().find(|(name, is)| *is && !uses.contains(name)) {
            Some((name, _)) => Err(alloc::format!(
                "a {} layer has no {name} (it takes {})",
                f.kind.name(),
                if uses.is_empty() {
                    "only its kind".into()
                } else {
                    uses.join(", ")
                }
            )),
            None => Ok(f.spec()),
        }
    }
}

#[cfg(feature = "serde")]
impl From<LayerSpec> for LayerFields {
    fn from(spec: LayerSpec) -> Self {
        let mut fields = LayerFields {
            kind: spec.kind(),
            units: None,
            #[cfg(feature = "images")]
            filters: None,
            #[cfg(feature = "images")]
            size: None,
            #[cfg(feature = "images")]
            padding: None,
            activation: None,
        };
        match spec {
            LayerSpec::Dense { units, activation } => {
                fields.units = Some(units);
                fields.activation = activation;
            }
            #[cfg(feature = "images")]
            LayerSpec::Conv2d {
                filters,
                size,
                padding,
                activation,
            } => {
                fields.filters = Some(filters);
                fields.size = Some(size);
                fields.padding = Some(padding);
                fields.activation = activation;
            }
            #[cfg(feature = "images")]
            LayerSpec::Pool2d(_) | LayerSpec::Flatten => {}
            #[cfg(feature = "sequences")]
            LayerSpec::Rnn { units } | LayerSpec::Gru { units } => fields.units = Some(units),
        }
        fields
    }
}

/// The fields a layer entry of a config may have.
#[cfg(not(feature = "images"))]
pub const LAYER_FIELDS: [&str; 3] = ["kind", "units", "activation"];
/// The fields a layer entry of a config may have.
#[cfg(feature = "images")]
pub const LAYER_FIELDS: [&str; 6] = ["kind", "units", "filters", "size", "padding", "activation"];

/// Most filters in one convolution.
pub const MAX_FILTERS: usize = 16;
/// The largest side of a convolution's filters.
pub const MAX_FILTER_SIZE: usize = 7;
/// Most values one hidden layer makes per sample (16 maps of 16 × 16).
pub const MAX_LAYER_VALUES: usize = 4096;

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
    /// Work space a kind may use in its forward pass (a convolution's
    /// unfolded patches), kept so the next pass reuses it.
    #[cfg_attr(not(feature = "images"), allow(dead_code))]
    pub(crate) work: Matrix,
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

/// What a forward pass is for: training and every figure a learner reads
/// (exact, the same bits everywhere), or a picture (a grid of colours,
/// whose dense activations may be within 1e-4: cheaper, see
/// [`crate::activation::apply_slice_for_drawing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// The engine's own numbers.
    Exact,
    /// Colours for a grid.
    Drawing,
}

/// One layer of a network.
#[derive(Debug, Clone)]
pub enum Layer {
    /// Every neuron reads every input: `A = f(W·X + b)`.
    Dense(Dense),
    /// Filters slid over an image: `A = f(W ⋆ X + b)`.
    #[cfg(feature = "images")]
    Conv2d(Conv2d),
    /// Each 2 × 2 block of each map to one value.
    #[cfg(feature = "images")]
    Pool2d(Pool2d),
    /// The maps as one vector.
    #[cfg(feature = "images")]
    Flatten(Flatten),
    /// A state carried through a sequence: `h_t = tanh(W_ih·x_t + W_hh·h_t−1 + b)`.
    #[cfg(feature = "sequences")]
    Rnn(Rnn),
    /// A gated state: keeps or renews each unit step by step.
    #[cfg(feature = "sequences")]
    Gru(Gru),
}

impl Layer {
    /// A layer as `spec` says, reading samples of shape `input`, its
    /// parameters initialized by `init` times `scale`. (A spec without an
    /// activation is linear: configs give theirs first.) The caller has
    /// checked that `spec` can read `input` ([`LayerSpec::output_shape`],
    /// which refuses a vector to a convolution or pooling; a caller that
    /// did not check gets a layer reading the vector as one row of pixels,
    /// never a panic).
    pub fn new(
        spec: &LayerSpec,
        input: InputShape,
        init: Init,
        scale: f32,
        rng: &mut Rng,
    ) -> Layer {
        #[cfg(feature = "images")]
        let image = input.as_image().unwrap_or((1, 1, input.size()));
        match *spec {
            LayerSpec::Dense { units, activation } => Layer::Dense(Dense::new(
                input.size(),
                units,
                activation.unwrap_or(Activation::Linear),
                init,
                scale,
                rng,
            )),
            #[cfg(feature = "images")]
            LayerSpec::Conv2d {
                filters,
                size,
                padding,
                activation,
            } => Layer::Conv2d(Conv2d::new(
                image,
                filters,
                size,
                padding,
                activation.unwrap_or(Activation::Linear),
                init,
                scale,
                rng,
            )),
            #[cfg(feature = "images")]
            LayerSpec::Pool2d(mode) => Layer::Pool2d(Pool2d::new(mode, image)),
            #[cfg(feature = "images")]
            LayerSpec::Flatten => Layer::Flatten(Flatten::new(input)),
            #[cfg(feature = "sequences")]
            LayerSpec::Rnn { units } => {
                let (steps, inputs) = input.as_sequence().unwrap_or((1, input.size()));
                Layer::Rnn(Rnn::new(steps, inputs, units, init, scale, rng))
            }
            #[cfg(feature = "sequences")]
            LayerSpec::Gru { units } => {
                let (steps, inputs) = input.as_sequence().unwrap_or((1, input.size()));
                Layer::Gru(Gru::new(steps, inputs, units, init, scale, rng))
            }
        }
    }

    /// The kind of layer.
    pub fn kind(&self) -> LayerKind {
        match self {
            Layer::Dense(_) => LayerKind::Dense,
            #[cfg(feature = "images")]
            Layer::Conv2d(_) => LayerKind::Conv2d,
            #[cfg(feature = "images")]
            Layer::Pool2d(p) => match p.mode {
                PoolMode::Max => LayerKind::MaxPool2d,
                PoolMode::Average => LayerKind::AvgPool2d,
            },
            #[cfg(feature = "images")]
            Layer::Flatten(_) => LayerKind::Flatten,
            #[cfg(feature = "sequences")]
            Layer::Rnn(_) => LayerKind::Rnn,
            #[cfg(feature = "sequences")]
            Layer::Gru(_) => LayerKind::Gru,
        }
    }

    /// The shape of one sample this layer writes.
    pub fn output_shape(&self) -> InputShape {
        match self {
            Layer::Dense(d) => InputShape::Vector(d.neurons()),
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => c.output_shape(),
            #[cfg(feature = "images")]
            Layer::Pool2d(p) => p.output_shape(),
            #[cfg(feature = "images")]
            Layer::Flatten(f) => f.output_shape(),
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => InputShape::Vector(r.units()),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => InputShape::Vector(g.units()),
        }
    }

    /// Values this layer reads per sample.
    pub fn inputs(&self) -> usize {
        match self {
            Layer::Dense(d) => d.inputs(),
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => c.input_shape().size(),
            #[cfg(feature = "images")]
            Layer::Pool2d(p) => p.input_shape().size(),
            #[cfg(feature = "images")]
            Layer::Flatten(f) => f.input_shape().size(),
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => r.input_shape().size(),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => g.input_shape().size(),
        }
    }

    /// Values this layer writes per sample (a dense layer's neurons, all
    /// the pixels of a convolution's maps).
    pub fn units(&self) -> usize {
        match self {
            Layer::Dense(d) => d.neurons(),
            #[cfg(feature = "images")]
            _ => self.output_shape().size(),
        }
    }

    /// The activation applied to the layer's outputs (pooling and flatten
    /// pass theirs through: linear).
    pub fn activation(&self) -> Activation {
        match self {
            Layer::Dense(d) => d.activation,
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => c.activation,
            #[cfg(feature = "images")]
            Layer::Pool2d(_) | Layer::Flatten(_) => Activation::Linear,
            // The state's activation (the layer applies its derivative itself).
            #[cfg(feature = "sequences")]
            Layer::Rnn(_) | Layer::Gru(_) => Activation::Tanh,
        }
    }

    /// True for a layer that reads a sequence step by step (an RNN, a GRU).
    pub fn is_recurrent(&self) -> bool {
        !self.step_gradients().is_empty()
    }

    /// Mean `|∂L/∂h_t|` of each time step in the last backward pass, first
    /// step first: how much gradient reached each step (empty for a layer
    /// that does not run through time).
    pub fn step_gradients(&self) -> &[f32] {
        #[cfg(feature = "sequences")]
        match self {
            Layer::Rnn(r) => return r.step_gradients(),
            Layer::Gru(g) => return g.step_gradients(),
            _ => {}
        }
        &[]
    }

    /// The dense layer inside, if this is one (the views that draw neurons
    /// as lines, and the weight editor, read them).
    pub fn as_dense(&self) -> Option<&Dense> {
        match self {
            Layer::Dense(d) => Some(d),
            #[cfg(feature = "images")]
            _ => None,
        }
    }

    /// [`Layer::as_dense`], writable.
    pub fn as_dense_mut(&mut self) -> Option<&mut Dense> {
        match self {
            Layer::Dense(d) => Some(d),
            #[cfg(feature = "images")]
            _ => None,
        }
    }

    /// The forward pass of `input` (inputs × samples) into `trace`.
    pub(crate) fn forward(&self, input: &Matrix, trace: &mut LayerTrace, pass: Pass) {
        match self {
            Layer::Dense(d) => d.forward(input, trace, pass),
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => c.forward(input, trace),
            #[cfg(feature = "images")]
            Layer::Pool2d(p) => p.forward(input, trace),
            #[cfg(feature = "images")]
            Layer::Flatten(f) => f.forward(input, trace),
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => r.forward(input, trace),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => g.forward(input, trace),
        }
    }

    /// The backward pass: every parameter's gradient from `delta` (`∂L/∂Z`)
    /// and the `input` and `work` space of the forward pass, and `∂L/∂X`
    /// into `input_delta` when the layer below needs it.
    #[cfg_attr(not(feature = "sequences"), allow(unused_variables))]
    pub(crate) fn backward(
        &mut self,
        input: &Matrix,
        work: &Matrix,
        delta: &Matrix,
        input_delta: Option<&mut Matrix>,
        scratch: &mut Matrix,
    ) {
        match self {
            Layer::Dense(d) => d.backward(input, delta, input_delta, scratch),
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => c.backward(input, delta, input_delta, scratch),
            #[cfg(feature = "images")]
            Layer::Pool2d(p) => p.backward(input, delta, input_delta),
            #[cfg(feature = "images")]
            Layer::Flatten(_) => Flatten::backward(delta, input_delta),
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => r.backward(input, work, delta),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => g.backward(input, work, delta),
        }
    }

    /// Turns `trace.delta` from `∂L/∂A` into `∂L/∂Z` (times `f'(Z)`).
    pub(crate) fn times_activation_derivative(&self, z: &Matrix, a: &Matrix, delta: &mut Matrix) {
        #[cfg(feature = "images")]
        if matches!(self, Layer::Pool2d(_) | Layer::Flatten(_)) {
            // Their output is their `Z`: the derivative is 1.
            return;
        }
        #[cfg(feature = "sequences")]
        if matches!(self, Layer::Rnn(_) | Layer::Gru(_)) {
            // `Z = A = h_T`: the derivatives through time are the layer's own.
            return;
        }
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
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => up_to_max(c.parameters()),
            #[cfg(feature = "images")]
            Layer::Pool2d(_) | Layer::Flatten(_) => up_to_max::<Parameter<'_>, 0>([]),
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => up_to_max(r.parameters()),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => up_to_max(g.parameters()),
        })
    }

    /// The layer's parameter tensors, values writable, in the same order.
    pub fn parameters_mut(&mut self) -> Tensors<ParameterMut<'_>> {
        Tensors::of(match self {
            Layer::Dense(d) => up_to_max(d.parameters_mut()),
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => up_to_max(c.parameters_mut()),
            #[cfg(feature = "images")]
            Layer::Pool2d(_) | Layer::Flatten(_) => up_to_max::<ParameterMut<'_>, 0>([]),
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => up_to_max(r.parameters_mut()),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => up_to_max(g.parameters_mut()),
        })
    }

    /// `∂L/∂W` of the layer's weights, the tensor whose mean size the
    /// gradient history follows layer by layer (the vanishing gradient): a
    /// recurrent layer's input weights `W_ih`, like a dense layer's, the
    /// weights that read the layer below (its `W_hh` is seen through time,
    /// in [`Layer::step_gradients`]).
    /// Read directly, not through [`Layer::parameters`]: it is read every
    /// step. Empty for a layer with nothing to learn.
    pub fn weight_gradients(&self) -> &[f32] {
        match self {
            Layer::Dense(d) => d.grad_weights.as_slice(),
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => c.grad_weights.as_slice(),
            #[cfg(feature = "images")]
            Layer::Pool2d(_) | Layer::Flatten(_) => &[],
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => r.tensors.grad_weight_ih.as_slice(),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => g.tensors.grad_weight_ih.as_slice(),
        }
    }

    /// Sets every gradient to zero.
    pub(crate) fn clear_gradients(&mut self) {
        match self {
            Layer::Dense(d) => {
                d.grad_weights.fill(0.0);
                d.grad_biases.fill(0.0);
            }
            #[cfg(feature = "images")]
            Layer::Conv2d(c) => {
                c.grad_weights.fill(0.0);
                c.grad_biases.fill(0.0);
            }
            #[cfg(feature = "images")]
            Layer::Pool2d(_) | Layer::Flatten(_) => {}
            #[cfg(feature = "sequences")]
            Layer::Rnn(r) => r.clear_gradients(),
            #[cfg(feature = "sequences")]
            Layer::Gru(g) => g.clear_gradients(),
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

/// The two tensors of a layer of weights and biases, in that order: the
/// weights decayed by regularization, the biases not.
fn weights_and_biases<'a>(
    weights: &'a Matrix,
    grad_weights: &'a Matrix,
    biases: &'a [f32],
    grad_biases: &'a [f32],
) -> [Parameter<'a>; 2] {
    [
        Parameter {
            name: "weights",
            rows: weights.rows(),
            cols: weights.cols(),
            value: weights.as_slice(),
            gradient: grad_weights.as_slice(),
            decays: true,
        },
        Parameter {
            name: "biases",
            rows: biases.len(),
            cols: 1,
            value: biases,
            gradient: grad_biases,
            decays: false,
        },
    ]
}

/// [`weights_and_biases`], the values writable.
fn weights_and_biases_mut<'a>(
    weights: &'a mut Matrix,
    grad_weights: &'a Matrix,
    biases: &'a mut [f32],
    grad_biases: &'a [f32],
) -> [ParameterMut<'a>; 2] {
    [
        ParameterMut {
            name: "weights",
            value: weights.as_mut_slice(),
            gradient: grad_weights.as_slice(),
            decays: true,
        },
        ParameterMut {
            name: "biases",
            value: biases,
            gradient: grad_biases,
            decays: false,
        },
    ]
}

/// A kind's fixed array of tensors as the one list type every kind shares
/// (so iterating them allocates nothing and the optimizer's loop is one).
fn up_to_max<T, const N: usize>(items: [T; N]) -> [Option<T>; MAX_PARAMETERS] {
    const { assert!(N <= MAX_PARAMETERS) };
    let mut items = items.into_iter();
    core::array::from_fn(|_| items.next())
}
