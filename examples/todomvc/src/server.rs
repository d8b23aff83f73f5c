//! [`Server`]: a stand-in for a backend that saves todos after a delay, or refuses them.

use std::{future::Future, sync::Arc};

/// A simulated server: answers each save after `delay_ms` milliseconds, refusing the texts
/// `refuses` picks.
#[derive(Clone)]
pub struct Server {
    delay_ms: i32,
    refuses: Arc<dyn Fn(&str) -> bool + Send + Sync>,
}

impl Server {
    /// A server that answers after `delay_ms` and refuses the todos for which `refuses`
    /// returns `true`.
    pub fn new(delay_ms: i32, refuses: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        Server {
            delay_ms,
            refuses: Arc::new(refuses),
        }
    }

    /// Saves the todo `text`: the future resolves after the delay, with an error if the
    /// server refuses it.
    pub fn save(&self, text: String) -> impl Future<Output = Result<(), String>> + 'static {
        let server = self.clone();
        async move {
            sleep(server.delay_ms).await;
            if (server.refuses)(&text) {
                Err(format!("the server refused \"{text}\""))
            } else {
                Ok(())
            }
        }
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("delay_ms", &self.delay_ms)
            .finish_non_exhaustive()
    }
}

/// Resolves after `millis` milliseconds, on the browser's timer.
async fn sleep(millis: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _id =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _resolved = wasm_bindgen_futures::JsFuture::from(promise).await;
}
