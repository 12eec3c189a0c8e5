"""Open data at /data/: every dataset as CSV and JSON holding the same rows, headed by its data dictionary; the
public view for every reader (no draft, Part II or unsigned status, whoever downloads); the access matrix; a
number of queries per file that does not grow with the rows; and spreadsheet formulas made harmless."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blmk_portal import open_data, spreadsheets
from governance.models import Paper
from tests.access import EVERYONE, NOT_FOUND, POST_ONLY, READERS, check_reader
from tests.factories import BoardFactory, PlaceFactory
from tests.portal.open_data_content import SECRET, hidden_content, public_content

pytestmark = pytest.mark.django_db

SLUGS = [dataset.slug for dataset in open_data.datasets()]
# Each file: the generation, the last change, and the rows' own few queries (a dataset's rows read in a fixed
# number of queries, however many there are).
MOST_QUERIES = 9


@pytest.fixture
def board():
    return BoardFactory(slug="partnership-board", name="BLMK ICS Partnership Board")


@pytest.fixture
def content(board):
    public_content(2, board=board)
    hidden_content(board)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def json_body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def as_cell(value) -> str:
    """What a JSON value reads as in the CSV, worked out here apart from the code that writes the files."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return str(value)


def test_every_dataset_we_were_asked_for_is_declared():
    assert SLUGS == [
        "places",
        "organisations",
        "plans",
        "priorities",
        "programmes",
        "milestones",
        "boards",
        "board-members",
        "meetings",
        "agenda-items",
        "papers",
        "decisions",
        "actions",
        "indicators",
        "indicator-returns",
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_datasets_csv_and_json_hold_the_same_rows_row_for_row(client, content, slug):
    table = csv_rows(client.get(f"/data/{slug}.csv"))
    body = json_body(client.get(f"/data/{slug}.json"))
    assert len(body["rows"]) >= 2, "the content gives every dataset rows to compare"
    assert table[1:] == [[as_cell(value) for value in row.values()] for row in body["rows"]]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_datasets_header_and_keys_are_its_data_dictionary(client, content, slug):
    names = open_data.dataset(slug).field_names
    table = csv_rows(client.get(f"/data/{slug}.csv"))
    body = json_body(client.get(f"/data/{slug}.json"))
    assert table[0] == names
    assert body["fields"] == names
    assert all(list(row) == names for row in body["rows"])
    assert body["licence"] == {"name": "Open Government Licence v3.0", "url": open_data.LICENCE_URL}


@pytest.fixture
def on_the_members_board(board_member_user):
    """Public and hidden content on the board the board member sits on: its Part II business is theirs to read
    on its pages, but never in the open data."""
    board = board_member_user.person.memberships.get().board
    public_content(2, board=board)
    hidden_content(board)
    return board


def test_the_board_member_reads_the_part_ii_business_on_its_pages(client_for, board_member_user, on_the_members_board):
    part_two = Paper.objects.get(title__startswith=SECRET)
    assert SECRET in client_for(board_member_user).get(part_two.get_absolute_url()).content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_no_reader_downloads_a_draft_part_ii_or_unsigned_status_and_all_get_the_same_file(
    readers, client_for, on_the_members_board, slug
):
    files = {}
    for role, user in readers.items():
        for format in ("csv", "json"):
            response = client_for(user).get(f"/data/{slug}.{format}")
            assert response.status_code == 200
            text = response.content.decode()
            assert SECRET not in text, f"{role} was given {SECRET!r} in {slug}.{format}"
            assert "424242" not in text  # the draft indicator's return
            files.setdefault(format, set()).add(response.content)
    assert all(len(kinds) == 1 for kinds in files.values()), "the same address gives everyone the same file"


def test_what_the_public_may_read_is_in_the_files(client, content):
    def rows(slug):
        return json_body(client.get(f"/data/{slug}.json"))["rows"]

    assert {row["latest_status"] for row in rows("milestones")} == {"Green", "Grey (not reported)"}
    assert [row["decision"] for row in rows("decisions")] == ["That the plan be agreed."] * 2
    assert {row["title"] for row in rows("agenda-items")} >= {"A public item"}
    papers = rows("papers")
    assert all(row["files"] and row["files"][0].startswith("http://testserver/boards/") for row in papers)
    actions = rows("actions")
    assert [row["due"] for row in actions] == ["2026-07", "2026-07"]
    members = rows("board-members")
    assert len(members) == 2 and all(row["role"] == "Chair" and row["title"] == "Chair of the board" for row in members)
    assert all(row["name"].startswith("Person ") for row in members)
    returns = rows("indicator-returns")
    assert {(row["period"], row["value"], row["target"]) for row in returns} >= {("2026-01", 94.5, 95)}


@pytest.mark.parametrize("slug", SLUGS)
def test_a_files_queries_do_not_grow_with_its_rows(client, board, slug):
    public_content(1, board=board)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/data/{slug}.csv").status_code == 200
    public_content(4, board=board)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/data/{slug}.csv")
    assert len(csv_rows(response)) > 4
    assert len(many) == len(few) <= MOST_QUERIES


def test_the_index_queries_do_not_grow_with_the_datasets_rows(client, board, django_assert_max_num_queries):
    public_content(1, board=board)
    with CaptureQueriesContext(connection) as few:
        client.get("/data/")
    public_content(3, board=board)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/data/").status_code == 200


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client):
    for start, name in enumerate(['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]):
        PlaceFactory(name=name, slug=f"formula-{start}")
    table = csv_rows(client.get("/data/places.csv"))
    names = {row[1] for row in table[1:]}
    assert names == {'\'=HYPERLINK("http://x")', "'+1+1", "'-2+3", "'@SUM(A1)"}
    body = json_body(client.get("/data/places.json"))
    assert {row["name"] for row in body["rows"]} == {'=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"}


def test_the_formula_guard_leaves_ordinary_text_numbers_and_links_alone():
    text, link = open_data.Field("x", open_data.TEXT, "", ""), open_data.Field("y", open_data.URL, "", "")
    number = open_data.Field("z", open_data.NUMBER, "", "")
    cells = [
        open_data.csv_cell(number, Decimal("-2.50"), str),
        open_data.csv_cell(number, Decimal("-0.00001"), str),
        open_data.csv_cell(text, "Luton", str),
        open_data.csv_cell(text, "a = b", str),
        open_data.csv_cell(link, "/places/luton/", lambda path: "https://example.org" + path),
    ]
    assert spreadsheets.csv_text(["z", "tiny", "x", "x2", "y"], [cells]).splitlines()[1] == (
        "-2.5,-1e-05,Luton,a = b,https://example.org/places/luton/"
    ), "a number is never prefixed, however Python writes it"


def test_a_declaration_whose_rows_are_not_its_dictionary_is_refused():
    broken = open_data.Dataset(
        slug="broken",
        title="Broken",
        description="",
        fields=(open_data.Field("name", open_data.TEXT, "", ""),),
        rows=lambda user: [{"name": "a", "extra": "b"}],
        tables=(),
    )
    with pytest.raises(ValueError, match="dictionary"):
        open_data.read(broken, None)


def test_a_field_of_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="not one of"):
        open_data.Field("name", "spreadsheet", "", "")


@pytest.mark.parametrize(
    "path",
    ["/data/", "/data/places.csv", "/data/places.json", "/data/indicator-returns.csv", "/data/board-members.json"],
)
def test_every_reader_may_read_the_index_and_the_files(readers, client_for, path):
    for role, expected in zip(READERS, EVERYONE, strict=True):
        check_reader(client_for(readers[role]), role, path, expected)


@pytest.mark.parametrize("path", ["/data/nothing.csv", "/data/places.xml", "/data/places.csv.csv", "/data/Places.csv"])
def test_an_unknown_dataset_or_format_is_not_found(readers, client_for, path):
    for role in READERS:
        check_reader(client_for(readers[role]), role, path, NOT_FOUND)


def test_the_files_and_index_refuse_a_post_while_a_get_succeeds(readers, client_for):
    for role in READERS:
        for path in ("/data/", "/data/places.csv"):
            assert client_for(readers[role]).post(path).status_code == POST_ONLY
            assert client_for(readers[role]).get(path).status_code == 200


def test_the_index_gives_each_dataset_its_description_licence_last_change_downloads_and_dictionary(client, content):
    text = client.get("/data/").content.decode()
    assert text.count('href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"') > len(SLUGS)
    for dataset in open_data.datasets():
        assert f'id="{dataset.slug}"' in text
        assert f'href="/data/{dataset.slug}.csv"' in text and f'href="/data/{dataset.slug}.json"' in text
        assert f"Data dictionary: {dataset.title}" in text
        assert all(f"<code>{name}</code>" in text for name in dataset.field_names)
    assert "Not recorded" not in text, "every dataset's content has a history, so each says when it last changed"
    assert SECRET not in text


def test_the_indicator_returns_are_each_indicators_own_csv_row_for_row(client, content):
    returns = csv_rows(client.get("/data/indicator-returns.csv"))
    codes = sorted({row[0] for row in returns[1:]})
    assert len(codes) == 2
    for code in codes:
        own = csv_rows(client.get(f"/dashboards/indicators/{code}.csv"))
        assert returns[0] == own[0]
        assert [row for row in returns[1:] if row[0] == code] == own[1:]
