"""Whether the default cache is one every worker and server shares, so that what one of them removes from it
is gone for all. A cache in each process's own memory is not: a signed-out session or a role taken away would
live on in the other workers. What must be forgotten everywhere at once is kept only in a shared cache."""

from __future__ import annotations

from django.conf import settings

PROCESS_LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def is_shared() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_BACKENDS
