from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.localtime import current_evening
from checkins import queries, services
from checkins.forms import AcknowledgementForm, CheckInForm, SharingDefaultsForm
from checkins.models import Acknowledgement, CheckIn, SharingDefaults
from core.form_page import form_page, posted
from core.problem import problem_page
from core.redirects import safe_next_url
from couples import privacy
from couples.answers import answerable, receive_answer
from notifications.catalogue import wants
from notifications.models import Notification


@login_required
def evening(request):
    """Tonight's check-in: new, or the one already written this evening to edit."""
    return _checkin_form(request, current_evening(request.user))


@login_required
def edit(request, evening: date):
    day = evening
    tonight = current_evening(request.user)
    if day == tonight:
        return redirect("checkins:evening")
    if day not in queries.editable_evenings(request.user):
        return _refuse(
            request,
            _("Check-ins are for this evening; the two evenings before it can still be edited."),
        )
    if not CheckIn.objects.owned_by(request.user).filter(evening=day).exists():
        return _refuse(request, _("There's no check-in for that evening to edit."))
    return _checkin_form(request, day)


def _refuse(request, problem: str):
    return problem_page(
        request,
        problem,
        heading=_("That evening can't be changed here"),
        title=_("Check-in"),
        back_url=reverse("checkins:evening"),
        back_label=_("Go to tonight's check-in"),
    )


def _device_person(person) -> str:
    """Who wrote a check-in kept on a phone, without naming them: the page script resends it
    only while the same person is logged in there (static/js/checkin-outbox.js)."""
    return salted_hmac("duet.checkin-outbox", str(person.pk), algorithm="sha256").hexdigest()[:20]


def _from_outbox(request) -> bool:
    """Sent by the script that resends a check-in kept on the phone while it was offline: the
    phone tells the person itself, so no message waits for their next page as well."""
    return request.headers.get("X-Duet-Outbox") == "kept"


def _saved_message(checkin: CheckIn, partner) -> str:
    """The confirmation, repeating who sees what of it."""
    shared = queries.shared_in_words(checkin.sharing())
    if partner is None or not shared:
        return _("Thank you for checking in. It's saved. Only you see it.")
    # Translators: %(shared)s lists what the partner sees, e.g. "your feeling and your note".
    return _(
        "Thank you for checking in. It's saved. %(name)s sees %(shared)s; you can change "
        "that below."
    ) % {"name": partner.display_name, "shared": shared}


def _checkin_form(request, day: date):
    if request.method != "POST":
        return _page(request, day, _fresh_form(request, day))
    saved = services.already_submitted(request.user, request.POST.get("submission_key"))
    if saved is not None:
        # Sent again: answered as saved, so a resend never undoes a later edit.
        if not _from_outbox(request):
            messages.success(request, _("I already had this check-in saved, so nothing changed."))
        if saved.evening in queries.editable_evenings(request.user):
            return redirect("checkins:edit", saved.evening)
        return redirect("checkins:history")
    status = 200
    # No savepoint of its own within the request's transaction (PostgreSQL, couples.versions):
    # nothing here is undone alone (a refused save undoes itself in save_checkin).
    with transaction.atomic(savepoint=False):
        # Read under a lock until saved, so two saves of one check-in are judged one after
        # the other (services.save_checkin).
        existing = services.own_checkin(request.user, day, locked=True)
        form = _form(request, existing, day, data=request.POST)
        if form.is_valid():
            evening = form.cleaned_data["evening"] or day  # the evening the form was opened for
            try:
                checkin = services.save_checkin(
                    request.user,
                    evening,
                    {name: form.cleaned_data[name] for name in form.Meta.fields},
                    form.cleaned_data["submission_key"],
                    form.cleaned_data["based_on"],
                    locked=existing if evening == day else False,
                )
            except services.StaleCheckIn:
                if _from_outbox(request):
                    return HttpResponse(status=409)  # the phone tells the person itself
                messages.info(
                    request,
                    _(
                        "I notice this check-in was changed since you opened it (on another "
                        "device, or a copy kept on a phone), so I haven't saved over it. Here "
                        "it is as it is now; would you like to change it again?"
                    ),
                )
                form, day, status = _fresh_form(request, evening), evening, 409
            else:
                if not _from_outbox(request):
                    messages.success(
                        request, _saved_message(checkin, privacy.partner_of(request.user))
                    )
                return redirect("checkins:evening")
    return _page(request, day, form, status)


def _form(request, existing: CheckIn | None, day: date, data=None, **kwargs) -> CheckInForm:
    """The check-in form on the person's check-in for `day`, or on a new one with their usual
    sharing; posted, with what they sent (`data`)."""
    if existing is None:
        existing = CheckIn(owner=request.user, evening=day)
        for part, shared in SharingDefaults.for_person(request.user).sharing().items():
            setattr(existing, f"share_{part}", shared)
    return CheckInForm(
        data, instance=existing, editable=queries.editable_evenings(request.user), **kwargs
    )


def _fresh_form(request, day: date) -> CheckInForm:
    """A form not posted yet, drawn on the check-in for `day` as it is now."""
    existing = services.own_checkin(request.user, day)
    based_on = services.drawn_on(existing)
    return _form(request, existing, day, initial={"based_on": based_on})


def _page(request, day: date, form: CheckInForm, status: int = 200):
    recent = queries.own_checkins(request.user, limit=queries.RECENT_EVENINGS)
    return render(
        request,
        "checkins/evening.html",
        {
            "form": form,
            "evening": day,
            "is_tonight": day == current_evening(request.user),
            "editing": form.instance.pk is not None,
            "recent": recent[: queries.EDITABLE_PAST_EVENINGS + 1],
            "editable": queries.editable_evenings(request.user),
            "feeling_low": queries.feeling_low_for_a_while(
                request.user, [checkin for checkin, _answers in recent]
            ),
            "partner": privacy.partner_of(request.user),
            "shared_words": queries.shared_in_words(form.sharing_now()),
            "device_person": _device_person(request.user),
        },
        status=400 if form.errors else status,
    )


@login_required
def history(request):
    return render(
        request,
        "checkins/history.html",
        {
            "entries": queries.own_checkins(request.user, limit=60),
            "editable": queries.editable_evenings(request.user),
        },
    )


@login_required
@require_POST
def change_sharing(request, checkin_id: int):
    """Share or un-share parts of any of one's own check-ins, however old."""
    checkin = get_object_or_404(CheckIn.objects.owned_by(request.user), pk=checkin_id)
    form = SharingDefaultsForm(request.POST)
    form.is_valid()  # booleans: a missing box is simply "not shared"
    for name, value in form.cleaned_data.items():
        setattr(checkin, name, value)
    checkin.save(update_fields=list(form.cleaned_data))
    messages.success(
        request, _("Sharing updated. It applies from the next page your partner opens.")
    )
    return redirect("checkins:history")


@login_required
def partner(request):
    partner = privacy.partner_of(request.user)
    return render(
        request,
        "checkins/partner.html",
        {
            "partner": partner,
            "views": queries.partner_checkins(request.user),
            "ack_form": AcknowledgementForm(),
            "wants_checkin_shared": wants(request.user, Notification.Kind.CHECKIN_SHARED),
        },
    )


@login_required
@require_POST
def acknowledge(request, checkin_id: int):
    # Only a partner's check-in that shares something can be answered; anything else is 404.
    checkin = answerable(CheckIn.objects.all(), request, checkin_id)
    form = AcknowledgementForm(request.POST)
    receive_answer(request, checkin, form, services.acknowledge)
    view = queries.SharedCheckIn.of(checkin, request.user)
    view.acknowledgements = list(
        Acknowledgement.objects.owned_by(request.user).filter(checkin=checkin)
    )
    if request.htmx:
        return render(
            request,
            "checkins/partner.html#shared_checkin",
            {"view": view, "ack_form": form if form.errors else AcknowledgementForm()},
        )
    if form.errors:
        return render(
            request,
            "checkins/partner.html",
            {"partner": checkin.owner, "views": [view], "ack_form": form},
            status=400,
        )
    return redirect(safe_next_url(request, reverse("checkins:partner")))


@login_required
def patterns(request):
    return render(
        request,
        "checkins/patterns.html",
        {
            "patterns": queries.kept_patterns(request.user, request.GET.get("range", "4w")),
            "ranges": queries.RANGES,
        },
    )


@login_required
def sharing(request):
    defaults = SharingDefaults.for_person(request.user)
    form = SharingDefaultsForm(posted(request), instance=defaults)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. New check-ins start with these choices."))
        return redirect("checkins:evening")
    return form_page(request, "checkins/sharing.html", form)


@login_required
def support(request):
    return render(request, "checkins/support.html")
