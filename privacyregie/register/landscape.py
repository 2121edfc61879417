"""The application landscape as an SVG picture (graphviz, rendered on the server).

Unencrypted links are red and dashed, applications without a processor agreement have a red,
double border; the legend says so in words (colour is never the only carrier). Nodes link to
their application.
"""

import graphviz
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import InformationSystem, SystemLink

RED = "#b3001b"
BLUE = "#154273"


def needs_agreement(system: InformationSystem) -> bool:
    return system.supplier_id is not None and system.processor_agreement_id is None


def landscape_svg(organisation) -> bytes:
    graph = graphviz.Digraph("landschap", format="svg")
    graph.attr(rankdir="LR", fontname="DejaVu Sans", bgcolor="white", pad="0.3")
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="#e8eef5", color=BLUE, fontname="DejaVu Sans",
               fontsize="11")
    graph.attr("edge", fontname="DejaVu Sans", fontsize="9", color=BLUE)
    systems = InformationSystem.objects.filter(organisation=organisation).select_related("supplier")
    for system in systems:
        label = system.name + (f"\n({system.supplier.name})" if system.supplier_id else "")
        attrs = {"URL": reverse("register:landscape") + f"#app-{system.pk}", "tooltip": system.name, "target": "_top"}
        if needs_agreement(system):
            label += "\n" + _("GEEN verwerkersovereenkomst")
            attrs.update(color=RED, fillcolor="#fde8ea", penwidth="2.5", peripheries="2")
        graph.node(f"s{system.pk}", label, **attrs)
    for link in SystemLink.objects.filter(organisation=organisation):
        label = link.protocol or link.interface
        attrs = {"dir": "both" if link.direction == SystemLink.Direction.BOTH else "forward"}
        if not link.encrypted:
            label = f"{label}\n" + _("ONVERSLEUTELD")
            attrs.update(color=RED, fontcolor=RED, style="dashed", penwidth="2")
        graph.edge(f"s{link.source_id}", f"s{link.target_id}", label=label, **attrs)
    with graph.subgraph(name="cluster_legenda") as legend:
        legend.attr(label=_("Legenda"), fontname="DejaVu Sans", fontsize="10", color="#b4b4b4")
        legend.node("l1", _("Applicatie"), shape="box")
        legend.node("l2", _("Zonder verwerkersovereenkomst"), shape="box", color=RED, fillcolor="#fde8ea",
                    peripheries="2")
        legend.node("l3", _("versleuteld"), shape="plaintext", style="")
        legend.node("l4", _("onversleuteld"), shape="plaintext", style="", fontcolor=RED)
        legend.edge("l3", "l4", style="invis")
    return graph.pipe(format="svg")
