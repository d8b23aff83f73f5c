//! What guards and actions see of the running machine besides the context and the event:
//! [`Configuration`] (SCXML's `In()`), [`Scope`] (`In()` and `<raise>`), and the event
//! [`Family`] a transition can match.

use super::definition::{IdHasher, StateId};
use std::{
    collections::{HashMap, VecDeque},
    fmt::{self, Debug},
    hash::BuildHasherDefault,
    sync::Arc,
};

/// An event waiting on a machine's internal queue, which a macrostep empties before it takes
/// the next external event.
pub(crate) enum Internal<E> {
    /// Raised by an action, or by an action that failed.
    Raised(E),
    /// The state at this position reached a final state (SCXML's `done.state.id`).
    Done(usize),
}

/// The states active at this point of a step, for guards: SCXML's `In(state)`.
///
/// During a transition's actions the states it exits are already inactive and those it
/// enters not yet active; during an entry action, the state and its ancestors are active.
pub struct Configuration<'a, S> {
    pub(crate) active: &'a [bool],
    pub(crate) index: &'a HashMap<S, usize, BuildHasherDefault<IdHasher>>,
}

impl<S: StateId> Configuration<'_, S> {
    /// Whether `state` is active (SCXML's `In(state)`). A state the machine does not declare
    /// is never active.
    pub fn is_in(&self, state: S) -> bool {
        self.index
            .get(&state)
            .is_some_and(|&at| self.active.get(at).copied().unwrap_or(false))
    }
}

impl<S> Debug for Configuration<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Configuration").finish_non_exhaustive()
    }
}

/// What an action can do besides changing the context: ask which states are active, and
/// raise events. Handed to the `*_with` actions ([`StateBuilder::entry_with`],
/// [`TransitionBuilder::action_with`] and the others).
///
/// A raised event goes to the machine's internal queue, which is emptied, in order, before the
/// next event sent from outside is taken (SCXML's `<raise>`).
///
/// [`StateBuilder::entry_with`]: crate::StateBuilder::entry_with
/// [`TransitionBuilder::action_with`]: crate::TransitionBuilder::action_with
pub struct Scope<'a, S, E> {
    pub(crate) configuration: Configuration<'a, S>,
    pub(crate) internal: &'a mut VecDeque<Internal<E>>,
}

impl<S: StateId, E> Scope<'_, S, E> {
    /// Whether `state` is active (SCXML's `In(state)`).
    pub fn is_in(&self, state: S) -> bool {
        self.configuration.is_in(state)
    }

    /// The active states, for a guard-like test written elsewhere.
    pub fn configuration(&self) -> &Configuration<'_, S> {
        &self.configuration
    }

    /// Raises `event` on the internal queue: it is taken after the current microstep and the
    /// events raised before it, and before any event sent from outside.
    pub fn raise(&mut self, event: E) {
        self.internal.push_back(Internal::Raised(event));
    }
}

impl<S, E> Debug for Scope<'_, S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("raised", &self.internal.len())
            .finish_non_exhaustive()
    }
}

/// A group of events one transition matches, as SCXML's `*` and `error.*` descriptors do: a
/// named test on the event. Declare it once, use it in [`StateBuilder::on_family`], and ask
/// [`Actor::can_family`] whether the machine would take such an event, without making up a
/// payload for it. [`StateBuilder::on_any`] matches every event (SCXML's `*`).
///
/// [`StateBuilder::on_family`]: crate::StateBuilder::on_family
/// [`StateBuilder::on_any`]: crate::StateBuilder::on_any
/// [`Actor::can_family`]: crate::Actor::can_family
///
/// # Examples
///
/// ```
/// use leptos_state::Family;
///
/// #[derive(Debug)]
/// enum Todo { Add(String), Edit(u32, String), Remove(u32) }
///
/// let edits = Family::new("Edit", |e: &Todo| matches!(e, Todo::Edit(..)));
/// assert!(edits.contains(&Todo::Edit(1, "milk".into())));
/// assert!(!edits.contains(&Todo::Remove(1)));
/// assert_eq!(edits.label(), "Edit");
/// ```
pub struct Family<E> {
    label: Arc<str>,
    test: Arc<dyn Fn(&E) -> bool + Send + Sync>,
}

impl<E> Family<E> {
    /// The events for which `test` is true, named `label` in diagrams and the devtools.
    pub fn new(
        label: impl Into<Arc<str>>,
        test: impl Fn(&E) -> bool + Send + Sync + 'static,
    ) -> Self {
        Family {
            label: label.into(),
            test: Arc::new(test),
        }
    }

    /// Whether `event` belongs to the family.
    pub fn contains(&self, event: &E) -> bool {
        (self.test)(event)
    }

    /// The family's name.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Whether `other` is this family (a clone of it), not merely one with the same test.
    pub(crate) fn is(&self, other: &Family<E>) -> bool {
        Arc::ptr_eq(&self.test, &other.test)
    }
}

impl<E> Clone for Family<E> {
    fn clone(&self) -> Self {
        Family {
            label: Arc::clone(&self.label),
            test: Arc::clone(&self.test),
        }
    }
}

impl<E> Debug for Family<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Family").field(&self.label).finish()
    }
}
