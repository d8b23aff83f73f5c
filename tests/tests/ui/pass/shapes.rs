//! Every shape the derive accepts: nested, keyed (by field and by written return type),
//! maps, options, generics, skipped fields, metadata attributes and doc comments. Denying
//! missing docs shows that the generated public trait and methods carry documentation: the
//! fields' own doc comments, or a generated line.
#![deny(missing_docs)]
use leptos::prelude::*;
use leptos_state::{State, Store};
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

mod renamed {
    pub use leptos_state as state_lib;
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
    let _ = store.by_name().get("a".into());
    let _ = store.ordered().get(1);
    let _ = store.maybe();
    let pair = Store::new(Pair { left: 1_u8, right: "x" });
    let _: u8 = pair.left().get_untracked();
    let _ = Store::new(Elsewhere::default()).value_of();
}

trait GetOr<T> {
    fn get_untracked_or(&self, fallback: T) -> T;
}

impl<T: Clone, S: GetUntracked<Value = T>> GetOr<T> for S {
    fn get_untracked_or(&self, fallback: T) -> T {
        self.try_get_untracked().unwrap_or(fallback)
    }
}
