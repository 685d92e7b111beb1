from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.form_page import form_page, posted
from couples import privacy
from couples.models import Boundary
from support import coach, queries, services
from support.forms import (
    BoundaryForm,
    GrantForm,
    OfferForm,
    ReminderForm,
    RequestAnswerForm,
    RequestForm,
)
from support.models import Kind, Reminder, SupportGrant, SupportOffer, SupportRequest


@login_required
def home(request):
    return render(request, "support/home.html", _support_page(request))


def _answer_form(support_request: SupportRequest, data=None) -> RequestAnswerForm:
    # One answer form per request on the page, with ids of its own (alternative-<pk>).
    return RequestAnswerForm(data, auto_id=f"%s-{support_request.pk}")


def _support_page(request, answered: RequestAnswerForm | None = None, answered_pk=None) -> dict:
    page = queries.support_page(request.user)
    for item in page["requests_to_me"]:
        item.answer_form = answered if item.pk == answered_pk else _answer_form(item)
    page["kinds"] = Kind.choices  # each explained on the page, in the reader's words
    return page


@login_required
def grant_create(request):
    if privacy.partner_of(request.user) is None:
        messages.info(request, _("Support flows between partners; invite yours first."))
        return redirect("couples:home")
    form = GrantForm(posted(request), owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.grant_support(form.save(commit=False), owner=request.user)
        messages.success(
            request, _("Granted. You can change or revoke it at any time, in one tap.")
        )
        return redirect("support:home")
    context = {"creating": True, "partner": privacy.partner_of(request.user)}
    return form_page(request, "support/grant_form.html", form, context)


def _own_grant(request, grant_id: int) -> SupportGrant:
    return get_object_or_404(SupportGrant.objects.owned_by(request.user), pk=grant_id)


@login_required
def grant_edit(request, grant_id: int):
    grant = _own_grant(request, grant_id)
    if grant.state != "live":
        messages.info(request, _("This permission has ended; grant a new one instead."))
        return redirect("support:home")
    form = GrantForm(posted(request), instance=grant, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.change_grant(form.save(commit=False))
        messages.success(request, _("Changed. Your partner sees the new limits straight away."))
        return redirect("support:home")
    context = {"grant": grant, "partner": privacy.partner_of(request.user)}
    return form_page(request, "support/grant_form.html", form, context)


@login_required
@require_POST
def grant_revoke(request, grant_id: int):
    grant = _own_grant(request, grant_id)
    services.revoke_grant(grant)
    messages.success(request, _("Revoked. Nothing more will come under that permission."))
    return redirect("support:home")


@login_required
def history(request):
    return render(request, "support/history.html", {"entries": queries.grant_history(request.user)})


@login_required
@require_POST
def boundary_add(request):
    form = BoundaryForm(request.POST)
    if form.is_valid():
        boundary = form.save(commit=False)
        boundary.owner = request.user
        boundary.save()
        messages.success(request, _("Added. Your partner sees it wherever they offer support."))
        return redirect("support:home")
    context = _support_page(request)
    context["boundary_form"] = form
    return render(request, "support/home.html", context, status=400)


@login_required
@require_POST
def boundary_delete(request, boundary_id: int):
    boundary = get_object_or_404(Boundary.objects.owned_by(request.user), pk=boundary_id)
    boundary.delete()
    messages.success(request, _("Removed."))
    return redirect("support:home")


@login_required
def offer_create(request):
    owner = privacy.partner_of(request.user)
    form = OfferForm(
        posted(request),
        partner=request.user,
        initial=request.GET.dict(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.make_offer(form.cleaned_data["grant"], request.user, form.cleaned_data["text"])
        except services.SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Offered. They can accept, decline or say not now."))
            coach.note_after_sending(request, form.cleaned_data["text"])
            return redirect("support:home")
    return form_page(
        request,
        "support/offer_form.html",
        form,
        {"owner": owner, **queries.their_boundaries(request.user)},
    )


@login_required
@require_POST
def offer_answer(request, offer_id: int):
    offer = get_object_or_404(SupportOffer.objects.owned_by(request.user), pk=offer_id)
    try:
        services.answer_offer(offer, request.user, request.POST.get("answer", ""))
    except services.SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Answered. No reason needed."))
    return redirect("support:home")


@login_required
def reminder_create(request):
    owner = privacy.partner_of(request.user)
    form = ReminderForm(
        posted(request),
        partner=request.user,
        owner=owner,
        grant_id=request.GET.get("grant", ""),
        ritual_id=request.GET.get("ritual", ""),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.schedule_reminder(
                data["grant"], request.user, data["ritual"], data["text"], data["due"]
            )
        except services.SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Scheduled. It will reach them gently, at that time."))
            coach.note_after_sending(request, data["text"])
            return redirect("support:home")
    return form_page(
        request,
        "support/reminder_form.html",
        form,
        {"owner": owner, **queries.their_boundaries(request.user)},
    )


def _reminder(reminders, reminder_id: int) -> Reminder:
    return get_object_or_404(reminders.select_related("grant", "ritual"), pk=reminder_id)


@login_required
@require_POST
def reminder_cancel(request, reminder_id: int):
    reminder = _reminder(Reminder.objects.from_partner(request.user), reminder_id)
    services.cancel_reminder(reminder, request.user)
    messages.success(request, _("Cancelled."))
    return redirect("support:home")


@login_required
@require_POST
def reminder_snooze(request, reminder_id: int):
    reminder = _reminder(Reminder.objects.owned_by(request.user), reminder_id)
    try:
        services.snooze_reminder(reminder, request.user)
    except services.SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Snoozed for an hour."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def reminder_stop(request, reminder_id: int):
    reminder = _reminder(Reminder.objects.owned_by(request.user), reminder_id)
    services.stop_reminders(reminder, request.user)
    messages.success(
        request,
        _("No more reminders for “%(ritual)s”. That permission is revoked.")
        % {"ritual": reminder.ritual.title},
    )
    return redirect("notifications:inbox")


@login_required
def request_create(request):
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_for_support(request.user, **form.cleaned_data)
        except services.SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Asked. They can say yes, or not this time."))
            coach.note_after_sending(request, form.cleaned_data["text"])
            return redirect("support:home")
    return form_page(request, "support/request_form.html", form)


@login_required
@require_POST
def request_answer(request, request_id: int):
    support_request = get_object_or_404(
        SupportRequest.objects.from_partner(request.user), pk=request_id
    )
    form = _answer_form(support_request, request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose yes or not this time."))
        page = _support_page(request, answered=form, answered_pk=support_request.pk)
        return render(request, "support/home.html", page, status=400)
    try:
        services.answer_request(
            support_request,
            request.user,
            yes=form.cleaned_data["answer"] == "yes",
            answer=form.cleaned_data["alternative"],
        )
    except services.SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Answered."))
        coach.note_after_sending(request, form.cleaned_data["alternative"])
    return redirect("support:home")


@login_required
@require_POST
def request_withdraw(request, request_id: int):
    support_request = get_object_or_404(
        SupportRequest.objects.owned_by(request.user), pk=request_id
    )
    services.withdraw_request(support_request, request.user)
    messages.success(request, _("Withdrawn."))
    return redirect("support:home")


@login_required
@require_POST
def coach_check(request):
    """HTMX: suggestions for whatever text the person is writing to their partner."""
    text = " ".join(value for key, value in request.POST.items() if key != "csrfmiddlewaretoken")[
        :2000
    ]
    suggestions = coach.suggest(text, coach.writers_language(request))
    return render(request, "support/coach.html", {"suggestions": suggestions})
