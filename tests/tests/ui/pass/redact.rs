//! What `Redact` is derived for: generic and recursive structs, serde's transparent
//! structs, and the stores `Logger` and `inspect` then take.

use leptos_state::{ArcStore, Logger, Redact, State};
use serde::{Deserialize, Serialize};

#[derive(State, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Pair<A, B> {
    left: A,
    #[state(redact)]
    right: B,
}

/// A recursive generic struct: its children are redacted through the impl itself.
#[derive(State, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Tree<T: Clone + 'static> {
    value_of: T,
    children: Vec<Self>,
}

#[derive(State, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
struct Token {
    #[state(redact)]
    value: String,
}

/// A field of a type that has no `Redact` is shown as it is.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
struct Opaque(u8);

#[derive(State, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Holder {
    opaque: Opaque,
    token: Token,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
enum Mode {
    On,
}

impl Redact for Mode {}

fn main() {
    ArcStore::new(Pair { left: 1_u8, right: String::new() }).attach(Logger::new());
    ArcStore::new(Tree::<u8>::default())
        .attach(Logger::new())
        .inspect();
    ArcStore::new(Tree::<Pair<u8, Token>>::default()).attach(Logger::new());
    ArcStore::new(Holder::default()).attach(Logger::new()).inspect();
    ArcStore::new(Mode::On).attach(Logger::new());
}
