//! Providing a store to components and finding it again.

#[path = "util/effects.rs"]
mod effects;

use effects::owner;
use leptos::prelude::*;
use leptos_state::{Store, provide_store, try_use_store, use_store};

#[derive(Clone, Debug, Default, PartialEq)]
struct Cart {
    items: u32,
}

#[test]
fn components_under_one_provider_share_the_store() {
    let app = owner();
    provide_store(Store::new(Cart::default()));

    let first = app.child().with(use_store::<Cart>);
    let second = app.child().child().with(use_store::<Cart>);
    assert_eq!(first, second);

    first.update("add", |c| c.items += 1).unwrap();
    assert_eq!(second.with_untracked(|c| c.items), 1);
}

#[test]
fn a_nested_provider_hides_the_outer_store_below_it() {
    let app = owner();
    let outer = Store::new(Cart { items: 1 });
    provide_store(outer);
    let section = app.child();
    let inner = section.with(|| {
        let inner = Store::new(Cart { items: 2 });
        provide_store(inner);
        inner
    });
    assert_eq!(section.child().with(use_store::<Cart>), inner);
    assert_eq!(app.child().with(use_store::<Cart>), outer);
}

#[test]
fn try_use_store_returns_none_without_a_provider() {
    let _owner = owner();
    assert_eq!(try_use_store::<Cart>(), None);
    provide_store(Store::new(0_u8));
    assert_eq!(
        try_use_store::<Cart>(),
        None,
        "stores are found by state type"
    );
}

#[test]
#[should_panic(expected = "no store of type `context::Cart` in context: call \
                           `provide_store(Store::new(...))` with a `context::Cart` in an \
                           ancestor component")]
fn use_store_without_a_provider_panics_naming_the_type_and_the_fix() {
    let _owner = owner();
    use_store::<Cart>();
}
