//! Django release series: the latest (security) release of each and when its
//! extended support ends.
//!
//! As of 2026-11-23. Sources: Django's release notes
//! (https://docs.djangoproject.com/en/dev/releases/) and supported-versions table
//! (https://www.djangoproject.com/download/#supported-versions), cross-checked with
//! the release history on PyPI (https://pypi.org/project/Django/#history): the
//! 2026-11-03 security releases were 6.1.3, 6.0.10 and 5.2.19; 4.2 had its last
//! release, 4.2.30, on 2026-04-07. Update this table with every Django security
//! release (the first Tuesday of most months).

use greenlight_core::manifests::version::Version;

/// The date the table describes, `(year, month, day)`.
pub const AS_OF: (u32, u32, u32) = (2026, 11, 23);

pub struct Series {
    pub series: (u64, u64),
    /// Latest release of the series as of `AS_OF`.
    pub latest: &'static str,
    /// End of extended (security) support, `(year, month)`.
    pub end_of_support: (u32, u32),
    pub lts: bool,
}

pub const SERIES: &[Series] = &[
    Series { series: (3, 2), latest: "3.2.25", end_of_support: (2024, 4), lts: true },
    Series { series: (4, 0), latest: "4.0.10", end_of_support: (2023, 4), lts: false },
    Series { series: (4, 1), latest: "4.1.13", end_of_support: (2023, 12), lts: false },
    Series { series: (4, 2), latest: "4.2.30", end_of_support: (2026, 4), lts: true },
    Series { series: (5, 0), latest: "5.0.14", end_of_support: (2025, 4), lts: false },
    Series { series: (5, 1), latest: "5.1.15", end_of_support: (2025, 12), lts: false },
    Series { series: (5, 2), latest: "5.2.19", end_of_support: (2028, 4), lts: true },
    Series { series: (6, 0), latest: "6.0.10", end_of_support: (2027, 4), lts: false },
    Series { series: (6, 1), latest: "6.1.3", end_of_support: (2027, 12), lts: false },
];

const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

impl Series {
    pub fn latest(&self) -> Version {
        Version::parse(self.latest).expect("table versions parse")
    }

    /// Extended support ended before `AS_OF`'s month.
    pub fn is_end_of_life(&self) -> bool {
        self.end_of_support < (AS_OF.0, AS_OF.1)
    }

    /// "April 2026".
    pub fn end_of_support_text(&self) -> String {
        let (year, month) = self.end_of_support;
        format!("{} {year}", MONTHS[(month as usize).saturating_sub(1).min(11)])
    }

    pub fn name(&self) -> String {
        format!("{}.{}", self.series.0, self.series.1)
    }
}

/// What the table knows about `version`'s series.
pub enum Status<'t> {
    /// Older than every series in the table: long past its end of support.
    Ancient,
    Known(&'t Series),
    /// Newer than the table (a release after `AS_OF`): nothing to say.
    Unknown,
}

pub fn status(version: &Version) -> Status<'static> {
    let series = version.series();
    if let Some(s) = SERIES.iter().find(|s| s.series == series) {
        return Status::Known(s);
    }
    match SERIES.first() {
        Some(oldest) if series < oldest.series => Status::Ancient,
        _ => Status::Unknown,
    }
}

/// The newest supported LTS series: where an end-of-life project should go.
pub fn upgrade_target() -> &'static Series {
    SERIES.iter().rev().find(|s| s.lts && !s.is_end_of_life()).unwrap_or(&SERIES[SERIES.len() - 1])
}

/// Every release the table implies (each series' `x.y.0` to its latest).
pub fn known_versions() -> Vec<Version> {
    SERIES
        .iter()
        .flat_map(|s| {
            let latest = s.latest();
            let last = latest.release.get(2).copied().unwrap_or(0);
            (0..=last).map(move |patch| Version { release: vec![s.series.0, s.series.1, patch], pre: false })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_ordered_and_consistent() {
        for pair in SERIES.windows(2) {
            assert!(pair[0].series < pair[1].series);
        }
        for s in SERIES {
            assert_eq!(s.latest().series(), s.series, "{}", s.latest);
        }
        assert_eq!(upgrade_target().name(), "5.2");
        assert!(matches!(status(&Version::parse("4.2.7").unwrap()), Status::Known(s) if s.is_end_of_life()));
        assert!(matches!(status(&Version::parse("1.11.29").unwrap()), Status::Ancient));
        assert!(matches!(status(&Version::parse("7.0").unwrap()), Status::Unknown));
        assert_eq!(SERIES[3].end_of_support_text(), "April 2026");
    }
}
