//! The derive is only sugar: the same slices, metadata and patching written by hand, with the
//! public API alone, behave exactly like the derived ones.

#[path = "util/effects.rs"]
mod effects;

use effects::{count_runs, flush, owner};
use leptos::prelude::*;
use leptos_state::{
    Changes, Field, FieldAt, FieldInfo, FieldOf, KeyedVec, Patch, Slice, State, Store,
};

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

/// Implements `FieldOf` for one field, as `#[derive(State)]` does.
macro_rules! field {
    ($parent:ty, $index:literal, $field:ident: $ty:ty, $info:expr) => {
        impl FieldOf<$parent> for FieldAt<$index> {
            type Value = $ty;
            const INFO: FieldInfo = $info;
            fn read(of: &$parent) -> &$ty {
                &of.$field
            }
            fn write(of: &mut $parent) -> &mut $ty {
                &mut of.$field
            }
        }
    };
}

// What `#[derive(State)]` would generate for `Todo`, by hand.
field!(Todo, 0, id: u32, FieldInfo::new("id", 0));
field!(Todo, 1, done: bool, FieldInfo::new("done", 1));

pub trait TodoSlices: Slice<Value = Todo> {
    fn id(&self) -> Field<Self, 0> {
        Field::new(self.clone())
    }
    fn done(&self) -> Field<Self, 1> {
        Field::new(self.clone())
    }
}
impl<L: Slice<Value = Todo>> TodoSlices for L {}

/// The keyed `todos` field of a `Board` that `L` points at.
pub type TodosSlice<L> = KeyedVec<Field<L, 1>, fn(&Todo) -> u32>;

// ...and for `Board`, with `#[state(key = |t| t.id)]` on `todos`.
field!(Board, 0, title: String, FieldInfo::new("title", 0));
field!(Board, 1, todos: Vec<Todo>, FieldInfo::new("todos", 1).keyed("id"));

pub trait BoardSlices: Slice<Value = Board> {
    fn title(&self) -> Field<Self, 0> {
        Field::new(self.clone())
    }
    fn todos(&self) -> TodosSlice<Self> {
        KeyedVec::new(Field::new(self.clone()), "id", |t| t.id)
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
