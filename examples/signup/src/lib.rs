//! A sign-up form whose fields garde validates while the user types: each field shows its own
//! error as soon as it has one ([`FieldErrors`]), nothing typed is refused, and the form can
//! be sent only once every field is valid.

use leptos::prelude::*;
use leptos_state::prelude::*;

/// What the form holds. garde's rules are on the fields; the store's slices bind the inputs.
#[derive(
    State, garde::Validate, Clone, PartialEq, Debug, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Signup {
    /// Two to forty characters.
    #[garde(length(chars, min = 2, max = 40))]
    pub name: String,
    /// Something before and after an `@`, with a dot after it.
    #[garde(custom(looks_like_email))]
    pub email: String,
    /// At least eight characters; never shown by the devtools.
    #[garde(length(min = 8))]
    #[state(redact)]
    pub password: String,
    /// Must be ticked.
    #[garde(custom(is_ticked))]
    pub terms: bool,
    /// Who signed up, once the form was sent.
    #[garde(skip)]
    pub welcomed: Option<String>,
}

fn looks_like_email(value: &str, _: &()) -> garde::Result {
    match value.split_once('@') {
        Some((user, domain)) if !user.is_empty() && domain.contains('.') => Ok(()),
        _ => Err(garde::Error::new(
            "an email address looks like ada@example.com",
        )),
    }
}

fn is_ticked(value: &bool, _: &()) -> garde::Result {
    if *value {
        Ok(())
    } else {
        Err(garde::Error::new("the terms must be accepted"))
    }
}

/// The form, in a card.
#[component]
pub fn App() -> impl IntoView {
    let form = Store::new_named("signup", Signup::default());
    form.inspect();
    let errors = FieldErrors::new(form);
    let error = move |field: &'static str| {
        view! { <p class="field-error" data-field=field>{move || errors.at(field)}</p> }
    };
    let send = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if errors.is_valid_untracked() {
            let name = form.name().get_untracked();
            form.welcomed().set(Some(name));
        }
    };
    view! {
        <form class="signup" on:submit=send>
            <label>"Name" <input type="text" name="name" bind:value=form.name()/></label>
            {error("name")}
            <label>"Email" <input type="email" name="email" bind:value=form.email()/></label>
            {error("email")}
            <label>
                "Password" <input type="password" name="password" bind:value=form.password()/>
            </label>
            {error("password")}
            <label>
                <input type="checkbox" name="terms" bind:checked=form.terms()/>
                "I accept the terms"
            </label>
            {error("terms")}
            <button type="submit" disabled=move || !errors.is_valid()>"Sign up"</button>
        </form>
        <p class="welcome">
            {move || form.welcomed().get().map(|name| format!("Welcome, {name}!"))}
        </p>
    }
}
