pub struct App<T>(T);
::core::compile_error! {
    "the application struct of #[components] cannot be generic\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
