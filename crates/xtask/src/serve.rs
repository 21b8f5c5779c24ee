//! `cargo xtask serve`: build, then serve the repository root as static files.

use crate::{repo_root, Result};
use axum::http::{header, HeaderValue};
use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The default port of the playground.
pub const DEFAULT_PORT: u16 = 8000;

/// Reads `--port N` (or nothing).
pub fn parse_port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(DEFAULT_PORT),
        [flag, value] if flag == "--port" => value
            .parse::<u16>()
            .map_err(|_| format!("--port takes a number from 0 to 65535, got {value:?}")),
        _ => Err("usage: cargo xtask serve [--port N]".into()),
    }
}

/// Sets up, builds `web/pkg`, and serves until interrupted.
pub fn run(port: u16) -> Result {
    crate::setup::put_cargo_bin_on_path();
    crate::setup::ensure_wasm_target()?;
    crate::build::wasm_package(true)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("tokio: {e}"))?;
    runtime.block_on(async {
        let listener = bind(port).await?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("listener address: {e}"))?;
        println!("nnplay is served at http://{addr}/  (Ctrl-C to stop)");
        serve(listener).await
    })
}

/// Runs `node ARGS` in the repository folder `dir` with `NNPLAY_URL` set to
/// a server of the repository on a free loopback port (and `env`); true if
/// it succeeded.
pub fn node_while_serving(
    dir: &str,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> Result<bool> {
    let status = while_serving(|url| {
        std::process::Command::new("node")
            .args(args)
            .current_dir(repo_root().join(dir))
            .env("NNPLAY_URL", url)
            .envs(env.iter().copied())
            .status()
            .map_err(|e| format!("could not start node: {e}"))
    })?;
    Ok(status.success())
}

/// Serves the repository on a free loopback port while `f` runs, given the
/// server's URL (`http://127.0.0.1:PORT/`).
fn while_serving<T>(f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("tokio: {e}"))?;
    let listener = runtime.block_on(bind(0))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("listener address: {e}"))?;
    runtime.spawn(async move { serve(listener).await });
    let result = f(&format!("http://{addr}/"));
    runtime.shutdown_background();
    result
}

/// Binds the loopback address on `port` (0 picks a free port).
pub async fn bind(port: u16) -> Result<tokio::net::TcpListener> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e} (try --port with another number)"))
}

/// Serves the repository root on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener) -> Result {
    // `no-store`: a reload after a rebuild must fetch the new wasm module.
    let app = Router::new()
        .fallback_service(ServeDir::new(repo_root()))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server: {e}"))
}
