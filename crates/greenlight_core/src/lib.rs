//! greenlight's project model: which files a Django project has, their parsed
//! Python, and its settings evaluated under a production profile — without
//! importing or running any of the project's code.

pub mod discover;
pub mod limits;
pub mod location;
pub mod manifests;
pub mod notes;
pub mod outline;
pub mod profile;
pub mod project;
pub mod python;
pub mod settings;
pub mod template;

pub use discover::{FileKind, ProjectFile};
pub use location::{Location, Span};
pub use notes::Note;
pub use profile::Profile;
pub use project::{Project, ProjectError};
pub use python::PythonModule;
