//! Reactive stores for [Leptos](https://leptos.dev), backed by signals, with middleware that
//! sees every change.
//!
//! Glob [`prelude`] beside Leptos' own: `use leptos::prelude::*; use leptos_state::prelude::*;`
//! brings what an app uses every day, and no name clashes with Leptos'. The examples below
//! import items by name, to show where each comes from.
//!
//! # Stores
//!
//! A [`Store`] holds one value of your state type and changes it only through named actions.
//! It is a `Copy` handle owned by the component that creates it, like Leptos' `RwSignal`;
//! [`ArcStore`] is the reference-counted twin, like `ArcRwSignal`. The state type must be
//! `Clone + Send + Sync + 'static`: from its first change on, the store keeps a copy of the
//! initial value for [`reset`](Store::reset).
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::Store;
//!
//! #[derive(Clone, Debug, Default, PartialEq)]
//! struct Todos {
//!     items: Vec<String>,
//!     filter: String,
//! }
//!
//! # let owner = Owner::new(); owner.set();
//! let todos = Store::new(Todos::default());
//!
//! // Writes are named actions, and return an error if middleware refuses them.
//! todos.update("add todo", |t| t.items.push("buy milk".into())).unwrap();
//! todos.set("load", Todos { items: vec!["a".into(), "b".into()], filter: String::new() }).unwrap();
//!
//! // Several writes, one change: middleware sees it once and readers re-run once.
//! todos.transaction("clear all", |tx| {
//!     tx.update(|t| t.items.clear());
//!     tx.update(|t| t.filter.clear());
//! }).unwrap();
//!
//! // Reading uses Leptos' own traits: `with`, `get`, `read` and their `_untracked` forms.
//! assert!(todos.with_untracked(|t| t.items.is_empty()));
//!
//! todos.reset().unwrap();
//! assert_eq!(todos.get_untracked(), Todos::default());
//! ```
//!
//! In a `view!`, read a store inside a closure, as with any signal:
//! `{move || todos.with(|t| t.items.len())}`. A store converts into a
//! [`Signal<S>`](reactive_graph::wrappers::read::Signal) for `#[prop(into)]` props.
//!
//! # Slices
//!
//! `#[derive(State)]` on a state struct makes every field a *slice*: a typed, reactive,
//! writable handle to that part of the state. Reading a slice tracks that part only; writing
//! it goes through the store's middleware as a change named after its path, and re-runs the
//! readers of that part, of the parts containing it and of the parts inside it, never of its
//! siblings. Slices implement Leptos' `Track`, `With`, `Get`, `Update` and `Set`, so they work
//! in effects, `view!` and `<For/>`; slices of a [`Store`] are `Copy` (with a `Copy` key,
//! for keyed ones).
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{Slice, State, Store, VecSlice};
//!
//! #[derive(State, Clone, PartialEq, Debug)]
//! struct Todo {
//!     id: u32,
//!     text: String,
//!     done: bool,
//! }
//!
//! #[derive(State, Clone, PartialEq, Debug, Default)]
//! struct App {
//!     #[state(key = |t| t.id)]
//!     todos: Vec<Todo>,
//!     tags: Vec<String>,
//!     filter: String,
//! }
//!
//! # let owner = Owner::new(); owner.set();
//! let store = Store::new(App::default());
//! store.todos().push(Todo { id: 3, text: "ship".into(), done: false }).unwrap();
//! store.tags().push("work".into()).unwrap();
//!
//! // A keyed item stays attached to its todo wherever it moves.
//! let done = store.todos().by_key(3).done();
//! done.set(true); // middleware sees the action "todos[id=3].done"
//! assert_eq!(done.path().to_string(), "todos[id=3].done");
//! assert_eq!(store.tags().at(0).get_untracked(), "work");
//!
//! // `patch` replaces the state but re-runs only the readers of fields that changed.
//! store.patch(App { filter: "done".into(), ..store.get_untracked() }).unwrap();
//! ```
//!
//! - `Vec` fields ([`VecSlice`]): `len`, `at(i)`, `push`, `insert`, `remove`, `retain`,
//!   `clear`, each notifying only what it moved.
//! - Keyed `Vec` fields (`#[state(key = |t| t.id)]`, [`KeyedVec`]): `by_key(k)`, and `keys()`
//!   for `<For/>`, which re-runs when items come, go or move but not when one changes; editing
//!   one row of 10,000 re-runs that row's readers only. Besides the `Vec` writes, `extend`
//!   appends many rows in one change and `swap` exchanges two rows by key.
//! - `HashMap`/`BTreeMap` fields: `entry(k)` ([`MapSlice`]); `Option` fields: `some()`
//!   ([`OptionSlice`]).
//! - [`Slice::checked_update`] and [`Slice::checked_set`] return the [`StoreError`] that
//!   Leptos' `Set`/`Update` can only log.
//! - In forms and props: `bind:value=store.name()` and `bind:checked=todo.done()` take a
//!   slice as they take an `RwSignal` (it reads and writes itself), and
//!   [`Slice::into_signal`] makes a read-only `Signal<T>` for a `#[prop(into)]` prop.
//! - [`State::FIELDS`] exposes each field's attributes (`skip`, `persist = false`,
//!   `history = false`, `redact`) to middleware at run time.
//!
//! The derive is sugar over public types: [`FieldOf`] (implemented on [`FieldAt<N>`] for the
//! `N`th field), [`Field::new`] and [`KeyedVec::new`] build the same slices by hand.
//!
//! # Machines
//!
//! A [`Machine`] is a statechart over your own enums: states nest (a compound state starts
//! in its initial child), run in parallel regions, remember where they were (shallow and deep
//! [`HistoryMode`]), end in final states, and move on events, on their own (`always`) or after a
//! delay (`after`). [`MachineBuilder::build`] checks the definition and returns a
//! [`MachineError`] instead of panicking. [`use_machine`] runs it in a component as an
//! [`Actor`], a `Copy` handle whose `state()`, `matches()`, `can()`, `done()` and `context()`
//! are reactive (`state`, `matches` and `with_context` also have `_untracked` forms). Steps
//! follow the SCXML algorithm: exit actions innermost first, transition actions, entry
//! actions outermost first.
//!
//! Beyond states and transitions, the parts of SCXML a chart needs:
//!
//! - **Raised events and `In()`.** Actions declared with `*_with`
//!   ([`StateBuilder::entry_with`], [`TransitionBuilder::action_with`], ...) get a [`Scope`]:
//!   [`Scope::raise`] puts an event on the internal queue, taken in order before the next event
//!   from outside, and [`Scope::is_in`] asks whether a state is active; guards declared with
//!   `guard_with` get the same question as a [`Configuration`].
//! - **Initial and history defaults.** [`StateBuilder::initial_with`] (and
//!   [`MachineBuilder::initial_with`]) starts a state in a descendant at any depth, or in one
//!   state per parallel region, running actions on the way; [`StateBuilder::history_default`]
//!   does the same for a history state that remembers nothing yet.
//! - **Done events are events.** [`StateBuilder::on_done_with`] takes a guard, actions or no
//!   target; [`StateBuilder::on_done_of`] lets an ancestor react to a descendant completing.
//!   They are queued after the events the final state's entry actions raise.
//! - **Event families.** [`StateBuilder::on_family`] matches a group of events by a named test
//!   ([`Family`]), [`StateBuilder::on_any`] every event, and [`Actor::can_family`] asks about a
//!   family without making up an event.
//! - **Errors are events.** A `*_with` action returns `Result<(), E>`: an `Err(event)` raises
//!   `event`, as SCXML raises `error.execution`, and the chart handles it like any other.
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{Actor, HistoryMode, Machine, ManualClock};
//! use std::sync::Arc;
//!
//! #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
//! enum Player { Stopped, Playing, Paused, Resume }
//! #[derive(Debug)]
//! enum Press { Play, Pause, Stop }
//!
//! let player = Machine::builder(0_u32) // the context: how many tracks were played
//!     .initial(Player::Stopped)
//!     .state(Player::Stopped, |s| s.on(Press::Play, Player::Playing))
//!     .state(Player::Playing, |s| {
//!         s.entry(|played: &mut u32| *played += 1)
//!             .on(Press::Pause, Player::Paused)
//!             .on(Press::Stop, Player::Stopped)
//!             .after(180_000, Player::Stopped) // a three-minute track
//!     })
//!     .state(Player::Paused, |s| s.on(Press::Play, Player::Playing))
//!     .build()
//!     .unwrap();
//!
//! # let owner = Owner::new(); owner.set();
//! let clock = ManualClock::new(); // natively, tests move time by hand
//! let actor = Actor::with_clock(player, Arc::new(clock.clone()));
//! actor.send(Press::Play);
//! assert!(actor.matches(Player::Playing));
//! clock.advance(180_000);
//! assert_eq!(actor.state(), [Player::Stopped]);
//! assert_eq!(actor.context().get_untracked(), 1);
//! ```
//!
//! An actor's context can be a [`Store`]: the machine's actions then write its slices, and the
//! store's middleware sees every change (see `examples/checkout`). [`Actor::observe`] reports
//! every event, transition and unhandled event; [`Machine::to_mermaid`] draws the definition;
//! [`Actor::snapshot`] and [`Actor::restore`] save and load the active states, history and
//! context with serde.
//!
//! # Sharing a store with components
//!
//! [`provide_store`] in a component makes its store available to every component below it;
//! [`use_store::<S>()`](use_store) gets it back. Every component under one provider sees the
//! same store. Without a provider `use_store` panics with a message naming the type and the
//! fix; [`try_use_store`] returns `None` instead.
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{Store, provide_store, use_store};
//!
//! #[derive(Clone, Default)]
//! struct Counter { count: i32 }
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     provide_store(Store::new(Counter::default()));
//!     view! { <Increment/> <Show/> }
//! }
//!
//! #[component]
//! fn Increment() -> impl IntoView {
//!     let counter = use_store::<Counter>();
//!     view! {
//!         <button on:click=move |_| { let _ = counter.update("increment", |c| c.count += 1); }>
//!             "+1"
//!         </button>
//!     }
//! }
//!
//! #[component]
//! fn Show() -> impl IntoView {
//!     let counter = use_store::<Counter>();
//!     view! { <span>{move || counter.with(|c| c.count)}</span> }
//! }
//! ```
//!
//! # Selectors and derived values
//!
//! [`Store::select`] gives a memo of part of the state whose readers re-run only when that
//! part changes. Values derived from several stores are ordinary Leptos
//! [`Memo`](reactive_graph::computed::Memo)s: read each store inside the memo and it re-runs
//! when any of them changes.
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::Store;
//!
//! # let owner = Owner::new(); owner.set();
//! let prices = Store::new(vec![3_u32, 4]);
//! let discount = Store::new(1_u32);
//!
//! let count = prices.select(|p| p.len());
//! let total = Memo::new(move |_| {
//!     let sum: u32 = prices.with(|p| p.iter().sum());
//!     sum - discount.get()
//! });
//!
//! prices.update("add item", |p| p.push(5)).unwrap();
//! discount.set("apply coupon", 2).unwrap();
//! assert_eq!(count.get_untracked(), 3);
//! assert_eq!(total.get_untracked(), 10);
//! ```
//!
//! # Middleware
//!
//! [`Middleware`] sees every change to a store: it can refuse a change before anyone sees it,
//! and observe it after. Attach it with [`Store::attach`]. Two ship with the crate:
//! [`Validate`] refuses changes whose result fails a predicate, and [`Logger`] prints each
//! change with the new state as JSON (to the browser console on wasm, to the `log` facade
//! natively), every `#[state(redact)]` field, at any depth, as `[redacted]` (see [`Redact`]).
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{Logger, Store, StoreError, Validate};
//!
//! # let owner = Owner::new(); owner.set();
//! let stock = Store::new_named("stock", 2_i32);
//! stock
//!     .attach(Validate::new(|n: &i32| if *n >= 0 { Ok(()) } else { Err("stock cannot go below zero") }))
//!     .attach(Logger::new());
//!
//! let err = stock.update("sell 3", |n| *n -= 3).unwrap_err();
//! assert!(matches!(err, StoreError::Refused { .. }));
//! assert_eq!(stock.get_untracked(), 2); // untouched
//! ```
//!
//! # Add-ons
//!
//! An [`AddOn`] takes part in every commit of the store it is attached to: it can hold the
//! store [locked](AddOn::locks), ask the commit to keep what a change overwrites
//! ([`Wants`]), and see each committed change with the state after it and what it
//! [overwrote](Overwritten). Undo history, optimistic changes and the devtools' log are
//! add-ons; [`Store::attach_add_on`] attaches your own (an audit log, a sync engine) and
//! [`Store::add_on`] finds it again by type. See [`AddOn`] for an example, and
//! `examples/audit-log` for an add-on written outside the crate.
//!
//! # Undo and redo
//!
//! [`History::attach`] records every change the application makes to a store as an undo
//! step: one per named action or transaction, and one per slice write (consecutive writes to
//! one slice can merge, see [`HistoryOptions::merge_within`]). A step holds what its change
//! wrote, at the finest place it wrote it, and nothing else: a slice write's previous value,
//! the row a `push` added (by key), the fields and rows a whole-store change changed. Undo
//! puts back exactly that, so it never takes back what anyone else did since: another tab,
//! an optimistic change settling, the devtools, or a write made while recording was paused.
//! Where such a change wrote a place a step would put back, the other change wins and the
//! step leaves that place alone. Fields marked `#[state(history = false)]` are never
//! recorded nor rewritten. [`History`] is a `Copy` handle whose `can_undo()`/`can_redo()`
//! are reactive; find it below with [`use_history`]. Undo and redo are changes like any
//! other, tagged [`Origin::Undo`] and [`Origin::Redo`] for the other middleware.
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{History, HistoryOptions, State, Store, VecSlice};
//!
//! #[derive(State, Clone, PartialEq, Default)]
//! struct Editor {
//!     lines: Vec<String>,
//!     #[state(history = false)]
//!     cursor: usize,
//! }
//!
//! # let owner = Owner::new(); owner.set();
//! let editor = Store::new(Editor::default());
//! let history = History::attach(editor, HistoryOptions::new().limit(200));
//!
//! editor.lines().push("fn main() {}".into()).unwrap();
//! editor.cursor().set(12);
//! history.undo().unwrap();
//! assert!(editor.lines().is_empty());
//! assert_eq!(editor.cursor().get_untracked(), 12); // not recorded, not rewritten
//! history.redo().unwrap();
//! assert_eq!(editor.lines().len(), 1);
//! ```
//!
//! # Optimistic changes
//!
//! [`Store::optimistic`] applies a change at once and settles it when its request does:
//! confirmed on `Ok`, rolled back on `Err`. Several can be pending; when one fails, only it
//! is removed and the others are replayed on the confirmed state, with every write made
//! meanwhile, each to the place (the row, by key) it wrote: see [`Store::optimistic`].
//! Beginning and settling a change re-run only the readers of what it changed. Each change's
//! [`OptimisticStatus`] and the store's [`pending_changes`](Store::pending_changes) are
//! reactive. [`Store::begin_optimistic`] returns the handle without a request, to settle by
//! hand or by awaiting [`OptimisticChange::settle`] inside a Leptos `Action`.
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{OptimisticStatus, State, Store};
//!
//! #[derive(State, Clone, PartialEq, Default)]
//! struct Cart {
//!     items: Vec<String>,
//! }
//!
//! # let owner = Owner::new(); owner.set();
//! let cart = Store::new(Cart::default());
//! let tea = cart.begin_optimistic("add tea", |c| c.items.push("tea".into())).unwrap();
//! let milk = cart.begin_optimistic("add milk", |c| c.items.push("milk".into())).unwrap();
//! tea.fail("out of stock").unwrap();
//! milk.confirm().unwrap();
//! assert_eq!(cart.items().get_untracked(), ["milk"]);
//! assert_eq!(tea.status_untracked(), OptimisticStatus::Failed("out of stock".into()));
//! ```
//!
//! # Persistence
//!
//! [`Store::persist`] saves a store to a [`Backend`] after each change and loads what the
//! backend holds now: [`WebStorage`] (`localStorage` and `sessionStorage`) and [`IndexedDb`] in the browser
//! (they compile everywhere, and on the server load and write nothing), [`Memory`]
//! everywhere, or your own. The record is `{"version": N, "state": ...}`;
//! [`PersistOptions`] sets the version and the [migrations](PersistOptions::migrate) from
//! older ones, the write delay, and tab sync. `#[state(persist = false)]` fields are neither
//! written nor loaded, and [`Actor::persist`] does the same for a machine's snapshot.
//!
//! Web Storage loads before `persist` returns, so the first render already shows the saved
//! state; IndexedDB loads in the background ([`Persist::hydrated`],
//! [`Persist::when_hydrated`]). Loading enters as a change tagged [`Origin::Hydration`], other
//! tabs' writes as [`Origin::Sync`]: history does not record them and persistence does not
//! write them back. With [tab sync](PersistOptions::sync_tabs), another tab's write enters
//! as what it changed (by key in keyed lists, by path elsewhere), so two tabs adding,
//! removing and editing different rows at once keep each other's changes. A stored value
//! that cannot be loaded is reported in [`Persist::error`] and kept as it is; see
//! [`Persist`].
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{Memory, PersistOptions, State, Store};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(State, Clone, Default, Serialize, Deserialize)]
//! struct Settings {
//!     theme: String,
//! }
//!
//! # let owner = Owner::new(); owner.set();
//! // In the browser: `WebStorage::local("settings")`.
//! let disk = Memory::new("settings");
//! disk.set_raw(r#"{"version":1,"state":{"colour":"dark"}}"#);
//! let options = PersistOptions::new().version(2).migrate(1, |mut old| {
//!     let theme = old["colour"].take();
//!     Ok(serde_json::json!({ "theme": theme }))
//! });
//! let settings = Store::new(Settings::default());
//! let persist = settings.persist(disk.clone(), options).unwrap();
//! assert!(persist.hydrated_untracked());
//! assert_eq!(settings.theme().get_untracked(), "dark");
//! ```
//!
//! # Server rendering and hydration
//!
//! The library picks no rendering mode: it enables none of Leptos' `csr`, `hydrate` and
//! `ssr` features, and the same components run in a client-rendered app, on the server and
//! in the hydrating browser. Your app enables `csr`, or `ssr` in its server build and
//! `hydrate` in its browser build, as any Leptos app does.
//!
//! - **State from the server.** [`Store::new_shared`] (and [`ArcStore::new_shared`]) makes a
//!   store whose state goes into the page with the HTML, through Leptos' hydration context
//!   as a `Resource`'s data does; the hydrating browser starts from it instead of running
//!   `initial`, so its first render matches the server's HTML. [`use_machine_shared`] does
//!   the same for a machine's snapshot. In a client-rendered app both are `new`.
//! - **Persistence** loads and writes nothing on the server. While the page hydrates it
//!   waits, and once hydration is done it loads the stored state as one change tagged
//!   [`Origin::Hydration`] (as Zustand's `skipHydration` and leptos-use's
//!   `delay_during_hydration` do): the stored state wins over the server's, unless
//!   [`PersistOptions::keep_server_state`] says otherwise.
//! - **Devtools.** The `leptos-state-devtools` component renders nothing on the server and opens
//!   once the page has hydrated; `devtools::redux::connect()` returns `None` on the server.
//! - **Optimistic changes on server functions** need nothing special: begin the change in
//!   the browser and settle it with the server function's answer. From an event handler,
//!   `change.settle_with(toggle_todo(id), |state, answer| ...)` does both. With
//!   `ServerMultiAction` and `MultiActionForm` (several submissions in flight, and a form
//!   that posts even before the page has hydrated), begin a change for each new entry of
//!   `submissions()` and settle it when that submission's `value()` arrives: `confirm_with`
//!   the server's answer, or `fail` with its error, which rolls that change back alone. With
//!   `ServerAction` and `ActionForm` (one submission at a time), begin it when the action's
//!   `input()` turns `Some` and settle it when its `value()` arrives. `examples/ssr-todo`
//!   adds todos through a `MultiActionForm` and ticks them with `settle_with`, on real
//!   `#[server]` functions.
//! - **Shared stores and client-side navigation.** The server sends a shared store's state
//!   only with the page it renders. A page the browser renders itself later runs `initial`
//!   in the browser: there, fill the store from a `Resource` or a server function.
//!
//! ```
//! use leptos::prelude::*;
//! use leptos_state::{State, Store, VecSlice, provide_store};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(State, Clone, PartialEq, Default, Serialize, Deserialize)]
//! struct Todos {
//!     items: Vec<String>,
//! }
//!
//! /// What the server loads (on the server, from its database).
//! fn load_todos() -> Todos {
//!     Todos { items: vec!["buy milk".into()] }
//! }
//!
//! #[component]
//! fn TodoPage() -> impl IntoView {
//!     // On the server: `load_todos()`, sent with the HTML. While hydrating: what the server
//!     // sent. In a client-rendered app: `load_todos()`.
//!     let todos = Store::new_shared(load_todos);
//!     provide_store(todos);
//!     view! { <p>{move || todos.items().len()} " todos"</p> }
//! }
//! ```
//!
//! # Subscriptions
//!
//! [`Store::subscribe`] calls a closure after every accepted change, with its [`Change`]
//! record: for code outside the reactive graph. Dropping the [`Subscription`] unsubscribes;
//! [`Subscription::until_cleanup`] ties it to the current component.
//!
//! # Cleanup
//!
//! A `Store` belongs to the reactive owner that created it: when that component unmounts, the
//! store is disposed together with its middleware and subscriptions. A write after that returns
//! [`StoreError::Disposed`]. An `ArcStore` lives as long as a handle to it does.
//!
//! # Feature flags
//!
//! - `devtools`: every store publishes itself to the [`devtools`] registry, which the
//!   `leptos-state-devtools` crate shows in the page, and `inspect` (on stores) and
//!   `Actor::inspect` let the devtools show and change them. Off by default; without it the
//!   app holds none of their code, and `inspect` and `Actor::inspect` are still there but do
//!   nothing, so an app calls them without `#[cfg]` and lets the feature decide.
//! - `redux-devtools` (with `devtools`): `devtools::redux::connect()` shows every inspected
//!   store in the Redux DevTools browser extension and answers its monitor (in the browser
//!   only).
//! - `garde`: `FieldErrors`, a store's validation errors per field from garde, reactive, for
//!   forms that show errors while the user types.
//! - `router`: `bind_query` and `bind_hash`, a slice bound both ways to the URL through
//!   leptos_router.
//!
//! The guide (`docs/` in the repository, an mdBook) walks through all of this.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod busy;
mod change;
mod clock;
mod context;
mod copy_on_write;
#[cfg(feature = "devtools")]
#[cfg_attr(docsrs, doc(cfg(feature = "devtools")))]
pub mod devtools;
mod edit;
mod error;
mod extensions;
#[cfg(feature = "garde")]
#[cfg_attr(docsrs, doc(cfg(feature = "garde")))]
mod field_errors;
mod history;
mod inspect;
mod local;
mod machine;
mod middleware;
mod optimistic;
mod persist;
pub mod prelude;
mod redact;
mod render;
mod shared;
mod slice;
mod state;
mod store;
mod subscription;
mod sync;
mod tree;
#[cfg(feature = "router")]
#[cfg_attr(docsrs, doc(cfg(feature = "router")))]
mod url;

pub use change::{Change, Origin, Path};
#[cfg(target_arch = "wasm32")]
pub use clock::BrowserClock;
pub use clock::{Clock, Due, ManualClock};
pub use context::{provide_store, try_use_store, use_store};
pub use copy_on_write::CopyOnWrite;
pub use error::StoreError;
#[cfg(feature = "garde")]
#[cfg_attr(docsrs, doc(cfg(feature = "garde")))]
pub use field_errors::FieldErrors;
pub use history::{History, HistoryOptions, try_use_history, use_history};
// A glob, so that every macro the macro crate defines is re-exported here.
#[allow(unused_imports, unreachable_pub)]
#[doc(inline)]
pub use leptos_state_macros::*;
pub use local::Local;
pub use machine::{
    Actor, Configuration, EventlessBuilder, Family, HistoryMode, InitialBuilder, Inspection,
    Machine, MachineBuilder, MachineError, MachineSnapshot, Scope, StateBuilder, StateId,
    TransitionBuilder, use_machine,
};
pub use middleware::{Logger, Middleware, Refusal, Validate};
pub use optimistic::{OptimisticChange, OptimisticStatus};
pub use persist::{
    Backend, IndexedDb, Memory, Merge, OnWrite, Pending, Persist, PersistError, PersistOptions,
    StorageError, Watch, WebStorage,
};
pub use redact::{REDACTED, Redact};
pub use shared::use_machine_shared;
pub use slice::{
    At, Field, FieldAt, FieldOf, FieldValue, KeyAt, KeyFn, Keyed, KeyedVec, MapEntry, MapSlice,
    OptionSlice, Slice, SomeValue, VecSlice,
};
pub use state::{Changes, FieldInfo, Patch, State};
pub use store::{AddOn, ArcStore, Committed, Finalized, Overwritten, Store, Transaction, Wants};
pub use subscription::Subscription;
#[cfg(feature = "router")]
#[cfg_attr(docsrs, doc(cfg(feature = "router")))]
pub use url::{UrlWrite, bind_hash, bind_query};

/// What `#[derive(State)]` expands to refers to; not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::edit::{Edits, Place};
    pub use crate::redact::{RedactTag, ViaNoSecret, ViaRedact, redacted};
    pub use crate::slice::KeyedField;
    pub use crate::slice::diff::{Diff, DiffTag, ViaDiff, ViaPut, diff_keyed, diff_root, put_item};
    pub use crate::tree::{Node, Pins, Segment};
    pub use serde_json::Value;

    /// The type of a struct's field, by the hash of its name: how a keyed collection's
    /// derive finds the type of its items' key field.
    pub trait FieldNamed<const NAME: u64> {
        /// The field's type.
        type Type;
    }
}

// Compiles and runs the README's examples as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
