//! Shared conditions of the settings rules, as Django's checks have
//! `_security_middleware()`: three-valued (an unknown setting gives an unknown
//! answer, never a guess) and with the provenance every message explains.

use greenlight_core::settings::{EvaluatedSettings, Setting, Value};
use greenlight_core::Span;

use crate::checker::Checker;
use crate::finding::{Finding, Severity};
use crate::rule::Rule;

pub const SECURITY_MIDDLEWARE: &str = "django.middleware.security.SecurityMiddleware";
pub const XFRAME_MIDDLEWARE: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";
pub const CSRF_MIDDLEWARE: &str = "django.middleware.csrf.CsrfViewMiddleware";
pub const SESSION_MIDDLEWARE: &str = "django.contrib.sessions.middleware.SessionMiddleware";
pub const SESSIONS_APP: &str = "django.contrib.sessions";

/// A condition's value under the profile.
#[derive(Debug, Clone, PartialEq)]
pub enum Truth {
    Yes,
    No,
    Unknown(String),
}

impl Truth {
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::Yes } else { Truth::No }
    }

    fn from_option(b: Option<bool>, reason: impl FnOnce() -> String) -> Truth {
        match b {
            Some(b) => Truth::from_bool(b),
            None => Truth::Unknown(reason()),
        }
    }

    pub fn not(self) -> Truth {
        match self {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            unknown => unknown,
        }
    }

    /// Kleene conjunction: false wins over unknown.
    pub fn and(self, other: impl FnOnce() -> Truth) -> Truth {
        match self {
            Truth::No => Truth::No,
            Truth::Yes => other(),
            Truth::Unknown(why) => match other() {
                Truth::No => Truth::No,
                _ => Truth::Unknown(why),
            },
        }
    }
}

/// The evaluated settings as the rules read them.
pub struct View<'p> {
    pub settings: &'p EvaluatedSettings,
}

impl<'p> View<'p> {
    pub fn of(checker: &Checker<'p>) -> View<'p> {
        View { settings: &checker.project.settings }
    }

    pub fn value(&self, name: &str) -> Value {
        self.settings.effective(name)
    }

    fn reason(&self, name: &str) -> String {
        let value = self.value(name);
        let why = value.unknown_reason().unwrap_or("its value could not be evaluated").to_owned();
        match self.settings.get(name) {
            Some(s) => format!("{name} ({}:{}): {why}", s.origin.path, s.origin.line),
            None => format!("{name}: {why}"),
        }
    }

    /// Python truthiness of a setting.
    pub fn truthy(&self, name: &str) -> Truth {
        Truth::from_option(self.value(name).truthy(), || self.reason(name))
    }

    /// `settings.NAME is True`.
    pub fn is_true(&self, name: &str) -> Truth {
        match self.value(name) {
            Value::Bool(b) => Truth::from_bool(b),
            Value::Unknown(_) => Truth::Unknown(self.reason(name)),
            _ => Truth::No,
        }
    }

    /// Whether the list setting `name` contains `item`.
    pub fn contains(&self, name: &str, item: &str) -> Truth {
        let value = self.value(name);
        let answer = match &value {
            Value::List(_) | Value::Tuple(_) => value.contains(&Value::Str(item.to_owned())),
            Value::Unknown(_) => None,
            _ => Some(false),
        };
        Truth::from_option(answer, || self.reason(name))
    }

    pub fn middleware(&self, item: &str) -> Truth {
        self.contains("MIDDLEWARE", item)
    }

    /// Where a finding about `name` points: the statement that set it, else the
    /// start of the settings module.
    pub fn location(&self, name: &str) -> (String, Span) {
        match self.settings.get(name) {
            Some(s) => (s.origin.path.clone(), Span::line(s.origin.line)),
            None => (self.settings.path.clone(), Span::FILE_START),
        }
    }

    /// Why `name` has its value, for messages: "… (default in base.py:12)".
    pub fn provenance(&self, name: &str) -> String {
        let Some(setting) = self.settings.get(name) else {
            return format!("{name} is not set in {} or the modules it imports, so Django's default applies", self.settings.path);
        };
        describe(setting)
    }
}

/// One setting's value and where it came from, in words.
pub fn describe(setting: &Setting) -> String {
    let Setting { name, value, origin } = setting;
    let value = greenlight_core::settings::mask::mask_value(name, value);
    let at = format!("{}:{}", origin.path, origin.line);
    match &origin.env {
        Some(env) if !env.present && env.default.is_some() => {
            format!("{name} is {value} in production unless {} is set (default in {at})", env.var)
        }
        Some(env) if env.present => format!("{name} is {value}, from the environment variable {} ({at})", env.var),
        _ => format!("{name} is {value} ({at})"),
    }
}

impl View<'_> {
    /// Emits a finding for a Django deploy check whose failure condition is
    /// `fails`: the finding when it holds, an info-level "could not determine"
    /// (CFG001) when it is unknown, nothing when it does not hold.
    pub fn report(
        &self,
        out: &mut Vec<Finding>,
        rule: &'static Rule,
        django_check: &str,
        fails: Truth,
        finding: impl FnOnce() -> Finding,
    ) {
        match fails {
            Truth::Yes => out.push(finding().with_django_check(django_check)),
            Truth::No => {}
            Truth::Unknown(why) => out.push(self.undetermined(rule, django_check, &why)),
        }
    }

    /// "Could not determine whether <check> applies", pointing at the cause.
    pub fn undetermined(&self, rule: &'static Rule, django_check: &str, why: &str) -> Finding {
        let re = regex::Regex::new(r"\(([^():\s]+\.py):(\d+)\)").expect("valid regex");
        let (path, span) = match re.captures(why) {
            Some(c) => (c[1].to_owned(), Span::line(c[2].parse().unwrap_or(1))),
            None => (self.settings.path.clone(), Span::FILE_START),
        };
        let message = format!("could not determine whether {django_check} ({} {}) applies: {why}", rule.code, rule.name);
        let mut finding = crate::rules::undetermined::SETTING_UNDETERMINED.finding(&path, span, message);
        finding.severity = Severity::Info;
        finding.django_check = None;
        finding.undetermined_rule = Some(rule.code);
        finding
    }

    /// A finding of `rule` at the place that set `name`.
    pub fn finding_at(&self, rule: &'static Rule, name: &str, message: String) -> Finding {
        let (path, span) = self.location(name);
        rule.finding(&path, span, message)
    }
}
