//! The audit log, an add-on written outside the library, against leptos-state's public API.

use audit_log::{AuditEntry, AuditLog, Profile, ProfileSlices, valid_email};
use leptos::prelude::*;
use leptos_state::{ArcStore, History, HistoryOptions, Origin, Slice, Store, StoreError, Validate};

fn entry(
    who: &str,
    action: &'static str,
    path: &str,
    origin: Origin,
    previous: &str,
) -> AuditEntry {
    AuditEntry {
        who: who.into(),
        action: action.into(),
        path: path.into(),
        origin,
        previous: Some(previous.into()),
    }
}

fn audited() -> (ArcStore<Profile>, std::sync::Arc<AuditLog>) {
    let profile = ArcStore::new(Profile::default());
    let audit = profile.attach_add_on(Profile::audit_log()).unwrap();
    (profile, audit)
}

#[test]
fn it_keeps_who_changed_what_with_the_previous_value_of_the_slice() {
    let (profile, audit) = audited();
    audit.act_as("ada");
    profile.name().set("Ada".into());
    profile.name().set("Ada L.".into());
    audit.act_as("grace");
    profile.admin().set(true);
    profile
        .update("reset email", |p| p.email = "g@example.com".into())
        .unwrap();

    let entries = audit.entries_untracked();
    assert_eq!(
        entries[..3],
        [
            entry("ada", "name", "name", Origin::User, "\"\""),
            entry("ada", "name", "name", Origin::User, "\"Ada\""),
            entry("grace", "admin", "admin", Origin::User, "false"),
        ]
    );
    // A whole-store change overwrote the whole state.
    assert_eq!(entries[3].action, "reset email");
    assert_eq!(entries[3].path, "(root)");
    let before = entries[3].previous.as_deref().unwrap();
    assert!(
        before.contains("name: \"Ada L.\"") && before.contains("admin: true"),
        "{before}"
    );
}

#[test]
fn a_refused_change_is_not_audited() {
    let (profile, audit) = audited();
    profile.attach(Validate::new(valid_email));
    assert!(profile.email().checked_set("nope".into()).is_err());
    profile.email().set("a@b".into());
    let entries = audit.entries_untracked();
    assert_eq!(
        entries,
        [entry("anonymous", "email", "email", Origin::User, "\"\"")]
    );
}

#[test]
fn it_sees_undo_and_redo_beside_the_history_which_keeps_its_steps() {
    let owner = Owner::new();
    owner.set();
    let profile = Store::new(Profile::default());
    // Attached before the history: the history still gets every step, and the audit log
    // still sees what each change overwrote.
    let audit = profile
        .attach_add_on(AuditLog::new().show::<String>())
        .unwrap();
    let history = History::attach(profile, HistoryOptions::new());
    profile.email().set("a@b".into());
    history.undo().unwrap();
    history.redo().unwrap();
    assert_eq!(profile.email().get_untracked(), "a@b");
    let origins: Vec<_> = audit
        .entries_untracked()
        .iter()
        .map(|e| (e.origin, e.previous.clone().unwrap()))
        .collect();
    assert_eq!(
        origins,
        [
            (Origin::User, "\"\"".to_owned()),
            (Origin::Undo, "\"a@b\"".to_owned()),
            (Origin::Redo, "\"\"".to_owned()),
        ]
    );
}

#[test]
fn the_store_finds_its_add_on_by_type_and_refuses_a_second() {
    let (profile, audit) = audited();
    let found = profile.add_on::<AuditLog>().expect("attached");
    assert!(std::sync::Arc::ptr_eq(&found, &audit));
    let again = profile.attach_add_on(AuditLog::new()).unwrap_err();
    assert!(
        matches!(again, StoreError::AddOnAttached { .. }),
        "{again:?}"
    );
    assert!(
        again
            .to_string()
            .contains("add_on::<audit_log::AuditLog>()"),
        "{again}"
    );
}

#[test]
fn its_readers_rerun_after_each_change_once_the_store_is_unlocked() {
    let _ = any_spawner::Executor::init_futures_executor();
    let owner = Owner::new();
    owner.set();
    let (profile, audit) = audited();
    let seen = RwSignal::new(Vec::new());
    let reader = audit.clone();
    let store = profile.clone();
    // An immediate effect re-runs inside the write that notifies it: it may read the store
    // because the log tells its readers only once the store is unlocked.
    let _effect = ImmediateEffect::new(move || {
        let count = reader.entries().len();
        let name = store.name().get_untracked();
        seen.update(|seen| seen.push((count, name)));
    });
    profile.name().set("Ada".into());
    assert_eq!(
        seen.get_untracked(),
        [(0, String::new()), (1, "Ada".to_owned())]
    );
}
