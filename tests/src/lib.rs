//! The golden generated modules, compiled under `#![deny(warnings)]` (and clippy in CI): a golden
//! file that does not compile fails the build of this crate.
#![deny(warnings)]

/// `specs/minimal.yaml`.
pub mod minimal {
    include!("../../codegen/tests/golden/minimal.rs");
}

/// `specs/petstore.yaml`.
pub mod petstore {
    include!("../../codegen/tests/golden/petstore.rs");
}

/// `specs/schemas.yaml`.
pub mod shapes {
    include!("../../codegen/tests/golden/schemas.rs");
}

/// `specs/webhooks.yaml`: webhooks only, no operations.
pub mod hooks {
    include!("../../codegen/tests/golden/webhooks.rs");
}

/// `specs/io.yaml`.
pub mod io {
    include!("../../codegen/tests/golden/io.rs");
}

/// `specs/routes.yaml`.
pub mod routes {
    include!("../../codegen/tests/golden/routes.rs");
}

/// `specs/security.yaml`: security requirements of every kind, CORS and limits.
pub mod secured {
    include!("../../codegen/tests/golden/security.rs");
}

/// `specs/events.yaml`: schedules, queues and a topic.
pub mod shop_events {
    include!("../../codegen/tests/golden/events.rs");
}

pub mod library_handlers;
pub mod shop;
