//! Stable fingerprints: a finding keeps its fingerprint when lines are added
//! above it, so baselines and `greenlight diff` match findings across edits.
//! A fingerprint hashes the rule code, the file, the message with its numbers
//! blanked (messages cite line numbers), and which occurrence of that
//! (code, file, message) it is, like bandit's baseline matching.

use std::collections::HashMap;

use greenlight_rules::Finding;

/// FNV-1a, 64 bits: stable across runs, platforms and Rust versions.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The message without its numbers: `base.py:12` and `base.py:14` match.
fn without_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_number = false;
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// One fingerprint per finding, in the same order.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let message = without_numbers(&f.message);
            let nth = seen.entry((f.code, f.path.as_str(), message.clone())).or_insert(0);
            *nth += 1;
            format!("{:016x}", fnv1a(&[f.code, &f.path, &message, &nth.to_string()]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn numbers_are_blanked() {
        assert_eq!(super::without_numbers("DEBUG (base.py:12) 2x"), "DEBUG (base.py:#) #x");
    }

    #[test]
    fn hash_is_stable_and_separates_parts() {
        assert_eq!(fnv1a(&["SEC001", "a.py"]), fnv1a(&["SEC001", "a.py"]));
        assert_ne!(fnv1a(&["SEC001", "a.py"]), fnv1a(&["SEC00", "1a.py"]));
    }
}
