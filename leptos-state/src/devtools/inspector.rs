//! [`Inspector`]: what the devtools can do with one inspected store.

use super::{DevtoolsError, DiffOp, LogEntry, diff::diff, log::Log};
use crate::{
    FieldInfo, Origin, Redact, State,
    state::{FieldOps, Mask},
    store::inner::{Edited, StoreInner},
    sync,
};
use reactive_graph::graph::untrack;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value, json};
use std::{
    fmt, mem,
    panic::Location,
    sync::{Arc, Weak},
};

/// The `format` of an export, which [`Inspector::import`] recognises.
pub const EXPORT_FORMAT: &str = "leptos-state-devtools/1";

/// Shows and changes one [inspected](crate::ArcStore::inspect) store for the devtools.
///
/// Every state it hands out is JSON with the fields marked `#[state(redact)]` replaced by
/// [`REDACTED`](crate::REDACTED): their values never leave the store through the devtools. Every change it
/// makes is a commit tagged [`Origin::Devtools`], which middleware, history and persistence
/// see like any other.
#[derive(Clone)]
pub struct Inspector {
    inner: Arc<dyn InspectStore>,
}

impl Inspector {
    /// The current state as JSON, redacted. Tracked: a view that calls it re-runs when the
    /// store changes.
    ///
    /// # Errors
    ///
    /// [`DevtoolsError::Gone`] once the store is dropped, and [`DevtoolsError::Serialize`]
    /// when its `Serialize` implementation fails.
    pub fn state(&self) -> Result<Value, DevtoolsError> {
        self.inner.track();
        untrack(|| self.inner.state())
    }

    /// The action log, oldest first: the newest [`LOG_LIMIT`](super::LOG_LIMIT) changes.
    /// Tracked: a view that calls it re-runs when a change is logged.
    pub fn log(&self) -> Vec<LogEntry> {
        self.inner.log()
    }

    /// Log entry `seq`, if the log still has it, without copying the rest of the log.
    /// Tracked, as [`log`](Self::log).
    pub fn entry(&self, seq: u64) -> Option<LogEntry> {
        self.inner.entry(seq)
    }

    /// [`log`](Self::log) without tracking.
    pub fn log_untracked(&self) -> Vec<LogEntry> {
        untrack(|| self.inner.log())
    }

    /// The state right after log entry `seq`, redacted.
    ///
    /// # Errors
    ///
    /// [`DevtoolsError::NoState`] when the log did not keep that state (see
    /// [`LogEntry::has_state`]), and as for [`state`](Self::state).
    pub fn state_at(&self, seq: u64) -> Result<Value, DevtoolsError> {
        self.inner.state_at(seq)
    }

    /// What log entry `seq` changed: the differences between the redacted states before and
    /// after it.
    ///
    /// # Errors
    ///
    /// As for [`state_at`](Self::state_at).
    pub fn diff(&self, seq: u64) -> Result<Vec<DiffOp>, DevtoolsError> {
        self.inner.diff(seq)
    }

    /// Puts back the state right after log entry `seq`, as the change
    /// `"devtools: jump to #<seq>"` tagged [`Origin::Devtools`]. Redacted fields take their
    /// value from then too.
    ///
    /// # Errors
    ///
    /// As for [`state_at`](Self::state_at), and [`DevtoolsError::Store`] when the store does
    /// not take the change (a middleware refuses it). The store is then unchanged.
    pub fn jump(&self, seq: u64) -> Result<(), DevtoolsError> {
        self.inner.jump(seq)
    }

    /// Replaces the state with `text`, checked by the state type's own `Deserialize`, as the
    /// change `"devtools: import"` tagged [`Origin::Devtools`].
    ///
    /// `text` is either a state as [`state`](Self::state) shows it, or a whole
    /// [`export`](Self::export). Redacted fields are never imported: they keep their current
    /// value whatever the text holds, so an export imports back as it was.
    ///
    /// # Errors
    ///
    /// [`DevtoolsError::Import`] when `text` is not JSON or not a value of the state type,
    /// naming what is wrong; [`DevtoolsError::Store`] when a middleware refuses the state.
    /// The store is unchanged in both cases.
    pub fn import(&self, text: &str) -> Result<(), DevtoolsError> {
        self.inner.import(text)
    }

    /// The store's name, type, redacted state and action log (with the diffs the log can
    /// still compute) as pretty-printed JSON, marked with `"format":` [`EXPORT_FORMAT`].
    ///
    /// # Errors
    ///
    /// As for [`state`](Self::state).
    pub fn export(&self) -> Result<String, DevtoolsError> {
        self.inner.export()
    }

    /// Locks the store (`true`): the application's own changes (tagged [`Origin::User`],
    /// [`Origin::Undo`] or [`Origin::Redo`]) are refused with [`StoreError::Locked`]
    /// (by `"devtools"`) until it is unlocked. Changes from the devtools, settling
    /// optimistic changes, hydration and tab sync still go through, so no data is lost.
    ///
    /// [`StoreError::Locked`]: crate::StoreError::Locked
    pub fn set_locked(&self, locked: bool) {
        self.inner.set_locked(locked);
    }

    /// Whether the store is [locked](Self::set_locked).
    pub fn is_locked(&self) -> bool {
        self.inner.is_locked()
    }

    /// Replaces the state with `value`, checked as [`import`](Self::import) checks it, as
    /// the change `action`.
    #[cfg_attr(
        not(all(feature = "redux-devtools", target_arch = "wasm32")),
        allow(dead_code)
    )]
    pub(crate) fn put_json(&self, value: Value, action: String) -> Result<(), DevtoolsError> {
        self.inner.put_json(value, action)
    }

    /// The store's initial state, redacted.
    #[cfg_attr(
        not(all(feature = "redux-devtools", target_arch = "wasm32")),
        allow(dead_code)
    )]
    pub(crate) fn initial(&self) -> Result<Value, DevtoolsError> {
        self.inner.initial()
    }

    /// The current state as [`state`](Self::state) shows it, untracked, unless the store's
    /// value cannot be read at once (this thread or another is writing it): for `Debug`,
    /// which must never wait on the store.
    pub(crate) fn state_now(&self) -> Option<Value> {
        self.inner.state_now()
    }

    /// Makes the current reactive observer re-run when the store changes.
    pub(crate) fn track(&self) {
        self.inner.track();
    }

    pub(crate) fn begin_watch(&self) {
        self.inner.begin_watch();
    }

    pub(crate) fn end_watch(&self) {
        self.inner.end_watch();
    }

    pub(crate) fn new(inner: Arc<dyn InspectStore>) -> Self {
        Inspector { inner }
    }
}

impl PartialEq for Inspector {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for Inspector {}

impl fmt::Debug for Inspector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inspector").finish_non_exhaustive()
    }
}

/// The operations an [`Inspector`] forwards to its store, whatever the state type.
pub(crate) trait InspectStore: Send + Sync + 'static {
    fn track(&self);
    fn state(&self) -> Result<Value, DevtoolsError>;
    fn state_now(&self) -> Option<Value>;
    fn log(&self) -> Vec<LogEntry>;
    fn entry(&self, seq: u64) -> Option<LogEntry>;
    fn state_at(&self, seq: u64) -> Result<Value, DevtoolsError>;
    fn diff(&self, seq: u64) -> Result<Vec<DiffOp>, DevtoolsError>;
    fn jump(&self, seq: u64) -> Result<(), DevtoolsError>;
    fn import(&self, text: &str) -> Result<(), DevtoolsError>;
    fn put_json(&self, value: Value, action: String) -> Result<(), DevtoolsError>;
    fn initial(&self) -> Result<Value, DevtoolsError>;
    fn set_locked(&self, locked: bool);
    fn is_locked(&self) -> bool;
    fn export(&self) -> Result<String, DevtoolsError>;
    fn begin_watch(&self);
    fn end_watch(&self);
}

/// The [`InspectStore`] of a store of `S`.
pub(crate) struct StoreInspector<S> {
    pub(crate) store: Weak<StoreInner<S>>,
    pub(crate) log: Arc<Log<S>>,
    pub(crate) name: String,
    /// How to hide the redacted fields, for a `State` type.
    pub(crate) redact: Option<Redaction<S>>,
}

/// How the devtools hide the fields of a `State` type marked `#[state(redact)]`, its own and
/// those of the values it holds.
pub(crate) struct Redaction<S> {
    /// The type's own fields: a redacted one is serialized with its initial value, so that
    /// its live value never leaves even if the JSON walk below missed it.
    fields: FieldOps<S>,
    /// [`Redact::redact_json`].
    json: fn(&mut Value),
    /// [`Redact::restore_json`].
    restore: fn(&mut Value, &Value),
}

impl<S: State + Redact> Redaction<S> {
    pub(crate) fn of() -> Self {
        Redaction {
            fields: FieldOps::of(),
            json: S::redact_json,
            restore: S::restore_json,
        }
    }
}

impl<S> StoreInspector<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    fn store(&self) -> Result<Arc<StoreInner<S>>, DevtoolsError> {
        self.store.upgrade().ok_or_else(|| DevtoolsError::Gone {
            store: self.name.clone(),
        })
    }

    /// `state` as JSON, redacted: its own redacted fields serialized with their value in
    /// `initial` (the store's initial state), then every redacted field, at any depth,
    /// replaced by [`REDACTED`](crate::REDACTED).
    fn json_with(&self, state: &S, initial: &S) -> Result<Value, DevtoolsError> {
        let json = match &self.redact {
            Some(redaction) => redaction.fields.masked_json(
                state,
                initial,
                FieldInfo::redact,
                &Mask::With(redaction.json),
            ),
            None => serde_json::to_value(state),
        };
        json.map_err(|err| self.serialize_error(err))
    }

    fn serialize_error(&self, err: serde_json::Error) -> DevtoolsError {
        DevtoolsError::Serialize {
            store: self.name.clone(),
            reason: err.to_string(),
        }
    }

    /// [`json_with`](Self::json_with) the store's initial state.
    fn json(&self, store: &StoreInner<S>, state: &S) -> Result<Value, DevtoolsError> {
        let current = sync::read(&store.value);
        self.json_with(state, store.initial(&current))
    }

    fn current(&self, store: &StoreInner<S>) -> Result<Value, DevtoolsError> {
        let state = sync::read(&store.value);
        self.json_with(&state, store.initial(&state))
    }

    fn kept(&self, seq: u64) -> Result<super::log::LoggedStates<S>, DevtoolsError> {
        self.log.kept(seq).ok_or_else(|| DevtoolsError::NoState {
            store: self.name.clone(),
            seq,
        })
    }

    /// Commits `state` as a devtools change.
    #[track_caller]
    fn put(&self, store: &StoreInner<S>, action: String, state: S) -> Result<(), DevtoolsError> {
        store.commit_whole(
            action.into(),
            Origin::Devtools,
            Location::caller(),
            |current, keep| {
                let previous = mem::replace(current, state);
                ((), Edited::Wrote(keep.previous.then_some(previous)))
            },
        )?;
        Ok(())
    }

    fn import_error(&self, reason: impl fmt::Display) -> DevtoolsError {
        DevtoolsError::Import {
            store: self.name.clone(),
            type_name: std::any::type_name::<S>(),
            reason: reason.to_string(),
        }
    }
}

impl<S> InspectStore for StoreInspector<S>
where
    S: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    fn track(&self) {
        if let Some(store) = self.store.upgrade() {
            store.tree.track();
        }
    }

    fn state(&self) -> Result<Value, DevtoolsError> {
        let store = self.store()?;
        self.current(&store)
    }

    fn state_now(&self) -> Option<Value> {
        let store = self.store.upgrade()?;
        let state = store.value.try_read().ok()?;
        self.json_with(&state, store.initial(&state)).ok()
    }

    fn log(&self) -> Vec<LogEntry> {
        self.log.entries()
    }

    fn entry(&self, seq: u64) -> Option<LogEntry> {
        self.log.entry(seq)
    }

    fn state_at(&self, seq: u64) -> Result<Value, DevtoolsError> {
        let store = self.store()?;
        self.json(&store, &self.kept(seq)?.after)
    }

    fn diff(&self, seq: u64) -> Result<Vec<DiffOp>, DevtoolsError> {
        let store = self.store()?;
        let kept = self.kept(seq)?;
        let after = self.json(&store, &kept.after)?;
        let before = match &kept.before {
            Some(before) => self.json(&store, before)?,
            None => Value::Null,
        };
        Ok(diff(&before, &after))
    }

    fn jump(&self, seq: u64) -> Result<(), DevtoolsError> {
        let store = self.store()?;
        let state = S::clone(&self.kept(seq)?.after);
        self.put(&store, format!("devtools: jump to #{seq}"), state)
    }

    fn import(&self, text: &str) -> Result<(), DevtoolsError> {
        let mut value: Value = serde_json::from_str(text).map_err(|err| self.import_error(err))?;
        if value.get("format").and_then(Value::as_str) == Some(EXPORT_FORMAT) {
            value = match value.get_mut("state") {
                Some(state) => state.take(),
                None => return Err(self.import_error("the export has no `state`")),
            };
        }
        self.put_json(value, "devtools: import".to_owned())
    }

    fn put_json(&self, mut value: Value, action: String) -> Result<(), DevtoolsError> {
        let store = self.store()?;
        if let Some(redaction) = &self.redact {
            let current = {
                let state = sync::read(&store.value);
                serde_json::to_value(&*state).map_err(|err| self.serialize_error(err))?
            };
            // A struct serde writes as an object is read back from an object only: its
            // sequence form would pass its fields by position, past the redaction.
            if current.is_object() && !value.is_object() {
                return Err(self.import_error("expected an object with the store's fields"));
            }
            // The redacted fields take their current value, at any depth, before the JSON is
            // read: `REDACTED` is not a value of theirs.
            (redaction.restore)(&mut value, &current);
        }
        let mut state: S = serde_json::from_value(value).map_err(|err| self.import_error(err))?;
        // Put the store's own redacted fields back from the store itself too, whatever the
        // JSON said (a field serialized by a hand-written `Serialize` is not found above).
        if let Some(redaction) = &self.redact {
            let current = sync::read(&store.value);
            let ops = &redaction.fields;
            for field in ops.fields.iter().filter(|field| field.redact()) {
                (ops.copy)(&mut state, &current, field.index());
            }
        }
        self.put(&store, action, state)
    }

    fn initial(&self) -> Result<Value, DevtoolsError> {
        let store = self.store()?;
        let state = sync::read(&store.value);
        self.json_with(store.initial(&state), store.initial(&state))
    }

    fn set_locked(&self, locked: bool) {
        self.log.set_locked(locked);
    }

    fn is_locked(&self) -> bool {
        self.log.is_locked()
    }

    fn export(&self) -> Result<String, DevtoolsError> {
        let store = self.store()?;
        let state = self.current(&store)?;
        let log = untrack(|| self.log.entries())
            .into_iter()
            .map(|entry| {
                let mut item = Map::new();
                item.insert("seq".into(), json!(entry.seq()));
                item.insert("action".into(), json!(entry.action()));
                item.insert("origin".into(), json!(entry.origin().to_string()));
                item.insert("time_ms".into(), json!(entry.time_ms()));
                item.insert("touched".into(), json!(entry.touched().to_string()));
                if let Some((middleware, reason)) = entry.refused() {
                    item.insert(
                        "refused".into(),
                        json!({ "middleware": middleware, "reason": reason }),
                    );
                }
                if let Ok(ops) = self.diff(entry.seq()) {
                    let ops = ops
                        .into_iter()
                        .map(|op| {
                            json!({
                                "op": format!("{:?}", op.kind).to_lowercase(),
                                "path": op.path,
                                "old": op.old,
                                "new": op.new,
                            })
                        })
                        .collect::<Vec<_>>();
                    item.insert("diff".into(), Value::Array(ops));
                }
                Value::Object(item)
            })
            .collect::<Vec<_>>();
        let export = json!({
            "format": EXPORT_FORMAT,
            "store": self.name,
            "type": std::any::type_name::<S>(),
            "state": state,
            "log": log,
        });
        serde_json::to_string_pretty(&export).map_err(|err| DevtoolsError::Serialize {
            store: self.name.clone(),
            reason: err.to_string(),
        })
    }

    fn begin_watch(&self) {
        if let Some(store) = self.store.upgrade() {
            let state = sync::read(&store.value);
            self.log.begin_watch(S::clone(&state));
        }
    }

    fn end_watch(&self) {
        self.log.end_watch();
    }
}
