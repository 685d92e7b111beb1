from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def evening(request):
    return render(request, "checkins/evening.html")
