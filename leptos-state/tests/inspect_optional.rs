//! The devtools' entry points (`inspect`, `inspect_any`, `Actor::inspect`) exist with the
//! `devtools` feature off, where they do nothing: an app that makes the devtools optional calls
//! them without `#[cfg]`. This file compiles and passes both ways: `scripts/test` builds the
//! crate's tests without features (the clippy step) and runs them with every feature the
//! workspace enables.

use leptos::prelude::*;
use leptos_state::{Machine, State, Store, use_machine};
use serde::{Deserialize, Serialize};

#[derive(State, Clone, Default, PartialEq, Debug, Serialize, Deserialize)]
struct Session {
    user: String,
    #[state(redact)]
    token: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Door {
    Closed,
    Open,
}

#[derive(Clone, Debug)]
enum Push {
    Open,
}

#[test]
fn inspecting_needs_no_cfg_and_changes_nothing_about_the_app() {
    let owner = Owner::new();
    owner.set();
    let session = Store::new_named("optional session", Session::default());
    session.inspect().inspect();
    let counter = Store::new_named("optional counter", 0_u32);
    counter.inspect_any();
    let door = use_machine(
        Machine::builder(())
            .initial(Door::Closed)
            .state(Door::Closed, |s| s.on(Push::Open, Door::Open))
            .state(Door::Open, |s| s)
            .build()
            .unwrap(),
    );
    door.inspect("optional door", [Push::Open]);

    session.token().set("secret".into());
    counter.update("add", |n| *n += 1).unwrap();
    door.send(Push::Open);
    assert_eq!(session.token().get_untracked(), "secret");
    assert_eq!(counter.get_untracked(), 1);
    assert_eq!(door.state_untracked(), [Door::Open]);

    #[cfg(feature = "devtools")]
    {
        use leptos_state::devtools;
        let stores: Vec<String> = devtools::live_stores_untracked()
            .into_iter()
            .filter(|store| store.inspector.is_some())
            .map(|store| store.name)
            .collect();
        assert!(
            stores.contains(&"optional session".to_owned()),
            "{stores:?}"
        );
        assert!(
            stores.contains(&"optional counter".to_owned()),
            "{stores:?}"
        );
        assert!(
            devtools::live_machines_untracked()
                .iter()
                .any(|machine| machine.name == "optional door")
        );
    }
}
