//! [`Memory`]: a backend in memory, for native tests and server-side rendering.

use super::{
    StorageError,
    backend::{Backend, OnWrite, Pending, Watch},
    record,
};
use crate::sync;
use serde_json::Value;
use std::{
    collections::HashMap,
    fmt,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

/// A storage in memory, holding JSON text by key, like `localStorage`.
///
/// `Memory::new(key)` makes an empty storage; clones share it (and stand for the same tab),
/// [`at`](Self::at) addresses another key in it, and [`another_tab`](Self::another_tab) is the
/// same key as another tab sees it: a write through one reaches the other's
/// [`watch`](Backend::watch), as the `storage` event does in a browser. Reads and writes are
/// synchronous, so loading happens inside [`Store::persist`](crate::Store::persist).
///
/// For tests it can also plant any text ([`set_raw`](Self::set_raw)), count writes
/// ([`writes`](Self::writes)) and fail them ([`refuse_writes`](Self::refuse_writes)).
///
/// # Examples
///
/// ```
/// use leptos_state::{ArcStore, Memory, PersistOptions};
/// # use leptos::prelude::GetUntracked;
///
/// let disk = Memory::new("count");
/// let first = ArcStore::new(0);
/// first.persist_any(disk.clone(), PersistOptions::new()).unwrap();
/// first.set("count", 5).unwrap();
///
/// // A fresh store reads what the first one wrote.
/// let second = ArcStore::new(0);
/// second.persist_any(disk.clone(), PersistOptions::new()).unwrap();
/// assert_eq!(second.get_untracked(), 5);
/// assert_eq!(disk.raw().unwrap(), r#"{"state":5,"version":1}"#);
/// ```
#[derive(Clone)]
pub struct Memory {
    disk: Arc<Disk>,
    key: Arc<str>,
    /// Which tab this instance stands for; writes are reported to the other tabs.
    tab: u64,
}

#[derive(Default)]
struct Disk {
    entries: Mutex<HashMap<Arc<str>, String>>,
    watchers: Mutex<Vec<Watcher>>,
    writes: AtomicU64,
    refusal: Mutex<Option<StorageError>>,
    next_id: AtomicU64,
}

struct Watcher {
    id: u64,
    tab: u64,
    key: Arc<str>,
    on_write: OnWrite,
}

impl Memory {
    /// A new, empty storage, addressed at `key`.
    pub fn new(key: impl Into<Arc<str>>) -> Self {
        let disk = Arc::new(Disk::default());
        let tab = disk.next_id.fetch_add(1, Ordering::Relaxed);
        Memory {
            disk,
            key: key.into(),
            tab,
        }
    }

    /// The same storage and tab, addressed at another key.
    pub fn at(&self, key: impl Into<Arc<str>>) -> Self {
        Memory {
            key: key.into(),
            ..self.clone()
        }
    }

    /// The same storage and key, as another tab sees it.
    pub fn another_tab(&self) -> Self {
        Memory {
            tab: self.disk.next_id.fetch_add(1, Ordering::Relaxed),
            ..self.clone()
        }
    }

    /// The text stored at this key.
    pub fn raw(&self) -> Option<String> {
        self.entries().get(&self.key).cloned()
    }

    /// Stores `text` at this key as it is, without telling anyone: e.g. garbage, for a test.
    pub fn set_raw(&self, text: impl Into<String>) {
        self.entries().insert(self.key.clone(), text.into());
    }

    /// How many writes this storage has taken, at every key.
    pub fn writes(&self) -> u64 {
        self.disk.writes.load(Ordering::Relaxed)
    }

    /// Makes every write fail with `error` until called again with `None`.
    pub fn refuse_writes(&self, error: Option<StorageError>) {
        *sync::lock(&self.disk.refusal) = error;
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, String>> {
        sync::lock(&self.disk.entries)
    }

    fn watchers(&self) -> std::sync::MutexGuard<'_, Vec<Watcher>> {
        sync::lock(&self.disk.watchers)
    }
}

impl Backend for Memory {
    fn describe(&self) -> String {
        format!("memory `{}`", self.key)
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        Pending::Ready(match self.raw() {
            None => Ok(None),
            Some(text) => record::parse(&text).map(Some),
        })
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        let refusal = sync::lock(&self.disk.refusal).clone();
        if let Some(error) = refusal {
            return Pending::Ready(Err(error));
        }
        self.disk.writes.fetch_add(1, Ordering::Relaxed);
        self.entries().insert(self.key.clone(), record.to_string());
        let others: Vec<OnWrite> = self
            .watchers()
            .iter()
            .filter(|watcher| watcher.key == self.key && watcher.tab != self.tab)
            .map(|watcher| watcher.on_write.clone())
            .collect();
        for on_write in others {
            on_write();
        }
        Pending::Ready(Ok(()))
    }

    fn watch(&self, on_write: OnWrite) -> Option<Watch> {
        let id = self.disk.next_id.fetch_add(1, Ordering::Relaxed);
        self.watchers().push(Watcher {
            id,
            tab: self.tab,
            key: self.key.clone(),
            on_write,
        });
        Some(Watch::new(Unwatch {
            disk: Arc::downgrade(&self.disk),
            id,
        }))
    }
}

/// Removes a watcher when its [`Watch`] is dropped.
struct Unwatch {
    disk: std::sync::Weak<Disk>,
    id: u64,
}

impl Drop for Unwatch {
    fn drop(&mut self) {
        if let Some(disk) = self.disk.upgrade() {
            sync::lock(&disk.watchers).retain(|watcher| watcher.id != self.id);
        }
    }
}

impl fmt::Debug for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Memory")
            .field("key", &self.key)
            .field("tab", &self.tab)
            .finish()
    }
}
