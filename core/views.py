from django.shortcuts import redirect, render


def home(request):
    if request.user.is_authenticated:
        return redirect("rituals:today")
    return render(request, "core/welcome.html")
