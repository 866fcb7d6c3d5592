//! Emitters: each reads the [`Ir`](crate::ir::Ir) and writes one kind of output.

pub mod doc;
pub mod rust;
pub mod scaffold;
pub mod ts;
