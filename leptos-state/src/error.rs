//! Why a write to a store did not happen.

use std::{borrow::Cow, panic::Location};

/// The error a write returns when the store did not take the change.
///
/// A write that fails leaves the state exactly as it was and notifies nobody.
///
/// # Examples
///
/// ```
/// use leptos_state::{ArcStore, StoreError, Validate};
///
/// let name = ArcStore::new_named("name", String::from("Ada"));
/// name.attach(Validate::new(|n: &String| if n.is_empty() { Err("a name is required") } else { Ok(()) }));
///
/// match name.set("clear", String::new()) {
///     Err(StoreError::Refused { middleware, reason, .. }) => {
///         assert_eq!(middleware, "validate");
///         assert_eq!(reason, "a name is required");
///     }
///     other => panic!("expected a refusal, got {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A middleware's [`before`](crate::Middleware::before) hook refused the change.
    #[error("store `{store}` refused action \"{action}\": {middleware} says: {reason}")]
    Refused {
        /// The store's name.
        store: String,
        /// The refused action's name.
        action: Cow<'static, str>,
        /// The [name](crate::Middleware::name) of the middleware that refused it.
        middleware: Cow<'static, str>,
        /// The middleware's reason, meant for the user or the developer.
        reason: String,
    },

    /// The arena-allocated [`Store`](crate::Store) was disposed with its reactive owner
    /// before the write.
    #[error(
        "action \"{action}\" was sent to a store of type `{type_name}`{} after its owner was \
         disposed; create the store in a component that outlives the code writing to it, or \
         keep an `ArcStore`, which lives as long as a handle to it does",
        defined_at.map(|at| format!(" (created at {at})")).unwrap_or_default()
    )]
    Disposed {
        /// The state's type.
        type_name: &'static str,
        /// The action's name.
        action: Cow<'static, str>,
        /// Where the store was created, in debug builds.
        defined_at: Option<&'static Location<'static>>,
    },

    /// The write was made while the same store was in the middle of applying another change:
    /// from inside an update closure, or from a middleware hook.
    #[error(
        "store `{store}` was written by action \"{action}\" while it was applying another \
         change (from inside an update closure or a middleware hook); finish the first \
         change, then write, or fold both into one `transaction`"
    )]
    Reentrant {
        /// The store's name.
        store: String,
        /// The name of the action that could not start.
        action: Cow<'static, str>,
    },

    /// A [slice](crate::Slice) write addressed a part of the state that is not there: a
    /// collection item that was removed, a map entry that does not exist, or the inside of an
    /// `Option` that is `None`.
    #[error(
        "store `{store}` has nothing at `{path}`, so action \"{action}\" was not applied: the \
         item was removed or never existed; check with `try_get` or `with` before writing"
    )]
    Missing {
        /// The store's name.
        store: String,
        /// The action's name.
        action: Cow<'static, str>,
        /// Where in the state the slice points, e.g. `todos[id=3].done`.
        path: String,
    },

    /// A collection write named a position past the end of the collection.
    #[error(
        "store `{store}` cannot apply action \"{action}\": position {index} is past the end of \
         `{path}`, which has {len} items"
    )]
    OutOfBounds {
        /// The store's name.
        store: String,
        /// The action's name.
        action: Cow<'static, str>,
        /// The collection's path.
        path: String,
        /// The position asked for.
        index: usize,
        /// The collection's length when the write was made.
        len: usize,
    },

    /// [`History::jump`](crate::History::jump) asked for more steps than the history holds.
    #[error(
        "store `{store}` cannot jump {steps} steps in its history: it has {past} to undo and \
         {future} to redo; check `past_len` and `future_len` first"
    )]
    OutOfHistory {
        /// The store's name.
        store: String,
        /// The steps asked for: negative to undo, positive to redo.
        steps: isize,
        /// The steps there were to undo.
        past: usize,
        /// The steps there were to redo.
        future: usize,
    },

    /// An [add-on](crate::AddOn) holds the store locked against changes of this origin: the
    /// devtools do while their lock is on. Settling optimistic changes, hydration and tab
    /// sync are never locked out, so no data is lost.
    #[error(
        "store `{store}` is locked by {by}: action \"{action}\" was not applied; unlock it \
         there first"
    )]
    Locked {
        /// The store's name.
        store: String,
        /// The action's name.
        action: Cow<'static, str>,
        /// The [name](crate::AddOn::name) of the add-on holding the lock.
        by: Cow<'static, str>,
    },

    /// An add-on of this type is already attached to the store: find it with
    /// [`add_on`](crate::ArcStore::add_on).
    #[error(
        "store `{store}` already has an add-on of type `{add_on}`; find it with \
         `store.add_on::<{add_on}>()`"
    )]
    AddOnAttached {
        /// The store's name.
        store: String,
        /// The add-on's type.
        add_on: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_message_names_store_action_middleware_and_reason() {
        let err = StoreError::Refused {
            store: "counter".into(),
            action: "decrement".into(),
            middleware: "validate".into(),
            reason: "count must not go below zero".into(),
        };
        assert_eq!(
            err.to_string(),
            "store `counter` refused action \"decrement\": validate says: count must not go \
             below zero"
        );
    }

    #[test]
    fn locked_message_names_the_lock_holder() {
        let err = StoreError::Locked {
            store: "todos".into(),
            action: "add todo".into(),
            by: "devtools".into(),
        };
        assert_eq!(
            err.to_string(),
            "store `todos` is locked by devtools: action \"add todo\" was not applied; unlock \
             it there first"
        );
    }

    #[test]
    fn disposed_message_names_type_and_what_to_do() {
        let err = StoreError::Disposed {
            type_name: "app::Counter",
            action: "increment".into(),
            defined_at: None,
        };
        let message = err.to_string();
        assert!(message.contains("`app::Counter`"), "{message}");
        assert!(message.contains("keep an `ArcStore`"), "{message}");
    }
}
