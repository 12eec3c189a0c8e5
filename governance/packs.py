"""A meeting's pack: its agenda and, in agenda order, each paper a reader may see with its cover sheet,
recommendations, body and files. The HTML pack, the PDF pack and the paper pages all read this one shape.

What a reader may see is decided once, here, by the publication gate: the public pack leaves Part II out
entirely, a member of the board gets it all.

The board's action log comes with the pack by itself, at the agenda item that presents it ("Action log",
"Matters arising"): in the paper staff put at that item, or as a paper of its own where there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch

from blmk_portal import roles
from dashboards.performance_report import Report, reports_of_papers
from governance import action_rules
from governance.actions import MeetingLog, meeting_log
from governance.models import AgendaItem, Attachment, AttachmentVersion, Meeting, Paper, TermsOfReference
from governance.presenters import AgendaRow, CoverSheet, MeetingPresenter
from governance.question_rules import is_questions_item
from governance.questions import ShownQuestion, published_questions
from priorities.models import Priority

LOG_KEY = "action-log"


@dataclass
class PackPaper:
    paper: Paper | None  # None: the action log as a paper of its own, where no paper was put at its item
    for_items: str  # "item 5a and item 5b", as the reader's agenda numbers them
    log: MeetingLog | None = None  # the action log, in this paper
    report: Report | None = None  # the integrated performance report, as this paper keeps it

    @property
    def key(self) -> int | str:
        """What tells it apart from the pack's other papers."""
        return self.paper.pk if self.paper else LOG_KEY

    @cached_property
    def cover(self) -> CoverSheet | None:
        return CoverSheet(self.paper) if self.paper else None

    @property
    def anchor(self) -> str:
        return f"paper-{self.paper.pk}" if self.paper else LOG_KEY

    @property
    def title(self) -> str:
        return self.paper.title if self.paper else "Action log"

    @property
    def heading(self) -> str:
        return str(self.paper) if self.paper else "Action log"

    @property
    def url(self) -> str:
        if self.paper:
            return self.paper.get_absolute_url()
        return f"{self.log.meeting.get_absolute_url()}pack/#{LOG_KEY}"

    @cached_property
    def files(self) -> list[tuple[Attachment, list[AttachmentVersion]]]:
        """Each file with its versions, newest first (the first is the current one), in the paper's order.
        Read by the page, the key, the fingerprint, the manifest and the PDF: worked out once."""
        if self.paper is None:
            return []
        return [
            (attachment, list(reversed(attachment.versions.all())))
            for attachment in self.paper.attachments.all()
            if attachment.versions.all()
        ]


@dataclass
class PackEntry:
    """An agenda row, with the papers that first appear at it (a paper serving 5a and 5b appears at 5a)."""

    row: AgendaRow
    papers: list[PackPaper] = field(default_factory=list)


@dataclass
class Pack:
    meeting: Meeting
    presenter: MeetingPresenter
    entries: list[PackEntry]
    # The accepted public questions, with their answers once recorded (governance/questions.py).
    questions: list[ShownQuestion] = field(default_factory=list)
    # Each paper's HTML for the PDF by paper id, once made (pack_pdf): the key and the build both read it.
    paper_html: dict[int | str, str] = field(default_factory=dict, repr=False)

    def papers_at(self, row: AgendaRow) -> list[PackPaper]:
        return next((entry.papers for entry in self.entries if entry.row.item.pk == row.item.pk), [])

    @property
    def papers(self) -> list[PackPaper]:
        return [paper for entry in self.entries for paper in entry.papers]

    def paper(self, key: int) -> PackPaper | None:
        """The paper of that key, if this reader's pack holds it (None: not there, or not theirs to read)."""
        return next((paper for paper in self.papers if paper.key == key), None)

    @property
    def questions_item(self) -> str:
        """The agenda item that takes the public questions, as the reader's agenda calls it ("item 4"); "" if none."""
        rows = (entry.row for entry in self.entries)
        return next((self.presenter.labels[row.item.pk] for row in rows if is_questions_item(row.item.title)), "")

    @property
    def has_private_papers(self) -> bool:
        """True for a members' pack: it holds Part II (and so must never be given to anyone else)."""
        return any(row.item.is_part_two for row in (entry.row for entry in self.entries))


def pack_for(meeting: Meeting, user) -> Pack:
    """The pack as `user` may read it. Queries do not grow with the number of items, papers or files."""
    items = list(meeting.items.all())
    shown = set(AgendaItem.objects.visible_to(user).filter(meeting=meeting).values_list("pk", flat=True))
    terms = TermsOfReference.objects.filter(board=meeting.board).last()
    presenter = MeetingPresenter(meeting, items, terms, shown)
    papers = (
        Paper.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("performance_report")
        .prefetch_related(
            "items",
            "recommendations",
            Prefetch("priorities", queryset=Priority.objects.visible_to(user).select_related("plan")),
            Prefetch("attachments", queryset=Attachment.objects.prefetch_related("versions")),
        )
    )
    entries = {row.item.pk: PackEntry(row) for row in presenter.rows()}
    order = list(entries)
    for paper in papers:
        paper.meeting = meeting  # with its board already loaded: links and cover sheets need both
        mine = sorted((item.pk for item in paper.items.all() if item.pk in entries), key=order.index)
        if not mine:
            continue  # a paper of no item the reader can see is not in their pack
        for_items = " and ".join(presenter.labels[pk] for pk in mine)
        entries[mine[0]].papers.append(PackPaper(paper, for_items))
    placed = [pack_paper for entry in entries.values() for pack_paper in entry.papers]
    reports = reports_of_papers([pack_paper.paper for pack_paper in placed])
    for pack_paper in placed:
        pack_paper.report = reports.get(pack_paper.paper.pk)
    for entry in entries.values():
        entry.papers.sort(key=lambda pack_paper: (pack_paper.paper.order, pack_paper.paper.pk))
    _add_action_log(meeting, user, presenter, entries)
    return Pack(meeting, presenter, list(entries.values()), _questions(meeting, user))


def _questions(meeting: Meeting, user) -> list[ShownQuestion]:
    """The accepted questions, read only where the meeting's query found some (`public_questions_accepted`,
    governance/views/public.py): a meeting without any costs no query."""
    if getattr(meeting, "public_questions_accepted", True) is False:
        return []
    return published_questions(meeting, user)


def _add_action_log(meeting: Meeting, user, presenter: MeetingPresenter, entries: dict[int, PackEntry]) -> None:
    """The log at the first item that presents it and the reader may see: in its first paper, or as a paper of its
    own (when there is something in the log). An agenda with no such item costs no query."""
    entry = next((entry for entry in entries.values() if action_rules.is_log_item(entry.row.item.title)), None)
    if entry is None:
        return
    log = meeting_log(meeting, user)
    if entry.papers:
        entry.papers[0].log = log
    elif not log.is_empty:
        entry.papers.append(PackPaper(None, presenter.labels[entry.row.item.pk], log))


def can_read_part_two(user, meeting: Meeting) -> bool:
    """Whether the reader may read this meeting's Part II: staff, and members of its board while their seat lasts."""
    return roles.is_programme_office(user) or meeting.board_id in roles.boards_of(user)
