//! [`FieldOps`]: a `State` type's fields as functions over values of the type, for the code
//! that works one field at a time (undo history, optimistic replay, persistence, devtools),
//! and the one masking of `persist = false` and `redact` fields they share.

use super::{FieldInfo, State};
use crate::edit::Edits;
use serde::Serialize;
use serde_json::Value;

/// How a `State` type's fields are read: which there are, how to compare and copy one field
/// at a time, and how to find the edits between two values.
pub(crate) struct FieldOps<S> {
    pub(crate) fields: &'static [FieldInfo],
    pub(crate) eq: fn(&S, &S, u32) -> bool,
    pub(crate) copy: fn(&mut S, &S, u32),
    pub(crate) diff: fn(&S, &S, &mut Edits<S>) -> bool,
}

impl<S> Clone for FieldOps<S> {
    fn clone(&self) -> Self {
        FieldOps {
            fields: self.fields,
            eq: self.eq,
            copy: self.copy,
            diff: self.diff,
        }
    }
}

impl<S: State> FieldOps<S> {
    pub(crate) fn of() -> Self {
        FieldOps {
            fields: S::FIELDS,
            eq: S::__field_eq,
            copy: S::__copy_field,
            diff: S::__diff,
        }
    }
}

/// What [`FieldOps::masked_json`] does where a hidden field was.
pub(crate) enum Mask {
    /// Leaves it out (persistence).
    Remove,
    /// Hands the whole JSON to this function, which replaces what it must (the devtools'
    /// redaction, which finds the fields at any depth under their serde names).
    #[allow(
        dead_code,
        reason = "read by the devtools, which list stores and machines of every type"
    )]
    With(fn(&mut Value)),
}

impl<S> FieldOps<S> {
    /// The names of the fields `hidden` picks.
    pub(crate) fn names(
        &self,
        hidden: fn(&FieldInfo) -> bool,
    ) -> impl Iterator<Item = &'static str> + use<S> {
        self.fields
            .iter()
            .filter(move |field| hidden(field))
            .map(FieldInfo::name)
    }
}

impl<S: Clone + Serialize> FieldOps<S> {
    /// `state` as JSON, the fields `hidden` picks masked: they are serialized with their
    /// value in `initial` (so that a live value never leaves, even when serde renames the
    /// field), then removed at their Rust name or handed to the [`Mask::With`] function.
    pub(crate) fn masked_json(
        &self,
        state: &S,
        initial: &S,
        hidden: fn(&FieldInfo) -> bool,
        mask: &Mask,
    ) -> Result<Value, serde_json::Error> {
        let mut json = if self.names(hidden).next().is_none() {
            serde_json::to_value(state)?
        } else {
            let mut masked = state.clone();
            for field in self.fields.iter().filter(|field| hidden(field)) {
                (self.copy)(&mut masked, initial, field.index());
            }
            serde_json::to_value(&masked)?
        };
        match mask {
            Mask::Remove => {
                if let Value::Object(fields) = &mut json {
                    for name in self.names(hidden) {
                        fields.remove(name);
                    }
                }
            }
            Mask::With(replace) => replace(&mut json),
        }
        Ok(json)
    }
}
