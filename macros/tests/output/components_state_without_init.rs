pub(crate) struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = std::sync::Arc<Db>;
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            ::core::result::Result::Ok(
                <std::sync::Arc<Db> as ::core::default::Default>::default(),
            )
        })
    }
}
const _: () = {
    type __Endpoint = ping;
    #[automatically_derived]
    #[allow(private_interfaces, private_bounds)]
    impl ::sls_runtime::Handles<<__Endpoint as ::sls_runtime::Handler>::Operation>
    for App {
        fn call(
            state: ::std::sync::Arc<std::sync::Arc<Db>>,
            context: ::sls_runtime::Context,
            request: <<__Endpoint as ::sls_runtime::Handler>::Operation as ::sls_runtime::Operation>::Request,
        ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
            <__Endpoint as ::sls_runtime::Endpoint<
                std::sync::Arc<Db>,
            >>::call(state, context, request)
        }
    }
};
const _: () = crate::api::assert_all_handled::<App>();
