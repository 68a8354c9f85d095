# Dates as Vietnamese administrative documents write them: 08/9/2020 → "08/09/2020".
# (Django's own Vietnamese short format uses hyphens.) Everything else is Django's.
from django.conf.locale.vi.formats import *  # noqa: F401,F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%H:%M %d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S",
]
