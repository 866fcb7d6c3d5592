//! Expansion snapshots: the formatted output of a macro compared with a file in `tests/output/`.
//!
//! Set `SLS_BLESS=1` to write the current output instead of comparing
//! (`SLS_BLESS=1 cargo test -p sls-macros`), then review the diff.

use std::path::PathBuf;

use proc_macro2::TokenStream;

/// Formats `tokens` with prettyplease and compares the text with `tests/output/{name}.rs`.
///
/// # Panics
///
/// If the output is not a valid file of items, or differs from the snapshot (unless `SLS_BLESS=1`).
pub(crate) fn assert_expansion(name: &str, tokens: TokenStream) {
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        Err(error) => panic!("{name}: the expansion is not a file of items ({error}):\n{tokens}"),
    };
    let actual = prettyplease::unparse(&file);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/output")
        .join(format!("{name}.rs"));
    if std::env::var_os("SLS_BLESS").is_some_and(|value| value == "1") {
        std::fs::create_dir_all(path.parent().expect("tests/output has a parent"))
            .expect("create tests/output");
        std::fs::write(&path, &actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        panic!(
            "{name}: the expansion differs from {} (rerun with SLS_BLESS=1 to accept it)\n{}",
            path.display(),
            diff(&expected, &actual)
        );
    }
}

/// A line diff of `expected` and `actual` (longest common subsequence), `-` for expected lines
/// and `+` for actual lines.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: the length of the common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out += &format!("  {}\n", old[i]);
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out += &format!("- {}\n", old[i]);
            i += 1;
        } else {
            out += &format!("+ {}\n", new[j]);
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn diff_marks_changed_lines() {
        assert_eq!(diff("a\nb\nc\n", "a\nx\nc\n"), "  a\n- b\n+ x\n  c\n");
        assert_eq!(diff("", "a"), "+ a\n");
    }
}
