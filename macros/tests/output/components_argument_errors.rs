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
    fn health_check(
        state: &Self::State,
    ) -> ::sls_runtime::BoxFuture<
        '_,
        ::core::result::Result<(), ::sls_runtime::BoxError>,
    > {
        ::std::boxed::Box::pin(async move {
            let result: ::core::result::Result<(), _> = State::ping(state).await;
            result.map_err(::sls_runtime::__private::into_box_error)
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
            state: ::std::sync::Arc<State>,
            input: <<__Handler as ::sls_runtime::events::EventHandler>::Event as ::sls_runtime::events::Event>::Input,
        ) -> ::sls_runtime::BoxFuture<
            'static,
            ::core::result::Result<(), ::sls_runtime::Problem>,
        > {
            <__Handler as ::sls_runtime::events::EventEndpoint<
                State,
            >>::call(state, input)
        }
    }
};
add_pet!(App, State, add_pet);
get_pet!(App, State, get_pet);
const _: () = crate::api::assert_all_handled::<App>();
::core::compile_error! {
    "endpoint `add_pet` is listed twice\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
::core::compile_error! {
    "unknown key `routes`; the accepted keys are `state`, `init`, `credentials`, `endpoints`, `events`, `health_check`, `shutdown`, `api`"
}
::core::compile_error! {
    "expected the path of an `async fn` after `init =`"
}
::core::compile_error! {
    "duplicate key `state`"
}
