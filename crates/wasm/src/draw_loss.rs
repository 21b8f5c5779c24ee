//! `drawLossChart`: training and test loss over epochs, drawn with plotters
//! (backend → drawing area → chart → mesh → series). The history is bounded
//! (older epochs are averaged in pairs), so the chart has a bounded number of
//! points however long training runs.
//!
//! The axis range comes from finite values clamped to [`CEILING`]: a run
//! that blows up (losses of 10³⁸) must not hand plotters a range it cannot
//! divide into ticks. The legend sits above the plot, never on the newest
//! (rightmost) part of the curves.

use crate::args;
use crate::args::Options;
use crate::canvas;
use crate::palette;
use crate::Playground;
use nnplay_core::trainer::loss_columns as col;
use nnplay_core::Trainer;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Options of `drawLossChart`; every field is optional.
pub struct LossChartOptions {
    /// Plot log₁₀ of the loss (default false).
    log_scale: bool,
    /// Draw the test loss too (default true).
    show_test: bool,
    /// The chart's words, for a page in another language.
    labels: LossChartLabels,
}

impl Default for LossChartOptions {
    fn default() -> Self {
        LossChartOptions {
            log_scale: false,
            show_test: true,
            labels: LossChartLabels::default(),
        }
    }
}

/// The words of the loss chart; every field is optional (English defaults).
pub struct LossChartLabels {
    epoch: String,
    loss: String,
    log_loss: String,
    train: String,
    test: String,
}

impl Default for LossChartLabels {
    fn default() -> Self {
        LossChartLabels {
            epoch: "epoch".into(),
            loss: "loss".into(),
            log_loss: "loss (log)".into(),
            train: "train".into(),
            test: "test".into(),
        }
    }
}

impl LossChartOptions {
    fn read(value: &JsValue) -> Result<Self, JsError> {
        let o = Options::new(
            value,
            "drawLossChart's options",
            &["logScale", "showTest", "labels"],
        )?;
        let l = o.nested("labels", &["epoch", "loss", "logLoss", "train", "test"])?;
        let d = LossChartLabels::default();
        Ok(LossChartOptions {
            log_scale: o.flag("logScale", false)?,
            show_test: o.flag("showTest", true)?,
            labels: LossChartLabels {
                epoch: l.text("epoch", &d.epoch)?,
                loss: l.text("loss", &d.loss)?,
                log_loss: l.text("logLoss", &d.log_loss)?,
                train: l.text("train", &d.train)?,
                test: l.text("test", &d.test)?,
            },
        })
    }
}

/// Train and test colours: blue solid and vermillion dashed, told apart by
/// line style as well as colour.
const TRAIN: RGBColor = RGBColor(palette::TRAIN[0], palette::TRAIN[1], palette::TRAIN[2]);
const TEST: RGBColor = RGBColor(palette::TEST[0], palette::TEST[1], palette::TEST[2]);

/// The largest loss the chart plots; a larger one runs along the top.
pub const CEILING: f32 = 1e12;
/// The smallest loss the log scale shows.
const FLOOR: f32 = 1e-8;

#[wasm_bindgen]
impl Playground {
    /// Draws the loss chart into `canvas`.
    #[wasm_bindgen(js_name = drawLossChart)]
    pub fn draw_loss_chart(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement")] canvas: JsValue,
        options: Option<args::LossChartOptionsArg>,
    ) -> Result<(), JsError> {
        let o: LossChartOptions = LossChartOptions::read(&args::given(options))?;
        let canvas = &canvas::canvas_arg(&canvas, "drawLossChart's canvas")?;
        loss_chart(&self.trainer, canvas, &o)
    }
}

/// Draws `run`'s loss history into `canvas`.
pub(crate) fn loss_chart(
    run: &Trainer,
    canvas: &HtmlCanvasElement,
    o: &LossChartOptions,
) -> Result<(), JsError> {
    let surface = canvas::prepare(canvas)?;
    let dpr = surface.dpr;
    let history = run.loss_history();
    let y = |v: f32| {
        let v = v.min(CEILING);
        if o.log_scale {
            v.max(FLOOR).log10()
        } else {
            v
        }
    };
    let series = |c: usize| -> Vec<(f32, f32)> {
        (0..history.len())
            .map(|i| (history.row(i)[col::EPOCH], history.row(i)[c]))
            .filter(|(_, v)| v.is_finite())
            .map(|(e, v)| (e, y(v)))
            .collect()
    };
    let train = series(col::TRAIN_LOSS);
    let test = if o.show_test {
        series(col::TEST_LOSS)
    } else {
        Vec::new()
    };
    let last_epoch = (run.summary().epoch as f32).max(1.0);
    let (mut lo, mut hi) = train
        .iter()
        .chain(&test)
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if o.log_scale {
        (lo, hi) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
    } else {
        (lo, hi) = (0.0, (hi * 1.1).max(1e-3));
    }

    let root = canvas::plot_root(canvas)?;
    let draw_error = canvas::plot_error("the loss chart");
    // Margins: 8 px around, the legend strip on top, the axes' words
    // left (44 px) and below (34 px).
    let (chart, area) = canvas::plot_area(
        &root,
        (52.0 * dpr, LEGEND_HEIGHT * dpr, 8.0 * dpr, 42.0 * dpr),
        0f32..last_epoch,
        lo..hi,
    );
    // The axes and their words are drawn with the canvas's own text
    // functions (see `canvas::draw_axes`): plotters only plots.
    let log = o.log_scale;
    let y_label = |v: f64| {
        if log {
            format!("1e{}", v.round() as i32)
        } else {
            canvas::axis_number(v as f32)
        }
    };
    let x_label = |v: f64| canvas::fixed(v, 0);
    canvas::draw_axes(
        &surface,
        area,
        (0.0, last_epoch as f64),
        (lo as f64, hi as f64),
        &canvas::Axis {
            ticks: canvas::nice_ticks(0.0, last_epoch as f64, 5, true),
            label: &x_label,
            title: &o.labels.epoch,
        },
        &canvas::Axis {
            ticks: canvas::nice_ticks(lo as f64, hi as f64, 5, log),
            label: &y_label,
            title: if log {
                &o.labels.log_loss
            } else {
                &o.labels.loss
            },
        },
        true,
    );
    let width = (2.0 * dpr) as u32;
    let dash = (5.0 * dpr) as u32;
    chart
        .draw(&PathElement::new(train, TRAIN.stroke_width(width)))
        .map_err(draw_error)?;
    if !test.is_empty() {
        chart
            .draw(&plotters::element::DashedPathElement::new(
                test,
                dash,
                dash,
                TEST.stroke_width(width),
            ))
            .map_err(draw_error)?;
    }
    root.present().map_err(draw_error)?;
    draw_legend(&surface, o.show_test, &o.labels)
}

/// Height of the strip above the plot that holds the legend, in CSS pixels.
const LEGEND_HEIGHT: f64 = 22.0;

/// "— train  - - test" in the strip above the plot, right-aligned.
fn draw_legend(
    surface: &canvas::Surface,
    show_test: bool,
    labels: &LossChartLabels,
) -> Result<(), JsError> {
    let ctx = &surface.ctx;
    let dpr = surface.dpr;
    let y = LEGEND_HEIGHT * dpr / 2.0;
    ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    ctx.set_line_width(2.0 * dpr);
    let mut x = surface.width - 8.0 * dpr;
    let (train, test) = (canvas::label(&labels.train), canvas::label(&labels.test));
    let entries: &[(&str, [u8; 3], bool)] = if show_test {
        &[(test, palette::TEST, true), (train, palette::TRAIN, false)]
    } else {
        &[(train, palette::TRAIN, false)]
    };
    for &(name, colour, dashed) in entries {
        let text = ctx
            .measure_text(name)
            .map_err(|_| crate::args::error("could not measure the legend"))?
            .width();
        x -= text;
        ctx.set_fill_style_str("rgb(60,60,60)");
        let _ = ctx.fill_text(name, x, y);
        x -= 24.0 * dpr;
        let dash = js_sys::Array::new();
        if dashed {
            dash.push(&JsValue::from(5.0 * dpr));
            dash.push(&JsValue::from(4.0 * dpr));
        }
        let _ = ctx.set_line_dash(&dash);
        ctx.set_stroke_style_str(&palette::css(colour));
        ctx.begin_path();
        ctx.move_to(x, y);
        ctx.line_to(x + 18.0 * dpr, y);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        x -= 14.0 * dpr;
    }
    Ok(())
}
