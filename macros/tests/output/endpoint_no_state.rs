#[allow(non_camel_case_types)]
struct get_pet;
impl get_pet {
    /// The handler of operation `getPetById`, as written; call it directly in tests.
    async fn handler(req: GetPetByIdRequest) -> GetPetByIdResponse {
        GetPetByIdResponse::NotFound
    }
}
const _: fn() = || {
    fn request_of<Op, T: ?::core::marker::Sized + ::sls_runtime::RequestOf<Op>>() {}
    request_of::<crate::api::operations::getPetById, GetPetByIdRequest>();
};
#[automatically_derived]
impl<
    __State: ::core::marker::Send + ::core::marker::Sync + 'static,
> ::sls_runtime::Endpoint<__State> for get_pet {
    type Operation = crate::api::operations::getPetById;
    fn call(
        _state: ::std::sync::Arc<__State>,
        _context: ::sls_runtime::Context,
        request: <Self::Operation as ::sls_runtime::Operation>::Request,
    ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
        ::std::boxed::Box::pin(async move {
            let output = Self::handler(request).await;
            <GetPetByIdResponse as ::sls_runtime::HandlerOutput<
                crate::api::operations::getPetById,
            >>::into_http_response(output)
        })
    }
}
