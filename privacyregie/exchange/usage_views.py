"""The page "Is the secure way used?" for the privacy officer and the CISO (issue 12 §8).

Thin: the period form validates, ``usage`` computes aggregates only (no residents' data).
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacyregie.compliance.charts import line_chart
from privacyregie.core.access import requires
from privacyregie.core.validators import SafeInputFormMixin
from privacyregie.core.widgets import DateInput

from . import usage

VIEW_USAGE = "exchange.view_usage"
MAX_DAYS = 3 * 366


class PeriodForm(SafeInputFormMixin, forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Vanaf"), widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Tot en met"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Kies een periode van hoogstens drie jaar."))
        return data


def _hours(value) -> str:
    if value is None:
        return _("n.v.t.")
    if value < 48:
        return _("%(n)s uur") % {"n": f"{value:.1f}".replace(".", ",")}
    return _("%(n)s dagen") % {"n": f"{value / 24:.1f}".replace(".", ",")}


@requires(VIEW_USAGE)
def usage_report(request):
    period = usage.default_period()
    if request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            period = usage.Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    else:
        form = PeriodForm(initial={"date_from": period.start, "date_to": period.end})
    figures = usage.usage(request.user.organisation, period)
    labels = [m.strftime("%m-%Y") for m in figures.months]
    chart = line_chart(list(zip(labels, figures.per_month_total, strict=True)),
                       _("Uitwisselingen per maand")) if figures.months else ""
    return render(request, "exchange/usage.html", {
        "form": form, "figures": figures, "month_labels": labels, "chart": chart,
        "median": _hours(figures.durations.median_hours), "p90": _hours(figures.durations.p90_hours)})
