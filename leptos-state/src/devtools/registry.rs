//! A list the devtools read reactively: the live stores, the inspected machines.

use crate::sync;
use reactive_graph::{
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::sync::Mutex;

/// A list behind a mutex, with a trigger for its readers.
///
/// Not an `ArcRwSignal`: a signal's read gives up (and its `read` panics) when another thread
/// holds the write lock, and stores are created and dropped on any thread natively.
pub(crate) struct Registry<T> {
    items: Mutex<Vec<T>>,
    trigger: ArcTrigger,
}

impl<T: Clone> Registry<T> {
    pub(crate) fn new() -> Self {
        Registry {
            items: Mutex::new(Vec::new()),
            trigger: ArcTrigger::new(),
        }
    }

    /// The items, oldest first; tracked.
    pub(crate) fn list(&self) -> Vec<T> {
        self.trigger.track();
        self.list_untracked()
    }

    /// The items, oldest first.
    pub(crate) fn list_untracked(&self) -> Vec<T> {
        sync::lock(&self.items).clone()
    }

    /// Changes the list, then tells its readers (with the list unlocked).
    pub(crate) fn change(&self, change: impl FnOnce(&mut Vec<T>)) {
        change(&mut sync::lock(&self.items));
        self.trigger.notify();
    }
}
