//! [`Init`]: writes a new crate that serves a spec (`sls-gen init`).
//!
//! The files come from [`crate::emit::scaffold::scaffold`]; this module does the rest: it checks
//! the spec, finds the sls-gen checkout the crate depends on (the crates are not published),
//! works out the paths `Cargo.toml` writes, and writes the files.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::emit::scaffold::{self, Files, Options, ScaffoldError};
use crate::Analysis;

/// Writes a new crate for a spec into a directory.
///
/// ```no_run
/// let done = sls_gen::Init::new("my-service", "spec.yaml")
///     .runtime_path("/src/sls-gen")
///     .run()
///     .expect("scaffolded");
/// println!("wrote {} files into {}", done.files.len(), done.dir.display());
/// ```
#[derive(Debug, Clone)]
pub struct Init {
    dir: PathBuf,
    spec: PathBuf,
    runtime_path: Option<PathBuf>,
    name: Option<String>,
    force: bool,
    member: bool,
}

/// A crate written by [`Init::run`].
#[derive(Debug)]
pub struct Initialized {
    /// The crate's directory.
    pub dir: PathBuf,
    /// The package name.
    pub package: String,
    /// The files written, relative to `dir`.
    pub files: Vec<String>,
    /// The spec's analysis (with its warnings).
    pub analysis: Analysis,
}

/// Why [`Init::run`] wrote nothing (or, for [`InitError::Write`], stopped writing).
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The spec has errors; each is located.
    #[error("{0}")]
    Spec(Diagnostics),
    /// The directory has files and `force` is off.
    #[error("`{0}` is not empty; choose an empty or new directory, or pass --force to write over files with the same names")]
    NotEmpty(PathBuf),
    /// The directory's path names something else than a directory.
    #[error("`{0}` exists and is not a directory")]
    NotADirectory(PathBuf),
    /// The given runtime path is not an sls-gen checkout.
    #[error("`{path}` is not an sls-gen checkout: {reason}")]
    Checkout {
        /// The path.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// No runtime path was given and the checkout this program was built from is gone.
    #[error("no sls-gen checkout at `{0}`, where this program was built; pass --runtime-path PATH (the checkout, containing `runtime/` and `codegen/`)")]
    NoCheckout(PathBuf),
    /// The scaffold cannot be made (a bad package name).
    #[error("{0}")]
    Scaffold(#[from] ScaffoldError),
    /// A file or directory could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl Init {
    /// Scaffolds a crate for the spec at `spec` into `dir` (created if missing).
    pub fn new(dir: impl AsRef<Path>, spec: impl AsRef<Path>) -> Self {
        Init {
            dir: dir.as_ref().to_owned(),
            spec: spec.as_ref().to_owned(),
            runtime_path: None,
            name: None,
            force: false,
            member: false,
        }
    }

    /// The sls-gen checkout (containing `runtime/` and `codegen/`), or its `runtime` crate.
    /// Default: the checkout this library was built from.
    pub fn runtime_path(mut self, path: impl AsRef<Path>) -> Self {
        self.runtime_path = Some(path.as_ref().to_owned());
        self
    }

    /// The package name (default: the spec's service name).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Writes into a directory that has files, replacing those with the same names.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Leaves out the `[workspace]` table, so that the crate is a member of the workspace that
    /// encloses it.
    pub fn member(mut self, member: bool) -> Self {
        self.member = member;
        self
    }

    /// Checks the spec, then writes the crate. Nothing is written when the spec has errors, the
    /// directory is not empty (without [`Init::force`]) or the checkout is not found.
    ///
    /// # Errors
    /// See [`InitError`].
    pub fn run(self) -> Result<Initialized, InitError> {
        let analysis = crate::analyze(&self.spec).map_err(InitError::Spec)?;
        let checkout = match &self.runtime_path {
            Some(path) => Checkout::locate(path)?,
            None => {
                let built = Checkout::built_in();
                Checkout::locate(&built).map_err(|_| InitError::NoCheckout(built))?
            }
        };
        check_dir(&self.dir, self.force)?;
        let spec_text = std::fs::read_to_string(&self.spec).map_err(|source| InitError::Read {
            path: self.spec.clone(),
            source,
        })?;
        let spec_name = self.spec.file_name().map_or_else(
            || self.spec.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let dir = absolute(&self.dir);
        let options = Options {
            name: self.name.clone(),
            spec_name,
            spec_text,
            runtime_path: cargo_path(&dir, &checkout.runtime),
            codegen_path: cargo_path(&dir, &checkout.codegen),
            standalone: !self.member,
        };
        let scaffold = scaffold::scaffold(&analysis.ir, &options)?;
        write(&self.dir, &scaffold.files)?;
        Ok(Initialized {
            dir: self.dir,
            package: scaffold.package,
            files: scaffold.files.into_keys().collect(),
            analysis,
        })
    }
}

/// Refuses a path that is a file, or a directory with entries (unless `force`).
fn check_dir(dir: &Path, force: bool) -> Result<(), InitError> {
    match std::fs::metadata(dir) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(InitError::NotADirectory(dir.to_owned())),
        Ok(_) if force => Ok(()),
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir).map_err(|source| InitError::Read {
                path: dir.to_owned(),
                source,
            })?;
            if entries.next().is_some() {
                Err(InitError::NotEmpty(dir.to_owned()))
            } else {
                Ok(())
            }
        }
    }
}

fn write(dir: &Path, files: &Files) -> Result<(), InitError> {
    for (relative, contents) in files {
        let path = relative
            .split('/')
            .fold(dir.to_owned(), |path, part| path.join(part));
        let written = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&path, contents));
        written.map_err(|source| InitError::Write { path, source })?;
    }
    Ok(())
}

/// Where the runtime and generator crates of an sls-gen checkout are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// The `sls-runtime` crate's directory.
    pub runtime: PathBuf,
    /// The `sls-gen` crate's directory.
    pub codegen: PathBuf,
}

impl Checkout {
    /// The checkout this library was built from (it may since have moved).
    pub fn built_in() -> PathBuf {
        let codegen = Path::new(env!("CARGO_MANIFEST_DIR"));
        codegen.parent().unwrap_or(codegen).to_owned()
    }

    /// The checkout at `path`: its root (containing `runtime/` and `codegen/`), or its
    /// `runtime` crate. The paths are made canonical.
    ///
    /// # Errors
    /// [`InitError::Checkout`] when `path` is neither.
    pub fn locate(path: &Path) -> Result<Self, InitError> {
        let error = |reason: String| InitError::Checkout {
            path: path.to_owned(),
            reason,
        };
        let root = std::fs::canonicalize(path).map_err(|e| error(e.to_string()))?;
        let (runtime, codegen) = if is_package(&root, "sls-runtime") {
            (root.clone(), root.parent().unwrap_or(&root).join("codegen"))
        } else {
            (root.join("runtime"), root.join("codegen"))
        };
        if !is_package(&runtime, "sls-runtime") {
            return Err(error(
                "expected the checkout's root (containing `runtime/` and `codegen/`) or its `runtime` crate".to_owned(),
            ));
        }
        if !is_package(&codegen, "sls-gen") {
            return Err(error(format!(
                "no `sls-gen` crate at `{}` beside the runtime",
                codegen.display()
            )));
        }
        Ok(Checkout { runtime, codegen })
    }
}

/// Whether `dir/Cargo.toml` declares package `name`.
fn is_package(dir: &Path, name: &str) -> bool {
    let wanted = format!("name = \"{name}\"");
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|toml| toml.lines().any(|line| line.trim() == wanted))
}

/// `path` as absolute and canonical as it can be made without creating it: the longest existing
/// ancestor is canonicalized, the rest appended with `.` and `..` resolved.
fn absolute(path: &Path) -> PathBuf {
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_owned(),
    };
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return joined,
        }
    }
}

/// How `Cargo.toml` in `dir` refers to `target`: relative when the two share an ancestor below
/// the file system's root, absolute otherwise (both are absolute).
fn cargo_path(dir: &Path, target: &Path) -> String {
    match relative(dir, target) {
        Some(path) => path,
        None => target.display().to_string(),
    }
}

/// `target` relative to `base` with `/` separators, when they share a directory below the root.
pub fn relative(base: &Path, target: &Path) -> Option<String> {
    let base: Vec<Component<'_>> = base.components().collect();
    let target: Vec<Component<'_>> = target.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let shared_below_root = target[..common]
        .iter()
        .any(|part| matches!(part, Component::Normal(_)));
    if !shared_below_root {
        return None;
    }
    let mut parts: Vec<String> = base[common..].iter().map(|_| "..".to_owned()).collect();
    for part in &target[common..] {
        match part {
            Component::Normal(name) => parts.push(name.to_str()?.to_owned()),
            _ => return None,
        }
    }
    if parts.is_empty() {
        Some(".".to_owned())
    } else {
        Some(parts.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(
            rel("/work/sls/examples/new", "/work/sls/runtime").as_deref(),
            Some("../../runtime")
        );
        assert_eq!(
            rel("/home/me/svc", "/home/me/sls-gen/runtime").as_deref(),
            Some("../sls-gen/runtime")
        );
        assert_eq!(rel("/work/a", "/work/a").as_deref(), Some("."));
        assert_eq!(
            rel("/work/sls", "/work/sls/runtime").as_deref(),
            Some("runtime")
        );
        assert_eq!(rel("/tmp/new", "/work/sls/runtime"), None);
    }

    #[test]
    fn absolute_paths_of_missing_directories() {
        let cwd = std::fs::canonicalize(std::env::current_dir().expect("cwd")).expect("canonical");
        assert_eq!(
            absolute(Path::new("no-such-dir/x/../y")),
            cwd.join("no-such-dir").join("y")
        );
        assert_eq!(absolute(Path::new(".")), cwd);
    }

    #[test]
    fn the_built_in_checkout_is_found_from_its_root_and_its_runtime() {
        let root = Checkout::built_in();
        let from_root = Checkout::locate(&root).expect("the checkout");
        let from_runtime = Checkout::locate(&root.join("runtime")).expect("its runtime");
        assert_eq!(from_root, from_runtime);
        assert!(from_root.codegen.ends_with("codegen"));
        let not = Checkout::locate(&root.join("specs"));
        assert!(matches!(not, Err(InitError::Checkout { .. })), "{not:?}");
    }
}
