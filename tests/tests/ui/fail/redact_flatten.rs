use leptos_state::State;
use serde::Serialize;

#[derive(State, Clone, PartialEq, Serialize)]
struct Inner {
    a: u8,
}

#[derive(State, Clone, PartialEq, Serialize)]
struct Outer {
    #[state(redact)]
    #[serde(flatten)]
    inner: Inner,
}

fn main() {}
