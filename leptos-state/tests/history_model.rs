//! Property test: random sequences of the application's writes (through slices, to keyed
//! rows, in transactions), undo, redo and jumps, pauses, optimistic changes that settle in
//! random order (some confirmed with a correction that gives a new row its real key),
//! another tab's writes arriving through tab sync, and devtools imports and jumps (with the
//! feature), checked after every step against a model of the documented rules:
//!
//! - a step holds the edits that put back what its change wrote, and nothing else;
//! - a change the history did not make (another tab's, an optimistic change beginning or
//!   settling, a devtools import or jump, a write while paused) drops what the steps would
//!   write at its places, so undo
//!   and redo never overwrite it, and a step left with nothing is dropped;
//! - a pending change is no step; a confirmed one is, taking out what it alone wrote;
//! - a failed change is replayed out of the state, every other change and write since is
//!   replayed in order, each write to the row it wrote (found by key);
//! - readers of the rows a step does not touch do not re-run.
#![cfg(not(target_arch = "wasm32"))]

#[path = "util/effects.rs"]
mod effects;

use effects::{Runs, count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{
    History, HistoryOptions, Memory, OptimisticChange, PersistOptions, State, Store,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

#[derive(State, Clone, PartialEq, Debug, serde::Serialize, serde::Deserialize)]
struct Row {
    id: u32,
    v: i32,
}

#[derive(State, Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Doc {
    a: i32,
    b: i32,
    #[state(history = false)]
    c: i32,
    #[state(key = |r| r.id)]
    rows: Vec<Row>,
}

const LIMIT: usize = 5;
/// The rows whose readers are counted: every id the test can hand out.
const WATCHED: std::ops::Range<u32> = 1..40;

#[derive(Debug, Clone)]
enum Op {
    SetA(i32),
    SetB(i32),
    SetC(i32),
    /// Writes `v` to the row at this position (modulo the number of rows).
    SetRow(usize, i32),
    Push(i32),
    Remove(usize),
    /// A whole-store change: `a`, `b`, and a row pushed.
    Transaction(i32, i32, Option<i32>),
    Undo,
    Redo,
    Jump(isize),
    Pause,
    Resume,
    Begin(Change),
    /// Settles the pending change at this position (modulo how many are pending); a
    /// confirmed row-adding change may be corrected with the row's real key.
    Settle {
        which: usize,
        ok: bool,
        rekey: bool,
    },
    /// Another tab writes: `b`, a row's value, a new row, or removes a row.
    Other(Other),
    /// The devtools import the state with `a` and `b` changed (feature `devtools`; skipped
    /// without it).
    Import(i32, i32),
    /// The devtools jump back to the state after the log entry this many entries back
    /// (feature `devtools`; skipped without it).
    JumpBack(usize),
}

#[derive(Debug, Clone, Copy)]
enum Change {
    AddA(i32),
    /// Adds a row under a temporary key.
    Push(i32),
    SetRow(usize, i32),
}

#[derive(Debug, Clone, Copy)]
enum Other {
    SetB(i32),
    SetRow(usize, i32),
    Push(i32),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (-3..3).prop_map(Op::SetA),
        (-3..3).prop_map(Op::SetB),
        (-3..3).prop_map(Op::SetC),
        (0_usize..6, -3..3).prop_map(|(at, v)| Op::SetRow(at, v)),
        (-3..3).prop_map(Op::Push),
        (0_usize..6).prop_map(Op::Remove),
        (-3..3, -3..3, proptest::option::of(-3..3)).prop_map(|(a, b, r)| Op::Transaction(a, b, r)),
        Just(Op::Undo),
        Just(Op::Undo),
        Just(Op::Redo),
        (-3_isize..=3).prop_map(Op::Jump),
        Just(Op::Pause),
        Just(Op::Resume),
        prop_oneof![
            (1..3).prop_map(Change::AddA),
            (-3..3).prop_map(Change::Push),
            (0_usize..6, -3..3).prop_map(|(at, v)| Change::SetRow(at, v)),
        ]
        .prop_map(Op::Begin),
        (0_usize..4, any::<bool>(), any::<bool>()).prop_map(|(which, ok, rekey)| Op::Settle {
            which,
            ok,
            rekey
        }),
        prop_oneof![
            (-3..3).prop_map(Other::SetB),
            (0_usize..6, -3..3).prop_map(|(at, v)| Other::SetRow(at, v)),
            (-3..3).prop_map(Other::Push),
            (0_usize..6).prop_map(Other::Remove),
        ]
        .prop_map(Op::Other),
        (-3..3, -3..3).prop_map(|(a, b)| Op::Import(a, b)),
        (1_usize..6).prop_map(Op::JumpBack),
    ]
}

/// A place an edit writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    A,
    B,
    C,
    /// A row: its presence and all of it.
    Row(u32),
    /// A row's value.
    RowV(u32),
    /// The order of the rows.
    Order,
}

impl Place {
    fn overlaps(self, other: Place) -> bool {
        match (self, other) {
            (Place::Row(x), Place::Row(y) | Place::RowV(y))
            | (Place::RowV(x), Place::Row(y) | Place::RowV(y)) => x == y,
            (x, y) => x == y,
        }
    }

    fn row(self) -> Option<u32> {
        match self {
            Place::Row(id) | Place::RowV(id) => Some(id),
            _ => None,
        }
    }
}

/// One edit: what it writes, where.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    A(i32),
    B(i32),
    C(i32),
    RowV(u32, i32),
    /// Puts the row in after the row with key `after` (first for `None`); when that row is
    /// not there, before the row with key `before` (last for `None`); else at `at`.
    Insert {
        row: Row,
        after: Option<u32>,
        before: Option<u32>,
        at: usize,
    },
    Remove(u32),
    /// Puts these rows in this order, in the positions they hold.
    Order(Vec<u32>),
}

impl Edit {
    fn place(&self) -> Place {
        match self {
            Edit::A(_) => Place::A,
            Edit::B(_) => Place::B,
            Edit::C(_) => Place::C,
            Edit::RowV(id, _) => Place::RowV(*id),
            Edit::Insert { row, .. } => Place::Row(row.id),
            Edit::Remove(id) => Place::Row(*id),
            Edit::Order(_) => Place::Order,
        }
    }

    fn recorded(&self) -> bool {
        !matches!(self, Edit::C(_))
    }

    /// Writes the edit into `doc`; returns the edit that puts back what it overwrote, or
    /// `None` when it has nothing to write there.
    fn apply(&self, doc: &mut Doc) -> Option<Edit> {
        let position = |doc: &Doc, id: u32| doc.rows.iter().position(|row| row.id == id);
        match self {
            Edit::A(v) => Some(Edit::A(std::mem::replace(&mut doc.a, *v))),
            Edit::B(v) => Some(Edit::B(std::mem::replace(&mut doc.b, *v))),
            Edit::C(v) => Some(Edit::C(std::mem::replace(&mut doc.c, *v))),
            Edit::RowV(id, v) => {
                let at = position(doc, *id)?;
                Some(Edit::RowV(*id, std::mem::replace(&mut doc.rows[at].v, *v)))
            }
            Edit::Insert {
                row,
                after,
                before,
                at,
            } => {
                if position(doc, row.id).is_some() {
                    return None;
                }
                let len = doc.rows.len();
                let at = match after {
                    None => 0,
                    Some(after) => match (position(doc, *after), before) {
                        (Some(previous), _) => previous + 1,
                        (None, None) => len,
                        (None, Some(next)) => position(doc, *next).unwrap_or((*at).min(len)),
                    },
                };
                doc.rows.insert(at, row.clone());
                Some(Edit::Remove(row.id))
            }
            Edit::Remove(id) => {
                let at = position(doc, *id)?;
                let undo = insert_of(&doc.rows, at);
                doc.rows.remove(at);
                Some(undo)
            }
            Edit::Order(keys) => {
                let slots: Vec<usize> = (0..doc.rows.len())
                    .filter(|&at| keys.contains(&doc.rows[at].id))
                    .collect();
                let now: Vec<u32> = slots.iter().map(|&at| doc.rows[at].id).collect();
                let wanted: Vec<u32> = keys.iter().filter(|id| now.contains(id)).copied().collect();
                if now == wanted {
                    return None;
                }
                let moved: Vec<Row> = wanted
                    .iter()
                    .map(|id| doc.rows[position(doc, *id).unwrap()].clone())
                    .collect();
                for (slot, row) in slots.into_iter().zip(moved) {
                    doc.rows[slot] = row;
                }
                Some(Edit::Order(now))
            }
        }
    }
}

/// The edit that puts back the row at position `at` of `rows`, between its neighbours.
fn insert_of(rows: &[Row], at: usize) -> Edit {
    Edit::Insert {
        row: rows[at].clone(),
        after: at.checked_sub(1).map(|previous| rows[previous].id),
        before: rows.get(at + 1).map(|next| next.id),
        at,
    }
}

/// The edits that turn `from` into `to`, in the order the derive's diff gives them: the
/// fields in declaration order; in the rows, those that left, their new order, those that
/// came, then the values that changed.
fn diff(from: &Doc, to: &Doc) -> Vec<Edit> {
    let mut edits = Vec::new();
    if from.a != to.a {
        edits.push(Edit::A(to.a));
    }
    if from.b != to.b {
        edits.push(Edit::B(to.b));
    }
    if from.c != to.c {
        edits.push(Edit::C(to.c));
    }
    let ids = |doc: &Doc| doc.rows.iter().map(|row| row.id).collect::<Vec<_>>();
    let (from_ids, to_ids) = (ids(from), ids(to));
    for id in &from_ids {
        if !to_ids.contains(id) {
            edits.push(Edit::Remove(*id));
        }
    }
    let staying = |these: &[u32], those: &[u32]| {
        these
            .iter()
            .filter(|id| those.contains(id))
            .copied()
            .collect::<Vec<_>>()
    };
    let order = staying(&to_ids, &from_ids);
    if staying(&from_ids, &to_ids) != order {
        edits.push(Edit::Order(order));
    }
    for (at, row) in to.rows.iter().enumerate() {
        if !from_ids.contains(&row.id) {
            edits.push(insert_of(&to.rows, at));
        }
    }
    for row in &to.rows {
        if let Some(before) = from.rows.iter().find(|before| before.id == row.id)
            && before.v != row.v
        {
            edits.push(Edit::RowV(row.id, row.v));
        }
    }
    edits
}

/// The edits written, as an optimistic replay keeps them: each inverse read from the state
/// after the write.
fn written(edits: &[Edit], after: &Doc) -> Vec<Edit> {
    edits
        .iter()
        .map(|edit| match edit {
            Edit::Insert { row, .. } => {
                let at = after.rows.iter().position(|r| r.id == row.id).unwrap();
                insert_of(&after.rows, at)
            }
            Edit::Order(keys) => Edit::Order(
                after
                    .rows
                    .iter()
                    .map(|row| row.id)
                    .filter(|id| keys.contains(id))
                    .collect(),
            ),
            other => other.clone(),
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Step {
    edits: Vec<Edit>,
    /// A whole-store change's step, named after its action; else named after its one place.
    action: Option<&'static str>,
}

impl Step {
    fn label(&self) -> String {
        match (self.action, &self.edits[..]) {
            (Some(action), _) => action.to_owned(),
            (None, [Edit::A(_)]) => "a".into(),
            (None, [Edit::B(_)]) => "b".into(),
            (None, [Edit::RowV(id, _)]) => format!("rows[id={id}].v"),
            (None, _) => "rows".into(),
        }
    }
}

#[derive(Debug, Clone)]
enum Line {
    Change {
        id: u64,
        change: Planned,
        confirmed: bool,
        /// Where it wrote when it began.
        places: Vec<Place>,
    },
    Write(Vec<Edit>),
    Correction {
        from: u32,
        to: u32,
    },
}

/// An optimistic change as planned: what it does, with its row's key chosen.
#[derive(Debug, Clone)]
enum Planned {
    AddA(i32),
    Push(Row),
    SetRow(u32, i32),
}

impl Planned {
    fn run(&self, doc: &mut Doc) {
        match self {
            Planned::AddA(d) => doc.a += d,
            Planned::Push(row) => doc.rows.push(row.clone()),
            Planned::SetRow(id, v) => {
                if let Some(row) = doc.rows.iter_mut().find(|row| row.id == *id) {
                    row.v = *v;
                }
            }
        }
    }
}

fn rekey(doc: &mut Doc, from: u32, to: u32) {
    if let Some(row) = doc.rows.iter_mut().find(|row| row.id == from) {
        row.id = to;
    }
}

#[derive(Debug, Default)]
struct Model {
    doc: Doc,
    past: Vec<Step>,
    future: Vec<Step>,
    paused: bool,
    base: Option<Doc>,
    lines: Vec<Line>,
}

impl Model {
    fn apply_line(doc: &mut Doc, line: &Line) {
        match line {
            Line::Change { change, .. } => change.run(doc),
            Line::Write(edits) => {
                for edit in edits {
                    edit.apply(doc);
                }
            }
            Line::Correction { from, to } => rekey(doc, *from, *to),
        }
    }

    fn replay(&self, without: u64) -> Doc {
        let mut doc = self.base.clone().expect("replayed with nothing pending");
        for line in &self.lines {
            if !matches!(line, Line::Change { id, .. } if *id == without) {
                Model::apply_line(&mut doc, line);
            }
        }
        doc
    }

    fn fold(&mut self) {
        let pending = self.lines.iter().position(|line| {
            matches!(
                line,
                Line::Change {
                    confirmed: false,
                    ..
                }
            )
        });
        let Some(pending) = pending else {
            self.base = None;
            self.lines.clear();
            return;
        };
        let mut base = self.base.take().expect("a base while changes are pending");
        for line in self.lines.drain(..pending) {
            Model::apply_line(&mut base, &line);
        }
        self.base = Some(base);
    }

    fn push_past(&mut self, step: Step) {
        if self.past.len() == LIMIT {
            self.past.remove(0);
        }
        self.past.push(step);
    }

    /// A change the history did not make wrote `places`.
    fn rebase(&mut self, places: &[Place]) {
        let dead = |edit: &Edit| places.iter().any(|place| place.overlaps(edit.place()));
        for stack in [&mut self.past, &mut self.future] {
            for step in stack.iter_mut() {
                step.edits.retain(|edit| !dead(edit));
            }
            stack.retain(|step| !step.edits.is_empty());
        }
    }

    /// A plain write (anything but an optimistic change's own) changed the doc: kept for
    /// replay while changes are pending.
    fn plain_write(&mut self, edits: Vec<Edit>) {
        if self.base.is_some() && !edits.is_empty() {
            self.lines.push(Line::Write(edits));
        }
    }

    /// The application wrote `edits` (with `undo`, what puts them back) through a slice or a
    /// transaction.
    fn user(&mut self, forward: Vec<Edit>, mut undo: Vec<Edit>, action: Option<&'static str>) {
        if self.paused {
            let places: Vec<Place> = undo.iter().map(Edit::place).collect();
            self.rebase(&places);
        } else {
            undo.retain(Edit::recorded);
            if !undo.is_empty() {
                self.future.clear();
                self.push_past(Step {
                    edits: undo,
                    action,
                });
            }
        }
        let after = self.doc.clone();
        self.plain_write(written(&forward, &after));
    }

    /// Undoes (`back`) or redoes the newest step with something left to write; returns the
    /// places it wrote.
    fn step(&mut self, back: bool) -> Vec<Place> {
        loop {
            let taken = if back {
                self.past.pop()
            } else {
                self.future.pop()
            };
            let Some(step) = taken else {
                return Vec::new();
            };
            let mut inverse = Vec::new();
            let mut applied = Vec::new();
            for edit in &step.edits {
                if let Some(undo) = edit.apply(&mut self.doc) {
                    inverse.push(undo);
                    applied.push(edit.clone());
                }
            }
            if applied.is_empty() {
                continue;
            }
            inverse.reverse();
            let opposite = Step {
                edits: inverse,
                action: step.action,
            };
            if back {
                self.future.push(opposite);
            } else {
                self.push_past(opposite);
            }
            let after = self.doc.clone();
            let places = applied.iter().map(Edit::place).collect();
            self.plain_write(written(&applied, &after));
            return places;
        }
    }

    /// A change made elsewhere (another tab, an optimistic change settling) turned the doc
    /// into `to`.
    fn foreign(&mut self, to: Doc, plain: bool) -> Vec<Place> {
        let edits = diff(&self.doc, &to);
        let places: Vec<Place> = edits.iter().map(Edit::place).collect();
        self.rebase(&places);
        self.doc = to;
        if plain {
            let after = self.doc.clone();
            self.plain_write(written(&edits, &after));
        }
        places
    }

    fn pending(&self) -> Vec<u64> {
        self.lines
            .iter()
            .filter_map(|line| match line {
                Line::Change {
                    id,
                    confirmed: false,
                    ..
                } => Some(*id),
                _ => None,
            })
            .collect()
    }

    fn row_at(&self, at: usize) -> Option<Row> {
        (!self.doc.rows.is_empty()).then(|| self.doc.rows[at % self.doc.rows.len()].clone())
    }
}

/// Inspects `store`, named `name`, and finds its inspector.
#[cfg(feature = "devtools")]
fn inspector(store: Store<Doc>, name: &str) -> leptos_state::devtools::Inspector {
    store.inspect();
    leptos_state::devtools::live_stores_untracked()
        .into_iter()
        .find(|info| info.name == name)
        .and_then(|info| info.inspector)
        .expect("the store is inspected")
}

/// The rows a whole-store change or a place list touches.
fn rows_of(places: &[Place]) -> BTreeSet<u32> {
    places.iter().filter_map(|place| place.row()).collect()
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let _owner = owner();
    let disk = Memory::new("doc");
    // A name no other case uses: the devtools find the store by it.
    static CASE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!(
        "model {}",
        CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let store = Store::new_named(name.clone(), Doc::default());
    let history = History::attach(store, HistoryOptions::new().limit(LIMIT));
    #[cfg(feature = "devtools")]
    let inspector = inspector(store, &name);
    // The log keeps states to jump to only while something watches.
    #[cfg(feature = "devtools")]
    let _watching = leptos_state::devtools::watch();
    #[cfg(not(feature = "devtools"))]
    let _ = name;
    store
        .persist(disk.clone(), PersistOptions::new().sync_tabs(true))
        .unwrap();
    // Another tab on the same storage.
    let other = Store::new(Doc::default());
    other
        .persist(disk.another_tab(), PersistOptions::new().sync_tabs(true))
        .unwrap();

    let readers: Vec<(u32, Runs)> = WATCHED
        .map(|id| {
            let row = store.rows().by_key(id).v();
            (
                id,
                count_runs(move || {
                    let _ = row.try_get();
                }),
            )
        })
        .collect();

    let mut model = Model::default();
    let mut handles: Vec<(OptimisticChange<Doc>, Option<u32>)> = Vec::new();
    let mut next_id = 1;
    let mut fresh = || {
        let id = next_id;
        next_id += 1;
        id
    };

    for (at, op) in ops.iter().enumerate() {
        let runs_before: Vec<usize> = readers.iter().map(|(_, runs)| runs.get()).collect();
        // The rows whose readers may re-run; `None`: all of them.
        let mut touched: Option<BTreeSet<u32>> = Some(BTreeSet::new());
        let before = model.doc.clone();
        match *op {
            Op::SetA(v) => {
                store.a().set(v);
                model.doc.a = v;
                model.user(vec![Edit::A(v)], vec![Edit::A(before.a)], None);
            }
            Op::SetB(v) => {
                store.b().set(v);
                model.doc.b = v;
                model.user(vec![Edit::B(v)], vec![Edit::B(before.b)], None);
            }
            Op::SetC(v) => {
                store.c().set(v);
                model.doc.c = v;
                model.user(vec![Edit::C(v)], vec![Edit::C(before.c)], None);
            }
            Op::SetRow(row, v) => {
                let Some(row) = model.row_at(row) else {
                    continue;
                };
                store.rows().by_key(row.id).v().set(v);
                Edit::RowV(row.id, v).apply(&mut model.doc);
                touched = Some(BTreeSet::from([row.id]));
                model.user(
                    vec![Edit::RowV(row.id, v)],
                    vec![Edit::RowV(row.id, row.v)],
                    None,
                );
            }
            Op::Push(v) => {
                let row = Row { id: fresh(), v };
                store.rows().push(row.clone()).unwrap();
                model.doc.rows.push(row.clone());
                touched = Some(BTreeSet::from([row.id]));
                let insert = insert_of(&model.doc.rows, model.doc.rows.len() - 1);
                model.user(vec![insert], vec![Edit::Remove(row.id)], None);
            }
            Op::Remove(row) => {
                let Some(row) = model.row_at(row) else {
                    continue;
                };
                store.rows().remove(&row.id).unwrap();
                let undo = Edit::Remove(row.id).apply(&mut model.doc).unwrap();
                touched = Some(BTreeSet::from([row.id]));
                model.user(vec![Edit::Remove(row.id)], vec![undo], None);
            }
            Op::Transaction(a, b, push) => {
                let row = push.map(|v| Row { id: fresh(), v });
                store
                    .transaction("tx", |tx| {
                        tx.update(|d| d.a = a);
                        tx.update(|d| {
                            d.b = b;
                            d.rows.extend(row.clone());
                        });
                    })
                    .unwrap();
                (model.doc.a, model.doc.b) = (a, b);
                model.doc.rows.extend(row);
                // A whole-store write notifies every reader.
                touched = None;
                let forward = diff(&before, &model.doc);
                let undo = diff(&model.doc, &before);
                if !forward.is_empty() {
                    model.user(forward, undo, Some("tx"));
                }
            }
            Op::Undo => {
                history.undo().unwrap();
                touched = Some(rows_of(&model.step(true)));
            }
            Op::Redo => {
                history.redo().unwrap();
                touched = Some(rows_of(&model.step(false)));
            }
            Op::Jump(steps) => {
                let available = if steps < 0 {
                    model.past.len()
                } else {
                    model.future.len()
                };
                let result = history.jump(steps);
                if steps.unsigned_abs() > available {
                    prop_assert!(result.is_err(), "step {at}: jump {steps} should fail");
                } else {
                    result.unwrap();
                    let mut wrote = Vec::new();
                    for _ in 0..steps.unsigned_abs() {
                        wrote.extend(model.step(steps < 0));
                    }
                    touched = Some(rows_of(&wrote));
                }
            }
            Op::Pause => {
                history.pause();
                model.paused = true;
            }
            Op::Resume => {
                history.resume();
                model.paused = false;
            }
            Op::Begin(change) => {
                let (planned, temp) = match change {
                    Change::AddA(d) => (Planned::AddA(d), None),
                    Change::Push(v) => {
                        let id = fresh();
                        (Planned::Push(Row { id, v }), Some(id))
                    }
                    Change::SetRow(row, v) => {
                        let Some(row) = model.row_at(row) else {
                            continue;
                        };
                        (Planned::SetRow(row.id, v), None)
                    }
                };
                let run = planned.clone();
                let handle = store
                    .begin_optimistic("change", move |d: &mut Doc| run.run(d))
                    .unwrap();
                if model.base.is_none() {
                    model.base = Some(model.doc.clone());
                }
                let mut to = model.doc.clone();
                planned.run(&mut to);
                let places = model.foreign(to, false);
                model.lines.push(Line::Change {
                    id: handle.id(),
                    change: planned.clone(),
                    confirmed: false,
                    places: places.clone(),
                });
                touched = Some(rows_of(&places));
                handles.push((handle, temp));
            }
            Op::Settle {
                which,
                ok,
                rekey: rekeyed,
            } => {
                let pending = model.pending();
                if pending.is_empty() {
                    continue;
                }
                let id = pending[which % pending.len()];
                let (handle, temp) = handles.iter().find(|(h, _)| h.id() == id).unwrap().clone();
                if ok {
                    let correction = temp.filter(|_| rekeyed).map(|from| (from, fresh()));
                    match correction {
                        Some((from, to)) => handle
                            .confirm_with(move |d: &mut Doc| rekey(d, from, to))
                            .unwrap(),
                        None => handle.confirm().unwrap(),
                    }
                    let mut corrected = model.doc.clone();
                    if let Some((from, to)) = correction {
                        rekey(&mut corrected, from, to);
                    }
                    let places = model.foreign(corrected, false);
                    touched = Some(rows_of(&places));
                    // The confirmed change becomes a step: what takes it out of the state.
                    let without = model.replay(id);
                    let mut undo = diff(&model.doc, &without);
                    undo.retain(Edit::recorded);
                    if !undo.is_empty() && !model.paused {
                        model.push_past(Step {
                            edits: undo,
                            action: Some("change"),
                        });
                    }
                    for line in &mut model.lines {
                        if let Line::Change {
                            id: line_id,
                            confirmed,
                            ..
                        } = line
                            && *line_id == id
                        {
                            *confirmed = true;
                        }
                    }
                    if let Some((from, to)) = correction {
                        model.lines.push(Line::Correction { from, to });
                    }
                } else {
                    handle.fail("no").unwrap();
                    let replayed = model.replay(id);
                    let places = model.foreign(replayed, false);
                    touched = Some(rows_of(&places));
                    // Where the change wrote, an undo step may hold its refused value.
                    let began: Vec<Place> = model
                        .lines
                        .iter()
                        .find_map(|line| match line {
                            Line::Change { id: l, places, .. } if *l == id => Some(places.clone()),
                            _ => None,
                        })
                        .unwrap_or_default();
                    model.rebase(&began);
                    model
                        .lines
                        .retain(|line| !matches!(line, Line::Change { id: l, .. } if *l == id));
                }
                model.fold();
            }
            Op::Other(write) => {
                match write {
                    Other::SetB(v) => other.b().set(v),
                    Other::SetRow(row, v) => {
                        let Some(row) = model.row_at(row) else {
                            continue;
                        };
                        other.rows().by_key(row.id).v().set(v);
                    }
                    Other::Push(v) => other.rows().push(Row { id: fresh(), v }).unwrap(),
                    Other::Remove(row) => {
                        let Some(row) = model.row_at(row) else {
                            continue;
                        };
                        other.rows().remove(&row.id).unwrap();
                    }
                }
                let places = model.foreign(other.get_untracked(), true);
                touched = Some(rows_of(&places));
            }
            Op::Import(a, b) => {
                let imported = Doc {
                    a,
                    b,
                    ..model.doc.clone()
                };
                #[cfg(not(feature = "devtools"))]
                {
                    let _ = imported;
                    continue;
                }
                #[cfg(feature = "devtools")]
                {
                    inspector
                        .import(&serde_json::to_string(&imported).unwrap())
                        .unwrap();
                    model.foreign(imported, true);
                    // A whole-state set notifies every reader.
                    touched = None;
                }
            }
            Op::JumpBack(back) => {
                #[cfg(not(feature = "devtools"))]
                {
                    let _ = back;
                    continue;
                }
                #[cfg(feature = "devtools")]
                {
                    let logged: Vec<u64> = inspector
                        .log_untracked()
                        .iter()
                        .filter(|entry| entry.has_state())
                        .map(|entry| entry.seq())
                        .collect();
                    let Some(&seq) = logged.len().checked_sub(back).and_then(|at| logged.get(at))
                    else {
                        continue;
                    };
                    let then: Doc =
                        serde_json::from_value(inspector.state_at(seq).unwrap()).unwrap();
                    inspector.jump(seq).unwrap();
                    model.foreign(then, true);
                    touched = None;
                }
            }
        }
        flush();

        let state = store.get_untracked();
        prop_assert_eq!(&state, &model.doc, "state after step {} ({:?})", at, op);
        prop_assert_eq!(
            &other.get_untracked(),
            &state,
            "the other tab after step {} ({:?})",
            at,
            op
        );
        let labels = |steps: &[Step]| steps.iter().map(Step::label).collect::<Vec<_>>();
        let mut future = labels(&model.future);
        future.reverse();
        prop_assert_eq!(
            (history.past_steps(), history.future_steps()),
            (labels(&model.past), future),
            "history after step {} ({:?})",
            at,
            op
        );
        prop_assert_eq!(
            store.pending_changes().len(),
            model.pending().len(),
            "pending changes after step {}",
            at
        );
        if let Some(touched) = touched {
            for ((id, runs), before) in readers.iter().zip(&runs_before) {
                if !touched.contains(id) {
                    prop_assert_eq!(
                        runs.get(),
                        *before,
                        "the reader of row {} re-ran at step {} ({:?})",
                        id,
                        at,
                        op
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn history_optimistic_changes_and_tab_sync_match_the_model(
        ops in proptest::collection::vec(op(), 1..40)
    ) {
        run(&ops)?;
    }
}
