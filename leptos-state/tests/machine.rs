//! State machines: definition checks, the order of actions in each kind of step, history,
//! eventless and delayed transitions, snapshots, inspection and reactivity.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{
    Actor, HistoryMode, Inspection, Machine, MachineBuilder, MachineError, MachineSnapshot,
    ManualClock, Slice, State, Store, VecSlice,
};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
enum S {
    Out,
    A,
    A1,
    A1a,
    A2,
    A2a,
    P,
    R1,
    X1,
    X2,
    R2,
    Y1,
    Y2,
    H,
    B,
    C,
    Done,
}

#[derive(Debug, Clone)]
enum E {
    Go,
    Back,
    Again,
    Next,
    Count(u32),
}

/// The context is the log of what ran, so each test can assert the exact order.
type Log = Vec<String>;

fn logged(
    s: S,
    builder: leptos_state::StateBuilder<S, E, Log>,
) -> leptos_state::StateBuilder<S, E, Log> {
    builder
        .entry(move |log: &mut Log| log.push(format!("enter {s:?}")))
        .exit(move |log: &mut Log| log.push(format!("exit {s:?}")))
}

fn note(what: &'static str) -> impl Fn(&mut Log, &E) + Send + Sync + 'static {
    move |log: &mut Log, _: &E| log.push(what.to_owned())
}

fn start(builder: MachineBuilder<S, E, Log>) -> Actor<S, E, Log> {
    let actor = Actor::new(builder.build().expect("a valid machine"));
    clear(actor);
    actor
}

fn clear(actor: Actor<S, E, Log>) -> Log {
    let log = actor.context().get_untracked();
    actor
        .restore(MachineSnapshot {
            context: Vec::new(),
            ..actor.snapshot().unwrap()
        })
        .unwrap();
    log
}

fn hierarchy() -> MachineBuilder<S, E, Log> {
    Machine::builder(Vec::new()).initial(S::A).state(S::A, |s| {
        logged(S::A, s)
            .initial(S::A1)
            .on_with(E::Back, |t| t.to(S::A2).action(note("A -> A2")))
            .on_with(E::Again, |t| {
                t.to(S::A2).internal().action(note("A -> A2, internal"))
            })
            .child(S::A1, |s| {
                logged(S::A1, s)
                    .initial(S::A1a)
                    .on_with(E::Next, |t| t.to(S::A1).action(note("A1 -> A1")))
                    .child(S::A1a, |s| {
                        logged(S::A1a, s)
                            .on_with(E::Go, |t| t.to(S::A2a).action(note("A1a -> A2a")))
                            .on_with(E::Count(0), |t| t.to(S::A1a).action(note("A1a -> A1a")))
                    })
            })
            .child(S::A2, |s| {
                logged(S::A2, s)
                    .initial(S::A2a)
                    .child(S::A2a, |s| logged(S::A2a, s))
            })
    })
}

#[test]
fn a_transition_between_cousins_exits_and_enters_below_their_common_ancestor() {
    let _owner = owner();
    let actor = start(hierarchy());
    actor.send(E::Go);
    assert_eq!(
        clear(actor),
        ["exit A1a", "exit A1", "A1a -> A2a", "enter A2", "enter A2a"]
    );
    assert_eq!(actor.state(), [S::A2a]);
    assert!(actor.matches(S::A) && actor.matches(S::A2) && !actor.matches(S::A1));
}

#[test]
fn self_transitions_exit_and_reenter_their_state() {
    let _owner = owner();
    let actor = start(hierarchy());
    actor.send(E::Count(7));
    assert_eq!(clear(actor), ["exit A1a", "A1a -> A1a", "enter A1a"]);
    actor.send(E::Next);
    assert_eq!(
        clear(actor),
        ["exit A1a", "exit A1", "A1 -> A1", "enter A1", "enter A1a"]
    );
}

#[test]
fn internal_transitions_do_not_exit_their_compound_state_and_external_ones_do() {
    let _owner = owner();
    let actor = start(hierarchy());
    actor.send(E::Again);
    assert_eq!(
        clear(actor),
        [
            "exit A1a",
            "exit A1",
            "A -> A2, internal",
            "enter A2",
            "enter A2a"
        ]
    );

    let actor = start(hierarchy());
    actor.send(E::Back);
    assert_eq!(
        clear(actor),
        [
            "exit A1a",
            "exit A1",
            "exit A",
            "A -> A2",
            "enter A",
            "enter A2",
            "enter A2a"
        ]
    );
}

fn parallel() -> MachineBuilder<S, E, Log> {
    Machine::builder(Vec::new())
        .initial(S::Out)
        .state(S::Out, |s| logged(S::Out, s).on(E::Go, S::P))
        .state(S::P, |s| {
            logged(S::P, s)
                .parallel()
                .on_with(E::Back, |t| t.to(S::Out).action(note("P -> Out")))
                .child(S::R1, |s| {
                    logged(S::R1, s)
                        .initial(S::X1)
                        .child(S::X1, |s| {
                            logged(S::X1, s)
                                .on_with(E::Next, |t| t.to(S::X2).action(note("X1 -> X2")))
                        })
                        .child(S::X2, |s| logged(S::X2, s))
                })
                .child(S::R2, |s| {
                    logged(S::R2, s)
                        .initial(S::Y1)
                        .child(S::Y1, |s| {
                            logged(S::Y1, s)
                                .on_with(E::Next, |t| t.to(S::Y2).action(note("Y1 -> Y2")))
                        })
                        .child(S::Y2, |s| logged(S::Y2, s))
                })
        })
}

#[test]
fn conflicting_transitions_in_parallel_regions_resolve_in_document_order() {
    let _owner = owner();
    let actor = start(
        Machine::builder(Vec::new())
            .initial(S::P)
            .state(S::Out, |s| logged(S::Out, s))
            .state(S::P, |s| {
                s.parallel()
                    .child(S::R1, |s| {
                        s.initial(S::X1).child(S::X1, |s| {
                            s.on_with(E::Next, |t| t.to(S::Out).action(note("X1 -> Out")))
                        })
                    })
                    .child(S::R2, |s| {
                        s.initial(S::Y1)
                            .child(S::Y1, |s| {
                                s.on_with(E::Next, |t| t.to(S::Y2).action(note("Y1 -> Y2")))
                            })
                            .child(S::Y2, |s| s)
                    })
            }),
    );
    // Both regions handle `Next`, but leaving `P` exits `Y1` too: the first region wins.
    actor.send(E::Next);
    assert_eq!(clear(actor), ["X1 -> Out", "enter Out"]);
    assert_eq!(actor.state(), [S::Out]);
}

#[test]
fn parallel_regions_are_entered_and_exited_together_in_document_order() {
    let _owner = owner();
    let actor = start(parallel());
    actor.send(E::Go);
    assert_eq!(
        clear(actor),
        [
            "exit Out", "enter P", "enter R1", "enter X1", "enter R2", "enter Y1"
        ]
    );
    assert_eq!(actor.state(), [S::X1, S::Y1]);

    // One event moves both regions in one step, in document order.
    actor.send(E::Next);
    assert_eq!(
        clear(actor),
        [
            "exit Y1", "exit X1", "X1 -> X2", "Y1 -> Y2", "enter X2", "enter Y2"
        ]
    );
    assert_eq!(actor.state(), [S::X2, S::Y2]);

    actor.send(E::Back);
    assert_eq!(
        clear(actor),
        [
            "exit Y2",
            "exit R2",
            "exit X2",
            "exit R1",
            "exit P",
            "P -> Out",
            "enter Out"
        ]
    );
}

fn with_history(history: HistoryMode) -> MachineBuilder<S, E, Log> {
    Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::Out, |s| s.on(E::Back, S::H))
        .state(S::A, |s| {
            s.initial(S::A1)
                .on(E::Go, S::Out)
                .child(S::H, |s| s.history(history))
                .child(S::A1, |s| {
                    s.initial(S::A1a).on(E::Next, S::A2).child(S::A1a, |s| s)
                })
                .child(S::A2, |s| {
                    s.initial(S::A2a)
                        .child(S::A2a, |s| s.on(E::Next, S::B))
                        .child(S::B, |s| s)
                })
        })
}

#[test]
fn shallow_history_remembers_the_child_and_deep_history_every_state_below() {
    let _owner = owner();
    for (history, expected) in [(HistoryMode::Shallow, S::A2a), (HistoryMode::Deep, S::B)] {
        let actor = start(with_history(history));
        actor.send(E::Next); // A1 -> A2 (A2a)
        actor.send(E::Next); // A2a -> B
        assert_eq!(actor.state(), [S::B]);
        actor.send(E::Go); // leave A
        assert_eq!(actor.state(), [S::Out]);
        actor.send(E::Back); // back through history
        assert_eq!(actor.state(), [expected], "{history:?}");
    }

    // A history state that remembers nothing yet enters its parent's initial child.
    let actor = start(
        Machine::builder(Vec::new())
            .initial(S::Out)
            .state(S::Out, |s| s.on(E::Back, S::H))
            .state(S::A, |s| {
                s.initial(S::A1)
                    .child(S::H, |s| s.history(HistoryMode::Deep))
                    .child(S::A1, |s| s)
            }),
    );
    actor.send(E::Back);
    assert_eq!(actor.state(), [S::A1]);
}

#[test]
fn eventless_transitions_run_to_a_fixpoint_after_each_event() {
    let _owner = owner();
    let actor = start(
        Machine::builder(Vec::new())
            .initial(S::A)
            .state(S::A, |s| logged(S::A, s).on(E::Go, S::B))
            .state(S::B, |s| {
                logged(S::B, s).always(|t| t.to(S::C).action(|log| log.push("B -> C".into())))
            })
            .state(S::C, |s| {
                logged(S::C, s).always(|t| {
                    t.to(S::Done)
                        .guard(|log: &Log| log.iter().any(|l| l == "B -> C"))
                })
            })
            .state(S::Done, |s| logged(S::Done, s)),
    );
    actor.send(E::Go);
    assert_eq!(
        clear(actor),
        [
            "exit A",
            "enter B",
            "exit B",
            "B -> C",
            "enter C",
            "exit C",
            "enter Done"
        ]
    );
    assert_eq!(actor.state(), [S::Done]);
}

#[test]
fn a_livelock_is_reported_not_spun_forever() {
    let _owner = owner();
    let machine = Machine::<S, E, ()>::builder(())
        .initial(S::A)
        .state(S::A, |s| s.on(E::Go, S::B))
        .state(S::B, |s| s.always(|t| t.to(S::C)))
        .state(S::C, |s| s.always(|t| t.to(S::B)))
        .build()
        .unwrap();
    let actor = Actor::new(machine);
    let errors = Arc::new(Mutex::new(Vec::new()));
    let seen = errors.clone();
    let _watch = actor.observe(move |inspection| {
        if let Inspection::Error(error) = inspection {
            seen.lock().unwrap().push((*error).clone());
        }
    });
    actor.send(E::Go);
    let errors = errors.lock().unwrap();
    assert!(
        matches!(
            errors.as_slice(),
            [MachineError::Livelock { limit: 1_000, .. }]
        ),
        "{errors:?}"
    );
}

fn timed() -> Machine<S, E, Log> {
    Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, |s| {
            logged(S::A, s)
                .after_with(100, |t| {
                    t.to(S::B).action(|log| log.push("after 100".into()))
                })
                .on(E::Go, S::C)
        })
        .state(S::B, |s| logged(S::B, s))
        .state(S::C, |s| logged(S::C, s).on(E::Back, S::A))
        .build()
        .unwrap()
}

#[test]
fn delayed_transitions_fire_on_the_clock_and_are_cancelled_by_leaving() {
    let _owner = owner();
    let clock = ManualClock::new();
    let actor = Actor::with_clock(timed(), Arc::new(clock.clone()));
    clear(actor);
    clock.advance(99);
    assert_eq!(actor.state(), [S::A]);
    clock.advance(1);
    assert_eq!(actor.state(), [S::B]);
    assert_eq!(clear(actor), ["exit A", "after 100", "enter B"]);

    let actor = Actor::with_clock(timed(), Arc::new(clock.clone()));
    clock.advance(50);
    actor.send(E::Go);
    assert_eq!(clock.pending(), 0, "leaving A cancelled its timer");
    clock.advance(500);
    assert_eq!(actor.state(), [S::C]);

    // Re-entering starts a fresh timer: the old visit's time does not count.
    actor.send(E::Back);
    clock.advance(60);
    assert_eq!(actor.state(), [S::A]);
    clock.advance(40);
    assert_eq!(actor.state(), [S::B]);
}

#[test]
fn disposing_the_owner_cancels_the_machines_timers() {
    let _owner = owner();
    let clock = ManualClock::new();
    let component = Owner::new();
    component.with(|| Actor::with_clock(timed(), Arc::new(clock.clone())));
    assert_eq!(clock.pending(), 1);
    component.cleanup();
    assert_eq!(clock.pending(), 0);
}

#[test]
fn guards_choose_transitions_and_can_reports_them() {
    #[derive(Clone, Default)]
    struct Tries {
        left: u32,
    }
    let _owner = owner();
    let machine = Machine::builder(Tries { left: 2 })
        .initial(S::A)
        .state(S::A, |s| {
            s.on_with(E::Count(0), |t| {
                t.guard(|tries: &Tries, event| matches!(event, E::Count(n) if *n <= tries.left))
                    .action(|tries, event| {
                        if let E::Count(n) = event {
                            tries.left -= n;
                        }
                    })
            })
            .on_with(E::Go, |t| {
                t.to(S::B).guard(|tries: &Tries, _| tries.left == 0)
            })
        })
        .state(S::B, |s| s)
        .build()
        .unwrap();
    let actor = Actor::new(machine);
    assert!(!actor.can(&E::Go));
    assert!(actor.can(&E::Count(2)) && !actor.can(&E::Count(3)));
    actor.send(E::Count(3)); // refused by its guard: nothing happens
    assert_eq!(actor.with_context(|t| t.left), Some(2));
    actor.send(E::Count(2));
    assert!(actor.can(&E::Go));
    actor.send(E::Go);
    assert_eq!(actor.state(), [S::B]);
}

#[test]
fn an_unhandled_event_is_ignored_and_reported() {
    let _owner = owner();
    let actor = start(hierarchy());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let _watch = actor.observe(move |inspection| {
        log.lock().unwrap().push(match inspection {
            Inspection::Event(e) => format!("event {e:?}"),
            Inspection::Transition { from, to, .. } => format!("{from:?} -> {to:?}"),
            Inspection::Unhandled(e) => format!("unhandled {e:?}"),
            other => format!("{other:?}"),
        });
    });
    actor.send(E::Go);
    actor.send(E::Go); // A2a handles nothing
    assert_eq!(actor.state(), [S::A2a]);
    assert_eq!(
        *seen.lock().unwrap(),
        ["event Go", "[A1a] -> [A2a]", "event Go", "unhandled Go"]
    );
}

#[test]
fn final_states_complete_their_parent_and_the_machine() {
    let _owner = owner();
    let actor = start(
        Machine::builder(Vec::new())
            .initial(S::A)
            .state(S::A, |s| {
                s.initial(S::A1)
                    .on_done(S::B)
                    .child(S::A1, |s| s.on(E::Go, S::A2))
                    .child(S::A2, |s| s.final_state())
            })
            .state(S::B, |s| s.on(E::Next, S::Done))
            .state(S::Done, |s| {
                s.final_state()
                    .entry(|log: &mut Log| log.push("finished".into()))
            }),
    );
    actor.send(E::Go);
    assert_eq!(actor.state(), [S::B]);
    assert!(!actor.done());
    actor.send(E::Next);
    assert!(actor.done());
    assert!(!actor.can(&E::Next));
    assert_eq!(clear(actor), ["finished"]);
}

#[test]
fn build_refuses_invalid_definitions_with_specific_errors() {
    let err = |builder: MachineBuilder<S, E, ()>| builder.build().unwrap_err();
    let base = || Machine::<S, E, ()>::builder(());

    assert_eq!(err(base()), MachineError::Empty);
    assert_eq!(
        err(base().initial(S::A).state(S::A, |s| s.on(E::Go, S::B))),
        MachineError::UnknownTarget {
            from: "A".into(),
            target: "B".into()
        }
    );
    assert_eq!(
        err(base().initial(S::A).state(S::A, |s| s).state(S::A, |s| s)),
        MachineError::DuplicateState { state: "A".into() }
    );
    assert_eq!(
        err(base().initial(S::A).state(S::A, |s| s.child(S::A1, |s| s))),
        MachineError::MissingInitial { state: "A".into() }
    );
    assert_eq!(
        err(base().state(S::A, |s| s)),
        MachineError::MissingInitial {
            state: "(root)".into()
        }
    );
    assert_eq!(
        err(base()
            .initial(S::A)
            .state(S::A, |s| s.initial(S::B).child(S::A1, |s| s))
            .state(S::B, |s| s)),
        MachineError::InitialNotChild {
            state: "A".into(),
            initial: "B".into()
        }
    );
    assert_eq!(
        err(base().initial(S::P).state(S::P, |s| {
            s.parallel()
                .child(S::R1, |s| s.initial(S::X1).child(S::X1, |s| s))
                .child(S::H, |s| s.history(HistoryMode::Shallow))
        })),
        MachineError::MisplacedHistory { state: "H".into() }
    );
    assert!(matches!(
        err(base()
            .initial(S::A)
            .state(S::A, |s| s.final_state().on(E::Go, S::A))),
        MachineError::InvalidState { kind: "final", .. }
    ));
}

#[test]
fn snapshots_round_trip_through_serde_and_bad_ones_are_refused() {
    let _owner = owner();
    let actor = start(with_history(HistoryMode::Deep));
    actor.send(E::Next);
    actor.send(E::Next);
    actor.send(E::Go); // remembers A2 > B
    let json = serde_json::to_string(&actor.snapshot().unwrap()).unwrap();

    let fresh = start(with_history(HistoryMode::Deep));
    fresh.restore(serde_json::from_str(&json).unwrap()).unwrap();
    assert_eq!(fresh.state(), [S::Out]);
    fresh.send(E::Back);
    assert_eq!(fresh.state(), [S::B], "the history came back too");

    let unknown = MachineSnapshot {
        states: vec![S::Y2],
        history: Vec::new(),
        context: Vec::new(),
    };
    assert_eq!(
        fresh.restore(unknown),
        Err(MachineError::UnknownState { state: "Y2".into() })
    );
    let two_children = MachineSnapshot {
        states: vec![S::A, S::A1, S::A2],
        history: Vec::new(),
        context: Vec::new(),
    };
    assert!(matches!(
        fresh.restore(two_children),
        Err(MachineError::InvalidSnapshot { .. })
    ));
    assert_eq!(fresh.state(), [S::B], "a refused snapshot changes nothing");
}

#[test]
fn the_diagram_shows_nesting_and_parallel_regions() {
    let diagram = parallel().build().unwrap().to_mermaid();
    assert_eq!(
        diagram,
        "stateDiagram-v2
    [*] --> Out
    Out --> P: Go
    state P {
        state R1 {
            [*] --> X1
            X1 --> X2: Next / action
        }
        --
        state R2 {
            [*] --> Y1
            Y1 --> Y2: Next / action
        }
    }
    P --> Out: Back / action
"
    );
}

#[test]
fn readers_of_the_state_rerun_on_transitions_only() {
    let _owner = owner();
    let actor = start(hierarchy());
    let runs = count_runs(move || {
        actor.state();
    });
    let in_a1 = count_runs(move || {
        actor.matches(S::A1);
    });
    actor.send(E::Count(1)); // a self transition: the states were re-entered
    flush();
    actor.send(E::Go);
    flush();
    actor.send(E::Go); // unhandled
    flush();
    assert_eq!([runs.get(), in_a1.get()], [3, 3]);
}

#[test]
fn an_event_sent_from_an_action_runs_after_the_current_step() {
    let _owner = owner();
    let slot: Arc<Mutex<Option<Actor<S, E, Log>>>> = Arc::new(Mutex::new(None));
    let me = slot.clone();
    let machine = Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, |s| {
            logged(S::A, s).on_with(E::Go, move |t| {
                t.to(S::B).action(move |log: &mut Log, _| {
                    log.push("send Next".into());
                    if let Some(actor) = *me.lock().unwrap() {
                        actor.send(E::Next);
                    }
                })
            })
        })
        .state(S::B, |s| logged(S::B, s).on(E::Next, S::C))
        .state(S::C, |s| logged(S::C, s))
        .build()
        .unwrap();
    let actor = Actor::new(machine);
    *slot.lock().unwrap() = Some(actor);
    actor.send(E::Go);
    assert_eq!(actor.state(), [S::C]);
    assert_eq!(
        actor.context().get_untracked()[1..],
        ["exit A", "send Next", "enter B", "exit B", "enter C"]
    );
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Cart {
    items: Vec<String>,
    paid: bool,
}

#[test]
fn a_machine_can_drive_a_store() {
    let _owner = owner();
    let cart = Store::new_named("cart", Cart::default());
    let machine = Machine::builder(cart)
        .initial(S::A)
        .state(S::A, |s| {
            s.on_with(E::Count(0), |t| {
                t.action(|cart: &mut Store<Cart>, event| {
                    if let E::Count(n) = event {
                        cart.items().push(format!("item {n}")).unwrap();
                    }
                })
            })
            .on_with(E::Go, |t| {
                t.to(S::Done)
                    .guard(|cart: &Store<Cart>, _| cart.items().len() > 0)
                    .action(|cart, _| cart.paid().set(true))
            })
        })
        .state(S::Done, |s| s.final_state())
        .build()
        .unwrap();
    let checkout = Actor::new(machine);
    let actions = Arc::new(Mutex::new(Vec::new()));
    let seen = actions.clone();
    cart.subscribe(move |change| seen.lock().unwrap().push(change.action().to_string()))
        .detach();

    checkout.send(E::Go); // the guard refuses: the cart is empty
    checkout.send(E::Count(1));
    checkout.send(E::Go);
    assert!(checkout.done());
    assert_eq!(
        cart.get_untracked(),
        Cart {
            items: vec!["item 1".into()],
            paid: true
        }
    );
    assert_eq!(*actions.lock().unwrap(), ["items.push", "paid"]);
    assert_eq!(cart.paid().path().to_string(), "paid");
}

#[test]
fn a_transition_across_the_regions_of_a_parallel_root_reenters_them_all() {
    // Regression: the other regions were exited and not entered again.
    let _owner = owner();
    let actor = start(
        Machine::builder(Vec::new())
            .parallel()
            .state(S::R1, |s| {
                logged(S::R1, s)
                    .initial(S::X1)
                    .child(S::X1, |s| logged(S::X1, s).on(E::Next, S::Y2))
                    .child(S::X2, |s| logged(S::X2, s))
            })
            .state(S::R2, |s| {
                logged(S::R2, s)
                    .initial(S::Y1)
                    .child(S::Y1, |s| logged(S::Y1, s))
                    .child(S::Y2, |s| logged(S::Y2, s))
            }),
    );
    assert_eq!(actor.state(), [S::X1, S::Y1]);
    actor.send(E::Next);
    assert_eq!(actor.state(), [S::X1, S::Y2]);
    assert_eq!(
        clear(actor),
        [
            "exit Y1", "exit R2", "exit X1", "exit R1", "enter R1", "enter X1", "enter R2",
            "enter Y2"
        ]
    );
}

#[test]
fn a_parallel_state_is_done_when_every_region_is() {
    let _owner = owner();
    let actor = start(
        Machine::builder(Vec::new())
            .initial(S::P)
            .state(S::P, |s| {
                s.parallel()
                    .on_done(S::Done)
                    .child(S::R1, |s| {
                        s.initial(S::X1)
                            .child(S::X1, |s| s.on(E::Go, S::X2))
                            .child(S::X2, |s| s.final_state())
                    })
                    .child(S::R2, |s| {
                        s.initial(S::Y1)
                            .child(S::Y1, |s| s.on(E::Next, S::Y2))
                            .child(S::Y2, |s| s.final_state())
                    })
            })
            .state(S::Done, |s| s.final_state()),
    );
    actor.send(E::Go);
    assert_eq!(
        actor.state(),
        [S::X2, S::Y1],
        "one region done is not enough"
    );
    actor.send(E::Next);
    assert_eq!(actor.state(), [S::Done]);
    assert!(actor.done());
}

#[test]
fn build_refuses_states_that_could_never_work() {
    let base = || Machine::<S, E, ()>::builder(());
    let invalid =
        |builder: MachineBuilder<S, E, ()>, expected_kind: &str| match builder.build().unwrap_err()
        {
            MachineError::InvalidState { kind, .. } => assert_eq!(kind, expected_kind),
            other => panic!("expected an invalid {expected_kind} state, got {other}"),
        };
    // A history state as the initial child would stand for itself forever.
    invalid(
        base().initial(S::A).state(S::A, |s| {
            s.initial(S::H)
                .child(S::H, |s| s.history(HistoryMode::Deep))
                .child(S::A1, |s| s)
        }),
        "compound",
    );
    invalid(
        base().initial(S::P).state(S::P, |s| {
            s.parallel()
                .child(S::R1, |s| s.initial(S::X1).child(S::X1, |s| s))
                .child(S::Done, |s| s.final_state())
        }),
        "final",
    );
    invalid(
        base().initial(S::A).state(S::A, |s| s.on_done(S::A)),
        "atomic",
    );
}

#[test]
fn restore_refuses_history_that_could_not_have_been_recorded() {
    let _owner = owner();
    let actor = start(with_history(HistoryMode::Shallow));
    let before = actor.snapshot().unwrap();
    for history in [
        vec![(S::H, vec![S::A1, S::A2])], // shallow: two children
        vec![(S::H, vec![S::H])],         // itself
        vec![(S::H, vec![S::Out])],       // outside its parent
        vec![(S::A1, vec![S::A1a])],      // not a history state
    ] {
        let snapshot = MachineSnapshot {
            history,
            ..before.clone()
        };
        assert!(
            matches!(
                actor.restore(snapshot),
                Err(MachineError::InvalidSnapshot { .. })
            ),
            "accepted {:?}",
            before
        );
    }
    assert_eq!(actor.snapshot().unwrap(), before);
}

#[test]
fn an_event_sent_from_a_delayed_transitions_action_is_taken() {
    // Regression: events queued during a timer's step waited for the next external send.
    let _owner = owner();
    let clock = ManualClock::new();
    let slot: Arc<Mutex<Option<Actor<S, E, Log>>>> = Arc::new(Mutex::new(None));
    let me = slot.clone();
    let machine = Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, move |s| {
            s.after_with(10, move |t| {
                t.to(S::B).action(move |_: &mut Log| {
                    if let Some(actor) = *me.lock().unwrap() {
                        actor.send(E::Next);
                    }
                })
            })
        })
        .state(S::B, |s| s.on(E::Next, S::C))
        .state(S::C, |s| s)
        .build()
        .unwrap();
    let actor = Actor::with_clock(machine, Arc::new(clock.clone()));
    *slot.lock().unwrap() = Some(actor);
    clock.advance(10);
    assert_eq!(actor.state(), [S::C]);
}

#[test]
#[should_panic(expected = "was read from inside its own guard or action")]
fn reading_a_machine_from_its_own_action_panics_with_the_reason() {
    let _owner = owner();
    let slot: Arc<Mutex<Option<Actor<S, E, ()>>>> = Arc::new(Mutex::new(None));
    let me = slot.clone();
    let machine = Machine::builder(())
        .initial(S::A)
        .state(S::A, move |s| {
            s.on_with(E::Go, move |t| {
                t.to(S::B).action(move |_: &mut (), _| {
                    if let Some(actor) = *me.lock().unwrap() {
                        actor.state();
                    }
                })
            })
        })
        .state(S::B, |s| s)
        .build()
        .unwrap();
    let actor = Actor::new(machine);
    *slot.lock().unwrap() = Some(actor);
    actor.send(E::Go);
}

#[test]
fn after_a_livelock_the_machine_keeps_its_timers_and_takes_events() {
    let _owner = owner();
    let clock = ManualClock::new();
    let machine = Machine::<S, E, ()>::builder(())
        .initial(S::A)
        .state(S::A, |s| s.on(E::Go, S::B))
        .state(S::B, |s| s.always(|t| t.to(S::C)))
        .state(S::C, |s| {
            s.always(|t| t.to(S::B)).on(E::Back, S::A).after(5, S::Done)
        })
        .state(S::Done, |s| s)
        .build()
        .unwrap();
    let actor = Actor::with_clock(machine, Arc::new(clock.clone()));
    actor.send(E::Go); // livelocks, and stops in B or C
    let stuck = actor.state();
    assert!(stuck == [S::B] || stuck == [S::C], "{stuck:?}");
    if stuck == [S::C] {
        assert_eq!(clock.pending(), 1, "C's timer runs");
    }
}
