//! A traffic light: lights that change on delayed transitions inside an `On` state, and a
//! power switch that leaves and re-enters it (cancelling the pending timer).

use leptos::prelude::*;
use leptos_state::prelude::*;

/// The light's states.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Light {
    /// Powered off.
    Off,
    /// Powered on: one of the three lights below.
    On,
    /// Stop.
    Red,
    /// Go.
    Green,
    /// Stop if you can.
    Yellow,
}

/// What the light responds to.
#[derive(Debug, Clone, Copy)]
pub enum Switch {
    /// Toggles the power.
    Power,
}

/// How long each light stays on, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Red.
    pub red: u64,
    /// Green.
    pub green: u64,
    /// Yellow.
    pub yellow: u64,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            red: 3_000,
            green: 2_500,
            yellow: 800,
        }
    }
}

/// The machine: `On` cycles red, green, yellow on timers; `Power` switches it off and on.
pub fn traffic_light(timing: Timing) -> Machine<Light, Switch, u32> {
    Machine::builder(0)
        .initial(Light::Off)
        .state(Light::Off, |s| s.on(Switch::Power, Light::On))
        .state(Light::On, |s| {
            s.initial(Light::Red)
                .on(Switch::Power, Light::Off)
                .child(Light::Red, |s| {
                    s.entry(|cycles: &mut u32| *cycles += 1)
                        .after(timing.red, Light::Green)
                })
                .child(Light::Green, |s| s.after(timing.green, Light::Yellow))
                .child(Light::Yellow, |s| s.after(timing.yellow, Light::Red))
        })
        .build()
        .expect("the traffic light is a valid machine")
}

/// The light and its power switch.
#[component]
pub fn App(#[prop(optional)] timing: Option<Timing>) -> impl IntoView {
    let light = use_machine(traffic_light(timing.unwrap_or_default()));
    light.inspect("traffic light", [Switch::Power]);
    let shown = move || match light.state().first() {
        Some(Light::Red) => "red",
        Some(Light::Green) => "green",
        Some(Light::Yellow) => "yellow",
        _ => "off",
    };
    let lamp = move |colour: &'static str| {
        view! { <span class=format!("lamp {colour}") class:lit=move || shown() == colour></span> }
    };
    view! {
        <div class="traffic-light-example">
            <div id="light" class="traffic-light" role="img" aria-label=move || format!("traffic light: {}", shown())>
                {lamp("red")}
                {lamp("yellow")}
                {lamp("green")}
                <span class="light-name">{shown}</span>
            </div>
            <div class="light-controls">
                <button id="power" on:click=move |_| light.send(Switch::Power)>
                    {move || if light.matches(Light::On) { "Switch off" } else { "Switch on" }}
                </button>
                <p>
                    <label for="cycles">"Cycles: "</label>
                    <output id="cycles">{move || light.with_context(|c| *c).unwrap_or_default()}</output>
                </p>
            </div>
        </div>
    }
}
