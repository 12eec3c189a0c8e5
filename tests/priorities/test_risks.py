"""A risk register people trust (issue 8): scores with their descriptors worked out as chosen, with and without
JavaScript; nothing chosen for the person; a programme only of the risk's priority and a target no worse than the
current score; owner, review date, overdue reviews, sorting, closed risks apart, CSV and XLSX; the public rule
for risks on a programme; who may see the register and its downloads.

Risk titles are risks the seeds name in words (the 2021 pack and the 2018 operating plan); the seeds score none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from blmk_portal import spreadsheets
from blmk_portal.publication import Audience, Status
from priorities import services
from priorities.forms import RiskForm
from priorities.models import Risk
from priorities.presenters import RiskPresenter, risk_matrix
from priorities.risk_rules import (
    CONSEQUENCE,
    DEFAULT_RISK_BANDS,
    LIKELIHOOD,
    RiskBand,
    Score,
    chosen_score,
    review_overdue,
    risk_band,
    target_refusal,
)
from tests.access import READERS, SIGN_IN, STAFF_ONLY, check_reader
from tests.factories import PlanFactory, PriorityFactory, ProgrammeFactory, RiskFactory
from tests.forms import token_of

pytestmark = pytest.mark.django_db

# As the seeds word them (003 Partnership Board pack 2021, 001 operating plan 2018/19).
PROGRESS = "Risk that we are not making sufficient progress against delivery of our priorities"
SUBSIDIARITY = "Risk that we are not taking an approach that aligns with the principle of subsidiarity"
WORKFORCE = "Workforce expansion and vacancies"
ACTIVITY = "Activity volumes, particularly non-elective, exceed planned levels"

NEW = "/manage/priorities/risks/new/"
REGISTER = "/manage/priorities/risks/"


def scores(inherent=(4, 4), current=(3, 4), target=(2, 2)) -> dict[str, str]:
    """The six boxes as the form sends them."""
    chosen = {"inherent": inherent, "current": current, "target": target}
    return {
        f"{which}_{scale}": str(pair[index])
        for which, pair in chosen.items()
        for index, scale in enumerate(("likelihood", "consequence"))
    }


def score_values(**chosen) -> dict[str, int]:
    return {name: int(value) for name, value in scores(**chosen).items()}


def a_new_risk(priority, **fields) -> dict[str, str]:
    return {
        "title": PROGRESS,
        "state": "open",
        "audience": "public",
        "priority": str(priority.pk),
        "submission": str(uuid.uuid4()),
        **scores(),
        **fields,
    }


def squash(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def priority():
    plan = PlanFactory(slug="plan", title="Strategic priorities 2021/22")
    return PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")


# ---- The rules ----

# Every score a 5x5 matrix can give (likelihood x consequence), with its default band.
POSSIBLE_SCORES = sorted({likelihood * consequence for likelihood in range(1, 6) for consequence in range(1, 6)})
EXPECTED_BANDS = {
    1: ("Low", "green"),
    2: ("Low", "green"),
    3: ("Low", "green"),
    4: ("Moderate", "yellow"),
    5: ("Moderate", "yellow"),
    6: ("Moderate", "yellow"),
    8: ("High", "orange"),
    9: ("High", "orange"),
    10: ("High", "orange"),
    12: ("High", "orange"),
    15: ("Extreme", "red"),
    16: ("Extreme", "red"),
    20: ("Extreme", "red"),
    25: ("Extreme", "red"),
}


class TestTheScales:
    def test_likelihood_runs_from_rare_to_almost_certain(self):
        assert [level.name for level in LIKELIHOOD.values()] == [
            "Rare",
            "Unlikely",
            "Possible",
            "Likely",
            "Almost certain",
        ]

    def test_consequence_runs_from_negligible_to_catastrophic(self):
        assert [level.name for level in CONSEQUENCE.values()] == [
            "Negligible",
            "Minor",
            "Moderate",
            "Major",
            "Catastrophic",
        ]

    @pytest.mark.parametrize("scale", [LIKELIHOOD, CONSEQUENCE])
    def test_every_step_is_numbered_1_to_5_and_says_what_it_means(self, scale):
        assert list(scale) == [1, 2, 3, 4, 5]
        for number, level in scale.items():
            assert level.number == number
            assert len(level.descriptor) > 20
            assert level.choice_text == f"{number} {level.name}: {level.descriptor}"
        assert len({level.descriptor for level in scale.values()}) == 5


class TestRiskBand:
    def test_the_possible_scores_are_the_fourteen_products_of_1_to_5(self):
        assert sorted(EXPECTED_BANDS) == POSSIBLE_SCORES

    @pytest.mark.parametrize("score", POSSIBLE_SCORES)
    def test_each_possible_score_falls_in_its_default_band(self, score):
        band = risk_band(score)
        assert (band.label, band.colour) == EXPECTED_BANDS[score]
        assert band.lowest <= score <= band.highest

    @pytest.mark.parametrize(("score", "label"), [(7, "High"), (11, "High"), (13, "Extreme"), (14, "Extreme")])
    def test_a_score_between_bands_goes_to_the_higher_band(self, score, label):
        assert risk_band(score).label == label

    def test_the_default_bands_are_the_npsa_ones(self):
        assert [(b.label, b.lowest, b.highest, b.colour) for b in DEFAULT_RISK_BANDS] == [
            ("Low", 1, 3, "green"),
            ("Moderate", 4, 6, "yellow"),
            ("High", 8, 12, "orange"),
            ("Extreme", 15, 25, "red"),
        ]

    def test_a_local_policy_in_settings_replaces_the_bands(self, settings):
        settings.RISK_BANDS = (RiskBand("Acceptable", 1, 9, "green"), RiskBand("Unacceptable", 10, 25, "red"))
        assert risk_band(9).label == "Acceptable"
        assert risk_band(10).label == "Unacceptable"
        assert Score(2, 5).short == "10 Unacceptable"

    def test_a_risk_shows_its_score_band_and_factors_in_words(self):
        risk = RiskFactory.build(current_likelihood=3, current_consequence=4)
        assert RiskPresenter(risk).current["text"] == "12 (High): likelihood 3 Possible x consequence 4 Major"
        assert RiskPresenter(risk).current["tag"] == {"text": "12 High", "classes": "nhsuk-tag--orange"}

    def test_the_matrix_has_likelihood_5_on_top_and_counts_each_cell(self):
        matrix = risk_matrix({(5, 5): 2, (1, 3): 1})
        assert [row[0]["likelihood"] for row in matrix] == [5, 4, 3, 2, 1]
        assert [cell["consequence"] for cell in matrix[0]] == [1, 2, 3, 4, 5]
        assert matrix[0][4]["count"] == 2
        assert matrix[0][4]["band"].label == "Extreme"
        assert matrix[4][2]["count"] == 1
        assert sum(cell["count"] for row in matrix for cell in row) == 3

    def test_the_matrix_names_each_likelihood_and_consequence_as_the_form_does(self, client_for, staff_user):
        page = client_for(staff_user).get("/manage/priorities/risks/").content.decode()
        assert 'Likelihood 5<br><span class="nhsuk-body-s">Almost certain</span>' in page
        assert 'Consequence 1<br><span class="nhsuk-body-s">Negligible</span>' in page
        assert 'Likelihood 5<br><span class="nhsuk-body-s">Rare' not in page


class TestScoreRules:
    @pytest.mark.parametrize(
        ("likelihood", "consequence", "expected"),
        [("3", "4", Score(3, 4)), (5, 5, Score(5, 5)), ("", "4", None), ("3", None, None), ("6", "1", None)],
    )
    def test_a_score_is_worked_out_only_once_both_boxes_hold_1_to_5(self, likelihood, consequence, expected):
        assert chosen_score(likelihood, consequence) == expected

    def test_a_score_reads_as_number_band_and_both_factors_named(self):
        assert Score(3, 4).text == "12 (High): likelihood 3 Possible x consequence 4 Major"
        assert Score(5, 1).short == "5 Moderate"

    @pytest.mark.parametrize(("current", "target"), [((3, 4), (3, 4)), ((3, 4), (2, 5)), ((3, 4), (1, 1))])
    def test_a_target_may_equal_the_current_score_or_be_better(self, current, target):
        assert target_refusal(Score(*current), Score(*target)) is None

    def test_a_target_worse_than_the_current_score_is_refused_in_words(self):
        refusal = target_refusal(Score(3, 4), Score(4, 4))
        assert refusal.startswith("The target score (16 Extreme) is worse than the current score (12 High)")

    @pytest.mark.parametrize(
        ("review_date", "is_open", "overdue"),
        [
            (dt.date(2026, 6, 29), True, True),
            (dt.date(2026, 6, 30), True, False),  # due today is not yet overdue
            (dt.date(2026, 7, 1), True, False),
            (dt.date(2026, 6, 1), False, False),  # a closed risk is reviewed no more
            (None, True, False),
        ],
    )
    def test_a_review_is_overdue_once_its_date_has_passed_on_an_open_risk(self, review_date, is_open, overdue):
        assert review_overdue(review_date, is_open=is_open, today=dt.date(2026, 6, 30)) is overdue


# ---- The services ----


class TestTheServicesRefuse:
    def test_a_target_worse_than_the_current_score_and_saves_nothing(self, priority, staff_user):
        values = {"title": WORKFORCE, "priority": priority, **score_values(current=(3, 4), target=(4, 4))}
        with pytest.raises(ValidationError) as error:
            services.risk_create(values=values, by=staff_user)
        (message,) = error.value.message_dict["target_likelihood"]
        assert message.startswith("The target score (16 Extreme) is worse than the current score (12 High)")
        assert not Risk.objects.exists()

    def test_the_control_a_target_equal_to_the_current_score_is_saved(self, priority, staff_user):
        values = {"title": WORKFORCE, "priority": priority, **score_values(current=(3, 4), target=(4, 3))}
        risk = services.risk_create(values=values, by=staff_user)
        assert (risk.current_score, risk.target_score) == (12, 12)

    def test_an_edit_that_makes_the_target_worse_is_refused(self, priority, staff_user):
        risk = RiskFactory(priority=priority, current_likelihood=2, current_consequence=2)
        with pytest.raises(ValidationError, match="worse than the current score"):
            services.risk_update(
                risk=risk,
                opened_at_version=risk.version,
                values={"priority": priority, **score_values(current=(2, 2), target=(5, 2))},
                by=staff_user,
            )
        risk.refresh_from_db()
        assert risk.target_likelihood == 2

    def test_a_programme_of_another_plans_priority_naming_both(self, priority, staff_user):
        elsewhere = ProgrammeFactory(
            title="Stroke Pathway",
            priority=PriorityFactory(plan=PlanFactory(title="Single System Operating Plan 2018/19"), code="P1"),
        )
        values = {"title": ACTIVITY, "priority": priority, "programme": elsewhere, **score_values()}
        with pytest.raises(ValidationError) as error:
            services.risk_create(values=values, by=staff_user)
        assert error.value.message_dict["programme"] == [
            f"Stroke Pathway is a programme of {elsewhere.priority} (Single System Operating Plan 2018/19), "
            f"not of {priority} (Strategic priorities 2021/22): choose one of its programmes, or none"
        ]
        assert not Risk.objects.exists()


# ---- The form ----


class TestTheRiskForm:
    def test_it_offers_each_likelihood_and_consequence_with_its_descriptor(self, client_for, staff_user):
        page = client_for(staff_user).get(NEW).content.decode()
        for name, scale in (("inherent_likelihood", LIKELIHOOD), ("target_consequence", CONSEQUENCE)):
            select = page.split(f'name="{name}"')[1].split("</select>")[0]
            for level in scale.values():
                assert f'value="{level.number}"' in select
                assert level.choice_text.replace("'", "&#39;") in select
        assert ">1<" not in page  # no bare number without its meaning

    def test_no_score_is_chosen_and_a_forgotten_box_is_an_error_that_keeps_what_was_typed(
        self, client_for, staff_user, priority
    ):
        form = a_new_risk(priority, owner="Director of Workforce")
        del form["target_consequence"]
        page = client_for(staff_user).post(NEW, form).content.decode()
        assert "Select the target consequence" in page
        assert 'href="#id_target_consequence"' in page
        assert "Director of Workforce" in page
        assert not Risk.objects.exists()

    def test_without_javascript_the_button_works_the_scores_out_and_saves_nothing(
        self, client_for, staff_user, priority
    ):
        client = client_for(staff_user)
        form = {"title": SUBSIDIARITY, "submission": str(uuid.uuid4()), "work_out": "1"}
        form |= scores(current=(3, 4), target=(4, 4)) | {"inherent_likelihood": ""}
        response = client.post(NEW, form)
        page = squash(response.content.decode())
        assert response.status_code == 200
        assert "12 High likelihood 3 Possible x consequence 4 Major" in page
        assert "16 Extreme likelihood 4 Likely x consequence 4 Major" in page
        assert "Inherent score Not worked out yet: choose its likelihood and its consequence" in page
        assert "Nothing has been saved yet" in page
        assert "The target score (16 Extreme) is worse than the current score (12 High)" in page
        assert "There is a problem" not in page  # boxes not filled in yet are not errors yet
        assert "Select the priority" not in page
        assert f'value="{SUBSIDIARITY}"' in response.content.decode()
        assert token_of(response.content.decode()) == form["submission"]  # the same form, saved once later
        assert not Risk.objects.exists()

    def test_the_control_the_same_form_saved_with_save_makes_the_risk(self, client_for, staff_user, priority):
        client = client_for(staff_user)
        form = a_new_risk(priority, title=SUBSIDIARITY)
        client.post(NEW, form | {"work_out": "1"})
        response = client.post(NEW, form)
        assert response.status_code == 302
        assert Risk.objects.get().title == SUBSIDIARITY

    def test_with_javascript_the_scores_region_asks_for_the_same_page_when_a_box_changes(
        self, client_for, staff_user, priority
    ):
        client = client_for(staff_user)
        page = client.get(NEW).content.decode()
        region = page.split('id="risk-scores"')[1].split(">")[0]
        assert f'data-hx-post="{NEW}"' in region
        assert 'data-hx-trigger="change from:.app-risk-score"' in region
        assert 'data-hx-select="#risk-scores-worked-out"' in region
        assert 'aria-live="polite"' in region
        assert page.count('class="nhsuk-select app-risk-score"') == 6
        # What htmx sends when a box changes: the form, with work_out
        answer = client.post(NEW, a_new_risk(priority) | {"work_out": "1"}, headers={"HX-Request": "true"})
        assert 'id="risk-scores-worked-out"' in answer.content.decode()
        assert "12 High" in answer.content.decode()
        assert not Risk.objects.exists()

    def test_the_edit_page_works_out_the_saved_scores_and_keeps_the_version_when_working_out(
        self, client_for, staff_user, priority
    ):
        risk = RiskFactory(priority=priority, title=WORKFORCE, current_likelihood=3, current_consequence=4)
        client = client_for(staff_user)
        path = f"/manage/priorities/risks/{risk.pk}/edit/"
        assert "12 High likelihood 3 Possible x consequence 4 Major" in squash(client.get(path).content.decode())
        form = {"version": "1", "title": WORKFORCE, "work_out": "1", **scores(current=(5, 5))}
        page = client.post(path, form).content.decode()
        assert re.search(r'name="version" value="1"', page)
        assert "25 Extreme" in page
        risk.refresh_from_db()
        assert risk.current_score == 12

    def test_a_target_worse_than_the_current_score_is_refused_at_its_field(self, client_for, staff_user, priority):
        form = a_new_risk(priority, **scores(current=(3, 4), target=(4, 4)))
        page = client_for(staff_user).post(NEW, form).content.decode()
        assert "The target score (16 Extreme) is worse than the current score (12 High)" in page
        assert 'href="#id_target_likelihood"' in page
        assert PROGRESS in page
        assert not Risk.objects.exists()

    def test_a_programme_of_another_plan_is_refused_at_its_field(self, client_for, staff_user, priority):
        elsewhere = ProgrammeFactory(
            title="Stroke Pathway", priority=PriorityFactory(plan=PlanFactory(title="Operating Plan 2018/19"))
        )
        page = client_for(staff_user).post(NEW, a_new_risk(priority, programme=str(elsewhere.pk))).content
        page = page.decode()
        assert "Stroke Pathway is a programme of" in page
        assert 'href="#id_programme"' in page
        assert not Risk.objects.exists()

    def test_the_control_a_programme_of_the_priority_is_saved(self, client_for, staff_user, priority):
        programme = ProgrammeFactory(priority=priority, title="Stroke Pathway")
        response = client_for(staff_user).post(NEW, a_new_risk(priority, programme=str(programme.pk)))
        assert response.status_code == 302
        assert Risk.objects.get().programme == programme

    def test_programmes_are_offered_with_their_priority_and_plan(self, client_for, staff_user, priority):
        ProgrammeFactory(priority=priority, title="Stroke Pathway")
        page = client_for(staff_user).get(NEW).content.decode()
        assert "Stroke Pathway (P1, Strategic priorities 2021/22)" in page


# ---- The register ----


@pytest.fixture
def register(priority):
    today = timezone.localdate()
    programme = ProgrammeFactory(priority=priority, title="Workforce programme")
    return {
        "overdue": RiskFactory(
            priority=priority, programme=programme, title=WORKFORCE, owner="Chief People Officer",
            review_date=today - dt.timedelta(days=1), current_likelihood=4, current_consequence=4,
        ),
        "due": RiskFactory(
            priority=priority, title=PROGRESS, owner="Programme director", review_date=today,
            current_likelihood=2, current_consequence=3, target_likelihood=1, target_consequence=1,
        ),
        "unset": RiskFactory(priority=priority, title=SUBSIDIARITY, owner="", review_date=None),
        "closed": RiskFactory(
            priority=priority, title=ACTIVITY, owner="Director of Finance", state=Risk.State.CLOSED,
            review_date=today - dt.timedelta(days=30),
        ),
    }  # fmt: skip


def row_of(page: str, title: str) -> str:
    return squash(page.split(title, 1)[1].split("</tr>")[0])


class TestTheRegister:
    def test_it_has_owner_and_review_date_columns(self, client_for, staff_user, register):
        page = client_for(staff_user).get(REGISTER).content.decode()
        head = page.split('id="risks"')[1].split("<thead", 1)[1].split("</thead>")[0]
        assert re.search(r">\s*Owner\s*<", head)
        assert re.search(r">\s*Review date\s*<", head)
        assert "Chief People Officer" in row_of(page, WORKFORCE)
        assert "Not named" in row_of(page, SUBSIDIARITY)
        assert "Not set" in row_of(page, SUBSIDIARITY)

    def test_an_overdue_review_is_flagged_in_words_and_only_there(self, client_for, staff_user, register):
        page = client_for(staff_user).get(REGISTER).content.decode()
        assert "Review overdue" in row_of(page, WORKFORCE)
        assert "Review overdue" not in row_of(page, PROGRESS)  # due today
        assert "Review overdue" not in row_of(page, ACTIVITY)  # closed
        assert page.count("Review overdue") == 1

    def test_closed_risks_are_listed_apart_under_their_own_heading(self, client_for, staff_user, register):
        page = client_for(staff_user).get(REGISTER).content.decode()
        opened, closed = page.split('id="closed-risks"')
        assert ACTIVITY in closed
        assert ACTIVITY not in opened.split('id="risks"')[1]
        assert WORKFORCE not in closed
        assert "Showing 1 to 3 of 3 open risks" in page

    @pytest.mark.parametrize(
        ("sort", "order"),
        [
            ("owner", [SUBSIDIARITY, WORKFORCE, PROGRESS]),  # "" first
            ("-owner", [PROGRESS, WORKFORCE, SUBSIDIARITY]),
            ("review", [WORKFORCE, PROGRESS, SUBSIDIARITY]),  # not set last
            ("-current", [WORKFORCE, SUBSIDIARITY, PROGRESS]),
        ],
    )
    def test_it_sorts_by_plain_links(self, client_for, staff_user, register, sort, order):
        page = client_for(staff_user).get(f"{REGISTER}?sort={sort}").content.decode()
        listed = page.split('id="risks"')[1].split('id="closed-risks"')[0]
        assert sorted(order, key=listed.index) == order
        assert 'href="?sort=' in page

    def test_ties_keep_one_order_from_page_to_page(self, client_for, staff_user, priority):
        risks = [RiskFactory(priority=priority, owner="Same owner", title=f"{WORKFORCE} {n}") for n in range(30)]
        client = client_for(staff_user)
        first = client.get(f"{REGISTER}?sort=owner").content.decode()
        second = client.get(f"{REGISTER}?sort=owner&page=2").content.decode()
        shown = [risk.title for risk in risks if f">{risk.title}<" in first] + [
            risk.title for risk in risks if f">{risk.title}<" in second
        ]
        assert sorted(shown) == sorted(risk.title for risk in risks)  # each once, none lost between pages

    def test_it_offers_the_downloads_with_its_filters(self, client_for, staff_user, register, priority):
        page = client_for(staff_user).get(f"{REGISTER}?plan={priority.plan_id}&sort=title&page=1").content.decode()
        assert f'href="/manage/priorities/risks.csv?plan={priority.plan_id}&amp;sort=title"' in page
        assert f'href="/manage/priorities/risks.xlsx?plan={priority.plan_id}&amp;sort=title"' in page


class TestTheDownloads:
    def rows(self, client, query="") -> list[list[str]]:
        response = client.get(f"/manage/priorities/risks.csv{query}")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="risks.csv"'
        return list(csv.reader(io.StringIO(response.content.decode())))

    def test_the_csv_holds_every_risk_open_first_with_scores_in_words(self, client_for, staff_user, register):
        header, *rows = self.rows(client_for(staff_user))
        assert header[:6] == ["Risk", "Plan", "Priority", "Programme", "Owner", "Open or closed"]
        assert [row[0] for row in rows] == [WORKFORCE, SUBSIDIARITY, PROGRESS, ACTIVITY]
        record = dict(zip(header, rows[0], strict=True))
        assert record["Programme"] == "Workforce programme"
        assert record["Plan"] == "Strategic priorities 2021/22"
        assert record["Owner"] == "Chief People Officer"
        assert record["Current likelihood"] == "4 Likely"
        assert record["Current consequence"] == "4 Major"
        assert (record["Current score"], record["Current band"]) == ("16", "Extreme")
        assert record["Review overdue"] == "Yes"
        assert record["Review date"] == (timezone.localdate() - dt.timedelta(days=1)).isoformat()
        assert dict(zip(header, rows[3], strict=True))["Open or closed"] == "Closed"
        assert dict(zip(header, rows[3], strict=True))["Review overdue"] == "No"

    def test_the_csv_follows_the_registers_filter_and_sort(self, client_for, staff_user, register, priority):
        RiskFactory(title="Another plan's risk")
        _, *rows = self.rows(client_for(staff_user), f"?plan={priority.plan_id}&sort=title")
        assert [row[0] for row in rows] == sorted([WORKFORCE, SUBSIDIARITY, PROGRESS]) + [ACTIVITY]

    def test_the_csv_writes_text_a_spreadsheet_would_run_as_text(self, client_for, staff_user, register):
        RiskFactory(
            title="=HYPERLINK(1)",
            description='@SUM(1+1)*cmd|" /C calc"!A0',
            mitigations="- train staff",
            priority=register["due"].priority,
        )
        header, *rows = self.rows(client_for(staff_user))
        record = dict(zip(header, next(row for row in rows if "HYPERLINK" in row[0]), strict=True))
        assert record["Risk"] == "'=HYPERLINK(1)"
        assert record["Description"] == "'" + '@SUM(1+1)*cmd|" /C calc"!A0'
        assert record["Mitigations"] == "'- train staff"
        assert not [cell for row in rows for cell in row if cell.startswith(spreadsheets.FORMULA_STARTS)]

    def test_the_xlsx_holds_the_same_rows_and_keeps_text_text(self, client_for, staff_user, register):
        RiskFactory(title="=HYPERLINK(1)", priority=register["due"].priority)
        client = client_for(staff_user)
        response = client.get("/manage/priorities/risks.xlsx")
        assert response["Content-Disposition"] == 'attachment; filename="risks.xlsx"'
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert [row[0] for row in cells] == [spreadsheets.unguarded(row[0]) for row in self.rows(client)]
        assert next(cell for cell in sheet["A"] if cell.value == "=HYPERLINK(1)").data_type == "s"
        assert cells[1][cells[0].index("Current score")] == 16  # a number, to sort and filter in Excel

    def test_an_unknown_format_is_not_found(self, client_for, staff_user):
        assert client_for(staff_user).get("/manage/priorities/risks.pdf").status_code == 404


SIZES = [1, 3]


def build_register(size: int) -> None:
    for _ in range(size):
        priority = PriorityFactory()
        for _ in range(size):
            programme = ProgrammeFactory(priority=priority)
            RiskFactory(priority=priority, programme=programme, review_date=dt.date(2020, 1, 1))
            RiskFactory(priority=priority, state=Risk.State.CLOSED)
            RiskFactory(priority=priority, audience=Audience.STAFF)


class TestQueryCounts:
    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize(
        ("path", "cap"),
        [
            # session, user and role (3), the matrix (1), the plans to filter by (1), open risks counted and
            # listed (2), closed risks counted and listed (2)
            (REGISTER, 9),
            # + 2: the plan chosen is looked up by the register's filter and by the filter form shown
            (f"{REGISTER}?sort=-review&plan=1&likelihood=4&consequence=5", 11),
            # session, user and role (3), open and closed risks, each counted and read (4)
            ("/manage/priorities/risks.csv", 7),
            ("/manage/priorities/risks.xlsx?sort=owner", 7),
        ],
    )
    def test_the_register_and_its_downloads(
        self, client_for, staff_user, django_assert_max_num_queries, size, path, cap
    ):
        build_register(size)
        client = client_for(staff_user)
        with django_assert_max_num_queries(cap):
            assert client.get(path).status_code == 200


# ---- Who may see it ----

SECRET = "Provider may fail: programme office only"


@pytest.fixture
def confidential(priority):
    return RiskFactory(priority=priority, title=SECRET, audience=Audience.STAFF)


@pytest.mark.parametrize(
    "path",
    [
        REGISTER,
        f"{REGISTER}?sort=owner&plan=1",
        "/manage/priorities/risks.csv",
        "/manage/priorities/risks.xlsx",
        NEW,
    ],
)
def test_only_staff_reach_the_register_its_downloads_and_the_form(client_for, readers, confidential, path):
    for role, status in zip(READERS, STAFF_ONLY, strict=True):
        check_reader(client_for(readers.get(role)), role, path, status, secret=SECRET)


@pytest.mark.parametrize("role", ["anonymous", "board_member", "other_board_member", "no_role"])
def test_working_out_the_scores_is_refused_to_anyone_but_staff(client_for, readers, priority, role):
    response = client_for(readers.get(role)).post(NEW, a_new_risk(priority) | {"work_out": "1"})
    assert response.status_code == (SIGN_IN if role == "anonymous" else 403)
    assert "12 High" not in response.content.decode()
    assert not Risk.objects.exists()


def test_the_control_staff_may_work_the_scores_out(client_for, staff_user, priority):
    response = client_for(staff_user).post(NEW, a_new_risk(priority) | {"work_out": "1"})
    assert response.status_code == 200
    assert "12 High" in response.content.decode()


# ---- The public page ----


class TestThePublicRule:
    """The form says a public risk is listed on its priority's public page, naming its programme if it has one,
    once the priority and that programme are published. The page does exactly that."""

    PAGE = "/priorities/plan/p1/"

    def test_the_form_says_so(self, client_for, staff_user):
        page = client_for(staff_user).get(NEW).content.decode()
        assert (
            "Everyone: it is listed on its priority&#39;s public page, naming its programme if it has one, once the "
            "priority and that programme are published"
        ) in page

    def test_a_risk_on_a_published_programme_is_shown_naming_its_programme(self, client, priority):
        programme = ProgrammeFactory(priority=priority, title="Workforce programme")
        RiskFactory(priority=priority, programme=programme, title=WORKFORCE)
        RiskFactory(priority=priority, title=PROGRESS)
        page = client.get(self.PAGE).content.decode()
        assert "Threatens" in page
        assert "Workforce programme" in row_of(page, WORKFORCE)
        assert "The priority as a whole" in row_of(page, PROGRESS)
        assert "12 (High): likelihood 3 Possible x consequence 4 Major" in page

    def test_the_control_one_on_a_draft_programme_or_confidential_or_closed_is_not(self, client, priority):
        draft = ProgrammeFactory(priority=priority, title="Draft programme", status=Status.DRAFT)
        RiskFactory(priority=priority, programme=draft, title=WORKFORCE)
        RiskFactory(priority=priority, title=SECRET, audience=Audience.STAFF)
        RiskFactory(priority=priority, title=ACTIVITY, state=Risk.State.CLOSED)
        RiskFactory(priority=priority, title=PROGRESS)
        page = client.get(self.PAGE).content.decode()
        assert PROGRESS in page
        for hidden in (WORKFORCE, SECRET, ACTIVITY, "Draft programme"):
            assert hidden not in page


class TestTheFormAndRulesAgree:
    def test_the_form_works_out_what_the_rules_do(self):
        form = RiskForm(data=scores(inherent=(5, 5), current=(3, 4), target=(4, 4)))
        assert [row["score"] for row in form.worked_out()] == [Score(5, 5), Score(3, 4), Score(4, 4)]
        assert form.target_warning() == target_refusal(Score(3, 4), Score(4, 4))
