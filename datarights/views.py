from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from couples import privacy
from datarights import services
from datarights.forms import DeleteAccountForm


@login_required
def my_data(request):
    return render(
        request,
        "datarights/my_data.html",
        {"form": DeleteAccountForm(request), "partner": privacy.partner_of(request.user)},
    )


@login_required
@require_POST
def export(request):
    archive = services.build_export(request.user, request)
    response = HttpResponse(archive, content_type="application/zip")
    name = f"duet-export-{timezone.now():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request, request.POST)
    if not form.is_valid():
        return render(
            request,
            "datarights/my_data.html",
            {"form": form, "partner": privacy.partner_of(request.user)},
            status=400,
        )
    user = request.user
    logout(request)
    services.delete_account(user, request)
    messages.success(request, _("Your account and everything you kept in Duet are deleted."))
    return redirect("home")
