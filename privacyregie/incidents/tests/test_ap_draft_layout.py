"""Issue 11 §8: in the AP draft PDF no label runs into its value (no two pieces of text overlap)."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from privacyregie.incidents import notification_ap
from privacyregie.incidents.models import Incident

pytestmark = pytest.mark.django_db
GAP = 3  # px of white space at least between a label and its value


def _text_boxes(box):
    if isinstance(box, TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


def test_no_label_of_the_ap_draft_overlaps_its_value():
    incident = Incident.objects.filter(organisation__slug="bel", is_breach=True).first()
    html = render_to_string("incidents/ap_draft_pdf.html", {
        "incident": incident, "sections": notification_ap.draft_sections(incident), "generated_at": timezone.now()})
    overlaps = []
    for page in HTML(string=html).render().pages:
        boxes = [b for b in _text_boxes(page._page_box) if b.text.strip()]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                same_line = abs(a.position_y - b.position_y) < 2
                if same_line and a.position_x < b.position_x + b.width + GAP and b.position_x < a.position_x + a.width + GAP:
                    overlaps.append((a.text, b.text))
    assert not overlaps, overlaps[:5]
