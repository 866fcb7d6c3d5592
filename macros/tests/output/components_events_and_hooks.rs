pub struct App;
#[automatically_derived]
impl ::sls_runtime::Application for App {
    type State = Shop;
    fn init() -> ::sls_runtime::BoxFuture<
        'static,
        ::core::result::Result<Self::State, ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async {
            let state: ::core::result::Result<Shop, _> = Shop::open().await;
            state.map_err(::sls_runtime::__private::into_box_error)
        })
    }
    fn health_check(
        state: &Self::State,
    ) -> ::sls_runtime::BoxFuture<
        '_,
        ::core::result::Result<(), ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async move {
            let result: ::core::result::Result<(), _> = Shop::ping(state).await;
            result.map_err(::sls_runtime::__private::into_box_error)
        })
    }
    fn shutdown(state: &Self::State) -> ::sls_runtime::BoxFuture<'_, ()> {
        ::std::boxed::Box::pin(async move {
            let (): () = Shop::close(state).await;
        })
    }
}
const _: () = {
    type __Handler = purge;
    #[automatically_derived]
    #[allow(private_interfaces, private_bounds)]
    impl ::sls_runtime::events::HandlesEvent<
        <__Handler as ::sls_runtime::events::EventHandler>::Event,
    > for App {
        fn call(
            state: ::std::sync::Arc<Shop>,
            input: <<__Handler as ::sls_runtime::events::EventHandler>::Event as ::sls_runtime::events::Event>::Input,
        ) -> ::sls_runtime::BoxFuture<
            'static,
            ::core::result::Result<(), ::sls_runtime::Problem>,
        > {
            <__Handler as ::sls_runtime::events::EventEndpoint<Shop>>::call(state, input)
        }
    }
};
const _: () = {
    type __Handler = jobs::ship_order;
    #[automatically_derived]
    #[allow(private_interfaces, private_bounds)]
    impl ::sls_runtime::events::HandlesEvent<
        <__Handler as ::sls_runtime::events::EventHandler>::Event,
    > for App {
        fn call(
            state: ::std::sync::Arc<Shop>,
            input: <<__Handler as ::sls_runtime::events::EventHandler>::Event as ::sls_runtime::events::Event>::Input,
        ) -> ::sls_runtime::BoxFuture<
            'static,
            ::core::result::Result<(), ::sls_runtime::Problem>,
        > {
            <__Handler as ::sls_runtime::events::EventEndpoint<Shop>>::call(state, input)
        }
    }
};
place_order!(App, Shop, place_order);
const _: () = crate::api::assert_all_handled::<App>();
::core::compile_error! {
    "event handler `purge` is listed twice\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
