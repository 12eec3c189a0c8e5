"""Where the plan's reported status and the indicator's statistics disagree: every reported status against every
variation and assurance that matters, and the words people read."""

from __future__ import annotations

import pytest

from blmk_portal.rag import Rag
from dashboards.agreement_rules import disagreement
from dashboards.spc import Assurance, Variation


@pytest.mark.parametrize("variation", [Variation.CONCERN_HIGH, Variation.CONCERN_LOW])
def test_green_with_special_cause_concern_disagrees(variation):
    found = disagreement(Rag.GREEN, variation, Assurance.INCONSISTENT)
    assert found is not None
    assert found.words == "Reported Green, but the indicator shows special cause concern."


def test_green_with_failing_assurance_disagrees_even_in_common_cause():
    found = disagreement("green", "common_cause", "fail")
    assert found.words == "Reported Green, but the indicator says the target will not be met without change."


def test_green_with_concern_and_failing_assurance_says_both():
    found = disagreement(Rag.GREEN, Variation.CONCERN_LOW, Assurance.FAIL)
    assert found.words == (
        "Reported Green, but the indicator shows special cause concern and says the target will not be met "
        "without change."
    )
    assert found.reported == Rag.GREEN


@pytest.mark.parametrize("variation", [Variation.IMPROVEMENT_HIGH, Variation.IMPROVEMENT_LOW])
def test_red_with_special_cause_improvement_disagrees(variation):
    assert disagreement(Rag.RED, variation, None).words == (
        "Reported Red, but the indicator shows special cause improvement."
    )


def test_red_with_passing_assurance_disagrees():
    assert disagreement(Rag.RED, Variation.COMMON_CAUSE, Assurance.PASS).words == (
        "Reported Red, but the indicator says the target will be met consistently."
    )


@pytest.mark.parametrize(
    ("reported", "variation", "assurance"),
    [
        (Rag.GREEN, Variation.IMPROVEMENT_HIGH, Assurance.PASS),  # both say well
        (Rag.GREEN, Variation.COMMON_CAUSE, Assurance.INCONSISTENT),  # hit and missed at random: no quarrel
        (Rag.GREEN, Variation.NEUTRAL_LOW, None),  # neither better nor worse
        (Rag.RED, Variation.CONCERN_LOW, Assurance.FAIL),  # both say badly
        (Rag.RED, Variation.COMMON_CAUSE, Assurance.INCONSISTENT),
        (Rag.AMBER, Variation.CONCERN_LOW, Assurance.FAIL),  # Amber already says not quite
        (Rag.AMBER, Variation.IMPROVEMENT_HIGH, Assurance.PASS),
        (Rag.BLUE, Variation.CONCERN_LOW, Assurance.FAIL),  # complete: the work is done
        (Rag.GREY, Variation.CONCERN_LOW, Assurance.FAIL),  # not reported: nothing to disagree with
        (None, Variation.CONCERN_LOW, Assurance.FAIL),
        (Rag.GREEN, None, None),  # too few values for the statistics to say anything
        (Rag.RED, None, None),
    ],
)
def test_agreement_or_silence_is_not_flagged(reported, variation, assurance):
    assert disagreement(reported, variation, assurance) is None
