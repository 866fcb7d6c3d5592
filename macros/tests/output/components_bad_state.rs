pub struct App;
::core::compile_error! {
    "expected a type after `state =`\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
