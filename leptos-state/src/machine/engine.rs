//! The interpreter: which transitions an event enables, and what taking them exits, runs and
//! enters, in the order the SCXML algorithm gives. It knows nothing of signals or timers; the
//! [`Actor`](crate::Actor) around it does.

use super::{
    MachineError,
    definition::{Definition, Effect, Kind, Node, StateId, Transition, Trigger, name},
    scope::{Configuration, Family, Internal, Scope},
};
use std::{
    borrow::Cow,
    collections::{HashMap, VecDeque},
    ops::Deref,
    sync::Arc,
};

/// How many eventless steps one event may cause before it is called a livelock.
pub(crate) const STEP_LIMIT: usize = 1_000;

/// What one macrostep (an event, then the eventless transitions and internal events it
/// leads to) did.
#[derive(Debug, Default)]
pub(crate) struct Step {
    /// Whether any transition was taken.
    pub(crate) handled: bool,
    /// How many microsteps (sets of transitions taken together) the macrostep took.
    pub(crate) microsteps: usize,
    /// Whether any state was entered or exited.
    pub(crate) moved: bool,
    /// States with delayed transitions entered, in order, with their entry count (for
    /// their timers).
    pub(crate) entered: Vec<(usize, u64)>,
    /// States with delayed transitions exited, in order.
    pub(crate) exited: Vec<usize>,
    /// Whether any action ran, so the context may have changed.
    pub(crate) ran_actions: bool,
    /// What stopped the step early: a livelock. What it did until then still stands.
    pub(crate) error: Option<MachineError>,
}

impl Step {
    /// Keeps only the states that a step left entered or exited: one entered and exited
    /// again within the step needs no timer.
    fn settled(mut self, active: &[bool]) -> Step {
        self.entered.retain(|&(state, _)| active[state]);
        self.exited.retain(|&state| !active[state]);
        self
    }
}

/// A transition by position: the state that declares it and its index there.
type Chosen = (usize, usize);

/// The buffers a step works in, kept between steps so that a step allocates nothing once
/// they have grown to the machine's size.
#[derive(Default)]
struct Scratch {
    /// The transitions enabled, before conflicts are settled.
    enabled: Vec<Chosen>,
    /// The transitions a microstep takes, with their domains.
    chosen: Vec<(Chosen, Option<usize>)>,
    /// The states a microstep exits, innermost first.
    exits: Vec<usize>,
    entering: Entering,
}

/// The states a microstep will enter (few, so a vector beats a tree), and the default
/// transitions whose actions run on the way (SCXML's `statesForDefaultEntry` and
/// `defaultHistoryContent`).
#[derive(Default)]
struct Entering {
    states: Vec<usize>,
    /// A state, and the state whose initial (or history default) actions run right after
    /// its entry actions.
    defaults: Vec<(usize, usize)>,
}

impl Entering {
    fn insert(&mut self, state: usize) {
        if !self.states.contains(&state) {
            self.states.push(state);
        }
    }

    /// Runs `holder`'s initial (or history default) actions right after `state` is entered,
    /// once however many transitions of the microstep enter it by default.
    fn default_entry(&mut self, state: usize, holder: usize) {
        if !self.defaults.contains(&(state, holder)) {
            self.defaults.push((state, holder));
        }
    }
}

impl Deref for Entering {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        &self.states
    }
}

/// Runs `actions`; an action's `Err` is raised on the internal queue, after what it raised
/// itself. Returns whether any ran.
fn run_actions<S, E, C>(
    def: &Definition<S, E, C>,
    actions: &[Effect<S, E, C>],
    context: &mut C,
    event: Option<&E>,
    active: &[bool],
    internal: &mut VecDeque<Internal<E>>,
) -> bool {
    for action in actions {
        let outcome = action(
            context,
            event,
            &mut Scope {
                configuration: Configuration {
                    active,
                    index: &def.index,
                },
                internal: &mut *internal,
            },
        );
        if let Err(raised) = outcome {
            internal.push_back(Internal::Raised(raised));
        }
    }
    !actions.is_empty()
}

pub(crate) struct Engine<S, E, C> {
    def: Arc<Definition<S, E, C>>,
    pub(crate) context: C,
    active: Vec<bool>,
    history: HashMap<usize, Vec<usize>>,
    /// How many times each state has been entered, to tell a timer from an earlier visit.
    entries: Vec<u64>,
    /// Raised events and completion (done) events, taken in order after eventless
    /// transitions and before the next external event.
    internal: VecDeque<Internal<E>>,
    done: bool,
    scratch: Scratch,
}

impl<S: StateId, E, C> Engine<S, E, C> {
    /// A machine in no state; [`start`](Self::start) enters the initial configuration.
    pub(crate) fn new(def: Arc<Definition<S, E, C>>, context: C) -> Self {
        let len = def.nodes.len();
        let mut active = vec![false; len];
        active[0] = true;
        Engine {
            def,
            context,
            active,
            history: HashMap::new(),
            entries: vec![0; len],
            internal: VecDeque::new(),
            done: false,
            scratch: Scratch::default(),
        }
    }

    /// Enters the initial configuration, running the machine's initial actions first, and
    /// then the eventless transitions and internal events that follow.
    pub(crate) fn start(&mut self) -> Step {
        let mut step = Step::default();
        let mut entering = Entering::default();
        self.add_descendants(0, &mut entering);
        self.enter(&mut entering, &mut step);
        self.settle(&mut step);
        step.settled(&self.active)
    }

    fn node(&self, at: usize) -> &Node<S, E, C> {
        &self.def.nodes[at]
    }

    /// Sends `event`: takes the transitions it enables, then the eventless ones and the
    /// internal events they raise.
    pub(crate) fn send(&mut self, event: &E) -> Step {
        let mut step = Step::default();
        if self.done {
            return step;
        }
        if !self.take_enabled(|t| t.trigger.takes(event), Some(event), &mut step) {
            return step;
        }
        self.settle(&mut step);
        step.settled(&self.active)
    }

    /// Fires the delayed transition `transition` of `state`, if the state is still in the
    /// visit (`entry`) that scheduled it and the guard passes.
    pub(crate) fn fire_after(&mut self, state: usize, transition: usize, entry: u64) -> Step {
        let mut step = Step::default();
        if self.done || !self.active[state] || self.entries[state] != entry {
            return step;
        }
        let t = &self.node(state).transitions[transition];
        if !t
            .guard
            .as_ref()
            .is_none_or(|g| g(&self.context, None, &self.in_states()))
        {
            return step;
        }
        let chosen = (state, transition);
        self.microstep(&[(chosen, self.domain(chosen))], None, &mut step);
        self.settle(&mut step);
        step.settled(&self.active)
    }

    /// Whether `event` would take a transition now, guards included.
    pub(crate) fn can(&self, event: &E) -> bool {
        if self.done {
            return false;
        }
        let (mut enabled, mut chosen) = (Vec::new(), Vec::new());
        self.select(
            |t| t.trigger.takes(event),
            Some(event),
            &mut enabled,
            &mut chosen,
        );
        !chosen.is_empty()
    }

    /// Whether an active state declares a transition for `family` (or for any event). The
    /// guards are not run: they need an event.
    pub(crate) fn can_family(&self, family: &Family<E>) -> bool {
        !self.done
            && (1..self.active.len())
                .filter(|&at| self.active[at])
                .flat_map(|at| &self.node(at).transitions)
                .any(|t| match &t.trigger {
                    Trigger::Family(declared) => declared.is(family),
                    Trigger::Any => true,
                    _ => false,
                })
    }

    /// The active states, for guards and actions.
    fn in_states(&self) -> Configuration<'_, S> {
        Configuration {
            active: &self.active,
            index: &self.def.index,
        }
    }

    /// Whether the machine reached a top-level final state.
    pub(crate) fn is_done(&self) -> bool {
        self.done
    }

    pub(crate) fn is_active(&self, at: usize) -> bool {
        self.active[at]
    }

    /// The active states without active children, in document order.
    pub(crate) fn leaves(&self) -> Vec<usize> {
        self.active_leaves().collect()
    }

    /// [`leaves`](Self::leaves), one by one.
    pub(crate) fn active_leaves(&self) -> impl Iterator<Item = usize> + '_ {
        (1..self.active.len()).filter(|&at| self.active[at] && self.is_leaf(at))
    }

    /// Every active state but the root, in document order.
    pub(crate) fn configuration(&self) -> Vec<usize> {
        (1..self.active.len())
            .filter(|&at| self.active[at])
            .collect()
    }

    pub(crate) fn history(&self) -> &HashMap<usize, Vec<usize>> {
        &self.history
    }

    /// Puts the machine in `configuration` with `history`, as a restored snapshot says;
    /// returns the states now active, with their entry counts, for their timers.
    pub(crate) fn restore(
        &mut self,
        configuration: &[usize],
        history: HashMap<usize, Vec<usize>>,
        context: C,
    ) -> Result<Vec<(usize, u64)>, MachineError> {
        let mut active = vec![false; self.active.len()];
        active[0] = true;
        for &at in configuration {
            active[at] = true;
        }
        self.check_legal(&active)?;
        for (&at, remembered) in &history {
            self.check_history(at, remembered)?;
        }
        self.active = active;
        self.history = history;
        self.context = context;
        self.internal.clear();
        self.done = self.is_in_final(0);
        Ok(configuration
            .iter()
            .map(|&at| {
                self.entries[at] += 1;
                (at, self.entries[at])
            })
            .collect())
    }

    /// What a history state remembers must be something it could have recorded: for shallow
    /// history one child of its parent, for deep history active leaves below its parent that
    /// together form a configuration the parent can be in.
    fn check_history(&self, history: usize, remembered: &[usize]) -> Result<(), MachineError> {
        let invalid = |why: &str| {
            Err(MachineError::InvalidSnapshot {
                why: format!("history state `{}` {why}", self.name(history)),
            })
        };
        let Kind::HistoryMode(kind) = self.node(history).kind else {
            return invalid("is not a history state");
        };
        let parent = self.node(history).parent.unwrap_or(0);
        if remembered.is_empty()
            || remembered.iter().any(|&r| {
                matches!(self.node(r).kind, Kind::HistoryMode(_)) || !self.is_descendant(r, parent)
            })
        {
            return invalid("remembers states that are not inside its parent");
        }
        match kind {
            super::HistoryMode::Shallow => {
                if remembered.len() != 1 || self.node(remembered[0]).parent != Some(parent) {
                    return invalid("(shallow) must remember exactly one child of its parent");
                }
            }
            super::HistoryMode::Deep => {
                let mut active = vec![false; self.active.len()];
                for &r in remembered {
                    if !self.node(r).children.is_empty() {
                        return invalid("(deep) must remember leaf states only");
                    }
                    active[r] = true;
                    for ancestor in self.ancestors(r, Some(parent)) {
                        active[ancestor] = true;
                    }
                }
                let legal = (0..active.len())
                    .filter(|&at| active[at])
                    .all(|at| self.children_fit(at, &active));
                if !legal || !self.children_fit(parent, &active) {
                    return invalid("(deep) remembers states that cannot be active together");
                }
            }
        }
        Ok(())
    }

    /// Whether an active `at` has the active children its kind needs in `active`.
    fn children_fit(&self, at: usize, active: &[bool]) -> bool {
        let node = self.node(at);
        match node.kind {
            Kind::Compound => node.children.iter().filter(|&&c| active[c]).count() == 1,
            Kind::Parallel => node
                .children
                .iter()
                .all(|&c| active[c] || matches!(self.node(c).kind, Kind::HistoryMode(_))),
            Kind::HistoryMode(_) => false,
            Kind::Atomic | Kind::Final => true,
        }
    }

    fn check_legal(&self, active: &[bool]) -> Result<(), MachineError> {
        let invalid = |why: String| Err(MachineError::InvalidSnapshot { why });
        for (at, node) in self.def.nodes.iter().enumerate() {
            if !active[at] {
                continue;
            }
            if let Some(parent) = node.parent
                && !active[parent]
            {
                return invalid(format!("`{}` is active without its parent", self.name(at)));
            }
            let ok = self.children_fit(at, active);
            if !ok {
                return invalid(format!(
                    "`{}` does not have the active children its kind needs",
                    self.name(at)
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn name(&self, at: usize) -> String {
        name(self.node(at).id)
    }

    fn is_leaf(&self, at: usize) -> bool {
        // Descendants are the positions right after a state: an active one among them means
        // an active child, found at the first active position.
        !self.active[at + 1..=self.node(at).last].contains(&true)
    }

    /// Whether `a` is strictly inside `b`.
    fn is_descendant(&self, a: usize, b: usize) -> bool {
        self.def.is_inside(a, b)
    }

    /// The ancestors of `at`, innermost first, up to but not including `upto` (all of them,
    /// the root included, with `None`).
    fn ancestors(&self, at: usize, upto: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.node(at).parent, |&parent| self.node(parent).parent)
            .take_while(move |&parent| Some(parent) != upto)
    }

    fn transition(&self, (state, at): Chosen) -> &Transition<S, E, C> {
        &self.node(state).transitions[at]
    }

    /// Selects the transitions that `matches` and whose guards pass, and takes them as one
    /// microstep; returns whether there were any.
    fn take_enabled(
        &mut self,
        matches: impl Fn(&Transition<S, E, C>) -> bool,
        event: Option<&E>,
        step: &mut Step,
    ) -> bool {
        let mut enabled = std::mem::take(&mut self.scratch.enabled);
        let mut chosen = std::mem::take(&mut self.scratch.chosen);
        self.select(matches, event, &mut enabled, &mut chosen);
        let took = !chosen.is_empty();
        if took {
            self.microstep(&chosen, event, step);
        }
        self.scratch.enabled = enabled;
        self.scratch.chosen = chosen;
        took
    }

    /// For each active leaf in document order, the first transition that `matches` and whose
    /// guard passes, searching from the leaf outwards, into `enabled`; then into `chosen`,
    /// those that do not conflict, with their domains. Of transitions that would exit the
    /// same state, the one from the deeper source is kept, or else the earlier one in
    /// document order.
    fn select(
        &self,
        matches: impl Fn(&Transition<S, E, C>) -> bool,
        event: Option<&E>,
        enabled: &mut Vec<Chosen>,
        chosen: &mut Vec<(Chosen, Option<usize>)>,
    ) {
        enabled.clear();
        chosen.clear();
        let configuration = self.in_states();
        for leaf in self.active_leaves() {
            let candidates = std::iter::once(leaf).chain(self.ancestors(leaf, None));
            'leaf: for state in candidates {
                for (at, t) in self.node(state).transitions.iter().enumerate() {
                    if matches(t)
                        && t.guard
                            .as_ref()
                            .is_none_or(|g| g(&self.context, event, &configuration))
                    {
                        if !enabled.contains(&(state, at)) {
                            enabled.push((state, at));
                        }
                        break 'leaf;
                    }
                }
            }
        }
        for &t1 in enabled.iter() {
            let domain1 = self.domain(t1);
            // Kept transitions that conflict with `t1`: it replaces them if its source is
            // deeper than every one's, and is dropped otherwise.
            let mut preempted = false;
            let mut replaces = false;
            for &(t2, domain2) in chosen.iter() {
                if self.exits_overlap(domain1, domain2) {
                    if self.is_descendant(t1.0, t2.0) {
                        replaces = true;
                    } else {
                        preempted = true;
                        break;
                    }
                }
            }
            if preempted {
                continue;
            }
            if replaces {
                chosen.retain(|&(_, domain2)| !self.exits_overlap(domain1, domain2));
            }
            chosen.push((t1, domain1));
        }
    }

    /// Whether two transitions with these domains exit a state in common. A transition exits
    /// every active state inside its domain, and there is always one (its source, or the
    /// active child of an internal transition's source), so the sets meet exactly when one
    /// domain is the other or inside it.
    fn exits_overlap(&self, a: Option<usize>, b: Option<usize>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => a == b || self.is_descendant(a, b) || self.is_descendant(b, a),
            _ => false,
        }
    }

    /// The states a transition's targets stand for: a history state stands for what it
    /// remembers, or its parent's initial child.
    fn effective_targets(&self, chosen: Chosen) -> Cow<'_, [usize]> {
        let transition = self.transition(chosen);
        if !transition.to_history {
            return Cow::Borrowed(&transition.targets);
        }
        let mut targets = Vec::new();
        for &target in &self.transition(chosen).targets {
            match self.node(target).kind {
                Kind::HistoryMode(_) => match self.history.get(&target) {
                    Some(remembered) => targets.extend(remembered),
                    None => targets.extend(self.history_default(target).1),
                },
                _ => targets.push(target),
            }
        }
        Cow::Owned(targets)
    }

    /// What a history state that remembers nothing enters: the state whose initial actions
    /// run (its own default transition's, or else its parent's initial one's), and the
    /// targets.
    fn history_default(&self, history: usize) -> (usize, &[usize]) {
        let parent = self.node(history).parent.unwrap_or(0);
        let holder = if self.node(history).initial.is_some() {
            history
        } else {
            parent
        };
        let targets = self
            .node(holder)
            .initial
            .as_ref()
            .map_or(&[][..], |initial| &initial.targets);
        (holder, targets)
    }

    /// The state whose descendants a transition exits and enters.
    fn domain(&self, chosen: Chosen) -> Option<usize> {
        let t = self.transition(chosen);
        if let Some(domain) = t.fixed_domain {
            return domain;
        }
        self.def
            .domain_of(chosen.0, &self.effective_targets(chosen), t.internal)
    }

    /// Pushes the active states strictly inside `state` onto `into`, in document order.
    fn push_active_below(&self, state: usize, into: &mut Vec<usize>) {
        let last = self.node(state).last;
        into.extend((state + 1..=last).filter(|&at| self.active[at]));
    }

    /// Takes `chosen` (transitions with their domains) together: exits innermost first, runs
    /// the transitions' actions, enters outermost first.
    fn microstep(
        &mut self,
        chosen: &[(Chosen, Option<usize>)],
        event: Option<&E>,
        step: &mut Step,
    ) {
        step.handled = true;
        step.microsteps += 1;
        let mut exits = std::mem::take(&mut self.scratch.exits);
        exits.clear();
        for &(_, domain) in chosen {
            if let Some(domain) = domain {
                self.push_active_below(domain, &mut exits);
            }
        }
        // Innermost (last in document order) first.
        exits.sort_unstable_by(|a, b| b.cmp(a));
        exits.dedup();
        for &state in &exits {
            if self.def.nodes[state].has_history {
                self.remember(state);
            }
        }
        // Field by field, so that the definition is borrowed while the context changes.
        let def = &*self.def;
        for &state in &exits {
            step.ran_actions |= run_actions(
                def,
                &def.nodes[state].exit,
                &mut self.context,
                None,
                &self.active,
                &mut self.internal,
            );
            self.active[state] = false;
            step.moved = true;
            if def.nodes[state].has_delays {
                step.exited.push(state);
            }
        }
        self.scratch.exits = exits;
        for &((source, at), _) in chosen {
            step.ran_actions |= run_actions(
                def,
                &def.nodes[source].transitions[at].actions,
                &mut self.context,
                event,
                &self.active,
                &mut self.internal,
            );
        }
        let mut entering = std::mem::take(&mut self.scratch.entering);
        entering.states.clear();
        entering.defaults.clear();
        for &(t, domain) in chosen {
            for &target in &self.transition(t).targets {
                self.add_descendants(target, &mut entering);
            }
            for &target in self.effective_targets(t).iter() {
                self.add_ancestors(target, domain, &mut entering);
            }
        }
        self.enter(&mut entering, step);
        self.scratch.entering = entering;
    }

    /// Records what the history states of `state` remember, before it is exited.
    fn remember(&mut self, state: usize) {
        let def = Arc::clone(&self.def);
        for &child in &def.nodes[state].children {
            let Kind::HistoryMode(kind) = self.node(child).kind else {
                continue;
            };
            let remembered: Vec<usize> = match kind {
                super::HistoryMode::Deep => (1..self.active.len())
                    .filter(|&at| {
                        self.active[at] && self.is_leaf(at) && self.is_descendant(at, state)
                    })
                    .collect(),
                super::HistoryMode::Shallow => self
                    .node(state)
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| self.active[c])
                    .collect(),
            };
            self.history.insert(child, remembered);
        }
    }

    /// Enters the states of `entering` outermost first: each one's entry actions, then the
    /// actions of the default transition taken into it, then, for a final state, its
    /// completion. The root's initial actions (the machine's start) run first.
    fn enter(&mut self, entering: &mut Entering, step: &mut Step) {
        entering.states.sort_unstable();
        let defaults = &entering.defaults;
        // Field by field, so that the definition is borrowed while the context changes.
        let run_defaults = |engine: &mut Self, state: usize| {
            let mut ran = false;
            for &(_, holder) in defaults.iter().filter(|&&(at, _)| at == state) {
                if let Some(initial) = &engine.def.nodes[holder].initial {
                    ran |= run_actions(
                        &engine.def,
                        &initial.actions,
                        &mut engine.context,
                        None,
                        &engine.active,
                        &mut engine.internal,
                    );
                }
            }
            ran
        };
        if !defaults.is_empty() {
            step.ran_actions |= run_defaults(self, 0);
        }
        for &state in &entering.states {
            if self.active[state] {
                continue;
            }
            self.active[state] = true;
            self.entries[state] += 1;
            step.moved = true;
            let node = &self.def.nodes[state];
            if node.has_delays {
                step.entered.push((state, self.entries[state]));
            }
            step.ran_actions |= run_actions(
                &self.def,
                &node.entry,
                &mut self.context,
                None,
                &self.active,
                &mut self.internal,
            );
            if !defaults.is_empty() {
                step.ran_actions |= run_defaults(self, state);
            }
            if matches!(self.def.nodes[state].kind, Kind::Final) {
                self.completed(state);
            }
        }
    }

    /// A final state was entered: its parent is done, and a parallel grandparent whose
    /// regions are all done is done too.
    fn completed(&mut self, final_state: usize) {
        let Some(parent) = self.node(final_state).parent else {
            return;
        };
        if parent == 0 {
            self.done = self.is_in_final(0);
            return;
        }
        self.internal.push_back(Internal::Done(parent));
        if let Some(grandparent) = self.node(parent).parent
            && matches!(self.node(grandparent).kind, Kind::Parallel)
            && self.is_in_final(grandparent)
        {
            if grandparent == 0 {
                self.done = true;
            } else {
                self.internal.push_back(Internal::Done(grandparent));
            }
        }
    }

    /// SCXML's `isInFinalState`: a compound state whose active child is final, or a parallel
    /// state all of whose regions are.
    fn is_in_final(&self, state: usize) -> bool {
        let node = self.node(state);
        match node.kind {
            Kind::Parallel => node
                .children
                .iter()
                .filter(|&&c| !matches!(self.node(c).kind, Kind::HistoryMode(_)))
                .all(|&region| self.is_in_final(region)),
            Kind::Compound => node
                .children
                .iter()
                .any(|&c| self.active[c] && matches!(self.node(c).kind, Kind::Final)),
            Kind::Atomic | Kind::Final | Kind::HistoryMode(_) => false,
        }
    }

    fn add_descendants(&self, state: usize, into: &mut Entering) {
        match self.node(state).kind {
            Kind::HistoryMode(_) => {
                let parent = self.node(state).parent.unwrap_or(0);
                let remembered = match self.history.get(&state) {
                    Some(remembered) => remembered.as_slice(),
                    None => {
                        let (holder, targets) = self.history_default(state);
                        into.default_entry(parent, holder);
                        targets
                    }
                };
                for &r in remembered {
                    self.add_descendants(r, into);
                }
                for &r in remembered {
                    self.add_ancestors(r, Some(parent), into);
                }
            }
            Kind::Compound => {
                into.insert(state);
                into.default_entry(state, state);
                let targets = self
                    .node(state)
                    .initial
                    .as_ref()
                    .map_or(&[][..], |initial| &initial.targets);
                for &target in targets {
                    self.add_descendants(target, into);
                }
                for &target in targets {
                    self.add_ancestors(target, Some(state), into);
                }
            }
            Kind::Parallel => {
                into.insert(state);
                self.enter_regions(state, into);
            }
            Kind::Atomic | Kind::Final => {
                into.insert(state);
            }
        }
    }

    fn add_ancestors(&self, state: usize, upto: Option<usize>, into: &mut Entering) {
        for ancestor in self.ancestors(state, upto) {
            if ancestor != 0 {
                into.insert(ancestor);
            }
            if matches!(self.node(ancestor).kind, Kind::Parallel) {
                self.enter_regions(ancestor, into);
            }
        }
        // A transition whose domain is a parallel root exited every region: enter the
        // others again.
        if upto == Some(0) && matches!(self.node(0).kind, Kind::Parallel) {
            self.enter_regions(0, into);
        }
    }

    /// Adds each region of a parallel state that nothing inside it is entering yet.
    fn enter_regions(&self, parallel: usize, into: &mut Entering) {
        for &region in &self.node(parallel).children {
            if matches!(self.node(region).kind, Kind::HistoryMode(_)) {
                continue;
            }
            if !into.iter().any(|&s| self.is_descendant(s, region)) {
                self.add_descendants(region, into);
            }
        }
    }

    /// Runs eventless transitions, then internal events (raised and done) in order, until
    /// neither takes a step: the rest of a macrostep, as SCXML's main event loop runs it.
    fn settle(&mut self, step: &mut Step) {
        if let Err(error) = self.run_internal(step) {
            self.internal.clear();
            step.error = Some(error);
        }
    }

    fn run_internal(&mut self, step: &mut Step) -> Result<(), MachineError> {
        for _ in 0..STEP_LIMIT {
            if self.done {
                self.internal.clear();
                return Ok(());
            }
            if self.def.has_eventless
                && self.take_enabled(|t| matches!(t.trigger, Trigger::Always), None, step)
            {
                continue;
            }
            let Some(next) = self.internal.pop_front() else {
                return Ok(());
            };
            match next {
                Internal::Raised(event) => {
                    self.take_enabled(|t| t.trigger.takes(&event), Some(&event), step);
                }
                Internal::Done(finished) => {
                    self.take_enabled(
                        |t| matches!(t.trigger, Trigger::Done(of) if of == finished),
                        None,
                        step,
                    );
                }
            }
        }
        Err(MachineError::Livelock {
            limit: STEP_LIMIT,
            state: self
                .leaves()
                .first()
                .map_or_else(|| "(root)".to_owned(), |&at| self.name(at)),
        })
    }
}
