//! The request budget: every connection the probe opens (HTTP request or TLS
//! handshake) draws one unit from this shared counter, so `--max-requests`
//! bounds the whole probe, whatever the checks do.

use std::cell::Cell;

use crate::error::ProbeError;

#[derive(Debug)]
pub struct Budget {
    limit: u32,
    used: Cell<u32>,
    /// Set when the site stopped answering: nothing more is drawn.
    closed: Cell<bool>,
}

impl Budget {
    pub fn new(limit: u32) -> Budget {
        Budget { limit, used: Cell::new(0), closed: Cell::new(false) }
    }

    /// Takes one unit, or fails when none is left.
    pub fn take(&self) -> Result<(), ProbeError> {
        if self.used.get() >= self.limit || self.closed.get() {
            return Err(ProbeError::BudgetExhausted(self.limit));
        }
        self.used.set(self.used.get() + 1);
        Ok(())
    }

    /// No more requests, whatever is left (the count of those made stays true).
    pub fn close(&self) {
        self.closed.set(true);
    }

    pub fn used(&self) -> u32 {
        self.used.get()
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    pub fn remaining(&self) -> u32 {
        self.limit - self.used.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit() {
        let b = Budget::new(2);
        assert!(b.take().is_ok());
        assert!(b.take().is_ok());
        assert_eq!(b.take(), Err(ProbeError::BudgetExhausted(2)));
        assert_eq!(b.used(), 2);
        assert_eq!(b.remaining(), 0);
        let b = Budget::new(5);
        b.close();
        assert!(b.take().is_err());
        assert_eq!(b.used(), 0);
    }
}
