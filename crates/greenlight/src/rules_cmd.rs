//! `greenlight rules`, `greenlight explain CODE` and `greenlight explain --scoring`.

use std::process::ExitCode;

use greenlight_rules::{all_rules, rule_by_code};

use crate::cli::{ExplainArgs, RulesArgs};
use crate::UserError;

pub fn list(args: &RulesArgs) -> Result<ExitCode, UserError> {
    if args.format == "markdown" {
        print!("{}", greenlight_rules::docs::rules_markdown(greenlight_probe::rules::all()));
    } else if args.format == "json" {
        let rules: Vec<serde_json::Value> = all_rules()
            .iter()
            .chain(greenlight_probe::rules::all())
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "name": r.name,
                    "category": r.category.as_str(),
                    "severity": r.severity.as_str(),
                    "django_check": r.django_checks.first(),
                    "django_checks": r.django_checks,
                    "cwe": r.cwe,
                    "effort_minutes": r.effort_minutes,
                    "summary": r.summary,
                    "documentation": r.doc,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rules)?);
    } else {
        // The static rules, then the `WEB` rules of `greenlight probe`.
        for r in all_rules().iter().chain(greenlight_probe::rules::all()) {
            let django = r.django_checks.first().copied().unwrap_or("");
            println!("{:<7} {:<36} {:<14} {:<9} {:<15} {}", r.code, r.name, r.category.as_str(), r.severity.as_str(), django, r.summary);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: &ExplainArgs) -> Result<ExitCode, UserError> {
    let code = match (&args.code, args.scoring) {
        (_, true) | (None, _) => {
            print!("{}", greenlight_report::scoring::table());
            return Ok(ExitCode::SUCCESS);
        }
        (Some(code), false) => code,
    };
    let rule = rule_by_code(code).or_else(|| greenlight_probe::rules::by_code(code)).ok_or_else(|| UserError(format!("no rule `{code}`; `greenlight rules` lists every code")))?;
    println!("# {} {} ({}, {})\n", rule.code, rule.name, rule.category.as_str(), rule.severity.as_str());
    if !rule.django_checks.is_empty() {
        println!("Django check: {}\n", rule.django_checks.join(", "));
    }
    if let Some(cwe) = rule.cwe {
        println!("CWE-{cwe}\n");
    }
    println!("{}", rule.doc.trim_end());
    if greenlight_probe::rules::by_code(rule.code).is_some() {
        println!("\nThis rule is checked by `greenlight probe URL` on a running site.\n\n{}", greenlight_probe::grade::model_text().trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
