//! Keyed rows under `<For/>` that read their own fields with plain `get()`, as the README's
//! row pattern does: removing rows in every way the library offers never makes a row read a
//! missing value (a panic here fails the test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_state::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;

use dom::{find_all, mount, settle};

#[derive(State, Clone, PartialEq, Debug)]
struct Item {
    id: u32,
    label: String,
    done: bool,
}

#[derive(State, Clone, PartialEq, Debug, Default)]
struct List {
    #[state(key = |item: &Item| item.id)]
    items: Vec<Item>,
}

fn item(id: u32) -> Item {
    Item {
        id,
        label: format!("item {id}"),
        done: id.is_multiple_of(2),
    }
}

fn list(ids: std::ops::Range<u32>) -> List {
    List {
        items: ids.map(item).collect(),
    }
}

/// One row, reading its fields with `get()` and `with()`, in several effects.
#[component]
fn Row(id: u32) -> impl IntoView {
    let list = use_store::<List>();
    let row = list.items().by_key(id);
    let shown = Memo::new(move |_| format!("{} {}", row.label().get(), row.done().get()));
    view! {
        <li class="row" class:done=move || row.done().get()>
            {move || row.label().get()}
            " "
            {move || row.with(|item| item.id)}
            <span>{move || shown.get()}</span>
        </li>
    }
}

#[component]
fn Rows(list: Store<List>) -> impl IntoView {
    provide_store(list);
    view! {
        <ul>
            <For each=move || list.items().keys() key=|id| *id let:id>
                <Row id/>
            </For>
        </ul>
    }
}

fn labels(root: &web_sys::HtmlElement) -> Vec<String> {
    find_all(root, ".row")
        .iter()
        .map(|row| row.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn rows_removed_in_every_way_never_read_a_missing_value() {
    let store = Store::new(list(0..10));
    let history = History::attach(store, HistoryOptions::new());
    let (root, _app) = mount(move || view! { <Rows list=store/> }).await;
    assert_eq!(find_all(&root, ".row").len(), 10);

    // Through the keyed slice.
    store.items().remove(&3).unwrap();
    settle().await;
    store.items().retain(|item| item.id != 4).unwrap();
    settle().await;
    assert_eq!(find_all(&root, ".row").len(), 8);

    // A write to the removed row's own slice after it left is refused, and changes nothing.
    assert!(
        store
            .items()
            .by_key(3)
            .label()
            .checked_set("gone".into())
            .is_err()
    );

    // Through the whole store: an update, a set and a patch.
    store
        .update("drop 5", |list| list.items.retain(|item| item.id != 5))
        .unwrap();
    settle().await;
    store.set("drop 6", list(7..10)).unwrap();
    settle().await;
    store.patch(list(8..10)).unwrap();
    settle().await;
    assert_eq!(
        labels(&root),
        ["item 8 8item 8 true", "item 9 9item 9 false"]
    );

    // Undo puts rows back and takes them out again.
    history.undo().unwrap();
    settle().await;
    assert_eq!(find_all(&root, ".row").len(), 3);
    history.redo().unwrap();
    settle().await;
    assert_eq!(find_all(&root, ".row").len(), 2);

    // Every row at once.
    store.items().clear().unwrap();
    settle().await;
    assert!(find_all(&root, ".row").is_empty());
    history.undo().unwrap();
    settle().await;
    assert_eq!(find_all(&root, ".row").len(), 2);
}
