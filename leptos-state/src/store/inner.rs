//! The shared part of a store: its value, its notification tree, its middleware, add-ons and
//! subscribers, and the one commit path every write takes.

#[cfg(feature = "devtools")]
use super::directory::Listing;
use super::{
    add_on::{AddOn, Committed, Finalized, Wants},
    revert::Overwritten,
};
use crate::{
    Change, Middleware, Origin, Path, StoreError,
    busy::Busy,
    edit::{self, Edit, Notes},
    extensions::Extensions,
    middleware,
    subscription::Listeners,
    sync,
    tree::Node,
};
use std::{
    borrow::Cow,
    panic::Location,
    sync::{
        Arc, OnceLock, RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

/// A callback registered with [`subscribe`](crate::ArcStore::subscribe).
pub(crate) type Subscriber = Arc<dyn Fn(&Change<'_>) + Send + Sync>;

/// What is attached to one store, each in the order it was attached. Replaced whole on each
/// attachment (rare), so that a commit takes all of it with one read and one count.
struct Attached<S> {
    middleware: Vec<Arc<dyn Middleware<S>>>,
    add_ons: Vec<Arc<dyn AddOn<S>>>,
    subscribers: Vec<(u64, Subscriber)>,
}

impl<S> Clone for Attached<S> {
    fn clone(&self) -> Self {
        Attached {
            middleware: self.middleware.clone(),
            add_ons: self.add_ons.clone(),
            subscribers: self.subscribers.clone(),
        }
    }
}

/// What a whole-state edit did.
pub(crate) enum Edited<S> {
    /// Nothing was written.
    Nothing,
    /// The state was written; holds the previous state when the commit asked to keep it.
    Wrote(Option<S>),
}

/// What an edit did to the state.
pub(crate) enum Outcome<S, R, N> {
    /// Nothing was written.
    Unchanged(R),
    /// The state was written.
    Wrote {
        output: R,
        /// What the write overwrote, if the commit asked for it to be kept.
        revert: Option<Overwritten<S>>,
        /// Notifies the readers of what was written, once the store is unlocked.
        notify: N,
    },
}

/// What a commit asks its edit to keep, and the state the store was created with.
pub(crate) struct Keep<'a, S> {
    /// What the edit overwrites: for middleware that may refuse the change, and for the
    /// add-ons that asked.
    pub(crate) previous: bool,
    /// The state the store was created with, for edits that put it back.
    pub(crate) initial: &'a S,
}

impl<S> Clone for Keep<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Keep<'_, S> {}

pub(crate) struct StoreInner<S> {
    pub(crate) value: Arc<RwLock<S>>,
    /// The state the store was created with, for `reset`: copied at the first commit, so
    /// that creating a store copies nothing. Until then, the state is the initial one.
    initial: OnceLock<S>,
    /// The root of the notification tree: readers of the whole state and of every slice.
    pub(crate) tree: Arc<Node>,
    name: StoreName,
    pub(crate) defined_at: &'static Location<'static>,
    attached: RwLock<Arc<Attached<S>>>,
    /// What is attached to the store, by type: its add-ons and what they publish.
    pub(crate) extensions: Arc<Extensions>,
    next_subscriber: AtomicU64,
    /// The store's entry in the devtools' directory of live stores.
    #[cfg(feature = "devtools")]
    _listing: Listing,
}

impl<S: Clone + Send + Sync + 'static> StoreInner<S> {
    pub(crate) fn new(
        name: Option<Cow<'static, str>>,
        initial: S,
        defined_at: &'static Location<'static>,
    ) -> Self {
        let extensions = Arc::new(Extensions::new());
        let name = StoreName {
            given: name,
            type_name: std::any::type_name::<S>(),
            short: OnceLock::new(),
        };
        StoreInner {
            value: Arc::new(RwLock::new(initial)),
            initial: OnceLock::new(),
            tree: Node::new(),
            #[cfg(feature = "devtools")]
            _listing: Listing::new(
                Cow::Owned(name.as_str().to_owned()),
                std::any::type_name::<S>(),
                extensions.clone(),
            ),
            name,
            defined_at,
            attached: RwLock::new(Arc::new(Attached {
                middleware: Vec::new(),
                add_ons: Vec::new(),
                subscribers: Vec::new(),
            })),
            extensions,
            next_subscriber: AtomicU64::new(0),
        }
    }

    /// Applies one change: edit the value, let middleware refuse it or see it, show it to
    /// the add-ons, notify readers, then call subscribers.
    ///
    /// `describe` names the change (its action and the path it touches); it is called only
    /// when someone will see the name. `edit` gets the state, the notification tree, and
    /// what it must keep of what it overwrites.
    pub(crate) fn commit<R, N>(
        &self,
        describe: impl FnOnce() -> (Cow<'static, str>, Path),
        origin: Origin,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, &Arc<Node>, Keep<'_, S>) -> Result<Outcome<S, R, N>, StoreError>,
    ) -> Result<R, StoreError>
    where
        N: FnOnce(&Arc<Node>),
    {
        let Some(busy) = Busy::enter(self.key()) else {
            return Err(StoreError::Reentrant {
                store: self.name().to_string(),
                action: describe().0,
            });
        };
        let attached = sync::read(&self.attached).clone();
        let Attached {
            middleware: chain,
            add_ons,
            subscribers,
        } = &*attached;
        // Settling optimistic changes, hydration and tab sync are never locked out: refusing
        // them would lose data.
        let lockable = !matches!(
            origin,
            Origin::Optimistic | Origin::Rollback | Origin::Hydration | Origin::Sync
        );
        if lockable && let Some(holder) = add_ons.iter().find(|add_on| add_on.locks(origin)) {
            return Err(StoreError::Locked {
                store: self.name().to_string(),
                action: describe().0,
                by: Cow::Owned(holder.name().to_owned()),
            });
        }
        // The add-on that keeps what was overwritten, if one does: only the crate's history
        // can, and a store has one history.
        let mut keeper = None;
        let mut wants = Wants::NOTHING;
        for (at, add_on) in add_ons.iter().enumerate() {
            let wanted = add_on.wants(origin);
            if wanted.keeps && keeper.is_none() {
                keeper = Some(at);
            }
            wants = wants.and(wanted);
        }
        let mut state = sync::write(&self.value);
        let keep = Keep {
            previous: chain.iter().any(|middleware| middleware.may_refuse()) || wants.overwritten,
            initial: self.initial.get_or_init(|| state.clone()),
        };
        let (output, revert, notify) = match edit(&mut state, &self.tree, keep)? {
            Outcome::Unchanged(output) => return Ok(output),
            Outcome::Wrote {
                output,
                revert,
                notify,
            } => (output, revert, notify),
        };
        self.tree.count_write();
        let described =
            (!chain.is_empty() || keep.previous || wants.change || !subscribers.is_empty())
                .then(describe);
        let change = described.as_ref().map(|(action, touched)| Change {
            store: self.name(),
            action,
            origin,
            touched: std::slice::from_ref(touched),
            location,
        });
        if let (Some(change), Some((action, _))) = (change, &described) {
            let can_put_back = revert.is_some();
            if let Err((by, refusal)) = middleware::run_before(chain, &change, &state, can_put_back)
            {
                if let Some(revert) = revert {
                    revert.put_back_refused(&mut state, &self.tree);
                }
                drop(state);
                drop(busy);
                let reason = refusal.into_reason();
                for add_on in add_ons.iter() {
                    add_on.refused(&change, &by, &reason);
                }
                return Err(StoreError::Refused {
                    store: self.name().to_string(),
                    // A borrowed name is copied without allocating.
                    action: action.clone(),
                    middleware: by,
                    reason,
                });
            }
            middleware::run_after(chain, &change, &state);
            let mut committed = Committed {
                change,
                action,
                state: &*state,
                overwritten: revert,
                tree: &self.tree,
            };
            // The add-on that keeps what was overwritten takes it last, so that every other
            // one sees it first.
            for (at, add_on) in add_ons.iter().enumerate() {
                if Some(at) != keeper {
                    add_on.committed(&mut committed);
                }
            }
            if let Some(at) = keeper {
                add_ons[at].committed(&mut committed);
            }
        }
        drop(state);
        drop(busy);

        notify(&self.tree);
        if let Some(change) = change {
            for add_on in add_ons.iter() {
                add_on.unlocked();
            }
            for (_, subscriber) in subscribers.iter() {
                subscriber(&change);
            }
        }
        Ok(output)
    }

    /// Applies a change to the whole state, which notifies every reader.
    pub(crate) fn commit_whole<R>(
        &self,
        action: Cow<'static, str>,
        origin: Origin,
        location: &'static Location<'static>,
        edit: impl FnOnce(&mut S, Keep<'_, S>) -> (R, Edited<S>),
    ) -> Result<R, StoreError> {
        self.commit(
            || (action, Path::ROOT),
            origin,
            location,
            |state, _, keep| {
                Ok(match edit(state, keep) {
                    (output, Edited::Nothing) => Outcome::Unchanged(output),
                    (output, Edited::Wrote(previous)) => Outcome::Wrote {
                        output,
                        revert: previous.map(Overwritten::whole),
                        notify: |tree: &Arc<Node>| tree.notify_all(),
                    },
                })
            },
        )
    }

    /// Applies `edits` in order as one change, notifying the readers of each place they wrote.
    /// Returns how many were written: those whose place was gone, or already held what they
    /// add, are left out. A change that writes nothing is no change at all.
    pub(crate) fn commit_edits(
        &self,
        describe: impl FnOnce() -> (Cow<'static, str>, Path),
        origin: Origin,
        location: &'static Location<'static>,
        edits: &[Box<dyn Edit<S>>],
    ) -> Result<usize, StoreError> {
        self.commit(describe, origin, location, |state, tree, keep| {
            let mut notes = Notes::new();
            let (written, undo) = edit::apply(edits, state, tree, &mut notes, keep.previous);
            if written == 0 {
                return Ok(Outcome::Unchanged(0));
            }
            Ok(Outcome::Wrote {
                output: written,
                revert: keep.previous.then(|| Overwritten::edits(undo)),
                notify: move |tree: &Arc<Node>| notes.notify(tree),
            })
        })
    }

    /// Tells every add-on that a provisional change is now final, with the state read-locked,
    /// then lets them notify their readers.
    pub(crate) fn finalize(&self, action: &str, without: &dyn Fn() -> Option<S>) {
        // Busy while the state is read-locked, so that an add-on writing the store from
        // `finalized` gets `StoreError::Reentrant` rather than a deadlock. The change being
        // finalized was settled by a commit that would have been refused had the store been
        // busy already.
        let Some(busy) = Busy::enter(self.key()) else {
            return;
        };
        let attached = sync::read(&self.attached).clone();
        let state = sync::read(&self.value);
        let finalized = Finalized {
            action,
            state: &*state,
            without,
        };
        for add_on in &attached.add_ons {
            add_on.finalized(&finalized);
        }
        drop(state);
        drop(busy);
        for add_on in &attached.add_ons {
            add_on.unlocked();
        }
    }

    pub(crate) fn attach(&self, middleware: Arc<dyn Middleware<S>>) {
        self.change_attached(|attached| attached.middleware.push(middleware));
    }

    /// Attaches `add_on` after the others, or gives back the one of its type already there.
    pub(crate) fn attach_add_on<T: AddOn<S>>(&self, add_on: Arc<T>) -> Result<Arc<T>, Arc<T>> {
        if !self.extensions.insert(Arc::clone(&add_on)) {
            return Err(self.add_on::<T>().unwrap_or(add_on));
        }
        let attached = Arc::clone(&add_on) as Arc<dyn AddOn<S>>;
        self.change_attached(|list| list.add_ons.push(attached));
        Ok(add_on)
    }

    /// The attached add-on of type `T`.
    pub(crate) fn add_on<T: AddOn<S>>(&self) -> Option<Arc<T>> {
        self.extensions.get::<Arc<T>>()
    }

    pub(crate) fn add_subscriber(&self, subscriber: Subscriber) -> u64 {
        let id = self.next_subscriber.fetch_add(1, Ordering::Relaxed);
        self.change_attached(|attached| attached.subscribers.push((id, subscriber)));
        id
    }
}

/// A store's name: the one it was given, or its type's without module paths, worked out
/// when first shown, so that creating a store spends nothing on a name nobody reads.
struct StoreName {
    given: Option<Cow<'static, str>>,
    type_name: &'static str,
    short: OnceLock<String>,
}

impl StoreName {
    fn as_str(&self) -> &str {
        match &self.given {
            Some(name) => name,
            None => self
                .short
                .get_or_init(|| super::short_type_name(self.type_name)),
        }
    }
}

impl<S> StoreInner<S> {
    /// The store's name, shown in errors, logs and the devtools.
    pub(crate) fn name(&self) -> &str {
        self.name.as_str()
    }

    /// The state the store was created with. `state` is its current state, which the caller
    /// holds locked: until the first change the store keeps no copy, and that is the initial
    /// state.
    pub(crate) fn initial<'a>(&'a self, state: &'a S) -> &'a S {
        self.initial.get().unwrap_or(state)
    }

    /// Replaces what is attached with a changed copy.
    fn change_attached(&self, change: impl FnOnce(&mut Attached<S>)) {
        let mut attached = sync::write(&self.attached);
        let mut changed = Attached::clone(&attached);
        change(&mut changed);
        *attached = Arc::new(changed);
    }

    /// The key under which this thread marks the store busy.
    pub(crate) fn key(&self) -> usize {
        self as *const Self as usize
    }
}

impl<S: Send + Sync> Listeners for StoreInner<S> {
    fn remove_listener(&self, id: u64) {
        self.change_attached(|attached| attached.subscribers.retain(|(listed, _)| *listed != id));
    }
}
