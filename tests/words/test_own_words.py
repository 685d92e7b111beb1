"""Own words, as a person uses them: the My words page, the check-in and ritual forms, and
every page that shows an entry in its owner's words."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins.models import CheckIn
from couples import services as couples
from couples import versions
from datarights.services import export_tables
from rituals.models import Ritual
from tests.factories import CheckInFactory, RitualFactory, UserFactory, make_couple
from tests.html import without_tokens
from tests.moving.helpers import export_of, upload_duet
from tests.rituals.test_views import ritual_data
from tests.worker import run_worker
from words import vocabulary
from words.models import OwnWord

pytestmark = pytest.mark.django_db

TONIGHT = date(2026, 11, 18)
HOME = reverse("words:home")
EVENING = reverse("checkins:evening")


@pytest.fixture
def ana(frozen_now):
    return UserFactory(display_name="Ana")


@pytest.fixture
def as_ana(ana):
    client = Client()
    client.force_login(ana)
    return client


def add(client, kind, label, group=""):
    return client.post(reverse("words:add", args=[kind]), {"label": label, "group": group})


def key_of(person, kind, label):
    return next(w.key for w in OwnWord.objects.filter(owner=person, kind=kind) if w.label == label)


def checkin_answers(**overrides):
    data = {"pleasantness": "4", "feeling_energy": "4", "share_feeling": "on"}
    data.update(overrides)
    return data


# The My words page


@pytest.mark.parametrize("kind", ["feeling", "wish", "category"])
def test_adding_a_word_of_each_kind_shows_it_on_the_page(as_ana, ana, kind):
    response = add(as_ana, kind, "  Sunday-ish  ")

    assert response.status_code == 302
    assert response["Location"] == f"{HOME}#{kind}"
    word = OwnWord.objects.get(owner=ana, kind=kind)
    assert word.label == "Sunday-ish" and word.key.startswith("own_")
    assert "Sunday-ish" in as_ana.get(HOME).text


@pytest.mark.parametrize(
    ("kind", "key", "default"),
    [("feeling", "calm", "calm"), ("wish", "space", "Some space"), ("category", "rest", "Rest")],
)
def test_renaming_a_default_keeps_its_key_and_can_be_undone(as_ana, ana, kind, key, default):
    url = reverse("words:rename", args=[kind, key])

    assert as_ana.post(url, {"label": "Mellow"}).status_code == 302
    row = OwnWord.objects.get(owner=ana, kind=kind, key=key)
    assert row.label == "Mellow"
    page = as_ana.get(HOME).text
    assert "Mellow" in page and f"(was “{default}”)" in page

    as_ana.post(url, {"label": ""})  # empty: back to the default's own name
    assert OwnWord.objects.get(owner=ana, kind=kind, key=key).label == ""


@pytest.mark.parametrize(
    ("kind", "key"), [("feeling", "numb"), ("wish", "nothing"), ("category", "sleep")]
)
def test_hiding_and_showing_a_word(as_ana, ana, kind, key):
    as_ana.post(reverse("words:hide", args=[kind, key]))
    assert OwnWord.objects.get(owner=ana, kind=kind, key=key).hidden

    as_ana.post(reverse("words:show", args=[kind, key]))
    assert not OwnWord.objects.get(owner=ana, kind=kind, key=key).hidden


@pytest.mark.parametrize(
    ("kind", "first", "second"),
    [
        ("feeling", "excited", "joyful"),
        ("wish", "listen", "company"),
        ("category", "journaling", "mindfulness"),
    ],
)
def test_moving_a_word_down_and_up(as_ana, ana, kind, first, second):
    from words.vocabulary import Words

    def order():
        return [w.key for w in Words(ana.pk, list(OwnWord.objects.filter(owner=ana))).all(kind)]

    as_ana.post(reverse("words:move", args=[kind, first]), {"direction": "down"})
    assert order()[:2] == [second, first]
    as_ana.post(reverse("words:move", args=[kind, first]), {"direction": "up"})
    assert order()[:2] == [first, second]


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("   ", "A word needs at least one letter"),
        ("x" * 31, "30 characters or fewer"),
        ("Calm", "is already one of your words here"),
        ("CONTENT", "is already one of your words here"),
    ],
)
def test_bad_input_says_why_and_saves_nothing(as_ana, ana, label, message):
    response = add(as_ana, "feeling", label)

    assert response.status_code == 400
    assert message in response.text
    assert not OwnWord.objects.exists()


def test_a_rename_to_another_visible_word_saves_nothing(as_ana, ana):
    response = as_ana.post(reverse("words:rename", args=["wish", "listen"]), {"label": "company"})

    assert response.status_code == 400 and "already one of your words" in response.text
    assert not OwnWord.objects.filter(label__isnull=False).exclude(label="").exists()


def test_there_is_a_sane_maximum(as_ana, ana):
    for n in range(5):  # five defaults + five own = ten, the most for "what would help"
        assert add(as_ana, "wish", f"help {n}").status_code == 302
    response = add(as_ana, "wish", "one more")

    assert response.status_code == 400 and "as many as fit" in response.text
    assert OwnWord.objects.filter(kind="wish").count() == 5


def test_the_last_visible_word_stays(as_ana, ana):
    for key in ["listen", "company", "space", "practical"]:
        as_ana.post(reverse("words:hide", args=["wish", key]))
    response = as_ana.post(reverse("words:hide", args=["wish", "nothing"]))

    assert response.status_code == 400 and "last word shown here" in response.text
    assert not OwnWord.objects.filter(kind="wish", key="nothing", hidden=True).exists()


def test_an_own_word_is_private_text_sealed_at_rest(as_ana, ana):
    add(as_ana, "feeling", "fizzy")
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM words_ownword")
        (stored,) = cursor.fetchone()
    assert "fizzy" not in stored


def test_settings_links_to_my_words(as_ana):
    assert HOME in as_ana.get(reverse("accounts:profile")).text


# Through the check-in


def test_an_own_word_through_the_check_in_and_on_the_patterns_page(as_ana, ana):
    add(as_ana, "feeling", "fizzy", group="high_pleasant")
    add(as_ana, "wish", "a bath")
    fizzy, bath = key_of(ana, "feeling", "fizzy"), key_of(ana, "wish", "a bath")

    form = as_ana.get(EVENING).text
    assert f'value="{fizzy}"' in form and "fizzy" in form and "a bath" in form

    response = as_ana.post(EVENING, checkin_answers(feeling_words=[fizzy, "calm"], wish=bath))
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert checkin.feeling_words == [fizzy, "calm"] and checkin.wish == bath

    history = as_ana.get(reverse("checkins:history")).text
    assert "fizzy, calm" in history and "a bath" in history
    patterns = as_ana.get(reverse("checkins:patterns")).text
    assert "fizzy (1)" in patterns and "a bath (1)" in patterns
    assert fizzy not in patterns


def test_the_check_in_accepts_only_the_persons_own_visible_words(as_ana, ana):
    bo = UserFactory()
    OwnWord.objects.create(owner=bo, kind="feeling", key="own_b0b0b0", label="bo's word")
    as_ana.post(reverse("words:hide", args=["feeling", "numb"]))

    for answers in (
        checkin_answers(feeling_words=["own_b0b0b0"]),
        checkin_answers(feeling_words=["numb"]),
        checkin_answers(feeling_words=["made-up"]),
        checkin_answers(wish="own_zzzzzz"),
    ):
        response = as_ana.post(EVENING, answers)
        assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_hidden_word_is_not_offered_but_still_shown_on_old_entries(as_ana, ana):
    CheckInFactory(owner=ana, evening=date(2026, 11, 10), feeling_words=["numb"])
    as_ana.post(reverse("words:hide", args=["feeling", "numb"]))

    assert 'value="numb"' not in as_ana.get(EVENING).text
    assert "numb" in as_ana.get(reverse("checkins:history")).text


def test_editing_a_check_in_keeps_a_word_hidden_since(as_ana, ana):
    CheckInFactory(owner=ana, evening=TONIGHT, feeling_words=["numb"], wish="space")
    as_ana.post(reverse("words:hide", args=["feeling", "numb"]))
    as_ana.post(reverse("words:hide", args=["wish", "space"]))

    form = as_ana.get(EVENING).text
    assert 'value="numb"' in form and 'value="space"' in form
    response = as_ana.post(EVENING, checkin_answers(feeling_words=["numb"], wish="space"))
    assert response.status_code == 302


def test_a_renamed_default_shows_on_history_and_to_the_partner_only_when_shared(as_ana, ana):
    ana, bo = make_couple(ana)
    as_ana.post(reverse("words:rename", args=["feeling", "calm"]), {"label": "still water"})
    as_ana.post(reverse("words:rename", args=["wish", "company"]), {"label": "a hug"})
    CheckInFactory(
        owner=ana,
        evening=TONIGHT,
        feeling_words=["calm"],
        wish="company",
        share_feeling=True,
        share_wish=True,
    )
    CheckInFactory(
        owner=ana,
        evening=date(2026, 11, 17),
        feeling_words=["calm"],
        wish="company",
        share_feeling=False,
        share_wish=False,
        share_note=True,
        note="just a note",
    )

    history = as_ana.get(reverse("checkins:history")).text
    assert history.count("still water") == 2 and history.count("a hug") == 2

    as_bo = Client()
    as_bo.force_login(bo)
    partner_page = as_bo.get(reverse("checkins:partner")).text
    assert partner_page.count("still water") == 1 and partner_page.count("a hug") == 1
    assert "just a note" in partner_page  # the second evening is there, without the words
    assert "still water" in as_bo.get(reverse("rituals:today")).text


def test_each_owners_words_are_read_once_per_page(as_ana, ana):
    ana, bo = make_couple(ana)
    as_ana.post(reverse("words:rename", args=["feeling", "calm"]), {"label": "still water"})
    for day in range(1, 16):
        CheckInFactory(
            owner=ana,
            evening=date(2026, 11, day),
            feeling_words=["calm", "sad"],
            share_feeling=True,
            share_wish=True,
        )
    as_bo = Client()
    as_bo.force_login(bo)
    for client, url in [
        (as_bo, reverse("checkins:partner")),
        (as_ana, reverse("checkins:history")),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.text.count("still water") == 15
        reads = [q for q in queries.captured_queries if "words_ownword" in q["sql"]]
        assert len(reads) == 1, url


FORM_KEY = re.compile(r'name="submission_key" value="[^"]*"')  # new with every form drawn


def words_read(client, url: str, data: dict | None = None) -> tuple[str, int]:
    """The page (posted with `data`, if any) and how many times it read someone's words."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url) if data is None else client.post(url, data, follow=True)
    reads = [q for q in queries.captured_queries if "words_ownword" in q["sql"]]
    return FORM_KEY.sub("", without_tokens(response.text)), len(reads)


def test_my_words_are_kept_between_my_pages_and_a_change_shows_on_the_next(as_ana, ana):
    make_couple(ana)
    as_ana.get(EVENING)
    kept, reads = words_read(as_ana, EVENING)
    assert reads == 0
    caches["pages"].clear()
    assert words_read(as_ana, EVENING) == (kept, 1)  # the same, read afresh

    add(as_ana, "feeling", "fizzy")
    text, reads = words_read(as_ana, EVENING)
    assert "fizzy" in text and reads == 1
    as_ana.post(reverse("words:rename", args=["wish", "company"]), {"label": "a hug"})
    assert "a hug" in words_read(as_ana, EVENING)[0]
    as_ana.post(reverse("words:hide", args=["feeling", key_of(ana, "feeling", "fizzy")]))
    text, reads = words_read(as_ana, EVENING)
    assert "fizzy" not in text and "a hug" in text and reads == 1


def test_my_own_check_in_keeps_my_words(as_ana, ana):
    make_couple(ana)
    add(as_ana, "feeling", "fizzy")
    as_ana.get(EVENING)
    fizzy = key_of(ana, "feeling", "fizzy")

    # Checked against the words kept, saved, and the pages after it keep them still.
    _page, reads = words_read(as_ana, EVENING, checkin_answers(feeling_words=[fizzy]))

    assert CheckIn.objects.get(owner=ana).feeling_words == [fizzy]
    assert reads == 0
    text, reads = words_read(as_ana, EVENING)
    assert reads == 0
    caches["pages"].clear()
    assert words_read(as_ana, EVENING)[0] == text


def test_a_request_that_changed_my_words_reads_them_afresh(ana):
    """Kept words answer only while the request has written nothing: its writes move the
    versions once it is done, so after one it reads the database."""
    make_couple(ana)
    seen = []

    def view(request):
        seen.append([word.label for word in vocabulary.words_of(ana.pk).all("feeling")])
        OwnWord.objects.create(owner=ana, kind="feeling", key="own-1", label="fizzy")
        vocabulary.forget(ana.pk)
        seen.append([word.label for word in vocabulary.words_of(ana.pk).all("feeling")])
        return HttpResponse()

    for _twice in "12":
        request = RequestFactory().post("/")
        request.user = ana
        versions.BumpAfterChangesMiddleware(view)(request)
        OwnWord.objects.filter(key="own-1").delete()

    assert ["fizzy" in labels for labels in seen] == [False, True, False, True]
    assert versions.unwritten_reader() is None  # outside a request: no one's


# Rituals


def test_an_own_category_through_the_ritual_form_and_to_the_partner_when_shared(as_ana, ana):
    ana, bo = make_couple(ana)
    add(as_ana, "category", "Garden")
    garden = key_of(ana, "category", "Garden")
    assert "Garden" in as_ana.get(reverse("rituals:create")).text

    response = as_ana.post(
        reverse("rituals:create"),
        {
            "title": "Water the beans",
            "category": garden,
            "schedule_kind": "daily",
            "anchor": "morning",
            "visibility": "exists",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ritual = Ritual.objects.get(owner=ana)
    assert ritual.category == garden
    assert "Garden" in as_ana.get(reverse("rituals:list")).text

    as_bo = Client()
    as_bo.force_login(bo)
    other = as_bo.post(
        reverse("rituals:create"),
        {
            "title": "Mine",
            "category": garden,
            "schedule_kind": "daily",
            "anchor": "morning",
            "visibility": "private",
        },
    )
    assert other.status_code == 400  # Ana's category isn't one of Bo's


def test_a_partner_sees_an_own_category_only_on_a_shared_ritual(ana):
    ana, bo = make_couple(ana)
    OwnWord.objects.create(owner=ana, kind="category", key="own_9a9a9a", label="Garden")
    RitualFactory(owner=ana, category="own_9a9a9a", visibility="private", title="hidden one")
    as_bo = Client()
    as_bo.force_login(bo)
    assert "Garden" not in as_bo.get(reverse("couples:home")).text
    # Shared the way Ana shares one, through her own page: Bo's Us page keeps what it drew
    # until one of the two changes something (couples/versions.py).
    as_ana = Client()
    as_ana.force_login(ana)
    made = as_ana.post(
        reverse("rituals:create"),
        ritual_data(category="own_9a9a9a", visibility="exists", title="shared one"),
    )
    assert made.status_code == 302
    page = as_bo.get(reverse("couples:home")).text
    assert "shared one" in page and "Garden" in page


# Who may reach the words


def test_no_one_else_can_change_a_persons_words(ana):
    ana, bo = make_couple(ana)
    OwnWord.objects.create(owner=ana, kind="feeling", key="own_a1a1a1", label="fizzy")
    stranger = UserFactory()
    former = UserFactory()
    couples.leave_couple(bo)
    new_bo = make_couple(former)[1]
    for person in (bo, stranger, former, new_bo):
        client = Client()
        client.force_login(person)
        assert "fizzy" not in client.get(HOME).text
        for name in ("rename", "hide", "show", "move"):
            response = client.post(
                reverse(f"words:{name}", args=["feeling", "own_a1a1a1"]), {"label": "mine now"}
            )
            assert response.status_code == 404, (name, person)
    word = OwnWord.objects.get()
    assert (word.label, word.hidden) == ("fizzy", False)


def test_an_unknown_list_is_a_404(as_ana):
    assert as_ana.post(reverse("words:add", args=["moods"]), {"label": "x"}).status_code == 404
    assert as_ana.post(reverse("words:hide", args=["moods", "calm"])).status_code == 404


# Export and import


def test_the_export_carries_the_words(as_ana, ana):
    add(as_ana, "feeling", "fizzy")
    as_ana.post(reverse("words:rename", args=["wish", "company"]), {"label": "a hug"})
    as_ana.post(reverse("words:hide", args=["category", "sleep"]))

    rows = export_tables(ana)["own_words"]
    by_key = {row["key"]: row for row in rows}
    assert by_key[key_of(ana, "feeling", "fizzy")]["label"] == "fizzy"
    assert by_key["company"]["label"] == "a hug"
    assert by_key["sleep"]["hidden"] is True
    assert {"position", "group", "kind"} <= set(by_key["company"])


def test_words_come_back_with_a_duet_import(as_ana, ana):
    add(as_ana, "feeling", "fizzy", group="low_pleasant")
    as_ana.post(reverse("words:rename", args=["wish", "company"]), {"label": "a hug"})
    as_ana.post(reverse("words:hide", args=["category", "sleep"]))
    fizzy = key_of(ana, "feeling", "fizzy")
    CheckInFactory(owner=ana, evening=TONIGHT, feeling_words=[fizzy], wish="company")
    exported = export_of(as_ana)

    newcomer = UserFactory()
    client = Client()
    client.force_login(newcomer)
    upload_duet(client, exported)
    run_worker()

    words = {w.key: w for w in OwnWord.objects.filter(owner=newcomer)}
    assert (words[fizzy].label, words[fizzy].group) == ("fizzy", "low_pleasant")
    assert words["company"].label == "a hug" and words["sleep"].hidden
    history = client.get(reverse("checkins:history")).text
    assert "fizzy" in history and "a hug" in history
