//! The `sls-gen` binary: exit codes, located errors and `--help` golden files.

use std::path::Path;
use std::process::Command;

fn sls_gen(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sls-gen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sls-gen runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_reports_every_error_located_and_exits_1() {
    let (code, _, stderr) = sls_gen(&["check", "tests/cli/broken.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    let expected = [
        "error: unresolved reference `#/components/schemas/Nope`\n  --> tests/cli/broken.yaml:18:17 at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
        "error: duplicate operationId `listPets` (first used at tests/cli/broken.yaml:11:7)\n  --> tests/cli/broken.yaml:21:7 at #/paths/~1pets~1{petId}/get/operationId",
        "error: the path has `{petId}` but the operation declares no path parameter `petId`\n  --> tests/cli/broken.yaml:20:5 at #/paths/~1pets~1{petId}/get",
        "error: unknown operation `listPet`; did you mean `listPets`?\n  --> tests/cli/broken.yaml:7:26 at #/x-sls/functions/pets/operations/0",
        "warning: operation has no operationId; it is named `getOwners`\n  --> tests/cli/broken.yaml:26:5 at #/paths/~1owners/get",
    ];
    for part in expected {
        assert!(
            stderr.contains(part),
            "missing:\n{part}\n--- in ---\n{stderr}"
        );
    }
    assert!(
        stderr.contains("4 errors, 2 warnings"),
        "summary line missing:\n{stderr}"
    );
}

#[test]
fn overlapping_routes_are_an_error() {
    let (code, _, stderr) = sls_gen(&["check", "tests/cli/overlap.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: `GET /pet/{petId}` matches the same requests as `GET /pet/{id}` (operation `getPet`)\n  --> tests/cli/overlap.yaml:10:5 at #/paths/~1pet~1{petId}/get"),
        "{stderr}"
    );
}

#[test]
fn check_accepts_the_example_specs() {
    for spec in ["../specs/petstore.yaml", "../specs/minimal.yaml"] {
        let (code, stdout, stderr) = sls_gen(&["check", spec]);
        assert_eq!(code, 0, "{spec}: {stderr}");
        assert!(stdout.contains(": ok ("), "{stdout}");
    }
}

#[test]
fn build_writes_the_module_and_fails_on_errors() {
    let out = std::env::temp_dir().join(format!("sls-gen-cli-{}", std::process::id()));
    let out_str = out.to_string_lossy().into_owned();
    let (code, _, stderr) = sls_gen(&["build", "../specs/minimal.yaml", "--out", &out_str]);
    assert_eq!(code, 0, "{stderr}");
    let written = std::fs::read_to_string(out.join("api.rs")).expect("api.rs written");
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/minimal.rs"),
    )
    .expect("golden");
    assert_eq!(written, golden);
    let (code, _, _) = sls_gen(&["build", "tests/cli/broken.yaml", "--out", &out_str]);
    assert_eq!(code, 1);
    std::fs::remove_dir_all(&out).expect("cleanup");
}

#[test]
fn help_matches_golden_files() {
    let bless = std::env::var_os("SLS_BLESS").is_some();
    for (name, args) in [
        ("help", vec!["--help"]),
        ("help-check", vec!["check", "--help"]),
        ("help-build", vec!["build", "--help"]),
    ] {
        let (code, stdout, _) = sls_gen(&args);
        assert_eq!(code, 0);
        let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/cli/{name}.txt"));
        if bless {
            std::fs::write(&golden, &stdout).expect("golden written");
        } else {
            let expected = std::fs::read_to_string(&golden).unwrap_or_default();
            assert_eq!(
                stdout,
                expected,
                "{} is stale; refresh with SLS_BLESS=1",
                golden.display()
            );
        }
    }
}
