"""Boards and the people who sit on them. Meetings, papers and minutes build on these."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from places.models import Organisation


class Person(models.Model):
    """Someone named in the papers: a board member, a lead or an officer. Names and roles as printed."""

    name = models.CharField(max_length=200)
    role_title = models.CharField(max_length=300, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(started__isnull=True) | Q(started__lte=today)).filter(
            Q(ended__isnull=True) | Q(ended__gte=today)
        )


class Membership(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=200, blank=True, help_text="As printed, e.g. Chair, Voting member")
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.person} on {self.board}"
