//! `GET requests`, one request, and a token's request: each case as a tree the format writes
//! as XML or JSON, with what the asking key may see.

use super::*;

/// The IST form of one of our RFC 3339 (UTC) times.
pub(super) fn ist(rfc3339: &str) -> Node {
    Node::opt(Timestamp::parse_rfc3339(rfc3339).map(Timestamp::to_rfc3339_ist))
}

pub(super) fn is_closed(status: &str) -> bool {
    matches!(status, "disposed" | "closed")
}

/// One request as Open311 shows it. `owner`: the integration that filed it is asking, and sees
/// the citizen's own words and place; everybody else sees the subject and the village or ward.
pub(super) fn request_node(
    lang: Lang,
    case: &IntegrationCase,
    owner: bool,
    notes: Option<Vec<Node>>,
    questions: &[CategoryAttribute],
) -> Node {
    let g: &GrievanceView = &case.view;
    let mut place = [Some(&g.jurisdiction), g.district.as_ref()]
        .into_iter()
        .flatten()
        .map(|j| lang.pick(&j.name_en, &j.name_hi).to_string())
        .collect::<Vec<_>>();
    place.dedup();
    let place = place.join(", ");
    let expected = match &g.eta {
        Some(eta) => time::Date::parse(eta, &time::format_description::well_known::Iso8601::DATE)
            .ok()
            .map(|d| Node::text(Timestamp::end_of_ist_day(d).to_rfc3339_ist()))
            .unwrap_or_else(|| ist(&g.due_at)),
        None => ist(&g.due_at),
    };
    let mut status_notes = lang
        .pick(&g.status_label_en, &g.status_label_hi)
        .to_string();
    if let Some(disposal) = g
        .disposal
        .as_deref()
        .and_then(nivaran_domain::types::DisposalKind::parse)
        .filter(|_| is_closed(&g.status))
    {
        status_notes = format!(
            "{status_notes}: {}",
            lang.pick(disposal.label_en(), disposal.label_hi())
        );
    }
    let mut fields = vec![
        (
            "service_request_id",
            Node::text(g.registration_number.clone()),
        ),
        (
            "status",
            Node::text(if is_closed(&g.status) {
                "closed"
            } else {
                "open"
            }),
        ),
        ("status_notes", Node::text(status_notes)),
        (
            "service_name",
            Node::text(lang.pick(&g.category.name_en, &g.category.name_hi)),
        ),
        ("service_code", Node::text(g.category.code.clone())),
        (
            "description",
            // The citizen's words are theirs: the public is told what kind of problem it is.
            Node::text(if owner {
                g.description.clone()
            } else {
                lang.pick(&g.category.name_en, &g.category.name_hi)
                    .to_string()
            }),
        ),
        (
            "agency_responsible",
            Node::opt(
                g.holding_office
                    .as_ref()
                    .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string()),
            ),
        ),
        ("service_notice", Node::Null),
        ("requested_datetime", ist(&g.filed_at)),
        ("updated_datetime", ist(&g.updated_at)),
        ("expected_datetime", expected),
        (
            "address",
            Node::text(match (&g.address, owner) {
                (Some(address), true) => address.clone(),
                _ => place,
            }),
        ),
        ("address_id", Node::text(g.jurisdiction.code.clone())),
        ("zipcode", Node::Null),
        (
            "lat",
            g.latitude
                .filter(|_| owner)
                .map_or(Node::Null, Node::Number),
        ),
        (
            "long",
            g.longitude
                .filter(|_| owner)
                .map_or(Node::Null, Node::Number),
        ),
        ("media_url", Node::Null),
    ];
    if let Some(notes) = notes {
        if owner {
            fields.push((
                "attributes",
                Node::List(
                    "attribute",
                    case.answers
                        .iter()
                        .map(|(code, value)| {
                            let question = questions.iter().find(|q| &q.code == code);
                            Node::Object(vec![
                                (
                                    "label",
                                    Node::opt(question.map(|q| {
                                        lang.pick(&q.question_en, &q.question_hi).to_string()
                                    })),
                                ),
                                ("name", Node::text(code.clone())),
                                ("value", Node::text(value.clone())),
                                ("code", Node::text(code.clone())),
                            ])
                        })
                        .collect(),
                ),
            ));
        }
        fields.push((
            "extended_attributes",
            Node::Object(vec![("channel", Node::text(g.channel.clone()))]),
        ));
        fields.push(("notes", Node::List("note", notes)));
    }
    Node::Object(fields)
}

/// The timeline as Open311 notes: what was done and by which office; the words said (the
/// citizen's answers, the officer's report, file names) only to the integration that filed it.
pub(super) fn notes(lang: Lang, events: &[crate::store::EventView], owner: bool) -> Vec<Node> {
    let items = crate::present::timeline::timeline_items(events, lang, true);
    events
        .iter()
        .zip(items)
        .map(|(e, item)| {
            let mut description = item.action;
            if !item.office.is_empty() {
                description = format!("{description} ({})", item.office);
            }
            if owner && !item.detail.is_empty() {
                description = format!("{description} — {}", item.detail);
            }
            Node::Object(vec![
                ("datetime", ist(&e.at)),
                ("description", Node::text(description)),
                ("type", Node::text(e.action.clone())),
            ])
        })
        .collect()
}

/// True when the case lies in the area `jurisdiction_id` named (or none was named).
pub(super) fn in_area(master: &MasterData, case: &IntegrationCase, within: Option<i64>) -> bool {
    let Some(area) = within else { return true };
    master
        .jurisdiction_by_code(&case.view.jurisdiction.code)
        .is_some_and(|j| master.jurisdiction_path(j.id).contains(&area))
}

/// The integration asking, when it sent its key (optional on the GETs).
pub(super) async fn asking_key(state: &AppState, call: &Call) -> Result<Option<i64>, Document> {
    match call.query.get("api_key") {
        None => Ok(None),
        Some(secret) => state
            .store
            .api_key_by_secret(secret)
            .await
            .map_err(|e| call.fail(e))?
            .map(|k| Some(k.id))
            .ok_or_else(|| call.say(StatusCode::FORBIDDEN, msg!("http-open311-api-key-invalid"))),
    }
}

pub(super) async fn requests(state: &AppState, call: &Call) -> Result<Document, Document> {
    let master = state.store.master();
    let within = call.jurisdiction(&master, &call.query)?;
    let key = asking_key(state, call).await?;
    let q = &call.query;
    let date = |name: &str| -> Result<Option<Timestamp>, Document> {
        match q.get(name) {
            None => Ok(None),
            Some(v) => Timestamp::parse_rfc3339(v).map(Some).ok_or_else(|| {
                call.say(
                    StatusCode::BAD_REQUEST,
                    msg!("http-open311-date-invalid", name = name),
                )
            }),
        }
    };
    let span = MAX_SPAN_DAYS * 86_400_000;
    let (start, end) = match (date("start_date")?, date("end_date")?) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, Timestamp(s.0 + span)),
        (None, Some(e)) => (Timestamp(e.0 - span), e),
        (None, None) => {
            let now = state.store.now();
            (Timestamp(now.0 - span), now)
        }
    };
    if end.0 < start.0 {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-end-before-start"),
        ));
    }
    if end.0 - start.0 > span {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            msg!("http-open311-span-too-long", days = MAX_SPAN_DAYS),
        ));
    }
    let mut open = None;
    let statuses = q.list("status");
    for s in &statuses {
        if s != "open" && s != "closed" {
            return Err(call.say(StatusCode::BAD_REQUEST, msg!("http-open311-status-invalid")));
        }
    }
    if statuses.iter().any(|s| s == "open") != statuses.iter().any(|s| s == "closed") {
        open = Some(statuses.iter().any(|s| s == "open"));
    }
    let whole = |name: &str, default: i64, max: i64| -> Result<i64, Document> {
        match q.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=max).contains(n))
                .ok_or_else(|| {
                    call.say(
                        StatusCode::BAD_REQUEST,
                        msg!("http-open311-whole-number", name = name, max = max),
                    )
                }),
        }
    };
    let extensions = q.get("extensions") == Some("true");
    // With notes and answers each request costs a few reads more: fewer to a page.
    let most = if extensions { 100 } else { MAX_PAGE_SIZE };
    let page_size = whole("page_size", most, most)?.max(1);
    // Pages count from 1; page 0, which some clients send for the first, is the first too.
    let page = whole("page", 1, 1_000_000)?.max(1);
    let filter = IntegrationFilter {
        numbers: q.list("service_request_id"),
        categories: q.list("service_code"),
        filed_from: Some(start),
        // end_date is the latest time a request may have been made: inclusive.
        filed_before: Some(Timestamp(end.0 + 1)),
        open,
        within,
        offset: (page - 1) * page_size,
        limit: page_size,
    };
    let cases = state
        .store
        .integration_cases(&filter)
        .await
        .map_err(|e| call.fail(e))?;
    let mut items = Vec::with_capacity(cases.len());
    for case in &cases {
        items.push(request_with_extras(state, call, case, key, extensions).await?);
    }
    Ok(Document::ok(
        call.format,
        "service_requests",
        Node::List("request", items),
    ))
}

pub(super) async fn request_with_extras(
    state: &AppState,
    call: &Call,
    case: &IntegrationCase,
    key: Option<i64>,
    extensions: bool,
) -> Result<Node, Document> {
    let owner = key.is_some() && case.api_key_id == key;
    if !extensions {
        return Ok(request_node(call.lang, case, owner, None, &[]));
    }
    let (_, events) = state
        .store
        .integration_case(&case.view.registration_number)
        .await
        .map_err(|e| call.fail(e))?;
    let questions = match state
        .store
        .master()
        .category_by_code(&case.view.category.code)
    {
        Some(c) => state
            .store
            .category_attributes(c.id)
            .await
            .map_err(|e| call.fail(e))?,
        None => Vec::new(),
    };
    Ok(request_node(
        call.lang,
        case,
        owner,
        Some(notes(call.lang, &events, owner)),
        &questions,
    ))
}

pub(super) async fn request(state: &AppState, call: &Call, id: &str) -> Result<Document, Document> {
    let master = state.store.master();
    let within = call.jurisdiction(&master, &call.query)?;
    let key = asking_key(state, call).await?;
    let not_found = || {
        call.say(
            StatusCode::NOT_FOUND,
            msg!("http-open311-request-not-found", id = id),
        )
    };
    let (case, _) = state
        .store
        .integration_case(id)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound(_) => not_found(),
            other => call.fail(other),
        })?;
    if !in_area(&master, &case, within) {
        return Err(not_found());
    }
    // One request always comes with its notes and answers: it is read one at a time.
    let node = request_with_extras(state, call, &case, key, true).await?;
    Ok(Document::ok(
        call.format,
        "service_requests",
        Node::List("request", vec![node]),
    ))
}

/// Nivaran files in real time, so a request's token is its own number: a client that kept
/// the token gets the number back.
pub(super) async fn token(
    state: &AppState,
    call: &Call,
    token: &str,
) -> Result<Document, Document> {
    let master = state.store.master();
    let within = call.jurisdiction(&master, &call.query)?;
    let found = state
        .store
        .integration_case(token)
        .await
        .and_then(|(case, _)| {
            if in_area(&master, &case, within) {
                Ok(case.view.registration_number)
            } else {
                Err(crate::store::StoreError::NotFound("grievance"))
            }
        });
    match found {
        Ok(number) => Ok(Document::ok(
            call.format,
            "service_requests",
            Node::List(
                "request",
                vec![Node::Object(vec![
                    ("service_request_id", Node::text(number)),
                    ("token", Node::text(token)),
                ])],
            ),
        )),
        Err(crate::store::StoreError::NotFound(_)) => Err(call.say(
            StatusCode::NOT_FOUND,
            msg!("http-open311-token-not-found", token = token),
        )),
        Err(e) => Err(call.fail(e)),
    }
}
