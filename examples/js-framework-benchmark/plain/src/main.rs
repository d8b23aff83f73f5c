//! The js-framework-benchmark app with plain Leptos signals, as the benchmark's own Leptos
//! entry holds its rows: a signal of rows whose labels are signals, and a selector for the
//! selected row. The baseline the other builds are measured against.

use jsfb_common::{Actions, Rows, page, row};
use leptos::prelude::*;

#[derive(Clone)]
struct RowData {
    id: usize,
    label: ArcRwSignal<String>,
}

fn make(rows: StoredValue<Rows>, count: usize) -> Vec<RowData> {
    rows.try_update_value(|rows| {
        rows.make(count, |id, label| RowData {
            id,
            label: ArcRwSignal::new(label),
        })
    })
    .unwrap_or_default()
}

#[component]
fn App() -> impl IntoView {
    let rows = StoredValue::new(Rows::default());
    let data = RwSignal::new(Vec::<RowData>::new());
    let selected = RwSignal::new(None::<usize>);
    let is_selected = Selector::new(move || selected.get());

    let actions = Actions {
        run: Callback::new(move |()| {
            data.set(make(rows, 1_000));
            selected.set(None);
        }),
        run_lots: Callback::new(move |()| {
            data.set(make(rows, 10_000));
            selected.set(None);
        }),
        add: Callback::new(move |()| data.update(|data| data.extend(make(rows, 1_000)))),
        update: Callback::new(move |()| {
            data.with(|data| {
                for row in data.iter().step_by(10) {
                    row.label.update(|label| label.push_str(" !!!"));
                }
            });
        }),
        clear: Callback::new(move |()| {
            data.set(Vec::new());
            selected.set(None);
        }),
        swap_rows: Callback::new(move |()| {
            data.update(|data| {
                if data.len() > 998 {
                    data.swap(1, 998);
                }
            });
        }),
    };

    let rows_view = view! {
        <For
            each=move || data.get()
            key=|row| row.id
            children=move |RowData { id, label }| {
                let is_selected = is_selected.clone();
                row(
                    id,
                    move || label.get(),
                    move || is_selected.selected(&Some(id)),
                    move || selected.set(Some(id)),
                    move || data.update(|data| data.retain(|row| row.id != id)),
                )
            }
        />
    };
    page("Leptos (plain signals)", actions, rows_view)
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
