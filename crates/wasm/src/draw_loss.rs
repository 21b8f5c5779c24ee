//! `drawLossChart`: training and test loss over epochs, drawn with plotters
//! (backend → drawing area → chart → mesh → series). The history is bounded
//! (older epochs are averaged in pairs), so the chart has a bounded number of
//! points however long training runs.

use crate::args;
use crate::canvas::{self, whole_number_label};
use crate::Playground;
use nnplay_core::trainer::loss_columns as col;
use plotters::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Options of `drawLossChart`; every field is optional.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LossChartOptions {
    /// Plot log₁₀ of the loss (default false).
    log_scale: bool,
    /// Draw the test loss too (default true).
    show_test: bool,
}

impl Default for LossChartOptions {
    fn default() -> Self {
        LossChartOptions {
            log_scale: false,
            show_test: true,
        }
    }
}

/// Train and test colours: blue solid and vermillion dashed, told apart by
/// line style as well as colour.
const TRAIN: RGBColor = RGBColor(0, 114, 178);
const TEST: RGBColor = RGBColor(213, 94, 0);

#[wasm_bindgen]
impl Playground {
    /// Draws the loss chart into `canvas`.
    #[wasm_bindgen(js_name = drawLossChart)]
    pub fn draw_loss_chart(
        &self,
        canvas: &HtmlCanvasElement,
        options: Option<args::LossChartOptionsArg>,
    ) -> Result<(), JsError> {
        let o: LossChartOptions = args::object(&args::given(options), "drawLossChart's options")?;
        let surface = canvas::prepare(canvas)?;
        let dpr = surface.dpr;
        let history = self.trainer.loss_history();
        let y = |v: f32| if o.log_scale { v.max(1e-8).log10() } else { v };
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
        let last_epoch = (self.trainer.summary().epoch as f32).max(1.0);
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
        let font = ("sans-serif", 12.0 * dpr).into_font();
        let mut chart = ChartBuilder::on(&root)
            .margin((8.0 * dpr) as i32)
            .x_label_area_size((34.0 * dpr) as i32)
            .y_label_area_size((44.0 * dpr) as i32)
            .build_cartesian_2d(0f32..last_epoch, lo..hi)
            .map_err(draw_error)?;
        let log = o.log_scale;
        chart
            .configure_mesh()
            // Only the labelled grid lines: light lines cost draw calls and clutter.
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(215, 215, 215))
            .axis_style(RGBColor(90, 90, 90))
            .label_style(font.clone().color(&RGBColor(60, 60, 60)))
            .x_labels(5)
            .y_labels(5)
            .x_desc("epoch")
            .y_desc(if log { "loss (log)" } else { "loss" })
            .x_label_formatter(&whole_number_label)
            .y_label_formatter(&|v| {
                if log {
                    format!("1e{v:.0}")
                } else {
                    format!("{v:.2}")
                }
            })
            .draw()
            .map_err(draw_error)?;
        let width = (2.0 * dpr) as u32;
        chart
            .draw_series(LineSeries::new(train, TRAIN.stroke_width(width)))
            .map_err(draw_error)?
            .label("train")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], TRAIN.stroke_width(width))
            });
        if !test.is_empty() {
            let dash = (5.0 * dpr) as u32;
            chart
                .draw_series(DashedLineSeries::new(
                    test,
                    dash,
                    dash,
                    TEST.stroke_width(width),
                ))
                .map_err(draw_error)?
                .label("test")
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], TEST.stroke_width(width))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font(font)
            .draw()
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
        Ok(())
    }
}
