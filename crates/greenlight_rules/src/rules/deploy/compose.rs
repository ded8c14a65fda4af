//! The part of a compose file the deploy rules read: each service's image,
//! command, environment and published ports, with their lines.

use super::yaml::{self, Yaml};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    /// `None` for `- NAME` / `NAME:` (passed through from the host).
    pub value: Option<String>,
    pub line: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Service {
    pub name: String,
    pub line: u32,
    pub image: Option<String>,
    /// `command:` (and `entrypoint:`) as one string, with the line.
    pub commands: Vec<(String, u32)>,
    pub environment: Vec<EnvVar>,
    /// Each `ports:` entry as `[host_ip:][published:]target`, with its line.
    pub ports: Vec<(String, u32)>,
    pub builds: bool,
    pub has_healthcheck: bool,
    /// Paths the service builds from or reads env files from (`.devcontainer/Dockerfile`).
    pub references: Vec<String>,
}

impl Service {
    pub fn env(&self, name: &str) -> Option<&EnvVar> {
        self.environment.iter().rev().find(|v| v.name == name)
    }

    /// Runs the project's code: built here, or started with a Python/Django command.
    pub fn runs_django(&self) -> bool {
        const HINTS: &[&str] = &["manage.py", "gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "celery", "django"];
        self.builds
            || self.env("DJANGO_SETTINGS_MODULE").is_some()
            || self.commands.iter().any(|(c, _)| HINTS.iter().any(|h| c.contains(h)))
    }

    /// The repository name of the image, without registry, tag or digest (`postgres`, `bitnami/redis`).
    pub fn image_name(&self) -> Option<String> {
        let image = self.image.as_deref()?;
        let without_digest = image.split('@').next().unwrap_or(image);
        let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
        Some(last.split(':').next().unwrap_or(last).to_ascii_lowercase())
    }
}

/// The services of a compose file, in order.
pub fn services(text: &str) -> Vec<Service> {
    let doc = yaml::parse(text);
    let Some(services) = doc.get("services") else { return Vec::new() };
    services.value.entries().iter().map(|entry| service(&entry.key, entry.line, &entry.value)).collect()
}

fn service(name: &str, line: u32, node: &Yaml) -> Service {
    let mut service = Service { name: name.to_owned(), line, ..Service::default() };
    for entry in node.entries() {
        match entry.key.as_str() {
            "image" => service.image = entry.value.as_str().map(str::to_owned),
            "build" => {
                service.builds = true;
                service.references.extend(scalars(&entry.value, &["context", "dockerfile"]));
            }
            "env_file" => service.references.extend(scalars(&entry.value, &["path"])),
            "healthcheck" => service.has_healthcheck = true,
            "command" | "entrypoint" => service.commands.extend(joined(&entry.value).map(|c| (c, entry.line))),
            "environment" => service.environment = environment(&entry.value),
            "ports" => service.ports = ports(&entry.value),
            _ => {}
        }
    }
    service
}

/// A scalar, the scalars of a list, or the values of `keys` in a map (or in maps of a list).
fn scalars(value: &Yaml, keys: &[&str]) -> Vec<String> {
    match value {
        Yaml::Scalar(s) => vec![s.clone()],
        Yaml::List(items) => items.iter().flat_map(|(_, item)| scalars(item, keys)).collect(),
        Yaml::Map(entries) => entries.iter().filter(|e| keys.contains(&e.key.as_str())).filter_map(|e| e.value.as_str().map(str::to_owned)).collect(),
        Yaml::Null => Vec::new(),
    }
}

/// A command given as a string or as a list of words.
fn joined(value: &Yaml) -> Option<String> {
    match value {
        Yaml::Scalar(s) => Some(s.clone()),
        Yaml::List(items) => Some(items.iter().filter_map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(" ")),
        _ => None,
    }
}

fn environment(value: &Yaml) -> Vec<EnvVar> {
    match value {
        Yaml::List(items) => items
            .iter()
            .filter_map(|(line, item)| {
                let text = item.as_str()?;
                let (name, value) = match text.split_once('=') {
                    Some((n, v)) => (n.trim(), Some(v.trim().to_owned())),
                    None => (text.trim(), None),
                };
                Some(EnvVar { name: name.to_owned(), value, line: *line })
            })
            .collect(),
        Yaml::Map(entries) => entries
            .iter()
            .map(|e| EnvVar { name: e.key.clone(), value: e.value.as_str().map(str::to_owned), line: e.line })
            .collect(),
        _ => Vec::new(),
    }
}

fn ports(value: &Yaml) -> Vec<(String, u32)> {
    let Yaml::List(items) = value else { return Vec::new() };
    items
        .iter()
        .filter_map(|(line, item)| match item {
            Yaml::Scalar(spec) => Some((spec.clone(), *line)),
            Yaml::Map(_) => {
                let field = |k: &str| item.get(k).and_then(|e| e.value.as_str()).map(str::to_owned);
                let target = field("target")?;
                let spec = match (field("host_ip"), field("published")) {
                    (Some(ip), Some(published)) => format!("{ip}:{published}:{target}"),
                    (None, Some(published)) => format!("{published}:{target}"),
                    _ => target,
                };
                Some((spec, *line))
            }
            _ => None,
        })
        .collect()
}

/// A published port: the host address it binds (if given) and the container port.
#[derive(Debug, PartialEq, Eq)]
pub struct Published {
    pub host_ip: Option<String>,
    pub container_port: Option<u32>,
}

impl Published {
    /// `[host_ip:][host_port:]container_port[/protocol]`, with `${VAR:-x}` and `[::1]` handled.
    pub fn parse(spec: &str) -> Published {
        let mut plain = String::new();
        let mut rest = spec.trim();
        while let Some(start) = rest.find("${") {
            plain.push_str(&rest[..start]);
            plain.push_str("VAR");
            rest = rest[start..].find('}').map_or("", |end| &rest[start + end + 1..]);
        }
        plain.push_str(rest);
        let plain = plain.split('/').next().unwrap_or("").to_owned();
        let (host_ip, ports) = match plain.strip_prefix('[').and_then(|p| p.split_once("]:")) {
            Some((ip, ports)) => (Some(ip.to_owned()), ports.to_owned()),
            None => {
                let parts: Vec<&str> = plain.split(':').collect();
                match parts.as_slice() {
                    [ip, _, _] => (Some((*ip).to_owned()), parts[1..].join(":")),
                    _ => (None, plain.clone()),
                }
            }
        };
        let container = ports.rsplit(':').next().unwrap_or("");
        let container_port = container.split('-').next().and_then(|p| p.trim().parse().ok());
        Published { host_ip, container_port }
    }

    /// Bound to the loopback interface only: not reachable from the network.
    pub fn is_loopback(&self) -> bool {
        self.host_ip.as_deref().is_some_and(|ip| ip.starts_with("127.") || ip == "localhost" || ip == "::1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_from_a_real_compose_file() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/clubdesk/docker-compose.yml")).unwrap();
        let services = services(&text);
        assert_eq!(services.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["web", "db"]);
        let (web, db) = (&services[0], &services[1]);
        assert!(web.builds && web.runs_django() && !db.runs_django());
        assert_eq!(web.commands, [("python manage.py runserver 0.0.0.0:8000".to_owned(), 4)]);
        assert_eq!(web.env("DEBUG"), Some(&EnvVar { name: "DEBUG".into(), value: Some("True".into()), line: 10 }));
        assert_eq!(db.image_name().as_deref(), Some("postgres"));
        assert_eq!(db.env("POSTGRES_PASSWORD").map(|v| v.line), Some(24));
        assert_eq!(db.ports, [("5432:5432".to_owned(), 26)]);
    }

    #[test]
    fn published_ports() {
        let p = |s: &str| Published::parse(s);
        assert_eq!(p("5432:5432"), Published { host_ip: None, container_port: Some(5432) });
        assert_eq!(p("5432"), Published { host_ip: None, container_port: Some(5432) });
        assert!(p("127.0.0.1:5432:5432").is_loopback());
        assert!(p("[::1]:6379:6379/tcp").is_loopback());
        assert_eq!(p("${DB_PORT:-5432}:5432").container_port, Some(5432));
        assert_eq!(p("0.0.0.0:3306-3307:3306-3307").container_port, Some(3306));
        assert_eq!(p("${X").container_port, None);
    }
}
