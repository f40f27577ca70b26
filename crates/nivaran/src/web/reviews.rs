//! Review meetings (seeds 000, 003, 004): a reviewer makes a meeting for a scope and a day, its
//! agenda generated and frozen; records who attended, the minutes and the directions (with the
//! cases a direction covers, whose holders see its target in their inbox); the next meeting of
//! the scope shows each earlier direction met, partly met or missed. The minutes go out as PDF
//! and XLSX in Hindi or English. Officers see the directions that concern them at /directions.

use super::dashboard::{REVIEWERS, scope_name, scope_of};
use super::forms::{Form, query_form, url_encode};
use super::i18n::Lang;
use super::{Ctx, page, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::present::meeting::{self, directions_table, owner_name, status_text};
use crate::store::{
    Direction, FrozenTable, MasterData, Meeting, NewDirection, Presence, Scope, Store,
};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;
use time::Date;

/// Who holds review meetings: supervisors (collectors, heads of departments and offices) and
/// administrators, for the scopes they may see.
const CHAIRS: &[Role] = &[Role::Supervisor, Role::Admin];

fn day(field: &'static str, text: &str) -> Result<Date, ApiError> {
    Date::parse(
        text.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        ApiError::bad_request(
            ErrorCode::InvalidDate,
            Some(field),
            msg!("store-reviews-bad-date"),
        )
    })
}

/// The meeting, if the reader may see it (a reviewer of its scope); otherwise not found.
async fn visible_meeting(store: &Store, c: &Ctx, id: i64) -> Result<(Meeting, Scope), ApiError> {
    c.require(REVIEWERS)?;
    let meeting = store.meeting(id).await?;
    let scope = Scope::parse(store, &meeting.scope).await?;
    if !scope.visible_to(&c.actor()?, &store.master()) {
        return Err(ApiError::not_found("meeting"));
    }
    Ok((meeting, scope))
}

/// The meeting, if the reader may change it: its chair, or an administrator.
async fn chaired_meeting(store: &Store, c: &Ctx, id: i64) -> Result<(Meeting, Scope), ApiError> {
    c.require(CHAIRS)?;
    let (meeting, scope) = visible_meeting(store, c, id).await?;
    if !may_change(c, &meeting) {
        return Err(ApiError::forbidden("chair-meeting"));
    }
    Ok((meeting, scope))
}

/// The chair changes the meeting's record (and an administrator); the others read it.
fn may_change(c: &Ctx, meeting: &Meeting) -> bool {
    match c.role {
        Some(Role::Admin) => true,
        Some(Role::Supervisor) => {
            c.actor().ok().and_then(|a| a.user_id) == Some(meeting.chaired_by)
        }
        _ => false,
    }
}

/// The offices a meeting of `scope` reviews (and may give directions to).
fn offices_in(master: &MasterData, scope: &Scope) -> Vec<i64> {
    match scope {
        Scope::All => master.offices.keys().copied().collect(),
        Scope::Area(area) => {
            let places = master.jurisdiction_subtree(*area);
            master
                .offices
                .values()
                .filter(|o| places.contains(&o.jurisdiction_id))
                .map(|o| o.id)
                .collect()
        }
        Scope::Office(office) => master.office_subtree(*office),
        Scope::Officer { office_id, .. } => vec![*office_id],
    }
}

/// The people of the offices of `scope`: all of them (`heads_only` false), or the heads
/// (supervisors) who are expected at an area's meeting; an office's own review expects all.
fn people_in(master: &MasterData, scope: &Scope, heads_only: bool) -> Vec<(i64, String)> {
    let offices = offices_in(master, scope);
    let office_review = matches!(scope, Scope::Office(_) | Scope::Officer { .. });
    let mut people: Vec<(i64, String)> = master
        .people
        .values()
        .filter(|p| p.active == 1 && p.office_id.is_some_and(|o| offices.contains(&o)))
        .filter(|p| !heads_only || office_review || p.role == "supervisor")
        .map(|p| {
            let office = p
                .office_id
                .and_then(|o| master.offices.get(&o))
                .map(|o| o.name_en.clone())
                .unwrap_or_default();
            (p.id, format!("{} ({office})", p.full_name))
        })
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    people.truncate(300);
    people
}

#[derive(Template)]
#[template(path = "reviews.html")]
struct ReviewsPage {
    c: Ctx,
    place: String,
    scope: String,
    today: String,
    meetings: Vec<(i64, String, String)>,
    may_hold: bool,
    schedules: Vec<super::review_schedules::ScheduleRow>,
}

/// `/reviews?scope=…`: the meetings of a scope, and a new one.
pub async fn list(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    q.only(&["scope"], &[])?;
    let store = &state.store;
    let master = store.master();
    let scope = scope_of(&state, &c, &q).await?;
    let meetings = store
        .meetings_of(&scope)
        .await?
        .into_iter()
        .map(|m| (m.id, super::i18n::iso_date(&m.held_on), m.title))
        .collect();
    Ok(page(&ReviewsPage {
        place: scope_name(&c, &master, &scope, None),
        scope: scope.code(&master),
        today: store.now().ist_date().to_string(),
        may_hold: c.role.is_some_and(|r| CHAIRS.contains(&r)),
        schedules: super::review_schedules::rows(store, &c, &scope).await?,
        meetings,
        c,
    }))
}

#[derive(Template)]
#[template(path = "agenda.html")]
struct AgendaPage {
    c: Ctx,
    place: String,
    scope: String,
    agenda: Vec<FrozenTable>,
}

/// `/reviews/agenda?scope=…`: the agenda a meeting of the scope would get now, to look at
/// before making the meeting.
pub async fn agenda(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    q.only(&["scope"], &[])?;
    let store = &state.store;
    let master = store.master();
    let scope = scope_of(&state, &c, &q).await?;
    let agenda = meeting::agenda(store, &scope, store.now().ist_date()).await?;
    Ok(page(&AgendaPage {
        place: scope_name(&c, &master, &scope, None),
        scope: scope.code(&master),
        agenda: if c.lang == Lang::Hi {
            agenda.hi
        } else {
            agenda.en
        },
        c,
    }))
}

/// Makes a meeting, its agenda generated from the figures now.
pub async fn create(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(CHAIRS)?;
    let store = &state.store;
    let actor = c.actor()?;
    let scope = Scope::parse(store, &form.get("scope")).await?;
    if !scope.visible_to(&actor, &store.master()) {
        return Err(ApiError::forbidden("see-figures"));
    }
    let held_on = day("held_on", &form.get("held_on"))?;
    let agenda = meeting::agenda(store, &scope, held_on).await?;
    // "Every week on this day": the later meetings are the worker's to make.
    let weekly = !form.get("weekly").is_empty();
    let id = store
        .create_meeting(
            &actor,
            &scope,
            &held_on.to_string(),
            &form.get("title"),
            &agenda,
            weekly,
        )
        .await?;
    Ok(see_other(&format!("/reviews/{id}")))
}

/// A direction as the meeting page shows it.
pub struct DirectionRow {
    pub id: i64,
    pub given_on: String,
    pub text: String,
    pub owner: String,
    pub target: String,
    pub status: String,
    pub status_code: &'static str,
    /// A direction without cases whose outcome is to be recorded here.
    pub to_record: bool,
}

fn direction_rows(store: &Store, lang: Lang, list: &[Direction], on: Date) -> Vec<DirectionRow> {
    list.iter()
        .map(|d| {
            let status = d.status(on);
            DirectionRow {
                id: d.id,
                given_on: super::i18n::iso_date(&d.held_on),
                text: d.text.clone(),
                owner: owner_name(store, lang, d),
                target: super::i18n::iso_date(&d.target_date),
                status: status_text(lang, d, on),
                status_code: status.code(),
                to_record: d.cases == 0 && d.outcome.is_none(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    c: Ctx,
    m: Meeting,
    place: String,
    chair: String,
    agenda: Vec<FrozenTable>,
    earlier: Vec<DirectionRow>,
    given: Vec<DirectionRow>,
    /// (user id, name, status, note) for everyone expected and everyone recorded.
    attendance: Vec<(i64, String, String, String)>,
    offices: Vec<(String, String)>,
    officers: Vec<(String, String)>,
    may_change: bool,
    done: String,
}

/// `/reviews/{id}`: the meeting.
pub async fn show(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let store = &state.store;
    let (m, scope) = visible_meeting(store, &c, id).await?;
    let master = store.master();
    let lang = c.lang;
    let on = day("held_on", &m.held_on)?;
    let earlier = direction_rows(store, lang, &store.directions_before(&m).await?, on);
    let given = direction_rows(
        store,
        lang,
        &store.directions_of(m.id).await?,
        store.now().ist_date(),
    );
    let recorded = store.attendance(m.id).await?;
    let mut attendance: Vec<(i64, String, String, String)> = people_in(&master, &scope, true)
        .into_iter()
        .map(|(user, name)| {
            let line = recorded.iter().find(|a| a.user_id == user);
            (
                user,
                name,
                line.map(|a| a.status.clone()).unwrap_or_default(),
                line.map(|a| a.note.clone()).unwrap_or_default(),
            )
        })
        .collect();
    for a in &recorded {
        if !attendance.iter().any(|(u, ..)| *u == a.user_id) {
            let name = master
                .people
                .get(&a.user_id)
                .map(|p| p.full_name.clone())
                .unwrap_or_else(|| a.user_id.to_string());
            attendance.push((a.user_id, name, a.status.clone(), a.note.clone()));
        }
    }
    let agenda = m.agenda();
    let mut offices: Vec<(String, String)> = offices_in(&master, &scope)
        .into_iter()
        .filter_map(|o| master.offices.get(&o))
        .map(|o| (o.code.clone(), c.pick(&o.name_en, &o.name_hi).to_string()))
        .collect();
    offices.sort_by(|a, b| a.1.cmp(&b.1));
    let officers = people_in(&master, &scope, false)
        .iter()
        .filter_map(|(u, name)| Some((master.people.get(u)?.username.clone(), name.clone())))
        .collect();
    let chair = master
        .people
        .get(&m.chaired_by)
        .map(|p| p.full_name.clone())
        .unwrap_or_default();
    Ok(page(&MeetingPage {
        place: scope_name(&c, &master, &scope, None),
        chair,
        agenda: if lang == Lang::Hi {
            agenda.hi
        } else {
            agenda.en
        },
        earlier,
        given,
        attendance,
        offices,
        officers,
        may_change: may_change(&c, &m),
        done: query_form(&uri).get("done"),
        m,
        c,
    }))
}

/// The attendance: for each person, `status-ID` (present, absent, deputy) and `note-ID`.
pub async fn attendance(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, ApiError> {
    let (_, scope) = chaired_meeting(&state.store, &c, id).await?;
    let master = state.store.master();
    // Only the people of the meeting's offices.
    let people: Vec<i64> = people_in(&master, &scope, false)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut entries = Vec::new();
    for (name, value) in &form.0 {
        let Some(user) = name.strip_prefix("status-") else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        // Only the officers and supervisors the service knows.
        let user: i64 = user
            .parse()
            .ok()
            .filter(|id| people.contains(id))
            .ok_or_else(|| {
                ApiError::bad_request(
                    ErrorCode::InvalidChoice,
                    Some(name),
                    msg!("web-reviews-bad-person"),
                )
            })?;
        let presence = Presence::parse(value).ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some(name),
                msg!("web-reviews-bad-presence"),
            )
        })?;
        entries.push((user, presence, form.get(&format!("note-{user}"))));
    }
    state
        .store
        .record_attendance(&c.actor()?, id, &entries)
        .await?;
    Ok(see_other(&format!(
        "/reviews/{id}?done=attendance#attendance"
    )))
}

pub async fn minutes(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, ApiError> {
    chaired_meeting(&state.store, &c, id).await?;
    state
        .store
        .save_minutes(&c.actor()?, id, &form.get("minutes"))
        .await?;
    Ok(see_other(&format!("/reviews/{id}?done=minutes#minutes")))
}

/// A direction: `owner_office` (code) and/or `owner` (username), `text`, `target_date`, and
/// with `cover=1`, the cases pending over `days` days.
pub async fn direction(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, ApiError> {
    let store = &state.store;
    let (_, scope) = chaired_meeting(store, &c, id).await?;
    let master = store.master();
    // A direction goes to an office of the meeting's scope, or an officer of one (of the
    // owner office or one under it, when both are named).
    let in_scope = offices_in(&master, &scope);
    let outside = |field: &'static str| {
        ApiError::bad_request(
            ErrorCode::OutOfRange,
            Some(field),
            msg!("web-reviews-owner-outside"),
        )
    };
    let owner_office_id = match form.opt("owner_office") {
        Some(code) => Some(
            master
                .office_by_code(&code)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::Unknown,
                        Some("owner_office"),
                        msg!("store-requests-no-office", code = code.as_str()),
                    )
                })?
                .id,
        ),
        None => None,
    };
    let owner_user_id = match form.opt("owner") {
        Some(username) => Some(
            master
                .person_by_username(&username)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::Unknown,
                        Some("owner"),
                        msg!("store-act-no-officer", officer = username.as_str()),
                    )
                })?
                .id,
        ),
        None => None,
    };
    if owner_office_id.is_some_and(|o| !in_scope.contains(&o)) {
        return Err(outside("owner_office"));
    }
    if let Some(user) = owner_user_id {
        let office = master.people.get(&user).and_then(|p| p.office_id);
        let fits = office.is_some_and(|o| in_scope.contains(&o))
            && owner_office_id.is_none_or(|owner| {
                office.is_some_and(|o| master.office_subtree(owner).contains(&o))
            });
        if !fits {
            return Err(outside("owner"));
        }
    }
    let pending_over_days = if form.get("cover") == "1" {
        Some(form.get("days").trim().parse::<i64>().map_err(|_| {
            ApiError::bad_request(
                ErrorCode::InvalidNumber,
                Some("days"),
                msg!("store-reviews-bad-days"),
            )
        })?)
    } else {
        None
    };
    let new = NewDirection {
        owner_office_id,
        owner_user_id,
        text: form.get("text"),
        target: day("target_date", &form.get("target_date"))?,
        pending_over_days,
    };
    store.add_direction(&c.actor()?, id, &new).await?;
    Ok(see_other(&format!(
        "/reviews/{id}?done=direction#directions"
    )))
}

/// What became of a direction without cases, recorded at a later meeting.
pub async fn outcome(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path((id, direction)): Path<(i64, i64)>,
    form: Form,
) -> Result<Response, ApiError> {
    let store = &state.store;
    let (m, _) = chaired_meeting(store, &c, id).await?;
    store
        .record_outcome(
            &c.actor()?,
            &m,
            direction,
            &form.get("outcome"),
            &form.get("note"),
        )
        .await?;
    Ok(see_other(&format!("/reviews/{id}?done=outcome#earlier")))
}

/// E-mails the minutes (PDF, in each person's language) to those who attended or were
/// expected and recorded, and to the owners of its directions (the officer, or the people of
/// the owner office), who have an address; once per person and version of the minutes.
pub async fn send(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let store = &state.store;
    let (m, scope) = chaired_meeting(store, &c, id).await?;
    let master = store.master();
    let mut people: Vec<i64> = store
        .attendance(m.id)
        .await?
        .iter()
        .map(|a| a.user_id)
        .collect();
    for d in store.directions_of(m.id).await? {
        people.extend(d.owner_user_id);
        if let Some(office) = d.owner_office_id {
            people.extend(
                master
                    .people
                    .values()
                    .filter(|p| p.active == 1 && p.office_id == Some(office))
                    .map(|p| p.id),
            );
        }
    }
    people.sort_unstable();
    people.dedup();
    let mut sent = 0;
    let mut documents: Vec<(Lang, Vec<u8>, String)> = Vec::new();
    for user in store.list_users().await? {
        let Some(email) = user.email.as_deref().filter(|e| !e.is_empty()) else {
            continue;
        };
        if !people.contains(&user.id) || user.active != 1 {
            continue;
        }
        let lang = user
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::Hi);
        if !documents.iter().any(|(l, _, _)| *l == lang) {
            let report = minutes_report(store, &m, &scope, lang).await?;
            let title = report.title.clone();
            let pdf = tokio::task::spawn_blocking(move || nivaran_reports::pdf(&report))
                .await
                .map_err(|e| {
                    ApiError::from(crate::store::StoreError::Io(std::io::Error::other(e)))
                })?
                .map_err(|e| {
                    ApiError::from(crate::store::StoreError::Io(std::io::Error::other(e)))
                })?;
            documents.push((lang, pdf, title));
        }
        let Some((_, pdf, title)) = documents.iter().find(|(l, _, _)| *l == lang) else {
            continue;
        };
        let language = if lang == Lang::Hi {
            nivaran_domain::types::Language::Hi
        } else {
            nivaran_domain::types::Language::En
        };
        let body = format!("{title}\n\n{}\n", lang.t("meeting-minutes-attached"));
        let key = format!("minutes:{}:{}:{}", m.id, user.id, m.minutes.len());
        let file = format!("minutes-{}-{}.pdf", m.scope.replace(':', "-"), m.held_on);
        if store
            .enqueue_email_with_file(email, language, title, &body, &key, &file, pdf)
            .await?
        {
            sent += 1;
        }
    }
    Ok(see_other(&format!(
        "/reviews/{id}?done=sent-{sent}#minutes"
    )))
}

/// The minutes as a report: the agenda, the follow-up of earlier directions, the attendance,
/// the minutes and the directions given.
async fn minutes_report(
    store: &Store,
    m: &Meeting,
    scope: &Scope,
    lang: Lang,
) -> Result<nivaran_reports::Report, ApiError> {
    use nivaran_reports::{Cell, Report, Table};
    let master = store.master();
    let on = day("held_on", &m.held_on)?;
    let text = |t: &FrozenTable| Table {
        title: t.title.clone(),
        headers: t.headers.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect())
            .collect(),
    };
    let earlier = directions_table(
        store,
        lang,
        "meeting-follow-up",
        &store.directions_before(m).await?,
        on,
    );
    let given = directions_table(
        store,
        lang,
        "meeting-directions-given",
        &store.directions_of(m.id).await?,
        on,
    );
    let recorded = store.attendance(m.id).await?;
    let attendance = Table {
        title: lang.t("meeting-attendance"),
        headers: vec![
            lang.t("meeting-person"),
            lang.t("meeting-presence"),
            lang.t("meeting-note"),
        ],
        rows: recorded
            .iter()
            .map(|a| {
                let person = master.people.get(&a.user_id);
                let office = person
                    .and_then(|p| p.office_id)
                    .and_then(|o| master.offices.get(&o))
                    .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
                    .unwrap_or_default();
                vec![
                    Cell::Text(format!(
                        "{} ({office})",
                        person.map(|p| p.full_name.as_str()).unwrap_or_default()
                    )),
                    Cell::Text(lang.t(&format!("meeting-presence-{}", a.status))),
                    Cell::Text(a.note.clone()),
                ]
            })
            .collect(),
    };
    let minutes = Table {
        title: lang.t("meeting-minutes"),
        headers: vec![lang.t("meeting-minutes")],
        rows: m
            .minutes
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| vec![Cell::Text(l.to_string())])
            .collect(),
    };
    let agenda = m.agenda();
    let frozen = if lang == Lang::Hi {
        agenda.hi
    } else {
        agenda.en
    };
    let mut tables = vec![attendance, minutes, text(&given), text(&earlier)];
    tables.extend(frozen.iter().map(text));
    let present = recorded.iter().filter(|a| a.status == "present").count() as i64;
    let place = crate::present::names::scope_name_in(lang, &master, scope, None);
    Ok(Report {
        title: lang.t_args(
            "meeting-minutes-title",
            &[("title", m.title.clone()), ("place", place.clone())],
        ),
        subtitle: lang.t_args(
            "meeting-minutes-subtitle",
            &[("date", super::i18n::iso_date(&m.held_on))],
        ),
        summary: vec![
            (lang.t("meeting-present"), Cell::Count(present)),
            (
                lang.t("meeting-absent"),
                Cell::Count(recorded.len() as i64 - present),
            ),
        ],
        tables,
        trend: None,
        footer: format!("Nivaran · {place}"),
    })
}

/// `/reviews/{id}/minutes.pdf` or `.xlsx`, in the reader's language or `?lang=`.
pub async fn download(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path((id, file)): Path<(i64, String)>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let store = &state.store;
    let (m, scope) = visible_meeting(store, &c, id).await?;
    let q = query_form(&uri);
    q.only(&["lang"], &[])?;
    let lang = super::reports::report_language(&c, &q)?;
    let report = minutes_report(store, &m, &scope, lang).await?;
    let kind = match file.as_str() {
        "minutes.pdf" => "pdf",
        "minutes.xlsx" => "xlsx",
        _ => return Err(ApiError::not_found("report")),
    };
    let stem = format!(
        "minutes-{}-{}",
        url_encode(&m.scope.replace(':', "-")),
        m.held_on
    );
    super::reports::report_file(report, kind, &stem).await
}

#[derive(Template)]
#[template(path = "directions.html")]
struct DirectionsPage {
    c: Ctx,
    directions: Vec<DirectionRow>,
}

/// `/directions`: the directions that concern the reader (theirs, and their office's).
pub async fn mine(State(state): State<Arc<AppState>>, c: Ctx) -> Result<Response, ApiError> {
    c.require(&[Role::Officer, Role::Supervisor])?;
    let store = &state.store;
    let list = store.directions_for(&c.actor()?).await?;
    let directions = direction_rows(store, c.lang, &list, store.now().ist_date());
    Ok(page(&DirectionsPage { directions, c }))
}
