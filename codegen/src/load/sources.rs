//! The files a spec is made of: the root document and every file reached through a relative
//! `$ref`, each read, parsed and kept once however many paths lead to it.
//!
//! Every file goes through the same UTF-8 check and the same span-keeping parser, with the same
//! limits ([`super::MAX_DEPTH`], [`super::MAX_NODES`] per file), as the root document. Paths are
//! resolved the way URI references are: against the directory of the referring file, with `.` and
//! `..` removed lexically. The result names the file in locations (`schemas/pet.yaml`), and its
//! canonical form (symbolic links resolved) tells whether two paths lead to the same file.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::parse;
use super::spans::SpanIndex;
use crate::diagnostics::Diagnostics;

/// One parsed file.
pub(crate) struct Source {
    /// Where it was read from, lexically tidied; relative references in it are resolved against
    /// its directory. `None` for a root document given as text.
    pub path: Option<PathBuf>,
    /// Its name in locations.
    pub name: String,
    /// Its content as parsed.
    pub value: Value,
    /// Where each node of it starts.
    pub spans: SpanIndex,
}

/// Why a referenced file cannot be used.
#[derive(Clone)]
pub(crate) enum OpenError {
    /// The root document was given as text: there is no directory to resolve a path against.
    NoBase,
    /// The file cannot be read (missing, a directory, no permission…).
    Unreadable {
        /// The file's name as it would appear in locations.
        name: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file was read but is not a usable document; its own errors were reported.
    Broken {
        /// The file's name in locations.
        name: String,
    },
}

/// The files of a spec, the root first.
pub(crate) struct Sources {
    /// Every file read successfully, in the order it was first reached; index 0 is the root.
    pub list: Vec<Source>,
    /// The name of every file read or tried, in that order; the root's first.
    pub names: Vec<String>,
    /// The path of every file read (parsed or not), in that order; the root's first when it was
    /// read from a file.
    pub files: Vec<PathBuf>,
    /// Canonical path → index in `list`, or why the file cannot be used.
    by_canonical: HashMap<PathBuf, Result<usize, OpenError>>,
}

impl Sources {
    /// The sources of a spec whose root document is `root`.
    pub fn new(root: Source) -> Self {
        let mut by_canonical = HashMap::new();
        if let Some(canonical) = root
            .path
            .as_deref()
            .and_then(|p| std::fs::canonicalize(p).ok())
        {
            by_canonical.insert(canonical, Ok(0));
        }
        Sources {
            names: vec![root.name.clone()],
            files: root.path.iter().cloned().collect(),
            list: vec![root],
            by_canonical,
        }
    }

    /// The file at `relative` (percent-decoded already) from the directory of file `from`,
    /// reading and parsing it on first use. Problems inside the file (syntax errors, duplicate
    /// keys…) go to `problems`, located in that file, once.
    pub fn open(
        &mut self,
        from: usize,
        relative: &str,
        problems: &mut Diagnostics,
    ) -> Result<usize, OpenError> {
        let Some(base) = self.list.get(from).and_then(|s| s.path.as_deref()) else {
            return Err(OpenError::NoBase);
        };
        let path = tidy(&base.parent().unwrap_or(Path::new("")).join(relative));
        let name = path.display().to_string();
        let canonical = std::fs::canonicalize(&path).map_err(|error| OpenError::Unreadable {
            name: name.clone(),
            reason: error.to_string(),
        })?;
        if let Some(known) = self.by_canonical.get(&canonical) {
            return known.clone();
        }
        self.names.push(name.clone());
        let bytes = match std::fs::read(&canonical) {
            Ok(bytes) => {
                self.files.push(path.clone());
                bytes
            }
            Err(error) => {
                let error = OpenError::Unreadable {
                    name,
                    reason: error.to_string(),
                };
                self.by_canonical.insert(canonical, Err(error.clone()));
                return Err(error);
            }
        };
        let parsed = match super::text_of(&name, &bytes) {
            Ok(text) => {
                let errors_before = problems.error_count();
                let parsed = parse::parse(&name, text, problems);
                match parsed.root {
                    Some(value) if parsed.complete && !value.is_null() => {
                        Some((value, parsed.spans))
                    }
                    _ => {
                        if problems.error_count() == errors_before {
                            problems.push(super::empty_document(&name));
                        }
                        None
                    }
                }
            }
            Err(diagnostic) => {
                problems.push(diagnostic);
                None
            }
        };
        let Some((value, spans)) = parsed else {
            let error = OpenError::Broken { name };
            self.by_canonical.insert(canonical, Err(error.clone()));
            return Err(error);
        };
        let index = self.list.len();
        self.list.push(Source {
            path: Some(path),
            name,
            value,
            spans,
        });
        self.by_canonical.insert(canonical, Ok(index));
        Ok(index)
    }
}

/// Removes `.` and resolves `..` against the preceding component, without looking at the file
/// system (as URI references do); a `..` with nothing to undo stays.
pub(crate) fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::CurDir | Component::ParentDir) | None => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_is_lexical() {
        let cases = [
            ("schemas/./pet.yaml", "schemas/pet.yaml"),
            ("./pet.yaml", "pet.yaml"),
            ("a/b/../c.yaml", "a/c.yaml"),
            ("a/../../c.yaml", "../c.yaml"),
            ("../../c.yaml", "../../c.yaml"),
            ("/../c.yaml", "/c.yaml"),
            ("specs/schemas/../common.yaml", "specs/common.yaml"),
        ];
        for (path, tidied) in cases {
            assert_eq!(tidy(Path::new(path)), Path::new(tidied), "{path}");
        }
    }
}
