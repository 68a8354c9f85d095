"""One date input for Loa's forms: dd/mm/yyyy shown and read whatever the browser's or the
page's language, ISO read too, a clear Vietnamese message otherwise."""

import datetime as dt

from django import forms
from django.utils import translation

from loa.web.forms import DateField, DateInput


class Form(forms.Form):
    day = DateField()


def test_reads_day_first_in_every_language():
    for language in ("vi", "en"):
        with translation.override(language):
            for typed in ["12/05/2026", "12/5/2026", "12.05.2026", "12/05/26", "2026-05-12"]:
                form = Form({"day": typed})
                assert form.is_valid(), (language, typed)
                assert form.cleaned_data["day"] == dt.date(2026, 5, 12), (language, typed)


def test_shows_dd_mm_yyyy_with_a_hint():
    with translation.override("en"):
        html = str(Form(initial={"day": dt.date(2020, 9, 8)})["day"])
    assert 'value="08/09/2020"' in html and 'type="text"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and "pattern=" in html
    assert 'type="date"' not in html  # never the browser's own, language-dependent format


def test_bad_dates_refused_in_vietnamese():
    with translation.override("vi"):
        for typed in ["31/02/2026", "05/13/2026", "hôm qua"]:
            form = Form({"day": typed})
            assert not form.is_valid()
            assert form.errors["day"] == [
                "Hãy nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 08/09/2020."]


def test_widget_keeps_extra_attributes():
    html = DateInput(attrs={"id": "x"}).render("d", dt.date(2026, 1, 2))
    assert 'id="x"' in html and 'value="02/01/2026"' in html
