//! The stored record, `{"version": N, "state": ...}`: wrapping a state to save, and checking
//! and migrating a record loaded from storage, which is untrusted input.

use super::{PersistError, StorageError, options::PersistOptions, panic_guard::catch_panic};
use serde_json::{Map, Value};

/// A record stored as JSON text (Web Storage, [`Memory`](super::Memory)): text that is not
/// JSON is [`StorageError::Corrupt`], and left in place by persistence.
pub(crate) fn parse(text: &str) -> Result<Value, StorageError> {
    serde_json::from_str(text).map_err(|err| StorageError::Corrupt(err.to_string()))
}

/// The record to store for `state` at the current version. With tab sync it names its
/// revision and its parent, the revision this tab last read or wrote (see
/// [`Revisions`](super::revisions::Revisions)).
pub(crate) fn wrap(state: Value, version: u32, revision: Option<Revision>) -> Value {
    let mut record = Map::new();
    record.insert("version".into(), Value::from(version));
    record.insert("state".into(), state);
    if let Some(revision) = revision {
        record.insert("rev".into(), Value::from(revision.this));
        if let Some(parent) = revision.parent {
            record.insert("parent".into(), Value::from(parent));
        }
    }
    Value::Object(record)
}

/// A record's revision and the one it was written from.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Revision {
    pub(crate) this: String,
    pub(crate) parent: Option<String>,
}

/// The revision a stored record names, if any. A record without one (written without tab
/// sync, or by an older version of this library), or with one that is not short text, is
/// merged as before: against the state this tab last knew storage to hold.
pub(crate) fn revision(record: &Value) -> Option<Revision> {
    let text = |name: &str| {
        record
            .get(name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty() && text.len() <= 64)
            .map(str::to_owned)
    };
    Some(Revision {
        this: text("rev")?,
        parent: text("parent"),
    })
}

/// The state in a stored record, migrated to the current version.
pub(crate) fn unwrap(
    record: Value,
    options: &PersistOptions,
    backend: &str,
) -> Result<Value, PersistError> {
    let unreadable = |reason: &str| PersistError::Unreadable {
        backend: backend.to_owned(),
        reason: reason.to_owned(),
    };
    let Value::Object(mut record) = record else {
        return Err(unreadable("it is not an object with `version` and `state`"));
    };
    let stored = record
        .get("version")
        .and_then(whole_number)
        .ok_or_else(|| unreadable("it has no whole-number `version`"))?;
    let mut state = record
        .remove("state")
        .ok_or_else(|| unreadable("it has no `state`"))?;
    let stored = match u32::try_from(stored) {
        Ok(stored) if stored <= options.version => stored,
        _ => {
            return Err(PersistError::NewerVersion {
                backend: backend.to_owned(),
                stored,
                known: options.version,
            });
        }
    };
    for from in stored..options.version {
        let migration = options
            .migrations
            .get(&from)
            .ok_or_else(|| PersistError::NoMigration {
                backend: backend.to_owned(),
                stored,
                missing: from,
            })?;
        // A migration is the app's code, run on untrusted input: one that panics is
        // reported as one that fails.
        state = catch_panic(|| migration(state))
            .and_then(|migrated| migrated)
            .map_err(|reason| PersistError::Migration {
                backend: backend.to_owned(),
                from,
                reason,
            })?;
    }
    Ok(state)
}

/// A version: a whole, non-negative number. One too large for a `u64` (JSON holds any
/// number) is taken as `u64::MAX`, the newest there can be.
fn whole_number(version: &Value) -> Option<u64> {
    if let Some(version) = version.as_u64() {
        return Some(version);
    }
    let version = version.as_f64()?;
    // `as` saturates: 1e30 becomes `u64::MAX`.
    (version.is_finite() && version >= 0.0 && version.fract() == 0.0).then_some(version as u64)
}
