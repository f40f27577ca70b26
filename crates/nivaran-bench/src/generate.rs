//! `nivaran bench generate`: a state's year of grievances, reproducible from a seed, written
//! through the bulk-import path (the same rows, events and hash chains as live filings).
//!
//! Each case is planned as a life: filing, perhaps a transfer, acceptance, an ETA, a question to
//! the citizen, a forward, a joint department, escalations when it runs past its deadline, the
//! ATR, disposal, the verification call, and sometimes a reopening or an appeal, then closure.
//! Every planned step goes through the lifecycle's own rules as it is planned, so a step the
//! rules refuse is simply not taken; steps after "now" have not happened yet, which is what
//! leaves the recent cases open.

use crate::shape::{self, CHANNEL_MIX, DISPOSAL_MIX, DISTRICT_POPULATION};
use nivaran::store::{ActionRequest, HistoricalCase, HistoricalEvent, MasterData, Store};
use nivaran_domain::Timestamp;
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::lifecycle::{self, Action, CaseState, OfficeTree};
use nivaran_domain::routing::Route;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::sync::Arc;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub count: u64,
    pub seed: u64,
    /// Cases per transaction.
    pub batch: usize,
    pub profile: Profile,
    /// The day the generated year ends (its "now" is the start of that day in India); the
    /// same seed and day give the same data.
    pub until: Option<time::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// A year of filings up to now, as a state sees them.
    Year,
    /// Every case open and on level 1; `due` of them past their deadline (and so due to
    /// escalate at the next sweep), the rest filed in the last day and a half.
    Sweep { due: u64 },
}

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GenerateReport {
    pub grievances: u64,
    pub events: u64,
    pub open: u64,
    pub seconds: f64,
}

/// Master data arranged for drawing from.
struct World {
    master: Arc<MasterData>,
    /// (district id, weight, places in it).
    districts: Vec<(i64, u32, Vec<i64>)>,
    /// Categories in long-tail order with Zipf weights.
    categories: Vec<(i64, u32)>,
    /// Short-deadline and not-RTS categories, for the sweep profile's due cases.
    quick_categories: Vec<i64>,
    /// Longer-deadline and not-RTS categories, for the sweep profile's fresh cases.
    slow_categories: Vec<i64>,
    offices_in_district: HashMap<i64, Vec<i64>>,
    departments: Vec<i64>,
}

impl World {
    fn new(master: Arc<MasterData>, seed: u64) -> Result<World, String> {
        let population: HashMap<&str, u32> = DISTRICT_POPULATION.iter().copied().collect();
        let mut districts: Vec<(i64, u32, Vec<i64>)> = master
            .jurisdictions
            .values()
            .filter(|j| j.level == "district")
            .map(|d| {
                let weight = population.get(d.name_en.as_str()).copied().unwrap_or(1200);
                (d.id, weight, master.jurisdiction_subtree(d.id))
            })
            .collect();
        if districts.is_empty() {
            return Err("no districts in the master data".into());
        }
        districts.sort_by_key(|d| d.0);
        let mut categories: Vec<i64> = master.categories.keys().copied().collect();
        categories.sort();
        // The long tail: a seeded shuffle decides which categories are common, then Zipf.
        let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed_ca7e);
        for i in (1..categories.len()).rev() {
            let j = rng.gen_range(0..=i);
            categories.swap(i, j);
        }
        let weighted = categories
            .iter()
            .enumerate()
            .map(|(rank, id)| (*id, (100_000.0 / (rank as f64 + 1.0)) as u32 + 1))
            .collect();
        let not_rts = |c: &&nivaran::store::Category| c.rts == 0;
        let mut quick: Vec<i64> = master
            .categories
            .values()
            .filter(not_rts)
            .filter(|c| c.deadline_days <= 10)
            .map(|c| c.id)
            .collect();
        quick.sort();
        let mut slow: Vec<i64> = master
            .categories
            .values()
            .filter(not_rts)
            .filter(|c| c.deadline_days >= 7)
            .map(|c| c.id)
            .collect();
        slow.sort();
        let mut offices_in_district: HashMap<i64, Vec<i64>> = HashMap::new();
        for office in master.offices.values() {
            if let Some(district) = master
                .jurisdictions
                .get(&office.jurisdiction_id)
                .and_then(|j| j.district_id)
            {
                offices_in_district
                    .entry(district)
                    .or_default()
                    .push(office.id);
            }
        }
        for list in offices_in_district.values_mut() {
            list.sort();
        }
        let mut departments: Vec<i64> = master.departments.keys().copied().collect();
        departments.sort();
        Ok(World {
            master,
            districts,
            categories: weighted,
            quick_categories: quick,
            slow_categories: slow,
            offices_in_district,
            departments,
        })
    }

    fn code_of_office(&self, id: i64) -> String {
        self.master.office_code(Some(id)).unwrap_or_default()
    }
}

/// A case being planned: its state under the lifecycle's rules and its recorded steps.
struct Plan<'w> {
    world: &'w World,
    state: CaseState,
    events: Vec<HistoricalEvent>,
    now: Timestamp,
    /// The time of the last step: steps happen in order, never before it.
    last: i64,
    /// The case's category and place, for routing a joint department's part as the import does.
    category_id: i64,
    place: i64,
}

impl Plan<'_> {
    /// Takes the step if it has happened by now and the rules allow it.
    fn step(&mut self, at: i64, actor: &str, request: ActionRequest) -> bool {
        let at = Timestamp(at.max(self.last));
        if at > self.now {
            return false;
        }
        let Ok(mut action) = request.to_action(&self.world.master, &self.state, Vec::new()) else {
            return false;
        };
        if let Action::AddJointDepartment {
            department, office, ..
        } = &mut action
        {
            *office = self
                .world
                .master
                .part_office(*department, self.category_id, self.place);
            if office.is_none() {
                return false;
            }
        }
        match lifecycle::apply(&self.state, &action, at, &*self.world.master) {
            Ok(next) => {
                self.state = next;
                self.last = at.0;
                self.events.push(HistoricalEvent {
                    at,
                    actor: Some(actor.to_string()),
                    request,
                });
                true
            }
            Err(_) => false,
        }
    }

    fn holding_office(&self) -> Option<i64> {
        self.state.holding_office
    }

    fn officer(&self) -> String {
        format!(
            "officer:{}",
            self.world
                .code_of_office(self.holding_office().unwrap_or_default())
        )
    }

    fn supervisor(&self) -> String {
        let above = self
            .holding_office()
            .and_then(|h| self.world.master.parent(h))
            .or(self.holding_office())
            .unwrap_or_default();
        format!("supervisor:{}", self.world.code_of_office(above))
    }
}

fn days(rng: &mut StdRng, from: f64, to: f64) -> i64 {
    (rng.gen_range(from..to) * DAY as f64) as i64
}

/// One case, reproducible from (seed, index) whatever the batch size.
fn generate_case(
    world: &World,
    seed: u64,
    index: u64,
    now: Timestamp,
    profile: Profile,
) -> HistoricalCase {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index);
    let master = &world.master;
    let (district_id, place) = {
        let total: u64 = world.districts.iter().map(|d| d.1 as u64).sum();
        let mut pick = rng.gen_range(0..total);
        let mut chosen = &world.districts[0];
        for d in &world.districts {
            if pick < d.1 as u64 {
                chosen = d;
                break;
            }
            pick -= d.1 as u64;
        }
        let place = chosen.2[rng.gen_range(0..chosen.2.len())];
        (chosen.0, place)
    };
    let category_id = match profile {
        Profile::Sweep { due } if index < due => {
            world.quick_categories[rng.gen_range(0..world.quick_categories.len())]
        }
        Profile::Sweep { .. } => {
            world.slow_categories[rng.gen_range(0..world.slow_categories.len())]
        }
        Profile::Year => *shape::weighted(&mut rng, &world.categories),
    };
    let category = &master.categories[&category_id];
    let place_j = &master.jurisdictions[&place];
    let hindi = rng.gen_bool(0.75);
    let channel = *shape::weighted(&mut rng, CHANNEL_MIX);
    let (subject, description) = shape::texts(
        &mut rng,
        hindi,
        &category.name_en,
        &category.name_hi,
        &place_j.name_en,
        &place_j.name_hi,
        shape::phrase(&category.code, hindi, index),
    );
    // Citizens come back: about one mobile number for every two grievances.
    let mobile = format!(
        "9{:09}",
        rng.gen_range(0..(index / 2 + 1000)) % 1_000_000_000
    );
    let form = GrievanceForm {
        citizen_name: shape::name(&mut rng, hindi),
        mobile,
        jurisdiction: place_j.code.clone(),
        category: category.code.clone(),
        subject,
        description,
        channel: Some(channel.to_string()),
        language: Some(if hindi { "hi" } else { "en" }.to_string()),
        ..Default::default()
    };
    let deadline_days = category.deadline_days.max(1) as f64;
    let calendar_days = deadline_days * 7.0 / 5.0;
    let filed_at = match profile {
        Profile::Year => {
            // Office hours in India, on any of the last 365 days.
            let day = Timestamp::start_of_ist_day(now.plus_days(-rng.gen_range(0..365)).ist_date());
            Timestamp(day.0 + rng.gen_range(9 * HOUR..18 * HOUR))
        }
        Profile::Sweep { due } if index < due => {
            Timestamp(now.0 - 20 * DAY - rng.gen_range(0..DAY))
        }
        Profile::Sweep { .. } => Timestamp(now.0 - rng.gen_range(HOUR..36 * HOUR)),
    };
    let filed_at = Timestamp(filed_at.0.min(now.0 - 60_000));
    let mut plan = Plan {
        world,
        state: CaseState::received(),
        events: Vec::new(),
        now,
        last: filed_at.0,
        category_id,
        place,
    };
    // Routing, as the import will do it.
    if let Some(route) = master.route(category_id, place) {
        let (office, unrouted) = match route {
            Route::Office(o) => (o, false),
            Route::Unrouted(o) => (o, true),
        };
        if let Ok(next) = lifecycle::apply(
            &plan.state,
            &Action::Assign { office, unrouted },
            filed_at,
            &**master,
        ) {
            plan.state = next;
        }
    }
    let mut t = filed_at.0;
    if let Profile::Sweep { .. } = profile {
        if rng.gen_bool(0.5) {
            t += rng.gen_range(HOUR..6 * HOUR).min(now.0 - t - 1);
            let actor = plan.officer();
            plan.step(
                t,
                &actor,
                ActionRequest::Accept {
                    eta: None,
                    eta_reason: String::new(),
                },
            );
        }
        return HistoricalCase {
            legacy_number: None,
            filed_at,
            form,
            events: plan.events,
        };
    }

    // An unrouted case or one that went to the wrong office moves first.
    if plan.state.unrouted || rng.gen_bool(0.10) {
        t += days(&mut rng, 0.05, 2.0);
        let candidates = world.offices_in_district.get(&district_id);
        if let Some(list) = candidates.filter(|l| l.len() > 1) {
            let target = list[rng.gen_range(0..list.len())];
            if Some(target) != plan.holding_office() {
                let actor = plan.officer();
                plan.step(
                    t,
                    &actor,
                    ActionRequest::Transfer {
                        office: world.code_of_office(target),
                        reason: "The grievance concerns another office's area of work".into(),
                    },
                );
            }
        }
    }
    t += days(&mut rng, 0.02, 2.0);
    let actor = plan.officer();
    plan.step(
        t,
        &actor,
        ActionRequest::Accept {
            eta: None,
            eta_reason: String::new(),
        },
    );
    let resolution = shape::log_normal(&mut rng, calendar_days * 0.7, 0.9).clamp(0.3, 400.0);
    let resolve_at = filed_at.0 + (resolution * DAY as f64) as i64;
    let due_at = filed_at.0 + (calendar_days * DAY as f64) as i64;
    if rng.gen_bool(0.6) {
        t += days(&mut rng, 0.0, 1.0);
        let eta = Timestamp(t + days(&mut rng, 1.0, calendar_days.max(2.0))).ist_date();
        let actor = plan.officer();
        plan.step(
            t,
            &actor,
            // A date past the deadline says why (the lifecycle asks it of every officer).
            ActionRequest::DeclareEta {
                eta: eta.to_string(),
                reason: "Material awaited from the division store".into(),
            },
        );
    }
    // The middle of the work, in time order, with escalations where the deadline lapses first.
    let mut middle: Vec<(i64, &str)> = Vec::new();
    if rng.gen_bool(0.08) {
        middle.push((t + days(&mut rng, 0.2, 3.0), "clarify"));
    }
    if rng.gen_bool(0.10) {
        middle.push((t + days(&mut rng, 0.2, 2.0), "forward"));
    }
    if rng.gen_bool(0.03) {
        middle.push((t + days(&mut rng, 0.2, 4.0), "joint"));
    }
    if resolve_at > due_at {
        middle.push((due_at + rng.gen_range(0..DAY), "escalate"));
        if resolve_at > due_at + 8 * DAY {
            middle.push((due_at + 7 * DAY + rng.gen_range(0..DAY), "escalate"));
        }
    }
    middle.sort();
    for (at, what) in middle {
        let at = at.max(t).min(resolve_at - HOUR);
        match what {
            "clarify" => {
                let actor = plan.officer();
                if plan.step(
                    at,
                    &actor,
                    ActionRequest::AskClarification {
                        question: "Please tell us the exact location and since when".into(),
                    },
                ) {
                    let answered = at + days(&mut rng, 0.3, 4.0);
                    plan.step(
                        answered,
                        "citizen",
                        ActionRequest::ReceiveClarification {
                            answer: "Near the panchayat bhawan, for two weeks now".into(),
                        },
                    );
                    t = answered;
                }
            }
            "forward" => {
                let below: Vec<i64> = plan
                    .holding_office()
                    .map(|h| {
                        master
                            .office_subtree(h)
                            .into_iter()
                            .filter(|o| *o != h)
                            .collect()
                    })
                    .unwrap_or_default();
                if below.is_empty() {
                    continue;
                }
                let to = below[rng.gen_range(0..below.len())];
                let actor = plan.officer();
                if plan.step(
                    at,
                    &actor,
                    ActionRequest::Forward {
                        office: world.code_of_office(to),
                        instructions: "Inspect the site and report within three days".into(),
                    },
                ) {
                    let back = at + days(&mut rng, 0.5, 5.0);
                    plan.step(
                        back,
                        &format!("officer:{}", world.code_of_office(to)),
                        ActionRequest::ReturnReport {
                            report: "Site inspected; the work is feasible".into(),
                        },
                    );
                    t = back;
                }
            }
            "joint" => {
                let department = world.departments[rng.gen_range(0..world.departments.len())];
                let code = master.departments[&department].code.clone();
                let actor = plan.officer();
                let added = department != category.department_id
                    && plan.step(
                        at,
                        &actor,
                        ActionRequest::AddJointDepartment {
                            department: code.clone(),
                            reason: "The work needs this department too".into(),
                        },
                    );
                // The joint department's office takes up its part and reports on it.
                if let Some(office) = plan
                    .state
                    .part(department)
                    .map(|p| p.office)
                    .filter(|_| added)
                {
                    let actor = format!("officer:{}", world.code_of_office(office));
                    let accepted = at + days(&mut rng, 0.05, 2.0);
                    plan.step(
                        accepted,
                        &actor,
                        ActionRequest::PartAccept {
                            department: code.clone(),
                            eta: None,
                        },
                    );
                    let reported = (accepted + days(&mut rng, 0.2, 5.0)).min(resolve_at - 2 * HOUR);
                    plan.step(
                        reported,
                        &actor,
                        ActionRequest::PartSubmitAtr {
                            department: code,
                            text: "Our part of the work is done".into(),
                            documents: Vec::new(),
                        },
                    );
                }
            }
            _ => {
                plan.step(at, "system", ActionRequest::Escalate);
            }
        }
        t = t.max(at);
    }
    // Resolution.
    let resolve_at = resolve_at.max(t + HOUR);
    let disposed = if rng.gen_bool(0.02) {
        let actor = plan.officer();
        plan.step(
            resolve_at - DAY / 2,
            &actor,
            ActionRequest::RequestSpecialClose {
                reason: "Covered by a sanctioned scheme; work will follow its schedule".into(),
            },
        );
        let supervisor = plan.supervisor();
        plan.step(
            resolve_at - DAY / 4,
            &supervisor,
            ActionRequest::ApproveSpecialClose,
        );
        let actor = plan.officer();
        plan.step(
            resolve_at,
            &actor,
            ActionRequest::Dispose {
                kind: "special_close".into(),
                remarks: "Closed under the sanctioned scheme".into(),
            },
        )
    } else {
        dispose_round(&mut plan, &mut rng, resolve_at)
    };
    if !disposed {
        return finish(plan, filed_at, form);
    }
    let mut after = resolve_at;
    let verified = rng.gen_bool(0.75);
    let mut outcome = "";
    if verified {
        after += days(&mut rng, 1.0, 10.0);
        outcome = *shape::weighted(
            &mut rng,
            &[
                ("satisfied", 65),
                ("not_satisfied", 25),
                ("unreachable", 10),
            ],
        );
        plan.step(
            after,
            "verifier",
            ActionRequest::RecordVerification {
                outcome: outcome.to_string(),
                remarks: String::new(),
            },
        );
    }
    if outcome == "not_satisfied" && rng.gen_bool(0.5) {
        after += days(&mut rng, 0.5, 3.0);
        if plan.step(
            after,
            "citizen",
            ActionRequest::Reopen {
                reason: "The problem is not solved on the ground".into(),
            },
        ) {
            after += days(&mut rng, 0.1, 2.0);
            let actor = plan.officer();
            plan.step(
                after,
                &actor,
                ActionRequest::Accept {
                    eta: None,
                    eta_reason: String::new(),
                },
            );
            after += days(&mut rng, 1.0, calendar_days);
            if dispose_round(&mut plan, &mut rng, after) && rng.gen_bool(0.7) {
                after += days(&mut rng, 1.0, 7.0);
                plan.step(
                    after,
                    "verifier",
                    ActionRequest::RecordVerification {
                        outcome: "satisfied".into(),
                        remarks: String::new(),
                    },
                );
                outcome = "satisfied";
            }
        }
    } else if outcome != "satisfied" && rng.gen_bool(0.04) {
        after += days(&mut rng, 1.0, 20.0);
        if plan.step(
            after,
            "citizen",
            ActionRequest::Appeal {
                reason: "The disposal did not address my grievance".into(),
                office: None,
            },
        ) {
            after += days(&mut rng, 0.5, 3.0);
            let actor = plan.officer();
            plan.step(
                after,
                &actor,
                ActionRequest::Accept {
                    eta: None,
                    eta_reason: String::new(),
                },
            );
            after += days(&mut rng, 2.0, 30.0);
            dispose_round(&mut plan, &mut rng, after);
        }
    }
    // Closure: after a final word from the citizen, or when the reopening window has passed.
    let close_at = if matches!(outcome, "satisfied" | "unreachable") {
        after + days(&mut rng, 0.2, 3.0)
    } else {
        plan.state.disposed_at.map(|d| d.0).unwrap_or(after) + 31 * DAY
    };
    plan.step(close_at, "system", ActionRequest::Close);
    finish(plan, filed_at, form)
}

/// The ATR (perhaps approved) and the disposal; true when disposed.
fn dispose_round(plan: &mut Plan<'_>, rng: &mut StdRng, at: i64) -> bool {
    let actor = plan.officer();
    plan.step(
        at - rng.gen_range(HOUR..6 * HOUR),
        &actor,
        ActionRequest::SubmitAtr {
            text: "Site inspected and the work done; photographs on file".into(),
            documents: Vec::new(),
        },
    );
    if rng.gen_bool(0.3) {
        let supervisor = plan.supervisor();
        plan.step(at - HOUR / 2, &supervisor, ActionRequest::ApproveAtr);
    }
    let kind = *shape::weighted(rng, DISPOSAL_MIX);
    plan.step(
        at,
        &actor,
        ActionRequest::Dispose {
            kind: kind.to_string(),
            remarks: "Disposed after the action taken report".into(),
        },
    )
}

fn finish(plan: Plan<'_>, filed_at: Timestamp, form: GrievanceForm) -> HistoricalCase {
    HistoricalCase {
        legacy_number: None,
        filed_at,
        form,
        events: plan.events,
    }
}

/// Generates and imports `options.count` cases, calling `progress` with the running count.
pub async fn generate(
    store: &Store,
    options: &GenerateOptions,
    progress: impl Fn(u64),
) -> Result<GenerateReport, String> {
    let started = std::time::Instant::now();
    // 1 GiB of SQLite page cache for the connection that writes (see `widen_page_cache`).
    store
        .widen_page_cache(1 << 20)
        .await
        .map_err(|e| e.to_string())?;
    let world = Arc::new(World::new(store.master(), options.seed)?);
    let now = Timestamp::start_of_ist_day(options.until.unwrap_or_else(|| store.now().ist_date()));
    let batch = options.batch.max(1) as u64;
    // Planning runs on its own thread while the database writes the batch before.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<HistoricalCase>>(2);
    let planner = {
        let world = world.clone();
        let options = options.clone();
        std::thread::spawn(move || {
            let mut start = 0;
            while start < options.count {
                let end = (start + batch).min(options.count);
                let cases: Vec<HistoricalCase> = (start..end)
                    .map(|i| generate_case(&world, options.seed, i, now, options.profile))
                    .collect();
                if sender.blocking_send(cases).is_err() {
                    return;
                }
                start = end;
            }
        })
    };
    let mut report = GenerateReport::default();
    while let Some(cases) = receiver.recv().await {
        let imported = store
            .import_batch(&cases)
            .await
            .map_err(|e| format!("import failed: {e}"))?;
        report.grievances += imported.grievances as u64;
        report.events += cases.iter().map(|c| c.events.len() as u64 + 2).sum::<u64>();
        progress(report.grievances);
    }
    planner
        .join()
        .map_err(|_| "the planner failed".to_string())?;
    add_citizen_accounts(store, now)
        .await
        .map_err(|e| format!("citizen accounts: {e}"))?;
    report.open = store.count_open().await.map_err(|e| e.to_string())? as u64;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Citizen accounts for the numbers of a hundred open cases, as if those citizens had tracked
/// their cases with a one-time password (so proved their numbers, and have no password): the
/// load's "track" scenario acts as them, with tokens the administrator issues.
async fn add_citizen_accounts(store: &Store, now: Timestamp) -> Result<(), sqlx::Error> {
    let mobiles: Vec<String> = sqlx::query_scalar(
        "SELECT mobile FROM grievances WHERE disposed_at IS NULL \
         AND id % 97 = 0 ORDER BY id LIMIT 100",
    )
    .fetch_all(store.pool())
    .await?;
    for mobile in mobiles {
        sqlx::query(
            "INSERT INTO users (username, full_name, role, mobile, password_hash, created_at, mobile_verified_at) \
             VALUES ($1, $2, 'citizen', $1, '!', $3, $3) ON CONFLICT (username) DO NOTHING",
        )
        .bind(mobile.clone())
        .bind(format!("Citizen {}", &mobile[6..]))
        .bind(now.0)
        .execute(store.pool())
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_normal_has_its_median() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut samples: Vec<f64> = (0..10_001)
            .map(|_| shape::log_normal(&mut rng, 10.0, 0.9))
            .collect();
        samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let median = samples[5000];
        assert!((9.0..11.0).contains(&median), "{median}");
    }
}
