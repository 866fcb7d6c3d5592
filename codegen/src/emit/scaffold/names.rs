//! Names in the scaffolded crate: the package, one module per function, one handler per
//! operation. Each is a valid identifier, unique in its scope and stable for the same spec.

use crate::ir::events::Event;
use crate::ir::names::{field_name, is_keyword, Namer};
use crate::ir::{Function, Ir, Operation};

use super::{api, ScaffoldError};

/// Crate names that the package cannot take: the standard crates, the crate's own dependencies,
/// the directories cargo reserves for build output (the binary is named after the package) and
/// the device names Windows reserves.
const RESERVED_CRATES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "sls_runtime",
    "sls_gen",
    "sls_macros",
    "tokio",
    "deps",
    "examples",
    "build",
    "incremental",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

/// Names an item in a module of the crate must not take, because it would shadow what the
/// scaffold (or the code users write there) refers to by a relative path: the primitive types and
/// the crates.
const SHADOWING: &[&str] = &[
    "bool",
    "char",
    "str",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "std",
    "core",
    "alloc",
    "sls_runtime",
    "tokio",
];

/// File stems under `src/` that are not free for function modules: the crate roots, the
/// generated module and the device names Windows reserves.
const RESERVED_MODULES: &[&str] = &[
    "lib", "main", "api", "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5",
    "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
    "lpt9",
];

/// The crate's layout: its names, and the handler of every operation.
pub(super) struct Layout<'a> {
    /// The package name (`petstore`, `my-service`).
    pub package: String,
    /// The library's crate name (`my_service`).
    pub crate_name: String,
    /// One module per function, in the IR's order.
    pub modules: Vec<Module<'a>>,
}

/// The module of one function: `src/{name}.rs`.
pub(super) struct Module<'a> {
    /// The module's name and file stem.
    pub name: String,
    /// The function it serves.
    pub function: &'a Function,
    /// One handler per operation of the function, in the function's order.
    pub handlers: Vec<Handler<'a>>,
    /// One handler per event of the function, in the manifest's order.
    pub events: Vec<EventHandler<'a>>,
}

/// The handler of one event.
pub(super) struct EventHandler<'a> {
    /// The `async fn` name, unique in its module.
    pub name: String,
    /// The event.
    pub event: &'a Event,
}

/// The handler of one operation.
pub(super) struct Handler<'a> {
    /// The `async fn` name, unique in its module.
    pub name: String,
    /// The operation.
    pub op: &'a Operation,
}

impl<'a> Layout<'a> {
    /// Names everything; fails only on an unusable explicit package name.
    pub(super) fn new(ir: &'a Ir, name: Option<&str>) -> Result<Self, ScaffoldError> {
        let package = match name {
            Some(name) => {
                check_package_name(name)?;
                name.to_owned()
            }
            None => package_from_service(&ir.service),
        };
        let crate_name = package.replace('-', "_");
        let mut reserved_modules: Vec<&str> = RESERVED_MODULES.to_vec();
        reserved_modules.extend_from_slice(SHADOWING);
        let mut module_names = Namer::with_reserved(&reserved_modules);
        let mut reserved_handlers: Vec<&str> = api::MACRO_LOCALS.to_vec();
        reserved_handlers.extend_from_slice(SHADOWING);
        let modules = ir
            .functions
            .iter()
            .map(|function| {
                let mut handler_names = Namer::with_reserved(&reserved_handlers);
                let handlers = function
                    .operations
                    .iter()
                    .filter_map(|index| ir.operations.get(*index))
                    .map(|op| Handler {
                        name: handler_names.unique(field_name(&op.ident)),
                        op,
                    })
                    .collect();
                let events = function
                    .events
                    .iter()
                    .filter_map(|index| ir.events.get(*index))
                    .map(|event| EventHandler {
                        name: handler_names.unique(field_name(&event.name)),
                        event,
                    })
                    .collect();
                Module {
                    name: module_names.unique(field_name(&function.name)),
                    function,
                    handlers,
                    events,
                }
            })
            .collect();
        Ok(Layout {
            package,
            crate_name,
            modules,
        })
    }
}

/// Whether `name` has the shape of a package name this scaffold writes: lower-case ASCII letters,
/// digits, `-` and `_`, starting with a letter (the manifest's rule for `service`).
fn is_package_shape(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Why `name` cannot be the package's name, if it cannot.
fn package_name_problem(name: &str) -> Option<&'static str> {
    let crate_name = name.replace('-', "_");
    if !is_package_shape(name) {
        Some("use lower-case letters, digits, `-` or `_`, starting with a letter")
    } else if is_keyword(&crate_name) {
        Some("it is a Rust keyword")
    } else if RESERVED_CRATES.contains(&crate_name.as_str()) {
        Some("it is taken by a standard crate, a dependency, a cargo build directory or a Windows device name")
    } else {
        None
    }
}

fn check_package_name(name: &str) -> Result<(), ScaffoldError> {
    match package_name_problem(name) {
        Some(reason) => Err(ScaffoldError::PackageName {
            name: name.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

/// The package name for a service: the service name itself, or with `-service` appended when the
/// name is not usable as it is.
fn package_from_service(service: &str) -> String {
    let base = if is_package_shape(service) {
        service.to_owned()
    } else {
        let derived = field_name(service).replace('_', "-");
        if is_package_shape(&derived) {
            derived
        } else {
            "api".to_owned()
        }
    };
    if package_name_problem(&base).is_some() {
        format!("{base}-service")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(package_from_service("petstore"), "petstore");
        assert_eq!(package_from_service("my-api"), "my-api");
        assert_eq!(package_from_service("type"), "type-service");
        assert_eq!(package_from_service("tokio"), "tokio-service");
        assert_eq!(package_from_service("build"), "build-service");
        assert_eq!(package_from_service("Bad Name"), "bad-name");
        assert_eq!(package_from_service("42"), "f42");
        assert!(check_package_name("scaffold-minimal").is_ok());
        for bad in ["Upper", "1st", "std", "sls-runtime", "self", "a b", ""] {
            assert!(check_package_name(bad).is_err(), "{bad}");
        }
    }
}
