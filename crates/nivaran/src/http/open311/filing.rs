//! `POST requests`: a service request read from a form or multipart body, placed, and filed
//! through the intake like any other case.

use super::*;
use nivaran_domain::ErrorCode;

/// A POST's fields and files, from a urlencoded body or a multipart one (where `media` is a
/// photo of the problem).
pub(super) async fn read_post(
    state: &AppState,
    request: Request,
) -> Result<(Params, Vec<Upload>), ApiError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let bad = |detail: String| {
        ApiError::bad_request(
            ErrorCode::InvalidBody,
            None,
            msg!("http-open311-body-unreadable", detail = detail),
        )
    };
    if !multipart {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    crate::http::extract::body_error(&e, e.status(), e.body_text())
                }
                _ if crate::http::body_deadline::is_deadline(&e) => {
                    crate::http::extract::body_error(&e, e.status(), e.body_text())
                }
                _ => bad(e.body_text()),
            })?;
        return Ok((Params::parse(&bytes), Vec::new()));
    }
    let body = crate::http::extract::MultipartBody::read(request).await?;
    Ok((Params(body.fields), body.files))
}

/// Where a request is: the jurisdiction named by `address_id` (our jurisdiction code), found
/// in `address_string`, or whose headquarters is nearest `lat`/`long` (within 25 km); `None`
/// when none of them places it.
pub(super) fn locate(master: &MasterData, fields: &Params, within: Option<i64>) -> Option<i64> {
    let inside = |id: i64| within.is_none_or(|w| master.jurisdiction_path(id).contains(&w));
    if let Some(j) = fields
        .get("address_id")
        .and_then(|code| master.jurisdiction_by_code(code))
        .filter(|j| inside(j.id))
    {
        return Some(j.id);
    }
    let by_address = fields
        .get("address_string")
        .and_then(|a| master.place_in_address(a, within));
    by_address.or_else(|| {
        let lat = fields.get("lat")?.parse::<f64>().ok()?;
        let long = fields.get("long")?.parse::<f64>().ok()?;
        master.place_at(lat, long, within)
    })
}

pub(super) async fn file_request(
    state: &AppState,
    call: &Call,
    request: Request,
) -> Result<Document, Document> {
    let idempotency_key = request
        .headers()
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or("\u{0}").to_string());
    let (body, files) = read_post(state, request).await.map_err(|e| call.fail(e))?;
    // Fields may come in the body or the query string (the key, especially): the body wins.
    let mut all = body.0;
    all.extend(call.query.0.iter().cloned());
    let fields = Params(all);
    let Some(secret) = fields.get("api_key") else {
        return Err(call.say(StatusCode::FORBIDDEN, msg!("http-open311-api-key-required")));
    };
    let key = state
        .store
        .api_key_by_secret(secret)
        .await
        .map_err(|e| call.fail(e))?
        .ok_or_else(|| call.say(StatusCode::FORBIDDEN, msg!("http-open311-api-key-invalid")))?;
    let master = state.store.master();
    let within = call.jurisdiction(&master, &fields)?;
    let Some(service_code) = fields.get("service_code") else {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-service-code-required"),
        ));
    };
    let Some(category) = master.category_by_code(service_code) else {
        return Err(call.say(
            StatusCode::NOT_FOUND,
            msg!("http-open311-service-code-not-found", code = service_code),
        ));
    };
    let number = |name: &str| -> Result<Option<f64>, Document> {
        match fields.get(name) {
            None => Ok(None),
            Some(v) => v.parse::<f64>().map(Some).map_err(|_| {
                call.say(
                    StatusCode::BAD_REQUEST,
                    msg!("http-open311-not-a-number", name = name),
                )
            }),
        }
    };
    let (lat, long) = (number("lat")?, number("long")?);
    if lat.is_some() != long.is_some() {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-lat-long-together"),
        ));
    }
    if lat.is_none() && fields.get("address_string").is_none() && fields.get("address_id").is_none()
    {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-location-required"),
        ));
    }
    // The phone and the name are optional in GeoReport v2. A citizen who gave no phone is
    // reached only through this integration (its webhooks) and by e-mail when given; one who
    // gave no name is filed without one. What is given is checked as on any other door.
    let phone = fields.get("phone").unwrap_or_default();
    let name = [fields.get("first_name"), fields.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let Some(description) = fields.get("description") else {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-description-required"),
        ));
    };
    if description.chars().count() > 4000 {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-description-too-long"),
        ));
    }
    let mut description = description.to_string();
    if let Some(url) = fields.get("media_url") {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 500 {
            return Err(call.say(
                StatusCode::BAD_REQUEST,
                msg!("http-open311-media-url-invalid"),
            ));
        }
        // Kept with the description, where the officer reads it.
        description.push_str(&format!("\n\nmedia_url: {url}"));
    }
    let located = locate(&master, &fields, within);
    // A request nothing places is filed under its state (the one asked for, or the first) and
    // waits in the nodal office's unrouted queue with what it was given.
    let (jurisdiction, unlocated) = match located {
        Some(j) => (j, false),
        None => match master.state_for_unplaced(within) {
            Some(s) => (s, true),
            None => {
                return Err(call.say(
                    StatusCode::SERVICE_UNAVAILABLE,
                    msg!("http-open311-no-jurisdictions"),
                ));
            }
        },
    };
    let jurisdiction_code = master
        .jurisdictions
        .get(&jurisdiction)
        .map(|j| j.code.clone())
        .unwrap_or_default();
    let subject = nivaran_domain::grievance::subject_from(&description, &category.name_en);
    let language = nivaran_domain::grievance::language_of(&description).code();
    let form = GrievanceForm {
        citizen_name: name.clone(),
        mobile: phone.to_string(),
        email: fields.get("email").map(str::to_string),
        address: fields.get("address_string").map(str::to_string),
        jurisdiction: jurisdiction_code,
        latitude: lat,
        longitude: long,
        category: category.code.clone(),
        subject,
        description,
        channel: Some("open311".into()),
        language: Some(language.into()),
        unlocated,
        reached_through_integration: phone.trim().is_empty() || name.trim().is_empty(),
        ..Default::default()
    };
    let actor = Actor {
        user_id: None,
        label: format!("integration {} (#{})", key.name, key.id),
        role: Some(Role::Operator),
        office_id: None,
        jurisdiction_id: None,
        mobile: None,
    };
    // A retry of a request whose answer was lost files nothing new (the key's other fields, but
    // the key itself, are what was asked).
    let idempotency = match idempotency_key {
        None => None,
        Some(value) => {
            let mut asked: Vec<&(String, String)> =
                fields.0.iter().filter(|(k, _)| k != "api_key").collect();
            asked.sort();
            let mut request = serde_json::to_vec(&asked).unwrap_or_default();
            for file in &files {
                request.extend_from_slice(&sha2::Sha256::digest(&file.bytes));
            }
            Some(
                crate::store::IdempotencyKey::new(&value, format!("key:{}", key.id), &request)
                    .map_err(|e| call.fail(e))?,
            )
        }
    };
    let registered = state
        .intake
        .file(crate::store::Filing {
            form,
            actor,
            answers: Some(fields.attributes()),
            api_key_id: Some(key.id),
            files,
            idempotency,
            suggested: Vec::new(),
        })
        .await
        .map_err(|e| call.fail(e))?;
    let g = &registered.grievance;
    let office = g
        .holding_office
        .as_ref()
        .map(|o| call.lang.pick(&o.name_en, &o.name_hi).to_string())
        .unwrap_or_default();
    let told = match (call.lang, g.mobile.is_empty()) {
        (Lang::En, false) => "the citizen is told of every step by SMS",
        (Lang::En, true) => "no phone was given: the citizen hears of each step only through you",
        (Lang::Hi, false) => "नागरिक को हर चरण की सूचना SMS से मिलेगी",
        (Lang::Hi, true) => "फ़ोन नहीं दिया गया: नागरिक को हर चरण की सूचना केवल आपके माध्यम से मिलेगी",
    };
    let notice = match call.lang {
        Lang::En => format!(
            "Registered as {}. {office} must act by {}; {told}.",
            g.registration_number, g.due_date
        ),
        Lang::Hi => format!(
            "{} के रूप में दर्ज। {office} को {} तक कार्रवाई करनी है; {told}।",
            g.registration_number, g.due_date
        ),
    };
    let mut document = Document::ok(
        call.format,
        "service_requests",
        Node::List(
            "request",
            vec![Node::Object(vec![
                (
                    "service_request_id",
                    Node::text(g.registration_number.clone()),
                ),
                ("service_notice", Node::text(notice)),
                (
                    "account_id",
                    Node::opt(fields.get("account_id").map(str::to_string)),
                ),
            ])],
        ),
    );
    document.status = StatusCode::CREATED;
    Ok(document)
}
