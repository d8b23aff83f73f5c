//! Persistence: saving a store or a machine to storage after each change, and loading it
//! back, with versions, migrations and tab sync. The [`Persist`] handle reports how it goes.

mod backend;
mod error;
mod indexed_db;
#[cfg(target_arch = "wasm32")]
mod listener;
mod machine;
mod memory;
mod options;
#[cfg(target_arch = "wasm32")]
mod page;
mod panic_guard;
mod persister;
mod record;
mod revisions;
mod store;
mod thread_bound;
mod web_storage;

pub use backend::{Backend, Merge, OnWrite, Pending, Watch};
pub use error::{PersistError, StorageError};
pub use indexed_db::IndexedDb;
pub use memory::Memory;
pub use options::PersistOptions;
pub use web_storage::WebStorage;

use persister::Persister;
use reactive_graph::traits::{Get, GetUntracked};
use std::{fmt, future::Future, sync::Arc};

/// A store or machine being persisted: whether its stored value has been loaded, the latest
/// error, and control over writing.
///
/// Get one from [`Store::persist`](crate::Store::persist) (or
/// [`persist_any`](crate::Store::persist_any), [`Actor::persist`](crate::Actor::persist)).
/// Persistence goes on for as long as the store or machine lives, whether or not this handle
/// is kept; clones share the same state.
///
/// # When something goes wrong
///
/// Stored data is untrusted input, and the store never loses data because of it:
///
/// - **A stored value that cannot be used**: not valid JSON, not of the state's type,
///   refused by middleware, newer than [`PersistOptions::version`], or failing a
///   migration. The store keeps its current state (its default, when read at start),
///   [`error`](Self::error) says why, and the stored value stays as it is:
///   [`rejected`](Self::rejected) is `true` and nothing is written until
///   [`overwrite_stored`](Self::overwrite_stored) is called.
/// - **A storage that fails**: full, disabled, unavailable, or blocked by another tab. The
///   store keeps working in memory, [`error`](Self::error) says why, and the next change
///   tries again (reading first, if the stored value was never read).
///
/// Each error is also logged with the `log` crate at error level.
#[derive(Clone)]
pub struct Persist {
    persister: Arc<Persister>,
}

impl Persist {
    /// Whether the stored value has been read, loaded or not (reactive). `true` as soon as
    /// persistence is attached for a synchronous backend, in a client-rendered app. In a
    /// server-rendered app it is `false` on the server and while the page hydrates, and
    /// turns `true` once the stored value has been read after hydration.
    pub fn hydrated(&self) -> bool {
        self.persister.hydrated.get()
    }

    /// [`hydrated`](Self::hydrated), without tracking.
    pub fn hydrated_untracked(&self) -> bool {
        self.persister.hydrated.get_untracked()
    }

    /// Resolves once the stored value has been read (at once on the server, where nothing is
    /// read), e.g. to wait for it with `Suspense`:
    ///
    /// ```ignore
    /// let ready = LocalResource::new(move || persist.when_hydrated());
    /// view! { <Suspense fallback=|| "Loading…">{move || ready.get().map(|()| view! { <App/> })}</Suspense> }
    /// ```
    pub fn when_hydrated(&self) -> impl Future<Output = ()> + Send + 'static {
        self.persister.when_hydrated()
    }

    /// The latest error, until the operation that failed succeeds (reactive).
    pub fn error(&self) -> Option<PersistError> {
        self.persister.error.get()
    }

    /// [`error`](Self::error), without tracking.
    pub fn error_untracked(&self) -> Option<PersistError> {
        self.persister.error.get_untracked()
    }

    /// Whether the stored value was refused and is kept as it is, so nothing is written
    /// (reactive).
    pub fn rejected(&self) -> bool {
        self.persister.rejected.get()
    }

    /// [`rejected`](Self::rejected), without tracking.
    pub fn rejected_untracked(&self) -> bool {
        self.persister.rejected.get_untracked()
    }

    /// How many writes have succeeded (reactive).
    pub fn writes(&self) -> u64 {
        self.persister.writes.get()
    }

    /// [`writes`](Self::writes), without tracking.
    pub fn writes_untracked(&self) -> u64 {
        self.persister.writes.get_untracked()
    }

    /// When the last write succeeded, in milliseconds since the Unix epoch (the wall clock,
    /// `Date.now()` in the browser); `None` before the first (reactive).
    pub fn last_write(&self) -> Option<f64> {
        self.persister.last_write.get()
    }

    /// [`last_write`](Self::last_write), without tracking.
    pub fn last_write_untracked(&self) -> Option<f64> {
        self.persister.last_write.get_untracked()
    }

    /// Writes now any change not yet written, instead of waiting for the delay.
    pub fn flush(&self) {
        self.persister.flush();
    }

    /// Gives up a refused stored value: writes the current state over it now, and writes
    /// after each change again. Copy the stored value first if it matters.
    pub fn overwrite_stored(&self) {
        self.persister.overwrite_stored();
    }

    /// The backend and key, e.g. ``localStorage `todos` ``.
    pub fn backend(&self) -> &str {
        self.persister.backend_name()
    }
}

/// Two handles are equal when they report on the same persistence.
impl PartialEq for Persist {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.persister, &other.persister)
    }
}

impl Eq for Persist {}

impl fmt::Debug for Persist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Persist")
            .field("backend", &self.backend())
            .field("hydrated", &self.hydrated_untracked())
            .field("error", &self.error_untracked())
            .finish()
    }
}
