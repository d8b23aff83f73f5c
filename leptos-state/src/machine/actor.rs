//! [`Actor`]: a running machine whose state and context are reactive.

use super::{
    Inspection, Machine, MachineError, MachineSnapshot,
    definition::{Definition, StateId},
    engine::{Engine, Step},
    scope::Family,
};
use crate::sync;
use crate::{
    Clock, Subscription,
    busy::{self, Busy},
    clock::default_clock,
    extensions::Extensions,
    subscription::Listeners,
    sync::{Callbacks, add_callback, remove_callback},
};
use reactive_graph::{
    owner::ArenaItem,
    signal::ArcTrigger,
    traits::{Dispose, Notify, Track},
    wrappers::read::Signal,
};
use std::{
    collections::{HashMap, VecDeque},
    fmt::{self, Debug},
    panic::Location,
    sync::{
        Arc, Mutex, MutexGuard, PoisonError, Weak,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
};

type ObserverFn<S, E> = Arc<dyn Fn(&Inspection<'_, S, E>) + Send + Sync>;

/// An observer, and whether it is listening now (`None`: always). One that is not listening
/// is still called, but spares the step from working out what only it would read.
struct Observer<S, E> {
    call: ObserverFn<S, E>,
    listening: Option<fn() -> bool>,
}

impl<S, E> Clone for Observer<S, E> {
    fn clone(&self) -> Self {
        Observer {
            call: Arc::clone(&self.call),
            listening: self.listening,
        }
    }
}

impl<S, E> Observer<S, E> {
    fn is_listening(&self) -> bool {
        self.listening.is_none_or(|listening| listening())
    }
}

/// Work that arrived while the actor was busy with a step.
enum Pending<E> {
    Event(E),
    Timer {
        state: usize,
        transition: usize,
        entry: u64,
    },
}

pub(crate) struct ActorInner<S, E, C> {
    pub(crate) machine: Machine<S, E, C>,
    engine: Mutex<Engine<S, E, C>>,
    /// Readers of the active states.
    pub(crate) states: ArcTrigger,
    /// Readers of the context.
    pub(crate) context: ArcTrigger,
    clock: Arc<dyn Clock>,
    /// The clock's ids of each active state's timers.
    timers: Mutex<HashMap<usize, Vec<u64>>>,
    /// Events sent, and timers fired, while a step was running (from the machine's own
    /// actions): taken after the current step, in order.
    queue: Mutex<VecDeque<Pending<E>>>,
    /// How many items `queue` holds, so that a step with nothing queued skips its lock.
    queued: AtomicUsize,
    observers: Callbacks<Observer<S, E>>,
    next_observer: AtomicU64,
    this: Weak<ActorInner<S, E, C>>,
    /// What is attached to the actor, by type (the devtools' entry, once inspected).
    #[allow(
        dead_code,
        reason = "read by the devtools, which list stores and machines of every type"
    )]
    pub(crate) extensions: Extensions,
}

/// A running machine: a `Copy` handle whose active states and context are reactive.
///
/// Made by [`use_machine`](crate::use_machine) or [`Actor::new`], it belongs to the current
/// reactive owner: when that owner is disposed the machine stops and its pending timers are
/// cancelled.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Actor, Machine};
///
/// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
/// enum Door { Closed, Open, Locked }
/// #[derive(Debug)]
/// enum Act { Open, Close, Lock }
///
/// let door = Machine::builder(())
///     .initial(Door::Closed)
///     .state(Door::Closed, |s| s.on(Act::Open, Door::Open).on(Act::Lock, Door::Locked))
///     .state(Door::Open, |s| s.on(Act::Close, Door::Closed))
///     .state(Door::Locked, |s| s)
///     .build()
///     .unwrap();
///
/// # let owner = Owner::new(); owner.set();
/// let actor = Actor::new(door);
/// assert!(actor.can(&Act::Open));
/// actor.send(Act::Lock);
/// assert!(actor.matches(Door::Locked));
/// assert!(!actor.can(&Act::Open)); // nothing handles it now; sending it is ignored
/// actor.send(Act::Open);
/// assert_eq!(actor.state(), [Door::Locked]);
/// ```
pub struct Actor<S, E, C> {
    inner: ArenaItem<Arc<ActorInner<S, E, C>>>,
    defined_at: &'static Location<'static>,
}

impl<S, E, C> Clone for Actor<S, E, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S, E, C> Copy for Actor<S, E, C> {}

impl<S, E, C> Debug for Actor<S, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Actor")
            .field("defined_at", &self.defined_at)
            .finish_non_exhaustive()
    }
}

impl<S, E, C> Dispose for Actor<S, E, C> {
    fn dispose(self) {
        self.inner.dispose();
    }
}

impl<S, E, C> Actor<S, E, C>
where
    S: StateId,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + 'static,
{
    /// Starts `machine` in its initial states, with the default clock: browser timers on
    /// wasm, a [`ManualClock`](crate::ManualClock) that nothing advances elsewhere.
    #[track_caller]
    pub fn new(machine: Machine<S, E, C>) -> Self {
        Self::with_clock(machine, default_clock())
    }

    /// Starts `machine` with `clock` driving its delayed transitions.
    #[track_caller]
    pub fn with_clock(machine: Machine<S, E, C>, clock: Arc<dyn Clock>) -> Self {
        let actor = Self::unstarted(machine, clock);
        if let Some(inner) = actor.live() {
            let busy = Busy::enter(inner.key());
            inner.run(Engine::start, None, None);
            drop(busy);
        }
        actor
    }

    /// The actor of `machine`, not started: no state is active and no entry action has run
    /// until it is started or [restored](Self::restore) from a snapshot.
    #[track_caller]
    pub(crate) fn unstarted(machine: Machine<S, E, C>, clock: Arc<dyn Clock>) -> Self {
        let context = machine.def.context.clone();
        let inner = Arc::new_cyclic(|this| ActorInner {
            engine: Mutex::new(Engine::new(Arc::clone(&machine.def), context)),
            machine,
            states: ArcTrigger::new(),
            context: ArcTrigger::new(),
            clock,
            timers: Mutex::new(HashMap::new()),
            queue: Mutex::new(VecDeque::new()),
            queued: AtomicUsize::new(0),
            observers: Callbacks::default(),
            next_observer: AtomicU64::new(0),
            this: this.clone(),
            extensions: Extensions::new(),
        });
        Actor {
            inner: ArenaItem::new(inner),
            defined_at: Location::caller(),
        }
    }

    /// The running machine, unless the actor was disposed.
    pub(crate) fn live(&self) -> Option<Arc<ActorInner<S, E, C>>> {
        self.inner.try_get_value()
    }

    /// The running machine, to read; a read from inside its own guards or actions would
    /// deadlock, so it panics with the reason instead.
    #[track_caller]
    fn readable(&self) -> Option<Arc<ActorInner<S, E, C>>> {
        let inner = self.live()?;
        if busy::is_busy(inner.key()) {
            panic!(
                "the machine created at {} was read from inside its own guard or action; use \
                 the context, event and `Scope` (or `Configuration`) the closure receives: \
                 `is_in` for the active states, `raise` to send an event",
                self.defined_at
            );
        }
        Some(inner)
    }

    /// Sends an event. The transitions it enables are taken at once, then any eventless
    /// ones; an event nothing handles is ignored and reported to observers as
    /// [`Inspection::Unhandled`]. Sent from inside one of the machine's own actions, the
    /// event is taken after the current step.
    pub fn send(&self, event: E) {
        if let Some(inner) = self.live() {
            inner.send(event);
        }
    }

    /// The active states that have no active children (one per parallel region). Tracked.
    #[track_caller]
    pub fn state(&self) -> Vec<S> {
        self.read_states(true, leaf_ids).unwrap_or_default()
    }

    /// [`state`](Self::state), untracked: for event handlers and other code outside a
    /// reactive context.
    #[track_caller]
    pub fn state_untracked(&self) -> Vec<S> {
        self.read_states(false, leaf_ids).unwrap_or_default()
    }

    /// Whether `state` is active: an active leaf or one of its ancestors. Tracked.
    #[track_caller]
    pub fn matches(&self, state: S) -> bool {
        self.read_states(true, |engine, def| is_active(engine, def, state))
            .unwrap_or(false)
    }

    /// [`matches`](Self::matches), untracked.
    #[track_caller]
    pub fn matches_untracked(&self, state: S) -> bool {
        self.read_states(false, |engine, def| is_active(engine, def, state))
            .unwrap_or(false)
    }

    /// Whether sending `event` now would take a transition, guards included. Tracked on
    /// the states and the context.
    #[track_caller]
    pub fn can(&self, event: &E) -> bool {
        let Some(inner) = self.readable() else {
            return false;
        };
        inner.states.track();
        inner.context.track();
        inner.engine().can(event)
    }

    /// Whether an active state declares a transition for an event of `family` (see
    /// [`StateBuilder::on_family`](crate::StateBuilder::on_family)), or for any event: how to
    /// ask about events whose payload is not known yet, as a button does before it is
    /// clicked. The guards are not run, since they need the event. Tracked on the states.
    #[track_caller]
    pub fn can_family(&self, family: &Family<E>) -> bool {
        self.read_states(true, |engine, _| engine.can_family(family))
            .unwrap_or(false)
    }

    /// Whether the machine reached a top-level final state; it then ignores events. Tracked.
    #[track_caller]
    pub fn done(&self) -> bool {
        self.read_states(true, |engine, _| engine.is_done())
            .unwrap_or(false)
    }

    /// Reads the context. Tracked: re-runs after every step that ran actions.
    #[track_caller]
    pub fn with_context<R>(&self, read: impl FnOnce(&C) -> R) -> Option<R> {
        let inner = self.readable()?;
        inner.context.track();
        Some(read(&inner.engine().context))
    }

    /// [`with_context`](Self::with_context), untracked.
    #[track_caller]
    pub fn with_context_untracked<R>(&self, read: impl FnOnce(&C) -> R) -> Option<R> {
        let inner = self.readable()?;
        Some(read(&inner.engine().context))
    }

    /// The context as a read-only signal, for `view!` and for props.
    ///
    /// Reading the signal after the machine's owner was disposed panics, as a disposed
    /// signal does.
    #[track_caller]
    pub fn context(&self) -> Signal<C> {
        let actor = *self;
        let defined_at = self.defined_at;
        Signal::derive(move || {
            actor.with_context(C::clone).unwrap_or_else(|| {
                panic!("the machine created at {defined_at} was read after its owner was disposed")
            })
        })
    }

    /// The active states, what the history states remember, and the context: everything
    /// needed to [`restore`](Self::restore) the machine later, serializable with serde.
    #[track_caller]
    pub fn snapshot(&self) -> Option<MachineSnapshot<S, C>> {
        Some(self.readable()?.snapshot())
    }

    /// Puts the machine in the snapshot's states, history and context. Timers of the
    /// restored states start afresh.
    ///
    /// # Errors
    ///
    /// [`MachineError::UnknownState`] if the snapshot names a state this machine does not
    /// declare, and [`MachineError::InvalidSnapshot`] if its states are not a configuration
    /// the machine can be in. The machine is unchanged in both cases.
    #[track_caller]
    pub fn restore(&self, snapshot: MachineSnapshot<S, C>) -> Result<(), MachineError> {
        let Some(inner) = self.readable() else {
            return Ok(());
        };
        inner.restore(snapshot)
    }

    /// Calls `observer` with every event, transition, unhandled event and error; for the
    /// devtools and for logging. Dropping the returned [`Subscription`] stops it.
    pub fn observe(
        &self,
        observer: impl Fn(&Inspection<'_, S, E>) + Send + Sync + 'static,
    ) -> Option<Subscription> {
        self.observe_while(None, observer)
    }

    /// [`observe`](Self::observe), for an observer that listens only while `listening` says
    /// so (the devtools, while they are watched).
    pub(crate) fn observe_while(
        &self,
        listening: Option<fn() -> bool>,
        observer: impl Fn(&Inspection<'_, S, E>) + Send + Sync + 'static,
    ) -> Option<Subscription> {
        let inner = self.live()?;
        let id = inner.next_observer.fetch_add(1, Ordering::Relaxed);
        let observer = Observer {
            call: Arc::new(observer),
            listening,
        };
        add_callback(&inner.observers, id, observer);
        let weak: Weak<dyn Listeners> = Arc::downgrade(&inner) as Weak<dyn Listeners>;
        Some(Subscription::new(weak, id))
    }

    /// The machine's definition, e.g. for its [Mermaid diagram](Machine::to_mermaid).
    pub fn machine(&self) -> Option<Machine<S, E, C>> {
        Some(self.live()?.machine.clone())
    }

    #[track_caller]
    fn read_states<R>(
        &self,
        track: bool,
        read: impl FnOnce(&Engine<S, E, C>, &Definition<S, E, C>) -> R,
    ) -> Option<R> {
        let inner = self.readable()?;
        if track {
            inner.states.track();
        }
        let engine = inner.engine();
        Some(read(&engine, &inner.machine.def))
    }
}

impl<S, E, C> ActorInner<S, E, C>
where
    S: StateId,
    E: Debug + Send + Sync + 'static,
    C: Clone + Send + Sync + 'static,
{
    pub(crate) fn engine(&self) -> MutexGuard<'_, Engine<S, E, C>> {
        sync::lock(&self.engine)
    }

    fn key(&self) -> usize {
        self as *const Self as usize
    }

    pub(crate) fn send(&self, event: E) {
        self.take(Pending::Event(event));
    }

    fn fire(&self, state: usize, transition: usize, entry: u64) {
        self.take(Pending::Timer {
            state,
            transition,
            entry,
        });
    }

    /// Runs `work` now, then whatever arrived meanwhile; if a step is already running on
    /// this thread, queues `work` for when it ends.
    fn take(&self, work: Pending<E>) {
        let Some(busy) = Busy::enter(self.key()) else {
            self.queue().push_back(work);
            // Work is queued only by the thread whose step is running, which takes it
            // below, so the count never hides an item from the loop that will take it.
            self.queued.fetch_add(1, Ordering::AcqRel);
            return;
        };
        let mut next = Some(work);
        while let Some(work) = next {
            match work {
                Pending::Event(event) => {
                    self.run(|engine| engine.send(&event), Some(&event), None);
                }
                Pending::Timer {
                    state,
                    transition,
                    entry,
                } => {
                    let after_ms = self.machine.def.delay(state, transition);
                    self.run(
                        |engine| engine.fire_after(state, transition, entry),
                        None,
                        after_ms,
                    );
                }
            }
            next = if self.queued.load(Ordering::Acquire) == 0 {
                None
            } else {
                self.queued.fetch_sub(1, Ordering::AcqRel);
                self.queue().pop_front()
            };
        }
        drop(busy);
    }

    fn queue(&self) -> MutexGuard<'_, VecDeque<Pending<E>>> {
        sync::lock(&self.queue)
    }

    /// Runs one macrostep on the engine, then updates timers, readers and observers.
    /// `after_ms` is the delay of the delayed transition whose timer caused the step.
    fn run(
        &self,
        step: impl FnOnce(&mut Engine<S, E, C>) -> Step,
        event: Option<&E>,
        after_ms: Option<u64>,
    ) {
        let def = &self.machine.def;
        // Observers see the states before and after; without one listening, nobody needs
        // them. One look at the observers serves the whole step.
        let (attached, listening) = {
            let observers = sync::read(&self.observers);
            (
                !observers.is_empty(),
                observers
                    .iter()
                    .any(|(_, observer)| observer.is_listening()),
            )
        };
        if attached && let Some(event) = event {
            self.inspect(&Inspection::Event(event));
        }
        let ids = |engine: &Engine<S, E, C>| -> Vec<S> {
            if !listening {
                return Vec::new();
            }
            leaf_ids(engine, def)
        };
        let (from, mut step, to) = {
            let mut engine = self.engine();
            let from = ids(&engine);
            let step = step(&mut engine);
            (from, step, ids(&engine))
        };
        self.reschedule(&step);
        if let Some(error) = step.error.take() {
            report(&error);
            if attached {
                self.inspect(&Inspection::Error(&error));
            }
        }
        if step.handled || step.moved {
            if step.moved {
                self.states.notify();
            }
            if step.ran_actions {
                self.context.notify();
            }
            if attached {
                self.inspect(&Inspection::Transition {
                    from: &from,
                    to: &to,
                    event,
                    after_ms,
                    microsteps: step.microsteps,
                });
            }
        } else if attached && let Some(event) = event {
            self.inspect(&Inspection::Unhandled(event));
        }
    }

    /// Cancels the timers of exited states and starts those of entered ones. The clock is
    /// called without holding any lock, so a clock may fire at once.
    fn reschedule(&self, step: &Step) {
        let def = &self.machine.def;
        let timed = |state: &usize| def.nodes[*state].has_delays;
        if !step
            .exited
            .iter()
            .chain(step.entered.iter().map(|(s, _)| s))
            .any(timed)
        {
            return;
        }
        let cancelled: Vec<u64> = {
            let mut timers = sync::lock(&self.timers);
            step.exited
                .iter()
                .flat_map(|state| timers.remove(state).unwrap_or_default())
                .collect()
        };
        for id in cancelled {
            self.clock.cancel(id);
        }
        for &(state, entry) in &step.entered {
            for (transition, millis) in def.delays(state) {
                let this = self.this.clone();
                let id = self.clock.schedule(
                    millis,
                    Box::new(move || {
                        if let Some(inner) = this.upgrade() {
                            inner.fire(state, transition, entry);
                        }
                    }),
                );
                sync::lock(&self.timers).entry(state).or_default().push(id);
            }
        }
    }

    /// The active states, history and context. Safe from an observer: the engine is not
    /// locked while observers run.
    pub(crate) fn snapshot(&self) -> MachineSnapshot<S, C> {
        let engine = self.engine();
        let def = &self.machine.def;
        let id = |at: usize| def.nodes[at].id;
        MachineSnapshot {
            states: engine.configuration().into_iter().filter_map(id).collect(),
            history: engine
                .history()
                .iter()
                .filter_map(|(&h, remembered)| {
                    Some((id(h)?, remembered.iter().filter_map(|&r| id(r)).collect()))
                })
                .collect(),
            context: engine.context.clone(),
        }
    }

    pub(crate) fn restore(&self, snapshot: MachineSnapshot<S, C>) -> Result<(), MachineError> {
        let def = &self.machine.def;
        let find = |state: S| {
            def.index
                .get(&state)
                .copied()
                .ok_or_else(|| MachineError::UnknownState {
                    state: format!("{state:?}"),
                })
        };
        let configuration = snapshot
            .states
            .iter()
            .map(|&s| find(s))
            .collect::<Result<Vec<_>, _>>()?;
        let history = snapshot
            .history
            .iter()
            .map(|(h, remembered)| {
                Ok((
                    find(*h)?,
                    remembered
                        .iter()
                        .map(|&r| find(r))
                        .collect::<Result<Vec<_>, _>>()?,
                ))
            })
            .collect::<Result<HashMap<_, _>, MachineError>>()?;
        let entered = self
            .engine()
            .restore(&configuration, history, snapshot.context)?;
        let exited: Vec<usize> = sync::lock(&self.timers).keys().copied().collect();
        self.reschedule(&Step {
            handled: true,
            microsteps: 0,
            moved: true,
            entered,
            exited,
            ran_actions: true,
            error: None,
        });
        self.states.notify();
        self.context.notify();
        Ok(())
    }

    fn inspect(&self, inspection: &Inspection<'_, S, E>) {
        let observers = {
            let observers = sync::read(&self.observers);
            if observers.is_empty() {
                return;
            }
            observers.clone()
        };
        for (_, observer) in observers.iter() {
            (observer.call)(inspection);
        }
    }
}

impl<S, E, C> Listeners for ActorInner<S, E, C>
where
    S: Send + Sync,
    E: Send + Sync,
    C: Send + Sync,
{
    fn remove_listener(&self, id: u64) {
        remove_callback(&self.observers, id);
    }
}

impl<S, E, C> Drop for ActorInner<S, E, C> {
    fn drop(&mut self) {
        let timers = std::mem::take(
            self.timers
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for id in timers.into_values().flatten() {
            self.clock.cancel(id);
        }
    }
}

/// The ids of the active leaves.
fn leaf_ids<S: StateId, E, C>(engine: &Engine<S, E, C>, def: &Definition<S, E, C>) -> Vec<S> {
    engine
        .active_leaves()
        .filter_map(|at| def.nodes[at].id)
        .collect()
}

/// Whether `state` is active.
fn is_active<S: StateId, E, C>(
    engine: &Engine<S, E, C>,
    def: &Definition<S, E, C>,
    state: S,
) -> bool {
    def.index
        .get(&state)
        .is_some_and(|&at| engine.is_active(at))
}

fn report(error: &MachineError) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::error_1(&error.to_string().into());
    #[cfg(not(target_arch = "wasm32"))]
    log::error!(target: "leptos_state", "{error}");
}
