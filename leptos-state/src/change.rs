//! The record of one committed change, as middleware and subscribers see it.

use std::{borrow::Cow, fmt, panic::Location};

/// Where a change came from.
///
/// Every write to a store, whoever makes it, goes through the same commit and carries its origin,
/// so middleware can tell the changes it caused itself from the application's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// Application code: [`update`](crate::ArcStore::update), [`set`](crate::ArcStore::set),
    /// [`transaction`](crate::ArcStore::transaction) and [`reset`](crate::ArcStore::reset).
    User,
    /// [`History::undo`](crate::History::undo) putting back what a step changed.
    Undo,
    /// [`History::redo`](crate::History::redo) applying an undone step again.
    Redo,
    /// An [optimistic change](crate::ArcStore::optimistic) applied before its request
    /// settled, or corrected with the answer.
    Optimistic,
    /// The state recomputed without an optimistic change whose request failed.
    Rollback,
    /// [Persistence](crate::Persist) putting in what it loaded from storage.
    Hydration,
    /// A change saved by another tab, which [persistence](crate::Persist) brought into this
    /// one.
    Sync,
    /// A state put in from the devtools: a jump back in the action log, or an imported state
    /// (feature `devtools`).
    Devtools,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::User => f.write_str("user"),
            Origin::Undo => f.write_str("undo"),
            Origin::Redo => f.write_str("redo"),
            Origin::Optimistic => f.write_str("optimistic"),
            Origin::Rollback => f.write_str("rollback"),
            Origin::Hydration => f.write_str("hydration"),
            Origin::Sync => f.write_str("sync"),
            Origin::Devtools => f.write_str("devtools"),
        }
    }
}

/// The part of a store's state that a change wrote.
///
/// A path is a list of steps from the root of the state. Whole-state writes such as
/// [`update`](crate::ArcStore::update) touch the root path, which contains every other path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Path {
    steps: Vec<Cow<'static, str>>,
}

impl Path {
    /// The root path: the whole state.
    pub const ROOT: Path = Path { steps: Vec::new() };

    /// Returns `true` for the root path.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(leptos_state::Path::ROOT.is_root());
    /// ```
    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }

    /// The path one step below this one, e.g. a field of this part of the state.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::Path;
    ///
    /// let city = Path::ROOT.child("user").child("city");
    /// assert_eq!(city.to_string(), "user.city");
    /// let done = Path::ROOT.child("todos").child("[id=3]").child("done");
    /// assert_eq!(done.to_string(), "todos[id=3].done");
    /// ```
    pub fn child(&self, step: impl Into<Cow<'static, str>>) -> Path {
        let mut steps = self.steps.clone();
        steps.push(step.into());
        Path { steps }
    }

    pub(crate) fn from_steps(steps: Vec<Cow<'static, str>>) -> Path {
        Path { steps }
    }

    /// The steps from the root to this path: field names, and items written `[3]` or
    /// `[id=3]`.
    pub fn steps(&self) -> impl ExactSizeIterator<Item = &str> {
        self.steps.iter().map(|step| step.as_ref())
    }

    /// Returns `true` when one path contains the other: a write to either one changes what a
    /// reader of the other sees.
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::Path;
    ///
    /// let user = Path::ROOT.child("user");
    /// assert!(Path::ROOT.overlaps(&user));
    /// assert!(user.child("city").overlaps(&user));
    /// assert!(!user.overlaps(&Path::ROOT.child("todos")));
    /// ```
    pub fn overlaps(&self, other: &Path) -> bool {
        self.steps.iter().zip(&other.steps).all(|(a, b)| a == b)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str("(root)");
        }
        for (i, step) in self.steps.iter().enumerate() {
            // Collection items read as `todos[3]`, fields as `user.name`.
            if i > 0 && !step.starts_with('[') {
                f.write_str(".")?;
            }
            f.write_str(step)?;
        }
        Ok(())
    }
}

/// One committed (or, in [`Middleware::before`](crate::Middleware::before), proposed) change.
///
/// It names the action, says where the change came from and what it touched, and points at
/// the line of application code that made it. Its `Display` form is the line
/// [`Logger`](crate::Logger) prints.
///
/// # Examples
///
/// ```
/// use leptos_state::{ArcStore, Origin};
/// use std::sync::{Arc, Mutex};
///
/// let store = ArcStore::new_named("cart", 0);
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let log = seen.clone();
/// let _subscription = store.subscribe(move |change| {
///     assert_eq!(change.origin(), Origin::User);
///     assert!(change.touched()[0].is_root());
///     log.lock().unwrap().push(format!("{} {}", change.store(), change.action()));
/// });
/// store.set("add item", 1).unwrap();
/// assert_eq!(*seen.lock().unwrap(), ["cart add item"]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub(crate) store: &'a str,
    pub(crate) action: &'a str,
    pub(crate) origin: Origin,
    pub(crate) touched: &'a [Path],
    pub(crate) location: &'static Location<'static>,
}

impl<'a> Change<'a> {
    /// The name of the store the change was made to.
    pub fn store(&self) -> &'a str {
        self.store
    }

    /// The action's name, as given to [`update`](crate::ArcStore::update) and friends.
    pub fn action(&self) -> &'a str {
        self.action
    }

    /// Where the change came from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The parts of the state the change wrote.
    pub fn touched(&self) -> &'a [Path] {
        self.touched
    }

    /// The line of code that asked for the change.
    pub fn location(&self) -> &'static Location<'static> {
        self.location
    }
}

impl fmt::Display for Change<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: \"{}\" ({}", self.store, self.action, self.origin)?;
        for path in self.touched {
            write!(f, ", touched {path}")?;
        }
        write!(f, ") at {}", self.location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_path_displays_as_root() {
        assert_eq!(Path::ROOT.to_string(), "(root)");
        assert_eq!(Path::default(), Path::ROOT);
    }

    #[test]
    fn change_display_names_store_action_origin_and_location() {
        let location = Location::caller();
        let touched = [Path::ROOT];
        let change = Change {
            store: "counter",
            action: "increment",
            origin: Origin::User,
            touched: &touched,
            location,
        };
        assert_eq!(
            change.to_string(),
            format!("counter: \"increment\" (user, touched (root)) at {location}")
        );
    }
}
