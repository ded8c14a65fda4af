#!/usr/bin/env python3
"""Generate random, self-contained Django projects for oracle-testing greenlight.

Usage: python generate.py OUT_DIR [--count N] [--seed S]

Approach
--------
Each case is a tiny Django project (``manage.py`` + package ``proj``) whose
settings are assembled from randomly chosen *plans*, one per setting.  A plan
says which statements go into the base settings, which into the production
override module, and which into ``if not DEBUG:`` / ``if DEBUG:`` blocks.
Every plan picks one of several source constructs (literals, ``os.environ``,
python-decouple, django-environ, list mutation, ...) and, for constructs that
read the environment, decides whether the case environment provides the
variable and with which value.  The generator never predicts Django's verdict:
``django_checks.py`` runs the real ``manage.py check --deploy`` on every case
and records the ids it prints.

Layouts: a single ``proj/settings.py``, or ``proj/settings/{__init__,base,
production}.py`` (optionally with ``local.py`` pulled in by
``try: from .local import * / except ImportError: pass``, the file being
present or absent).  With a split layout the settings module is either
``proj.settings.production`` or ``proj.settings`` whose ``__init__`` does
``from .production import *``.

Every case is deterministic for (seed, case number): each case gets its own
``random.Random`` seeded from both.  The case environment is the *only*
environment (django_checks.py runs Django with a clean environment).

Undecidable cases (``"decidable": false``, exactly every 50th case) deliberately
use constructs a static evaluator cannot be expected to follow; they are
appended at the end of the final settings module and override one setting:
  * ``undecidable:file_read``        SECRET_KEY = contents of ``secret_key.txt``
                                     read with ``open(...).read().strip()``
  * ``undecidable:json_file``        ALLOWED_HOSTS = ``json.load(...)`` of
                                     ``config.json`` in the case directory
  * ``undecidable:helper_function``  DEBUG = ``env_flag(...)``, a function
                                     defined in ``proj/helpers.py``
  * ``undecidable:helper_middleware`` MIDDLEWARE = ``harden_middleware(MIDDLEWARE)``
                                     (helper in ``proj/helpers.py`` that drops
                                     middleware named by an env var)

Note on python-decouple: ``config()`` also reads ``settings.ini`` / ``.env``
found by walking up from the settings directory; the generator never writes
such files, so OUT_DIR must not live below a directory containing one.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

SECURITY_MW = "django.middleware.security.SecurityMiddleware"
SESSION_MW = "django.contrib.sessions.middleware.SessionMiddleware"
COMMON_MW = "django.middleware.common.CommonMiddleware"
CSRF_MW = "django.middleware.csrf.CsrfViewMiddleware"
AUTH_MW = "django.contrib.auth.middleware.AuthenticationMiddleware"
MESSAGES_MW = "django.contrib.messages.middleware.MessageMiddleware"
XFRAME_MW = "django.middleware.clickjacking.XFrameOptionsMiddleware"
FULL_MIDDLEWARE = [SECURITY_MW, SESSION_MW, COMMON_MW, CSRF_MW, AUTH_MW, MESSAGES_MW, XFRAME_MW]
# Middleware whose presence may depend on DEBUG (nothing else requires them).
OPTIONAL_MW = [SECURITY_MW, CSRF_MW, XFRAME_MW]

ALL_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# Alphabet of django.core.management.utils.get_random_secret_key().
KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"
# django-environ treats a value starting with '$' as a reference to another
# variable, so keys handed over through the environment avoid '$'.
ENV_KEY_CHARS = KEY_CHARS.replace("$", "")

# Environment values per parser.  STRICT pools only hold values the parser
# accepts (anything else raises); lenient parsers accept any string.
EQ_VALUES = ["True", "False", "true", "1", ""]
LOWER_VALUES = ["true", "TRUE", "False", "1", "yes", "no", "0", ""]
DECOUPLE_BOOL_VALUES = ["True", "False", "true", "false", "1", "0", "yes", "no", "on", "off", "y", "f", ""]
ENVIRON_BOOL_VALUES = ["True", "False", "true", "1", "0", "2", "yes", "no", "on", "ok", "off", "nope", ""]
RAW_VALUES = ["True", "False", "1", "0", ""]
INT_VALUES = ["0", "3600", "31536000", "60"]
HOSTS_VALUES = ["example.com", "example.com,www.example.com", "", ",", "localhost, 127.0.0.1"]

REFERRER_LITERALS = [
    None, None, "same-origin", "same-origin", "no-referrer", "strict-origin,unsafe-url",
    "strict-origin-when-cross-origin", "bogus", "no-referrer, bogus",
    " origin , unsafe-url ", "", ["no-referrer", "origin"],
    ("same-origin", "bogus"), [],
]
REFERRER_ENV_VALUES = ["same-origin", "no-referrer,strict-origin", "bogus", "origin, unsafe-url", ""]
COOP_LITERALS = [None, "same-origin", "same-origin-allow-popups", "unsafe-none", "bogus", "Same-Origin"]
COOP_ENV_VALUES = ["same-origin", "unsafe-none", "bogus", "same-origin-allow-popups", ""]
XFRAME_LITERALS = ["DENY", "SAMEORIGIN", "deny"]
XFRAME_ENV_VALUES = ["DENY", "SAMEORIGIN"]

UNDECIDABLE_EVERY = 50  # case numbers divisible by this are undecidable (2%)


# ---------------------------------------------------------------------------
# Small data model
# ---------------------------------------------------------------------------

@dataclass
class Stmt:
    """One (possibly multi-line) statement and the names it needs imported."""

    code: str
    needs: frozenset = frozenset()


@dataclass
class Plan:
    """Where the statements for one setting go."""

    base: list = field(default_factory=list)
    prod: list = field(default_factory=list)
    if_not_debug: list = field(default_factory=list)
    if_debug: list = field(default_factory=list)

    def extend(self, other: "Plan") -> None:
        self.base += other.base
        self.prod += other.prod
        self.if_not_debug += other.if_not_debug
        self.if_debug += other.if_debug


# Env-reading libraries a case may use.  Option names in ``Case.weighted``
# that start with one of these prefixes read the environment through it.
LIBRARIES = ("os", "decouple", "environ")
FLAVORS = {"mixed": 2, "os": 1, "decouple": 1, "environ": 1}


class Case:
    """Random state, environment and feature tags of one generated case."""

    def __init__(self, rng: random.Random, split: bool):
        self.rng = rng
        self.split = split
        # Most real projects read the environment through one library only.
        self.flavor = rng.choices(list(FLAVORS), weights=list(FLAVORS.values()))[0]
        self.env: dict[str, str] = {}
        self.env_decided: set[str] = set()
        self.features: set[str] = {"split" if split else "single", f"flavor:{self.flavor}"}
        self.env_scheme = False  # environ.Env(DEBUG=(bool, False))

    # -- randomness helpers ------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def choice(self, seq):
        return self.rng.choice(seq)

    def allows(self, library: str) -> bool:
        return self.flavor in ("mixed", library)

    def option_allowed(self, option: str) -> bool:
        prefix = option.split("_")[0]
        return prefix not in LIBRARIES or self.allows(prefix)

    def weighted(self, options: dict):
        """Weighted choice; options named ``<library>_...`` only if allowed."""
        allowed = {k: w for k, w in options.items() if self.option_allowed(k)}
        return self.rng.choices(list(allowed), weights=list(allowed.values()))[0]

    def tag(self, *tags: str) -> None:
        self.features.update(tags)

    # -- environment -------------------------------------------------------
    def env_var(self, name: str, values, *, strict=False, required=False, p_given=0.6) -> str:
        """Return the env var name to read, deciding its presence and value.

        ``values`` is a list of candidate values or a callable ``rng -> str``.
        A variable already decided by an earlier read is reused if compatible
        (present when required; value in ``values`` when ``strict``);
        otherwise a prefixed name is used instead.
        """
        for candidate in (name, "DJANGO_" + name, "APP_" + name, "PROJECT_" + name):
            if candidate in self.env_decided:
                value = self.env.get(candidate)
                if required and value is None:
                    continue
                if strict and value is not None and value not in values:
                    continue
                return candidate
            self.env_decided.add(candidate)
            if required or self.chance(p_given):
                self.env[candidate] = values(self.rng) if callable(values) else self.choice(values)
                self.tag("env_given")
            else:
                self.tag("env_missing_default_used")
            return candidate
        raise RuntimeError(f"no free env var name for {name}")


# ---------------------------------------------------------------------------
# Literal rendering
# ---------------------------------------------------------------------------

def py(value, case: Case | None = None) -> str:
    """Python source for a literal; strings sometimes double-quoted."""
    if isinstance(value, str) and case and '"' not in value and "\\" not in value and case.chance(0.3):
        return f'"{value}"'
    return repr(value)


def seq_lit(items, case: Case | None = None, *, tuple_=False, indent=0) -> str:
    """Multi-line list/tuple literal (single line when short)."""
    open_, close = ("(", ")") if tuple_ else ("[", "]")
    if not items:
        return "()" if tuple_ else "[]"
    if len(items) == 1 and tuple_:
        return f"({py(items[0], case)},)"
    if len(items) <= 2 and sum(len(str(i)) for i in items) < 50:
        return open_ + ", ".join(py(i, case) for i in items) + close
    pad = " " * (indent + 4)
    body = "".join(f"{pad}{py(i, case)},\n" for i in items)
    return f"{open_}\n{body}{' ' * indent}{close}"


def assign(name: str, code: str, needs=frozenset()) -> Stmt:
    return Stmt(f"{name} = {code}", frozenset(needs))


# ---------------------------------------------------------------------------
# Secret keys
# ---------------------------------------------------------------------------

def no_proxy(key: str) -> str:
    """django-environ reads a value starting with '$' as a reference to another
    variable (and recurses forever when that one is missing too): keep keys clear of it."""
    return "a" + key[1:] if key.startswith("$") else key


def strong_key(rng: random.Random, chars: str = KEY_CHARS) -> str:
    return no_proxy(_strong_key(rng, chars))


def weak_key(rng: random.Random, chars: str = KEY_CHARS) -> str:
    return no_proxy(_weak_key(rng, chars))


def _strong_key(rng: random.Random, chars: str = KEY_CHARS) -> str:
    kind = rng.choice(["random", "random", "random", "exactly_50", "five_unique"])
    if kind == "exactly_50":
        return "".join(rng.choice(chars) for _ in range(50))
    if kind == "five_unique":
        return "".join(rng.sample("abcdefghij", 5)) * 10  # 50 chars, 5 unique: passes
    return "".join(rng.choice(chars) for _ in range(rng.randint(51, 64)))


def _weak_key(rng: random.Random, chars: str = KEY_CHARS) -> str:
    kind = rng.choice(["word", "short_random", "insecure", "four_unique", "len_49", "empty"])
    if kind == "word":
        return rng.choice(["changeme", "dev-secret-key", "secret", "not-so-secret-123"])
    if kind == "short_random":
        return "".join(rng.choice(chars) for _ in range(rng.randint(10, 40)))
    if kind == "insecure":
        return "django-insecure-" + "".join(rng.choice(chars) for _ in range(50))
    if kind == "four_unique":
        return "".join(rng.sample("abcdefghij", 4)) * 16
    if kind == "len_49":
        return "".join(rng.choice(chars) for _ in range(49))
    return ""


def any_key(rng: random.Random, chars: str = KEY_CHARS) -> str:
    return strong_key(rng, chars) if rng.random() < 0.5 else weak_key(rng, chars)


def env_key(rng: random.Random) -> str:
    return any_key(rng, ENV_KEY_CHARS)


def env_key_list(rng: random.Random) -> str:
    return ",".join(any_key(rng, ENV_KEY_CHARS) or "x" for _ in range(rng.randint(1, 2)))


# ---------------------------------------------------------------------------
# Value expressions (each returns a Stmt-ready (code, needs) pair)
# ---------------------------------------------------------------------------

def debug_expr(case: Case) -> tuple[str, set]:
    kind = case.weighted({
        "literal": 3, "os_eq": 1, "os_getenv_eq": 1, "os_lower_in": 1, "os_raw": 0.4,
        "decouple_bool": 1.5, "environ_scheme": 1, "environ_bool": 1,
    })
    case.tag(f"DEBUG:{kind}")
    if kind == "literal":
        return py(case.chance(0.5)), set()
    if kind == "os_eq":
        name = case.env_var("DEBUG", EQ_VALUES)
        case.tag("os.environ.get", "compare_eq")
        return f"os.environ.get('{name}', 'False') == 'True'", {"os"}
    if kind == "os_getenv_eq":
        name = case.env_var("DEBUG", ["1", "0", "true", ""])
        case.tag("os.getenv", "compare_eq")
        return f"os.getenv('{name}', '0') == '1'", {"os"}
    if kind == "os_lower_in":
        name = case.env_var("DJANGO_DEBUG", LOWER_VALUES)
        case.tag("os.environ.get", "str.lower", "in_tuple")
        return f"os.environ.get('{name}', '').lower() in ('true', '1', 'yes')", {"os"}
    if kind == "os_raw":
        name = case.env_var("DEBUG", RAW_VALUES)
        case.tag("os.environ.get", "raw_env_string")
        return f"os.environ.get('{name}', False)", {"os"}
    if kind == "decouple_bool":
        name = case.env_var("DEBUG", DECOUPLE_BOOL_VALUES, strict=True)
        default = case.choice(["True", "False", "'True'", "'False'"])
        case.tag("decouple.config", "decouple.cast_bool")
        return f"config('{name}', default={default}, cast=bool)", {"config"}
    name = case.env_var("DEBUG", ENVIRON_BOOL_VALUES)
    if kind == "environ_scheme" and name == "DEBUG":
        case.env_scheme = True
        case.tag("environ.Env_scheme", "environ.env_call")
        return "env('DEBUG')", {"env"}
    case.tag("environ.bool")
    return f"env.bool('{name}', default={py(case.chance(0.5))})", {"env"}


def bool_expr(case: Case, setting: str) -> tuple[str, set]:
    kind = case.weighted({
        "literal": 6, "int_literal": 0.4, "os_eq": 1.2, "os_getenv_lower": 0.8,
        "decouple_bool": 1.2, "environ_bool": 1.2, "environ_smart": 0.5, "os_raw": 0.5,
    })
    case.tag(f"bool:{kind}")
    default = case.chance(0.5)
    if kind == "literal":
        return py(case.chance(0.6)), set()
    if kind == "int_literal":
        case.tag("int_literal_as_bool")
        return case.choice(["1", "0"]), set()
    if kind == "os_eq":
        name = case.env_var(setting, EQ_VALUES)
        case.tag("os.environ.get", "compare_eq")
        return f"os.environ.get('{name}', {py(str(default))}) == 'True'", {"os"}
    if kind == "os_getenv_lower":
        name = case.env_var(setting, LOWER_VALUES)
        case.tag("os.getenv", "str.lower", "compare_eq")
        return f"os.getenv('{name}', {py(str(default).lower())}).lower() == 'true'", {"os"}
    if kind == "decouple_bool":
        name = case.env_var(setting, DECOUPLE_BOOL_VALUES, strict=True)
        case.tag("decouple.config", "decouple.cast_bool")
        return f"config('{name}', default={default}, cast=bool)", {"config"}
    if kind == "environ_bool":
        name = case.env_var(setting, ENVIRON_BOOL_VALUES)
        case.tag("environ.bool")
        return f"env.bool('{name}', default={default})", {"env"}
    if kind == "environ_smart":
        name = case.env_var(setting, ENVIRON_BOOL_VALUES)
        case.tag("environ.env_call", "environ.smart_cast")
        return f"env('{name}', default={default})", {"env"}
    name = case.env_var(setting, RAW_VALUES)
    case.tag("os.environ.get", "raw_env_string")
    return f"os.environ.get('{name}', {default})", {"os"}


def hsts_expr(case: Case, setting: str) -> tuple[str, set]:
    kind = case.weighted({
        "literal": 4, "arith": 0.6, "os_int": 1, "os_getenv_int": 0.6,
        "decouple_int": 1, "environ_int": 1, "environ_smart": 0.4,
    })
    case.tag(f"hsts:{kind}")
    default = case.choice(["0", "3600", "31536000"])
    if kind == "literal":
        return case.choice(["0", "3600", "31536000"]), set()
    if kind == "arith":
        case.tag("int_arithmetic")
        return case.choice(["60 * 60 * 24 * 365", "60 * 60", "0 * 3600"]), set()
    if kind in ("os_int", "os_getenv_int"):
        name = case.env_var(setting, INT_VALUES, strict=True)
        getter = "os.environ.get" if kind == "os_int" else "os.getenv"
        case.tag(getter, "int_call")
        return f"int({getter}('{name}', '{default}'))", {"os"}
    if kind == "decouple_int":
        name = case.env_var(setting, INT_VALUES, strict=True)
        case.tag("decouple.config", "decouple.cast_int")
        return f"config('{name}', default={default}, cast=int)", {"config"}
    name = case.env_var(setting, INT_VALUES, strict=True)
    if kind == "environ_int":
        case.tag("environ.int")
        return f"env.int('{name}', default={default})", {"env"}
    case.tag("environ.env_call", "environ.smart_cast")
    return f"env('{name}', default={default})", {"env"}


def choice_expr(case: Case, setting: str, literals, env_values) -> tuple[str, set]:
    """A string-ish setting: literal from ``literals`` or read from the env."""
    kind = case.weighted({"literal": 5, "os_get": 1, "os_getenv": 0.5, "decouple_config": 1, "environ_call": 0.7, "environ_str": 0.7})
    case.tag(f"str:{kind}")
    if kind == "literal":
        value = case.choice(literals)
        if isinstance(value, tuple):
            case.tag("tuple_literal")
        return seq_lit(list(value), case, tuple_=isinstance(value, tuple)) if isinstance(value, (list, tuple)) else py(value, case), set()
    name = case.env_var(setting, env_values)
    strings = [v for v in literals if isinstance(v, str)]
    default = py(case.choice(strings), case)
    if kind in ("os_get", "environ_call") and case.chance(0.25):
        default = "None"
        case.tag("default_none")
    if kind == "os_get":
        case.tag("os.environ.get")
        return f"os.environ.get('{name}', {default})", {"os"}
    if kind == "os_getenv":
        case.tag("os.getenv")
        return f"os.getenv('{name}', {default})", {"os"}
    if kind == "decouple_config":
        case.tag("decouple.config")
        return f"config('{name}', default={default})", {"config"}
    if kind == "environ_call":
        case.tag("environ.env_call")
        return f"env('{name}', default={default})", {"env"}
    case.tag("environ.str")
    return f"env.str('{name}', default={default})", {"env"}


def secret_key_expr(case: Case, *, allow_env=True) -> tuple[str, set]:
    kinds = {"strong": 3, "weak": 3, "concat_insecure": 0.7}
    if allow_env:
        kinds.update({"env_default": 3, "env_required": 3})
    kind = case.weighted(kinds)
    case.tag(f"SECRET_KEY:{kind}")
    if kind == "strong":
        return py(strong_key(case.rng), case), set()
    if kind == "weak":
        return py(weak_key(case.rng), case), set()
    if kind == "concat_insecure":
        case.tag("str_concat")
        return "'django-insecure-' + " + py(strong_key(case.rng)[:50], case), set()
    if kind == "env_default":
        name = case.env_var("SECRET_KEY", env_key, p_given=0.5)
        default = py(any_key(case.rng), case)
        getter = case.choice(allowed_getters(case, ["os.environ.get", "os.getenv", "config", "env", "env.str"]))
        return _getter_call(case, getter, name, default)
    name = case.env_var("SECRET_KEY", env_key, required=True)
    getter = case.choice(allowed_getters(case, ["os.environ[]", "config", "env", "env.str"]))
    return _getter_call(case, getter, name, None)


GETTER_LIBRARY = {"os.environ.get": "os", "os.getenv": "os", "os.environ[]": "os",
                  "config": "decouple", "env": "environ", "env.str": "environ"}


def allowed_getters(case: Case, getters: list) -> list:
    return [g for g in getters if case.allows(GETTER_LIBRARY[g])]


def _getter_call(case: Case, getter: str, name: str, default: str | None) -> tuple[str, set]:
    """Render a string read of ``name`` with one of the supported getters."""
    needs = {"os": "os", "decouple": "config", "environ": "env"}[GETTER_LIBRARY[getter]]
    case.tag({"config": "decouple.config", "env": "environ.env_call", "env.str": "environ.str"}.get(getter, getter))
    if getter == "os.environ[]":
        return f"os.environ['{name}']", {needs}
    if default is None:
        return f"{getter}('{name}')", {needs}
    if getter in ("config", "env", "env.str"):
        return f"{getter}('{name}', default={default})", {needs}
    return f"{getter}('{name}', {default})", {needs}


# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------

def place_sequence(case: Case, stmts: list) -> Plan:
    """First statement in base; a suffix of the rest may move to production."""
    if not case.split:
        return Plan(base=list(stmts))
    k = case.rng.randint(1, len(stmts))
    if len(stmts) > 1 and k < len(stmts):
        case.tag("modified_in_production")
    return Plan(base=list(stmts[:k]), prod=list(stmts[k:]))


def plan_scalar(case: Case, setting: str, make, p_absent=0.35) -> Plan:
    """Absent, set in base/production, overridden, or set under a DEBUG test."""
    if case.chance(p_absent):
        case.tag(f"{setting}:absent")
        return Plan()

    def stmt() -> Stmt:
        code, needs = make(case, setting)
        return assign(setting, code, needs)

    where = case.weighted({"base": 3, "prod": 1.5 if case.split else 0, "override": 1, "cond": 1.2})
    case.tag(f"placement:{where}")
    if where == "base":
        return Plan(base=[stmt()])
    if where == "prod":
        return Plan(prod=[stmt()])
    if where == "override":
        first = stmt()
        return Plan(base=[first], prod=[stmt()]) if case.split else Plan(base=[first, stmt()])
    return cond_plan(case, stmt)


def cond_plan(case: Case, stmt) -> Plan:
    """``if not DEBUG:`` / ``if DEBUG:`` assignment, maybe with a fallback."""
    plan = Plan()
    then = [stmt()]
    if case.chance(0.6):
        plan.if_not_debug = then
    else:
        plan.if_debug = then
    other = case.choice(["none", "else", "base_default"])
    if other == "else":
        if plan.if_debug:
            plan.if_not_debug = [stmt()]
        else:
            plan.if_debug = [stmt()]
    elif other == "base_default":
        plan.base = [stmt()]
    return plan


def plan_debug(case: Case) -> Plan:
    code, needs = debug_expr(case)
    plan = Plan(base=[assign("DEBUG", code, needs)])
    if case.split and case.chance(0.4):
        case.tag("DEBUG:production_override")
        if case.chance(0.5):
            plan.prod.append(assign("DEBUG", "False"))
        else:
            code, needs = debug_expr(case)
            plan.prod.append(assign("DEBUG", code, needs))
    return plan


def plan_secret_key(case: Case) -> Plan:
    where = case.weighted({"base": 4, "absent": 0.2, "override": 2 if case.split else 0.5, "prod": 1 if case.split else 0})
    case.tag(f"SECRET_KEY:placement:{where}")
    if where == "absent":
        return Plan()
    if where == "base":
        return Plan(base=[assign("SECRET_KEY", *secret_key_expr(case))])
    if where == "prod":
        return Plan(prod=[assign("SECRET_KEY", *secret_key_expr(case))])
    first = assign("SECRET_KEY", *secret_key_expr(case, allow_env=False))
    second = assign("SECRET_KEY", *secret_key_expr(case))
    return Plan(base=[first], prod=[second]) if case.split else Plan(base=[first, second])


def plan_secret_key_fallbacks(case: Case) -> Plan:
    kind = case.weighted({"absent": 6, "literal": 2, "empty": 0.5, "environ_list": 0.6,
                          "decouple_csv": 0.6, "os_split": 0.4, "os_list_of_env": 0.5})
    case.tag(f"SECRET_KEY_FALLBACKS:{kind}")
    if kind == "absent":
        return Plan()
    if kind == "literal":
        keys = [any_key(case.rng) for _ in range(case.rng.randint(1, 3))]
        stmt = assign("SECRET_KEY_FALLBACKS", seq_lit(keys, case))
    elif kind == "empty":
        stmt = assign("SECRET_KEY_FALLBACKS", "[]")
    elif kind == "environ_list":
        name = case.env_var("SECRET_KEY_FALLBACKS", env_key_list, p_given=0.7)
        case.tag("environ.list")
        stmt = assign("SECRET_KEY_FALLBACKS", f"env.list('{name}', default=[])", {"env"})
    elif kind == "decouple_csv":
        name = case.env_var("SECRET_KEY_FALLBACKS", env_key_list, p_given=0.7)
        case.tag("decouple.config", "decouple.Csv")
        stmt = assign("SECRET_KEY_FALLBACKS", f"config('{name}', default='', cast=Csv())", {"config", "Csv"})
    elif kind == "os_split":
        name = case.env_var("SECRET_KEY_FALLBACKS", env_key_list, p_given=0.5)
        case.tag("os.environ.get", "str.split")
        stmt = assign("SECRET_KEY_FALLBACKS", f"os.environ.get('{name}', '').split(',')", {"os"})
    else:
        name = case.env_var("OLD_SECRET_KEY", env_key, p_given=0.6)
        case.tag("os.environ.get", "list_of_exprs")
        code = f"[os.environ.get('{name}', {py(any_key(case.rng), case)})]"
        stmt = assign("SECRET_KEY_FALLBACKS", code, {"os"})
    return Plan(prod=[stmt]) if case.split and case.chance(0.4) else Plan(base=[stmt])


def allowed_hosts_initial(case: Case) -> Stmt:
    kind = case.weighted({"empty": 2, "star": 1, "literal": 2, "os_split": 1.5, "decouple_csv": 1.5, "environ_list": 1.5})
    case.tag(f"ALLOWED_HOSTS:{kind}")
    if kind == "empty":
        return assign("ALLOWED_HOSTS", "[]")
    if kind == "star":
        return assign("ALLOWED_HOSTS", "['*']")
    if kind == "literal":
        hosts = case.choice([["example.com"], ["example.com", "www.example.com"], [".example.org"]])
        return assign("ALLOWED_HOSTS", seq_lit(hosts, case))
    name = case.env_var("ALLOWED_HOSTS", HOSTS_VALUES)
    if kind == "os_split":
        case.tag("os.environ.get", "str.split")
        return assign("ALLOWED_HOSTS", f"os.environ.get('{name}', '').split(',')", {"os"})
    if kind == "decouple_csv":
        case.tag("decouple.config", "decouple.Csv")
        default = case.choice(["''", "''", "'localhost'"])
        return assign("ALLOWED_HOSTS", f"config('{name}', default={default}, cast=Csv())", {"config", "Csv"})
    case.tag("environ.list")
    default = case.choice(["[]", "[]", "['localhost']"])
    return assign("ALLOWED_HOSTS", f"env.list('{name}', default={default})", {"env"})


def allowed_hosts_modification(case: Case) -> Stmt:
    kind = case.choice(["aug_add", "append", "extend"])
    host = case.choice(["api.example.com", "localhost", "127.0.0.1"])
    if kind == "aug_add":
        case.tag("aug_assign_add")
        return Stmt(f"ALLOWED_HOSTS += [{py(host, case)}]")
    if kind == "append":
        case.tag("list.append")
        return Stmt(f"ALLOWED_HOSTS.append({py(host, case)})")
    case.tag("list.extend")
    return Stmt(f"ALLOWED_HOSTS.extend([{py(host, case)}, 'admin.example.com'])")


def plan_allowed_hosts(case: Case) -> Plan:
    stmts = [allowed_hosts_initial(case)]
    if case.chance(0.3):
        stmts.append(allowed_hosts_modification(case))
    plan = place_sequence(case, stmts)
    if case.chance(0.2):
        if case.chance(0.5):
            case.tag("ALLOWED_HOSTS:if_debug")
            plan.if_debug.append(case.choice([Stmt("ALLOWED_HOSTS = ['*']"), Stmt("ALLOWED_HOSTS += ['localhost']")]))
        else:
            case.tag("ALLOWED_HOSTS:if_not_debug")
            plan.if_not_debug.append(Stmt("ALLOWED_HOSTS = ['example.com']"))
    return plan


@dataclass
class AppLayout:
    """Which apps and middleware the case uses (always a valid combination)."""

    apps: list
    middleware: list


def choose_app_layout(case: Case) -> AppLayout:
    sessions_app = case.chance(0.7)
    session_mw = case.chance(0.7)
    admin = sessions_app and session_mw and case.chance(0.6)
    messages_app = admin or case.chance(0.5)
    staticfiles = case.chance(0.6)
    wanted = {"django.contrib.auth", "django.contrib.contenttypes"}
    wanted |= {name for name, on in [
        ("django.contrib.admin", admin), ("django.contrib.sessions", sessions_app),
        ("django.contrib.messages", messages_app), ("django.contrib.staticfiles", staticfiles),
    ] if on}
    mw = {COMMON_MW}
    if session_mw:
        mw.add(SESSION_MW)
        if admin or case.chance(0.7):
            mw.add(AUTH_MW)
        if admin or (messages_app and case.chance(0.7)):
            mw.add(MESSAGES_MW)
    mw |= {m for m, p in [(SECURITY_MW, 0.8), (CSRF_MW, 0.8), (XFRAME_MW, 0.75)] if case.chance(p)}
    case.tag(*(f"app:{a.rsplit('.', 1)[1]}" for a in wanted))
    return AppLayout(apps=[a for a in ALL_APPS if a in wanted],
                     middleware=[m for m in FULL_MIDDLEWARE if m in mw])


def plan_installed_apps(case: Case, apps: list) -> Plan:
    style = case.weighted({"literal": 4, "tuple": 1, "aug_add": 1, "append": 1, "extend": 1})
    case.tag(f"INSTALLED_APPS:{style}")
    if style in ("literal", "tuple") or len(apps) < 3:
        if style == "tuple":
            case.tag("tuple_literal")
        return Plan(base=[assign("INSTALLED_APPS", seq_lit(apps, case, tuple_=style == "tuple"))])
    k = case.rng.randint(2, len(apps) - 1)
    head, tail = apps[:k], apps[k:]
    stmts = [assign("INSTALLED_APPS", seq_lit(head, case))]
    if style == "aug_add":
        case.tag("aug_assign_add")
        stmts.append(Stmt(f"INSTALLED_APPS += {seq_lit(tail, case)}"))
    elif style == "append":
        case.tag("list.append")
        stmts += [Stmt(f"INSTALLED_APPS.append({py(a, case)})") for a in tail]
    else:
        case.tag("list.extend")
        stmts.append(Stmt(f"INSTALLED_APPS.extend({seq_lit(tail, case)})"))
    return place_sequence(case, stmts)


def middleware_statements(case: Case, mw: list, list_only: bool) -> list:
    """Statements that leave MIDDLEWARE equal to ``mw`` (order preserved)."""
    styles = {"literal": 3, "tuple": 0 if list_only else 1, "remove": 1.5, "insert": 1.5,
              "append": 1, "aug_add": 1, "concat": 1}
    style = case.weighted(styles)
    case.tag(f"MIDDLEWARE:{style}")
    if style == "literal":
        return [assign("MIDDLEWARE", seq_lit(mw, case))]
    if style == "tuple":
        case.tag("tuple_literal")
        return [assign("MIDDLEWARE", seq_lit(mw, case, tuple_=True))]
    if style == "remove":
        case.tag("list.remove")
        return [assign("MIDDLEWARE", seq_lit(FULL_MIDDLEWARE, case))] + [
            Stmt(f"MIDDLEWARE.remove({py(m, case)})") for m in FULL_MIDDLEWARE if m not in mw]
    if style == "insert":
        case.tag("list.insert")
        return [assign("MIDDLEWARE", seq_lit(mw[1:], case)), Stmt(f"MIDDLEWARE.insert(0, {py(mw[0], case)})")]
    if style == "append":
        case.tag("list.append")
        return [assign("MIDDLEWARE", seq_lit(mw[:-1], case)), Stmt(f"MIDDLEWARE.append({py(mw[-1], case)})")]
    k = case.rng.randint(0, len(mw) - 1)
    if style == "aug_add":
        case.tag("aug_assign_add")
        return [assign("MIDDLEWARE", seq_lit(mw[:k], case)), Stmt(f"MIDDLEWARE += {seq_lit(mw[k:], case)}")]
    case.tag("list_concat")
    return [assign("COMMON_MIDDLEWARE", seq_lit(mw[:k], case)),
            assign("MIDDLEWARE", f"COMMON_MIDDLEWARE + {seq_lit(mw[k:], case)}")]


def plan_middleware(case: Case, final: list) -> Plan:
    """Build MIDDLEWARE; one optional middleware may depend on DEBUG."""
    optional = [m for m in final if m in OPTIONAL_MW]
    conditional = case.choice(optional) if optional and case.chance(0.25) else None
    mode = case.choice(["add_if_not_debug", "remove_if_debug"]) if conditional else None
    unconditional = [m for m in final if not (mode == "add_if_not_debug" and m == conditional)]
    plan = place_sequence(case, middleware_statements(case, unconditional, list_only=bool(conditional)))
    if mode == "add_if_not_debug":
        case.tag("MIDDLEWARE:add_if_not_debug")
        if conditional == SECURITY_MW:
            stmt = Stmt(f"MIDDLEWARE.insert(0, {py(conditional, case)})")
        else:
            stmt = case.choice([Stmt(f"MIDDLEWARE.append({py(conditional, case)})"),
                                Stmt(f"MIDDLEWARE += [{py(conditional, case)}]")])
        plan.if_not_debug.append(stmt)
    elif mode == "remove_if_debug":
        case.tag("MIDDLEWARE:remove_if_debug", "list.remove")
        plan.if_debug.append(Stmt(f"MIDDLEWARE.remove({py(conditional, case)})"))
    return plan


def plan_security_settings(case: Case) -> Plan:
    plan = Plan()
    for setting in ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
                    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
                    "CSRF_COOKIE_SECURE", "CSRF_USE_SESSIONS"]:
        plan.extend(plan_scalar(case, setting, bool_expr))
    plan.extend(plan_scalar(case, "SECURE_HSTS_SECONDS", hsts_expr))
    plan.extend(plan_scalar(case, "X_FRAME_OPTIONS", lambda c, s: choice_expr(c, s, XFRAME_LITERALS, XFRAME_ENV_VALUES)))
    plan.extend(plan_scalar(case, "SECURE_REFERRER_POLICY",
                            lambda c, s: choice_expr(c, s, REFERRER_LITERALS, REFERRER_ENV_VALUES)))
    plan.extend(plan_scalar(case, "SECURE_CROSS_ORIGIN_OPENER_POLICY",
                            lambda c, s: choice_expr(c, s, COOP_LITERALS, COOP_ENV_VALUES)))
    return plan


# ---------------------------------------------------------------------------
# Boilerplate settings (needed for Django to start)
# ---------------------------------------------------------------------------

TEMPLATES_CODE = """TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [],
        'APP_DIRS': True,
        'OPTIONS': {
            'context_processors': [
                'django.template.context_processors.request',
                'django.contrib.auth.context_processors.auth',
                'django.contrib.messages.context_processors.messages',
            ],
        },
    },
]"""


def base_dir_stmt(case: Case, depth: int) -> Stmt:
    if case.chance(0.6):
        case.tag("BASE_DIR:pathlib")
        return Stmt("BASE_DIR = Path(__file__).resolve()" + ".parent" * depth, frozenset({"Path"}))
    case.tag("BASE_DIR:os.path")
    inner = "os.path.abspath(__file__)"
    for _ in range(depth):
        inner = f"os.path.dirname({inner})"
    return Stmt(f"BASE_DIR = {inner}", frozenset({"os"}))


def boilerplate(case: Case, base_dir: Stmt) -> list:
    if case.chance(0.2):
        case.tag("sqlite_memory")
        name, needs = "':memory:'", set()
    elif "Path" in base_dir.needs and case.chance(0.6):
        name, needs = "BASE_DIR / 'db.sqlite3'", set()
    else:
        name, needs = "os.path.join(BASE_DIR, 'db.sqlite3')", {"os"}
    databases = ("DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
                 f"        'NAME': {name},\n    }}\n}}")
    return [
        Stmt("ROOT_URLCONF = 'proj.urls'"),
        Stmt(TEMPLATES_CODE),
        Stmt(databases, frozenset(needs)),
        Stmt("LANGUAGE_CODE = 'en-us'\nTIME_ZONE = 'UTC'\nUSE_I18N = True\nUSE_TZ = True"),
        Stmt("STATIC_URL = 'static/'"),
        Stmt("DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'"),
    ]


# ---------------------------------------------------------------------------
# Undecidable constructs
# ---------------------------------------------------------------------------

HELPERS_PY = '''"""Project helpers (deliberately opaque to static evaluation)."""
import os


def env_flag(name, default="off"):
    value = os.environ.get(name, default)
    return value.strip().lower() in {"1", "true", "yes", "on"}


def harden_middleware(middleware):
    drop = os.environ.get("MIDDLEWARE_DROP", "")
    return [m for m in middleware if not (drop and m.endswith(drop))]
'''


def undecidable_plan(case: Case) -> tuple[list, dict]:
    """Statements appended to the final module, plus extra files to write."""
    kind = case.choice(["file_read", "json_file", "helper_function", "helper_middleware"])
    case.tag(f"undecidable:{kind}")
    if kind == "file_read":
        stmt = Stmt("with open(os.path.join(BASE_DIR, 'secret_key.txt')) as fh:\n"
                    "    SECRET_KEY = fh.read().strip()", frozenset({"os"}))
        return [stmt], {"secret_key.txt": any_key(case.rng) + "\n"}
    if kind == "json_file":
        stmt = Stmt("with open(os.path.join(BASE_DIR, 'config.json')) as fh:\n"
                    "    ALLOWED_HOSTS = json.load(fh)['allowed_hosts']", frozenset({"os", "json"}))
        hosts = case.choice([[], ["example.com"], ["*"]])
        return [stmt], {"config.json": json.dumps({"allowed_hosts": hosts}) + "\n"}
    if kind == "helper_function":
        case.env["FEATURE_DEBUG"] = case.choice(["on", "off", " YES ", "0"])
        stmt = Stmt("from proj.helpers import env_flag\n\nDEBUG = env_flag('FEATURE_DEBUG')")
        return [stmt], {"proj/helpers.py": HELPERS_PY}
    case.env["MIDDLEWARE_DROP"] = case.choice(["XFrameOptionsMiddleware", "SecurityMiddleware", "CsrfViewMiddleware", ""])
    stmt = Stmt("from proj.helpers import harden_middleware\n\nMIDDLEWARE = harden_middleware(MIDDLEWARE)")
    return [stmt], {"proj/helpers.py": HELPERS_PY}


# ---------------------------------------------------------------------------
# Module rendering
# ---------------------------------------------------------------------------

def needs_of(stmts) -> set:
    return set().union(*(s.needs for s in stmts)) if stmts else set()


def import_lines(case: Case, needs: set) -> list:
    lines = []
    if "json" in needs:
        lines.append("import json")
    if "os" in needs:
        lines.append("import os")
    if "Path" in needs:
        lines.append("from pathlib import Path")
    if "env" in needs:
        lines.append("import environ")
    if "config" in needs or "Csv" in needs:
        lines.append("from decouple import Csv, config" if "Csv" in needs else "from decouple import config")
    if "env" in needs:
        ctor = "environ.Env(DEBUG=(bool, False))" if case.env_scheme else "environ.Env()"
        lines += ["", f"env = {ctor}"]
    if "config" in needs or "Csv" in needs:
        case.tag("decouple")
    if "env" in needs:
        case.tag("environ")
    return lines


def indent(code: str) -> str:
    return "\n".join(("    " + line) if line else line for line in code.split("\n"))


def cond_blocks(case: Case, plan: Plan) -> list:
    """Render the DEBUG-dependent statements as one or two ``if`` blocks."""
    not_debug = "\n".join(indent(s.code) for s in plan.if_not_debug)
    debug = "\n".join(indent(s.code) for s in plan.if_debug)
    if plan.if_not_debug:
        case.tag("if_not_debug")
    if plan.if_debug:
        case.tag("if_debug")
    needs = frozenset(needs_of(plan.if_not_debug + plan.if_debug))
    if not_debug and debug and case.chance(0.5):
        case.tag("else_branch")
        return [Stmt(f"if not DEBUG:\n{not_debug}\nelse:\n{debug}", needs)]
    blocks = []
    if not_debug:
        blocks.append(Stmt(f"if not DEBUG:\n{not_debug}", needs))
    if debug:
        blocks.append(Stmt(f"if DEBUG:\n{debug}", needs))
    if len(blocks) == 2 and case.chance(0.5):
        blocks.reverse()
    return blocks


def render_module(header: list, body: list) -> str:
    parts = ["\n".join(header)] if header else []
    parts += [s.code if isinstance(s, Stmt) else s for s in body]
    return "\n\n".join(p for p in parts if p is not None) + "\n"


LOCAL_IMPORT = "try:\n    from .local import *  # noqa\nexcept ImportError:\n    pass"


def local_py(case: Case) -> str:
    lines = ['"""Developer overrides."""']
    if case.chance(0.8):
        lines.append(f"DEBUG = {case.chance(0.7)}")
        case.tag("local_overrides_DEBUG")
    if case.chance(0.3):
        lines.append("ALLOWED_HOSTS = ['*']")
        case.tag("local_overrides_ALLOWED_HOSTS")
    if case.chance(0.2):
        lines.append("SECRET_KEY = 'local-dev-key'")
        case.tag("local_overrides_SECRET_KEY")
    if case.chance(0.2):
        lines.append("SESSION_COOKIE_SECURE = False")
        case.tag("local_overrides_SESSION_COOKIE_SECURE")
    return "\n".join(lines) + "\n"


def render_single(case: Case, plan: Plan, tail: list) -> dict:
    base_dir = base_dir_stmt(case, 2)
    body = [base_dir] + plan.base + boilerplate(case, base_dir) + plan.prod
    body += cond_blocks(case, plan) + tail
    stmts = [s for s in body if isinstance(s, Stmt)]
    header = ['"""Settings for proj (generated)."""'] + import_lines(case, needs_of(stmts))
    return {"proj/settings.py": render_module(header, body)}


def render_split(case: Case, plan: Plan, tail: list) -> tuple[dict, str]:
    files = {}
    base_dir = base_dir_stmt(case, 3)
    base_body = [base_dir] + plan.base + boilerplate(case, base_dir)
    base_needs = needs_of(base_body)
    files["proj/settings/base.py"] = render_module(
        ['"""Base settings (generated)."""'] + import_lines(case, base_needs), base_body)

    local_pos = case.choice(["start", "before_cond", "end"]) if case.chance(0.6) else None
    prod_body = []
    if local_pos:
        case.tag("try_import_local", f"local_import:{local_pos}")
        if case.chance(0.6):
            case.tag("local_present")
            files["proj/settings/local.py"] = local_py(case)
        else:
            case.tag("local_absent")
    if local_pos == "start":
        prod_body.append(LOCAL_IMPORT)
    prod_body += plan.prod
    if local_pos == "before_cond":
        prod_body.append(LOCAL_IMPORT)
    prod_body += cond_blocks(case, plan)
    if local_pos == "end":
        prod_body.append(LOCAL_IMPORT)
    prod_body += tail

    prod_needs = needs_of([s for s in prod_body if isinstance(s, Stmt)])
    if case.chance(0.35):
        reused = prod_needs & base_needs
        if reused:
            case.tag("names_via_star_import")
            prod_needs -= reused
    header = ['"""Production settings (generated)."""', "from .base import *  # noqa"]
    imports = import_lines(case, prod_needs)
    files["proj/settings/production.py"] = render_module(header + ([""] + imports if imports else []), prod_body)

    if case.chance(0.4):
        case.tag("settings_init_star_import")
        files["proj/settings/__init__.py"] = "from .production import *  # noqa\n"
        return files, "proj.settings"
    files["proj/settings/__init__.py"] = ""
    return files, "proj.settings.production"


MANAGE_PY = '''#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{module}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
'''


# ---------------------------------------------------------------------------
# Case assembly
# ---------------------------------------------------------------------------

def build_case(number: int, seed: int) -> tuple[dict, dict]:
    """Return (files relative to the case dir, cases.json entry)."""
    rng = random.Random(f"greenlight-oracle:{seed}:{number}")
    case = Case(rng, split=rng.random() < 0.5)
    layout = choose_app_layout(case)

    plan = Plan()
    for part in (plan_debug(case), plan_secret_key(case), plan_secret_key_fallbacks(case),
                 plan_allowed_hosts(case), plan_installed_apps(case, layout.apps),
                 plan_middleware(case, layout.middleware), plan_security_settings(case)):
        plan.extend(part)

    decidable = number % UNDECIDABLE_EVERY != 0
    tail, extra_files = ([], {}) if decidable else undecidable_plan(case)

    if case.split:
        files, module = render_split(case, plan, tail)
    else:
        files, module = render_single(case, plan, tail), "proj.settings"
    files.update(extra_files)
    files["manage.py"] = MANAGE_PY.format(module=module)
    files["proj/__init__.py"] = ""
    files["proj/urls.py"] = "urlpatterns = []\n"

    name = f"case_{number:04d}"
    entry = {"name": name, "settings_module": module, "env": dict(sorted(case.env.items())),
             "features": sorted(case.features), "decidable": decidable}
    return files, entry


def write_case(out_dir: Path, name: str, files: dict) -> None:
    case_dir = out_dir / name
    for rel, text in files.items():
        path = case_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def clean_out_dir(out_dir: Path) -> None:
    """Remove earlier generated cases (only things this tool writes)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for child in out_dir.glob("case_*"):
        if child.is_dir():
            shutil.rmtree(child)
    for stale in ("cases.json", "expected.json"):
        (out_dir / stale).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    clean_out_dir(args.out_dir)
    entries = []
    for number in range(1, args.count + 1):
        files, entry = build_case(number, args.seed)
        write_case(args.out_dir, entry["name"], files)
        entries.append(entry)
    (args.out_dir / "cases.json").write_text(json.dumps(entries, indent=1) + "\n")
    undecidable = sum(not e["decidable"] for e in entries)
    print(f"wrote {len(entries)} cases ({undecidable} undecidable) to {args.out_dir}")


if __name__ == "__main__":
    main()
