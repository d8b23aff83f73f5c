//! A store's undo history in the panel: its steps, undo and redo, and jumps to any step.

use leptos::prelude::*;
use leptos_state::devtools::HistoryInspector;

/// The undo and redo steps, oldest first, with the present between them. Selecting a step
/// goes to the state right after it, by undoing or redoing the steps between.
// `#[component]` makes the generated function `pub`.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn HistoryView(history: HistoryInspector) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let jumper = history.clone();
    let jump = Callback::new(move |steps: isize| match jumper.jump(steps) {
        Ok(()) => error.set(None),
        Err(err) => error.set(Some(err.to_string())),
    });
    let (reader, pauser, clearer) = (history.clone(), history.clone(), history.clone());
    let steps = Memo::new(move |_| (reader.past_steps(), reader.future_steps()));
    let limit = history.limit();
    let paused = Memo::new(move |_| history.is_paused());
    let rows = move || {
        let (past, future) = steps.get();
        let undoable = isize::try_from(past.len()).unwrap_or(isize::MAX);
        // Row `k` is the state after `k` steps from the oldest kept state.
        let start = step_row("(oldest kept state)".to_owned(), -undoable, jump);
        let done = past
            .into_iter()
            .zip((0..undoable).rev())
            .map(|(label, back)| step_row(label, -back, jump));
        let undone = future
            .into_iter()
            .zip(1..)
            .map(|(label, ahead)| step_row(label, ahead, jump));
        std::iter::once(start)
            .chain(done)
            .chain(undone)
            .collect_view()
    };
    view! {
        <div class="lsd-section lsd-history">
            <h3>
                "History "
                <span class="lsd-count">
                    {move || steps.with(|(past, future)| {
                        format!("{} undo · {} redo · keeps {limit}", past.len(), future.len())
                    })}
                </span>
                {move || paused.get().then(|| view! { <span class="lsd-mode">" paused"</span> })}
            </h3>
            <button
                class="lsd-undo"
                disabled=move || steps.with(|(past, _)| past.is_empty())
                on:click=move |_| jump.run(-1)
            >
                "Undo"
            </button>
            " "
            <button
                class="lsd-redo"
                disabled=move || steps.with(|(_, future)| future.is_empty())
                on:click=move |_| jump.run(1)
            >
                "Redo"
            </button>
            " "
            <button
                class="lsd-pause"
                on:click=move |_| pauser.set_paused(!paused.get_untracked())
            >
                {move || if paused.get() { "Resume recording" } else { "Pause recording" }}
            </button>
            " "
            <button class="lsd-clear" on:click=move |_| clearer.clear()>
                "Clear"
            </button>
            <ol class="lsd-hsteps">{rows}</ol>
            <p class="lsd-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// One point in the history: `steps` undoes (negative) or redoes (positive) to reach it.
fn step_row(label: String, steps: isize, jump: Callback<isize>) -> impl IntoView {
    let (kind, title) = match steps {
        0 => ("now", "The present state"),
        ..0 => ("past", "Undo back to the state after this step"),
        _ => ("future", "Redo up to the state after this step"),
    };
    view! {
        <li class="lsd-hstep" class:lsd-now=steps == 0 data-kind=kind data-steps=steps>
            <button title=title disabled=steps == 0 on:click=move |_| jump.run(steps)>
                {label}
            </button>
        </li>
    }
}
