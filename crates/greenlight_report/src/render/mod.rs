//! Renderers: pure functions from the report model to text.

pub mod json;
pub mod terminal;
