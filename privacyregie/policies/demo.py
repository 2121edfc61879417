"""Demo data of the policies capability (idempotent), from the seeds.

* Haren (seed 000, first finding): the regulation "verwerking persoonsgegevens sociaal domein" and
  the "privacy handleiding sociaal domein", both from the end of 2013 / early 2014 and long overdue
  for review; the "beleidsuitgangspunten privacy sociaal domein WIJZ-teams", never formally adopted.
  The seed gives no exact dates or decision numbers: the dates are approximations and the
  references say so.
* BEL (seed 003, first recommendation): the 2015 information security policy, under review (a draft
  revision exists, the review date has passed). Made-up present-day demo: a privacy policy whose
  review is overdue (published with the privacy statement), a current privacy protocol and the
  accountability agreements between board and council.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from privacyregie.core.models import Organisation, User

from . import services
from .models import Body, Kind, PolicyDocument, Scope

RK_URN = "urn:privacyregie:risk:framework:rekenkamer-privacy-sociaal-domein"


def pdf_bytes(title: str) -> bytes:
    """A small, valid one-page PDF with the title as its text."""
    text = title.replace("\\", "").replace("(", "").replace(")", "").encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _upload(title: str) -> SimpleUploadedFile:
    name = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:80]
    return SimpleUploadedFile(f"{name}.pdf", pdf_bytes(title), content_type="application/pdf")


def _document(org, title, kind, owner, body, scope=Scope.ORGANISATION, interval=24, publish=False, norms=()):
    document = PolicyDocument.objects.filter(organisation=org, title=title).first()
    if document is None:
        document = services.save_document(org, title=title, kind=kind, owner=owner, adopting_body=body, scope=scope,
                                          review_interval_months=interval, publish=publish,
                                          municipalities=list(org.municipalities.all()))
    from privacyregie.compliance.models import Requirement

    for ref in norms:
        requirement = Requirement.objects.filter(framework__urn=RK_URN, framework__organisation=None,
                                                 ref_id=ref).first()
        if requirement is not None:
            services.link_norm(document, requirement)
    return document


def _versions(document, owner, versions):
    if document.versions.exists():
        return
    for summary, adopted in versions:
        if adopted is None:
            services.add_version(document, owner, _upload(document.title), summary)
        else:
            body, day, reference = adopted
            services.add_version(document, owner, _upload(document.title), summary, adopted_by=body, adopted_on=day,
                                 decision_reference=reference)


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    haren = Organisation.objects.filter(slug="haren").first()
    if haren is not None:
        owner = User.objects.get(username="fg.haren")
        regulation = _document(haren, "Reglement verwerking persoonsgegevens sociaal domein",
                               Kind.SOCIAL_DOMAIN_REGULATION, owner, Body.COUNCIL, Scope.SOCIAL_DOMAIN, norms=["1"])
        _versions(regulation, owner, [(
            "Eerste reglement voor de decentralisaties (datum bij benadering: 'eind 2013/begin 2014').",
            (Body.COUNCIL, datetime.date(2013, 12, 1), "Raad Haren, eind 2013 (kenmerk niet bekend)"))])
        handbook = _document(haren, "Privacy handleiding sociaal domein", Kind.HANDBOOK, owner, Body.BOARD,
                             Scope.SOCIAL_DOMAIN, norms=["1", "9"])
        _versions(handbook, owner, [(
            "Handleiding voor de medewerkers van het wijkteam (datum bij benadering: 'eind 2013/begin 2014').",
            (Body.BOARD, datetime.date(2014, 2, 1), "College Haren, begin 2014 (kenmerk niet bekend)"))])
        principles = _document(haren, "Beleidsuitgangspunten privacy sociaal domein WIJZ-teams", Kind.PRIVACY_POLICY,
                               owner, Body.BOARD, Scope.SOCIAL_DOMAIN, norms=["1"])
        _versions(principles, owner, [(
            "Uitgangspunten die in regionaal verband worden gehanteerd; niet formeel vastgesteld door college en raad.",
            None)])

    bel = Organisation.objects.filter(slug="bel").first()
    if bel is None:
        return
    officer, ciso = User.objects.get(username="fg"), User.objects.get(username="ciso")
    security = _document(bel, "Informatiebeveiligingsbeleid BEL Combinatie 2015", Kind.SECURITY_POLICY, ciso,
                         Body.BOARD, norms=["3"])
    _versions(security, ciso, [
        ("Informatiebeveiligingsbeleid op basis van de BIG.",
         (Body.BOARD, datetime.date(2015, 6, 30), "DB GR BEL 2015 (datum bij benadering)")),
        ("Concept herziening: de BIO in plaats van de BIG, de AVG en de uitkomsten van de GAP-analyse.", None),
    ])
    policy = _document(bel, "Privacybeleid BEL Combinatie", Kind.PRIVACY_POLICY, officer, Body.BOARD, publish=True,
                       norms=["1"])
    _versions(policy, officer, [("Privacybeleid onder de AVG.",
                                 (Body.BOARD, datetime.date(2022, 3, 15), "BEL/2022/0315"))])
    protocol = _document(bel, "Privacyprotocol sociaal domein BEL", Kind.HANDBOOK, officer, Body.BOARD,
                         Scope.SOCIAL_DOMAIN, norms=["9"])
    _versions(protocol, officer, [("Protocol getoetst aan de AVG; werking in de praktijk meegenomen.",
                                   (Body.BOARD, today - datetime.timedelta(days=400), "BEL/PROT/2"))])
    agreements = _document(bel, "Verantwoordingsafspraken privacy college en raad", Kind.ACCOUNTABILITY_AGREEMENTS,
                           officer, Body.COUNCIL, interval=48, norms=["4"])
    _versions(agreements, officer, [("Kwartaalscorekaart en jaarlijkse stoplichtrapportage aan de raden.",
                                     (Body.COUNCIL, today - datetime.timedelta(days=200), "RAAD-BEL/VA/1"))])
