from django.urls import path

from governance.records import BOARD, PERSON, SEAT, TERMS
from governance.views import manage, public

app_name = "governance"

urlpatterns = [
    path("boards/", public.board_list, name="board_list"),
    path("boards/<slug:board>/", public.board_detail, name="board_detail"),
    path("manage/boards/", manage.manage_index, name="manage_index"),
    path("manage/people/", manage.person_list, name="person_list"),
    *PERSON.urls(),
    *TERMS.urls(),
    *SEAT.urls(),
    *BOARD.urls(),
]
