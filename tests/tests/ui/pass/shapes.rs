//! Every shape the derive accepts: nested, keyed (by field and by written return type),
//! maps, options, generics, skipped fields, metadata attributes and doc comments. Denying
//! missing docs shows that the generated public trait and methods carry documentation: the
//! fields' own doc comments, or a generated line.
#![deny(missing_docs)]
use leptos::prelude::*;
use leptos_state::{MapSlice, Slice, State, Store, VecSlice};
use std::collections::{BTreeMap, HashMap};

/// A tag.
#[derive(State, Clone, PartialEq, Debug)]
pub struct Tag {
    slug: String,
}

/// A todo.
#[derive(State, Clone, PartialEq, Debug, Default)]
pub struct Todo {
    id: u32,
    tags: Vec<Tag>,
}

/// The app.
#[derive(State, Clone, PartialEq, Debug, Default)]
pub struct App {
    /// Todos by id.
    #[state(key = |t| t.id)]
    todos: Vec<Todo>,
    #[state(key = |t: &Tag| -> String { t.slug.to_lowercase() })]
    tags: Vec<Tag>,
    by_name: HashMap<String, u32>,
    ordered: BTreeMap<u32, String>,
    maybe: Option<Todo>,
    #[state(skip)]
    cache: u64,
    #[state(persist = false, history = false, redact)]
    secret: String,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Pair<A, B>
where
    A: Clone,
{
    left: A,
    right: B,
}

/// A generic collection shared by the state's copies until written: the derive asks for
/// `Clone` of what it copies only where it writes through the `CopyOnWrite`.
#[derive(State, Clone, PartialEq, Default)]
struct Shared<R> {
    rows: leptos_state::CopyOnWrite<Vec<R>>,
    #[state(skip)]
    cache: leptos_state::CopyOnWrite<Vec<R>>,
}

/// A keyed list in a `CopyOnWrite`.
#[derive(State, Clone, PartialEq, Default)]
struct SharedTodos {
    #[state(key = |t| t.id)]
    todos: leptos_state::CopyOnWrite<Vec<Todo>>,
}

mod renamed {
    pub use leptos_state as state_lib;
}

/// Lifetimes come first in a generic list, defaults are dropped in impls, and a field type
/// may name the struct as `Self`.
#[derive(State, Clone, PartialEq)]
pub struct Tree<T: Clone + 'static = u8, const N: usize = 2> {
    /// The value.
    pub value_of: T,
    /// The children.
    pub children: Vec<Self>,
    /// A fixed-size array.
    pub slots: [u8; N],
}

/// Field names that the generated code also uses for its own locals.
#[derive(State, Clone, PartialEq, Default)]
pub struct Shadowing {
    /// Shadows nothing.
    pub changes: u8,
    /// Shadows nothing.
    pub changed: bool,
    /// Shadows nothing.
    pub new: u8,
    /// A raw identifier.
    pub r#type: u8,
}

#[derive(State, Clone, PartialEq, Default)]
#[state(crate = renamed::state_lib)]
struct Elsewhere {
    value_of: u8,
}

fn main() {
    let owner = Owner::new();
    owner.set();
    let store = Store::new(App::default());
    let _: u32 = store.todos().by_key(1).id().get_untracked_or(0);
    let _ = store.tags().by_key("a".to_string());
    let _ = store.by_name().entry("a".into());
    let _ = store.ordered().entry(1);
    let _ = store.maybe();
    let pair = Store::new(Pair { left: 1_u8, right: "x" });
    let _: u8 = pair.left().get_untracked();
    let _ = Store::new(Elsewhere::default()).value_of();
    let tree = Store::new(Tree::<u8, 2> {
        value_of: 1,
        children: Vec::new(),
        slots: [0; 2],
    });
    let _: Option<u8> = tree.children().at(0).value_of().try_get_untracked();
    let shared = Store::new(Shared::<String>::default());
    shared.rows().push("one".into()).unwrap();
    assert_eq!(shared.rows().at(0).get_untracked(), "one");
    let _ = Store::new(SharedTodos::default()).todos().by_key(1);
    let shadowing = Store::new(Shadowing::default());
    let _ = shadowing.r#type();
    shadowing.patch(Shadowing { changed: true, ..Shadowing::default() }).unwrap();
    assert!(shadowing.changed().get_untracked());
}

trait GetOr<T> {
    fn get_untracked_or(&self, fallback: T) -> T;
}

impl<T: Clone, S: GetUntracked<Value = T>> GetOr<T> for S {
    fn get_untracked_or(&self, fallback: T) -> T {
        self.try_get_untracked().unwrap_or(fallback)
    }
}
