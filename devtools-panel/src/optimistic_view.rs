//! A store's optimistic changes in the panel: those pending, and how the ones seen here
//! settled.

use leptos::prelude::*;
use leptos_state::{
    OptimisticStatus,
    devtools::{OptimisticInspector, PendingChange},
};

/// How many settled changes the list keeps, newest last.
const KEPT: usize = 50;

/// Every change seen pending while the panel is open, with its status as it settles.
// `#[component]` makes the generated function `pub`.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn OptimisticView(optimistic: OptimisticInspector) -> impl IntoView {
    let seen = RwSignal::new(Vec::<PendingChange>::new());
    let pending = Memo::new(move |_| optimistic.pending());
    // Adds newly pending changes; each keeps reporting its status after it settles.
    let merge = move |now: &[PendingChange]| {
        seen.update(|seen| {
            for change in now {
                if !seen.iter().any(|old| old.id() == change.id()) {
                    seen.push(change.clone());
                }
            }
            let settled = seen.len().saturating_sub(KEPT);
            seen.drain(..settled);
        });
    };
    pending.with_untracked(|now| merge(now));
    Effect::new(move |_| pending.with(|now| merge(now)));
    view! {
        <div class="lsd-section lsd-optimistic">
            <h3>
                "Optimistic changes "
                <span class="lsd-count">{move || format!("{} pending", pending.with(Vec::len))}</span>
            </h3>
            <ol class="lsd-pendings">
                <For
                    each=move || seen.get()
                    key=PendingChange::id
                    children=|change| view! { <PendingRow change/> }
                />
            </ol>
        </div>
    }
}

#[component]
fn PendingRow(change: PendingChange) -> impl IntoView {
    let id = change.id();
    let action = change.action().to_owned();
    let status = Memo::new(move |_| change.status());
    let kind = move || match status.get() {
        OptimisticStatus::Pending => "pending",
        OptimisticStatus::Confirmed => "confirmed",
        _ => "failed",
    };
    let text = move || match status.get() {
        OptimisticStatus::Failed(reason) => format!("failed: {reason}"),
        _ => kind().to_owned(),
    };
    view! {
        <li class="lsd-pending" data-id=id data-status=kind>
            <span class="lsd-seq">"#" {id}</span>
            " "
            <span class="lsd-action">{action}</span>
            " "
            <span class="lsd-status">{text}</span>
        </li>
    }
}
