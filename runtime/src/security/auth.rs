//! The principal as a handler argument: `Auth<Claims>`.

use serde::de::DeserializeOwned;

use crate::app::Operation;
use crate::context::Context;
use crate::Problem;

/// The authenticated principal of a request, with its claims as the handler's own type:
///
/// ```ignore
/// #[derive(serde::Deserialize)]
/// struct Claims { sub: String }
///
/// #[endpoint(deletePet)]
/// async fn delete_pet(db: &Db, user: Auth<Claims>, request: DeletePetRequest) -> DeletePetResponse {
///     tracing::info!(user = %user.sub, "deleting");
///     // ...
/// }
/// ```
///
/// A handler may take `Auth<C>` only when its operation always authenticates (it has a
/// `security` requirement and no `{}` alternative); that is checked at compile time. Where
/// anonymous access is allowed, take `Option<Auth<C>>`. The claims are those of the first
/// principal of the satisfied requirement that deserializes into `C` (a verified token's
/// payload, or the claims a credentials hook answered); when none does, the request is answered
/// 401.
#[derive(Debug, Clone, PartialEq)]
pub struct Auth<C> {
    /// The claims.
    pub claims: C,
    /// The name of the security scheme that established them.
    pub scheme: &'static str,
    /// The scopes (or roles) granted.
    pub scopes: Vec<String>,
}

impl<C> std::ops::Deref for Auth<C> {
    type Target = C;

    fn deref(&self) -> &C {
        &self.claims
    }
}

impl<C> Auth<C> {
    /// Whether `scope` was granted.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// Implemented by the generator for every operation that always authenticates: its handler may
/// take [`Auth<C>`](Auth).
#[diagnostic::on_unimplemented(
    message = "operation `{Self}` does not always authenticate, so its handler cannot take `Auth<..>`",
    label = "this operation has no security requirement, or allows anonymous access",
    note = "declare a `security` requirement without `{{}}` for the operation, or take `Option<Auth<..>>`"
)]
pub trait Authenticated: Operation {}

/// A handler argument built from the authenticated principals: `Auth<C>` or `Option<Auth<C>>`.
/// `#[endpoint]` uses it for such arguments.
pub trait AuthArgument<Op>: Sized {
    /// Builds the argument from the request's context, or answers the problem.
    fn from_context(context: &Context) -> Result<Self, Problem>;
}

fn find<C: DeserializeOwned>(context: &Context) -> Option<Auth<C>> {
    context.principals.iter().find_map(|principal| {
        let claims = principal.claims_as::<C>().ok()?;
        Some(Auth {
            claims,
            scheme: principal.scheme,
            scopes: principal.scopes.clone(),
        })
    })
}

impl<C: DeserializeOwned, Op: Authenticated> AuthArgument<Op> for Auth<C> {
    fn from_context(context: &Context) -> Result<Self, Problem> {
        match find(context) {
            Some(auth) => Ok(auth),
            None if context.principals.is_empty() => {
                tracing::error!(
                    operation = context.operation_id,
                    "an authenticated operation reached its handler without a principal"
                );
                Err(Problem::internal())
            }
            None => Err(super::guard::invalid_token(
                "the credentials do not carry the claims this operation needs",
            )),
        }
    }
}

impl<C: DeserializeOwned, Op: Operation> AuthArgument<Op> for Option<Auth<C>> {
    fn from_context(context: &Context) -> Result<Self, Problem> {
        match find(context) {
            Some(auth) => Ok(Some(auth)),
            None if context.principals.is_empty() => Ok(None),
            None => Err(super::guard::invalid_token(
                "the credentials do not carry the claims this operation needs",
            )),
        }
    }
}
