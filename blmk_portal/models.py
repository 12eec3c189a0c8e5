from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class EmailUserManager(UserManager):
    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # People type their address in any case; one address is one account.
        return (email or "").strip().lower()

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

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_in_any_case")]

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


class Submission(models.Model):
    """A form that created something, by the one-time token it carried (see edit_views.form_page).

    The same form sent twice (a double click, Back and send again, a retry) finds its token here and is
    shown what the first send made, instead of making it again.
    """

    token = models.UUIDField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"Submission {self.token}"

    @property
    def result(self) -> models.Model | None:
        if self.content_type is None:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class AccountEvent(models.Model):
    """What happened to a sign-in, for the record: a link to set a password sent (by whom), a password set.

    The links themselves are never stored: their tokens are worked out again when used (accounts.py).
    """

    class Kind(models.TextChoices):
        INVITED = "invited", "Invitation to sign in sent"
        RESET_LINK_SENT = "reset_link_sent", "Link to reset the password sent"
        PASSWORD_SET = "password_set", "Password set"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who sent it; empty when the person asked for it themselves",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "kind", "-at"], name="account_event_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} on {self.at:%Y-%m-%d %H:%M}"


class ContentGeneration(models.Model):
    """The content generation (generation.py): one row, id 1, made by the first write."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Content generation {self.value}"


class ReminderSent(models.Model):
    """One reminder email to one person on one day (blmk_portal/reminders.py): the row is claimed before the email
    goes, so however often the command runs, a person gets at most one a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sources = models.CharField(max_length=200, help_text="What it reminded them of, e.g. actions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_reminder_a_person_a_day")]

    def __str__(self) -> str:
        return f"Reminder to {self.user} on {self.day}"


class AlertSubscription(models.Model):
    """An email address following one topic (blmk_portal/alerts.py), e.g. "board:partnership-board".

    Nothing but the address is kept: no name, no account. Unconfirmed rows send nothing and are deleted after a
    few days; unsubscribing deletes every row of the address.
    """

    email = models.EmailField(max_length=254)
    topic = models.CharField(max_length=200, help_text='A registered topic key, e.g. "board:partnership-board"')
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    sent_up_to = models.DateTimeField(
        null=True, blank=True, help_text="Changes up to this moment have been emailed, or came before the confirmation"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email", "topic"], name="one_alert_an_address_a_topic")]

    def __str__(self) -> str:
        return f"Alert for {self.email} on {self.topic}"


class AlertDigestSent(models.Model):
    """One digest email to one address on one day: claimed before the email goes, as ReminderSent is."""

    email = models.EmailField(max_length=254)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email", "day"], name="one_alert_digest_an_address_a_day")]

    def __str__(self) -> str:
        return f"Alert digest to {self.email} on {self.day}"


class SearchEntry(models.Model):
    """One searchable record's text, kept by blmk_portal/search.py: its title, and all its words weighted
    (title A, summary B, body C). Who may see it is never kept here: a search reads through each kind's
    `visible_to`, so the entry of a draft or Part II record is found only by those who may read the record."""

    kind = models.CharField(max_length=40, help_text="A registered kind's key, e.g. paper")
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=1000)
    text = models.TextField(help_text="Title, summary and body as plain text, for the highlighted extract")
    document = SearchVectorField()

    class Meta:
        # The record's id first: an index led by kind would tempt the planner away from the GIN index.
        constraints = [models.UniqueConstraint(fields=["object_id", "kind"], name="one_search_entry_a_record")]
        indexes = [GinIndex(fields=["document"], name="search_entry_document")]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchStale(models.Model):
    """A record whose entry must be written again before the next search reads the index: put here by a database
    trigger in the same transaction as the write that changed it, whatever path the write took."""

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_stale_mark_a_record")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} (to index again)"


class FileText(models.Model):
    """The words of an uploaded file (PDF or Word), read once when it was uploaded and kept by its content's
    SHA-256, so rebuilding the index never reads a file again."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    text = models.TextField(blank=True)
    read_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Text of the file {self.sha256[:12]}"
