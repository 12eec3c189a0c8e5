from blmk_portal import forms as nhs
from governance.models import Board
from places.models import Place


class NoticeForm(nhs.Form):
    board = nhs.ModelChoiceField(label="Board", queryset=Board.objects.all(), subject="the board")
    title = nhs.CharField(max_length=200, subject="the notice's title")
    places = nhs.ModelMultipleChoiceField(label="Places", queryset=Place.objects.all(), required=False)
