//! IndexedDB in the browser: reading, writing, reading and writing in one transaction, and
//! hearing other tabs on a `BroadcastChannel`.

use super::IndexedDb;
use crate::persist::{
    StorageError,
    backend::{Backend, Merge, OnWrite, Pending, Watch},
    listener::Listener,
    web_storage::js_message,
};
use futures::future::{Either, select};
use indexed_db_futures::{
    database::Database,
    error::{Error, OpenDbError},
    internals::SystemRepr,
    object_store::ObjectStore,
    prelude::*,
    transaction::{Transaction, TransactionMode},
};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

impl Backend for IndexedDb {
    fn describe(&self) -> String {
        self.description()
    }

    fn read(&self) -> Pending<Result<Option<Value>, StorageError>> {
        let this = self.clone();
        Pending::Later(Box::pin(async move {
            let db = open(&this.database, &this.object_store).await?;
            let read = get(&db, &this.object_store, &this.key).await;
            db.close();
            read
        }))
    }

    fn write(&self, record: &Value) -> Pending<Result<(), StorageError>> {
        let this = self.clone();
        let record = to_js(record);
        Pending::Later(Box::pin(async move {
            let record = record?;
            let db = open(&this.database, &this.object_store).await?;
            let written = put(&db, &this.object_store, &this.key, &record).await;
            db.close();
            written?;
            this.announce();
            Ok(())
        }))
    }

    fn read_and_write(&self, merge: Merge) -> Option<Pending<Result<(), StorageError>>> {
        let this = self.clone();
        Some(Pending::Later(Box::pin(async move {
            let db = open(&this.database, &this.object_store).await?;
            let written = update(&db, &this.object_store, &this.key, merge).await;
            db.close();
            if written? {
                this.announce();
            }
            Ok(())
        })))
    }

    fn watch(&self, on_write: OnWrite) -> Option<Watch> {
        let channel = web_sys::BroadcastChannel::new(&self.channel_name()).ok()?;
        let tag = self.tag;
        let name = self.channel_name();
        let warned = std::cell::Cell::new(false);
        let listener = Listener::add(&channel, "message", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            match Announcement::read(&event.data()) {
                Ok(from) if from == tag => {}
                // The record is read from the storage, not taken from the message.
                Ok(_) => on_write(),
                Err(why) => {
                    if !warned.replace(true) {
                        log::warn!(
                            target: "leptos_state",
                            "ignored a message on BroadcastChannel `{name}`: {why} (later ones \
                             are ignored without a warning)"
                        );
                    }
                }
            }
        })?;
        Some(Watch::new(Channel { listener, channel }))
    }
}

impl IndexedDb {
    /// Tells other tabs (and other instances for the same key) about a write; they read
    /// the record themselves.
    fn announce(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(&self.channel_name()) else {
            return;
        };
        let announced =
            Announcement::message(self.tag).and_then(|message| channel.post_message(&message));
        if let Err(err) = announced {
            log::warn!(target: "leptos_state", "could not tell other tabs about a write: {}", js_message(&err));
        }
        channel.close();
    }
}

/// The message that announces a write on the channel: `{"kind": "leptos-state/write",
/// "version": 1, "from": <tag>}`, where `from` tells the announcing instance. It carries no
/// record: the tabs that hear it read the storage.
struct Announcement;

impl Announcement {
    const KIND: &'static str = "leptos-state/write";
    /// Raised when the message's meaning changes; other versions' messages are ignored.
    const VERSION: f64 = 1.0;

    fn message(from: f64) -> Result<JsValue, JsValue> {
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"kind".into(), &Self::KIND.into())?;
        js_sys::Reflect::set(&message, &"version".into(), &Self::VERSION.into())?;
        js_sys::Reflect::set(&message, &"from".into(), &from.into())?;
        Ok(message.into())
    }

    /// The announcing instance's tag, or why the message is not an announcement this
    /// library understands.
    fn read(data: &JsValue) -> Result<f64, String> {
        let field = |name: &str| {
            if data.is_object() {
                js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED)
            } else {
                JsValue::UNDEFINED
            }
        };
        if field("kind").as_string().as_deref() != Some(Self::KIND) {
            return Err("leptos-state did not send it".into());
        }
        let version = field("version");
        if version.as_f64() != Some(Self::VERSION) {
            return Err(format!(
                "it was sent by another version of leptos-state (message version {version:?}; \
                 this one reads version {})",
                Self::VERSION
            ));
        }
        field("from")
            .as_f64()
            .ok_or_else(|| "it does not say which tab sent it".into())
    }
}

/// A stored (or announced) value as JSON. It goes through `JSON.stringify` and
/// `serde_json`, not serde-wasm-bindgen, so that a cyclic or absurdly deep value, which
/// structured storage can hold, is refused as corrupt instead of exhausting the stack.
fn decode(value: &JsValue) -> Result<Value, StorageError> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|err| StorageError::Corrupt(js_message(&err)))?
        .as_string()
        .ok_or_else(|| StorageError::Corrupt("the value has no JSON form".into()))?;
    serde_json::from_str(&text).map_err(|err| StorageError::Corrupt(err.to_string()))
}

/// A channel listened to, closed when dropped.
struct Channel {
    listener: Listener,
    channel: web_sys::BroadcastChannel,
}

impl Drop for Channel {
    fn drop(&mut self) {
        let _ = &self.listener;
        self.channel.close();
    }
}

/// Opens `database`, adding `object_store` to it if missing.
async fn open(database: &str, object_store: &str) -> Result<Database, StorageError> {
    let db = Database::open(database).await.map_err(open_error)?;
    if db.object_store_names().any(|name| name == object_store) {
        return Ok(db);
    }
    // The object store is added by an upgrade, to the next version.
    let version = db.version();
    let Some(next) = u32::try_from(version as u64)
        .ok()
        .and_then(|version| version.checked_add(1))
    else {
        db.close();
        return Err(StorageError::Failed(format!(
            "database `{database}` is at version {version}, too high to add object store \
             `{object_store}`"
        )));
    };
    db.close();
    let (blocked, when_blocked) = futures::channel::oneshot::channel::<()>();
    let store = object_store.to_owned();
    let upgrade = Database::open(database)
        .with_version(next)
        .with_on_blocked(move |_| {
            let _ = blocked.send(());
            Ok(())
        })
        .with_on_upgrade_needed(move |_, db| {
            if !db.object_store_names().any(|name| name == store) {
                db.create_object_store(&store).build()?;
            }
            Ok(())
        })
        .into_future();
    let upgrade = Box::pin(upgrade);
    match select(upgrade, when_blocked).await {
        Either::Left((opened, _)) => opened.map_err(open_error),
        Either::Right((_, upgrade)) => {
            // Dropping the request would leave it queued without its upgrade: let it finish
            // when the other tab lets go, and close what it opens.
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(db) = upgrade.await {
                    db.close();
                }
            });
            Err(StorageError::Blocked(format!(
                "database `{database}` is open in another tab at version {}, and this tab \
                 needs version {next} to add object store `{object_store}`",
                next - 1
            )))
        }
    }
}

/// A record as a structured value to store.
fn to_js(record: &Value) -> Result<JsValue, StorageError> {
    record
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| StorageError::Failed(err.to_string()))
}

/// Reads the record under `key` and writes what `merge` makes of it, in one readwrite
/// transaction, so that no other tab's write lands in between. Returns whether it wrote.
async fn update(
    db: &Database,
    object_store: &str,
    key: &str,
    merge: Merge,
) -> Result<bool, StorageError> {
    let (tx, raw) = readwrite(db, object_store)?;
    {
        let store = tx.object_store(object_store).map_err(storage_error)?;
        let stored = read_record(&store, key).await;
        // The merge runs between the read and the write, synchronously, so the transaction
        // is still active for the write.
        let Some(record) = merge(stored) else {
            return Ok(false);
        };
        let record = to_js(&record)?;
        store
            .put(&record)
            .with_key(key)
            .without_key_type()
            .await
            .map_err(storage_error)?;
    }
    commit(tx, raw).await?;
    Ok(true)
}

async fn get(db: &Database, object_store: &str, key: &str) -> Result<Option<Value>, StorageError> {
    let tx = db
        .transaction(object_store)
        .build()
        .map_err(storage_error)?;
    let store = tx.object_store(object_store).map_err(storage_error)?;
    read_record(&store, key).await
}

/// The record under `key`, as JSON; `None` when the key is absent. A `null` or `undefined`
/// stored under the key is present, and not a record: it is refused as corrupt and kept,
/// as the text `null` is in Web Storage. (`get` alone tells neither from an absent key.)
async fn read_record(store: &ObjectStore<'_>, key: &str) -> Result<Option<Value>, StorageError> {
    if let Some(stored) = store
        .get::<JsValue, _, _>(key)
        .await
        .map_err(storage_error)?
    {
        return decode(&stored).map(Some);
    }
    let present = store.count().with_query(key).await.map_err(storage_error)?;
    if present == 0 {
        return Ok(None);
    }
    Err(StorageError::Corrupt(
        "the key holds `null` or `undefined`, not a record".into(),
    ))
}

async fn put(
    db: &Database,
    object_store: &str,
    key: &str,
    record: &JsValue,
) -> Result<(), StorageError> {
    let (tx, raw) = readwrite(db, object_store)?;
    {
        let store = tx.object_store(object_store).map_err(storage_error)?;
        store
            .put(record)
            .with_key(key)
            .without_key_type()
            .await
            .map_err(storage_error)?;
    }
    commit(tx, raw).await
}

/// A readwrite transaction on `object_store`, with its raw form, kept to learn why it
/// aborted: a full disk aborts it at commit.
fn readwrite<'a>(
    db: &'a Database,
    object_store: &str,
) -> Result<(Transaction<'a>, web_sys::IdbTransaction), StorageError> {
    let tx = db
        .transaction(object_store)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(storage_error)?;
    let raw = tx.as_sys().clone().unchecked_into();
    Ok((tx, raw))
}

/// Commits `tx`, telling a full disk from other failures.
async fn commit(tx: Transaction<'_>, raw: web_sys::IdbTransaction) -> Result<(), StorageError> {
    tx.commit().await.map_err(|err| match raw.error() {
        Some(cause) if cause.name() == "QuotaExceededError" => {
            StorageError::QuotaExceeded(cause.message())
        }
        _ => storage_error(err),
    })
}

fn storage_error(error: Error) -> StorageError {
    match &error {
        Error::DomException(exception) if exception.name() == "QuotaExceededError" => {
            StorageError::QuotaExceeded(exception.message())
        }
        Error::DomException(exception) => {
            StorageError::Failed(format!("{}: {}", exception.name(), exception.message()))
        }
        _ => StorageError::Failed(error.to_string()),
    }
}

fn open_error(error: OpenDbError) -> StorageError {
    match error {
        OpenDbError::NullFactory
        | OpenDbError::UnsupportedEnvironment
        | OpenDbError::VersionZero => {
            StorageError::Unavailable(format!("IndexedDB cannot be opened here: {error}"))
        }
        OpenDbError::Base(error) => storage_error(error),
    }
}
