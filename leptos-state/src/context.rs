//! Sharing a store with the components below: [`provide_store`], [`use_store`] and
//! [`try_use_store`].

use crate::Store;
use reactive_graph::owner::{Owner, provide_context, use_context};

/// Makes `store` available to every component below the current one.
///
/// Components below get it back with [`use_store::<S>()`](use_store). Stores are looked up by
/// their state type, so a tree holds one store per type; a nested provider of the same type
/// hides the outer one from the components below it.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Store, provide_store, use_store};
///
/// #[derive(Clone, Default)]
/// struct Cart { items: u32 }
///
/// #[component]
/// fn App() -> impl IntoView {
///     provide_store(Store::new(Cart::default()));
///     view! { <AddButton/> <Total/> }
/// }
///
/// #[component]
/// fn AddButton() -> impl IntoView {
///     let cart = use_store::<Cart>();
///     view! {
///         <button on:click=move |_| { let _ = cart.update("add item", |c| c.items += 1); }>
///             "Add"
///         </button>
///     }
/// }
///
/// #[component]
/// fn Total() -> impl IntoView {
///     let cart = use_store::<Cart>();
///     view! { <p>{move || cart.with(|c| c.items)}</p> }
/// }
/// ```
pub fn provide_store<S: Clone + Send + Sync + 'static>(store: Store<S>) {
    provide_context(store);
}

/// Returns the store of type `S` that an ancestor component provided.
///
/// # Panics
///
/// Panics, pointing at the caller, if no ancestor called [`provide_store`] with a
/// `Store<S>`. Use [`try_use_store`] where the store is optional.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Store, provide_store, use_store};
///
/// let app = Owner::new();
/// app.set();
/// provide_store(Store::new(String::from("Ada")));
///
/// // Any component below the provider finds the same store.
/// let name = app.child().with(use_store::<String>);
/// assert_eq!(name.get_untracked(), "Ada");
/// ```
#[track_caller]
pub fn use_store<S: Clone + Send + Sync + 'static>() -> Store<S> {
    if let Some(store) = try_use_store::<S>() {
        return store;
    }
    let type_name = std::any::type_name::<S>();
    if Owner::current().is_none() {
        panic!(
            "`use_store::<{type_name}>()` was called outside any component or reactive owner; \
             call it inside a component, below the one that calls `provide_store`"
        );
    }
    panic!(
        "no store of type `{type_name}` in context: call \
         `provide_store(Store::new(...))` with a `{type_name}` in an ancestor component"
    );
}

/// Returns the store of type `S` that an ancestor component provided, or `None`.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{Store, provide_store, try_use_store};
///
/// let owner = Owner::new();
/// owner.set();
/// assert!(try_use_store::<u32>().is_none());
/// provide_store(Store::new(7_u32));
/// assert_eq!(try_use_store::<u32>().unwrap().get_untracked(), 7);
/// ```
pub fn try_use_store<S: Clone + Send + Sync + 'static>() -> Option<Store<S>> {
    use_context::<Store<S>>()
}
