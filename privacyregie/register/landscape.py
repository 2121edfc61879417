"""The application landscape as an SVG picture (graphviz, rendered on the server).

Unencrypted links are red and dashed, applications without a processor agreement have a red,
double border; the legend says so in words (colour is never the only carrier). Nodes link to
their application.

Every user value (names, labels, tooltips) goes into the graph through ``text()``: it can never
become an HTML-like label (``<<TABLE>…<IMG SRC=…>>>``, which makes graphviz read a file from the
server), a DOT escape sequence (``\\N``, ``\\G``, ``\\l``) or break the quoting. URLs are built here
from ids only, never from user text.
"""

import logging
import subprocess
import unicodedata

import graphviz
from django.urls import reverse
from django.utils.html import escape as html_escape
from django.utils.translation import gettext as _

from .models import InformationSystem, SystemLink

log = logging.getLogger(__name__)

RED = "#b3001b"
BLUE = "#154273"


def needs_agreement(system: InformationSystem) -> bool:
    return system.supplier_id is not None and system.processor_agreement_id is None


def text(value) -> str:
    """A user value as literal graph text: control characters become spaces, backslashes are doubled."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(value or ""))
    return graphviz.escape(" ".join(cleaned.split()))


def label(*lines) -> str:
    """Literal lines joined by a graphviz line break; never treated as an HTML-like label."""
    return graphviz.nohtml("\\n".join(text(line) for line in lines if line))


def landscape_svg(organisation) -> bytes:
    """The picture; when graphviz fails, a small SVG that says so (never a server error)."""
    try:
        return _render(organisation)
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError, subprocess.SubprocessError,
            OSError):
        log.exception("graphviz could not draw the application landscape of organisation %s", organisation.pk)
        message = html_escape(_("De plaat van het applicatielandschap kon niet worden getekend. De tabellen hieronder "
                                "tonen dezelfde gegevens."))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="40"><text x="8" y="24" '
                f'font-family="sans-serif" font-size="13">{message}</text></svg>').encode()


def _render(organisation) -> bytes:
    graph = graphviz.Digraph("landschap", format="svg")
    graph.attr(rankdir="LR", fontname="DejaVu Sans", bgcolor="white", pad="0.3")
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="#e8eef5", color=BLUE, fontname="DejaVu Sans",
               fontsize="11")
    graph.attr("edge", fontname="DejaVu Sans", fontsize="9", color=BLUE)
    systems = InformationSystem.objects.filter(organisation=organisation).select_related("supplier")
    for system in systems:
        lines = [system.name, f"({system.supplier.name})" if system.supplier_id else ""]
        attrs = {"URL": reverse("register:landscape") + f"#app-{int(system.pk)}", "tooltip": text(system.name),
                 "target": "_top"}
        if needs_agreement(system):
            lines.append(_("GEEN verwerkersovereenkomst"))
            attrs.update(color=RED, fillcolor="#fde8ea", penwidth="2.5", peripheries="2")
        graph.node(f"s{int(system.pk)}", label(*lines), **attrs)
    for link in SystemLink.objects.filter(organisation=organisation):
        lines = [link.protocol or link.interface]
        attrs = {"dir": "both" if link.direction == SystemLink.Direction.BOTH else "forward"}
        if not link.encrypted:
            lines.append(_("ONVERSLEUTELD"))
            attrs.update(color=RED, fontcolor=RED, style="dashed", penwidth="2")
        graph.edge(f"s{int(link.source_id)}", f"s{int(link.target_id)}", label=label(*lines), **attrs)
    with graph.subgraph(name="cluster_legenda") as legend:
        legend.attr(label=_("Legenda"), fontname="DejaVu Sans", fontsize="10", color="#b4b4b4")
        legend.node("l1", _("Applicatie"), shape="box")
        legend.node("l2", _("Zonder verwerkersovereenkomst"), shape="box", color=RED, fillcolor="#fde8ea",
                    peripheries="2")
        legend.node("l3", _("versleuteld"), shape="plaintext", style="")
        legend.node("l4", _("onversleuteld"), shape="plaintext", style="", fontcolor=RED)
        legend.edge("l3", "l4", style="invis")
    return graph.pipe(format="svg")
