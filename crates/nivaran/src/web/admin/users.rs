//! Users and roles: the list, adding one, a user's page, a new password.

use super::*;
use nivaran_domain::{ErrorCode, msg};

#[derive(Template)]
#[template(path = "admin/users.html")]
pub(super) struct Users {
    c: Ctx,
    q: String,
    role: String,
    roles: Vec<(String, String)>,
    users: Vec<User>,
    total: usize,
    v: Form,
    errors: FieldErrors,
    saved: String,
}

pub(super) fn role_options(lang: Lang) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| {
            (
                r.code().to_string(),
                lang.pick(r.label_en(), r.label_hi()).to_string(),
            )
        })
        .collect()
}

pub(super) async fn users_view(
    state: &AppState,
    c: Ctx,
    q: &Form,
    v: Form,
    errors: FieldErrors,
) -> Result<Users, ApiError> {
    let needle = q.get("q").trim().to_lowercase();
    let role = q.get("role");
    let all = state.store.list_users().await?;
    let matching: Vec<User> = all
        .into_iter()
        .filter(|u| role.is_empty() || u.role == role)
        .filter(|u| {
            needle.is_empty()
                || u.username.contains(&needle)
                || u.full_name.to_lowercase().contains(&needle)
                || u.mobile.as_deref().is_some_and(|m| m.contains(&needle))
        })
        .collect();
    let total = matching.len();
    Ok(Users {
        roles: role_options(c.lang),
        q: q.get("q"),
        role,
        users: matching.into_iter().take(200).collect(),
        total,
        saved: q.get("saved"),
        v,
        errors,
        c,
    })
}

pub(super) async fn users_page(
    state: Arc<AppState>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = query_form(&uri);
    let view = users_view(&state, c, &q, Form::default(), FieldErrors::default()).await?;
    Ok(page(&view))
}

pub(super) const USER_FIELDS: &[&str] = &[
    "username",
    "full_name",
    "role",
    "office",
    "jurisdiction",
    "mobile",
    "email",
    "password",
];

pub(super) async fn user_add(state: Arc<AppState>, c: Ctx, v: Form) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let role = Role::parse(&v.get("role"));
    let result = match role {
        None => Err(ApiError::bad_request(
            ErrorCode::Required,
            Some("role"),
            msg!("web-users-choose-role"),
        )),
        Some(role) => state
            .store
            .admin_add_user(
                NewUser {
                    username: v.get("username"),
                    full_name: v.get("full_name"),
                    role,
                    office_code: v.opt("office"),
                    jurisdiction_code: v.opt("jurisdiction"),
                    mobile: v.opt("mobile"),
                    email: v.opt("email"),
                    password: v.get("password"),
                    mobile_verified: false,
                },
                &actor,
            )
            .await
            .map_err(ApiError::from),
    };
    match result {
        Ok(user) => Ok(see_other(&format!(
            "/admin/users?q={}&saved={}",
            url_encode(&user.username),
            url_encode(&user.username)
        ))),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&e, c.lang, USER_FIELDS);
            let mut v = v;
            v.0.retain(|(k, _)| k != "password");
            let view = users_view(&state, c, &Form::default(), v, errors).await?;
            Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}

#[derive(Template)]
#[template(path = "admin/user.html")]
pub(super) struct UserPage {
    c: Ctx,
    user: User,
    office: String,
    jurisdiction: String,
    roles: Vec<(String, String)>,
    errors: FieldErrors,
    saved: String,
}

pub(super) async fn user_view(
    state: &AppState,
    c: Ctx,
    username: &str,
    errors: FieldErrors,
    saved: String,
) -> Result<UserPage, ApiError> {
    let user = state.store.user_by_username(username).await?;
    let master = state.store.master();
    Ok(UserPage {
        office: master.office_code(user.office_id).unwrap_or_default(),
        jurisdiction: user
            .jurisdiction_id
            .and_then(|j| master.jurisdictions.get(&j))
            .map(|j| j.code.clone())
            .unwrap_or_default(),
        roles: role_options(c.lang),
        user,
        errors,
        saved,
        c,
    })
}

pub async fn user_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(username): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    admin(&c)?;
    let saved = query_form(&uri).get("saved");
    let view = user_view(&state, c, &username, FieldErrors::default(), saved).await?;
    Ok(page(&view))
}

pub async fn user_save(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(username): Path<String>,
    v: Form,
) -> Result<Response, ApiError> {
    admin(&c)?;
    let edit = UserEdit {
        full_name: Some(v.get("full_name")),
        role: Role::parse(&v.get("role")),
        office_code: Some(v.get("office")),
        jurisdiction_code: Some(v.get("jurisdiction")),
        mobile: Some(v.get("mobile")),
        email: Some(v.get("email")),
        active: Some(matches!(v.get("active").as_str(), "1" | "on" | "true")),
    };
    match state
        .store
        .admin_update_user(&username, &edit, &c.actor()?)
        .await
    {
        Ok(user) => Ok(see_other(&format!(
            "/admin/users/{}?saved=1",
            url_encode(&user.username)
        ))),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&ApiError::from(e), c.lang, USER_FIELDS);
            let view = user_view(&state, c, &username, errors, String::new()).await?;
            Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}

pub async fn user_password(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(username): Path<String>,
    v: Form,
) -> Result<Response, ApiError> {
    admin(&c)?;
    match state
        .store
        .admin_set_password(&username, &v.get("password"), &c.actor()?)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/admin/users/{}?saved=password",
            url_encode(&username)
        ))),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&ApiError::from(e), c.lang, &["password"]);
            let view = user_view(&state, c, &username, errors, String::new()).await?;
            Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}
