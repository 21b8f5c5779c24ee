//! Reading a caller's JavaScript values without running into their code.
//!
//! An exported `&mut self` method must never let a JavaScript exception
//! unwind through it: the handle would stay borrowed and every later call
//! would fail. Reading a value can run the caller's code — a getter, a
//! Proxy's trap, an array's iterator, `valueOf` — and that code can throw.
//! So every read of a value the caller handed over goes through here, and
//! each of these reads is a binding with `catch`: a throw becomes `None` or
//! an `Err`, which the caller turns into a refusal.
//!
//! Not used: `Array.from`, `new Float32Array(value)`, `Array.prototype.slice`
//! and the like, which iterate or convert with the caller's code.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_or_throw(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn keys_or_throw(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Float32Array, js_name = from)]
    fn float32_from_or_throw(value: &JsValue) -> Result<js_sys::Float32Array, JsValue>;
}

/// True if `value` is an array (a revoked Proxy counts as not one).
pub fn is_array(value: &JsValue) -> bool {
    is_array_or_throw(value).unwrap_or(false)
}

/// The own enumerable keys of an object, or `None` if listing them threw.
/// (`Object.keys` returns a fresh array of strings, safe to read.)
pub fn keys(value: &JsValue) -> Option<Vec<String>> {
    let keys = keys_or_throw(value).ok()?;
    Some(
        (0..keys.length())
            .map(|i| keys.get(i).as_string().unwrap_or_default())
            .collect(),
    )
}

/// `value[key]`, or `None` if reading it threw.
pub fn get(value: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).ok()
}

/// `value.length` as a whole number, or `None` if it is not one (or threw).
pub fn length(value: &JsValue) -> Option<u32> {
    let n = get(value, "length")?.as_f64()?;
    (n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n)).then_some(n as u32)
}

/// The items of an array of at most `max` items, read one by one: `Err`
/// says what was wrong (too long, or an item could not be read).
pub fn items(value: &JsValue, max: usize) -> Result<Vec<JsValue>, ItemsError> {
    let n = length(value).ok_or(ItemsError::Unreadable)? as usize;
    if n > max {
        return Err(ItemsError::TooLong(n));
    }
    (0..n as u32)
        .map(|i| js_sys::Reflect::get_u32(value, i).map_err(|_| ItemsError::Unreadable))
        .collect()
}

/// Why [`items`] refused an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemsError {
    /// It has this many items, more than allowed.
    TooLong(usize),
    /// Its length or an item could not be read (a getter or a Proxy threw).
    Unreadable,
}

/// The values of a `Float32Array` or `Float64Array` as `f32`s, at most
/// `max`: copied by `Float32Array.from` (with `catch`: a Proxy or a
/// look-alike throws there, not through the caller), and counted on that
/// fresh copy (an own `length` property on the caller's array can lie).
pub fn typed_floats(value: &JsValue, max: usize) -> Result<Vec<f32>, ItemsError> {
    let copy = float32_from_or_throw(value).map_err(|_| ItemsError::Unreadable)?;
    let n = copy.length() as usize;
    if n > max {
        return Err(ItemsError::TooLong(n));
    }
    Ok(copy.to_vec())
}
