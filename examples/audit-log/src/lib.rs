//! An add-on written against leptos-state's public API only: [`AuditLog`] keeps who changed
//! what in a store, with the value each change overwrote.
//!
//! It shows the extension point a sync engine or a server-state cache would use: the add-on
//! asks the store's commit to keep what a change overwrites ([`Wants::OVERWRITTEN`]), reads it
//! in [`AddOn::committed`] while the store is locked, and tells its own readers once the store
//! is unlocked ([`AddOn::unlocked`]). [`App`] is a profile form whose changes are audited.

use leptos::prelude::*;
use leptos_state::prelude::*;
use leptos_state::{Committed, Wants};
use std::{
    any::{Any, TypeId},
    borrow::Cow,
    collections::HashMap,
    fmt::Debug,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicBool, Ordering},
    },
};

/// One audited change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Who was acting when the change was made (see [`AuditLog::act_as`]).
    pub who: String,
    /// The change's action: `"save profile"`, or a slice write's path (`"email"`).
    pub action: Cow<'static, str>,
    /// The part of the state it wrote, `(root)` for a whole-store change.
    pub path: String,
    /// Where the change came from: the user's own, an undo, a redo, ...
    pub origin: Origin,
    /// The value the change overwrote, shown with `Debug` when its type was registered with
    /// [`AuditLog::show`]; `None` otherwise.
    pub previous: Option<String>,
}

type Show = fn(&dyn Any) -> Option<String>;

/// Keeps an [`AuditEntry`] for every change the store accepts (refused changes are not
/// audited: they never happened).
///
/// ```
/// use audit_log::AuditLog;
/// use leptos_state::{ArcStore, State};
/// # use leptos::prelude::Set;
///
/// #[derive(State, Clone, Debug, Default)]
/// struct Profile { email: String }
///
/// let profile = ArcStore::new(Profile::default());
/// let audit = profile.attach_add_on(AuditLog::new().show::<String>()).unwrap();
/// audit.act_as("ada");
/// profile.email().set("ada@example.com".into());
/// let entry = &audit.entries_untracked()[0];
/// assert_eq!((entry.who.as_str(), entry.path.as_str()), ("ada", "email"));
/// assert_eq!(entry.previous.as_deref(), Some("\"\""));
/// ```
pub struct AuditLog {
    who: Mutex<String>,
    entries: Mutex<Vec<AuditEntry>>,
    shown: HashMap<TypeId, Show>,
    /// Entries were added since readers were last told.
    added: AtomicBool,
    trigger: ArcTrigger,
}

impl AuditLog {
    /// An empty log; changes are made by `"anonymous"` until [`act_as`](Self::act_as).
    pub fn new() -> Self {
        AuditLog {
            who: Mutex::new("anonymous".to_owned()),
            entries: Mutex::new(Vec::new()),
            shown: HashMap::new(),
            added: AtomicBool::new(false),
            trigger: ArcTrigger::new(),
        }
    }

    /// Shows overwritten values of type `T` with `Debug`. A slice's value is handed to
    /// add-ons as `&dyn Any`, so the log shows only the types it was told about.
    #[must_use]
    pub fn show<T: Debug + 'static>(mut self) -> Self {
        self.shown.insert(TypeId::of::<T>(), |value| {
            value.downcast_ref::<T>().map(|value| format!("{value:?}"))
        });
        self
    }

    /// Who makes the changes from now on.
    pub fn act_as(&self, who: impl Into<String>) {
        *lock(&self.who) = who.into();
    }

    /// Every audited change, oldest first. Reactive.
    pub fn entries(&self) -> Vec<AuditEntry> {
        self.trigger.track();
        self.entries_untracked()
    }

    /// [`entries`](Self::entries) without tracking.
    pub fn entries_untracked(&self) -> Vec<AuditEntry> {
        lock(&self.entries).clone()
    }

    fn describe(&self, value: &dyn Any) -> Option<String> {
        self.shown.get(&value.type_id())?(value)
    }
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog::new()
    }
}

impl Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("entries", &lock(&self.entries).len())
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<S: 'static> AddOn<S> for AuditLog {
    fn name(&self) -> &str {
        "audit log"
    }

    /// Every change, with what it overwrote.
    fn wants(&self, _: Origin) -> Wants {
        Wants::OVERWRITTEN
    }

    /// Runs while the store is locked: read what the commit hands over, never the store.
    fn committed(&self, committed: &mut Committed<'_, S>) {
        let change = committed.change();
        let entry = AuditEntry {
            who: lock(&self.who).clone(),
            action: committed.action().clone(),
            path: change.touched()[0].to_string(),
            origin: change.origin(),
            previous: committed
                .overwritten()
                .and_then(|overwritten| overwritten.value())
                .and_then(|value| self.describe(value)),
        };
        lock(&self.entries).push(entry);
        self.added.store(true, Ordering::Relaxed);
    }

    /// The store is unlocked: a view re-running now may read it.
    fn unlocked(&self) {
        if self.added.swap(false, Ordering::Relaxed) {
            self.trigger.notify();
        }
    }
}

/// The audited state: a user profile.
#[derive(State, Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// The name shown to others.
    pub name: String,
    /// Where mail goes; it must contain an `@`.
    pub email: String,
    /// Whether the user administers the site.
    pub admin: bool,
}

impl Profile {
    /// An audit log that shows every overwritten value of a profile: its fields' types and
    /// the profile itself (for whole-store changes).
    pub fn audit_log() -> AuditLog {
        AuditLog::new()
            .show::<String>()
            .show::<bool>()
            .show::<Profile>()
    }
}

/// Whether a profile's email address, if it has one, looks like one.
pub fn valid_email(profile: &Profile) -> Result<(), &'static str> {
    if profile.email.is_empty() || profile.email.contains('@') {
        Ok(())
    } else {
        Err("an email address needs an @")
    }
}

/// A profile form whose every accepted change is audited, with a choice of who is acting.
#[component]
pub fn App() -> impl IntoView {
    let profile = Store::new_named("profile", Profile::default());
    profile.attach(Validate::new(valid_email));
    let audit = profile
        .attach_add_on(Profile::audit_log())
        .expect("the form attaches its audit log once");
    // The person the form's selector shows first.
    audit.act_as("ada");
    let error = RwSignal::new(None::<String>);
    let acting = audit.clone();
    let listed = audit.clone();
    view! {
        <section class="audit-log">
            <label>
                "Acting as "
                <select on:change=move |ev| acting.act_as(event_target_value(&ev))>
                    <option value="ada">"ada"</option>
                    <option value="grace">"grace"</option>
                </select>
            </label>
            <label>
                "Name "
                <input on:change=move |ev| profile.name().set(event_target_value(&ev))/>
            </label>
            <label>
                "Email "
                <input on:change=move |ev| {
                    let result = profile.email().checked_set(event_target_value(&ev));
                    error.set(result.err().map(|e| e.to_string()));
                }/>
            </label>
            <label>
                <input
                    type="checkbox"
                    on:change=move |ev| profile.admin().set(event_target_checked(&ev))
                />
                " Administrator"
            </label>
            <p class="error">{move || error.get()}</p>
            <ol>
                {move || {
                    listed
                        .entries()
                        .into_iter()
                        .map(|entry| {
                            view! {
                                <li>
                                    {format!(
                                        "{} set {} (was {})",
                                        entry.who,
                                        entry.path,
                                        entry.previous.unwrap_or_else(|| "?".into()),
                                    )}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}
