"""Bounded YAML: a safe loader that refuses billion-laughs files, deep nesting and slow files.

``yaml.safe_load`` builds only plain data, but it still follows any number of aliases (a 616-byte
"billion laughs" file expands to billions of nodes as soon as anyone walks it), recurses once per
nesting level (a deeply nested file ends in a RecursionError) and takes as long as the file makes it.
``BoundedSafeLoader`` counts while it composes the document, before anything is built, and stops at
the first limit crossed:

* ``max_aliases``: how many ``*alias`` references the document may use (a small number);
* ``max_expanded``: how many nodes plus scalar characters the document has with every alias expanded;
* ``max_depth``: how deeply collections may be nested;
* ``max_seconds``: how much CPU time (of this thread) reading may take;
* an alias that refers to the collection it is in (a cycle) is refused.

``load()`` raises ``ValidationError`` with a Dutch message for every problem of the file, never
another exception. This module never constructs arbitrary Python objects (it is a SafeLoader).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:  # libyaml scans and parses in C; composing stays in Python, where it is counted
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.parser import Parser as _Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _Parser):  # noqa: F811
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _Parser.__init__(self)


@dataclass(frozen=True)
class YamlLimits:
    max_aliases: int = 50
    max_expanded: int = 20_000_000
    max_depth: int = 40
    max_seconds: float = 10.0


class YamlLimitError(yaml.YAMLError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BoundedSafeLoader(Composer, _Parser, SafeConstructor, Resolver):
    """SafeLoader semantics (plain data only); the Python composer counts aliases, depth, expansion and time."""

    limits = YamlLimits()

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._aliases = 0
        self._depth = 0
        self._weights: dict[int, int] = {}
        self._deadline = time.thread_time() + self.limits.max_seconds

    def compose_node(self, parent, index):
        if time.thread_time() > self._deadline:
            raise YamlLimitError(_("Het lezen van het bestand duurt te lang (meer dan %(s)s seconden).")
                                 % {"s": f"{self.limits.max_seconds:g}"})
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > self.limits.max_aliases:
                raise YamlLimitError(_("Het bestand gebruikt te veel YAML-verwijzingen (aliassen; maximaal %(n)s).")
                                     % {"n": self.limits.max_aliases})
            node = super().compose_node(parent, index)
            if id(node) not in self._weights:
                raise YamlLimitError(_("Het bestand bevat een YAML-verwijzing naar zichzelf (een kringverwijzing)."))
            return node
        self._depth += 1
        if self._depth > self.limits.max_depth:
            raise YamlLimitError(_("Het bestand is te diep genest (maximaal %(n)s niveaus).")
                                 % {"n": self.limits.max_depth})
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        weight = self._weight(node)
        if weight > self.limits.max_expanded:
            raise YamlLimitError(_("Het bestand is uitgepakt te groot: de YAML-verwijzingen (aliassen) vermenigvuldigen "
                                   "de inhoud tot meer dan %(n)s onderdelen.") % {"n": self.limits.max_expanded})
        self._weights[id(node)] = weight
        return node

    def _weight(self, node) -> int:
        if isinstance(node, ScalarNode):
            return 1 + len(node.value)
        if isinstance(node, SequenceNode):
            return 1 + sum(self._weights.get(id(child), 1) for child in node.value)
        if isinstance(node, MappingNode):
            return 1 + sum(self._weights.get(id(k), 1) + self._weights.get(id(v), 1) for k, v in node.value)
        return 1


def load(text: str | bytes, limits: YamlLimits | None = None):
    """Parse one YAML document within ``limits``; raise ValidationError (Dutch) for any problem."""
    loader_class = BoundedSafeLoader
    if limits is not None:
        loader_class = type("LimitedSafeLoader", (BoundedSafeLoader,), {"limits": limits})
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    except YamlLimitError as exc:
        raise ValidationError(exc.message) from exc
    except yaml.YAMLError as exc:
        if "nesting depth" in str(getattr(exc, "problem", "") or ""):  # libyaml's own bound, met while scanning ahead
            raise ValidationError(_("Het bestand is te diep genest (maximaal %(n)s niveaus).")
                                  % {"n": loader.limits.max_depth}) from exc
        mark = getattr(exc, "problem_mark", None)
        where = _(" (regel %(line)s)") % {"line": mark.line + 1} if mark else ""
        raise ValidationError(_("Het bestand is geen geldige YAML%(where)s.") % {"where": where}) from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # e.g. an integer of more digits than Python converts, an impossible date
        raise ValidationError(_("Het bestand bevat een waarde die niet kan worden gelezen.")) from exc
    finally:
        if hasattr(loader, "dispose"):
            loader.dispose()
