from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.form_page import form_page, posted
from core.problem import problem_page
from couples import privacy
from goals import months, nudges, queries, services
from goals.forms import (
    ActivityForm,
    AppreciationForm,
    ObjectiveForm,
    OurMonthForm,
    ProgressForm,
    ReviewForm,
    ReviewNudgeForm,
    WinForm,
)
from goals.models import JointActivity, MonthlyReview, PersonalObjective, Win
from support.coach import note_after_sending

# Fewer words than this rarely say what was appreciated, and why.
SPECIFIC_WORDS = 6


def _refuse(request, problem: str):
    return problem_page(
        request,
        problem,
        heading=_("That isn't possible here"),
        title=_("Month"),
        back_url=reverse("goals:current"),
        back_label=_("Go to this month"),
    )


def _month_from_url(check=months.check_viewable):
    """Hand the view the month from its URL, or answer with a page saying kindly why that
    month can't be used here."""

    def decorator(view):
        @wraps(view)
        def with_month(request, month_key: str, **kwargs):
            try:
                month = months.parse(month_key)
                check(request.user, month)
            except months.MonthError as error:
                return _refuse(request, str(error))
            return view(request, month, month_key, **kwargs)

        return with_month

    return decorator


@login_required
def current(request):
    return redirect("goals:month", months.key(months.current_month(request.user)))


@login_required
@_month_from_url()
def month(request, month: date, month_key: str):
    return _render_month(request, month)


def _render_month(request, month, status: int = 200):
    this = months.current_month(request.user)
    page = queries.cached_month_page(request.user, month)
    return render(
        request,
        "goals/month.html",
        {
            "page": page,
            "partner": privacy.partner_of(request.user),
            "plannable": this <= month <= months.shift(this, 1),
            "reviewable": months.shift(this, -1) <= month <= this,
            "month_key": months.key(month),
            "nudge_form": ReviewNudgeForm(initial={"wanted": page.nudge_wanted}),
        },
        status=status,
    )


@login_required
@_month_from_url(months.check_plannable)
def plan(request, month: date, month_key: str):
    partner = privacy.partner_of(request.user)
    objective = PersonalObjective.objects.owned_by(request.user).filter(month=month).first()
    activity = (
        JointActivity.objects.owned_by(request.user)
        .filter(plan__month=month, plan__couple=privacy.current_couple(request.user))
        .first()
    )
    objective_form = ObjectiveForm(instance=objective, prefix="objective")
    activity_form = ActivityForm(instance=activity, prefix="activity")
    status = 200
    if request.method == "POST":
        if "objective-text" in request.POST:
            objective_form = ObjectiveForm(request.POST, instance=objective, prefix="objective")
            if objective_form.is_valid():
                services.set_objective(request.user, month, **objective_form.cleaned_data)
                messages.success(request, _("Your objective for the month is saved."))
                return redirect("goals:month", month_key)
        else:
            activity_form = ActivityForm(request.POST, instance=activity, prefix="activity")
            if activity_form.is_valid():
                try:
                    services.propose_activity(
                        request.user, month, activity_form.cleaned_data["text"]
                    )
                except services.GoalError as error:
                    activity_form.add_error(None, str(error))
                else:
                    messages.success(
                        request, _("Your joint activity is in the plan; both of you see it.")
                    )
                    note_after_sending(request, activity_form.cleaned_data["text"])
                    return redirect("goals:month", month_key)
        status = 400
    return render(
        request,
        "goals/plan.html",
        {
            "month": month,
            "month_key": month_key,
            "objective_form": objective_form,
            "activity_form": activity_form,
            "partner": partner,
        },
        status=status,
    )


@login_required
@require_POST
@_month_from_url(months.check_reviewable)
def progress(request, month: date, month_key: str, item: str, item_id: int):
    if item == "objective":
        target = {
            "objective": get_object_or_404(
                PersonalObjective.objects.owned_by(request.user).filter(month=month), pk=item_id
            )
        }
    else:
        target = {
            "activity": get_object_or_404(
                JointActivity.objects.visible_to(request.user).filter(plan__month=month), pk=item_id
            )
        }
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.add_progress(request.user, form.cleaned_data["text"], **target)
        messages.success(request, _("Noted."))
        return redirect("goals:month", month_key)
    messages.error(request, _("A progress note needs a few words (up to 500 characters)."))
    return _render_month(request, month, status=400)


@login_required
@require_POST
def toggle_done(request, activity_id: int):
    activity = get_object_or_404(
        JointActivity.objects.visible_to(request.user).select_related("plan"), pk=activity_id
    )
    try:
        services.toggle_done(activity, request.user)
    except services.GoalError as error:
        messages.error(request, str(error))
    return redirect("goals:month", months.key(activity.plan.month))


@login_required
@require_POST
def activity_answer(request, activity_id: int):
    activity = get_object_or_404(
        JointActivity.objects.visible_to(request.user).select_related("plan"), pk=activity_id
    )
    action = request.POST.get("action", "")
    try:
        services.answer_activity(activity, request.user, action)
    except services.GoalError as error:
        messages.error(request, str(error))
    else:
        done = {
            "accept": _("Accepted. It's on for both of you."),
            "decline": _("Declined, no reason needed."),
            "step_out": _("You've stepped out of it, no reason needed."),
        }
        messages.success(request, done[action])
    return redirect("goals:month", months.key(activity.plan.month))


@login_required
@_month_from_url(months.check_reviewable)
def review(request, month: date, month_key: str):
    existing = MonthlyReview.objects.owned_by(request.user).filter(month=month).first()
    form = ReviewForm(posted(request), instance=existing)
    if request.method == "POST" and form.is_valid():
        services.save_review(request.user, month, form.cleaned_data)
        messages.success(request, _("Your review is saved. Thank you for looking back kindly."))
        return redirect("goals:month", month_key)
    return form_page(request, "goals/review.html", form, {"month": month, "month_key": month_key})


@login_required
@_month_from_url(months.check_reviewable)
def our_month(request, month: date, month_key: str):
    couple = privacy.current_couple(request.user)
    if couple is None or privacy.partner_of(request.user) is None:
        return _refuse(
            request, "“Our month” is written together; it opens once your partner joins."
        )
    plan = services.plan_for(couple, month)
    conflict = None
    form = OurMonthForm(
        posted(request),
        initial={"text": plan.our_month, "version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        conflict = services.save_our_month(
            plan, request.user, form.cleaned_data["text"], form.cleaned_data["version"]
        )
        if conflict is None:
            messages.success(request, _("Saved for both of you."))
            note_after_sending(request, form.cleaned_data["text"])
            return redirect("goals:month", month_key)
        # Offer the latest text to build on, with this person's version kept beside it.
        form = OurMonthForm(initial={"text": conflict.mine, "version": conflict.version})
    return render(
        request,
        "goals/our_month.html",
        {"form": form, "month": month, "month_key": month_key, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
def appreciation(request):
    form = AppreciationForm(posted(request))
    partner = privacy.partner_of(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.appreciate(
                request.user, months.current_month(request.user), form.cleaned_data["text"]
            )
        except services.GoalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sent with care."))
            note_after_sending(request, form.cleaned_data["text"])
            if len(form.cleaned_data["text"].split()) < SPECIFIC_WORDS:
                messages.info(
                    request,
                    _(
                        "A thought for next time: appreciations land deepest when they are "
                        "specific. What exactly did they do, and what did it mean to you?"
                    ),
                )
            return redirect("goals:current")
    return form_page(request, "goals/appreciation.html", form, {"partner": partner})


@login_required
def win(request):
    form = WinForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.note_win(form.save(commit=False), request.user, months.current_month(request.user))
        messages.success(request, _("A win worth noticing. Well done."))
        return redirect("goals:current")
    return form_page(request, "goals/win.html", form)


@login_required
@require_POST
def win_delete(request, win_id: int):
    get_object_or_404(Win.objects.owned_by(request.user), pk=win_id).delete()
    messages.success(request, _("Removed."))
    return redirect("goals:current")


@login_required
@require_POST
def review_nudge(request):
    """Ask for (or stop) the nudge on each month's last evening to write one's review."""
    form = ReviewNudgeForm(request.POST)
    form.is_valid()  # one checkbox: anything but "on" means no
    wanted = form.cleaned_data.get("wanted", False)
    nudges.set_review_nudge(request.user, wanted)
    if wanted:
        messages.success(
            request, _("I'll nudge you on the month's last evening, unless it's done.")
        )
    else:
        messages.success(request, _("No month-end nudge, then."))
    return redirect("goals:current")
