//! The drawing side of a [`Playground`](crate::Playground): what it keeps
//! between frames, apart from the run it draws.
//!
//! The engine (the `Trainer`: network, data, optimizer state, histories) is
//! what changes; drawing only reads it. So each `draw*` method of the
//! handle checks its arguments and then calls a drawing function that takes
//! the run read-only (`&Trainer`, the state at this instant) and a canvas:
//! `Painter::boundary`, `Painter::neuron_thumbnails`,
//! `Painter::gradient_heatmap` and `draw_loss::loss_chart`. The painter owns
//! only reusable buffers and canvases; nothing a drawing does can change a
//! run's bits. In the page, the engine and the painter sit in one wasm
//! instance in a Web Worker, and the canvases are `OffscreenCanvas`es the
//! page handed over, so the snapshot is read where it is, never copied.

use nnplay_core::probe::Probe;
use wasm_bindgen::JsError;
use web_sys::HtmlCanvasElement;

/// Buffers and canvases drawing reuses between frames.
#[derive(Default)]
pub(crate) struct Painter {
    /// The buffers the grids run the network in.
    pub(crate) probe: Probe,
    /// Grid values and RGBA pixels.
    pub(crate) grid: Vec<f32>,
    pub(crate) pixels: Vec<u8>,
    scratch: Option<HtmlCanvasElement>,
    /// The points drawn once into their own canvas, reused while nothing
    /// they depend on changes (the key holds the run's data revision; see
    /// `draw_boundary.rs`).
    pub(crate) points_layer: Option<(String, HtmlCanvasElement)>,
}

impl Painter {
    /// The reusable off-screen canvas, made on first use.
    pub(crate) fn scratch(&mut self) -> Result<HtmlCanvasElement, JsError> {
        if let Some(c) = &self.scratch {
            return Ok(c.clone());
        }
        let c = crate::canvas::scratch_canvas()?;
        self.scratch = Some(c.clone());
        Ok(c)
    }
}
