use crate::helpers::*;
use serde_json::{Value, json};

async fn count(app: &TestApp, token: &str, query: &str) -> i64 {
    let response = app.get(token, &format!("/grievances?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let body: Value = response.json().await.unwrap();
    body["total"].as_i64().unwrap()
}

#[tokio::test]
async fn full_text_search_matches_whole_hindi_and_english_words() {
    let app = spawn_app().await;
    let texts = [
        (
            "गांव में पेयजल आपूर्ति बंद",
            "हमारी शिकायत है कि दस दिनों से पानी नहीं आ रहा है।",
        ),
        (
            "किताबें नहीं मिलीं",
            "सरकारी विद्यालय में बच्चों को अब तक किताबें नहीं मिली हैं।",
        ),
        (
            "Transformer burnt near school",
            "The transformer near the government school burnt four days ago.",
        ),
        (
            "Street light not working",
            "Street lights in ward 7 have been off for two weeks, it is unsafe.",
        ),
    ];
    for (subject, description) in texts {
        let mut f = form();
        f["subject"] = json!(subject);
        f["description"] = json!(description);
        app.file(&f).await;
    }
    let admin = app.login("admin").await;
    assert_eq!(count(&app, &admin, "q=शिकायत").await, 1);
    // A prefix matches inflected forms: पेय matches पेयजल.
    assert_eq!(count(&app, &admin, "q=पेय").await, 1);
    // Devanagari words are not split at vowel signs: कि matches कि and किताबें, not शिकायत.
    assert_eq!(count(&app, &admin, "q=किताब").await, 1);
    assert_eq!(count(&app, &admin, "q=यत").await, 0);
    assert_eq!(count(&app, &admin, "q=transformer").await, 1);
    assert_eq!(count(&app, &admin, "q=TRANSFORMER school").await, 1);
    assert_eq!(count(&app, &admin, "q=street%20unsafe").await, 1);
    assert_eq!(count(&app, &admin, "q=pigeon").await, 0);
    // Nukta letters typed either way find the same word.
    let mut f = form();
    f["subject"] = json!("सड़क टूटी हुई है");
    app.file(&f).await;
    assert_eq!(
        count(&app, &admin, "q=%E0%A4%B8%E0%A4%A1%E0%A4%BC%E0%A4%95").await,
        1
    ); // ड + nukta
    assert_eq!(
        count(&app, &admin, "q=%E0%A4%B8%E0%A5%9C%E0%A4%95").await,
        1
    ); // precomposed ड़
    // Search combines with other filters and with access scope.
    assert_eq!(count(&app, &admin, "q=transformer&district=08113").await, 0);
    let other = app.login("officer.phed.khol").await;
    assert_eq!(count(&app, &other, "q=transformer").await, 0);
}

#[tokio::test]
async fn filters_and_pagination() {
    let app = spawn_app().await;
    let operator = app.login("operator.rewari").await;
    for channel in ["helpline", "samadhan_camp", "cm_cell"] {
        let mut f = form();
        f["channel"] = json!(channel);
        assert_eq!(app.file_as(&operator, &f).await.status(), 201);
    }
    app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    assert_eq!(count(&app, &officer, "").await, 4);
    assert_eq!(count(&app, &officer, "channel=helpline").await, 1);
    assert_eq!(count(&app, &officer, "priority=top").await, 1);
    assert_eq!(count(&app, &officer, "status=assigned").await, 4);
    assert_eq!(count(&app, &officer, "status=open").await, 4);
    assert_eq!(count(&app, &officer, "status=disposed,closed").await, 0);
    assert_eq!(
        count(
            &app,
            &officer,
            "category=PHED-WS-NOSUP&office=PHED-REWARI-BL-REWARI"
        )
        .await,
        4
    );
    assert_eq!(
        count(&app, &officer, "from=2026-11-23&to=2026-11-23").await,
        4
    );
    assert_eq!(count(&app, &officer, "from=2026-11-24").await, 0);
    // Nothing overdue today; after the deadline (27 Nov) everything open is.
    assert_eq!(count(&app, &officer, "overdue=true").await, 0);
    app.clock.advance_days(5);
    let officer = app.login("officer.phed.rewari.block").await;
    assert_eq!(count(&app, &officer, "overdue=true").await, 4);
    let page: Value = app
        .get(&officer, "/grievances?per_page=3&page=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["total"], 4);
    assert_eq!(page["page"], 2);
}

/// Searching within a district asks the index for the district too; a common word elsewhere
/// does not come back, and an operator's search stays in their district by itself.
#[tokio::test]
async fn a_search_within_a_district_finds_only_that_district() {
    let app = spawn_app().await;
    let mut rewari = form();
    rewari["subject"] = json!("Handpump broken near the school");
    let rewari_regno = app.file(&rewari).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let mut jaipur = form();
    jaipur["jurisdiction"] = json!("08110");
    jaipur["mobile"] = json!("9812099991");
    jaipur["subject"] = json!("Handpump broken in the market");
    let jaipur_regno = app.file(&jaipur).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let admin = app.login("admin").await;
    let found = |body: serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["registration_number"].as_str().unwrap().to_string())
            .collect()
    };
    let everywhere: serde_json::Value = app
        .get(&admin, "/grievances?q=handpump")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(everywhere["total"], 2);
    assert_eq!(everywhere["total_capped"], false);
    let in_jaipur: serde_json::Value = app
        .get(&admin, "/grievances?q=handpump&district=08110")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found(in_jaipur), vec![jaipur_regno.clone()]);
    let operator = app.login("operator.rewari").await;
    let theirs: serde_json::Value = app
        .get(&operator, "/grievances?q=handpump")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found(theirs), vec![rewari_regno]);
}

/// Issue 17, part 4: a search finds what a person types, on both engines alike: a word typed
/// without the nukta or with anusvara for chandrabindu, in another number, or Hindi typed in
/// Latin letters; and not what it does not say.
#[tokio::test]
async fn search_finds_the_word_however_it_is_typed() {
    let app = spawn_app().await;
    let mut numbers = std::collections::HashMap::new();
    for (key, subject, description) in [
        ("road", "सड़कों में गड्ढे", "मुख्य सड़क पर बड़े गड्ढे हैं।"),
        ("water", "पानी नहीं आ रहा", "दस दिनों से नल में पानी नहीं आया।"),
        ("power", "बिजली गुल", "गांव में दो दिन से बिजली नहीं है।"),
        ("demand", "नई सड़क की माँग", "गांव तक पक्की सड़क बनाई जाए।"),
        (
            "english",
            "Roads are broken",
            "The road to the market is broken in many places.",
        ),
        (
            "spelling",
            "नयी पाइपलाइन",
            "हिन्दी विद्यालय के पास पाइपलाइन बिछाने का भुगतान काम किये बिना हुआ।",
        ),
    ] {
        let mut f = form();
        f["subject"] = json!(subject);
        f["description"] = json!(description);
        let filed = app.file(&f).await;
        numbers.insert(
            key,
            filed["registration_number"].as_str().unwrap().to_string(),
        );
    }
    let admin = app.login("admin").await;
    let found = |q: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let response = app
                .get(&admin, &format!("/grievances?q={}", urlencode(q)))
                .await;
            assert_eq!(response.status(), 200, "{q}");
            let body: Value = response.json().await.unwrap();
            let mut found: Vec<String> = body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["registration_number"].as_str().unwrap().to_string())
                .collect();
            found.sort();
            found
        }
    };
    let of = |keys: &[&str]| {
        let mut wanted: Vec<String> = keys.iter().map(|k| numbers[k].clone()).collect();
        wanted.sort();
        wanted
    };
    // Without the nukta, and in another number.
    assert_eq!(found("सडक").await, of(&["road", "demand"]));
    assert_eq!(found("सड़कों").await, of(&["road", "demand"]));
    // Anusvara for chandrabindu.
    assert_eq!(found("मांग").await, of(&["demand"]));
    // Common spelling variants: यी and ई, ये and ए, a nasal with a virama and anusvara.
    assert_eq!(found("नई").await, of(&["demand", "spelling"]));
    assert_eq!(found("किए").await, of(&["spelling"]));
    assert_eq!(found("हिंदी").await, of(&["spelling"]));
    // English plurals both ways.
    assert_eq!(found("roads").await, of(&["english"]));
    assert_eq!(found("road").await, of(&["english"]));
    // Hindi typed in Latin letters.
    assert_eq!(found("paani").await, of(&["water"]));
    assert_eq!(found("bijli").await, of(&["power"]));
    assert_eq!(found("sadak").await, of(&["road", "demand"]));
    // Every word must be found, however typed.
    assert_eq!(found("bijli गांव").await, of(&["power"]));
    assert!(found("paani bijli").await.is_empty());
    assert!(found("pigeon").await.is_empty());
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The codes of the categories `/categories?q=` finds.
async fn categories_found(app: &TestApp, q: &str) -> Vec<String> {
    let response = app
        .client
        .get(app.url("/categories"))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{q}");
    let body: Value = response.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 17, part 4: the category search finds what a person types: "पानी" the water
/// categories (by their synonyms, and a subcategory by its parent's), "सडक" without the nukta
/// the roads, "roads" in the plural, Hindi in Latin letters ("paani", "nal", "bijlee"), the
/// same in the filing form's picker; an administrator's synonyms are searched at once.
#[tokio::test]
async fn the_category_search_finds_what_a_person_types() {
    let app = spawn_app().await;
    for (typed, expected, not) in [
        ("पानी", "PHED-WS-NOSUP", "POWER-SUP"),
        ("water", "PHED-WS-NOSUP", "POWER-SUP"),
        ("paani", "PHED-WS-NOSUP", "PWD-ROAD"),
        // Not the codes or English words that sound alike (PAN, PEN).
        ("paani", "PHED-WS-NOSUP", "PAN-MGN"),
        ("paani", "PHED-WS-NOSUP", "SOC-PEN"),
        ("nal", "PHED-WS", "ULB-SAN"),
        ("सडक", "PWD-ROAD", "PHED-WS"),
        ("सड़कों", "PWD-ROAD", "PHED-WS"),
        ("roads", "PWD-ROAD", "PHED-WS"),
        ("bijlee", "POWER-SUP", "PHED-WS"),
        ("बिजली कटौती", "POWER-SUP", "POWER-BILL"),
        ("pension", "SOC-PEN", "PWD-ROAD"),
        ("पेन्शन", "SOC-PEN", "PWD-ROAD"),
        ("kachra", "ULB-SAN", "PHED-WS"),
    ] {
        let found = categories_found(&app, typed).await;
        assert!(found.iter().any(|c| c == expected), "{typed}: {found:?}");
        assert!(!found.iter().any(|c| c == not), "{typed}: {found:?}");
    }
    // Nothing for words that name no category.
    assert!(categories_found(&app, "zzqx").await.is_empty());

    // The filing form's picker finds the same.
    let mut web = crate::web_client::WebClient::new(&app);
    let picker = web.get("/file/categories?cq=paani").await;
    assert!(picker.body.contains("PHED-WS-NOSUP"), "{}", picker.body);

    // An administrator's synonyms count at once.
    assert!(
        !categories_found(&app, "tanki")
            .await
            .contains(&"PHED-WS".to_string())
    );
    let mut admin = crate::web_client::WebClient::new(&app);
    admin.login("admin").await;
    let form = admin
        .get("/admin/categories?edit=PHED-WS&department=PHED")
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("name=\"synonyms\""), "{}", form.body);
    let saved = admin
        .post(
            "/admin/categories",
            &[
                ("code", "PHED-WS"),
                ("department_code", "PHED"),
                ("parent_code", ""),
                ("kind", "complaint"),
                ("name_en", "Drinking water supply"),
                ("name_hi", "पेयजल आपूर्ति"),
                ("deadline_days", "7"),
                ("synonyms", "पानी; water; टंकी; tanki"),
            ],
        )
        .await;
    assert!(saved.status.is_redirection(), "{}", saved.body);
    let found = categories_found(&app, "tanki").await;
    assert!(found.contains(&"PHED-WS-NOSUP".to_string()), "{found:?}");
}

/// The registration numbers a search lists, in order.
async fn listed(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let response = app.get(token, &format!("/grievances?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let body: Value = response.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["registration_number"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_search_lists_by_relevance_then_the_newest_the_same_on_both_engines() {
    let app = spawn_app().await;
    let mut numbers = Vec::new();
    for (subject, description) in [
        // Oldest: the word only in its description.
        (
            "गांव की समस्या",
            "मुख्य सड़क टूटी हुई है और पानी भरा रहता है, आना-जाना कठिन है।",
        ),
        // The word in its subject (without the nukta) and its description.
        ("सडक में गड्ढे", "गांव की सड़क में बड़े गड्ढे हैं, रोज़ कोई गिरता है।"),
        // Newest: the word only in its description.
        (
            "पानी नहीं आ रहा",
            "नल बंद है और सड़कों पर खुदाई के बाद पाइप टूटा पड़ा है।",
        ),
    ] {
        let mut f = form();
        f["subject"] = json!(subject);
        f["description"] = json!(description);
        numbers.push(
            app.file(&f).await["registration_number"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let admin = app.login("admin").await;
    let (oldest, in_subject, newest) = (&numbers[0], &numbers[1], &numbers[2]);
    // However the word is typed: the case with it in its subject first, then the newest.
    for q in [
        "q=%E0%A4%B8%E0%A4%A1%E0%A4%BC%E0%A4%95", // सड़क
        "q=%E0%A4%B8%E0%A4%A1%E0%A4%95",          // सडक
        "q=sadak",
    ] {
        assert_eq!(
            listed(&app, &admin, q).await,
            vec![in_subject.clone(), newest.clone(), oldest.clone()],
            "{q}"
        );
        assert_eq!(
            listed(
                &app,
                &admin,
                &format!("{q}&sort=relevance&per_page=1&page=2")
            )
            .await,
            vec![newest.clone()],
            "{q}: pages follow the same order"
        );
        // Newest first when asked.
        assert_eq!(
            listed(&app, &admin, &format!("{q}&sort=recent")).await,
            vec![newest.clone(), in_subject.clone(), oldest.clone()],
            "{q}"
        );
    }
    // Without a search, relevance is the newest first.
    let all = listed(&app, &admin, "sort=relevance").await;
    assert_eq!(all.first(), Some(newest));
}
