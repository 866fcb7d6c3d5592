//! `#[components(...)]`: declares the application, its state and lifecycle hooks, and the
//! endpoints that serve the spec's operations.
//!
//! On a unit struct `App`, it implements `sls_runtime::Application` (state type and `init`), one
//! `sls_runtime::Handles<Op>` per listed endpoint (through the registration macro that
//! `#[endpoint]` defines under the handler's name, which names `Op` itself), and asks rustc to
//! prove completeness with
//! `const _: () = crate::api::assert_all_handled::<App>();`. A missing operation then fails with
//! the message that the generated marker trait carries (naming the operation, its method and
//! path), and two handlers for one operation are conflicting implementations of `Handles<Op>`.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{ExprPath, Ident, ItemStruct, Path, Token, Type};

use crate::args::{list, parse_items, value, Slot};
use crate::errors::Errors;
use crate::paths;

const USAGE: &str = "usage: #[components(state = State, init = State::connect, endpoints(handler, \
                     other_handler), events(job), health_check = State::ping, shutdown = \
                     State::close)] pub struct App;";

/// The macros of the standard prelude, which a bare handler name of the same spelling would be
/// ambiguous with.
const STD_MACROS: &[&str] = &[
    "asm",
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "concat_idents",
    "const_format_args",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "format_args_nl",
    "global_asm",
    "include",
    "include_bytes",
    "include_str",
    "is_x86_feature_detected",
    "line",
    "log_syntax",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "trace_macros",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// The keys that `#[components]` accepts.
const KEYS: &str =
    "`state`, `init`, `credentials`, `endpoints`, `events`, `health_check`, `shutdown`, `api`";

/// Expands `#[components(attr)] item`. Never fails: errors become `compile_error!` invocations
/// next to the re-emitted item.
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::new(USAGE);
    let args = Args::parse(attr, &mut errors);

    let app: ItemStruct = match syn::parse2(item.clone()) {
        Ok(app) => app,
        Err(_) => {
            errors.at(
                Span::call_site(),
                "#[components] applies to a unit struct, as in `pub struct App;`",
            );
            return quote!(#item #errors);
        }
    };
    let generic = !app.generics.params.is_empty() || app.generics.where_clause.is_some();
    if generic {
        errors.spanned(
            &app.generics,
            "the application struct of #[components] cannot be generic",
        );
    }

    let implementation = if generic || args.state_failed {
        // Without a valid state type, every impl below would fail for that reason again.
        TokenStream::new()
    } else {
        Implementation {
            app: &app.ident,
            args: &args,
        }
        .to_token_stream()
    };
    quote!(#app #implementation #errors)
}

/// The attribute's arguments.
struct Args {
    state: Option<Type>,
    init: Option<ExprPath>,
    /// The credentials hook: `async fn(&State, Credential<'_>) -> Result<Principal, Problem>`.
    credentials: Option<ExprPath>,
    /// The `endpoints` keyword and the distinct endpoints, in the user's order.
    endpoints: Option<(Ident, Vec<Path>)>,
    /// The `events` handlers (`#[scheduled]`, `#[message]`), distinct, in the user's order.
    events: Vec<Path>,
    /// `health_check` and `shutdown`.
    hooks: crate::event::Hooks,
    api: Path,
    /// `state` was given but could not be parsed.
    state_failed: bool,
    /// `init` was given but could not be parsed.
    init_failed: bool,
    /// The list of endpoints is not known for sure (malformed, or given twice): the completeness
    /// check is left out rather than report operations as missing.
    endpoints_failed: bool,
}

impl Args {
    fn parse(attr: TokenStream, errors: &mut Errors) -> Self {
        let mut state = Slot::<Type>::default();
        let mut init = Slot::<ExprPath>::default();
        let mut credentials = Slot::<ExprPath>::default();
        let mut endpoints = Slot::<(Ident, Vec<Path>)>::default();
        let mut api = Slot::<Path>::default();
        let mut events = Slot::<Vec<Path>>::default();
        let mut health_check = Slot::<ExprPath>::default();
        let mut shutdown = Slot::<ExprPath>::default();
        // How often each key was given, valid or not.
        let (mut state_given, mut init_given, mut endpoints_given) = (0, 0, 0);
        let mut events_given = 0;

        let expected = "`key = value` or `endpoints(..)`";
        parse_items(attr, expected, errors, |key, input, errors| {
            match key.to_string().as_str() {
                "state" => {
                    state_given += 1;
                    let ty = value(&key, "a type", input)?;
                    state.set(&key, ty, errors);
                }
                "init" => {
                    init_given += 1;
                    let path = value(&key, "the path of an `async fn`", input)?;
                    init.set(&key, path, errors);
                }
                "credentials" => {
                    let path = value(&key, "the path of an `async fn`", input)?;
                    credentials.set(&key, path, errors);
                }
                "endpoints" => {
                    endpoints_given += 1;
                    let paths: Punctuated<Path, Token![,]> =
                        list(&key, "the path of an #[endpoint] handler", input)?;
                    let distinct = distinct_endpoints(paths, errors);
                    endpoints.set(&key, (key.clone(), distinct), errors);
                }
                "api" => {
                    let path = value(&key, "the path of the generated module", input)?;
                    api.set(&key, path, errors);
                }
                "events" => {
                    events_given += 1;
                    let paths: Punctuated<Path, Token![,]> = list(
                        &key,
                        "the path of a #[scheduled] or #[message] handler",
                        input,
                    )?;
                    let distinct = distinct_handlers(paths, "event handler", errors);
                    events.set(&key, distinct, errors);
                }
                "health_check" | "shutdown" => {
                    let path = value(&key, "the path of an `async fn`", input)?;
                    let slot = if key == "shutdown" {
                        &mut shutdown
                    } else {
                        &mut health_check
                    };
                    slot.set(&key, path, errors);
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown key `{key}`; the accepted keys are {KEYS}"),
                    ));
                }
            }
            Ok(())
        });

        let state_failed = state_given > 0 && state.get().is_none();
        let init_failed = init_given > 0 && init.get().is_none();
        let endpoints_failed = endpoints_given > 1
            || (endpoints_given == 1 && endpoints.get().is_none())
            || events_given > 1
            || (events_given == 1 && events.get().is_none());
        let hooks = crate::event::Hooks {
            health_check: health_check.into_inner(),
            shutdown: shutdown.into_inner(),
        };
        Self {
            state: state.into_inner(),
            init: init.into_inner(),
            credentials: credentials.into_inner(),
            endpoints: endpoints.into_inner(),
            events: events.into_inner().unwrap_or_default(),
            hooks,
            api: api.into_inner().unwrap_or_else(paths::default_api),
            state_failed,
            init_failed,
            endpoints_failed,
        }
    }
}

/// Drops (and reports, on the second occurrence) the endpoints listed twice.
fn distinct_endpoints(paths: Punctuated<Path, Token![,]>, errors: &mut Errors) -> Vec<Path> {
    distinct_handlers(paths, "endpoint", errors)
}

/// Drops (and reports, on the second occurrence) the handlers listed twice.
fn distinct_handlers(
    paths: Punctuated<Path, Token![,]>,
    what: &str,
    errors: &mut Errors,
) -> Vec<Path> {
    let mut seen = BTreeSet::new();
    let mut distinct = Vec::new();
    for path in paths {
        let text = path.to_token_stream().to_string();
        if seen.insert(text.clone()) {
            distinct.push(path);
        } else {
            errors.spanned(
                &path,
                format_args!("{what} `{}` is listed twice", text.replace(' ', "")),
            );
        }
    }
    distinct
}

/// The trait implementations for a valid application struct.
struct Implementation<'a> {
    app: &'a Ident,
    args: &'a Args,
}

impl ToTokens for Implementation<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let rt = paths::runtime();
        let app = self.app;
        let Args {
            state,
            init,
            credentials,
            endpoints,
            events,
            hooks,
            api,
            init_failed,
            endpoints_failed,
            ..
        } = self.args;
        let state = match state {
            Some(state) => state.to_token_stream(),
            None => quote!(()),
        };

        let init = match init {
            _ if *init_failed => quote!(::core::unimplemented!()),
            // The `let` with the expected type puts a mismatch on the user's `init` path.
            Some(init) => quote_spanned! {init.span()=>
                let state: ::core::result::Result<#state, _> = #init().await;
                state.map_err(#rt::__private::into_box_error)
            },
            None => quote_spanned! {state.span()=>
                ::core::result::Result::Ok(<#state as ::core::default::Default>::default())
            },
        };
        // Spanned on the user's path, so that a hook with the wrong signature is reported there.
        let credentials = credentials.as_ref().map(|hook| {
            quote_spanned! {hook.span()=>
                fn check_credential<'a>(
                    state: &'a Self::State,
                    credential: #rt::Credential<'a>,
                ) -> #rt::BoxFuture<
                    'a,
                    ::core::result::Result<#rt::Principal, #rt::Problem>,
                > {
                    ::std::boxed::Box::pin(#hook(state, credential))
                }
            }
        });
        tokens.extend(quote! {
            #[automatically_derived]
            impl #rt::Application for #app {
                type State = #state;

                fn init() -> #rt::BoxFuture<
                    'static,
                    ::core::result::Result<Self::State, #rt::BoxError>,
                > {
                    ::std::boxed::Box::pin(async { #init })
                }

                #hooks
                #credentials
            }
        });
        if self.args.credentials.is_some() {
            tokens.extend(quote! {
                #[automatically_derived]
                impl #rt::security::ChecksCredentials for #app {}
            });
        }
        for handler in events {
            tokens.extend(crate::event::handles_event(app, &state, handler));
        }

        let listed = endpoints
            .as_ref()
            .map_or(&[][..], |(_, list)| list.as_slice());
        for endpoint in listed {
            // The macro `#[endpoint]` defines next to the handler, under its name, writes the
            // registration; an unknown name or a function that is not an endpoint is one error,
            // on the user's list entry. A bare name that is also a standard macro (`file`,
            // `format`, `write`) is written `self::name`, which is not ambiguous with it; other
            // names stay as written, for rustc's suggestions on a typo.
            let register = match endpoint.get_ident() {
                Some(name) if STD_MACROS.contains(&name.to_string().as_str()) => {
                    quote_spanned!(endpoint.span()=> self::#name)
                }
                _ => endpoint.to_token_stream(),
            };
            tokens.extend(quote_spanned! {endpoint.span()=>
                #register!(#app, #state, #endpoint);
            });
        }

        if !endpoints_failed {
            // A missing operation is reported on the type argument, the struct's name.
            tokens.extend(quote! {
                const _: () = #api::assert_all_handled::<#app>();
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::expand;
    use crate::snapshot::assert_expansion;

    #[test]
    fn full_application() {
        let out = expand(
            quote!(
                state = State,
                init = State::connect,
                endpoints(add_pet, get_pet, handlers::delete_pet)
            ),
            quote! {
                /// The pet store.
                pub struct App;
            },
        );
        assert_expansion("components_full", out);
    }

    #[test]
    fn no_state_and_custom_api_path() {
        let out = expand(
            quote!(endpoints(ping,), api = crate::generated::api),
            quote!(
                struct App;
            ),
        );
        assert_expansion("components_no_state", out);
    }

    #[test]
    fn state_without_init() {
        let out = expand(
            quote!(state = std::sync::Arc<Db>, endpoints(ping)),
            quote!(
                pub(crate) struct App;
            ),
        );
        assert_expansion("components_state_without_init", out);
    }

    #[test]
    fn argument_errors_are_all_reported() {
        let out = expand(
            quote!(
                state = State,
                endpoints(add_pet, get_pet, add_pet),
                events(purge),
                health_check = State::ping,
                routes(x),
                init = ,
                state = Other,
                init = State::connect,
            ),
            quote!(
                pub struct App;
            ),
        );
        assert_expansion("components_argument_errors", out);
    }

    #[test]
    fn events_and_lifecycle_hooks() {
        let out = expand(
            quote!(
                state = Shop,
                init = Shop::open,
                health_check = Shop::ping,
                shutdown = Shop::close,
                endpoints(place_order),
                events(purge, jobs::ship_order, purge)
            ),
            quote!(
                pub struct App;
            ),
        );
        assert_expansion("components_events_and_hooks", out);
        let out = expand(
            quote!(events(a, 1), health_check = , shutdown(x)),
            quote!(
                pub struct App;
            ),
        );
        assert_expansion("components_event_errors", out);
    }

    #[test]
    fn malformed_endpoint_list_skips_the_completeness_check() {
        let out = expand(
            quote!(endpoints(a, 1)),
            quote!(
                pub struct App;
            ),
        );
        assert_expansion("components_malformed_endpoints", out);
        let out = expand(
            quote!(endpoints(a), endpoints(b)),
            quote!(
                pub struct App;
            ),
        );
        assert_expansion("components_endpoints_twice", out);
    }

    #[test]
    fn bad_state_skips_the_implementation() {
        let out = expand(
            quote!(state = 3, endpoints(a)),
            quote!(
                pub struct App;
            ),
        );
        assert_expansion("components_bad_state", out);
    }

    #[test]
    fn not_a_struct() {
        let out = expand(
            quote!(endpoints(a)),
            quote!(
                pub enum App {}
            ),
        );
        assert_expansion("components_not_a_struct", out);
        let out = expand(
            quote!(endpoints(a)),
            quote!(
                pub struct App<T>(T);
            ),
        );
        assert_expansion("components_generic", out);
    }
}
