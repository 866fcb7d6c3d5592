#[allow(non_camel_case_types)]
struct get_pet;
impl get_pet {
    /// The handler of operation `getPetById`, as written; call it directly in tests.
    async fn handler(req: GetPetByIdRequest) -> GetPetByIdResponse {
        GetPetByIdResponse::NotFound
    }
}
#[doc(hidden)]
macro_rules! __sls_register_get_pet {
    ($app:ty, $state:ty, $handler:path) => {
        #[automatically_derived] #[allow(private_interfaces, private_bounds)] impl
        ::sls_runtime::Handles < crate ::api::operations::getPetById > for $app { fn
        call(state : ::std::sync::Arc < $state >, context : ::sls_runtime::Context,
        request : < crate ::api::operations::getPetById as ::sls_runtime::Operation >
        ::Request,) -> ::sls_runtime::BoxFuture < 'static, ::sls_runtime::HttpResponse >
        { < $handler as ::sls_runtime::Endpoint < $state >> ::call(state, context,
        request) } }
    };
}
#[allow(unused_imports)]
pub(crate) use __sls_register_get_pet as get_pet;
#[automatically_derived]
impl ::sls_runtime::Handler for get_pet {
    type Operation = crate::api::operations::getPetById;
}
#[automatically_derived]
impl<
    __State: ::core::marker::Send + ::core::marker::Sync + 'static,
> ::sls_runtime::Endpoint<__State> for get_pet {
    fn call(
        _: ::std::sync::Arc<__State>,
        _: ::sls_runtime::Context,
        __sls_request: <Self::Operation as ::sls_runtime::Operation>::Request,
    ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler(
                    <GetPetByIdRequest as ::sls_runtime::RequestOf<
                        crate::api::operations::getPetById,
                    >>::from_operation_request(__sls_request),
                )
                .await;
            <GetPetByIdResponse as ::sls_runtime::HandlerOutput<
                crate::api::operations::getPetById,
            >>::into_http_response(__sls_output)
        })
    }
}
