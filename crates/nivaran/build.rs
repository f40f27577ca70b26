//! Puts the commit the binary was built from into `nivaran --version` (`0.1.0 (3f2a9c1)`), so a
//! running node says exactly what it runs. Built outside a git checkout (a source tarball), the
//! commit may be given as NIVARAN_COMMIT; else it says "unknown commit".

use std::path::Path;
use std::process::Command;

fn main() {
    let commit = std::env::var("NIVARAN_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| {
            let out = Command::new("git")
                .args(["rev-parse", "--short=10", "HEAD"])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        })
        .unwrap_or_else(|| "unknown commit".into());
    println!("cargo:rustc-env=NIVARAN_COMMIT={commit}");
    println!("cargo:rerun-if-env-changed=NIVARAN_COMMIT");
    // A new commit changes HEAD (detached) or the branch's ref it names.
    let git = Path::new("../../.git");
    println!("cargo:rerun-if-changed=../../.git/HEAD");
    if let Ok(head) = std::fs::read_to_string(git.join("HEAD"))
        && let Some(reference) = head.strip_prefix("ref: ")
    {
        println!("cargo:rerun-if-changed=../../.git/{}", reference.trim());
        println!("cargo:rerun-if-changed=../../.git/packed-refs");
    }
}
