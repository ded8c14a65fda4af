//! PEP 440 versions and specifiers, as far as dependency rules need them: the
//! release numbers, whether a pin is exact, and which versions a range allows.

use std::cmp::Ordering;

/// A version's release numbers (`4.2.7` → `[4, 2, 7]`), and whether it is a
/// pre-release (`6.1a1`, `5.0rc1`, `1.0.dev3`).
#[derive(Debug, Clone)]
pub struct Version {
    pub release: Vec<u64>,
    pub pre: bool,
}

impl Version {
    /// Parses `1.2.3`, `v1.2`, `1!2.0`, `6.1a1`, `1.0.post2`, `2.0+local`;
    /// `None` when there is no release number.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim().trim_start_matches(['v', 'V']);
        let text = text.split_once('!').map(|(_, rest)| rest).unwrap_or(text);
        let text = text.split('+').next().unwrap_or(text);
        let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
        let release: Vec<u64> = text[..end].trim_end_matches('.').split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let rest = text[end..].to_ascii_lowercase();
        let pre = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", ".dev", "dev"]
            .iter()
            .any(|tag| rest.trim_start_matches(['.', '-', '_']).starts_with(tag.trim_start_matches('.')));
        Some(Version { release, pre })
    }

    /// The series (`4.2.7` → `(4, 2)`).
    pub fn series(&self) -> (u64, u64) {
        (self.release.first().copied().unwrap_or(0), self.release.get(1).copied().unwrap_or(0))
    }

    fn part(&self, i: usize) -> u64 {
        self.release.get(i).copied().unwrap_or(0)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.release.len().max(other.release.len());
        (0..len)
            .map(|i| self.part(i).cmp(&other.part(i)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| other.pre.cmp(&self.pre))
    }
}

/// `4.2 == 4.2.0`, as in PEP 440.
impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.release.iter().map(u64::to_string).collect();
        write!(f, "{}", parts.join("."))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `~=`
    Compatible,
    /// `===`
    Arbitrary,
    Eq,
    Ne,
    Le,
    Ge,
    Lt,
    Gt,
}

/// One clause of a specifier (`>=4.2`, `==4.2.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub op: Op,
    pub version: String,
    /// `==4.2.*` / `!=4.*`
    pub wildcard: bool,
}

/// A comma-separated list of clauses; empty when nothing is required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Specifier {
    pub clauses: Vec<Clause>,
}

const OPS: &[(&str, Op)] = &[
    ("===", Op::Arbitrary),
    ("~=", Op::Compatible),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("<", Op::Lt),
    (">", Op::Gt),
];

impl Specifier {
    /// Parses `>=4.2,<5`, `(==1.0)`; `None` when a clause is not a specifier.
    pub fn parse(text: &str) -> Option<Specifier> {
        let text = text.trim().trim_start_matches('(').trim_end_matches(')').trim();
        if text.is_empty() {
            return Some(Specifier::default());
        }
        let clauses = text.split(',').map(str::trim).filter(|c| !c.is_empty()).map(parse_clause).collect::<Option<Vec<_>>>()?;
        Some(Specifier { clauses })
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// The version of an exact pin (`==4.2.7`, `===4.2.7`); not `==4.2.*`.
    pub fn exact(&self) -> Option<&str> {
        match self.clauses.as_slice() {
            [c] if (c.op == Op::Eq && !c.wildcard) || c.op == Op::Arbitrary => Some(&c.version),
            _ => None,
        }
    }

    /// Whether some clause caps the versions allowed.
    pub fn has_upper_bound(&self) -> bool {
        self.clauses.iter().any(|c| matches!(c.op, Op::Compatible | Op::Arbitrary | Op::Eq | Op::Le | Op::Lt))
    }

    /// Whether `version` satisfies every clause (clauses that cannot be read allow it).
    pub fn allows(&self, version: &Version) -> bool {
        self.clauses.iter().all(|c| clause_allows(c, version))
    }
}

impl std::fmt::Display for Specifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .clauses
            .iter()
            .map(|c| {
                let op = OPS.iter().find(|(_, o)| *o == c.op).map(|(s, _)| *s).unwrap_or("");
                format!("{op}{}{}", c.version, if c.wildcard { ".*" } else { "" })
            })
            .collect();
        write!(f, "{}", parts.join(","))
    }
}

fn parse_clause(text: &str) -> Option<Clause> {
    let (symbol, op) = OPS.iter().find(|(s, _)| text.starts_with(s))?;
    let version = text[symbol.len()..].trim();
    let (version, wildcard) = match version.strip_suffix(".*") {
        Some(v) => (v, true),
        None => (version, false),
    };
    let valid = !version.is_empty() && !version.contains(char::is_whitespace) && (*op == Op::Arbitrary || Version::parse(version).is_some());
    valid.then(|| Clause { op: *op, version: version.to_owned(), wildcard })
}

fn clause_allows(clause: &Clause, version: &Version) -> bool {
    let Some(bound) = Version::parse(&clause.version) else { return true };
    let prefix_matches = |len: usize| (0..len).all(|i| version.part(i) == bound.part(i));
    match clause.op {
        Op::Eq if clause.wildcard => prefix_matches(bound.release.len()),
        Op::Ne if clause.wildcard => !prefix_matches(bound.release.len()),
        Op::Eq | Op::Arbitrary => *version == bound,
        Op::Ne => *version != bound,
        Op::Le => *version <= bound,
        Op::Ge => *version >= bound,
        Op::Lt => *version < bound,
        Op::Gt => *version > bound,
        Op::Compatible => *version >= bound && prefix_matches(bound.release.len().saturating_sub(1).max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_compare_by_release_then_pre() {
        assert!(v("4.2.7") < v("4.2.30"));
        assert!(v("4.2") == v("4.2.0"));
        assert!(v("6.1a1") < v("6.1"));
        assert!(v("1!2.0") > v("1.9"));
        assert_eq!(v("5.2.19+local").to_string(), "5.2.19");
        assert!(!v("1.0.post1").pre);
        assert!(Version::parse("latest").is_none());
    }

    #[test]
    fn specifiers() {
        let s = Specifier::parse(">=4.2, <5.0").unwrap();
        assert!(s.allows(&v("4.2.30")) && !s.allows(&v("5.0")) && s.has_upper_bound());
        assert_eq!(Specifier::parse("==4.2.7").unwrap().exact(), Some("4.2.7"));
        assert_eq!(Specifier::parse("==4.2.*").unwrap().exact(), None);
        assert!(Specifier::parse("==4.2.*").unwrap().allows(&v("4.2.30")));
        let compatible = Specifier::parse("~=4.2.7").unwrap();
        assert!(compatible.allows(&v("4.2.30")) && !compatible.allows(&v("4.3")));
        let compatible = Specifier::parse("~=4.2").unwrap();
        assert!(compatible.allows(&v("4.9")) && !compatible.allows(&v("5.0")));
        assert!(!Specifier::parse(">=7.0").unwrap().has_upper_bound());
        assert!(Specifier::parse("(>=1.0)").unwrap().allows(&v("1.1")));
        assert!(Specifier::parse("latest").is_none());
        assert!(Specifier::parse(">=").is_none());
        assert_eq!(Specifier::parse(">=4.2,<5").unwrap().to_string(), ">=4.2,<5");
    }
}
