//! Path templates: segments made of literal text and `{parameter}` expressions.

/// A piece of a path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Literal(&'a str),
    /// A `{name}` expression.
    Param(&'a str),
}

/// How a segment matches: all literal, one whole parameter, or text mixed with parameters
/// (`{name}.json`, `f(x='{x}')`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Literal text.
    Literal(&'a str),
    /// One parameter taking the whole segment.
    Param(&'a str),
    /// Literal text and parameters, alternating, never two parameters side by side.
    Mixed(Vec<Piece<'a>>),
}

impl<'a> Segment<'a> {
    /// The parameter names of the segment, in order.
    pub fn params(&self) -> Vec<&'a str> {
        match self {
            Segment::Literal(_) => Vec::new(),
            Segment::Param(name) => vec![name],
            Segment::Mixed(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Param(name) => Some(*name),
                    Piece::Literal(_) => None,
                })
                .collect(),
        }
    }

    /// For a mixed segment: the literal text before, between and after its parameters (one
    /// more than the parameters; empty strings where two parameters would touch the edge).
    pub fn literals(&self) -> Vec<&'a str> {
        let Segment::Mixed(pieces) = self else {
            return Vec::new();
        };
        let mut literals = vec![""];
        for piece in pieces {
            match piece {
                Piece::Literal(text) => {
                    if let Some(last) = literals.last_mut() {
                        *last = text;
                    }
                }
                Piece::Param(_) => literals.push(""),
            }
        }
        literals
    }
}

/// Splits a path template into its segments (the leading `/` excluded).
pub fn segments(path: &str) -> Result<Vec<Segment<'_>>, String> {
    path.split('/')
        .skip(1)
        .filter(|s| !s.is_empty())
        .map(segment)
        .collect()
}

/// Parses one segment.
pub fn segment(text: &str) -> Result<Segment<'_>, String> {
    if !text.contains(['{', '}']) {
        return Ok(Segment::Literal(text));
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            Some(0) => {
                let Some(close) = rest.find('}').filter(|_| rest.starts_with('{')) else {
                    return Err(format!("path segment `{text}` has a `}}` without its `{{`"));
                };
                let name = &rest[1..close];
                if name.is_empty() || name.contains('{') {
                    return Err(format!(
                        "path segment `{text}` has an empty or nested `{{}}` expression"
                    ));
                }
                if matches!(pieces.last(), Some(Piece::Param(_))) {
                    return Err(format!(
                        "path segment `{text}` has two parameters side by side; they cannot be told apart"
                    ));
                }
                pieces.push(Piece::Param(name));
                rest = &rest[close + 1..];
            }
            Some(at) => {
                pieces.push(Piece::Literal(&rest[..at]));
                rest = &rest[at..];
            }
            None => {
                pieces.push(Piece::Literal(rest));
                rest = "";
            }
        }
    }
    Ok(match pieces.as_slice() {
        [Piece::Param(name)] => Segment::Param(name),
        _ => Segment::Mixed(pieces),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_segments() {
        assert_eq!(segment("pets"), Ok(Segment::Literal("pets")));
        assert_eq!(segment("{id}"), Ok(Segment::Param("id")));
        let mixed = segment("f(a='{a}',b={b})").expect("valid");
        assert_eq!(mixed.params(), ["a", "b"]);
        assert_eq!(mixed.literals(), ["f(a='", "',b=", ")"]);
        let suffix = segment("{name}.json").expect("valid");
        assert_eq!(suffix.literals(), ["", ".json"]);
        assert!(segment("{a}{b}").is_err());
        assert!(segment("{a").is_err());
        assert!(segment("a}").is_err());
        assert!(segment("{}").is_err());
    }
}
