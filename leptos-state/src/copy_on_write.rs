//! [`CopyOnWrite`]: a field value that copies share until one of them is written.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::{
    fmt,
    hash::{Hash, Hasher},
    ops::{Deref, DerefMut},
    sync::Arc,
};

/// A value that its copies share until one of them is written: cloning it costs one atomic
/// increment, whatever it holds, and the first write through a shared copy copies the value
/// once.
///
/// Put a large field of a [`State`](crate::State) struct in it (a list of 10,000 rows) and
/// the copies the store makes of the whole state stop copying the field: the copy kept to put
/// back a change that [`Validate`](crate::Validate) or another middleware may refuse, the
/// previous state an undo history or an add-on keeps, and the initial state kept for
/// `reset`. A change that leaves the field alone copies nothing of it. A change that writes
/// it (a whole-store `update`, or a write through a row's slice) copies it once if a kept
/// copy still shares it, then writes in place until the store keeps another copy: a slice
/// write keeps only the value it replaced, so a run of row writes copies the rows once.
///
/// `#[derive(State)]` sees through it: a field of type `CopyOnWrite<T>` gets the same slice
/// as a field of type `T`, keyed rows included (`#[state(key = ..)]` on a
/// `CopyOnWrite<Vec<T>>`). The derive recognizes it by its name, `CopyOnWrite`, so do not
/// rename it on import. It reads through `Deref`, writes through `DerefMut` (which copies the
/// value first if another copy shares it), compares and hashes as its value, and is
/// serialized as its value alone.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{CopyOnWrite, State, Store, Validate};
///
/// #[derive(State, Clone, PartialEq)]
/// struct Table {
///     #[state(key = |row: &Row| row.id)]
///     rows: CopyOnWrite<Vec<Row>>,
///     selected: Option<u32>,
/// }
///
/// #[derive(State, Clone, PartialEq)]
/// struct Row {
///     id: u32,
///     label: String,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let rows = (0..1_000).map(|id| Row { id, label: format!("row {id}") }).collect::<Vec<_>>();
/// let table = Store::new(Table { rows: rows.into(), selected: None });
/// table.attach(Validate::new(|t: &Table| {
///     if t.selected.is_none_or(|id| t.rows.iter().any(|row| row.id == id)) {
///         Ok(())
///     } else {
///         Err("no such row")
///     }
/// }));
///
/// // Validate may refuse, so the store keeps the state from before each change: here that
/// // copies `selected`, and shares the rows.
/// table.update("select", |t| t.selected = Some(7)).unwrap();
/// assert!(table.update("select", |t| t.selected = Some(5_000)).is_err());
/// assert_eq!(table.selected().get_untracked(), Some(7));
///
/// // The rows' slices are those of a `Vec<Row>` field.
/// table.rows().by_key(7).label().set("seven".into());
/// assert_eq!(table.rows().by_key(7).label().get_untracked(), "seven");
/// ```
#[derive(Default)]
pub struct CopyOnWrite<T>(Arc<T>);

impl<T> CopyOnWrite<T> {
    /// `value`, not yet shared with any copy.
    pub fn new(value: T) -> Self {
        CopyOnWrite(Arc::new(value))
    }

    /// Whether `self` and `other` are copies of one value, sharing it.
    pub fn shares_with(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The value, copied out only if another copy shares it.
    pub fn into_inner(this: Self) -> T
    where
        T: Clone,
    {
        Arc::unwrap_or_clone(this.0)
    }
}

impl<T> Clone for CopyOnWrite<T> {
    fn clone(&self) -> Self {
        CopyOnWrite(Arc::clone(&self.0))
    }
}

impl<T> Deref for CopyOnWrite<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Writing copies the value first if another copy shares it, so the others keep what they
/// had.
impl<T: Clone> DerefMut for CopyOnWrite<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> AsRef<T> for CopyOnWrite<T> {
    fn as_ref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for CopyOnWrite<T> {
    fn from(value: T) -> Self {
        CopyOnWrite::new(value)
    }
}

impl<T: PartialEq> PartialEq for CopyOnWrite<T> {
    /// Copies that share their value are equal without comparing it.
    fn eq(&self, other: &Self) -> bool {
        self.shares_with(other) || *self.0 == *other.0
    }
}

impl<T: Eq> Eq for CopyOnWrite<T> {}

impl<T: Hash> Hash for CopyOnWrite<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<T: fmt::Debug> fmt::Debug for CopyOnWrite<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for CopyOnWrite<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for CopyOnWrite<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(CopyOnWrite::new)
    }
}

#[cfg(test)]
mod tests {
    use super::CopyOnWrite;

    #[test]
    fn copies_share_until_one_is_written() {
        let first = CopyOnWrite::new(vec![1, 2, 3]);
        let mut second = first.clone();
        assert!(second.shares_with(&first));
        second.push(4);
        assert!(!second.shares_with(&first));
        assert_eq!(*first, [1, 2, 3]);
        assert_eq!(*second, [1, 2, 3, 4]);
        // A write to a value nobody shares copies nothing.
        let before: *const Vec<i32> = &*second;
        second.push(5);
        assert!(std::ptr::eq(before, &*second));
    }

    #[test]
    fn compares_and_serializes_as_its_value() {
        let one = CopyOnWrite::new(vec![1]);
        assert_eq!(one, CopyOnWrite::new(vec![1]));
        assert_ne!(one, CopyOnWrite::new(vec![2]));
        assert_eq!(serde_json::to_string(&one).unwrap(), "[1]");
        let back: CopyOnWrite<Vec<i32>> = serde_json::from_str("[1]").unwrap();
        assert_eq!(back, one);
        assert_eq!(format!("{one:?}"), "[1]");
        assert_eq!(CopyOnWrite::into_inner(one), [1]);
    }
}
