//! The scaffold of a new crate that serves a spec (`sls-gen init`).
//!
//! [`scaffold`] is a pure function from the [`Ir`] to the files of a crate that compiles and
//! serves: `Cargo.toml`, `build.rs` (generating the `api` module with `sls_gen::Builder`), a copy
//! of the spec, `src/main.rs` (the local server), `src/lib.rs` (the state and `#[components]`
//! listing every handler), one module per function of the manifest with one `#[endpoint]` handler
//! per operation answering 501 Not Implemented as `application/problem+json`, a `.gitignore` and
//! a `README.md`. Writing them is left to the caller ([`crate::init`] for the CLI).
//!
//! Every name is a valid identifier, unique in its scope and the same for the same spec:
//! handlers are the snake_case operation identifiers (numbered on collision, never a keyword, a
//! primitive type or a name the `#[endpoint]` expansion binds), modules the snake_case function
//! names. What the scaffold assumes about the generated code lives in one module (`api`).

mod api;
mod names;
mod rust;
mod text;

use std::collections::BTreeMap;

use crate::ir::Ir;

/// What the scaffold needs besides the IR.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name; `None` takes the service name (with `-service` appended when that is a
    /// keyword or the name of a standard crate or dependency).
    pub name: Option<String>,
    /// The spec's file name as the user knows it (`petstore.yaml`), named in the README; a
    /// `.json` extension makes the copy `spec.json`, anything else `spec.yaml`.
    pub spec_name: String,
    /// The spec's text, copied into the crate verbatim.
    pub spec_text: String,
    /// The `sls-runtime` crate's directory as `Cargo.toml` writes it (relative to the crate, or
    /// absolute).
    pub runtime_path: String,
    /// The `sls-gen` crate's directory, likewise.
    pub codegen_path: String,
    /// Whether `Cargo.toml` has its own `[workspace]` table, so the crate builds on its own even
    /// inside another workspace; without it the crate is meant to be a member of the enclosing
    /// workspace.
    pub standalone: bool,
}

/// The files of a scaffold: path relative to the crate's directory (with `/` separators) →
/// contents.
pub type Files = BTreeMap<String, String>;

/// A scaffolded crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// The package name.
    pub package: String,
    /// Its files.
    pub files: Files,
}

/// Why there is no scaffold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaffoldError {
    /// The requested package name is not usable.
    #[error("`{name}` cannot be the package name: {reason}")]
    PackageName {
        /// The name.
        name: String,
        /// Why not.
        reason: &'static str,
    },
}

/// The file name of the spec's copy in the crate: `spec.json` for a `.json` source, else
/// `spec.yaml`.
pub fn spec_file_name(source: &str) -> &'static str {
    let json = source
        .rsplit_once('.')
        .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("json"));
    if json {
        "spec.json"
    } else {
        "spec.yaml"
    }
}

/// Whether the manifest lists the `aws` platform: then each function gets a Lambda entry binary.
pub(super) fn aws(ir: &Ir) -> bool {
    ir.platforms.iter().any(|p| p == "aws")
}

/// The crate serving `ir`.
///
/// # Errors
/// When [`Options::name`] is not a usable package name.
pub fn scaffold(ir: &Ir, options: &Options) -> Result<Scaffold, ScaffoldError> {
    let layout = names::Layout::new(ir, options.name.as_deref())?;
    let spec_file = spec_file_name(&options.spec_name);
    let mut files = Files::new();
    files.insert(
        "Cargo.toml".to_owned(),
        text::cargo_toml(&layout, ir, options),
    );
    files.insert(".gitignore".to_owned(), text::gitignore());
    files.insert(
        "README.md".to_owned(),
        text::readme(&layout, ir, options, spec_file),
    );
    files.insert(spec_file.to_owned(), options.spec_text.clone());
    files.insert("build.rs".to_owned(), rust::build_rs(spec_file));
    files.insert("src/main.rs".to_owned(), rust::main_rs(&layout));
    files.insert(
        "src/lib.rs".to_owned(),
        rust::lib_rs(&layout, &ir.service, spec_file, ir.needs_credentials_hook()),
    );
    for module in &layout.modules {
        files.insert(
            format!("src/{}.rs", module.name),
            rust::module_rs(ir, module),
        );
    }
    if aws(ir) {
        for module in &layout.modules {
            files.insert(
                format!("src/bin/{}-aws.rs", module.function.name),
                rust::aws_main_rs(&layout, module),
            );
        }
    }
    Ok(Scaffold {
        package: layout.package,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scaffold_of(spec: &str) -> Scaffold {
        let analysis = match crate::analyze_str("spec.yaml", spec) {
            Ok(analysis) => analysis,
            Err(diagnostics) => panic!("{diagnostics}"),
        };
        let options = Options {
            name: None,
            spec_name: "api.json".to_owned(),
            spec_text: spec.to_owned(),
            runtime_path: "../sls-gen/runtime".to_owned(),
            codegen_path: "../sls-gen/codegen".to_owned(),
            standalone: true,
        };
        match scaffold(&analysis.ir, &options) {
            Ok(scaffold) => scaffold,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_spec_copy_keeps_json_as_json() {
        assert_eq!(spec_file_name("petstore.JSON"), "spec.json");
        assert_eq!(spec_file_name("petstore.yml"), "spec.yaml");
        assert_eq!(spec_file_name("openapi"), "spec.yaml");
    }

    #[test]
    fn a_spec_without_operations_still_has_an_application() {
        let spec = "openapi: 3.0.3\ninfo: {title: Nothing here, version: '1'}\npaths: {}\n";
        let scaffold = scaffold_of(spec);
        assert_eq!(scaffold.package, "nothing-here");
        let lib = &scaffold.files["src/lib.rs"];
        assert!(lib.contains("endpoints()"), "{lib}");
        assert!(!lib.contains("\nmod "), "{lib}");
        assert_eq!(scaffold.files["spec.json"], spec);
        let readme = &scaffold.files["README.md"];
        assert!(!readme.contains("curl"), "{readme}");
    }

    #[test]
    fn a_function_without_operations_gets_a_module_without_handlers() {
        let scaffold = scaffold_of(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\
             x-sls: {service: svc, functions: {idle: {}}}\n\
             paths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: ok}}\n",
        );
        assert_eq!(
            scaffold.files["src/idle.rs"],
            "//! Function `idle`: it serves no operation.\n"
        );
        assert!(scaffold.files["src/svc.rs"].contains("#[endpoint(a)]"));
        let lib = &scaffold.files["src/lib.rs"];
        assert!(lib.contains("mod idle;\nmod svc;\n"), "{lib}");
        assert!(lib.contains("endpoints(svc::a)"), "{lib}");
    }

    #[test]
    fn the_aws_platform_gives_each_function_a_lambda_entry() {
        let spec = |platforms: &str| {
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n\
                 x-sls: {{service: svc, {platforms} functions: {{web: {{operations: [a]}}}}}}\n\
                 paths:\n  /a:\n    get:\n      operationId: a\n      \
                 responses: {{'204': {{description: ok}}}}\n"
            )
        };
        let with = scaffold_of(&spec("platforms: [aws],"));
        let entry = &with.files["src/bin/web-aws.rs"];
        assert!(
            entry.contains(
                "sls_runtime::platform::aws::run::<svc::App, svc::api::functions::web>()"
            ),
            "{entry}"
        );
        let toml = &with.files["Cargo.toml"];
        assert!(toml.contains("features = [\"local\", \"aws\"]"), "{toml}");
        assert!(toml.contains("default-run = \"svc\""), "{toml}");
        assert!(with.files["README.md"].contains("src/bin/web-aws.rs"));

        let without = scaffold_of(&spec("platforms: [alicloud],"));
        assert!(without
            .files
            .keys()
            .all(|file| !file.starts_with("src/bin/")));
        assert!(!without.files["Cargo.toml"].contains("aws"));
    }
}
