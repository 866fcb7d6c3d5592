pub struct App<T>(T);
::core::compile_error! {
    "the application struct of #[components] cannot be generic\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler))] pub struct App;"
}
