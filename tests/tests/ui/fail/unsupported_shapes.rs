use leptos_state::State;

#[derive(State, Clone)]
enum Mode {
    Light,
    Dark,
}

#[derive(State, Clone)]
struct Tuple(u8, u8);

#[derive(State, Clone)]
struct Unit;

#[derive(State)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
