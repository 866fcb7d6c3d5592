pub struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = State;
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            let state: ::core::result::Result<State, _> = State::connect().await;
            state.map_err(::sls_runtime::__private::into_box_error)
        })
    }
}
const _: () = {
    type __Endpoint = add_pet;
    #[automatically_derived]
    #[allow(private_interfaces, private_bounds)]
    impl ::sls_runtime::Handles<<__Endpoint as ::sls_runtime::Handler>::Operation>
    for App {
        fn call(
            state: ::std::sync::Arc<State>,
            context: ::sls_runtime::Context,
            request: <<__Endpoint as ::sls_runtime::Handler>::Operation as ::sls_runtime::Operation>::Request,
        ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
            <__Endpoint as ::sls_runtime::Endpoint<State>>::call(state, context, request)
        }
    }
};
const _: () = {
    type __Endpoint = get_pet;
    #[automatically_derived]
    #[allow(private_interfaces, private_bounds)]
    impl ::sls_runtime::Handles<<__Endpoint as ::sls_runtime::Handler>::Operation>
    for App {
        fn call(
            state: ::std::sync::Arc<State>,
            context: ::sls_runtime::Context,
            request: <<__Endpoint as ::sls_runtime::Handler>::Operation as ::sls_runtime::Operation>::Request,
        ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
            <__Endpoint as ::sls_runtime::Endpoint<State>>::call(state, context, request)
        }
    }
};
const _: () = crate::api::assert_all_handled::<App>();
::core::compile_error! {
    "endpoint `add_pet` is listed twice\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler))] pub struct App;"
}
::core::compile_error! {
    "`events` is not supported yet; the accepted keys are `state`, `init`, `credentials`, `endpoints`, `api`"
}
::core::compile_error! {
    "`health_check` is not supported yet; the accepted keys are `state`, `init`, `credentials`, `endpoints`, `api`"
}
::core::compile_error! {
    "unknown key `routes`; the accepted keys are `state`, `init`, `credentials`, `endpoints`, `api`"
}
::core::compile_error! {
    "expected the path of an `async fn` after `init =`"
}
::core::compile_error! {
    "duplicate key `state`"
}
