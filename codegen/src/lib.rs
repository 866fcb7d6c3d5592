//! sls-gen: one OpenAPI document plus its `x-sls` manifest becomes a Rust serverless back end.
//!
//! The pipeline is load → validate → lower once into the [`ir::Ir`] → emit. Every stage collects
//! all the problems it finds, each located at `file:line:column` and a JSON pointer, and nothing
//! is skipped silently: what is not supported is an error (or, when the rest still works, a
//! warning) at the place it appears.
//!
//! Use it from `build.rs` through [`Builder`], or through the `sls-gen` command-line tool.
//!
//! ```no_run
//! // build.rs: `fn main() {` ... `}`
//! sls_gen::Builder::new("spec.yaml").build().expect("spec");
//! ```
#![deny(missing_docs)]

pub mod builder;
pub mod diagnostics;
pub mod emit;
pub mod init;
pub mod ir;
pub mod load;
pub mod manifest;

use std::path::Path;

pub use builder::{Builder, Lang};
pub use diagnostics::{Diagnostic, Diagnostics};
pub use init::Init;

/// A spec that loaded and lowered without errors.
#[derive(Debug)]
pub struct Analysis {
    /// The lowered API.
    pub ir: ir::Ir,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// The files the spec was read from: the root, then every file reached through `$ref`s
    /// (empty for a spec given as text).
    pub files: Vec<std::path::PathBuf>,
}

/// Loads, validates and lowers the spec at `path`. All errors are returned at once.
pub fn analyze(path: &Path) -> Result<Analysis, Diagnostics> {
    let (doc, warnings) = load::load_file(path)?;
    analyze_document(&doc, warnings)
}

/// Like [`analyze`], for a spec held in memory; `name` is used in locations.
pub fn analyze_str(name: &str, text: &str) -> Result<Analysis, Diagnostics> {
    let (doc, warnings) = load::load_str(name, text)?;
    analyze_document(&doc, warnings)
}

fn analyze_document(doc: &load::Document, mut diags: Diagnostics) -> Result<Analysis, Diagnostics> {
    match ir::lower(doc, &mut diags) {
        Some(ir) if !diags.has_errors() => Ok(Analysis {
            ir,
            warnings: diags,
            files: doc.files().to_vec(),
        }),
        _ => Err(diags),
    }
}

/// The Rust `api` module for a lowered spec; `source` names the spec in the header.
pub fn generate_rust(ir: &ir::Ir, source: &str) -> Result<String, emit::rust::EmitError> {
    emit::rust::generate(ir, source)
}

/// The TypeScript client module (`client.ts`) for a lowered spec; `source` names the spec in the
/// header.
pub fn generate_typescript(ir: &ir::Ir, source: &str) -> String {
    emit::ts::generate(ir, source)
}
