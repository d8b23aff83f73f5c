//! Declaring a machine: [`Machine::builder`], [`StateBuilder`], and the validated
//! [`Machine`] definition they produce.

use super::MachineError;
use std::{
    collections::HashMap,
    fmt::{self, Debug},
    hash::{BuildHasherDefault, Hash, Hasher},
    mem::Discriminant,
    sync::Arc,
};

/// Hashes state ids for the id-to-state index: ids are small enums, read on every
/// `matches`, so a multiply-rotate step (as rustc's FxHash) does instead of SipHash.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// What a state id must be: the user's own `Copy` enum, usually.
pub trait StateId: Copy + Eq + Hash + Debug + Send + Sync + 'static {}
impl<T: Copy + Eq + Hash + Debug + Send + Sync + 'static> StateId for T {}

pub(crate) type Guard<C, E> = Arc<dyn Fn(&C, Option<&E>) -> bool + Send + Sync>;
pub(crate) type Effect<C, E> = Arc<dyn Fn(&mut C, Option<&E>) + Send + Sync>;
pub(crate) type Hook<C> = Arc<dyn Fn(&mut C) + Send + Sync>;

/// Which states a history state remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HistoryMode {
    /// The active child of its parent, entered by its own initial states.
    Shallow,
    /// Every active state below its parent, exactly.
    Deep,
}

/// What makes a transition fire.
pub(crate) enum Trigger<E> {
    /// An event of this variant.
    Event(Discriminant<E>),
    /// Nothing: whenever its guard passes after a step (eventless, "always").
    Always,
    /// Its state has been active for this many milliseconds.
    After(u32),
    /// Its (compound or parallel) state reached a final state.
    Done,
}

pub(crate) struct Transition<E, C> {
    pub(crate) source: usize,
    pub(crate) trigger: Trigger<E>,
    /// How the diagram and the inspector name the trigger.
    pub(crate) label: String,
    pub(crate) guard: Option<Guard<C, E>>,
    pub(crate) actions: Vec<Effect<C, E>>,
    pub(crate) targets: Vec<usize>,
    pub(crate) internal: bool,
}

pub(crate) enum Kind {
    Atomic,
    Compound { initial: usize },
    Parallel,
    Final,
    HistoryMode(HistoryMode),
}

pub(crate) struct Node<S, E, C> {
    /// `None` for the machine's root.
    pub(crate) id: Option<S>,
    pub(crate) parent: Option<usize>,
    pub(crate) children: Vec<usize>,
    pub(crate) kind: Kind,
    pub(crate) entry: Vec<Hook<C>>,
    pub(crate) exit: Vec<Hook<C>>,
    pub(crate) transitions: Vec<Transition<E, C>>,
    /// Whether the state has delayed transitions, whose timers its entry and exit manage.
    pub(crate) has_delays: bool,
}

pub(crate) struct Definition<S, E, C> {
    /// Every state in document order; index 0 is the root.
    pub(crate) nodes: Vec<Node<S, E, C>>,
    pub(crate) index: HashMap<S, usize, BuildHasherDefault<IdHasher>>,
    pub(crate) context: C,
    /// Whether any state has an eventless transition; if none does, a step skips looking.
    pub(crate) has_eventless: bool,
}

/// A validated machine definition: states, transitions and the initial context. Cheap to
/// clone; run it with [`Actor::new`](crate::Actor::new) or [`use_machine`](crate::use_machine).
///
/// # Examples
///
/// ```
/// use leptos_state::Machine;
///
/// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
/// enum Light { Off, On }
/// #[derive(Debug)]
/// enum Switch { Toggle }
///
/// let machine = Machine::builder(0_u32)
///     .initial(Light::Off)
///     .state(Light::Off, |s| s.on(Switch::Toggle, Light::On))
///     .state(Light::On, |s| {
///         s.entry(|presses: &mut u32| *presses += 1).on(Switch::Toggle, Light::Off)
///     })
///     .build()
///     .unwrap();
/// assert_eq!(machine.states(), [Light::Off, Light::On]);
/// ```
pub struct Machine<S, E, C> {
    pub(crate) def: Arc<Definition<S, E, C>>,
}

impl<S, E, C> Clone for Machine<S, E, C> {
    fn clone(&self) -> Self {
        Machine {
            def: Arc::clone(&self.def),
        }
    }
}

impl<S: StateId, E, C> Debug for Machine<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Machine")
            .field("states", &self.states())
            .finish_non_exhaustive()
    }
}

impl<S: StateId, E: Debug + 'static, C: 'static> Machine<S, E, C> {
    /// Starts declaring a machine whose context starts as `context`.
    pub fn builder(context: C) -> MachineBuilder<S, E, C> {
        MachineBuilder {
            root: StateBuilder::new(None),
            context,
        }
    }
}

impl<S, E, C> Definition<S, E, C> {
    /// The delayed transitions of `state`, with their delays.
    pub(crate) fn delays(&self, state: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.nodes[state]
            .transitions
            .iter()
            .enumerate()
            .filter_map(|(at, t)| match t.trigger {
                Trigger::After(millis) => Some((at, millis)),
                _ => None,
            })
    }
}

impl<S: StateId, E, C> Machine<S, E, C> {
    /// Every declared state, in declaration order.
    pub fn states(&self) -> Vec<S> {
        self.def.nodes.iter().filter_map(|node| node.id).collect()
    }
}

/// Declares a machine: its top-level states and where it starts. Made by
/// [`Machine::builder`].
#[must_use = "a builder does nothing until `build()`"]
pub struct MachineBuilder<S, E, C> {
    root: StateBuilder<S, E, C>,
    context: C,
}

impl<S, E, C> Debug for MachineBuilder<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MachineBuilder").finish_non_exhaustive()
    }
}

impl<S: StateId, E: Debug + 'static, C: 'static> MachineBuilder<S, E, C> {
    /// The top-level state the machine starts in.
    pub fn initial(self, state: S) -> Self {
        MachineBuilder {
            root: self.root.initial(state),
            ..self
        }
    }

    /// Makes the top-level states parallel regions, all active at once.
    pub fn parallel(self) -> Self {
        MachineBuilder {
            root: self.root.parallel(),
            ..self
        }
    }

    /// Declares a top-level state; `declare` adds its transitions, actions and children.
    pub fn state(
        self,
        state: S,
        declare: impl FnOnce(StateBuilder<S, E, C>) -> StateBuilder<S, E, C>,
    ) -> Self {
        MachineBuilder {
            root: self.root.child(state, declare),
            ..self
        }
    }

    /// Checks the definition and returns it ready to run.
    ///
    /// # Errors
    ///
    /// The first problem found, in declaration order: [`MachineError::DuplicateState`],
    /// [`MachineError::UnknownTarget`], [`MachineError::MissingInitial`],
    /// [`MachineError::InitialNotChild`], [`MachineError::MisplacedHistory`],
    /// [`MachineError::InvalidState`] or [`MachineError::Empty`].
    pub fn build(self) -> Result<Machine<S, E, C>, MachineError> {
        if self.root.children.is_empty() {
            return Err(MachineError::Empty);
        }
        let mut flat = Vec::new();
        flatten(self.root, None, &mut flat);
        let mut index = HashMap::default();
        for (at, (declared, _)) in flat.iter().enumerate() {
            if let Some(id) = declared.id
                && index.insert(id, at).is_some()
            {
                return Err(MachineError::DuplicateState {
                    state: format!("{id:?}"),
                });
            }
        }
        let resolve = |from: Option<S>, target: S| {
            index
                .get(&target)
                .copied()
                .ok_or_else(|| MachineError::UnknownTarget {
                    from: name(from),
                    target: format!("{target:?}"),
                })
        };
        let children_of = |at: usize| -> Vec<usize> {
            (0..flat.len())
                .filter(|&child| flat[child].1 == Some(at))
                .collect()
        };
        let mut nodes = Vec::with_capacity(flat.len());
        for (at, (declared, parent)) in flat.iter().enumerate() {
            let children = children_of(at);
            let history_ids: Vec<S> = children
                .iter()
                .filter(|&&c| matches!(flat[c].0.shape, Shape::HistoryMode(_)))
                .filter_map(|&c| flat[c].0.id)
                .collect();
            let kind = kind_of(
                declared,
                &children,
                &history_ids,
                parent.map(|p| &flat[p].0),
                &resolve,
            )?;
            let transitions = declared
                .transitions
                .iter()
                .map(|spec| {
                    Ok(Transition {
                        source: at,
                        trigger: spec.trigger(),
                        label: spec.label.clone(),
                        guard: spec.guard.clone(),
                        actions: spec.actions.clone(),
                        targets: spec
                            .targets
                            .iter()
                            .map(|target| resolve(declared.id, *target))
                            .collect::<Result<_, _>>()?,
                        internal: spec.internal,
                    })
                })
                .collect::<Result<Vec<_>, MachineError>>()?;
            let has_delays = transitions
                .iter()
                .any(|t| matches!(t.trigger, Trigger::After(_)));
            nodes.push(Node {
                has_delays,
                id: declared.id,
                parent: *parent,
                children,
                kind,
                entry: declared.entry.clone(),
                exit: declared.exit.clone(),
                transitions,
            });
        }
        let has_eventless = nodes
            .iter()
            .flat_map(|node| &node.transitions)
            .any(|t| matches!(t.trigger, Trigger::Always));
        Ok(Machine {
            def: Arc::new(Definition {
                nodes,
                index,
                context: self.context,
                has_eventless,
            }),
        })
    }
}

/// How errors name a state: its id, or `(root)`.
pub(crate) fn name<S: Debug>(id: Option<S>) -> String {
    id.map_or_else(|| "(root)".to_owned(), |id| format!("{id:?}"))
}

/// A declared state and the position of its parent, in document order.
type Flat<S, E, C> = Vec<(StateBuilder<S, E, C>, Option<usize>)>;

fn flatten<S, E, C>(state: StateBuilder<S, E, C>, parent: Option<usize>, into: &mut Flat<S, E, C>) {
    let at = into.len();
    let mut state = state;
    let children = std::mem::take(&mut state.children);
    into.push((state, parent));
    for child in children {
        flatten(child, Some(at), into);
    }
}

fn kind_of<S: StateId, E, C>(
    declared: &StateBuilder<S, E, C>,
    children: &[usize],
    history_ids: &[S],
    parent: Option<&StateBuilder<S, E, C>>,
    resolve: &impl Fn(Option<S>, S) -> Result<usize, MachineError>,
) -> Result<Kind, MachineError> {
    let invalid = |kind, what| MachineError::InvalidState {
        state: name(declared.id),
        kind,
        what,
    };
    Ok(match declared.shape {
        Shape::HistoryMode(history) => {
            let in_compound = parent.is_some_and(|p| matches!(p.shape, Shape::Plain))
                && parent.is_some_and(|p| p.initial.is_some());
            if !in_compound || !children.is_empty() || !declared.transitions.is_empty() {
                return Err(MachineError::MisplacedHistory {
                    state: name(declared.id),
                });
            }
            Kind::HistoryMode(history)
        }
        Shape::Final => {
            if !children.is_empty() {
                return Err(invalid("final", "children"));
            }
            if parent.is_some_and(|p| matches!(p.shape, Shape::Parallel)) {
                return Err(invalid(
                    "final",
                    "a parallel parent (put it in one of the parallel state's regions)",
                ));
            }
            if !declared.transitions.is_empty() {
                return Err(invalid("final", "transitions"));
            }
            Kind::Final
        }
        Shape::Parallel => {
            if declared.initial.is_some() {
                return Err(invalid("parallel", "an initial child"));
            }
            if children.is_empty() {
                return Err(invalid("parallel", "no regions"));
            }
            Kind::Parallel
        }
        Shape::Plain if children.is_empty() => {
            if declared
                .transitions
                .iter()
                .any(|t| matches!(t.declared, Declared::Done))
            {
                return Err(invalid(
                    "atomic",
                    "an `on_done` transition (only a state with children completes)",
                ));
            }
            if let Some(initial) = declared.initial {
                return Err(MachineError::InitialNotChild {
                    state: name(declared.id),
                    initial: format!("{initial:?}"),
                });
            }
            Kind::Atomic
        }
        Shape::Plain => {
            let Some(initial) = declared.initial else {
                return Err(MachineError::MissingInitial {
                    state: name(declared.id),
                });
            };
            let at = resolve(declared.id, initial)?;
            if history_ids.contains(&initial) {
                return Err(invalid(
                    "compound",
                    "a history state as its initial child (a history state stands for one)",
                ));
            }
            if !children.contains(&at) {
                return Err(MachineError::InitialNotChild {
                    state: name(declared.id),
                    initial: format!("{initial:?}"),
                });
            }
            Kind::Compound { initial: at }
        }
    })
}

#[derive(Clone, Copy)]
enum Shape {
    Plain,
    Parallel,
    Final,
    HistoryMode(HistoryMode),
}

/// Declares one state: its transitions, entry and exit actions, and children. Handed to the
/// closures of [`MachineBuilder::state`] and [`StateBuilder::child`].
#[must_use = "a state builder must be returned from the closure that declares the state"]
pub struct StateBuilder<S, E, C> {
    id: Option<S>,
    shape: Shape,
    initial: Option<S>,
    children: Vec<StateBuilder<S, E, C>>,
    entry: Vec<Hook<C>>,
    exit: Vec<Hook<C>>,
    transitions: Vec<TransitionSpec<S, E, C>>,
}

impl<S: Debug, E, C> Debug for StateBuilder<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateBuilder")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl<S: StateId, E: Debug + 'static, C: 'static> StateBuilder<S, E, C> {
    fn new(id: Option<S>) -> Self {
        StateBuilder {
            id,
            shape: Shape::Plain,
            initial: None,
            children: Vec::new(),
            entry: Vec::new(),
            exit: Vec::new(),
            transitions: Vec::new(),
        }
    }

    /// The child this state starts in when entered (a compound state).
    pub fn initial(mut self, child: S) -> Self {
        self.initial = Some(child);
        self
    }

    /// Makes the children parallel regions: all of them are active while this state is.
    pub fn parallel(mut self) -> Self {
        self.shape = Shape::Parallel;
        self
    }

    /// Makes this a final state: entering it completes its parent (see
    /// [`on_done`](Self::on_done)); at the top level, the whole machine, which then keeps
    /// its states, runs no exit actions, and ignores further events.
    pub fn final_state(mut self) -> Self {
        self.shape = Shape::Final;
        self
    }

    /// Makes this a history state: a transition to it re-enters its parent's child states as
    /// they were when the parent was last exited (or the parent's initial child the first time).
    pub fn history(mut self, history: HistoryMode) -> Self {
        self.shape = Shape::HistoryMode(history);
        self
    }

    /// Declares a child state.
    pub fn child(mut self, state: S, declare: impl FnOnce(Self) -> Self) -> Self {
        self.children.push(declare(StateBuilder::new(Some(state))));
        self
    }

    /// An action run whenever the state is entered.
    pub fn entry(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.entry.push(Arc::new(action));
        self
    }

    /// An action run whenever the state is exited.
    pub fn exit(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.exit.push(Arc::new(action));
        self
    }

    /// On an event of the same variant as `event`, go to `target`.
    pub fn on(self, event: E, target: S) -> Self {
        self.on_with(event, |t| t.to(target))
    }

    /// On an event of the same variant as `event`, take the transition `declare` describes:
    /// its targets, guard, actions, and whether it is internal.
    ///
    /// Events match by enum variant (`std::mem::discriminant`), so a variant with data is
    /// declared with any value of it, and guards and actions read the real event.
    pub fn on_with(
        mut self,
        event: E,
        declare: impl FnOnce(TransitionBuilder<S, E, C>) -> TransitionBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::Event(std::mem::discriminant(&event)), {
            let label = format!("{event:?}");
            // A variant with data is labeled by its name only.
            label
                .split(['(', ' ', '{'])
                .next()
                .unwrap_or(&label)
                .to_owned()
        });
        self.transitions
            .push(declare(TransitionBuilder { spec }).spec);
        self
    }

    /// An eventless transition: taken as soon as its guard passes after any step.
    pub fn always(
        mut self,
        declare: impl FnOnce(EventlessBuilder<S, E, C>) -> EventlessBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::Always, "always".to_owned());
        self.transitions
            .push(declare(EventlessBuilder { spec }).spec);
        self
    }

    /// After the state has been active for `millis` milliseconds, go to `target`. Leaving the
    /// state cancels the timer.
    pub fn after(self, millis: u32, target: S) -> Self {
        self.after_with(millis, |t| t.to(target))
    }

    /// A delayed transition with a guard or actions.
    pub fn after_with(
        mut self,
        millis: u32,
        declare: impl FnOnce(EventlessBuilder<S, E, C>) -> EventlessBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::After(millis), format!("after {millis}ms"));
        self.transitions
            .push(declare(EventlessBuilder { spec }).spec);
        self
    }

    /// When this compound state enters a final child, go to `target`. On a parallel state:
    /// when every region is in its final state (a region that is itself parallel, when all of
    /// its own regions are).
    pub fn on_done(mut self, target: S) -> Self {
        let spec = TransitionSpec::new(Declared::Done, "done".to_owned());
        self.transitions
            .push(EventlessBuilder { spec }.to(target).spec);
        self
    }
}

enum Declared<E> {
    Event(Discriminant<E>),
    Always,
    After(u32),
    Done,
}

struct TransitionSpec<S, E, C> {
    declared: Declared<E>,
    label: String,
    guard: Option<Guard<C, E>>,
    actions: Vec<Effect<C, E>>,
    targets: Vec<S>,
    internal: bool,
}

impl<S, E, C> TransitionSpec<S, E, C> {
    fn new(declared: Declared<E>, label: String) -> Self {
        TransitionSpec {
            declared,
            label,
            guard: None,
            actions: Vec::new(),
            targets: Vec::new(),
            internal: false,
        }
    }

    fn trigger(&self) -> Trigger<E> {
        match self.declared {
            Declared::Event(variant) => Trigger::Event(variant),
            Declared::Always => Trigger::Always,
            Declared::After(millis) => Trigger::After(millis),
            Declared::Done => Trigger::Done,
        }
    }
}

/// Describes a transition taken on an event. Handed to [`StateBuilder::on_with`].
#[must_use = "a transition builder must be returned from the closure that declares it"]
pub struct TransitionBuilder<S, E, C> {
    spec: TransitionSpec<S, E, C>,
}

impl<S, E, C> Debug for TransitionBuilder<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransitionBuilder")
            .field("label", &self.spec.label)
            .finish_non_exhaustive()
    }
}

impl<S, E: 'static, C: 'static> TransitionBuilder<S, E, C> {
    /// A target state; call it once per region to target several parallel states. Without
    /// targets the transition only runs its actions and leaves the states as they are.
    pub fn to(mut self, target: S) -> Self {
        self.spec.targets.push(target);
        self
    }

    /// Take the transition only when `guard` passes; otherwise the next transition declared
    /// for the event (here or in an ancestor) is tried.
    pub fn guard(mut self, guard: impl Fn(&C, &E) -> bool + Send + Sync + 'static) -> Self {
        self.spec.guard = Some(Arc::new(move |context, event| {
            event.is_some_and(|event| guard(context, event))
        }));
        self
    }

    /// An action run when the transition is taken, after the exit actions and before the
    /// entry actions.
    pub fn action(mut self, action: impl Fn(&mut C, &E) + Send + Sync + 'static) -> Self {
        self.spec.actions.push(Arc::new(move |context, event| {
            if let Some(event) = event {
                action(context, event);
            }
        }));
        self
    }

    /// An internal transition: when its targets are all inside its own (compound) state, that
    /// state is not exited and re-entered.
    pub fn internal(mut self) -> Self {
        self.spec.internal = true;
        self
    }
}

/// Describes an eventless or delayed transition. Handed to [`StateBuilder::always`] and
/// [`StateBuilder::after_with`].
#[must_use = "a transition builder must be returned from the closure that declares it"]
pub struct EventlessBuilder<S, E, C> {
    spec: TransitionSpec<S, E, C>,
}

impl<S, E, C> Debug for EventlessBuilder<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventlessBuilder")
            .field("label", &self.spec.label)
            .finish_non_exhaustive()
    }
}

impl<S, E: 'static, C: 'static> EventlessBuilder<S, E, C> {
    /// A target state, as for [`TransitionBuilder::to`].
    pub fn to(mut self, target: S) -> Self {
        self.spec.targets.push(target);
        self
    }

    /// Take the transition only when `guard` passes on the context.
    pub fn guard(mut self, guard: impl Fn(&C) -> bool + Send + Sync + 'static) -> Self {
        self.spec.guard = Some(Arc::new(move |context, _| guard(context)));
        self
    }

    /// An action run when the transition is taken.
    pub fn action(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.spec
            .actions
            .push(Arc::new(move |context, _| action(context)));
        self
    }

    /// An internal transition, as for [`TransitionBuilder::internal`].
    pub fn internal(mut self) -> Self {
        self.spec.internal = true;
        self
    }
}
