//! [`Overwritten`]: what a change overwrote, kept by the commit when an add-on or middleware
//! asks for it, and [`Revert`], which also holds what putting back a refused write needs.

use crate::{Origin, Path, StoreError, tree::Node, tree::Pins};
use std::{any::Any, any::TypeId, fmt, panic::Location, sync::Arc};

/// What one committed change overwrote, as the [add-ons](crate::AddOn) that asked for it see
/// it: the state before a whole-store write, or the previous value of the slice a slice write
/// wrote.
///
/// Add-ons see it by reference: clone what you keep. (The crate's undo history takes it
/// whole, without a copy, as its step; see [`AddOn::committed`](crate::AddOn::committed).)
pub struct Overwritten<S> {
    pub(crate) previous: Previous<S>,
    /// The collection operation the write was, when an add-on asked for operations.
    pub(crate) operation: Option<Arc<dyn Operation<S>>>,
}

/// The value a change overwrote.
pub(crate) enum Previous<S> {
    /// The whole state: whole-store writes.
    State(S),
    /// One slice's value: slice writes.
    Slot(Box<dyn SlotValue<S>>),
}

impl<S: 'static> Overwritten<S> {
    /// The state before the change, for a whole-store write (and for a write through the
    /// store as a slice); `None` for a write to part of the state.
    pub fn state(&self) -> Option<&S> {
        match &self.previous {
            Previous::State(state) => Some(state),
            Previous::Slot(slot) => slot.as_whole_state(),
        }
    }

    /// The value the change overwrote: the state for a whole-store write, the slice's value
    /// for a slice write. Downcast it with [`value_of`](Self::value_of) or `downcast_ref`.
    pub fn value(&self) -> &dyn Any {
        match &self.previous {
            Previous::State(state) => state,
            Previous::Slot(slot) => slot.value(),
        }
    }

    /// The value the change overwrote, if it is a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{AddOn, ArcStore, Committed, State, Wants, Origin};
    /// use std::sync::{Arc, Mutex};
    ///
    /// #[derive(State, Clone, Default)]
    /// struct Form { name: String }
    ///
    /// #[derive(Default)]
    /// struct Previous(Mutex<Vec<String>>);
    ///
    /// impl AddOn<Form> for Previous {
    ///     fn name(&self) -> &str { "previous names" }
    ///     fn wants(&self, _: Origin) -> Wants { Wants::OVERWRITTEN }
    ///     fn committed(&self, committed: &mut Committed<'_, Form>) {
    ///         if let Some(name) = committed.overwritten().and_then(|o| o.value_of::<String>()) {
    ///             self.0.lock().unwrap().push(name.clone());
    ///         }
    ///     }
    /// }
    ///
    /// let form = ArcStore::new(Form { name: "Ada".into() });
    /// let previous = form.attach_add_on(Previous::default()).unwrap();
    /// form.name().set("Grace".into());
    /// assert_eq!(*previous.0.lock().unwrap(), ["Ada"]);
    /// # use leptos::prelude::Set;
    /// ```
    pub fn value_of<T: 'static>(&self) -> Option<&T> {
        self.value().downcast_ref()
    }
}

impl<S> fmt::Debug for Overwritten<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.previous {
            Previous::State(_) => "state".to_owned(),
            Previous::Slot(slot) => slot.path().to_string(),
        };
        f.debug_struct("Overwritten")
            .field("previous", &what)
            .finish_non_exhaustive()
    }
}

/// What a change overwrote, with what putting back a refused write needs.
pub(crate) struct Revert<S> {
    pub(crate) overwritten: Overwritten<S>,
    /// The positions the write's lookup resolved (slice writes).
    pub(crate) pins: Pins,
}

impl<S> Revert<S> {
    /// What a whole-store write overwrote.
    pub(crate) fn state(previous: S) -> Self {
        Revert {
            overwritten: Overwritten {
                previous: Previous::State(previous),
                operation: None,
            },
            pins: Pins::default(),
        }
    }

    /// Puts back what a refused change overwrote.
    pub(crate) fn put_back_refused(self, state: &mut S, tree: &Arc<Node>) {
        match self.overwritten.previous {
            Previous::State(previous) => *state = previous,
            Previous::Slot(slot) => slot.put_back_refused(state, tree, self.pins),
        }
    }
}

/// A value held for one place in the state, named by the slice that reaches it. The slice
/// module implements it; the core and the add-ons use it without knowing the slice's type.
pub(crate) trait SlotValue<S>: Send + Sync {
    /// Puts the value back where the refused write found its slot, through the positions
    /// it pinned (the write may have changed an item's key).
    fn put_back_refused(self: Box<Self>, state: &mut S, tree: &Arc<Node>, pins: Pins);

    /// Whether undo history records writes to this place (no field on the way is
    /// `#[state(history = false)]`).
    fn recorded(&self) -> bool;

    /// The value at the same place in `state` now, or `None` if the place is gone.
    fn capture(&self, state: &S, tree: &Arc<Node>) -> Option<Box<dyn SlotValue<S>>>;

    /// Writes a copy of the value into `state` as it was before the write that made it,
    /// outside any store; returns `false` if the place is gone.
    fn put(&self, state: &mut S, tree: &Arc<Node>) -> bool;

    /// Writes the value back through its slice, as one change from `origin` named after the
    /// slice's path and `verb`.
    fn write_back(
        &self,
        verb: &str,
        origin: Origin,
        location: &'static Location<'static>,
    ) -> Result<(), StoreError>;

    /// The slice's type and path: two values with the same key are for the same place.
    fn key(&self) -> (TypeId, Path);

    /// The slice's path.
    fn path(&self) -> Path;

    /// The value.
    fn value(&self) -> &dyn Any;

    /// The value, if this place is the whole state (a write through the store as a slice).
    fn as_whole_state(&self) -> Option<&S>;
}

/// A collection operation (a push, a removal by key), replayable on another copy of the
/// state: how a write is kept by an add-on that replays writes on another base.
pub(crate) trait Operation<S>: Send + Sync {
    /// Applies the operation to the collection in `state`, if it is there.
    fn apply(&self, state: &mut S, tree: &Arc<Node>);
}
