"""The shared vision of being well: written together, every version kept, and two edits that
start from the same version never overwrite each other."""

import pytest
from django.urls import reverse

from couples import services
from couples.models import VisionVersion

pytestmark = pytest.mark.django_db

URL = reverse("couples:vision")


def edit(based_on: int, **texts) -> dict:
    return {"based_on": based_on, "safety": "", "predictability": "", "joy": "", **texts}


def test_the_first_version_is_saved_and_shown_to_both(client, couple):
    ana, bo = couple
    client.force_login(ana)

    response = client.post(URL, edit(0, safety="we say 'not tonight' kindly"))

    assert response.status_code == 302
    version = VisionVersion.objects.get()
    assert (version.number, version.author, version.safety) == (
        1,
        ana,
        "we say 'not tonight' kindly",
    )
    client.force_login(bo)
    page = client.get(URL).text
    assert "Version 1" in page and "not tonight" in page


def test_each_save_adds_a_version_and_the_history_keeps_them_all(client, couple):
    ana, bo = couple
    client.force_login(ana)
    client.post(URL, edit(0, joy="slow sundays"))
    client.force_login(bo)
    client.post(URL, edit(1, joy="slow sundays and dancing"))

    assert list(VisionVersion.objects.values_list("number", flat=True)) == [2, 1]
    history = client.get(reverse("couples:vision_history")).text
    assert "slow sundays and dancing" in history and "Version 1" in history


def test_simultaneous_edits_are_detected_and_both_versions_shown(client, couple):
    ana, bo = couple
    client.force_login(ana)
    client.post(URL, edit(0, joy="slow sundays"))
    # Both open version 1; Bo saves first.
    client.force_login(bo)
    client.post(URL, edit(1, joy="bo's joy"))
    client.force_login(ana)

    response = client.post(URL, edit(1, joy="ana's joy"))

    assert response.status_code == 409
    assert "Two edits met" in response.text
    assert "bo&#x27;s joy" in response.text and "ana&#x27;s joy" in response.text
    assert 'name="based_on" value="2"' in response.text
    assert VisionVersion.objects.count() == 2
    assert VisionVersion.objects.latest_first().first().joy == "bo's joy"


def test_after_a_conflict_the_merged_version_saves(client, couple):
    ana, bo = couple
    client.force_login(bo)
    client.post(URL, edit(0, joy="bo's joy"))
    client.force_login(ana)
    client.post(URL, edit(0, joy="ana's joy"))  # conflicts with version 1

    response = client.post(URL, edit(1, joy="both our joys"))

    assert response.status_code == 302
    assert VisionVersion.objects.latest_first().first().joy == "both our joys"


def test_a_race_to_the_same_number_is_a_conflict_not_an_overwrite(couple, monkeypatch):
    ana, bo = couple
    from couples.privacy import current_couple

    together = current_couple(ana)
    services.save_vision(together, bo, 0, {"safety": "bo", "predictability": "", "joy": ""})

    # Ana read "no version yet" just before Bo's insert: her insert collides on the number.
    queryset_class = type(VisionVersion.objects.all())
    real_latest_first = queryset_class.latest_first
    reads = []

    def stale_first_read(self):
        reads.append(1)
        return self.none() if len(reads) == 1 else real_latest_first(self)

    monkeypatch.setattr(queryset_class, "latest_first", stale_first_read)
    with pytest.raises(services.VisionConflict) as conflict:
        services.save_vision(together, ana, 0, {"safety": "ana", "predictability": "", "joy": ""})
    assert conflict.value.theirs.safety == "bo"
    assert VisionVersion.objects.count() == 1


def test_saving_an_unchanged_vision_adds_no_version(client, couple):
    ana, _bo = couple
    client.force_login(ana)
    client.post(URL, edit(0, joy="walks"))

    response = client.post(URL, edit(1, joy="walks"), follow=True)

    assert VisionVersion.objects.count() == 1
    assert "Nothing had changed" in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (edit(0), "all three parts are empty"),
        (edit(0, joy="x" * 601), "at most 600 characters"),
        (edit("soon", joy="x"), "which version you started from"),
    ],
)
def test_bad_input_gets_a_clear_field_error_and_saves_nothing(client, couple, data, message):
    client.force_login(couple[0])

    response = client.post(URL, data)

    assert response.status_code == 400
    assert message in response.text
    assert not VisionVersion.objects.exists()


def test_an_edit_without_its_starting_version_cannot_overwrite(client, couple):
    ana, _bo = couple
    client.force_login(ana)
    client.post(URL, edit(0, joy="first"))

    response = client.post(URL, {"joy": "no based_on"})

    assert response.status_code == 409
    assert VisionVersion.objects.get().joy == "first"


def test_the_vision_is_coached(client, couple):
    client.force_login(couple[0])

    text = client.get(URL).text

    assert reverse("support:coach") in text and 'class="coach" aria-live="polite"' in text


def test_without_a_couple_the_page_explains_and_nothing_is_saved(client, user):
    client.force_login(user)

    assert "Start or join a couple" in client.get(URL).text
    response = client.post(URL, edit(0, joy="alone"))
    assert response.status_code == 200
    assert not VisionVersion.objects.exists()


@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_outsiders_neither_see_nor_change_the_couples_vision(client, people, viewer):
    from couples.privacy import current_couple

    together = current_couple(people.ana)
    services.save_vision(
        together, people.ana, 0, {"safety": "vision-secret", "predictability": "", "joy": ""}
    )
    client.force_login(getattr(people, viewer))

    text = client.get(URL).text + client.get(reverse("couples:vision_history")).text
    client.post(URL, edit(1, safety="taken over"))

    assert "vision-secret" not in text
    assert together.vision_versions.count() == 1


def test_a_former_partner_loses_the_vision_when_the_couple_ends(client, couple):
    ana, bo = couple
    client.force_login(ana)
    client.post(URL, edit(0, joy="vision-secret"))
    services.leave_couple(bo)

    client.force_login(bo)
    assert "vision-secret" not in client.get(reverse("couples:vision_history")).text
