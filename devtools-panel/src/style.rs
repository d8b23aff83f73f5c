//! The panel's stylesheet, scoped to its own `lsd-` classes.

pub(crate) const CSS: &str = r#"
.lsd-toggle { position: fixed; left: 1rem; bottom: 1rem; z-index: 2147483646;
  font: 600 12px/1 ui-monospace, monospace; color: #e8e8e8; background: #1f2430;
  border: 1px solid #3b4252; border-radius: 999px; padding: 0.6rem 0.9rem; cursor: pointer;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3); }
.leptos-state-devtools { position: fixed; z-index: 2147483647; display: flex;
  flex-direction: column; font: 12px/1.45 ui-monospace, monospace; color: #e8e8e8;
  background: #1f2430; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.35); box-sizing: border-box; }
.leptos-state-devtools[data-dock="right"] { top: 0; right: 0; bottom: 0; max-width: 100vw; }
.leptos-state-devtools[data-dock="left"] { top: 0; left: 0; bottom: 0; max-width: 100vw; }
.leptos-state-devtools[data-dock="bottom"] { left: 0; right: 0; bottom: 0; max-height: 100vh; }
.leptos-state-devtools[data-dock="float"] { width: 460px; height: 70vh; resize: both;
  overflow: hidden; border-radius: 6px; max-width: 100vw; max-height: 100vh; }
html[data-lsd-dock="right"] { padding-right: var(--lsd-room); }
html[data-lsd-dock="left"] { padding-left: var(--lsd-room); }
html[data-lsd-dock="bottom"] { padding-bottom: var(--lsd-room); }
.lsd-resize { position: absolute; z-index: 1; touch-action: none; }
.lsd-resize:hover { background: rgba(122, 162, 247, 0.5); }
.leptos-state-devtools[data-dock="right"] .lsd-resize { left: -3px; top: 0; bottom: 0; width: 6px; cursor: ew-resize; }
.leptos-state-devtools[data-dock="left"] .lsd-resize { right: -3px; top: 0; bottom: 0; width: 6px; cursor: ew-resize; }
.leptos-state-devtools[data-dock="bottom"] .lsd-resize { top: -3px; left: 0; right: 0; height: 6px; cursor: ns-resize; }
.lsd-header { display: flex; align-items: center; gap: 0.4rem; padding: 0.4rem 0.6rem;
  background: #272e3d; user-select: none; }
.leptos-state-devtools[data-dock="float"] .lsd-header { cursor: move; }
.lsd-header h2 { margin: 0; font-size: 12px; flex: 1; }
.lsd-header button, .lsd-section button { font: inherit; color: inherit; background: #343c4e;
  border: 1px solid #465066; border-radius: 4px; padding: 0.15rem 0.45rem; cursor: pointer; }
.lsd-header button[aria-pressed="true"] { background: #5a6a8c; }
.lsd-body { display: flex; flex: 1; min-height: 0; }
.lsd-sidebar { width: 9.5rem; overflow: auto; border-right: 1px solid #343c4e; flex-shrink: 0;
  padding: 0.2rem 0.4rem; }
.lsd-sidebar h3 { margin: 0.4rem 0 0.2rem; font-size: 11px; color: #737aa2; text-transform: uppercase; }
.lsd-stores { margin: 0; padding: 0; list-style: none; }
.lsd-stores button { display: block; width: 100%; text-align: left; font: inherit;
  color: inherit; background: none; border: 0; border-radius: 4px; padding: 0.25rem; cursor: pointer; }
.lsd-stores .lsd-selected button { background: #343c4e; }
.store-type { display: block; color: #9aa5ce; font-size: 11px; overflow-wrap: anywhere; }
.lsd-detail { flex: 1; overflow: auto; padding: 0.4rem 0.6rem; min-width: 0;
  container-type: inline-size; }
.lsd-monitor { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.25fr);
  gap: 0.6rem; margin-bottom: 0.8rem; }
@container (max-width: 560px) { .lsd-monitor { grid-template-columns: minmax(0, 1fr); } }
.lsd-log-pane { min-width: 0; }
.lsd-inspect-pane { min-width: 0; border-left: 1px solid #343c4e; padding-left: 0.6rem; }
@container (max-width: 560px) { .lsd-inspect-pane { border-left: 0; padding-left: 0;
  border-top: 1px solid #343c4e; padding-top: 0.4rem; } }
.lsd-tabs { display: flex; gap: 0.2rem; margin-bottom: 0.4rem; }
.lsd-tab { font: inherit; color: #9aa5ce; background: none; border: 1px solid transparent;
  border-radius: 4px 4px 0 0; padding: 0.15rem 0.6rem; cursor: pointer; }
.lsd-tab[aria-selected="true"] { color: #e8e8e8; background: #343c4e; border-color: #465066; }
.lsd-log-filter { box-sizing: border-box; width: 100%; font: inherit; color: inherit;
  background: #161a23; border: 1px solid #3b4252; border-radius: 4px; padding: 0.2rem 0.4rem;
  margin-bottom: 0.3rem; }
.lsd-slider-row { display: flex; align-items: center; gap: 0.4rem; margin-bottom: 0.3rem; }
.lsd-slider { flex: 1; min-width: 0; accent-color: #7aa2f7; }
.lsd-travel { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; }
.lsd-travel button { font: inherit; color: inherit; background: #343c4e;
  border: 1px solid #465066; border-radius: 4px; padding: 0.15rem 0.45rem; cursor: pointer; }
.lsd-travel .lsd-error { flex-basis: 100%; margin: 0; }
.lsd-entry.lsd-refused .lsd-action { color: #f7768e; text-decoration: line-through; }
.lsd-refusal { display: block; color: #f7768e; }
.lsd-action-detail { display: grid; grid-template-columns: auto 1fr; gap: 0.15rem 0.6rem; margin: 0; }
.lsd-action-detail dt { color: #737aa2; }
.lsd-action-detail dd { margin: 0; overflow-wrap: anywhere; }
.lsd-section { margin-bottom: 0.8rem; }
.lsd-section h3 { margin: 0.2rem 0 0.3rem; font-size: 12px; color: #c0caf5; }
.lsd-mode, .lsd-state-of { color: #e0af68; font-weight: normal; }
.lsd-search, .lsd-import, .lsd-export { box-sizing: border-box; width: 100%; font: inherit;
  color: inherit; background: #161a23; border: 1px solid #3b4252; border-radius: 4px;
  padding: 0.25rem 0.4rem; margin-bottom: 0.3rem; }
.lsd-import, .lsd-export { height: 6rem; }
.lsd-tree summary { cursor: pointer; }
.lsd-children { padding-left: 1rem; }
.lsd-key { color: #7aa2f7; }
.lsd-count, .lsd-touched, .lsd-time, .lsd-seq { color: #737aa2; }
.lsd-string { color: #9ece6a; } .lsd-number { color: #ff9e64; }
.lsd-bool, .lsd-null { color: #bb9af7; }
.lsd-redacted { color: #f7768e; font-style: italic; }
.lsd-entries { margin: 0; padding: 0; list-style: none; max-height: 14rem; overflow: auto; }
.lsd-entry button { width: 100%; text-align: left; font: inherit; color: inherit;
  background: none; border: 0; padding: 0.1rem 0.2rem; cursor: pointer; }
.lsd-entry.lsd-selected button { background: #3d4a66; }
.lsd-entry.lsd-no-state { opacity: 0.6; }
.lsd-origin { color: #e0af68; }
.lsd-diff { margin: 0 0 0.4rem; padding-left: 1rem; }
.lsd-op[data-op="add"] .lsd-op-change { color: #9ece6a; }
.lsd-op[data-op="remove"] .lsd-op-change { color: #f7768e; }
.lsd-error, .lsd-import-error { color: #f7768e; white-space: pre-wrap; }
.lsd-hint, .lsd-empty { color: #9aa5ce; }
.lsd-download { color: #7aa2f7; margin-left: 0.4rem; }
.lsd-graph { position: relative; padding-right: 9rem; overflow-x: auto; }
.lsd-arrows { position: absolute; left: 0; top: 0; overflow: visible; pointer-events: none; }
.lsd-arrow path { fill: none; stroke: #5c6a8a; stroke-width: 1.2; }
.lsd-arrow text { fill: #9aa5ce; font: 10px ui-monospace, monospace; }
#lsd-arrowhead path { fill: #7f8bab; stroke: none; }
.lsd-arrow.lsd-initial-arrow path { stroke-dasharray: 3 3; }
.lsd-arrow.lsd-from-active path { stroke: #9ece6a; }
.lsd-arrow.lsd-from-active text { fill: #c3e88d; }
.lsd-arrow.lsd-last path { stroke: #e0af68; stroke-width: 2.2; }
.lsd-arrow.lsd-last text { fill: #e0af68; font-weight: 600; }
.lsd-nodes { display: flex; flex-direction: column; gap: 0.3rem; }
.lsd-nodes.lsd-regions { flex-direction: row; flex-wrap: wrap; }
.lsd-node { border: 1px solid #465066; border-radius: 6px; padding: 0.25rem 0.4rem; }
.lsd-node.lsd-active { border-color: #9ece6a; background: rgba(158, 206, 106, 0.12); }
.lsd-node.lsd-active > .lsd-node-name { color: #9ece6a; font-weight: 600; }
.lsd-node.lsd-initial > .lsd-node-name::before { content: "● "; color: #737aa2; }
.lsd-node[data-kind="final"] { border-style: double; border-width: 3px; }
.lsd-edges { margin: 0; padding-left: 0.8rem; color: #9aa5ce; list-style: "→ "; }
.lsd-edges:empty { display: none; }
.lsd-events { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; }
.lsd-events h3 { width: 100%; }
.lsd-events button:disabled { opacity: 0.4; cursor: not-allowed; }
.lsd-context, .lsd-mermaid pre { margin: 0; white-space: pre-wrap; color: #c0caf5; }
.lsd-step[data-kind="ignored"] .lsd-touched { color: #e0af68; }
.lsd-step[data-kind="error"] .lsd-touched { color: #f7768e; }
.lsd-hsteps, .lsd-pendings, .lsd-persists { margin: 0.3rem 0 0; padding: 0; list-style: none;
  max-height: 12rem; overflow: auto; }
.lsd-hstep button { width: 100%; text-align: left; background: none; border: 0; padding: 0.1rem 0.2rem; }
.lsd-hstep[data-kind="future"] button { color: #737aa2; }
.lsd-hstep.lsd-now button { background: #3d4a66; cursor: default; }
.lsd-hstep.lsd-now button::after { content: "  ← now"; color: #9ece6a; }
.lsd-section button:disabled { opacity: 0.4; cursor: not-allowed; }
.lsd-hstep.lsd-now button:disabled { opacity: 1; }
.lsd-pending[data-status="pending"] .lsd-status { color: #e0af68; }
.lsd-pending[data-status="confirmed"] .lsd-status { color: #9ece6a; }
.lsd-pending[data-status="failed"] .lsd-status { color: #f7768e; }
.lsd-persist-error:empty { display: none; }
"#;
