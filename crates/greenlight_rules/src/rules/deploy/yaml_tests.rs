//! The compose shapes the YAML reader must get right, from real projects.

use super::*;

fn scalar(s: &str) -> Yaml {
    Yaml::Scalar(s.to_owned())
}

fn at<'y>(doc: &'y Yaml, path: &[&str]) -> &'y Yaml {
    path.iter().fold(doc, |node, key| &node.get(key).unwrap_or_else(|| panic!("no {key} in {node:?}")).value)
}

#[test]
fn block_maps_lists_and_lines() {
    let doc = parse(
        "services:\n  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n    ports:\n      - \"8000:8000\"\n    environment:\n      - DEBUG=True\n      - DB_PASSWORD=postgres # comment\n\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: 'post''gres'\n      EMPTY:\n    ports:\n    - 5432:5432\nvolumes:\n  pgdata:\n",
    );
    let web = at(&doc, &["services", "web"]);
    assert_eq!(at(web, &["command"]), &scalar("python manage.py runserver 0.0.0.0:8000"));
    assert_eq!(at(web, &["ports"]), &Yaml::List(vec![(6, scalar("8000:8000"))]));
    assert_eq!(at(web, &["environment"]), &Yaml::List(vec![(8, scalar("DEBUG=True")), (9, scalar("DB_PASSWORD=postgres"))]));
    assert_eq!(doc.get("services").unwrap().value.get("db").unwrap().line, 11);
    let db = at(&doc, &["services", "db"]);
    assert_eq!(at(db, &["image"]), &scalar("postgres:15"));
    assert_eq!(at(db, &["environment", "POSTGRES_PASSWORD"]), &scalar("post'gres"));
    assert_eq!(at(db, &["environment", "EMPTY"]), &Yaml::Null);
    assert_eq!(at(db, &["ports"]), &Yaml::List(vec![(17, scalar("5432:5432"))]));
    assert!(doc.get("volumes").is_some());
}

#[test]
fn list_items_that_are_maps_and_flow_collections() {
    let doc = parse(
        "services:\n    redis:\n        image: \"redis:7\"\n        command: [\"redis-server\", \"--save\", \"\"]\n        ports:\n          - target: 6379\n            published: 6379\n            host_ip: 127.0.0.1\n          - \"127.0.0.1:6380:6379\"\n        environment: {A: \"1\", B: [x, y]}\n        healthcheck:\n          test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER} # not a comment\"]\n",
    );
    let redis = at(&doc, &["services", "redis"]);
    assert_eq!(at(redis, &["image"]), &scalar("redis:7"));
    assert_eq!(at(redis, &["command"]), &Yaml::List(vec![(4, scalar("redis-server")), (4, scalar("--save")), (4, scalar(""))]));
    let Yaml::List(ports) = at(redis, &["ports"]) else { panic!() };
    assert_eq!(ports[0].0, 6);
    assert_eq!(at(&ports[0].1, &["published"]), &scalar("6379"));
    assert_eq!(at(&ports[0].1, &["host_ip"]), &scalar("127.0.0.1"));
    assert_eq!(ports[1], (9, scalar("127.0.0.1:6380:6379")));
    assert_eq!(at(redis, &["environment", "A"]), &scalar("1"));
    assert_eq!(at(redis, &["environment", "B"]), &Yaml::List(vec![(10, scalar("x")), (10, scalar("y"))]));
    let test = at(redis, &["healthcheck", "test"]);
    assert_eq!(test, &Yaml::List(vec![(12, scalar("CMD-SHELL")), (12, scalar("pg_isready -U $${POSTGRES_USER} # not a comment"))]));
}

#[test]
fn anchors_block_scalars_and_multiline_flow() {
    let doc = parse(
        "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n    command: >\n      gunicorn app.wsgi\n      --bind 0.0.0.0:8000\n    entrypoint: |\n      sh -c\n      # literal, not a comment\n    ports: [\n      \"80:80\",\n      \"443:443\"\n    ]\n    image: nginx\n",
    );
    assert_eq!(at(&doc, &["x-common", "restart"]), &scalar("always"));
    let web = at(&doc, &["services", "web"]);
    assert_eq!(at(web, &["<<"]), &scalar("*common"));
    assert_eq!(at(web, &["command"]), &scalar("gunicorn app.wsgi --bind 0.0.0.0:8000"));
    assert_eq!(at(web, &["entrypoint"]), &scalar("sh -c\n# literal, not a comment"));
    assert_eq!(at(web, &["ports"]), &Yaml::List(vec![(12, scalar("80:80")), (12, scalar("443:443"))]));
    assert_eq!(at(web, &["image"]), &scalar("nginx"));
}

#[test]
fn stray_lines_do_not_lose_the_rest() {
    let doc = parse("services:\n  web:\n    command: python manage.py\n      runserver\n   stray\n    image: app\n  db:\n    image: postgres\n");
    assert_eq!(at(&doc, &["services", "web", "command"]), &scalar("python manage.py runserver"));
    assert_eq!(at(&doc, &["services", "db", "image"]), &scalar("postgres"));
}

#[test]
fn garbage_and_deep_nesting_do_not_panic() {
    for text in ["", ":", "- - - -", "[[[[", "{a: [b, {c: d}", "key: \"unterminated\n  more", "\t- x\n -y\n", "a:\n  - b: |\n", "é: ü\n  - ×"] {
        let _ = parse(text);
    }
    let deep: String = (0..5000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let _ = parse(&deep);
    let deep_list: String = (0..5000).map(|i| format!("{}- \n", " ".repeat(i))).collect();
    let _ = parse(&deep_list);
    let _ = parse(&"[".repeat(10_000));
}
