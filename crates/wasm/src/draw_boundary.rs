//! `drawBoundary`: the decision heatmap, the data points and the first-layer
//! separating lines on one canvas.
//!
//! The heatmap is computed on a small grid in one batched pass, coloured into
//! an RGBA buffer, and scaled up by the browser with one `drawImage`. The
//! points of each colour go out as one SVG path string, so a frame costs a
//! handful of calls into JavaScript however many points there are.

use crate::args::Options;
use crate::args::{self, core_error, error};
use crate::canvas::{self, Surface};
use crate::painter::Painter;
use crate::palette::{self, Rgb};
use crate::Playground;
use nnplay_core::{Rect, Samples, Task, Trainer};
use std::fmt::Write as _;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, Path2d};

/// Options of `drawBoundary`; every field is optional.
pub struct BoundaryOptions {
    /// Grid cells per side (8 to 256, default 64).
    resolution: u32,
    /// The visible rectangle (default: the data set's square).
    x_min: Option<f32>,
    x_max: Option<f32>,
    y_min: Option<f32>,
    y_max: Option<f32>,
    /// Draw the training points (filled).
    show_train: bool,
    /// Draw the test points (outlined).
    show_test: bool,
    /// Colour each cell by its class only, no shades of confidence.
    discretize: bool,
    /// Draw the first-layer neurons' separating lines.
    show_lines: bool,
    /// Show hidden neuron number `neuron` (counting all hidden neurons, layer
    /// by layer) instead of the network's output.
    neuron: Option<usize>,
    /// Ring the training point with this index (the perceptron's last update).
    highlight: Option<usize>,
    /// Paint the output behind the points (false: the data alone, on white).
    heatmap: bool,
}

/// Options of `drawNeuronThumbnails`; every field is optional.
pub struct ThumbnailOptions {
    /// Grid cells per side (4 to 64, default 20).
    resolution: u32,
    /// The hidden neuron `canvases[0]` shows (default 0): a page with many
    /// neurons repaints a few thumbnails a frame, in turn.
    first: usize,
    /// The rectangle (default: the data set's square).
    x_min: Option<f32>,
    x_max: Option<f32>,
    y_min: Option<f32>,
    y_max: Option<f32>,
}

impl Default for ThumbnailOptions {
    fn default() -> Self {
        ThumbnailOptions {
            resolution: 20,
            first: 0,
            x_min: None,
            x_max: None,
            y_min: None,
            y_max: None,
        }
    }
}

impl Default for BoundaryOptions {
    fn default() -> Self {
        BoundaryOptions {
            resolution: 64,
            x_min: None,
            x_max: None,
            y_min: None,
            y_max: None,
            show_train: true,
            show_test: true,
            discretize: false,
            show_lines: false,
            neuron: None,
            highlight: None,
            heatmap: true,
        }
    }
}

impl BoundaryOptions {
    fn read(value: &JsValue) -> Result<Self, JsError> {
        let o = Options::new(
            value,
            "drawBoundary's options",
            &[
                "resolution",
                "xMin",
                "xMax",
                "yMin",
                "yMax",
                "showTrain",
                "showTest",
                "discretize",
                "showLines",
                "neuron",
                "highlight",
                "heatmap",
            ],
        )?;
        let d = BoundaryOptions::default();
        Ok(BoundaryOptions {
            resolution: o
                .whole("resolution", 8, 256)?
                .map_or(d.resolution, |n| n as u32),
            x_min: o.float("xMin")?,
            x_max: o.float("xMax")?,
            y_min: o.float("yMin")?,
            y_max: o.float("yMax")?,
            show_train: o.flag("showTrain", d.show_train)?,
            show_test: o.flag("showTest", d.show_test)?,
            discretize: o.flag("discretize", d.discretize)?,
            show_lines: o.flag("showLines", d.show_lines)?,
            neuron: o.whole("neuron", 0, u32::MAX as u64)?.map(|n| n as usize),
            highlight: o
                .whole("highlight", 0, u32::MAX as u64)?
                .map(|n| n as usize),
            heatmap: o.flag("heatmap", d.heatmap)?,
        })
    }
}

impl ThumbnailOptions {
    fn read(value: &JsValue) -> Result<Self, JsError> {
        let o = Options::new(
            value,
            "drawNeuronThumbnails' options",
            &["resolution", "first", "xMin", "xMax", "yMin", "yMax"],
        )?;
        Ok(ThumbnailOptions {
            resolution: o.whole("resolution", 4, 64)?.map_or(20, |n| n as u32),
            first: o.whole("first", 0, 1 << 20)?.map_or(0, |n| n as usize),
            x_min: o.float("xMin")?,
            x_max: o.float("xMax")?,
            y_min: o.float("yMin")?,
            y_max: o.float("yMax")?,
        })
    }
}

/// Maps data coordinates to device pixels.
struct View {
    rect: Rect,
    width: f64,
    height: f64,
}

impl View {
    fn px(&self, x: f32, y: f32) -> (f64, f64) {
        let r = &self.rect;
        (
            (x - r.x_min) as f64 / (r.x_max - r.x_min) as f64 * self.width,
            (r.y_max - y) as f64 / (r.y_max - r.y_min) as f64 * self.height,
        )
    }
}

#[wasm_bindgen]
impl Playground {
    /// Draws the decision boundary, the points and optionally the separating
    /// lines into `canvas` (sized to its CSS box × devicePixelRatio).
    #[wasm_bindgen(js_name = drawBoundary)]
    pub fn draw_boundary(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement")] canvas: JsValue,
        options: Option<args::BoundaryOptionsArg>,
    ) -> Result<(), JsError> {
        let o: BoundaryOptions = BoundaryOptions::read(&args::given(options))?;
        let canvas = &canvas::canvas_arg(&canvas, "drawBoundary's canvas")?;
        self.painter.boundary(&self.trainer, canvas, &o)
    }
}

/// The rectangle given by drawing options, each missing edge taken from the
/// data set's square.
fn rect_or_domain(
    run: &Trainer,
    [x_min, x_max, y_min, y_max]: [Option<f32>; 4],
) -> Result<Rect, JsError> {
    let (lo, hi) = run.config().dataset.domain();
    Rect::new(
        x_min.unwrap_or(lo),
        x_max.unwrap_or(hi),
        y_min.unwrap_or(lo),
        y_max.unwrap_or(hi),
    )
    .map_err(core_error)
}

impl Painter {
    /// Draws `run`'s decision boundary, points and lines into `canvas`.
    pub(crate) fn boundary(
        &mut self,
        run: &Trainer,
        canvas: &HtmlCanvasElement,
        o: &BoundaryOptions,
    ) -> Result<(), JsError> {
        // Before anything is sized: a run of images has no plane to draw.
        run.check_plane("drawBoundary").map_err(core_error)?;
        let rect = rect_or_domain(run, [o.x_min, o.x_max, o.y_min, o.y_max])?;
        let hidden = run.hidden_neurons();
        if let Some(k) = o.neuron {
            if k >= hidden {
                return Err(error(format!(
                    "neuron must be a hidden neuron from 0 to {}, got {k}",
                    hidden as i64 - 1
                )));
            }
        }
        let data = run.data();
        if let Some(i) = o.highlight {
            if i >= data.train.len() {
                return Err(error(format!(
                    "highlight must be a training point's index from 0 to {}, got {i}",
                    data.train.len() as i64 - 1
                )));
            }
        }
        let surface = canvas::prepare(canvas)?;
        let scratch = self.scratch()?;
        if o.heatmap {
            self.paint_heatmap(run, &surface, &scratch, &rect, o)?;
        } else {
            surface.ctx.set_fill_style_str("#fff");
            surface
                .ctx
                .fill_rect(0.0, 0.0, surface.width, surface.height);
        }
        let view = View {
            rect,
            width: surface.width,
            height: surface.height,
        };
        if o.show_lines {
            paint_lines(run, &surface, &view);
        }
        self.paint_points_layer(run, &surface, &view, o.show_train, o.show_test)?;
        let radius = point_radius(&surface, data.train.len() + data.test.len());
        let highlighted = o.highlight.filter(|&i| i < data.train.len());
        if let Some(p) = highlighted.map(|i| data.train.point(i)) {
            let (x, y) = view.px(p.x1, p.x2);
            surface.ctx.begin_path();
            let _ = surface
                .ctx
                .arc(x, y, radius * 2.2, 0.0, std::f64::consts::TAU);
            surface.ctx.set_stroke_style_str("#000");
            surface.ctx.set_line_width(2.5 * surface.dpr);
            surface.ctx.stroke();
        }
        Ok(())
    }

    fn paint_heatmap(
        &mut self,
        run: &Trainer,
        surface: &Surface,
        scratch: &HtmlCanvasElement,
        rect: &Rect,
        o: &BoundaryOptions,
    ) -> Result<(), JsError> {
        let n = o.resolution as usize;
        let cells = n * n;
        let task = run.task();
        let (values_per_cell, offset) = match o.neuron {
            Some(k) => {
                self.grid.resize(cells * run.hidden_neurons(), 0.0);
                self.probe
                    .neuron_grids_into(run, n, rect, &mut self.grid)
                    .map_err(core_error)?;
                (1, k * cells)
            }
            None => {
                self.grid.resize(cells * run.outputs(), 0.0);
                self.probe
                    .decision_grid_into(run, n, rect, &mut self.grid)
                    .map_err(core_error)?;
                (run.outputs(), 0)
            }
        };
        // A hidden neuron's output is shown on the diverging scale: tanh and
        // linear units around 0, sigmoid and ReLU units from 0 upwards.
        let neuron_activation = o.neuron.and_then(|k| hidden_activation(run, k));
        self.pixels.resize(cells * 4, 255);
        for i in 0..cells {
            let cell = &self.grid[offset + i * values_per_cell..offset + (i + 1) * values_per_cell];
            let rgb: Rgb = match (neuron_activation, task) {
                (Some(act), _) => neuron_colour(act, cell[0], o.discretize),
                (None, Task::Multiclass { classes }) => {
                    if o.discretize {
                        let best = task.predicted_class(|k| cell[k]).unwrap_or(0);
                        let mut one_hot = [0.0f32; 8];
                        one_hot[best.min(7)] = 1.0;
                        palette::blend(&one_hot[..classes.min(8)])
                    } else {
                        palette::blend(cell)
                    }
                }
                (None, Task::Binary) => {
                    let t = 2.0 * cell[0] - 1.0;
                    palette::diverging(if o.discretize { t.signum() } else { t })
                }
                (None, Task::Regression) => palette::diverging(if o.discretize {
                    cell[0].signum()
                } else {
                    cell[0]
                }),
            };
            self.pixels[4 * i..4 * i + 3].copy_from_slice(&rgb);
            self.pixels[4 * i + 3] = 255;
        }
        canvas::blit(
            surface,
            scratch,
            &self.pixels,
            n as u32,
            n as u32,
            (0.0, 0.0, surface.width, surface.height),
            !o.discretize,
        )
    }
}

/// The first layer's separating lines.
fn paint_lines(run: &Trainer, surface: &Surface, view: &View) {
    // Lines exist only for x1/x2 inputs; with other features there are
    // none to draw, which is not an error for a drawing call.
    let Ok(lines) = run.separating_lines() else {
        return;
    };
    let ctx = &surface.ctx;
    ctx.set_line_width(1.5 * surface.dpr);
    ctx.set_stroke_style_str("rgba(30,30,30,0.75)");
    for line in lines {
        if let Some([a, b]) = line.clip(&view.rect) {
            let (x0, y0) = view.px(a.0, a.1);
            let (x1, y1) = view.px(b.0, b.1);
            ctx.begin_path();
            ctx.move_to(x0, y0);
            ctx.line_to(x1, y1);
            ctx.stroke();
        }
    }
}

/// The colour of a hidden neuron's output `v`: tanh and linear units on the
/// diverging scale around 0, sigmoid units around 0.5, ReLUs from 0 up.
fn neuron_colour(activation: nnplay_core::Activation, v: f32, discretize: bool) -> Rgb {
    let t = match activation {
        nnplay_core::Activation::Sigmoid => 2.0 * v - 1.0,
        _ => v,
    };
    palette::diverging(if discretize { t.signum() } else { t })
}

#[wasm_bindgen]
impl Playground {
    /// Paints every hidden neuron's output into its own small canvas:
    /// `canvases[k]` shows hidden neuron `first + k` (counted layer by
    /// layer; `options.first` defaults to 0), all from one batched pass over
    /// the grid.
    #[wasm_bindgen(js_name = drawNeuronThumbnails)]
    pub fn draw_neuron_thumbnails(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement[]")] canvases: JsValue,
        options: Option<args::ThumbnailOptionsArg>,
    ) -> Result<(), JsError> {
        let o: ThumbnailOptions = ThumbnailOptions::read(&args::given(options))?;
        if !crate::js::is_array(&canvases) {
            return Err(error(format!(
                "drawNeuronThumbnails needs an array of canvases, got {}",
                args::describe(&canvases)
            )));
        }
        let hidden = self.trainer.hidden_neurons();
        let list =
            crate::js::items(&canvases, hidden.saturating_sub(o.first)).map_err(|e| match e {
                crate::js::ItemsError::TooLong(n) => error(format!(
                    "there are {hidden} hidden neurons but {n} canvases from neuron {}",
                    o.first
                )),
                crate::js::ItemsError::Unreadable => error(
                    "drawNeuronThumbnails' canvases could not be read (a getter or a Proxy threw)",
                ),
            })?;
        let mut targets = Vec::with_capacity(list.len());
        for (k, item) in list.iter().enumerate() {
            targets.push(canvas::canvas_arg(
                item,
                &format!("drawNeuronThumbnails's canvases[{k}]"),
            )?);
        }
        self.painter.neuron_thumbnails(&self.trainer, &targets, &o)
    }
}

impl Painter {
    /// Paints hidden neurons `o.first..` of `run` into `targets`, one each.
    pub(crate) fn neuron_thumbnails(
        &mut self,
        run: &Trainer,
        targets: &[HtmlCanvasElement],
        o: &ThumbnailOptions,
    ) -> Result<(), JsError> {
        run.check_plane("drawNeuronThumbnails")
            .map_err(core_error)?;
        let hidden = run.hidden_neurons();
        let rect = rect_or_domain(run, [o.x_min, o.x_max, o.y_min, o.y_max])?;
        let n = o.resolution as usize;
        let cells = n * n;
        self.grid.resize(cells * hidden, 0.0);
        self.probe
            .neuron_grids_into(run, n, &rect, &mut self.grid)
            .map_err(core_error)?;
        let scratch = self.scratch()?;
        self.pixels.resize(cells * 4, 255);
        for (canvas, k) in targets.iter().zip(o.first..) {
            let activation = hidden_activation(run, k).unwrap_or(nnplay_core::Activation::Tanh);
            for i in 0..cells {
                let rgb = neuron_colour(activation, self.grid[k * cells + i], false);
                self.pixels[4 * i..4 * i + 3].copy_from_slice(&rgb);
                self.pixels[4 * i + 3] = 255;
            }
            let surface = canvas::prepare(canvas)?;
            let (w, h) = (surface.width, surface.height);
            canvas::blit(
                &surface,
                &scratch,
                &self.pixels,
                n as u32,
                n as u32,
                (0.0, 0.0, w, h),
                true,
            )?;
        }
        Ok(())
    }
}

/// The radius of a point in device pixels.
fn point_radius(surface: &Surface, points: usize) -> f64 {
    let radius =
        (surface.width.min(surface.height) / 110.0).clamp(2.5 * surface.dpr, 6.0 * surface.dpr);
    // A truth table's four points are the whole story: draw them large.
    if points <= 16 {
        radius * 2.5
    } else {
        radius
    }
}

impl Painter {
    /// Draws the points onto `surface` through a cached layer: the points are
    /// painted into their own canvas only when the data, the view or the
    /// canvas size changed; every other frame costs one `drawImage`.
    fn paint_points_layer(
        &mut self,
        run: &Trainer,
        surface: &Surface,
        view: &View,
        train: bool,
        test: bool,
    ) -> Result<(), JsError> {
        let r = &view.rect;
        let key = format!(
            "{}|{}x{}|{train}{test}|{} {} {} {}|{}",
            run.data_revision(),
            surface.width,
            surface.height,
            r.x_min,
            r.x_max,
            r.y_min,
            r.y_max,
            surface.dpr
        );
        let cached = matches!(&self.points_layer, Some((k, _)) if *k == key);
        if !cached {
            let layer = match self.points_layer.take() {
                Some((_, c)) => c,
                None => canvas::scratch_canvas()?,
            };
            layer.set_width(surface.width as u32);
            layer.set_height(surface.height as u32);
            let ctx = canvas::context_2d(&layer)?;
            ctx.clear_rect(0.0, 0.0, surface.width, surface.height);
            let layer_surface = Surface {
                ctx,
                width: surface.width,
                height: surface.height,
                dpr: surface.dpr,
            };
            let data = run.data();
            let radius = point_radius(surface, data.train.len() + data.test.len());
            if test {
                paint_points(&layer_surface, view, &data.test, data.task, radius, false)?;
            }
            if train {
                paint_points(&layer_surface, view, &data.train, data.task, radius, true)?;
            }
            self.points_layer = Some((key, layer));
        }
        if let Some((_, layer)) = &self.points_layer {
            surface
                .ctx
                .draw_image_with_html_canvas_element(layer, 0.0, 0.0)
                .map_err(|_| error("could not draw the points"))?;
        }
        Ok(())
    }
}

/// The activation of hidden neuron `k` (counting layer by layer).
fn hidden_activation(
    trainer: &nnplay_core::Trainer,
    mut k: usize,
) -> Option<nnplay_core::Activation> {
    let layers = trainer.network().layers();
    for layer in &layers[..layers.len() - 1] {
        if k < layer.units() {
            return Some(layer.activation());
        }
        k -= layer.units();
    }
    None
}

/// The colour group of a point: its class, or for regression its value
/// rounded to one of 21 shades.
fn group(task: Task, label: f32) -> usize {
    match task {
        Task::Regression => ((label.clamp(-1.0, 1.0) + 1.0) * 10.0).round() as usize,
        _ => label as usize,
    }
}

fn group_colour(task: Task, g: usize) -> Rgb {
    match task {
        Task::Regression => {
            let t = g as f32 / 10.0 - 1.0;
            if t < 0.0 {
                palette::mix(palette::NEUTRAL, palette::class(0), -t)
            } else {
                palette::mix(palette::NEUTRAL, palette::class(1), t)
            }
        }
        _ => palette::class(g),
    }
}

/// Draws `points` as discs: training points filled with a white rim, test
/// points white with a coloured rim. One path per colour.
fn paint_points(
    surface: &Surface,
    view: &View,
    points: &Samples,
    task: Task,
    r: f64,
    filled: bool,
) -> Result<(), JsError> {
    let groups = match task {
        Task::Binary => 2,
        Task::Multiclass { classes } => classes,
        Task::Regression => 21,
    };
    let ctx = &surface.ctx;
    let mut path = String::new();
    for g in 0..groups {
        path.clear();
        for p in points.points().filter(|p| group(task, p.label) == g) {
            let (x, y) = view.px(p.x1, p.x2);
            // A full circle as two arcs, in SVG path syntax.
            let (x, y, r) = (Tenths(x - r), Tenths(y), Tenths(r));
            let (d, back) = (Tenths(2.0 * r.0), Tenths(-2.0 * r.0));
            let _ = write!(path, "M{x} {y}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 {back} 0Z");
        }
        if path.is_empty() {
            continue;
        }
        let shape = Path2d::new_with_path_string(&path)
            .map_err(|_| error("could not build the points' path"))?;
        let colour = palette::css(group_colour(task, g));
        if filled {
            ctx.set_fill_style_str(&colour);
            ctx.set_stroke_style_str("#fff");
            ctx.set_line_width(surface.dpr);
        } else {
            ctx.set_fill_style_str("#fff");
            ctx.set_stroke_style_str(&colour);
            ctx.set_line_width(1.8 * surface.dpr);
        }
        ctx.fill_with_path_2d(&shape);
        ctx.stroke_with_path(&shape);
    }
    Ok(())
}

/// A pixel coordinate to a tenth, written with integers only: `{:.1}`
/// would bring the standard library's exact float printing into the module.
#[derive(Clone, Copy)]
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = (self.0 * 10.0).round() as i64;
        let sign = if n < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}.{}",
            n.unsigned_abs() / 10,
            n.unsigned_abs() % 10
        )
    }
}
