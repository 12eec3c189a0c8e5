import datetime as dt

import pytest
from django.db import IntegrityError

from places.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


class TestActiveOrganisations:
    def test_it_counts_an_organisation_with_no_dates_as_active(self):
        organisation = OrganisationFactory()
        assert list(Organisation.objects.active(on=TODAY)) == [organisation]

    def test_it_leaves_out_one_that_ended(self):
        OrganisationFactory(active_to=dt.date(2020, 3, 31))
        assert not Organisation.objects.active(on=TODAY).exists()

    def test_it_leaves_out_one_not_yet_started(self):
        OrganisationFactory(active_from=dt.date(2030, 4, 1))
        assert not Organisation.objects.active(on=TODAY).exists()

    def test_it_leaves_out_one_replaced_by_a_successor_even_without_an_end_date(self):
        successor = OrganisationFactory()
        OrganisationFactory(succeeded_by=successor)
        assert list(Organisation.objects.active(on=TODAY)) == [successor]

    def test_a_replaced_organisation_reads_as_retired(self):
        assert OrganisationFactory(succeeded_by=OrganisationFactory()).is_retired
        assert not OrganisationFactory().is_retired


def test_the_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError):
        OrganisationFactory(active_from=dt.date(2020, 4, 1), active_to=dt.date(2019, 3, 31))
