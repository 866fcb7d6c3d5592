pub struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = ();
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            ::core::result::Result::Ok(<() as ::core::default::Default>::default())
        })
    }
}
const _: () = {
    type __Endpoint = a;
    #[automatically_derived]
    #[allow(private_interfaces, private_bounds)]
    impl ::sls_runtime::Handles<<__Endpoint as ::sls_runtime::Handler>::Operation>
    for App {
        fn call(
            state: ::std::sync::Arc<()>,
            context: ::sls_runtime::Context,
            request: <<__Endpoint as ::sls_runtime::Handler>::Operation as ::sls_runtime::Operation>::Request,
        ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
            <__Endpoint as ::sls_runtime::Endpoint<()>>::call(state, context, request)
        }
    }
};
::core::compile_error! {
    "duplicate key `endpoints`\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
