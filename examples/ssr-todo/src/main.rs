//! Serves the app: the address, site root and output name come from the environment
//! (`LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, `LEPTOS_OUTPUT_NAME`), as `scripts/ssr` sets them.

#![allow(clippy::print_stdout, reason = "a server says where it listens")]

use leptos::prelude::get_configuration;

#[tokio::main]
async fn main() {
    let configuration = match get_configuration(None) {
        Ok(configuration) => configuration,
        Err(error) => {
            eprintln!("ssr-todo: the LEPTOS_* settings are not usable: {error}");
            std::process::exit(2);
        }
    };
    let options = configuration.leptos_options;
    let address = options.site_addr;
    let app = ssr_todo::serve::router(options);
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("ssr-todo: cannot listen on {address}: {error}");
            std::process::exit(1);
        }
    };
    println!("ssr-todo: listening on http://{address}");
    if let Err(error) = axum::serve(listener, app.into_make_service()).await {
        eprintln!("ssr-todo: the server stopped: {error}");
        std::process::exit(1);
    }
}
