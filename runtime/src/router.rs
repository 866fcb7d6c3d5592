//! Route matching support for the generated route tables.
//!
//! The generator writes each function's routes as one `match` over the path's segments, literal
//! segments before parameters, so routing needs no start-up work and no allocation:
//!
//! ```ignore
//! let Some(segments) = Segments::<3>::split(path) else { return RouteMatch::NotFound };
//! match segments.as_slice() {
//!     ["pet", "findByStatus"] => match *method { http::Method::GET => RouteMatch::found(1, &[]), _ => RouteMatch::not_allowed("GET") },
//!     ["pet", pet_id] => match *method { http::Method::GET => RouteMatch::found(2, &[pet_id]), _ => RouteMatch::not_allowed("GET, DELETE") },
//!     _ => RouteMatch::NotFound,
//! }
//! ```

/// The raw (still percent-encoded) values of a route's path parameters, in template order.
pub type PathParams<'p> = Vec<&'p str>;

/// The result of routing a request.
#[derive(Debug, PartialEq, Eq)]
pub enum RouteMatch<'p> {
    /// An operation matched: its index in the function's operation list and its path parameters.
    Found {
        /// Index into `Function::OPERATIONS`.
        index: usize,
        /// Raw path parameter values, in template order.
        params: PathParams<'p>,
    },
    /// The path exists but not for this method; `allow` lists the methods that do.
    MethodNotAllowed {
        /// The `Allow` header value, e.g. `GET, DELETE`.
        allow: &'static str,
    },
    /// No route has this path.
    NotFound,
}

impl<'p> RouteMatch<'p> {
    /// A match of operation `index` with its path parameters.
    pub fn found(index: usize, params: &[&'p str]) -> Self {
        RouteMatch::Found {
            index,
            params: params.to_vec(),
        }
    }

    /// The path exists for other methods.
    pub fn not_allowed(allow: &'static str) -> Self {
        RouteMatch::MethodNotAllowed { allow }
    }
}

/// The segments of a path, at most `N` of them, without allocation.
#[derive(Debug)]
pub struct Segments<'p, const N: usize> {
    items: [&'p str; N],
    len: usize,
}

impl<'p, const N: usize> Segments<'p, N> {
    /// Splits `/a/b/c` into `["a", "b", "c"]`; `/` is no segment at all. Returns `None` when no
    /// route can match: the path does not start with `/`, has an empty segment (`/a//b`, `/a/`)
    /// or has more than `N` segments.
    pub fn split(path: &'p str) -> Option<Self> {
        let rest = path.strip_prefix('/')?;
        let mut items = [""; N];
        let mut len = 0;
        if !rest.is_empty() {
            for segment in rest.split('/') {
                if segment.is_empty() {
                    return None;
                }
                *items.get_mut(len)? = segment;
                len += 1;
            }
        }
        Some(Segments { items, len })
    }

    /// The segments.
    pub fn as_slice(&self) -> &[&'p str] {
        &self.items[..self.len]
    }
}

/// Splits a segment that mixes text and parameters (`f(x='{x}')`, `{name}.json`) at its
/// literal text: `literals` holds the text before, between and after the `N` parameters. Each
/// parameter takes the shortest non-empty text up to the next literal. `None` when the segment
/// does not have that shape.
pub fn split_mixed<'p, const N: usize>(
    segment: &'p str,
    literals: &[&str],
) -> Option<[&'p str; N]> {
    let (first, rest) = literals.split_first()?;
    let (last, between) = rest.split_last()?;
    if between.len() + 1 != N {
        return None;
    }
    let mut remaining = segment.strip_prefix(first)?.strip_suffix(last)?;
    let mut values = [""; N];
    for (index, value) in values.iter_mut().enumerate() {
        match between.get(index) {
            Some(separator) => {
                // Skip one character so the value is never empty.
                let start = remaining.char_indices().nth(1).map(|(i, _)| i)?;
                let at = remaining[start..].find(separator)? + start;
                *value = &remaining[..at];
                remaining = &remaining[at + separator.len()..];
            }
            None => {
                if remaining.is_empty() {
                    return None;
                }
                *value = remaining;
            }
        }
    }
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths() {
        assert_eq!(
            Segments::<3>::split("/").map(|s| s.as_slice().len()),
            Some(0)
        );
        assert_eq!(
            Segments::<3>::split("/a/b").map(|s| s.as_slice().to_vec()),
            Some(vec!["a", "b"])
        );
        assert!(Segments::<3>::split("/a/").is_none());
        assert!(Segments::<3>::split("/a//b").is_none());
        assert!(Segments::<2>::split("/a/b/c").is_none());
        assert!(Segments::<2>::split("a").is_none());
    }

    #[test]
    fn splits_mixed_segments() {
        assert_eq!(
            split_mixed::<2>("f(a='x,y',b=2)", &["f(a='", "',b=", ")"]),
            Some(["x,y", "2"])
        );
        assert_eq!(
            split_mixed::<1>("report.json", &["", ".json"]),
            Some(["report"])
        );
        assert_eq!(split_mixed::<1>(".json", &["", ".json"]), None);
        assert_eq!(split_mixed::<1>("report.xml", &["", ".json"]), None);
        assert_eq!(
            split_mixed::<2>("f(a='',b=2)", &["f(a='", "',b=", ")"]),
            None
        );
        assert_eq!(split_mixed::<1>("é.json", &["", ".json"]), Some(["é"]));
    }
}
