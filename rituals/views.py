from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.localtime import local_today
from couples import privacy


@login_required
def today(request):
    return render(
        request,
        "rituals/today.html",
        {"today": local_today(request.user), "partner": privacy.partner_of(request.user)},
    )
