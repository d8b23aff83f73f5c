//! Declaring a machine: [`Machine::builder`], [`StateBuilder`], and the validated
//! [`Machine`] definition they produce.

use super::{
    MachineError,
    scope::{Configuration, Family, Scope},
};
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

/// A guard: the context, the event (`None` for eventless, delayed and done transitions) and
/// the active states.
pub(crate) type Guard<S, E, C> =
    Arc<dyn Fn(&C, Option<&E>, &Configuration<'_, S>) -> bool + Send + Sync>;
/// An action: entry, exit, a transition's or an initial transition's. An `Err` is an event
/// raised on the internal queue, as SCXML raises `error.execution`.
pub(crate) type Effect<S, E, C> =
    Arc<dyn Fn(&mut C, Option<&E>, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync>;

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
    /// An event of this family.
    Family(Family<E>),
    /// Any event.
    Any,
    /// Nothing: whenever its guard passes after a step (eventless, "always").
    Always,
    /// Its state has been active for this many milliseconds.
    After(u64),
    /// The (compound or parallel) state at this position reached a final state.
    Done(usize),
}

impl<E> Trigger<E> {
    /// Whether the trigger matches `event`.
    pub(crate) fn takes(&self, event: &E) -> bool {
        match self {
            Trigger::Event(variant) => *variant == std::mem::discriminant(event),
            Trigger::Family(family) => family.contains(event),
            Trigger::Any => true,
            Trigger::Always | Trigger::After(_) | Trigger::Done(_) => false,
        }
    }
}

pub(crate) struct Transition<S, E, C> {
    pub(crate) trigger: Trigger<E>,
    /// How the diagram and the inspector name the trigger.
    pub(crate) label: String,
    pub(crate) guard: Option<Guard<S, E, C>>,
    pub(crate) actions: Vec<Effect<S, E, C>>,
    pub(crate) targets: Vec<usize>,
    /// Whether a target is a history state, which stands for other states.
    pub(crate) to_history: bool,
    /// The domain (see [`Definition::domain_of`]), when the targets alone decide it: always,
    /// unless a target is a history state. Worked out once, when the machine is built.
    pub(crate) fixed_domain: Option<Option<usize>>,
    pub(crate) internal: bool,
}

/// A compound state's initial transition, or a history state's default one: the states it
/// enters (one, a descendant at any depth, or one in each of several parallel regions) and
/// the actions it runs after its parent's entry actions.
pub(crate) struct Initial<S, E, C> {
    pub(crate) targets: Vec<usize>,
    pub(crate) actions: Vec<Effect<S, E, C>>,
}

pub(crate) enum Kind {
    Atomic,
    Compound,
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
    /// A compound state's initial transition, or a history state's default one.
    pub(crate) initial: Option<Initial<S, E, C>>,
    pub(crate) entry: Vec<Effect<S, E, C>>,
    pub(crate) exit: Vec<Effect<S, E, C>>,
    pub(crate) transitions: Vec<Transition<S, E, C>>,
    /// Whether the state has delayed transitions, whose timers its entry and exit manage.
    pub(crate) has_delays: bool,
    /// Whether the state has a history child, which must remember it before it is exited.
    pub(crate) has_history: bool,
    /// The position of its last descendant (its own, without children): the states inside
    /// it are exactly those after it up to this one, since states are in document order.
    pub(crate) last: usize,
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
    /// Whether the state at `a` is strictly inside the one at `b`.
    pub(crate) fn is_inside(&self, a: usize, b: usize) -> bool {
        b < a && a <= self.nodes[b].last
    }

    /// The state whose descendants a transition from `source` to `targets` (the states it
    /// stands for) exits and enters: SCXML's transition domain. `None` for a targetless
    /// transition, which exits nothing.
    pub(crate) fn domain_of(
        &self,
        source: usize,
        targets: &[usize],
        internal: bool,
    ) -> Option<usize> {
        if targets.is_empty() {
            return None;
        }
        if internal
            && matches!(self.nodes[source].kind, Kind::Compound)
            && targets.iter().all(|&s| self.is_inside(s, source))
        {
            return Some(source);
        }
        std::iter::successors(self.nodes[source].parent, |&p| self.nodes[p].parent).find(|&anc| {
            (anc == 0 || matches!(self.nodes[anc].kind, Kind::Compound))
                && targets.iter().all(|&s| self.is_inside(s, anc))
        })
    }

    /// The delay of transition `transition` of `state`, if it is a delayed one.
    pub(crate) fn delay(&self, state: usize, transition: usize) -> Option<u64> {
        match self.nodes[state].transitions.get(transition)?.trigger {
            Trigger::After(millis) => Some(millis),
            _ => None,
        }
    }

    /// The delayed transitions of `state`, with their delays.
    pub(crate) fn delays(&self, state: usize) -> impl Iterator<Item = (usize, u64)> + '_ {
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

    /// The machine's initial transition: the top-level states it starts in (one, a state
    /// at any depth, or one in each region of a parallel state) and actions it runs before
    /// entering them, as for [`StateBuilder::initial_with`].
    pub fn initial_with(
        self,
        declare: impl FnOnce(InitialBuilder<S, E, C>) -> InitialBuilder<S, E, C>,
    ) -> Self {
        MachineBuilder {
            root: self.root.initial_with(declare),
            ..self
        }
    }

    /// Checks the definition and returns it ready to run.
    ///
    /// # Errors
    ///
    /// The first problem found, in declaration order: [`MachineError::DuplicateState`],
    /// [`MachineError::UnknownTarget`], [`MachineError::MissingInitial`],
    /// [`MachineError::InitialNotChild`], [`MachineError::InitialNotTogether`],
    /// [`MachineError::MisplacedHistory`], [`MachineError::NeverDone`],
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
        let tree = Tree {
            parents: flat.iter().map(|(_, parent)| *parent).collect(),
            shapes: flat
                .iter()
                .map(|(declared, _)| (declared.shape, !declared.children_empty))
                .collect(),
        };
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
                .filter(|&child| tree.parents[child] == Some(at))
                .collect()
        };
        let mut nodes = Vec::with_capacity(flat.len());
        for (at, (declared, parent)) in flat.iter().enumerate() {
            let children = children_of(at);
            let kind = kind_of(declared, &children, parent.map(|p| &flat[p].0))?;
            let initial = match (&kind, &declared.initial) {
                (Kind::Compound, Some(spec)) => {
                    Some(tree.initial(declared.id, "compound", at, spec, &resolve)?)
                }
                (Kind::HistoryMode(_), Some(spec)) => Some(tree.initial(
                    declared.id,
                    "history",
                    parent.unwrap_or(0),
                    spec,
                    &resolve,
                )?),
                _ => None,
            };
            let transitions = declared
                .transitions
                .iter()
                .map(|spec| {
                    let targets: Vec<usize> = spec
                        .targets
                        .iter()
                        .map(|target| resolve(declared.id, *target))
                        .collect::<Result<_, _>>()?;
                    Ok(Transition {
                        fixed_domain: None,
                        to_history: targets
                            .iter()
                            .any(|&t| matches!(flat[t].0.shape, Shape::HistoryMode(_))),
                        targets,
                        trigger: spec.trigger(at, declared.id, &tree, &resolve)?,
                        label: spec.label.clone(),
                        guard: spec.guard.clone(),
                        actions: spec.actions.clone(),
                        internal: spec.internal,
                    })
                })
                .collect::<Result<Vec<_>, MachineError>>()?;
            let has_delays = transitions
                .iter()
                .any(|t| matches!(t.trigger, Trigger::After(_)));
            let has_history = children
                .iter()
                .any(|&child| matches!(flat[child].0.shape, Shape::HistoryMode(_)));
            nodes.push(Node {
                last: at,
                has_delays,
                has_history,
                id: declared.id,
                parent: *parent,
                children,
                kind,
                initial,
                entry: declared.entry.clone(),
                exit: declared.exit.clone(),
                transitions,
            });
        }
        let has_eventless = nodes
            .iter()
            .flat_map(|node| &node.transitions)
            .any(|t| matches!(t.trigger, Trigger::Always));
        // Children come after their parent: from the end, each state's last descendant is
        // known before its parent's.
        for at in (1..nodes.len()).rev() {
            if let Some(parent) = nodes[at].parent {
                nodes[parent].last = nodes[parent].last.max(nodes[at].last);
            }
        }
        let mut def = Definition {
            nodes,
            index,
            context: self.context,
            has_eventless,
        };
        for at in 0..def.nodes.len() {
            for t in 0..def.nodes[at].transitions.len() {
                let transition = &def.nodes[at].transitions[t];
                if !transition.to_history {
                    let domain = def.domain_of(at, &transition.targets, transition.internal);
                    def.nodes[at].transitions[t].fixed_domain = Some(domain);
                }
            }
        }
        Ok(Machine { def: Arc::new(def) })
    }
}

/// How errors name a state: its id, or `(root)`.
pub(crate) fn name<S: Debug>(id: Option<S>) -> String {
    id.map_or_else(|| "(root)".to_owned(), |id| format!("{id:?}"))
}

/// How errors name the targets of an initial transition: `A`, or `A, B`.
fn targets_name<S: Debug>(targets: &[S]) -> String {
    targets
        .iter()
        .map(|target| format!("{target:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A declared state and the position of its parent, in document order.
type Flat<S, E, C> = Vec<(StateBuilder<S, E, C>, Option<usize>)>;

fn flatten<S, E, C>(state: StateBuilder<S, E, C>, parent: Option<usize>, into: &mut Flat<S, E, C>) {
    let at = into.len();
    let mut state = state;
    let children = std::mem::take(&mut state.children);
    state.children_empty = children.is_empty();
    into.push((state, parent));
    for child in children {
        flatten(child, Some(at), into);
    }
}

/// The shape of a definition while it is checked: each state's parent, shape, and whether it
/// has children.
struct Tree {
    parents: Vec<Option<usize>>,
    shapes: Vec<(Shape, bool)>,
}

impl Tree {
    /// Whether `a` is strictly inside `b`.
    fn is_below(&self, a: usize, b: usize) -> bool {
        std::iter::successors(self.parents[a], |&p| self.parents[p]).any(|p| p == b)
    }

    /// The innermost state that contains both `a` and `b`.
    fn common_ancestor(&self, a: usize, b: usize) -> usize {
        std::iter::successors(self.parents[a], |&p| self.parents[p])
            .find(|&p| self.is_below(b, p))
            .unwrap_or(0)
    }

    /// Whether the state at `at` can complete: it has children and is not a history state.
    fn completes(&self, at: usize) -> bool {
        match self.shapes[at] {
            (Shape::Parallel, _) => true,
            (Shape::Plain, has_children) => has_children,
            (Shape::Final | Shape::HistoryMode(_), _) => false,
        }
    }

    /// Checks an initial (or history default) transition declared by `owner`, whose targets
    /// must lie inside `within` and be able to be active together.
    fn initial<S: StateId, E, C>(
        &self,
        owner: Option<S>,
        kind: &'static str,
        within: usize,
        spec: &InitialSpec<S, E, C>,
        resolve: &impl Fn(Option<S>, S) -> Result<usize, MachineError>,
    ) -> Result<Initial<S, E, C>, MachineError> {
        let mut targets = Vec::with_capacity(spec.targets.len());
        for &target in &spec.targets {
            let at = resolve(owner, target)?;
            if !self.is_below(at, within) {
                return Err(MachineError::InitialNotChild {
                    state: name(owner),
                    initial: format!("{target:?}"),
                });
            }
            if matches!(self.shapes[at].0, Shape::HistoryMode(_)) {
                return Err(MachineError::InvalidState {
                    state: name(owner),
                    kind,
                    what: "a history state as its initial state (a history state stands for one)",
                });
            }
            targets.push(at);
        }
        if targets.is_empty() {
            return Err(MachineError::MissingInitial { state: name(owner) });
        }
        for (i, &a) in targets.iter().enumerate() {
            for &b in &targets[i + 1..] {
                let apart = a != b
                    && !self.is_below(a, b)
                    && !self.is_below(b, a)
                    && matches!(self.shapes[self.common_ancestor(a, b)].0, Shape::Parallel);
                if !apart {
                    return Err(MachineError::InitialNotTogether {
                        state: name(owner),
                        initial: targets_name(&spec.targets),
                    });
                }
            }
        }
        Ok(Initial {
            targets,
            actions: spec.actions.clone(),
        })
    }
}

fn kind_of<S: StateId, E, C>(
    declared: &StateBuilder<S, E, C>,
    children: &[usize],
    parent: Option<&StateBuilder<S, E, C>>,
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
            if declared.initial.is_some() {
                return Err(invalid("final", "an initial state"));
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
                .any(|t| matches!(t.declared, Declared::Done(None)))
            {
                return Err(invalid(
                    "atomic",
                    "an `on_done` transition (only a state with children completes)",
                ));
            }
            if let Some(initial) = &declared.initial {
                return Err(MachineError::InitialNotChild {
                    state: name(declared.id),
                    initial: targets_name(&initial.targets),
                });
            }
            Kind::Atomic
        }
        Shape::Plain => {
            if declared.initial.is_none() {
                return Err(MachineError::MissingInitial {
                    state: name(declared.id),
                });
            }
            Kind::Compound
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
    initial: Option<InitialSpec<S, E, C>>,
    children: Vec<StateBuilder<S, E, C>>,
    /// Set when the definition is flattened, which takes the children out.
    children_empty: bool,
    entry: Vec<Effect<S, E, C>>,
    exit: Vec<Effect<S, E, C>>,
    transitions: Vec<TransitionSpec<S, E, C>>,
}

impl<S: Debug, E, C> Debug for StateBuilder<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateBuilder")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// An action that sees only the context, as an [`Effect`].
fn plain<S, E, C>(action: impl Fn(&mut C) + Send + Sync + 'static) -> Effect<S, E, C> {
    Arc::new(
        move |context: &mut C, _: Option<&E>, _: &mut Scope<'_, S, E>| {
            action(context);
            Ok(())
        },
    )
}

/// An action that also raises events and may fail, as an [`Effect`].
fn scoped<S, E, C>(
    action: impl Fn(&mut C, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync + 'static,
) -> Effect<S, E, C> {
    Arc::new(
        move |context: &mut C, _: Option<&E>, scope: &mut Scope<'_, S, E>| action(context, scope),
    )
}

impl<S: StateId, E: Debug + 'static, C: 'static> StateBuilder<S, E, C> {
    fn new(id: Option<S>) -> Self {
        StateBuilder {
            id,
            shape: Shape::Plain,
            initial: None,
            children: Vec::new(),
            children_empty: true,
            entry: Vec::new(),
            exit: Vec::new(),
            transitions: Vec::new(),
        }
    }

    /// The child this state starts in when entered (a compound state).
    pub fn initial(self, child: S) -> Self {
        self.initial_with(|t| t.to(child))
    }

    /// The initial transition of a compound state, as SCXML's `<initial>`: the states it
    /// starts in and actions to run on the way.
    ///
    /// A target may be any state inside this one, not only a child: the states between are
    /// entered too, and the other regions of a parallel state on the way start in their own
    /// initial states. Several targets must lie in different regions of a parallel state.
    /// The actions run when the state is entered without a target inside it, after its entry
    /// actions and before its children's.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::Machine;
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    /// enum S { Editor, Panes, Left, LeftOpen, Right, RightShut, RightOpen }
    /// #[derive(Debug)]
    /// enum E {}
    ///
    /// let machine = Machine::<S, E, Vec<&str>>::builder(Vec::new())
    ///     .initial(S::Editor)
    ///     .state(S::Editor, |s| {
    ///         s.entry(|log| log.push("enter Editor"))
    ///             .initial_with(|t| t.to(S::RightOpen).action(|log| log.push("initial")))
    ///             .child(S::Panes, |s| {
    ///                 s.parallel()
    ///                     .entry(|log| log.push("enter Panes"))
    ///                     .child(S::Left, |s| s.initial(S::LeftOpen).child(S::LeftOpen, |s| s))
    ///                     .child(S::Right, |s| {
    ///                         s.initial(S::RightShut)
    ///                             .child(S::RightShut, |s| s)
    ///                             .child(S::RightOpen, |s| s)
    ///                     })
    ///             })
    ///     })
    ///     .build()
    ///     .unwrap();
    /// let actor = leptos_state::Actor::new(machine);
    /// assert_eq!(actor.state_untracked(), [S::LeftOpen, S::RightOpen]);
    /// assert_eq!(
    ///     actor.with_context_untracked(Clone::clone).unwrap(),
    ///     ["enter Editor", "initial", "enter Panes"]
    /// );
    /// ```
    pub fn initial_with(
        mut self,
        declare: impl FnOnce(InitialBuilder<S, E, C>) -> InitialBuilder<S, E, C>,
    ) -> Self {
        let spec = InitialSpec {
            targets: Vec::new(),
            actions: Vec::new(),
        };
        self.initial = Some(declare(InitialBuilder { spec }).spec);
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
    /// they were when the parent was last exited. The first time, it takes its
    /// [default transition](Self::history_default) if it has one, or else enters its parent
    /// as a transition to the parent would (initial actions included).
    pub fn history(mut self, history: HistoryMode) -> Self {
        self.shape = Shape::HistoryMode(history);
        self
    }

    /// A history state's default transition, taken when it remembers nothing yet (SCXML's
    /// `<transition>` inside `<history>`): the states it enters inside its parent, and actions
    /// that run after the parent's entry actions.
    pub fn history_default(
        self,
        declare: impl FnOnce(InitialBuilder<S, E, C>) -> InitialBuilder<S, E, C>,
    ) -> Self {
        self.initial_with(declare)
    }

    /// Declares a child state.
    pub fn child(mut self, state: S, declare: impl FnOnce(Self) -> Self) -> Self {
        self.children.push(declare(StateBuilder::new(Some(state))));
        self
    }

    /// An action run whenever the state is entered.
    pub fn entry(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.entry.push(plain(action));
        self
    }

    /// An entry action that can ask which states are active and raise events (see
    /// [`Scope`]). An `Err(event)` raises `event`: the way to report that the action failed
    /// (SCXML's `error.execution`), handled by the chart as any other event.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{Actor, Machine};
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    /// enum S { Loading, Ready, Failed }
    /// #[derive(Debug)]
    /// enum E { Loaded, Failed(String) }
    ///
    /// let machine = Machine::builder(String::from("{oops"))
    ///     .initial(S::Loading)
    ///     .state(S::Loading, |s| {
    ///         s.entry_with(|text: &mut String, scope| {
    ///             if !text.starts_with('{') || !text.ends_with('}') {
    ///                 return Err(E::Failed(format!("not an object: {text}")));
    ///             }
    ///             scope.raise(E::Loaded);
    ///             Ok(())
    ///         })
    ///         .on(E::Loaded, S::Ready)
    ///         .on(E::Failed(String::new()), S::Failed)
    ///     })
    ///     .state(S::Ready, |s| s)
    ///     .state(S::Failed, |s| s)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(Actor::new(machine).state_untracked(), [S::Failed]);
    /// ```
    pub fn entry_with(
        mut self,
        action: impl Fn(&mut C, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        self.entry.push(scoped(action));
        self
    }

    /// An action run whenever the state is exited.
    pub fn exit(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.exit.push(plain(action));
        self
    }

    /// An exit action that can ask which states are active and raise events, as for
    /// [`entry_with`](Self::entry_with).
    pub fn exit_with(
        mut self,
        action: impl Fn(&mut C, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        self.exit.push(scoped(action));
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
    /// declared with any value of it, and guards and actions read the real event. To match a
    /// variant (or several) without making up a value, use [`on_family`](Self::on_family).
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

    /// On any event of `family`, take the transition `declare` describes, as SCXML's event
    /// descriptors (`error.*`) match a group of events.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{Actor, Family, Machine};
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    /// enum S { Editing }
    /// #[derive(Debug)]
    /// enum E { Rename(u32, String), Retitle(String), Save }
    ///
    /// let edits = Family::new("edit", |e: &E| matches!(e, E::Rename(..) | E::Retitle(_)));
    /// let machine = Machine::builder(0_u32)
    ///     .initial(S::Editing)
    ///     .state(S::Editing, |s| {
    ///         s.on_family(&edits, |t| t.action(|count: &mut u32, _| *count += 1))
    ///     })
    ///     .build()
    ///     .unwrap();
    /// let actor = Actor::new(machine);
    /// assert!(actor.can_family(&edits));
    /// actor.send(E::Retitle("Plans".into()));
    /// actor.send(E::Rename(1, "Milk".into()));
    /// actor.send(E::Save);
    /// assert_eq!(actor.with_context_untracked(|count| *count), Some(2));
    /// ```
    pub fn on_family(
        mut self,
        family: &Family<E>,
        declare: impl FnOnce(TransitionBuilder<S, E, C>) -> TransitionBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::Family(family.clone()), family.label().to_owned());
        self.transitions
            .push(declare(TransitionBuilder { spec }).spec);
        self
    }

    /// On any event at all (SCXML's `*`), take the transition `declare` describes. As with
    /// every transition, one declared earlier for the event, or in a state deeper inside,
    /// is taken first.
    pub fn on_any(
        mut self,
        declare: impl FnOnce(TransitionBuilder<S, E, C>) -> TransitionBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::Any, "*".to_owned());
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
    pub fn after(self, millis: u64, target: S) -> Self {
        self.after_with(millis, |t| t.to(target))
    }

    /// A delayed transition with a guard or actions.
    pub fn after_with(
        mut self,
        millis: u64,
        declare: impl FnOnce(EventlessBuilder<S, E, C>) -> EventlessBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::After(millis), format!("after {millis} ms"));
        self.transitions
            .push(declare(EventlessBuilder { spec }).spec);
        self
    }

    /// When this compound state enters a final child, go to `target`. On a parallel state:
    /// when every region is in its final state (a region that is itself parallel, when all of
    /// its own regions are).
    pub fn on_done(self, target: S) -> Self {
        self.on_done_with(|t| t.to(target))
    }

    /// When this state is done (as for [`on_done`](Self::on_done)), take the transition
    /// `declare` describes: with a guard, actions, or no target at all.
    ///
    /// Being done is an event on the internal queue (SCXML's `done.state.id`), queued after
    /// the events raised by the final state's entry actions. Like any event it is offered to
    /// the active states innermost first, so this state's transitions come before its
    /// ancestors' [`on_done_of`](Self::on_done_of).
    pub fn on_done_with(
        mut self,
        declare: impl FnOnce(EventlessBuilder<S, E, C>) -> EventlessBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::Done(None), "done".to_owned());
        self.transitions
            .push(declare(EventlessBuilder { spec }).spec);
        self
    }

    /// When the state `state` (usually one inside this one) is done, take the transition
    /// `declare` describes: how an ancestor reacts to a descendant completing.
    pub fn on_done_of(
        mut self,
        state: S,
        declare: impl FnOnce(EventlessBuilder<S, E, C>) -> EventlessBuilder<S, E, C>,
    ) -> Self {
        let spec = TransitionSpec::new(Declared::Done(Some(state)), format!("done {state:?}"));
        self.transitions
            .push(declare(EventlessBuilder { spec }).spec);
        self
    }
}

enum Declared<S, E> {
    Event(Discriminant<E>),
    Family(Family<E>),
    Any,
    Always,
    After(u64),
    /// Done: of the declaring state (`None`), or of another one.
    Done(Option<S>),
}

struct InitialSpec<S, E, C> {
    targets: Vec<S>,
    actions: Vec<Effect<S, E, C>>,
}

struct TransitionSpec<S, E, C> {
    declared: Declared<S, E>,
    label: String,
    guard: Option<Guard<S, E, C>>,
    actions: Vec<Effect<S, E, C>>,
    targets: Vec<S>,
    internal: bool,
}

impl<S: StateId, E, C> TransitionSpec<S, E, C> {
    fn new(declared: Declared<S, E>, label: String) -> Self {
        TransitionSpec {
            declared,
            label,
            guard: None,
            actions: Vec::new(),
            targets: Vec::new(),
            internal: false,
        }
    }

    /// The trigger, with a done transition's state found and checked: only a state that has
    /// children completes.
    fn trigger(
        &self,
        at: usize,
        declared_by: Option<S>,
        tree: &Tree,
        resolve: &impl Fn(Option<S>, S) -> Result<usize, MachineError>,
    ) -> Result<Trigger<E>, MachineError> {
        Ok(match &self.declared {
            Declared::Event(variant) => Trigger::Event(*variant),
            Declared::Family(family) => Trigger::Family(family.clone()),
            Declared::Any => Trigger::Any,
            Declared::Always => Trigger::Always,
            Declared::After(millis) => Trigger::After(*millis),
            Declared::Done(None) => Trigger::Done(at),
            Declared::Done(Some(state)) => {
                let of = resolve(declared_by, *state)?;
                if !tree.completes(of) {
                    return Err(MachineError::NeverDone {
                        from: name(declared_by),
                        state: format!("{state:?}"),
                    });
                }
                Trigger::Done(of)
            }
        })
    }
}

/// Describes an initial transition, or a history state's default one. Handed to
/// [`StateBuilder::initial_with`], [`MachineBuilder::initial_with`] and
/// [`StateBuilder::history_default`].
#[must_use = "a transition builder must be returned from the closure that declares it"]
pub struct InitialBuilder<S, E, C> {
    spec: InitialSpec<S, E, C>,
}

impl<S, E, C> Debug for InitialBuilder<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InitialBuilder")
            .field("targets", &self.spec.targets.len())
            .finish_non_exhaustive()
    }
}

impl<S: 'static, E: 'static, C: 'static> InitialBuilder<S, E, C> {
    /// A state to start in; call it once per region to start in several parallel states.
    pub fn to(mut self, target: S) -> Self {
        self.spec.targets.push(target);
        self
    }

    /// An action run on the way in, after the parent's entry actions.
    pub fn action(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.spec.actions.push(plain(action));
        self
    }

    /// An action that can ask which states are active and raise events, as for
    /// [`StateBuilder::entry_with`].
    pub fn action_with(
        mut self,
        action: impl Fn(&mut C, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        self.spec.actions.push(scoped(action));
        self
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

impl<S: 'static, E: 'static, C: 'static> TransitionBuilder<S, E, C> {
    /// A target state; call it once per region to target several parallel states. Without
    /// targets the transition only runs its actions and leaves the states as they are.
    pub fn to(mut self, target: S) -> Self {
        self.spec.targets.push(target);
        self
    }

    /// Take the transition only when `guard` passes; otherwise the next transition declared
    /// for the event (here or in an ancestor) is tried.
    pub fn guard(mut self, guard: impl Fn(&C, &E) -> bool + Send + Sync + 'static) -> Self {
        self.spec.guard = Some(Arc::new(move |context, event, _| {
            event.is_some_and(|event| guard(context, event))
        }));
        self
    }

    /// A guard that can also ask which states are active (SCXML's `In()`).
    pub fn guard_with(
        mut self,
        guard: impl Fn(&C, &E, &Configuration<'_, S>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.spec.guard = Some(Arc::new(move |context, event, configuration| {
            event.is_some_and(|event| guard(context, event, configuration))
        }));
        self
    }

    /// An action run when the transition is taken, after the exit actions and before the
    /// entry actions.
    pub fn action(mut self, action: impl Fn(&mut C, &E) + Send + Sync + 'static) -> Self {
        self.spec.actions.push(Arc::new(move |context, event, _| {
            if let Some(event) = event {
                action(context, event);
            }
            Ok(())
        }));
        self
    }

    /// An action that can ask which states are active and raise events; an `Err(event)`
    /// raises `event`, as for [`StateBuilder::entry_with`].
    pub fn action_with(
        mut self,
        action: impl Fn(&mut C, &E, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        self.spec
            .actions
            .push(Arc::new(move |context, event, scope| {
                event.map_or(Ok(()), |event| action(context, event, scope))
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

/// Describes an eventless, delayed or done transition. Handed to [`StateBuilder::always`],
/// [`StateBuilder::after_with`], [`StateBuilder::on_done_with`] and
/// [`StateBuilder::on_done_of`].
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

impl<S: 'static, E: 'static, C: 'static> EventlessBuilder<S, E, C> {
    /// A target state, as for [`TransitionBuilder::to`].
    pub fn to(mut self, target: S) -> Self {
        self.spec.targets.push(target);
        self
    }

    /// Take the transition only when `guard` passes on the context.
    pub fn guard(mut self, guard: impl Fn(&C) -> bool + Send + Sync + 'static) -> Self {
        self.spec.guard = Some(Arc::new(move |context, _, _| guard(context)));
        self
    }

    /// A guard that can also ask which states are active (SCXML's `In()`).
    pub fn guard_with(
        mut self,
        guard: impl Fn(&C, &Configuration<'_, S>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.spec.guard = Some(Arc::new(move |context, _, configuration| {
            guard(context, configuration)
        }));
        self
    }

    /// An action run when the transition is taken.
    pub fn action(mut self, action: impl Fn(&mut C) + Send + Sync + 'static) -> Self {
        self.spec.actions.push(plain(action));
        self
    }

    /// An action that can ask which states are active and raise events, as for
    /// [`StateBuilder::entry_with`].
    pub fn action_with(
        mut self,
        action: impl Fn(&mut C, &mut Scope<'_, S, E>) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        self.spec.actions.push(scoped(action));
        self
    }

    /// An internal transition, as for [`TransitionBuilder::internal`].
    pub fn internal(mut self) -> Self {
        self.spec.internal = true;
        self
    }
}
