//! The js-framework-benchmark app with `reactive_stores`: a store whose rows are a keyed
//! field, each row's label read through its own field, and a selector for the selected row.

use jsfb_common::{Actions, Rows, page, row};
use leptos::prelude::*;
use reactive_stores::Store;

#[derive(Store, Clone)]
struct RowData {
    id: usize,
    label: String,
}

#[derive(Store, Clone, Default)]
struct Table {
    #[store(key: usize = |row| row.id)]
    rows: Vec<RowData>,
    selected: Option<usize>,
}

fn make(rows: StoredValue<Rows>, count: usize) -> Vec<RowData> {
    rows.try_update_value(|rows| rows.make(count, |id, label| RowData { id, label }))
        .unwrap_or_default()
}

#[component]
fn App() -> impl IntoView {
    let rows = StoredValue::new(Rows::default());
    let table = Store::new(Table::default());
    let is_selected = Selector::new(move || table.selected().get());

    let actions = Actions {
        run: Callback::new(move |()| {
            table.rows().set(make(rows, 1_000));
            table.selected().set(None);
        }),
        run_lots: Callback::new(move |()| {
            table.rows().set(make(rows, 10_000));
            table.selected().set(None);
        }),
        add: Callback::new(move |()| table.rows().update(|data| data.extend(make(rows, 1_000)))),
        update: Callback::new(move |()| {
            for row in table.rows().into_iter().step_by(10) {
                row.label().write().push_str(" !!!");
            }
        }),
        clear: Callback::new(move |()| {
            table.rows().set(Vec::new());
            table.selected().set(None);
        }),
        swap_rows: Callback::new(move |()| {
            table.rows().update(|rows| {
                if rows.len() > 998 {
                    rows.swap(1, 998);
                }
            });
        }),
    };

    let rows_view = view! {
        <For
            each=move || table.rows()
            key=|row| row.key()
            children=move |at| {
                let id = at.key();
                let is_selected = is_selected.clone();
                row(
                    id,
                    move || at.label().get(),
                    move || is_selected.selected(&Some(id)),
                    move || table.selected().set(Some(id)),
                    move || table.rows().update(|rows| rows.retain(|row| row.id != id)),
                )
            }
        />
    };
    page("Leptos (reactive_stores)", actions, rows_view)
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
