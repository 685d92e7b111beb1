from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.localtime import local_today
from core.form_page import form_page, posted
from couples import privacy
from rituals import calendar as ical
from rituals import news, queries, services
from rituals.forms import (
    AdjustRitualForm,
    JointRitualForm,
    PauseForm,
    PracticeLogForm,
    ReflectionForm,
    RitualForm,
)
from rituals.models import CalendarFeed, JointRitual, Outcome, Reflection, Ritual, correction_window

# The message after noting a day, one whole sentence per outcome.
NOTED = {
    Outcome.DONE: lambda: _("Noted for %(day)s: Done."),
    Outcome.PARTLY: lambda: _("Noted for %(day)s: Partly."),
    Outcome.ADAPTED: lambda: _("Noted for %(day)s: Adapted."),
    Outcome.REST: lambda: _("Noted for %(day)s: Rest day."),
    Outcome.SKIPPED: lambda: _("Noted for %(day)s: Skipped."),
}


def _own_ritual(request, ritual_id: int) -> Ritual:
    """The signed-in person's ritual, or 404: a partner's ritual is never theirs to change."""
    return get_object_or_404(
        Ritual.objects.owned_by(request.user).select_related("owner"), pk=ritual_id
    )


@login_required
def today(request):
    page = queries.kept_today_page(request.user)
    if page.resume_due:
        services.resume_due_pauses(request.user)  # which moves the versions: read afresh
        page = queries.today_page(request.user)
    lately = news.cached_lately(request.user)
    return render(
        request,
        "rituals/today.html",
        {
            "today": local_today(request.user),
            "page": page,
            "evening": queries.evening_for(request.user, lately.checkin),
            "more_news": lately.news,
            "proposals": lately.proposals,
            "partner": privacy.partner_of(request.user),
            "outcomes": Outcome.choices,
        },
    )


@login_required
def ritual_list(request):
    return render(
        request,
        "rituals/ritual_list.html",
        {
            "groups": queries.rituals_overview(request.user),
            "proposals": JointRitual.objects.visible_to(request.user)
            .filter(status=JointRitual.Status.PROPOSED)
            .select_related("proposed_by", "invitee"),
            "partner": privacy.partner_of(request.user),
        },
    )


@login_required
def create(request):
    form = RitualForm(posted(request), instance=Ritual(owner=request.user))
    if request.method == "POST" and form.is_valid():
        services.create_ritual(form.save(commit=False), owner=request.user)
        messages.success(request, _("The ritual is one of yours now."))
        return redirect("rituals:today")
    return form_page(request, "rituals/ritual_form.html", form, {"creating": True})


@login_required
def detail(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    today_ = local_today(request.user)
    form = PracticeLogForm(ritual=ritual, today=today_, initial={"day": today_})
    return _render_detail(request, ritual, form)


def _render_detail(request, ritual: Ritual, log_form: PracticeLogForm, status: int = 200):
    today_ = local_today(request.user)
    first, _last = correction_window(today_)
    return render(
        request,
        "rituals/ritual_detail.html",
        {
            "ritual": ritual,
            "card": queries.card_for(ritual),
            "log_form": log_form,
            "logs": queries.recent_logs(ritual, since=first),
            "adjustments": ritual.adjustments.all(),
            "pauses": ritual.pauses.all(),
            "reflections": ritual.reflections.all(),
            "outcomes": Outcome.choices,
        },
        status=status,
    )


@login_required
def edit(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    form = AdjustRitualForm(posted(request), instance=ritual)
    if request.method == "POST" and form.is_valid():
        ritual = form.save(commit=False)
        services.adjust_ritual(
            ritual,
            before=form.before,
            after=form.snapshot(ritual),
            reason=form.cleaned_data["reason"] or "other",
            note=form.cleaned_data["reason_note"],
        )
        messages.success(request, _("Saved. Changing a ritual to fit your life is part of it."))
        return redirect("rituals:detail", ritual.pk)
    return form_page(request, "rituals/ritual_form.html", form, {"ritual": ritual})


@login_required
@require_POST
def log(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    today_ = local_today(request.user)
    data = request.POST.copy()
    data.setdefault("day", today_.isoformat())
    form = PracticeLogForm(data, ritual=ritual, today=today_)
    one_tap = "note" not in request.POST
    if form.is_valid():
        services.log_practice(
            ritual,
            day=form.cleaned_data["day"],
            outcome=form.cleaned_data["outcome"],
            adaptation=form.cleaned_data["adaptation"],
            note=None if one_tap else form.cleaned_data["note"],
        )
        if request.htmx:
            return _render_card(request, ritual)
        # Translators: a Django date format for a day this month or last ("3 November").
        day = date_format(form.cleaned_data["day"], _("j F"))
        messages.success(request, NOTED[form.cleaned_data["outcome"]]() % {"day": day})
        if request.POST.get("return_to") == "detail":
            return redirect("rituals:detail", ritual.pk)
        return redirect("rituals:today")
    if request.htmx:
        return _render_card(request, ritual, errors=form.errors)
    return _render_detail(request, ritual, form, status=400)


def _render_card(request, ritual: Ritual, errors=None):
    return render(
        request,
        "rituals/today.html#ritual_card",
        {"card": queries.card_for(ritual), "outcomes": Outcome.choices, "card_errors": errors},
    )


@login_required
def pause(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    if ritual.status != Ritual.Status.ACTIVE:
        messages.info(request, _("This ritual isn't active, so there's nothing to pause."))
        return redirect("rituals:detail", ritual.pk)
    form = PauseForm(posted(request), today=local_today(request.user))
    if request.method == "POST" and form.is_valid():
        services.pause_ritual(ritual, form.cleaned_data["reason"], form.cleaned_data["resume_on"])
        messages.success(request, _("The ritual is paused. Rest is part of the rhythm too."))
        return redirect("rituals:today")
    return form_page(request, "rituals/pause.html", form, {"ritual": ritual})


@login_required
@require_POST
def resume(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    if ritual.status == Ritual.Status.PAUSED:
        services.resume_ritual(ritual)
        messages.success(request, _("Welcome back to this ritual."))
    return redirect("rituals:today")


@login_required
@require_POST
def retire(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    services.retire_ritual(ritual)
    messages.success(request, _("The ritual is retired. Its history stays with you."))
    return redirect("rituals:list")


@login_required
@require_POST
def restore(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    if ritual.status == Ritual.Status.ARCHIVED:
        services.restore_ritual(ritual)
        messages.success(request, _("The ritual is back among your rituals."))
    return redirect("rituals:detail", ritual.pk)


@login_required
def reflect(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    form = ReflectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reflection = services.reflect(ritual, **form.cleaned_data)
        messages.success(request, _("Thank you for pausing to notice. That's kept just for you."))
        if reflection.choice == Reflection.Choice.ADJUST:
            return redirect("rituals:edit", ritual.pk)
        return redirect("rituals:today")
    return form_page(request, "rituals/reflect.html", form, {"ritual": ritual})


@login_required
def propose_joint(request):
    partner = privacy.partner_of(request.user)
    if partner is None:
        messages.info(request, _("A joint ritual needs a partner. You can invite yours here."))
        return redirect("couples:home")
    form = JointRitualForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.propose_joint_ritual(form.save(commit=False), proposer=request.user)
        messages.success(
            request,
            _("Proposed to %(name)s. It starts for both of you if they accept.")
            % {"name": partner},
        )
        return redirect("rituals:list")
    return form_page(request, "rituals/joint_form.html", form, {"partner": partner})


@login_required
@require_POST
def respond_joint(request, joint_id: int):
    joint = get_object_or_404(JointRitual.objects.visible_to(request.user), pk=joint_id)
    action = request.POST.get("action")
    try:
        if action in {"accept", "decline"} and joint.invitee_id == request.user.pk:
            services.respond_to_joint_ritual(joint, request.user, accept=action == "accept")
        elif action == "withdraw" and joint.proposed_by_id == request.user.pk:
            services.withdraw_joint_ritual(joint, request.user)
        else:
            raise services.RitualError(_("That answer isn't available for this proposal."))
    except services.RitualError as error:
        messages.error(request, str(error))
    else:
        done = {
            "accept": _("“%(title)s” is now a ritual for both of you.") % {"title": joint.title},
            "decline": _("Declined, no reason needed."),
            "withdraw": _("Proposal withdrawn."),
        }
        messages.success(request, done[action])
    return redirect("rituals:today")


@login_required
@require_POST
def step_out(request, ritual_id: int):
    ritual = _own_ritual(request, ritual_id)
    try:
        services.step_out(ritual)
    except services.RitualError as error:
        messages.error(request, str(error))
        return redirect("rituals:detail", ritual.pk)
    messages.success(request, _("You've stepped out of the joint ritual. No explanation needed."))
    return redirect("rituals:list")


@login_required
def calendar(request):
    """The person's own calendar feed: whether they have one, and a way to make or revoke it."""
    has_feed = CalendarFeed.objects.owned_by(request.user).exists()
    return render(request, "rituals/calendar.html", {"has_feed": has_feed})


@login_required
@require_POST
def calendar_issue(request):
    token = ical.issue_feed(request.user)
    feed_url = request.build_absolute_uri(reverse("rituals:calendar_feed", args=[token]))
    # Shown once, right here: only its hash is kept, so it can't be shown again later.
    return render(request, "rituals/calendar.html", {"has_feed": True, "feed_url": feed_url})


@login_required
@require_POST
def calendar_revoke(request):
    ical.revoke_feed(request.user)
    messages.success(request, _("The calendar address is switched off; calendars using it stop."))
    return redirect("rituals:calendar")


def calendar_feed(request, token: str):
    """The iCalendar document behind a private address; a revoked or unknown one is 404."""
    feed = ical.feed_for_token(token)
    if feed is None or not feed.owner.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(ical.ical_for(feed.owner), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duet-rituals.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
