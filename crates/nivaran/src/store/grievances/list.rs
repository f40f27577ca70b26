//! Reading cases: the lists (filters, search, paging) and a case with everything its page
//! shows; the counts beside them are in `counts`.

use super::*;
use nivaran_domain::ErrorCode;
use nivaran_domain::msg;
use nivaran_domain::search;

impl Store {
    /// Lists the cases `actor` may see, filtered and paged.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn list(&self, filter: &GrievanceFilter, actor: &Actor) -> Result<GrievancePage> {
        let master = self.master();
        let per_page = filter.per_page.unwrap_or(50).clamp(1, 100);
        // A page past any real list is simply empty; the bound keeps the offset arithmetic safe.
        let page = filter.page.unwrap_or(1).clamp(1, 1_000_000);
        let searching = filter
            .q
            .as_deref()
            .is_some_and(|q| !search_words(q).is_empty());
        // A search shows its matches by relevance, then newest first (see `relevance`), unless
        // asked otherwise: the newest matches are what the index hands over first.
        let default_sort = if searching { "relevance" } else { "due" };
        let sort = filter.sort.as_deref().unwrap_or(default_sort);
        let order = match sort {
            "due" => crate::store::WORK_ORDER,
            "filed" => " ORDER BY g.filed_at ASC, g.id ASC",
            "-filed" => " ORDER BY g.filed_at DESC, g.id DESC",
            "recent" | "relevance" if searching => self.engine().search_newest_first(),
            "recent" | "relevance" => " ORDER BY g.id DESC",
            other => {
                return Err(FieldError::new(
                    "sort",
                    ErrorCode::InvalidChoice,
                    msg!("store-grievances-bad-sort", value = other),
                )
                .into());
            }
        };
        let from = self.listing_tables(filter);
        let fts = self.search_query(&master, filter, actor).await?;
        let columns = GRIEVANCE_COLUMNS
            .split(',')
            .map(|c| format!("g.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        // On PostgreSQL a search is planned for its words each time: a statement prepared once
        // would get the generic plan, the same for a word in every fifth case as for a word in
        // a hundred, and walk the whole district for the rare one (or gather every match of
        // the common one). Planning a search costs a fraction of a millisecond. SQLite plans
        // the same either way.
        let prepared = !searching || self.engine().prepares_searches();
        // A search reads the replica while it is in bound (see `replica`); a list without words
        // (an officer's inbox, a case's neighbours) reads the primary, so a case just acted on
        // has left it.
        let mut conn = if searching {
            self.figures_pool().await.acquire().await?
        } else {
            self.pool().acquire().await?
        };
        let offset = (page - 1) * per_page;
        // A search on PostgreSQL, up to the count's cap, takes one walk (below); everything
        // else counts and pages in two statements.
        let one_walk =
            searching && self.engine().pages_search_in_one_walk() && offset < SEARCH_COUNT_LIMIT;
        // The first pages of a search by relevance (see `relevance`); the pages beyond keep
        // the newest first.
        let by_relevance = searching && sort == "relevance" && offset < RELEVANCE_WINDOW as i64;
        let (total, rows) = if one_walk {
            // One walk finds the matches' ids in the page's order up to the cap, which is both
            // the count and the page: for a common word in a district it is an index-only
            // scan of grievances_district_search. Walking again for the page's rows would read
            // the table for every case passed over on the way (PostgreSQL tests a plain index
            // scan's conditions on the row, not on the index entry).
            let mut ids_sql = Sql::new(&format!("SELECT g.id FROM {from}"));
            self.filter_condition(&mut ids_sql, &master, filter, actor, fts.as_deref())?;
            ids_sql
                .push(order)
                .push(" LIMIT ")
                .bind(SEARCH_COUNT_LIMIT + 1);
            let (text, args) = ids_sql.into_parts();
            let ids: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .persistent(false)
                .fetch_all(&mut *conn)
                .await?;
            let ids = if by_relevance {
                // The subjects of the window, read by id.
                let head = &ids[..ids.len().min(RELEVANCE_WINDOW)];
                let mut sql = Sql::new("SELECT id, subject FROM grievances WHERE id IN ");
                sql.bind_in(head);
                let (text, args) = sql.into_parts();
                let mut window: Vec<(i64, String)> =
                    sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                        .persistent(false)
                        .fetch_all(&mut *conn)
                        .await?;
                window.sort_by_key(|w| std::cmp::Reverse(w.0));
                let mut ordered = ranked_by_relevance(window, filter);
                ordered.extend_from_slice(&ids[head.len()..]);
                ordered
            } else {
                ids
            };
            let start = (offset as usize).min(ids.len());
            let end = ((offset + per_page) as usize).min(ids.len());
            let rows = rows_in_order(&mut conn, &columns, &ids[start..end]).await?;
            (ids.len() as i64, rows)
        } else {
            // Arguments are consumed by execution, so the condition is built once per statement.
            // A search counts its matches only up to SEARCH_COUNT_LIMIT: a common word has hundreds
            // of thousands, and nobody pages through them.
            let mut count_sql = Sql::new(&if searching {
                format!("SELECT COUNT(*) FROM (SELECT 1 FROM {from}")
            } else {
                format!("SELECT COUNT(*) FROM {from}")
            });
            self.filter_condition(&mut count_sql, &master, filter, actor, fts.as_deref())?;
            if searching {
                // In id order: PostgreSQL then walks the newest cases for a common word (and stops
                // at the limit) instead of first gathering all its matches from the index.
                count_sql
                    .push(" ORDER BY g.id DESC LIMIT ")
                    .bind(SEARCH_COUNT_LIMIT + 1)
                    .push(") matches");
            }
            let mut page_sql = Sql::new(&format!("SELECT {columns} FROM {from}"));
            self.filter_condition(&mut page_sql, &master, filter, actor, fts.as_deref())?;
            page_sql.push(order);
            page_sql
                .push(" LIMIT ")
                .bind(per_page)
                .push(" OFFSET ")
                .bind(offset);

            // A search that is only words in a place (what the index knows) is counted in the
            // index alone, without looking up each match's case.
            if searching
                && self.engine().places_in_search_index()
                && index_answers(filter, actor, &master)
            {
                let mut only = Sql::new(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM grievances_fts WHERE grievances_fts MATCH ",
                );
                only.bind(fts.clone().unwrap_or_default())
                    .push(" LIMIT ")
                    .bind(SEARCH_COUNT_LIMIT + 1)
                    .push(") matches");
                count_sql = only;
            }
            let (text, args) = count_sql.into_parts();
            let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .persistent(prepared)
                .fetch_one(&mut *conn)
                .await?;
            let rows: Vec<GrievanceRow> = if by_relevance {
                // The newest matches up to the page's end (and the window), by relevance.
                // (With their subjects: the walk reads each case's row anyway.)
                let reach = (offset + per_page).max(RELEVANCE_WINDOW as i64);
                let mut window_sql = Sql::new(&format!("SELECT g.id, g.subject FROM {from}"));
                self.filter_condition(&mut window_sql, &master, filter, actor, fts.as_deref())?;
                window_sql.push(order).push(" LIMIT ").bind(reach);
                let (text, args) = window_sql.into_parts();
                let window: Vec<(i64, String)> =
                    sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                        .persistent(prepared)
                        .fetch_all(&mut *conn)
                        .await?;
                let ids = ranked_by_relevance(window, filter);
                let start = (offset as usize).min(ids.len());
                let end = ((offset + per_page) as usize).min(ids.len());
                rows_in_order(&mut conn, &columns, &ids[start..end]).await?
            } else {
                let (text, args) = page_sql.into_parts();
                sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                    .persistent(prepared)
                    .fetch_all(&mut *conn)
                    .await?
            };
            (total, rows)
        };
        let now = self.now();
        let mut items: Vec<GrievanceView> = rows
            .iter()
            .map(|row| view(&master, row, &[], now))
            .collect();
        self.name_holders(&mut items).await?;
        let total_capped = searching && total > SEARCH_COUNT_LIMIT;
        Ok(GrievancePage {
            items,
            page,
            per_page,
            total: total.min(if searching {
                SEARCH_COUNT_LIMIT
            } else {
                i64::MAX
            }),
            total_capped,
        })
    }

    /// A case as its page shows it: the case, its timeline, its documents, and the actions this
    /// user may take on it now.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn case_detail(&self, regno: &str, actor: &Actor) -> Result<CaseDetail> {
        let regno =
            RegistrationNumber::parse(regno).map_err(|_| StoreError::NotFound("grievance"))?;
        let master = self.master();
        let mut conn = self.pool().acquire().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *conn)
            .await?;
        let case = load_case(&mut conn, id.ok_or(StoreError::NotFound("grievance"))?).await?;
        let Some(capacity) = capacity(&master, actor, &case.row, &case.state.parts) else {
            return Err(StoreError::NotFound("grievance"));
        };
        let events = timeline(&mut conn, &master, case.row.id).await?;
        drop(conn);
        let attachments = self.list_attachments(regno.as_str(), actor).await?;
        let mut actions: Vec<&'static str> = case
            .state
            .available_actions()
            .into_iter()
            .filter(|code| {
                Action::sample(code).is_some_and(|sample| access::may_perform(capacity, &sample))
            })
            .collect();
        // In an office with a head of its own, its officers do not give out its cases.
        if capacity == Capacity::HoldingOffice
            && actions.contains(&"assign_officer")
            && super::act::office_has_head(
                &mut *self.pool().acquire().await?,
                case.row.holding_office_id,
            )
            .await?
        {
            actions.retain(|a| *a != "assign_officer");
        }
        let mut part_actions = Vec::new();
        for part in &case.state.parts {
            let standing = part_capacity(&master, actor, std::slice::from_ref(part));
            let mut codes: Vec<&'static str> = case
                .state
                .part_actions(part.department)
                .into_iter()
                .filter(|code| {
                    Action::sample(code).is_some_and(|sample| {
                        let sample = sample.for_department(part.department);
                        may_act_on_part(&master, actor, capacity, part, &sample)
                    })
                })
                .collect();
            if standing == Some(Capacity::PartOffice)
                && codes.contains(&"part_assign_officer")
                && super::act::office_has_head(
                    &mut *self.pool().acquire().await?,
                    Some(part.office),
                )
                .await?
            {
                codes.retain(|a| *a != "part_assign_officer");
            }
            if let Some(d) = master.departments.get(&part.department) {
                part_actions.push((d.code.clone(), codes));
            }
        }
        let mut grievance = view_with_parts(&master, &case, self.now());
        grievance.duplicate_of = self.number_of(case.state.duplicate_of).await?;
        if capacity == Capacity::Citizen {
            for part in &mut grievance.parts {
                part.holder = None;
                part.holder_name = None;
            }
        }
        self.name_holders(std::slice::from_mut(&mut grievance))
            .await?;
        let calls = if capacity == Capacity::Citizen {
            Vec::new()
        } else {
            self.calls_of_case(case.row.id).await?
        };
        Ok(CaseDetail {
            grievance,
            timeline: events,
            attachments,
            actions,
            part_actions,
            capacity,
            calls,
        })
    }

    /// The full-text query of a search, with each word turned into the words of the index it
    /// is a prefix of ("शिकायत" → शिकायत OR शिकायतें OR शिकायतों): the index walks a few
    /// words' lists lazily and skips to the place's cases, where a prefix query would first
    /// gather every case in the state holding any of them. A prefix of very many words stays a
    /// prefix query. Expansions are kept a minute (finding them costs more than the search), so
    /// a word form new to the whole index is found within a minute of its first filing.
    /// The words come from FTS5's own list on SQLite and from `search_words` on PostgreSQL
    /// (migrations 0005 and 0007).
    pub(super) async fn search_query(
        &self,
        master: &MasterData,
        filter: &GrievanceFilter,
        actor: &Actor,
    ) -> Result<Option<String>> {
        let words = filter.q.as_deref().map(search_words).unwrap_or_default();
        if words.is_empty() {
            return Ok(None);
        }
        const MOST: usize = 24;
        const KEEP_MILLIS: i64 = 60_000;
        let engine = self.engine();
        let (lookup, or, and) = engine.search_vocabulary();
        let now = self.now().0;
        let mut groups = Vec::with_capacity(words.len());
        for word in &words {
            let word = word.replace(['"', '\\', '\''], "");
            if word.is_empty() {
                continue;
            }
            let cached = self
                .word_forms
                .lock()
                .expect("word forms lock")
                .get(&word)
                .filter(|(at, _)| now - at < KEEP_MILLIS)
                .map(|(_, group)| group.clone());
            if let Some(group) = cached {
                groups.push(group);
                continue;
            }
            // The word as typed may be written otherwise in the cases (issue 17, part 4): with
            // or without a nukta or chandrabindu, in another number (roads, सड़कों), or, typed in
            // Latin letters, in Devanagari ("paani" for पानी). Each way it may be written is
            // looked up as the start of the index's words.
            let heads = search::ways_typed(&word);
            let mut alternatives: Vec<String> = Vec::new();
            for head in &heads {
                let expanded: Vec<String> = sqlx::query_scalar(lookup)
                    .bind(head.clone())
                    .bind(format!("{head}\u{10FFFF}"))
                    .bind(MOST as i64 + 1)
                    .fetch_all(self.pool())
                    .await?;
                if expanded.len() > MOST {
                    alternatives.push(engine.search_prefix(head));
                } else {
                    alternatives.extend(expanded.iter().map(|t| engine.search_term(t)));
                }
            }
            alternatives.sort();
            alternatives.dedup();
            let group = match alternatives.len() {
                // No word of the index starts so: the word itself (it matches nothing).
                0 => engine.search_term(&word),
                _ => format!("({})", alternatives.join(or)),
            };
            let mut forms = self.word_forms.lock().expect("word forms lock");
            if forms.len() > 10_000 {
                forms.clear();
            }
            forms.insert(word.clone(), (now, group.clone()));
            groups.push(group);
        }
        if groups.is_empty() {
            return Ok(None);
        }
        let mut query = groups.join(and);
        // On PostgreSQL a district asked for is the condition g.district_id = … instead (see
        // filter_condition): the planner takes a word and a place token for independent, so
        // with both it expects a common word to be rare in the district and gathers all its
        // matches rather than walking grievances_district_search until the page is full.
        let district_asked = filter.district.as_deref().is_some_and(|d| !d.is_empty());
        let place = if !engine.places_in_search_index() && district_asked {
            None
        } else {
            search_place(master, filter, actor)?
        };
        if let Some(place) = place {
            query.push_str(&format!("{and}{place}"));
        }
        Ok(Some(query))
    }

    /// The tables a listing reads: a search on SQLite starts from the full-text index (whose
    /// rowid is the case's id) and joins the cases to it.
    pub(super) fn listing_tables(&self, filter: &GrievanceFilter) -> &'static str {
        let searching = filter
            .q
            .as_deref()
            .is_some_and(|q| !search_words(q).is_empty());
        if searching {
            self.engine().search_from()
        } else {
            "grievances g"
        }
    }

    /// Writes the WHERE clause for `filter`, scoped to what `actor` may see (on the tables of
    /// [`Store::listing_tables`]).
    pub(super) fn filter_condition(
        &self,
        cond: &mut Sql,
        master: &MasterData,
        filter: &GrievanceFilter,
        actor: &Actor,
        fts: Option<&str>,
    ) -> Result<()> {
        let now = self.now();
        cond.push(" WHERE 1 = 1");
        let statuses = filter
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(parse_statuses)
            .transpose()?;
        // A list of open cases (overdue ones are open) only needs the parts of open cases (see
        // `scope`).
        let open_only = filter.overdue == Some(true)
            || statuses.as_ref().is_some_and(|list| {
                list.iter()
                    .all(|code| Status::parse(code).is_some_and(|s| s.is_open()))
            });
        scope(cond, self.engine(), master, actor, open_only);
        if let Some(statuses) = statuses {
            cond.push(" AND g.status IN (");
            for (i, s) in statuses.iter().enumerate() {
                if i > 0 {
                    cond.push(", ");
                }
                cond.bind(s.to_string());
            }
            cond.push(")");
        }
        if let Some(code) = filter.office.as_deref().filter(|s| !s.is_empty()) {
            let office = master
                .office_by_code(code)
                .ok_or_else(|| unknown_code("office", code))?;
            cond.push(" AND g.holding_office_id = ").bind(office.id);
        }
        if let Some(code) = filter.category.as_deref().filter(|s| !s.is_empty()) {
            let category = master
                .category_by_code(code)
                .ok_or_else(|| unknown_code("category", code))?;
            cond.push(" AND g.category_id = ").bind(category.id);
        }
        if let Some(code) = filter.department.as_deref().filter(|s| !s.is_empty()) {
            let department = master
                .department_by_code(code)
                .ok_or_else(|| unknown_code("department", code))?;
            cond.push(" AND g.department_id = ").bind(department.id);
        }
        let searching = filter
            .q
            .as_deref()
            .is_some_and(|q| !search_words(q).is_empty());
        if let Some(code) = filter.district.as_deref().filter(|s| !s.is_empty()) {
            let district = master
                .jurisdiction_by_code(code)
                .ok_or_else(|| unknown_code("district", code))?;
            // A search on SQLite asks the index for the district itself (its place token);
            // its planner would only be tempted into combining two big lists by hearing it
            // again. PostgreSQL is told here and not by a token (search_query).
            if !searching || !self.engine().places_in_search_index() {
                cond.push(" AND g.district_id = ").bind(district.id);
            }
        }
        if let Some(code) = filter.channel.as_deref().filter(|s| !s.is_empty()) {
            let channel = Channel::parse(code).ok_or_else(|| unknown_code("channel", code))?;
            cond.push(" AND g.channel = ")
                .bind(channel.code().to_string());
        }
        if let Some(code) = filter.priority.as_deref().filter(|s| !s.is_empty()) {
            let priority = nivaran_domain::types::Priority::parse(code)
                .ok_or_else(|| unknown_code("priority", code))?;
            cond.push(" AND g.priority = ")
                .bind(priority.code().to_string());
        }
        if let Some(code) = filter.escalated_to.as_deref().filter(|s| !s.is_empty()) {
            let office = master
                .office_by_code(code)
                .ok_or_else(|| unknown_code("office", code))?;
            cond.push(" AND g.escalated_to_id = ").bind(office.id);
        }
        match filter.special_close.as_deref().filter(|s| !s.is_empty()) {
            None => {}
            Some(value @ ("requested" | "approved")) => {
                cond.push(" AND g.special_close = ").bind(value.to_string());
            }
            Some(other) => return Err(unknown_code("special_close", other)),
        }
        if filter.atr_pending == Some(true) {
            cond.push(" AND g.status = 'atr_submitted' AND g.atr_approved = 0");
        }
        if filter.mine == Some(true) {
            cond.push(" AND g.filed_by = ")
                .bind(actor.user_id.unwrap_or(-1));
        }
        match filter.holder.as_deref().map(str::trim) {
            None | Some("") => {}
            // "My cases": those the signed-in officer holds by name.
            Some("me") => {
                cond.push(" AND g.holder_user_id = ")
                    .bind(actor.user_id.unwrap_or(-1));
            }
            // Not yet given to anyone: what an office head has to assign.
            Some("none") => {
                cond.push(" AND g.holder_user_id IS NULL");
            }
            Some(other) => {
                return Err(FieldError::new(
                    "holder",
                    ErrorCode::InvalidChoice,
                    msg!("store-grievances-bad-holder", value = other),
                )
                .into());
            }
        }
        if let Some(reference) = filter
            .external_reference
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            cond.push(" AND g.external_reference = ")
                .bind(reference.to_string());
        }
        if filter.overdue == Some(true) {
            cond.push(" AND g.status NOT IN ('disposed', 'closed', ")
                .push(crate::store::PAUSED_STATUS)
                .push(") AND g.due_at < ")
                .bind(now.0);
        }
        if let Some(from) = filter.from.as_deref().filter(|s| !s.is_empty()) {
            cond.push(" AND g.filed_at >= ")
                .bind(Timestamp::start_of_ist_day(date_filter("from", from)?).0);
        }
        if let Some(to) = filter.to.as_deref().filter(|s| !s.is_empty()) {
            cond.push(" AND g.filed_at <= ")
                .bind(Timestamp::end_of_ist_day(date_filter("to", to)?).0);
        }
        if let Some(query) = fts {
            self.engine().search_condition(cond, query);
        }
        Ok(())
    }
}

/// One word of a full-text query, matched exactly.
/// True when the index alone answers which cases a search finds: nothing is asked of the
/// cases but words and a district, and the reader sees the whole place (an administrator; an
/// operator, verifier or auditor of a district or state, whose area the place token names).
fn index_answers(filter: &GrievanceFilter, actor: &Actor, master: &MasterData) -> bool {
    let only_words_and_place = filter.status.as_deref().is_none_or(str::is_empty)
        && filter.office.as_deref().is_none_or(str::is_empty)
        && filter.category.as_deref().is_none_or(str::is_empty)
        && filter.department.as_deref().is_none_or(str::is_empty)
        && filter.channel.as_deref().is_none_or(str::is_empty)
        && filter.priority.as_deref().is_none_or(str::is_empty)
        && filter.overdue != Some(true)
        && filter.from.as_deref().is_none_or(str::is_empty)
        && filter.to.as_deref().is_none_or(str::is_empty)
        && filter.escalated_to.as_deref().is_none_or(str::is_empty)
        && filter.special_close.as_deref().is_none_or(str::is_empty)
        && filter.atr_pending != Some(true)
        && filter.mine != Some(true);
    let whole_place = match actor.role {
        Some(Role::Admin) => true,
        Some(Role::Operator | Role::Verifier | Role::Auditor) => {
            let area = actor
                .jurisdiction_id
                .and_then(|id| master.jurisdictions.get(&id));
            match area {
                None => true,
                // The place token is the reader's own district or state, unless they asked
                // for another district (then the scope condition would matter).
                Some(j) if j.level == "state" || j.level == "district" => filter
                    .district
                    .as_deref()
                    .is_none_or(|d| d.is_empty() || d == j.code),
                Some(_) => false,
            }
        }
        _ => false,
    };
    only_words_and_place && whole_place
}

/// The place token of a search (`nvrd<district id>` or `nvrs<state id>`): the district asked
/// for, else the district or state an operator, verifier or auditor covers.
fn search_place(
    master: &MasterData,
    filter: &GrievanceFilter,
    actor: &Actor,
) -> Result<Option<String>> {
    if let Some(code) = filter.district.as_deref().filter(|s| !s.is_empty()) {
        let district = master
            .jurisdiction_by_code(code)
            .ok_or_else(|| unknown_code("district", code))?;
        return Ok(Some(format!("nvrd{}", district.id)));
    }
    let area = match actor.role {
        Some(Role::Operator | Role::Verifier | Role::Auditor) => actor
            .jurisdiction_id
            .and_then(|id| master.jurisdictions.get(&id)),
        _ => None,
    };
    Ok(area.and_then(|j| match j.level.as_str() {
        "district" => Some(format!("nvrd{}", j.id)),
        "state" => Some(format!("nvrs{}", j.id)),
        _ => None,
    }))
}

/// The cases with these ids, in this order.
async fn rows_in_order(
    conn: &mut sqlx::AnyConnection,
    columns: &str,
    ids: &[i64],
) -> Result<Vec<GrievanceRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows_sql = Sql::new(&format!(
        "SELECT {columns} FROM grievances g WHERE g.id IN "
    ));
    rows_sql.bind_in(ids);
    let (text, args) = rows_sql.into_parts();
    let mut rows: Vec<GrievanceRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(rows)
}

/// The ids of a search's newest matches (with their subjects, newest first): the first
/// [`RELEVANCE_WINDOW`] by relevance (see `relevance`), the rest as they come.
fn ranked_by_relevance(window: Vec<(i64, String)>, filter: &GrievanceFilter) -> Vec<i64> {
    let head = window.len().min(RELEVANCE_WINDOW);
    let words = filter.q.as_deref().map(search_words).unwrap_or_default();
    let forms = super::relevance::typed_forms(&words);
    let mut ordered = super::relevance::ranked(&window[..head], &forms);
    ordered.extend(window[head..].iter().map(|(id, _)| *id));
    ordered
}

/// The statuses a list's `status` parameter names (comma-separated codes, `open` for every open
/// one), or the field's error for a status that does not exist.
fn parse_statuses(status: &str) -> Result<Vec<&'static str>> {
    let mut statuses: Vec<&'static str> = Vec::new();
    for s in status.split(',') {
        if s.trim() == "open" {
            statuses.extend(Status::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()));
            continue;
        }
        let parsed = Status::parse(s).ok_or_else(|| {
            FieldError::new(
                "status",
                ErrorCode::InvalidChoice,
                msg!(
                    "store-grievances-bad-status",
                    choices = Status::ALL
                        .iter()
                        .map(|s| s.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        statuses.push(parsed.code());
    }
    Ok(statuses)
}
