"""Email alerts without an account: an address follows a topic (a board, a priority) and gets one digest a day
of what was published about it.

A topic is a key, "<kind>:<rest>" ("board:partnership-board", "priority:plan-slug/p1"). An app registers each kind
in its AppConfig.ready(): what a key is called (None when there is no such public thing) and what was published
about it between two moments, read through `.visible_to(AnonymousUser())`, so a draft or a Part II paper never
reaches an email. The kit imports no app.

Double opt-in: subscribing stores the address and the topic only, and emails a link to confirm; an unconfirmed
subscription sends nothing and is deleted after UNCONFIRMED_KEPT. Every email carries a link (and a
List-Unsubscribe header) that deletes every row of the address. Links are signed, each for one purpose (salt),
so nothing but the address and topic is stored.

Digests go out with the reminders (`manage.py send_reminders`, docs/adr/0025-email-alerts.md): each subscription
records the moment up to which it has been sent (`sent_up_to`), so nothing is sent twice, and AlertDigestSent,
claimed before the email goes, keeps an address to one digest a day however often the command runs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from blmk_portal import throttling
from blmk_portal.models import AlertDigestSent, AlertSubscription

UNCONFIRMED_KEPT = dt.timedelta(days=3)
SUBSCRIPTIONS_PER_ADDRESS = 10  # an hour, from one client address

CONFIRM_SALT = "blmk_portal.alerts.confirm"
UNSUBSCRIBE_SALT = "blmk_portal.alerts.unsubscribe"

DIGEST_SUBJECT = "Your alerts from the BLMK Health and Care Partnership portal"
SIGN_OFF = "BLMK Health and Care Partnership"


def anonymous() -> AnonymousUser:
    """Whom an alert is written for: the public, whatever the subscriber's other roles (they are not known)."""
    return AnonymousUser()


@dataclass(frozen=True)
class Change:
    """One thing published about a topic: when it became public, what it is in words, and where to read it."""

    at: dt.datetime
    text: str  # "Paper 7: Strategic priorities, for the meeting on 9 June 2021"
    path: str


@dataclass(frozen=True)
class Topic:
    """A topic someone may follow, as its app describes it."""

    key: str
    name: str  # "the Partnership Board"
    covers: str  # "new meetings, papers published and minutes confirmed"
    path: str  # its page


@dataclass(frozen=True)
class TopicKind:
    prefix: str  # "board"
    describe: Callable[[str], Topic | None]  # the rest of the key; None when there is no such public thing
    changes: Callable[[str, dt.datetime, dt.datetime], list[Change]]  # rest, after, up to and including


_kinds: dict[str, TopicKind] = {}


def register_topic_kind(kind: TopicKind) -> None:
    _kinds[kind.prefix] = kind


def _split(key: str) -> tuple[TopicKind, str] | None:
    prefix, _, rest = (key or "").partition(":")
    kind = _kinds.get(prefix)
    return (kind, rest) if kind and rest else None


def topic(key: str) -> Topic | None:
    """The public topic the key names, or None."""
    found = _split(key)
    return found[0].describe(found[1]) if found else None


def changes(key: str, after: dt.datetime, up_to: dt.datetime) -> list[Change]:
    found = _split(key)
    if not found:
        return []
    # In time order; things that went public together (a meeting's papers) stay in the order their app gave.
    return sorted(found[0].changes(found[1], after, up_to), key=lambda change: change.at)


def normalise(email: str) -> str:
    return email.strip().lower()


# Links ------------------------------------------------------------------------------------------------------------


def confirm_token(email: str, key: str) -> str:
    return signing.dumps({"email": normalise(email), "topic": key}, salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(email: str) -> str:
    return signing.dumps(normalise(email), salt=UNSUBSCRIBE_SALT, compress=True)


def confirmation_from(token: str) -> tuple[str, str] | None:
    """(address, topic) from a confirmation link made within UNCONFIRMED_KEPT; None if forged, expired or another
    kind of link."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=UNCONFIRMED_KEPT)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("email"), str)
        or not isinstance(value.get("topic"), str)
    ):
        return None
    return value["email"], value["topic"]


def address_from(token: str) -> str | None:
    """The address an unsubscribe link was made for; None if forged or another kind of link. It never expires:
    an old email's link must still stop the alerts."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def unsubscribe_url(email: str) -> str:
    return settings.PORTAL_URL + reverse("alerts_unsubscribe", kwargs={"token": unsubscribe_token(email)})


def confirm_url(email: str, key: str) -> str:
    return settings.PORTAL_URL + reverse("alerts_confirm", kwargs={"token": confirm_token(email, key)})


# Throttling -------------------------------------------------------------------------------------------------------


def subscription_allowed(request: HttpRequest) -> bool:
    """Count one subscription request from this client; False once it has asked too often this hour (each one
    may email a stranger's address)."""
    return throttling.allowed_this_hour(request, "alert-subscriptions", SUBSCRIPTIONS_PER_ADDRESS)


# Services ---------------------------------------------------------------------------------------------------------


def subscription_request(*, email: str, key: str) -> None:
    """Ask `email` to confirm alerts on the topic. An address already confirmed for it is sent nothing (so the
    form cannot be used to flood it); the page says the same either way."""
    followed = topic(key)
    if followed is None:
        raise ValueError(f"No public topic {key!r}")
    email = normalise(email)
    with transaction.atomic():
        subscription, _ = AlertSubscription.objects.get_or_create(email=email, topic=key)
        if subscription.confirmed_at is not None:
            return
        # A fresh request restarts the few days an unconfirmed subscription is kept.
        subscription.created_at = timezone.now()
        subscription.save(update_fields=["created_at"])
    _send(email, f"Confirm your email alerts about {followed.name}", confirmation_body(email, followed))


def subscription_confirm(*, email: str, key: str) -> Topic | None:
    """Start sending the topic's alerts to the address, from now on. None when there is nothing to confirm (it
    was deleted, or the topic is no longer public); confirming again changes nothing."""
    followed = topic(key)
    if followed is None:
        return None
    now = timezone.now()
    updated = AlertSubscription.objects.filter(email=email, topic=key, confirmed_at__isnull=True).update(
        confirmed_at=now, sent_up_to=now
    )
    if updated or AlertSubscription.objects.filter(email=email, topic=key).exists():
        return followed
    return None


def unsubscribe(*, email: str) -> int:
    """Forget the address: every alert it follows and the log of its digests. The number of alerts it had."""
    with transaction.atomic():
        removed, _ = AlertSubscription.objects.filter(email=email).delete()
        AlertDigestSent.objects.filter(email=email).delete()
    return removed


def unconfirmed_removal(now: dt.datetime | None = None) -> int:
    """Delete subscriptions nobody confirmed within UNCONFIRMED_KEPT."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT
    removed, _ = AlertSubscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return removed


# Digests ----------------------------------------------------------------------------------------------------------


@dataclass
class Digests:
    """What a run did: the addresses emailed, those passed over because they had had their digest that day, and
    the unconfirmed subscriptions deleted."""

    emailed: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    unconfirmed_removed: int = 0


def send_alert_digests(now: dt.datetime | None = None) -> Digests:
    """Email each confirmed address once today with what was published on its topics since its last digest."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = Digests(unconfirmed_removed=unconfirmed_removal(now))
    subscriptions = list(AlertSubscription.objects.filter(confirmed_at__isnull=False, sent_up_to__lt=now))
    by_topic: dict[str, list[AlertSubscription]] = defaultdict(list)
    for subscription in subscriptions:
        by_topic[subscription.topic].append(subscription)
    sections: dict[str, list[tuple[Topic, list[Change]]]] = defaultdict(list)
    covered: dict[str, list[int]] = defaultdict(list)
    for key, followers in by_topic.items():
        followed = topic(key)
        if followed is None:
            continue
        published = changes(key, min(s.sent_up_to for s in followers), now)
        for subscription in followers:
            news = [change for change in published if change.at > subscription.sent_up_to]
            if news:
                sections[subscription.email].append((followed, news))
                covered[subscription.email].append(subscription.pk)
    already = set(AlertDigestSent.objects.filter(day=today, email__in=list(sections)).values_list("email", flat=True))
    for email in sorted(sections):
        topics = sorted(sections[email], key=lambda section: section[0].name)
        if email in already or not _send_digest_once(email, today, now, covered[email], topics):
            done.already.append(email)
        else:
            done.emailed.append(email)
    return done


def _send_digest_once(
    email: str, today: dt.date, now: dt.datetime, subscriptions: list[int], topics: list[tuple[Topic, list[Change]]]
) -> bool:
    """Claim the day's log row and mark what is sent, then send: if sending fails, all of it goes, so the next
    run tries again. False when another run claimed the day first."""
    try:
        with transaction.atomic():
            AlertDigestSent.objects.create(email=email, day=today)
            AlertSubscription.objects.filter(pk__in=subscriptions).update(sent_up_to=now)
            _send(email, DIGEST_SUBJECT, digest_body(email, topics))
    except IntegrityError:
        return False
    return True


def _send(email: str, subject: str, body: str) -> None:
    link = unsubscribe_url(email)
    message = EmailMessage(
        subject,
        body,
        None,
        [email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


# Words ------------------------------------------------------------------------------------------------------------


def confirmation_body(email: str, followed: Topic) -> str:
    return "\n".join(
        [
            f"Someone, we hope you, asked for email alerts about {followed.name} to be sent to this address: "
            f"{followed.covers}.",
            "",
            "To start them, confirm with this link:",
            confirm_url(email, followed.key),
            "",
            f"If you did not ask, ignore this email: nothing will be sent, and we will forget this address within "
            f"{UNCONFIRMED_KEPT.days} days.",
            "",
            "To stop every alert email to this address:",
            unsubscribe_url(email),
            "",
            SIGN_OFF,
        ]
    )


def digest_body(email: str, topics: list[tuple[Topic, list[Change]]]) -> str:
    parts = ["This is what the partnership has published since we last emailed you."]
    for followed, news in topics:
        parts += ["", _sentence_case(followed.name), *(f"- {c.text}: {settings.PORTAL_URL}{c.path}" for c in news)]
    parts += [
        "",
        "You get at most one alert email a day, and none when nothing new is published.",
        "To stop every alert email to this address, with one click:",
        unsubscribe_url(email),
        "",
        SIGN_OFF,
    ]
    return "\n".join(parts)


def _sentence_case(name: str) -> str:
    return name[:1].upper() + name[1:]
