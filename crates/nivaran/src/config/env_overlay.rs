//! Every setting of `nivaran.toml` as an environment variable too: `NIVARAN_` and the key's
//! path in capitals, sections joined by a double underscore (`[server] max_connections` is
//! `NIVARAN_SERVER__MAX_CONNECTIONS`, `[social.x] bearer_token` is
//! `NIVARAN_SOCIAL__X__BEARER_TOKEN`). A variable overrides the file. Its value is read as a TOML
//! value where it is one (`2048`, `true`, `["10.0.0.0/8"]`), else as text; quote text that
//! looks like a number (`'"0123"'`). A section's key the code does not know is refused, as
//! in the file.
//!
//! The top-level keys have their own names without a section (`NIVARAN_PORT`), read in
//! `Config::load`; those listed in [`TOP_LEVEL`] are taken here.

use toml::{Table, Value};

/// The top-level keys (not sections) that only this overlay reads from the environment.
pub const TOP_LEVEL: &[&str] = &[
    "trust_proxy",
    "trusted_proxies",
    "sms_templates",
    "exchange",
];

/// Applies the environment's `NIVARAN_…` settings to the file's `table`; the variables applied.
pub fn apply(
    table: &mut Table,
    vars: impl Iterator<Item = (String, String)>,
) -> Result<Vec<String>, String> {
    let mut applied = Vec::new();
    let mut vars: Vec<(String, String)> = vars.collect();
    // Applied in name order, so the outcome does not depend on the environment's order.
    vars.sort();
    for (name, raw) in vars {
        let Some(rest) = name.strip_prefix("NIVARAN_") else {
            continue;
        };
        let path: Vec<String> = rest.split("__").map(str::to_lowercase).collect();
        let is_setting = path.len() > 1 || TOP_LEVEL.contains(&path[0].as_str());
        if !is_setting {
            continue;
        }
        if path.iter().any(String::is_empty) {
            return Err(format!("{name}: a setting's path has an empty part"));
        }
        set(table, &path, value_of(&raw)).map_err(|e| format!("{name}: {e}"))?;
        applied.push(name);
    }
    Ok(applied)
}

/// The variable's text as a TOML value where it is one, else as text.
fn value_of(raw: &str) -> Value {
    toml::from_str::<Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(raw.to_string()))
}

fn set(table: &mut Table, path: &[String], value: Value) -> Result<(), String> {
    let (last, sections) = path.split_last().expect("a path has a part");
    let mut at = table;
    for section in sections {
        let entry = at
            .entry(section.clone())
            .or_insert_with(|| Value::Table(Table::new()));
        at = match entry {
            Value::Table(inner) => inner,
            _ => return Err(format!("`{section}` is a setting, not a section")),
        };
    }
    at.insert(last.clone(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(list: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn sections_nest_by_double_underscores_and_values_keep_their_types() {
        let mut table: Table = toml::from_str("[server]\nmax_connections = 10\n").unwrap();
        let applied = apply(
            &mut table,
            vars(&[
                ("NIVARAN_SERVER__MAX_CONNECTIONS", "2048"),
                ("NIVARAN_SOCIAL__X__BEARER_TOKEN", "AAAA-token"),
                ("NIVARAN_TRUSTED_PROXIES", r#"["10.0.0.0/8"]"#),
                ("NIVARAN_SMS__HTTP__URL", "https://sms.example.in/send?a=1"),
                ("NIVARAN_AUDIT_LOG__CHECKPOINT_MINUTES", "5"),
                ("NIVARAN_LOG", "debug"),
                ("NIVARAN_DATA_DIR", "/var/lib/nivaran"),
                ("HOME", "/root"),
            ]),
        )
        .unwrap();
        assert_eq!(applied.len(), 5);
        assert_eq!(table["server"]["max_connections"].as_integer(), Some(2048));
        assert_eq!(
            table["social"]["x"]["bearer_token"].as_str(),
            Some("AAAA-token")
        );
        assert_eq!(
            table["trusted_proxies"].as_array().unwrap()[0].as_str(),
            Some("10.0.0.0/8")
        );
        assert_eq!(
            table["sms"]["http"]["url"].as_str(),
            Some("https://sms.example.in/send?a=1")
        );
        assert!(!table.contains_key("log") && !table.contains_key("data_dir"));
    }

    #[test]
    fn a_setting_cannot_be_made_a_section() {
        let mut table: Table = toml::from_str("port = 8080\n").unwrap();
        let err = apply(&mut table, vars(&[("NIVARAN_PORT__X", "1")])).unwrap_err();
        assert!(err.contains("NIVARAN_PORT__X"), "{err}");
    }
}
