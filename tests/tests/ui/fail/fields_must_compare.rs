use leptos_state::State;

#[derive(Clone)]
struct NoEq;

#[derive(State, Clone)]
struct App {
    value_of: NoEq,
}

fn main() {}
