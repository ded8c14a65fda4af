//! The audit's phases: timed for `--verbose`, and drawn as a progress bar on
//! standard error while a long audit runs — only when standard error is a
//! terminal, so pipes, CI logs and machine-readable output never see it.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::cli::{AuditArgs, Format};

/// Audits shorter than this finish without a bar (no flicker on small projects).
const SHOW_AFTER: Duration = Duration::from_millis(400);
/// Overrides [`SHOW_AFTER`], in milliseconds (`0` draws the bar at once).
pub const SHOW_AFTER_ENV: &str = "GREENLIGHT_PROGRESS_AFTER_MS";
const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 20;

/// Times the phases of one audit and, when enabled, draws them.
pub struct Phases {
    total: usize,
    started: Instant,
    current: Option<(&'static str, Instant)>,
    done: Vec<(&'static str, Duration)>,
    bar: Option<(Sender<Draw>, JoinHandle<()>)>,
}

enum Draw {
    Phase { index: usize, label: &'static str },
    Finish,
}

impl Phases {
    /// `total` phases will follow; `bar` says whether to draw them.
    pub fn new(total: usize, bar: bool) -> Phases {
        let bar = bar.then(|| {
            let (tx, rx) = mpsc::channel();
            let delay = std::env::var(SHOW_AFTER_ENV).ok().and_then(|v| v.parse().ok()).map(Duration::from_millis).unwrap_or(SHOW_AFTER);
            let handle = std::thread::spawn(move || draw_loop(&rx, total, delay));
            (tx, handle)
        });
        Phases { total, started: Instant::now(), current: None, done: Vec::new(), bar }
    }

    /// Ends the running phase and starts `label`.
    pub fn start(&mut self, label: &'static str) {
        self.end_current();
        if let Some((tx, _)) = &self.bar {
            let _ = tx.send(Draw::Phase { index: self.done.len(), label });
        }
        self.current = Some((label, Instant::now()));
    }

    /// Ends the last phase, erases the bar, and returns each phase's duration and the total.
    pub fn finish(mut self) -> (Vec<(&'static str, Duration)>, Duration) {
        self.end_current();
        if let Some((tx, handle)) = self.bar.take() {
            let _ = tx.send(Draw::Finish);
            let _ = handle.join();
        }
        debug_assert!(self.done.len() <= self.total);
        (std::mem::take(&mut self.done), self.started.elapsed())
    }

    fn end_current(&mut self) {
        if let Some((label, at)) = self.current.take() {
            self.done.push((label, at.elapsed()));
        }
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        // An early return (a user error) must not leave a bar on the screen.
        if let Some((tx, handle)) = self.bar.take() {
            let _ = tx.send(Draw::Finish);
            let _ = handle.join();
        }
    }
}

/// The bar is drawn only for a person watching: standard error is a terminal,
/// no `--quiet`/`--verbose` (verbose prints its own lines), and the output is
/// not for a machine (json, sarif, github, junit).
pub fn bar_wanted(args: &AuditArgs) -> bool {
    use std::io::IsTerminal;
    let human_format = matches!(args.format, Format::Terminal | Format::Markdown | Format::Html);
    human_format && !args.quiet && !args.verbose && std::io::stderr().is_terminal()
}

fn draw_loop(rx: &mpsc::Receiver<Draw>, total: usize, delay: Duration) {
    let started = Instant::now();
    let mut phase = (0, "starting");
    let mut drawn = false;
    loop {
        let wait = if drawn { REDRAW_EVERY } else { delay.saturating_sub(started.elapsed()) };
        match rx.recv_timeout(wait) {
            Ok(Draw::Phase { index, label }) => phase = (index, label),
            Ok(Draw::Finish) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {}
        }
        if started.elapsed() >= delay {
            drawn = true;
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K{}", bar_line(phase.0, total, phase.1, started.elapsed()));
            let _ = stderr.flush();
        }
    }
    if drawn {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K");
        let _ = stderr.flush();
    }
}

/// `[=========>          ] 2/4 checking rules 1.2s`
fn bar_line(index: usize, total: usize, label: &str, elapsed: Duration) -> String {
    let filled = if total == 0 { 0 } else { (index * BAR_WIDTH / total).min(BAR_WIDTH) };
    let arrow = if filled < BAR_WIDTH { ">" } else { "" };
    let rest = BAR_WIDTH.saturating_sub(filled + arrow.len());
    format!("[{}{arrow}{}] {}/{total} {label} {:.1}s", "=".repeat(filled), " ".repeat(rest), index + 1, elapsed.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_with_the_phases() {
        assert_eq!(bar_line(0, 4, "reading the project", Duration::from_millis(1200)), "[>                   ] 1/4 reading the project 1.2s");
        assert_eq!(bar_line(2, 4, "building the report", Duration::ZERO), "[==========>         ] 3/4 building the report 0.0s");
    }

    #[test]
    fn phases_are_timed_in_order() {
        let mut phases = Phases::new(2, false);
        phases.start("one");
        std::thread::sleep(Duration::from_millis(5));
        phases.start("two");
        let (done, total) = phases.finish();
        assert_eq!(done.iter().map(|(l, _)| *l).collect::<Vec<_>>(), ["one", "two"]);
        assert!(done[0].1 >= Duration::from_millis(5) && total >= done[0].1);
    }
}
