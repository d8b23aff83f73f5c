//! [`Overwritten`]: what a change overwrote, kept by the commit when an add-on or middleware
//! asks for it, as the previous state or as the edits that put it back.

use crate::{
    edit::{Edits, Notes, Place},
    tree::Node,
};
use std::{any::Any, fmt, sync::Arc};

/// What one committed change overwrote, as the [add-ons](crate::AddOn) that asked for it see
/// it: the state before a whole-store write, or what a write to part of the state replaced
/// (a slice's previous value, the row a removal took out).
///
/// Add-ons see it by reference: clone what you keep. (The crate's undo history takes it
/// whole, without a copy, as its step; see [`AddOn::committed`](crate::AddOn::committed).)
pub struct Overwritten<S> {
    pub(crate) previous: Previous<S>,
    /// Places the change rewrote beyond what its edits show: a rolled-back optimistic
    /// change's own, which a later write may have kept the value of (undo must not bring
    /// the refused value back there).
    pub(crate) also: Vec<Place>,
}

/// The value a change overwrote.
pub(crate) enum Previous<S> {
    /// The whole state: whole-store writes.
    State(S),
    /// The edits that put back what the change wrote, in the order to apply them: a slice
    /// write's previous value, the rows a collection write moved, the places a diff found.
    Edits(Edits<S>),
}

impl<S: 'static> Overwritten<S> {
    /// The state before the change, for a whole-store write (and for a write through the
    /// store as a slice); `None` for a write to part of the state.
    pub fn state(&self) -> Option<&S> {
        match &self.previous {
            Previous::State(state) => Some(state),
            Previous::Edits(edits) => match &edits.list[..] {
                [edit] => edit.as_whole_state(),
                _ => None,
            },
        }
    }

    /// The value the change overwrote: the state for a whole-store write, the slice's value
    /// for a write that replaced a slice's value. `None` for a change that overwrote no one
    /// value (a row added to or removed from a collection, several places at once).
    /// Downcast it with [`value_of`](Self::value_of) or `downcast_ref`.
    pub fn value(&self) -> Option<&dyn Any> {
        match &self.previous {
            Previous::State(state) => Some(state),
            Previous::Edits(edits) => match &edits.list[..] {
                [edit] => edit.value(),
                _ => None,
            },
        }
    }

    /// The value the change overwrote, if it overwrote one value and that is a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{AddOn, ArcStore, Committed, State, Wants, Origin};
    /// use std::sync::{Arc, Mutex};
    ///
    /// #[derive(State, Clone, PartialEq, Default)]
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
        self.value()?.downcast_ref()
    }
}

impl<S: 'static> Overwritten<S> {
    /// What a whole-store write overwrote.
    pub(crate) fn whole(previous: S) -> Self {
        Overwritten {
            previous: Previous::State(previous),
            also: Vec::new(),
        }
    }

    /// What a change put back by these edits overwrote.
    pub(crate) fn edits(edits: Edits<S>) -> Self {
        Overwritten {
            previous: Previous::Edits(edits),
            also: Vec::new(),
        }
    }

    /// Puts back what a refused change overwrote. Readers were not told of the change, so
    /// they are not told of this either.
    pub(crate) fn put_back_refused(self, state: &mut S, tree: &Arc<Node>) {
        match self.previous {
            Previous::State(previous) => *state = previous,
            Previous::Edits(edits) => {
                edits.apply(state, tree, &mut Notes::none(), false);
            }
        }
    }
}

impl<S: 'static> fmt::Debug for Overwritten<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.previous {
            Previous::State(_) => "state".to_owned(),
            Previous::Edits(edits) => format!("{edits:?}"),
        };
        f.debug_struct("Overwritten")
            .field("previous", &what)
            .finish_non_exhaustive()
    }
}
