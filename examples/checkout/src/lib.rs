//! A checkout wizard: steps guarded by what the form holds, a help page that returns to the
//! step you left (history), and a final state.
//!
//! The form lives in a store (`Store<Form>`), and the machine's context is that store: the
//! inputs write its slices, the guards read them, and paying writes through them, so the form
//! gets middleware (here a logger, and a lock once paid), and later persistence and undo,
//! like any store. The page shows one step at a time, and the card number masked once
//! entered.

use leptos::prelude::*;
use leptos_state::HistoryMode;
use leptos_state::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Refuses every change to the form once the order is paid: what was paid for stays as it
/// was, whoever tries to change it (the page, the devtools).
#[derive(Debug, Default)]
pub struct LockedOncePaid {
    paid: AtomicBool,
}

impl Middleware<Form> for LockedOncePaid {
    fn name(&self) -> &str {
        "locked once paid"
    }

    fn before(&self, _: &Change<'_>, _: &Form) -> Result<(), Refusal> {
        if self.paid.load(Ordering::Acquire) {
            Err(Refusal::new("the order is paid: the form is locked"))
        } else {
            Ok(())
        }
    }

    fn after(&self, _: &Change<'_>, form: &Form) {
        if form.paid {
            self.paid.store(true, Ordering::Release);
        }
    }
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
    form.attach(LockedOncePaid::default()).attach(Logger::new());
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
    // Each step shows its own buttons; the others stay in the page, hidden.
    let offered = move |action: &Action| {
        let steps = wizard.state();
        let at = |step: Step| steps.contains(&step);
        match action {
            Action::Next => at(Step::Address) || at(Step::Payment),
            Action::Back => at(Step::Payment) || at(Step::Review),
            Action::Pay => at(Step::Review),
            Action::Help => at(Step::Details),
            Action::Return => at(Step::Help),
        }
    };
    let button = move |id: &'static str, label: &'static str, action: Action| {
        let enabled = action.clone();
        let shown = action.clone();
        view! {
            <button
                id=id
                class:primary=matches!(action, Action::Next | Action::Pay)
                on:click=move |_| wizard.send(action.clone())
                disabled=move || !wizard.can(&enabled)
                hidden=move || !offered(&shown)
            >
                {label}
            </button>
        }
    };
    let at = move |step: Step| wizard.state().contains(&step);
    let progress = move |step: Step, label: &'static str| {
        view! { <li class:current=move || at(step)>{label}</li> }
    };
    view! {
        <ol class="steps" aria-label="Steps">
            {progress(Step::Address, "Address")}
            {progress(Step::Payment, "Payment")}
            {progress(Step::Review, "Review")}
            {progress(Step::Confirmed, "Done")}
        </ol>
        <h3 id="step">{step}</h3>
        <Show when=move || at(Step::Address)>
            <label class="field">
                "Shipping address"
                <input
                    id="address"
                    autocomplete="shipping street-address"
                    bind:value=form.address()
                />
            </label>
        </Show>
        <Show when=move || at(Step::Payment)>
            <label class="field">
                "Card number (12 digits or more)"
                <input
                    id="card"
                    inputmode="numeric"
                    autocomplete="cc-number"
                    bind:value=form.card()
                />
            </label>
        </Show>
        <Show when=move || at(Step::Review) || at(Step::Confirmed)>
            <dl class="summary">
                <dt>"Ship to"</dt>
                <dd id="summary-address">{move || form.address().get()}</dd>
                <dt>"Card"</dt>
                <dd id="summary-card">{move || form.card().with(|card| masked(card))}</dd>
            </dl>
        </Show>
        <Show when=move || at(Step::Help)>
            <p class="help">
                "An address is needed to ship, and a card number of 12 digits or more to pay. "
                "Return takes you back to the step you left."
            </p>
        </Show>
        <div class="buttons">
            {button("back", "Back", Action::Back)}
            {button("next", "Next", Action::Next)}
            {button("pay", "Pay", Action::Pay)}
            {button("help", "Help", Action::Help)}
            {button("return", "Return", Action::Return)}
        </div>
        <p id="done">
            {move || if wizard.done() && form.paid().get() { "Thank you for your order" } else { "" }}
        </p>
    }
}

/// A card number as a receipt shows it: its last four digits.
pub fn masked(card: &str) -> String {
    let digits: Vec<char> = card.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("•••• •••• •••• {last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paid_form_refuses_every_change() {
        let owner = Owner::new();
        owner.set();
        let form = Store::new(Form::default());
        form.attach(LockedOncePaid::default());
        form.address().set("1 Main St".into());
        form.card().set("123456789012".into());
        form.paid().set(true);
        let refused = form.card().checked_set("999999999999".into()).unwrap_err();
        assert!(
            refused.to_string().contains("the form is locked"),
            "{refused}"
        );
        assert_eq!(form.card().get_untracked(), "123456789012");
        assert_eq!(masked(&form.card().get_untracked()), "•••• •••• •••• 9012");
    }
}
