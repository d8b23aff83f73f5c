//! A checkout wizard: steps guarded by what the form holds, a help page that returns to the
//! step you left (history), and a final state.
//!
//! The form lives in a store (`Store<Form>`), and the machine's context is that store: the
//! inputs write its slices, the guards read them, and paying writes through them, so the form
//! gets middleware (here a logger), and later persistence and undo, like any store.

use leptos::prelude::*;
use leptos_state::HistoryMode;
use leptos_state::prelude::*;
use serde::{Deserialize, Serialize};

/// The wizard's states.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Step {
    /// Filling in the details.
    Details,
    /// Where to ship.
    Address,
    /// How to pay.
    Payment,
    /// Checking before paying.
    Review,
    /// The step `Details` was in when left.
    Resume,
    /// The help page.
    Help,
    /// Paid: the end.
    Confirmed,
}

/// What the page sends.
#[derive(Debug, Clone)]
pub enum Action {
    /// Goes to the next step.
    Next,
    /// Goes to the previous step.
    Back,
    /// Opens the help page.
    Help,
    /// Leaves the help page for the step it was opened from.
    Return,
    /// Pays.
    Pay,
}

/// What the form holds.
#[derive(State, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// The shipping address.
    pub address: String,
    /// The card number: the devtools show it as redacted.
    #[state(redact)]
    pub card: String,
    /// Set when the order is paid.
    pub paid: bool,
}

fn card_is_valid(card: &str) -> bool {
    card.len() >= 12 && card.chars().all(|c| c.is_ascii_digit())
}

/// The wizard, driving the form store `form`.
///
/// Guards read the store with tracking (`with`), so a `can(..)` in a view re-runs when the
/// form changes.
pub fn checkout(form: Store<Form>) -> Machine<Step, Action, Store<Form>> {
    Machine::builder(form)
        .initial(Step::Details)
        .state(Step::Details, |s| {
            s.initial(Step::Address)
                .on(Action::Help, Step::Help)
                .child(Step::Resume, |s| s.history(HistoryMode::Shallow))
                .child(Step::Address, |s| {
                    s.on_with(Action::Next, |t| {
                        t.to(Step::Payment).guard(|form: &Store<Form>, _| {
                            form.address().with(|a| !a.trim().is_empty())
                        })
                    })
                })
                .child(Step::Payment, |s| {
                    s.on(Action::Back, Step::Address)
                        .on_with(Action::Next, |t| {
                            t.to(Step::Review).guard(|form: &Store<Form>, _| {
                                form.card().with(|c| card_is_valid(c))
                            })
                        })
                })
                .child(Step::Review, |s| {
                    s.on(Action::Back, Step::Payment).on_with(Action::Pay, |t| {
                        t.to(Step::Confirmed)
                            .action(|form: &mut Store<Form>, _| form.paid().set(true))
                    })
                })
        })
        .state(Step::Help, |s| s.on(Action::Return, Step::Resume))
        .state(Step::Confirmed, |s| s.final_state())
        .build()
        .expect("the checkout is a valid machine")
}

/// The wizard's page.
#[component]
pub fn App() -> impl IntoView {
    let form = Store::new_named("checkout form", Form::default());
    form.attach(Logger::new());
    form.inspect();
    let wizard = use_machine(checkout(form));
    wizard.inspect(
        "checkout",
        [
            Action::Next,
            Action::Back,
            Action::Help,
            Action::Return,
            Action::Pay,
        ],
    );
    let step = move || {
        wizard
            .state()
            .first()
            .map_or_else(String::new, |step| format!("{step:?}"))
    };
    let button = move |id: &'static str, label: &'static str, action: Action| {
        let enabled = action.clone();
        view! {
            <button
                id=id
                on:click=move |_| wizard.send(action.clone())
                disabled=move || !wizard.can(&enabled)
            >
                {label}
            </button>
        }
    };
    view! {
        <h2 id="step">{step}</h2>
        <input
            id="address"
            prop:value=move || form.address().get()
            on:input=move |ev| form.address().set(event_target_value(&ev))
        />
        <input
            id="card"
            prop:value=move || form.card().get()
            on:input=move |ev| form.card().set(event_target_value(&ev))
        />
        {button("back", "Back", Action::Back)}
        {button("next", "Next", Action::Next)}
        {button("pay", "Pay", Action::Pay)}
        {button("help", "Help", Action::Help)}
        {button("return", "Return", Action::Return)}
        <p id="done">
            {move || if wizard.done() && form.paid().get() { "Thank you for your order" } else { "" }}
        </p>
    }
}
