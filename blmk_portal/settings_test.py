"""Settings for the test suite: the real settings, plain HTTP, and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("DEBUG", "False")
# Playwright drives the browser from the test thread while live_server serves Django in another.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from blmk_portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# live_server serves static files through the finders, which know only the unhashed names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# A record type made only for the kit's tests (tests/kitapp): it has every part of the kit at once.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.kitapp"]  # noqa: F405

# Each test run keeps its cache in its own process: the file cache under var/ is shared by every run in the
# checkout, which empty it between tests (tests/conftest.py). tests/portal/test_page_cache.py tries the file one.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache is off for tests that count the queries of rendering a page; it is on for the page cache's own
# tests (tests/portal/test_page_cache.py, test_two_servers.py, tests/browser/test_page_cache_journey.py).
PAGE_CACHE = False

# Tasks run as they are queued, so a test reads their result at once; tests/governance/test_pack_builds.py runs
# the real queue and worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
