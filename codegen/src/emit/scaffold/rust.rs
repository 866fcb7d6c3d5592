//! The Rust files of the scaffold: `build.rs`, `src/main.rs`, `src/lib.rs` and one module per
//! function, built with quote and formatted with prettyplease.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::api;
use super::names::{Layout, Module};
use crate::ir::events::{Event, EventKind};
use crate::ir::Ir;

/// Doc comments wrap at this width (prettyplease's margin for code).
const DOC_WIDTH: usize = 89;

/// A file: the inner doc comment `doc`, then each of `items` formatted by prettyplease, separated
/// by blank lines.
fn file(doc: &str, items: Vec<TokenStream>) -> String {
    let mut sections = vec![unparse(docs(doc, true))];
    sections.extend(items.into_iter().map(unparse));
    sections.join("\n")
}

fn unparse(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        // The scaffold only builds tokens that parse; this is a bug, reported loudly.
        Err(error) => panic!("sls-gen scaffolded Rust that does not parse: {error}"),
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Doc attributes for `text`: paragraphs wrapped to [`DOC_WIDTH`]; control characters (which a
/// doc comment cannot hold) become spaces.
fn docs(text: &str, inner: bool) -> TokenStream {
    let clean = crate::emit::doc::lines(text).join("\n");
    let lines = wrap(&clean, DOC_WIDTH - 4).into_iter().map(|line| {
        if line.is_empty() {
            line
        } else {
            format!(" {line}")
        }
    });
    if inner {
        quote!(#(#![doc = #lines])*)
    } else {
        quote!(#(#[doc = #lines])*)
    }
}

/// The words of a line: split at whitespace, except inside a `code span`.
fn words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut in_code = false;
    for (at, c) in line.char_indices() {
        if c.is_whitespace() && !in_code {
            if let Some(begin) = start.take() {
                words.push(&line[begin..at]);
            }
            continue;
        }
        if c == '`' {
            in_code = !in_code;
        }
        start.get_or_insert(at);
    }
    if let Some(begin) = start {
        words.push(&line[begin..]);
    }
    words
}

/// The lines of `text`: each line of it filled to `width` columns between words; a longer word
/// stays whole.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for source in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in words(source) {
            let length = word.chars().count();
            if used > 0 && used + 1 + length > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += length;
        }
        lines.push(line);
    }
    lines
}

/// `build.rs`: generates the `api` module from the spec.
pub(super) fn build_rs(spec_file: &str) -> String {
    file(
        &format!(
            "Generates the `api` module from `{spec_file}` into `OUT_DIR` when the spec changes."
        ),
        vec![quote! {
            fn main() {
                if let Err(error) = sls_gen::Builder::new(#spec_file).build() {
                    eprintln!("{error}");
                    std::process::exit(1);
                }
            }
        }],
    )
}

/// `src/main.rs`: the local server.
pub(super) fn main_rs(layout: &Layout<'_>) -> String {
    file(
        "Serves every operation locally: `cargo run` (on `http://127.0.0.1:3000`; `PORT` sets \
         another port).",
        vec![
            api::main_imports(&ident(&layout.crate_name)),
            api::local_main(),
        ],
    )
}

/// `src/bin/<function>-aws.rs`: the AWS Lambda entry of one function (for a manifest that lists
/// the `aws` platform).
pub(super) fn aws_main_rs(layout: &Layout<'_>, module: &Module<'_>) -> String {
    let krate = ident(&layout.crate_name);
    let function = ident(&crate::ir::names::field_name(&module.function.name));
    let name = &module.function.name;
    file(
        &format!(
            "The function `{name}` on AWS Lambda: package this binary as `bootstrap` (runtime \
             `provided.al2023`). `{name}-aws --event FILE` runs one event offline and prints \
             the response."
        ),
        vec![quote! {
            fn main() -> std::process::ExitCode {
                sls_runtime::platform::aws::run::<#krate::App, #krate::api::functions::#function>()
            }
        }],
    )
}

/// `src/lib.rs`: the generated module, the state and the application listing every handler.
pub(super) fn lib_rs(
    layout: &Layout<'_>,
    service: &str,
    spec_file: &str,
    checks_credentials: bool,
) -> String {
    let files: Vec<String> = layout
        .modules
        .iter()
        .map(|module| format!("`src/{}.rs`", module.name))
        .collect();
    let has_events = layout
        .modules
        .iter()
        .any(|module| !module.events.is_empty());
    let events_doc = if has_events {
        " Each event of the manifest has a handler there too, failing until it is written."
    } else {
        ""
    };
    let doc = format!(
        "The `{service}` service.\n\n\
         `build.rs` generates the `api` module from `{spec_file}` on every build. Each operation \
         has a handler in the module of the function that serves it ({}); each answers 501 Not \
         Implemented until it is written.{events_doc} `App` lists them all, and the compiler \
         proves that every operation of the spec has exactly one.",
        files.join(", ")
    );
    // Declared in name order, as rustfmt would sort them.
    let mut module_names: Vec<&str> = layout.modules.iter().map(|m| m.name.as_str()).collect();
    module_names.sort_unstable();
    let modules = module_names.into_iter().map(ident);
    let endpoints = layout.modules.iter().flat_map(|module| {
        let module_name = ident(&module.name);
        module.handlers.iter().map(move |handler| {
            let name = ident(&handler.name);
            quote!(#module_name::#name)
        })
    });
    let event_handlers: Vec<TokenStream> = layout
        .modules
        .iter()
        .flat_map(|module| {
            let module_name = ident(&module.name);
            module.events.iter().map(move |handler| {
                let name = ident(&handler.name);
                quote!(#module_name::#name)
            })
        })
        .collect();
    let events = (!event_handlers.is_empty()).then(|| quote!(, events(#(#event_handlers),*)));
    let mut items = vec![api::include_api()];
    if !layout.modules.is_empty() {
        items.push(quote!(#(mod #modules;)*));
    }
    items.extend([
        quote! {
            /// What every handler shares (database pools, clients, configuration), built once by
            /// [`State::init`].
            pub struct State {}
        },
        quote! {
            impl State {
                /// Builds the state before the first request; an error stops the server.
                pub async fn init() -> Result<Self, sls_runtime::BoxError> {
                    Ok(State {})
                }
            }
        },
    ]);
    if !checks_credentials {
        items.push(quote! {
            /// The application: its state and the handler of every operation.
            #[sls_runtime::components(state = State, init = State::init, endpoints(#(#endpoints),*) #events)]
            pub struct App;
        });
    } else {
        let doc = [
            " Checks API keys and HTTP basic credentials; until it is written, each is answered 501",
            " Not Implemented.",
        ];
        items.push(quote! {
            impl State {
                #(#[doc = #doc])*
                pub async fn check_credentials(
                    &self,
                    credential: sls_runtime::Credential<'_>,
                ) -> Result<sls_runtime::Principal, sls_runtime::Problem> {
                    Err(
                        sls_runtime::Problem::new(sls_runtime::http::StatusCode::NOT_IMPLEMENTED)
                            .with_detail(format!(
                                "checking `{}` credentials is not implemented yet",
                                credential.scheme()
                            )),
                    )
                }
            }
        });
        items.push(quote! {
            /// The application: its state, its credentials check and the handler of every
            /// operation.
            #[sls_runtime::components(
                state = State,
                init = State::init,
                credentials = State::check_credentials,
                endpoints(#(#endpoints),*)
            )]
            pub struct App;
        });
    }
    file(&doc, items)
}

/// `src/{module}.rs`: the handlers of one function, each answering 501 (or failing, for
/// events) until it is written.
pub(super) fn module_rs(ir: &Ir, module: &Module<'_>) -> String {
    let function = &module.function.name;
    let count = module.handlers.len();
    let mut doc = match count {
        0 => format!("Function `{function}`: it serves no operation."),
        1 => format!("Function `{function}`: the handler of its operation."),
        _ => format!("Function `{function}`: the handlers of its {count} operations."),
    };
    match module.events.len() {
        0 => {}
        1 => doc.push_str(" It handles one event."),
        n => doc.push_str(&format!(" It handles {n} events.")),
    }
    if module.handlers.is_empty() && module.events.is_empty() {
        return file(&doc, Vec::new());
    }
    let events: Vec<&Event> = module.events.iter().map(|handler| handler.event).collect();
    let mut items = vec![api::handler_imports(!module.handlers.is_empty(), &events)];
    items.extend(module.handlers.iter().map(|handler| {
        let op = handler.op;
        let mut text = String::new();
        if let Some(summary) = op.summary.as_deref().map(str::trim) {
            if !summary.is_empty() {
                text.push_str(summary);
                text.push_str("\n\n");
            }
        }
        text.push_str(&format!("`{} {}`", op.method.as_str(), op.path));
        let doc = docs(&text, false);
        let operation = api::operation_ident(op);
        let name = ident(&handler.name);
        let request = api::request_type(op).map(|ty| quote!(, _request: #ty));
        let response = api::response_type(op);
        let body = api::not_implemented(op);
        quote! {
            #doc
            #[endpoint(#operation)]
            pub async fn #name(_state: &State #request) -> Result<#response, Problem> {
                #body
            }
        }
    }));
    items.extend(module.events.iter().map(|handler| {
        let event = handler.event;
        let mut text = String::new();
        if let Some(description) = event.doc.as_deref().map(str::trim) {
            if !description.is_empty() {
                text.push_str(description);
                text.push_str("\n\n");
            }
        }
        let name = ident(&handler.name);
        let id = api::event_ident(event);
        let body = api::event_not_implemented(event);
        match (event.kind, api::payload_type(ir, event)) {
            (EventKind::Schedule, _) | (_, None) => {
                text.push_str(&format!("Schedule `{}` (UTC).", event.source));
                let doc = docs(&text, false);
                quote! {
                    #doc
                    #[scheduled(#id)]
                    pub async fn #name(_state: &State, _tick: Tick) -> Result<(), Problem> {
                        #body
                    }
                }
            }
            (kind, Some(payload)) => {
                let what = if kind == EventKind::Queue {
                    "queue"
                } else {
                    "topic"
                };
                text.push_str(&format!(
                    "Each message of {what} `{}`; an error fails the message.",
                    event.source
                ));
                let doc = docs(&text, false);
                quote! {
                    #doc
                    #[message(#id)]
                    pub async fn #name(
                        _state: &State,
                        _payload: #payload,
                        _meta: MessageMeta,
                    ) -> Result<(), Problem> {
                        #body
                    }
                }
            }
        }
    }));
    file(&doc, items)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn docs_wrap_between_words_and_keep_code_spans_whole() {
        assert_eq!(
            wrap("one two `three four` five\n\nsix", 12),
            ["one two", "`three four`", "five", "", "six"]
        );
        assert_eq!(wrap("a-very-long-word b", 4), ["a-very-long-word", "b"]);
    }
}
