//! The `sls-gen` binary: exit codes, located errors and `--help` golden files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
fn build_lang_ts_writes_the_client_and_fails_on_errors() {
    let out = std::env::temp_dir().join(format!("sls-gen-cli-ts-{}", std::process::id()));
    let out_str = out.to_string_lossy().into_owned();
    let (code, stdout, stderr) = sls_gen(&[
        "build",
        "../specs/petstore.yaml",
        "--lang",
        "ts",
        "--out",
        &out_str,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("client.ts ("), "{stdout}");
    let written = std::fs::read_to_string(out.join("client.ts")).expect("client.ts written");
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/petstore.ts"),
    )
    .expect("golden");
    assert_eq!(written, golden);
    assert!(!out.join("api.rs").exists(), "only the client is written");
    let (code, _, stderr) = sls_gen(&[
        "build",
        "tests/cli/broken.yaml",
        "--lang",
        "ts",
        "--out",
        &out_str,
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("tests/cli/broken.yaml:18:17"), "{stderr}");
    let (code, _, stderr) = sls_gen(&[
        "build",
        "../specs/minimal.yaml",
        "--lang",
        "go",
        "--out",
        &out_str,
    ]);
    assert_eq!(code, 2, "an unknown language is a usage error");
    assert!(stderr.contains("possible values: rust, ts"), "{stderr}");
    std::fs::remove_dir_all(&out).expect("cleanup");
}

#[test]
fn builder_writes_the_typescript_client() {
    let out = std::env::temp_dir().join(format!("sls-gen-builder-ts-{}", std::process::id()));
    let (path, analysis) =
        sls_gen::Builder::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/minimal.yaml"))
            .lang(sls_gen::Lang::TypeScript)
            .out_dir(&out)
            .build_quietly()
            .expect("builds");
    assert_eq!(path, out.join("client.ts"));
    assert_eq!(analysis.ir.operations.len(), 2);
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/minimal.ts"),
    )
    .expect("golden");
    assert_eq!(std::fs::read_to_string(&path).expect("written"), golden);
    std::fs::remove_dir_all(&out).expect("cleanup");
}

#[test]
fn help_matches_golden_files() {
    let bless = std::env::var_os("SLS_BLESS").is_some();
    for (name, args) in [
        ("help", vec!["--help"]),
        ("help-check", vec!["check", "--help"]),
        ("help-build", vec!["build", "--help"]),
        ("help-init", vec!["init", "--help"]),
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

/// A fresh directory path (not created) for one test, under `base`.
fn scratch(base: &Path, name: &str) -> PathBuf {
    let dir = base.join(format!("sls-gen-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every file under `dir`, by path relative to it with `/` separators.
fn files_under(dir: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("a directory") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().expect("a name").to_string_lossy();
            let relative = format!("{prefix}{name}");
            if path.is_dir() {
                walk(&path, &format!("{relative}/"), out);
            } else {
                out.insert(relative, std::fs::read_to_string(&path).expect("text"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn checkout() -> PathBuf {
    std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("checkout")
}

/// The value of `key = { path = "..." ...}` in a manifest.
fn dependency_path<'a>(toml: &'a str, key: &str) -> &'a str {
    let line = toml
        .lines()
        .find(|line| line.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in\n{toml}"));
    let start = line.find("path = \"").expect("a path") + "path = \"".len();
    let rest = &line[start..];
    &rest[..rest.find('"').expect("a closing quote")]
}

#[test]
fn init_writes_the_golden_scaffold_with_relative_paths_inside_the_checkout() {
    let dir = scratch(Path::new(env!("CARGO_TARGET_TMPDIR")), "golden");
    let dir_str = dir.to_string_lossy().into_owned();
    let args = [
        "init",
        &dir_str,
        "--spec",
        "../specs/minimal.yaml",
        "--member",
        "--name",
        "scaffold-minimal",
    ];
    let (code, stdout, stderr) = sls_gen(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("created package `scaffold-minimal`"),
        "{stdout}"
    );
    let mut written = files_under(&dir);
    let mut golden =
        files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scaffold/minimal"));
    let toml = written.remove("Cargo.toml").expect("Cargo.toml");
    golden.remove("Cargo.toml");
    assert_eq!(written, golden);
    for (key, crate_dir) in [("sls-runtime", "runtime"), ("sls-gen", "codegen")] {
        let path = dependency_path(&toml, key);
        assert!(path.starts_with(".."), "{key}: {path}");
        assert_eq!(
            std::fs::canonicalize(dir.join(path)).expect("resolves"),
            checkout().join(crate_dir)
        );
    }
    assert!(!toml.contains("[workspace]"), "{toml}");
    // Not empty any more: refused, and nothing changes.
    std::fs::write(dir.join("src/lib.rs"), "// mine\n").expect("edit");
    let (code, _, stderr) = sls_gen(&args);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("src/lib.rs")).expect("kept"),
        "// mine\n"
    );
    // With --force the files are written again; other files stay.
    std::fs::write(dir.join("notes.txt"), "keep").expect("a file of the user");
    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, _, stderr) = sls_gen(&forced);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("src/lib.rs")).expect("rewritten"),
        golden["src/lib.rs"]
    );
    assert!(dir.join("notes.txt").exists());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn init_outside_the_checkout_writes_absolute_paths_and_its_own_workspace() {
    let dir = scratch(&std::env::temp_dir(), "standalone");
    let dir_str = dir.to_string_lossy().into_owned();
    let runtime = checkout().join("runtime");
    let runtime_str = runtime.to_string_lossy().into_owned();
    // The runtime crate itself is accepted as --runtime-path.
    let (code, _, stderr) = sls_gen(&[
        "init",
        &dir_str,
        "--spec",
        "../specs/petstore.yaml",
        "--runtime-path",
        &runtime_str,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let files = files_under(&dir);
    let toml = &files["Cargo.toml"];
    // Absolute, unless the temporary directory shares an ancestor with the checkout.
    let canonical = std::fs::canonicalize(&dir).expect("written");
    let expected =
        sls_gen::init::relative(&canonical, &runtime).unwrap_or_else(|| runtime_str.clone());
    assert_eq!(dependency_path(toml, "sls-runtime"), expected);
    assert!(
        toml.starts_with("[package]\nname = \"petstore\"\n"),
        "{toml}"
    );
    assert!(toml.trim_end().ends_with("\n[workspace]"), "{toml}");
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            ".gitignore",
            "Cargo.toml",
            "README.md",
            "build.rs",
            "spec.yaml",
            "src/lib.rs",
            "src/main.rs",
            "src/pets.rs",
            "src/store.rs",
            "src/users.rs"
        ]
    );
    assert_eq!(
        files["spec.yaml"],
        std::fs::read_to_string(checkout().join("specs/petstore.yaml")).expect("spec")
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn init_reports_spec_errors_as_check_does_and_writes_nothing() {
    let dir = scratch(&std::env::temp_dir(), "broken");
    let dir_str = dir.to_string_lossy().into_owned();
    let (check_code, _, check_stderr) = sls_gen(&["check", "tests/cli/broken.yaml"]);
    let (code, stdout, stderr) = sls_gen(&["init", &dir_str, "--spec", "tests/cli/broken.yaml"]);
    assert_eq!((code, check_code), (1, 1));
    assert_eq!(stderr, check_stderr);
    assert!(
        stderr.contains("tests/cli/broken.yaml:18:17 at #/paths/"),
        "{stderr}"
    );
    assert_eq!(stdout, "");
    assert!(!dir.exists(), "{} was created", dir.display());
}

#[test]
fn init_refuses_a_bad_runtime_path_or_name_and_writes_nothing() {
    let dir = scratch(&std::env::temp_dir(), "refused");
    let dir_str = dir.to_string_lossy().into_owned();
    let spec = "../specs/minimal.yaml";
    let (code, _, stderr) = sls_gen(&["init", &dir_str, "--spec", spec, "--runtime-path", "tests"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`tests` is not an sls-gen checkout"),
        "{stderr}"
    );
    let (code, _, stderr) = sls_gen(&["init", &dir_str, "--spec", spec, "--name", "std"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: `std` cannot be the package name"),
        "{stderr}"
    );
    assert!(!dir.exists(), "{} was created", dir.display());
}
