//! Rust written as text, for the bulk of the module (models and validation statics).
//!
//! Those items are regular and numerous: building them as tokens, parsing the tokens with `syn`
//! and printing them with `prettyplease` took most of the time on large specs. They are written
//! here directly in the same style: four-space indentation, one item per line, and expressions
//! laid out like rustfmt lays them out: on one line when they fit in [`WIDTH`] columns, otherwise
//! one element per line with a trailing comma, a lone block-like argument staying on the opening
//! line (`Schema::Integer(IntegerRules {`).

use std::fmt::Write as _;

/// The line width that expressions are fitted into.
pub(super) const WIDTH: usize = 100;

/// An expression, as a tree that can be laid out.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// Text written as is: a path, a literal.
    Atom(String),
    /// `&` and the like before an expression.
    Prefix(&'static str, Box<Expr>),
    /// A delimited list: a call `f(a, b)`, an array `[a, b]`, a struct literal `S { a: x, ..R }`
    /// (`spaced` puts spaces inside the delimiters when on one line).
    List {
        open: String,
        items: Vec<Expr>,
        close: &'static str,
        spaced: bool,
    },
    /// `name: value` inside a struct literal.
    Field(String, Box<Expr>),
}

impl Expr {
    /// Text written as is.
    pub(super) fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `head(items)`.
    pub(super) fn call(head: impl std::fmt::Display, items: Vec<Expr>) -> Expr {
        Expr::List {
            open: format!("{head}("),
            items,
            close: ")",
            spaced: false,
        }
    }

    /// `[items]`.
    pub(super) fn array(items: Vec<Expr>) -> Expr {
        Expr::List {
            open: "[".to_owned(),
            items,
            close: "]",
            spaced: false,
        }
    }

    /// `head { items }`: fields, and a last `..base` if any.
    pub(super) fn structure(head: impl std::fmt::Display, items: Vec<Expr>) -> Expr {
        Expr::List {
            open: format!("{head} {{"),
            items,
            close: "}",
            spaced: true,
        }
    }

    /// `name: value`.
    pub(super) fn field(name: &str, value: Expr) -> Expr {
        Expr::Field(name.to_owned(), Box::new(value))
    }

    /// `&self`.
    pub(super) fn borrow(self) -> Expr {
        Expr::Prefix("&", Box::new(self))
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Prefix(prefix, inner) => {
                out.push_str(prefix);
                inner.write_flat(out);
            }
            Expr::Field(name, value) => {
                out.push_str(name);
                out.push_str(": ");
                value.write_flat(out);
            }
            Expr::List {
                open,
                items,
                close,
                spaced,
            } => {
                out.push_str(open);
                if *spaced && !items.is_empty() {
                    out.push(' ');
                }
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.write_flat(out);
                }
                if *spaced && !items.is_empty() {
                    out.push(' ');
                }
                out.push_str(close);
            }
        }
    }

    fn flat_len(&self) -> usize {
        match self {
            Expr::Atom(text) => text.len(),
            Expr::Prefix(prefix, inner) => prefix.len() + inner.flat_len(),
            Expr::Field(name, value) => name.len() + 2 + value.flat_len(),
            Expr::List {
                open,
                items,
                close,
                spaced,
            } => {
                let inner: usize = items.iter().map(Expr::flat_len).sum::<usize>()
                    + 2 * items.len().saturating_sub(1);
                let spaces = if *spaced && !items.is_empty() { 2 } else { 0 };
                open.len() + inner + spaces + close.len()
            }
        }
    }

    /// Whether the expression ends in a delimited list, so that as a lone argument it can open on
    /// its caller's line.
    fn is_block_like(&self) -> bool {
        match self {
            Expr::List { items, .. } => !items.is_empty(),
            Expr::Prefix(_, inner) => inner.is_block_like(),
            Expr::Atom(_) | Expr::Field(..) => false,
        }
    }

    /// Writes the expression starting at column `column` of a line indented by `indent`, with
    /// `tail` more characters to follow it on its last line.
    fn write(&self, out: &mut String, indent: usize, column: usize, tail: usize) {
        if column + self.flat_len() + tail <= WIDTH {
            self.write_flat(out);
            return;
        }
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Prefix(prefix, inner) => {
                out.push_str(prefix);
                inner.write(out, indent, column + prefix.len(), tail);
            }
            Expr::Field(name, value) => {
                out.push_str(name);
                out.push_str(": ");
                value.write(out, indent, column + name.len() + 2, tail);
            }
            Expr::List {
                open, items, close, ..
            } => {
                out.push_str(open);
                if let [only] = items.as_slice() {
                    if only.is_block_like() && !matches!(only, Expr::Field(..)) {
                        only.write(out, indent, column + open.len(), close.len() + tail);
                        out.push_str(close);
                        return;
                    }
                }
                let inner = indent + 4;
                for item in items {
                    out.push('\n');
                    push_indent(out, inner);
                    // A functional update base takes no trailing comma.
                    let base = matches!(item, Expr::Atom(text) if text.starts_with(".."));
                    item.write(out, inner, inner, usize::from(!base));
                    if !base {
                        out.push(',');
                    }
                }
                out.push('\n');
                push_indent(out, indent);
                out.push_str(close);
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Rust source text under construction, one line at a time, at an indentation level.
#[derive(Debug, Default)]
pub(super) struct Code {
    out: String,
    indent: usize,
}

impl Code {
    /// Code whose lines start `indent` spaces in.
    pub(super) fn at(indent: usize) -> Code {
        Code {
            out: String::new(),
            indent,
        }
    }

    /// The text written.
    pub(super) fn finish(self) -> String {
        self.out
    }

    /// One line.
    pub(super) fn line(&mut self, text: &str) {
        if !text.is_empty() {
            push_indent(&mut self.out, self.indent);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Text already indented and ending in a newline.
    pub(super) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Lines of text (`\n`-separated), each indented at the current level plus its own leading
    /// spaces.
    pub(super) fn raw_lines(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line);
        }
    }

    /// One line built from format arguments.
    pub(super) fn line_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        push_indent(&mut self.out, self.indent);
        let _ = self.out.write_fmt(args);
        self.out.push('\n');
    }

    /// A line that opens a block (`... {`); what follows is indented one level more.
    pub(super) fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 4;
    }

    /// Indents what follows one level more (after a `close` that reopens, like `) -> T {`).
    pub(super) fn indent_more(&mut self) {
        self.indent += 4;
    }

    /// Indents what follows one level less.
    pub(super) fn indent_less(&mut self) {
        self.indent = self.indent.saturating_sub(4);
    }

    /// Closes a block with `text` (`}`, `},` ...) one level less indented.
    pub(super) fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(4);
        self.line(text);
    }

    /// `/// ...` lines for spec text (nothing for none or blank text).
    pub(super) fn doc(&mut self, text: Option<&str>) {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return;
        };
        for line in crate::emit::doc::lines(text) {
            if line.is_empty() {
                self.line("///");
            } else {
                self.line_fmt(format_args!("/// {line}"));
            }
        }
    }

    /// `head` followed by `expr` and `tail` (`pub static X: T = ` ... `;`), the expression laid
    /// out to fit.
    pub(super) fn statement(&mut self, head: &str, expr: &Expr, tail: &str) {
        push_indent(&mut self.out, self.indent);
        self.out.push_str(head);
        expr.write(
            &mut self.out,
            self.indent,
            self.indent + head.len(),
            tail.len(),
        );
        self.out.push_str(tail);
        self.out.push('\n');
    }
}

/// A Rust string literal holding `text`.
pub(super) fn string(text: &str) -> String {
    format!("{text:?}")
}

/// A Rust float literal for `value` (always with a decimal point or an exponent).
pub(super) fn float(value: f64) -> String {
    format!("{value:?}")
}

#[cfg(test)]
mod tests {
    use super::{Code, Expr};

    fn schema_of(properties: usize) -> Expr {
        Expr::call(
            "__s::Schema::object",
            vec![Expr::array(
                (0..properties)
                    .map(|i| {
                        Expr::call(
                            "__s::Property::required",
                            vec![Expr::atom(format!("\"p{i}\"")), Expr::atom("&__s::STRING")],
                        )
                    })
                    .collect(),
            )
            .borrow()],
        )
    }

    #[test]
    fn short_expressions_stay_on_one_line() {
        let mut code = Code::at(4);
        code.statement("pub static A: __s::Schema = ", &schema_of(1), ";");
        assert_eq!(
            code.finish(),
            "    pub static A: __s::Schema = __s::Schema::object(&[__s::Property::required(\"p0\", &__s::STRING)]);\n"
        );
    }

    #[test]
    fn long_expressions_break_one_element_per_line() {
        let mut code = Code::at(4);
        code.statement("pub static A: __s::Schema = ", &schema_of(3), ";");
        assert_eq!(
            code.finish(),
            "    pub static A: __s::Schema = __s::Schema::object(&[
        __s::Property::required(\"p0\", &__s::STRING),
        __s::Property::required(\"p1\", &__s::STRING),
        __s::Property::required(\"p2\", &__s::STRING),
    ]);
"
        );
    }

    #[test]
    fn a_functional_update_base_takes_no_comma() {
        let rules = Expr::structure(
            "__s::StringRules",
            vec![
                Expr::field("min_length", Expr::atom("::core::option::Option::Some(1)")),
                Expr::field("max_length", Expr::atom("::core::option::Option::Some(64)")),
                Expr::atom("..__s::StringRules::NONE"),
            ],
        );
        let mut code = Code::at(0);
        code.statement("x = ", &Expr::call("__s::Schema::String", vec![rules]), ";");
        assert_eq!(
            code.finish(),
            "x = __s::Schema::String(__s::StringRules {
    min_length: ::core::option::Option::Some(1),
    max_length: ::core::option::Option::Some(64),
    ..__s::StringRules::NONE
});
"
        );
    }

    #[test]
    fn literals_are_valid_rust() {
        assert_eq!(super::string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(super::float(1.0), "1.0");
        assert_eq!(super::float(-0.5), "-0.5");
    }
}
