//! A slice bound both ways to a part of the URL, through
//! [`leptos_router`](https://docs.rs/leptos_router) (feature `router`): [`bind_query`] for a
//! query parameter, [`bind_hash`] for the fragment (`#/active`).

use crate::{
    Slice,
    render::{self, Rendering},
    slice::{leptos_traits::with, write},
    sync,
};
use leptos_router::{
    NavigateOptions,
    hooks::{query_signal_with_options, use_location, use_navigate},
};
use reactive_graph::{
    effect::Effect,
    traits::{Get, GetUntracked, Set},
};
use std::{
    str::FromStr,
    sync::{Arc, Mutex},
};

/// How a binding writes the URL when its slice changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UrlWrite {
    /// A new history entry: the browser's back button goes to the previous value.
    #[default]
    Push,
    /// The current entry is replaced: back leaves the page's previous URL.
    Replace,
}

impl UrlWrite {
    fn options(self) -> NavigateOptions {
        NavigateOptions {
            replace: self == UrlWrite::Replace,
            // Changing a filter is not a new page: stay where the user is.
            scroll: false,
            ..NavigateOptions::default()
        }
    }
}

/// Binds `slice` both ways to the URL's query parameter `key`, within a `<Router/>`.
///
/// - The URL wins when the binding is made (on the server too, which renders the page the
///   query asks for), and on every navigation (a link, the browser's back and forward
///   buttons): the slice takes the parameter's value, or the value type's `Default` when the
///   parameter is absent or does not parse.
/// - Writing the slice navigates to the same page with the parameter set
///   ([`UrlWrite::Push`]: back returns to the previous value), or removed when the value is
///   the default, so that the URL stays short.
///
/// The slice's writes go through the store's middleware like any other, named after its path;
/// one that middleware refuses is logged, and the slice keeps its value. Mark the field
/// `#[state(history = false)]` if the store has an undo history: the browser's back button
/// is the field's undo, and an undo step would navigate. Call it inside a `<Router/>`, as
/// leptos_router's own hooks are (outside one, they panic and say so).
///
/// # Examples
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_router::components::Router;
/// use leptos_state::{State, Store, UrlWrite, bind_query};
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Search {
///     text: String,
///     page: u32,
/// }
///
/// #[component]
/// fn Results() -> impl IntoView {
///     let search = Store::new(Search::default());
///     // `?page=3` in the address selects page 3; moving to page 4 adds a history entry.
///     bind_query(search.page(), "page", UrlWrite::Push);
///     view! { <p>"page " {move || search.page().get()}</p> }
/// }
///
/// view! { <Router><Results/></Router> };
/// ```
pub fn bind_query<L>(slice: L, key: &'static str, write: UrlWrite)
where
    L: Slice,
    L::Value: FromStr + ToString + PartialEq + Clone + Default,
{
    let (query, set_query) = query_signal_with_options::<L::Value>(key, write.options());
    // The server knows the query too, so taking it now renders the same page on both sides.
    take(&slice, query.get_untracked().unwrap_or_default());
    // What the URL says or was last asked to say: leptos_router applies a query change on the
    // next animation frame, and a second write before then must not be compared with the URL
    // of before the first.
    let asked = Arc::new(Mutex::new(query.get_untracked()));
    let taking = slice.clone();
    let heard = Arc::clone(&asked);
    Effect::new(move |_| {
        let value = query.get();
        *sync::lock(&heard) = value.clone();
        take(&taking, value.unwrap_or_default());
    });
    Effect::new(move |first: Option<()>| {
        let value = with(&slice, true, L::Value::clone);
        if first.is_none() {
            return;
        }
        let Some(value) = value else { return };
        let wanted = (value != L::Value::default()).then_some(value);
        let mut asked = sync::lock(&asked);
        if *asked != wanted {
            *asked = wanted.clone();
            drop(asked);
            set_query.set(wanted);
        }
    });
}

/// Binds `slice` both ways to the URL's fragment, within a `<Router/>`: TodoMVC's `#/active`.
///
/// `to_hash` writes a value as the fragment (without the `#`), and `from_hash` reads one back.
/// A fragment `from_hash` does not know (`None`: another link of the page, say `#top`)
/// leaves the slice as it is. Otherwise it works as [`bind_query`] does: the URL wins when
/// the binding is made and on every navigation, and writing the slice navigates. The server
/// never sees the fragment: in a server-rendered app the page renders and hydrates with the
/// slice's own value, and takes the fragment's right after hydrating.
///
/// # Examples
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_router::components::Router;
/// use leptos_state::{State, Store, UrlWrite, bind_hash};
///
/// #[derive(Clone, Copy, PartialEq, Default, Debug)]
/// enum Filter { #[default] All, Active }
///
/// #[derive(State, Clone, PartialEq, Default)]
/// struct Todos { filter: Filter }
///
/// #[component]
/// fn Footer() -> impl IntoView {
///     let todos = Store::new(Todos::default());
///     bind_hash(
///         todos.filter(),
///         |filter| match filter { Filter::All => "/".into(), Filter::Active => "/active".into() },
///         |hash| match hash { "" | "/" => Some(Filter::All), "/active" => Some(Filter::Active), _ => None },
///         UrlWrite::Push,
///     );
///     view! { <a href="#/active">"Active"</a> }
/// }
///
/// view! { <Router><Footer/></Router> };
/// ```
pub fn bind_hash<L>(
    slice: L,
    to_hash: fn(&L::Value) -> String,
    from_hash: fn(&str) -> Option<L::Value>,
    write: UrlWrite,
) where
    L: Slice,
    L::Value: PartialEq + Clone,
{
    let location = use_location();
    let navigate = use_navigate();
    let fragment = move || {
        location
            .hash
            .get_untracked()
            .trim_start_matches('#')
            .to_owned()
    };
    // The server never sees the fragment: while a server-rendered page hydrates, the slice
    // keeps the value the server rendered, and takes the fragment's just after.
    if render::rendering() == Rendering::Browser
        && let Some(value) = from_hash(&fragment())
    {
        take(&slice, value);
    }
    // The fragment the URL has or was last asked for.
    let asked = Arc::new(Mutex::new(fragment()));
    let taking = slice.clone();
    let heard = Arc::clone(&asked);
    Effect::new(move |_| {
        let hash = location.hash.get();
        let hash = hash.trim_start_matches('#');
        hash.clone_into(&mut sync::lock(&heard));
        if let Some(value) = from_hash(hash) {
            take(&taking, value);
        }
    });
    Effect::new(move |first: Option<()>| {
        let value = with(&slice, true, L::Value::clone);
        if first.is_none() {
            return;
        }
        let Some(value) = value else { return };
        let wanted = to_hash(&value);
        let mut asked = sync::lock(&asked);
        // A fragment that reads as the same value is left alone (`#` and `#/` for the
        // default, say).
        if *asked == wanted || from_hash(&asked).as_ref() == Some(&value) {
            return;
        }
        asked.clone_from(&wanted);
        drop(asked);
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let search = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        navigate(&format!("{path}{search}#{wanted}"), write.options());
    });
}

/// Writes the URL's `value` into `slice` unless it already holds it.
fn take<L>(slice: &L, value: L::Value)
where
    L: Slice,
    L::Value: PartialEq + Clone,
{
    if with(slice, false, |current| *current != value).unwrap_or(false)
        && let Err(error) = slice.checked_set(value)
    {
        write::report(&error);
    }
}
