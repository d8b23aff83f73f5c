//! Never lose a change: undo, redo, optimistic replay and tab sync keep every change they
//! did not make. One test per scenario of the issue that set these rules.
#![cfg(not(target_arch = "wasm32"))]

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{History, HistoryOptions, ManualClock, Memory, PersistOptions, State, Store};
use serde::{Deserialize, Serialize};

#[derive(State, Clone, PartialEq, Debug, Serialize, Deserialize)]
struct Todo {
    id: u32,
    text: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Todos {
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
    title: String,
}

fn todo(id: u32, text: &str) -> Todo {
    Todo {
        id,
        text: text.into(),
        done: false,
    }
}

fn texts(store: Store<Todos>) -> Vec<String> {
    store.with_untracked(|t| t.todos.iter().map(|t| t.text.clone()).collect())
}

/// Adds a todo as TodoMVC does: one whole-store change.
fn add(store: Store<Todos>, id: u32, text: &str) {
    store
        .update("add todo", |t| t.todos.push(todo(id, text)))
        .unwrap();
}

fn add_fn(id: u32, text: &'static str) -> impl Fn(&mut Todos) + Send + Sync + 'static {
    move |t: &mut Todos| t.todos.push(todo(id, text))
}

/// Two tabs on one storage, each with its own store; tab sync on.
fn two_tabs() -> (Store<Todos>, Store<Todos>) {
    let disk = Memory::new("todos");
    let one = Store::new(Todos::default());
    one.persist(disk.clone(), PersistOptions::new().sync_tabs(true))
        .unwrap();
    let two = Store::new(Todos::default());
    two.persist(disk.another_tab(), PersistOptions::new().sync_tabs(true))
        .unwrap();
    (one, two)
}

// Scenario 1: one undo in a tab wiped what another tab did since (an add and a tick) and
// saved the loss.
#[test]
fn an_undo_takes_back_this_tabs_change_and_nothing_another_tab_did() {
    let _owner = owner();
    let (one, two) = two_tabs();
    let history = History::attach(one, HistoryOptions::new());
    add(one, 1, "one");
    add(one, 2, "two");
    add(two, 3, "three");
    two.todos().by_key(1).done().set(true);
    assert_eq!(texts(one), ["one", "two", "three"]);

    history.undo().unwrap();
    assert_eq!(texts(one), ["one", "three"]);
    assert!(
        one.todos().by_key(1).done().get_untracked(),
        "the tick stays"
    );
    assert_eq!(two.get_untracked(), one.get_untracked(), "both tabs agree");
    // Undoing the add of `one` would remove a todo the other tab ticked since: that step
    // is gone, and undo has nothing more to take back.
    assert!(!history.can_undo());
    history.redo().unwrap();
    assert_eq!(texts(two), ["one", "two", "three"]);
}

// Scenario 2: undoing while a change was pending undid a change the server had accepted and
// lost the pending one too, for good.
#[test]
fn an_undo_while_a_change_is_pending_leaves_that_change_to_its_fate() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    store
        .begin_optimistic("add todo", add_fn(1, "X"))
        .unwrap()
        .confirm()
        .unwrap();
    let y = store.begin_optimistic("add todo", add_fn(2, "Y")).unwrap();

    history.undo().unwrap();
    assert_eq!(texts(store), ["Y"], "the undo takes back X alone");
    y.confirm().unwrap();
    assert_eq!(texts(store), ["Y"]);
    history.redo().unwrap();
    assert_eq!(texts(store), ["X", "Y"]);
    history.undo().unwrap();
    assert_eq!(texts(store), ["Y"]);
    history.undo().unwrap();
    assert!(
        texts(store).is_empty(),
        "Y, confirmed, is a step of its own"
    );
}

// Scenario 3: redo brought back a change the server refused, and saved it.
#[test]
fn redo_never_brings_back_a_refused_change() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    store
        .begin_optimistic("add todo", add_fn(1, "A1"))
        .unwrap()
        .confirm()
        .unwrap();
    let refused = store
        .begin_optimistic("add todo", add_fn(2, "refused"))
        .unwrap();
    history.undo().unwrap();
    assert_eq!(texts(store), ["refused"]);
    refused.fail("the server said no").unwrap();
    assert!(texts(store).is_empty());
    history.redo().unwrap();
    assert_eq!(texts(store), ["A1"]);
}

// Scenario 4: a change made while recording was paused went with the next undo.
#[test]
fn a_change_made_while_paused_survives_undo() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    add(store, 1, "recorded");
    history.pause();
    add(store, 2, "unrecorded");
    store.title().set("renamed".into());
    history.resume();
    history.undo().unwrap();
    assert_eq!(texts(store), ["unrecorded"]);
    assert_eq!(store.title().get_untracked(), "renamed");
}

// Scenario 5: a slice write to a row that arrived while a change was pending was dropped
// when the change failed.
#[test]
fn a_write_to_a_row_that_arrived_while_pending_survives_the_rollback() {
    let _owner = owner();
    for optimistic_arrival in [false, true] {
        let store = Store::new(Todos {
            todos: vec![todo(1, "one"), todo(2, "two")],
            ..Todos::default()
        });
        let first = store.begin_optimistic("rename", |t: &mut Todos| {
            t.title = "pending".into();
        });
        let first = first.unwrap();
        store.todos().by_key(2).done().set(true);
        if optimistic_arrival {
            store
                .begin_optimistic("add todo", add_fn(101, "arrived"))
                .unwrap()
                .confirm()
                .unwrap();
        } else {
            store.todos().push(todo(101, "arrived")).unwrap();
        }
        store.todos().by_key(101).text().set("edited".into());

        first.fail("no").unwrap();
        assert_eq!(store.title().get_untracked(), "");
        assert!(store.todos().by_key(2).done().get_untracked());
        assert_eq!(
            store.todos().by_key(101).text().get_untracked(),
            "edited",
            "arrived optimistically: {optimistic_arrival}"
        );
    }
}

// Scenario 5, with history: undoing the confirmation of a change reverted a later write to
// its row, and the confirmation pushed one step more than it should.
#[test]
fn undoing_a_confirmed_change_takes_out_that_change_alone() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    let earlier = store.begin_optimistic("rename", |t: &mut Todos| {
        t.title = "pending".into();
    });
    let earlier = earlier.unwrap();
    let add = store
        .begin_optimistic("add todo", add_fn(101, "new"))
        .unwrap();
    store.todos().by_key(101).text().set("edited".into());
    assert_eq!(history.past_steps(), ["todos[id=101].text"]);

    add.confirm().unwrap();
    assert_eq!(history.past_steps(), ["todos[id=101].text", "add todo"]);
    earlier.fail("no").unwrap();
    history.undo().unwrap();
    assert!(texts(store).is_empty(), "undoing the add takes the row out");
    history.redo().unwrap();
    assert_eq!(texts(store), ["edited"], "with the write made to it since");
}

// Scenario 6: a correction giving a new row its real key lost the edits made to the row
// under its temporary key, at the confirmation itself.
#[test]
fn a_key_correction_keeps_the_edits_made_under_the_temporary_key() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let earlier = store.begin_optimistic("rename", |t: &mut Todos| {
        t.title = "pending".into();
    });
    let earlier = earlier.unwrap();
    let add = store
        .begin_optimistic("add todo", add_fn(1_000_000, "draft"))
        .unwrap();
    store.todos().by_key(1_000_000).text().set("renamed".into());
    add.confirm_with(|t: &mut Todos| {
        if let Some(todo) = t.todos.iter_mut().find(|t| t.id == 1_000_000) {
            todo.id = 7;
        }
    })
    .unwrap();
    assert_eq!(store.todos().keys(), [7]);
    assert_eq!(store.todos().by_key(7).text().get_untracked(), "renamed");

    // Replayed after a failure below it, the rename still lands on the row.
    earlier.fail("no").unwrap();
    assert_eq!(store.todos().by_key(7).text().get_untracked(), "renamed");
}

// Scenario 7: beginning or settling a change re-ran the readers of every row.
#[test]
fn beginning_and_settling_a_change_re_run_only_the_readers_of_what_it_touched() {
    let _owner = owner();
    let store = Store::new(Todos {
        todos: (1..=100).map(|id| todo(id, "row")).collect(),
        ..Todos::default()
    });
    let one = store.todos().by_key(1).done();
    let fifty = store.todos().by_key(50).done();
    let ones = count_runs(move || {
        one.try_get();
    });
    let fifties = count_runs(move || {
        fifty.try_get();
    });

    let toggle = store
        .begin_optimistic("toggle", |t: &mut Todos| t.todos[0].done = true)
        .unwrap();
    let add = store
        .begin_optimistic("add todo", add_fn(1_000, "new"))
        .unwrap();
    flush();
    assert_eq!((ones.get(), fifties.get()), (2, 1));
    add.confirm_with(|t: &mut Todos| {
        if let Some(todo) = t.todos.iter_mut().find(|t| t.id == 1_000) {
            todo.id = 101;
        }
    })
    .unwrap();
    toggle.fail("no").unwrap();
    flush();
    assert_eq!((ones.get(), fifties.get()), (3, 1));
    assert!(!store.todos().by_key(1).done().get_untracked());
}

// Tab sync: two tabs adding at the same time both keep both todos; one kept the other's
// list and lost its own before.
#[test]
fn concurrent_adds_in_two_tabs_all_survive() {
    let _owner = owner();
    let disk = Memory::new("todos");
    let clock = ManualClock::new();
    let options = || {
        PersistOptions::new()
            .sync_tabs(true)
            .delay(50)
            .clock(clock.clone())
    };
    let one = Store::new(Todos::default());
    one.persist(disk.clone(), options()).unwrap();
    let two = Store::new(Todos::default());
    two.persist(disk.another_tab(), options()).unwrap();
    for round in 0..10 {
        // Both add before either has written.
        one.todos().push(todo(2 * round + 1, "one")).unwrap();
        two.todos().push(todo(2 * round + 2, "two")).unwrap();
        clock.advance(50);
    }
    assert_eq!(one.todos().len_untracked(), 20);
    assert_eq!(one.get_untracked(), two.get_untracked());
    let reloaded = Store::new(Todos::default());
    reloaded
        .persist(disk.another_tab(), PersistOptions::new())
        .unwrap();
    assert_eq!(reloaded.get_untracked(), one.get_untracked());
}

// Tab sync: when two tabs change the same field before seeing each other's change, the one
// that writes last wins, in both.
#[test]
fn a_true_conflict_ends_the_same_in_both_tabs() {
    let _owner = owner();
    let disk = Memory::new("todos");
    let clock = ManualClock::new();
    let options = || {
        PersistOptions::new()
            .sync_tabs(true)
            .delay(50)
            .clock(clock.clone())
    };
    let one = Store::new(Todos::default());
    let persist_one = one.persist(disk.clone(), options()).unwrap();
    let two = Store::new(Todos::default());
    let persist_two = two.persist(disk.another_tab(), options()).unwrap();
    one.title().set("from one".into());
    two.title().set("from two".into());
    persist_one.flush();
    persist_two.flush();
    assert_eq!(one.title().get_untracked(), "from two");
    assert_eq!(two.title().get_untracked(), "from two");
}

// Review finding: a field written over a pending change kept the change's value in its undo
// step, so undoing after the change failed brought the refused value back.
#[test]
fn undo_never_brings_back_the_value_of_a_refused_change() {
    let _owner = owner();
    let store = Store::new(Todos::default());
    let history = History::attach(store, HistoryOptions::new());
    store.title().set("mine".into());
    let refused = store
        .begin_optimistic("rename", |t: &mut Todos| t.title = "refused".into())
        .unwrap();
    store.title().set("typed".into());
    refused.fail("no").unwrap();
    assert_eq!(store.title().get_untracked(), "typed");
    history.undo().unwrap();
    assert_ne!(store.title().get_untracked(), "refused");
    assert_eq!(store.title().get_untracked(), "typed");
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Letters {
    letters: Vec<char>,
}

// Review finding: a `retain` on a list without keys, made while a change was pending, kept
// one edit per removed item, and the items removed past the new end came back when the
// change failed.
#[test]
fn a_retain_on_a_list_without_keys_survives_a_rollback() {
    use leptos_state::VecSlice;
    let _owner = owner();
    let store = Store::new(Letters {
        letters: vec!['a', 'b', 'c', 'd'],
    });
    let pending = store
        .begin_optimistic("add", |l: &mut Letters| l.letters.push('e'))
        .unwrap();
    store
        .letters()
        .retain(|letter| !matches!(letter, 'a' | 'd'))
        .unwrap();
    assert_eq!(store.letters().get_untracked(), ['b', 'c', 'e']);
    pending.fail("no").unwrap();
    assert_eq!(store.letters().get_untracked(), ['b', 'c']);
}
