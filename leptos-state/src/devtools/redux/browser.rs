//! The bridge in the browser.

use super::super::{DevtoolsError, Inspector, StoreInfo, live_stores, watch};
use super::EXTENSION;
use js_sys::{Array, Function, JSON, Object, Reflect};
use reactive_graph::{
    effect::Effect,
    graph::untrack,
    owner::{LocalStorage, Owner},
    traits::Dispose,
};
use serde_json::{Map, Value, json};
use std::{cell::RefCell, collections::BTreeSet, fmt, rc::Rc};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// What the monitor may offer for a store: see the module's table.
const FEATURES: &str = r#"{"pause":true,"lock":true,"persist":false,"export":true,
"import":"custom","jump":true,"skip":true,"reorder":false,"dispatch":false,"test":false}"#;

/// The connections of every inspected store to the extension; dropping it disconnects them.
#[must_use = "dropping the bridge disconnects every store from the extension at once; keep it \
              for as long as the app runs (e.g. in `StoredValue::new_local`)"]
pub struct ReduxBridge {
    effect: Effect<LocalStorage>,
    connections: Rc<RefCell<Vec<Connection>>>,
    _owner: Owner,
}

impl fmt::Debug for ReduxBridge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReduxBridge")
            .field("stores", &self.connections.borrow().len())
            .finish()
    }
}

impl Drop for ReduxBridge {
    fn drop(&mut self) {
        self.effect.dispose();
        self.connections.borrow_mut().clear();
    }
}

/// Connects every inspected store to the Redux DevTools extension, now and as stores are
/// inspected, until the bridge is dropped; `None` when the page has no extension.
///
/// Call it in the application's root component (it follows the stores with an effect), and
/// keep the bridge for as long as the application runs.
///
/// # Examples
///
/// ```ignore
/// #[component]
/// fn App() -> impl IntoView {
///     // Keep it as long as the app: dropping it disconnects. There is a bridge in the
///     // browser only (never on the server), and a local value must stay on its thread.
///     if let Some(bridge) = leptos_state::devtools::redux::connect() {
///         leptos::prelude::StoredValue::new_local(bridge);
///     }
///     view! { /* ... */ }
/// }
/// ```
#[must_use = "dropping the bridge disconnects every store from the extension at once"]
pub fn connect() -> Option<ReduxBridge> {
    let extension = Reflect::get(&js_sys::global(), &EXTENSION.into()).ok()?;
    if extension.is_undefined() || extension.is_null() {
        return None;
    }
    let connections = Rc::new(RefCell::new(Vec::<Connection>::new()));
    let watching = watch();
    let kept = connections.clone();
    // The connections' own effects belong here, not to the effect below, which would
    // dispose of them each time it runs again.
    let owner = Owner::new();
    let connections_owner = owner.clone();
    let effect = Effect::new(move |_| {
        let _watching = &watching;
        let stores = live_stores();
        let mut connections = kept.borrow_mut();
        connections.retain(|connection| stores.iter().any(|s| s.id == connection.store_id));
        for store in stores {
            let known = connections.iter().any(|c| c.store_id == store.id);
            if known {
                continue;
            }
            if let Some(connection) =
                connections_owner.with(|| Connection::open(&extension, &store))
            {
                connections.push(connection);
            }
        }
    });
    Some(ReduxBridge {
        effect,
        connections,
        _owner: owner,
    })
}

/// One store's connection.
struct Connection {
    store_id: u64,
    inspector: Inspector,
    /// Follows the store's log and sends its changes.
    sender: Effect<LocalStorage>,
    unsubscribe: Option<Function>,
    _listener: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        // A lock set from the monitor does not outlive the connection.
        self.inspector.set_locked(false);
        self.sender.dispose();
        if let Some(unsubscribe) = &self.unsubscribe {
            let _ = unsubscribe.call0(&JsValue::NULL);
        }
    }
}

/// What a connection knows of the history it showed the monitor.
struct Shown {
    inspector: Inspector,
    instance: JsValue,
    /// The first state: the one sent with `init`.
    first: Value,
    /// The actions since, oldest first; ids count from 1.
    actions: Vec<Action>,
    skipped: BTreeSet<usize>,
    /// The state the recorded actions end at, which the next action is diffed against, so
    /// that replaying every action gives the state the last one left.
    chain_end: Value,
    /// The last log entry seen.
    seen: u64,
    paused: bool,
}

struct Action {
    name: String,
    time: f64,
    /// What the action did, replayed when another action is skipped.
    patch: json_patch::Patch,
}

/// The action names the bridge's own changes take: they are not sent back as actions.
const OWN: &str = "redux devtools: ";

impl Connection {
    fn open(extension: &JsValue, store: &StoreInfo) -> Option<Connection> {
        let inspector = store.inspector.clone()?;
        let options = Object::new();
        let _ = Reflect::set(&options, &"name".into(), &store.name.as_str().into());
        let features = JSON::parse(FEATURES).unwrap_or_else(|_| Object::new().into());
        let _ = Reflect::set(&options, &"features".into(), &features);
        let instance = call(extension, "connect", &[options.into()]).ok()?;
        let first = untrack(|| inspector.state()).ok()?;
        let _ = call(&instance, "init", &[to_js(&first)]);
        let seen = inspector
            .log_untracked()
            .last()
            .map_or(0, |entry| entry.seq());
        let shown = Rc::new(RefCell::new(Shown {
            inspector: inspector.clone(),
            instance: instance.clone(),
            chain_end: first.clone(),
            first,
            actions: Vec::new(),
            skipped: BTreeSet::new(),
            seen,
            paused: false,
        }));
        let sending = shown.clone();
        let sender = Effect::new(move |_| {
            let log = sending.borrow().inspector.log();
            sending.borrow_mut().send_new(&log);
        });
        let answering = shown.clone();
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
            answering.borrow_mut().answer(&message);
        });
        let unsubscribe = call(&instance, "subscribe", &[listener.as_ref().clone()])
            .ok()
            .and_then(|value| value.dyn_into::<Function>().ok());
        Some(Connection {
            store_id: store.id,
            inspector,
            sender,
            unsubscribe,
            _listener: listener,
        })
    }
}

impl Shown {
    /// Sends the changes logged since the last one seen, unless paused or made here.
    fn send_new(&mut self, log: &[super::super::LogEntry]) {
        let seen = self.seen;
        for entry in log.iter().filter(|entry| entry.seq() > seen) {
            self.seen = entry.seq();
            // A refused write changed nothing: the monitor has no action for it.
            if entry.refused().is_some() {
                continue;
            }
            let after = match self.inspector.state_at(entry.seq()) {
                Ok(state) => state,
                Err(DevtoolsError::NoState { .. }) => match untrack(|| self.inspector.state()) {
                    Ok(state) => state,
                    Err(err) => return self.report(&err.to_string()),
                },
                Err(err) => return self.report(&err.to_string()),
            };
            if self.paused || entry.action().starts_with(OWN) {
                continue;
            }
            let before = std::mem::replace(&mut self.chain_end, after);
            self.actions.push(Action {
                name: entry.action().to_owned(),
                time: entry.time_ms(),
                patch: json_patch::diff(&before, &self.chain_end),
            });
            let action = json!({ "type": entry.action(), "origin": entry.origin().to_string() });
            let _ = call(
                &self.instance,
                "send",
                &[to_js(&action), to_js(&self.chain_end)],
            );
        }
    }

    /// Answers one message from the monitor.
    fn answer(&mut self, message: &JsValue) {
        if get_str(message, "type").as_deref() != Some("DISPATCH") {
            return;
        }
        // Catch up with changes the effect has not sent yet: the answer works on them.
        let log = self.inspector.log_untracked();
        self.send_new(&log);
        let payload = get(message, "payload");
        let state = || {
            get_str(message, "state")
                .ok_or_else(|| "the monitor sent no state".to_owned())
                .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()))
        };
        let answered = match get_str(&payload, "type").as_deref() {
            Some("JUMP_TO_STATE" | "JUMP_TO_ACTION") => state().and_then(|s| self.put(s, "jump")),
            Some("TOGGLE_ACTION") => match get(&payload, "id").as_f64() {
                Some(id) => self.toggle(id as usize),
                None => Err("TOGGLE_ACTION without an action id".to_owned()),
            },
            Some("IMPORT_STATE") => self.import(&get(&payload, "nextLiftedState")),
            Some("COMMIT") => untrack(|| self.inspector.state())
                .map_err(|err| err.to_string())
                .map(|state| self.restart(state)),
            Some("ROLLBACK") => state().and_then(|state| {
                self.put(state.clone(), "rollback")?;
                self.restart(state);
                Ok(())
            }),
            Some("RESET") => self
                .inspector
                .initial()
                .map_err(|err| err.to_string())
                .and_then(|initial| {
                    self.put(initial.clone(), "reset")?;
                    self.restart(initial);
                    Ok(())
                }),
            Some("LOCK_CHANGES") => {
                let locked = get(&payload, "status").as_bool().unwrap_or(false);
                self.inspector.set_locked(locked);
                self.send_lifted();
                Ok(())
            }
            Some("PAUSE_RECORDING") => {
                self.paused = get(&payload, "status").as_bool().unwrap_or(!self.paused);
                self.send_lifted();
                Ok(())
            }
            other => Err(format!(
                "leptos-state does not answer {}",
                other.unwrap_or("a dispatch without a type")
            )),
        };
        if let Err(reason) = answered {
            self.report(&reason);
        }
    }

    /// Puts `state` in the store as the bridge's change `what`.
    fn put(&mut self, state: Value, what: &str) -> Result<(), String> {
        self.inspector
            .put_json(state, format!("{OWN}{what}"))
            .map_err(|err| err.to_string())?;
        // The change is logged; take it as seen, so that it is not sent.
        let log = self.inspector.log_untracked();
        self.send_new(&log);
        Ok(())
    }

    /// Skips action `id` (or takes it back), replaying the others' diffs from the first
    /// state; tells the monitor which actions are skipped.
    fn toggle(&mut self, id: usize) -> Result<(), String> {
        if id == 0 || id > self.actions.len() {
            return Err(format!("there is no action #{id} to skip"));
        }
        let mut skipped = self.skipped.clone();
        if !skipped.remove(&id) {
            skipped.insert(id);
        }
        let states = self.replay(&skipped)?;
        let state = states.last().cloned().unwrap_or_else(|| self.first.clone());
        self.put(state, &format!("skip #{id}"))?;
        self.skipped = skipped;
        let lifted = self.lifted(&states);
        let _ = call(&self.instance, "send", &[JsValue::NULL, to_js(&lifted)]);
        Ok(())
    }

    /// Tells the monitor the whole history, with whether the store is locked and paused
    /// (the monitor shows its lock and pause buttons from these).
    fn send_lifted(&self) {
        let states = self.replay(&self.skipped).unwrap_or_default();
        let lifted = self.lifted(&states);
        let _ = call(&self.instance, "send", &[JsValue::NULL, to_js(&lifted)]);
    }

    /// The state after each action, the skipped ones leaving it as it was.
    fn replay(&self, skipped: &BTreeSet<usize>) -> Result<Vec<Value>, String> {
        let mut state = self.first.clone();
        let mut states = Vec::with_capacity(self.actions.len());
        for (index, action) in self.actions.iter().enumerate() {
            let id = index + 1;
            if !skipped.contains(&id) {
                json_patch::patch(&mut state, &action.patch).map_err(|err| {
                    format!(
                        "action #{id} ({}) cannot be replayed without the skipped ones: {err}",
                        action.name
                    )
                })?;
            }
            states.push(state.clone());
        }
        Ok(states)
    }

    /// The monitor's view of the history: Redux DevTools' "lifted state".
    fn lifted(&self, states: &[Value]) -> Value {
        let mut by_id = Map::new();
        by_id.insert(
            "0".to_owned(),
            json!({ "type": "PERFORM_ACTION", "action": { "type": "@@INIT" }, "timestamp": 0 }),
        );
        for (index, action) in self.actions.iter().enumerate() {
            by_id.insert(
                (index + 1).to_string(),
                json!({
                    "type": "PERFORM_ACTION",
                    "action": { "type": action.name },
                    "timestamp": action.time,
                }),
            );
        }
        let computed: Vec<Value> = std::iter::once(&self.first)
            .chain(states)
            .map(|state| json!({ "state": state }))
            .collect();
        json!({
            "actionsById": by_id,
            "computedStates": computed,
            "currentStateIndex": self.actions.len(),
            "nextActionId": self.actions.len() + 1,
            "skippedActionIds": self.skipped,
            "stagedActionIds": (0..=self.actions.len()).collect::<Vec<_>>(),
            "isLocked": self.inspector.is_locked(),
            "isPaused": self.paused,
        })
    }

    /// Takes the last state of an imported history, and the history as the monitor's.
    fn import(&mut self, lifted: &JsValue) -> Result<(), String> {
        let lifted: Value = from_js(lifted).ok_or("the import has no history")?;
        let computed = lifted
            .get("computedStates")
            .and_then(Value::as_array)
            .filter(|states| !states.is_empty())
            .ok_or("the import has no computed states")?;
        let states: Vec<Value> = computed
            .iter()
            .map(|entry| entry.get("state").cloned().unwrap_or(Value::Null))
            .collect();
        self.put(last_state(&states), "import")?;
        let names = lifted.get("actionsById");
        self.first = states[0].clone();
        self.chain_end = last_state(&states);
        self.actions = states
            .windows(2)
            .enumerate()
            .map(|(index, pair)| {
                let action = names.and_then(|names| names.get((index + 1).to_string()));
                Action {
                    name: action
                        .and_then(|a| a.pointer("/action/type"))
                        .and_then(Value::as_str)
                        .unwrap_or("imported")
                        .to_owned(),
                    time: action
                        .and_then(|a| a.get("timestamp"))
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0),
                    patch: json_patch::diff(&pair[0], &pair[1]),
                }
            })
            .collect();
        self.skipped = lifted
            .get("skippedActionIds")
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(Value::as_u64)
                    .map(|id| id as usize)
                    .collect()
            })
            .unwrap_or_default();
        let _ = call(&self.instance, "send", &[JsValue::NULL, to_js(&lifted)]);
        Ok(())
    }

    /// Makes `state` the first state, forgetting the actions, and tells the monitor.
    fn restart(&mut self, state: Value) {
        self.actions.clear();
        self.skipped.clear();
        self.chain_end = state.clone();
        self.first = state;
        let lifted = self.lifted(&[]);
        let _ = call(
            &self.instance,
            "init",
            &[to_js(&self.first), to_js(&lifted)],
        );
    }

    /// Shows `reason` in the monitor, and logs it.
    fn report(&self, reason: &str) {
        log::error!("Redux DevTools: {reason}");
        let _ = call(&self.instance, "error", &[reason.into()]);
    }
}

fn last_state(states: &[Value]) -> Value {
    states.last().cloned().unwrap_or(Value::Null)
}

/// Calls `target[method](...args)`.
fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    function.apply(target, &args.iter().collect::<Array>())
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn get_str(target: &JsValue, key: &str) -> Option<String> {
    get(target, key).as_string()
}

fn to_js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

fn from_js(value: &JsValue) -> Option<Value> {
    let text = JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}
