//! The per-file limits of an audit, from `--max-file-size`, `--max-line-length`
//! and `--max-nesting`, else `[tool.greenlight]`, else the defaults.

use greenlight_core::limits::Limits;

use crate::cli::AuditArgs;
use crate::config::Config;

/// Flags win over the configuration, which wins over the defaults.
pub fn resolve(args: &AuditArgs, config: &Config) -> Limits {
    merge(args.max_file_size, args.max_line_length, args.max_nesting, config)
}

/// For commands without the limit flags (`fix`): the configuration, else the defaults.
pub fn from_config(config: &Config) -> Limits {
    merge(None, None, None, config)
}

fn merge(max_file_size: Option<u64>, max_line_length: Option<u64>, max_nesting: Option<usize>, config: &Config) -> Limits {
    let defaults = Limits::default();
    Limits {
        max_file_bytes: max_file_size.or(config.max_file_size).unwrap_or(defaults.max_file_bytes),
        max_line_bytes: max_line_length.or(config.max_line_length).map(|n| n as usize).unwrap_or(defaults.max_line_bytes),
        max_nesting: max_nesting.or(config.max_nesting).unwrap_or(defaults.max_nesting),
    }
}

/// A size in bytes: `1048576`, `512K`/`512KiB`/`512KB`, `5M`/`5MiB`/`5MB`, `1G`
/// (binary multiples whatever the spelling).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(split);
    let number: u64 = digits.parse().map_err(|_| format!("`{text}` is not a size; write e.g. 5M, 512K or 1048576"))?;
    let multiplier: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown unit `{other}` in `{text}`; use K, M or G")),
    };
    let bytes = number.checked_mul(multiplier).ok_or_else(|| format!("`{text}` is too large"))?;
    if bytes == 0 {
        return Err(format!("`{text}`: a limit must be at least 1 byte"));
    }
    Ok(bytes)
}

/// `--max-nesting`: at least 1.
pub fn parse_nesting(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a positive whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("5M"), Ok(5 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1 GB"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("5X").unwrap_err().contains("unit"));
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert!(parse_nesting("0").is_err());
        assert_eq!(parse_nesting("300"), Ok(300));
    }
}
