//! [`Builder`]: code generation from `build.rs`.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

/// Generates the `api` module from `build.rs`, like `prost-build` or `tonic-build`.
///
/// ```no_run
/// // in build.rs's `main`
/// sls_gen::Builder::new("spec.yaml").build().expect("spec");
/// ```
///
/// The module is written to `$OUT_DIR/api.rs`, where `sls_runtime::include_api!()` picks it up.
/// Cargo is told to rerun the build script when the spec, or any file it refers to, changes, and
/// warnings are shown as `cargo:warning` lines.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    lang: Lang,
}

/// What [`Builder`] generates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// The Rust `api` module (`api.rs`).
    #[default]
    Rust,
    /// The TypeScript client (`client.ts`): a dependency-free ES module for browsers and Node.
    TypeScript,
}

impl Lang {
    /// The default output file name (`api.rs`, `client.ts`).
    pub fn file_name(self) -> &'static str {
        match self {
            Lang::Rust => "api.rs",
            Lang::TypeScript => "client.ts",
        }
    }
}

/// Why [`Builder::build`] failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The spec has errors; each is located.
    #[error("{0}")]
    Spec(Diagnostics),
    /// The generator produced code that does not parse (a bug of sls-gen).
    #[error(transparent)]
    Emit(#[from] crate::emit::rust::EmitError),
    /// Neither [`Builder::out_dir`] nor `OUT_DIR` is set.
    #[error("no output directory: set `OUT_DIR` (cargo does in build scripts) or call `out_dir`")]
    NoOutDir,
    /// The output could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl Builder {
    /// A builder for the spec at `spec` (relative to the crate root in build scripts).
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Builder {
            spec: spec.as_ref().to_owned(),
            out_dir: None,
            file_name: None,
            lang: Lang::Rust,
        }
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Names the output file (default `api.rs`, or `client.ts` for [`Lang::TypeScript`]).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Chooses what to generate (default [`Lang::Rust`]).
    ///
    /// ```no_run
    /// // write web/src/client.ts next to the Rust module
    /// sls_gen::Builder::new("spec.yaml")
    ///     .lang(sls_gen::Lang::TypeScript)
    ///     .out_dir("web/src")
    ///     .build()
    ///     .expect("spec");
    /// ```
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Generates the module from a build script: tells cargo to rerun when the spec or a file it
    /// refers to changes and shows warnings as `cargo:warning` lines. Returns the path written.
    pub fn build(self) -> Result<PathBuf, BuildError> {
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let spec = self.spec.clone();
        let (path, analysis) = self.build_quietly()?;
        for file in analysis.files.iter().filter(|file| **file != spec) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for warning in analysis.warnings.iter() {
            for line in warning.to_string().lines() {
                println!("cargo:warning={line}");
            }
        }
        Ok(path)
    }

    /// Generates the module without talking to cargo; returns the path written and the analysis
    /// (with its warnings).
    pub fn build_quietly(self) -> Result<(PathBuf, crate::Analysis), BuildError> {
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let analysis = crate::analyze(&self.spec).map_err(BuildError::Spec)?;
        let source = self.spec.file_name().map_or_else(
            || self.spec.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let code = match self.lang {
            Lang::Rust => crate::generate_rust(&analysis.ir, &source)?,
            Lang::TypeScript => crate::generate_typescript(&analysis.ir, &source),
        };
        let file_name = self
            .file_name
            .unwrap_or_else(|| self.lang.file_name().to_owned());
        let path = out_dir.join(file_name);
        write_if_changed(&path, code.as_bytes()).map_err(|source| BuildError::Write {
            path: path.clone(),
            source,
        })?;
        Ok((path, analysis))
    }
}

/// Writes `bytes` unless the file already holds exactly them (keeps mtimes stable).
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}
