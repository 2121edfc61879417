"""Frameworks as data: import, validate and export CISO Assistant library files (ADR 0050).

A library file is one YAML document with a header (urn, ref_id, name, locale, version,
provider, packager, copyright, translations) and ``objects.framework`` holding a flat
list ``requirement_nodes``; the tree is given by ``parent_urn``. Import validates the
whole file first and writes inside one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from privacyregie.core import bounded_yaml
from privacyregie.core.validators import control_character_errors

from .models import Framework, Requirement

SHIPPED_DIR = Path(__file__).resolve().parent / "frameworks"
HEADER_KEYS = ("convert_library_version", "urn", "locale", "ref_id", "name", "description", "copyright",
               "version", "publication_date", "provider", "packager", "translations")
NODE_KEYS = ("urn", "assessable", "depth", "parent_urn", "ref_id", "name", "description", "annotation",
             "implementation_groups", "translations")
MAX_NODES = 20000


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def parse(text: str | bytes) -> dict:
    """Parse and validate a library file; return the document or raise ValidationError (Dutch).

    Parsing is bounded (``core.bounded_yaml``): few aliases, limited nesting and expansion, limited time.
    """
    document = bounded_yaml.load(text)
    for path, messages in control_character_errors(document).items():
        raise ValidationError(f"{path}: {messages[0]}")
    validate(document)
    return document


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def validate(document) -> None:
    """Check structure, unique urns and ref ids, parents that exist and no cycles."""
    if not isinstance(document, dict):
        raise ValidationError(_("Het bestand bevat geen bibliotheek (verwacht een YAML-object met kopgegevens)."))
    framework = (document.get("objects") or {}).get("framework") if isinstance(document.get("objects"), dict) else None
    if not isinstance(framework, dict):
        raise ValidationError(_("Het bestand bevat geen normenkader (objects.framework ontbreekt)."))
    for key in ("urn", "name"):
        if not framework.get(key):
            raise ValidationError(_("Het normenkader mist het verplichte veld '%(key)s'.") % {"key": key})
    nodes = framework.get("requirement_nodes")
    if not isinstance(nodes, list) or not nodes:
        raise ValidationError(_("Het normenkader bevat geen normen (requirement_nodes ontbreekt of is leeg)."))
    if len(nodes) > MAX_NODES:
        raise ValidationError(_("Het normenkader bevat te veel normen (maximaal %(max)s).") % {"max": MAX_NODES})
    urns: dict[str, dict] = {}
    ref_ids: set[str] = set()
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, dict) or not node.get("urn"):
            raise ValidationError(_("Norm %(n)s heeft geen URN.") % {"n": index})
        urn = str(node["urn"])
        if urn in urns:
            raise ValidationError(_("De URN %(urn)s komt meer dan eens voor.") % {"urn": urn})
        ref_id = _text(node.get("ref_id"))
        if ref_id:
            if ref_id in ref_ids:
                raise ValidationError(_("De referentie %(ref)s komt meer dan eens voor.") % {"ref": ref_id})
            ref_ids.add(ref_id)
        if not (ref_id or node.get("name") or node.get("description")):
            raise ValidationError(_("Norm %(urn)s heeft geen referentie, naam of omschrijving.") % {"urn": urn})
        urns[urn] = node
    for urn, node in urns.items():
        parent = node.get("parent_urn")
        if parent is not None and str(parent) not in urns:
            raise ValidationError(_("Norm %(urn)s verwijst naar een onbekende bovenliggende norm %(parent)s.")
                                  % {"urn": urn, "parent": parent})
    for urn in urns:
        seen = {urn}
        current = urns[urn].get("parent_urn")
        while current is not None:
            current = str(current)
            if current in seen:
                raise ValidationError(_("De normen bevatten een kringverwijzing bij %(urn)s.") % {"urn": current})
            seen.add(current)
            current = urns[current].get("parent_urn")


def _ordered(nodes: list[dict]) -> list[dict]:
    """Parents before children, otherwise in file order."""
    placed: set[str] = set()
    result: list[dict] = []
    pending = list(nodes)
    while pending:
        rest = []
        for node in pending:
            parent = node.get("parent_urn")
            if parent is None or str(parent) in placed:
                result.append(node)
                placed.add(str(node["urn"]))
            else:
                rest.append(node)
        pending = rest
    return result


def _localised(node: dict, locale: str, key: str, language: str) -> str:
    if locale == language:
        return _text(node.get(key))
    return _text(((node.get("translations") or {}).get(language) or {}).get(key))


@transaction.atomic
def import_document(document: dict, organisation=None, replace: bool = True) -> Framework:
    """Store a validated library document; an existing framework with the same urn is replaced."""
    validate(document)
    data = document["objects"]["framework"]
    locale = _text(document.get("locale")) or "en"
    existing = Framework.objects.filter(organisation=organisation, urn=data["urn"]).first()
    if existing is not None:
        if not replace:
            raise ValidationError(_("Het normenkader %(urn)s bestaat al.") % {"urn": data["urn"]})
        if existing.assessments.exists():
            raise ValidationError(_("Het normenkader %(urn)s is al gebruikt in een beoordeling en kan niet worden "
                                    "vervangen; importeer het als nieuwe versie met een andere URN.")
                                  % {"urn": data["urn"]})
        existing.delete()
    header = {key: document[key] for key in HEADER_KEYS if key in document}
    if isinstance(header.get("publication_date"), datetime.date):
        header["publication_date"] = header["publication_date"].isoformat()
    framework = Framework.objects.create(
        organisation=organisation, urn=data["urn"], ref_id=_text(data.get("ref_id")), name=_text(data["name"]),
        description=_text(data.get("description")), locale=locale, library=header,
        name_en=_localised(data, locale, "name", "en"), translations=data.get("translations") or {},
        implementation_groups=data.get("implementation_groups_definition") or [],
    )
    by_urn: dict[str, Requirement] = {}
    for order, node in enumerate(_ordered(data["requirement_nodes"]), start=1):
        parent = by_urn.get(str(node["parent_urn"])) if node.get("parent_urn") is not None else None
        requirement = Requirement.objects.create(
            framework=framework, parent=parent, order=order, urn=str(node["urn"]), ref_id=_text(node.get("ref_id")),
            assessable=bool(node.get("assessable", True)),
            depth=int(node.get("depth") or (parent.depth + 1 if parent else 1)),
            name=_text(node.get("name")), description=_text(node.get("description")),
            annotation=_text(node.get("annotation")),
            name_en=_localised(node, locale, "name", "en"), description_en=_localised(node, locale, "description", "en"),
            implementation_groups=list(node.get("implementation_groups") or []),
            translations=node.get("translations") or {},
            live_indicator=_text(node.get("privacyregie_live_indicator")),
        )
        by_urn[requirement.urn] = requirement
    return framework


def import_text(text: str | bytes, organisation=None, replace: bool = True) -> Framework:
    return import_document(parse(text), organisation=organisation, replace=replace)


def import_file(path: Path | str, organisation=None, replace: bool = True) -> Framework:
    return import_text(Path(path).read_bytes(), organisation=organisation, replace=replace)


def import_shipped() -> list[Framework]:
    """Import (or refresh) the frameworks shipped with Privacyregie as shared library data.

    A shipped file with a new ``version`` replaces the stored copy unless assessments use it
    (a reported assessment keeps the norms it was made against, ADR 0051)."""
    result = []
    for path in shipped_files():
        document = parse(path.read_bytes())
        existing = Framework.objects.filter(organisation=None, urn=document["objects"]["framework"]["urn"]).first()
        same_version = existing is not None and str(existing.library.get("version")) == str(document.get("version"))
        if same_version and existing.requirements.count() == len(document["objects"]["framework"]["requirement_nodes"]):
            result.append(existing)
            continue
        if existing is not None and existing.assessments.exists():
            result.append(existing)
            continue
        result.append(import_document(document))
    return result


def export_document(framework: Framework) -> dict:
    """The framework as a library document (same keys as the import)."""
    header = dict(framework.library)
    header.setdefault("urn", framework.urn.replace(":framework:", ":library:"))
    header.setdefault("locale", framework.locale)
    header.setdefault("ref_id", framework.ref_id)
    header.setdefault("name", framework.name)
    data: dict = {"urn": framework.urn, "ref_id": framework.ref_id, "name": framework.name,
                  "description": framework.description}
    if framework.translations:
        data["translations"] = framework.translations
    if framework.implementation_groups:
        data["implementation_groups_definition"] = framework.implementation_groups
    nodes = []
    requirements = framework.requirements.select_related("parent").order_by("order")
    for requirement in requirements:
        node: dict = {"urn": requirement.urn, "assessable": requirement.assessable, "depth": requirement.depth}
        if requirement.parent_id:
            node["parent_urn"] = requirement.parent.urn
        for key in ("ref_id", "name", "description", "annotation"):
            if getattr(requirement, key):
                node[key] = getattr(requirement, key)
        if requirement.implementation_groups:
            node["implementation_groups"] = requirement.implementation_groups
        if requirement.translations:
            node["translations"] = requirement.translations
        if requirement.live_indicator:
            node["privacyregie_live_indicator"] = requirement.live_indicator
        nodes.append(node)
    data["requirement_nodes"] = nodes
    header["objects"] = {"framework": data}
    return header


def export_yaml(framework: Framework) -> str:
    return yaml.safe_dump(export_document(framework), allow_unicode=True, sort_keys=False, width=100)


def tree(framework: Framework) -> list[tuple]:
    """Comparable tree: (urn, parent urn, ref_id, name, description, assessable, depth, groups) per node."""
    return [
        (r.urn, r.parent.urn if r.parent_id else None, r.ref_id, r.name, r.description, r.assessable, r.depth,
         tuple(r.implementation_groups))
        for r in framework.requirements.select_related("parent").order_by("order")
    ]


def visible_frameworks(organisation):
    from django.db.models import Q

    return Framework.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
