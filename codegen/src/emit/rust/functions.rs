//! `functions`: per deployable function, the static route table and the dispatch, written as
//! text (see [`super::text`]).

use std::collections::BTreeMap;

use super::ops::descriptor_name;
use super::text::{string, Code};
use super::Formatted;
use crate::ir::path::{self, Segment};
use crate::ir::Ir;

/// A route key: per segment `(0, literal)`, `(1, literals joined by "{}")` for a segment that
/// mixes text and parameters, or `(2, "")` for a parameter, so the more specific sort first.
type RouteKey = Vec<(u8, String)>;

/// The route key of a path template, and per parameter position (in template order) the name it
/// binds.
fn route_key(path: &str) -> (RouteKey, Vec<&str>) {
    let segments = path::segments(path).unwrap_or_default();
    let mut names = Vec::new();
    let key = segments
        .iter()
        .map(|segment| {
            names.extend(segment.params());
            match segment {
                Segment::Literal(text) => (0u8, (*text).to_owned()),
                Segment::Mixed(_) => (1u8, segment.literals().join("{}")),
                Segment::Param(_) => (2u8, String::new()),
            }
        })
        .collect();
    (key, names)
}

/// Writes `where A: first + second + ...,` with one bound per line.
pub(super) fn where_bounds(code: &mut Code, bounds: &[String]) {
    code.line("where");
    code.indent_more();
    for (index, bound) in bounds.iter().enumerate() {
        let last = if index + 1 == bounds.len() { "," } else { "" };
        if index == 0 {
            code.line_fmt(format_args!("A: {bound}{last}"));
            code.indent_more();
        } else {
            code.line_fmt(format_args!("+ {bound}{last}"));
        }
    }
    code.indent_less();
    code.indent_less();
    code.open("{");
}

/// Writes the route table and dispatch of a function serving `operations` (indexes into the
/// IR).
fn function(
    code: &mut Code,
    ir: &Ir,
    name: &str,
    fn_name: &str,
    doc: &str,
    (operations, events): (&[usize], &[usize]),
) {
    code.doc(Some(doc));
    code.line("#[allow(non_camel_case_types)]");
    code.line("#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]");
    code.line_fmt(format_args!("pub struct {name};"));
    let mut bounds = vec!["::sls_runtime::Application".to_owned()];
    bounds.extend(operations.iter().map(|index| {
        format!(
            "::sls_runtime::Handles<super::operations::{}>",
            ir.operations[*index].ident
        )
    }));
    bounds.extend(super::events::bounds(ir, events));
    code.line_fmt(format_args!(
        "impl<A> ::sls_runtime::Function<A> for {name}"
    ));
    where_bounds(code, &bounds);
    code.line_fmt(format_args!(
        "const NAME: &'static str = {};",
        string(fn_name)
    ));
    let used = if operations.is_empty() { "_" } else { "" };
    if operations.is_empty() {
        // A spec without operations (webhooks only) still has a function for the local server.
        code.line(
            "const OPERATIONS: &'static [&'static ::sls_runtime::descriptor::OperationDescriptor] = &[];",
        );
    } else {
        code.open(
            "const OPERATIONS: &'static [&'static ::sls_runtime::descriptor::OperationDescriptor] = &[",
        );
        for index in operations {
            code.line_fmt(format_args!(
                "&super::operations::{},",
                descriptor_name(&ir.operations[*index])
            ));
        }
        code.close("];");
    }
    super::security::function_policy(code, &ir.http);
    code.open("fn route<'p>(");
    code.line_fmt(format_args!("{used}method: &::sls_runtime::http::Method,"));
    code.line_fmt(format_args!("{used}path: &'p str,"));
    code.close(") -> ::sls_runtime::router::RouteMatch<'p> {");
    code.indent_more();
    if operations.is_empty() {
        code.line("::sls_runtime::router::RouteMatch::NotFound");
    } else {
        routes(code, ir, operations);
    }
    code.close("}");
    code.open("fn dispatch(");
    code.line("index: usize,");
    code.line_fmt(format_args!("{used}state: ::std::sync::Arc<A::State>,"));
    code.line_fmt(format_args!("{used}context: ::sls_runtime::Context,"));
    code.line_fmt(format_args!(
        "{used}request: ::sls_runtime::request::RawRequest,"
    ));
    code.close(") -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {");
    code.indent_more();
    if operations.is_empty() {
        code.line("::sls_runtime::unknown_operation(index)");
    } else {
        code.open("match index {");
        for (position, index) in operations.iter().enumerate() {
            code.line_fmt(format_args!(
                "{position} => ::sls_runtime::invoke::<A, super::operations::{}>(state, context, request),",
                ir.operations[*index].ident
            ));
        }
        code.line("_ => ::sls_runtime::unknown_operation(index),");
        code.close("}");
    }
    code.close("}");
    super::events::function_events(code, ir, events);
    code.close("}");
}

/// A node of the route tree being built: children by literal text, by mixed-segment shape (in
/// route-key order) and for a parameter, and the resource that ends here.
#[derive(Default)]
struct TreeNode {
    literals: BTreeMap<String, usize>,
    mixed: Vec<(String, usize)>,
    param: Option<usize>,
    resource: Option<usize>,
}

/// The body of `route`: the function's routes as a static `RouteTable` (a tree over path
/// segments, see `sls_runtime::router`), and the walk.
fn routes(code: &mut Code, ir: &Ir, operations: &[usize]) {
    // Group by path template; the order of the keys is the order alternatives are tried in.
    let mut resources: BTreeMap<RouteKey, Vec<(usize, usize)>> = BTreeMap::new();
    for (position, index) in operations.iter().enumerate() {
        let (key, _) = route_key(&ir.operations[*index].path);
        resources.entry(key).or_default().push((position, *index));
    }
    let mut nodes = vec![TreeNode::default()];
    for (resource, key) in resources.keys().enumerate() {
        let mut at = 0;
        for (kind, text) in key {
            let next = nodes.len();
            let node = &mut nodes[at];
            let child = match kind {
                0 => *node.literals.entry(text.clone()).or_insert(next),
                1 => match node.mixed.iter().find(|(shape, _)| shape == text) {
                    Some((_, child)) => *child,
                    None => {
                        node.mixed.push((text.clone(), next));
                        next
                    }
                },
                _ => *node.param.get_or_insert(next),
            };
            if child == next {
                nodes.push(TreeNode::default());
            }
            at = child;
        }
        nodes[at].resource = Some(resource);
    }
    code.line("use ::sls_runtime::router as __r;");
    code.line("use ::std::option::Option::{None, Some};");
    code.open("static ROUTES: __r::RouteTable = __r::RouteTable {");
    code.open("nodes: &[");
    for node in &nodes {
        let literals: Vec<String> = node
            .literals
            .iter()
            .map(|(text, child)| format!("({}, {child})", string(text)))
            .collect();
        let mixed: Vec<String> = node
            .mixed
            .iter()
            .map(|(shape, child)| {
                let pieces: Vec<String> = shape.split("{}").map(string).collect();
                format!("(&[{}], {child})", pieces.join(", "))
            })
            .collect();
        let option = |value: Option<usize>| match value {
            Some(value) => format!("Some({value})"),
            None => "None".to_owned(),
        };
        code.line_fmt(format_args!(
            "__r::Node {{ literals: &[{}], mixed: &[{}], param: {}, resource: {} }},",
            literals.join(", "),
            mixed.join(", "),
            option(node.param),
            option(node.resource)
        ));
    }
    code.close("],");
    code.open("resources: &[");
    for ops in resources.values() {
        let mut methods: Vec<(&str, usize, usize)> = ops
            .iter()
            .map(|(position, index)| (ir.operations[*index].method.as_str(), *position, *index))
            .collect();
        methods.sort();
        let allow = methods
            .iter()
            .map(|(m, _, _)| *m)
            .collect::<Vec<_>>()
            .join(", ");
        let entries: Vec<String> = methods
            .iter()
            .map(|(method, position, index)| {
                // A name repeated in the template takes its first occurrence.
                let (_, names) = route_key(&ir.operations[*index].path);
                let used: Vec<String> = (0..names.len())
                    .filter(|i| !names[..*i].contains(&names[*i]))
                    .map(|i| i.to_string())
                    .collect();
                format!("({}, {position}, &[{}])", string(method), used.join(", "))
            })
            .collect();
        code.line_fmt(format_args!(
            "__r::Resource {{ allow: {}, methods: &[{}] }},",
            string(&allow),
            entries.join(", ")
        ));
    }
    code.close("],");
    code.close("};");
    code.line("ROUTES.route(method, path)");
}

/// The `functions` part: one type per deployable function, and `All`.
pub(super) fn functions(ir: &Ir) -> Formatted {
    let mut code = Code::at(4);
    super::security::policy_const(&mut code, &ir.http);
    for f in &ir.functions {
        let ids: Vec<&str> = f
            .operations
            .iter()
            .map(|i| ir.operations[*i].id.as_str())
            .collect();
        let mut doc = format!("Function `{}`: {}.", f.name, ids.join(", "));
        if !f.events.is_empty() {
            let names: Vec<&str> = f
                .events
                .iter()
                .map(|i| ir.events[*i].name.as_str())
                .collect();
            doc.push_str(&format!(" Events: {}.", names.join(", ")));
        }
        let name = crate::ir::names::field_name(&f.name);
        function(
            &mut code,
            ir,
            &name,
            &f.name,
            &doc,
            (&f.operations, &f.events),
        );
    }
    let all: Vec<usize> = (0..ir.operations.len()).collect();
    let all_events: Vec<usize> = (0..ir.events.len()).collect();
    match ir.functions.as_slice() {
        // One function already serves everything: `All` is that function.
        [only] if only.operations == all && only.events == all_events => {
            code.line(
                "/// Every operation in one function, as the local server runs them (here the only",
            );
            code.line("/// function).");
            code.line_fmt(format_args!(
                "pub type All = {};",
                crate::ir::names::field_name(&only.name)
            ));
        }
        _ => function(
            &mut code,
            ir,
            "All",
            "local",
            if ir.events.is_empty() {
                "Every operation in one function, as the local server runs them."
            } else {
                "Every operation and event in one function, as the local server runs them."
            },
            (&all, &all_events),
        ),
    }
    Formatted {
        opening: Some(
            "/// The deployable functions of the manifest, plus `All` for the local server.\n\
             pub mod functions {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}
