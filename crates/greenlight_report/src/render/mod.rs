//! Renderers: pure functions from the report model to text, one format per
//! file; `shared` holds what the human-readable ones say alike.

pub mod diff;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod shared;
pub mod svg;
pub mod terminal;
