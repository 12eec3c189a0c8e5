"""Every form of the portal, not just every kind of field, speaks in NHS wording: no Django default message."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser

from blmk_portal import forms as nhs
from blmk_portal.identity import RECORDS
from dashboards.forms import UploadForm
from governance.action_forms import ActionFilters, ActionForm, ClosureForm, OwnerUpdateForm
from governance.forms import AgendaItemForm, AttendanceForm, DeclarationForm, PaperForm, PlannedItemForm
from governance.minutes_forms import ConfirmMinutesForm, DecisionFilters, ResolutionForm
from governance.models import Minute, Minutes
from places.forms import RetireForm
from places.views import OrganisationFilters
from priorities.forms import SignOffForm, StatusUpdateForm, WithdrawForm
from priorities.views.manage import RoundFilters
from priorities.views.risks import RiskFilters
from tests.factories import AgendaItemFactory, MeetingFactory, OrganisationFactory
from tests.portal.test_forms import django_default_messages

pytestmark = pytest.mark.django_db


def forms_of_the_portal() -> dict[str, Callable[..., nhs.Form]]:
    """Each form the portal shows, by name, as a function of the data it is sent."""
    organisation = OrganisationFactory()
    made = {record.form.__name__: record.form for record in RECORDS.values()}
    made |= {
        form.__name__: form
        for form in (
            StatusUpdateForm,
            WithdrawForm,
            SignOffForm,
            OrganisationFilters,
            RoundFilters,
            RiskFilters,
            OwnerUpdateForm,
            ClosureForm,
            ActionFilters,
            UploadForm,
        )
    }
    made["RetireForm"] = lambda data=None: RetireForm(data, organisation=organisation)
    meeting = MeetingFactory()
    made["AgendaItemForm"] = lambda data=None: AgendaItemForm(data, meeting=meeting)
    made["PaperForm"] = lambda data=None: PaperForm(data, meeting=meeting)
    made["AttendanceForm"] = lambda data=None: AttendanceForm(data, meeting=meeting)
    item = AgendaItemFactory(meeting=meeting)
    made["DeclarationForm"] = lambda data=None: DeclarationForm(data, item=item)
    made["DecisionFilters"] = lambda data=None: DecisionFilters(data, user=AnonymousUser())
    made["ActionForm"] = lambda data=None: ActionForm(data, meeting=meeting)
    made["PlannedItemForm"] = lambda data=None: PlannedItemForm(data, board=meeting.board)
    minutes = Minutes.objects.create(meeting=meeting)
    minute = Minute.objects.create(minutes=minutes, item=item, outcome=Minute.Outcome.AGREED)
    made["ResolutionForm"] = lambda data=None: ResolutionForm(data, minute=minute)
    later = MeetingFactory(board=meeting.board)
    made["ConfirmMinutesForm"] = lambda data=None: ConfirmMinutesForm(
        data, choices=Minutes.objects.filter(pk=minutes.pk), at=later
    )
    return made


def sent(form: nhs.Form, value: str) -> dict[str, str]:
    """The form sent with `value` in every box it has (a date has three); files travel apart, unsent."""
    boxes = [name for name, field in form.fields.items() if not isinstance(field, nhs.FileField)]
    return {key: value for name in boxes for key in form.data_for(name, None)}


def test_every_form_is_a_portal_form_with_nhs_fields():
    for name, make in forms_of_the_portal().items():
        form = make()
        assert isinstance(form, nhs.Form), name
        for field_name, field in form.fields.items():
            assert isinstance(field, nhs.NHSField), f"{name}.{field_name}"


@pytest.mark.parametrize("value", ["", "  ", "x" * 20_001, "9" * 40])
def test_no_form_of_the_portal_shows_djangos_wording(value):
    patterns = django_default_messages()
    refused = 0
    for name, make in forms_of_the_portal().items():
        form = make(sent(make(), value))
        form.is_valid()
        for field_name, messages in form.errors.items():
            for message in messages:
                refused += 1
                leaked = [pattern.pattern for pattern in patterns if pattern.search(message)]
                assert not leaked, f"{name}.{field_name}: {message!r}"
    assert refused > 10  # the forms did refuse what they were sent, so their wording was read
