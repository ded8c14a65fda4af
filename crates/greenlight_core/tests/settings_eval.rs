//! The settings evaluator on small projects written to a temp dir: each test is
//! one construct settings modules use, with the value Python would compute.

use greenlight_core::project::LoadOptions;
use greenlight_core::settings::Value;
use greenlight_core::{Profile, Project};

fn project(files: &[(&str, &str)], env: &[(&str, &str)]) -> Project {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let mut profile = Profile::new();
    for (k, v) in env {
        profile.set(*k, *v);
    }
    let options = LoadOptions { settings_module: None, profile, ..LoadOptions::default() };
    let project = Project::load(dir.path(), &options).unwrap();
    std::mem::forget(dir);
    project
}

const MANAGE: &str = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n";

fn single(settings: &str, env: &[(&str, &str)]) -> Project {
    project(&[("manage.py", MANAGE), ("proj/__init__.py", ""), ("proj/settings.py", settings)], env)
}

fn value(p: &Project, name: &str) -> Value {
    p.settings.effective(name)
}

fn s(text: &str) -> Value {
    Value::Str(text.into())
}

#[test]
fn literals_and_provenance() {
    let p = single("DEBUG = True\nALLOWED_HOSTS = ['a.com', \"b.com\"]\n", &[]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(true));
    let debug = p.settings.get("DEBUG").unwrap();
    assert_eq!((debug.origin.path.as_str(), debug.origin.line), ("proj/settings.py", 1));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("a.com"), s("b.com")]));
    assert_eq!(value(&p, "SECURE_HSTS_SECONDS"), Value::Int(0), "Django's default");
}

#[test]
fn os_environ_forms() {
    let code = "import os\nDEBUG = os.environ.get('DEBUG', 'False') == 'True'\nA = os.getenv('A', '0') == '1'\n\
                B = os.environ.get('B', '').lower() in ('true', '1', 'yes')\nC = os.environ['C']\n\
                D = 'D' in os.environ\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
    assert_eq!(value(&p, "A"), Value::Bool(false));
    assert_eq!(value(&p, "B"), Value::Bool(false));
    assert!(!value(&p, "C").is_known());
    assert_eq!(value(&p, "D"), Value::Bool(false));
    let p = single(code, &[("DEBUG", "True"), ("A", "1"), ("B", "Yes"), ("C", "x"), ("D", "")]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(true));
    assert_eq!(value(&p, "A"), Value::Bool(true));
    assert_eq!(value(&p, "B"), Value::Bool(true));
    assert_eq!(value(&p, "C"), s("x"));
    assert_eq!(value(&p, "D"), Value::Bool(true));
    let debug = p.settings.get("DEBUG").unwrap();
    assert_eq!(debug.origin.env.as_ref().unwrap().var, "DEBUG");
}

#[test]
fn split_of_empty_env_is_one_empty_host() {
    let p = single("import os\nALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '').split(',')\n", &[]);
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("")]));
    let p = single("import os\nALLOWED_HOSTS = [h.strip() for h in os.environ.get('H', 'a, b').split(',') if h]\n", &[]);
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("a"), s("b")]));
}

#[test]
fn decouple_config_with_defaults_and_casts() {
    let code = "from decouple import config, Csv\nDEBUG = config('DEBUG', default=True, cast=bool)\n\
                SECRET_KEY = config('SECRET_KEY', default='insecure')\n\
                ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='', cast=Csv())\n\
                HSTS = config('HSTS', default=0, cast=int)\nOFF = config('OFF', default='off', cast=bool)\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(true));
    let debug = p.settings.get("DEBUG").unwrap();
    let env = debug.origin.env.as_ref().unwrap();
    assert_eq!((env.var.as_str(), env.present, env.default.clone()), ("DEBUG", false, Some(Value::Bool(true))));
    assert_eq!(value(&p, "SECRET_KEY"), s("insecure"));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![]));
    assert_eq!(value(&p, "HSTS"), Value::Int(0));
    assert_eq!(value(&p, "OFF"), Value::Bool(false));
    let p = single(code, &[("DEBUG", "no"), ("ALLOWED_HOSTS", "a.com, b.com,"), ("HSTS", "3600")]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("a.com"), s("b.com")]));
    assert_eq!(value(&p, "HSTS"), Value::Int(3600));
}

#[test]
fn django_environ_scheme_and_methods() {
    let code = "import environ\nenv = environ.Env(DEBUG=(bool, False), HOSTS=(list, []))\nDEBUG = env('DEBUG')\n\
                ALLOWED_HOSTS = env('HOSTS')\nA = env.bool('A', default=True)\nB = env.list('B', default=['x'])\n\
                C = env.bool('C', default='False')\nD = env.int('D', default=0)\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![]));
    assert_eq!(value(&p, "A"), Value::Bool(true));
    assert_eq!(value(&p, "B"), Value::List(vec![s("x")]));
    // django-environ returns an unparsed default as is: the string 'False' (truthy).
    assert_eq!(value(&p, "C"), s("False"));
    let p = single(code, &[("DEBUG", "on"), ("HOSTS", "a,b"), ("A", "0"), ("C", "False"), ("D", "5")]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(true));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("a"), s("b")]));
    assert_eq!(value(&p, "A"), Value::Bool(false));
    // Equal to the default, so not parsed either.
    assert_eq!(value(&p, "C"), s("False"));
    assert_eq!(value(&p, "D"), Value::Int(5));
}

#[test]
fn split_settings_star_imports_and_mutations() {
    let files = [
        ("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.base')\n"),
        ("proj/__init__.py", ""),
        ("proj/settings/__init__.py", ""),
        (
            "proj/settings/base.py",
            "DEBUG = True\nMIDDLEWARE = ['django.middleware.common.CommonMiddleware']\nINSTALLED_APPS = ('django.contrib.sessions',)\n",
        ),
        (
            "proj/settings/production.py",
            "from .base import *\nDEBUG = False\nMIDDLEWARE.insert(0, 'django.middleware.security.SecurityMiddleware')\n\
             MIDDLEWARE += ['x.Y']\nMIDDLEWARE.remove('x.Y')\nMIDDLEWARE.append('z.Z')\nINSTALLED_APPS += ('accounts',)\n\
             try:\n    from .local import *\nexcept ImportError:\n    LOCAL = False\n",
        ),
        ("accounts/__init__.py", ""),
    ];
    let p = project(&files, &[]);
    assert_eq!(p.settings_module(), "proj.settings.production", "production sibling preferred");
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
    assert_eq!(
        value(&p, "MIDDLEWARE"),
        Value::List(vec![s("django.middleware.security.SecurityMiddleware"), s("django.middleware.common.CommonMiddleware"), s("z.Z")])
    );
    assert_eq!(value(&p, "LOCAL"), Value::Bool(false));
    assert_eq!(p.local_apps.len(), 1);
    assert_eq!(p.local_apps[0].module, "accounts");
    let debug = p.settings.get("DEBUG").unwrap();
    assert_eq!((debug.origin.path.as_str(), debug.origin.line), ("proj/settings/production.py", 2));
}

#[test]
fn local_override_present_is_applied() {
    let files = [
        ("manage.py", MANAGE),
        ("proj/__init__.py", ""),
        ("proj/settings/__init__.py", "DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n"),
        ("proj/settings/local.py", "DEBUG = True\n"),
    ];
    let p = project(&files, &[]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(true));
}

#[test]
fn if_on_known_and_unknown_values() {
    let code = "import os\nDEBUG = os.environ.get('DEBUG') == '1'\nif not DEBUG:\n    SECURE_SSL_REDIRECT = True\nelse:\n    SECURE_SSL_REDIRECT = False\n\
                if os.environ.get('X'):\n    A = 1\nelse:\n    A = 2\nif DEBUG:\n    pass\nelif True:\n    B = 3\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "SECURE_SSL_REDIRECT"), Value::Bool(true));
    assert_eq!(value(&p, "A"), Value::Int(2));
    assert_eq!(value(&p, "B"), Value::Int(3));
    let p = single("from somewhere import flag\nif flag:\n    A = 1\nelse:\n    A = 2\nif flag:\n    C = 5\nelse:\n    C = 5\n", &[]);
    let a = value(&p, "A");
    assert!(!a.is_known(), "{a:?}");
    assert!(a.unknown_reason().unwrap().contains("flag"));
    assert_eq!(value(&p, "C"), Value::Int(5));
}

#[test]
fn try_except_key_error_falls_back() {
    let code = "import os\ntry:\n    SECRET_KEY = os.environ['SECRET_KEY']\nexcept KeyError:\n    SECRET_KEY = 'fallback'\n";
    assert_eq!(value(&single(code, &[]), "SECRET_KEY"), s("fallback"));
    assert_eq!(value(&single(code, &[("SECRET_KEY", "real")]), "SECRET_KEY"), s("real"));
}

#[test]
fn raising_branch_is_not_production() {
    let code = "import os\nfrom django.core.exceptions import ImproperlyConfigured\nfrom x import y\nif y:\n    raise ImproperlyConfigured('no')\nelse:\n    A = 1\n";
    assert_eq!(value(&single(code, &[]), "A"), Value::Int(1));
}

#[test]
fn dict_settings_and_subscript_assignment() {
    let code = "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db'}}\nDATABASES['default']['CONN_MAX_AGE'] = 60\n\
                CACHES = {**{'default': {'BACKEND': 'x'}}}\nDATABASES['default'].update({'NAME': 'prod'})\n";
    let p = single(code, &[]);
    let db = value(&p, "DATABASES");
    let default = db.get_str("default").unwrap();
    assert_eq!(default.get_str("CONN_MAX_AGE"), Some(&Value::Int(60)));
    assert_eq!(default.get_str("NAME"), Some(&s("prod")));
    assert_eq!(value(&p, "CACHES").get_str("default").unwrap().get_str("BACKEND"), Some(&s("x")));
}

#[test]
fn strings_fstrings_and_concatenation() {
    let code = "P = 'django-insecure-'\nSECRET_KEY = P + 'abc'\nN = 'x'\nF = f'{N}-y'\nL = ['a'] + ['b']\nT = ('a',) + ('b',)\nS = 'a' * 3\nINT = int('42')\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "SECRET_KEY"), s("django-insecure-abc"));
    assert_eq!(value(&p, "F"), s("x-y"));
    assert_eq!(value(&p, "L"), Value::List(vec![s("a"), s("b")]));
    assert_eq!(value(&p, "T"), Value::Tuple(vec![s("a"), s("b")]));
    assert_eq!(value(&p, "S"), s("aaa"));
    assert_eq!(value(&p, "INT"), Value::Int(42));
}

#[test]
fn unknown_calls_stay_unknown() {
    let code = "from helpers import compute\nimport json\nDEBUG = compute()\nX = json.loads('1')\ndef f():\n    return True\nY = f()\n";
    let p = single(code, &[]);
    for name in ["DEBUG", "X"] {
        assert!(!value(&p, name).is_known(), "{name}");
    }
    assert_eq!(value(&p, "Y"), Value::Bool(true), "a settings function is evaluated");
}

#[test]
fn circular_star_import_terminates() {
    let files = [
        ("manage.py", MANAGE),
        ("proj/__init__.py", ""),
        ("proj/settings/__init__.py", "from .a import *\nDEBUG = False\n"),
        ("proj/settings/a.py", "from . import *\nfrom proj.settings import *\nA = 1\n"),
    ];
    let p = project(&files, &[]);
    assert_eq!(value(&p, "A"), Value::Int(1));
    assert!(p.notes.iter().any(|n| n.message.contains("circular")), "{:?}", p.notes);
}

#[test]
fn for_loop_over_known_list_is_unrolled() {
    let code = "MIDDLEWARE = []\nfor m in ['a', 'b']:\n    MIDDLEWARE.append(m)\nwhile False:\n    Z = 1\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "MIDDLEWARE"), Value::List(vec![s("a"), s("b")]));
    assert!(!value(&p, "Z").is_known());
}

#[test]
fn settings_module_from_wsgi_wins_over_manage() {
    let files = [
        ("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.dev')\n"),
        ("proj/__init__.py", ""),
        ("proj/wsgi.py", "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.live_settings\")\n"),
        ("proj/dev.py", "DEBUG = True\n"),
        ("proj/live_settings.py", "DEBUG = False\n"),
    ];
    let p = project(&files, &[]);
    assert_eq!(p.settings_module(), "proj.live_settings");
}

#[test]
fn env_vars_are_listed_with_defaults() {
    let code = "import os\nfrom decouple import config\nDEBUG = config('DEBUG', default=True, cast=bool)\nKEY = os.environ['KEY']\n";
    let p = single(code, &[]);
    let names: Vec<(&str, Option<&Value>, Option<&str>)> =
        p.settings.env_vars.iter().map(|u| (u.name.as_str(), u.default.as_ref(), u.setting.as_deref())).collect();
    assert_eq!(names, [("DEBUG", Some(&Value::Bool(true)), Some("DEBUG")), ("KEY", None, Some("KEY"))]);
}

#[test]
fn syntax_error_in_settings_is_a_note_not_a_crash() {
    let p = single("DEBUG = (\n", &[]);
    assert!(p.notes.iter().any(|n| n.path == "proj/settings.py" && n.message.contains("syntax error")), "{:?}", p.notes);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
}

#[test]
fn settings_functions_are_evaluated() {
    let code = "import os\n\ndef envbool(name, default):\n    value = os.getenv(name, default=default)\n    if value not in ('True', 'False'):\n        raise ValueError(name)\n    return value == 'True'\n\n\
                def get_list(text):\n    return [item.strip() for item in text.split(',')]\n\n\
                DEBUG = envbool('DEBUG', 'False')\nALLOWED_HOSTS = get_list(os.environ.get('ALLOWED_HOSTS', 'a.com, b.com'))\n\
                def pick(flag):\n    if flag:\n        return 1\n    return 2\nA = pick(True)\nB = pick(os.environ.get('X'))\n";
    let p = single(code, &[]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
    let debug = p.settings.get("DEBUG").unwrap();
    let env = debug.origin.env.as_ref().expect("the read inside envbool is attributed to DEBUG");
    assert_eq!((env.var.as_str(), env.default.clone()), ("DEBUG", Some(s("False"))));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("a.com"), s("b.com")]));
    assert_eq!(value(&p, "A"), Value::Int(1));
    assert_eq!(value(&p, "B"), Value::Int(2));
    let p = single(code, &[("DEBUG", "True")]);
    assert_eq!(value(&p, "DEBUG"), Value::Bool(true));
    assert!(p.settings.env_vars.iter().any(|u| u.name == "DEBUG" && u.setting.as_deref() == Some("DEBUG")));
}

#[test]
fn unknown_branch_keeps_untouched_unknowns_and_their_reasons() {
    let code = "from helpers import a, b\nX = a()\nif b:\n    Y = 1\n";
    let p = single(code, &[]);
    let reason = value(&p, "X").unknown_reason().unwrap().to_owned();
    assert!(reason.contains("a()") || reason.contains("a imported"), "{reason}");
    assert!(!reason.contains("depends on"), "{reason}");
}

#[test]
fn recursion_in_settings_functions_is_bounded() {
    let p = single("def f(n):\n    return f(n)\nA = f(1)\n", &[]);
    assert!(!value(&p, "A").is_known());
}

/// A test file is kept as its outline (definitions and imports), but settings
/// that live in a test package are still evaluated from the complete file.
#[test]
fn settings_in_a_test_package_are_read_whole() {
    let manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tests.settings')\n";
    let settings = "from tests.base import *\nDEBUG = False\nif True:\n    ALLOWED_HOSTS = ['example.com']\n";
    let p = project(&[("manage.py", manage), ("tests/__init__.py", ""), ("tests/settings.py", settings), ("tests/base.py", "SECRET_KEY = 'x' * 60\n")], &[]);
    let module = p.python_file("tests/settings.py").unwrap();
    assert!(module.is_outlined());
    assert!(module.outline().body.iter().all(|s| s.is_import_from_stmt()), "the outline keeps the import only");
    assert_eq!(value(&p, "DEBUG"), Value::Bool(false));
    assert_eq!(value(&p, "ALLOWED_HOSTS"), Value::List(vec![s("example.com")]));
    assert_eq!(value(&p, "SECRET_KEY"), s(&"x".repeat(60)));
    assert!(!p.python_file("manage.py").unwrap().is_outlined());
}
