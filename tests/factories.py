from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from blmk_portal.publication import Status
from blmk_portal.rag import Rag
from blmk_portal.roles import PROGRAMME_OFFICE_GROUP
from governance.models import AgendaItem, Board, Meeting, Membership, Paper, Person, TermsOfReference
from places.models import Organisation, Place
from priorities.models import Milestone, Plan, Priority, Programme, Risk, SignOff, StatusUpdate

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def programme_office(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0])
        if create:
            self.save()


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    population = 100_000
    population_year = 2015


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.ACUTE_TRUST


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    board = factory.SubFactory(BoardFactory)
    person = factory.SubFactory(PersonFactory)
    role = "Member"


class TermsOfReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermsOfReference

    board = factory.SubFactory(BoardFactory)
    version_number = factory.Sequence(lambda n: f"0.{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.Sequence(lambda n: dt.date(2021, 1, 1) + dt.timedelta(days=n))
    status = Status.PUBLISHED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    order = factory.Sequence(lambda n: n)


class PaperFactory(factory.django.DjangoModelFactory):
    """A paper for an item of a meeting (the item's meeting unless one is given)."""

    class Meta:
        model = Paper
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    reference = factory.Sequence(lambda n: f"Paper {n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        self.items.set(extracted if extracted is not None else [AgendaItemFactory(meeting=self.meeting)])


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Plan {n}")
    period = "2026/27"
    status = Status.PUBLISHED


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    slug = factory.LazyAttribute(lambda priority: priority.code.lower())
    title = factory.Sequence(lambda n: f"Priority {n}")
    status = Status.PUBLISHED


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    status = Status.PUBLISHED


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate
        skip_postgeneration_save = True

    milestone = factory.SubFactory(MilestoneFactory)
    rag = Rag.GREEN
    reporting_period = "2026/27 Q3"
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def signed_off(update, create, extracted, **kwargs):
        """Its programme signed off for its period (so the public see it) unless made with signed_off=False."""
        if create and extracted is not False:
            SignOff.objects.get_or_create(
                programme=update.milestone.programme,
                reporting_period=update.reporting_period,
                defaults={"signed_off_as": SignOff.As.PROGRAMME_OFFICE, "by": update.author},
            )


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    title = factory.Sequence(lambda n: f"Risk {n}")
    programme = None
    # A risk on a programme threatens that programme's priority.
    priority = factory.Maybe(
        "programme",
        yes_declaration=factory.SelfAttribute("programme.priority"),
        no_declaration=factory.SubFactory(PriorityFactory),
    )
    inherent_likelihood = 4
    inherent_consequence = 5
    current_likelihood = 3
    current_consequence = 4
    target_likelihood = 2
    target_consequence = 2
