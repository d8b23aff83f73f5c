//! Time for delayed transitions and history's merge window: browser timers on wasm, and a
//! [`ManualClock`] that tests advance by hand.

use crate::sync;
use std::{
    collections::BTreeMap,
    fmt,
    sync::{Arc, Mutex},
};

/// A callback a clock calls when its timer is due.
pub type Due = Box<dyn FnOnce() + Send>;

/// Tells the time and schedules callbacks: a machine's delayed transitions, and the window in
/// which [`History`](crate::History) merges writes. Implement it to drive them from something
/// else (a game loop, a test).
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since a fixed point of this clock's choosing.
    fn now(&self) -> u64;

    /// Calls `due` after `millis` milliseconds, unless [`cancel`](Self::cancel)led first;
    /// returns an id for that.
    fn schedule(&self, millis: u64, due: Due) -> u64;

    /// Cancels the timer `id`; a timer that already fired or was cancelled is ignored.
    fn cancel(&self, id: u64);
}

/// A clock whose time moves only when [`advance`](Self::advance) is called: for tests, and
/// the default for machines off the browser, where nothing else would fire their timers.
///
/// # Examples
///
/// ```
/// use leptos_state::ManualClock;
/// use std::sync::{Arc, atomic::{AtomicBool, Ordering}};
///
/// let clock = ManualClock::new();
/// let fired = Arc::new(AtomicBool::new(false));
/// let flag = fired.clone();
/// clock.schedule(100, Box::new(move || flag.store(true, Ordering::SeqCst)));
/// clock.advance(99);
/// assert!(!fired.load(Ordering::SeqCst));
/// clock.advance(1);
/// assert!(fired.load(Ordering::SeqCst));
/// ```
#[derive(Clone, Default)]
pub struct ManualClock {
    inner: Arc<Mutex<Timeline>>,
}

#[derive(Default)]
struct Timeline {
    now: u64,
    next_id: u64,
    /// Due time and id, so that timers due at once fire in the order they were scheduled.
    pending: BTreeMap<(u64, u64), Due>,
}

impl ManualClock {
    /// A clock at time zero with nothing scheduled.
    pub fn new() -> Self {
        ManualClock::default()
    }

    /// Moves time forward by `millis`, firing every timer that comes due, in order; timers
    /// those callbacks schedule fire too if they come due within the same advance.
    pub fn advance(&self, millis: u64) {
        let until = self.lock().now.saturating_add(millis);
        loop {
            let due = {
                let mut timeline = self.lock();
                let Some((&(at, id), _)) = timeline.pending.iter().next() else {
                    break;
                };
                if at > until {
                    break;
                }
                timeline.now = timeline.now.max(at);
                timeline.pending.remove(&(at, id))
            };
            if let Some(due) = due {
                due();
            }
        }
        let mut timeline = self.lock();
        // A callback may have advanced the clock further itself: time never goes back.
        timeline.now = timeline.now.max(until);
    }

    /// Milliseconds since the clock was made.
    pub fn now(&self) -> u64 {
        self.lock().now
    }

    /// Calls `due` once the clock has been [advanced](Self::advance) by `millis` more
    /// milliseconds, unless cancelled first; returns an id for [`cancel`](Self::cancel). The
    /// same as [`Clock::schedule`], without importing the trait.
    pub fn schedule(&self, millis: u64, due: Due) -> u64 {
        let mut timeline = self.lock();
        timeline.next_id += 1;
        let id = timeline.next_id;
        let at = timeline.now.saturating_add(millis);
        timeline.pending.insert((at, id), due);
        id
    }

    /// Cancels the timer `id`; one that already fired or was cancelled is ignored.
    pub fn cancel(&self, id: u64) {
        self.lock().pending.retain(|&(_, pending), _| pending != id);
    }

    /// How many timers are waiting.
    pub fn pending(&self) -> usize {
        self.lock().pending.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Timeline> {
        sync::lock(&self.inner)
    }
}

impl Clock for ManualClock {
    fn now(&self) -> u64 {
        ManualClock::now(self)
    }

    fn schedule(&self, millis: u64, due: Due) -> u64 {
        ManualClock::schedule(self, millis, due)
    }

    fn cancel(&self, id: u64) {
        ManualClock::cancel(self, id);
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let timeline = self.lock();
        f.debug_struct("ManualClock")
            .field("now", &timeline.now)
            .field("pending", &timeline.pending.len())
            .finish()
    }
}

/// The browser's own timers (`setTimeout`). The default clock of machines on wasm.
#[cfg(target_arch = "wasm32")]
#[cfg_attr(docsrs, doc(cfg(target_arch = "wasm32")))]
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserClock;

#[cfg(target_arch = "wasm32")]
type TimerCallback = wasm_bindgen::closure::Closure<dyn FnMut()>;

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The callbacks of pending browser timers, by timer id.
    static BROWSER_TIMERS: std::cell::RefCell<std::collections::HashMap<u64, TimerCallback>> =
        std::cell::RefCell::default();
    /// Callbacks that have run, freed when the next timer fires: a closure must not be freed
    /// while it is running, and a callback may schedule timers of its own.
    static SPENT: std::cell::RefCell<Vec<TimerCallback>> = std::cell::RefCell::default();
}

#[cfg(target_arch = "wasm32")]
impl Clock for BrowserClock {
    fn now(&self) -> u64 {
        // `Date.now()` is whole milliseconds since 1970, far inside `u64`.
        js_sys::Date::now() as u64
    }

    fn schedule(&self, millis: u64, due: Due) -> u64 {
        use wasm_bindgen::{JsCast, closure::Closure};
        let id_cell = std::rc::Rc::new(std::cell::Cell::new(0_u64));
        let own_id = id_cell.clone();
        let mut due = Some(due);
        let callback = Closure::<dyn FnMut()>::new(move || {
            // Earlier callbacks have returned by now; this one moves itself there below.
            SPENT.with_borrow_mut(Vec::clear);
            let spent = BROWSER_TIMERS.with_borrow_mut(|timers| timers.remove(&own_id.get()));
            SPENT.with_borrow_mut(|freed| freed.extend(spent));
            if let Some(due) = due.take() {
                due();
            }
        });
        let scheduled = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    i32::try_from(millis).unwrap_or(i32::MAX),
                )
                .ok()
        });
        let Some(handle) = scheduled else {
            web_sys::console::warn_1(
                &"leptos-state: no `window` to set a timer on; a delayed transition will not fire"
                    .into(),
            );
            return 0;
        };
        let id = u64::from(handle.unsigned_abs());
        id_cell.set(id);
        BROWSER_TIMERS.with_borrow_mut(|timers| timers.insert(id, callback));
        id
    }

    fn cancel(&self, id: u64) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(i32::try_from(id).unwrap_or(0));
        }
        BROWSER_TIMERS.with_borrow_mut(|timers| timers.remove(&id));
    }
}

/// The clock a machine gets when none is given: the browser's timers on wasm, a
/// [`ManualClock`] elsewhere.
pub(crate) fn default_clock() -> Arc<dyn Clock> {
    #[cfg(target_arch = "wasm32")]
    {
        Arc::new(BrowserClock)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Arc::new(ManualClock::new())
    }
}

/// The wall-clock time in milliseconds since the Unix epoch, for showing when something
/// happened (not for measuring: see [`Clock`]).
pub(crate) fn unix_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |since| since.as_secs_f64() * 1000.0)
    }
}
