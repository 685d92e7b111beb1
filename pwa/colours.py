"""Duet's page colours where something other than the stylesheet needs them: the manifest
(pwa/views.py) and the icons drawn from it (instance's make_icons)."""

# The light page colour, as --bg in static/css/duet.css.
LIGHT_BACKGROUND = "#fbf8f4"
# The header bar's colour (--surface, light): the phone's status bar matches it.
THEME_COLOR = "#ffffff"
