//! Property test: random sequences of slice writes, transactions, undo, redo, jumps and
//! optimistic changes that settle in random order, checked after every step against a
//! model that keeps full snapshots of the state (and, for a confirmed change's step, the
//! book without it, replayed when undone without the changes that failed since).
#![cfg(not(target_arch = "wasm32"))]

#[path = "util/effects.rs"]
mod effects;

use leptos::prelude::*;
use leptos_state::{History, HistoryOptions, OptimisticChange, State, Store, VecSlice};
use proptest::prelude::*;

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Doc {
    a: i32,
    b: i32,
    #[state(history = false)]
    c: i32,
    list: Vec<i32>,
}

const LIMIT: usize = 5;

/// The fields, by position, and which of them history records.
const FIELDS: [usize; 4] = [0, 1, 2, 3];
const RECORDED: [bool; 4] = [true, true, false, true];

fn field_eq(x: &Doc, y: &Doc, field: usize) -> bool {
    match field {
        0 => x.a == y.a,
        1 => x.b == y.b,
        2 => x.c == y.c,
        _ => x.list == y.list,
    }
}

fn copy_field(into: &mut Doc, from: &Doc, field: usize) {
    match field {
        0 => into.a = from.a,
        1 => into.b = from.b,
        2 => into.c = from.c,
        _ => into.list.clone_from(&from.list),
    }
}

fn differing(x: &Doc, y: &Doc, recorded_only: bool) -> Vec<usize> {
    FIELDS
        .into_iter()
        .filter(|&f| (!recorded_only || RECORDED[f]) && !field_eq(x, y, f))
        .collect()
}

#[derive(Debug, Clone)]
enum Op {
    SetA(i32),
    SetB(i32),
    SetC(i32),
    Push(i32),
    Transaction(i32, i32, i32),
    Undo,
    Redo,
    Jump(isize),
    /// An optimistic change: add to `a`, or push onto `list`.
    Begin {
        add: i32,
        push: bool,
    },
    /// Settle the pending change at this position (modulo how many there are).
    Settle {
        which: usize,
        ok: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (-5..5).prop_map(Op::SetA),
        (-5..5).prop_map(Op::SetB),
        (-5..5).prop_map(Op::SetC),
        (0..9).prop_map(Op::Push),
        (-5..5, -5..5, -5..5).prop_map(|(a, b, c)| Op::Transaction(a, b, c)),
        Just(Op::Undo),
        Just(Op::Undo),
        Just(Op::Redo),
        (-3_isize..=3).prop_map(Op::Jump),
        (1..4, any::<bool>()).prop_map(|(add, push)| Op::Begin { add, push }),
        (0_usize..4, any::<bool>()).prop_map(|(which, ok)| Op::Settle { which, ok }),
        (0_usize..4, any::<bool>()).prop_map(|(which, ok)| Op::Settle { which, ok }),
    ]
}

fn apply_change(doc: &mut Doc, add: i32, push: bool) {
    if push {
        doc.list.push(add);
    } else {
        doc.a += add;
    }
}

/// An undo step: the full state before the change, and the fields undo puts back.
#[derive(Debug, Clone)]
struct Step {
    before: Doc,
    fields: Vec<usize>,
    /// A write through one slice: its redo step puts back the same field, changed or not.
    slot: bool,
    /// A confirmed change's step: the book without it (base and lines), replayed when it is
    /// undone, leaving out the changes that have failed by then.
    without: Option<(Doc, Vec<Line>)>,
}

#[derive(Debug, Clone)]
enum Line {
    Change {
        id: u64,
        add: i32,
        push: bool,
        confirmed: bool,
    },
    /// A plain write made while changes were pending: its fields, with their values after.
    Write { after: Doc, fields: Vec<usize> },
    /// A push onto `list` made while changes were pending, replayed as a push.
    Push(i32),
}

#[derive(Debug, Default)]
struct Model {
    doc: Doc,
    past: Vec<Step>,
    future: Vec<Step>,
    base: Option<Doc>,
    lines: Vec<Line>,
    /// The changes that failed.
    failed: Vec<u64>,
}

impl Model {
    fn replay(&self, without: Option<u64>) -> Doc {
        let mut doc = self.base.clone().expect("replayed with nothing pending");
        for line in &self.lines {
            match line {
                Line::Change { id, .. } if Some(*id) == without => {}
                line => replay_line(&mut doc, line),
            }
        }
        doc
    }

    /// `base` with `lines` replayed, leaving out the changes that have failed.
    fn replay_from(&self, base: &Doc, lines: &[Line]) -> Doc {
        let mut doc = base.clone();
        for line in lines {
            match line {
                Line::Change { id, .. } if self.failed.contains(id) => {}
                line => replay_line(&mut doc, line),
            }
        }
        doc
    }
}

fn replay_line(doc: &mut Doc, line: &Line) {
    match line {
        Line::Change { add, push, .. } => apply_change(doc, *add, *push),
        Line::Write { after, fields } => {
            for &f in fields {
                copy_field(doc, after, f);
            }
        }
        Line::Push(v) => doc.list.push(*v),
    }
}

impl Model {
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
        let settled: Vec<Line> = self.lines.drain(..pending).collect();
        let base = self
            .base
            .as_mut()
            .expect("a base while changes are pending");
        for line in settled {
            match line {
                Line::Change { add, push, .. } => apply_change(base, add, push),
                Line::Write { after, fields } => {
                    for f in fields {
                        copy_field(base, &after, f);
                    }
                }
                Line::Push(v) => base.list.push(v),
            }
        }
    }

    /// A plain write changed the document from `before`; `slot` names the field written
    /// through a slice.
    fn plain_write(&mut self, before: Doc, slot: Option<usize>) {
        if self.base.is_some() {
            let fields = match slot {
                Some(f) => vec![f],
                None => differing(&before, &self.doc, false),
            };
            self.lines.push(Line::Write {
                after: self.doc.clone(),
                fields,
            });
        }
    }

    fn push_past(&mut self, step: Step) {
        if self.past.len() == LIMIT {
            self.past.remove(0);
        }
        self.past.push(step);
    }

    /// The application pushed `v` onto `list`: a step for the list, and (while changes are
    /// pending) a push to replay.
    fn user_push(&mut self, before: Doc, v: i32) {
        self.future.clear();
        self.push_past(Step {
            before,
            fields: vec![3],
            slot: true,
            without: None,
        });
        if self.base.is_some() {
            self.lines.push(Line::Push(v));
        }
    }

    /// The application wrote: a new step (unless nothing recorded changed), and no redo.
    fn user_write(&mut self, before: Doc, slot: Option<usize>) {
        let step = match slot {
            Some(f) if !RECORDED[f] => None,
            Some(f) => Some(Step {
                before: before.clone(),
                fields: vec![f],
                slot: true,
                without: None,
            }),
            None => {
                let fields = differing(&before, &self.doc, true);
                (!fields.is_empty()).then(|| Step {
                    before: before.clone(),
                    fields,
                    slot: false,
                    without: None,
                })
            }
        };
        if let Some(step) = step {
            self.future.clear();
            self.push_past(step);
        }
        self.plain_write(before, slot);
    }

    /// Undo (or redo) of `step`: puts back its fields, and returns the opposite step.
    fn apply_step(&mut self, step: Step) -> Step {
        let before = self.doc.clone();
        let target = match &step.without {
            Some((base, lines)) => self.replay_from(base, lines),
            None => step.before.clone(),
        };
        for &f in &step.fields {
            copy_field(&mut self.doc, &target, f);
        }
        let opposite = Step {
            fields: if step.slot {
                step.fields.clone()
            } else {
                differing(&before, &self.doc, true)
            },
            before: before.clone(),
            slot: step.slot,
            without: None,
        };
        self.plain_write(before, step.slot.then(|| step.fields[0]));
        opposite
    }

    fn undo(&mut self) {
        if let Some(step) = self.past.pop() {
            let redo = self.apply_step(step);
            self.future.push(redo);
        }
    }

    fn redo(&mut self) {
        if let Some(step) = self.future.pop() {
            let undo = self.apply_step(step);
            self.push_past(undo);
        }
    }
}

fn pending_ids(model: &Model) -> Vec<u64> {
    model
        .lines
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

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let _owner = effects::owner();
    let store = Store::new(Doc::default());
    let history = History::attach(store, HistoryOptions::new().limit(LIMIT));
    let mut model = Model::default();
    let mut handles: Vec<OptimisticChange<Doc>> = Vec::new();

    for (at, op) in ops.iter().enumerate() {
        let before = model.doc.clone();
        match *op {
            Op::SetA(v) => {
                store.a().set(v);
                model.doc.a = v;
                model.user_write(before, Some(0));
            }
            Op::SetB(v) => {
                store.b().set(v);
                model.doc.b = v;
                model.user_write(before, Some(1));
            }
            Op::SetC(v) => {
                store.c().set(v);
                model.doc.c = v;
                model.user_write(before, Some(2));
            }
            Op::Push(v) => {
                store.list().push(v).unwrap();
                model.doc.list.push(v);
                model.user_push(before, v);
            }
            Op::Transaction(a, b, c) => {
                store
                    .transaction("tx", |tx| {
                        tx.update(|d| d.a = a);
                        tx.update(|d| {
                            d.b = b;
                            d.c = c;
                        });
                    })
                    .unwrap();
                (model.doc.a, model.doc.b, model.doc.c) = (a, b, c);
                model.user_write(before, None);
            }
            Op::Undo => {
                history.undo().unwrap();
                model.undo();
            }
            Op::Redo => {
                history.redo().unwrap();
                model.redo();
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
                    for _ in 0..steps.unsigned_abs() {
                        if steps < 0 {
                            model.undo();
                        } else {
                            model.redo();
                        }
                    }
                }
            }
            Op::Begin { add, push } => {
                let handle = store
                    .begin_optimistic("change", move |d: &mut Doc| apply_change(d, add, push))
                    .unwrap();
                if model.base.is_none() {
                    model.base = Some(model.doc.clone());
                }
                model.lines.push(Line::Change {
                    id: handle.id(),
                    add,
                    push,
                    confirmed: false,
                });
                apply_change(&mut model.doc, add, push);
                handles.push(handle);
            }
            Op::Settle { which, ok } => {
                let pending = pending_ids(&model);
                if pending.is_empty() {
                    continue;
                }
                let id = pending[which % pending.len()];
                let handle = handles.iter().find(|h| h.id() == id).unwrap().clone();
                if ok {
                    handle.confirm().unwrap();
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
                    let without = model.replay(Some(id));
                    let fields = differing(&without, &model.doc, true);
                    if !fields.is_empty() {
                        let base = model.base.clone().expect("a base while pending");
                        let lines = model
                            .lines
                            .iter()
                            .filter(|line| !matches!(line, Line::Change { id: l, .. } if *l == id))
                            .cloned()
                            .collect();
                        model.future.clear();
                        model.push_past(Step {
                            before: without,
                            fields,
                            slot: false,
                            without: Some((base, lines)),
                        });
                    }
                } else {
                    handle.fail("no").unwrap();
                    model.failed.push(id);
                    model
                        .lines
                        .retain(|line| !matches!(line, Line::Change { id: l, .. } if *l == id));
                    model.doc = model.replay(None);
                }
                model.fold();
            }
        }
        prop_assert_eq!(
            &store.get_untracked(),
            &model.doc,
            "state after step {} ({:?})",
            at,
            op
        );
        prop_assert_eq!(
            (history.past_len(), history.future_len()),
            (model.past.len(), model.future.len()),
            "history lengths after step {} ({:?})",
            at,
            op
        );
        prop_assert_eq!(
            store.pending_changes().len(),
            pending_ids(&model).len(),
            "pending changes after step {}",
            at
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn history_and_optimistic_changes_match_the_snapshot_model(
        ops in proptest::collection::vec(op(), 1..40)
    ) {
        run(&ops)?;
    }
}
