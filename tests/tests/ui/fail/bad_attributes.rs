use leptos_state::State;

#[derive(State, Clone, PartialEq)]
#[state(skip)]
struct App {
    #[state(colour = "red", redact)]
    a: u8,
    #[state(skip, skip)]
    b: u8,
    #[state(persist = false)]
    #[state(persist = true)]
    c: u8,
    #[state(key = |t| t.id)]
    d: String,
    #[state(crate = leptos_state)]
    e: u8,
    #[state(skip, key = |t: &u8| -> u8 { *t })]
    f: Vec<u8>,
    #[state(key = |t: &u8| t.wrapping_add(1))]
    g: Vec<u8>,
    get: u8,
}

fn main() {}
