//! `drawGradientHeatmap`: where gradients vanish. Layers run up the vertical
//! axis (layer 1, next to the inputs, at the bottom; the output at the top),
//! training steps along the horizontal one, and the colour is log₁₀ of the
//! layer's mean |∂L/∂W| on the viridis scale shown at the right.
//!
//! Axes and labels are plotters'; the cells themselves are one RGBA image,
//! scaled into the plot area with one `drawImage` (no per-cell rectangles).
//!
//! The colour scale is fixed, 10⁻⁶ to 10⁰ ([`SCALE`]), so a colour means
//! the same magnitude in every run and every frame; only a value outside it
//! widens the scale, by whole decades, and the colour bar then says
//! "widened". A gradient of exactly 0 is below every decade and takes the
//! darkest colour; steps not yet taken are light grey; NaN is mid grey.

use crate::args;
use crate::args::Options;
use crate::canvas;
use crate::painter::Painter;
use crate::palette;
use crate::Playground;
use nnplay_core::Trainer;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Options of `drawGradientHeatmap`; every field is optional.
#[derive(Default)]
pub struct GradientHeatmapOptions {
    /// Colour by mean |δ| (the error reaching each layer) instead of mean |∂L/∂W|.
    deltas: bool,
    /// Divide each step's values by the output layer's: what reaches a
    /// layer compared with what the output gets, whatever the size of the
    /// error (which falls as a run learns). This is the ratio vanishing
    /// gradients are about.
    relative: bool,
    /// Bands of time steps instead of layers: the mean |∂L/∂h_t| of each
    /// step of the recurrent layer (the gradient through time; `relative`
    /// then divides by the last step's). Only in the module of the
    /// `images` feature, which has the recurrent layers.
    #[cfg(feature = "images")]
    time: bool,
    /// The chart's words, for a page in another language.
    labels: GradientHeatmapLabels,
}

/// The words of the gradient heatmap; every field is optional (English defaults).
pub struct GradientHeatmapLabels {
    step: String,
    output: String,
    /// Put before a layer's number: "L" gives L1, L2, …
    layer: String,
    weights: String,
    deltas: String,
    /// Said after the measure when each layer is divided by the output's.
    relative: String,
    widened: String,
    /// Put before a time step's number: "t" gives t1, t2, …
    #[cfg(feature = "images")]
    time_step: String,
    /// The measure of the time view.
    #[cfg(feature = "images")]
    states: String,
    /// Said after it when each step is divided by the last one's.
    #[cfg(feature = "images")]
    relative_to_last: String,
}

impl Default for GradientHeatmapLabels {
    fn default() -> Self {
        GradientHeatmapLabels {
            step: "step".into(),
            output: "out".into(),
            layer: "L".into(),
            weights: "mean |∂L/∂W|".into(),
            deltas: "mean |δ|".into(),
            relative: "÷ output".into(),
            widened: "widened".into(),
            #[cfg(feature = "images")]
            time_step: "t".into(),
            #[cfg(feature = "images")]
            states: "mean |∂L/∂h_t|".into(),
            #[cfg(feature = "images")]
            relative_to_last: "÷ last step".into(),
        }
    }
}

/// The options `drawGradientHeatmap` reads.
#[cfg(not(feature = "images"))]
const OPTIONS: &[&str] = &["deltas", "relative", "labels"];
/// The options `drawGradientHeatmap` reads.
#[cfg(feature = "images")]
const OPTIONS: &[&str] = &["deltas", "relative", "time", "labels"];
/// The words of its labels.
#[cfg(not(feature = "images"))]
const LABELS: &[&str] = &[
    "step", "output", "layer", "weights", "deltas", "relative", "widened",
];
/// The words of its labels.
#[cfg(feature = "images")]
const LABELS: &[&str] = &[
    "step",
    "output",
    "layer",
    "weights",
    "deltas",
    "relative",
    "widened",
    "timeStep",
    "states",
    "relativeToLast",
];

impl GradientHeatmapOptions {
    fn read(value: &JsValue) -> Result<Self, JsError> {
        let o = Options::new(value, "drawGradientHeatmap's options", OPTIONS)?;
        let l = o.nested("labels", LABELS)?;
        let d = GradientHeatmapLabels::default();
        Ok(GradientHeatmapOptions {
            deltas: o.flag("deltas", false)?,
            relative: o.flag("relative", false)?,
            #[cfg(feature = "images")]
            time: o.flag("time", false)?,
            labels: GradientHeatmapLabels {
                step: l.text("step", &d.step)?,
                output: l.text("output", &d.output)?,
                layer: l.text("layer", &d.layer)?,
                weights: l.text("weights", &d.weights)?,
                deltas: l.text("deltas", &d.deltas)?,
                relative: l.text("relative", &d.relative)?,
                widened: l.text("widened", &d.widened)?,
                #[cfg(feature = "images")]
                time_step: l.text("timeStep", &d.time_step)?,
                #[cfg(feature = "images")]
                states: l.text("states", &d.states)?,
                #[cfg(feature = "images")]
                relative_to_last: l.text("relativeToLast", &d.relative_to_last)?,
            },
        })
    }
}

/// The colour scale in decades of the gradient: 10⁻⁶ to 10⁰.
pub const SCALE: (f32, f32) = (-6.0, 0.0);
/// Cells of steps not taken yet, and the bands of layers without weights.
const NO_DATA: [u8; 3] = [245, 245, 245];
/// Cells whose gradient is NaN or infinite (a diverged run).
const NOT_A_NUMBER: [u8; 3] = [150, 150, 150];

#[wasm_bindgen]
impl Playground {
    /// Draws the vanishing-gradient heatmap into `canvas`.
    #[wasm_bindgen(js_name = drawGradientHeatmap)]
    pub fn draw_gradient_heatmap(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement")] canvas: JsValue,
        options: Option<args::GradientHeatmapOptionsArg>,
    ) -> Result<(), JsError> {
        let o: GradientHeatmapOptions = GradientHeatmapOptions::read(&args::given(options))?;
        let canvas = &canvas::canvas_arg(&canvas, "drawGradientHeatmap's canvas")?;
        self.painter.gradient_heatmap(&self.trainer, canvas, &o)
    }
}

impl Painter {
    /// Draws `run`'s gradient history into `canvas`: one band per layer
    /// (the input side at the bottom), or with `o.time` one band per time
    /// step of the recurrent layer (the first step at the bottom).
    pub(crate) fn gradient_heatmap(
        &mut self,
        run: &Trainer,
        canvas: &HtmlCanvasElement,
        o: &GradientHeatmapOptions,
    ) -> Result<(), JsError> {
        let surface = canvas::prepare(canvas)?;
        let dpr = surface.dpr;
        // Where band `l`'s value sits in a row: `stride · l + column`; the
        // band `relative` divides by is the last.
        // (Changed only by the time view, in the module with `images`.)
        #[allow(unused_mut)]
        let (mut history, mut layers, mut stride, mut column) = (
            run.gradient_history(),
            run.network().layers().len(),
            2,
            usize::from(o.deltas),
        );
        #[cfg(feature = "images")]
        let time = o.time;
        #[cfg(feature = "images")]
        if time {
            if run.step_gradient_history().width() == 0 {
                return Err(crate::args::error(
                    "drawGradientHeatmap's time view needs a recurrent layer (rnn or gru) \
                     first in the network: this one reads no sequence step by step",
                ));
            }
            history = run.step_gradient_history();
            layers = history.width();
            (stride, column) = (1, 0);
        }
        let layers = layers.max(1);
        let rows = history.len();
        // log10 of every cell, and their range (whole decades).
        let output = stride * (layers - 1) + column;
        let log = |i: usize, l: usize| -> f32 {
            let row = history.row(i);
            let v = if o.relative {
                row[stride * l + column] / row[output]
            } else {
                row[stride * l + column]
            };
            if v > 0.0 && v.is_finite() {
                v.log10()
            } else {
                f32::NAN
            }
        };
        let (mut lo, mut hi) = SCALE;
        for i in 0..rows {
            for l in 0..layers {
                let v = log(i, l);
                if v.is_finite() {
                    lo = lo.min(v.floor().max(-30.0));
                    hi = hi.max(v.ceil().min(30.0));
                }
            }
        }
        let widened = (lo, hi) != SCALE;
        // The image: one pixel per (step row, layer); the output layer on top.
        let width = rows.max(1);
        self.pixels.resize(width * layers * 4, 255);
        for l in 0..layers {
            let y = layers - 1 - l;
            // A pooling or flatten layer has no weights: its band is left
            // blank in the weights' view rather than read as "none".
            #[cfg(feature = "images")]
            let weightless =
                !time && !o.deltas && run.network().layers()[l].parameters().next().is_none();
            #[cfg(not(feature = "images"))]
            let weightless = false;
            for i in 0..width {
                let rgb = if i < rows && !weightless {
                    let raw = history.row(i)[stride * l + column];
                    let v = log(i, l);
                    if v.is_finite() {
                        palette::viridis((v - lo) / (hi - lo))
                    } else if raw == 0.0 {
                        palette::viridis(0.0)
                    } else {
                        NOT_A_NUMBER
                    }
                } else {
                    NO_DATA
                };
                let p = 4 * (y * width + i);
                self.pixels[p..p + 3].copy_from_slice(&rgb);
                self.pixels[p + 3] = 255;
            }
        }

        let root = canvas::plot_root(canvas)?;
        let draw_error = canvas::plot_error("the gradient heatmap");
        let bar_width = (84.0 * dpr) as u32;
        let (w, h) = root.dim_in_pixel();
        let at = w - bar_width.min(w / 2);
        let main = root.clone().shrink((0, 0), (at, h));
        let bar = root.clone().shrink((at, 0), (w - at, h));
        let steps = (history.pushed() as f32).max(1.0);
        // Margins: 8 px around, the band names left (40 px), the steps below (34 px).
        let (_, area) = canvas::plot_area(
            &main,
            (48.0 * dpr, 8.0 * dpr, 8.0 * dpr, 42.0 * dpr),
            0f32..steps,
            0f32..layers as f32,
        );
        let scratch = self.scratch()?;
        canvas::blit(
            &surface,
            &scratch,
            &self.pixels,
            width as u32,
            layers as u32,
            area,
            false,
        )?;
        // The steps along the bottom, with the canvas's own text (see
        // `canvas::draw_axes`); plotters only lays the chart out.
        let whole = |v: f64| canvas::fixed(v, 0);
        canvas::draw_axes(
            &surface,
            area,
            (0.0, steps as f64),
            (0.0, 1.0),
            &canvas::Axis {
                ticks: canvas::nice_ticks(0.0, steps as f64, 4, true),
                label: &whole,
                title: &o.labels.step,
            },
            &canvas::Axis {
                ticks: Vec::new(),
                label: &whole,
                title: "",
            },
            false,
        );
        // One label per band, centred on it: the output on top, L1 at the bottom.
        let ctx = &surface.ctx;
        ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
        ctx.set_fill_style_str("rgb(60,60,60)");
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        let (left, top, _, height) = area;
        let band = height / layers as f64;
        for row in 0..layers {
            let l = layers - 1 - row;
            #[cfg(feature = "images")]
            if time {
                // A long sequence's bands are thin: every 5th step named.
                if band < 12.0 * dpr && l % 5 != 4 {
                    continue;
                }
                let name = format!("{}{}", canvas::label(&o.labels.time_step), l + 1);
                let y = top + (row as f64 + 0.5) * band;
                let _ = ctx.fill_text(&name, left - 6.0 * dpr, y);
                continue;
            }
            let name = if l + 1 == layers {
                canvas::label(&o.labels.output).to_string()
            } else {
                format!("{}{}", canvas::label(&o.labels.layer), l + 1)
            };
            let y = top + (row as f64 + 0.5) * band;
            let _ = ctx.fill_text(&name, left - 6.0 * dpr, y);
        }
        let measure = canvas::label(if o.deltas {
            &o.labels.deltas
        } else {
            &o.labels.weights
        });
        #[allow(unused_mut)]
        let (mut measure, mut relative) = (measure, &o.labels.relative);
        #[cfg(feature = "images")]
        if time {
            (measure, relative) = (canvas::label(&o.labels.states), &o.labels.relative_to_last);
        }
        let mut caption = measure.to_string();
        // Further lines: the bar is narrow.
        if o.relative {
            caption = format!("{caption}\n{}", canvas::label(relative));
        }
        if widened {
            caption = format!("{caption}\n{}", canvas::label(&o.labels.widened));
        }
        self.draw_colour_bar(&surface, &bar, (lo, hi), &caption, dpr)?;
        root.present().map_err(draw_error)?;
        Ok(())
    }
}

impl Painter {
    /// The viridis scale with its decades, in the strip at the right.
    fn draw_colour_bar(
        &mut self,
        surface: &canvas::Surface,
        bar: &DrawingArea<CanvasBackend, Shift>,
        (lo, hi): (f32, f32),
        caption: &str,
        dpr: f64,
    ) -> Result<(), JsError> {
        // Margins: the decades right of the strip (40 px + 4), the caption
        // below (up to three lines: the measure, a divisor, "widened").
        let (_, area) = canvas::plot_area(
            bar,
            (10.0 * dpr, 8.0 * dpr, 44.0 * dpr, 42.0 * dpr),
            0f32..1f32,
            lo..hi,
        );
        let steps = 64usize;
        let mut strip = vec![0u8; steps * 4];
        for s in 0..steps {
            let rgb = palette::viridis(1.0 - s as f32 / (steps - 1) as f32);
            strip[4 * s..4 * s + 3].copy_from_slice(&rgb);
            strip[4 * s + 3] = 255;
        }
        let scratch = self.scratch()?;
        canvas::blit(surface, &scratch, &strip, 1, steps as u32, area, true)?;
        // The decades beside the strip, at most eight, and the caption below.
        let ctx = &surface.ctx;
        let (left, top, width, height) = area;
        ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
        ctx.set_fill_style_str("rgb(60,60,60)");
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        let decades = (hi - lo).round().max(1.0) as usize;
        let every = decades.div_ceil(7).max(1);
        for k in (0..=decades).step_by(every) {
            let y = top + height - k as f64 / decades as f64 * height;
            let _ = ctx.fill_text(
                &format!("1e{}", (lo + k as f32).round() as i32),
                left + width + 4.0 * dpr,
                y,
            );
        }
        ctx.set_font(&format!("{}px sans-serif", (10.0 * dpr).round()));
        ctx.set_text_baseline("top");
        let (bar_left, _) = bar.get_base_pixel();
        let lines: Vec<&str> = caption.lines().collect();
        let bottom = top + height + 4.0 * dpr;
        for (k, line) in lines.iter().enumerate() {
            let _ = ctx.fill_text(line, bar_left as f64, bottom + k as f64 * 11.0 * dpr);
        }
        Ok(())
    }
}
