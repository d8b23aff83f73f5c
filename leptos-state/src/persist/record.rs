//! The stored record, `{"version": N, "state": ...}`: wrapping a state to save, and checking
//! and migrating a record loaded from storage, which is untrusted input.

use super::{PersistError, StorageError, options::PersistOptions, panic_guard::catch_panic};
use serde_json::{Map, Value};

/// A record stored as JSON text (Web Storage, [`Memory`](super::Memory)): text that is not
/// JSON is [`StorageError::Corrupt`], and left in place by persistence.
pub(crate) fn parse(text: &str) -> Result<Value, StorageError> {
    serde_json::from_str(text).map_err(|err| StorageError::Corrupt(err.to_string()))
}

/// The record to store for `state` at the current version.
pub(crate) fn wrap(state: Value, version: u32) -> Value {
    let mut record = Map::new();
    record.insert("version".into(), Value::from(version));
    record.insert("state".into(), state);
    Value::Object(record)
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
