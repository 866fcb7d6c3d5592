#[cfg(feature = "pets")]
#[allow(non_camel_case_types)]
pub(crate) struct get_pet;
#[cfg(feature = "pets")]
impl get_pet {
    /// The handler of operation `getPetById`, as written; call it directly in tests.
    pub(crate) async fn handler(
        ctx: sls_runtime::Context,
        mut req: GetPetByIdRequest,
        _: &State,
    ) -> Result<GetPetByIdResponse, MyError> {
        todo!()
    }
}
#[cfg(feature = "pets")]
#[doc(hidden)]
macro_rules! __sls_register_get_pet {
    ($app:ty, $state:ty, $handler:path) => {
        #[automatically_derived] #[allow(private_interfaces, private_bounds)] impl
        ::sls_runtime::Handles < crate ::generated::petstore::operations::getPetById >
        for $app { fn call(state : ::std::sync::Arc < $state >, context :
        ::sls_runtime::Context, request : < crate
        ::generated::petstore::operations::getPetById as ::sls_runtime::Operation >
        ::Request,) -> ::sls_runtime::BoxFuture < 'static, ::sls_runtime::HttpResponse >
        { < $handler as ::sls_runtime::Endpoint < $state >> ::call(state, context,
        request) } }
    };
}
#[cfg(feature = "pets")]
#[allow(unused_imports)]
pub(crate) use __sls_register_get_pet as get_pet;
#[cfg(feature = "pets")]
#[automatically_derived]
impl ::sls_runtime::Handler for get_pet {
    type Operation = crate::generated::petstore::operations::getPetById;
}
#[cfg(feature = "pets")]
#[automatically_derived]
impl ::sls_runtime::Endpoint<State> for get_pet {
    fn call(
        __sls_state: ::std::sync::Arc<State>,
        __sls_context: ::sls_runtime::Context,
        __sls_request: <Self::Operation as ::sls_runtime::Operation>::Request,
    ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
        ::std::boxed::Box::pin(async move {
            let __sls_output = Self::handler(
                    __sls_context,
                    <GetPetByIdRequest as ::sls_runtime::RequestOf<
                        crate::generated::petstore::operations::getPetById,
                    >>::from_operation_request(__sls_request),
                    &*__sls_state,
                )
                .await;
            <Result<
                GetPetByIdResponse,
                MyError,
            > as ::sls_runtime::HandlerOutput<
                crate::generated::petstore::operations::getPetById,
            >>::into_http_response(__sls_output)
        })
    }
}
