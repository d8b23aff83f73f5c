//! [`IndexedDb`]: the record as structured data in an IndexedDB object store, through
//! indexed_db_futures and serde-wasm-bindgen; other tabs hear of writes on a
//! `BroadcastChannel`. The type exists on every target, so that a component rendered on the
//! server and hydrated in the browser compiles for both; off the browser it cannot be
//! reached.

#[cfg(not(target_arch = "wasm32"))]
use super::{
    StorageError,
    backend::{Backend, Pending},
};
#[cfg(not(target_arch = "wasm32"))]
use serde_json::Value;

/// A key in an IndexedDB object store. Reads and writes are asynchronous, so a store loads
/// its state after the first render: see [`Persist::hydrated`](super::Persist::hydrated).
///
/// The database and object store are created when missing (the database's version goes up by
/// one to add the object store). Each read or write opens the database and closes it again,
/// so this tab never holds up another tab's upgrade. If another tab holds the database open
/// while this one needs to upgrade it, the read or write fails with
/// [`StorageError::Blocked`](super::StorageError::Blocked) and is tried again on the next change.
///
/// With [`PersistOptions::sync_tabs`](super::PersistOptions::sync_tabs), each write is
/// announced on the `BroadcastChannel` `leptos-state:<database>/<object store>/<key>` with
/// the message `{"kind": "leptos-state/write", "version": 1, "from": <a number naming the
/// instance>}`. It carries no record: a tab that hears it reads the database. Any other
/// message on the channel (another script's, or another version of this library's) is
/// ignored, and the first one is logged as a warning.
///
/// A value under the key that is not a record, `null` and `undefined` included, is kept
/// and reported as [`PersistError::Unreadable`](super::PersistError::Unreadable), as in
/// the other backends; so is a record whose text holds an unpaired UTF-16 surrogate.
///
/// Off the browser (rendering on the server) it cannot be
/// [reached](super::Backend::reachable): persistence loads and writes nothing through it there, and
/// a direct read or write returns
/// [`StorageError::Unavailable`](super::StorageError::Unavailable).
#[derive(Debug, Clone)]
pub struct IndexedDb {
    database: String,
    object_store: String,
    key: String,
    /// Tells this instance's announcements from other tabs' and instances'.
    #[cfg(target_arch = "wasm32")]
    tag: f64,
}

impl IndexedDb {
    /// The record under `key` in `object_store` of `database`.
    pub fn new(
        database: impl Into<String>,
        object_store: impl Into<String>,
        key: impl Into<String>,
    ) -> Self {
        IndexedDb {
            database: database.into(),
            object_store: object_store.into(),
            key: key.into(),
            #[cfg(target_arch = "wasm32")]
            tag: js_sys::Math::random(),
        }
    }
}

/// Off the browser there is no IndexedDB.
#[cfg(not(target_arch = "wasm32"))]
impl Backend for IndexedDb {
    fn describe(&self) -> String {
        self.description()
    }

    fn reachable(&self) -> bool {
        false
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        Pending::Ready(Err(self.unavailable()))
    }

    fn write(&self, _record: &Value) -> Pending<Result<(), StorageError>> {
        Pending::Ready(Err(self.unavailable()))
    }
}

impl IndexedDb {
    fn description(&self) -> String {
        format!(
            "IndexedDB `{}`/`{}` key `{}`",
            self.database, self.object_store, self.key
        )
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn unavailable(&self) -> StorageError {
        StorageError::Unavailable(
            "IndexedDB exists only in the browser (this code runs on the server)".into(),
        )
    }

    #[cfg(target_arch = "wasm32")]
    fn channel_name(&self) -> String {
        format!(
            "leptos-state:{}/{}/{}",
            self.database, self.object_store, self.key
        )
    }
}

/// What reaches IndexedDB, in the browser.
#[cfg(target_arch = "wasm32")]
mod browser;
