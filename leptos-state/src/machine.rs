//! State machines: statecharts whose active states and context are signals.
//!
//! Declare states and events as your own enums and the context as your own type, build a
//! [`Machine`] (checked when built), and run it as an [`Actor`], usually with
//! [`use_machine`] in a component. Hierarchical and parallel states, shallow and deep
//! history, final states, eventless (`always`) and delayed (`after`) transitions are
//! supported, and a step runs in the order the SCXML algorithm gives: exit actions innermost
//! first, then transition actions, then entry actions outermost first; events raised by
//! actions ([`Scope::raise`]) and done events go to an internal queue that is emptied before
//! the next external event.

pub(crate) mod actor;
pub(crate) mod definition;
pub(crate) mod engine;
mod error;
pub(crate) mod mermaid;
pub(crate) mod scope;

pub use actor::Actor;
pub use definition::{
    EventlessBuilder, HistoryMode, InitialBuilder, Machine, MachineBuilder, StateBuilder, StateId,
    TransitionBuilder,
};
pub use error::MachineError;
pub use scope::{Configuration, Family, Scope};

use std::fmt::Debug;

/// What an [`Actor`]'s observers see. Made for the devtools and for logging.
#[derive(Debug)]
#[non_exhaustive]
pub enum Inspection<'a, S, E> {
    /// An event was sent, before it is processed.
    Event(&'a E),
    /// A macrostep changed the active states (or ran a targetless transition): one report
    /// for an event and everything it led to (eventless transitions, raised and done
    /// events), with the active leaves before and after it, and how many microsteps it took.
    Transition {
        /// The active leaf states before the step.
        from: &'a [S],
        /// The active leaf states after it.
        to: &'a [S],
        /// The event that caused the step.
        event: Option<&'a E>,
        /// For a step a delayed transition's timer caused, its delay in milliseconds (the
        /// `after(ms, ..)` it was built with).
        after_ms: Option<u64>,
        /// How many microsteps (sets of transitions taken together) the macrostep took.
        microsteps: usize,
    },
    /// An event that no active state handles; the machine ignored it.
    Unhandled(&'a E),
    /// A step failed, e.g. eventless transitions that never stop.
    Error(&'a MachineError),
}

/// A machine's active states, history and context, as [`Actor::snapshot`] takes them and
/// [`Actor::restore`] puts them back. Serializable with serde when the state and context
/// types are.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MachineSnapshot<S, C> {
    /// Every active state, outermost first.
    pub states: Vec<S>,
    /// For each history state that remembers something, what it remembers.
    pub history: Vec<(S, Vec<S>)>,
    /// The context.
    pub context: C,
}

/// Starts `machine` in the current component: the [`Actor`] is disposed, and its timers
/// cancelled, when the component is.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Machine, use_machine};
///
/// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
/// enum Step { Cart, Paid }
/// #[derive(Debug)]
/// enum Pay { Card }
///
/// #[component]
/// fn Checkout() -> impl IntoView {
///     let machine = Machine::builder(())
///         .initial(Step::Cart)
///         .state(Step::Cart, |s| s.on(Pay::Card, Step::Paid))
///         .state(Step::Paid, |s| s.final_state())
///         .build()
///         .expect("a valid machine");
///     let checkout = use_machine(machine);
///     view! {
///         <button on:click=move |_| checkout.send(Pay::Card) disabled=move || !checkout.can(&Pay::Card)>
///             "Pay"
///         </button>
///         <p>{move || if checkout.done() { "Thank you" } else { "Your cart" }}</p>
///     }
/// }
/// ```
#[track_caller]
pub fn use_machine<S, E, C>(machine: Machine<S, E, C>) -> Actor<S, E, C>
where
    S: StateId,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + 'static,
{
    Actor::new(machine)
}
