//! [`Local`]: a value that is not `Send` (a JavaScript object, an `Rc`), held in a store's
//! state on the thread that made it.

use send_wrapper::SendWrapper;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::{fmt, ops::Deref};

/// A value that is not `Send` or `Sync` (a DOM element, a JavaScript object, an `Rc`), kept
/// in a store's state: the state stays `Send + Sync`, as a store needs, and the value is
/// reachable on the thread that made it, as Leptos' `LocalStorage` arenas keep theirs (both
/// through the `send_wrapper` crate).
///
/// In the browser there is one thread, so a `Local` is always reachable. Elsewhere it is
/// reachable on its own thread only: [`get`](Self::get) returns `None` on another, and
/// `Deref` panics there as Leptos' local signals do. So do cloning it and, when `T` has
/// something to drop (an `Rc`, a `String`, a JavaScript handle), dropping it: a store
/// clones and drops its state, so a store with a `Local` field must stay on its thread.
/// That holds in the browser; on a multi-threaded server, leave such stores out of what the
/// server renders (a `Local` of a browser value has nothing to hold there anyway).
///
/// Everything else about the store is unchanged: the field has its slice (of value
/// `Local<T>`), undo records and puts back its values, and the devtools and persistence see
/// it through `Serialize` when `T` has it. A JavaScript value has no `Serialize`: skip such a
/// field in serde (`#[serde(skip)]`), and it starts from its default when the state loads.
///
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Local, State, Store};
/// use std::rc::Rc;
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Editor {
///     text: String,
///     // An `Rc` is not `Send`: in the browser, a `web_sys::HtmlElement` is the usual one.
///     #[state(persist = false, history = false)]
///     selection: Local<Option<Rc<str>>>,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let editor = Store::new(Editor::default());
/// editor.selection().set(Local::new(Some(Rc::from("hello"))));
/// assert_eq!(editor.selection().get_untracked().as_deref(), Some("hello"));
/// ```
pub struct Local<T>(SendWrapper<T>);

impl<T> Local<T> {
    /// `value`, reachable on this thread.
    pub fn new(value: T) -> Self {
        Local(SendWrapper::new(value))
    }

    /// The value, or `None` on a thread other than the one that made it.
    pub fn get(&self) -> Option<&T> {
        self.0.valid().then(|| &*self.0)
    }

    /// Whether the value is reachable on this thread.
    pub fn is_reachable(&self) -> bool {
        self.0.valid()
    }

    /// The value, or the `Local` itself back on a thread other than the one that made it.
    ///
    /// # Errors
    ///
    /// The `Local`, unchanged, on another thread.
    pub fn into_inner(self) -> Result<T, Self> {
        if self.0.valid() {
            Ok(self.0.take())
        } else {
            Err(self)
        }
    }
}

/// # Panics
///
/// On a thread other than the one that made the value, as Leptos' local signals do; use
/// [`Local::get`] where that can happen.
impl<T> Deref for Local<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> Clone for Local<T> {
    /// A copy of the value, on its own thread. On another thread the value cannot be read,
    /// so cloning panics there, as cloning Leptos' local values does.
    fn clone(&self) -> Self {
        Local(self.0.clone())
    }
}

impl<T: Default> Default for Local<T> {
    fn default() -> Self {
        Local::new(T::default())
    }
}

impl<T> From<T> for Local<T> {
    fn from(value: T) -> Self {
        Local::new(value)
    }
}

impl<T: PartialEq> PartialEq for Local<T> {
    /// Values compare on their thread. On another, a `Local` equals itself only: neither
    /// value can be read there.
    fn eq(&self, other: &Self) -> bool {
        match (self.get(), other.get()) {
            (Some(this), Some(other)) => this == other,
            _ => std::ptr::eq(self, other),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Local<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(value) => value.fmt(f),
            None => f.write_str("Local(on another thread)"),
        }
    }
}

impl<T: Serialize> Serialize for Local<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.get() {
            Some(value) => value.serialize(serializer),
            None => Err(serde::ser::Error::custom(
                "a `Local` value can be written only on the thread that made it",
            )),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Local<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Local::new)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::Local;
    use std::rc::Rc;

    #[test]
    fn reachable_on_its_thread_only() {
        let here = Local::new(Rc::new(7));
        assert_eq!(here.get().map(|n| **n), Some(7));
        assert_eq!(here.clone(), here);
        assert_eq!(serde_json::to_string(&here).unwrap(), "7");

        // Numbers need no drop, so the `Local` can be sent and dropped anywhere.
        let number = Local::new(5_u32);
        let (elsewhere, debug, json, equal) = std::thread::spawn(move || {
            let json = serde_json::to_string(&number).map_err(|error| error.to_string());
            (
                number.get().copied(),
                format!("{number:?}"),
                json,
                number == Local::new(5),
            )
        })
        .join()
        .unwrap();
        assert_eq!(elsewhere, None);
        assert_eq!(debug, "Local(on another thread)");
        assert!(
            json.unwrap_err()
                .contains("only on the thread that made it")
        );
        assert!(!equal);

        let back: Local<u32> = serde_json::from_str("9").unwrap();
        assert_eq!(back.into_inner().ok(), Some(9));
    }
}
