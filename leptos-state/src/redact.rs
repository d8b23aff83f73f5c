//! [`Redact`]: hiding the values of the fields marked `#[state(redact)]`, at any depth, from
//! every output that shows a state as JSON: the devtools (panel, exports, the Redux bridge)
//! and [`Logger`](crate::Logger).

use crate::copy_on_write::CopyOnWrite;
use serde_json::Value;
use std::{
    borrow::Cow,
    collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque},
    marker::PhantomData,
    rc::Rc,
    sync::Arc,
};

/// What a redacted field's value is replaced with wherever a state is shown.
pub const REDACTED: &str = "[redacted]";

/// A type that knows which parts of its JSON are secret: the fields marked
/// `#[state(redact)]`, in the type itself and in every value it holds.
///
/// `#[derive(State)]` implements it. It finds each field by the name serde gives it (the
/// field's name, or its `#[serde(rename)]`, or the struct's `#[serde(rename_all)]`), goes into
/// `#[serde(flatten)]` fields and `#[serde(transparent)]` structs, and into every field whose
/// type implements `Redact`: a nested `State` struct, and `Vec`, `Option`, maps, sets, tuples,
/// `Box`, `Arc` and [`CopyOnWrite`] of one. A field of a type parameter needs that type to
/// implement `Redact`.
///
/// The standard library's plain values (numbers, `bool`, `char`, `String`, `()`) implement it
/// with nothing to hide. So does a type of your own with an empty impl, which is what a store
/// of an enum or of a struct without `#[derive(State)]` needs for [`Logger`](crate::Logger):
///
/// ```
/// use leptos_state::{ArcStore, Logger, Redact};
/// use serde::Serialize;
///
/// #[derive(Clone, Serialize)]
/// enum Filter {
///     All,
///     Active,
/// }
///
/// impl Redact for Filter {}
///
/// let filter = ArcStore::new(Filter::All);
/// filter.attach(Logger::new());
/// filter.set("show active", Filter::Active).unwrap();
/// ```
///
/// A field is not found where serde's derive is told to name it otherwise than through the
/// attributes above: a hand-written `Serialize`, `#[serde(into = ..)]` or `remote`, or a
/// rename inside `cfg_attr`. Keep secrets in plainly derived structs. A container the list
/// above leaves out (another crate's map, say) is shown as it is unless it implements
/// `Redact`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not say which of its parts are secret",
    label = "`{Self}` does not implement `leptos_state::Redact`",
    note = "derive `State` for a struct (its `#[state(redact)]` fields are then hidden), or \
            write `impl leptos_state::Redact for {Self} {{}}` for a type that holds no secret"
)]
pub trait Redact {
    /// Replaces in `json`, a value of this type as serde serialized it, the value of every
    /// redacted field with [`REDACTED`]. The default changes nothing: the type holds no
    /// secret.
    fn redact_json(json: &mut Value) {
        let _ = json;
    }

    /// Gives `imported`, JSON for a value of this type that may have been redacted, the
    /// values of its redacted fields from `current`, the unredacted JSON of the value it is
    /// about to replace, place by place (list items by position). A redacted field that
    /// `current` has no place for is removed, so that reading `imported` fails with serde's
    /// "missing field" rather than taking [`REDACTED`] as a value. The default changes
    /// nothing.
    fn restore_json(imported: &mut Value, current: &Value) {
        let _ = (imported, current);
    }
}

macro_rules! no_secret {
    ($($ty:ty),* $(,)?) => {
        $(impl Redact for $ty {})*
    };
}

no_secret!(
    (),
    bool,
    char,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    str,
    String,
    std::time::Duration,
);

/// Each item of a JSON list, as `T`.
fn redact_items<T: Redact>(json: &mut Value) {
    if let Value::Array(items) = json {
        items.iter_mut().for_each(T::redact_json);
    }
}

/// Each item of a JSON list, as `T`, from the item at the same position in `current`.
fn restore_items<T: Redact>(imported: &mut Value, current: &Value) {
    if let Value::Array(items) = imported {
        for (at, item) in items.iter_mut().enumerate() {
            T::restore_json(item, current.get(at).unwrap_or(&Value::Null));
        }
    }
}

/// Each value of a JSON object, as `T`.
fn redact_values<T: Redact>(json: &mut Value) {
    if let Value::Object(entries) = json {
        entries.values_mut().for_each(T::redact_json);
    }
}

/// Each value of a JSON object, as `T`, from the value at the same key in `current`.
fn restore_values<T: Redact>(imported: &mut Value, current: &Value) {
    if let Value::Object(entries) = imported {
        for (key, value) in entries.iter_mut() {
            T::restore_json(value, current.get(key).unwrap_or(&Value::Null));
        }
    }
}

/// `Redact` for collections serde writes as a JSON list of `T`: restored item by item with
/// `$restore`.
macro_rules! listed {
    ($restore:ident: $(impl<$($param:ident),*> for $ty:ty;)*) => {
        $(impl<T: Redact, $($param),*> Redact for $ty {
            fn redact_json(json: &mut Value) {
                redact_items::<T>(json);
            }

            fn restore_json(imported: &mut Value, current: &Value) {
                $restore::<T>(imported, current);
            }
        })*
    };
}

// Lists: an item's place says which item it is.
listed!(restore_items:
    impl<> for Vec<T>;
    impl<> for VecDeque<T>;
    impl<> for LinkedList<T>;
    impl<> for BinaryHeap<T>;
    impl<> for [T];
);

// Sets: an item's place says nothing.
listed!(restore_matching:
    impl<H> for HashSet<T, H>;
    impl<> for BTreeSet<T>;
);

impl<T: Redact, const N: usize> Redact for [T; N] {
    fn redact_json(json: &mut Value) {
        redact_items::<T>(json);
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        restore_items::<T>(imported, current);
    }
}

/// Each item of a JSON list, as `T`, from the item of `current` that shows the same once
/// redacted: a set's order says nothing about which item is which.
fn restore_matching<T: Redact>(imported: &mut Value, current: &Value) {
    let Value::Array(items) = imported else {
        return;
    };
    let shown = |item: &Value| {
        let mut item = item.clone();
        T::redact_json(&mut item);
        item
    };
    let current: Vec<(Value, &Value)> = match current {
        Value::Array(current) => current.iter().map(|item| (shown(item), item)).collect(),
        _ => Vec::new(),
    };
    for item in items.iter_mut() {
        let looks = shown(item);
        let from = current
            .iter()
            .find(|(shown, _)| *shown == looks)
            .map_or(&Value::Null, |(_, item)| *item);
        T::restore_json(item, from);
    }
}

impl<T: ?Sized> Redact for PhantomData<T> {}

/// Serde writes a `Result` as `{"Ok": value}` or `{"Err": error}`.
impl<T: Redact, E: Redact> Redact for Result<T, E> {
    fn redact_json(json: &mut Value) {
        if let Some(value) = json.get_mut("Ok") {
            T::redact_json(value);
        } else if let Some(error) = json.get_mut("Err") {
            E::redact_json(error);
        }
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        if let Some(value) = imported.get_mut("Ok") {
            T::restore_json(value, current.get("Ok").unwrap_or(&Value::Null));
        } else if let Some(error) = imported.get_mut("Err") {
            E::restore_json(error, current.get("Err").unwrap_or(&Value::Null));
        }
    }
}

impl<B: Redact + ToOwned + ?Sized> Redact for Cow<'_, B> {
    fn redact_json(json: &mut Value) {
        B::redact_json(json);
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        B::restore_json(imported, current);
    }
}

impl<K, V: Redact, H> Redact for HashMap<K, V, H> {
    fn redact_json(json: &mut Value) {
        redact_values::<V>(json);
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        restore_values::<V>(imported, current);
    }
}

impl<K, V: Redact> Redact for BTreeMap<K, V> {
    fn redact_json(json: &mut Value) {
        redact_values::<V>(json);
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        restore_values::<V>(imported, current);
    }
}

impl<T: Redact> Redact for Option<T> {
    fn redact_json(json: &mut Value) {
        if !json.is_null() {
            T::redact_json(json);
        }
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        if !imported.is_null() {
            T::restore_json(imported, current);
        }
    }
}

macro_rules! through {
    ($($ty:ident),*) => {
        $(impl<T: Redact + ?Sized> Redact for $ty<T> {
            fn redact_json(json: &mut Value) {
                T::redact_json(json);
            }

            fn restore_json(imported: &mut Value, current: &Value) {
                T::restore_json(imported, current);
            }
        })*
    };
}

through!(Box, Arc, Rc);

impl<T: Redact> Redact for CopyOnWrite<T> {
    fn redact_json(json: &mut Value) {
        T::redact_json(json);
    }

    fn restore_json(imported: &mut Value, current: &Value) {
        T::restore_json(imported, current);
    }
}

macro_rules! tuple {
    ($($name:ident $at:tt),*) => {
        impl<$($name: Redact),*> Redact for ($($name,)*) {
            fn redact_json(json: &mut Value) {
                if let Value::Array(items) = json {
                    $(if let Some(item) = items.get_mut($at) {
                        $name::redact_json(item);
                    })*
                }
            }

            fn restore_json(imported: &mut Value, current: &Value) {
                if let Value::Array(items) = imported {
                    $(if let Some(item) = items.get_mut($at) {
                        $name::restore_json(item, current.get($at).unwrap_or(&Value::Null));
                    })*
                }
            }
        }
    };
}

tuple!(A 0);
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);

/// The value `#[derive(State)]` puts where a redacted field was.
pub fn redacted() -> Value {
    Value::String(REDACTED.to_owned())
}

/// Picks how a field of type `T` is redacted, where `T` is known: by its [`Redact`], else
/// not at all (it holds no `State` struct). Not public API.
#[doc(hidden)]
pub struct RedactTag<T: ?Sized>(std::marker::PhantomData<fn() -> Box<T>>);

impl<T: ?Sized> RedactTag<T> {
    /// The tag of `T`.
    pub fn new() -> Self {
        RedactTag(std::marker::PhantomData)
    }
}

impl<T: ?Sized> std::fmt::Debug for RedactTag<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedactTag")
    }
}

impl<T: ?Sized> Default for RedactTag<T> {
    fn default() -> Self {
        RedactTag::new()
    }
}

/// Redacts a field through its type's [`Redact`]. Not public API.
#[doc(hidden)]
pub trait ViaRedact {
    /// [`Redact::redact_json`].
    fn __redact_json(&self, json: &mut Value);
    /// [`Redact::restore_json`].
    fn __restore_json(&self, imported: &mut Value, current: &Value);
}

impl<T: Redact + ?Sized> ViaRedact for &RedactTag<T> {
    fn __redact_json(&self, json: &mut Value) {
        T::redact_json(json);
    }

    fn __restore_json(&self, imported: &mut Value, current: &Value) {
        T::restore_json(imported, current);
    }
}

/// Leaves a field whose type has no [`Redact`] as it is. Not public API.
#[doc(hidden)]
pub trait ViaNoSecret {
    /// Does nothing.
    fn __redact_json(&self, json: &mut Value);
    /// Does nothing.
    fn __restore_json(&self, imported: &mut Value, current: &Value);
}

impl<T: ?Sized> ViaNoSecret for RedactTag<T> {
    fn __redact_json(&self, _: &mut Value) {}

    fn __restore_json(&self, _: &mut Value, _: &Value) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Secret;

    impl Redact for Secret {
        fn redact_json(json: &mut Value) {
            *json = redacted();
        }

        fn restore_json(imported: &mut Value, current: &Value) {
            *imported = current.clone();
        }
    }

    #[test]
    fn containers_redact_each_item_and_value() {
        let mut list = json!(["a", "b"]);
        <Vec<Secret>>::redact_json(&mut list);
        assert_eq!(list, json!([REDACTED, REDACTED]));

        let mut map = json!({"x": 1, "y": 2});
        <BTreeMap<String, Secret>>::redact_json(&mut map);
        assert_eq!(map, json!({"x": REDACTED, "y": REDACTED}));

        let mut none = Value::Null;
        <Option<Secret>>::redact_json(&mut none);
        assert_eq!(none, Value::Null);

        let mut pair = json!([1, "s"]);
        <(u8, Secret)>::redact_json(&mut pair);
        assert_eq!(pair, json!([1, REDACTED]));
    }

    #[test]
    fn restoring_takes_items_by_position_and_values_by_key() {
        let mut list = json!([REDACTED, REDACTED, REDACTED]);
        <Vec<Secret>>::restore_json(&mut list, &json!(["a", "b"]));
        assert_eq!(list, json!(["a", "b", null]));

        let mut map = json!({"x": REDACTED});
        <HashMap<String, Secret>>::restore_json(&mut map, &json!({"x": "kept", "z": "other"}));
        assert_eq!(map, json!({"x": "kept"}));
    }

    /// A value whose `secret` field is redacted, as the derive writes it.
    struct Pair;

    impl Redact for Pair {
        fn redact_json(json: &mut Value) {
            if let Some(secret) = json.get_mut("secret") {
                *secret = redacted();
            }
        }

        fn restore_json(imported: &mut Value, current: &Value) {
            if let (Some(secret), Some(kept)) = (imported.get_mut("secret"), current.get("secret"))
            {
                *secret = kept.clone();
            }
        }
    }

    #[test]
    fn a_set_takes_each_secret_from_the_item_that_looks_the_same() {
        let current = json!([{"name": "b", "secret": "sb"}, {"name": "a", "secret": "sa"}]);
        let mut imported =
            json!([{"name": "a", "secret": REDACTED}, {"name": "b", "secret": REDACTED}]);
        <BTreeSet<Pair>>::restore_json(&mut imported, &current);
        assert_eq!(
            imported,
            json!([{"name": "a", "secret": "sa"}, {"name": "b", "secret": "sb"}])
        );
    }

    #[test]
    fn results_and_longer_tuples_are_gone_into() {
        let mut ok = json!({"Ok": "s"});
        <Result<Secret, u8>>::redact_json(&mut ok);
        assert_eq!(ok, json!({"Ok": REDACTED}));
        let mut six = json!([1, 2, 3, 4, 5, "s"]);
        <(u8, u8, u8, u8, u8, Secret)>::redact_json(&mut six);
        assert_eq!(six[5], json!(REDACTED));
    }

    #[test]
    #[allow(
        clippy::needless_borrow,
        reason = "the borrows pick the impl, as in the derive's code"
    )]
    fn tags_pick_redact_where_the_type_has_it() {
        #[allow(unused_imports)]
        use super::{ViaNoSecret as _, ViaRedact as _};
        let mut secret = json!("s");
        (&&RedactTag::<Secret>::new()).__redact_json(&mut secret);
        assert_eq!(secret, json!(REDACTED));
        struct Plain;
        let mut plain = json!("p");
        (&&RedactTag::<Plain>::new()).__redact_json(&mut plain);
        assert_eq!(plain, json!("p"));
    }
}
