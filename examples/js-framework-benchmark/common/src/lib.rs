//! What the three builds of the js-framework-benchmark app share, so that they do the same
//! work outside their state: the rows' labels and ids, the page around the table (the
//! benchmark's markup and button ids), and a row's markup.
//!
//! The builds differ only in how they hold the rows: plain Leptos signals
//! (`jsfb-plain`), `reactive_stores` (`jsfb-stores`) and leptos-state (`jsfb-leptos-state`).
//! `scripts/bench-browser` builds each and times the benchmark's operations in Chromium.

use leptos::prelude::*;

const ADJECTIVES: [&str; 25] = [
    "pretty",
    "large",
    "big",
    "small",
    "tall",
    "short",
    "long",
    "handsome",
    "plain",
    "quaint",
    "clean",
    "elegant",
    "easy",
    "angry",
    "crazy",
    "helpful",
    "mushy",
    "odd",
    "unsightly",
    "adorable",
    "important",
    "inexpensive",
    "cheap",
    "expensive",
    "fancy",
];

const COLOURS: [&str; 11] = [
    "red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black",
    "orange",
];

const NOUNS: [&str; 13] = [
    "table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger",
    "pizza", "mouse", "keyboard",
];

/// Makes rows: each a new id (counting from 1 across the page's life, as the benchmark
/// requires) and a label of three random words. The words come from a fixed pseudo-random
/// sequence, so that every build makes the same labels.
#[derive(Debug)]
pub struct Rows {
    next_id: usize,
    seed: u32,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            next_id: 1,
            seed: 0x2545_f491,
        }
    }
}

impl Rows {
    /// `count` new rows, each made by `make` from its id and label.
    pub fn make<R>(&mut self, count: usize, mut make: impl FnMut(usize, String) -> R) -> Vec<R> {
        let mut rows = Vec::with_capacity(count);
        for _ in 0..count {
            let adjective = ADJECTIVES[self.below(ADJECTIVES.len())];
            let colour = COLOURS[self.below(COLOURS.len())];
            let noun = NOUNS[self.below(NOUNS.len())];
            let mut label = String::with_capacity(adjective.len() + colour.len() + noun.len() + 2);
            label.push_str(adjective);
            label.push(' ');
            label.push_str(colour);
            label.push(' ');
            label.push_str(noun);
            rows.push(make(self.next_id, label));
            self.next_id += 1;
        }
        rows
    }

    /// The next pseudo-random number below `bound` (xorshift32).
    fn below(&mut self, bound: usize) -> usize {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 17;
        self.seed ^= self.seed << 5;
        self.seed as usize % bound
    }
}

/// What the page's buttons do, each a build's own.
#[derive(Debug, Clone, Copy)]
pub struct Actions {
    /// "Create 1,000 rows" (`#run`): replaces every row.
    pub run: Callback<()>,
    /// "Create 10,000 rows" (`#runlots`): replaces every row.
    pub run_lots: Callback<()>,
    /// "Append 1,000 rows" (`#add`).
    pub add: Callback<()>,
    /// "Update every 10th row" (`#update`): appends " !!!" to their labels.
    pub update: Callback<()>,
    /// "Clear" (`#clear`).
    pub clear: Callback<()>,
    /// "Swap Rows" (`#swaprows`): swaps the second and the 999th row.
    pub swap_rows: Callback<()>,
}

/// The page: its heading, the six buttons, and the table whose body is `rows`.
pub fn page(title: &'static str, actions: Actions, rows: impl IntoView + 'static) -> impl IntoView {
    let button = |id: &'static str, text: &'static str, action: Callback<()>| {
        view! {
            <div class="col-sm-6 smallpad">
                <button id=id class="btn btn-primary btn-block" type="button" on:click=move |_| action.run(())>
                    {text}
                </button>
            </div>
        }
    };
    view! {
        <div class="container">
            <div class="jumbotron">
                <div class="row">
                    <div class="col-md-6">
                        <h1>{title}</h1>
                    </div>
                    <div class="col-md-6">
                        <div class="row">
                            {button("run", "Create 1,000 rows", actions.run)}
                            {button("runlots", "Create 10,000 rows", actions.run_lots)}
                            {button("add", "Append 1,000 rows", actions.add)}
                            {button("update", "Update every 10th row", actions.update)}
                            {button("clear", "Clear", actions.clear)}
                            {button("swaprows", "Swap Rows", actions.swap_rows)}
                        </div>
                    </div>
                </div>
            </div>
            <table class="table table-hover table-striped test-data">
                <tbody>{rows}</tbody>
            </table>
            <span class="preloadicon glyphicon glyphicon-remove" aria-hidden="true"></span>
        </div>
    }
}

/// One row's markup: its id, its label (a link that selects the row), a link that removes
/// it, and the `danger` class while it is selected.
pub fn row(
    id: usize,
    label: impl Fn() -> String + Send + Sync + 'static,
    selected: impl Fn() -> bool + Send + Sync + 'static,
    select: impl Fn() + 'static,
    remove: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <tr class:danger=selected>
            <td class="col-md-1">{id.to_string()}</td>
            <td class="col-md-4">
                <a on:click=move |_| select()>{label}</a>
            </td>
            <td class="col-md-1">
                <a on:click=move |_| remove()>
                    <span class="glyphicon glyphicon-remove" aria-hidden="true"></span>
                </a>
            </td>
            <td class="col-md-6"></td>
        </tr>
    }
}
