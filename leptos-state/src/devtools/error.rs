//! Why a devtools request (show, jump, import, export) could not be honoured.

/// The error the devtools get when they cannot show or change a store.
///
/// None of these change the store: a failed jump or import leaves the state as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DevtoolsError {
    /// The store was dropped (or its owner disposed) while the devtools still listed it.
    #[error("store `{store}` is gone")]
    Gone {
        /// The store's name.
        store: String,
    },
    /// The state could not be turned into JSON: its `Serialize` implementation failed (a map
    /// whose keys are not strings, for example).
    #[error("store `{store}`: its state cannot be shown as JSON: {reason}")]
    Serialize {
        /// The store's name.
        store: String,
        /// serde_json's message.
        reason: String,
    },
    /// The log no longer keeps the state of that entry: it keeps states for the newest
    /// [`STATE_LIMIT`](super::STATE_LIMIT) entries (or there never was such an entry).
    #[error(
        "store `{store}`: the state after log entry #{seq} is no longer kept (states are kept \
         for the newest {} entries)",
        super::STATE_LIMIT
    )]
    NoState {
        /// The store's name.
        store: String,
        /// The entry's number.
        seq: u64,
    },
    /// An imported text is not a state of the store's type. The store is unchanged.
    #[error("store `{store}`: the import is not a valid `{type_name}`: {reason}")]
    Import {
        /// The store's name.
        store: String,
        /// The store's state type.
        type_name: &'static str,
        /// What is wrong, from serde_json: the line and column, the missing field, the wrong type.
        reason: String,
    },
    /// The store did not take the state: a middleware refused it, or the store was busy.
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}
