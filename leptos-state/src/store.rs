//! Stores: [`ArcStore`] and [`Store`], the [`Transaction`] that groups writes, and the
//! [`AddOn`] extension point of their commit.

pub(crate) mod add_on;
mod arc;
mod arena;
#[cfg(feature = "devtools")]
pub(crate) mod directory;
pub(crate) mod inner;
pub(crate) mod revert;
mod transaction;

pub use add_on::{AddOn, Committed, Finalized, Wants};
pub use arc::ArcStore;
#[cfg(feature = "devtools")]
pub(crate) use arc::ShownState;
pub use arena::Store;
pub(crate) use inner::StoreInner;
pub use revert::Overwritten;
pub use transaction::Transaction;

/// A type's name without module paths: `alloc::vec::Vec<app::Todo>` becomes `Vec<Todo>`.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut segment_start = 0;
    for (at, ch) in full.char_indices() {
        if ch.is_alphanumeric() || ch == '_' || ch == ':' {
            continue;
        }
        short.push_str(last_segment(&full[segment_start..at]));
        short.push(ch);
        segment_start = at + ch.len_utf8();
    }
    short.push_str(last_segment(&full[segment_start..]));
    short
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::short_type_name;

    #[test]
    fn short_type_names_drop_module_paths() {
        assert_eq!(short_type_name("u32"), "u32");
        assert_eq!(short_type_name("app::state::Counter"), "Counter");
        assert_eq!(short_type_name("alloc::vec::Vec<app::Todo>"), "Vec<Todo>");
        assert_eq!(
            short_type_name("std::collections::HashMap<alloc::string::String, (u8, app::Id)>"),
            "HashMap<String, (u8, Id)>"
        );
        assert_eq!(
            short_type_name("&[core::option::Option<i64>; 3]"),
            "&[Option<i64>; 3]"
        );
    }
}
