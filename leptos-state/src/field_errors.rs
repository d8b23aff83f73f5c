//! [`FieldErrors`]: a store's validation errors field by field, from
//! [garde](https://docs.rs/garde), kept current as the state changes (feature `garde`).

use crate::{ArcStore, Slice, Store};
use reactive_graph::{
    computed::Memo,
    owner::SyncStorage,
    traits::{Get, GetUntracked, With, WithUntracked},
};
use std::{fmt, marker::PhantomData, sync::Arc};

/// The errors garde finds in a store's state, field by field, updated on every change: what a
/// form shows beside each field while the user types.
///
/// It refuses nothing: an invalid keystroke is written, and its error shown. To refuse
/// invalid changes as well, attach [`Validate`](crate::Validate) with garde's check
/// (`Validate::new(|form: &Form| form.validate())`; garde's `Report` is the refusal's reason).
///
/// Errors are found by the path garde gives them, which for struct fields and `Vec` items is
/// the path of the field's slice: `name`, `address.city`, `phones[2]`. Ask with the slice
/// ([`of`](Self::of)) or with garde's path ([`at`](Self::at)). Where the two paths differ,
/// ask with [`at`](Self::at): a keyed row's slice is by key (`rows[id=7].label`) where garde
/// counts positions (`rows[3].label`); a map entry's slice is `settings["key"]` where garde
/// writes `settings.key`; and a field garde renames (`#[garde(rename = ..)]`) or whose name
/// is a raw identifier has garde's name there.
///
/// It is a `Copy` handle owned by the reactive owner that makes it, like a `Memo`: the errors
/// are found again when the state changes, once, however many readers there are, and each
/// reader re-runs only when the errors changed.
///
/// # Examples
///
/// ```
/// use leptos::prelude::*;
/// use leptos_state::{FieldErrors, State, Store};
///
/// #[derive(State, garde::Validate, Clone, PartialEq, Default)]
/// struct Signup {
///     #[garde(length(min = 2))]
///     name: String,
///     #[garde(range(min = 18))]
///     age: u32,
/// }
///
/// # let owner = Owner::new(); owner.set();
/// let form = Store::new(Signup { name: "Ada".into(), age: 36 });
/// let errors = FieldErrors::new(form);
/// assert!(errors.is_valid());
///
/// form.name().set("A".into()); // written: the error is shown, nothing refused
/// assert_eq!(form.name().get_untracked(), "A");
/// assert_eq!(errors.of(&form.name()).as_deref(), Some("length is lower than 2"));
/// assert_eq!(errors.of(&form.age()), None);
/// assert!(!errors.is_valid());
/// ```
pub struct FieldErrors<S> {
    found: Memo<Found, SyncStorage>,
    state: PhantomData<fn() -> S>,
}

/// Each error garde found, as its path and message, in garde's order.
#[derive(Debug, Clone, PartialEq, Default)]
struct Found(Arc<[(String, String)]>);

impl Found {
    fn of<S: garde::Validate>(state: &S) -> Self
    where
        S::Context: Default,
    {
        match state.validate() {
            Ok(()) => Found::default(),
            Err(report) => Found(
                report
                    .iter()
                    .map(|(path, error)| (path.to_string(), error.message().to_owned()))
                    .collect(),
            ),
        }
    }

    fn at(&self, path: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(at, _)| at == path)
            .map(|(_, message)| message.clone())
    }
}

impl<S> FieldErrors<S>
where
    S: garde::Validate + Clone + Send + Sync + 'static,
    S::Context: Default,
{
    /// The errors of `store`'s state, found now and after each change.
    pub fn new(store: Store<S>) -> Self {
        FieldErrors {
            found: Memo::new(move |_| store.try_with(Found::of).unwrap_or_default()),
            state: PhantomData,
        }
    }

    /// The errors of `store`'s state, for a reference-counted store.
    pub fn of_arc(store: ArcStore<S>) -> Self {
        FieldErrors {
            found: Memo::new(move |_| store.try_with(Found::of).unwrap_or_default()),
            state: PhantomData,
        }
    }
}

impl<S: 'static> FieldErrors<S> {
    /// The first error of the field `slice` points at, if it has one. Tracks the errors.
    pub fn of<L: Slice<State = S>>(&self, slice: &L) -> Option<String> {
        self.at(&path_of(slice))
    }

    /// The first error at `path`, in garde's notation (`address.city`, `phones[2]`, and
    /// `""` for the whole state). Tracks the errors.
    pub fn at(&self, path: &str) -> Option<String> {
        self.found.with(|found| found.at(path))
    }

    /// Whether garde found no error. Tracks the errors.
    pub fn is_valid(&self) -> bool {
        self.found.with(|found| found.0.is_empty())
    }

    /// Every error, as its path and message, in garde's order. Tracks the errors.
    pub fn all(&self) -> Vec<(String, String)> {
        self.found.get().0.to_vec()
    }

    /// [`of`](Self::of), without tracking: for event handlers.
    pub fn of_untracked<L: Slice<State = S>>(&self, slice: &L) -> Option<String> {
        self.found.with_untracked(|found| found.at(&path_of(slice)))
    }

    /// [`is_valid`](Self::is_valid), without tracking: for event handlers (a submit button's
    /// click).
    pub fn is_valid_untracked(&self) -> bool {
        self.found.get_untracked().0.is_empty()
    }
}

/// The path garde gives the value `slice` points at: the slice's own path, but `""` for the
/// whole state.
fn path_of<L: Slice>(slice: &L) -> String {
    let path = slice.path();
    if path.is_root() {
        String::new()
    } else {
        path.to_string()
    }
}

impl<S> Clone for FieldErrors<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for FieldErrors<S> {}

impl<S> fmt::Debug for FieldErrors<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldErrors")
            .field("state", &std::any::type_name::<S>())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::FieldErrors;
    use crate::{ArcStore, Slice, State, Store, Validate, VecSlice};
    use reactive_graph::{
        owner::Owner,
        traits::{GetUntracked, Set, Update},
    };

    #[derive(State, garde::Validate, Clone, PartialEq, Default, Debug)]
    #[state(crate = crate)]
    struct Address {
        #[garde(length(min = 1))]
        city: String,
    }

    #[derive(State, garde::Validate, Clone, PartialEq, Default, Debug)]
    #[state(crate = crate)]
    struct Form {
        #[garde(length(min = 2))]
        name: String,
        #[garde(dive)]
        address: Address,
        #[garde(inner(length(max = 3)))]
        tags: Vec<String>,
    }

    fn valid() -> Form {
        Form {
            name: "Ada".into(),
            address: Address {
                city: "London".into(),
            },
            tags: vec!["x".into()],
        }
    }

    #[test]
    fn errors_follow_the_state_and_refuse_nothing() {
        let owner = Owner::new();
        owner.set();
        let form = Store::new(valid());
        let errors = FieldErrors::new(form);
        assert!(errors.is_valid());
        assert!(errors.all().is_empty());

        form.name().set("A".into());
        form.address().city().set(String::new());
        form.tags().update(|tags| tags.push("four".into()));
        assert_eq!(
            form.name().get_untracked(),
            "A",
            "an invalid value is written"
        );
        assert_eq!(
            errors.of(&form.name()).as_deref(),
            Some("length is lower than 2")
        );
        assert!(errors.of(&form.address().city()).is_some());
        assert_eq!(
            errors.of(&form.address()),
            None,
            "the struct has no error of its own"
        );
        assert!(
            errors.of(&form.tags().at(1)).is_some(),
            "a Vec item by position"
        );
        assert_eq!(errors.at("tags[1]"), errors.of(&form.tags().at(1)));
        assert_eq!(errors.all().len(), 3);
        assert!(!errors.is_valid_untracked());

        form.name().set("Ada".into());
        assert_eq!(errors.of_untracked(&form.name()), None);
    }

    #[test]
    fn refusing_is_the_apps_choice() {
        let owner = Owner::new();
        owner.set();
        let form = ArcStore::new(valid());
        let errors = FieldErrors::of_arc(form.clone());
        form.attach(Validate::new(|form: &Form| garde::Validate::validate(form)));
        let refused = form.name().checked_set("A".into()).unwrap_err();
        assert!(refused.to_string().contains("name: length is lower than 2"));
        assert_eq!(form.name().get_untracked(), "Ada");
        assert!(errors.is_valid());
    }
}
