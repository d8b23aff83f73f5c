//! A checkout wizard: steps guarded by what the form holds, a help page that returns to the
//! step you left (history), and a final state.

use leptos::prelude::*;
use leptos_state::{History, Machine, use_machine};

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
    /// Edits the address.
    Address(String),
    /// Edits the card number.
    Card(String),
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    /// The shipping address.
    pub address: String,
    /// The card number.
    pub card: String,
}

/// The wizard.
pub fn checkout() -> Machine<Step, Action, Form> {
    let edits = |s: leptos_state::StateBuilder<Step, Action, Form>| {
        s.on_with(Action::Address(String::new()), |t| {
            t.action(|form, action| {
                if let Action::Address(address) = action {
                    form.address.clone_from(address);
                }
            })
        })
        .on_with(Action::Card(String::new()), |t| {
            t.action(|form, action| {
                if let Action::Card(card) = action {
                    form.card.clone_from(card);
                }
            })
        })
    };
    Machine::builder(Form::default())
        .initial(Step::Details)
        .state(Step::Details, |s| {
            edits(s)
                .initial(Step::Address)
                .on(Action::Help, Step::Help)
                .child(Step::Resume, |s| s.history(History::Shallow))
                .child(Step::Address, |s| {
                    s.on_with(Action::Next, |t| {
                        t.to(Step::Payment)
                            .guard(|form: &Form, _| !form.address.trim().is_empty())
                    })
                })
                .child(Step::Payment, |s| {
                    s.on(Action::Back, Step::Address)
                        .on_with(Action::Next, |t| {
                            t.to(Step::Review).guard(|form: &Form, _| {
                                form.card.len() >= 12
                                    && form.card.chars().all(|c| c.is_ascii_digit())
                            })
                        })
                })
                .child(Step::Review, |s| {
                    s.on(Action::Back, Step::Payment)
                        .on(Action::Pay, Step::Confirmed)
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
    let wizard = use_machine(checkout());
    let step = move || {
        wizard
            .state()
            .first()
            .map_or_else(String::new, |step| format!("{step:?}"))
    };
    let send = move |action: Action| move |_| wizard.send(action.clone());
    view! {
        <h2 id="step">{step}</h2>
        <input
            id="address"
            prop:value=move || wizard.with_context(|f| f.address.clone()).unwrap_or_default()
            on:input=move |ev| wizard.send(Action::Address(event_target_value(&ev)))
        />
        <input
            id="card"
            prop:value=move || wizard.with_context(|f| f.card.clone()).unwrap_or_default()
            on:input=move |ev| wizard.send(Action::Card(event_target_value(&ev)))
        />
        <button id="back" on:click=send(Action::Back) disabled=move || !wizard.can(&Action::Back)>
            "Back"
        </button>
        <button id="next" on:click=send(Action::Next) disabled=move || !wizard.can(&Action::Next)>
            "Next"
        </button>
        <button id="pay" on:click=send(Action::Pay) disabled=move || !wizard.can(&Action::Pay)>
            "Pay"
        </button>
        <button id="help" on:click=send(Action::Help) disabled=move || !wizard.can(&Action::Help)>
            "Help"
        </button>
        <button id="return" on:click=send(Action::Return) disabled=move || !wizard.can(&Action::Return)>
            "Return"
        </button>
        <p id="done">{move || if wizard.done() { "Thank you for your order" } else { "" }}</p>
    }
}
