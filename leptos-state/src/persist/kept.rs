//! [`Kept`]: keeps a value that must stay on its thread (a browser event listener) alive
//! for as long as a `Send + Sync` owner lives.

use std::{
    any::Any,
    cell::RefCell,
    collections::HashMap,
    sync::atomic::{AtomicU64, Ordering},
};

thread_local! {
    static KEPT: RefCell<HashMap<u64, Box<dyn Any>>> = RefCell::default();
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Holds a value in a table of the thread that created it; dropping the `Kept` drops the
/// value. Dropped on another thread, it cannot reach the value, which then lives until its
/// own thread ends (in the browser there is only one thread).
#[derive(Debug)]
pub(crate) struct Kept(u64);

impl Kept {
    pub(crate) fn new(value: impl Any) -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        KEPT.with_borrow_mut(|kept| kept.insert(id, Box::new(value)));
        Kept(id)
    }
}

impl Drop for Kept {
    fn drop(&mut self) {
        // Taken out first, so that its own drop may keep or drop other values.
        let value = KEPT.try_with(|kept| kept.borrow_mut().remove(&self.0));
        drop(value);
    }
}
