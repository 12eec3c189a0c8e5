"""Papers with their cover sheets, files and versions, and the meeting's pack as one page and as one PDF."""

import io
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pikepdf import Array, Dictionary
from pypdf import PdfReader

from blmk_portal.publication import Audience, Status
from governance import services
from governance.models import AttachmentVersion, PackEdition, Paper
from governance.records import ATTACHMENT
from tests.documents import (
    ODD_TREES,
    a_pdf,
    a_pdf_with_an_odd_tree,
    an_untagged_pdf,
    elements,
    marked_text,
    pdf_text,
)
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    PlaceFactory,
    PriorityFactory,
    UserFactory,
)
from tests.forms import token_of

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "annex.pdf") -> SimpleUploadedFile:
    upload = SimpleUploadedFile(name, content)
    upload.kind = "pdf"
    return upload


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def meeting_with_papers(staff_user):
    """A published meeting: item 1 with a public paper (cover sheet, two recommendations and a two-page PDF
    annex), item 2 in Part II with a private paper, and a board member who may read both."""
    meeting = MeetingFactory(board__slug="partnership", board__name="Partnership Board")
    first = AgendaItemFactory(meeting=meeting, title="Strategic Priorities Development", order=1)
    private = AgendaItemFactory(meeting=meeting, title="Award of the community contract", order=2)
    private.audience = Audience.BOARD
    private.save()
    public_paper = services.paper_create(
        meeting=meeting,
        values={
            "reference": "Paper 5",
            "title": "Strategic Priorities Development",
            "items": [first],
            "item_as_printed": "6a",
            "sro_name": "Dr Rima Makarem",
            "sro_title": "BLMK ICS Chair",
            "purposes": [Paper.CoverPurpose.APPROVAL, Paper.CoverPurpose.TO_NOTE],
            "summary": "This document summarises the latest position",
            "body": "## 1. Summary\n\nThe public body text.",
        },
        by=staff_user,
    )
    for verb, text in [("approve", "the strategic priorities"), ("note", "progress against development")]:
        services.recommendation_create(paper=public_paper, values={"verb": verb, "text": text}, by=staff_user)
    services.attachment_create(
        paper=public_paper, values={"title": "Annex A", "file": upload(a_pdf("Annex A text", pages=2))}, by=staff_user
    )
    private_paper = services.paper_create(
        meeting=meeting,
        values={
            "reference": "Paper 9",
            "title": "Community contract award",
            "items": [private],
            "body": "Secret terms",
        },
        by=staff_user,
    )
    member = UserFactory(email="member-of-partnership@example.org")
    MembershipFactory(board=meeting.board, person=PersonFactory(user=member))
    return meeting, public_paper, private_paper, member


class TestPaperRules:
    def test_a_paper_for_a_part_two_item_is_part_two(self, meeting_with_papers):
        _, _, private_paper, _ = meeting_with_papers
        assert private_paper.audience == Audience.BOARD

    def test_an_item_moved_into_part_two_takes_its_papers_with_it(self, meeting_with_papers, staff_user):
        _, public_paper, _, _ = meeting_with_papers
        item = public_paper.items.get()
        services.agendaitem_update(
            agendaitem=item, opened_at_version=item.version, values={"audience": Audience.BOARD}, by=staff_user
        )
        public_paper.refresh_from_db()
        assert public_paper.audience == Audience.BOARD

    def test_a_paper_cannot_serve_an_item_of_another_meeting(self, meeting_with_papers, staff_user):
        meeting, _, _, _ = meeting_with_papers
        elsewhere = AgendaItemFactory()
        with pytest.raises(ValidationError, match="Choose items of this meeting"):
            services.paper_create(meeting=meeting, values={"title": "Stray", "items": [elsewhere]}, by=staff_user)


class TestTheCoverSheet:
    def test_it_lists_the_priorities_it_links_to_and_leaves_out_those_the_reader_cannot_see(
        self, meeting_with_papers, client_for, staff_user
    ):
        _, public_paper, _, _ = meeting_with_papers
        published = PriorityFactory(code="P1", title="Every child has a strong, healthy start in life")
        draft = PriorityFactory(code="P9", title="A draft priority", status=Status.DRAFT)
        services.paper_update(
            paper=public_paper,
            opened_at_version=public_paper.version,
            values={"priorities": [published, draft], "priorities_link": "Details progress against all of them"},
            by=staff_user,
        )
        page = squash(client_for(None).get(public_paper.get_absolute_url()).content.decode())
        assert "<p>Details progress against all of them</p><ul" in page
        assert f'<li><a href="{published.get_absolute_url()}">P1 Every child has a strong' in page
        assert "A draft priority" not in page
        assert "<p><p>" not in page
        staff_page = squash(client_for(staff_user).get(public_paper.get_absolute_url()).content.decode())
        assert "P9 A draft priority" in staff_page


class TestTwoTabsOnOnePaper:
    def test_the_second_save_is_refused_naming_who_saved_first_and_keeps_what_was_typed(
        self, meeting_with_papers, client_for, staff_user
    ):
        _, public_paper, _, _ = meeting_with_papers
        colleague = UserFactory(email="colleague@example.org", programme_office=True)
        first, second = client_for(colleague), client_for(staff_user)
        edit = public_paper.get_manage_url("edit")
        opened = re.search(r'name="version" value="(\d+)"', first.get(edit).content.decode()).group(1)
        assert second.get(edit).status_code == 200  # the second tab, opened at the same version
        item = str(public_paper.items.get().pk)
        form = {"version": opened, "items": item, "audience": "public", "reference": "Paper 5"}
        assert first.post(edit, {**form, "title": "Strategic Priorities 🏥 Development"}).status_code == 302
        refused = squash(second.post(edit, {**form, "title": "Strategic priorities, revised"}).content.decode())
        assert "Someone else saved this first" in refused
        assert "colleague@example.org" in refused
        assert "Strategic priorities, revised" in refused  # what this person typed is not lost
        public_paper.refresh_from_db()
        assert public_paper.title == "Strategic Priorities 🏥 Development"


class TestHistory:
    def test_a_papers_history_shows_its_items_and_the_places_it_was_tagged_with(
        self, meeting_with_papers, client_for, staff_user
    ):
        _, public_paper, _, _ = meeting_with_papers
        luton = PlaceFactory(name="Luton")
        services.paper_update(
            paper=public_paper, opened_at_version=public_paper.version, values={"places": [luton]}, by=staff_user
        )
        history = squash(client_for(staff_user).get(public_paper.get_manage_url("history")).content.decode())
        assert "Added place: Luton" in history
        assert "Added item: Strategic Priorities Development" in history  # the agenda item it was made for
        assert "Secret terms" not in history  # another paper's


class TestFileVersions:
    def test_a_file_replaced_after_publication_needs_a_reason_and_keeps_the_earlier_version(
        self, meeting_with_papers, staff_user, client
    ):
        meeting, public_paper, _, _ = meeting_with_papers
        annex = public_paper.attachments.get()
        with pytest.raises(ValidationError, match="Enter why the file is being replaced"):
            services.attachment_update(
                attachment=annex, opened_at_version=annex.version, values={"file": upload(a_pdf("v2"))}, by=staff_user
            )
        services.attachment_update(
            attachment=annex,
            opened_at_version=annex.version,
            values={"file": upload(a_pdf("Revised annex")), "reason": "revised following comments"},
            by=staff_user,
        )
        assert list(annex.versions.values_list("number", "reason")) == [(1, ""), (2, "revised following comments")]
        current = client.get(f"/boards/partnership/{meeting.date}/files/{annex.pk}/")
        earlier = client.get(f"/boards/partnership/{meeting.date}/files/{annex.pk}/v1/")
        assert "Revised annex" in pdf_text(b"".join(current.streaming_content))
        assert "Annex A text" in pdf_text(b"".join(earlier.streaming_content))
        page = squash(client.get(public_paper.get_absolute_url()).content.decode())
        assert "revised following comments" in page
        assert "version 1" in page

    def test_a_published_meetings_file_cannot_be_removed(self, meeting_with_papers, staff_user):
        _, public_paper, _, _ = meeting_with_papers
        annex = public_paper.attachments.get()
        with pytest.raises(ValidationError, match="stay on the record"):
            services.attachment_remove(attachment=annex, opened_at_version=annex.version, by=staff_user)
        assert AttachmentVersion.objects.filter(attachment=annex).exists()


class TestUploadsThroughTheStaffForm:
    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"MZ\x90\x00" + b"\x00" * 100, "annex.pdf", "The file must be a PDF"),
            (
                b"%PDF-1.7\n1 0 obj\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF",
                "a.pdf",
                "The file is a PDF with JavaScript in it, which is not allowed",
            ),
            (b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024 + 1), "big.pdf", "The file must be smaller than 20 MB"),
            (b"%PDF-1.7\nnot really a pdf\n%%EOF", "a.pdf", "The file is a damaged PDF that cannot be opened"),
        ],
        ids=["a renamed program", "a pdf with javascript", "a file too big", "a damaged pdf"],
    )
    def test_a_dangerous_or_oversized_file_is_refused_with_a_clear_message(
        self, meeting_with_papers, client_for, staff_user, content, name, message
    ):
        _, public_paper, _, _ = meeting_with_papers
        client = client_for(staff_user)
        token = token_of(client.get(ATTACHMENT.new_url(public_paper)).content.decode())
        response = client.post(
            ATTACHMENT.new_url(public_paper),
            {"title": "Annex B", "file": SimpleUploadedFile(name, content), "submission": token},
        )
        page = squash(response.content.decode())
        assert response.status_code == 200
        assert message in page
        assert not public_paper.attachments.filter(title="Annex B").exists()

    def test_a_good_file_is_stored_under_a_name_of_the_portals_making(
        self, meeting_with_papers, client_for, staff_user
    ):
        _, public_paper, _, _ = meeting_with_papers
        client = client_for(staff_user)
        token = token_of(client.get(ATTACHMENT.new_url(public_paper)).content.decode())
        response = client.post(
            ATTACHMENT.new_url(public_paper),
            {
                "title": "Annex B",
                "file": SimpleUploadedFile("../../etc/passwd.pdf", a_pdf("Annex B")),
                "submission": token,
            },
        )
        assert response.status_code == 302
        version = AttachmentVersion.objects.get(attachment__title="Annex B")
        assert version.filename == "passwd.pdf"
        assert "passwd" not in version.file.name
        assert version.kind == "pdf"


class TestWhoReadsWhat:
    def test_the_public_pack_leaves_part_two_out_and_a_member_gets_it_all(self, meeting_with_papers, client_for):
        meeting, _, _, member = meeting_with_papers
        pack_url = f"/boards/partnership/{meeting.date}/pack/"
        public = squash(client_for(None).get(pack_url).content.decode())
        members = squash(client_for(member).get(pack_url).content.decode())
        assert "The public body text." in public
        assert "Secret terms" not in public
        assert "Community contract award" not in public
        assert "The board also takes 1 item in private (Part II)" in public
        assert "Secret terms" in members
        assert "Community contract award" in members

    def test_part_two_papers_and_their_files_are_not_found_by_anyone_outside_the_board(
        self, meeting_with_papers, client_for, other_board_member_user, non_member_user, staff_user, staff_user_files
    ):
        meeting, _, private_paper, member = meeting_with_papers
        annex = staff_user_files(private_paper)
        urls = [private_paper.get_absolute_url(), f"/boards/partnership/{meeting.date}/files/{annex.pk}/"]
        for reader, expected in [
            (None, 404),
            (other_board_member_user, 404),
            (non_member_user, 404),
            (member, 200),
            (staff_user, 200),
        ]:
            assert [client_for(reader).get(url).status_code for url in urls] == [expected, expected], reader

    def test_a_draft_meetings_papers_are_for_staff_only(self, meeting_with_papers, client_for, staff_user):
        meeting, public_paper, _, member = meeting_with_papers
        type(meeting).objects.filter(pk=meeting.pk).update(status=Status.DRAFT)
        assert client_for(None).get(public_paper.get_absolute_url()).status_code == 404
        assert client_for(member).get(public_paper.get_absolute_url()).status_code == 404
        assert client_for(staff_user).get(public_paper.get_absolute_url()).status_code == 200


@pytest.fixture
def staff_user_files(staff_user):
    def attach(paper: Paper):
        return services.attachment_create(
            paper=paper, values={"title": "Private annex", "file": upload(a_pdf("Private annex"))}, by=staff_user
        )

    return attach


class TestThePdfPack:
    def test_it_has_a_cover_an_agenda_each_paper_and_its_annex_in_order_numbered_and_bookmarked(
        self, meeting_with_papers, client_for
    ):
        meeting, _, _, member = meeting_with_papers
        response = client_for(member).get(f"/boards/partnership/{meeting.date}/pack.pdf")
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # its outline too, not only text
        pages = [squash(page.extract_text()) for page in reader.pages]
        whole = " ".join(pages)
        order = [
            "Meeting pack",
            "Agenda",
            "Strategic Priorities Development",
            "Dr Rima Makarem",
            "Approve",
            "The public body text.",
            "Annex A text, sheet 1",
            "Annex A text, sheet 2",
            "Secret terms",
        ]
        positions = [whole.index(text) for text in order]
        assert positions == sorted(positions)
        total = len(pages)
        assert [f"Page {n} of {total}" in page for n, page in enumerate(pages, start=1)] == [True] * total
        outline = [(item.title, reader.get_destination_page_number(item)) for item in _flat(reader.outline)]
        titles = [title for title, _ in outline]
        assert titles == [
            "Cover and agenda",
            "Item 1: Strategic Priorities Development",
            "Paper 5: Strategic Priorities Development",
            "Annex A",
            "Item 2: Award of the community contract",
            "Paper 9: Community contract award",
        ]
        annex_page = dict(outline)["Annex A"]
        assert "Annex A text, sheet 1" in pages[annex_page]

    def test_the_agenda_gives_the_page_each_paper_starts_on(self, meeting_with_papers, client_for):
        meeting, _, _, member = meeting_with_papers
        response = client_for(member).get(f"/boards/partnership/{meeting.date}/pack.pdf")
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        pages = [squash(page.extract_text()) for page in reader.pages]
        secret_page = next(n for n, page in enumerate(pages, start=1) if "Secret terms" in page)
        agenda = next(page for page in pages if "Award of the community contract" in page)
        assert re.search(rf"Award of the community contract.*\b{secret_page}\b", agenda)

    def test_it_is_a_tagged_pdf_whose_document_holds_a_part_for_each_rendered_part_with_its_headings_in_order(
        self, meeting_with_papers, client_for
    ):
        meeting, _, _, member = meeting_with_papers
        content = pack_pdf(client_for(member), meeting)
        pdf = pikepdf.open(io.BytesIO(content))
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == f"Meeting pack: {meeting}"
        with pdf.open_metadata() as metadata:
            assert metadata["dc:title"] == f"Meeting pack: {meeting}"
        document = pdf.Root.StructTreeRoot.K
        assert str(document.S) == "/Document"
        assert [(str(part.S), str(part.T)) for part in document.K] == [
            ("/Part", "Cover and agenda"),
            ("/Part", "Paper 5: Strategic Priorities Development"),
            ("/Part", "Annex A"),
            ("/Part", "Paper 9: Community contract award"),
        ]
        assert all(part.P.objgen == document.objgen for part in document.K)
        tree, texts = elements(pdf), marked_text(content)
        assert [e.type for e in tree].count("/Document") == 1  # each part's own Document became its Part
        headings = [(e.type, e.text(texts)) for e in tree if re.fullmatch(r"/H[1-6]", e.type)]
        assert [text for level, text in headings if level == "/H1"] == [
            "Meeting pack",
            "Strategic Priorities Development",
            "Community contract award",
        ]
        assert headings[1] == ("/H2", "Agenda")
        annex = next(e for e in tree if e.title == "Annex A")
        assert "Annex A text, sheet 1" in annex.text(texts)
        assert "Annex A text, sheet 2" in annex.text(texts)
        with pdf.open_outline() as outline:  # each paper's bookmark leads to its part of the tree too
            papers = [paper for item in outline.root for paper in item.children]
            assert [str(paper.obj.SE.T) for paper in papers] == [paper.title for paper in papers]

    def test_every_page_with_tagged_content_has_its_own_key_into_the_parent_tree_and_every_tag_is_on_its_pages(
        self, meeting_with_papers, client_for
    ):
        meeting, _, _, member = meeting_with_papers
        pdf = pikepdf.open(io.BytesIO(pack_pdf(client_for(member), meeting)))
        assert check_tags(pdf) == set()  # no page whose marked content the ParentTree cannot lead back to
        tree = elements(pdf)
        assert [e for e in tree if e.page == -1] == []  # no /Pg leads to a page outside the document
        assert {page for e in tree for page, _ in e.content} == set(range(len(pdf.pages)))  # every page is read

    def test_its_page_numbers_are_artifacts_after_the_pages_own_content(self, meeting_with_papers, client_for):
        meeting, _, _, member = meeting_with_papers
        content = pack_pdf(client_for(member), meeting)
        pdf = pikepdf.open(io.BytesIO(content))
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            instructions = pikepdf.parse_content_stream(page, "q Q BDC BMC EMC Tj")
            assert str(instructions[0].operator) == "q"  # the page's own content is wrapped in q/Q
            depth, marks, stamps = 0, [], []
            for operands, operator in instructions:
                match str(operator):
                    case "q":
                        depth += 1
                    case "Q":
                        depth -= 1
                    case "BDC" | "BMC":
                        marks.append((str(operands[0]), dict(operands[1]) if len(operands) > 1 else {}, depth))
                    case "EMC":
                        marks.pop()
                    case "Tj" if bytes(operands[0]).startswith(b"Page "):
                        stamps.append((bytes(operands[0]).decode(), list(marks)))
            [(text, [(tag, properties, depth_at_mark)])] = stamps
            assert text == f"Page {number} of {total}"
            assert (tag, properties["/Type"], properties["/Subtype"]) == ("/Artifact", "/Pagination", "/Footer")
            assert "/MCID" not in properties
            assert depth_at_mark == 0  # after the page's own q ... Q
        stamps = {f"Page {number} of {total}" for number in range(1, total + 1)}
        tagged = [text for (_, mcid), text in marked_text(content).items() if mcid is not None]
        assert not [text for text in tagged if text.strip() in stamps]  # (an annex's own page numbers may be)

    def test_the_public_packs_tags_hold_nothing_of_part_two(self, meeting_with_papers, client_for):
        meeting, _, _, _ = meeting_with_papers
        content = pack_pdf(client_for(None), meeting)
        pdf = pikepdf.open(io.BytesIO(content))
        tree = elements(pdf)
        assert [e.title for e in tree if e.type == "/Part"] == [
            "Cover and agenda",
            "Paper 5: Strategic Priorities Development",
            "Annex A",
        ]
        tagged = " ".join(e.text(marked_text(content)) for e in tree if e.type == "/Part")
        assert "The public body text." in tagged
        for private in ("Secret terms", "Community contract award", "Paper 9"):
            assert private not in tagged
            assert private not in " ".join(e.title or "" for e in tree)
        assert check_tags(pdf) == set()

    def test_an_untagged_attached_pdf_is_merged_numbered_and_counted_and_adds_no_tags(
        self, meeting_with_papers, client_for, staff_user
    ):
        meeting, public_paper, _, _ = meeting_with_papers
        untagged = an_untagged_pdf("Untagged annex", pages=2, stray_keys=True)
        services.attachment_create(
            paper=public_paper, values={"title": "Annex B", "file": upload(untagged, "b.pdf")}, by=staff_user
        )
        content = pack_pdf(client_for(None), meeting)
        pdf = pikepdf.open(io.BytesIO(content))
        pages = [squash(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]
        total = len(pages)
        assert PackEdition.objects.get().pages == total == len(pdf.pages)
        untagged_pages = [n for n, page in enumerate(pages) if "Untagged annex" in page]
        assert [f"Untagged annex, sheet {n}" in pages[index] for n, index in enumerate(untagged_pages, 1)] == [True] * 2
        assert all(f"Page {index + 1} of {total}" in pages[index] for index in untagged_pages)
        assert [e.title for e in elements(pdf) if e.type == "/Part"] == [
            "Cover and agenda",
            "Paper 5: Strategic Priorities Development",
            "Annex A",
        ]
        # Its stray keys were dropped: they would have led into another part's tags.
        assert not [index for index in untagged_pages if "/StructParents" in pdf.pages[index].obj]
        assert check_tags(pdf) == set()
        with pdf.open_outline() as outline:
            assert [annex.title for annex in outline.root[1].children[0].children] == ["Annex A", "Annex B"]

    @pytest.mark.parametrize("odd", ODD_TREES)
    def test_an_attached_pdf_with_an_odd_structure_tree_is_merged_with_its_tags(
        self, meeting_with_papers, client_for, staff_user, odd
    ):
        meeting, public_paper, _, _ = meeting_with_papers
        services.attachment_create(
            paper=public_paper,
            values={"title": "Annex B", "file": upload(a_pdf_with_an_odd_tree(odd), "b.pdf")},
            by=staff_user,
        )
        content = pack_pdf(client_for(None), meeting)
        pdf = pikepdf.open(io.BytesIO(content))
        assert PackEdition.objects.get().pages == len(pdf.pages)
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
        odd_pages = {n for n, page in enumerate(pages) if "Odd annex" in page}
        assert len(odd_pages) == 2
        tree = elements(pdf)
        assert [e.title for e in tree if e.type == "/Part"][-1] == "Annex B"
        annex = next(e for e in tree if e.title == "Annex B")
        assert "Odd annex, sheet 1" in annex.text(marked_text(content))
        assert "Odd annex, sheet 2" in annex.text(marked_text(content))
        # Without a ParentTree its pages' keys lead nowhere, so they are dropped; every other page is sound.
        assert check_tags(pdf) == (odd_pages if odd == "no ParentTree" else set())

    def test_the_public_pdf_leaves_part_two_out_entirely(self, meeting_with_papers, client_for):
        meeting, _, _, _ = meeting_with_papers
        response = client_for(None).get(f"/boards/partnership/{meeting.date}/pack.pdf")
        whole = pdf_text(b"".join(response.streaming_content))
        assert "The public body text." in whole
        assert "Secret terms" not in whole
        assert "Community contract award" not in whole
        assert "Award of the community contract" not in whole

    def test_a_pack_is_built_once_and_a_change_builds_the_next(self, meeting_with_papers, client_for, staff_user):
        meeting, public_paper, _, _ = meeting_with_papers
        url = f"/boards/partnership/{meeting.date}/pack.pdf"
        first = b"".join(client_for(None).get(url).streaming_content)
        stored = set(default_storage.listdir("packs")[1])
        again = b"".join(client_for(None).get(url).streaming_content)
        assert again == first
        assert set(default_storage.listdir("packs")[1]) == stored
        parts_before = set(default_storage.listdir("packs/parts")[1])
        services.paper_update(
            paper=public_paper,
            opened_at_version=public_paper.version,
            values={"body": "The revised body text."},
            by=staff_user,
        )
        revised = pdf_text(b"".join(client_for(None).get(url).streaming_content))
        assert "The revised body text." in revised
        assert "The public body text." not in revised
        new_parts = set(default_storage.listdir("packs/parts")[1]) - parts_before
        assert len(new_parts) == 1  # the changed paper; the front matter's page numbers did not change


def pack_pdf(client, meeting) -> bytes:
    return b"".join(client.get(f"/boards/partnership/{meeting.date}/pack.pdf").streaming_content)


def check_tags(pdf: pikepdf.Pdf) -> set[int]:
    """Check that the tags and the pages agree: each key a page or annotation has into the ParentTree is its own
    and below ParentTreeNextKey, and leads from each MCID on the page to the element that holds it, on that page;
    no element is on a page outside the document. The pages with marked content but no key, which should be none."""
    root = pdf.Root.StructTreeRoot
    parent_tree = dict(number_tree(root.ParentTree))
    keys, unkeyed = [], set()
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    for index, page in enumerate(pdf.pages):
        mcids = [
            int(operands[1].MCID)
            for operands, _ in pikepdf.parse_content_stream(page, "BDC")
            if isinstance(operands[1], Dictionary) and "/MCID" in operands[1]
        ]
        if "/StructParents" not in page.obj:
            unkeyed |= {index} if mcids else set()
            continue
        keys.append(int(page.obj.StructParents))
        holders = parent_tree[keys[-1]]
        for mcid in mcids:
            holder = holders[mcid]
            held = [
                kid if isinstance(kid, int) else int(kid.MCID)
                for kid in as_list(holder.K)
                if isinstance(kid, int) or (isinstance(kid, Dictionary) and "/MCID" in kid)
            ]
            assert mcid in held
            assert pages[page_of(holder).objgen] == index
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                keys.append(int(annotation.StructParent))
                owner = parent_tree[keys[-1]]
                objects = [kid.Obj for kid in as_list(owner.K) if isinstance(kid, Dictionary) and "/Obj" in kid]
                assert annotation.objgen in [obj.objgen for obj in objects]
    assert len(keys) == len(set(keys))
    assert all(key < int(root.ParentTreeNextKey) for key in keys)
    assert all(e.page != -1 for e in elements(pdf))
    return unkeyed


def number_tree(node) -> list:
    """A number tree's (key, value) pairs, from its /Nums and its /Kids."""
    nums = list(node.get("/Nums", Array()))
    pairs = list(zip(nums[::2], nums[1::2], strict=True))
    return pairs + [pair for kid in node.get("/Kids", Array()) for pair in number_tree(kid)]


def page_of(element):
    """The page an element's content is on: its /Pg, or its nearest ancestor's."""
    while "/Pg" not in element:
        element = element.P
    return element.Pg


def as_list(value) -> list:
    return list(value) if isinstance(value, Array) else [value]


def _flat(outline) -> list:
    flat = []
    for entry in outline:
        if isinstance(entry, list):
            flat.extend(_flat(entry))
        else:
            flat.append(entry)
    return flat


class TestQueryCounts:
    @pytest.mark.parametrize("papers", [1, 15])
    def test_the_meeting_page_and_pack_cost_the_same_however_many_papers(
        self, client_for, staff_user, django_assert_max_num_queries, papers
    ):
        meeting = MeetingFactory(board__slug="partnership")
        for _ in range(papers):
            paper = PaperFactory(meeting=meeting)
            services.recommendation_create(paper=paper, values={"verb": "note", "text": "it"}, by=staff_user)
            services.attachment_create(
                paper=paper, values={"title": "Annex", "file": upload(a_pdf(), "a.pdf")}, by=staff_user
            )
        client = client_for(None)
        # meeting, items, visible items, terms, papers and their items, recommendations, priorities, files,
        # versions; and the meeting page, the pack's editions
        for url in (f"/boards/partnership/{meeting.date}/", f"/boards/partnership/{meeting.date}/pack/"):
            with django_assert_max_num_queries(11):
                assert client.get(url).status_code == 200


class TestEditions:
    def test_a_file_replaced_after_publication_makes_a_new_edition_and_the_one_the_board_saw_is_kept(
        self, meeting_with_papers, client_for, staff_user
    ):
        meeting, public_paper, _, member = meeting_with_papers
        public = client_for(None)
        pdf_url = f"/boards/partnership/{meeting.date}/pack.pdf"
        first = pdf_text(b"".join(public.get(pdf_url).streaming_content))
        b"".join(client_for(member).get(pdf_url).streaming_content)  # the members' edition, with Part II
        annex = public_paper.attachments.get()
        services.attachment_update(
            attachment=annex,
            opened_at_version=annex.version,
            values={"file": upload(a_pdf("Revised annex")), "reason": "revised following comments"},
            by=staff_user,
        )
        second = pdf_text(b"".join(public.get(pdf_url).streaming_content))
        assert "Annex A text" in first
        assert "Revised annex" in second
        assert "Annex A text" not in second

        page = squash(public.get(meeting.get_absolute_url()).content.decode())
        assert "Earlier versions of the pack" in page
        assert "Annex A replaced by version 2: revised following comments" in page
        editions = re.findall(r'href="(/boards/partnership/[^"]+/pack/editions/\d+\.pdf)"', page)
        assert len(editions) == 2  # the public's two; never the members' edition
        kept = pdf_text(b"".join(public.get(editions[-1]).streaming_content))
        assert "Annex A text" in kept
        assert "Secret terms" not in kept

    def test_the_members_edition_is_not_found_by_the_public(self, meeting_with_papers, client_for):
        meeting, _, _, member = meeting_with_papers
        b"".join(client_for(member).get(f"/boards/partnership/{meeting.date}/pack.pdf").streaming_content)
        members_edition = PackEdition.objects.get(has_private_papers=True)
        url = f"/boards/partnership/{meeting.date}/pack/editions/{members_edition.pk}.pdf"
        assert client_for(None).get(url).status_code == 404
        assert "Secret terms" in pdf_text(b"".join(client_for(member).get(url).streaming_content))


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when it is done, as in life
class TestTheTaskWorker:
    def test_a_reader_is_told_how_far_the_build_has_got_until_the_worker_has_built_it(
        self, meeting_with_papers, client_for, settings
    ):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        meeting, _, _, _ = meeting_with_papers
        public = client_for(None)
        url = f"/boards/partnership/{meeting.date}/pack.pdf"
        waiting = public.get(url)
        assert waiting.status_code == 202
        assert "The pack is being put together" in waiting.content.decode()
        assert public.get(url).status_code == 202  # asking again queues no second build
        assert PackEdition.objects.count() == 1

        call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())

        ready = public.get(url)
        assert ready["Content-Type"] == "application/pdf"
        assert "The public body text." in pdf_text(b"".join(ready.streaming_content))
        htmx = public.get(url, headers={"HX-Request": "true"})
        assert htmx["HX-Redirect"] == url  # the waiting page's poll opens the PDF
