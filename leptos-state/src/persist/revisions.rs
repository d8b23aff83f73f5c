//! [`Revisions`]: what one tab knows of the records in storage, so that another tab's write
//! enters as what *that* tab changed.
//!
//! With tab sync each record names its revision (`rev`) and the revision its writer had last
//! read or written (`parent`). A storage without transactions (Web Storage) lets two tabs
//! write from the same old record: the second write lacks what the first added. Compared
//! with this tab's own last write, that would look like a deletion; compared with its
//! parent, a record this tab has also seen, it is only what the other tab changed. This is
//! the three-way merge of version control, with the writer's parent as the common ancestor.

use super::record::Revision;
use serde_json::Value;
use std::collections::VecDeque;

/// How many recent records (by revision) a tab remembers as possible parents.
const REMEMBERED: usize = 8;

/// The parent of a record written when nothing was stored. (A record written from a record
/// that names no revision names no parent: it is measured from what the reader last knew.)
const NOTHING_STORED: &str = "nothing";

/// The records this tab last read or wrote.
#[derive(Default)]
pub(crate) struct Revisions {
    /// The state (as saved) that this tab last knew storage to hold.
    last: Option<Value>,
    /// Its revision, when the record named one.
    last_revision: Option<String>,
    /// Nothing was stored when this tab last looked.
    last_was_nothing: bool,
    /// Recent states by revision, newest last.
    recent: VecDeque<(String, Value)>,
    /// The state this tab took storage to hold when it found nothing stored: the parent of
    /// a record written from nothing.
    empty: Option<Value>,
}

impl Revisions {
    /// The state this tab last knew storage to hold.
    pub(crate) fn last(&self) -> Option<&Value> {
        self.last.as_ref()
    }

    /// The parent of this tab's next write: the revision of the record it last read or
    /// wrote, or [`NOTHING_STORED`].
    pub(crate) fn parent_of_next_write(&self) -> Option<&str> {
        if self.last_was_nothing {
            Some(NOTHING_STORED)
        } else {
            self.last_revision.as_deref()
        }
    }

    /// Whether `revision` is the record this tab last read or wrote.
    pub(crate) fn is_last(&self, revision: Option<&str>) -> bool {
        revision.is_some() && revision == self.last_revision.as_deref()
    }

    /// What a record at `revision` changed is measured from: its parent's state when this
    /// tab has seen it (for a record written from nothing stored, what this tab took
    /// nothing stored to be), else (no parent named, or one too old) the state this tab
    /// last knew storage to hold.
    pub(crate) fn base_for(&self, revision: Option<&Revision>) -> Option<Value> {
        let parent = revision.and_then(|revision| match revision.parent.as_deref()? {
            NOTHING_STORED => self.empty.as_ref(),
            parent => self
                .recent
                .iter()
                .rev()
                .find(|(known, _)| known == parent)
                .map(|(_, state)| state),
        });
        parent.or(self.last.as_ref()).cloned()
    }

    /// Storage holds `state`, at `revision` if the record named one.
    pub(crate) fn remember(&mut self, revision: Option<String>, state: Value) {
        if let Some(revision) = &revision {
            if self.recent.len() == REMEMBERED {
                self.recent.pop_front();
            }
            self.recent.push_back((revision.clone(), state.clone()));
        }
        self.last = Some(state);
        self.last_revision = revision;
        self.last_was_nothing = false;
    }

    /// Nothing is stored, and `state` stands for it: the base of a record written from
    /// nothing stored, and of the first record read later.
    pub(crate) fn nothing_stored(&mut self, state: Value) {
        self.last_was_nothing = true;
        self.last_revision = None;
        if self.empty.is_none() {
            self.empty = Some(state.clone());
        }
        if self.last.is_none() {
            self.last = Some(state);
        }
    }
}

/// A revision no other tab will name: random, 104 bits.
pub(crate) fn new_revision() -> String {
    #[cfg(target_arch = "wasm32")]
    let (high, low) = (js_sys::Math::random(), js_sys::Math::random());
    #[cfg(not(target_arch = "wasm32"))]
    let (high, low) = {
        use std::hash::{BuildHasher, RandomState};
        // Seeded at random per process, and different for each `RandomState`.
        let state = RandomState::new();
        (
            state.hash_one(1_u8) as f64 / u64::MAX as f64,
            state.hash_one(2_u8) as f64 / u64::MAX as f64,
        )
    };
    let bits = |x: f64| (x * (1_u64 << 52) as f64) as u64;
    format!("{:013x}{:013x}", bits(high), bits(low))
}
