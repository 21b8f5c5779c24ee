//! nnplay's JavaScript API. The bindings arrive with the JavaScript-API issue;
//! for now the crate only proves that the core links into a wasm module.

use wasm_bindgen::prelude::*;

/// The version of nnplay, for the page's footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
