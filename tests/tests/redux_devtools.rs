//! The Redux DevTools bridge in headless Chromium, against a stand-in for the extension that
//! records what the bridge sends and dispatches the monitor's messages to it.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, JSON, Reflect};
use leptos::prelude::*;
use leptos_state::{ArcStore, State, StoreError, VecSlice, devtools::redux};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/dom.rs"]
mod dom;

use dom::settle;

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Profile {
    user: String,
    visits: u32,
    theme: String,
    tags: Vec<String>,
    #[state(redact)]
    password: String,
}

/// Installs the stand-in: `connect` returns an instance that records `init`, `send` and
/// `error`, and keeps the listener given to `subscribe`.
fn install() {
    let source = r#"
        window.__connections = [];
        window.__REDUX_DEVTOOLS_EXTENSION__ = {
            connect(options) {
                const instance = {
                    options, inits: [], sent: [], errors: [], listener: null,
                    init(state) { this.inits.push(JSON.stringify(state)); },
                    send(action, state) { this.sent.push(JSON.stringify([action, state])); },
                    error(message) { this.errors.push(message); },
                    subscribe(listener) {
                        this.listener = listener;
                        return () => { this.listener = null; };
                    },
                };
                window.__connections.push(instance);
                return instance;
            },
        };
    "#;
    Function::new_no_args(source).call0(&JsValue::NULL).unwrap();
}

fn uninstall() {
    Function::new_no_args("delete window.__REDUX_DEVTOOLS_EXTENSION__")
        .call0(&JsValue::NULL)
        .unwrap();
}

/// The stand-in's instance for the store `name`.
fn instance(name: &str) -> JsValue {
    let all: Array = Reflect::get(&js_sys::global(), &"__connections".into())
        .unwrap()
        .unchecked_into();
    all.iter()
        .find(|c| {
            let options = Reflect::get(c, &"options".into()).unwrap();
            Reflect::get(&options, &"name".into())
                .unwrap()
                .as_string()
                .as_deref()
                == Some(name)
        })
        .unwrap_or_else(|| panic!("no connection for `{name}`"))
}

fn recorded(instance: &JsValue, field: &str) -> Vec<Value> {
    let list: Array = Reflect::get(instance, &field.into())
        .unwrap()
        .unchecked_into();
    list.iter()
        .map(|item| match item.as_string() {
            Some(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
            None => Value::Null,
        })
        .collect()
}

fn errors(instance: &JsValue) -> Vec<String> {
    recorded(instance, "errors")
        .into_iter()
        .map(|e| e.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Sends the monitor's `{type: "DISPATCH", payload, state}` to the bridge.
fn dispatch(instance: &JsValue, payload: Value, state: Option<Value>) {
    let message = json!({ "type": "DISPATCH", "payload": payload });
    let message = JSON::parse(&message.to_string()).unwrap();
    if let Some(state) = state {
        Reflect::set(&message, &"state".into(), &state.to_string().into()).unwrap();
    }
    let listener: Function = Reflect::get(instance, &"listener".into())
        .unwrap()
        .dyn_into()
        .expect("the bridge subscribed");
    listener.call1(&JsValue::NULL, &message).unwrap();
}

fn profile(store: &ArcStore<Profile>) -> Value {
    let state = store.get_untracked();
    json!({ "user": state.user, "visits": state.visits, "theme": state.theme, "tags": state.tags })
}

#[wasm_bindgen_test]
async fn without_the_extension_nothing_connects() {
    uninstall();
    assert!(redux::connect().is_none());
}

#[wasm_bindgen_test]
async fn each_store_is_sent_with_its_changes_and_answers_the_monitor() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    install();
    let _owner = Owner::new();
    _owner.set();
    let store = ArcStore::new_named("redux profile", Profile::default());
    store.inspect();
    store.password().set("hunter2".into());
    let bridge = redux::connect().expect("the stand-in is installed");
    settle().await;
    let monitor = instance("redux profile");

    // Connected with the features it answers, and the first state, redacted.
    let options = Reflect::get(&monitor, &"options".into()).unwrap();
    let features: Value = serde_json::from_str(
        &JSON::stringify(&Reflect::get(&options, &"features".into()).unwrap())
            .unwrap()
            .as_string()
            .unwrap(),
    )
    .unwrap();
    for (feature, on) in [
        ("jump", true),
        ("skip", true),
        ("pause", true),
        ("lock", true),
    ] {
        assert_eq!(features[feature], on, "{feature}");
    }
    for hidden in ["reorder", "dispatch", "test", "persist"] {
        assert_eq!(features[hidden], false, "{hidden} is hidden");
    }
    let inits = recorded(&monitor, "inits");
    assert_eq!(inits.len(), 1);
    assert_eq!(inits[0]["password"], "[redacted]");

    // Every change, with its action name and the state after it.
    store.user().set("ada".into());
    store.update("visit", |p| p.visits += 1).unwrap();
    store.theme().set("dark".into());
    settle().await;
    let sent = recorded(&monitor, "sent");
    let names: Vec<_> = sent.iter().map(|s| s[0]["type"].clone()).collect();
    assert_eq!(names, ["user", "visit", "theme"]);
    assert_eq!(sent[1][0]["origin"], "user");
    assert_eq!(sent[2][1]["theme"], "dark");
    assert_eq!(sent[2][1]["password"], "[redacted]");

    // Jump: the store takes the state; nothing is sent back as an action.
    let after_visit = sent[1][1].clone();
    dispatch(
        &monitor,
        json!({ "type": "JUMP_TO_ACTION", "actionId": 2 }),
        Some(after_visit),
    );
    settle().await;
    assert_eq!(profile(&store)["theme"], "");
    assert_eq!(
        store.password().get_untracked(),
        "hunter2",
        "never set from the monitor"
    );
    assert_eq!(recorded(&monitor, "sent").len(), 3);
    dispatch(
        &monitor,
        json!({ "type": "JUMP_TO_STATE" }),
        Some(sent[2][1].clone()),
    );
    assert_eq!(profile(&store)["theme"], "dark");

    // Skip `visit`: the other actions are replayed; the monitor gets the lifted state.
    dispatch(&monitor, json!({ "type": "TOGGLE_ACTION", "id": 2 }), None);
    settle().await;
    assert_eq!(
        profile(&store),
        json!({ "user": "ada", "visits": 0, "theme": "dark", "tags": [] })
    );
    let sent = recorded(&monitor, "sent");
    assert_eq!(sent.len(), 4);
    let lifted = &sent[3];
    assert_eq!(lifted[0], Value::Null);
    assert_eq!(lifted[1]["skippedActionIds"], json!([2]));
    assert_eq!(lifted[1]["computedStates"].as_array().unwrap().len(), 4);
    assert_eq!(lifted[1]["actionsById"]["2"]["action"]["type"], "visit");
    dispatch(&monitor, json!({ "type": "TOGGLE_ACTION", "id": 2 }), None);
    assert_eq!(profile(&store)["visits"], 1, "taken back");

    // An action that cannot be replayed without a skipped one: an error, nothing changes.
    store.tags().push("a".into()).unwrap();
    store
        .update("rename tag", |p| p.tags[0] = "b".into())
        .unwrap();
    settle().await;
    dispatch(&monitor, json!({ "type": "TOGGLE_ACTION", "id": 4 }), None);
    assert_eq!(store.get_untracked().tags, ["b"]);
    let reported = errors(&monitor);
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert!(reported[0].contains("#5 (rename tag)"), "{}", reported[0]);

    // A state the store's type refuses: reported, the store unchanged.
    dispatch(
        &monitor,
        json!({ "type": "JUMP_TO_STATE" }),
        Some(json!({ "visits": "many" })),
    );
    assert_eq!(store.get_untracked().visits, 1);
    assert!(
        errors(&monitor)[1].contains("expected u32"),
        "{:?}",
        errors(&monitor)
    );

    // Pause: changes are not sent until recording resumes.
    let before = recorded(&monitor, "sent").len();
    dispatch(
        &monitor,
        json!({ "type": "PAUSE_RECORDING", "status": true }),
        None,
    );
    assert_eq!(recorded(&monitor, "sent")[before][1]["isPaused"], true);
    let before = before + 1;
    store.theme().set("light".into());
    settle().await;
    assert_eq!(recorded(&monitor, "sent").len(), before);
    dispatch(
        &monitor,
        json!({ "type": "PAUSE_RECORDING", "status": false }),
        None,
    );
    store.theme().set("blue".into());
    settle().await;
    assert_eq!(recorded(&monitor, "sent").len(), before + 2);

    // Lock: the application's changes are refused until unlocked.
    dispatch(
        &monitor,
        json!({ "type": "LOCK_CHANGES", "status": true }),
        None,
    );
    let lifted = recorded(&monitor, "sent").last().cloned().unwrap();
    assert_eq!(
        lifted[1]["isLocked"], true,
        "the monitor shows the lock from the lifted state"
    );
    let refused = store.update("visit", |p| p.visits += 1).unwrap_err();
    assert!(
        matches!(&refused, StoreError::Locked { by, .. } if by == "devtools"),
        "{refused:?}"
    );
    dispatch(
        &monitor,
        json!({ "type": "LOCK_CHANGES", "status": false }),
        None,
    );
    assert_eq!(
        recorded(&monitor, "sent").last().unwrap()[1]["isLocked"],
        false
    );
    store.update("visit", |p| p.visits += 1).unwrap();
    assert_eq!(store.get_untracked().visits, 2);

    // Commit makes the current state the first; rollback returns to it; reset to the
    // initial state.
    dispatch(&monitor, json!({ "type": "COMMIT" }), None);
    let committed = recorded(&monitor, "inits").last().cloned().unwrap();
    assert_eq!(committed["visits"], 2);
    store.update("visit", |p| p.visits += 1).unwrap();
    dispatch(
        &monitor,
        json!({ "type": "ROLLBACK" }),
        Some(committed.clone()),
    );
    assert_eq!(store.get_untracked().visits, 2);
    assert_eq!(recorded(&monitor, "inits").len(), 3);
    dispatch(&monitor, json!({ "type": "RESET" }), None);
    assert_eq!(
        profile(&store),
        json!({ "user": "", "visits": 0, "theme": "", "tags": [] })
    );
    assert_eq!(store.password().get_untracked(), "hunter2");

    // Import: the store takes the last state; the monitor gets the imported history.
    let history = json!({
        "actionsById": {
            "0": { "type": "PERFORM_ACTION", "action": { "type": "@@INIT" } },
            "1": { "type": "PERFORM_ACTION", "action": { "type": "login" } }
        },
        "computedStates": [
            { "state": { "user": "", "visits": 0, "theme": "", "tags": [] } },
            { "state": { "user": "grace", "visits": 7, "theme": "dark", "tags": ["x"] } }
        ],
        "skippedActionIds": [],
        "stagedActionIds": [0, 1]
    });
    dispatch(
        &monitor,
        json!({ "type": "IMPORT_STATE", "nextLiftedState": history }),
        None,
    );
    assert_eq!(store.get_untracked().user, "grace");
    let sent = recorded(&monitor, "sent");
    assert_eq!(
        sent.last().unwrap()[1]["computedStates"][1]["state"]["visits"],
        7
    );
    dispatch(&monitor, json!({ "type": "TOGGLE_ACTION", "id": 1 }), None);
    assert_eq!(
        store.get_untracked().user,
        "",
        "the imported actions can be skipped"
    );

    // Unknown dispatches are reported, not ignored.
    dispatch(&monitor, json!({ "type": "REORDER_ACTION" }), None);
    assert!(errors(&monitor).last().unwrap().contains("REORDER_ACTION"));

    // A store inspected later connects too; a dropped one unsubscribes.
    let later = ArcStore::new_named("redux later", 5_u32);
    later.inspect_any();
    settle().await;
    let later_monitor = instance("redux later");
    assert_eq!(recorded(&later_monitor, "inits"), [json!(5)]);
    drop(later);
    settle().await;
    assert!(
        Reflect::get(&later_monitor, &"listener".into())
            .unwrap()
            .is_null()
    );

    // A lock does not outlive the bridge; nothing is sent after it is dropped.
    dispatch(
        &monitor,
        json!({ "type": "LOCK_CHANGES", "status": true }),
        None,
    );
    let sent = recorded(&monitor, "sent").len();
    drop(bridge);
    assert!(
        Reflect::get(&monitor, &"listener".into())
            .unwrap()
            .is_null()
    );
    store.theme().set("after".into());
    assert_eq!(store.get_untracked().theme, "after", "unlocked");
    settle().await;
    assert_eq!(recorded(&monitor, "sent").len(), sent);
    uninstall();
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Household {
    name: String,
    devices: Vec<Device>,
}

#[derive(State, Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct Device {
    label: String,
    #[state(redact)]
    pairing_code: String,
}

#[wasm_bindgen_test]
async fn secrets_of_nested_structs_never_reach_the_monitor_nor_come_back_from_it() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    install();
    let owner = Owner::new();
    owner.set();
    let store = ArcStore::new_named("redux household", Household::default());
    store.inspect();
    store
        .devices()
        .push(Device {
            label: "tv".into(),
            pairing_code: "1234".into(),
        })
        .unwrap();
    let bridge = redux::connect().expect("the stand-in is installed");
    settle().await;
    let monitor = instance("redux household");
    assert_eq!(
        recorded(&monitor, "inits"),
        [json!({ "name": "", "devices": [{ "label": "tv", "pairing_code": "[redacted]" }] })]
    );

    store.name().set("home".into());
    settle().await;
    let sent = recorded(&monitor, "sent");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0][1]["devices"][0]["pairing_code"], "[redacted]");
    assert!(!sent[0][1].to_string().contains("1234"));

    // A state from the monitor, its nested secret changed: the secret stays.
    let mut from_monitor = sent[0][1].clone();
    from_monitor["name"] = "flat".into();
    from_monitor["devices"][0]["pairing_code"] = "0000".into();
    dispatch(
        &monitor,
        json!({ "type": "JUMP_TO_STATE" }),
        Some(from_monitor),
    );
    settle().await;
    assert_eq!(store.name().get_untracked(), "flat");
    assert_eq!(
        store.get_untracked().devices[0].pairing_code,
        "1234",
        "never set from the monitor"
    );
    drop(bridge);
    uninstall();
}
