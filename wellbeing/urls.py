from django.urls import path

from wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.home, name="home"),
    path("resources/", views.resources, name="resources"),
    path("network/", views.network, name="network"),
    path("network/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("network/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.entry_create, name="entry_create"),
    path("journal/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("journal/<int:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("journal/<int:entry_id>/share/", views.entry_share, name="entry_share"),
    path("journal/<int:entry_id>/answer/", views.entry_acknowledge, name="entry_acknowledge"),
    path("together/", views.revisit, name="revisit"),
    path("who-5/", views.who5, name="who5"),
]
