//! What the endpoint offers: discovery, the service list and each service's definition (the
//! questions its category asks).

use super::*;

pub(super) async fn discovery(
    state: &AppState,
    call: &Call,
    headers: &HeaderMap,
) -> Result<Document, Document> {
    let changeset = state
        .store
        .services_changed_at()
        .await
        .map_err(|e| call.fail(e))?
        .to_rfc3339_ist();
    let endpoint = Node::Object(vec![
        ("specification", Node::text(SPECIFICATION)),
        ("url", Node::text(base_url(state, headers))),
        ("changeset", Node::text(changeset.clone())),
        ("type", Node::text("production")),
        (
            "formats",
            Node::List(
                "format",
                vec![Node::text("text/xml"), Node::text("application/json")],
            ),
        ),
    ]);
    Ok(Document::ok(
        call.format,
        "discovery",
        Node::Object(vec![
            ("changeset", Node::text(changeset)),
            (
                "contact",
                Node::text(
                    "The state's Nivaran administrator (the grievance cell of the Chief Minister's office)",
                ),
            ),
            (
                "key_service",
                Node::text(
                    "API keys are issued to each integration by a Nivaran administrator (POST /api/v1/admin/api-keys)",
                ),
            ),
            ("endpoints", Node::List("endpoint", vec![endpoint])),
        ]),
    ))
}

pub(super) async fn services(state: &AppState, call: &Call) -> Result<Document, Document> {
    let master = state.store.master();
    call.jurisdiction(&master, &call.query)?;
    let asking = state
        .store
        .categories_with_attributes()
        .await
        .map_err(|e| call.fail(e))?;
    let mut categories: Vec<_> = master.categories.values().collect();
    categories.sort_by(|a, b| a.code.cmp(&b.code));
    let lang = call.lang;
    let items = categories
        .into_iter()
        .map(|c| {
            let department = master.departments.get(&c.department_id);
            let group = department
                .map(|d| lang.pick(&d.name_en, &d.name_hi).to_string())
                .unwrap_or_default();
            let description = match lang {
                Lang::En => format!(
                    "{} ({group}): acted on within {} working days",
                    c.name_en, c.deadline_days
                ),
                Lang::Hi => format!(
                    "{} ({group}): {} कार्य दिवसों में कार्रवाई",
                    c.name_hi, c.deadline_days
                ),
            };
            Node::Object(vec![
                ("service_code", Node::text(c.code.clone())),
                (
                    "service_name",
                    Node::text(lang.pick(&c.name_en, &c.name_hi)),
                ),
                ("description", Node::text(description)),
                ("metadata", Node::Bool(asking.contains(&c.id))),
                ("type", Node::text("realtime")),
                // The other language's name: a search in either finds the service.
                (
                    "keywords",
                    Node::text(format!("{}, {}", c.name_en, c.name_hi)),
                ),
                ("group", Node::text(group)),
            ])
        })
        .collect();
    Ok(Document::ok(
        call.format,
        "services",
        Node::List("service", items),
    ))
}

pub(super) fn attribute_node(lang: Lang, order: usize, a: &CategoryAttribute) -> Node {
    let mut fields = vec![
        ("variable", Node::Bool(true)),
        ("code", Node::text(a.code.clone())),
        ("datatype", Node::text(a.datatype.clone())),
        ("required", Node::Bool(a.required)),
        (
            "datatype_description",
            match a.datatype.as_str() {
                "number" => Node::text(lang.pick("A number", "एक संख्या")),
                "datetime" => Node::text(lang.pick(
                    "A date (YYYY-MM-DD) or a date and time with its offset",
                    "तारीख (YYYY-MM-DD) या समय सहित तारीख",
                )),
                "multivaluelist" => Node::text(lang.pick(
                    "One or more of the values' keys",
                    "मानों की एक या अधिक कुंजियाँ",
                )),
                _ => Node::Null,
            },
        ),
        ("order", Node::Integer(order as i64 + 1)),
        (
            "description",
            Node::text(lang.pick(&a.question_en, &a.question_hi)),
        ),
    ];
    if a.datatype.ends_with("valuelist") {
        fields.push((
            "values",
            Node::List(
                "value",
                a.choices
                    .iter()
                    .map(|c| {
                        Node::Object(vec![
                            ("key", Node::text(c.key.clone())),
                            ("name", Node::text(lang.pick(&c.name_en, &c.name_hi))),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    Node::Object(fields)
}

pub(super) async fn service_definition(
    state: &AppState,
    call: &Call,
    code: &str,
) -> Result<Document, Document> {
    let master = state.store.master();
    call.jurisdiction(&master, &call.query)?;
    let category = master.category_by_code(code).ok_or_else(|| {
        call.say(
            StatusCode::NOT_FOUND,
            msg!("http-open311-service-code-not-found", code = code),
        )
    })?;
    let attributes = state
        .store
        .category_attributes(category.id)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Document::ok(
        call.format,
        "service_definition",
        Node::Object(vec![
            ("service_code", Node::text(category.code.clone())),
            (
                "attributes",
                Node::List(
                    "attribute",
                    attributes
                        .iter()
                        .enumerate()
                        .map(|(i, a)| attribute_node(call.lang, i, a))
                        .collect(),
                ),
            ),
        ]),
    ))
}
