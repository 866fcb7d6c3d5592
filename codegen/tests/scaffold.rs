//! The scaffold of `sls-gen init`: golden crates, and the handler layout for every spec.
//!
//! `tests/scaffold/minimal/` is the scaffold of `specs/minimal.yaml`; `tests/scaffold/names/` that
//! of `tests/scaffold/names.yaml`, whose operation and function names are keywords, primitive
//! types, crate names, names the `#[endpoint]` expansion binds, or collide in snake_case;
//! `tests/scaffold/events/` that of `specs/events.yaml`, with a stub per event;
//! `tests/scaffold/secured/` that of `specs/security.yaml`, whose API keys and basic credentials
//! give the crate a `credentials` hook. All four are written as `sls-gen init --member` writes
//! them (no `[workspace]` table) and are members of the workspace, so its clippy, tests and docs
//! compile them. `tests/scaffold/rustfmt.toml` keeps
//! `cargo fmt` off them: they are prettyplease's output, as the generator writes it.
//!
//! Refresh them with `SLS_BLESS=1 cargo test -p sls-gen --test scaffold`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sls_gen::emit::scaffold::{scaffold, Options, Scaffold, ScaffoldError};

/// A golden scaffold: the spec (relative to the crate `codegen/`), its directory and package.
struct Golden {
    spec: &'static str,
    dir: &'static str,
    name: &'static str,
}

const GOLDEN: &[Golden] = &[
    Golden {
        spec: "../specs/minimal.yaml",
        dir: "tests/scaffold/minimal",
        name: "scaffold-minimal",
    },
    Golden {
        spec: "tests/scaffold/names.yaml",
        dir: "tests/scaffold/names",
        name: "scaffold-names",
    },
    Golden {
        spec: "../specs/events.yaml",
        dir: "tests/scaffold/events",
        name: "scaffold-events",
    },
    Golden {
        spec: "../specs/security.yaml",
        dir: "tests/scaffold/secured",
        name: "scaffold-secured",
    },
];

fn manifest_dir() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).expect("the crate's directory")
}

fn analyze(spec: &Path) -> sls_gen::ir::Ir {
    match sls_gen::analyze(spec) {
        Ok(analysis) => analysis.ir,
        Err(diagnostics) => panic!("{} does not analyze:\n{diagnostics}", spec.display()),
    }
}

/// The options `sls-gen init` uses for a crate in `dir` (absolute) built from this checkout.
fn options(spec: &Path, dir: &Path, name: Option<&str>, standalone: bool) -> Options {
    let codegen = manifest_dir();
    let root = codegen.parent().expect("the checkout");
    let relative = |target: &Path| {
        sls_gen::init::relative(dir, target).expect("inside the checkout, so relative")
    };
    Options {
        name: name.map(str::to_owned),
        spec_name: spec
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned(),
        spec_text: std::fs::read_to_string(spec).expect("the spec"),
        runtime_path: relative(&root.join("runtime")),
        codegen_path: relative(&codegen),
        standalone,
    }
}

fn golden_scaffold(golden: &Golden) -> Scaffold {
    let codegen = manifest_dir();
    let spec = codegen.join(golden.spec);
    let dir = codegen.join(golden.dir);
    let ir = analyze(&spec);
    match scaffold(&ir, &options(&spec, &dir, Some(golden.name), false)) {
        Ok(scaffold) => scaffold,
        Err(error) => panic!("{}: {error}", golden.spec),
    }
}

/// Every file under `dir`, by path relative to it with `/` separators.
fn files_under(dir: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("a readable entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let relative = format!("{prefix}{name}");
            if path.is_dir() {
                walk(&path, &format!("{relative}/"), out);
            } else {
                let text = std::fs::read_to_string(&path).expect("a text file");
                out.insert(relative, text);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

#[test]
fn scaffolds_match_the_golden_crates() {
    let bless = std::env::var_os("SLS_BLESS").is_some();
    let mut stale = Vec::new();
    for golden in GOLDEN {
        let scaffold = golden_scaffold(golden);
        assert_eq!(scaffold.package, golden.name);
        assert_eq!(
            scaffold,
            golden_scaffold(golden),
            "{}: not deterministic",
            golden.spec
        );
        let dir = manifest_dir().join(golden.dir);
        let existing = files_under(&dir);
        if bless {
            for path in existing.keys() {
                if !scaffold.files.contains_key(path) {
                    std::fs::remove_file(dir.join(path)).expect("stale file removed");
                }
            }
            for (path, text) in &scaffold.files {
                let path = dir.join(path);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("directory");
                std::fs::write(&path, text).expect("golden file written");
            }
            continue;
        }
        for (path, text) in &scaffold.files {
            match existing.get(path) {
                Some(expected) if expected == text => {}
                Some(expected) => {
                    let line = expected
                        .lines()
                        .zip(text.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or_else(|| expected.lines().count().min(text.lines().count()))
                        + 1;
                    stale.push(format!("{}/{path} differs from line {line}", golden.dir));
                }
                None => stale.push(format!("{}/{path} is missing", golden.dir)),
            }
        }
        for path in existing.keys() {
            if !scaffold.files.contains_key(path) {
                stale.push(format!("{}/{path} is not part of the scaffold", golden.dir));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale golden scaffolds (refresh with SLS_BLESS=1 cargo test -p sls-gen --test scaffold):\n{}",
        stale.join("\n")
    );
}

/// The specs of the repository and of this test.
fn all_specs() -> Vec<PathBuf> {
    let codegen = manifest_dir();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(codegen.join("../specs"))
        .expect("specs/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    specs.push(codegen.join("tests/scaffold/names.yaml"));
    specs
}

/// The `#[endpoint(..)]` operation of a function item, if it has one.
fn endpoint_of(func: &syn::ItemFn) -> Option<String> {
    func.attrs
        .iter()
        .find(|attr| attr.path().is_ident("endpoint"))
        .map(|attr| {
            attr.parse_args::<syn::Ident>()
                .expect("#[endpoint(operation)]")
                .to_string()
        })
}

/// The paths in `endpoints(..)` of the `#[components]` attribute in `lib`.
fn components_endpoints(lib: &syn::File) -> Vec<String> {
    use syn::punctuated::Punctuated;
    let attr = lib
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(app) => app.attrs.iter().find(|attr| {
                attr.path().segments.last().map(|s| s.ident.to_string())
                    == Some("components".to_owned())
            }),
            _ => None,
        })
        .expect("a #[components] struct");
    let syn::Meta::List(list) = &attr.meta else {
        panic!("#[components(..)] takes a list");
    };
    let mut tokens = list.tokens.clone().into_iter();
    while let Some(token) = tokens.next() {
        if matches!(&token, proc_macro2::TokenTree::Ident(ident) if ident == "endpoints") {
            let Some(proc_macro2::TokenTree::Group(group)) = tokens.next() else {
                panic!("endpoints(..)");
            };
            let paths = syn::parse::Parser::parse2(
                Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                group.stream(),
            )
            .expect("a list of paths");
            return paths
                .iter()
                .map(|path| quote::quote!(#path).to_string().replace(' ', ""))
                .collect();
        }
    }
    panic!("no endpoints(..) in #[components]");
}

#[test]
fn every_operation_has_one_handler_in_its_function_module_and_is_listed_once() {
    for spec in all_specs() {
        let ir = analyze(&spec);
        let dir = manifest_dir().join("tests/scaffold/new");
        let scaffold = scaffold(&ir, &options(&spec, &dir, None, true)).expect("a scaffold");
        let lib: syn::File = syn::parse_str(&scaffold.files["src/lib.rs"]).expect("lib.rs parses");
        let modules: Vec<String> = lib
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(module) => Some(module.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(modules.len(), ir.functions.len(), "{}", spec.display());
        // Per module, the operations of its handlers in file order; per function, its operations.
        let mut listed = Vec::new();
        let mut per_module = Vec::new();
        for module in &modules {
            let path = format!("src/{module}.rs");
            let file: syn::File = syn::parse_str(&scaffold.files[&path]).expect("parses");
            let mut names = BTreeSet::new();
            let mut operations = Vec::new();
            for item in &file.items {
                if let syn::Item::Fn(func) = item {
                    assert!(
                        names.insert(func.sig.ident.to_string()),
                        "{path}: duplicate"
                    );
                    if let Some(op) = endpoint_of(func) {
                        operations.push(op);
                        listed.push(format!("{module}::{}", func.sig.ident));
                    }
                }
            }
            per_module.push(operations);
        }
        let mut per_function: Vec<Vec<String>> = ir
            .functions
            .iter()
            .map(|function| {
                function
                    .operations
                    .iter()
                    .map(|index| ir.operations[*index].ident.clone())
                    .collect()
            })
            .collect();
        per_module.sort();
        per_function.sort();
        assert_eq!(per_module, per_function, "{}", spec.display());
        let mut in_components = components_endpoints(&lib);
        in_components.sort();
        listed.sort();
        assert_eq!(in_components, listed, "{}", spec.display());
        assert_eq!(listed.len(), ir.operations.len(), "{}", spec.display());
    }
}

#[test]
fn the_standalone_manifest_adds_a_workspace_table_and_nothing_else() {
    let codegen = manifest_dir();
    let spec = codegen.join("../specs/minimal.yaml");
    let dir = codegen.join("tests/scaffold/minimal");
    let ir = analyze(&spec);
    let member = scaffold(&ir, &options(&spec, &dir, None, false)).expect("member");
    let standalone = scaffold(&ir, &options(&spec, &dir, None, true)).expect("standalone");
    let (member_toml, standalone_toml) =
        (&member.files["Cargo.toml"], &standalone.files["Cargo.toml"]);
    assert!(!member_toml.contains("[workspace]"), "{member_toml}");
    let extra = standalone_toml
        .strip_prefix(member_toml.as_str())
        .expect("the member manifest first");
    assert!(extra.trim_end().ends_with("\n[workspace]"), "{extra}");
    let mut rest = standalone.files.clone();
    rest.remove("Cargo.toml");
    let mut member_rest = member.files.clone();
    member_rest.remove("Cargo.toml");
    assert_eq!(rest, member_rest);
    // Without `--name`, the package is named after the service.
    assert_eq!(member.package, "petstore");
    assert!(member_toml.starts_with("[package]\nname = \"petstore\"\n"));
}

#[test]
fn an_unusable_package_name_is_refused() {
    let codegen = manifest_dir();
    let spec = codegen.join("../specs/minimal.yaml");
    let ir = analyze(&spec);
    for name in ["std", "My-App", "fn", "sls-runtime", "build"] {
        let result = scaffold(&ir, &options(&spec, &codegen, Some(name), true));
        assert!(
            matches!(&result, Err(ScaffoldError::PackageName { name: n, .. }) if n == name),
            "{name}: {result:?}"
        );
    }
}
