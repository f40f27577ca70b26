//! Open311 GeoReport v2 at /open311/v2: every endpoint in both formats, the shapes the
//! specification's examples show, and every error in the specification's error shape.

use crate::helpers::{TestApp, spawn_app};
use serde_json::{Value, json};

const CATEGORY: &str = "PHED-WS-NOSUP";

pub(crate) fn open311(app: &TestApp, path: &str) -> String {
    format!("{}/open311/v2{path}", app.address)
}

pub(crate) async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(open311(app, path)).send().await.unwrap()
}

pub(crate) async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(content_type, "application/json; charset=utf-8");
    response.json().await.unwrap()
}

/// The XML body, checked to be well-formed with the declaration first; returns the text.
async fn xml_of(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status().as_u16(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(content_type, "text/xml; charset=utf-8");
    let text = response.text().await.unwrap();
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        "{text}"
    );
    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    text
}

/// The names of an element's element children, in order.
fn child_names<'a>(node: roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    node.children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect()
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|n| n.has_tag_name(name))
        .and_then(|n| n.text())
}

/// An error body in both formats: `<errors><error><code/><description/></error></errors>` or
/// `[{"code", "description"}]`, with the HTTP status as the code.
async fn assert_error(response: reqwest::Response, status: u16, json: bool) -> String {
    if json {
        let body = json_of(response, status).await;
        let errors = body.as_array().expect("errors are an array");
        assert_eq!(errors[0]["code"], status);
        errors[0]["description"].as_str().unwrap().to_string()
    } else {
        let text = xml_of(response, status).await;
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "errors");
        let error = root.first_element_child().unwrap();
        assert_eq!(error.tag_name().name(), "error");
        assert_eq!(child_names(error), ["code", "description"]);
        assert_eq!(child_text(error, "code"), Some(status.to_string().as_str()));
        child_text(error, "description").unwrap().to_string()
    }
}

pub(crate) async fn admin_key(app: &TestApp) -> String {
    let admin = app.login("admin").await;
    let response = app
        .client
        .post(app.url("/admin/api-keys"))
        .bearer_auth(&admin)
        .json(&json!({"name": "Rewari city app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["api_key"].as_str().unwrap().to_string()
}

async fn ask_questions(app: &TestApp) {
    let admin = app.login("admin").await;
    let response = app
        .client
        .put(app.url(&format!("/categories/{CATEGORY}/attributes")))
        .bearer_auth(&admin)
        .json(&json!({"items": [
            {"code": "days_without_water", "datatype": "number", "required": true,
             "question_en": "For how many days has there been no water?",
             "question_hi": "कितने दिनों से पानी नहीं है?"},
            {"code": "source", "datatype": "multivaluelist", "required": false,
             "question_en": "Which supply is affected?", "question_hi": "कौन सी आपूर्ति प्रभावित है?",
             "choices": [
                {"key": "tap", "name_en": "Household tap", "name_hi": "घरेलू नल"},
                {"key": "standpost", "name_en": "Public stand-post", "name_hi": "सार्वजनिक नल"}
             ]}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

fn request_form(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("api_key", key.to_string()),
        ("jurisdiction_id", String::new()),
        ("service_code", CATEGORY.into()),
        (
            "address_string",
            "Near the water tank, Gokalgarh, Rewari".into(),
        ),
        ("first_name", "Sunita".into()),
        ("last_name", "Devi".into()),
        ("phone", "9812055501".into()),
        (
            "description",
            "No water in the taps for ten days\nThe whole lane is without water.".into(),
        ),
        ("attribute[days_without_water]", "10".into()),
        ("attribute[source][]", "tap".into()),
        ("attribute[source][]", "standpost".into()),
    ]
}

#[tokio::test]
async fn discovery_services_and_service_definitions_in_both_formats() {
    let app = spawn_app().await;

    let discovery = json_of(get(&app, "/discovery.json").await, 200).await;
    let endpoint = &discovery["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(endpoint["url"].as_str().unwrap().ends_with("/open311/v2"));
    assert_eq!(endpoint["formats"], json!(["text/xml", "application/json"]));
    for field in ["changeset", "contact", "key_service"] {
        assert!(discovery[field].is_string(), "{field}");
    }
    let xml = xml_of(get(&app, "/discovery.xml").await, 200).await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "discovery");
    assert_eq!(
        child_names(doc.root_element()),
        ["changeset", "contact", "key_service", "endpoints"]
    );
    let formats = doc
        .descendants()
        .filter(|n| n.has_tag_name("format"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>();
    assert_eq!(formats, ["text/xml", "application/json"]);

    // Services: the categories, the department as the group; an array in JSON.
    let services = json_of(get(&app, "/services.json").await, 200).await;
    let water = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == CATEGORY)
        .expect("the category is a service");
    assert_eq!(water["type"], "realtime");
    assert_eq!(water["metadata"], false);
    assert!(
        water["group"].as_str().unwrap().contains("Public Health"),
        "{water}"
    );
    for field in ["service_name", "description", "keywords"] {
        assert!(water[field].is_string(), "{field}");
    }
    let xml = xml_of(get(&app, "/services.xml?jurisdiction_id=").await, 200).await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "services");
    let first = doc.root_element().first_element_child().unwrap();
    assert_eq!(first.tag_name().name(), "service");
    assert_eq!(
        child_names(first),
        [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group"
        ]
    );
    // In Hindi when asked.
    let hindi = json_of(get(&app, "/services.json?lang=hi").await, 200).await;
    let water_hi = hindi
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == CATEGORY)
        .unwrap();
    assert!(
        water_hi["service_name"].as_str().unwrap().contains("पेयजल"),
        "{water_hi}"
    );

    // An administrator gives the category questions: metadata turns true and the definition
    // lists them, the list question with its values.
    ask_questions(&app).await;
    let services = json_of(get(&app, "/services.json").await, 200).await;
    assert!(
        services
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["service_code"] == CATEGORY && s["metadata"] == true)
    );
    let definition = json_of(get(&app, &format!("/services/{CATEGORY}.json")).await, 200).await;
    assert_eq!(definition["service_code"], CATEGORY);
    let attributes = definition["attributes"].as_array().unwrap();
    assert_eq!(attributes.len(), 2);
    assert_eq!(attributes[0]["code"], "days_without_water");
    assert_eq!(attributes[0]["datatype"], "number");
    assert_eq!(attributes[0]["required"], true);
    assert_eq!(attributes[0]["variable"], true);
    assert_eq!(attributes[0]["order"], 1);
    assert!(attributes[0].get("values").is_none());
    assert_eq!(
        attributes[1]["values"],
        json!([{"key": "tap", "name": "Household tap"}, {"key": "standpost", "name": "Public stand-post"}])
    );
    let xml = xml_of(get(&app, &format!("/services/{CATEGORY}.xml")).await, 200).await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "service_definition");
    assert_eq!(child_names(root), ["service_code", "attributes"]);
    let attributes = root
        .children()
        .find(|n| n.has_tag_name("attributes"))
        .unwrap();
    assert_eq!(child_names(attributes), ["attribute", "attribute"]);
    let list = attributes.last_element_child().unwrap();
    assert_eq!(
        child_names(list),
        [
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
            "values"
        ]
    );
    let values = list.children().find(|n| n.has_tag_name("values")).unwrap();
    assert_eq!(child_names(values), ["value", "value"]);
    assert_eq!(
        child_names(values.first_element_child().unwrap()),
        ["key", "name"]
    );

    // The questions are asked in the web form too.
    let page = app
        .client
        .get(format!(
            "{}/file/questions?category={CATEGORY}",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("attribute[days_without_water]"), "{html}");
    assert!(
        html.contains("Public stand-post") || html.contains("सार्वजनिक नल"),
        "{html}"
    );
}

#[tokio::test]
async fn a_request_filed_through_open311_is_a_grievance_like_any_other() {
    let app = spawn_app().await;
    ask_questions(&app).await;
    let key = admin_key(&app).await;

    let response = app
        .client
        .post(open311(&app, "/requests.json"))
        .form(&request_form(&key))
        .send()
        .await
        .unwrap();
    let body = json_of(response, 201).await;
    let created = &body.as_array().expect("an array")[0];
    let number = created["service_request_id"].as_str().unwrap().to_string();
    assert!(
        created["service_notice"]
            .as_str()
            .unwrap()
            .contains(&number)
    );
    assert!(created["account_id"].is_null());
    assert!(
        created.get("token").is_none(),
        "a realtime service returns no token"
    );

    // Routed to the village's office, due by its deadline, told to the citizen, channel kept.
    let admin = app.login("admin").await;
    let case = app.case(&admin, &number).await;
    let g = &case["grievance"];
    assert_eq!(g["channel"], "open311");
    assert_eq!(g["jurisdiction"]["code"], "0608401010101");
    assert_eq!(g["unrouted"], false);
    assert!(g["holding_office"]["code"].is_string());
    assert_eq!(g["citizen_name"], "Sunita Devi");
    assert_eq!(g["subject"], "No water in the taps for ten days");
    let sms = app.store.list_outbox(None, 100).await.unwrap();
    assert!(
        sms.iter()
            .any(|m| m.recipient.ends_with("9812055501") && m.body.contains(&number)),
        "the citizen is sent the number"
    );
    let events = case["timeline"].as_array().unwrap();
    assert!(
        events[0]["actor"]
            .as_str()
            .unwrap()
            .contains("Rewari city app")
    );

    // The integration that filed it reads it back with the citizen's words, its answers and
    // the timeline as notes; XML and JSON say the same.
    let mine = json_of(
        get(&app, &format!("/requests/{number}.json?api_key={key}")).await,
        200,
    )
    .await;
    let r = &mine.as_array().expect("an array of one")[0];
    assert_eq!(r["service_request_id"], number.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], CATEGORY);
    assert!(
        r["description"]
            .as_str()
            .unwrap()
            .contains("The whole lane")
    );
    assert_eq!(r["address"], "Near the water tank, Gokalgarh, Rewari");
    assert_eq!(r["agency_responsible"], g["holding_office"]["name_en"]);
    for field in [
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
    ] {
        let t = r[field].as_str().unwrap();
        assert!(t.ends_with("+05:30"), "{field}: {t}");
    }
    assert_eq!(
        r["attributes"],
        json!([
            {"label": "For how many days has there been no water?", "name": "days_without_water", "value": "10", "code": "days_without_water"},
            {"label": "Which supply is affected?", "name": "source", "value": "tap,standpost", "code": "source"}
        ])
    );
    let notes = r["notes"].as_array().unwrap();
    assert_eq!(notes[0]["type"], "register");
    assert!(notes[0]["datetime"].as_str().unwrap().ends_with("+05:30"));

    let xml = xml_of(
        get(&app, &format!("/requests/{number}.xml?api_key={key}")).await,
        200,
    )
    .await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "service_requests");
    let request = root.first_element_child().unwrap();
    assert_eq!(request.tag_name().name(), "request");
    assert_eq!(
        &child_names(request)[..17],
        [
            "service_request_id",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "agency_responsible",
            "service_notice",
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
            "address",
            "address_id",
            "zipcode",
            "lat",
            "long",
            "media_url"
        ]
    );
    assert_eq!(
        child_text(request, "service_request_id"),
        Some(number.as_str())
    );
    assert_eq!(
        child_text(request, "requested_datetime"),
        r["requested_datetime"].as_str()
    );

    // Anyone else sees no personal detail: the subject, the place, no coordinates or answers.
    let public = json_of(get(&app, &format!("/requests/{number}.json")).await, 200).await;
    let p = &public[0];
    assert_eq!(
        p["description"], "No drinking water supply",
        "the service, not their words"
    );
    assert_eq!(p["address"], "Gokalgarh, Rewari");
    assert!(p["lat"].is_null());
    assert!(p.get("attributes").is_none());
    let text = public.to_string();
    assert!(
        !text.contains("9812055501") && !text.contains("Sunita"),
        "{text}"
    );
    assert!(
        !text.contains("ten days") && !text.contains("whole lane"),
        "{text}"
    );
    // Outside the area asked for, it is not found.
    assert_error(
        get(&app, &format!("/requests/{number}.json?jurisdiction_id=08")).await,
        404,
        true,
    )
    .await;
    let elsewhere = json_of(get(&app, "/requests.json?jurisdiction_id=08").await, 200).await;
    assert_eq!(elsewhere, json!([]));
    let here = json_of(get(&app, "/requests.json?jurisdiction_id=06084").await, 200).await;
    assert_eq!(here.as_array().unwrap().len(), 1);

    // The token endpoint gives the number back.
    let token = json_of(get(&app, &format!("/tokens/{number}.json")).await, 200).await;
    assert_eq!(
        token,
        json!([{"service_request_id": number, "token": number}])
    );

    // The officer disposes of it: the request is closed, with the disposal in its notes.
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &number, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &number,
        json!({"action": "submit_atr", "text": "Pump repaired"}),
    )
    .await;
    app.act_ok(
        &officer,
        &number,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;
    let closed = json_of(get(&app, &format!("/requests/{number}.json")).await, 200).await;
    assert_eq!(closed[0]["status"], "closed");
    assert!(closed[0]["status_notes"].as_str().unwrap().len() > 3);
}

#[tokio::test]
async fn sloppy_clients_are_served_key_in_the_query_a_photo_and_no_place_we_know() {
    let app = spawn_app().await;
    let key = admin_key(&app).await;

    // Multipart with a photo, the key in the query string, an empty jurisdiction_id, and only
    // coordinates far from any headquarters we know: the case is filed, unrouted, with its
    // location and photo kept.
    let photo = reqwest::multipart::Part::bytes(crate::helpers::pdf_bytes())
        .file_name("photo.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("jurisdiction_id", "")
        .text("service_code", CATEGORY)
        .text("lat", "24.5000")
        .text("long", "71.5000")
        .text("first_name", "Ramesh")
        .text("phone", "9812055502")
        .text("description", "पाइपलाइन टूटी है, दस दिन से पानी नहीं आ रहा")
        .part("media", photo);
    let response = app
        .client
        .post(open311(&app, &format!("/requests.xml?api_key={key}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let xml = xml_of(response, 201).await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let request = doc.root_element().first_element_child().unwrap();
    assert_eq!(
        child_names(request),
        ["service_request_id", "service_notice", "account_id"]
    );
    let number = child_text(request, "service_request_id")
        .unwrap()
        .to_string();
    let admin = app.login("admin").await;
    let case = app.case(&admin, &number).await;
    let g = &case["grievance"];
    assert_eq!(g["unrouted"], true, "{g}");
    assert_eq!(g["latitude"], 24.5);
    assert_eq!(g["language"], "hi");
    assert!(
        case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "add_attachment" && e["details"]["filename"] == "photo.pdf"),
        "{case}"
    );
    let mine = json_of(
        get(&app, &format!("/requests/{number}.json?api_key={key}")).await,
        200,
    )
    .await;
    assert_eq!(mine[0]["lat"], 24.5);
    // The nodal officer who must send it on is told what its words suggest.
    let nodal: String = sqlx::query_scalar(
        "SELECT u.username FROM users u JOIN grievances g ON g.holding_office_id = u.office_id \
         WHERE g.regno = $1 AND u.role IN ('officer', 'supervisor') ORDER BY u.username LIMIT 1",
    )
    .bind(&number)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let mut web = crate::web_client::WebClient::new(&app);
    web.login(&nodal).await;
    let page = web.get(&format!("/cases/{number}")).await;
    let hint = page
        .between("id=\"suggested-for-unrouted\">", "</p>")
        .unwrap_or_else(|| panic!("{}", page.body));
    assert!(hint.contains("Public Health Engineering"), "{hint}");

    // Coordinates near a district's headquarters place the case in that district, routed.
    let near_rewari = json_of(
        app.client
            .post(open311(&app, "/requests.json"))
            .form(&[
                ("api_key", key.as_str()),
                ("service_code", CATEGORY),
                ("lat", "28.2100"),
                ("long", "76.6300"),
                ("first_name", "Ramesh"),
                ("phone", "9812055503"),
                (
                    "description",
                    "The main pipeline near the bus stand is broken",
                ),
            ])
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let number = near_rewari[0]["service_request_id"].as_str().unwrap();
    let case = app.case(&admin, number).await;
    assert_eq!(case["grievance"]["jurisdiction"]["code"], "06084");
    assert_eq!(case["grievance"]["unrouted"], false, "{case}");

    // An address in Hindi is placed too.
    let mut form = request_form(&key);
    form.retain(|(k, _)| !k.starts_with("attribute"));
    form.iter_mut()
        .find(|(k, _)| *k == "address_string")
        .unwrap()
        .1 = "लिसाना, रेवाड़ी".into();
    let body = json_of(
        app.client
            .post(open311(&app, "/requests.json"))
            .form(&form)
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let number = body[0]["service_request_id"].as_str().unwrap();
    let case = app.case(&admin, number).await;
    assert_eq!(case["grievance"]["jurisdiction"]["code"], "0608401010201");
}

#[tokio::test]
async fn listing_requests_with_every_filter_and_pages() {
    let app = spawn_app().await;
    let key = admin_key(&app).await;
    let mut numbers = Vec::new();
    for i in 0..3 {
        let mut form = request_form(&key);
        form.retain(|(k, _)| !k.starts_with("attribute"));
        form.iter_mut().find(|(k, _)| *k == "phone").unwrap().1 = format!("981205560{i}");
        let body = json_of(
            app.client
                .post(open311(&app, "/requests.json"))
                .form(&form)
                .send()
                .await
                .unwrap(),
            201,
        )
        .await;
        numbers.push(body[0]["service_request_id"].as_str().unwrap().to_string());
    }
    // One more filed on the web, in another category: Open311 lists it too.
    let web = app.file_default().await;

    let all = json_of(get(&app, "/requests.json").await, 200).await;
    assert_eq!(all.as_array().unwrap().len(), 4);
    // Newest first.
    assert_eq!(all[0]["service_request_id"], web.as_str());

    let by_code = json_of(
        get(
            &app,
            &format!("/requests.json?service_code={CATEGORY},NOPE"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        by_code.as_array().unwrap().len(),
        4,
        "the web case is the same category"
    );
    let by_id = json_of(
        get(
            &app,
            &format!(
                "/requests.json?service_request_id={},{}&status=closed",
                numbers[0], numbers[2]
            ),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        by_id.as_array().unwrap().len(),
        2,
        "the ids override every other filter"
    );
    let open = json_of(get(&app, "/requests.json?status=open").await, 200).await;
    assert_eq!(open.as_array().unwrap().len(), 4);
    let closed = json_of(get(&app, "/requests.json?status=closed").await, 200).await;
    assert_eq!(closed.as_array().unwrap().len(), 0);
    let both = json_of(get(&app, "/requests.json?status=open,closed").await, 200).await;
    assert_eq!(both.as_array().unwrap().len(), 4);
    let page2 = json_of(get(&app, "/requests.json?page=2&page_size=3").await, 200).await;
    assert_eq!(page2.as_array().unwrap().len(), 1);
    assert_eq!(page2[0]["service_request_id"], numbers[0].as_str());
    let future = json_of(
        get(
            &app,
            "/requests.json?start_date=2030-01-01T00:00:00Z&end_date=2030-01-31T00:00:00%2B05:30",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(future, json!([]));
    let with_notes = json_of(get(&app, "/requests.json?extensions=true").await, 200).await;
    assert!(
        with_notes[0]["notes"]
            .as_array()
            .is_some_and(|n| !n.is_empty())
    );
    let xml = xml_of(get(&app, "/requests.xml?status=open").await, 200).await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "service_requests");
    assert_eq!(child_names(doc.root_element()), ["request"; 4]);
}

#[tokio::test]
async fn every_error_in_the_specifications_shape() {
    let app = spawn_app().await;
    ask_questions(&app).await;
    let key = admin_key(&app).await;
    let post = |form: Vec<(&'static str, String)>, suffix: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(open311(app, &format!("/requests.{suffix}")))
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    let without = |name: &str| {
        let mut f = request_form(&key);
        f.retain(|(k, _)| *k != name);
        f
    };
    let with = |name: &'static str, value: &str| {
        let mut f = request_form(&key);
        f.retain(|(k, _)| *k != name);
        f.push((name, value.to_string()));
        f
    };
    for json in [true, false] {
        let suffix = if json { "json" } else { "xml" };
        // 403: no key, a wrong key, a revoked key.
        assert_error(post(without("api_key"), suffix).await, 403, json).await;
        assert_error(post(with("api_key", "o311_wrong"), suffix).await, 403, json).await;
        // 400: what the specification requires, missing.
        let d = assert_error(post(without("service_code"), suffix).await, 400, json).await;
        assert!(d.contains("service_code"), "{d}");
        let mut no_place = without("address_string");
        no_place.retain(|(k, _)| *k != "lat");
        assert_error(post(no_place, suffix).await, 400, json).await;
        assert_error(post(with("lat", "28.1"), suffix).await, 400, json).await;
        assert_error(post(without("description"), suffix).await, 400, json).await;
        assert_error(
            post(with("description", &"x".repeat(4001)), suffix).await,
            400,
            json,
        )
        .await;
        assert_error(post(with("phone", "12"), suffix).await, 400, json).await;
        let d = assert_error(
            post(without("attribute[days_without_water]"), suffix).await,
            400,
            json,
        )
        .await;
        assert!(d.contains("days_without_water"), "{d}");
        assert_error(
            post(with("attribute[days_without_water]", "many"), suffix).await,
            400,
            json,
        )
        .await;
        assert_error(
            post(with("attribute[source][]", "well"), suffix).await,
            400,
            json,
        )
        .await;
        assert_error(
            post(with("media_url", "javascript:alert(1)"), suffix).await,
            400,
            json,
        )
        .await;
        // 404: a service or jurisdiction we do not have.
        assert_error(post(with("service_code", "NOPE"), suffix).await, 404, json).await;
        assert_error(post(with("jurisdiction_id", "99"), suffix).await, 404, json).await;
        // The GETs.
        assert_error(
            get(&app, &format!("/services/NOPE.{suffix}")).await,
            404,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/requests/HR-2026-NOPE.{suffix}")).await,
            404,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/tokens/unknown.{suffix}")).await,
            404,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/services.{suffix}?jurisdiction_id=99")).await,
            404,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/requests.{suffix}?status=pending")).await,
            400,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/requests.{suffix}?start_date=yesterday")).await,
            400,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/requests.{suffix}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).await,
            400,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/requests.{suffix}?page_size=5000")).await,
            400,
            json,
        )
        .await;
        assert_error(
            get(&app, &format!("/requests.{suffix}?api_key=o311_wrong")).await,
            403,
            json,
        )
        .await;
        assert_error(get(&app, &format!("/nothing.{suffix}")).await, 404, json).await;
        let put = app
            .client
            .put(open311(&app, &format!("/requests.{suffix}")))
            .send()
            .await
            .unwrap();
        assert_error(put, 405, json).await;
    }
    // A name given is checked as on any other door, said in Open311's terms.
    let mut short = with("first_name", "R");
    short.retain(|(k, _)| *k != "last_name");
    assert_error(post(short, "json").await, 400, true).await;
    // A path that does not decode: an error in the format its suffix names; no suffix, or one
    // we do not speak: in XML. Never an HTML page or plain text.
    assert_error(get(&app, "/%FF.json").await, 404, true).await;
    assert_error(get(&app, "/requests/%FF.json").await, 404, true).await;
    assert_error(get(&app, "/services").await, 404, false).await;
    assert_error(get(&app, "/services.html").await, 404, false).await;
    assert_error(get(&app, "/a/b/c").await, 404, false).await;
    // In Hindi when asked.
    let d = assert_error(
        app.client
            .post(open311(&app, "/requests.json?lang=hi"))
            .form(&without("description"))
            .send()
            .await
            .unwrap(),
        400,
        true,
    )
    .await;
    assert!(d.contains("आवश्यक"), "{d}");

    // A revoked key files nothing.
    let admin = app.login("admin").await;
    let keys: Value = app
        .get(&admin, "/admin/api-keys")
        .await
        .json()
        .await
        .unwrap();
    let id = keys["items"][0]["id"].as_i64().unwrap();
    let revoked = app
        .client
        .delete(app.url(&format!("/admin/api-keys/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert_error(post(request_form(&key), "json").await, 403, true).await;
    // Questions an administrator may not set.
    let bad = app
        .client
        .put(app.url(&format!("/categories/{CATEGORY}/attributes")))
        .bearer_auth(&admin)
        .json(&json!({"items": [{"code": "x", "datatype": "colour", "question_en": "?", "question_hi": "?"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let officer = app.login("officer.phed.rewari.block").await;
    let refused = app
        .client
        .put(app.url(&format!("/categories/{CATEGORY}/attributes")))
        .bearer_auth(&officer)
        .json(&json!({"items": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

/// What a receiver was sent: (path, event id, timestamp, signature, body).
type Received = std::sync::Arc<std::sync::Mutex<Vec<(String, String, String, String, String)>>>;

/// A webhook receiver on 127.0.0.1 that refuses the first message it is sent (500), to make
/// the outbox try again, and accepts everything after.
async fn receiver() -> (String, Received) {
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode, Uri};
    let received: Received = Default::default();
    let refused_once = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let app = axum::Router::new()
        .fallback(
            |State((received, refused)): State<(
                Received,
                std::sync::Arc<std::sync::atomic::AtomicBool>,
            )>,
             uri: Uri,
             headers: HeaderMap,
             body: String| async move {
                if !refused.swap(true, std::sync::atomic::Ordering::SeqCst) {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                let h = |name: &str| headers[name].to_str().unwrap().to_string();
                received.lock().unwrap().push((
                    uri.path().to_string(),
                    h("x-nivaran-event-id"),
                    h("x-nivaran-timestamp"),
                    h("x-nivaran-signature"),
                    body,
                ));
                StatusCode::NO_CONTENT
            },
        )
        .with_state((received.clone(), refused_once));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, received)
}

fn verify(secret: &str, timestamp: &str, body: &str, signature: &str) -> bool {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let Some(hex_signature) = signature.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(bytes) = hex::decode(hex_signature) else {
        return false;
    };
    mac.verify_slice(&bytes).is_ok()
}

#[tokio::test]
async fn webhooks_are_signed_retried_and_delivered_once_per_event() {
    let app = spawn_app().await;
    let key = admin_key(&app).await;
    let admin = app.login("admin").await;
    let keys: Value = app
        .get(&admin, "/admin/api-keys")
        .await
        .json()
        .await
        .unwrap();
    let key_id = keys["items"][0]["id"].as_i64().unwrap();
    let (address, received) = receiver().await;
    let subscribe = |body: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let response = app
                .client
                .post(app.url("/admin/webhooks"))
                .bearer_auth(&admin)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            assert_eq!(status, 201, "{body}");
            body
        }
    };
    let own = subscribe(json!({"api_key_id": key_id, "url": format!("{address}/own")})).await;
    let department = subscribe(
        json!({"api_key_id": key_id, "url": format!("{address}/phed"), "department": "PHED"}),
    )
    .await;
    let bad = app
        .client
        .post(app.url("/admin/webhooks"))
        .bearer_auth(&admin)
        .json(&json!({"api_key_id": key_id, "url": "ftp://example.org/x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);

    // A case filed through Open311 and one filed on the web, both PHED; both worked on.
    let mut form = request_form(&key);
    form.retain(|(k, _)| !k.starts_with("attribute"));
    let filed = json_of(
        app.client
            .post(open311(&app, "/requests.json"))
            .form(&form)
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let mine = filed[0]["service_request_id"].as_str().unwrap().to_string();
    let web = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    for number in [&mine, &web] {
        app.act_ok(&officer, number, json!({"action": "accept"}))
            .await;
    }
    app.act_ok(
        &officer,
        &mine,
        json!({"action": "submit_atr", "text": "Pump repaired"}),
    )
    .await;
    app.act_ok(
        &officer,
        &mine,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;

    // Delivery: the receiver refuses the first message; it is tried again after its backoff;
    // nothing is sent twice however often the worker runs.
    let client = reqwest::Client::new();
    let first = nivaran::worker::delivery::deliver_webhooks(&app.store, &client, "test")
        .await
        .unwrap();
    assert_eq!(first.failed, 1, "{first:?}");
    for _ in 0..3 {
        app.clock.advance_millis(3_600_000);
        nivaran::worker::delivery::deliver_webhooks(&app.store, &client, "test")
            .await
            .unwrap();
    }
    let got = received.lock().unwrap().clone();
    let mut ids: Vec<&str> = got.iter().map(|(_, id, ..)| id.as_str()).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        total,
        "each event delivered exactly once: {ids:?}"
    );
    for (path, event_id, timestamp, signature, body) in &got {
        let secret = if path == "/own" {
            &own["secret"]
        } else {
            &department["secret"]
        };
        assert!(
            verify(secret.as_str().unwrap(), timestamp, body, signature),
            "{event_id}"
        );
        assert!(!verify("another secret", timestamp, body, signature));
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["event_id"], event_id.as_str());
        assert_eq!(event["type"], "grievance.status_changed");
    }
    // The integration's own subscription hears only of its own case, to its closing.
    let own_events: Vec<Value> = got
        .iter()
        .filter(|(path, ..)| path == "/own")
        .map(|(.., body)| serde_json::from_str(body).unwrap())
        .collect();
    assert!(
        own_events
            .iter()
            .all(|e| e["service_request_id"] == mine.as_str())
    );
    assert!(own_events.len() >= 2, "{own_events:?}");
    assert!(
        own_events
            .iter()
            .any(|e| e["status"] == "disposed" && e["open311_status"] == "closed")
    );
    // The department's hears of both cases.
    let department_cases: std::collections::HashSet<String> = got
        .iter()
        .filter(|(path, ..)| path == "/phed")
        .map(|(.., body)| {
            serde_json::from_str::<Value>(body).unwrap()["service_request_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(department_cases.contains(&mine) && department_cases.contains(&web));

    // A removed subscription is sent nothing more: not of a new case the integration files.
    // (The clock moved on: sign in again.)
    let admin = app.login("admin").await;
    let officer = app.login("officer.phed.rewari.block").await;
    let mut form = request_form(&key);
    form.retain(|(k, _)| !k.starts_with("attribute"));
    form.iter_mut().find(|(k, _)| *k == "phone").unwrap().1 = "9812055599".into();
    let second = json_of(
        app.client
            .post(open311(&app, "/requests.json"))
            .form(&form)
            .send()
            .await
            .unwrap(),
        201,
    )
    .await[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let id = own["id"].as_i64().unwrap();
    let removed = app
        .client
        .delete(app.url(&format!("/admin/webhooks/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    let before = received.lock().unwrap().len();
    app.act_ok(&officer, &second, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &web,
        json!({"action": "submit_atr", "text": "Pipe replaced"}),
    )
    .await;
    app.act_ok(
        &officer,
        &web,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;
    nivaran::worker::delivery::deliver_webhooks(&app.store, &client, "test")
        .await
        .unwrap();
    let after = received.lock().unwrap().clone();
    assert!(after[before..].iter().all(|(path, ..)| path == "/phed"));
    assert!(
        after[before..]
            .iter()
            .any(|(.., body)| body.contains(&second)),
        "the department's subscription hears of the new case; the removed one does not"
    );
    assert!(
        after.len() > before,
        "the department's subscription still hears"
    );
}

#[tokio::test]
async fn the_native_api_describes_itself_in_openapi_3_1() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let filing = &doc["paths"]["/grievances"]["post"];
    assert_eq!(
        filing["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/GrievanceForm"
    );
    let form = &doc["components"]["schemas"]["GrievanceForm"]["properties"];
    for field in [
        "citizen_name",
        "mobile",
        "jurisdiction",
        "category",
        "subject",
        "description",
    ] {
        assert!(form.get(field).is_some(), "{field}");
    }
    assert!(
        form.get("unlocated").is_none(),
        "an internal flag is not part of the API"
    );
    assert!(doc["paths"]["/grievances/{regno}/actions"]["post"]["responses"]["409"].is_object());
}

#[tokio::test]
async fn webhooks_cannot_probe_the_inside() {
    let app = spawn_app().await;
    admin_key(&app).await;
    let admin = app.login("admin").await;
    let keys: Value = app
        .get(&admin, "/admin/api-keys")
        .await
        .json()
        .await
        .unwrap();
    let key_id = keys["items"][0]["id"].as_i64().unwrap();
    let (address, received) = receiver().await;
    let subscribe = |url: String| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.client
                .post(app.url("/admin/webhooks"))
                .bearer_auth(&admin)
                .json(&json!({"api_key_id": key_id, "url": url}))
                .send()
                .await
                .unwrap()
        }
    };
    // With the deployment's setting allowing 127.0.0.0/8 (as in these tests), the local
    // receiver is accepted.
    assert_eq!(subscribe(format!("{address}/hook")).await.status(), 201);
    // Without it: the metadata service, the loopback (by address or by name) and private
    // networks are refused when subscribing.
    app.store
        .set_egress(nivaran::notify::EgressPolicy::default());
    for inside in [
        "http://169.254.169.254/latest/meta-data/".to_string(),
        format!("{address}/hook"),
        "http://localhost:9/hook".to_string(),
        "http://10.0.0.5/hook".to_string(),
        "http://[::ffff:127.0.0.1]/hook".to_string(),
        "http://2130706433/hook".to_string(),
    ] {
        let (status, code, field, _) =
            crate::helpers::error_of(subscribe(inside.clone()).await).await;
        assert_eq!(
            (status, code.as_str(), field.as_deref()),
            (422, "address_refused", Some("url")),
            "{inside}"
        );
    }
    // And on each delivery: the subscription made while it was allowed is refused now (as when
    // its name comes to point inside), and nothing reaches the receiver.
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    sqlx::query(
        "INSERT INTO integration_cases (grievance_id, api_key_id) SELECT id, $1 FROM grievances",
    )
    .bind(key_id)
    .execute(app.store.pool())
    .await
    .unwrap();
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Pump repaired"}),
    )
    .await;
    let client = nivaran::worker::webhook_client(&app.store.egress()).unwrap();
    let report = nivaran::worker::delivery::deliver_webhooks(&app.store, &client, "test")
        .await
        .unwrap();
    assert!(report.rejected >= 1 && report.sent == 0, "{report:?}");
    assert!(received.lock().unwrap().is_empty());
    let error: String = sqlx::query_scalar(
        "SELECT last_error FROM outbox WHERE channel = 'webhook' AND status = 'rejected' LIMIT 1",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert!(error.contains("not a public internet address"), "{error}");
}
