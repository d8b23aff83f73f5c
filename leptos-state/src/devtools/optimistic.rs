//! [`OptimisticInspector`]: a store's pending optimistic changes, as the devtools show them.

use crate::{
    OptimisticStatus,
    optimistic::{AnyLedger, ErasedLedger, Ticket},
};
use reactive_graph::traits::{Get, GetUntracked};
use std::{fmt, sync::Weak};

/// The optimistic changes of a store, whatever its state type: found in
/// [`StoreInfo::optimistic`](super::StoreInfo::optimistic) once the store has made one.
#[derive(Clone)]
pub struct OptimisticInspector {
    ledger: Weak<dyn AnyLedger>,
}

impl OptimisticInspector {
    /// The changes whose requests have not settled, oldest first. Reactive: a view that
    /// calls it runs again when a change is made or settles.
    ///
    /// A [`PendingChange`] keeps reporting its status after it settles, so a view that
    /// holds on to the changes it has seen can show which were confirmed and which failed.
    pub fn pending(&self) -> Vec<PendingChange> {
        self.ledger
            .upgrade()
            .map(|ledger| ledger.pending_tracked())
            .unwrap_or_default()
            .into_iter()
            .map(|ticket| PendingChange { ticket })
            .collect()
    }

    pub(crate) fn new(ledger: ErasedLedger) -> Self {
        OptimisticInspector { ledger: ledger.0 }
    }
}

impl PartialEq for OptimisticInspector {
    fn eq(&self, other: &Self) -> bool {
        Weak::ptr_eq(&self.ledger, &other.ledger)
    }
}

impl Eq for OptimisticInspector {}

impl fmt::Debug for OptimisticInspector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OptimisticInspector")
            .finish_non_exhaustive()
    }
}

/// One optimistic change, whatever the store's state type.
#[derive(Clone)]
pub struct PendingChange {
    ticket: Ticket,
}

impl PendingChange {
    /// The change's number, unique within its store.
    pub fn id(&self) -> u64 {
        self.ticket.id
    }

    /// The action's name.
    pub fn action(&self) -> &str {
        &self.ticket.action
    }

    /// Where the change stands. Reactive.
    pub fn status(&self) -> OptimisticStatus {
        self.ticket.status.get()
    }

    /// Where the change stands, without tracking it.
    pub fn status_untracked(&self) -> OptimisticStatus {
        self.ticket.status.get_untracked()
    }
}

impl PartialEq for PendingChange {
    fn eq(&self, other: &Self) -> bool {
        self.ticket.id == other.ticket.id && self.ticket.status == other.ticket.status
    }
}

impl Eq for PendingChange {}

impl fmt::Debug for PendingChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingChange")
            .field("id", &self.ticket.id)
            .field("action", &self.ticket.action)
            .field("status", &self.status_untracked())
            .finish()
    }
}
