//! Why a machine definition, a run or a snapshot was refused.

/// What is wrong with a machine definition, a run, or a snapshot.
///
/// [`MachineBuilder::build`](crate::MachineBuilder::build) checks the whole definition and
/// returns the first problem in declaration order; a running machine reports a livelock instead
/// of spinning, and a snapshot naming states the definition does not have is refused whole.
///
/// A parent cycle cannot be written: states nest by closures, so every state has exactly one
/// parent by construction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MachineError {
    /// A transition targets a state that no `state`/`child` declares.
    #[error("state `{from}` has a transition to `{target}`, which is not a declared state")]
    UnknownTarget {
        /// The state the transition belongs to (`(root)` for the machine itself).
        from: String,
        /// The undeclared target.
        target: String,
    },
    /// The same state id is declared twice.
    #[error("state `{state}` is declared twice; each state id names one state")]
    DuplicateState {
        /// The repeated id.
        state: String,
    },
    /// A state with children does not say which child it starts in.
    #[error(
        "state `{state}` has children but no initial child; call `.initial(..)` on it (or mark \
         it `.parallel()`)"
    )]
    MissingInitial {
        /// The compound state (`(root)` for the machine itself).
        state: String,
    },
    /// A compound state's initial state (or a history state's default one) is not inside
    /// it (inside its parent).
    #[error("state `{state}` starts in `{initial}`, which is not inside it")]
    InitialNotChild {
        /// The compound state (`(root)` for the machine itself).
        state: String,
        /// The named initial state.
        initial: String,
    },
    /// The initial states of an initial (or history default) transition cannot be active
    /// together: several targets must lie in different regions of one parallel state.
    #[error(
        "state `{state}` starts in `{initial}` at once, which cannot be active together; several \
         initial states must lie in different regions of a parallel state"
    )]
    InitialNotTogether {
        /// The compound state (`(root)` for the machine itself), or the history state.
        state: String,
        /// The initial states, as declared.
        initial: String,
    },
    /// A transition waits for a state to be done that can never be: only a compound or
    /// parallel state completes.
    #[error(
        "state `{from}` waits for `{state}` to be done, but only a state with children (not a \
         final or history state) completes"
    )]
    NeverDone {
        /// The state that declares the transition.
        from: String,
        /// The state that never completes.
        state: String,
    },
    /// A history state is not inside a compound state, or has children of its own.
    #[error(
        "history state `{state}` must be a leaf directly inside a compound state (one with an \
         initial child)"
    )]
    MisplacedHistory {
        /// The history state.
        state: String,
    },
    /// A final, history or parallel state has something it cannot have.
    #[error("state `{state}` is {kind} and cannot have {what}")]
    InvalidState {
        /// The state.
        state: String,
        /// What it is: `final`, `parallel`.
        kind: &'static str,
        /// What it cannot have.
        what: &'static str,
    },
    /// The machine has no states.
    #[error("a machine needs at least one state")]
    Empty,
    /// Eventless transitions, or events raised by actions, kept firing after one event.
    #[error(
        "eventless transitions or raised events kept firing after {limit} steps (last in \
         `{state}`); a guard must eventually turn false, or the transitions cycle forever"
    )]
    Livelock {
        /// The step limit.
        limit: usize,
        /// An active state when the limit was reached.
        state: String,
    },
    /// A snapshot names a state this definition does not have.
    #[error("the snapshot names state `{state}`, which this machine does not declare")]
    UnknownState {
        /// The unknown state, as written in the snapshot.
        state: String,
    },
    /// A snapshot's states are not a configuration the machine can be in.
    #[error("the snapshot's states are not a configuration this machine can be in: {why}")]
    InvalidSnapshot {
        /// What is wrong.
        why: String,
    },
}
