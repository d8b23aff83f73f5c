//! The derive is only sugar: the same slices, metadata and patching written by hand, with the
//! public API alone, behave exactly like the derived ones.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{Changes, Field, FieldInfo, KeyedVec, Patch, Slice, State, Store};

#[derive(Clone, PartialEq, Debug)]
pub struct Todo {
    id: u32,
    done: bool,
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct Board {
    title: String,
    todos: Vec<Todo>,
}

// What `#[derive(State)]` would generate for `Todo`, by hand.
pub trait TodoSlices: Slice<Value = Todo> {
    fn id(&self) -> Field<Self, u32> {
        Field::new(self.clone(), 0, "id", |t| &t.id, |t| &mut t.id)
    }
    fn done(&self) -> Field<Self, bool> {
        Field::new(self.clone(), 1, "done", |t| &t.done, |t| &mut t.done)
    }
}
impl<L: Slice<Value = Todo>> TodoSlices for L {}

/// The keyed `todos` field of a `Board` that `L` points at.
pub type TodosSlice<L> = KeyedVec<Field<L, Vec<Todo>>, fn(&Todo) -> u32>;

// ...and for `Board`, with `#[state(key = |t| t.id)]` on `todos`.
pub trait BoardSlices: Slice<Value = Board> {
    fn title(&self) -> Field<Self, String> {
        Field::new(self.clone(), 0, "title", |b| &b.title, |b| &mut b.title)
    }
    fn todos(&self) -> TodosSlice<Self> {
        let field = Field::new(self.clone(), 1, "todos", |b| &b.todos, |b| &mut b.todos);
        KeyedVec::new(field, "id", |t| t.id)
    }
}
impl<L: Slice<Value = Board>> BoardSlices for L {}

impl State for Board {
    const FIELDS: &'static [FieldInfo] = &[
        FieldInfo::new("title", 0),
        FieldInfo::new("todos", 1).keyed("id"),
    ];

    fn __field_eq(&self, other: &Self, index: u32) -> bool {
        match index {
            0 => self.title == other.title,
            1 => self.todos == other.todos,
            _ => true,
        }
    }

    fn __copy_field(&mut self, from: &Self, index: u32) {
        match index {
            0 => self.title.clone_from(&from.title),
            1 => self.todos.clone_from(&from.todos),
            _ => {}
        }
    }
}

impl Patch for Board {
    fn patch(&mut self, new: Self, changes: &mut Changes) -> bool {
        let Board { title, todos } = new;
        let mut changed = changes.field(0, &mut self.title, title);
        changed |= changes.field(1, &mut self.todos, todos);
        changed
    }
}

#[test]
fn hand_written_slices_behave_like_derived_ones() {
    let _owner = owner();
    let store = Store::new(Board {
        title: "chores".into(),
        todos: vec![Todo { id: 1, done: false }, Todo { id: 2, done: false }],
    });
    let one = count_runs(move || {
        store.todos().by_key(1).done().get();
    });
    let two = count_runs(move || {
        store.todos().by_key(2).done().get();
    });
    let title = count_runs(move || {
        store.title().get();
    });

    store.todos().by_key(1).done().set(true);
    flush();
    assert_eq!([one.get(), two.get(), title.get()], [2, 1, 1]);
    assert_eq!(
        store.todos().by_key(1).done().path().to_string(),
        "todos[id=1].done"
    );

    store
        .patch(Board {
            title: "errands".into(),
            ..store.get_untracked()
        })
        .unwrap();
    flush();
    assert_eq!([one.get(), two.get(), title.get()], [2, 1, 2]);
    assert_eq!(Board::field("todos").unwrap().key(), Some("id"));
}
