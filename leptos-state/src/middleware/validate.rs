//! [`Validate`]: refuses changes that would leave the state invalid.

use crate::{Change, Middleware, Refusal};
use std::{borrow::Cow, fmt};

type Check<S> = Box<dyn Fn(&S) -> Result<(), String> + Send + Sync>;

/// Middleware that refuses every change whose result fails a predicate.
///
/// The predicate sees the state a change would produce. When it returns an error, the state
/// stays exactly as it was, nobody is notified, and the writer gets
/// [`StoreError::Refused`](crate::StoreError::Refused) carrying the predicate's message.
///
/// To put a refused `update` back, the store copies the state before each one while a
/// `Validate` is attached. Keep large fields in a [`CopyOnWrite`](crate::CopyOnWrite) and
/// that copy shares them; a write through a slice keeps only the value it replaces.
///
/// # Examples
///
/// ```
/// use leptos_state::{ArcStore, StoreError, Validate};
/// # use leptos::prelude::GetUntracked;
///
/// let stock = ArcStore::new(3_u32);
/// stock.attach(Validate::new(|n: &u32| {
///     if *n <= 10 { Ok(()) } else { Err(format!("{n} is over the limit of 10")) }
/// }));
///
/// let err = stock.update("restock", |n| *n += 20).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "store `u32` refused action \"restock\": validate says: 23 is over the limit of 10"
/// );
/// assert_eq!(stock.get_untracked(), 3);
/// ```
pub struct Validate<S> {
    name: Cow<'static, str>,
    check: Check<S>,
}

impl<S> Validate<S> {
    /// Refuses changes for which `check` returns an error; the error's text is the reason.
    pub fn new<E: fmt::Display>(
        check: impl Fn(&S) -> Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        Validate {
            name: Cow::Borrowed("validate"),
            check: Box::new(move |state| check(state).map_err(|err| err.to_string())),
        }
    }

    /// Names this validator in errors, for stores with more than one (default `"validate"`).
    ///
    /// # Examples
    ///
    /// ```
    /// use leptos_state::{ArcStore, Validate};
    ///
    /// let cart = ArcStore::new(Vec::<u32>::new());
    /// cart.attach(
    ///     Validate::new(|items: &Vec<u32>| match items.len() {
    ///         0..=10 => Ok(()),
    ///         _ => Err("the cart holds at most 10 items"),
    ///     })
    ///     .with_name("cart size"),
    /// );
    /// let err = cart.set("fill", vec![1; 11]).unwrap_err();
    /// assert!(err.to_string().contains("cart size says: the cart holds at most 10 items"));
    /// ```
    pub fn with_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.name = name.into();
        self
    }
}

impl<S> fmt::Debug for Validate<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validate")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl<S: 'static> Middleware<S> for Validate<S> {
    fn name(&self) -> &str {
        &self.name
    }

    fn before(&self, _change: &Change<'_>, next: &S) -> Result<(), Refusal> {
        (self.check)(next).map_err(Refusal::new)
    }
}
