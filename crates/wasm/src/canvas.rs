//! Canvas plumbing shared by the drawing functions: sizing a canvas to its
//! CSS box times `devicePixelRatio` (sharp on phones and retina screens), and
//! painting a small RGBA image scaled into a rectangle with one
//! `putImageData` and one `drawImage`.

use crate::args::error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A canvas ready to draw on, in device pixels.
pub struct Surface {
    /// The 2D context.
    pub ctx: CanvasRenderingContext2d,
    /// Width in device pixels.
    pub width: f64,
    /// Height in device pixels.
    pub height: f64,
    /// Device pixels per CSS pixel: multiply line widths and font sizes by it.
    pub dpr: f64,
}

/// The `<canvas>` element a drawing method was given, checked here: a
/// drawing method takes its canvas as a plain `JsValue`, because a web-sys
/// call on `null` or on a `<div>` would throw a JavaScript exception through
/// the `&mut self` method and leave the Playground borrowed for good.
pub fn canvas_arg(value: &JsValue, name: &str) -> Result<HtmlCanvasElement, JsError> {
    value
        .dyn_ref::<HtmlCanvasElement>()
        .cloned()
        .ok_or_else(|| {
            error(format!(
                "{name} must be a <canvas> element, got {}",
                crate::args::describe(value)
            ))
        })
}

/// Device pixels per CSS pixel: the global `devicePixelRatio` — a
/// window's, or in the engine's worker the page's, handed over by
/// `web/engine-host.js` — and 1 where there is none.
pub fn device_pixel_ratio() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("devicePixelRatio"))
        .ok()
        .and_then(|r| r.as_f64())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
        .clamp(1.0, 4.0)
}

/// Sizes `canvas` to its CSS box in device pixels (when it has one; a canvas
/// not in the page, or an `OffscreenCanvas`, keeps its own size) and returns
/// its 2D context.
pub fn prepare(canvas: &HtmlCanvasElement) -> Result<Surface, JsError> {
    let dpr = device_pixel_ratio();
    let (css_w, css_h) = (canvas.client_width(), canvas.client_height());
    if css_w > 0 && css_h > 0 {
        let w = (css_w as f64 * dpr).round() as u32;
        let h = (css_h as f64 * dpr).round() as u32;
        if canvas.width() != w {
            canvas.set_width(w);
        }
        if canvas.height() != h {
            canvas.set_height(h);
        }
    }
    // A canvas outside the page draws at 1:1; an OffscreenCanvas (it has no
    // CSS box at all) was sized by the engine for the page's pixel ratio.
    let offscreen =
        !js_sys::Reflect::has(canvas, &JsValue::from_str("clientWidth")).unwrap_or(true);
    let dpr = if css_w > 0 || offscreen { dpr } else { 1.0 };
    let ctx = context_2d(canvas)?;
    if canvas.width() == 0 || canvas.height() == 0 {
        return Err(error(
            "the canvas has no area: give it a width and a height",
        ));
    }
    Ok(Surface {
        ctx,
        width: canvas.width() as f64,
        height: canvas.height() as f64,
        dpr,
    })
}

/// Paints `pixels` (RGBA, `w × h`) scaled into the rectangle
/// (`x`, `y`, `dw`, `dh`) of `surface`, smoothing the scale-up if `smooth`.
/// `scratch` is a reusable off-screen canvas.
#[allow(clippy::too_many_arguments)]
pub fn blit(
    surface: &Surface,
    scratch: &HtmlCanvasElement,
    pixels: &[u8],
    w: u32,
    h: u32,
    (x, y, dw, dh): (f64, f64, f64, f64),
    smooth: bool,
) -> Result<(), JsError> {
    if scratch.width() != w {
        scratch.set_width(w);
    }
    if scratch.height() != h {
        scratch.set_height(h);
    }
    let scratch_ctx = context_2d(scratch)?;
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(pixels), w, h)
        .map_err(|_| error("could not make an image of the grid"))?;
    scratch_ctx
        .put_image_data(&image, 0.0, 0.0)
        .map_err(|_| error("could not paint the grid"))?;
    surface.ctx.set_image_smoothing_enabled(smooth);
    surface
        .ctx
        .draw_image_with_html_canvas_element_and_dw_and_dh(scratch, x, y, dw, dh)
        .map_err(|_| error("could not draw the grid onto the canvas"))?;
    surface.ctx.set_image_smoothing_enabled(true);
    Ok(())
}

/// The 2D context of `canvas`.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| error("the canvas has no 2D context (is it already used for WebGL?)"))
}

/// A plotters drawing area with `f32` coordinates on both axes.
pub type Plot = plotters::prelude::DrawingArea<
    plotters_canvas::CanvasBackend,
    plotters::prelude::Cartesian2d<
        plotters::coord::types::RangedCoordf32,
        plotters::coord::types::RangedCoordf32,
    >,
>;

/// A chart's plotting area on `area`, inside `margins` (left, top, right,
/// bottom, in device pixels), as plotters' drawing area with the
/// coordinates `x` × `y`, and as (x, y, width, height) in pixels for the
/// axes and images drawn with the canvas itself.
///
/// The arithmetic of plotters' `ChartBuilder`, done here: the charts draw
/// their own axes, and the builder's label-area layout cost the module 10 KB.
pub fn plot_area(
    area: &plotters::prelude::DrawingArea<plotters_canvas::CanvasBackend, plotters::coord::Shift>,
    (left, top, right, bottom): (f64, f64, f64, f64),
    x: std::ops::Range<f32>,
    y: std::ops::Range<f32>,
) -> (Plot, (f64, f64, f64, f64)) {
    let inner = area.margin(top as i32, bottom as i32, left as i32, right as i32);
    let (xs, ys) = inner.get_pixel_range();
    let rect = (
        xs.start as f64,
        ys.start as f64,
        (xs.end - xs.start).max(1) as f64,
        (ys.end - ys.start).max(1) as f64,
    );
    // As ChartBuilder does: the last pixel is the range's end, and y grows upwards.
    let pixels = (xs.start..xs.end - 1, ys.end - 1..ys.start);
    let spec = plotters::prelude::Cartesian2d::<
        plotters::coord::types::RangedCoordf32,
        plotters::coord::types::RangedCoordf32,
    >::new(x, y, pixels);
    (inner.apply_coord_spec(spec), rect)
}

/// Maps a plotters error to a `JsError` saying what was being drawn.
pub fn plot_error<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> JsError + Copy {
    move |e| error(format!("drawing {what} failed: {e}"))
}

/// The whole of `canvas` as a white plotters drawing area.
pub fn plot_root(
    canvas: &HtmlCanvasElement,
) -> Result<
    plotters::prelude::DrawingArea<plotters_canvas::CanvasBackend, plotters::coord::Shift>,
    JsError,
> {
    use plotters::prelude::*;
    let root = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| error("plotters could not use the canvas"))?
        .into_drawing_area();
    root.fill(&WHITE).map_err(plot_error("the canvas"))?;
    Ok(root)
}

#[wasm_bindgen]
extern "C" {
    type OffscreenCanvas;
    #[wasm_bindgen(catch, constructor)]
    fn new(width: u32, height: u32) -> Result<OffscreenCanvas, JsValue>;
}

/// A new off-screen canvas: a `<canvas>` element in a page; in a worker,
/// an `OffscreenCanvas`, which has the methods the drawing calls by the
/// same names (web-sys calls methods by name, and the worker's
/// `web/engine-host.js` names its classes as a page's).
pub fn scratch_canvas() -> Result<HtmlCanvasElement, JsError> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
        .or_else(|| OffscreenCanvas::new(1, 1).ok().map(JsCast::unchecked_into))
        .ok_or_else(|| error("drawing needs a page with a document, or OffscreenCanvas"))
}

/// A chart label given by the page, cut to 40 characters (a label is a
/// word or two; a longer one is a mistake or an attack on the layout).
pub fn label(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// A number for an axis label: at most three significant digits, in
/// scientific notation when it is very large or very small.
pub fn axis_number(v: f32) -> String {
    let v = f64::from(v);
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-2..1e4).contains(&a) {
        scientific(v)
    } else if a >= 100.0 {
        fixed(v, 0)
    } else if a >= 10.0 {
        fixed(v, 1)
    } else {
        fixed(v, 2)
    }
}

// Fixed and scientific notation by integer arithmetic: `{:.2}` and `{:.1e}`
// would bring the standard library's exact float printing into the module
// (about 12 KB) for a chart label.

/// `v` with `digits` decimals (at most 3), like `{:.digits$}`.
pub fn fixed(v: f64, digits: u32) -> String {
    let scale = 10u64.pow(digits.min(3));
    let n = (v.abs() * scale as f64).round() as u64;
    let sign = if v < 0.0 && n != 0 { "-" } else { "" };
    if digits == 0 {
        format!("{sign}{n}")
    } else {
        let width = digits.min(3) as usize;
        format!("{sign}{}.{:0width$}", n / scale, n % scale)
    }
}

/// `v` in scientific notation with one decimal, like `{:.1e}` (`1.5e29`).
fn scientific(v: f64) -> String {
    let a = v.abs();
    if !a.is_finite() || a == 0.0 {
        return fixed(v, 0);
    }
    let mut exponent = a.log10().floor() as i32;
    let mut tenths = (a / 10f64.powi(exponent) * 10.0).round() as u64;
    if tenths >= 100 {
        tenths /= 10;
        exponent += 1;
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{}.{}e{exponent}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::axis_number;

    #[test]
    fn axis_numbers_are_short_whatever_their_size() {
        assert_eq!(axis_number(0.0), "0");
        assert_eq!(axis_number(0.25), "0.25");
        assert_eq!(axis_number(12.5), "12.5");
        assert_eq!(axis_number(1234.0), "1234");
        assert_eq!(axis_number(1.5e29), "1.5e29");
        assert_eq!(axis_number(3.4e38), "3.4e38");
        assert_eq!(axis_number(0.001), "1.0e-3");
    }
}

/// Round values from `lo` to `hi`, about `n` of them, a step of 1, 2 or 5
/// times a power of ten apart (whole numbers only if `whole`).
pub fn nice_ticks(lo: f64, hi: f64, n: usize, whole: bool) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || n == 0 {
        return Vec::new();
    }
    let rough = (hi - lo) / n as f64;
    let power = 10f64.powi(rough.log10().floor() as i32);
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power);
    if whole {
        step = step.max(1.0).round();
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    // Never more than a few dozen, whatever the range.
    (first..=last.min(first + 50))
        .map(|k| k as f64 * step)
        .collect()
}

/// What an axis shows: its ticks with their labels, and its title.
pub struct Axis<'a> {
    /// Data values of the ticks.
    pub ticks: Vec<f64>,
    /// The label of a tick.
    pub label: &'a dyn Fn(f64) -> String,
    /// The axis's title ("" for none).
    pub title: &'a str,
}

/// Draws grid lines, tick labels and titles around the plotting area
/// `(left, top, width, height)` for the ranges `x` and `y`, with the
/// canvas's own text functions. (plotters measures text by adding a styled
/// `span` to the page, which a strict Content-Security-Policy forbids.)
/// `grid`: draw a light line across the plot at each tick.
pub fn draw_axes(
    surface: &Surface,
    (left, top, width, height): (f64, f64, f64, f64),
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    x: &Axis,
    y: &Axis,
    grid: bool,
) {
    let ctx = &surface.ctx;
    let dpr = surface.dpr;
    let px = |v: f64| left + (v - x0) / (x1 - x0) * width;
    let py = |v: f64| top + height - (v - y0) / (y1 - y0) * height;
    ctx.set_line_width(dpr);
    if grid {
        ctx.set_stroke_style_str("rgb(215,215,215)");
        ctx.begin_path();
        for &t in &x.ticks {
            ctx.move_to(px(t).round() + 0.5, top);
            ctx.line_to(px(t).round() + 0.5, top + height);
        }
        for &t in &y.ticks {
            ctx.move_to(left, py(t).round() + 0.5);
            ctx.line_to(left + width, py(t).round() + 0.5);
        }
        ctx.stroke();
    }
    // The axes just outside the plot, so they never blend into its edge.
    let (x_axis, y_axis) = ((top + height).round() + 0.5 * dpr, left.round() - 0.5 * dpr);
    ctx.set_stroke_style_str("rgb(90,90,90)");
    ctx.begin_path();
    ctx.move_to(y_axis, top);
    ctx.line_to(y_axis, x_axis);
    ctx.line_to(left + width, x_axis);
    ctx.stroke();
    ctx.set_font(&format!("{}px sans-serif", (12.0 * dpr).round()));
    ctx.set_fill_style_str("rgb(60,60,60)");
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for &t in &x.ticks {
        let _ = ctx.fill_text(&(x.label)(t), px(t), top + height + 4.0 * dpr);
    }
    if !x.title.is_empty() {
        let _ = ctx.fill_text(
            label(x.title),
            left + width / 2.0,
            top + height + 18.0 * dpr,
        );
    }
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for &t in &y.ticks {
        let _ = ctx.fill_text(&(y.label)(t), left - 5.0 * dpr, py(t));
    }
    if !y.title.is_empty() {
        ctx.save();
        let _ = ctx.translate(left - 36.0 * dpr, top + height / 2.0);
        let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
        ctx.set_text_align("center");
        ctx.set_text_baseline("bottom");
        let _ = ctx.fill_text(label(y.title), 0.0, 0.0);
        ctx.restore();
    }
}

#[cfg(test)]
mod tick_tests {
    use super::nice_ticks;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 1.0, 5, false),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(0.0, 7.0, 4, true), vec![0.0, 2.0, 4.0, 6.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 4, true), vec![0.0, 1.0]);
        assert_eq!(
            nice_ticks(-6.0, 0.0, 6, true),
            vec![-6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0]
        );
        assert!(nice_ticks(0.0, 1.1e12, 5, false).len() <= 8);
        assert!(nice_ticks(f64::NAN, 1.0, 5, false).is_empty());
    }
}
