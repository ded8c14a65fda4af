//! Properties of the scoring model over many random finding sets (a fixed-seed
//! generator, so a failure reproduces): the same findings in any order give
//! the same score; removing any finding never lowers a category or the overall
//! score and never worsens the verdict; "why this grade" accounts for every
//! point lost.

use greenlight_core::Span;
use greenlight_report::scoring::{self, Verdict};
use greenlight_rules::{all_rules, Finding, Severity};

/// xorshift64*: tiny, deterministic, good enough to spread test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_findings(rng: &mut Rng) -> Vec<Finding> {
    let rules = all_rules();
    let count = rng.below(40);
    (0..count)
        .map(|i| {
            let rule = rules[rng.below(rules.len())];
            let severity = Severity::ALL[rng.below(Severity::ALL.len())];
            rule.finding(&format!("app{}/views.py", rng.below(4)), Span::line(i as u32 + 1), format!("finding {i}")).with_severity(severity)
        })
        .collect()
}

fn shuffled(rng: &mut Rng, findings: &[Finding]) -> Vec<Finding> {
    let mut out = findings.to_vec();
    for i in (1..out.len()).rev() {
        out.swap(i, rng.below(i + 1));
    }
    out
}

/// Worse verdicts compare greater (`Ready < ReadyWithFixes < NotReady`).
fn verdict_of(findings: &[Finding]) -> (scoring::Score, Verdict) {
    let score = scoring::score(findings);
    let verdict = scoring::verdict(findings, &score);
    (score, verdict)
}

const CASES: usize = 3000;

#[test]
fn score_is_deterministic_and_order_independent() {
    let mut rng = Rng(0x5eed_0001);
    for _ in 0..CASES {
        let findings = random_findings(&mut rng);
        let (score, verdict) = verdict_of(&findings);
        let again = verdict_of(&findings);
        assert_eq!((&score, verdict), (&again.0, again.1));
        let reordered = shuffled(&mut rng, &findings);
        let (score2, verdict2) = verdict_of(&reordered);
        assert_eq!(score, score2, "order changed the score");
        assert_eq!(verdict, verdict2);
        assert_eq!(scoring::why(&findings, &score, verdict), scoring::why(&reordered, &score2, verdict2));
    }
}

#[test]
fn removing_any_finding_never_lowers_a_score_or_worsens_the_verdict() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..CASES / 3 {
        let findings = random_findings(&mut rng);
        let (before, verdict_before) = verdict_of(&findings);
        for removed in 0..findings.len() {
            let mut fewer = findings.clone();
            fewer.remove(removed);
            let (after, verdict_after) = verdict_of(&fewer);
            assert!(after.overall >= before.overall, "overall fell from {} to {} removing {:?}", before.overall, after.overall, findings[removed]);
            for (category, score) in &before.categories {
                assert!(after.categories[category] >= *score, "{category} fell removing {}", findings[removed].code);
            }
            assert!(verdict_after <= verdict_before, "verdict worsened from {verdict_before:?} to {verdict_after:?}");
            let rank = |g: &str| scoring::GRADE_BANDS.iter().position(|(_, b)| *b == g).unwrap();
            assert!(rank(after.grade) <= rank(before.grade), "grade fell from {} to {}", before.grade, after.grade);
        }
    }
}

#[test]
fn scores_stay_in_range_and_critical_caps() {
    let mut rng = Rng(0x5eed_0003);
    for _ in 0..CASES {
        let findings = random_findings(&mut rng);
        let (score, verdict) = verdict_of(&findings);
        assert!((0.0..=10.0).contains(&score.overall));
        assert!(score.categories.values().all(|s| (0.0..=10.0).contains(s)));
        assert_eq!(score.overall, (score.overall * 10.0).round() / 10.0, "one decimal");
        if findings.iter().any(|f| f.severity == Severity::Critical) {
            assert_eq!(verdict, Verdict::NotReady);
            assert!(score.overall <= 4.0);
        }
        if verdict == Verdict::Ready {
            assert!(score.overall >= 7.0);
        }
    }
}

#[test]
fn why_accounts_for_every_point_lost() {
    let mut rng = Rng(0x5eed_0004);
    for _ in 0..CASES {
        let findings = random_findings(&mut rng);
        let (score, verdict) = verdict_of(&findings);
        let why = scoring::why(&findings, &score, verdict);
        let all = scoring::costliest(&findings, usize::MAX);
        let attributed: f64 = all.iter().map(|c| c.overall_points).sum();
        // Each row is rounded to 0.01 and the mean to 0.1.
        let slack = 0.05 + 0.005 * all.len() as f64;
        assert!((10.0 - why.uncapped_score - attributed).abs() <= slack, "{} + {attributed} != 10", why.uncapped_score);
        assert!(why.costliest.len() <= scoring::WHY_LIMIT);
        assert!(why.costliest.windows(2).all(|w| w[0].overall_points >= w[1].overall_points));
        assert_eq!(why.capped, why.uncapped_score > score.overall);
        assert!(why.reasons.first().is_some_and(|r| r.starts_with(verdict.as_str())));
    }
}

#[test]
fn no_findings_is_a_perfect_ready() {
    let (score, verdict) = verdict_of(&[]);
    assert_eq!(score.overall, 10.0);
    assert_eq!(score.grade, "A+");
    assert_eq!(verdict, Verdict::Ready);
}

#[test]
fn the_printed_table_comes_from_the_constants() {
    let table = scoring::table();
    for (severity, tenths) in scoring::PENALTY_TENTHS {
        assert!(table.contains(&format!("| {} | {:.1} |", severity.as_str(), f64::from(tenths) / 10.0)));
    }
    for (category, weight) in scoring::WEIGHT {
        assert!(table.contains(&format!("| {} | {weight} |", category.as_str())));
    }
    for (min, grade) in scoring::GRADE_BANDS {
        assert!(table.contains(&format!("| {grade} | {min:.1} |")));
    }
    assert!(table.contains("capped at 4.0"));
}
