/// Adds a pet.
///
/// Second paragraph.
#[allow(non_camel_case_types)]
pub struct add_pet;
impl add_pet {
    /// The handler of operation `addPet`, as written; call it directly in tests.
    #[tracing::instrument(skip(db))]
    pub async fn handler(
        db: &Db,
        req: AddPetRequest,
    ) -> Result<AddPetResponse, Problem> {
        db.insert(req.body).await?;
        Ok(AddPetResponse::Ok(pet))
    }
}
#[doc(hidden)]
#[macro_export]
macro_rules! __sls_register_addPet_add_pet {
    ($app:ty, $state:ty, $handler:path) => {
        #[automatically_derived] #[allow(private_interfaces, private_bounds)] impl
        ::sls_runtime::Handles < $crate::api::operations::addPet > for $app { fn
        call(state : ::std::sync::Arc < $state >, context : ::sls_runtime::Context,
        request : < $crate::api::operations::addPet as ::sls_runtime::Operation >
        ::Request,) -> ::sls_runtime::BoxFuture < 'static, ::sls_runtime::HttpResponse >
        { < $handler as ::sls_runtime::Endpoint < $state >> ::call(state, context,
        request) } }
    };
}
#[allow(unused_imports)]
pub use __sls_register_addPet_add_pet as add_pet;
#[automatically_derived]
impl ::sls_runtime::Handler for add_pet {
    type Operation = crate::api::operations::addPet;
}
#[automatically_derived]
impl ::sls_runtime::Endpoint<Db> for add_pet {
    fn call(
        __sls_state: ::std::sync::Arc<Db>,
        _: ::sls_runtime::Context,
        __sls_request: <Self::Operation as ::sls_runtime::Operation>::Request,
    ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler(
                    &*__sls_state,
                    <AddPetRequest as ::sls_runtime::RequestOf<
                        crate::api::operations::addPet,
                    >>::from_operation_request(__sls_request),
                )
                .await;
            <Result<
                AddPetResponse,
                Problem,
            > as ::sls_runtime::HandlerOutput<
                crate::api::operations::addPet,
            >>::into_http_response(__sls_output)
        })
    }
}
