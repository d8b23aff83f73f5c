//! The leptos-state counter: one counter store, shared by the components that show and change
//! it, guarded by a validator, logged to the console and (feature `devtools`) inspected.

use leptos::prelude::*;
use leptos_state::prelude::*;
use serde::{Deserialize, Serialize};

/// The counter's state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counter {
    /// The current count; never below zero.
    pub count: i64,
}

/// The counter holds no secret: `Logger` prints it whole.
impl Redact for Counter {}

/// Creates the counter store: refuses counts below zero, logs every change, and (feature
/// `devtools`) shows itself in the devtools.
pub fn counter_store() -> Store<Counter> {
    let counter = Store::new_named("counter", Counter::default());
    counter
        .attach(Validate::new(|c: &Counter| {
            if c.count >= 0 {
                Ok(())
            } else {
                Err("the count cannot go below zero")
            }
        }))
        .attach(Logger::new());
    counter.inspect_any();
    counter
}

/// The counter page: provides the counter store to the components below.
#[component]
pub fn App() -> impl IntoView {
    provide_store(counter_store());
    view! {
        <div class="counter">
            <CountDisplay/>
            <CounterButtons/>
        </div>
    }
}

/// Shows the count, and whether it is even, from the shared store.
#[component]
pub fn CountDisplay() -> impl IntoView {
    let counter = use_store::<Counter>();
    let even = counter.select(|c| c.count % 2 == 0);
    view! {
        <p class="count">
            <output id="count" aria-label="Count">{move || counter.with(|c| c.count)}</output>
            <span class="parity">" (" <span id="parity">{move || if even.get() { "even" } else { "odd" }}</span> ")"</span>
        </p>
    }
}

/// Buttons that change the shared store, and the message of a refused change.
#[component]
pub fn CounterButtons() -> impl IntoView {
    let counter = use_store::<Counter>();
    let error = RwSignal::new(None::<String>);
    let report = move |result: Result<(), leptos_state::StoreError>| {
        error.set(result.err().map(|err| err.to_string()));
    };
    view! {
        <div class="buttons">
            <button id="decrement" on:click=move |_| report(counter.update("decrement", |c| c.count -= 1))>
                "-1"
            </button>
            <button id="increment" on:click=move |_| report(counter.update("increment", |c| c.count += 1))>
                "+1"
            </button>
            <button id="reset" on:click=move |_| report(counter.reset())>"Reset"</button>
        </div>
        <p id="error" role="alert">{move || error.get()}</p>
    }
}
