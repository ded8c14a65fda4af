#!/usr/bin/env python
"""The probe test site: one tiny Django app, served insecurely
(djsite.settings_insecure) or hardened behind nginx (djsite.settings_hardened)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djsite.settings_insecure")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
