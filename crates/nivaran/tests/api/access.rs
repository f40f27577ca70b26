//! The access matrix, role by role, for one case held by the Rewari block PHED office.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn who_sees_and_who_acts_on_a_case_role_by_role() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let path = format!("/grievances/{regno}");
    let owner = app.signup_citizen("9812012345").await;
    let stranger = app.signup_citizen("9812099999").await;

    // (user, may see, may accept)
    let matrix: Vec<(String, &str, bool, bool)> = vec![
        (
            app.login("officer.phed.rewari.block").await,
            "holding officer",
            true,
            true,
        ),
        (
            app.login("officer.phed.khol").await,
            "officer of another office",
            false,
            false,
        ),
        (
            app.login("officer.power.rewari").await,
            "officer of another department",
            false,
            false,
        ),
        (
            app.login("supervisor.phed.rewari.sd").await,
            "supervisor of the subdivision above",
            true,
            true,
        ),
        (
            app.login("supervisor.phed.rewari").await,
            "supervisor of the district above",
            true,
            true,
        ),
        (
            app.login("supervisor.phed.haryana").await,
            "state supervisor of the department",
            true,
            true,
        ),
        (
            app.login("supervisor.phed.jaipur").await,
            "supervisor elsewhere",
            false,
            false,
        ),
        (
            app.login("operator.rewari").await,
            "operator of the district",
            true,
            false,
        ),
        (
            app.login("operator.jaipur").await,
            "operator of another district",
            false,
            false,
        ),
        (app.login("verifier").await, "verifier", true, false),
        (app.login("auditor").await, "auditor", true, false),
        (app.login("admin").await, "administrator", true, false),
        (owner, "the citizen who filed", true, false),
        (stranger, "another citizen", false, false),
    ];
    for (token, who, may_see, may_accept) in &matrix {
        let response = app.get(token, &path).await;
        assert_eq!(response.status() == 200, *may_see, "{who} seeing the case");
        if !may_see {
            // A denial never reveals that the case exists.
            let (status, code, _, _) = error_of(response).await;
            assert_eq!((status, code.as_str()), (404, "not_found"), "{who}");
        }
        let list: Value = app.get(token, "/grievances").await.json().await.unwrap();
        let listed = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["registration_number"] == regno.as_str());
        assert_eq!(listed, *may_see, "{who} listing the case");
        if *may_see && !*may_accept {
            let response = app.act(token, &regno, json!({"action": "accept"})).await;
            assert_eq!(response.status(), 403, "{who} accepting");
        }
        if !*may_see {
            let response = app.act(token, &regno, json!({"action": "accept"})).await;
            assert_eq!(response.status(), 404, "{who} accepting");
        }
    }
    // Exactly one of those who may accept does it; the case is then in progress.
    let holder = &matrix[0].0;
    app.act_ok(holder, &regno, json!({"action": "accept"}))
        .await;

    // Without a token: 401 for private endpoints, and a non-existent number looks the same as
    // one that exists but is not yours.
    let response = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let other = app.login("officer.phed.khol").await;
    let missing = app.get(&other, "/grievances/0626-9999999-0").await;
    let (status, _, _, message_missing) = error_of(missing).await;
    let hidden = app.get(&other, &path).await;
    let (status_hidden, _, _, message_hidden) = error_of(hidden).await;
    assert_eq!((status, message_missing), (status_hidden, message_hidden));
}

#[tokio::test]
async fn only_administrators_manage_users_and_tokens() {
    let app = spawn_app().await;
    let officer = app.login("officer.phed.rewari.block").await;
    assert_eq!(app.get(&officer, "/admin/users").await.status(), 403);
    let admin = app.login("admin").await;
    let response = app
        .client
        .post(app.url("/admin/users"))
        .bearer_auth(&admin)
        .json(&json!({"username": "cpgrams.bridge", "full_name": "CPGRAMS integration", "role": "operator", "password": "a-long-secret-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let response = app
        .client
        .post(app.url("/admin/tokens"))
        .bearer_auth(&admin)
        .json(&json!({"username": "cpgrams.bridge", "label": "CPGRAMS pull"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    // The integration files on its channel with its token.
    let mut f = form();
    f["channel"] = json!("cpgrams");
    assert_eq!(app.file_as(&token, &f).await.status(), 201);
    // Revoked, it stops working.
    let tokens: Value = app.get(&admin, "/admin/tokens").await.json().await.unwrap();
    let id = tokens["items"][0]["id"].as_i64().unwrap();
    let response = app
        .client
        .delete(app.url(&format!("/admin/tokens/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let (status, code, _, _) = error_of(app.file_as(&token, &f).await).await;
    assert_eq!((status, code.as_str()), (401, "invalid_token"));
}

async fn login_from(app: &TestApp, ip: &str, username: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn wrong_passwords_slow_down_one_address_and_lock_no_one_out() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let response = login_from(&app, "203.0.113.5", "officer.phed.khol", "wrong-password").await;
        assert_eq!(error_of(response).await.1, "bad_credentials");
    }
    // The sixth from that address waits a second, even with the right password…
    let response = login_from(&app, "203.0.113.5", "officer.phed.khol", PASSWORD).await;
    assert_eq!(response.headers()["retry-after"], "1");
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (429, "login_throttled"));
    // …and the wait doubles with each further attempt.
    app.clock.advance_millis(1_000);
    let response = login_from(&app, "203.0.113.5", "officer.phed.khol", "wrong-password").await;
    assert_eq!(error_of(response).await.1, "bad_credentials");
    let response = login_from(&app, "203.0.113.5", "officer.phed.khol", PASSWORD).await;
    assert_eq!(response.headers()["retry-after"], "2");
    // The owner, from their own address, was never locked out.
    let response = login_from(&app, "198.51.100.20", "officer.phed.khol", PASSWORD).await;
    assert_eq!(response.status(), 200);
    // After the wait the right password works from the guessing address too, and starts the
    // count again.
    app.clock.advance_millis(2_000);
    let response = login_from(&app, "203.0.113.5", "officer.phed.khol", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let token = app.login("officer.phed.khol").await;
    assert_eq!(app.get(&token, "/me").await.status(), 200);
    // Sessions last an hour in the tests.
    app.clock.advance_millis(61 * 60_000);
    let (status, code, _, _) = error_of(app.get(&token, "/me").await).await;
    assert_eq!((status, code.as_str()), (401, "invalid_token"));
}

#[tokio::test]
async fn password_change_needs_the_current_password() {
    let app = spawn_app().await;
    let token = app.login("operator.rewari").await;
    let response = app
        .client
        .post(app.url("/auth/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": "not-it-at-all", "new_password": "a-new-long-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = app
        .client
        .post(app.url("/auth/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": PASSWORD, "new_password": "a-new-long-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let response = app
        .client
        .post(app.url("/auth/login"))
        .json(&json!({"username": "operator.rewari", "password": "a-new-long-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
