//! The parts of SCXML beyond states and transitions: raised events and the internal queue,
//! `In()`, initial and history default transitions with actions, done events handled as
//! events, event families, and failed actions as error events. Each test asserts the order
//! the SCXML algorithm gives, from the log the actions write.

#[path = "util/effects.rs"]
mod effects;

use effects::owner;
use leptos_state::{
    Actor, Family, HistoryMode, Inspection, Machine, MachineBuilder, MachineError, ManualClock,
    StateBuilder,
};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum S {
    A,
    A1,
    A2,
    B,
    B1,
    B2,
    P,
    R1,
    X1,
    X2,
    R2,
    Y1,
    Y2,
    H,
    F,
    C,
}

#[derive(Debug, Clone, PartialEq)]
enum E {
    Go,
    Next,
    Ping(u32),
    Pong(u32),
    Failed(String),
    Edit(u32, String),
    Rename(String),
}

type Log = Vec<String>;

fn logged(s: S, builder: StateBuilder<S, E, Log>) -> StateBuilder<S, E, Log> {
    builder
        .entry(move |log: &mut Log| log.push(format!("enter {s:?}")))
        .exit(move |log: &mut Log| log.push(format!("exit {s:?}")))
}

fn run(builder: MachineBuilder<S, E, Log>) -> Actor<S, E, Log> {
    Actor::new(builder.build().expect("a valid machine"))
}

/// The log so far, emptied.
fn take(actor: Actor<S, E, Log>) -> Log {
    let log = actor.with_context_untracked(Clone::clone).unwrap();
    let snapshot = actor.snapshot().unwrap();
    actor
        .restore(leptos_state::MachineSnapshot {
            context: Vec::new(),
            ..snapshot
        })
        .unwrap();
    log
}

#[test]
fn raised_events_are_taken_in_order_before_the_next_external_event() {
    let _owner = owner();
    // A's entry raises Ping(1) then Ping(2) while the machine starts: both are taken before
    // `new` returns, in the order raised.
    let actor = run(Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, |s| {
            logged(S::A, s)
                .entry_with(|log: &mut Log, scope| {
                    log.push("raise Ping(1), Ping(2)".into());
                    scope.raise(E::Ping(1));
                    scope.raise(E::Ping(2));
                    Ok(())
                })
                .on_with(E::Ping(0), |t| {
                    t.action_with(|log: &mut Log, event, scope| {
                        log.push(format!("{event:?}"));
                        if let E::Ping(n) = event {
                            scope.raise(E::Pong(*n));
                        }
                        Ok(())
                    })
                })
                .on_with(E::Pong(0), |t| {
                    t.action(|log: &mut Log, event| log.push(format!("{event:?}")))
                })
                .on(E::Go, S::B)
        })
        .state(S::B, |s| logged(S::B, s)));
    // SCXML: the internal queue is first in, first out; Pong(1), raised while Ping(1) is
    // handled, comes after Ping(2), raised earlier.
    assert_eq!(
        take(actor),
        [
            "enter A",
            "raise Ping(1), Ping(2)",
            "Ping(1)",
            "Ping(2)",
            "Pong(1)",
            "Pong(2)"
        ]
    );

    // An event sent from outside during a step waits until the internal queue is empty.
    let slot: Arc<Mutex<Option<Actor<S, E, Log>>>> = Arc::new(Mutex::new(None));
    let me = slot.clone();
    let actor = run(Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, move |s| {
            s.on_with(E::Go, move |t| {
                t.to(S::B).action_with(move |log: &mut Log, _, scope| {
                    log.push("send Next, raise Ping(1)".into());
                    if let Some(actor) = *me.lock().unwrap() {
                        actor.send(E::Next);
                    }
                    scope.raise(E::Ping(1));
                    Ok(())
                })
            })
        })
        .state(S::B, |s| {
            logged(S::B, s)
                .on_with(E::Ping(0), |t| {
                    t.to(S::C)
                        .action(|log: &mut Log, _| log.push("Ping".into()))
                })
                .on_with(E::Next, |t| {
                    t.action(|log: &mut Log, _| log.push("Next in B".into()))
                })
        })
        .state(S::C, |s| {
            logged(S::C, s).on_with(E::Next, |t| {
                t.action(|log: &mut Log, _| log.push("Next in C".into()))
            })
        }));
    *slot.lock().unwrap() = Some(actor);
    actor.send(E::Go);
    assert_eq!(
        take(actor),
        [
            "send Next, raise Ping(1)",
            "enter B",
            "exit B",
            "Ping",
            "enter C",
            "Next in C"
        ]
    );
}

#[test]
fn in_state_guards_and_actions_see_the_configuration_of_the_moment() {
    let _owner = owner();
    // Two regions; R2's transition is guarded by In(X2) in R1. Region R1 is first in document
    // order, so on Next it moves first... but guards are evaluated before any transition of
    // the microstep is taken, so In(X2) is still false.
    let actor = run(Machine::builder(Vec::new()).initial(S::P).state(S::P, |s| {
        s.parallel()
            .child(S::R1, |s| {
                s.initial(S::X1)
                    .child(S::X1, |s| s.on(E::Next, S::X2))
                    .child(S::X2, |s| s)
            })
            .child(S::R2, |s| {
                s.initial(S::Y1)
                    .child(S::Y1, |s| {
                        s.on_with(E::Next, |t| {
                            t.to(S::Y2).guard_with(|_, _, states| states.is_in(S::X2))
                        })
                    })
                    .child(S::Y2, |s| {
                        s.entry_with(|log: &mut Log, scope| {
                            log.push(format!(
                                "enter Y2: In(Y2) {}, In(Y1) {}, In(X2) {}",
                                scope.is_in(S::Y2),
                                scope.is_in(S::Y1),
                                scope.is_in(S::X2)
                            ));
                            Ok(())
                        })
                    })
            })
    }));
    actor.send(E::Next);
    assert_eq!(actor.state_untracked(), [S::X2, S::Y1]);
    actor.send(E::Next);
    assert_eq!(actor.state_untracked(), [S::X2, S::Y2]);
    assert!(actor.matches_untracked(S::P));
    assert_eq!(
        take(actor),
        ["enter Y2: In(Y2) true, In(Y1) false, In(X2) true"]
    );

    // During a transition's actions the source is already exited and the target not yet
    // entered.
    let actor = run(Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, |s| {
            s.on_with(E::Go, |t| {
                t.to(S::B).action_with(|log: &mut Log, _, scope| {
                    log.push(format!(
                        "In(A) {}, In(B) {}",
                        scope.is_in(S::A),
                        scope.is_in(S::B)
                    ));
                    Ok(())
                })
            })
        })
        .state(S::B, |s| s));
    actor.send(E::Go);
    assert_eq!(take(actor), ["In(A) false, In(B) false"]);
}

#[test]
fn initial_transitions_run_their_actions_after_the_parent_and_before_the_children() {
    let _owner = owner();
    let actor = run(Machine::builder(Vec::new())
        .initial_with(|t| {
            t.to(S::A)
                .action(|log: &mut Log| log.push("machine initial".into()))
        })
        .state(S::A, |s| {
            logged(S::A, s)
                .initial_with(|t| {
                    t.to(S::A1)
                        .action(|log: &mut Log| log.push("A initial".into()))
                })
                .on(E::Go, S::B)
                .on(E::Next, S::A)
                .child(S::A1, |s| logged(S::A1, s))
        })
        .state(S::B, |s| {
            logged(S::B, s)
                // A deep target: B1 and B2 are entered, outermost first.
                .initial_with(|t| {
                    t.to(S::B2)
                        .action(|log: &mut Log| log.push("B initial".into()))
                })
                .child(S::B1, |s| {
                    logged(S::B1, s)
                        .initial(S::B2)
                        .child(S::B2, |s| logged(S::B2, s))
                })
        }));
    assert_eq!(
        take(actor),
        ["machine initial", "enter A", "A initial", "enter A1"]
    );
    // Re-entering A by a transition to A itself takes its initial transition again.
    actor.send(E::Next);
    assert_eq!(
        take(actor),
        ["exit A1", "exit A", "enter A", "A initial", "enter A1"]
    );
    actor.send(E::Go);
    assert_eq!(
        take(actor),
        [
            "exit A1",
            "exit A",
            "enter B",
            "B initial",
            "enter B1",
            "enter B2"
        ]
    );
}

#[test]
fn an_initial_transition_can_start_in_several_parallel_regions() {
    let _owner = owner();
    let actor = run(Machine::builder(Vec::new()).initial(S::A).state(S::A, |s| {
        logged(S::A, s)
            .initial_with(|t| {
                t.to(S::X2)
                    .to(S::Y2)
                    .action(|log: &mut Log| log.push("A initial".into()))
            })
            .child(S::P, |s| {
                logged(S::P, s)
                    .parallel()
                    .child(S::R1, |s| {
                        logged(S::R1, s)
                            .initial(S::X1)
                            .child(S::X1, |s| logged(S::X1, s))
                            .child(S::X2, |s| logged(S::X2, s))
                    })
                    .child(S::R2, |s| {
                        logged(S::R2, s)
                            .initial(S::Y1)
                            .child(S::Y1, |s| logged(S::Y1, s))
                            .child(S::Y2, |s| logged(S::Y2, s))
                    })
            })
    }));
    assert_eq!(actor.state_untracked(), [S::X2, S::Y2]);
    assert_eq!(
        take(actor),
        [
            "enter A",
            "A initial",
            "enter P",
            "enter R1",
            "enter X2",
            "enter R2",
            "enter Y2"
        ]
    );

    // Targets that cannot be active together, or that lie outside the state, are refused.
    let base = || Machine::<S, E, ()>::builder(());
    let err = |builder: MachineBuilder<S, E, ()>| builder.build().unwrap_err();
    assert_eq!(
        err(base().initial(S::A).state(S::A, |s| {
            s.initial_with(|t| t.to(S::A1).to(S::A2))
                .child(S::A1, |s| s)
                .child(S::A2, |s| s)
        })),
        MachineError::InitialNotTogether {
            state: "A".into(),
            initial: "A1, A2".into()
        }
    );
    assert_eq!(
        err(base()
            .initial(S::A)
            .state(S::A, |s| s.initial_with(|t| t.to(S::B)).child(S::A1, |s| s))
            .state(S::B, |s| s)),
        MachineError::InitialNotChild {
            state: "A".into(),
            initial: "B".into()
        }
    );
    assert_eq!(
        err(base()
            .initial(S::A)
            .state(S::A, |s| s.initial_with(|t| t).child(S::A1, |s| s))),
        MachineError::MissingInitial { state: "A".into() }
    );
}

#[test]
fn a_history_state_takes_its_default_transition_until_it_remembers_something() {
    let _owner = owner();
    let actor = run(Machine::builder(Vec::new())
        .initial(S::C)
        .state(S::C, |s| s.on(E::Go, S::H))
        .state(S::A, |s| {
            logged(S::A, s)
                .initial(S::A1)
                .on(E::Next, S::C)
                .child(S::H, |s| {
                    s.history(HistoryMode::Shallow).history_default(|t| {
                        t.to(S::A2)
                            .action(|log: &mut Log| log.push("H default".into()))
                    })
                })
                .child(S::A1, |s| logged(S::A1, s))
                .child(S::A2, |s| logged(S::A2, s).on(E::Go, S::A1))
        }));
    actor.send(E::Go);
    assert_eq!(take(actor), ["enter A", "H default", "enter A2"]);
    actor.send(E::Go); // A2 -> A1
    actor.send(E::Next); // leave A, remembering A1
    take(actor);
    actor.send(E::Go);
    assert_eq!(actor.state_untracked(), [S::A1]);
    assert_eq!(take(actor), ["enter A", "enter A1"], "no default actions");

    // A default transition that leaves its parent is refused.
    let refused = Machine::<S, E, ()>::builder(())
        .initial(S::A)
        .state(S::A, |s| {
            s.initial(S::A1)
                .child(S::H, |s| {
                    s.history(HistoryMode::Deep).history_default(|t| t.to(S::B))
                })
                .child(S::A1, |s| s)
        })
        .state(S::B, |s| s)
        .build()
        .unwrap_err();
    assert_eq!(
        refused,
        MachineError::InitialNotChild {
            state: "H".into(),
            initial: "B".into()
        }
    );
}

#[test]
fn done_events_are_events_queued_after_those_the_final_state_raises() {
    let _owner = owner();
    let actor = run(Machine::builder(Vec::new()).initial(S::B).state(S::B, |s| {
        s.initial(S::A)
            // The outer state hears A's done event only if A does not handle it.
            .on_done_of(S::A, |t| {
                t.action(|log: &mut Log| log.push("B hears A done".into()))
            })
            .child(S::A, |s| {
                s.initial(S::A1)
                    .on_with(E::Next, |t| {
                        t.action(|log: &mut Log, _| log.push("A takes Next".into()))
                    })
                    // Targetless, guarded, with an action.
                    .on_done_with(|t| {
                        t.guard(|log: &Log| !log.iter().any(|l| l == "skip"))
                            .action(|log: &mut Log| log.push("A done".into()))
                    })
                    .child(S::A1, |s| {
                        s.on(E::Go, S::F).on_with(E::Ping(0), |t| {
                            t.to(S::F)
                                .action(|log: &mut Log, _| log.push("skip".into()))
                        })
                    })
                    .child(S::F, |s| {
                        s.final_state().entry_with(|log: &mut Log, scope| {
                            log.push("enter F, raise Next".into());
                            scope.raise(E::Next);
                            Ok(())
                        })
                    })
            })
    }));
    actor.send(E::Go);
    // SCXML: the done event is queued after the entry actions of F, so Next comes first.
    assert_eq!(
        take(actor),
        ["enter F, raise Next", "A takes Next", "A done"]
    );
    assert_eq!(actor.state_untracked(), [S::F]);

    // With A's guard failing, the done event goes on to B.
    let actor = run(Machine::builder(Vec::new()).initial(S::B).state(S::B, |s| {
        s.initial(S::A)
            .on_done_of(S::A, |t| {
                t.to(S::C)
                    .action(|log: &mut Log| log.push("B hears A done".into()))
            })
            .child(S::A, |s| {
                s.initial(S::A1)
                    .on_done_with(|t| t.guard(|_: &Log| false))
                    .child(S::A1, |s| s.on(E::Go, S::F))
                    .child(S::F, |s| s.final_state())
            })
            .child(S::C, |s| logged(S::C, s))
    }));
    actor.send(E::Go);
    assert_eq!(take(actor), ["B hears A done", "enter C"]);

    // Only a state with children can be done.
    let refused = Machine::<S, E, ()>::builder(())
        .initial(S::A)
        .state(S::A, |s| s.on_done_of(S::C, |t| t.to(S::B)))
        .state(S::B, |s| s)
        .state(S::C, |s| s)
        .build()
        .unwrap_err();
    assert_eq!(
        refused,
        MachineError::NeverDone {
            from: "A".into(),
            state: "C".into()
        }
    );
}

#[test]
fn event_families_match_groups_of_events_without_a_made_up_payload() {
    let _owner = owner();
    let edits = Family::new("edit", |e: &E| matches!(e, E::Edit(..) | E::Rename(_)));
    let log_event = |log: &mut Log, event: &E| log.push(format!("{event:?}"));
    let actor = run(Machine::builder(Vec::new()).initial(S::A).state(S::A, |s| {
        s.initial(S::A1)
            .on_family(&edits, |t| {
                t.action(move |log: &mut Log, e| log_event(log, e))
            })
            .on_any(|t| t.action(|log: &mut Log, e| log.push(format!("any {e:?}"))))
            .child(S::A1, |s| {
                // A deeper state's own transition comes first.
                s.on_with(E::Rename(String::new()), |t| {
                    t.action(|log: &mut Log, e| log.push(format!("A1 {e:?}")))
                })
                .on(E::Go, S::A2)
            })
            .child(S::A2, |s| s)
    }));
    let other = Family::new("edit", |e: &E| matches!(e, E::Edit(..)));
    assert!(actor.can_family(&edits));
    assert!(actor.can_family(&other), "A takes any event");
    let only_edits = run(Machine::builder(Vec::new())
        .initial(S::B)
        .state(S::B, |s| s.on_family(&edits, |t| t.to(S::C)))
        .state(S::C, |s| s));
    assert!(only_edits.can_family(&edits));
    assert!(
        !only_edits.can_family(&other),
        "another family, even with the same name and members, is not this one"
    );
    only_edits.send(E::Rename("x".into()));
    assert!(!only_edits.can_family(&edits), "C takes no edits");
    actor.send(E::Edit(1, "milk".into()));
    actor.send(E::Rename("Plans".into()));
    actor.send(E::Next);
    assert_eq!(
        take(actor),
        ["Edit(1, \"milk\")", "A1 Rename(\"Plans\")", "any Next"]
    );
    let diagram = actor.machine().unwrap().to_mermaid();
    assert!(
        diagram.contains("A --> A: edit / action (no change)"),
        "{diagram}"
    );
    assert!(
        diagram.contains("A --> A: * / action (no change)"),
        "{diagram}"
    );
}

#[test]
fn a_failed_action_raises_its_error_as_an_event_and_the_others_still_run() {
    let _owner = owner();
    let failures = Family::new("failed", |e: &E| matches!(e, E::Failed(_)));
    let actor = run(Machine::builder(Vec::new())
        .initial(S::A)
        .state(S::A, |s| {
            s.on_with(E::Go, |t| {
                t.to(S::B)
                    .action_with(|log: &mut Log, _, scope| {
                        log.push("first: raise Ping(1)".into());
                        scope.raise(E::Ping(1));
                        Err(E::Failed("first".into()))
                    })
                    .action(|log: &mut Log, _| log.push("second runs".into()))
            })
        })
        .state(S::B, |s| {
            logged(S::B, s)
                .on_with(E::Ping(0), |t| {
                    t.action(|log: &mut Log, e| log.push(format!("{e:?}")))
                })
                .on_family(&failures, |t| {
                    t.to(S::C)
                        .action(|log: &mut Log, e| log.push(format!("handled {e:?}")))
                })
        })
        .state(S::C, |s| logged(S::C, s)));
    actor.send(E::Go);
    assert_eq!(
        take(actor),
        [
            "first: raise Ping(1)",
            "second runs",
            "enter B",
            "Ping(1)",
            "exit B",
            "handled Failed(\"first\")",
            "enter C"
        ]
    );
    assert_eq!(actor.state_untracked(), [S::C]);
}

#[test]
fn raised_events_that_never_stop_are_a_livelock_not_a_hang() {
    let _owner = owner();
    let errors = Arc::new(Mutex::new(Vec::new()));
    let seen = errors.clone();
    let actor = Actor::new(
        Machine::<S, E, ()>::builder(())
            .initial(S::A)
            .state(S::A, |s| {
                s.on(E::Go, S::B).on_with(E::Ping(0), |t| {
                    t.action_with(|_, _, scope| {
                        scope.raise(E::Ping(0));
                        Ok(())
                    })
                })
            })
            .state(S::B, |s| s)
            .build()
            .unwrap(),
    );
    let _watch = actor.observe(move |inspection| {
        if let Inspection::Error(error) = inspection {
            seen.lock().unwrap().push(MachineError::clone(error));
        }
    });
    actor.send(E::Ping(0));
    assert!(matches!(
        errors.lock().unwrap()[..],
        [MachineError::Livelock { .. }]
    ));
    actor.send(E::Go);
    assert_eq!(
        actor.state_untracked(),
        [S::B],
        "the machine still takes events"
    );
}

#[test]
fn a_transition_report_is_one_macrostep_and_counts_its_microsteps() {
    let _owner = owner();
    let reports = Arc::new(Mutex::new(Vec::new()));
    let seen = reports.clone();
    let clock = ManualClock::new();
    let actor = Actor::with_clock(
        Machine::<S, E, ()>::builder(())
            .initial(S::A)
            .state(S::A, |s| s.on(E::Go, S::B))
            .state(S::B, |s| {
                s.entry_with(|_, scope| {
                    scope.raise(E::Next);
                    Ok(())
                })
                .on(E::Next, S::C)
            })
            .state(S::C, |s| s.always(|t| t.to(S::A1)))
            .state(S::A1, |s| s.after(u64::from(u32::MAX) + 1, S::A))
            .build()
            .unwrap(),
        Arc::new(clock.clone()),
    );
    let _watch = actor.observe(move |inspection| {
        if let Inspection::Transition {
            from,
            to,
            microsteps,
            ..
        } = inspection
        {
            seen.lock()
                .unwrap()
                .push((from.to_vec(), to.to_vec(), *microsteps));
        }
    });
    actor.send(E::Go);
    assert_eq!(
        reports.lock().unwrap()[..],
        [(vec![S::A], vec![S::A1], 3)],
        "Go, then the raised Next, then the eventless step: one report"
    );
    // `after` takes the same `u64` milliseconds as `advance`.
    clock.advance(u64::from(u32::MAX));
    assert_eq!(actor.state_untracked(), [S::A1]);
    clock.advance(1);
    assert_eq!(actor.state_untracked(), [S::A]);
}
