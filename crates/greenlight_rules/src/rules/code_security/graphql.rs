//! GraphQL endpoints without a query depth or cost limit (SEC051): one nested
//! query can make the server do unbounded work.

use super::support::finding_at;
use crate::analysis::visit::Node;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static GRAPHQL_NO_DEPTH_LIMIT: Rule = Rule {
    code: "SEC051",
    effort_minutes: 30,
    name: "graphql-without-depth-limit",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(400),
    summary: "A GraphQL endpoint has no query depth or complexity limit",
    doc: r#"## What it does
Reports the graphene-django `GraphQLView` (its `as_view(...)` call) and strawberry schemas
(`strawberry.Schema(...)`) when nothing in the project limits queries: no
`depth_limit_validator`, `validation_rules`, strawberry `QueryDepthLimiter`/`MaxTokensLimiter`/
`MaxAliasesLimiter`, graphene-protector, or a query cost analysis.

## Why is this bad?
Types that refer to each other (`user { posts { author { posts { ... } } } }`) let one small
request ask for an exponential amount of work. Without a limit any visitor can tie up workers
and the database.

## Example
```python
path("graphql/", GraphQLView.as_view(schema=schema))
```

Use instead:
```python
schema = strawberry.Schema(query=Query, extensions=[QueryDepthLimiter(max_depth=10)])
# graphene: validate with depth_limit_validator(max_depth=10) in a GraphQLView subclass
```

## References
- [graphene: Query validation (depth limit)](https://docs.graphene-python.org/en/latest/execution/queryvalidation/)
- [strawberry: QueryDepthLimiter](https://strawberry.rocks/docs/extensions/query-depth-limiter)
- [OWASP: GraphQL Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html)
"#,
    check: check_graphql,
};

const LIMITS: &[&str] = &["depth_limit_validator", "validation_rules", "QueryDepthLimiter", "MaxTokensLimiter", "MaxAliasesLimiter", "graphene_protector", "max_depth", "query_depth", "cost_analysis", "CostValidator", "QueryComplexity", "max_complexity", "query_cost"];

fn check_graphql(checker: &Checker, out: &mut Vec<Finding>) {
    let limited = checker.python_files().iter().any(|f| LIMITS.iter().any(|l| f.module.text.contains(l)));
    if limited {
        return;
    }
    for file in checker.python_files().iter().filter(|f| f.is_production_code() || f.role == crate::analysis::FileRole::Settings) {
        file.for_each_node(&mut |node, _| {
            let Node::Call(call) = node else { return };
            let Some(name) = file.callee(call) else { return };
            let what = if name.starts_with("graphene_django") && name.ends_with("GraphQLView.as_view") {
                "graphene-django `GraphQLView`"
            } else if name.starts_with("strawberry") && (name.ends_with(".Schema") || name.ends_with("GraphQLView.as_view")) {
                "strawberry schema"
            } else {
                return;
            };
            let message = format!("{what} without a query depth or complexity limit: one deeply nested query can exhaust the server");
            out.push(finding_at(&GRAPHQL_NO_DEPTH_LIMIT, file, call, message).with_fix(Fix::manual(
                "Limit query depth (and aliases/tokens)",
                Some("strawberry.Schema(query=Query, extensions=[QueryDepthLimiter(max_depth=10)])"),
            )));
        });
    }
}
