//! Which stores this thread is in the middle of changing.
//!
//! A store stays locked while it applies a change and runs its middleware. A read or write of
//! the same store from inside that window (from an update closure or a hook) would deadlock on
//! native targets and abort on wasm; tracking the stores this thread holds turns it into a
//! clear error instead. Other threads are not affected: they simply wait for the lock.

use std::cell::RefCell;

thread_local! {
    static BUSY: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Marks a store as busy on this thread until dropped.
pub(crate) struct Busy {
    key: usize,
}

impl Busy {
    /// Marks the store `key` as busy, or returns `None` if this thread already holds it.
    pub(crate) fn enter(key: usize) -> Option<Busy> {
        BUSY.with_borrow_mut(|busy| {
            if busy.contains(&key) {
                None
            } else {
                busy.push(key);
                Some(Busy { key })
            }
        })
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.with_borrow_mut(|busy| {
            if let Some(at) = busy.iter().rposition(|key| *key == self.key) {
                busy.swap_remove(at);
            }
        });
    }
}

/// Whether this thread is in the middle of changing the store `key`.
pub(crate) fn is_busy(key: usize) -> bool {
    BUSY.with_borrow(|busy| busy.contains(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_is_busy_until_its_guard_drops() {
        let guard = Busy::enter(1).expect("store 1 is free");
        assert!(is_busy(1));
        assert!(Busy::enter(1).is_none());
        let other = Busy::enter(2).expect("store 2 is free");
        drop(guard);
        assert!(!is_busy(1));
        assert!(is_busy(2));
        drop(other);
        assert!(!is_busy(2));
    }
}
