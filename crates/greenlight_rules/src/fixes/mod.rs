//! Edits that `greenlight fix` applies, built where the findings are created.
//! Each builder returns `None` when it cannot prove its rewrite is right for
//! the code in front of it: then the finding keeps its manual advice.

pub mod apply;
pub mod code;
pub mod settings;
pub mod source;
