//! [`Backend`]: where persistence keeps one store's record, and how it hears other tabs.

use super::StorageError;
use serde_json::Value;
use std::{any::Any, fmt, future::Future, pin::Pin};

/// The answer of a backend: at once for a synchronous storage, later for an asynchronous one.
pub enum Pending<T> {
    /// The answer, available now.
    Ready(T),
    /// A future that gives the answer. Persistence runs it on the current thread: on the
    /// browser's event loop on wasm, and with `any_spawner`'s `Executor::spawn_local`
    /// elsewhere (set up by Leptos' `mount` functions, or by a test).
    Later(Pin<Box<dyn Future<Output = T>>>),
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Pending::Ready(_) => "Pending::Ready",
            Pending::Later(_) => "Pending::Later",
        })
    }
}

/// Something a backend keeps alive while it reports other tabs' writes, e.g. an event
/// listener; dropping it stops the reports.
pub struct Watch(#[allow(dead_code)] Box<dyn Any>);

impl Watch {
    /// Wraps whatever must stay alive (a listener, a channel) for the reports to go on.
    pub fn new(keep_alive: impl Any) -> Self {
        Watch(Box::new(keep_alive))
    }
}

impl fmt::Debug for Watch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Watch")
    }
}

/// Called by a backend when another tab may have written the record. Persistence then reads
/// what is stored, so a stray or forged announcement costs one read and changes nothing.
pub type OnWrite = std::sync::Arc<dyn Fn() + Send + Sync>;

/// What a [`Backend::read_and_write`] makes of the record it read: the record to write, or
/// `None` to write nothing.
pub type Merge = Box<dyn FnOnce(Result<Option<Value>, StorageError>) -> Option<Value>>;

/// Where persistence keeps one store's record: a key in a storage.
///
/// The record is a JSON value of the form `{"version": 2, "state": ...}`. The backend only
/// stores and returns it; persistence checks what comes back, since a stored value is
/// untrusted input (another version of the app, the user, or an extension may have written
/// it).
///
/// The crate has [`Memory`](super::Memory), and the browser's [`WebStorage`](super::WebStorage)
/// and [`IndexedDb`](super::IndexedDb), which exist on every target but can be reached only in
/// the browser. Implement this trait for any other storage.
///
/// # Examples
///
/// A backend that keeps the record in a file, synchronously:
///
/// ```
/// use leptos_state::{Backend, Pending, StorageError};
/// use serde_json::Value;
///
/// struct File(std::path::PathBuf);
///
/// impl Backend for File {
///     fn describe(&self) -> String {
///         format!("file {}", self.0.display())
///     }
///
///     fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
///         Pending::Ready(match std::fs::read_to_string(&self.0) {
///             Ok(text) => serde_json::from_str(&text)
///                 .map(Some)
///                 .map_err(|err| StorageError::Corrupt(err.to_string())),
///             Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
///             Err(err) => Err(StorageError::Failed(err.to_string())),
///         })
///     }
///
///     fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
///         Pending::Ready(
///             std::fs::write(&self.0, record.to_string())
///                 .map_err(|err| StorageError::Failed(err.to_string())),
///         )
///     }
/// }
/// ```
///
/// A backend is `Send + Sync`, like the stores it serves: it holds names and settings, and
/// reaches browser objects (which are neither) when it reads or writes, as the crate's own
/// backends do.
pub trait Backend: Send + Sync + 'static {
    /// Names the storage and key in errors and logs, e.g. ``localStorage `todos` ``.
    fn describe(&self) -> String;

    /// Whether the storage can be reached from where the code runs: the browser's storages
    /// cannot off the browser. Persistence to a storage it cannot reach loads and writes
    /// nothing, and the store keeps the state it was given. `true`, the default, for
    /// storages that exist everywhere. (While rendering on the server, persistence loads and
    /// writes nothing whatever the backend: the stored state is the browser's business.)
    fn reachable(&self) -> bool {
        true
    }

    /// Reads the record; `Ok(None)` when nothing is stored. A stored value the backend cannot
    /// decode at all is [`StorageError::Corrupt`], and must be left in place.
    fn read(&self) -> Pending<Result<Option<Value>, StorageError>>;

    /// Replaces the record.
    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>>;

    /// Reads the record and writes what `merge` makes of it, with no other tab's write in
    /// between: in one transaction, where the storage has them (IndexedDB). Tab sync writes
    /// this way, so that two tabs writing at once both keep what the other wrote.
    ///
    /// `None`, the default, means the storage cannot: persistence then reads and writes one
    /// after the other, which is as good for a synchronous storage within one tab, and
    /// leaves a moment between the read and the write in which another tab's write may land
    /// and be overwritten.
    fn read_and_write(&self, merge: Merge) -> Option<Pending<Result<(), StorageError>>> {
        let _ = merge;
        None
    }

    /// Starts calling `on_write` whenever *another* tab may have written the record, until
    /// the returned [`Watch`] is dropped. (Two `WebStorage` backends in
    /// the same tab do not hear each other: the browser sends the `storage` event to other
    /// tabs only.) `None`, the default, means the backend cannot hear other tabs.
    fn watch(&self, on_write: OnWrite) -> Option<Watch> {
        let _ = on_write;
        None
    }
}
