//! `#[endpoint(operationId)]`: binds an `async fn` to an operation of the spec.
//!
//! The function becomes a unit struct of the same name that implements `sls_runtime::Handler`
//! (naming its operation) and `sls_runtime::Endpoint<State>`; the original function is kept,
//! unchanged, as its associated function `handler`. The arguments are classified by their syntax alone:
//!
//! - a reference `&T` is the application state (`T` is the state type),
//! - a type whose last path segment is `Context` is `sls_runtime::Context`,
//! - `Auth<Claims>` or `Option<Auth<Claims>>` (last path segment `Auth`) is the authenticated
//!   principal, built by `sls_runtime::security::AuthArgument<Op>`: `Auth` requires an operation
//!   that always authenticates (`Op: Authenticated`), checked on the user's type,
//! - any other type is the operation's request.
//!
//! Each is optional and may appear at most once, in any order. Wrong types are left to rustc, on
//! the user's tokens: the request is converted with `<UserType as RequestOf<Op>>`, spanned on the
//! user's type, so a wrong request type is one error there; the return type must implement
//! `HandlerOutput<Op>` (checked where the output is encoded, with the return type's span).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, ReturnType, Type};

use crate::args::{at_item_end, parse_items, value, Slot};
use crate::errors::Errors;
use crate::paths;

const USAGE: &str = "usage: #[endpoint(operationId)] async fn name(state: &State, request: \
                     OperationRequest) -> OperationResponse";

/// Expands `#[endpoint(attr)] item`. Never fails: errors become `compile_error!` invocations
/// next to the re-emitted item.
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::new(USAGE);
    let args = Args::parse(attr, &mut errors);

    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            errors.at(Span::call_site(), "#[endpoint] applies to an `async fn`");
            return quote!(#item #errors);
        }
    };
    let signature = Signature::analyze(&func, &mut errors);

    let kept = kept_items(&func, "operation", args.op.as_ref());
    let endpoint = match (&args.op, signature) {
        (Some(op), Some(signature)) if errors.is_empty() => {
            let endpoint = Endpoint {
                func: &func,
                op,
                api: &args.api,
                signature,
            };
            endpoint.to_token_stream()
        }
        _ => TokenStream::new(),
    };
    quote!(#kept #endpoint #errors)
}

/// The attribute's arguments: `operationId` and optionally `api = path`.
struct Args {
    op: Option<Ident>,
    api: syn::Path,
}

impl Args {
    fn parse(attr: TokenStream, errors: &mut Errors) -> Self {
        let before = errors.count();
        let mut op = Slot::<Ident>::default();
        let mut api = Slot::<syn::Path>::default();
        let expected = "the operationId as an identifier, as in `#[endpoint(addPet)]`";
        parse_items(attr, expected, errors, |key, input, errors| {
            if key == "api" && !at_item_end(input) {
                let path = value(&key, "the path of the generated module", input)?;
                api.set(&key, path, errors);
            } else if input.peek(syn::Token![=]) || input.peek(syn::token::Paren) {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown key `{key}`; #[endpoint] takes the operationId, then optionally \
                         `api = path::to::api`"
                    ),
                ));
            } else if op.get().is_some() {
                errors.spanned(&key, "only one operationId is allowed");
            } else if syn::parse2::<Ident>(key.to_token_stream()).is_err() {
                errors.spanned(
                    &key,
                    format_args!("`{key}` is a Rust keyword; write `r#{key}`"),
                );
            } else {
                op.set(&key.clone(), key, errors);
            }
            Ok(())
        });
        let op = op.into_inner();
        if op.is_none() && errors.count() == before {
            errors.at(
                Span::call_site(),
                "missing operationId: write `#[endpoint(operationId)]`",
            );
        }
        let api = api.into_inner().unwrap_or_else(paths::default_api);
        Self { op, api }
    }
}

/// What an argument of the handler stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    State,
    Context,
    Auth,
    Request,
}

/// The handler's signature, classified.
struct Signature<'a> {
    /// The roles of the arguments, in the user's order.
    roles: Vec<Role>,
    /// `T` of the `&T` argument.
    state: Option<&'a Type>,
    /// The request argument's type.
    request: Option<&'a Type>,
    /// The `Auth<..>` (or `Option<Auth<..>>`) argument's type.
    auth: Option<&'a Type>,
    /// The return type, `()` (on the function's name) when there is none.
    output: TokenStream,
}

impl<'a> Signature<'a> {
    /// Classifies the arguments and checks the shape of the function; `None` after any error.
    fn analyze(func: &'a ItemFn, errors: &mut Errors) -> Option<Self> {
        let before = errors.count();
        let sig = &func.sig;
        if sig.asyncness.is_none() {
            errors.spanned(sig.fn_token, "an endpoint handler must be an `async fn`");
        }
        if let Some(constness) = &sig.constness {
            errors.spanned(constness, "an endpoint handler cannot be `const`");
        }
        if let Some(unsafety) = &sig.unsafety {
            errors.spanned(unsafety, "an endpoint handler cannot be `unsafe`");
        }
        if let Some(abi) = &sig.abi {
            errors.spanned(abi, "an endpoint handler cannot have an `extern` ABI");
        }
        if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
            errors.spanned(&sig.generics, "an endpoint handler cannot be generic");
        }
        if let Some(variadic) = &sig.variadic {
            errors.spanned(variadic, "an endpoint handler cannot be variadic");
        }

        let mut roles = Vec::new();
        let mut state = None;
        let mut context = None;
        let mut request = None;
        let mut auth = None;
        for arg in &sig.inputs {
            let typed = match arg {
                FnArg::Receiver(receiver) => {
                    errors.spanned(receiver, "an endpoint handler cannot take `self`");
                    continue;
                }
                FnArg::Typed(typed) => typed,
            };
            let ty = peel(&typed.ty);
            let (role, slot, message) = match ty {
                Type::Reference(reference) => {
                    if is_context(peel(&reference.elem)) {
                        errors.spanned(ty, "the context is passed by value: `context: Context`");
                        continue;
                    }
                    if let Some(mutability) = &reference.mutability {
                        errors.spanned(
                            mutability,
                            "the state is shared between requests: take it as `&State`",
                        );
                        continue;
                    }
                    let message = "a second state argument; a handler takes at most one `&State`";
                    (Role::State, (&mut state, &*reference.elem), message)
                }
                Type::ImplTrait(_) => {
                    errors.spanned(ty, "an endpoint handler cannot be generic");
                    continue;
                }
                _ if is_auth(ty) => {
                    let message = "a second principal argument; a handler takes at most one \
                                   `Auth<Claims>`";
                    (Role::Auth, (&mut auth, ty), message)
                }
                _ if is_context(ty) => {
                    let message =
                        "a second context argument; a handler takes at most one `Context`";
                    (Role::Context, (&mut context, ty), message)
                }
                _ => {
                    let message =
                        "a second request argument; a handler takes at most one request, \
                                   the operation's `<OperationId>Request`";
                    (Role::Request, (&mut request, ty), message)
                }
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
            ReturnType::Type(_, ty) => {
                if contains_impl_trait(ty) {
                    errors.spanned(
                        ty,
                        "an endpoint handler must name its return type: the operation's \
                         `<OperationId>Response` or `Result<that, E>`",
                    );
                }
                ty.to_token_stream()
            }
        };

        (errors.count() == before).then_some(Self {
            roles,
            state,
            request,
            auth,
            output,
        })
    }
}

/// Strips the invisible groups and parentheses that macros leave around types.
fn peel(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}

/// Whether `ty` is a path whose last segment is `Context`.
fn is_context(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Context")
        }
        _ => false,
    }
}

/// Whether `ty` is `Auth<..>` or `Option<Auth<..>>` (by the last path segments).
fn is_auth(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    if path.qself.is_some() {
        return false;
    }
    if last.ident == "Auth" {
        return true;
    }
    if last.ident != "Option" {
        return false;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first() {
            Some(syn::GenericArgument::Type(inner)) if args.args.len() == 1 => {
                matches!(peel(inner), Type::Path(inner) if inner.qself.is_none()
                    && inner.path.segments.last().is_some_and(|s| s.ident == "Auth"))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether `impl Trait` occurs anywhere in `ty`.
fn contains_impl_trait(ty: &Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => ident == "impl",
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(ty.to_token_stream())
}

/// The struct that replaces the function, and the function itself as `Struct::handler`. Emitted
/// even when the attribute or the signature has errors, so that uses of the name still resolve.
/// `target` names what the handler serves (`operation` or `event`) and `name` its id, when known.
pub(crate) fn kept_items(func: &ItemFn, target: &str, name: Option<&Ident>) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = func;
    let (docs, rest): (Vec<_>, Vec<_>) = attrs.iter().partition(|attr| attr.path().is_ident("doc"));
    let (cfgs, rest): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|attr| attr.path().is_ident("cfg"));
    let mut handler_sig = sig.clone();
    handler_sig.ident = Ident::new("handler", sig.ident.span());
    let handler_doc = match name {
        Some(name) => {
            format!(" The handler of {target} `{name}`, as written; call it directly in tests.")
        }
        None => " The handler, as written; call it directly in tests.".to_owned(),
    };
    let name = &sig.ident;
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        #(#cfgs)*
        impl #name {
            #[doc = #handler_doc]
            #(#rest)*
            #vis #handler_sig #block
        }
    }
}

/// The `Endpoint` implementation and the type checks, for a function without errors.
struct Endpoint<'a> {
    func: &'a ItemFn,
    op: &'a Ident,
    api: &'a syn::Path,
    signature: Signature<'a>,
}

impl ToTokens for Endpoint<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let rt = paths::runtime();
        let name = &self.func.sig.ident;
        let cfgs = self
            .func
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"));
        let cfgs = quote!(#(#cfgs)*);
        let op = paths::operation(self.api, self.op);
        let Signature {
            roles,
            state,
            request,
            auth,
            output,
        } = &self.signature;

        // Local names: resolved like the macro's own code, located on the user's tokens; `_`
        // for an argument the handler does not take.
        let local = |name: &str, at: Span| Ident::new(name, Span::call_site().located_at(at));
        let state_var = local(
            if state.is_some() { "__sls_state" } else { "_" },
            Span::call_site(),
        );
        let context_var = local(
            if roles.contains(&Role::Context) || auth.is_some() {
                "__sls_context"
            } else {
                "_"
            },
            Span::call_site(),
        );
        let request_var = local(
            if request.is_some() {
                "__sls_request"
            } else {
                "_"
            },
            Span::call_site(),
        );
        // Names no user item can take, so a handler called `state` or `request` cannot shadow them.
        let output_var = format_ident!("__sls_output");

        let auth_var = format_ident!("__sls_auth");
        // `AuthArgument<Op>` builds the principal argument; `Auth` on an operation that does not
        // always authenticate fails its `Authenticated` bound, on the user's type.
        let auth_let = auth.map(|ty| {
            quote_spanned! {ty.span()=>
                let #auth_var = match <#ty as #rt::security::AuthArgument<#op>>::from_context(
                    &#context_var,
                ) {
                    ::core::result::Result::Ok(auth) => auth,
                    ::core::result::Result::Err(problem) => return problem.into_response(),
                };
            }
        });
        let call_args = roles.iter().map(|role| match role {
            Role::State => quote!(&*#state_var),
            Role::Context => quote!(#context_var),
            Role::Auth => quote!(#auth_var),
            // `RequestOf<Op>` converts the operation's request into the user's type (they are
            // the same type): a wrong request type is one error, on the user's type.
            Role::Request => {
                let at = request.map_or_else(Span::call_site, |ty| ty.span());
                let var = local("__sls_request", at);
                let ty = request.map_or_else(|| quote!(_), |ty| quote!(#ty));
                quote_spanned! {at=> <#ty as #rt::RequestOf<#op>>::from_operation_request(#var)}
            }
        });
        let (impl_generics, state_ty) = match state {
            Some(state) => (TokenStream::new(), quote!(#state)),
            None => (
                quote!(<__State: ::core::marker::Send + ::core::marker::Sync + 'static>),
                quote!(__State),
            ),
        };
        // Checks the return type where it is used: `HandlerOutput<Op>`, on the user's tokens.
        let encode = quote_spanned! {output.span()=>
            <#output as #rt::HandlerOutput<#op>>::into_http_response(#output_var)
        };

        // `name!(App, State, path::to::name)` registers the handler with `#[components]`, in an
        // `impl Handles<Op> for App` that names the operation type itself: a projection through
        // `Handler::Operation` in such headers would make the compiler's coherence and trait
        // checks grow with the square of the number of endpoints (it cannot tell the headers
        // apart without normalizing them). A `use` of the handler imports the macro with it,
        // since both have the handler's name. The macro of a `pub` handler is exported (under a
        // crate-root name made of the operation and the handler), so that a `#[components]` in
        // another crate (a binary over its library) can list it; inside it, the operation's
        // path starts at `$crate`.
        let exported = matches!(self.func.vis, syn::Visibility::Public(_));
        let (register, op_in_macro, export, reexport) = if exported {
            let register = format_ident!("__sls_register_{}_{}", self.op.unraw(), name.unraw());
            let op_in_macro = paths::operation_in_exported_macro(self.api, self.op);
            (register, op_in_macro, quote!(#[macro_export]), quote!(pub))
        } else {
            (
                format_ident!("__sls_register_{}", name.unraw()),
                op.clone(),
                TokenStream::new(),
                quote!(pub(crate)),
            )
        };
        tokens.extend(quote! {
            #cfgs
            #[doc(hidden)]
            #export
            macro_rules! #register {
                ($app:ty, $state:ty, $handler:path) => {
                    #[automatically_derived]
                    #[allow(private_interfaces, private_bounds)]
                    impl #rt::Handles<#op_in_macro> for $app {
                        fn call(
                            state: ::std::sync::Arc<$state>,
                            context: #rt::Context,
                            request: <#op_in_macro as #rt::Operation>::Request,
                        ) -> #rt::BoxFuture<'static, #rt::HttpResponse> {
                            <$handler as #rt::Endpoint<$state>>::call(state, context, request)
                        }
                    }
                };
            }
            #cfgs
            #[allow(unused_imports)]
            #reexport use #register as #name;

            #cfgs
            #[automatically_derived]
            impl #rt::Handler for #name {
                type Operation = #op;
            }

            #cfgs
            #[automatically_derived]
            impl #impl_generics #rt::Endpoint<#state_ty> for #name {
                fn call(
                    #state_var: ::std::sync::Arc<#state_ty>,
                    #context_var: #rt::Context,
                    #request_var: <Self::Operation as #rt::Operation>::Request,
                ) -> #rt::BoxFuture<'static, #rt::HttpResponse> {
                    ::std::boxed::Box::pin(async move {
                        #auth_let
                        let #output_var = Self::handler(#(#call_args),*).await;
                        #encode
                    })
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::expand;
    use crate::snapshot::assert_expansion;

    #[test]
    fn state_and_request() {
        let out = expand(
            quote!(addPet),
            quote! {
                /// Adds a pet.
                ///
                /// Second paragraph.
                #[tracing::instrument(skip(db))]
                pub async fn add_pet(db: &Db, req: AddPetRequest) -> Result<AddPetResponse, Problem> {
                    db.insert(req.body).await?;
                    Ok(AddPetResponse::Ok(pet))
                }
            },
        );
        assert_expansion("endpoint_state_and_request", out);
    }

    #[test]
    fn no_state() {
        let out = expand(
            quote!(getPetById),
            quote! {
                async fn get_pet(req: GetPetByIdRequest) -> GetPetByIdResponse {
                    GetPetByIdResponse::NotFound
                }
            },
        );
        assert_expansion("endpoint_no_state", out);
    }

    #[test]
    fn context_first_and_custom_api_path() {
        let out = expand(
            quote!(getPetById, api = crate::generated::petstore),
            quote! {
                #[cfg(feature = "pets")]
                pub(crate) async fn get_pet(
                    ctx: sls_runtime::Context,
                    mut req: GetPetByIdRequest,
                    _: &State,
                ) -> Result<GetPetByIdResponse, MyError> {
                    todo!()
                }
            },
        );
        assert_expansion("endpoint_context_and_api_path", out);
    }

    #[test]
    fn no_request() {
        let out = expand(
            quote!(ping),
            quote! {
                pub async fn ping() -> PingResponse { PingResponse::Ok }
            },
        );
        assert_expansion("endpoint_no_request", out);
    }

    #[test]
    fn signature_errors_are_all_reported() {
        let out = expand(
            quote!(addPet),
            quote! {
                pub fn add_pet<T>(&self, a: &Db, b: &Db, c: AddPetRequest, d: T, e: Context, f: Context, g: &mut Db, h: &Context, i: impl Sized) -> impl Sized {}
            },
        );
        assert_expansion("endpoint_signature_errors", out);
    }

    #[test]
    fn attribute_errors_are_all_reported() {
        let out = expand(
            quote!(addPet, getPet, api = , path = "/pet", method(POST)),
            quote! {
                pub async fn add_pet(req: AddPetRequest) -> AddPetResponse { todo!() }
            },
        );
        assert_expansion("endpoint_attribute_errors", out);
    }

    #[test]
    fn missing_operation() {
        let out = expand(
            quote!(),
            quote!(
                async fn add_pet() -> AddPetResponse {
                    todo!()
                }
            ),
        );
        assert_expansion("endpoint_missing_operation", out);
        let out = expand(
            quote!(type),
            quote!(
                async fn add_pet() -> AddPetResponse {
                    todo!()
                }
            ),
        );
        assert_expansion("endpoint_keyword_operation", out);
        let out = expand(
            quote!("addPet"),
            quote!(
                async fn add_pet() -> AddPetResponse {
                    todo!()
                }
            ),
        );
        assert_expansion("endpoint_string_operation", out);
    }

    #[test]
    fn not_a_function() {
        let out = expand(
            quote!(addPet),
            quote!(
                pub struct AddPet;
            ),
        );
        assert_expansion("endpoint_not_a_function", out);
    }
}
