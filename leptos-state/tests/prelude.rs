//! `leptos_state::prelude` globbed beside `leptos::prelude` (and beside `reactive_stores`):
//! every name it holds resolves to this crate's item, with no ambiguity. Warnings are errors
//! here, so that an ambiguity Rust reports as a warning fails too.
#![deny(warnings)]

/// Every item of the prelude, named once, beside `leptos::prelude::*`.
mod beside_leptos {
    use leptos::prelude::*;
    use leptos_state::prelude::*;

    #[derive(State, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    pub(crate) struct Todos {
        #[state(key = |todo: &Todo| todo.id)]
        pub(crate) items: CopyOnWrite<Vec<Todo>>,
        pub(crate) filter: Option<String>,
        pub(crate) page: u32,
    }

    #[derive(State, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    pub(crate) struct Todo {
        pub(crate) id: u32,
        pub(crate) done: bool,
    }

    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
    enum Light {
        Red,
        Green,
    }

    #[derive(Clone, Debug)]
    struct Next;

    /// Names each type and trait of the prelude in a signature.
    #[allow(clippy::type_complexity, dead_code)]
    fn types(
        _: (
            Store<Todos>,
            ArcStore<Todos>,
            Change<'_>,
            Origin,
            CopyOnWrite<u8>,
        ),
        _: (
            History<Todos>,
            HistoryOptions,
            Transaction<'_, Todos>,
            Subscription,
        ),
        _: (IndexedDb, WebStorage, Memory, Persist, PersistOptions),
        _: (
            Logger,
            Validate<Todos>,
            Refusal,
            StoreError,
            &dyn Middleware<Todos>,
        ),
        _: (&dyn AddOn<Todos>, OptimisticChange<Todos>, OptimisticStatus),
        _: (
            Actor<Light, Next, ()>,
            Machine<Light, Next, ()>,
            MachineError,
        ),
        _: (MachineBuilder<Light, Next, ()>, MachineSnapshot<Light, ()>),
    ) {
    }

    fn slices<L: Slice + VecSlice<Todo>, O: OptionSlice<String>, K: StateId>() {}

    /// The items of the features the test command turns on.
    #[cfg(feature = "garde")]
    #[allow(dead_code)]
    fn garde(_: FieldErrors<Todos>) {}

    #[cfg(feature = "router")]
    #[allow(dead_code)]
    fn router(page: leptos_state::Field<Store<Todos>, 2>) {
        let _ = bind_hash::<leptos_state::Field<Store<Todos>, 2>>;
        bind_query(page, "page", UrlWrite::Push);
    }

    /// What a component calls.
    #[allow(dead_code)]
    fn functions() {
        let _ = provide_store::<Todos>;
        let _ = use_store::<Todos>;
        let _ = try_use_store::<Todos>;
        let _ = use_history::<Todos>;
        let _ = try_use_history::<Todos>;
        let _ = use_machine::<Light, Next, ()>;
        let _ = use_machine_shared::<Light, Next, ()>;
        let _ = slices::<
            leptos_state::Field<Store<Todos>, 0>,
            leptos_state::Field<Store<Todos>, 1>,
            Light,
        >;
        let _: fn(&Store<Todos>) -> KeyedVec<_, _> = |todos| todos.items();
        let _ = <Store<std::collections::BTreeMap<u8, u8>> as MapSlice>::entry;
        let _ = <Todos as Redact>::redact_json;
    }

    #[test]
    fn an_app_written_against_both_preludes_runs() {
        let owner = Owner::new();
        owner.set();
        let todos = Store::new(Todos::default());
        todos
            .update("add", |t| t.items.push(Todo { id: 1, done: false }))
            .unwrap();
        let done = todos.items().by_key(1).done();
        done.set(true);
        assert!(done.get_untracked());
        let machine = Machine::builder(())
            .initial(Light::Red)
            .state(Light::Red, |s| s.on(Next, Light::Green))
            .state(Light::Green, |s| s)
            .build()
            .unwrap();
        let light = Actor::new(machine);
        light.send(Next);
        assert!(light.matches_untracked(Light::Green));
    }
}

/// Beside `reactive_stores`, whose central types share this crate's names: its items are
/// imported by name (an explicit import is never ambiguous with a glob), and every other
/// name of the prelude still resolves through the glob.
mod beside_reactive_stores {
    use leptos::prelude::*;
    use leptos_state::prelude::*;
    #[allow(unused_imports)]
    use reactive_stores::*;
    use reactive_stores::{Field, Store as FieldStore, Store};

    #[derive(reactive_stores::Store, Clone, Default)]
    struct Form {
        name: String,
    }

    #[derive(State, Clone, PartialEq, Default)]
    struct Counter {
        count: i32,
    }

    #[test]
    fn both_crates_in_one_module() {
        let owner = Owner::new();
        owner.set();
        let form = FieldStore::new(Form::default());
        let name: Field<String> = form.name().into();
        name.set("Ada".into());
        let counter = leptos_state::Store::new(Counter::default());
        counter.count().set(2);
        counter.attach(Validate::new(|c: &Counter| {
            if c.count >= 0 {
                Ok(())
            } else {
                Err("negative")
            }
        }));
        assert!(counter.count().checked_set(-1).is_err());
        assert_eq!(name.get_untracked(), "Ada");
        let _: Option<Store<Form>> = None;
    }
}
