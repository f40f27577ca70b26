//! A dashboard's scope (all, an area, an office, an officer): parsed from its code, named,
//! and who may see it.

use super::*;
use nivaran_domain::ErrorCode;
use nivaran_domain::msg;

impl Scope {
    /// Reads `all`, `area:CODE` (state, district, subdivision, …), `office:CODE` or
    /// `officer:USERNAME`.
    pub async fn parse(store: &Store, text: &str) -> Result<Scope> {
        let master = store.master();
        let unknown = || -> StoreError {
            FieldError::new(
                "scope",
                ErrorCode::Unknown,
                msg!("store-stats-unknown-scope", scope = text),
            )
            .into()
        };
        let (kind, code) = text.split_once(':').unwrap_or((text, ""));
        Ok(match kind {
            "all" => Scope::All,
            "area" => Scope::Area(master.jurisdiction_by_code(code).ok_or_else(unknown)?.id),
            "office" => Scope::Office(master.office_by_code(code).ok_or_else(unknown)?.id),
            "officer" => {
                let user = store.user_by_username(code).await.map_err(|_| unknown())?;
                match (Role::parse(&user.role), user.office_id) {
                    (Some(Role::Officer | Role::Supervisor), Some(office_id)) => Scope::Officer {
                        user_id: user.id,
                        username: user.username,
                        office_id,
                    },
                    _ => return Err(unknown()),
                }
            }
            _ => return Err(unknown()),
        })
    }

    pub fn code(&self, master: &MasterData) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Area(id) => format!(
                "area:{}",
                master
                    .jurisdictions
                    .get(id)
                    .map(|j| j.code.as_str())
                    .unwrap_or("")
            ),
            Scope::Office(id) => format!(
                "office:{}",
                master.office_code(Some(*id)).unwrap_or_default()
            ),
            Scope::Officer { username, .. } => format!("officer:{username}"),
        }
    }

    /// Adds the condition on alias `g` for the cases this scope counts.
    pub(in crate::store) fn condition(&self, sql: &mut Sql, master: &MasterData) {
        match self {
            Scope::All => {}
            Scope::Area(id) => match master.jurisdictions.get(id) {
                Some(j) if j.level == "state" => {
                    sql.push(" AND g.state_id = ").bind(j.id);
                }
                Some(j) if j.level == "district" => {
                    sql.push(" AND g.district_id = ").bind(j.id);
                }
                _ => {
                    sql.push(" AND g.jurisdiction_id IN ")
                        .bind_in(&master.jurisdiction_subtree(*id));
                }
            },
            // An office's figures are its own and those of every office under it (an
            // Executive Engineer answers for his sub-divisions and blocks).
            Scope::Office(office) => {
                let subtree = master.office_subtree(*office);
                if subtree.len() == 1 {
                    sql.push(" AND g.holding_office_id = ").bind(*office);
                } else {
                    sql.push(" AND g.holding_office_id IN ").bind_in(&subtree);
                }
            }
            Scope::Officer { user_id, .. } => {
                sql.push(" AND g.holder_user_id = ").bind(*user_id);
            }
        }
    }

    /// The area the scope lies in (for access checks), if it is in one.
    fn jurisdiction(&self, master: &MasterData) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Area(id) => Some(*id),
            Scope::Office(office)
            | Scope::Officer {
                office_id: office, ..
            } => master.offices.get(office).map(|o| o.jurisdiction_id),
        }
    }

    /// The scope a user's dashboard opens on: their office for an officer, the area their
    /// office or posting covers for others, everything for an administrator.
    pub fn home_of(actor: &Actor, master: &MasterData, username: &str) -> Scope {
        match actor.role {
            Some(Role::Officer) => match (actor.office_id, actor.user_id) {
                (Some(office_id), Some(user_id)) => Scope::Officer {
                    user_id,
                    username: username.to_string(),
                    office_id,
                },
                _ => Scope::All,
            },
            Some(Role::Supervisor) => match actor.office_id {
                Some(office) if reviews_area(master, office) => master
                    .offices
                    .get(&office)
                    .map(|o| Scope::Area(o.jurisdiction_id))
                    .unwrap_or(Scope::Office(office)),
                Some(office) => Scope::Office(office),
                None => Scope::All,
            },
            _ => actor.jurisdiction_id.map(Scope::Area).unwrap_or(Scope::All),
        }
    }

    /// May `actor` see this scope's figures (and the cases behind them)? Administrators see
    /// everything; supervisors the area their office serves (a collector the whole district,
    /// every department); auditors, verifiers and operators their posting's area (all of it
    /// when they have none); officers their own office.
    pub fn visible_to(&self, actor: &Actor, master: &MasterData) -> bool {
        let within = |area: Option<i64>| match (area, self.jurisdiction(master)) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(area), Some(j)) => master.jurisdiction_path(j).contains(&area),
        };
        match actor.role {
            Some(Role::Admin) => true,
            // A collector or a grievance cell: their area, every department. Any other
            // supervisor: the offices under their own.
            Some(Role::Supervisor) => match actor.office_id {
                Some(office) if reviews_area(master, office) => {
                    let area = master.offices.get(&office).map(|o| o.jurisdiction_id);
                    area.is_some() && within(area)
                }
                Some(office) => match self {
                    Scope::Office(o) | Scope::Officer { office_id: o, .. } => {
                        master.office_subtree(office).contains(o)
                    }
                    _ => false,
                },
                None => false,
            },
            Some(Role::Auditor) | Some(Role::Verifier) | Some(Role::Operator) => {
                within(actor.jurisdiction_id)
            }
            Some(Role::Officer) => match self {
                Scope::Office(o) | Scope::Officer { office_id: o, .. } => {
                    actor.office_id == Some(*o)
                }
                _ => false,
            },
            _ => false,
        }
    }
}
