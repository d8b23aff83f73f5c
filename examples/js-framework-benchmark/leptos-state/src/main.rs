//! The js-framework-benchmark app with leptos-state: one store whose rows are a keyed field,
//! `<For/>` over the rows' keys, each row reading its label through its own slice, and a
//! selector over the selected-row slice.

use jsfb_common::{Actions, Rows, page, row};
use leptos::prelude::*;
use leptos_state::{State, Store};

#[derive(State, Clone, PartialEq)]
struct RowData {
    id: usize,
    label: String,
}

#[derive(State, Clone, PartialEq, Default)]
struct Table {
    #[state(key = |row| row.id)]
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
    let replace = move |count: usize| {
        table.rows().set(make(rows, count));
        table.selected().set(None);
    };

    let actions = Actions {
        run: Callback::new(move |()| replace(1_000)),
        run_lots: Callback::new(move |()| replace(10_000)),
        add: Callback::new(move |()| {
            table.rows().extend(make(rows, 1_000)).ok();
        }),
        update: Callback::new(move |()| {
            for id in table.rows().keys_untracked().into_iter().step_by(10) {
                table
                    .rows()
                    .by_key(id)
                    .label()
                    .update(|label| label.push_str(" !!!"));
            }
        }),
        clear: Callback::new(move |()| {
            table.rows().clear().ok();
            table.selected().set(None);
        }),
        swap_rows: Callback::new(move |()| {
            let keys = table.rows().keys_untracked();
            if let (Some(second), Some(last)) = (keys.get(1), keys.get(998)) {
                table.rows().swap(second, last).ok();
            }
        }),
    };

    let rows_view = view! {
        <For
            each=move || table.rows().keys()
            key=|id| *id
            children=move |id| {
                let label = table.rows().by_key(id).label();
                let is_selected = is_selected.clone();
                row(
                    id,
                    move || label.try_get().unwrap_or_default(),
                    move || is_selected.selected(&Some(id)),
                    move || table.selected().set(Some(id)),
                    move || {
                        table.rows().remove(&id).ok();
                    },
                )
            }
        />
    };
    page("Leptos (leptos-state)", actions, rows_view)
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
