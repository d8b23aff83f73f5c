//! [`catch_panic`]: runs code the application gave persistence (a migration) so that a panic
//! in it is reported as an error instead of ending the load.
//!
//! Natively this is `catch_unwind`. On wasm a panic aborts instead of unwinding: it executes
//! `unreachable`, a trap. A trap unwinds the WebAssembly stack up to the nearest JavaScript
//! frame as a `RuntimeError`, so the code is called through JavaScript (`Reflect.apply` on a
//! Rust closure) and the exception caught there. The frames of the code that panicked are
//! abandoned without running their destructors: what they allocated leaks, and a lock or
//! `RefCell` borrow they held stays held. The panic hook has run before the trap, so the
//! message is where the app's hook puts it (the console, with `console_error_panic_hook`).

/// Runs `f`, returning `Err` with what is known of the panic if it panics.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned());
        match message {
            Some(message) => format!("it panicked: {message}"),
            None => "it panicked".to_owned(),
        }
    })
}

/// Runs `f`, returning `Err` with what is known of the panic if it panics.
#[cfg(target_arch = "wasm32")]
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    use wasm_bindgen::JsValue;

    let mut f = Some(f);
    let mut output = None;
    let called = call_from_javascript(
        &mut || {
            if let Some(f) = f.take() {
                output = Some(f());
            }
        },
        &JsValue::UNDEFINED,
        &js_sys::Array::new(),
    );
    match (called, output) {
        (Ok(_), Some(output)) => Ok(output),
        (Err(error), _) => Err(format!(
            "it panicked ({}); the app's panic hook, e.g. console_error_panic_hook, has its \
             message",
            super::web_storage::js_message(&error)
        )),
        (Ok(_), None) => Err("it was not run".to_owned()),
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Reflect.apply(f, this, args)`: calls the Rust closure `f` from JavaScript, where a
    /// trap in it becomes an exception, which `catch` returns as `Err`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn call_from_javascript(
        f: &mut dyn FnMut(),
        this: &wasm_bindgen::JsValue,
        args: &js_sys::Array,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}
