//! The six kinds of master data on one page layout ([`MasterPage`]): a filter, the list, and a
//! form that adds a row or, opened from a row's "edit" link, changes it (rows keyed by code).

use super::*;

/// One field of an administration form.
pub struct FieldSpec {
    pub name: &'static str,
    pub label: String,
    /// text, number, date, select or check.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub hint: String,
}

impl FieldSpec {
    fn text(c: &Ctx, name: &'static str, value: &str, required: bool) -> FieldSpec {
        FieldSpec {
            name,
            label: c.t(&format!("admin-field-{}", name.replace('_', "-"))),
            kind: "text",
            value: value.to_string(),
            options: Vec::new(),
            required,
            hint: String::new(),
        }
    }

    fn select(
        c: &Ctx,
        name: &'static str,
        value: &str,
        options: Vec<(String, String)>,
        required: bool,
    ) -> FieldSpec {
        FieldSpec {
            kind: "select",
            options,
            ..FieldSpec::text(c, name, value, required)
        }
    }

    fn kind(mut self, kind: &'static str) -> FieldSpec {
        self.kind = kind;
        self
    }

    fn hint(mut self, hint: String) -> FieldSpec {
        self.hint = hint;
        self
    }

    pub fn checked(&self) -> bool {
        matches!(self.value.as_str(), "1" | "true" | "on" | "yes")
    }
}

/// A row of a master-data list.
pub struct ListRow {
    pub cells: Vec<String>,
    /// The query that opens the row in the form.
    pub edit: String,
    /// The address that removes it, for rows that can be removed.
    pub remove: String,
}

#[derive(Template)]
#[template(path = "admin/master.html")]
pub(super) struct MasterPage {
    c: Ctx,
    kind: String,
    title: String,
    filter: Option<FieldSpec>,
    headers: Vec<String>,
    rows: Vec<ListRow>,
    shown_of: String,
    fields: Vec<FieldSpec>,
    editing: bool,
    saved: String,
    errors: FieldErrors,
}

pub(super) const KINDS: &[&str] = &[
    "jurisdictions",
    "departments",
    "offices",
    "categories",
    "routing",
    "holidays",
];

pub(super) fn departments(master: &MasterData, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = master
        .departments
        .values()
        .map(|d| {
            (
                d.code.clone(),
                format!("{} ({})", lang.pick(&d.name_en, &d.name_hi), d.code),
            )
        })
        .collect();
    out.sort();
    out
}

pub(super) fn states(master: &MasterData, lang: Lang) -> Vec<(String, String)> {
    master
        .children_of(None)
        .into_iter()
        .map(|j| {
            (
                j.code.clone(),
                lang.pick(&j.name_en, &j.name_hi).to_string(),
            )
        })
        .collect()
}

pub(super) fn office_label(master: &MasterData, id: Option<i64>, lang: Lang) -> String {
    id.and_then(|id| master.offices.get(&id))
        .map(|o| format!("{} ({})", lang.pick(&o.name_en, &o.name_hi), o.code))
        .unwrap_or_default()
}

pub(super) fn jurisdiction_label(master: &MasterData, id: Option<i64>, lang: Lang) -> String {
    id.and_then(|id| master.jurisdictions.get(&id))
        .map(|j| format!("{} ({})", lang.pick(&j.name_en, &j.name_hi), j.code))
        .unwrap_or_default()
}

pub(super) fn yes_no(c: &Ctx, flag: bool) -> String {
    if flag { c.t("yes") } else { c.t("no") }
}

/// Builds the page of one kind of master data for filter `q`, with `v` in the form.
pub(super) async fn master_view(
    state: &AppState,
    c: Ctx,
    kind: &str,
    q: &Form,
    v: Option<Form>,
    errors: FieldErrors,
) -> Result<MasterPage, ApiError> {
    let master = state.store.master();
    let lang = c.lang;
    let edit = q.get("edit");
    let mut rows = Vec::new();
    let total;
    let filter;
    let headers: Vec<String>;
    let fields: Vec<FieldSpec>;
    // What the form shows: what was sent, else the row being edited, else blanks.
    let mut value = Form::default();
    match kind {
        "departments" => {
            filter = None;
            headers = vec![
                c.t("admin-field-code"),
                c.t("admin-field-name-en"),
                c.t("admin-field-name-hi"),
            ];
            let mut list: Vec<_> = master.departments.values().collect();
            list.sort_by(|a, b| a.code.cmp(&b.code));
            total = list.len();
            for d in list {
                if d.code == edit {
                    value = Form(vec![
                        ("code".into(), d.code.clone()),
                        ("name_en".into(), d.name_en.clone()),
                        ("name_hi".into(), d.name_hi.clone()),
                    ]);
                }
                rows.push(ListRow {
                    cells: vec![d.code.clone(), d.name_en.clone(), d.name_hi.clone()],
                    edit: format!("edit={}", url_encode(&d.code)),
                    remove: String::new(),
                });
            }
            let v = v.as_ref().unwrap_or(&value);
            fields = vec![
                FieldSpec::text(&c, "code", &v.get("code"), true),
                FieldSpec::text(&c, "name_en", &v.get("name_en"), true),
                FieldSpec::text(&c, "name_hi", &v.get("name_hi"), true),
            ];
        }
        "categories" => {
            let department = q.get("department");
            filter = Some(FieldSpec::select(
                &c,
                "department",
                &department,
                departments(&master, lang),
                false,
            ));
            headers = vec![
                c.t("admin-field-code"),
                c.t("admin-field-name"),
                c.t("admin-field-kind"),
                c.t("admin-field-deadline-days"),
                c.t("admin-field-rts"),
            ];
            let department_id = master.department_by_code(&department).map(|d| d.id);
            let mut list: Vec<_> = master
                .categories
                .values()
                .filter(|cat| department_id.is_none_or(|d| cat.department_id == d))
                .collect();
            list.sort_by(|a, b| a.code.cmp(&b.code));
            total = list.len();
            for cat in list.iter().take(300) {
                let department_code = master
                    .departments
                    .get(&cat.department_id)
                    .map(|d| d.code.clone())
                    .unwrap_or_default();
                if cat.code == edit {
                    value = Form(vec![
                        ("code".into(), cat.code.clone()),
                        ("department_code".into(), department_code.clone()),
                        (
                            "parent_code".into(),
                            cat.parent_id
                                .and_then(|p| master.categories.get(&p))
                                .map(|p| p.code.clone())
                                .unwrap_or_default(),
                        ),
                        ("kind".into(), cat.kind.clone()),
                        ("name_en".into(), cat.name_en.clone()),
                        ("name_hi".into(), cat.name_hi.clone()),
                        ("deadline_days".into(), cat.deadline_days.to_string()),
                        ("synonyms".into(), cat.synonyms.clone()),
                        (
                            "rts".into(),
                            if cat.rts != 0 {
                                "1".into()
                            } else {
                                String::new()
                            },
                        ),
                    ]);
                }
                rows.push(ListRow {
                    cells: vec![
                        cat.code.clone(),
                        lang.pick(&cat.name_en, &cat.name_hi).to_string(),
                        c.kind(&cat.kind),
                        cat.deadline_days.to_string(),
                        yes_no(&c, cat.rts != 0),
                    ],
                    edit: format!(
                        "edit={}&department={}",
                        url_encode(&cat.code),
                        url_encode(&department)
                    ),
                    remove: String::new(),
                });
            }
            let v = v.as_ref().unwrap_or(&value);
            let kinds = Kind::ALL
                .iter()
                .map(|k| {
                    (
                        k.code().to_string(),
                        lang.pick(k.label_en(), k.label_hi()).to_string(),
                    )
                })
                .collect();
            let department_value = v.opt("department_code").unwrap_or(department);
            fields = vec![
                FieldSpec::text(&c, "code", &v.get("code"), true),
                FieldSpec::select(
                    &c,
                    "department_code",
                    &department_value,
                    departments(&master, lang),
                    true,
                ),
                FieldSpec::text(&c, "parent_code", &v.get("parent_code"), false)
                    .hint(c.t("admin-hint-parent-category")),
                FieldSpec::select(
                    &c,
                    "kind",
                    &v.opt("kind").unwrap_or_else(|| "complaint".into()),
                    kinds,
                    true,
                ),
                FieldSpec::text(&c, "name_en", &v.get("name_en"), true),
                FieldSpec::text(&c, "name_hi", &v.get("name_hi"), true),
                FieldSpec::text(
                    &c,
                    "deadline_days",
                    &v.opt("deadline_days").unwrap_or_else(|| "21".into()),
                    true,
                )
                .kind("number")
                .hint(c.t("admin-hint-deadline")),
                FieldSpec::text(&c, "rts", &v.get("rts"), false).kind("check"),
                FieldSpec::text(&c, "synonyms", &v.get("synonyms"), false)
                    .hint(c.t("admin-hint-synonyms")),
            ];
        }
        "offices" => {
            let department = q.get("department");
            filter = Some(FieldSpec::select(
                &c,
                "department",
                &department,
                departments(&master, lang),
                false,
            ));
            headers = vec![
                c.t("admin-field-code"),
                c.t("admin-field-name"),
                c.t("admin-field-jurisdiction-code"),
                c.t("admin-field-parent-code"),
                c.t("admin-field-level"),
                c.t("admin-field-nodal"),
            ];
            let department_id = master.department_by_code(&department).map(|d| d.id);
            let mut list: Vec<_> = master
                .offices
                .values()
                .filter(|o| department_id.is_none_or(|d| o.department_id == d))
                .collect();
            list.sort_by(|a, b| a.code.cmp(&b.code));
            total = list.len();
            for o in list.iter() {
                if o.code == edit {
                    value = Form(vec![
                        ("code".into(), o.code.clone()),
                        (
                            "department_code".into(),
                            master
                                .departments
                                .get(&o.department_id)
                                .map(|d| d.code.clone())
                                .unwrap_or_default(),
                        ),
                        (
                            "jurisdiction_code".into(),
                            master
                                .jurisdictions
                                .get(&o.jurisdiction_id)
                                .map(|j| j.code.clone())
                                .unwrap_or_default(),
                        ),
                        (
                            "parent_code".into(),
                            master.office_code(o.parent_id).unwrap_or_default(),
                        ),
                        ("level".into(), o.level.to_string()),
                        (
                            "nodal".into(),
                            if o.nodal != 0 {
                                "1".into()
                            } else {
                                String::new()
                            },
                        ),
                        ("name_en".into(), o.name_en.clone()),
                        ("name_hi".into(), o.name_hi.clone()),
                    ]);
                }
            }
            for o in list.iter().take(300) {
                rows.push(ListRow {
                    cells: vec![
                        o.code.clone(),
                        lang.pick(&o.name_en, &o.name_hi).to_string(),
                        jurisdiction_label(&master, Some(o.jurisdiction_id), lang),
                        office_label(&master, o.parent_id, lang),
                        format!("L{}", o.level),
                        yes_no(&c, o.nodal != 0),
                    ],
                    edit: format!(
                        "edit={}&department={}",
                        url_encode(&o.code),
                        url_encode(&department)
                    ),
                    remove: String::new(),
                });
            }
            let v = v.as_ref().unwrap_or(&value);
            let levels = (1..=4).map(|l| (l.to_string(), format!("L{l}"))).collect();
            fields = vec![
                FieldSpec::text(&c, "code", &v.get("code"), true),
                FieldSpec::select(
                    &c,
                    "department_code",
                    &v.opt("department_code").unwrap_or(department),
                    departments(&master, lang),
                    true,
                ),
                FieldSpec::text(&c, "jurisdiction_code", &v.get("jurisdiction_code"), true),
                FieldSpec::text(&c, "parent_code", &v.get("parent_code"), false)
                    .hint(c.t("admin-hint-parent-office")),
                FieldSpec::select(
                    &c,
                    "level",
                    &v.opt("level").unwrap_or_else(|| "1".into()),
                    levels,
                    true,
                ),
                FieldSpec::text(&c, "name_en", &v.get("name_en"), true),
                FieldSpec::text(&c, "name_hi", &v.get("name_hi"), true),
                FieldSpec::text(&c, "nodal", &v.get("nodal"), false)
                    .kind("check")
                    .hint(c.t("admin-hint-nodal")),
            ];
        }
        "jurisdictions" => {
            let parent = q.get("parent");
            let parent_j = master.jurisdiction_by_code(&parent);
            let mut options: Vec<(String, String)> = master
                .jurisdictions
                .values()
                .filter(|j| {
                    matches!(
                        j.level.as_str(),
                        "state"
                            | "district"
                            | "subdivision"
                            | "block"
                            | "municipality"
                            | "gram_panchayat"
                    )
                })
                .map(|j| {
                    (
                        j.code.clone(),
                        format!("{} ({})", lang.pick(&j.name_en, &j.name_hi), j.code),
                    )
                })
                .collect();
            options.sort_by(|a, b| a.1.cmp(&b.1));
            filter = Some(FieldSpec::select(&c, "parent", &parent, options, false));
            headers = vec![
                c.t("admin-field-code"),
                c.t("admin-field-name"),
                c.t("admin-field-level"),
                c.t("admin-field-below"),
            ];
            let list = master.children_of(parent_j.map(|j| j.id));
            total = list.len();
            for j in &list {
                let below = master.children_of(Some(j.id)).len() as i64;
                rows.push(ListRow {
                    cells: vec![
                        j.code.clone(),
                        lang.pick(&j.name_en, &j.name_hi).to_string(),
                        JurisdictionLevel::parse(&j.level)
                            .map(|l| lang.pick(l.label_en(), l.label_hi()).to_string())
                            .unwrap_or_default(),
                        c.num(&below),
                    ],
                    edit: format!(
                        "edit={}&parent={}",
                        url_encode(&j.code),
                        url_encode(&parent)
                    ),
                    remove: String::new(),
                });
            }
            if let Some(j) = master.jurisdiction_by_code(&edit) {
                value = Form(vec![
                    ("code".into(), j.code.clone()),
                    (
                        "parent_code".into(),
                        j.parent_id
                            .and_then(|p| master.jurisdictions.get(&p))
                            .map(|p| p.code.clone())
                            .unwrap_or_default(),
                    ),
                    ("level".into(), j.level.clone()),
                    ("name_en".into(), j.name_en.clone()),
                    ("name_hi".into(), j.name_hi.clone()),
                ]);
            }
            let v = v.as_ref().unwrap_or(&value);
            let levels = JurisdictionLevel::ALL
                .iter()
                .map(|l| {
                    (
                        l.code().to_string(),
                        lang.pick(l.label_en(), l.label_hi()).to_string(),
                    )
                })
                .collect();
            fields = vec![
                FieldSpec::text(&c, "code", &v.get("code"), true),
                FieldSpec::text(
                    &c,
                    "parent_code",
                    &v.opt("parent_code").unwrap_or(parent),
                    false,
                ),
                FieldSpec::select(&c, "level", &v.get("level"), levels, true),
                FieldSpec::text(&c, "name_en", &v.get("name_en"), true),
                FieldSpec::text(&c, "name_hi", &v.get("name_hi"), true),
            ];
        }
        "routing" => {
            let department = q.get("department");
            filter = Some(FieldSpec::select(
                &c,
                "department",
                &department,
                departments(&master, lang),
                false,
            ));
            headers = vec![
                c.t("admin-field-department-code"),
                c.t("admin-field-category-code"),
                c.t("admin-field-jurisdiction-code"),
                c.t("admin-field-office-code"),
            ];
            let department_id = master.department_by_code(&department).map(|d| d.id);
            let list = state.store.list_routing_rules(department_id).await?;
            total = list.len();
            for r in list.iter().take(300) {
                rows.push(ListRow {
                    cells: vec![
                        master
                            .departments
                            .get(&r.department_id)
                            .map(|d| d.code.clone())
                            .unwrap_or_default(),
                        r.category_id
                            .and_then(|id| master.categories.get(&id))
                            .map(|cat| cat.code.clone())
                            .unwrap_or_else(|| c.t("admin-any-category")),
                        jurisdiction_label(&master, Some(r.jurisdiction_id), lang),
                        office_label(&master, Some(r.office_id), lang),
                    ],
                    edit: String::new(),
                    remove: format!("/admin/routing/{}/remove", r.id),
                });
            }
            let v = v.as_ref().unwrap_or(&value);
            fields = vec![
                FieldSpec::select(
                    &c,
                    "department_code",
                    &v.opt("department_code").unwrap_or(department),
                    departments(&master, lang),
                    true,
                ),
                FieldSpec::text(&c, "category_code", &v.get("category_code"), false)
                    .hint(c.t("admin-hint-routing-category")),
                FieldSpec::text(&c, "jurisdiction_code", &v.get("jurisdiction_code"), true),
                FieldSpec::text(&c, "office_code", &v.get("office_code"), true),
            ];
        }
        "holidays" => {
            let state_code = q.get("state");
            filter = Some(FieldSpec::select(
                &c,
                "state",
                &state_code,
                states(&master, lang),
                false,
            ));
            headers = vec![
                c.t("admin-field-date"),
                c.t("admin-field-name"),
                c.t("admin-field-state-code"),
            ];
            let state_id = master.jurisdiction_by_code(&state_code).map(|j| j.id);
            let list = state.store.list_holidays(state_id).await?;
            total = list.len();
            for h in list.iter().take(400) {
                rows.push(ListRow {
                    cells: vec![
                        c.date(&h.day),
                        lang.pick(&h.name_en, &h.name_hi).to_string(),
                        jurisdiction_label(&master, Some(h.state_id), lang),
                    ],
                    edit: String::new(),
                    remove: format!("/admin/holidays/{}/remove", h.id),
                });
            }
            let v = v.as_ref().unwrap_or(&value);
            fields = vec![
                FieldSpec::select(
                    &c,
                    "state_code",
                    &v.opt("state_code").unwrap_or(state_code),
                    states(&master, lang),
                    true,
                ),
                FieldSpec::text(&c, "date", &v.get("date"), true).kind("date"),
                FieldSpec::text(&c, "name_en", &v.get("name_en"), true),
                FieldSpec::text(&c, "name_hi", &v.get("name_hi"), true),
            ];
        }
        _ => return Err(ApiError::not_found("page")),
    }
    let shown = rows.len() as i64;
    Ok(MasterPage {
        title: c.t(&format!("admin-{kind}")),
        shown_of: c.t2(
            "admin-shown-of",
            "shown",
            c.num(&shown),
            "total",
            c.num(&(total as i64)),
        ),
        kind: kind.to_string(),
        filter,
        headers,
        rows,
        fields,
        editing: !edit.is_empty(),
        saved: q.get("saved"),
        errors,
        c,
    })
}

pub async fn master_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(kind): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    admin(&c)?;
    match kind.as_str() {
        "users" => return users_page(state, c, uri).await,
        "tokens" => return tokens_page(state, c, None, FieldErrors::default()).await,
        "outbox" => return outbox_page(state, c, uri).await,
        "exchange" => return exchange_page(state, c, uri).await,
        _ => {}
    }
    if !KINDS.contains(&kind.as_str()) {
        return Err(ApiError::not_found("page"));
    }
    let q = query_form(&uri);
    let view = master_view(&state, c, &kind, &q, None, FieldErrors::default()).await?;
    Ok(page(&view))
}

/// The change the form asks for.
pub(super) fn change_from(kind: &str, v: &Form) -> Option<MasterChange> {
    let check = |name: &str| {
        if matches!(v.get(name).as_str(), "1" | "on" | "true") {
            "true".to_string()
        } else {
            "false".to_string()
        }
    };
    Some(match kind {
        "departments" => MasterChange::Department(DepartmentRow {
            code: v.get("code"),
            name_en: v.get("name_en"),
            name_hi: v.get("name_hi"),
        }),
        "categories" => MasterChange::Category(CategoryRow {
            code: v.get("code"),
            department_code: v.get("department_code"),
            parent_code: v.get("parent_code"),
            kind: v.get("kind"),
            name_en: v.get("name_en"),
            name_hi: v.get("name_hi"),
            deadline_days: v.get("deadline_days"),
            rts: check("rts"),
            synonyms: v.get("synonyms"),
        }),
        "offices" => MasterChange::Office(OfficeRow {
            code: v.get("code"),
            department_code: v.get("department_code"),
            jurisdiction_code: v.get("jurisdiction_code"),
            parent_code: v.get("parent_code"),
            level: v.get("level"),
            name_en: v.get("name_en"),
            name_hi: v.get("name_hi"),
            nodal: check("nodal"),
        }),
        "jurisdictions" => MasterChange::Jurisdiction(JurisdictionRow {
            code: v.get("code"),
            parent_code: v.get("parent_code"),
            level: v.get("level"),
            name_en: v.get("name_en"),
            name_hi: v.get("name_hi"),
            latitude: None,
            longitude: None,
        }),
        "routing" => MasterChange::Routing(RoutingRow {
            department_code: v.get("department_code"),
            category_code: v.get("category_code"),
            jurisdiction_code: v.get("jurisdiction_code"),
            office_code: v.get("office_code"),
        }),
        "holidays" => MasterChange::Holiday(HolidayRow {
            state_code: v.get("state_code"),
            date: v.get("date"),
            name_en: v.get("name_en"),
            name_hi: v.get("name_hi"),
        }),
        _ => return None,
    })
}

/// The filter the list was showing, kept across a save.
pub(super) fn keep_filter(kind: &str, v: &Form) -> String {
    match kind {
        "categories" | "offices" | "routing" => {
            format!("department={}", url_encode(&v.get("department_code")))
        }
        "jurisdictions" => format!("parent={}", url_encode(&v.get("parent_code"))),
        "holidays" => format!("state={}", url_encode(&v.get("state_code"))),
        _ => String::new(),
    }
}

pub async fn master_save(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(kind): Path<String>,
    v: Form,
) -> Result<Response, ApiError> {
    admin(&c)?;
    match kind.as_str() {
        "users" => return user_add(state, c, v).await,
        "tokens" => return token_issue(state, c, v).await,
        _ => {}
    }
    let Some(change) = change_from(&kind, &v) else {
        return Err(ApiError::not_found("page"));
    };
    let actor = c.actor()?;
    match state.store.change_master(&change, &actor).await {
        Ok(()) => {
            let saved = match &change {
                MasterChange::Routing(r) => r.office_code.clone(),
                MasterChange::Holiday(h) => h.date.clone(),
                _ => v.get("code"),
            };
            Ok(see_other(&format!(
                "/admin/{kind}?{}&saved={}",
                keep_filter(&kind, &v),
                url_encode(&saved)
            )))
        }
        Err(e) => {
            let e = ApiError::from(e);
            let names: Vec<&str> = [
                "code",
                "parent_code",
                "department_code",
                "jurisdiction_code",
                "office_code",
                "category_code",
                "state_code",
                "level",
                "kind",
                "name_en",
                "name_hi",
                "deadline_days",
                "rts",
                "nodal",
                "date",
            ]
            .to_vec();
            let mut errors = FieldErrors::default();
            errors.api_error(&e, c.lang, &names);
            let q = Form::parse(keep_filter(&kind, &v).as_bytes());
            let view = master_view(&state, c, &kind, &q, Some(v), errors).await?;
            Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}

pub async fn master_remove(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path((kind, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    admin(&c)?;
    let change = match kind.as_str() {
        "routing" => MasterChange::RemoveRouting { id },
        "holidays" => MasterChange::RemoveHoliday { id },
        _ => return Err(ApiError::not_found("page")),
    };
    state.store.change_master(&change, &c.actor()?).await?;
    Ok(see_other(&format!("/admin/{kind}?saved=-")))
}
