from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.form_page import posted
from core.problem import problem_page
from couples import privacy, sections, services
from couples.forms import VisionForm
from couples.models import Invitation, VisionVersion


@login_required
def home(request):
    couple = privacy.current_couple(request.user)
    partner = privacy.partner_of(request.user)
    invitation = None
    if couple and not partner:
        invitation = Invitation.objects.visible_to(request.user).live().first()
    return render(
        request,
        "couples/home.html",
        {
            "couple": couple,
            "partner": partner,
            "invitation": invitation,
            # The partner's check-in and rituals, from the apps that own them.
            "sections": sections.drawn(request, partner) if partner else {},
        },
    )


@login_required
@require_POST
def create(request):
    try:
        services.start_couple(request.user)
    except services.PairingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Your couple is ready. Next, invite your partner."))
    return redirect("couples:home")


@login_required
@require_POST
def invite(request):
    try:
        couple = privacy.current_couple(request.user) or services.start_couple(request.user)
        invitation, token = services.create_invitation(couple, by=request.user)
    except services.PairingError as error:
        messages.error(request, str(error))
        return redirect("couples:home")
    link = request.build_absolute_uri(reverse("couples:join", args=[token]))
    # The link is shown this once and never stored in the clear: keep it out of caches.
    response = render(
        request, "couples/invite_created.html", {"invitation": invitation, "link": link}
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def revoke_invite(request, invitation_id: int):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=invitation_id)
    if services.revoke_invitation(invitation):
        messages.success(request, gettext("That invitation link no longer works."))
    else:
        messages.info(request, gettext("That invitation was already used, withdrawn or expired."))
    return redirect("couples:home")


def _join_problem(request, problem: str, status: int):
    return problem_page(
        request,
        problem,
        heading=gettext("This invitation can't be used"),
        title=gettext("Invitation"),
        back_url=reverse("home"),
        back_label=gettext("Go to Duet"),
        status=status,
    )


def join(request, token: str):
    invitation = services.find_invitation(token)
    if invitation is None:
        return _join_problem(
            request,
            gettext(
                "I can't find this invitation. Would you check the link, or ask for a fresh one?"
            ),
            status=404,
        )
    problem = services.why_cannot_accept(invitation, request.user)
    if problem:
        return _join_problem(request, problem, status=409)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.accept_invitation(invitation, request.user)
        except services.PairingError as error:
            return _join_problem(request, str(error), status=409)
        messages.success(request, gettext("You're now a couple in Duet. Welcome."))
        return redirect("couples:home")
    response = render(request, "couples/join.html", {"invitation": invitation})
    add_never_cache_headers(response)
    return response


@login_required
def leave(request):
    partner = privacy.partner_of(request.user)
    if privacy.current_couple(request.user) is None:
        messages.info(request, gettext("You're not in a couple right now."))
        return redirect("couples:home")
    if request.method == "POST":
        try:
            services.leave_couple(request.user)
        except services.PairingError as error:
            messages.info(request, str(error))
            return redirect("couples:home")
        messages.success(
            request,
            gettext(
                "You've left the couple. Nothing of yours is visible to your former partner "
                "any more."
            ),
        )
        return redirect("couples:home")
    return render(request, "couples/leave.html", {"partner": partner})


@login_required
def vision(request):
    """Our shared vision of being well: the latest version, and the form to write the next."""
    couple = privacy.current_couple(request.user)
    if couple is None:
        return render(request, "couples/vision.html", {"couple": None})
    versions = VisionVersion.objects.visible_to(request.user).select_related("author")
    current = versions.latest_first().first()
    conflict = None
    initial = current.texts() if current else {}
    form = VisionForm(
        posted(request),
        initial={**initial, "based_on": current.number if current else 0},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_vision(
                couple, request.user, form.cleaned_data["based_on"], form.texts()
            )
        except services.VisionConflict as error:
            # Keep both: their saved version, and this edit re-based on it to merge.
            conflict = {"theirs": error.theirs, "mine": form.texts()}
            form = VisionForm(initial={**form.texts(), "based_on": error.theirs.number})
            current = error.theirs
        else:
            if current and saved.pk == current.pk:
                messages.info(
                    request, gettext("Nothing had changed, so I kept the current version.")
                )
            else:
                messages.success(
                    request, gettext("Saved as version %(number)s.") % {"number": saved.number}
                )
            return redirect("couples:vision")
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        "couples/vision.html",
        {
            "couple": couple,
            "partner": privacy.partner_of(request.user),
            "current": current,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


@login_required
def vision_history(request):
    versions = VisionVersion.objects.visible_to(request.user).select_related("author")
    return render(
        request,
        "couples/vision_history.html",
        {"couple": privacy.current_couple(request.user), "versions": versions.latest_first()},
    )
