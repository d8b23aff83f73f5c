//! What can go wrong when saving and loading: [`StorageError`] from a backend, and
//! [`PersistError`] as the application sees it.

/// Why a [`Backend`](super::Backend) could not read or write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The storage cannot be used at all: disabled by the user, missing in this browser, or
    /// refused by it (private browsing, an opaque origin).
    #[error("the storage is not available: {0}")]
    Unavailable(String),
    /// The storage is full.
    #[error("the storage is full: {0}")]
    QuotaExceeded(String),
    /// Another tab holds the database open at an older version and does not close it.
    #[error("another tab keeps the database open: {0}")]
    Blocked(String),
    /// The stored value is not one the backend can read (e.g. text that is not JSON). It is
    /// left as it is.
    #[error("the stored value cannot be read: {0}")]
    Corrupt(String),
    /// Any other failure, with the storage's own message.
    #[error("{0}")]
    Failed(String),
}

/// Why a store or machine could not be saved or loaded.
///
/// [`Persist::error`](super::Persist::error) holds the latest one, and each is also logged
/// with the `log` crate when it happens. None of them stops the store: it keeps working in
/// memory.
///
/// - A stored value that cannot be trusted ([`Unreadable`](Self::Unreadable),
///   [`NewerVersion`](Self::NewerVersion), [`NoMigration`](Self::NoMigration),
///   [`Migration`](Self::Migration)) leaves the store at its current state and the stored
///   value as it is: persistence does not write again until
///   [`Persist::overwrite_stored`](super::Persist::overwrite_stored) says so.
/// - A storage that fails ([`Read`](Self::Read), [`Write`](Self::Write)) is tried again on
///   the next change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PersistError {
    /// The backend could not read; the next change tries again, reading before it writes.
    #[error("could not read {backend}: {source}")]
    Read {
        /// The backend, e.g. ``localStorage `todos` ``.
        backend: String,
        /// What the backend reported.
        source: StorageError,
    },
    /// The backend could not write; the next change tries again.
    #[error("could not write {backend}: {source}")]
    Write {
        /// The backend.
        backend: String,
        /// What the backend reported.
        source: StorageError,
    },
    /// The stored value is not valid JSON, not a record persistence wrote, or not a value
    /// of the state's type.
    #[error("{backend} holds a value that cannot be loaded ({reason}); it is kept as it is")]
    Unreadable {
        /// The backend.
        backend: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The stored value was written by a newer version of the app.
    #[error(
        "{backend} holds version {stored}, newer than version {known} of this app; it is kept as it is"
    )]
    NewerVersion {
        /// The backend.
        backend: String,
        /// The stored version: any whole number above `known`, however large (one past
        /// `u64::MAX` is reported as `u64::MAX`).
        stored: u64,
        /// The version this app writes.
        known: u32,
    },
    /// The stored value is older than this app, and no migration starts from its version.
    #[error(
        "{backend} holds version {stored}, and no migration goes from version {missing} to the next; it is kept as it is"
    )]
    NoMigration {
        /// The backend.
        backend: String,
        /// The stored version.
        stored: u32,
        /// The version the chain of migrations stopped at.
        missing: u32,
    },
    /// A migration refused the stored value, or panicked. (Natively the panic is caught.
    /// On wasm, where a panic aborts, the migration is called through JavaScript so that the
    /// abort stops there: the migration's own frames end without running their destructors,
    /// and its message is where the app's panic hook puts it.)
    #[error("migrating {backend} from version {from} failed: {reason}; it is kept as it is")]
    Migration {
        /// The backend.
        backend: String,
        /// The version the failing migration starts from.
        from: u32,
        /// What the migration reported.
        reason: String,
    },
    /// The state could not be turned into JSON (e.g. a map whose keys are not strings).
    #[error("could not serialize the state for {backend}: {reason}")]
    Serialize {
        /// The backend.
        backend: String,
        /// What serde reported.
        reason: String,
    },
    /// [`PersistOptions::sync_tabs`](super::PersistOptions::sync_tabs) was asked of a backend
    /// that cannot hear other tabs' writes.
    #[error("{backend} cannot tell this tab about other tabs' writes")]
    SyncUnsupported {
        /// The backend.
        backend: String,
    },
    /// The options contradict themselves, e.g. two migrations from the same version.
    #[error("invalid persistence options: {0}")]
    Options(String),
}

impl PersistError {
    /// Whether this error is about the stored value, which persistence then keeps as it is
    /// and does not overwrite until told to.
    pub fn rejects_stored(&self) -> bool {
        matches!(
            self,
            PersistError::Unreadable { .. }
                | PersistError::NewerVersion { .. }
                | PersistError::NoMigration { .. }
                | PersistError::Migration { .. }
        )
    }
}
