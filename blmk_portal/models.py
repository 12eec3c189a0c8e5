from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class EmailUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):  # type: ignore[override]
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in, known by their email address.

    Roles come from groups and board memberships (see roles.py), not from flags on the user.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class SourceDocument(models.Model):
    """A published document that fixture figures and names are quoted from (see fixtures/ and shared seeds)."""

    key = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    file = models.CharField("seed file", max_length=200, blank=True)
    published = models.CharField("published", max_length=100, blank=True, help_text="As printed, e.g. October 2016")

    def __str__(self) -> str:
        return f"{self.title} ({self.published})" if self.published else self.title
