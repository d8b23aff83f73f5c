//! `use_store` without a provider panics at the caller's line, not inside the library.
//!
//! Its own test binary with a single test, because it installs a process-wide panic hook.

use leptos::prelude::*;
use leptos_state::use_store;
use std::{
    panic,
    sync::{Arc, Mutex},
};

type Seen = Arc<Mutex<Option<(Option<(String, u32)>, String)>>>;

#[test]
fn missing_provider_panics_point_at_the_caller_and_say_what_is_missing() {
    let seen = Seen::default();
    let hook_seen = seen.clone();
    panic::set_hook(Box::new(move |info| {
        let location = info.location().map(|l| (l.file().to_string(), l.line()));
        *hook_seen.lock().unwrap() = Some((location, info.to_string()));
    }));

    // Inside a component with no provider above it.
    let owner = Owner::new();
    owner.set();
    let line = line!() + 1;
    let result = panic::catch_unwind(|| use_store::<u64>());
    assert!(result.is_err());
    let (location, message) = seen.lock().unwrap().take().expect("the hook saw the panic");
    assert_eq!(location, Some((file!().to_string(), line)));
    assert!(
        message.contains("no store of type `u64` in context"),
        "{message}"
    );

    // Outside any component at all.
    let result = std::thread::spawn(|| use_store::<u64>()).join();
    assert!(result.is_err());
    let (_, message) = seen.lock().unwrap().take().expect("the hook saw the panic");
    assert!(
        message.contains("was called outside any component or reactive owner"),
        "{message}"
    );

    let _ = panic::take_hook();
}
