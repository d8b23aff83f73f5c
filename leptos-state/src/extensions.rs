//! [`Extensions`]: values kept beside a store or an actor, one per type, through which the
//! add-ons attached to it find each other and the devtools find them.
//!
//! The idea is axum's request extensions: the core carries the map without knowing what is
//! in it, so an add-on written later needs no new field in the core.

use crate::sync;
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::{
    any::{Any, TypeId},
    sync::{Mutex, OnceLock},
};

/// A map from a type to one value of that type.
pub(crate) struct Extensions {
    // A few entries at most: a list is faster than a hash map here.
    values: Mutex<Vec<(TypeId, Box<dyn Any + Send + Sync>)>>,
    /// Readers of what the map holds (the devtools' list of live stores), made by the first.
    changed: OnceLock<ArcTrigger>,
}

impl Extensions {
    pub(crate) fn new() -> Self {
        Extensions {
            values: Mutex::new(Vec::new()),
            changed: OnceLock::new(),
        }
    }

    /// A copy of the value of type `T`, if there is one.
    pub(crate) fn get<T: Clone + 'static>(&self) -> Option<T> {
        let values = sync::lock(&self.values);
        values
            .iter()
            .find(|(id, _)| *id == TypeId::of::<T>())
            .and_then(|(_, value)| value.downcast_ref::<T>())
            .cloned()
    }

    /// Inserts `value` unless a value of its type is there; returns whether it was inserted.
    pub(crate) fn insert<T: Send + Sync + 'static>(&self, value: T) -> bool {
        let mut values = sync::lock(&self.values);
        if values.iter().any(|(id, _)| *id == TypeId::of::<T>()) {
            return false;
        }
        values.push((TypeId::of::<T>(), Box::new(value)));
        drop(values);
        self.notify();
        true
    }

    /// Changes the value of type `T`, starting from its default if there is none.
    pub(crate) fn update<T: Default + Send + Sync + 'static, R>(
        &self,
        update: impl FnOnce(&mut T) -> R,
    ) -> R {
        let mut values = sync::lock(&self.values);
        let at = match values.iter().position(|(id, _)| *id == TypeId::of::<T>()) {
            Some(at) => at,
            None => {
                values.push((TypeId::of::<T>(), Box::new(T::default())));
                values.len() - 1
            }
        };
        let value = values[at]
            .1
            .downcast_mut::<T>()
            .expect("extensions are stored under their own type id");
        let output = update(value);
        drop(values);
        self.notify();
        output
    }

    /// Subscribes the running effect or memo to insertions and updates.
    #[allow(
        dead_code,
        reason = "read by the devtools, which list stores and machines of every type"
    )]
    pub(crate) fn track(&self) {
        self.changed.get_or_init(ArcTrigger::new).track();
    }

    fn notify(&self) {
        if let Some(changed) = self.changed.get() {
            changed.notify();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_type() {
        let extensions = Extensions::new();
        assert_eq!(extensions.get::<u32>(), None);
        assert!(extensions.insert(1_u32));
        assert!(!extensions.insert(2_u32));
        extensions.update(|list: &mut Vec<u8>| list.push(7));
        extensions.update(|list: &mut Vec<u8>| list.push(8));
        assert_eq!(extensions.get::<Vec<u8>>(), Some(vec![7, 8]));
        assert_eq!(extensions.get::<u32>(), Some(1));
    }
}
