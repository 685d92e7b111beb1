from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordsConfig(AppConfig):
    name = "words"
    verbose_name = _("own words")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from words import vocabulary

        # Each person's words are read once per request (vocabulary.words_of).
        request_started.connect(vocabulary.start_request, dispatch_uid="words.start")
        request_finished.connect(vocabulary.end_request, dispatch_uid="words.end")
