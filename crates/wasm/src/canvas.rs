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

/// Device pixels per CSS pixel (1 outside a window, e.g. in a worker test).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
        .clamp(1.0, 4.0)
}

/// Sizes `canvas` to its CSS box in device pixels (when it has one; a canvas
/// not in the page keeps its own size) and returns its 2D context.
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
    let dpr = if css_w > 0 { dpr } else { 1.0 };
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

/// A plotters chart's plotting area as (x, y, width, height) in pixels.
pub fn plot_rect((xs, ys): (std::ops::Range<i32>, std::ops::Range<i32>)) -> (f64, f64, f64, f64) {
    (
        xs.start as f64,
        ys.start as f64,
        (xs.end - xs.start) as f64,
        (ys.end - ys.start) as f64,
    )
}

/// Maps a plotters error to a `JsError` saying what was being drawn.
pub fn plot_error<E: std::fmt::Debug>(what: &'static str) -> impl Fn(E) -> JsError + Copy {
    move |e| error(format!("drawing {what} failed: {e:?}"))
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

/// A new off-screen canvas.
pub fn scratch_canvas() -> Result<HtmlCanvasElement, JsError> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
        .ok_or_else(|| error("drawing needs a page with a document"))
}

/// Axis labels for counts (epochs, steps): whole numbers only, so a short
/// axis does not read "0, 0, 1".
pub fn whole_number_label(v: &f32) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
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
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-2..1e4).contains(&a) {
        format!("{v:.1e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
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
