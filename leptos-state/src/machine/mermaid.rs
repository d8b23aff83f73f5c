//! Exporting a definition as a Mermaid `stateDiagram-v2`.

use super::{
    Machine,
    definition::{Kind, StateId},
};
use std::fmt::Write;

impl<S: StateId, E, C> Machine<S, E, C> {
    /// The definition as a Mermaid `stateDiagram-v2`: nested states as composite states,
    /// parallel regions separated by `--`, final states pointing to `[*]`. Transitions are
    /// labeled in UML's notation, `trigger [guard] / action`, where the trigger is the event
    /// (or its family, `*`, `always`, `after N ms`, `done`, `done State`); initial transitions
    /// come from `[*]` (to each target, however deep), and a history state's default
    /// transition is labeled `default`. For docs and the devtools.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::Machine;
    ///
    /// #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    /// enum S { Idle, Busy }
    /// #[derive(Debug)]
    /// enum E { Go }
    ///
    /// let m = Machine::<S, E, ()>::builder(())
    ///     .initial(S::Idle)
    ///     .state(S::Idle, |s| s.on(E::Go, S::Busy))
    ///     .state(S::Busy, |s| s.after(500, S::Idle))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(
    ///     m.to_mermaid(),
    ///     "stateDiagram-v2\n    [*] --> Idle\n    Idle --> Busy: Go\n    \
    ///      Busy --> Idle: after 500 ms\n"
    /// );
    /// ```
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("stateDiagram-v2\n");
        self.write_children(0, 1, &mut out);
        out
    }

    fn write_children(&self, at: usize, depth: usize, out: &mut String) {
        let nodes = &self.def.nodes;
        let pad = "    ".repeat(depth);
        let node = &nodes[at];
        if let (Kind::Compound, Some(initial)) = (&node.kind, &node.initial) {
            let actions = if initial.actions.is_empty() {
                ""
            } else {
                ": / action"
            };
            for &target in &initial.targets {
                let _ = writeln!(out, "{pad}[*] --> {}{actions}", label(nodes[target].id));
            }
        }
        let parallel = matches!(node.kind, Kind::Parallel);
        for (i, &child) in node.children.iter().enumerate() {
            if parallel && i > 0 {
                let _ = writeln!(out, "{pad}--");
            }
            let child_node = &nodes[child];
            let name = label(child_node.id);
            match child_node.kind {
                Kind::Compound | Kind::Parallel => {
                    let _ = writeln!(out, "{pad}state {name} {{");
                    self.write_children(child, depth + 1, out);
                    let _ = writeln!(out, "{pad}}}");
                }
                Kind::HistoryMode(history) => {
                    let _ = writeln!(out, "{pad}state \"{name} ({history:?} history)\" as {name}");
                    if let Some(default) = &child_node.initial {
                        let actions = if default.actions.is_empty() {
                            ""
                        } else {
                            " / action"
                        };
                        for &target in &default.targets {
                            let _ = writeln!(
                                out,
                                "{pad}{name} --> {}: default{actions}",
                                label(nodes[target].id)
                            );
                        }
                    }
                }
                Kind::Final => {
                    let _ = writeln!(out, "{pad}{name} --> [*]");
                }
                Kind::Atomic => {}
            }
            for t in &child_node.transitions {
                // UML's notation: `event [guard] / action`.
                let guard = if t.guard.is_some() { " [guard]" } else { "" };
                let actions = if t.actions.is_empty() {
                    ""
                } else {
                    " / action"
                };
                let text = format!("{}{guard}{actions}", t.label);
                if t.targets.is_empty() {
                    let _ = writeln!(out, "{pad}{name} --> {name}: {text} (no change)");
                }
                for &target in &t.targets {
                    let _ = writeln!(out, "{pad}{name} --> {}: {text}", label(nodes[target].id));
                }
            }
        }
    }
}

pub(crate) fn label<S: std::fmt::Debug>(id: Option<S>) -> String {
    id.map_or_else(String::new, |id| {
        format!("{id:?}")
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    })
}
