pub enum App {}
::core::compile_error! {
    "#[components] applies to a unit struct, as in `pub struct App;`\nusage: #[components(state = State, init = State::connect, endpoints(handler, other_handler), events(job), health_check = State::ping, shutdown = State::close)] pub struct App;"
}
