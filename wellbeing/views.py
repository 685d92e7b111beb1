from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.form_page import form_page, posted
from core.outage import offline_page
from core.paging import page_number
from couples import versions
from couples.answers import answerable, receive_answer
from wellbeing import offline, queries, services
from wellbeing.forms import (
    ContactForm,
    JournalAcknowledgementForm,
    JournalEntryForm,
    JournalSearchForm,
    Who5Form,
)
from wellbeing.models import Contact, JournalAcknowledgement, JournalEntry, Resource


@offline_page("wellbeing/resources.html", lambda: {"resources": offline.remembered()})
def resources(request):
    """Professional and crisis resources. Open to everyone, signed in or not: help must not
    wait behind a log-in page, nor behind a database outage (served from the last copy then).
    Nothing here is private and nothing is sent to anyone."""
    listed = offline.remember(Resource.objects.listed())
    return render(request, "wellbeing/resources.html", {"resources": listed})


@login_required
def home(request):
    return render(request, "wellbeing/home.html")


# Support network


@login_required
def network(request):
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.owner = request.user
        contact.save()
        messages.success(request, _("Added to your support network."))
        return redirect("wellbeing:network")
    return form_page(request, "wellbeing/network.html", form, queries.network(request.user))


def _own_contact(request, contact_id: int) -> Contact:
    return get_object_or_404(Contact.objects.owned_by(request.user), pk=contact_id)


@login_required
def contact_edit(request, contact_id: int):
    contact = _own_contact(request, contact_id)
    name = contact.name  # the form writes its (maybe invalid) input onto the instance
    form = ContactForm(posted(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("wellbeing:network")
    return form_page(
        request, "wellbeing/contact_form.html", form, {"contact": contact, "name": name}
    )


@login_required
@require_POST
def contact_delete(request, contact_id: int):
    contact = _own_contact(request, contact_id)
    contact.delete()
    messages.success(request, _("Removed from your support network."))
    return redirect("wellbeing:network")


# Journal


@login_required
def journal(request):
    search = JournalSearchForm(request.GET or None)
    words, tag = "", ""
    if search.is_valid():
        words, tag = search.cleaned_data["q"].strip(), search.cleaned_data["tag"]
    if words or tag:
        entries = queries.journal(request.user, words, tag)
    else:  # a page of it, kept apart from one's own check-ins and practice notes
        page = page_number(request.GET.get("page"))
        entries = versions.kept(
            request.user,
            f"wellbeing:journal:{page}",
            lambda: queries.journal(request.user, page=page),
            apart_from_own_notes=True,
        )
    context = {"search": search, "entries": entries, "searching": bool(words or tag)}
    if request.htmx:
        return render(request, "wellbeing/journal.html#results", context)
    return render(request, "wellbeing/journal.html", context)


def _own_entry(request, entry_id: int) -> JournalEntry:
    return get_object_or_404(JournalEntry.objects.owned_by(request.user), pk=entry_id)


@login_required
def entry_create(request):
    form = JournalEntryForm(
        posted(request),
        instance=JournalEntry(owner=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.save_entry(form.save(commit=False), form.cleaned_data["tags"])
        messages.success(
            request, _("Written down. It's yours alone unless you choose to bring it.")
        )
        return redirect("wellbeing:journal")
    return form_page(request, "wellbeing/entry_form.html", form)


@login_required
def entry_edit(request, entry_id: int):
    entry = _own_entry(request, entry_id)
    form = JournalEntryForm(posted(request), instance=entry)
    if request.method == "POST" and form.is_valid():
        services.save_entry(form.save(commit=False), form.cleaned_data["tags"])
        messages.success(request, _("Saved."))
        return redirect("wellbeing:journal")
    return form_page(request, "wellbeing/entry_form.html", form, {"entry": entry})


@login_required
@require_POST
def entry_delete(request, entry_id: int):
    _own_entry(request, entry_id).delete()
    messages.success(request, _("The entry is deleted."))
    return redirect("wellbeing:journal")


@login_required
@require_POST
def entry_share(request, entry_id: int):
    entry = _own_entry(request, entry_id)
    if request.POST.get("share") == "no":
        services.unshare_entry(entry)
        messages.success(request, _("Taken back. Only you see this entry again."))
    else:
        services.share_entry(entry)
        messages.success(request, _("Brought to revisit together. You can take it back any time."))
    return redirect("wellbeing:journal")


@login_required
def revisit(request):
    return render(
        request,
        "wellbeing/revisit.html",
        {
            "together": queries.revisit_together(request.user),
            "ack_form": JournalAcknowledgementForm(),
        },
    )


@login_required
@require_POST
def entry_acknowledge(request, entry_id: int):
    # Only the partner's entry while it is shared can be answered; anything else is 404.
    entry = answerable(JournalEntry.objects.shared(), request, entry_id)
    form = JournalAcknowledgementForm(request.POST)
    if receive_answer(request, entry, form, services.acknowledge_entry) and not request.htmx:
        return redirect("wellbeing:revisit")
    entry.visible_answers = list(
        JournalAcknowledgement.objects.owned_by(request.user).filter(entry=entry)
    )
    context = {"entry": entry, "ack_form": form if form.errors else JournalAcknowledgementForm()}
    if request.htmx:
        return render(request, "wellbeing/revisit.html#answer", context)
    return render(
        request, "wellbeing/revisit.html", {"answering": entry, "ack_form": form}, status=400
    )


# WHO-5


@login_required
def who5(request):
    current = queries.this_months_who5(request.user)
    form = Who5Form(posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
        response = services.save_who5(request.user, answers)
        messages.success(
            request,
            _("Thank you. This month's score: %(raw)s of 25 (%(percentage)s%%).")
            % {"raw": response.raw_score, "percentage": response.percentage},
        )
        return redirect("wellbeing:who5")
    return form_page(
        request,
        "wellbeing/who5.html",
        form,
        {
            "current": current,
            "trend": queries.who5_trend(request.user, 12),
            "partner_results": queries.partner_who5(request.user),
            "low_below": queries.WHO5_LOW_BELOW,
            "very_low_at_most": queries.WHO5_VERY_LOW_AT_MOST,
        },
    )
