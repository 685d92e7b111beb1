from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from moving import queries, running, services
from moving.forms import DaylioUploadForm, DuetUploadForm, MappingForm
from moving.models import ImportRun
from moving.problems import ImportProblem
from moving.uploads import limited_upload, was_too_large
from rituals.models import Ritual

ALREADY = gettext_lazy(
    "This very file came in already, so nothing new was added. Here is what it brought."
)


def _home(request, duet_form=None, daylio_form=None, problem=None, status=200):
    return render(
        request,
        "moving/home.html",
        {
            "duet_form": duet_form or DuetUploadForm(),
            "daylio_form": daylio_form or DaylioUploadForm(),
            "problem": problem,
            "runs": queries.runs_of(request.user),
        },
        status=status,
    )


@login_required
def home(request):
    return _home(request)


def _upload(request, form_class, kind: str, start, next_view: str):
    """Take one uploaded file in with `start`, or show why not; the same file twice
    leads to its earlier import."""
    form = form_class(request.POST, request.FILES)
    forms = {"duet_form" if kind == ImportRun.Kind.DUET else "daylio_form": form}
    if was_too_large(request) and not form.is_valid():
        # Stopped at the limit while it arrived: say so, not "no file was chosen".
        form.errors["file"] = form.error_class([form.too_large()])
    if not form.is_valid():
        return _home(request, **forms, status=400)
    data = form.cleaned_data["file"]
    earlier = services.earlier_run(request.user, kind, data)
    if earlier is not None:
        if earlier.status != ImportRun.Status.PREVIEW:
            messages.info(request, ALREADY)
        return redirect("moving:run", run_id=earlier.pk)
    try:
        run = start(request.user, data)
    except ImportProblem as problem:
        return _home(request, problem=problem, status=400)
    return redirect(next_view, run_id=run.pk)


@limited_upload
@login_required
@require_POST
def duet_upload(request):
    return _upload(
        request, DuetUploadForm, ImportRun.Kind.DUET, services.start_duet_import, "moving:run"
    )


@limited_upload
@login_required
@require_POST
def daylio_upload(request):
    return _upload(
        request,
        DaylioUploadForm,
        ImportRun.Kind.DAYLIO,
        services.preview_daylio,
        "moving:daylio_map",
    )


@login_required
def daylio_map(request, run_id: int):
    run = get_object_or_404(
        ImportRun.objects.owned_by(request.user).select_related("upload"),
        pk=run_id,
        kind=ImportRun.Kind.DAYLIO,
    )
    if run.status != ImportRun.Status.PREVIEW:
        return redirect("moving:run", run_id=run.pk)
    preview = services.read_preview(run)
    rituals = list(Ritual.objects.owned_by(request.user).current())
    form = MappingForm(request.POST or None, person=request.user, preview=preview, rituals=rituals)
    if request.method == "POST" and form.is_valid():
        services.queue_daylio(run, form.mapping())
        return redirect("moving:run", run_id=run.pk)
    return render(
        request,
        "moving/daylio_map.html",
        {"run": run, "form": form, "preview": preview, **queries.preview_facts(run, preview)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def discard(request, run_id: int):
    run = get_object_or_404(ImportRun.objects.owned_by(request.user), pk=run_id)
    if services.discard(run):
        messages.success(request, _("I've let go of that file. Nothing was imported."))
        return redirect("moving:home")
    return redirect("moving:run", run_id=run.pk)


@login_required
def run(request, run_id: int):
    run = get_object_or_404(ImportRun.objects.owned_by(request.user), pk=run_id)
    if run.status == ImportRun.Status.PREVIEW:
        return redirect("moving:daylio_map", run_id=run.pk)
    if request.htmx and run.finished:
        # The poll ends by showing the whole summary page.
        return HttpResponseClientRefresh()
    template = "moving/run.html#progress" if request.htmx else "moving/run.html"
    return render(request, template, {"run": run, "progress": running.progress_of(run)})
