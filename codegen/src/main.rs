//! The `sls-gen` command-line tool: a thin shell over the `sls_gen` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// The languages `build` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Lang {
    /// The Rust `api` module (api.rs).
    Rust,
    /// The TypeScript client (client.ts).
    Ts,
}

/// Turns one OpenAPI document (3.0 or 3.1, YAML or JSON) and its `x-sls` manifest into a Rust
/// serverless back end.
#[derive(Debug, Parser)]
#[command(name = "sls-gen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validates a spec: prints every error and warning with file:line:column and JSON pointer;
    /// exits with 1 when there are errors.
    Check {
        /// The OpenAPI document (YAML or JSON).
        spec: PathBuf,
    },
    /// Generates code from a spec into a directory (exits with 1 on spec errors).
    Build {
        /// The OpenAPI document (YAML or JSON).
        spec: PathBuf,
        /// Where to write the output (created if missing): `DIR/api.rs`, or `DIR/client.ts`.
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        /// What to generate: the Rust module, or the typed TypeScript client.
        #[arg(long, value_enum, default_value_t = Lang::Rust)]
        lang: Lang,
    },
    /// Scaffolds a new crate that serves a spec: one handler per operation, each answering 501
    /// until it is written (exits with 1 on spec errors, writing nothing).
    Init {
        /// The crate's directory (created if missing; it must be empty unless --force).
        dir: PathBuf,
        /// The OpenAPI document (YAML or JSON), copied into the crate as `spec.yaml` or
        /// `spec.json`.
        #[arg(long, value_name = "SPEC")]
        spec: PathBuf,
        /// The sls-gen checkout the crate depends on (containing `runtime/` and `codegen/`), or
        /// its `runtime` crate [default: the checkout this program was built from].
        #[arg(long, value_name = "PATH")]
        runtime_path: Option<PathBuf>,
        /// The package name [default: the spec's service name].
        #[arg(long)]
        name: Option<String>,
        /// Leaves out the `[workspace]` table: the crate is to be a member of the workspace
        /// that encloses DIR (list it in that workspace's `members`).
        #[arg(long)]
        member: bool,
        /// Writes into a directory that has files, replacing those with the same names.
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { spec } => match sls_gen::analyze(&spec) {
            Ok(analysis) => {
                print_diagnostics(&analysis.warnings);
                let ir = &analysis.ir;
                let events = match ir.events.len() {
                    0 => String::new(),
                    1 => ", 1 event".to_owned(),
                    n => format!(", {n} events"),
                };
                println!(
                    "{}: ok ({} operations, {} types, {} functions{events})",
                    spec.display(),
                    ir.operations.len(),
                    ir.types.defs.len(),
                    ir.functions.len()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostics) => fail(&diagnostics),
        },
        Command::Build { spec, out, lang } => {
            let lang = match lang {
                Lang::Rust => sls_gen::Lang::Rust,
                Lang::Ts => sls_gen::Lang::TypeScript,
            };
            let result = sls_gen::Builder::new(&spec)
                .out_dir(&out)
                .lang(lang)
                .build_quietly();
            match result {
                Ok((path, analysis)) => {
                    print_diagnostics(&analysis.warnings);
                    println!(
                        "wrote {} ({} operations)",
                        path.display(),
                        analysis.ir.operations.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(sls_gen::builder::BuildError::Spec(diagnostics)) => fail(&diagnostics),
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init {
            dir,
            spec,
            runtime_path,
            name,
            member,
            force,
        } => {
            let mut init = sls_gen::Init::new(&dir, &spec).member(member).force(force);
            if let Some(path) = runtime_path {
                init = init.runtime_path(path);
            }
            if let Some(name) = name {
                init = init.name(name);
            }
            match init.run() {
                Ok(done) => {
                    print_diagnostics(&done.analysis.warnings);
                    let ir = &done.analysis.ir;
                    println!(
                        "created package `{}` in {} ({} operations in {} functions, {} files)",
                        done.package,
                        done.dir.display(),
                        ir.operations.len(),
                        ir.functions.len(),
                        done.files.len()
                    );
                    if member {
                        println!(
                            "add `{}` to the `members` of the enclosing workspace",
                            dir.display()
                        );
                    }
                    println!("next: cd {} && cargo run", dir.display());
                    ExitCode::SUCCESS
                }
                Err(sls_gen::init::InitError::Spec(diagnostics)) => fail(&diagnostics),
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn print_diagnostics(diagnostics: &sls_gen::Diagnostics) {
    for diagnostic in diagnostics.iter() {
        eprintln!("{diagnostic}");
    }
}

fn fail(diagnostics: &sls_gen::Diagnostics) -> ExitCode {
    eprintln!("{diagnostics}");
    ExitCode::FAILURE
}
