//! What a change did to the state, as JSON: the operations of an RFC 6902 JSON Patch, each
//! with the value it replaced.

use serde_json::Value;

/// What one operation of a diff does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// A value appeared.
    Add,
    /// A value went away.
    Remove,
    /// A value was replaced.
    Replace,
}

/// One difference between two states.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffOp {
    /// What happened.
    pub kind: DiffKind,
    /// Where, as a JSON Pointer (`/todos/0/done`).
    pub path: String,
    /// The value before, for a removal or a replacement.
    pub old: Option<Value>,
    /// The value after, for an addition or a replacement.
    pub new: Option<Value>,
}

/// The differences from `before` to `after`, computed by `json-patch`.
pub(crate) fn diff(before: &Value, after: &Value) -> Vec<DiffOp> {
    json_patch::diff(before, after)
        .0
        .into_iter()
        .filter_map(|op| {
            use json_patch::PatchOperation as Op;
            let (kind, path, new) = match op {
                Op::Add(op) => (DiffKind::Add, op.path, Some(op.value)),
                Op::Remove(op) => (DiffKind::Remove, op.path, None),
                Op::Replace(op) => (DiffKind::Replace, op.path, Some(op.value)),
                // `diff` emits only the three above.
                Op::Move(_) | Op::Copy(_) | Op::Test(_) => return None,
            };
            let path = path.as_str().to_owned();
            let old = match kind {
                DiffKind::Add => None,
                _ => before.pointer(&path).cloned(),
            };
            Some(DiffOp {
                kind,
                path,
                old,
                new,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_diff_names_each_changed_leaf_with_its_old_value() {
        let before = json!({"todos": [{"done": false}], "filter": "all"});
        let after = json!({"todos": [{"done": true}, {"done": false}], "filter": "all"});
        let ops = diff(&before, &after);
        assert_eq!(
            ops,
            [
                DiffOp {
                    kind: DiffKind::Replace,
                    path: "/todos/0/done".into(),
                    old: Some(json!(false)),
                    new: Some(json!(true)),
                },
                DiffOp {
                    kind: DiffKind::Add,
                    path: "/todos/1".into(),
                    old: None,
                    new: Some(json!({"done": false})),
                },
            ]
        );
        let removed = diff(&after, &before);
        assert_eq!(removed[1].kind, DiffKind::Remove);
        assert_eq!(removed[1].old, Some(json!({"done": false})));
    }
}
