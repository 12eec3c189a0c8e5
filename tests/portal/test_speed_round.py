"""The reporting round draws only what it shows (ADR 28): its priority filter offers every priority of the current
plans by code, title and plan, and reads nothing else of them (a description is pages of markdown)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from priorities.models import Plan
from tests.factories import PlanFactory, PriorityFactory

LONG_DESCRIPTION = "A description no filter needs. " * 200


@pytest.fixture
def current_priorities(db):
    plan = PlanFactory(title="Joint Forward Plan", state=Plan.State.CURRENT)
    return [
        PriorityFactory(plan=plan, code=f"P{number}", title=f"Priority {number}", description=LONG_DESCRIPTION)
        for number in range(1, 4)
    ]


def test_the_round_offers_each_current_priority_by_code_title_and_plan(client_for, staff_user, current_priorities):
    response = client_for(staff_user).get(reverse("priorities:reporting_round"))
    page = response.content.decode()
    for priority in current_priorities:
        option = rf'<option value="{priority.pk}"\s*>{priority.code} {priority.title} \(Joint Forward Plan\)</option>'
        assert re.search(option, page)
    assert "A description no filter needs." not in page


def test_the_round_reads_no_priority_description_for_its_filter(client_for, staff_user, current_priorities):
    client = client_for(staff_user)
    client.get(reverse("priorities:reporting_round"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("priorities:reporting_round")).status_code == 200
    priority_reads = [q["sql"] for q in captured.captured_queries if 'FROM "priorities_priority"' in q["sql"]]
    assert priority_reads, "the filter reads the priorities"
    assert not [sql for sql in priority_reads if '"priorities_priority"."description"' in sql]


def test_a_priority_chosen_in_the_filter_stays_chosen(client_for, staff_user, current_priorities):
    chosen = current_priorities[0]
    response = client_for(staff_user).get(reverse("priorities:reporting_round"), {"priority": chosen.pk, "show": "all"})
    assert response.status_code == 200
    assert re.search(rf'<option value="{chosen.pk}" selected\s*>', response.content.decode())
