//! `.dockerignore`: keeps `.env`, `.git`, local databases and caches out of the image.

use super::facts::MARKER;

const TEMPLATE: &str = include_str!("templates/dockerignore");

pub fn render() -> String {
    TEMPLATE.replace("{{MARKER}}", MARKER)
}
