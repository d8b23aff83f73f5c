//! [`PersistOptions`]: the version, migrations, write delay and tab sync of one persisted
//! store or machine.

use super::PersistError;
use crate::Clock;
use serde_json::Value;
use std::{collections::BTreeMap, fmt, sync::Arc};

/// Turns a stored state of one version into the next version's form.
pub(crate) type Migration = Arc<dyn Fn(Value) -> Result<Value, String> + Send + Sync>;

/// How a store or machine is persisted: see [`Persist`](super::Persist).
///
/// # Examples
///
/// Version 3 of an app whose stored state was renamed in version 2 and gained a field in 3:
///
/// ```
/// use leptos_state::PersistOptions;
/// use serde_json::{Value, json};
///
/// let options = PersistOptions::new()
///     .version(3)
///     .migrate(1, |mut old: Value| {
///         let count = old.get_mut("n").ok_or("version 1 has no `n`")?.take();
///         Ok(json!({ "count": count }))
///     })
///     .migrate(2, |mut old: Value| {
///         old["step"] = json!(1);
///         Ok(old)
///     })
///     .delay(200)
///     .sync_tabs(true);
/// ```
#[derive(Clone)]
pub struct PersistOptions {
    pub(crate) version: u32,
    pub(crate) migrations: BTreeMap<u32, Migration>,
    duplicate: Option<u32>,
    pub(crate) delay: u32,
    pub(crate) clock: Option<Arc<dyn Clock>>,
    pub(crate) sync_tabs: bool,
    pub(crate) keep_server_state: bool,
}

impl Default for PersistOptions {
    fn default() -> Self {
        PersistOptions {
            version: 1,
            migrations: BTreeMap::new(),
            duplicate: None,
            delay: 0,
            clock: None,
            sync_tabs: false,
            keep_server_state: false,
        }
    }
}

impl PersistOptions {
    /// Version 1, no migrations, writes coalesced within one tick, no tab sync.
    pub fn new() -> Self {
        Self::default()
    }

    /// The version of the state's stored form that this app writes (1 by default). Raise it
    /// when the form changes, and add a [`migrate`](Self::migrate) step from the old one.
    pub fn version(mut self, version: u32) -> Self {
        self.version = version;
        self
    }

    /// Adds the migration from version `from` to `from + 1`. It gets the stored state (the
    /// `state` of the record, as JSON) and returns the next version's, or a reason to refuse
    /// it. Loading a version-1 state in a version-3 app runs the steps from 1 and 2, in order.
    pub fn migrate(
        mut self,
        from: u32,
        step: impl Fn(Value) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Self {
        if self.migrations.insert(from, Arc::new(step)).is_some() {
            self.duplicate.get_or_insert(from);
        }
        self
    }

    /// Writes `millis` milliseconds after the first change not yet written, so that every
    /// change in that time makes one write (a fixed window from the first change, not a
    /// debounce that restarts on each). With 0, the default, the changes of one tick make one
    /// write.
    pub fn delay(mut self, millis: u32) -> Self {
        self.delay = millis;
        self
    }

    /// The clock that times the writes. On wasm the default is the browser's timers. Off the
    /// browser there is no event loop to wait for, so without a clock every change writes at
    /// once; give a [`ManualClock`](crate::ManualClock) to coalesce writes in tests.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Brings in what other tabs save (off by default), and keeps theirs when saving.
    ///
    /// - **What another tab changed enters, and nothing else**: the difference between what
    ///   it wrote and the record it wrote from, by key in keyed lists and by path elsewhere
    ///   (`#[derive(State)]` types; a type that does not derive it is one value). Each
    ///   record names its revision (`rev`) and the one its writer had last read or written
    ///   (`parent`); this tab remembers its last few, and measures another tab's record from
    ///   its parent when it has seen it, else from what it last read or wrote. Two tabs
    ///   adding, removing and editing different rows at once keep all of it.
    /// - **Each write takes in the other tabs' first**: it reads the stored record and
    ///   writes this tab's changes on top of it, in one transaction on IndexedDB. Web
    ///   Storage has no transactions, and a tab may read a copy that lacks another tab's
    ///   latest write: its write then leaves that write out of storage for a moment. The
    ///   other tab, measuring it from its parent, sees no deletion, keeps what it wrote, and
    ///   writes it again.
    /// - **A true conflict** (both tabs changed the same field, or the same row's value,
    ///   before seeing each other's change): this tab's unsaved change stays and is written
    ///   over the other's, so the tab that writes last wins, in every tab.
    /// - The change enters the store tagged [`Origin::Sync`](crate::Origin::Sync): history
    ///   does not record it (and never undoes it), persistence does not write it back.
    /// - A tab told that another wrote reads the storage itself: the announcement (a
    ///   `storage` event, a `BroadcastChannel` message) carries nothing it trusts.
    pub fn sync_tabs(mut self, sync: bool) -> Self {
        self.sync_tabs = sync;
        self
    }

    /// What wins when a server-rendered page hydrates. Either way nothing is read before
    /// hydration is done, so the first render matches the server's HTML; then the stored
    /// record is read, and:
    ///
    /// - with `false`, the default, the stored state is loaded, as one change tagged
    ///   [`Origin::Hydration`](crate::Origin::Hydration) that re-runs only the readers of
    ///   what differs;
    /// - with `true`, the state the server sent stays and is written over the stored one.
    ///   A stored record this app cannot read (corrupt, from a newer version, failing a
    ///   migration) is reported and kept, as when loading, never overwritten unread.
    ///
    /// A client-rendered app always loads the stored state.
    pub fn keep_server_state(mut self, keep: bool) -> Self {
        self.keep_server_state = keep;
        self
    }

    /// Checks the options: each migration must start below [`version`](Self::version), and
    /// only one may start from a given version.
    pub(crate) fn check(&self) -> Result<(), PersistError> {
        if let Some(from) = self.duplicate {
            return Err(PersistError::Options(format!(
                "two migrations start from version {from}"
            )));
        }
        if let Some((&from, _)) = self.migrations.range(self.version..).next() {
            return Err(PersistError::Options(format!(
                "a migration starts from version {from}, but the current version is {}",
                self.version
            )));
        }
        Ok(())
    }
}

impl fmt::Debug for PersistOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersistOptions")
            .field("version", &self.version)
            .field(
                "migrations_from",
                &self.migrations.keys().collect::<Vec<_>>(),
            )
            .field("delay", &self.delay)
            .field("sync_tabs", &self.sync_tabs)
            .field("keep_server_state", &self.keep_server_state)
            .finish_non_exhaustive()
    }
}
