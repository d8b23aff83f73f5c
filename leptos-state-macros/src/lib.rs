//! Procedural macros for [leptos-state](https://docs.rs/leptos-state).
//!
//! Use them through `leptos_state`, which re-exports every macro of this crate.
#![deny(missing_docs)]

mod check;
mod expand;
mod model;
mod redact;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Makes every field of a struct a typed, reactive, writable slice.
///
/// `#[derive(State)]` on `struct App { .. }` generates:
///
/// - an extension trait `AppSlices`, implemented for every [`Slice`] whose value is an
///   `App` (a `Store<App>`, an `ArcStore<App>`, or a field of a parent struct), with one
///   method per field returning its slice: `store.todos()`. The field's doc comments become
///   the method's. Import the trait where you call its methods.
/// - `impl State for App`, whose `FIELDS` metadata lists every field and its attributes, for
///   middleware, persistence, history and the devtools to read at run time.
/// - `impl Patch for App`, for [`Slice::patch`]: replacing the value re-runs only the readers
///   of the fields that changed. Every field's type must therefore be `PartialEq`.
///
/// The struct must have named fields and be `Clone + Send + Sync + 'static`, as every store's
/// state is. Generic structs work; the trait takes the struct's generics.
///
/// # Field attributes
///
/// | Attribute | Meaning |
/// |---|---|
/// | `#[state(skip)]` | no slice method for this field |
/// | `#[state(persist = false)]` | persistence neither saves nor loads the field |
/// | `#[state(history = false)]` | undo history neither records nor rewrites the field |
/// | `#[state(redact)]` | the devtools, the Redux bridge and `Logger` show the field as `[redacted]`, in this struct and wherever it is nested (the derive implements `Redact`) |
/// | `#[state(key = \|t: &Todo\| t.id)]` | a `Vec` field whose items have keys: the method returns a [`KeyedVec`] with `by_key(k)` and `keys()` |
///
/// A `key` closure is either a field of the item (`|t| t.id`, where the item's type also
/// derives `State`, so its field types are known) or has its return type written out
/// (`|t: &Todo| -> String { t.slug.clone() }`).
///
/// # Struct attributes
///
/// | Attribute | Meaning |
/// |---|---|
/// | `#[state(crate = path)]` | where `leptos_state` is, if it is not a direct dependency (e.g. re-exported by another crate) |
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{State, Store};
///
/// #[derive(State, Clone, PartialEq, Debug)]
/// struct Todo {
///     id: u32,
///     text: String,
///     done: bool,
/// }
///
/// #[derive(State, Clone, PartialEq, Debug, Default)]
/// struct App {
///     /// The todos, in display order.
///     #[state(key = |t| t.id)]
///     todos: Vec<Todo>,
///     #[state(persist = false, history = false)]
///     draft: String,
///     #[state(redact)]
///     api_token: Option<String>,
///     #[state(skip)]
///     cache_hits: u64,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let store = Store::new(App::default());
/// store.todos().push(Todo { id: 1, text: "write docs".into(), done: false }).unwrap();
/// store.todos().by_key(1).done().set(true);
/// assert!(store.todos().by_key(1).done().get_untracked());
///
/// let draft = App::field("draft").unwrap();
/// assert!(!draft.persist() && !draft.history());
/// assert!(App::field("api_token").unwrap().redact());
/// assert!(!App::field("cache_hits").unwrap().slice());
/// ```
///
/// [`Slice`]: https://docs.rs/leptos-state/latest/leptos_state/trait.Slice.html
/// [`Slice::patch`]: https://docs.rs/leptos-state/latest/leptos_state/trait.Slice.html#method.patch
/// [`KeyedVec`]: https://docs.rs/leptos-state/latest/leptos_state/struct.KeyedVec.html
#[proc_macro_derive(State, attributes(state))]
pub fn derive_state(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn derive(input: DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let mut errors = model::Errors::default();
    let Some(input) = model::Input::parse(input, &mut errors) else {
        errors.finish()?;
        return unreachable_input();
    };
    let fields = check::check(&input, &mut errors);
    errors.finish()?;
    Ok(expand::expand(&input, &fields))
}

/// `Input::parse` returns nothing only after reporting why.
fn unreachable_input() -> syn::Result<proc_macro2::TokenStream> {
    Err(syn::Error::new(
        proc_macro2::Span::call_site(),
        "#[derive(State)] could not read this item",
    ))
}
