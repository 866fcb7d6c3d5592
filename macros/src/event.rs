//! `#[scheduled(event)]` and `#[message(event)]`: bind an `async fn` to an event of the manifest.
//!
//! Like `#[endpoint]`, the function becomes a unit struct of the same name, implementing
//! `sls_runtime::events::EventHandler` (naming its event) and
//! `sls_runtime::events::EventEndpoint<State>`; the original function is kept as its associated
//! function `handler`. Arguments are classified by their syntax alone, each optional and at most
//! once, in any order:
//!
//! - `#[scheduled]`: a reference `&T` is the state; any other type is the tick
//!   (`sls_runtime::events::Tick`);
//! - `#[message]`: a reference `&T` is the state, a type whose last segment is `MessageMeta` is
//!   the message's metadata, any other type is the payload (the event's generated payload type).
//!
//! The kind is checked by rustc: the event must implement `ScheduleEvent` (resp.
//! `MessageEvent`), whose `on_unimplemented` message says which attribute to use instead. The
//! return type is `()` or `Result<(), E>` with `E: Into<Problem>` (`EventOutput`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, ReturnType, Type};

use crate::args::{at_item_end, parse_items, value, Slot};
use crate::errors::Errors;
use crate::paths;

/// Which attribute is expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    /// `#[scheduled(event)]`.
    Scheduled,
    /// `#[message(event)]`.
    Message,
}

impl Attribute {
    fn name(self) -> &'static str {
        match self {
            Attribute::Scheduled => "scheduled",
            Attribute::Message => "message",
        }
    }

    fn usage(self) -> &'static str {
        match self {
            Attribute::Scheduled => {
                "usage: #[scheduled(eventName)] async fn name(state: &State, tick: Tick) -> \
                 Result<(), Problem>"
            }
            Attribute::Message => {
                "usage: #[message(eventName)] async fn name(state: &State, payload: Payload, meta: \
                 MessageMeta) -> Result<(), Problem>"
            }
        }
    }
}

/// Expands `#[scheduled(attr)] item` or `#[message(attr)] item`. Never fails: errors become
/// `compile_error!` invocations next to the re-emitted item.
pub(crate) fn expand(kind: Attribute, attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::new(kind.usage());
    let args = Args::parse(kind, attr, &mut errors);
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            errors.at(
                Span::call_site(),
                format_args!("#[{}] applies to an `async fn`", kind.name()),
            );
            return quote!(#item #errors);
        }
    };
    let signature = Signature::analyze(kind, &func, &mut errors);
    let kept = crate::endpoint::kept_items(&func, "event", args.event.as_ref());
    let handler = match (&args.event, signature) {
        (Some(event), Some(signature)) if errors.is_empty() => Handler {
            kind,
            func: &func,
            event,
            api: &args.api,
            signature,
        }
        .to_token_stream(),
        _ => TokenStream::new(),
    };
    quote!(#kept #handler #errors)
}

/// The attribute's arguments: the event's name and optionally `api = path`.
struct Args {
    event: Option<Ident>,
    api: syn::Path,
}

impl Args {
    fn parse(kind: Attribute, attr: TokenStream, errors: &mut Errors) -> Self {
        let before = errors.count();
        let mut event = Slot::<Ident>::default();
        let mut api = Slot::<syn::Path>::default();
        let name = kind.name();
        let expected = format!("the event's name as an identifier, as in `#[{name}(eventName)]`");
        parse_items(attr, &expected, errors, |key, input, errors| {
            if key == "api" && !at_item_end(input) {
                let path = value(&key, "the path of the generated module", input)?;
                api.set(&key, path, errors);
            } else if input.peek(syn::Token![=]) || input.peek(syn::token::Paren) {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown key `{key}`; #[{name}] takes the event's name, then optionally \
                         `api = path::to::api`"
                    ),
                ));
            } else if event.get().is_some() {
                errors.spanned(&key, "only one event is allowed");
            } else if syn::parse2::<Ident>(key.to_token_stream()).is_err() {
                errors.spanned(
                    &key,
                    format_args!("`{key}` is a Rust keyword; write `r#{key}`"),
                );
            } else {
                event.set(&key.clone(), key, errors);
            }
            Ok(())
        });
        let event = event.into_inner();
        if event.is_none() && errors.count() == before {
            errors.at(
                Span::call_site(),
                format_args!("missing event name: write `#[{name}(eventName)]`"),
            );
        }
        let api = api.into_inner().unwrap_or_else(paths::default_api);
        Self { event, api }
    }
}

/// What an argument of the handler stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    State,
    /// The tick of a schedule, or the payload of a message.
    Input,
    Meta,
}

struct Signature<'a> {
    roles: Vec<Role>,
    state: Option<&'a Type>,
    input: Option<&'a Type>,
    output: TokenStream,
}

impl<'a> Signature<'a> {
    fn analyze(kind: Attribute, func: &'a ItemFn, errors: &mut Errors) -> Option<Self> {
        let before = errors.count();
        let sig = &func.sig;
        let what = "an event handler";
        if sig.asyncness.is_none() {
            errors.spanned(sig.fn_token, format_args!("{what} must be an `async fn`"));
        }
        if let Some(constness) = &sig.constness {
            errors.spanned(constness, format_args!("{what} cannot be `const`"));
        }
        if let Some(unsafety) = &sig.unsafety {
            errors.spanned(unsafety, format_args!("{what} cannot be `unsafe`"));
        }
        if let Some(abi) = &sig.abi {
            errors.spanned(abi, format_args!("{what} cannot have an `extern` ABI"));
        }
        if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
            errors.spanned(&sig.generics, format_args!("{what} cannot be generic"));
        }
        if let Some(variadic) = &sig.variadic {
            errors.spanned(variadic, format_args!("{what} cannot be variadic"));
        }
        let mut roles = Vec::new();
        let mut state = None;
        let mut input = None;
        let mut meta = None;
        for arg in &sig.inputs {
            let typed = match arg {
                FnArg::Receiver(receiver) => {
                    errors.spanned(receiver, format_args!("{what} cannot take `self`"));
                    continue;
                }
                FnArg::Typed(typed) => typed,
            };
            let ty = peel(&typed.ty);
            let (role, slot, message) = match ty {
                Type::Reference(reference) => {
                    if let Some(mutability) = &reference.mutability {
                        errors.spanned(
                            mutability,
                            "the state is shared between invocations: take it as `&State`",
                        );
                        continue;
                    }
                    (
                        Role::State,
                        (&mut state, &*reference.elem),
                        "a second state argument; a handler takes at most one `&State`",
                    )
                }
                Type::ImplTrait(_) => {
                    errors.spanned(ty, format_args!("{what} cannot be generic"));
                    continue;
                }
                _ if kind == Attribute::Message && last_segment_is(ty, "MessageMeta") => (
                    Role::Meta,
                    (&mut meta, ty),
                    "a second `MessageMeta` argument; a handler takes at most one",
                ),
                _ if kind == Attribute::Scheduled && last_segment_is(ty, "MessageMeta") => {
                    errors.spanned(
                        ty,
                        "a schedule has no message; a `#[scheduled]` handler takes `&State` and \
                         `Tick`",
                    );
                    continue;
                }
                _ => (
                    Role::Input,
                    (&mut input, ty),
                    match kind {
                        Attribute::Scheduled => {
                            "a second tick argument; a `#[scheduled]` handler takes `&State` and \
                             one `Tick`"
                        }
                        Attribute::Message => {
                            "a second payload argument; a `#[message]` handler takes `&State`, \
                             one payload and `MessageMeta`"
                        }
                    },
                ),
            };
            let (slot, ty) = slot;
            if slot.is_some() {
                errors.spanned(typed, message);
                continue;
            }
            *slot = Some(ty);
            roles.push(role);
        }
        let output = match &sig.output {
            ReturnType::Default => quote_spanned!(sig.ident.span()=> ()),
            ReturnType::Type(_, ty) => ty.to_token_stream(),
        };
        (errors.count() == before).then_some(Self {
            roles,
            state,
            input,
            output,
        })
    }
}

fn peel(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}

fn last_segment_is(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Path(path) => {
            path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == name)
        }
        _ => false,
    }
}

struct Handler<'a> {
    kind: Attribute,
    func: &'a ItemFn,
    event: &'a Ident,
    api: &'a syn::Path,
    signature: Signature<'a>,
}

impl ToTokens for Handler<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let rt = paths::runtime();
        let name = &self.func.sig.ident;
        let cfgs = self
            .func
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"));
        let cfgs = quote!(#(#cfgs)*);
        let api = self.api;
        let event_name = self.event;
        let event = quote!(#api::events::#event_name);
        let Signature {
            roles,
            state,
            input,
            output,
        } = &self.signature;
        let state_var = format_ident!("__sls_state");
        let input_var = format_ident!("__sls_input");
        let meta_var = format_ident!("__sls_meta");
        let output_var = format_ident!("__sls_output");
        let call_args = roles.iter().map(|role| match role {
            Role::State => quote!(&*#state_var),
            Role::Meta => quote!(#meta_var),
            // The user's type is checked against the event's on the user's tokens.
            Role::Input => {
                let at = input.map_or_else(Span::call_site, |ty| ty.span());
                let ty = input.map_or_else(|| quote!(_), |ty| quote!(#ty));
                quote_spanned! {at=> { let __sls_value: #ty = #input_var; __sls_value }}
            }
        });
        // The kind check: one error naming the event when the attribute does not fit it.
        let split = match self.kind {
            Attribute::Scheduled => {
                let at = event_name.span();
                quote_spanned! {at=>
                    let #input_var = #rt::events::tick_of::<#event>(#input_var);
                }
            }
            Attribute::Message => {
                let at = event_name.span();
                quote_spanned! {at=>
                    let (#input_var, #meta_var) = #rt::events::delivery_of::<#event>(#input_var);
                }
            }
        };
        let unused = match self.kind {
            Attribute::Message if !roles.contains(&Role::Meta) => quote!(let _ = #meta_var;),
            _ => quote!(),
        };
        let unused_input = if roles.contains(&Role::Input) {
            quote!()
        } else {
            quote!(let _ = #input_var;)
        };
        let (impl_generics, state_ty) = match state {
            Some(state) => (TokenStream::new(), quote!(#state)),
            None => (
                quote!(<__State: ::core::marker::Send + ::core::marker::Sync + 'static>),
                quote!(__State),
            ),
        };
        let state_param = if state.is_some() {
            quote!(#state_var)
        } else {
            quote!(_)
        };
        let finish = quote_spanned! {output.span()=>
            <#output as #rt::events::EventOutput>::into_result(#output_var)
        };
        tokens.extend(quote! {
            #cfgs
            #[automatically_derived]
            impl #rt::events::EventHandler for #name {
                type Event = #event;
            }

            #cfgs
            #[automatically_derived]
            impl #impl_generics #rt::events::EventEndpoint<#state_ty> for #name {
                fn call(
                    #state_param: ::std::sync::Arc<#state_ty>,
                    #input_var: <Self::Event as #rt::events::Event>::Input,
                ) -> #rt::BoxFuture<'static, ::core::result::Result<(), #rt::Problem>> {
                    #split
                    #unused
                    #unused_input
                    ::std::boxed::Box::pin(async move {
                        let #output_var = Self::handler(#(#call_args),*).await;
                        #finish
                    })
                }
            }
        });
    }
}

/// The lifecycle hooks of `#[components]` besides `init`: methods of the `Application` impl.
/// A hook that is not given (or could not be parsed, which is reported) keeps the trait's
/// default.
#[derive(Default)]
pub(crate) struct Hooks {
    /// `health_check = path`: `async fn(&State) -> Result<(), E>`, `E: Into<BoxError>`.
    pub(crate) health_check: Option<syn::ExprPath>,
    /// `shutdown = path`: `async fn(&State)`.
    pub(crate) shutdown: Option<syn::ExprPath>,
}

impl ToTokens for Hooks {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let rt = paths::runtime();
        if let Some(check) = &self.health_check {
            // The `let` with the expected type puts a mismatch on the user's path.
            let body = quote_spanned! {check.span()=>
                let result: ::core::result::Result<(), _> = #check(state).await;
                result.map_err(#rt::__private::into_box_error)
            };
            tokens.extend(quote! {
                fn health_check(
                    state: &Self::State,
                ) -> #rt::BoxFuture<'_, ::core::result::Result<(), #rt::BoxError>> {
                    ::std::boxed::Box::pin(async move { #body })
                }
            });
        }
        if let Some(shutdown) = &self.shutdown {
            let body = quote_spanned! {shutdown.span()=>
                let (): () = #shutdown(state).await;
            };
            tokens.extend(quote! {
                fn shutdown(state: &Self::State) -> #rt::BoxFuture<'_, ()> {
                    ::std::boxed::Box::pin(async move { #body })
                }
            });
        }
    }
}

/// `HandlesEvent` for one handler listed in `#[components(events(..))]`; like endpoints, the
/// user's path is named once, and everything carries its span, so a duplicate or ill-typed
/// registration is reported on the list entry.
pub(crate) fn handles_event(app: &Ident, state: &TokenStream, handler: &syn::Path) -> TokenStream {
    let rt = paths::runtime_at(handler.span());
    quote_spanned! {handler.span()=>
        const _: () = {
            type __Handler = #handler;

            #[automatically_derived]
            #[allow(private_interfaces, private_bounds)]
            impl #rt::events::HandlesEvent<<__Handler as #rt::events::EventHandler>::Event> for #app {
                fn call(
                    state: ::std::sync::Arc<#state>,
                    input: <<__Handler as #rt::events::EventHandler>::Event as #rt::events::Event>::Input,
                ) -> #rt::BoxFuture<'static, ::core::result::Result<(), #rt::Problem>> {
                    <__Handler as #rt::events::EventEndpoint<#state>>::call(state, input)
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{expand, Attribute};
    use crate::snapshot::assert_expansion;

    #[test]
    fn scheduled_with_state_and_tick() {
        let out = expand(
            Attribute::Scheduled,
            quote!(purgeSessions),
            quote! {
                /// Purges sessions.
                pub async fn purge(db: &Db, tick: Tick) -> Result<(), Problem> {
                    db.purge(tick.time).await
                }
            },
        );
        assert_expansion("scheduled_state_and_tick", out);
    }

    #[test]
    fn scheduled_without_arguments() {
        let out = expand(
            Attribute::Scheduled,
            quote!(nightly, api = crate::generated),
            quote! {
                async fn nightly() {}
            },
        );
        assert_expansion("scheduled_no_arguments", out);
    }

    #[test]
    fn message_in_any_order() {
        let out = expand(
            Attribute::Message,
            quote!(shipOrder),
            quote! {
                pub(crate) async fn ship(meta: MessageMeta, order: Order, db: &Db) -> Result<(), MyError> {
                    db.ship(order, meta.id).await
                }
            },
        );
        assert_expansion("message_any_order", out);
    }

    #[test]
    fn signature_errors_are_all_reported() {
        let out = expand(
            Attribute::Scheduled,
            quote!(purgeSessions),
            quote! {
                pub fn purge<T>(&self, a: &mut Db, b: Tick, c: Tick, d: MessageMeta, e: impl Sized) {}
            },
        );
        assert_expansion("scheduled_signature_errors", out);
        let out = expand(
            Attribute::Message,
            quote!(shipOrder, other, api = , retries = 3),
            quote! {
                async fn ship(a: &Db, b: &Db, c: MessageMeta, d: MessageMeta) {}
            },
        );
        assert_expansion("message_attribute_and_signature_errors", out);
    }

    #[test]
    fn missing_event_and_not_a_function() {
        let out = expand(
            Attribute::Message,
            quote!(),
            quote!(
                async fn ship() {}
            ),
        );
        assert_expansion("message_missing_event", out);
        let out = expand(
            Attribute::Scheduled,
            quote!(tick),
            quote!(
                struct Tick;
            ),
        );
        assert_expansion("scheduled_not_a_function", out);
    }
}
