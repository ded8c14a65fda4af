//! The feature inventory on a small synthetic project that uses every
//! feature: counts per app (models through local bases, function and class
//! views, routes, forms, templates, admin registrations, tests, Celery tasks,
//! Channels consumers), features with evidence, findings per app.

use std::path::Path;

use greenlight_core::project::LoadOptions;
use greenlight_core::{Project, Span};
use greenlight_report::inventory::build_inventory;
use greenlight_rules::{all_rules, Severity};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const SETTINGS: &str = r#"
SECRET_KEY = "x"
USE_I18N = True
AUTH_USER_MODEL = "shop.Customer"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "rest_framework",
    "channels",
    "shop.apps.ShopConfig",
    "chat",
]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r"}}
STRIPE_SECRET_KEY = "sk"
"#;

fn project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_conf.settings')\n");
    write(root, "site_conf/__init__.py", "");
    write(root, "site_conf/settings.py", SETTINGS);
    write(root, "shop/__init__.py", "");
    write(root, "shop/apps.py", "from django.apps import AppConfig\nclass ShopConfig(AppConfig):\n    name = 'shop'\n");
    write(
        root,
        "shop/models.py",
        "from django.db import models\nfrom django.contrib.auth.models import AbstractUser\n\
         class Stamped(models.Model):\n    class Meta:\n        abstract = True\n\
         class Customer(AbstractUser):\n    pass\n\
         class Product(Stamped):\n    image = models.ImageField()\n\
         class NotAModel:\n    pass\n",
    );
    write(
        root,
        "shop/views.py",
        "import stripe\nfrom django.core.mail import send_mail\nfrom django.core.cache import cache\n\
         from django.utils.translation import gettext as _\nfrom django.views.generic import ListView\n\
         from rest_framework import viewsets\n\
         def checkout(request):\n    send_mail('s', _('m'), 'a', ['b'])\n    return cache.get('k')\n\
         def helper(x):\n    return x\n\
         class ProductList(ListView):\n    pass\n\
         class ProductViewSet(viewsets.ModelViewSet):\n    pass\n",
    );
    write(root, "shop/forms.py", "from django import forms\nclass ProductForm(forms.ModelForm):\n    pass\nclass Search(forms.Form):\n    pass\n");
    write(
        root,
        "shop/urls.py",
        "from django.urls import path, re_path\nfrom rest_framework.routers import DefaultRouter\nfrom . import views\n\
         router = DefaultRouter()\nrouter.register('products', views.ProductViewSet)\n\
         urlpatterns = [path('', views.checkout), re_path(r'^x/$', views.checkout)]\n",
    );
    write(
        root,
        "shop/admin.py",
        "from django.contrib import admin\nfrom .models import Customer, Product\nadmin.site.register([Customer, Product])\n\
         @admin.register(Product)\nclass ProductAdmin(admin.ModelAdmin):\n    pass\n",
    );
    write(root, "shop/tasks.py", "from celery import shared_task\n@shared_task\ndef send_receipts():\n    pass\n");
    write(root, "shop/tests/test_views.py", "from django.test import TestCase\nclass T(TestCase):\n    def test_a(self):\n        pass\n    def test_b(self):\n        pass\n    def helper(self):\n        pass\ndef test_c():\n    pass\n");
    write(root, "shop/templates/shop/list.html", "{% load i18n %}{% trans 'Products' %}\n");
    write(root, "shop/templates/shop/detail.html", "<p>x</p>\n");
    write(root, "chat/__init__.py", "");
    write(root, "chat/consumers.py", "from channels.generic.websocket import AsyncWebsocketConsumer\nclass Room(AsyncWebsocketConsumer):\n    pass\n");
    write(root, "chat/schema.py", "import graphene\nclass Query(graphene.ObjectType):\n    pass\n");
    write(root, "chat/migrations/0001_initial.py", "from django.db import migrations, models\nclass Migration(migrations.Migration):\n    operations = []\n");
    let project = Project::load(root, &LoadOptions::default()).unwrap();
    (dir, project)
}

#[test]
fn counts_per_app() {
    let (_dir, project) = project();
    let inventory = build_inventory(&project, &[]);
    let shop = inventory.apps.iter().find(|a| a.label == "shop").unwrap();
    assert_eq!(shop.module, "shop");
    assert_eq!(shop.entry, "shop.apps.ShopConfig");
    assert_eq!(shop.models, 3, "Stamped, Customer (AbstractUser), Product (via the local Stamped)");
    assert_eq!(shop.views, 3, "checkout(request), ProductList, ProductViewSet; not helper(x)");
    assert_eq!(shop.url_routes, 3, "path, re_path and one router registration");
    assert_eq!(shop.forms, 2);
    assert_eq!(shop.templates, 2);
    assert_eq!(shop.admin_registrations, 3, "register([A, B]) is two, @admin.register one");
    assert_eq!(shop.tests, 3, "test_a, test_b, test_c; not helper");
    assert_eq!(shop.celery_tasks, 1);
    let chat = inventory.apps.iter().find(|a| a.label == "chat").unwrap();
    assert_eq!(chat.channels_consumers, 1);
    assert_eq!(chat.models, 0, "migrations are not models");
}

#[test]
fn features_with_evidence() {
    let (_dir, project) = project();
    let inventory = build_inventory(&project, &[]);
    let feature = |key: &str| inventory.features.iter().find(|f| f.key == key).unwrap();
    for key in ["auth", "rest_api", "graphql", "websockets", "background_jobs", "payments", "file_uploads", "email", "caching", "i18n", "admin"] {
        assert!(feature(key).detected, "{key} not detected");
        assert!(!feature(key).evidence.is_empty(), "{key} has no evidence");
    }
    assert!(feature("auth").evidence.iter().any(|e| e.contains("AUTH_USER_MODEL = 'shop.Customer'")));
    assert!(feature("payments").evidence.iter().any(|e| e.starts_with("shop/views.py:1 — imports stripe")));
    assert!(feature("email").apps.contains(&"shop".to_owned()));
    assert_eq!(feature("websockets").apps, ["chat"]);
    assert_eq!(feature("graphql").apps, ["chat"]);
    let shop = inventory.apps.iter().find(|a| a.label == "shop").unwrap();
    for key in ["payments", "email", "caching", "i18n", "file_uploads", "background_jobs", "rest_api"] {
        assert!(shop.features.contains(&key), "shop lacks {key}: {:?}", shop.features);
    }
}

#[test]
fn i18n_needs_use_i18n() {
    let (dir, _) = project();
    let settings = SETTINGS.replace("USE_I18N = True", "USE_I18N = False");
    write(dir.path(), "site_conf/settings.py", &settings);
    let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
    let inventory = build_inventory(&project, &[]);
    assert!(!inventory.features.iter().find(|f| f.key == "i18n").unwrap().detected);
}

#[test]
fn findings_are_counted_per_app_by_severity() {
    let (_dir, project) = project();
    let rule = all_rules()[0];
    let findings = vec![
        rule.finding("shop/views.py", Span::line(3), "a").with_severity(Severity::High),
        rule.finding("shop/models.py", Span::line(3), "b").with_severity(Severity::Low),
        rule.finding("chat/consumers.py", Span::line(2), "c").with_severity(Severity::High),
        rule.finding("site_conf/settings.py", Span::line(2), "d"),
    ];
    let inventory = build_inventory(&project, &findings);
    let shop = inventory.apps.iter().find(|a| a.label == "shop").unwrap();
    assert_eq!(shop.findings, 2);
    assert_eq!(shop.findings_by_severity["high"], 1);
    assert_eq!(shop.findings_by_severity["low"], 1);
    assert_eq!(shop.findings_by_severity["critical"], 0);
}
