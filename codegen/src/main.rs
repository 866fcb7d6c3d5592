//! The `sls-gen` command-line tool: a thin shell over the `sls_gen` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
        /// Where to write the output (created if missing); the Rust module is `DIR/api.rs`.
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { spec } => match sls_gen::analyze(&spec) {
            Ok(analysis) => {
                print_diagnostics(&analysis.warnings);
                let ir = &analysis.ir;
                println!(
                    "{}: ok ({} operations, {} types, {} functions)",
                    spec.display(),
                    ir.operations.len(),
                    ir.types.defs.len(),
                    ir.functions.len()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostics) => fail(&diagnostics),
        },
        Command::Build { spec, out } => {
            let result = sls_gen::Builder::new(&spec).out_dir(&out).build_quietly();
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
