//! `CopyOnWrite` fields: the copies a store keeps of its state share them, and their slices,
//! keyed rows, diffs, undo and refusals behave as for the plain field.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{CopyOnWrite, History, HistoryOptions, State, Store, Validate};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many rows have been cloned, in this test binary.
static ROW_CLONES: AtomicUsize = AtomicUsize::new(0);

#[derive(State, Debug, PartialEq)]
struct Row {
    id: u32,
    label: String,
}

impl Clone for Row {
    fn clone(&self) -> Self {
        ROW_CLONES.fetch_add(1, Ordering::Relaxed);
        Row {
            id: self.id,
            label: self.label.clone(),
        }
    }
}

#[derive(State, Clone, Debug, PartialEq)]
struct Table {
    #[state(key = |row: &Row| row.id)]
    rows: CopyOnWrite<Vec<Row>>,
    selected: Option<u32>,
}

fn table(rows: u32) -> Table {
    Table {
        rows: (0..rows)
            .map(|id| Row {
                id,
                label: format!("row {id}"),
            })
            .collect::<Vec<_>>()
            .into(),
        selected: None,
    }
}

fn row_clones() -> usize {
    ROW_CLONES.load(Ordering::Relaxed)
}

/// The rows exist and the selection is one of them.
fn valid(table: &Table) -> Result<(), &'static str> {
    match table.selected {
        Some(id) if !table.rows.iter().any(|row| row.id == id) => Err("no such row"),
        _ if table.rows.len() > 100 => Err("too many rows"),
        _ => Ok(()),
    }
}

// The tests share the clone counter, so all its checks are in this one test.
#[test]
fn copies_of_the_state_share_the_rows_until_a_change_writes_them() {
    let _owner = owner();
    let store = Store::new(table(100));
    store.attach(Validate::new(valid));
    let history = History::attach(store, HistoryOptions::new());

    // Validate and the history each need the state from before an `update`, and the store
    // keeps the initial state for `reset`: none of them copies a row that is not written.
    let before = row_clones();
    store.update("select", |t| t.selected = Some(7)).unwrap();
    store.update("select", |t| t.selected = Some(8)).unwrap();
    assert_eq!(
        row_clones(),
        before,
        "changes that leave the rows alone copy none"
    );

    // A refused change that writes the rows copies them once, and is put back.
    assert!(
        store
            .update("grow", |t| t.rows.push(Row {
                id: 100,
                label: "one too many".into()
            }))
            .is_err()
    );
    assert_eq!(
        row_clones(),
        before + 100,
        "the written field is copied once"
    );
    assert_eq!(store.with_untracked(|t| t.rows.len()), 100);
    assert_eq!(store.selected().get_untracked(), Some(8));

    // A row's slice writes into the rows the store holds, and keeps only the old label.
    let before = row_clones();
    store.rows().by_key(3).label().set("three".into());
    assert!(
        row_clones() <= before + 100,
        "one copy at most: the first write after the rows were shared"
    );
    let before = row_clones();
    store.rows().by_key(4).label().set("four".into());
    assert_eq!(
        row_clones(),
        before,
        "rows nobody shares are written in place"
    );

    // Undo reaches through the field to the row, and notifies only that row's readers.
    let three = count_runs(move || {
        store.rows().by_key(3).label().track();
    });
    let five = count_runs(move || {
        store.rows().by_key(5).label().track();
    });
    history.undo().unwrap();
    history.undo().unwrap();
    flush();
    assert_eq!(store.rows().by_key(3).label().get_untracked(), "row 3");
    assert_eq!(store.rows().by_key(4).label().get_untracked(), "row 4");
    assert_eq!(three.get(), 2, "the undone row's reader ran");
    assert_eq!(five.get(), 1, "another row's reader did not");

    // The history records a whole-store `update` as the edits between the states before and
    // after, found through the field by key: undoing it puts back the one row.
    store
        .update("drop row 3", |t| t.rows.retain(|row| row.id != 3))
        .unwrap();
    assert!(store.rows().by_key(3).try_get_untracked().is_none());
    flush();
    history.undo().unwrap();
    flush();
    assert_eq!(store.rows().by_key(3).label().get_untracked(), "row 3");
    assert_eq!(store.with_untracked(|t| t.rows.len()), 100);
    assert_eq!(five.get(), 2, "whole-store writes notify every reader");
    let runs = five.get();
    history.undo().unwrap();
    flush();
    assert_eq!(store.selected().get_untracked(), Some(7));
    assert_eq!(
        five.get(),
        runs,
        "undoing the selection does not notify a row"
    );

    store.reset().unwrap();
    assert_eq!(store.get_untracked(), table(100));
}
