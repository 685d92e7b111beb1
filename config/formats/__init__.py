"""Duet's own date formats per language (FORMAT_MODULE_PATH), where Django's don't fit.

Only English is here: Duet's English writes day before month, with a 24-hour clock, and its
weeks start on Monday ("18 November 2026", "18 Nov 2026, 21:30"), while Django's `en` is
American ("Nov. 18, 2026", "9:30 p.m.", weeks from Sunday). German and Spanish use Django's
own formats ("18. November 2026", "18 de noviembre de 2026"). Templates name a format
(`{{ day|date:"DATE_FORMAT" }}`) and each reader gets their language's.
"""
