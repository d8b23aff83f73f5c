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
    /// States entered, in order, with their entry count (for their timers).
    pub(crate) entered: Vec<(usize, u64)>,
    /// States exited, in order.
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
        }
    }

    /// Enters the initial configuration, running the machine's initial actions first, and
    /// then the eventless transitions and internal events that follow.
    pub(crate) fn start(&mut self) -> Step {
        let mut step = Step::default();
        let mut enter = Entering::default();
        self.add_descendants(0, &mut enter);
        self.enter(enter, &mut step);
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
        let chosen = self.select(|t| t.trigger.takes(event), Some(event));
        if chosen.is_empty() {
            return step;
        }
        self.microstep(&chosen, Some(event), &mut step);
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
        self.microstep(&[(state, transition)], None, &mut step);
        self.settle(&mut step);
        step.settled(&self.active)
    }

    /// Whether `event` would take a transition now, guards included.
    pub(crate) fn can(&self, event: &E) -> bool {
        !self.done
            && !self
                .select(|t| t.trigger.takes(event), Some(event))
                .is_empty()
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
        (1..self.active.len())
            .filter(|&at| self.active[at] && self.is_leaf(at))
            .collect()
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
        !self.node(at).children.iter().any(|&c| self.active[c])
    }

    /// Whether `a` is strictly inside `b`.
    fn is_descendant(&self, a: usize, b: usize) -> bool {
        let mut at = self.node(a).parent;
        while let Some(parent) = at {
            if parent == b {
                return true;
            }
            at = self.node(parent).parent;
        }
        false
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

    /// For each active leaf in document order, the first transition that `matches` and whose
    /// guard passes, searching from the leaf outwards; then without those that conflict.
    fn select(
        &self,
        matches: impl Fn(&Transition<S, E, C>) -> bool,
        event: Option<&E>,
    ) -> Vec<Chosen> {
        let mut chosen: Vec<Chosen> = Vec::new();
        let configuration = self.in_states();
        for leaf in (1..self.active.len()).filter(|&at| self.active[at] && self.is_leaf(at)) {
            let candidates = std::iter::once(leaf).chain(self.ancestors(leaf, None));
            'leaf: for state in candidates {
                for (at, t) in self.node(state).transitions.iter().enumerate() {
                    if matches(t)
                        && t.guard
                            .as_ref()
                            .is_none_or(|g| g(&self.context, event, &configuration))
                    {
                        if !chosen.contains(&(state, at)) {
                            chosen.push((state, at));
                        }
                        break 'leaf;
                    }
                }
            }
        }
        self.without_conflicts(chosen)
    }

    /// Keeps, of transitions that would exit the same state, the one from the deeper source
    /// or else the earlier one in document order.
    fn without_conflicts(&self, enabled: Vec<Chosen>) -> Vec<Chosen> {
        if enabled.len() < 2 {
            return enabled;
        }
        let mut kept: Vec<(Chosen, Option<usize>)> = Vec::new();
        for t1 in enabled {
            let domain1 = self.domain(t1);
            let mut preempted = false;
            let mut replaced = Vec::new();
            for &(t2, domain2) in &kept {
                if self.exits_overlap(domain1, domain2) {
                    if self.is_descendant(t1.0, t2.0) {
                        replaced.push(t2);
                    } else {
                        preempted = true;
                        break;
                    }
                }
            }
            if !preempted {
                kept.retain(|(t, _)| !replaced.contains(t));
                kept.push((t1, domain1));
            }
        }
        kept.into_iter().map(|(t, _)| t).collect()
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
        let declared = &self.transition(chosen).targets;
        if !declared
            .iter()
            .any(|&t| matches!(self.node(t).kind, Kind::HistoryMode(_)))
        {
            return Cow::Borrowed(declared);
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
        let targets = self.effective_targets(chosen);
        if targets.is_empty() {
            return None;
        }
        let (source, t) = (chosen.0, self.transition(chosen));
        if t.internal
            && matches!(self.node(source).kind, Kind::Compound)
            && targets.iter().all(|&s| self.is_descendant(s, source))
        {
            return Some(source);
        }
        self.ancestors(source, None).find(|&anc| {
            (anc == 0 || matches!(self.node(anc).kind, Kind::Compound))
                && targets.iter().all(|&s| self.is_descendant(s, anc))
        })
    }

    /// The active states strictly inside `domain`, in document order.
    fn exits_below(&self, domain: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (1..self.active.len())
            .filter(move |&at| domain.is_some_and(|d| self.active[at] && self.is_descendant(at, d)))
    }

    /// Takes `chosen` together: exits innermost first, runs the transitions' actions, enters
    /// outermost first.
    fn microstep(&mut self, chosen: &[Chosen], event: Option<&E>, step: &mut Step) {
        step.handled = true;
        step.microsteps += 1;
        let domains: Vec<Option<usize>> = chosen.iter().map(|&t| self.domain(t)).collect();
        let mut order: Vec<usize> = domains
            .iter()
            .flat_map(|&domain| self.exits_below(domain))
            .collect();
        // Innermost (last in document order) first.
        order.sort_unstable_by(|a, b| b.cmp(a));
        order.dedup();
        for &state in &order {
            self.remember(state);
        }
        let def = Arc::clone(&self.def);
        for &state in &order {
            step.ran_actions |= run_actions(
                &def,
                &def.nodes[state].exit,
                &mut self.context,
                None,
                &self.active,
                &mut self.internal,
            );
            self.active[state] = false;
            step.exited.push(state);
        }
        for &t in chosen {
            step.ran_actions |= run_actions(
                &def,
                &def.nodes[t.0].transitions[t.1].actions,
                &mut self.context,
                event,
                &self.active,
                &mut self.internal,
            );
        }
        let mut enter = Entering::default();
        for (&t, &domain) in chosen.iter().zip(&domains) {
            for &target in &self.transition(t).targets {
                self.add_descendants(target, &mut enter);
            }
            for &target in self.effective_targets(t).iter() {
                self.add_ancestors(target, domain, &mut enter);
            }
        }
        self.enter(enter, step);
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

    /// Enters `states` outermost first: each one's entry actions, then the actions of the
    /// default transition taken into it, then, for a final state, its completion. The root's
    /// initial actions (the machine's start) run first.
    fn enter(&mut self, entering: Entering, step: &mut Step) {
        let def = Arc::clone(&self.def);
        let Entering {
            mut states,
            defaults,
        } = entering;
        states.sort_unstable();
        let run_defaults = |engine: &mut Self, state: usize, step: &mut Step| {
            for &(_, holder) in defaults.iter().filter(|&&(at, _)| at == state) {
                if let Some(initial) = &def.nodes[holder].initial {
                    step.ran_actions |= run_actions(
                        &def,
                        &initial.actions,
                        &mut engine.context,
                        None,
                        &engine.active,
                        &mut engine.internal,
                    );
                }
            }
        };
        run_defaults(self, 0, step);
        for state in states {
            if self.active[state] {
                continue;
            }
            self.active[state] = true;
            self.entries[state] += 1;
            step.entered.push((state, self.entries[state]));
            step.ran_actions |= run_actions(
                &def,
                &def.nodes[state].entry,
                &mut self.context,
                None,
                &self.active,
                &mut self.internal,
            );
            if !defaults.is_empty() {
                run_defaults(self, state, step);
            }
            if matches!(def.nodes[state].kind, Kind::Final) {
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
                        into.defaults.push((parent, holder));
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
                into.defaults.push((state, state));
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
            if self.def.has_eventless {
                let chosen = self.select(|t| matches!(t.trigger, Trigger::Always), None);
                if !chosen.is_empty() {
                    self.microstep(&chosen, None, step);
                    continue;
                }
            }
            let Some(next) = self.internal.pop_front() else {
                return Ok(());
            };
            match next {
                Internal::Raised(event) => {
                    let chosen = self.select(|t| t.trigger.takes(&event), Some(&event));
                    if !chosen.is_empty() {
                        self.microstep(&chosen, Some(&event), step);
                    }
                }
                Internal::Done(finished) => {
                    let chosen = self.select(
                        |t| matches!(t.trigger, Trigger::Done(of) if of == finished),
                        None,
                    );
                    if !chosen.is_empty() {
                        self.microstep(&chosen, None, step);
                    }
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
