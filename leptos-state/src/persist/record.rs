//! The stored record, `{"version": N, "state": ...}`: wrapping a state to save, and checking
//! and migrating a record loaded from storage, which is untrusted input.

use super::{PersistError, options::PersistOptions};
use serde_json::{Map, Value};

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
        .and_then(Value::as_u64)
        .ok_or_else(|| unreadable("it has no whole-number `version`"))?;
    let stored = u32::try_from(stored).map_err(|_| unreadable("its `version` is too large"))?;
    let mut state = record
        .remove("state")
        .ok_or_else(|| unreadable("it has no `state`"))?;
    if stored > options.version {
        return Err(PersistError::NewerVersion {
            backend: backend.to_owned(),
            stored,
            known: options.version,
        });
    }
    for from in stored..options.version {
        let migration = options
            .migrations
            .get(&from)
            .ok_or_else(|| PersistError::NoMigration {
                backend: backend.to_owned(),
                stored,
                missing: from,
            })?;
        state = migration(state).map_err(|reason| PersistError::Migration {
            backend: backend.to_owned(),
            from,
            reason,
        })?;
    }
    Ok(state)
}
