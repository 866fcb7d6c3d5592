//! Spec text (descriptions, summaries) made safe for doc comments.
//!
//! The text is Markdown written for documentation sites, not for rustdoc: a fenced block without
//! a language, or an indented block, would become a Rust doctest of the user's crate, and
//! control characters (a bare `\r`) are not allowed in doc comments at all.

/// The lines of a doc comment for `text`: line endings normalised, control characters (and those
/// that reorder text) replaced, code fences without a language (or marked `rust`) made `text`,
/// and indentation deep enough to start an indented code block reduced, so nothing in a spec
/// becomes a doctest.
pub fn lines(text: &str) -> Vec<String> {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in normalised.trim().lines() {
        let clean: String = line
            .chars()
            .map(|c| {
                if c.is_control() || is_bidi_control(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let trimmed = clean.trim_start();
        let indent = clean.len() - trimmed.len();
        if let Some(info) = trimmed.strip_prefix("```") {
            let info = info.trim();
            if !in_fence && (info.is_empty() || info.split(',').any(|t| t.trim() == "rust")) {
                out.push(format!("{}```text", " ".repeat(indent.min(3))));
            } else {
                out.push(format!(
                    "{}{}",
                    " ".repeat(indent.min(3)),
                    trimmed.trim_end()
                ));
            }
            in_fence = !in_fence;
            continue;
        }
        let kept = if in_fence { indent } else { indent.min(3) };
        out.push(format!("{}{}", " ".repeat(kept), trimmed.trim_end()));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Characters that change the visible direction of text: rustc refuses them in comments.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn nothing_becomes_a_doctest() {
        assert_eq!(
            lines("Use it:\r\n\r\n```\ncurl -X POST\n```\n\n    indented code\r"),
            [
                "Use it:",
                "",
                "```text",
                "curl -X POST",
                "```",
                "",
                "   indented code"
            ]
        );
        assert_eq!(lines("```json\n{}\n```"), ["```json", "{}", "```"]);
        assert_eq!(lines("```rust\nlet x;\n"), ["```text", "let x;", "```"]);
        assert_eq!(lines("a\u{7}b"), ["a b"]);
        assert_eq!(lines("a\u{202E}b\u{2066}c"), ["a b c"]);
    }
}
