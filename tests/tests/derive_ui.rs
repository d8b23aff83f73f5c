//! `#[derive(State)]` as users meet it at compile time: the shapes it accepts, and an error
//! with a span for every mistake.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn accepted_shapes_compile() {
    trybuild::TestCases::new().pass("tests/ui/pass/*.rs");
}

#[test]
fn mistakes_are_reported_where_they_are() {
    trybuild::TestCases::new().compile_fail("tests/ui/fail/*.rs");
}
