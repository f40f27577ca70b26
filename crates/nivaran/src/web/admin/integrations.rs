//! API tokens, the outbox (retrying a message), Open311 keys and webhook subscriptions.

use super::*;

#[derive(Template)]
#[template(path = "admin/tokens.html")]
pub(super) struct Tokens {
    c: Ctx,
    tokens: Vec<TokenInfo>,
    /// A token just issued: shown this once.
    issued: Option<(String, String)>,
    errors: FieldErrors,
}

pub(super) async fn tokens_page(
    state: Arc<AppState>,
    c: Ctx,
    issued: Option<(String, String)>,
    errors: FieldErrors,
) -> Result<Response, ApiError> {
    let tokens = state.store.list_api_tokens().await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page_with_status(
        status,
        &Tokens {
            c,
            tokens,
            issued,
            errors,
        },
    ))
}

pub(super) async fn token_issue(
    state: Arc<AppState>,
    c: Ctx,
    v: Form,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    match state
        .store
        .admin_issue_token(&v.get("username"), &v.get("label"), &actor)
        .await
    {
        // Shown in the answer to the POST, never in a URL or a log.
        Ok((token, user)) => {
            tokens_page(
                state,
                c,
                Some((user.username, token)),
                FieldErrors::default(),
            )
            .await
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&ApiError::from(e), c.lang, &["username", "label"]);
            tokens_page(state, c, None, errors).await
        }
    }
}

pub async fn token_revoke(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    admin(&c)?;
    state.store.admin_revoke_token(id, &c.actor()?).await?;
    Ok(see_other("/admin/tokens"))
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
pub(super) struct Outbox {
    c: Ctx,
    status: String,
    messages: Vec<OutboxMessage>,
}

pub(super) async fn outbox_page(
    state: Arc<AppState>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    let status = query_form(&uri).get("status");
    let mut messages = state
        .store
        .list_outbox(Some(status.as_str()).filter(|s| !s.is_empty()), 200)
        .await?;
    // One-time passwords waiting to go out are nobody's business but the citizen's.
    for m in &mut messages {
        if m.template_key == "otp" {
            m.body = c.t("outbox-otp-hidden");
        }
    }
    Ok(page(&Outbox {
        c,
        status,
        messages,
    }))
}

pub async fn outbox_retry(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    admin(&c)?;
    state.store.admin_retry_outbox(id, &c.actor()?).await?;
    Ok(see_other("/admin/outbox"))
}

#[derive(Template)]
#[template(path = "admin/integrations.html")]
pub(super) struct Integrations {
    c: Ctx,
    keys: Vec<crate::store::ApiKey>,
    /// Each subscription with its key's name and its department's (or "its own cases").
    hooks: Vec<(crate::store::Webhook, String, String)>,
    departments: Vec<(String, String)>,
    /// A key or signing secret just made: shown this once.
    issued: Option<(String, String)>,
    errors: FieldErrors,
}

pub(super) async fn integrations_view(
    state: &AppState,
    c: Ctx,
    issued: Option<(String, String)>,
    errors: FieldErrors,
) -> Result<Response, ApiError> {
    let master = state.store.master();
    let keys = state.store.api_keys().await?;
    let hooks = state
        .store
        .webhooks()
        .await?
        .into_iter()
        .map(|w| {
            let key = keys
                .iter()
                .find(|k| k.id == w.api_key_id)
                .map(|k| k.name.clone())
                .unwrap_or_default();
            let department = match w.department_id.and_then(|d| master.departments.get(&d)) {
                Some(d) => c.pick(&d.name_en, &d.name_hi).to_string(),
                None => c.t("admin-webhook-own-cases"),
            };
            (w, key, department)
        })
        .collect();
    let mut departments: Vec<(String, String)> = master
        .departments
        .values()
        .map(|d| (d.code.clone(), c.pick(&d.name_en, &d.name_hi).to_string()))
        .collect();
    departments.sort();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page_with_status(
        status,
        &Integrations {
            c,
            keys,
            hooks,
            departments,
            issued,
            errors,
        },
    ))
}

/// Open311 keys and webhook subscriptions.
pub async fn integrations_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
) -> Result<Response, ApiError> {
    admin(&c)?;
    integrations_view(&state, c, None, FieldErrors::default()).await
}

/// Issues a key (`form=key`) or subscribes a webhook (`form=webhook`); the key or the signing
/// secret is shown in the answer to the POST, never in a URL or a log.
pub async fn integrations_save(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    admin(&c)?;
    let v = Form(fields);
    let actor = c.actor()?;
    let outcome = if v.get("form") == "webhook" {
        let key_id = v.get("api_key_id").parse::<i64>().unwrap_or(0);
        let department = v.opt("department");
        state
            .store
            .add_webhook(key_id, &v.get("url"), department.as_deref(), &actor)
            .await
            .map(|hook| (c.t1("admin-webhook-added", "url", &hook.url), hook.secret))
    } else {
        state
            .store
            .issue_api_key(&v.get("name"), &actor)
            .await
            .map(|key| (c.t1("admin-api-key-issued", "name", &key.name), key.api_key))
    };
    match outcome {
        Ok(issued) => integrations_view(&state, c, Some(issued), FieldErrors::default()).await,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&ApiError::from(e), c.lang, &["name", "url", "department"]);
            integrations_view(&state, c, None, errors).await
        }
    }
}

pub async fn integration_key_revoke(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    admin(&c)?;
    state.store.revoke_api_key(id, &c.actor()?).await?;
    Ok(see_other("/admin/integrations"))
}

pub async fn integration_webhook_remove(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    admin(&c)?;
    state.store.remove_webhook(id, &c.actor()?).await?;
    Ok(see_other("/admin/integrations"))
}
