//! Optimistic changes: applied at once, confirmed or rolled back, alone or several at once,
//! and how they meet plain writes and undo history.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos_state::{
    ArcStore, History, HistoryOptions, OptimisticStatus, Slice, State, Store, StoreError, Validate,
};
use std::sync::{Arc, Mutex};

#[derive(State, Clone, PartialEq, Debug)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Todos {
    #[state(key = |t| t.id)]
    items: Vec<Todo>,
    title: String,
    saved: u32,
}

fn todo(id: u32, text: &str) -> Todo {
    Todo {
        id,
        text: text.into(),
        done: false,
    }
}

fn texts(store: &impl WithUntracked<Value = Todos>) -> Vec<String> {
    store.with_untracked(|t| t.items.iter().map(|t| t.text.clone()).collect())
}

fn add(text: &'static str, id: u32) -> impl Fn(&mut Todos) + Send + Sync + 'static {
    move |t| t.items.push(todo(id, text))
}

#[test]
fn when_the_first_of_two_fails_only_the_second_stays() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let first = store.begin_optimistic("add a", add("a", 1)).unwrap();
    let second = store.begin_optimistic("add b", add("b", 2)).unwrap();
    assert_eq!(texts(&store), ["a", "b"]);
    assert_eq!(store.pending_changes().len(), 2);

    first.fail("server said no").unwrap();
    assert_eq!(texts(&store), ["b"]);
    assert_eq!(
        first.status(),
        OptimisticStatus::Failed("server said no".into())
    );
    assert_eq!(second.status(), OptimisticStatus::Pending);

    second.confirm().unwrap();
    assert_eq!(texts(&store), ["b"]);
    assert_eq!(second.status(), OptimisticStatus::Confirmed);
    assert!(store.pending_changes().is_empty());
}

#[test]
fn a_failure_replays_the_later_pending_changes_in_order() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let a = store.begin_optimistic("a", |t| t.saved += 1).unwrap();
    let _b = store.begin_optimistic("b", |t| t.saved *= 10).unwrap();
    let _c = store.begin_optimistic("c", |t| t.saved += 2).unwrap();
    assert_eq!(store.saved().get_untracked(), 12);
    a.fail("no").unwrap();
    // (0 * 10) + 2, not 12 - 1: the others ran again on the confirmed state.
    assert_eq!(store.saved().get_untracked(), 2);
}

#[test]
fn a_plain_write_made_while_changes_are_pending_is_kept() {
    let _owner = owner();
    let store = ArcStore::new(Todos {
        items: vec![todo(1, "existing")],
        ..Todos::default()
    });
    let pending = store.begin_optimistic("add", add("new", 2)).unwrap();
    store.items().by_key(1).done().set(true);
    store
        .update("retitle", |t| t.title = "mine".into())
        .unwrap();

    pending.fail("offline").unwrap();
    assert_eq!(texts(&store), ["existing"]);
    assert!(store.items().by_key(1).done().get_untracked());
    assert_eq!(store.title().get_untracked(), "mine");
}

#[test]
fn a_settled_change_stays_when_an_earlier_one_fails() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let first = store.begin_optimistic("a", add("a", 1)).unwrap();
    let second = store.begin_optimistic("b", add("b", 2)).unwrap();
    second
        .confirm_with(|t| {
            // The server assigned its own id.
            if let Some(item) = t.items.iter_mut().find(|t| t.id == 2) {
                item.id = 200;
            }
        })
        .unwrap();
    assert_eq!(store.with_untracked(|t| t.items[1].id), 200);
    first.fail("no").unwrap();
    assert_eq!(store.with_untracked(|t| t.items.clone()), [todo(200, "b")]);
}

#[test]
fn settling_twice_changes_nothing() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let change = store.begin_optimistic("a", add("a", 1)).unwrap();
    change.confirm().unwrap();
    change.fail("late").unwrap();
    assert_eq!(texts(&store), ["a"]);
    assert_eq!(change.status(), OptimisticStatus::Confirmed);
}

// Regression: a refused rollback must leave the change pending and applied, not report it
// failed while its effect stays.
#[test]
fn a_refused_rollback_keeps_the_change_pending() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let change = store.begin_optimistic("a", add("a", 1)).unwrap();
    let frozen = Arc::new(Mutex::new(true));
    let gate = frozen.clone();
    store.attach(Validate::new(move |t: &Todos| {
        if *gate.lock().unwrap() && t.items.is_empty() {
            Err("the list may not be emptied now")
        } else {
            Ok(())
        }
    }));
    let error = change.fail("no").unwrap_err();
    assert!(matches!(error, StoreError::Refused { .. }), "{error:?}");
    assert_eq!(texts(&store), ["a"]);
    assert_eq!(change.status(), OptimisticStatus::Pending);
    assert_eq!(store.pending_changes().len(), 1);

    *frozen.lock().unwrap() = false;
    change.fail("no").unwrap();
    assert!(texts(&store).is_empty());
    assert_eq!(change.status(), OptimisticStatus::Failed("no".into()));
}

// Regression: confirming used to leave a stale key index from a replayed copy in the
// store's tree, so a confirmed item could not be found by key.
#[test]
fn an_item_toggled_while_pending_is_found_by_key_after_confirmation() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    History::attach(store, HistoryOptions::new());
    let change = store.begin_optimistic("add", add("a", 7)).unwrap();
    store.items().by_key(7).done().set(true);
    change.confirm().unwrap();
    store.items().by_key(7).done().checked_set(false).unwrap();
    assert!(!store.items().by_key(7).done().get_untracked());
}

// Regression: a write that changed an item's key while a change was pending was dropped
// from the ledger, and lost when the change failed.
#[test]
fn a_key_change_made_while_a_change_is_pending_is_kept() {
    let _owner = owner();
    let store = ArcStore::new(Todos {
        items: vec![todo(1, "one")],
        ..Todos::default()
    });
    let pending = store.begin_optimistic("add", add("two", 2)).unwrap();
    store.items().by_key(1).id().set(10);
    pending.fail("no").unwrap();
    assert_eq!(store.with_untracked(|t| t.items.clone()), [todo(10, "one")]);
}

#[test]
fn a_refused_optimistic_change_is_not_applied_nor_pending() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    store.attach(Validate::new(|t: &Todos| {
        if t.items.len() <= 1 {
            Ok(())
        } else {
            Err("one item at most")
        }
    }));
    store.begin_optimistic("a", add("a", 1)).unwrap();
    let error = store.begin_optimistic("b", add("b", 2)).unwrap_err();
    assert!(matches!(error, StoreError::Refused { .. }), "{error:?}");
    assert_eq!(texts(&store), ["a"]);
    assert_eq!(store.pending_changes().len(), 1);
}

#[test]
fn statuses_and_the_pending_list_are_reactive() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let lengths = Arc::new(Mutex::new(Vec::new()));
    let log = lengths.clone();
    let watched = store.clone();
    count_runs(move || log.lock().unwrap().push(watched.pending_changes().len()));

    let change = store.begin_optimistic("a", add("a", 1)).unwrap();
    let status = change.clone();
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let seen = statuses.clone();
    count_runs(move || seen.lock().unwrap().push(status.status()));
    flush();
    change.fail("boom").unwrap();
    flush();
    assert_eq!(*lengths.lock().unwrap(), [0, 1, 0]);
    assert_eq!(
        *statuses.lock().unwrap(),
        [
            OptimisticStatus::Pending,
            OptimisticStatus::Failed("boom".into())
        ]
    );
}

#[test]
fn requests_settle_their_changes_in_whatever_order_they_finish() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let (fail_first, first_request) = oneshot::channel::<Result<(), String>>();
    let (answer_second, second_request) = oneshot::channel::<Result<u32, String>>();
    let first = store
        .optimistic("add a", add("a", 1), async move {
            first_request
                .await
                .unwrap_or_else(|_| Err("dropped".into()))
        })
        .unwrap();
    let second = store
        .optimistic("add b", add("b", 2), async move {
            second_request
                .await
                .unwrap_or_else(|_| Err("dropped".into()))
        })
        .unwrap();
    flush();
    assert_eq!(store.pending_changes().len(), 2);

    answer_second.send(Ok(2)).unwrap();
    flush();
    assert_eq!(second.status(), OptimisticStatus::Confirmed);
    fail_first.send(Err("conflict".into())).unwrap();
    flush();
    assert_eq!(first.status(), OptimisticStatus::Failed("conflict".into()));
    assert_eq!(store.with_untracked(|t| t.items.clone()), [todo(2, "b")]);
}

#[test]
fn settle_with_corrects_the_change_with_the_answer() {
    let _owner = owner();
    let store = ArcStore::new(Todos::default());
    let change = store.begin_optimistic("add", add("draft", 0)).unwrap();
    let answer = futures::executor::block_on(change.settle_with(
        async { Ok::<u32, String>(41) },
        |t: &mut Todos, id: &u32| {
            if let Some(item) = t.items.iter_mut().find(|t| t.id == 0) {
                item.id = *id;
            }
        },
    ));
    assert_eq!(answer, Ok(41));
    assert_eq!(store.with_untracked(|t| t.items[0].id), 41);
}

#[test]
fn an_undo_made_while_a_change_is_pending_is_kept_when_it_fails() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    store.title().set("first".into());
    let pending = store.begin_optimistic("add", add("a", 1)).unwrap();
    assert_eq!(history.past_len(), 1, "a pending change is not a step");

    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "");
    assert_eq!(texts(&store), ["a"], "the pending change stays");
    pending.fail("no").unwrap();
    assert_eq!(store.title().get_untracked(), "", "the undo is kept");
    assert!(store.with_untracked(|t| t.items.is_empty()));
    assert_eq!((history.past_len(), history.future_len()), (0, 1));
}

#[test]
fn a_confirmed_change_becomes_the_newest_undo_step() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    let first = store.begin_optimistic("add a", add("a", 1)).unwrap();
    let second = store.begin_optimistic("add b", add("b", 2)).unwrap();
    store.title().set("typed".into());
    assert_eq!(history.past_len(), 1);

    second.confirm().unwrap();
    assert_eq!(history.past_len(), 2);
    // Undoing it gives the state as if it had failed: `a` (still pending) stays.
    history.undo().unwrap();
    assert_eq!(texts(&store), ["a"]);
    assert_eq!(store.title().get_untracked(), "typed");
    history.redo().unwrap();
    assert_eq!(texts(&store), ["a", "b"]);
    first.confirm().unwrap();
    assert_eq!(texts(&store), ["a", "b"]);
    assert!(store.pending_changes().is_empty());
}

// Regression: undoing a change confirmed while another was pending brought back the other
// one after it had failed (found by the devtools' end-to-end test of TodoMVC).
#[test]
fn undoing_a_confirmed_change_leaves_out_a_change_that_failed_since() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    let kept = store.begin_optimistic("add kept", add("kept", 1)).unwrap();
    let refused = store
        .begin_optimistic("add refused", add("refused", 2))
        .unwrap();
    kept.confirm().unwrap();
    refused.fail("refused by the server").unwrap();
    assert_eq!(texts(&store), ["kept"]);
    assert_eq!(history.past_steps(), ["add kept"]);
    history.undo().unwrap();
    assert!(texts(&store).is_empty(), "{:?}", texts(&store));
    history.redo().unwrap();
    assert_eq!(texts(&store), ["kept"]);
}

// Regression: a removal made while an add was pending kept the whole list, pending item
// included, so the add's failure left its item on screen.
#[test]
fn collection_operations_made_while_a_change_is_pending_replay_as_operations() {
    let _owner = owner();
    let store = ArcStore::new(Todos {
        items: vec![todo(1, "one"), todo(2, "two"), todo(3, "three")],
        ..Todos::default()
    });
    let pending = store.begin_optimistic("add", add("four", 4)).unwrap();
    store.items().remove(&1).unwrap();
    store.items().by_key(2).done().set(true);
    store.items().retain(|t| !t.done).unwrap();
    store.items().push(todo(5, "five")).unwrap();
    assert_eq!(texts(&store), ["three", "four", "five"]);

    pending.fail("no").unwrap();
    assert_eq!(texts(&store), ["three", "five"]);
}

#[test]
fn a_leptos_action_drives_a_change_with_settle() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    // Natively, Leptos runs an action's future on its executor's thread pool: the server's
    // answer waits for the test, or the change could settle before it is looked at.
    let (answer, answered) = oneshot::channel::<()>();
    let answered = Arc::new(Mutex::new(Some(answered)));
    let save = Action::new(move |text: &String| {
        let text = text.clone();
        let change = store.begin_optimistic("add", add("saved", 1));
        let answered = answered.lock().unwrap().take();
        async move {
            change
                .unwrap()
                .settle(async move {
                    if let Some(answered) = answered {
                        let _ = answered.await;
                    }
                    if text == "refuse" {
                        Err("refused".to_string())
                    } else {
                        Ok(())
                    }
                })
                .await
        }
    });
    save.dispatch("refuse".to_string());
    assert_eq!(
        texts(&store),
        ["saved"],
        "applied before the request settles"
    );
    answer.send(()).unwrap();
    for _ in 0..500 {
        if save.value().get_untracked().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(texts(&store).is_empty());
    assert_eq!(
        save.value().get_untracked(),
        Some(Err("refused".to_string()))
    );
}
