//! [`WebStorage`]: the record as JSON text under a key in `localStorage` or `sessionStorage`,
//! through gloo-storage. It exists on every target, so that a component rendered on the server and
//! hydrated in the browser compiles for both; off the browser they cannot be reached.

#[cfg(target_arch = "wasm32")]
use super::record;
use super::{
    StorageError,
    backend::{Backend, OnWrite, Pending, Watch},
};
use serde_json::Value;

/// The browser's Web Storage: a record as JSON text under a key, in `localStorage`
/// ([`WebStorage::local`]) or `sessionStorage` ([`WebStorage::session`]). Synchronous, so a
/// store loads its state before the first render (after hydration, in a server-rendered app).
///
/// - `localStorage` is kept across reloads and shared by the origin's tabs, which hear each
///   other's writes through the `storage` event.
/// - `sessionStorage` is kept across reloads of one tab, and dropped when the tab is closed.
///
/// The stored text is checked before it is decoded: text that is not JSON, and text with an
/// unpaired UTF-16 surrogate (which JavaScript can store and Rust text cannot hold
/// unchanged), is [`StorageError::Corrupt`], so persistence keeps it as it is and reports
/// it. A `storage` event is only a reason to read the storage again: what it says is not
/// taken, so one made by a script can do no more than a real one.
///
/// Off the browser (rendering on the server) it cannot be
/// [reached](Backend::reachable): persistence loads and writes nothing through it there, and
/// a direct read or write returns [`StorageError::Unavailable`].
///
/// (Named for the Web Storage standard rather than `LocalStorage`, which `leptos::prelude`
/// already uses for its arena storage.)
#[derive(Debug, Clone)]
pub struct WebStorage {
    area: Area,
    key: String,
}

impl WebStorage {
    /// The record under `key` in `localStorage`.
    pub fn local(key: impl Into<String>) -> Self {
        WebStorage {
            area: Area::Local,
            key: key.into(),
        }
    }

    /// The record under `key` in `sessionStorage`.
    pub fn session(key: impl Into<String>) -> Self {
        WebStorage {
            area: Area::Session,
            key: key.into(),
        }
    }

    /// The record's key.
    pub fn key(&self) -> &str {
        &self.key
    }
}

#[derive(Debug, Clone, Copy)]
enum Area {
    Local,
    Session,
}

impl Area {
    fn name(self) -> &'static str {
        match self {
            Area::Local => "localStorage",
            Area::Session => "sessionStorage",
        }
    }
}

/// Off the browser there is no Web Storage.
#[cfg(not(target_arch = "wasm32"))]
impl Area {
    fn read(self, _key: &str) -> Result<Option<Value>, StorageError> {
        Err(self.unavailable())
    }

    fn write(self, _key: &str, _record: &Value) -> Result<(), StorageError> {
        Err(self.unavailable())
    }

    fn watch(self, _key: &str, _on_write: OnWrite) -> Option<Watch> {
        None
    }

    fn unavailable(self) -> StorageError {
        StorageError::Unavailable(format!(
            "{} exists only in the browser (this code runs on the server)",
            self.name()
        ))
    }
}

#[cfg(target_arch = "wasm32")]
use gloo_storage::{Storage as _, errors::StorageError as GlooError};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;

#[cfg(target_arch = "wasm32")]
impl Area {
    /// The storage, checked first: gloo-storage panics when it is missing.
    fn storage(self) -> Result<web_sys::Storage, StorageError> {
        let window = web_sys::window()
            .ok_or_else(|| StorageError::Unavailable("there is no `window`".into()))?;
        let storage = match self {
            Area::Local => window.local_storage(),
            Area::Session => window.session_storage(),
        };
        match storage {
            Ok(Some(storage)) => Ok(storage),
            Ok(None) => Err(StorageError::Unavailable(format!(
                "this browser has no {}",
                self.name()
            ))),
            Err(err) => Err(StorageError::Unavailable(js_message(&err))),
        }
    }

    fn read(self, key: &str) -> Result<Option<Value>, StorageError> {
        let storage = self.storage()?;
        let text = storage
            .unchecked_ref::<RawStorage>()
            .get_item(key)
            .map_err(|err| StorageError::Failed(js_message(&err)))?;
        if text.is_null() {
            return Ok(None);
        }
        let Ok(text) = text.dyn_into::<js_sys::JsString>() else {
            return Err(StorageError::Corrupt("the stored value is not text".into()));
        };
        // JavaScript text may hold an unpaired surrogate, which Rust text cannot: converted,
        // it would become U+FFFD and load as if valid, and the first write would replace the
        // original with the altered copy.
        if !text.is_valid_utf16() {
            return Err(StorageError::Corrupt(
                "the text holds an unpaired UTF-16 surrogate, which cannot be read without \
                 altering it"
                    .into(),
            ));
        }
        record::parse(&String::from(text)).map(Some)
    }

    fn write(self, key: &str, record: &Value) -> Result<(), StorageError> {
        self.storage()?;
        let written = match self {
            Area::Local => gloo_storage::LocalStorage::set(key, record),
            Area::Session => gloo_storage::SessionStorage::set(key, record),
        };
        match written {
            Ok(()) => Ok(()),
            Err(GlooError::JsError(err)) if err.name == "QuotaExceededError" => {
                Err(StorageError::QuotaExceeded(err.message))
            }
            Err(err) => Err(StorageError::Failed(err.to_string())),
        }
    }

    /// Reports each write to `key` in this storage made by another tab.
    fn watch(self, key: &str, on_write: OnWrite) -> Option<Watch> {
        // Listens even while the storage is unavailable: a tab whose storage comes back
        // hears other tabs again.
        let window = web_sys::window()?;
        let key = key.to_owned();
        let listener = super::listener::Listener::add(&window, "storage", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                return;
            };
            let same_area = match (event.storage_area(), self.storage()) {
                (Some(area), Ok(storage)) => area == storage,
                _ => false,
            };
            if !same_area || event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            // A removed key (or a cleared storage) is not a state to take. What the event
            // carries is not trusted either: persistence reads the storage itself.
            if event.new_value().is_some() {
                on_write();
            }
        })?;
        Some(Watch::new(listener))
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A `Storage`, through a binding of our own for `getItem`.
    type RawStorage;

    /// `Storage.getItem`, returning the JavaScript string as it is: `web_sys`' binding
    /// converts it to Rust text, which replaces unpaired surrogates.
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item(
        this: &RawStorage,
        key: &str,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// The message of a JavaScript exception.
#[cfg(target_arch = "wasm32")]
pub(crate) fn js_message(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

impl Backend for WebStorage {
    fn describe(&self) -> String {
        format!("{} `{}`", self.area.name(), self.key)
    }

    fn reachable(&self) -> bool {
        cfg!(target_arch = "wasm32")
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        Pending::Ready(self.area.read(&self.key))
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        Pending::Ready(self.area.write(&self.key, record))
    }

    fn watch(&self, on_write: OnWrite) -> Option<Watch> {
        self.area.watch(&self.key, on_write)
    }
}
