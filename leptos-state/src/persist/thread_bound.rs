//! [`ThreadBound`]: keeps a value that must stay on its thread (a browser event listener) alive
//! for as long as a `Send + Sync` owner lives.

use std::{
    any::Any,
    cell::RefCell,
    collections::HashMap,
    sync::atomic::{AtomicU64, Ordering},
};

thread_local! {
    static BOUND: RefCell<HashMap<u64, Box<dyn Any>>> = RefCell::default();
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Holds a value in a table of the thread that created it; dropping the `ThreadBound` drops the
/// value. Dropped on another thread, it cannot reach the value, which then lives until its
/// own thread ends (in the browser there is only one thread).
#[derive(Debug)]
pub(crate) struct ThreadBound(u64);

impl ThreadBound {
    pub(crate) fn new(value: impl Any) -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        BOUND.with_borrow_mut(|bound| bound.insert(id, Box::new(value)));
        ThreadBound(id)
    }
}

impl Drop for ThreadBound {
    fn drop(&mut self) {
        // Taken out first, so that its own drop may keep or drop other values.
        let value = BOUND.try_with(|bound| bound.borrow_mut().remove(&self.0));
        drop(value);
    }
}
