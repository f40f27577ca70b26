//! Running the HTTP service: bind, serve, shut down gracefully on Ctrl-C or SIGTERM.

use crate::config::Config;
use crate::http::{self, AppState, HttpConfig};
use crate::store::Store;
use std::sync::Arc;

pub async fn serve(
    store: Arc<Store>,
    config: &Config,
    port: Option<u16>,
    bind: Option<String>,
) -> std::io::Result<()> {
    let state = Arc::new(
        AppState::new(
            store.clone(),
            HttpConfig {
                session_minutes: config.session_minutes,
                secure_cookies: config.secure_cookies,
                sms_callback_token: config.sms.callback_token.clone(),
                trust_forwarded_for: config.trust_proxy,
            },
        )
        .await
        .map_err(std::io::Error::other)?,
    );
    // An administrator's change to master data on another node reaches this one within seconds.
    let watcher = tokio::spawn(async move {
        let mut seen = store.master_version().await.unwrap_or(0);
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            if let Err(e) = store.reload_master_if_changed(&mut seen).await {
                tracing::warn!(error = %e, "could not check for master-data changes");
            }
        }
    });
    let address = format!(
        "{}:{}",
        bind.unwrap_or_else(|| config.bind.clone()),
        port.unwrap_or(config.port)
    );
    let listener = tokio::net::TcpListener::bind(&address).await?;
    tracing::info!(%address, "nivaran listening");
    println!("Nivaran is listening on http://{address}");
    axum::serve(
        listener,
        http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    watcher.abort();
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
