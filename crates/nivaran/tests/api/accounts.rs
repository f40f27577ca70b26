//! Accounts that prove who they are (issue 14, parts 1 to 3): a citizen account only for the
//! holder of the number, attempt limits that hold when guesses arrive together, no lock-out by
//! strangers and no telling which names exist.

use crate::helpers::*;
use crate::otp::sent_code;
use serde_json::{Value, json};

async fn signup(app: &TestApp, body: Value) -> reqwest::Response {
    app.client
        .post(app.url("/auth/signup"))
        .json(&body)
        .send()
        .await
        .unwrap()
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
async fn signing_up_needs_the_code_sent_to_the_number() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let mut body =
        json!({"full_name": "Someone Else", "mobile": "9812012345", "password": "a-long-secret-1"});
    // Without a code there is no account (this took over the number before).
    let (status, _, field, _) = error_of(signup(&app, body.clone()).await).await;
    assert_eq!((status, field.as_deref()), (422, Some("code")));
    // A guessed code, none having been sent: refused.
    body["code"] = json!("123456");
    let (status, code, _, _) = error_of(signup(&app, body.clone()).await).await;
    assert_eq!((status, code.as_str()), (401, "invalid_otp"));
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE role = 'citizen'")
            .fetch_one(app.store.pool())
            .await
            .unwrap(),
        0
    );
    // The holder of the number, with the code sent to it, gets the account and sees the case.
    body["code"] = json!(app.otp_for("9812012345").await);
    let response = signup(&app, body.clone()).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["mobile_verified"], true);
    let response = login_from(&app, "10.9.9.8", "9812012345", "a-long-secret-1").await;
    let token: Value = response.json().await.unwrap();
    let token = token["token"].as_str().unwrap().to_string();
    let list: Value = app.get(&token, "/grievances").await.json().await.unwrap();
    assert_eq!(list["items"][0]["registration_number"], regno.as_str());
    // A second account for the number is not made, whoever asks, even with a fresh code.
    body["code"] = json!(app.otp_for("9812012345").await);
    body["password"] = json!("another-long-secret");
    let (status, code, field, message) = error_of(signup(&app, body).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (409, "duplicate", Some("mobile"))
    );
    assert!(message.contains("password/reset"), "{message}");
    assert_eq!(
        login_from(&app, "10.9.9.9", "9812012345", "another-long-secret")
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn a_typo_in_the_name_or_password_does_not_use_up_the_code() {
    let app = spawn_app().await;
    let code = app.otp_for("9812012345").await;
    let short = json!({"full_name": "Rameshwar Dayal", "mobile": "9812012345", "password": "short", "code": code});
    let (status, _, field, _) = error_of(signup(&app, short).await).await;
    assert_eq!((status, field.as_deref()), (422, Some("password")));
    let common = json!({"full_name": "Rameshwar Dayal", "mobile": "9812012345", "password": "1234567890", "code": code});
    let (status, code_err, _, _) = error_of(signup(&app, common).await).await;
    assert_eq!((status, code_err.as_str()), (422, "common_password"));
    let good = json!({"full_name": "Rameshwar Dayal", "mobile": "9812012345", "password": "a-long-secret-1", "code": code});
    assert_eq!(signup(&app, good).await.status(), 201);
}

#[tokio::test]
async fn a_staff_number_never_becomes_a_citizen_account() {
    let app = spawn_app().await;
    // operator.rewari's mobile; an operator at a camp files others' cases with it.
    let staff_mobile = "7702630820";
    let mut f = form();
    f["mobile"] = json!(staff_mobile);
    app.file(&f).await;
    let code = app.otp_for(staff_mobile).await;
    let (status, code_err, _, message) = error_of(
        signup(
            &app,
            json!({"full_name": "Not The Operator", "mobile": staff_mobile, "password": "a-long-secret-1", "code": code}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code_err.as_str()), (401, "invalid_otp"));
    assert!(message.contains("staff account"), "{message}");
    // Nor through the tracking flow.
    let code = app.otp_for(staff_mobile).await;
    let response = app
        .client
        .post(app.url("/otp/verify"))
        .json(&json!({"mobile": staff_mobile, "code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let citizens: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'citizen'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(citizens, 0);
}

#[tokio::test]
async fn an_account_made_without_proof_sees_nothing_until_the_number_is_proved() {
    let app = spawn_app().await;
    let regno = app.disposed_case("9812012345").await;
    // An account as the old sign-up made them (and as the migration leaves them): a password,
    // the victim's number, never proved.
    let hash = {
        let admin = app.store.user_by_username("admin").await.unwrap();
        admin.password_hash
    };
    sqlx::query(
        "INSERT INTO users (username, full_name, role, mobile, password_hash, created_at) \
         VALUES ('9812012345', 'Attacker', 'citizen', '9812012345', $1, 0)",
    )
    .bind(hash)
    .execute(app.store.pool())
    .await
    .unwrap();
    let attacker = app.login("9812012345").await;
    let me: Value = app.get(&attacker, "/me").await.json().await.unwrap();
    assert_eq!(me["mobile_verified"], false);
    let list: Value = app
        .get(&attacker, "/grievances")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
    assert_eq!(
        app.get(&attacker, &format!("/grievances/{regno}"))
            .await
            .status(),
        404
    );
    // It cannot record the citizen's satisfaction and so block a reopening.
    let response = app
        .act(
            &attacker,
            &regno,
            json!({"action": "record_verification", "outcome": "satisfied"}),
        )
        .await;
    assert_eq!(response.status(), 404);
    // The real holder proves the number: the account is theirs now, the old password and
    // sessions are gone.
    let code = app.otp_for("9812012345").await;
    let response = app
        .client
        .post(app.url("/otp/verify"))
        .json(&json!({"mobile": "9812012345", "code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let holder: Value = response.json().await.unwrap();
    let holder = holder["token"].as_str().unwrap();
    let list: Value = app.get(holder, "/grievances").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(app.get(&attacker, "/me").await.status(), 401);
    assert_eq!(
        login_from(&app, "10.0.0.8", "9812012345", PASSWORD)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn a_citizen_recovers_the_account_with_a_one_time_password() {
    let app = spawn_app().await;
    let old_session = app.signup_citizen("9812012345").await;
    let reset = |code: String, password: &'static str| {
        app.client
            .post(app.url("/auth/password/reset"))
            .json(&json!({"mobile": "9812012345", "code": code, "new_password": password}))
            .send()
    };
    let (status, _, field, _) =
        error_of(reset("000000".into(), "a-new-long-secret").await.unwrap()).await;
    assert_eq!((status, field.as_deref()), (401, Some("code")));
    let code = app.otp_for("9812012345").await;
    assert_eq!(
        reset(code, "a-new-long-secret").await.unwrap().status(),
        204
    );
    assert_eq!(app.get(&old_session, "/me").await.status(), 401);
    assert_eq!(
        login_from(&app, "10.0.0.9", "9812012345", "a-new-long-secret")
            .await
            .status(),
        200
    );
    // Staff are not reset this way.
    let code = app.otp_for("7702630820").await;
    let response = app
        .client
        .post(app.url("/auth/password/reset"))
        .json(&json!({"mobile": "7702630820", "code": code, "new_password": "a-new-long-secret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn wrong_codes_sent_together_are_checked_no_more_than_the_tries_allowed() {
    let app = spawn_app().await;
    let code = app.otp_for("9812012345").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let guesses = (0..25).map(|i| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/otp/verify"))
                .header("x-forwarded-for", format!("10.2.0.{i}"))
                .json(&json!({"mobile": "9812012345", "code": wrong}))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|a| {
            a["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Wrong one-time password")
        })
        .count();
    let allowed = app.store.limits().otp_attempts as usize;
    assert!(
        (1..=allowed).contains(&checked),
        "{checked} wrong codes were checked, {allowed} allowed"
    );
    // The tries are spent: the right code no longer works.
    let response = app
        .client
        .post(app.url("/otp/verify"))
        .json(&json!({"mobile": "9812012345", "code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn wrong_passwords_sent_together_are_checked_no_more_than_the_tries_allowed() {
    let app = spawn_app().await;
    let guesses = (0..30).map(|_| login_from(&app, "203.0.113.77", "admin", "wrong-password"));
    let answers = futures_util::future::join_all(guesses).await;
    let mut codes = Vec::new();
    for answer in answers {
        codes.push(error_of(answer).await.1);
    }
    let checked = codes.iter().filter(|c| *c == "bad_credentials").count();
    let throttled = codes.iter().filter(|c| *c == "login_throttled").count();
    let allowed = app.store.limits().login_attempts_before_delay as usize;
    assert!(
        (1..=allowed).contains(&checked) && checked + throttled == 30,
        "{checked} checked, {throttled} throttled: {codes:?}"
    );
}

#[tokio::test]
async fn an_unknown_name_is_answered_as_a_known_one() {
    let app = spawn_app().await;
    let answer = |response: reqwest::Response| async move {
        let status = response.status();
        let retry = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_string());
        (status, retry, response.text().await.unwrap())
    };
    for round in 0..6 {
        let known = answer(login_from(&app, "203.0.113.1", "admin", "wrong-password").await).await;
        let unknown =
            answer(login_from(&app, "203.0.113.1", "no.such.user", "wrong-password").await).await;
        assert_eq!(known, unknown, "round {round}");
        if round < 5 {
            assert_eq!(known.0, 401);
        } else {
            assert_eq!(known.0, 429);
        }
    }
    // An account reached only by one-time passwords has no password to guess either.
    app.otp_for("9812012345").await;
    let code = sent_code(&app, "9812012345").await;
    app.client
        .post(app.url("/otp/verify"))
        .json(&json!({"mobile": "9812012345", "code": code}))
        .send()
        .await
        .unwrap();
    let no_password = answer(login_from(&app, "203.0.113.2", "9812012345", "!").await).await;
    let unknown = answer(login_from(&app, "203.0.113.2", "no.such.user", "!").await).await;
    assert_eq!(no_password, unknown);
}

#[tokio::test]
async fn one_address_may_try_only_so_many_sign_ins_a_minute() {
    let app = spawn_app().await;
    let per_minute = app.store.limits().logins_per_ip_per_minute;
    for i in 0..per_minute {
        let response =
            login_from(&app, "203.0.113.50", &format!("user.{i}"), "wrong-password").await;
        assert_eq!(response.status(), 401, "attempt {i}");
    }
    let response = login_from(&app, "203.0.113.50", "admin", PASSWORD).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
    // Another address is not held up.
    assert_eq!(
        login_from(&app, "203.0.113.51", "admin", PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_number_given_to_staff_stops_opening_a_citizen_s_cases() {
    let app = spawn_app().await;
    app.file_default().await;
    let citizen = app.signup_citizen("9812012345").await;
    let list: Value = app.get(&citizen, "/grievances").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    // An administrator gives the number to an operator (whose phone files others' cases).
    let admin = app.login("admin").await;
    let response = app
        .client
        .post(app.url("/admin/users"))
        .bearer_auth(&admin)
        .json(&json!({"username": "operator.two", "full_name": "Operator Two", "role": "operator",
                      "jurisdiction": "06084", "mobile": "9812012345", "password": "a-long-secret-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let list: Value = app.get(&citizen, "/grievances").await.json().await.unwrap();
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn a_number_has_one_citizen_account_whatever_its_user_name() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let response = app
        .client
        .post(app.url("/admin/users"))
        .bearer_auth(&admin)
        .json(
            &json!({"username": "ramesh.dayal", "full_name": "Rameshwar Dayal", "role": "citizen",
                      "mobile": "9812012345", "password": "a-long-secret-1"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    // Signing up again with the number is refused; proving it by OTP makes that account the
    // prover's rather than a second one.
    let code = app.otp_for("9812012345").await;
    let (status, code_err, _, _) = error_of(
        signup(
            &app,
            json!({"full_name": "R Dayal", "mobile": "9812012345", "password": "a-long-secret-2", "code": code}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code_err.as_str()), (409, "duplicate"));
    let code = app.otp_for("9812012345").await;
    let verified: Value = app
        .client
        .post(app.url("/otp/verify"))
        .json(&json!({"mobile": "9812012345", "code": code}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verified["user"]["username"], "ramesh.dayal");
    let citizens: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'citizen'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(citizens, 1);
}

#[tokio::test]
async fn a_stranger_guessing_from_one_place_does_not_spend_the_citizen_s_code() {
    let app = spawn_app().await;
    let code = app.otp_for("9812012345").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let guess = |ip: &'static str, code: String| {
        app.client
            .post(app.url("/otp/verify"))
            .header("x-forwarded-for", ip)
            .json(&json!({"mobile": "9812012345", "code": code}))
            .send()
    };
    for _ in 0..8 {
        guess("203.0.113.44", wrong.to_string()).await.unwrap();
    }
    // The stranger's address has used its tries; the citizen, elsewhere, still signs in.
    assert_eq!(
        guess("203.0.113.44", code.clone()).await.unwrap().status(),
        401
    );
    assert_eq!(guess("198.51.100.45", code).await.unwrap().status(), 200);
}
