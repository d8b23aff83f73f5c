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

/// What [`FieldOps::masked_json`] leaves where a hidden field was.
pub(crate) enum Mask {
    /// Nothing: the field is left out (persistence).
    Remove,
    /// This value (the devtools' redaction marker).
    #[allow(
        dead_code,
        reason = "read by the devtools, which list stores and machines of every type"
    )]
    Replace(Value),
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
    /// field), then removed or replaced at their Rust name as `mask` says.
    pub(crate) fn masked_json(
        &self,
        state: &S,
        initial: &S,
        hidden: fn(&FieldInfo) -> bool,
        mask: &Mask,
    ) -> Result<Value, serde_json::Error> {
        if self.names(hidden).next().is_none() {
            return serde_json::to_value(state);
        }
        let mut masked = state.clone();
        for field in self.fields.iter().filter(|field| hidden(field)) {
            (self.copy)(&mut masked, initial, field.index());
        }
        let mut json = serde_json::to_value(&masked)?;
        if let Value::Object(fields) = &mut json {
            for name in self.names(hidden) {
                match mask {
                    Mask::Remove => {
                        fields.remove(name);
                    }
                    Mask::Replace(marker) => {
                        if let Some(value) = fields.get_mut(name) {
                            *value = marker.clone();
                        }
                    }
                }
            }
        }
        Ok(json)
    }
}
