"""Bottlenecks made through the service, as a reporter would (text free of residents' data)."""

from privacyregie.protocol import services

TEXT = "De afspraken over het delen van een plan van aanpak met de aanbieder zijn niet duidelijk genoeg."


def bottleneck(user, *, now=None, kind="onduidelijk", process="Overdracht", description=TEXT, **kwargs):
    return services.report_bottleneck(user, kind=kind, process=process, description=description, now=now, **kwargs)
