//! Route matching support for the generated route tables.
//!
//! The generator writes each function's routes as a [`RouteTable`]: a tree over the path's
//! segments, as static data, so routing needs no start-up work. (Routes written as one `match`
//! over the segments, as earlier versions did, make the compiler's work grow with the square of
//! the number of routes: minutes for a function of a thousand.)

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

/// A function's routes as a tree over path segments, written by the generator as static data
/// (so routing needs no start-up work), walked by [`RouteTable::route`].
///
/// At each node the walk tries the literal child named by the segment, then the children whose
/// segment mixes text and parameters (in the order given), then the parameter child, and goes
/// back to the next alternative when a branch finds no route: the most specific template wins,
/// as in `/pet/findByStatus` before `/pet/{petId}`. The first node that ends the path with a
/// resource answers: `Found` for one of its methods, `MethodNotAllowed` for another.
#[derive(Debug)]
pub struct RouteTable {
    /// The nodes; the walk starts at the first.
    pub nodes: &'static [Node],
    /// The resources (path templates) the nodes end in.
    pub resources: &'static [Resource],
}

/// A node of a [`RouteTable`]: what may follow a path prefix. Children are indexes into
/// [`RouteTable::nodes`].
#[derive(Debug)]
pub struct Node {
    /// Literal segments, sorted by their text.
    pub literals: &'static [(&'static str, u32)],
    /// Segments that mix text and parameters: the text before, between and after the
    /// parameters; each parameter takes the shortest non-empty text up to the next literal.
    pub mixed: &'static [(&'static [&'static str], u32)],
    /// A segment that is one parameter.
    pub param: Option<u32>,
    /// The resource of the path that ends here, an index into [`RouteTable::resources`].
    pub resource: Option<u32>,
}

/// A path template and its operations.
#[derive(Debug)]
pub struct Resource {
    /// The `Allow` header value, e.g. `GET, DELETE`.
    pub allow: &'static str,
    /// Per method: the method, the operation's index in `Function::OPERATIONS`, and which of the
    /// path's parameter values it reads (a name repeated in a template takes its first
    /// occurrence).
    pub methods: &'static [(&'static str, u32, &'static [u8])],
}

/// The deepest path a table walks; deeper paths are not found.
const MAX_DEPTH: usize = 32;

impl RouteTable {
    /// Finds the operation for a method and a path (without query string). A path that does not
    /// start with `/`, or has an empty segment (`/a//b`, `/a/`), matches nothing.
    pub fn route<'p>(&self, method: &http::Method, path: &'p str) -> RouteMatch<'p> {
        let Some(rest) = path.strip_prefix('/') else {
            return RouteMatch::NotFound;
        };
        let mut segments = [""; MAX_DEPTH];
        let mut len = 0;
        if !rest.is_empty() {
            for segment in rest.split('/') {
                if segment.is_empty() {
                    return RouteMatch::NotFound;
                }
                let Some(slot) = segments.get_mut(len) else {
                    return RouteMatch::NotFound;
                };
                *slot = segment;
                len += 1;
            }
        }
        let mut values = Vec::new();
        let Some(resource) = self.walk(0, &segments[..len], &mut values) else {
            return RouteMatch::NotFound;
        };
        let method = method.as_str();
        match resource.methods.iter().find(|(m, _, _)| *m == method) {
            Some((_, index, used)) => {
                // Usually the operation reads every value, in order: no second vector then.
                let every = used.len() == values.len()
                    && used.iter().enumerate().all(|(i, p)| usize::from(*p) == i);
                if !every {
                    values = used
                        .iter()
                        .filter_map(|position| values.get(usize::from(*position)).copied())
                        .collect();
                }
                RouteMatch::Found {
                    index: *index as usize,
                    params: values,
                }
            }
            None => RouteMatch::not_allowed(resource.allow),
        }
    }

    /// The resource at the end of `segments` from node `at`, pushing the parameter values met on
    /// the way onto `values` (and taking them off again on the branches that fail).
    fn walk<'p>(
        &self,
        at: u32,
        segments: &[&'p str],
        values: &mut Vec<&'p str>,
    ) -> Option<&'static Resource> {
        let node = self.nodes.get(at as usize)?;
        let Some((segment, rest)) = segments.split_first() else {
            return node
                .resource
                .and_then(|index| self.resources.get(index as usize));
        };
        if let Ok(found) = node
            .literals
            .binary_search_by(|(text, _)| (*text).cmp(segment))
        {
            if let Some(found) = self.walk(node.literals[found].1, rest, values) {
                return Some(found);
            }
        }
        let depth = values.len();
        for (literals, child) in node.mixed {
            if split_mixed(segment, literals, values) {
                if let Some(found) = self.walk(*child, rest, values) {
                    return Some(found);
                }
            }
            values.truncate(depth);
        }
        if let Some(child) = node.param {
            values.push(segment);
            if let Some(found) = self.walk(child, rest, values) {
                return Some(found);
            }
            values.truncate(depth);
        }
        None
    }
}

/// Splits a segment that mixes text and parameters (`f(x='{x}')`, `{name}.json`) at its
/// literal text: `literals` holds the text before, between and after the parameters. Each
/// parameter takes the shortest non-empty text up to the next literal. Pushes the values onto
/// `values` and returns `true`, or `false` when the segment does not have that shape (some
/// values may have been pushed then).
fn split_mixed<'p>(segment: &'p str, literals: &[&str], values: &mut Vec<&'p str>) -> bool {
    let Some((first, rest)) = literals.split_first() else {
        return false;
    };
    let Some((last, between)) = rest.split_last() else {
        return false;
    };
    let Some(mut remaining) = segment
        .strip_prefix(first)
        .and_then(|s| s.strip_suffix(last))
    else {
        return false;
    };
    for separator in between {
        // Skip one character so the value is never empty.
        let Some(start) = remaining.char_indices().nth(1).map(|(i, _)| i) else {
            return false;
        };
        let Some(at) = remaining[start..].find(separator).map(|at| at + start) else {
            return false;
        };
        values.push(&remaining[..at]);
        remaining = &remaining[at + separator.len()..];
    }
    if remaining.is_empty() {
        return false;
    }
    values.push(remaining);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of a mixed segment, or `None`.
    fn split_mixed<'p>(segment: &'p str, literals: &[&str]) -> Option<Vec<&'p str>> {
        let mut values = Vec::new();
        super::split_mixed(segment, literals, &mut values).then_some(values)
    }

    /// `/a/b/c` (literal `b`), `/a/{x}/d` and `/a/{x}` with `{x}.json`: a literal branch that
    /// ends nowhere gives way to the parameter branch.
    static TABLE: RouteTable = RouteTable {
        nodes: &[
            Node {
                literals: &[("a", 1)],
                mixed: &[],
                param: None,
                resource: None,
            },
            Node {
                literals: &[("b", 2)],
                mixed: &[(&["", ".json"], 6)],
                param: Some(4),
                resource: None,
            },
            Node {
                literals: &[("c", 3)],
                mixed: &[],
                param: None,
                resource: None,
            },
            Node {
                literals: &[],
                mixed: &[],
                param: None,
                resource: Some(0),
            },
            Node {
                literals: &[("d", 5)],
                mixed: &[],
                param: None,
                resource: Some(2),
            },
            Node {
                literals: &[],
                mixed: &[],
                param: None,
                resource: Some(1),
            },
            Node {
                literals: &[],
                mixed: &[],
                param: None,
                resource: Some(3),
            },
        ],
        resources: &[
            Resource {
                allow: "GET",
                methods: &[("GET", 0, &[])],
            },
            Resource {
                allow: "GET, PUT",
                methods: &[("GET", 1, &[0]), ("PUT", 2, &[])],
            },
            Resource {
                allow: "GET",
                methods: &[("GET", 3, &[0])],
            },
            Resource {
                allow: "GET",
                methods: &[("GET", 4, &[0])],
            },
        ],
    };

    fn route(method: http::Method, path: &str) -> RouteMatch<'_> {
        TABLE.route(&method, path)
    }

    #[test]
    fn walks_the_tree_with_backtracking() {
        use http::Method;
        assert_eq!(route(Method::GET, "/a/b/c"), RouteMatch::found(0, &[]));
        // `b` is a literal child, but `/a/b/d` only exists through the parameter.
        assert_eq!(route(Method::GET, "/a/b/d"), RouteMatch::found(1, &["b"]));
        assert_eq!(route(Method::PUT, "/a/x/d"), RouteMatch::found(2, &[]));
        assert_eq!(
            route(Method::DELETE, "/a/x/d"),
            RouteMatch::not_allowed("GET, PUT")
        );
        // The mixed segment comes before the plain parameter.
        assert_eq!(
            route(Method::GET, "/a/r.json"),
            RouteMatch::found(4, &["r"])
        );
        assert_eq!(
            route(Method::GET, "/a/r.xml"),
            RouteMatch::found(3, &["r.xml"])
        );
        assert_eq!(route(Method::GET, "/a/b"), RouteMatch::found(3, &["b"]));
        assert_eq!(route(Method::GET, "/a"), RouteMatch::NotFound);
        assert_eq!(route(Method::GET, "/a/b/c/d"), RouteMatch::NotFound);
        assert_eq!(route(Method::GET, "/a//d"), RouteMatch::NotFound);
        assert_eq!(route(Method::GET, "/a/b/"), RouteMatch::NotFound);
        assert_eq!(route(Method::GET, "a/b/c"), RouteMatch::NotFound);
        assert_eq!(route(Method::GET, "/"), RouteMatch::NotFound);
        let deep = "/x".repeat(MAX_DEPTH + 1);
        assert_eq!(route(Method::GET, &deep), RouteMatch::NotFound);
    }

    #[test]
    fn splits_mixed_segments() {
        assert_eq!(
            split_mixed("f(a='x,y',b=2)", &["f(a='", "',b=", ")"]),
            Some(vec!["x,y", "2"])
        );
        assert_eq!(
            split_mixed("report.json", &["", ".json"]),
            Some(vec!["report"])
        );
        assert_eq!(split_mixed(".json", &["", ".json"]), None);
        assert_eq!(split_mixed("report.xml", &["", ".json"]), None);
        assert_eq!(split_mixed("f(a='',b=2)", &["f(a='", "',b=", ")"]), None);
        assert_eq!(split_mixed("é.json", &["", ".json"]), Some(vec!["é"]));
    }
}
