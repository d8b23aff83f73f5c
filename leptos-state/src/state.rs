//! [`State`]: what `#[derive(State)]` implements, with the field metadata middleware reads,
//! and [`Patch`], replacing a value while notifying only what changed.

mod field_ops;

pub(crate) use field_ops::{FieldOps, Mask};

use crate::{
    edit::Edits,
    tree::{Node, Segment},
};
use std::{
    collections::{BTreeMap, HashMap},
    hash::{BuildHasher, Hash},
    sync::Arc,
};

/// A struct whose fields are slices, with metadata about each field.
///
/// Implemented by `#[derive(State)]`, which also generates the `<Name>Slices` extension
/// trait (one method per field, on every slice whose value is this type) and a [`Patch`]
/// implementation. Middleware, persistence, history and the devtools read [`FIELDS`](Self::FIELDS)
/// at run time to learn which fields to skip or redact.
///
/// # Examples
///
/// ```
/// use leptos_state::State;
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Session {
///     user: String,
///     #[state(redact, persist = false)]
///     token: String,
/// }
///
/// let token = Session::field("token").unwrap();
/// assert!(token.redact() && !token.persist() && token.history());
/// assert_eq!(Session::FIELDS.len(), 2);
/// ```
pub trait State: Clone + Send + Sync + 'static {
    /// Every field of the struct, in declaration order, skipped ones included.
    const FIELDS: &'static [FieldInfo];

    /// The metadata of the field called `name`.
    fn field(name: &str) -> Option<&'static FieldInfo> {
        Self::FIELDS.iter().find(|field| field.name == name)
    }

    /// Whether the field at position `index` is equal in `self` and `other`.
    #[doc(hidden)]
    fn __field_eq(&self, other: &Self, index: u32) -> bool;

    /// Copies the field at position `index` from `from` into `self`.
    #[doc(hidden)]
    fn __copy_field(&mut self, from: &Self, index: u32);

    /// Pushes to `out` the edits that turn `from` into `to`, part by part; returns `false`
    /// when the type cannot tell its parts apart (the state then changes as one value).
    #[doc(hidden)]
    fn __diff(from: &Self, to: &Self, out: &mut Edits<Self>) -> bool {
        let _ = (from, to, out);
        false
    }
}

/// What `#[derive(State)]` records about one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldInfo {
    name: &'static str,
    index: u32,
    slice: bool,
    persist: bool,
    history: bool,
    redact: bool,
    key: Option<&'static str>,
}

impl FieldInfo {
    /// A field with a slice, persisted, recorded by history and shown by the devtools.
    pub const fn new(name: &'static str, index: u32) -> Self {
        FieldInfo {
            name,
            index,
            slice: true,
            persist: true,
            history: true,
            redact: false,
            key: None,
        }
    }

    /// `#[state(skip)]`: the field has no slice.
    pub const fn skipped(self) -> Self {
        FieldInfo {
            slice: false,
            ..self
        }
    }

    /// `#[state(persist = false)]`: persistence neither writes nor loads the field.
    pub const fn not_persisted(self) -> Self {
        FieldInfo {
            persist: false,
            ..self
        }
    }

    /// `#[state(history = false)]`: undo history neither records nor rewrites the field.
    pub const fn without_history(self) -> Self {
        FieldInfo {
            history: false,
            ..self
        }
    }

    /// `#[state(redact)]`: the devtools, the Redux bridge and `Logger` show the field as
    /// redacted (see [`Redact`](crate::Redact)).
    pub const fn redacted(self) -> Self {
        FieldInfo {
            redact: true,
            ..self
        }
    }

    /// `#[state(key = ...)]`: the field is a keyed collection whose key is called `key`.
    pub const fn keyed(self, key: &'static str) -> Self {
        FieldInfo {
            key: Some(key),
            ..self
        }
    }

    /// The field's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The field's position in its struct.
    pub const fn index(&self) -> u32 {
        self.index
    }

    /// Whether the field has a slice (it is not `#[state(skip)]`).
    pub const fn slice(&self) -> bool {
        self.slice
    }

    /// Whether persistence saves and loads the field.
    pub const fn persist(&self) -> bool {
        self.persist
    }

    /// Whether undo history records the field.
    pub const fn history(&self) -> bool {
        self.history
    }

    /// Whether every output that shows the state (devtools, Redux bridge, `Logger`) hides the
    /// field's value.
    pub const fn redact(&self) -> bool {
        self.redact
    }

    /// The key's name, for a keyed collection.
    pub const fn key(&self) -> Option<&'static str> {
        self.key
    }
}

/// A value that can be replaced part by part, so that only the readers of the parts that
/// changed re-run: [`Slice::patch`](crate::Slice::patch).
///
/// Implemented by `#[derive(State)]` (field by field, with `PartialEq`), and for `Vec`
/// (item by item), `Option`, `HashMap` and `BTreeMap` (entry by entry). The comparison is one
/// level deep: a changed field, item or entry re-runs every reader at or below it, and a
/// changed `Option` every reader of it or inside it.
pub trait Patch {
    /// Replaces `self` with `new`, recording in `changes` which children changed; returns
    /// whether anything did.
    fn patch(&mut self, new: Self, changes: &mut Changes) -> bool;
}

/// The children of a value that a [`Patch`] changed: what [`Slice::patch`](crate::Slice::patch)
/// notifies once the store has taken the change.
#[derive(Debug, Default)]
pub struct Changes {
    children: Vec<Segment>,
    gone: Vec<Segment>,
    truncated_to: Option<usize>,
    reshaped: bool,
    rewritten: bool,
}

impl Changes {
    /// Replaces the field at position `index` of a struct, recording it if it changed.
    pub fn field<T: PartialEq>(&mut self, index: u32, slot: &mut T, new: T) -> bool {
        if *slot == new {
            return false;
        }
        *slot = new;
        self.children.push(Segment::Field(index));
        true
    }

    /// Replaces a field that has no slice, so no readers of its own.
    pub fn unsliced<T: PartialEq>(&mut self, slot: &mut T, new: T) -> bool {
        if *slot == new {
            return false;
        }
        *slot = new;
        true
    }

    /// Replaces a value whose parts have no slices of their own except through it (an
    /// `Option`, whose inner slice shares its node), recording it as rewritten if it changed.
    pub fn whole<T: PartialEq>(&mut self, slot: &mut T, new: T) -> bool {
        let changed = self.unsliced(slot, new);
        self.rewritten |= changed;
        changed
    }

    /// Notifies the readers of what changed below `node`, and of `node` itself.
    pub(crate) fn notify(self, node: &Arc<Node>) {
        if self.rewritten {
            node.notify_all();
            return;
        }
        if self.reshaped {
            node.notify_shape();
        } else {
            node.notify_this();
        }
        let Changes {
            children,
            gone,
            truncated_to,
            ..
        } = self;
        node.prune_notifying_at(&gone);
        if let Some(len) = truncated_to {
            node.prune_notifying(|segment| !matches!(segment, Segment::Index(i) if *i >= len));
        }
        node.notify_children_at(&children);
    }
}

impl<T: PartialEq> Patch for Vec<T> {
    fn patch(&mut self, new: Self, changes: &mut Changes) -> bool {
        let (old_len, new_len) = (self.len(), new.len());
        let mut changed = false;
        let mut new = new.into_iter();
        for (index, (slot, item)) in self.iter_mut().zip(new.by_ref()).enumerate() {
            if *slot != item {
                *slot = item;
                changes.children.push(Segment::Index(index));
                changed = true;
            }
        }
        if new_len < old_len {
            self.truncate(new_len);
            changes.truncated_to = Some(new_len);
        } else if new_len > old_len {
            self.extend(new);
            changes
                .children
                .extend((old_len..new_len).map(Segment::Index));
        }
        changes.reshaped |= new_len != old_len;
        changed || new_len != old_len
    }
}

impl<T: PartialEq> Patch for Option<T> {
    fn patch(&mut self, new: Self, changes: &mut Changes) -> bool {
        changes.whole(self, new)
    }
}

macro_rules! patch_map {
    ($($map:ident<$($generics:ident),*> where [$($bounds:tt)*];)*) => {$(
        impl<$($generics),*> Patch for $map<$($generics),*> where $($bounds)* {
            fn patch(&mut self, new: Self, changes: &mut Changes) -> bool {
                let before = self.len();
                self.retain(|key, _| {
                    let kept = new.contains_key(key);
                    if !kept {
                        changes.gone.push(Segment::key(key));
                    }
                    kept
                });
                let mut changed = self.len() != before;
                for (key, value) in new {
                    match self.get_mut(&key) {
                        Some(slot) if *slot == value => {}
                        Some(slot) => {
                            *slot = value;
                            changes.children.push(Segment::key(&key));
                            changed = true;
                        }
                        None => {
                            changes.children.push(Segment::key(&key));
                            changes.reshaped = true;
                            self.insert(key, value);
                            changed = true;
                        }
                    }
                }
                changes.reshaped |= self.len() != before;
                changed
            }
        }
    )*};
}

patch_map! {
    HashMap<K, V, H> where [K: Hash + Eq, V: PartialEq, H: BuildHasher,];
    BTreeMap<K, V> where [K: Hash + Ord, V: PartialEq,];
}
