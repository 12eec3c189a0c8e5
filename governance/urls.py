from django.urls import path

from governance.records import ATTACHMENT, ATTENDANCE, BOARD, ITEM, MEETING, PAPER, PERSON, RECOMMENDATION, SEAT, TERMS
from governance.views import feeds, manage, public
from governance.views.sign_ins import person_invite, sign_ins

app_name = "governance"

urlpatterns = [
    path("boards/", public.board_list, name="board_list"),
    path("boards/<slug:board>/", public.board_detail, name="board_detail"),
    path("boards/<slug:board>/calendar.ics", feeds.board_calendar, name="board_calendar"),
    path("calendar.ics", feeds.calendar, name="calendar"),
    path("boards/<slug:board>/<isodate:date>/", public.meeting_detail, name="meeting_detail"),
    path("boards/<slug:board>/<isodate:date>/pack/", public.meeting_pack, name="meeting_pack"),
    path("boards/<slug:board>/<isodate:date>/pack.pdf", public.meeting_pack_pdf, name="meeting_pack_pdf"),
    path(
        "boards/<slug:board>/<isodate:date>/pack/editions/<int:edition>.pdf",
        public.pack_edition,
        name="pack_edition",
    ),
    path("boards/<slug:board>/<isodate:date>/papers/<int:paper>/", public.paper_detail, name="paper_detail"),
    path("boards/<slug:board>/<isodate:date>/files/<int:attachment>/", public.attachment_download, name="attachment"),
    path(
        "boards/<slug:board>/<isodate:date>/files/<int:attachment>/v<int:number>/",
        public.attachment_download,
        name="attachment_version",
    ),
    path("manage/boards/", manage.manage_index, name="manage_index"),
    path("manage/people/", manage.person_list, name="person_list"),
    path("manage/boards/sign-ins/", sign_ins, name="sign_ins"),
    path(f"{PERSON.path}invite/", person_invite, name="person_invite"),
    *PERSON.urls(),
    *TERMS.urls(),
    *SEAT.urls(),
    *ITEM.urls(),
    *PAPER.urls(),
    *RECOMMENDATION.urls(),
    *ATTACHMENT.urls(),
    *ATTENDANCE.urls(),
    path(f"{MEETING.path}standing-items/", manage.meeting_standing_items, name="meeting_standing_items"),
    path(f"{MEETING.path}copy-agenda/", manage.meeting_copy_agenda, name="meeting_copy_agenda"),
    *MEETING.urls(),
    *BOARD.urls(),
]
