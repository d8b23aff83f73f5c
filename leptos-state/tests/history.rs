//! Undo and redo: steps, merging, unrecorded fields, limits, and undo as a change.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{
    Change, History, HistoryOptions, ManualClock, Middleware, OptionSlice, Origin, Refusal, Slice,
    State, Store, StoreError, VecSlice,
};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

#[derive(State, Clone, PartialEq, Debug)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Board {
    title: String,
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
    #[state(history = false)]
    draft: String,
    tags: Vec<String>,
}

fn todo(id: u32, text: &str) -> Todo {
    Todo {
        id,
        text: text.into(),
        done: false,
    }
}

fn board() -> Board {
    Board {
        title: "chores".into(),
        todos: vec![todo(1, "sweep"), todo(2, "dust")],
        ..Board::default()
    }
}

/// A history that merges writes to one slice within 500 ms of a clock the test moves.
fn merging_history<S: State>(store: Store<S>) -> (History<S>, ManualClock) {
    let clock = ManualClock::new();
    let options = HistoryOptions::new()
        .merge_within(Duration::from_millis(500))
        .clock(Arc::new(clock.clone()));
    (History::attach(store, options), clock)
}

fn snapshot(store: Store<Board>) -> Board {
    store.get_untracked()
}

#[test]
fn undo_puts_back_one_slice_and_redo_applies_it_again() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    let original = snapshot(store);

    store.todos().by_key(2).done().set(true);
    store.title().set("weekend".into());
    let after = snapshot(store);
    assert_eq!(history.past_len(), 2);

    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "chores");
    assert!(store.todos().by_key(2).done().get_untracked());
    history.undo().unwrap();
    assert_eq!(snapshot(store), original);
    assert_eq!((history.past_len(), history.future_len()), (0, 2));

    history.redo().unwrap();
    history.redo().unwrap();
    assert_eq!(snapshot(store), after);
    // Nothing left to redo: a no-op, not an error.
    history.redo().unwrap();
    assert_eq!(snapshot(store), after);
}

#[test]
fn one_step_per_named_action_and_per_transaction() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());

    store
        .update("rename and add", |b| {
            b.title = "house".into();
            b.todos.push(todo(3, "mop"));
        })
        .unwrap();
    store
        .transaction("two writes", |tx| {
            tx.update(|b| b.tags.push("home".into()));
            tx.update(|b| b.todos[0].done = true);
        })
        .unwrap();
    assert_eq!(history.past_len(), 2);

    history.undo().unwrap();
    assert!(store.with_untracked(|b| b.tags.is_empty() && !b.todos[0].done));
    assert_eq!(store.todos().len(), 3);
    history.undo().unwrap();
    assert_eq!(snapshot(store), board());
}

#[test]
fn writes_to_one_slice_within_the_window_merge_into_one_step() {
    let _owner = owner();
    let store = Store::new(board());
    let (history, clock) = merging_history(store);

    let text = store.todos().by_key(1).text();
    for typed in ["s", "sw", "swe"] {
        text.set(typed.into());
        clock.advance(200);
    }
    assert_eq!(history.past_len(), 1, "typing merged into one step");

    // A pause longer than the window starts a new step.
    clock.advance(600);
    text.set("swept".into());
    assert_eq!(history.past_len(), 2);
    // A write to another slice starts a new step, even within the window.
    store.todos().by_key(2).text().set("dusted".into());
    store.todos().by_key(1).text().set("swept!".into());
    assert_eq!(history.past_len(), 4);

    history.jump(-4).unwrap();
    assert_eq!(snapshot(store), board());
}

#[test]
fn merging_is_off_by_default() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    for typed in ["a", "ab"] {
        store.title().set(typed.into());
    }
    assert_eq!(history.past_len(), 2);
}

#[test]
fn history_false_fields_are_never_recorded_nor_rewritten() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());

    store.draft().set("half a thought".into());
    assert!(!history.can_undo(), "a write to `draft` is not a step");
    store
        .update("draft only", |b| b.draft = "another".into())
        .unwrap();
    assert!(
        !history.can_undo(),
        "a whole write that changed only `draft` is no step"
    );

    store
        .update("both", |b| {
            b.title = "new".into();
            b.draft = "typed with it".into();
        })
        .unwrap();
    store.draft().set("typed after".into());
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "chores");
    assert_eq!(store.draft().get_untracked(), "typed after");
    history.redo().unwrap();
    assert_eq!(store.title().get_untracked(), "new");
    assert_eq!(store.draft().get_untracked(), "typed after");
}

#[test]
fn the_oldest_step_goes_at_the_limit() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new().limit(3));
    for n in 0..10 {
        store.title().set(format!("title {n}"));
    }
    assert_eq!(history.past_len(), 3);
    assert_eq!(history.limit(), 3);
    history.jump(-3).unwrap();
    assert_eq!(store.title().get_untracked(), "title 6");
    assert!(!history.can_undo());
}

#[test]
fn a_new_change_after_an_undo_clears_the_redo_steps() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    store.title().set("a".into());
    store.title().set("b".into());
    history.undo().unwrap();
    assert!(history.can_redo());
    store.tags().push("x".into()).unwrap();
    assert!(!history.can_redo());
    assert_eq!(history.past_len(), 2);
}

#[test]
fn can_undo_and_can_redo_are_reactive() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let runs = count_runs(move || {
        log.lock()
            .unwrap()
            .push((history.can_undo(), history.can_redo()));
    });

    store.title().set("a".into());
    flush();
    history.undo().unwrap();
    flush();
    history.redo().unwrap();
    flush();
    history.clear();
    flush();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (false, false),
            (true, false),
            (false, true),
            (true, false),
            (false, false)
        ]
    );
    assert_eq!(runs.get(), 5);
}

/// Records the origin and action of every change it sees, and refuses while `refuse` holds.
#[derive(Clone, Default)]
struct Watch {
    seen: Arc<Mutex<Vec<(Origin, String)>>>,
    refuse: Arc<Mutex<bool>>,
}

impl<S> Middleware<S> for Watch {
    fn name(&self) -> &str {
        "watch"
    }

    fn before(&self, _: &Change<'_>, _: &S) -> Result<(), Refusal> {
        if *self.refuse.lock().unwrap() {
            return Err(Refusal::new("frozen"));
        }
        Ok(())
    }

    fn after(&self, change: &Change<'_>, _: &S) {
        self.seen
            .lock()
            .unwrap()
            .push((change.origin(), change.action().to_owned()));
    }
}

#[test]
fn undo_and_redo_are_changes_tagged_with_their_origin() {
    let _owner = owner();
    let store = Store::new(board());
    let watch = Watch::default();
    store.attach(watch.clone());
    let history = History::attach(store, HistoryOptions::new());

    store.todos().by_key(1).done().set(true);
    store.set("replace", board()).unwrap();
    history.undo().unwrap();
    history.undo().unwrap();
    history.redo().unwrap();
    assert_eq!(
        *watch.seen.lock().unwrap(),
        [
            (Origin::User, "todos[id=1].done".to_owned()),
            (Origin::User, "replace".to_owned()),
            (Origin::Undo, "undo replace".to_owned()),
            (Origin::Undo, "todos[id=1].done.undo".to_owned()),
            (Origin::Redo, "todos[id=1].done.redo".to_owned()),
        ]
    );
}

#[test]
fn a_refused_undo_keeps_its_step_and_the_state() {
    let _owner = owner();
    let store = Store::new(board());
    let watch = Watch::default();
    store.attach(watch.clone());
    let history = History::attach(store, HistoryOptions::new());
    store.title().set("kept".into());

    *watch.refuse.lock().unwrap() = true;
    let error = history.undo().unwrap_err();
    assert!(matches!(error, StoreError::Refused { .. }), "{error:?}");
    assert_eq!(store.title().get_untracked(), "kept");
    assert_eq!((history.past_len(), history.future_len()), (1, 0));

    *watch.refuse.lock().unwrap() = false;
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "chores");
}

#[test]
fn paused_changes_are_not_steps() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    history.pause();
    assert!(history.is_paused());
    store.title().set("loaded".into());
    history.resume();
    store.tags().push("new".into()).unwrap();
    assert_eq!(history.past_len(), 1);
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "loaded");
    assert!(store.tags().is_empty());
}

// A change made while paused is not the history's: a step whose row it removed has nothing
// left to put back, and goes; undo never brings the row back half-made.
#[test]
fn a_step_whose_row_was_removed_while_paused_goes_with_it() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    store.title().set("kept".into());
    store.todos().by_key(2).done().set(true);
    history.pause();
    store.todos().remove(&2).unwrap();
    history.resume();

    assert_eq!(history.past_steps(), ["title"]);
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "chores");
    assert_eq!(store.todos().keys(), [1]);
    assert!(!history.can_undo());
}

#[test]
fn extend_and_swap_undo_and_redo_by_key() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    store
        .todos()
        .extend([todo(3, "mop"), todo(4, "wipe")])
        .unwrap();
    store.todos().swap(&1, &4).unwrap();
    assert_eq!(store.todos().keys(), [4, 2, 3, 1]);
    // A write the history did not make, in between.
    history.pause();
    store.todos().by_key(3).done().set(true);
    history.resume();

    history.undo().unwrap();
    assert_eq!(store.todos().keys(), [1, 2, 3, 4]);
    // Undoing the extend takes out row 4; row 3 was changed since by a write the history
    // did not make, which wins: it stays, with that change.
    history.undo().unwrap();
    assert_eq!(store.todos().keys(), [1, 2, 3]);
    assert!(store.todos().by_key(3).done().get_untracked());
    history.redo().unwrap();
    assert_eq!(store.todos().keys(), [1, 2, 3, 4]);
    history.redo().unwrap();
    assert_eq!(store.todos().keys(), [4, 2, 3, 1]);
}

#[test]
fn jump_moves_several_steps_or_refuses_out_of_range() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    for n in 1..=3 {
        store.title().set(n.to_string());
    }
    let error = history.jump(-4).unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::OutOfHistory {
                steps: -4,
                past: 3,
                future: 0,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(store.title().get_untracked(), "3");
    history.jump(-2).unwrap();
    assert_eq!(store.title().get_untracked(), "1");
    history.jump(1).unwrap();
    assert_eq!(store.title().get_untracked(), "2");
    history.jump(0).unwrap();
    assert_eq!((history.past_len(), history.future_len()), (2, 1));
}

#[test]
fn a_second_history_on_one_store_is_a_clear_panic() {
    let _owner = owner();
    let store = Store::new(board());
    History::attach(store, HistoryOptions::new());
    let panic =
        std::panic::catch_unwind(|| History::attach(store, HistoryOptions::new())).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("already has a history"), "{message}");
    assert!(store.history().is_some());
}

#[test]
fn use_history_finds_the_history_of_the_store_in_context() {
    let app = owner();
    let store = Store::new(board());
    History::attach(store, HistoryOptions::new());
    leptos_state::provide_store(store);
    let history = app.child().with(leptos_state::use_history::<Board>);
    store.title().set("x".into());
    assert!(history.can_undo());

    let bare = Owner::new();
    bare.set();
    leptos_state::provide_store(Store::new(0_u8));
    assert!(leptos_state::try_use_history::<u8>().is_none());
}

#[test]
fn a_root_slice_write_is_a_whole_store_step() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    let mut next = board();
    next.title = "patched".into();
    next.draft = "patched draft".into();
    store.patch(next).unwrap();
    store.draft().set("later".into());
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "chores");
    assert_eq!(store.draft().get_untracked(), "later");
}

// Regression: undoing a write that changed an item's key looked the item up by its old key
// and failed with `Missing`.
#[test]
fn a_write_that_changed_a_key_is_undone_and_redone() {
    let _owner = owner();
    let store = Store::new(board());
    let history = History::attach(store, HistoryOptions::new());
    store.todos().by_key(1).id().set(10);
    assert_eq!(store.todos().keys(), [10, 2]);
    history.undo().unwrap();
    assert_eq!(store.todos().keys(), [1, 2]);
    history.redo().unwrap();
    assert_eq!(store.todos().keys(), [10, 2]);
}

// Regression: an `Option`'s inner slice has its parent's path, so a write to the option
// merged into the inner slice's step, whose undo then found `None`.
#[test]
fn writes_to_an_option_and_to_its_inside_do_not_merge() {
    #[derive(State, Clone, PartialEq, Debug, Default)]
    struct Form {
        nickname: Option<String>,
    }
    let _owner = owner();
    let store = Store::new(Form {
        nickname: Some("ada".into()),
    });
    let (history, _clock) = merging_history(store);
    store.nickname().some().set("countess".into());
    store.nickname().set(None);
    assert_eq!(history.past_len(), 2);
    history.jump(-2).unwrap();
    assert_eq!(store.nickname().get_untracked().as_deref(), Some("ada"));
}

#[test]
fn pausing_closes_the_merge_window() {
    let _owner = owner();
    let store = Store::new(board());
    let (history, _clock) = merging_history(store);
    store.title().set("a".into());
    history.pause();
    store.title().set("paused".into());
    history.resume();
    store.title().set("b".into());
    // The paused write overwrote what the first step would put back: that step is gone.
    assert_eq!(history.past_len(), 1);
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "paused");
    history.undo().unwrap();
    assert_eq!(store.title().get_untracked(), "paused");
}
