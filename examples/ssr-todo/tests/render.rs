//! The server's side, natively: rendering the page through the axum router sends the
//! store's state and the machine's snapshot with the HTML, and the server functions answer.
//! Run with `cargo test -p ssr-todo --features ssr`.
#![cfg(feature = "ssr")]

use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

async fn page(path: &str) -> String {
    let options = LeptosOptions::builder().output_name("ssr_todo").build();
    let app = ssr_todo::serve::router(options);
    let request = Request::get(path).body(Body::empty()).expect("a request");
    let response = app.oneshot(request).await.expect("an answer");
    assert!(response.status().is_success(), "{}", response.status());
    let body = response.into_body().collect().await.expect("a body");
    String::from_utf8(body.to_bytes().to_vec()).expect("HTML")
}

#[tokio::test]
async fn the_page_holds_the_todos_and_the_state_sent_for_hydration() {
    let html = page("/").await;
    assert!(html.contains(r#"<span class="text">write the docs</span>"#));
    // The shared store's state, in Leptos' hydration data.
    assert!(
        html.contains(r#"{\"todos\":[{\"id\":1,\"text\":\"write the docs\",\"done\":false}"#),
        "{html}"
    );
    // The machine moved while the server rendered, and its snapshot says so.
    assert!(html.contains(r#"\"states\":[\"Server\"]"#), "{html}");
    assert!(html.contains("rendered on the server, hydrated here"));
    // Nothing read from the browser's storage on the server.
    assert!(html.contains(r#"<p id="preferences">loading preferences…</p>"#));
}

#[tokio::test]
async fn the_server_functions_save_and_refuse() {
    let saved = ssr_todo::server::add_todo("from a test".into())
        .await
        .expect("saved");
    assert!(saved.id < ssr_todo::model::TEMPORARY);
    assert!(ssr_todo::server::todos_now().contains(&saved));
    let refused = ssr_todo::server::add_todo("please fail".into()).await;
    assert!(refused.is_err());
}
