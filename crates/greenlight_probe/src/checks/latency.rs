//! A small latency sample: p50/p95 over every request the probe made.

use std::time::Duration;

use super::Ctx;
use crate::rules::LATENCY;

/// Nearest-rank percentile of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

pub fn check(ctx: &mut Ctx) {
    ctx.ran(&[&LATENCY]);
    let mut times: Vec<Duration> = ctx.client.log.borrow().iter().map(|e| e.elapsed).collect();
    times.sort();
    if let (Some(p50), Some(p95)) = (percentile(&times, 50.0), percentile(&times, 95.0)) {
        let url = ctx.origin.url();
        ctx.report(&LATENCY, &url, format!("latency over {} requests: p50 {} ms, p95 {} ms", times.len(), p50.as_millis(), p95.as_millis()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let ms: Vec<Duration> = (1..=20).map(Duration::from_millis).collect();
        assert_eq!(percentile(&ms, 50.0), Some(Duration::from_millis(10)));
        assert_eq!(percentile(&ms, 95.0), Some(Duration::from_millis(19)));
        assert_eq!(percentile(&ms[..1], 95.0), Some(Duration::from_millis(1)));
        assert_eq!(percentile(&[], 50.0), None);
    }
}
