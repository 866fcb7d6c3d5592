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
a!(App, (), a);
::core::compile_error! {
    "duplicate key `endpoints`\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
