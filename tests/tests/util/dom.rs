//! Mounting components in the test page and reading the DOM back, shared by the browser tests.
#![allow(dead_code, reason = "each test file uses part of this file")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A fresh element to mount one test's components into.
pub(crate) fn container() -> HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

pub(crate) fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .unchecked_into()
}

pub(crate) fn text(root: &HtmlElement, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// A mounted app: unmounted, and its reactive owner disposed, when dropped.
pub(crate) struct Mounted<M: Mountable> {
    handle: Option<UnmountHandle<M>>,
    owner: Owner,
}

impl<M: Mountable> Drop for Mounted<M> {
    fn drop(&mut self) {
        drop(self.handle.take());
        // Leptos' handle only unmounts: the app's effects keep its owner alive, so what it
        // registered on the window (a router's click listener) would outlive the test.
        self.owner.cleanup();
    }
}

/// Mounts `app` into a fresh element and lets it render; unmounts it, and disposes its owner,
/// when the handle drops.
pub(crate) async fn mount<M: IntoView + 'static>(
    app: impl FnOnce() -> M + 'static,
) -> (HtmlElement, Mounted<M::State>) {
    let root = container();
    let owner = Owner::new();
    let handle = owner.with(|| mount_to(root.clone(), app));
    settle().await;
    (
        root,
        Mounted {
            handle: Some(handle),
            owner,
        },
    )
}

/// Lets effects and the renderer catch up.
pub(crate) async fn settle() {
    any_spawner::Executor::tick().await;
    any_spawner::Executor::tick().await;
}

/// Every element under `root` that matches `selector`.
pub(crate) fn find_all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.unchecked_into())
        .collect()
}

/// Resolves after `millis` milliseconds on the browser's timer, once effects have caught up.
pub(crate) async fn sleep(millis: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    settle().await;
}

/// Waits, checking every 10 ms for up to 5 s, until `ready` holds; panics naming `what`
/// if it never does.
pub(crate) async fn wait_until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        sleep(10).await;
    }
    panic!("waited 5 s for {what}");
}
