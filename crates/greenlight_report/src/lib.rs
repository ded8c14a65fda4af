//! The report: scoring, verdict, checklist and plan computed from the
//! findings, and renderers that are pure functions of the report model.

pub mod diff;
pub mod fingerprint;
pub mod inventory;
pub mod model;
pub mod render;
pub mod rule_doc;
pub mod scoring;

pub use model::{build_report, Report, ReportInput};
