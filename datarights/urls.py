from django.urls import path

from datarights import views

app_name = "datarights"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
