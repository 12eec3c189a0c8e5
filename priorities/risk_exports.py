"""The risk register as a file: one row per risk with every score as likelihood, consequence, score and band
(in words, as the register reads), its owner, review date and whether its review is overdue. CSV for any tool,
XLSX for those who keep their registers in Excel.

The caller chooses the risks and their order, with their priority, plan and programme fetched.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator

from blmk_portal import spreadsheets
from blmk_portal.publication import Audience
from priorities.models import Risk
from priorities.risk_rules import CONSEQUENCE, LIKELIHOOD, SCALES, Score, review_overdue

SCORED = ("inherent", "current", "target")
HEADER = [
    "Risk",
    "Plan",
    "Priority",
    "Programme",
    "Owner",
    "Open or closed",
    *(f"{which.capitalize()} {part}" for which in SCORED for part in (*SCALES, "score", "band")),
    "Review date",
    "Review overdue",
    "Who can see it",
    "Description",
    "Cause",
    "Effect",
    "Mitigations",
]


def register_rows(risks: Iterable[Risk], today: dt.date) -> Iterator[list[object]]:
    for risk in risks:
        scores = []
        for which in SCORED:
            score = Score(getattr(risk, f"{which}_likelihood"), getattr(risk, f"{which}_consequence"))
            scores += [
                f"{score.likelihood} {LIKELIHOOD[score.likelihood].name}",
                f"{score.consequence} {CONSEQUENCE[score.consequence].name}",
                score.value,
                score.band.label,
            ]
        yield [
            risk.title,
            risk.priority.plan.title,
            str(risk.priority),
            risk.programme.title if risk.programme_id else "",
            risk.owner,
            risk.get_state_display(),
            *scores,
            risk.review_date,
            "Yes" if review_overdue(risk.review_date, is_open=risk.state == Risk.State.OPEN, today=today) else "No",
            "Everyone" if risk.audience == Audience.PUBLIC else "Programme office only",
            risk.description,
            risk.cause,
            risk.effect,
            risk.mitigations,
        ]


def register_csv(risks: Iterable[Risk], today: dt.date) -> str:
    return spreadsheets.csv_text(HEADER, ([_text(value) for value in row] for row in register_rows(risks, today)))


def register_xlsx(risks: Iterable[Risk], today: dt.date) -> bytes:
    from openpyxl import Workbook  # only downloads of workbooks need it

    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet.append(HEADER)
    for row in register_rows(risks, today):
        sheet.append(row)
    spreadsheets.text_stays_text(sheet)
    date_column = HEADER.index("Review date") + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
