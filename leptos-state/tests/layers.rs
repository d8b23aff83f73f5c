//! Checks the module layering of `leptos-state/src` against the `## Layers` table in
//! `ARCHITECTURE.md`.
//!
//! Every top-level module sits in one layer and may import only modules of its own layer or
//! below. That keeps one commit path for every change and a core that knows no add-on: the
//! store, slices and machines never name history, optimistic changes, persistence or the
//! devtools, which attach through the store's extension point instead. The test reads the
//! table, collects every `crate::` path of every file (resolving `crate::Name` through the
//! re-exports of `lib.rs`) and reports every broken rule at once.
//!
//! It uses std only, so that plain `rustc --edition 2024 --test` can build it too; it finds
//! the crate through `LAYERS_CRATE_DIR` when that is set, else `CARGO_MANIFEST_DIR`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The modules of the table under the header `| layer | modules | may import |`, each with
/// its layer and whether its row says "never each other": that they may not import one
/// another at all.
fn parse_table(md: &str) -> Vec<(String, u32, bool)> {
    let header = "| layer | modules | may import |";
    let mut lines = md.lines().skip_while(|l| !l.contains(header));
    assert!(lines.next().is_some(), "no layer table in ARCHITECTURE.md");
    let mut modules = Vec::new();
    for line in lines.take_while(|l| l.trim_start().starts_with('|')) {
        // cells[0] is the empty text before the leading `|`.
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(n) = cells.get(1).and_then(|c| c.strip_prefix('L')?.parse().ok()) else {
            continue; // the `|---|` row
        };
        let isolated = cells.get(3).is_some_and(|c| c.contains("never each other"));
        for name in cells[2].split('`').skip(1).step_by(2) {
            modules.push((name.to_string(), n, isolated));
        }
    }
    modules
}

/// `src` without its comments and with every string and char literal emptied, so that doc
/// links like ``[`History`](crate::History)`` and text in strings are not taken for imports.
fn strip_comments(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let (mut out, mut i) = (String::with_capacity(src.len()), 0);
    while i < c.len() {
        let at = |k: usize| c.get(i + k).copied().unwrap_or('\0');
        if at(0) == '/' && at(1) == '/' {
            i += c[i..].iter().take_while(|&&ch| ch != '\n').count();
        } else if at(0) == '/' && at(1) == '*' {
            let mut depth = 0; // block comments nest in Rust
            while i < c.len() {
                match (c[i], c.get(i + 1)) {
                    ('/', Some('*')) => (depth, i) = (depth + 1, i + 2),
                    ('*', Some('/')) => (depth, i) = (depth - 1, i + 2),
                    _ => i += 1,
                }
                if depth == 0 {
                    break;
                }
            }
            out.push(' ');
        } else if let Some(len) = raw_string_len(&c[i..]) {
            out.push_str("\"\"");
            i += len;
        } else if at(0) == '"' || (at(0) == '\'' && (at(1) == '\\' || at(2) == '\'')) {
            // A string or a char literal (a lifetime has no closing quote): skip to its end.
            let quote = c[i];
            i += 1;
            while i < c.len() && c[i] != quote {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The length of the raw string `r"…"` or `r#"…"#` at the start of `c`, if there is one.
/// (A raw identifier `r#type` has no quote after its `#`.)
fn raw_string_len(c: &[char]) -> Option<usize> {
    let hashes = c.iter().skip(1).take_while(|&&ch| ch == '#').count();
    if c.first() != Some(&'r') || c.get(1 + hashes) != Some(&'"') {
        return None;
    }
    let close: Vec<char> = format!("\"{}", "#".repeat(hashes)).chars().collect();
    let end = (2 + hashes..c.len()).find(|&j| c[j..].starts_with(&close))?;
    Some(end + close.len())
}

/// The first segment of every `crate::` or `$crate::` path in `code` (stripped of comments).
fn crate_refs(code: &str) -> Vec<String> {
    // `my_crate::x` is another crate's path.
    let ours = |at: usize| !code[..at].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_');
    let mut refs = Vec::new();
    for (at, path) in code.match_indices("crate::").filter(|&(at, _)| ours(at)) {
        refs.extend(first_segments(&code[at + path.len()..]));
    }
    refs
}

/// The first segment of the path that follows `crate::`: `store` for
/// `store::inner::StoreInner`, and for a group `{a::{X, Y}, B, c::d}` that of each item.
fn first_segments(rest: &str) -> Vec<String> {
    let ident = |s: &str| {
        let s = s.trim_start();
        // `*` counts, so that a glob `crate::*` is reported as naming nothing known.
        let end = s.find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '*'));
        let ident = &s[..end.unwrap_or(s.len())];
        (!ident.is_empty()).then(|| ident.to_string())
    };
    match rest.trim_start().strip_prefix('{') {
        Some(group) => split_group(group).into_iter().filter_map(ident).collect(),
        None => ident(rest).into_iter().collect(),
    }
}

/// The items of a `{…}` group, given the text after its `{`: split at its top-level commas,
/// up to its matching `}`.
fn split_group(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, ch) in s.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' if depth == 0 => return [items, vec![&s[start..i]]].concat(),
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// Every leaf of a use tree, as its path and the name it binds: `m::{a::X, Y as Z}` gives
/// `([m, a, X], X)` and `([m, Y], Z)`. A glob binds no name of its own and is left out.
fn use_leaves(tree: &str, prefix: &[String]) -> Vec<(Vec<String>, String)> {
    let (mut path, mut rest) = (prefix.to_vec(), tree.trim());
    while let Some((segment, tail)) = rest.split_once("::").filter(|(s, _)| !s.contains('{')) {
        path.push(segment.trim().to_string());
        rest = tail.trim_start();
    }
    if let Some(group) = rest.strip_prefix('{') {
        let items = split_group(group).into_iter();
        return items.flat_map(|item| use_leaves(item, &path)).collect();
    }
    let (leaf, name) = rest.split_once(" as ").unwrap_or((rest, rest));
    if leaf.is_empty() || leaf == "*" {
        return Vec::new();
    }
    path.push(leaf.trim().to_string());
    vec![(path, name.trim().to_string())]
}

/// The names `lib.rs` re-exports at the crate root, each mapped to the first segment of its
/// path: the top-level module it comes from, or another crate.
fn parse_reexports(lib: &str) -> BTreeMap<String, String> {
    let code = strip_comments(lib);
    let (mut map, mut depth, mut start) = (BTreeMap::new(), 0, 0);
    for (i, ch) in code.char_indices() {
        depth += i32::from(ch == '{') - i32::from(ch == '}');
        // A root item ends at its `;`, or at the `}` of a block (`mod __private { … }`, whose
        // own `use`s are not at the root), but `pub use m::{…};` ends at the `;`.
        let block_end = ch == '}' && !code[i + 1..].trim_start().starts_with(';');
        if depth != 0 || !(ch == ';' || block_end) {
            continue;
        }
        // The text after the item's attributes, if it has any.
        let item = code[start..i].rsplit(']').next().unwrap_or_default().trim();
        start = i + 1;
        let item = item.replacen("pub(crate) ", "pub ", 1);
        for (path, name) in use_leaves(item.strip_prefix("pub use ").unwrap_or_default(), &[]) {
            if let Some(first) = path.iter().find(|s| *s != "crate" && *s != "self") {
                map.insert(name, first.clone());
            }
        }
    }
    map
}

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_import_only_downward() {
    // Cargo sets CARGO_MANIFEST_DIR; a plain `rustc --test` build is told where the crate is.
    let dir = std::env::var("LAYERS_CRATE_DIR").ok();
    let dir = dir.or_else(|| option_env!("CARGO_MANIFEST_DIR").map(String::from));
    let dir = PathBuf::from(dir.expect("set LAYERS_CRATE_DIR to the leptos-state directory"));
    let src = dir.join("src");
    let read = |path: &Path| {
        fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let reexports = parse_reexports(&read(&src.join("lib.rs")));
    let mut errors = Vec::new();

    let mut layer_of: BTreeMap<String, (u32, bool)> = BTreeMap::new();
    for (module, n, isolated) in parse_table(&read(&dir.join("../ARCHITECTURE.md"))) {
        if layer_of.insert(module.clone(), (n, isolated)).is_some() {
            errors.push(format!("module {module} is in two rows of the layer table"));
        }
    }

    // Every file but lib.rs, as (`src/…` path, its top-level module, its code).
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.retain(|path| *path != src.join("lib.rs"));
    let mut sources = Vec::new();
    for path in &paths {
        let file = path.strip_prefix(&src).unwrap().display().to_string();
        let module = file.split(['/', '\\', '.']).next().unwrap().to_string();
        sources.push((format!("src/{file}"), module, strip_comments(&read(path))));
    }
    sources.sort(); // `src/store.rs` before `src/store/arc.rs`
    let modules: BTreeSet<&str> = sources.iter().map(|(_, m, _)| m.as_str()).collect();
    for module in modules.iter().filter(|m| !layer_of.contains_key(**m)) {
        errors.push(format!("module {module} is missing from the layer table"));
    }
    for module in layer_of.keys().filter(|m| !modules.contains(m.as_str())) {
        errors.push(format!(
            "module {module} is in the layer table but not in src"
        ));
    }

    // (importer, imported) → the importer's files that name it, in order.
    let mut edges: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (file, module, code) in &sources {
        for name in crate_refs(code) {
            // A re-export first: `use_store` is a function of `context`, not a module.
            let home = reexports.get(&name).unwrap_or(&name);
            let Some(&target) = modules.get(home.as_str()) else {
                let error = format!("{file}: crate::{name} is no module nor root re-export");
                if !reexports.contains_key(&name) && !errors.contains(&error) {
                    errors.push(error);
                }
                continue; // or a re-export of another crate's item
            };
            if target != module {
                let files = edges.entry((module, target)).or_default();
                if !files.contains(&file.as_str()) {
                    files.push(file);
                }
            }
        }
    }

    // "src/a.rs, src/b.rs -> y; src/c.rs -> x": the files behind each of the two imports.
    let how = |x, y| {
        let side = |(a, b)| Some(format!("{} -> {b}", edges.get(&(a, b))?.join(", ")));
        let sides: Vec<String> = [(x, y), (y, x)].into_iter().filter_map(side).collect();
        sides.join("; ")
    };
    for (&(from, to), files) in &edges {
        let (Some(&(from_n, isolated)), Some(&(to_n, _))) = (layer_of.get(from), layer_of.get(to))
        else {
            continue; // reported above, as missing from the table
        };
        let back = edges.contains_key(&(to, from));
        if to_n > from_n {
            for file in files {
                errors.push(format!(
                    "{file}: {from} (L{from_n}) imports {to} (L{to_n}), a higher layer"
                ));
            }
        } else if to_n == from_n && isolated && (from < to || !back) {
            errors.push(format!(
                "{from} and {to} are add-ons of one layer and must not import each other ({})",
                how(from, to)
            ));
        } else if to_n == from_n && back && from < to {
            errors.push(format!(
                "{from} and {to} import each other ({})",
                how(from, to)
            ));
        }
    }

    let errors = errors.join("\n");
    assert!(
        errors.is_empty(),
        "the layering of ARCHITECTURE.md is broken:\n{errors}"
    );
}

#[test]
fn group_parser_takes_the_first_segment_of_each_item() {
    assert_eq!(first_segments("{a::{X, Y}, B, c::d,};"), ["a", "B", "c"]);
    let code = "use crate::x::Y; crate::devtools::is_watched(); $crate::slice::Node; my_crate::z;";
    assert_eq!(crate_refs(code), ["x", "devtools", "slice"]);
    assert!(crate_refs("pub(crate) fn f() {}").is_empty());
}

#[test]
fn comments_and_literals_are_not_imports() {
    let src = r##"/// [`History`](crate::History)
//! crate::a
let x = 1; // crate::b
/* crate::c /* nested */ crate::d */
let s = "crate::e \" crate::f"; let q = '"'; let e = '\''; let r = r#"crate::g"#;
fn f<'a>(x: &'a str) -> &'a str { crate::real::f(x) }"##;
    assert_eq!(crate_refs(&strip_comments(src)), ["real"]);
}

#[test]
fn reexports_map_each_name_to_its_module() {
    let lib = r#"
#![deny(missing_docs)]
mod slice;
#[cfg(target_arch = "wasm32")]
pub use clock::BrowserClock;
pub use leptos_state_macros::*;
pub use slice::{
    At, Field, keyed::{KeyFn, Keyed as Key},
};
pub use context::use_store; // pub use nope::Nope;
pub mod __private {
    pub use crate::tree::Node;
}
"#;
    let map = parse_reexports(lib);
    let pairs: Vec<String> = map
        .iter()
        .map(|(name, module)| format!("{name} {module}"))
        .collect();
    let expected =
        "At slice, BrowserClock clock, Field slice, Key slice, KeyFn slice, use_store context";
    assert_eq!(pairs.join(", "), expected);
}
