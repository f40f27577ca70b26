//! The configuration's tests: files that parse, settings documented and reachable from the
//! environment.

use super::*;

/// Every key path of `nivaran.toml` (`server.max_connections`), read from the JSON schema
/// of its types, not from a list kept by hand.
fn every_setting() -> Vec<Vec<String>> {
    use serde_json::Value;
    fn walk(defs: &Value, schema: &Value, path: &[String], out: &mut Vec<Vec<String>>) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/$defs/");
            return walk(defs, &defs[name], path, out);
        }
        let mut nested = false;
        for key in ["anyOf", "oneOf", "allOf"] {
            for alternative in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if alternative.get("type") != Some(&Value::from("null")) {
                    nested = true;
                    walk(defs, alternative, path, out);
                }
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            nested = true;
            for (name, property) in properties {
                let mut inner = path.to_vec();
                inner.push(name.clone());
                walk(defs, property, &inner, out);
            }
        }
        if let Some(items) = schema
            .get("items")
            .filter(|i| i.get("properties").is_some() || i.get("$ref").is_some())
        {
            nested = true;
            walk(defs, items, path, out);
        }
        if !nested && !path.is_empty() && !out.iter().any(|p| p == path) {
            out.push(path.to_vec());
        }
    }
    let schema = serde_json::to_value(schemars::schema_for!(FileConfig)).unwrap();
    let mut out = Vec::new();
    walk(&schema["$defs"], &schema, &[], &mut out);
    out
}

#[test]
fn an_unknown_key_under_sms_is_refused_as_in_every_section() {
    // `[sms]` flattened the gateway's keys, which let a misspelt key pass unnoticed.
    let err = toml::from_str::<FileConfig>("[sms]\nkind = \"http\"\nrate_per_secnd = 5\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("rate_per_secnd"), "{err}");
}

#[test]
fn every_setting_is_documented() {
    let docs = include_str!("../../../../docs/CONFIGURATION.md");
    let settings = every_setting();
    assert!(settings.len() > 100, "{} settings", settings.len());
    let mut missing = Vec::new();
    for path in &settings {
        let (key, sections) = path.split_last().unwrap();
        // Named in backticks, set in a TOML example (`key = …`, `key.x = …`), or a table
        // of its own (`[deadlines.categories.CODE]`).
        let key_written = docs.contains(&format!("`{key}`"))
            || docs.contains(&format!(" {key}`"))
            || docs.contains(&format!("[{}", path.join(".")))
            || docs.lines().any(|l| {
                let l = l.trim_start().trim_start_matches("# ");
                [" =", "=", "."]
                    .iter()
                    .any(|after| l.starts_with(&format!("{key}{after}")))
            });
        let section = sections.join(".");
        let section_written = section.is_empty()
            || docs.contains(&format!("[{section}]"))
            || docs.contains(&format!("[[{section}]]"))
            || docs.contains(&format!("`[{section}] "));
        if !(key_written && section_written) {
            missing.push(path.join("."));
        }
    }
    assert!(
        missing.is_empty(),
        "settings of the code that docs/CONFIGURATION.md does not name: {missing:#?}"
    );
}

#[test]
fn every_setting_can_come_from_the_environment() {
    // Each setting's variable lands where the file's key would (the value's type aside).
    for path in every_setting() {
        let name = format!("NIVARAN_{}", path.join("__").to_uppercase());
        if path.len() == 1 && !env_overlay::TOP_LEVEL.contains(&path[0].as_str()) {
            // A top-level key read under its own name in `Config::load`.
            continue;
        }
        if path[0] == "exchange" {
            // `[[exchange]]` is a list: NIVARAN_EXCHANGE holds it whole (tested apart).
            continue;
        }
        let mut table = toml::Table::new();
        env_overlay::apply(
            &mut table,
            [(name.clone(), "\"x\"".to_string())].into_iter(),
        )
        .unwrap();
        let mut at = &toml::Value::Table(table);
        for part in &path {
            at = at
                .get(part)
                .unwrap_or_else(|| panic!("{name} did not reach {path:?}"));
        }
        assert_eq!(at.as_str(), Some("x"), "{name}");
    }
}

#[test]
fn a_full_configuration_file_parses() {
    let file: FileConfig = toml::from_str(
        r#"
        database_url = "postgres://nivaran@db/nivaran"
        public_url = "https://samadhan.example.gov.in"
        [sms]
        kind = "http"
        max_attempts = 4
        callback_token = "s3cret"
        [sms.http]
        url = "https://sms.example.in/api/send"
        method = "GET"
        to_param = "mobiles"
        text_param = "message"
        success_pattern = "\"type\":\"success\""
        extra = { route = "4", DLT_TE_ID = "ignored" }
        [deadlines]
        escalate_after_days = [1, 3]
        [deadlines.categories.PHED-WS-NOSUP]
        escalate_after_days = [0, 1]
        [worker]
        poll_seconds = 2
        sweep_minutes = 10
        [verification]
        share_percent = 30
        [audit]
        sample_per_office = 5
        [reports]
        weekday = "friday"
        [[reports.recipients]]
        scope = "area:08110"
        emails = ["collector.jaipur@example.gov.in"]
        [scoring]
        satisfaction = 50
        attended = 20
        [server]
        max_connections = 200
        "#,
    )
    .unwrap();
    assert_eq!(file.sms.max_attempts, Some(4));
    assert_eq!(file.sms.gateway().kind.as_deref(), Some("http"));
    assert_eq!(file.sms.gateway().http.unwrap().to_param, "mobiles");
    assert_eq!(file.deadlines.escalate_after_days, [1, 3]);
    assert_eq!(
        file.deadlines.categories["PHED-WS-NOSUP"].escalate_after_days,
        [0, 1]
    );
    assert_eq!(file.worker.sweep_minutes, 10);
    assert_eq!(file.scoring.satisfaction, 50.0);
    assert_eq!(file.scoring.quality, 10.0);
    assert_eq!(file.verification.share_percent, 30);
    assert_eq!(file.verification.attempts, 3);
    assert_eq!(file.audit.sample_per_office, 5);
    assert_eq!(file.reports.recipients[0].lang, "hi");
    assert!(file.reports.check().is_ok());
    assert!(toml::from_str::<FileConfig>("databse_url = 'typo'").is_err());
    assert_eq!(file.server.limits().unwrap().max_connections, 200);
    assert_eq!(
        file.server.limits().unwrap().header_read_timeout,
        Duration::from_secs(10)
    );
}

#[test]
fn trusted_proxies_are_networks_or_addresses() {
    let nets = trusted_proxies(false, &["10.0.0.0/8".into(), "192.0.2.7".into()]).unwrap();
    assert!(nets[0].contains(&"10.2.3.4".parse::<std::net::IpAddr>().unwrap()));
    assert!(nets[1].contains(&"192.0.2.7".parse::<std::net::IpAddr>().unwrap()));
    assert!(trusted_proxies(false, &["ten.0.0.0".into()]).is_err());
    assert!(trusted_proxies(false, &[]).unwrap().is_empty());
    let local = trusted_proxies(true, &[]).unwrap();
    assert!(local[0].contains(&"127.0.0.1".parse::<std::net::IpAddr>().unwrap()));
}

#[test]
fn cookies_are_secure_when_the_public_address_is_https() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nivaran.toml"),
        "public_url = 'https://samadhan.example.gov.in'",
    )
    .unwrap();
    assert!(Config::load(dir.path(), None).unwrap().secure_cookies);
    std::fs::write(dir.path().join("nivaran.toml"), "port = 9000").unwrap();
    assert!(!Config::load(dir.path(), None).unwrap().secure_cookies);
}

#[test]
fn a_read_replica_needs_postgresql_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let with = |text: &str| {
        std::fs::write(dir.path().join("nivaran.toml"), text).unwrap();
        Config::load(dir.path(), None)
    };
    // SQLite (the default database) has no replica.
    let refused = with("[database]\nread_url = 'postgres://replica/nivaran'").unwrap_err();
    assert!(refused.contains("read_url needs PostgreSQL"), "{refused}");
    let refused = with(
        "database_url = 'postgres://primary/nivaran'\n[database]\nread_url = 'sqlite:///tmp/x.db'",
    )
    .unwrap_err();
    assert!(refused.contains("postgres:// URL"), "{refused}");
    let config = with(
        "database_url = 'postgres://primary/nivaran'\n[database]\nread_url = 'postgres://replica/nivaran'\nreplica_max_lag_seconds = 5",
    )
    .unwrap();
    assert_eq!(
        config.database.read_url.as_deref(),
        Some("postgres://replica/nivaran")
    );
    assert_eq!(config.database.replica_max_lag(), Duration::from_secs(5));
}
