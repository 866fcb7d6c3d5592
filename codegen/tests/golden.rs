//! Golden files of the generated Rust and TypeScript for every spec in `specs/`.
//!
//! Refresh them with `SLS_BLESS=1 cargo test -p sls-gen --test golden`. The Rust ones are
//! compiled (under `#![deny(warnings)]` and clippy) by the `sls-tests` crate in `tests/`, the
//! TypeScript ones type-checked (`tsc --strict`) and run by `tests/ts/run.sh`.

use std::path::{Path, PathBuf};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("specs/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs found in {}", dir.display());
    specs
}

fn analysis(spec: &Path) -> sls_gen::Analysis {
    match sls_gen::analyze(spec) {
        Ok(analysis) => analysis,
        Err(diagnostics) => panic!("{} does not analyze:\n{diagnostics}", spec.display()),
    }
}

fn generate(spec: &Path) -> String {
    let name = spec.file_name().expect("a file").to_string_lossy();
    sls_gen::generate_rust(&analysis(spec).ir, &name).unwrap_or_else(|error| panic!("{error}"))
}

fn generate_ts(spec: &Path) -> String {
    let name = spec.file_name().expect("a file").to_string_lossy();
    sls_gen::generate_typescript(&analysis(spec).ir, &name)
}

#[test]
fn generated_rust_matches_golden_files() {
    compare(generate, "rs");
}

#[test]
fn generated_typescript_matches_golden_files() {
    compare(generate_ts, "ts");
}

/// Compares (or, with `SLS_BLESS`, writes) `golden/{stem}.{extension}` for every spec.
fn compare(generate: fn(&Path) -> String, extension: &str) {
    let bless = std::env::var_os("SLS_BLESS").is_some();
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut stale = Vec::new();
    for spec in specs() {
        let code = generate(&spec);
        let stem = spec
            .file_stem()
            .expect("a stem")
            .to_string_lossy()
            .replace('-', "_");
        let golden = golden_dir.join(format!("{stem}.{extension}"));
        if bless {
            std::fs::write(&golden, &code).expect("golden file written");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == code => {}
            Ok(expected) => {
                let line = expected
                    .lines()
                    .zip(code.lines())
                    .position(|(a, b)| a != b)
                    .map_or_else(
                        || expected.lines().count().min(code.lines().count()) + 1,
                        |i| i + 1,
                    );
                stale.push(format!(
                    "{} differs from its output, first at line {line}",
                    golden.display()
                ));
            }
            Err(_) => stale.push(format!("{} is missing", golden.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrefresh with SLS_BLESS=1 cargo test -p sls-gen --test golden",
        stale.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    for spec in specs() {
        assert_eq!(
            generate(&spec),
            generate(&spec),
            "{} generates differently twice",
            spec.display()
        );
        assert_eq!(
            generate_ts(&spec),
            generate_ts(&spec),
            "{} generates a different client twice",
            spec.display()
        );
    }
}
