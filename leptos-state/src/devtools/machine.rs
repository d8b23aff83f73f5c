//! Inspected machines: their definition as a graph, their active states, context, the events
//! the application listed for them, and their transition log.

use super::registry::Registry;
use crate::store::directory;
use crate::sync;
use crate::{
    Actor, Inspection, Subscription,
    machine::{
        actor::ActorInner,
        definition::{Kind, StateId},
    },
};
use reactive_graph::{
    graph::untrack,
    signal::ArcTrigger,
    traits::{Notify, Track},
};
use std::{
    collections::VecDeque,
    fmt::{self, Debug},
    sync::{Arc, LazyLock, Mutex, Weak},
};

/// What the devtools know about one live, [inspected](crate::Actor::inspect) machine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MachineInfo {
    /// A number unique to this machine (and distinct from every store's) for the life of
    /// the program.
    pub id: u64,
    /// The name given to [`Actor::inspect`].
    pub name: String,
    /// The full name of the machine's state type.
    pub state_type: &'static str,
    /// How to show and drive the machine.
    pub inspector: MachineInspector,
}

/// What kind of state a [`GraphState`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateKind {
    /// A state without children.
    Atomic,
    /// A state with children, one of them active at a time.
    Compound,
    /// A state whose children (regions) are all active at once.
    Parallel,
    /// A final state.
    Final,
    /// A history pseudo-state.
    History,
}

/// One state of a machine's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphState {
    /// The state's name (its `Debug` form).
    pub name: String,
    /// The index of its parent in [`MachineGraph::states`]; `None` at the top level.
    pub parent: Option<usize>,
    /// What kind of state it is.
    pub kind: StateKind,
    /// Whether an initial transition (its parent's, an ancestor's, or the machine's) enters
    /// it.
    pub initial: bool,
    /// A compound state's initial transition (trigger `initial`), or a history state's
    /// default one (trigger `default`), when it has targets of its own to show.
    pub default: Option<GraphTransition>,
    /// Its outgoing transitions.
    pub transitions: Vec<GraphTransition>,
}

/// One transition of a machine's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphTransition {
    /// What triggers it: the event's name, the family's, `*`, `always`, `after N ms`,
    /// `done` or `done State`.
    pub trigger: String,
    /// The names of its targets; empty for a targetless transition.
    pub targets: Vec<String>,
    /// Whether a guard decides if it is taken.
    pub guarded: bool,
    /// How many actions it runs.
    pub actions: usize,
}

/// A machine's definition: its states in document order (parents before children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineGraph {
    /// Every state.
    pub states: Vec<GraphState>,
}

/// An event the application listed in [`Actor::inspect`], and whether the machine would
/// take a transition on it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInfo {
    /// The event's `Debug` form.
    pub label: String,
    /// Whether sending it now would take a transition (`can`), guards included.
    pub enabled: bool,
}

/// What happened in one step of an inspected machine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StepKind {
    /// The active states changed (or a targetless transition ran).
    Transition {
        /// The active leaf states before.
        from: Vec<String>,
        /// The active leaf states after.
        to: Vec<String>,
    },
    /// No active state handles the event; the machine ignored it.
    Ignored,
    /// The step failed.
    Error(String),
}

/// One entry of a machine's transition log.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineLogEntry {
    /// 1 for the first entry, counting up.
    pub seq: u64,
    /// The event, in its `Debug` form; `after <ms> ms` for a delayed transition's timer; `None`
    /// for eventless steps.
    pub event: Option<String>,
    /// What happened.
    pub kind: StepKind,
    /// When, in milliseconds since the Unix epoch.
    pub time_ms: f64,
}

/// Shows and drives one inspected machine for the devtools.
#[derive(Clone)]
pub struct MachineInspector {
    inner: Arc<dyn InspectMachine>,
}

impl MachineInspector {
    /// The definition, as a graph of states and transitions.
    pub fn graph(&self) -> MachineGraph {
        self.inner.graph()
    }

    /// The definition as a Mermaid `stateDiagram-v2`.
    pub fn mermaid(&self) -> String {
        self.inner.mermaid()
    }

    /// The names of the active states, every level. Tracked.
    pub fn active(&self) -> Vec<String> {
        self.inner.active()
    }

    /// The context, `{:#?}`-formatted. Tracked.
    pub fn context(&self) -> String {
        self.inner.context()
    }

    /// The events listed in [`Actor::inspect`], each with whether it is enabled now.
    /// Tracked.
    pub fn events(&self) -> Vec<EventInfo> {
        self.inner.events()
    }

    /// Sends the listed event at `index` (in [`events`](Self::events)); returns `false` if
    /// there is no such event or the machine is gone.
    pub fn send(&self, index: usize) -> bool {
        untrack(|| self.inner.send(index))
    }

    /// The transition log, oldest first: the newest [`LOG_LIMIT`](super::LOG_LIMIT) steps
    /// taken while the devtools were [watched](super::watch). Tracked.
    pub fn log(&self) -> Vec<MachineLogEntry> {
        self.inner.log()
    }
}

impl PartialEq for MachineInspector {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for MachineInspector {}

impl fmt::Debug for MachineInspector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MachineInspector").finish_non_exhaustive()
    }
}

trait InspectMachine: Send + Sync + 'static {
    fn graph(&self) -> MachineGraph;
    fn mermaid(&self) -> String;
    fn active(&self) -> Vec<String>;
    fn context(&self) -> String;
    fn events(&self) -> Vec<EventInfo>;
    fn send(&self, index: usize) -> bool;
    fn log(&self) -> Vec<MachineLogEntry>;
}

struct ActorInspector<S, E, C> {
    actor: Weak<ActorInner<S, E, C>>,
    events: Vec<E>,
    log: Arc<MachineLog>,
}

#[derive(Default)]
struct MachineLog {
    entries: Mutex<(u64, VecDeque<MachineLogEntry>)>,
    trigger: ArcTrigger,
}

impl MachineLog {
    fn push(&self, event: Option<String>, kind: StepKind) {
        let mut entries = sync::lock(&self.entries);
        entries.0 += 1;
        let seq = entries.0;
        entries.1.push_back(MachineLogEntry {
            seq,
            event,
            kind,
            time_ms: crate::clock::unix_ms(),
        });
        if entries.1.len() > super::LOG_LIMIT {
            entries.1.pop_front();
        }
        drop(entries);
        self.trigger.notify();
    }
}

fn names<S: Debug>(states: &[S]) -> Vec<String> {
    states.iter().map(|state| format!("{state:?}")).collect()
}

impl<S, E, C> InspectMachine for ActorInspector<S, E, C>
where
    S: StateId,
    E: Clone + Debug + Send + Sync + 'static,
    C: Clone + Debug + Send + Sync + 'static,
{
    fn graph(&self) -> MachineGraph {
        let Some(actor) = self.actor.upgrade() else {
            return MachineGraph { states: Vec::new() };
        };
        let nodes = &actor.machine.def.nodes;
        // Node 0 is the machine's root, which the graph leaves out.
        let states = nodes
            .iter()
            .enumerate()
            .skip(1)
            .map(|(at, node)| {
                let parent = node.parent.filter(|&p| p > 0).map(|p| p - 1);
                let initial = nodes.iter().any(|n| {
                    matches!(n.kind, Kind::Compound)
                        && n.initial.as_ref().is_some_and(|i| i.targets.contains(&at))
                });
                let names = |targets: &[usize]| -> Vec<String> {
                    targets
                        .iter()
                        .filter_map(|&target| nodes[target].id)
                        .map(|id| format!("{id:?}"))
                        .collect()
                };
                let default = node.initial.as_ref().map(|i| GraphTransition {
                    trigger: if matches!(node.kind, Kind::HistoryMode(_)) {
                        "default".to_owned()
                    } else {
                        "initial".to_owned()
                    },
                    targets: names(&i.targets),
                    guarded: false,
                    actions: i.actions.len(),
                });
                GraphState {
                    name: format!("{:?}", node.id.expect("only the root has no id")),
                    parent,
                    kind: match node.kind {
                        Kind::Atomic => StateKind::Atomic,
                        Kind::Compound => StateKind::Compound,
                        Kind::Parallel => StateKind::Parallel,
                        Kind::Final => StateKind::Final,
                        Kind::HistoryMode(_) => StateKind::History,
                    },
                    initial,
                    default,
                    transitions: node
                        .transitions
                        .iter()
                        .map(|t| GraphTransition {
                            trigger: t.label.clone(),
                            targets: names(&t.targets),
                            guarded: t.guard.is_some(),
                            actions: t.actions.len(),
                        })
                        .collect(),
                }
            })
            .collect();
        MachineGraph { states }
    }

    fn mermaid(&self) -> String {
        self.actor
            .upgrade()
            .map(|actor| actor.machine.to_mermaid())
            .unwrap_or_default()
    }

    fn active(&self) -> Vec<String> {
        let Some(actor) = self.actor.upgrade() else {
            return Vec::new();
        };
        actor.states.track();
        let engine = actor.engine();
        actor
            .machine
            .def
            .nodes
            .iter()
            .enumerate()
            .filter(|&(at, _)| engine.is_active(at))
            .filter_map(|(_, node)| node.id)
            .map(|id| format!("{id:?}"))
            .collect()
    }

    fn context(&self) -> String {
        let Some(actor) = self.actor.upgrade() else {
            return String::new();
        };
        actor.context.track();
        // A store in the context shows its state, and the view follows it.
        super::inspect::debug_tracked(|| format!("{:#?}", actor.engine().context))
    }

    fn events(&self) -> Vec<EventInfo> {
        let Some(actor) = self.actor.upgrade() else {
            return Vec::new();
        };
        actor.states.track();
        actor.context.track();
        let engine = actor.engine();
        self.events
            .iter()
            .map(|event| EventInfo {
                label: format!("{event:?}"),
                enabled: engine.can(event),
            })
            .collect()
    }

    fn send(&self, index: usize) -> bool {
        match (self.actor.upgrade(), self.events.get(index)) {
            (Some(actor), Some(event)) => {
                actor.send(event.clone());
                true
            }
            _ => false,
        }
    }

    fn log(&self) -> Vec<MachineLogEntry> {
        self.log.trigger.track();
        let entries = sync::lock(&self.log.entries);
        entries.1.iter().cloned().collect()
    }
}

/// A machine's entry in the registry, removed when the machine is dropped.
pub(crate) struct MachineRegistration {
    id: u64,
    _log: Subscription,
}

impl Drop for MachineRegistration {
    fn drop(&mut self) {
        MACHINES.change(|machines| machines.retain(|m| m.id != self.id));
    }
}

static MACHINES: LazyLock<Registry<MachineInfo>> = LazyLock::new(Registry::new);

/// The inspected machines alive right now, oldest first. Tracked: a view that calls it
/// re-runs when a machine is inspected or dropped.
pub fn live_machines() -> Vec<MachineInfo> {
    MACHINES.list()
}

/// [`live_machines`] without tracking.
pub fn live_machines_untracked() -> Vec<MachineInfo> {
    MACHINES.list_untracked()
}

/// [`Actor::inspect`] with the feature on: registers the machine, unless it is already.
pub(crate) fn register<S, E, C>(handle: &Actor<S, E, C>, name: String, events: Vec<E>)
where
    S: StateId,
    E: Clone + Debug + Send + Sync + 'static,
    C: Clone + Debug + Send + Sync + 'static,
{
    let Some(actor) = handle.live() else {
        return;
    };
    if actor.extensions.get::<Arc<MachineRegistration>>().is_some() {
        return;
    }
    let log = Arc::new(MachineLog::default());
    let seen = log.clone();
    let watched: fn() -> bool = super::is_watched;
    let Some(subscription) =
        handle.observe_while(Some(watched), move |inspection| match inspection {
            _ if !super::is_watched() => {}
            Inspection::Transition {
                from,
                to,
                event,
                after_ms,
                ..
            } => seen.push(
                event
                    .map(|e| format!("{e:?}"))
                    .or_else(|| after_ms.map(|ms| format!("after {ms} ms"))),
                StepKind::Transition {
                    from: names(from),
                    to: names(to),
                },
            ),
            Inspection::Unhandled(event) => {
                seen.push(Some(format!("{event:?}")), StepKind::Ignored)
            }
            Inspection::Error(error) => seen.push(None, StepKind::Error(error.to_string())),
            _ => {}
        })
    else {
        return;
    };
    let id = directory::next_id();
    let registration = MachineRegistration {
        id,
        _log: subscription,
    };
    if !actor.extensions.insert(Arc::new(registration)) {
        return;
    }
    let inspector = MachineInspector {
        inner: Arc::new(ActorInspector {
            actor: Arc::downgrade(&actor),
            events,
            log,
        }),
    };
    let info = MachineInfo {
        id,
        name,
        state_type: std::any::type_name::<S>(),
        inspector,
    };
    MACHINES.change(|machines| machines.push(info));
}
