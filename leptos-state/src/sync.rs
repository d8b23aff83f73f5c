//! Locks that outlive a panic, and the copy-on-write callback lists built on them.
//!
//! A panic in application code (an update closure, a middleware hook, a listener) while the
//! library holds one of its locks poisons it. The data behind every lock here is left
//! consistent by the library before it calls out, so a poisoned lock is taken as it is
//! rather than turning one panic into a panic on every later read.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Locks `mutex`, whether or not a panic poisoned it.
pub(crate) fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Read-locks `lock`, whether or not a panic poisoned it.
pub(crate) fn read<T: ?Sized>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// Write-locks `lock`, whether or not a panic poisoned it.
pub(crate) fn write<T: ?Sized>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// A copy-on-write list of callbacks by id: whoever calls them clones the `Arc` and iterates
/// without holding the lock, so a callback may add or remove callbacks while being called.
pub(crate) type Callbacks<T> = RwLock<Arc<[(u64, T)]>>;

/// Appends `callback` under `id`.
pub(crate) fn add_callback<T: Clone>(callbacks: &Callbacks<T>, id: u64, callback: T) {
    let mut list = write(callbacks);
    *list = list.iter().cloned().chain([(id, callback)]).collect();
}

/// Removes the callback `id`, if it is still there.
pub(crate) fn remove_callback<T: Clone>(callbacks: &Callbacks<T>, id: u64) {
    let mut list = write(callbacks);
    if list.iter().any(|(listed, _)| *listed == id) {
        *list = list
            .iter()
            .filter(|(listed, _)| *listed != id)
            .cloned()
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_lock_is_still_taken() {
        let mutex = Arc::new(Mutex::new(1));
        let poisoner = mutex.clone();
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.lock().unwrap();
            panic!("poison the lock");
        })
        .join();
        assert!(mutex.is_poisoned());
        *lock(&mutex) += 1;
        assert_eq!(*lock(&mutex), 2);
    }

    #[test]
    fn callbacks_are_added_and_removed_by_id() {
        let callbacks: Callbacks<&str> = RwLock::new(Arc::new([]));
        add_callback(&callbacks, 1, "one");
        add_callback(&callbacks, 2, "two");
        remove_callback(&callbacks, 1);
        remove_callback(&callbacks, 7);
        assert_eq!(&**read(&callbacks), &[(2, "two")]);
    }
}
