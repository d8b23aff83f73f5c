//! What an app uses every day, to glob beside `leptos::prelude::*`:
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::prelude::*;
//!
//! #[derive(State, Clone, PartialEq, Default)]
//! struct Counter {
//!     count: i32,
//! }
//!
//! # let owner = Owner::new(); owner.set();
//! let counter = Store::new(Counter::default());
//! counter.count().update(|n| *n += 1);
//! assert_eq!(counter.count().get_untracked(), 1);
//! ```
//!
//! Nothing here shares a name with an item of `leptos::prelude` (the crate's Web Storage
//! backend is [`WebStorage`], not `LocalStorage`, which Leptos' prelude uses for its arena
//! storage). Leptos' own reactive traits (`Get`, `Set`, `Update`, `With`, ...) come from its
//! prelude and work on every slice.
//!
//! Beside `reactive_stores`, which names its central types as this crate does, the names both
//! crates have are left out of this prelude except [`Store`] and [`ArcStore`]: the slice type
//! [`Field`](crate::Field) and the trait [`Patch`](crate::Patch) are at the crate root (the
//! derive names them by path, and an app seldom does). An app that uses both crates imports
//! `reactive_stores`' types by name (`use reactive_stores::Store as FieldStore;`), since an
//! explicit import is never ambiguous with a glob.

#[cfg(feature = "garde")]
pub use crate::FieldErrors;
pub use crate::{
    Actor, Machine, MachineBuilder, MachineError, MachineSnapshot, StateId, use_machine,
    use_machine_shared,
};
pub use crate::{
    AddOn, ArcStore, Change, CopyOnWrite, History, HistoryOptions, IndexedDb, KeyedVec, Local,
    Logger, MapSlice, Memory, Middleware, OptionSlice, Origin, Persist, PersistOptions, Redact,
    Refusal, Slice, State, Store, StoreError, Subscription, Transaction, Validate, VecSlice,
    WebStorage, provide_store, try_use_history, try_use_store, use_history, use_store,
};
pub use crate::{OptimisticChange, OptimisticStatus};
#[cfg(feature = "router")]
pub use crate::{UrlWrite, bind_hash, bind_query};
