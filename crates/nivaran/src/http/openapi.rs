//! The OpenAPI 3.1 description of the JSON API, served at `/api/v1/openapi.json`. The bodies'
//! schemas are generated from the Rust types the handlers read and write (schemars, JSON Schema
//! 2020-12, which OpenAPI 3.1 uses); the operations are listed here, one line each, and a test
//! reads the router's source to fail when a route is missing from the list.

use crate::store::{
    ActionRequest, Attachment, EventView, GrievancePage, GrievanceView, Registered,
};
use nivaran_domain::grievance::GrievanceForm;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Value, json};

mod review_operations;
mod social_operations;
mod telephony_operations;

/// Who may call an operation.
#[derive(Clone, Copy, PartialEq)]
enum Access {
    Anyone,
    SignedIn,
    Admin,
}

enum Body {
    None,
    Json(Value),
    /// multipart/form-data: these fields, files in `file`.
    Multipart(Value),
}

struct Operation {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    access: Access,
    /// (name, JSON Schema, description)
    query: Vec<(&'static str, Value, &'static str)>,
    body: Body,
    /// The success status and its body's schema (`Value::Null`: no body).
    ok: (u16, Value),
    /// The success body is plain text (for a machine that reads it out), not JSON.
    plain_text: bool,
}

fn string() -> Value {
    json!({"type": "string"})
}

fn integer() -> Value {
    json!({"type": "integer"})
}

fn boolean() -> Value {
    json!({"type": "boolean"})
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

fn items(of: Value) -> Value {
    object(json!({"items": {"type": "array", "items": of}}), &["items"])
}

/// An operation with no query and no body.
fn op(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    access: Access,
    ok: (u16, Value),
) -> Operation {
    Operation {
        method,
        path,
        summary,
        access,
        query: Vec::new(),
        body: Body::None,
        ok,
        plain_text: false,
    }
}

/// An operation whose answer is plain text.
fn as_plain_text(mut o: Operation) -> Operation {
    o.plain_text = true;
    o
}

fn with_body(mut o: Operation, body: Value) -> Operation {
    o.body = Body::Json(body);
    o
}

fn with_query(mut o: Operation, query: Vec<(&'static str, Value, &'static str)>) -> Operation {
    o.query = query;
    o
}

/// Any JSON object (answers assembled by hand, described by their page in docs/API.md).
fn any_object() -> Value {
    json!({"type": "object"})
}

fn operations(g: &mut SchemaGenerator) -> Vec<Operation> {
    let grievance_form = g.subschema_for::<GrievanceForm>().to_value();
    let action = g.subschema_for::<ActionRequest>().to_value();
    let view = g.subschema_for::<GrievanceView>().to_value();
    let event = g.subschema_for::<EventView>().to_value();
    let page = g.subschema_for::<GrievancePage>().to_value();
    let registered = g.subschema_for::<Registered>().to_value();
    let attachment = g.subschema_for::<Attachment>().to_value();
    let credentials = object(
        json!({"username": string(), "password": string()}),
        &["username", "password"],
    );
    let session = object(
        json!({"token": string(), "expires_at": string(), "user": any_object()}),
        &["token"],
    );
    let list_filters = vec![
        (
            "status",
            string(),
            "open, or a status code (received, assigned, accepted, …)",
        ),
        ("office", string(), "holding office code"),
        ("category", string(), "category code"),
        ("department", string(), "department code"),
        ("district", string(), "district code"),
        ("channel", string(), "channel code"),
        ("priority", string(), "normal, high or top"),
        ("overdue", boolean(), "past the deadline"),
        (
            "from",
            json!({"type": "string", "format": "date"}),
            "filed on or after (IST)",
        ),
        (
            "to",
            json!({"type": "string", "format": "date"}),
            "filed on or before (IST)",
        ),
        (
            "q",
            string(),
            "words in the subject or description, Hindi or English",
        ),
        ("escalated_to", string(), "escalated to this office (code)"),
        (
            "special_close",
            string(),
            "requested: special closures awaiting approval",
        ),
        ("atr_pending", boolean(), "ATRs submitted, not yet approved"),
        ("mine", boolean(), "cases the signed-in operator filed"),
        (
            "holder",
            json!({"type": "string", "enum": ["me", "none"]}),
            "me: the cases the signed-in officer holds by name; none: those no officer holds yet",
        ),
        ("sort", string(), "due, filed, -filed, recent or relevance"),
        ("page", integer(), "from 1"),
        ("per_page", integer(), "1 to 200"),
    ];
    vec![
        op(
            "get",
            "/openapi.json",
            "This description",
            Access::Anyone,
            (200, any_object()),
        ),
        with_body(
            op(
                "post",
                "/auth/login",
                "Sign in: a session token",
                Access::Anyone,
                (200, session.clone()),
            ),
            credentials.clone(),
        ),
        op(
            "post",
            "/auth/logout",
            "End this session",
            Access::SignedIn,
            (204, Value::Null),
        ),
        with_body(
            op(
                "post",
                "/auth/password",
                "Change one's password",
                Access::SignedIn,
                (204, Value::Null),
            ),
            object(
                json!({"current_password": string(), "new_password": string()}),
                &["current_password", "new_password"],
            ),
        ),
        with_body(
            op(
                "post",
                "/auth/signup",
                "A citizen's account, with a one-time password",
                Access::Anyone,
                (201, any_object()),
            ),
            object(
                json!({"mobile": string(), "code": string(), "full_name": string(), "password": string()}),
                &["mobile", "code", "full_name", "password"],
            ),
        ),
        with_body(
            op(
                "post",
                "/auth/password/reset",
                "A citizen sets a new password, proving the number with a one-time password",
                Access::Anyone,
                (204, Value::Null),
            ),
            object(
                json!({"mobile": string(), "code": string(), "new_password": string()}),
                &["mobile", "code", "new_password"],
            ),
        ),
        op(
            "get",
            "/me",
            "The signed-in user",
            Access::SignedIn,
            (200, any_object()),
        ),
        with_body(
            op(
                "post",
                "/otp/request",
                "Send a one-time password by SMS",
                Access::Anyone,
                (202, any_object()),
            ),
            object(
                json!({"mobile": string(), "language": string()}),
                &["mobile"],
            ),
        ),
        with_body(
            op(
                "post",
                "/otp/verify",
                "Check a one-time password",
                Access::Anyone,
                (200, any_object()),
            ),
            object(
                json!({"mobile": string(), "code": string()}),
                &["mobile", "code"],
            ),
        ),
        with_query(
            op(
                "get",
                "/jurisdictions",
                "Places: a level's children",
                Access::Anyone,
                (200, items(any_object())),
            ),
            vec![(
                "parent",
                string(),
                "the parent's code; the states without it",
            )],
        ),
        op(
            "get",
            "/departments",
            "Departments",
            Access::Anyone,
            (200, items(any_object())),
        ),
        with_query(
            op(
                "get",
                "/categories",
                "Categories",
                Access::Anyone,
                (200, items(any_object())),
            ),
            vec![
                ("department", string(), "department code"),
                (
                    "q",
                    string(),
                    "words naming the category: its names, code, department or synonyms, however spelt",
                ),
            ],
        ),
        with_query(
            op(
                "get",
                "/categories/suggest",
                "The categories a citizen's words point to, likeliest first",
                Access::Anyone,
                (200, items(any_object())),
            ),
            vec![
                (
                    "text",
                    string(),
                    "what the citizen wrote, subject and description, in any language or script (required; at most 5,201 characters)",
                ),
                (
                    "most",
                    integer(),
                    "how many categories, 1 to 10 (default 3)",
                ),
            ],
        ),
        with_query(
            op(
                "get",
                "/offices",
                "Offices",
                Access::Anyone,
                (200, items(any_object())),
            ),
            vec![
                ("department", string(), "department code"),
                ("jurisdiction", string(), "place code"),
            ],
        ),
        Operation {
            body: Body::Multipart(grievance_form.clone()),
            ..with_body(
                op(
                    "post",
                    "/grievances",
                    "File a grievance (JSON, or multipart with up to five files)",
                    Access::Anyone,
                    (201, registered),
                ),
                grievance_form,
            )
        },
        with_query(
            op(
                "get",
                "/grievances",
                "Cases this user may see, filtered and sorted",
                Access::SignedIn,
                (200, page),
            ),
            list_filters,
        ),
        op(
            "get",
            "/grievances/{regno}",
            "A case with its timeline",
            Access::SignedIn,
            (
                200,
                object(
                    json!({"grievance": view.clone(), "timeline": {"type": "array", "items": event}}),
                    &["grievance", "timeline"],
                ),
            ),
        ),
        with_body(
            op(
                "post",
                "/grievances/{regno}/actions",
                "Act on a case (the lifecycle's actions)",
                Access::SignedIn,
                (200, object(json!({"grievance": view}), &["grievance"])),
            ),
            json!({
                "allOf": [action, {"type": "object", "properties": {"version": {"type": "integer"}}}]
            }),
        ),
        Operation {
            body: Body::Multipart(object(
                json!({"file": {"type": "string", "contentMediaType": "application/octet-stream"}}),
                &["file"],
            )),
            ..op(
                "post",
                "/grievances/{regno}/attachments",
                "Attach a document (PDF, image)",
                Access::SignedIn,
                (
                    201,
                    object(json!({"attachment": attachment.clone()}), &["attachment"]),
                ),
            )
        },
        op(
            "get",
            "/grievances/{regno}/attachments",
            "A case's documents",
            Access::SignedIn,
            (200, items(attachment)),
        ),
        op(
            "get",
            "/grievances/{regno}/attachments/{sha256}",
            "One document's bytes",
            Access::SignedIn,
            (
                200,
                json!({"type": "string", "contentMediaType": "application/octet-stream"}),
            ),
        ),
        op(
            "get",
            "/admin/users",
            "Users",
            Access::Admin,
            (200, items(any_object())),
        ),
        with_body(
            op(
                "post",
                "/admin/users",
                "Add a user",
                Access::Admin,
                (201, any_object()),
            ),
            object(
                json!({"username": string(), "full_name": string(), "role": string(), "office": string(),
                       "jurisdiction": string(), "mobile": string(), "email": string(), "password": string()}),
                &["username", "full_name", "role", "password"],
            ),
        ),
        op(
            "get",
            "/admin/tokens",
            "API tokens",
            Access::Admin,
            (200, items(any_object())),
        ),
        with_body(
            op(
                "post",
                "/admin/tokens",
                "Issue an API token acting as a user",
                Access::Admin,
                (201, any_object()),
            ),
            object(
                json!({"username": string(), "label": string()}),
                &["username", "label"],
            ),
        ),
        op(
            "delete",
            "/admin/tokens/{id}",
            "Revoke an API token",
            Access::Admin,
            (204, Value::Null),
        ),
        op(
            "get",
            "/admin/api-keys",
            "Open311 keys",
            Access::Admin,
            (200, items(any_object())),
        ),
        with_body(
            op(
                "post",
                "/admin/api-keys",
                "Issue an Open311 key for an integration (shown once)",
                Access::Admin,
                (
                    201,
                    object(
                        json!({"id": integer(), "name": string(), "api_key": string()}),
                        &["id", "name", "api_key"],
                    ),
                ),
            ),
            object(json!({"name": string()}), &["name"]),
        ),
        op(
            "delete",
            "/admin/api-keys/{id}",
            "Revoke an Open311 key",
            Access::Admin,
            (204, Value::Null),
        ),
        op(
            "get",
            "/admin/webhooks",
            "Webhook subscriptions",
            Access::Admin,
            (200, items(any_object())),
        ),
        with_body(
            op(
                "post",
                "/admin/webhooks",
                "Subscribe an integration to status changes (the secret is shown once)",
                Access::Admin,
                (
                    201,
                    object(
                        json!({"id": integer(), "url": string(), "secret": string()}),
                        &["id", "url", "secret"],
                    ),
                ),
            ),
            object(
                json!({"api_key_id": integer(), "url": string(), "department": string()}),
                &["api_key_id", "url"],
            ),
        ),
        op(
            "delete",
            "/admin/webhooks/{id}",
            "Stop a subscription",
            Access::Admin,
            (204, Value::Null),
        ),
        op(
            "get",
            "/categories/{code}/attributes",
            "The questions a category asks",
            Access::Anyone,
            (200, items(any_object())),
        ),
        with_body(
            op(
                "put",
                "/categories/{code}/attributes",
                "Replace a category's questions",
                Access::Admin,
                (200, items(any_object())),
            ),
            items(any_object()),
        ),
        with_query(
            op(
                "get",
                "/admin/outbox",
                "Messages waiting, sent, failed or dead",
                Access::Admin,
                (200, items(any_object())),
            ),
            vec![
                (
                    "status",
                    string(),
                    "pending, failed, sent, dead or rejected",
                ),
                ("limit", integer(), "at most this many"),
            ],
        ),
        op(
            "post",
            "/admin/outbox/{id}/retry",
            "Send a message again",
            Access::Admin,
            (202, Value::Null),
        ),
        with_query(
            op(
                "get",
                "/sms/delivery-report",
                "The SMS provider's delivery report",
                Access::Anyone,
                (200, any_object()),
            ),
            vec![
                ("reference", string(), "the provider's message reference"),
                ("status", string(), "delivered, failed, …"),
                ("token", string(), "the configured callback secret"),
            ],
        ),
    ]
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    })
}

/// The whole document.
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let mut operations = operations(&mut generator);
    operations.extend(review_operations::operations());
    operations.extend(social_operations::operations());
    operations.extend(telephony_operations::operations());
    let mut paths = serde_json::Map::new();
    for o in &operations {
        let mut parameters: Vec<Value> = o
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                let schema = if name == "id" { integer() } else { string() };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        parameters.extend(o.query.iter().map(|(name, schema, description)| {
            json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description})
        }));
        // Any value: `hi` asks for Hindi, anything else is English (a hint, never an error).
        parameters.push(json!({
            "name": "lang", "in": "query", "required": false,
            "schema": {"type": "string"},
            "description": "hi for error messages in Hindi (or send Accept-Language: hi)"
        }));
        let mut responses = serde_json::Map::new();
        let (status, body) = &o.ok;
        responses.insert(
            status.to_string(),
            if body.is_null() {
                json!({"description": "done"})
            } else if o.plain_text {
                json!({"description": "done", "content": {"text/plain": {"schema": body}}})
            } else {
                json!({"description": "done", "content": {"application/json": {"schema": body}}})
            },
        );
        for (code, what) in [
            ("400", "the request could not be read"),
            ("404", "no such thing, or not for this user"),
            ("409", "someone else changed it first"),
            ("413", "the body is too large"),
            ("415", "the body is not of a type this takes"),
            ("422", "a field is wrong: the error names it"),
            ("429", "too many requests"),
            ("503", "the database is unreachable; nothing was saved"),
        ] {
            responses.insert(code.into(), error_response(what));
        }
        // Open operations answer 401 too: to a token that is wrong or expired, and (signing in)
        // to wrong credentials.
        responses.insert(
            "401".into(),
            error_response("sign in first, or the credentials or token are wrong"),
        );
        // Refused by role, or (the platforms' doors) for a wrong token or signature.
        if o.access != Access::Anyone
            || o.method != "get"
            || o.plain_text
            || o.path.starts_with("/telephony/")
        {
            responses.insert(
                "403".into(),
                error_response("this role may not, or the token or signature is wrong"),
            );
        }
        let mut operation = json!({
            "summary": o.summary,
            "operationId": format!("{} {}", o.method, o.path),
            "parameters": parameters,
            "responses": responses,
        });
        if o.access != Access::Anyone {
            operation["security"] = json!([{"bearer": []}]);
        }
        match &o.body {
            Body::None => {}
            Body::Json(schema) => {
                operation["requestBody"] = json!({
                    "required": true,
                    "content": {"application/json": {"schema": schema}}
                });
            }
            Body::Multipart(schema) => {
                let mut content = json!({"multipart/form-data": {"schema": schema}});
                if o.path == "/grievances" {
                    content["application/json"] = json!({"schema": schema});
                }
                operation["requestBody"] = json!({"required": true, "content": content});
            }
        }
        paths.entry(o.path.to_string()).or_insert_with(|| json!({}))[o.method] = operation;
    }
    let mut schemas: serde_json::Map<String, Value> = generator.take_definitions(true);
    schemas.insert(
        "Error".into(),
        object(
            json!({"error": object(
                json!({"code": string(), "message": string(), "field": {"type": ["string", "null"]}}),
                &["code", "message"],
            )}),
            &["error"],
        ),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Nivaran",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of Nivaran, the public-grievance redressal system. \
                Errors are {\"error\": {code, message, field}} with stable codes. \
                Open311 GeoReport v2 is served at /open311/v2 (see its discovery document).",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.route(…)` of the API router, with its methods, read from the router's source:
    /// a route added there and not here fails this test.
    fn routed() -> Vec<(String, String)> {
        let source = include_str!("mod.rs");
        let start = source.find("pub fn api_router()").expect("the API router");
        let end = source[start..]
            .find(".fallback(api_not_found)")
            .expect("its end")
            + start;
        let mut out = Vec::new();
        for call in source[start..end].split(".route(").skip(1) {
            let path = call.split('"').nth(1).expect("a path").to_string();
            for method in ["get", "post", "put", "delete", "patch"] {
                if call.contains(&format!("{method}(")) {
                    out.push((method.to_string(), path.clone()));
                }
            }
        }
        out
    }

    #[test]
    fn every_route_is_described_and_every_description_is_routed() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        let routed = routed();
        assert!(routed.len() > 30, "{routed:?}");
        for (method, path) in &routed {
            assert!(
                paths.get(path).and_then(|p| p.get(method)).is_some(),
                "{method} {path} is routed but missing from the OpenAPI description"
            );
        }
        for (path, item) in paths {
            for method in item.as_object().unwrap().keys() {
                assert!(
                    routed.iter().any(|(m, p)| m == method && p == path),
                    "{method} {path} is described but not routed"
                );
            }
        }
    }

    #[test]
    fn the_document_is_openapi_3_1_and_its_references_resolve() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for reference in text.split("\"$ref\":\"").skip(1) {
            let target = reference.split('"').next().unwrap();
            let name = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("a reference outside the components: {target}"));
            assert!(schemas.contains_key(name), "{target} does not resolve");
        }
        for name in [
            "GrievanceForm",
            "ActionRequest",
            "GrievanceView",
            "Registered",
            "Error",
        ] {
            assert!(schemas.contains_key(name), "{name}");
        }
    }
}
