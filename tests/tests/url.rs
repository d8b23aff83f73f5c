//! Slices bound to the URL with leptos_router: the URL wins on load and on navigation (links,
//! back, forward); writing a slice navigates.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_state::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;

use dom::{find, mount, sleep};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Filter {
    #[default]
    All,
    Active,
    Completed,
}

fn to_hash(filter: &Filter) -> String {
    match filter {
        Filter::All => "/",
        Filter::Active => "/active",
        Filter::Completed => "/completed",
    }
    .to_owned()
}

fn from_hash(hash: &str) -> Option<Filter> {
    match hash {
        "" | "/" => Some(Filter::All),
        "/active" => Some(Filter::Active),
        "/completed" => Some(Filter::Completed),
        _ => None,
    }
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct Listing {
    filter: Filter,
    page: u32,
}

#[component]
fn Bound(listing: Store<Listing>) -> impl IntoView {
    bind_hash(listing.filter(), to_hash, from_hash, UrlWrite::Push);
    bind_query(listing.page(), "page", UrlWrite::Push);
    view! {
        <a id="to-active" href="#/active">"active"</a>
        <a id="to-top" href="#top">"top"</a>
    }
}

fn url() -> (String, String) {
    let location = window().location();
    (location.search().unwrap(), location.hash().unwrap())
}

fn go(url: &str) {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        .unwrap();
}

/// Navigation completes on the next animation frame (query changes) or at once (fragments);
/// back and forward on the `popstate` event.
async fn navigated() {
    sleep(60).await;
}

#[wasm_bindgen_test]
async fn a_slice_follows_the_url_and_the_url_follows_the_slice() {
    let path = window().location().pathname().unwrap();
    go(&format!("{path}?page=2#/completed"));
    let listing = Store::new(Listing::default());
    let (root, _app) = mount(move || view! { <Router><Bound listing/></Router> }).await;
    navigated().await;
    // The URL wins when the binding is made.
    assert_eq!(listing.filter().get_untracked(), Filter::Completed);
    assert_eq!(listing.page().get_untracked(), 2);

    // Writing the slices navigates, each a history entry.
    listing.filter().set(Filter::Active);
    navigated().await;
    assert_eq!(url(), ("?page=2".into(), "#/active".into()));
    listing.page().set(3);
    navigated().await;
    assert_eq!(url(), ("?page=3".into(), "#/active".into()));

    // Back and forward.
    window().history().unwrap().back().unwrap();
    navigated().await;
    assert_eq!(listing.page().get_untracked(), 2);
    assert_eq!(listing.filter().get_untracked(), Filter::Active);
    window().history().unwrap().back().unwrap();
    navigated().await;
    assert_eq!(listing.filter().get_untracked(), Filter::Completed);
    window().history().unwrap().forward().unwrap();
    navigated().await;
    assert_eq!(listing.filter().get_untracked(), Filter::Active);

    // A link; and a fragment the binding does not know leaves the slice alone.
    listing.filter().set(Filter::All);
    navigated().await;
    assert_eq!(url().1, "#/");
    find(&root, "#to-active").click();
    navigated().await;
    assert_eq!(listing.filter().get_untracked(), Filter::Active);
    find(&root, "#to-top").click();
    navigated().await;
    assert_eq!(listing.filter().get_untracked(), Filter::Active);
    assert_eq!(url().1, "#top");

    // The default value leaves the query.
    listing.page().set(0);
    navigated().await;
    assert_eq!(url().0, "");

    // Two writes before the first has reached the URL (leptos_router applies a query change
    // on the next animation frame): the last one wins.
    listing.page().set(5);
    dom::settle().await;
    listing.page().set(0);
    navigated().await;
    assert_eq!(url().0, "");
    assert_eq!(listing.page().get_untracked(), 0);
    go(&path);
}
