//! A JSON value as a collapsible tree, filtered by a key search.

use leptos::{html, prelude::*};
use leptos_state::devtools::REDACTED;
use serde_json::Value;
use std::collections::HashSet;

/// The paths the user has collapsed, kept while the state changes under them.
pub(crate) type Collapsed = RwSignal<HashSet<String>>;

/// The tree of `value`. With a non-empty `query`, shows only the keys that contain it
/// (ignoring case), with everything under them and the path to them, all expanded.
pub(crate) fn tree(value: &Value, query: &str, collapsed: Collapsed) -> AnyView {
    let query = query.trim().to_lowercase();
    let shown = match value {
        Value::Object(_) | Value::Array(_) => {
            children(value, "", &query, query.is_empty(), collapsed)
        }
        leaf => vec![leaf_view("(state)".into(), leaf, String::new())],
    };
    if shown.is_empty() {
        return view! { <p class="lsd-empty">"No key matches the search."</p> }.into_any();
    }
    view! { <div class="lsd-tree">{shown}</div> }.into_any()
}

fn children(
    value: &Value,
    path: &str,
    query: &str,
    all: bool,
    collapsed: Collapsed,
) -> Vec<AnyView> {
    let entries: Vec<(String, &Value)> = match value {
        Value::Object(fields) => fields.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .filter_map(|(key, child)| {
            let path = format!("{path}/{key}");
            let hit = all || key.to_lowercase().contains(query);
            if !hit && !has_match(child, query) {
                return None;
            }
            Some(match child {
                Value::Object(_) | Value::Array(_) => {
                    branch(key, child, path, query, hit, collapsed)
                }
                leaf => leaf_view(key, leaf, path),
            })
        })
        .collect()
}

/// Whether a key somewhere under `value` contains `query`.
fn has_match(value: &Value, query: &str) -> bool {
    match value {
        Value::Object(fields) => fields
            .iter()
            .any(|(key, child)| key.to_lowercase().contains(query) || has_match(child, query)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .any(|(index, child)| index.to_string().contains(query) || has_match(child, query)),
        _ => false,
    }
}

fn branch(
    key: String,
    value: &Value,
    path: String,
    query: &str,
    all: bool,
    collapsed: Collapsed,
) -> AnyView {
    let summary = match value {
        Value::Array(items) => format!("[{}]", items.len()),
        Value::Object(fields) => format!("{{{}}}", fields.len()),
        _ => String::new(),
    };
    let searching = !query.is_empty();
    let inner = children(value, &path, query, all, collapsed);
    let (open_path, toggle_path, data_path) = (path.clone(), path.clone(), path);
    let details = NodeRef::<html::Details>::new();
    view! {
        <details
            class="lsd-branch"
            data-path=data_path
            node_ref=details
            prop:open=move || searching || !collapsed.with(|c| c.contains(&open_path))
            on:toggle=move |_| {
                if searching {
                    return;
                }
                let Some(details) = details.get_untracked() else { return };
                let open = details.open();
                if open == collapsed.with_untracked(|c| !c.contains(&toggle_path)) {
                    return;
                }
                collapsed.update(|c| {
                    if open {
                        c.remove(&toggle_path);
                    } else {
                        c.insert(toggle_path.clone());
                    }
                });
            }
        >
            <summary>
                <span class="lsd-key">{key}</span>
                " "
                <span class="lsd-count">{summary}</span>
            </summary>
            <div class="lsd-children">{inner}</div>
        </details>
    }
    .into_any()
}

fn leaf_view(key: String, value: &Value, path: String) -> AnyView {
    let (class, text) = match value {
        Value::String(text) if text == REDACTED => ("lsd-value lsd-redacted", text.clone()),
        Value::String(text) => ("lsd-value lsd-string", format!("{text:?}")),
        Value::Number(number) => ("lsd-value lsd-number", number.to_string()),
        Value::Bool(flag) => ("lsd-value lsd-bool", flag.to_string()),
        Value::Null => ("lsd-value lsd-null", "null".to_owned()),
        other => ("lsd-value", other.to_string()),
    };
    view! {
        <div class="lsd-leaf" data-path=path>
            <span class="lsd-key">{key}</span>
            ": "
            <span class=class>{text}</span>
        </div>
    }
    .into_any()
}
