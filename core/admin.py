from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# Task results can carry exception messages built from stored values; the host keeps the
# worker healthy from its logs, and the admin stays free of anything that might be private.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
