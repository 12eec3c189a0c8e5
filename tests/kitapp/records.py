from blmk_portal.records import Record, Section
from blmk_portal.services import record_create, record_update
from tests.kitapp.forms import NoticeForm
from tests.kitapp.models import Notice

NOTICES = Section("Notices", "kitapp:notices")

NOTICE = Record(
    model=Notice,
    form=NoticeForm,
    prefix="manage/notices/",
    section=NOTICES,
    noun="notice",
    caption=lambda notice: notice.board.name,
    create=lambda values, by: record_create(model=Notice, values=values, by=by),
    update=lambda notice, opened_at_version, values, by: record_update(
        item=notice, opened_at_version=opened_at_version, values=values, by=by
    ),
)
