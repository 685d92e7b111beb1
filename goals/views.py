from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def month(request):
    return render(request, "goals/month.html")
