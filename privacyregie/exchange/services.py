"""Operations on exchanges with chain partners: share, open, download, answer, forward, revoke, expire.

Every read or change of an exchange's contents passes the privacy kernel (``kernel.services.access``)
in the same transaction as the change; a refusal is logged (also when the transaction rolls back).
Sharing a case's data first asks the sharing decision (``ports.authorise_share``): nothing is
created when it refuses. Bad input raises ``ValidationError`` (Dutch), changes nothing, stores no
file and is recorded as a refused action for the CISO. Notification e-mails never contain
personal data or the subject: only a link.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacyregie.core.categories import DataCategory, labels
from privacyregie.core.files import check_upload
from privacyregie.core.models import SecurityEvent
from privacyregie.core.prepared import PreparedQuery
from privacyregie.core.security import record_event
from privacyregie.kernel.policy import Action, Purpose
from privacyregie.kernel.services import AccessDenied, access, write_pending_denial

from . import ports
from .models import Exchange, ExchangeFile, ExchangeMessage, ExchangeRecipient

log = logging.getLogger(__name__)

DEFAULT_DAYS = 14
MAX_DAYS = 90
MAX_FILES = 10
FILE_TYPES = ("pdf", "docx", "xlsx", "odt", "ods", "txt", "csv", "png", "jpg", "jpeg")
FileUnavailable = ports.TamperedFile


class NeedsConfirmation(ValidationError):
    """The check before sending found personal data: the sender must confirm (or change the message)."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__({"confirm_findings": _("De controle vóór verzenden vond mogelijk persoonsgegevens. "
                                                "Bekijk de bevindingen en bevestig dat u dit wilt delen.")})


def _refused(request, reason: str) -> None:
    """A refused share or answer is recorded for the CISO (outside the rolled-back transaction)."""
    try:
        record_event(request, SecurityEvent.Kind.ACCESS_DENIED, detail=f"uitwisseling geweigerd: {reason}"[:500])
    except Exception:  # noqa: BLE001 - a refusal stays a refusal when it cannot be recorded
        log.exception("could not record a refused exchange action")


def _guarded(request, operation):
    """Run ``operation`` in a transaction; on bad input or a refusal nothing remains and the refusal is logged."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            return operation(stored)
    except AccessDenied as denied:
        write_pending_denial(denied)
        _discard(stored)
        _refused(request, str(denied))
        raise
    except ValidationError as error:
        _discard(stored)
        if not isinstance(error, NeedsConfirmation):
            _refused(request, "; ".join(error.messages))
        raise


def _discard(storage_names) -> None:
    from privacyregie.core.files import delete_encrypted

    for name in storage_names:
        delete_encrypted(name)


# --- input ------------------------------------------------------------------------------------------

def check_files(uploads) -> list:
    """Every upload checked (type by magic bytes, archive size, size limit, file name); the first fault raises."""
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": _("U kunt maximaal %(n)s bestanden tegelijk delen.") % {"n": MAX_FILES}})
    checked = []
    for upload in uploads:
        raw = str(getattr(upload, "name", "") or "")
        check_name(raw)
        try:
            checked.append(check_upload(upload, allowed=FILE_TYPES))
        except ValidationError as error:
            raise ValidationError({"files": [f"{raw[:80]}: {m}" for m in error.messages]}) from error
    return checked


def check_name(raw: str) -> None:
    """A file name with a path or control characters is refused (never silently cleaned)."""
    if any(sep in raw for sep in ("/", "\\")) or any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise ValidationError({"files": _("De bestandsnaam %(name)s bevat een pad of stuurtekens. Geef het "
                                          "bestand een gewone naam.") % {"name": repr(raw[:80])}})


def _categories(values) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in DataCategory.values]
    if unknown:
        raise ValidationError({"data_categories": _("Kies gegevenscategorieën uit de lijst.")})
    return values


def _check_before_sending(text: str, checked, categories, confirmed: bool, organisation=None):
    """Block found categories that are not shared (per the organisation's policy); ask confirmation for the rest."""
    findings = ports.scan(text, [(c.name, c.data) for c in checked])
    undeclared = ports.blocked_categories(findings, categories, organisation)
    if undeclared:
        raise ValidationError({"data_categories": _(
            "De controle vóór verzenden vond gegevens van een categorie die u niet deelt: %(cats)s. Haal die "
            "gegevens weg, of kies de categorie als de overeenkomst met de ketenpartner haar dekt.")
            % {"cats": ", ".join(labels(undeclared)) or ", ".join(undeclared)}})
    if findings and not confirmed:
        raise NeedsConfirmation(findings)
    return findings


def _store_files(message, checked, stored) -> list[ExchangeFile]:
    created = []
    for upload in checked:
        kept = ports.store(upload.data)
        stored.append(kept.storage_name)
        created.append(ExchangeFile.objects.create(message=message, file_name=upload.name,
                                                   content_type=upload.content_type, size=kept.size,
                                                   sha256=kept.sha256, storage_name=kept.storage_name))
    return created


def _notify_recipients(exchange, users) -> None:
    from privacyregie.core.services import notify

    url = reverse("exchange:detail", kwargs={"uuid": exchange.uuid})
    notify([u for u in users if u is not None], _("Er staat een beveiligd bericht voor u klaar"),
           _("Er staat een beveiligd bericht voor u klaar in Privacyregie. Log in met uw tweede factor om het te "
             "lezen. Dit bericht bevat bewust geen inhoud."), url=url)


def _notify_sender(exchange) -> None:
    from privacyregie.core.services import notify

    notify([exchange.created_by], _("Nieuw antwoord van een ketenpartner"),
           _("Er is een nieuw antwoord in een beveiligde uitwisseling. Log in om het te lezen."),
           url=reverse("exchange:detail", kwargs={"uuid": exchange.uuid}))


def purpose_for(user, exchange) -> str:
    if exchange.case_id is not None and not ports.is_external(user) and getattr(user, "application", None) is None:
        from privacyregie.dossiers.services import purpose_for as case_purpose

        return case_purpose(user, exchange.case)
    return Purpose.SHARING


# --- sharing -----------------------------------------------------------------------------------------

def create_exchange(request, *, partner, subject, text="", case=None, recipients=(), invite_emails=(),
                    data_categories=(), uploads=(), confirmed=False, deviation_motivation="", days=None) -> Exchange:
    """Share a message and files with users of a chain partner, after the check and the sharing decision.

    Raises ``ValidationError`` (bad input, blocked by the check), ``NeedsConfirmation`` (findings not yet
    confirmed) or ``AccessDenied`` (the sharing decision refused, with its Dutch reason).
    """
    user = request.user
    subject, text = (subject or "").strip(), (text or "").strip()
    recipients = [r for r in recipients or [] if r is not None]
    invite_emails = [e.strip().lower() for e in invite_emails or [] if e and e.strip()]
    days = days or DEFAULT_DAYS

    def operation(stored):
        errors = {}
        if not subject:
            errors["subject"] = _("Geef een onderwerp (zonder persoonsgegevens).")
        if partner is None or partner.organisation_id != user.organisation_id:
            errors["partner"] = _("Kies een ketenpartner uit het register.")
        if not recipients and not invite_emails:
            errors["recipients"] = _("Kies minstens één ontvanger of nodig iemand uit per e-mail.")
        if not 1 <= days <= MAX_DAYS:
            errors["days"] = _("Kies een termijn van 1 tot en met %(max)s dagen.") % {"max": MAX_DAYS}
        if errors:
            raise ValidationError(errors)
        allowed = set(ports.partner_users(partner).values_list("pk", flat=True))
        if any(r.pk not in allowed for r in recipients):
            raise ValidationError({"recipients": _("Een ontvanger hoort niet bij %(partner)s.") % {"partner": partner}})
        categories = _categories(data_categories)
        if case is None and categories:
            raise ValidationError({"data_categories": _("Een uitwisseling zonder casus bevat geen persoonsgegevens; "
                                                        "kies dan geen gegevenscategorieën.")})
        if case is not None and not categories:
            raise ValidationError({"data_categories": _("Kies welke gegevenscategorieën u deelt.")})
        checked = check_files(uploads)
        if not text and not checked:
            raise ValidationError({"text": _("Schrijf een bericht of voeg een bestand toe.")})
        _check_before_sending(f"{subject}\n{text}", checked, categories, confirmed, user.organisation)
        exchange = Exchange(organisation_id=user.organisation_id, case=case, partner=partner, subject=subject[:200],
                            data_categories=categories, created_by=user,
                            expires_at=timezone.now() + timedelta(days=days))
        if case is not None:
            decision = ports.authorise_share(request, case, partner=partner, data_categories=categories,
                                             deviation_motivation=deviation_motivation)
            exchange.legal_basis, exchange.legal_basis_detail = decision.legal_basis, decision.legal_basis_detail[:300]
            exchange.consent_id, exchange.deviation_id = ports.decision_ids(decision)
        exchange.save()
        if case is None:
            access(request, Action.CREATE, exchange, Purpose.SHARING)
        message = ExchangeMessage.objects.create(exchange=exchange, author=user, text=text,
                                                 direction=ExchangeMessage.Direction.OUT)
        _store_files(message, checked, stored)
        for recipient in recipients:
            ExchangeRecipient.objects.create(exchange=exchange, user=recipient, email=recipient.email or "",
                                             added_by=user)
            ports.grant(request, recipient, exchange)
        for email in invite_emails:
            invitation_id = ports.invite(request, email=email, partner=partner, exchange=exchange, days=days)
            ExchangeRecipient.objects.create(exchange=exchange, email=email, invitation_id=invitation_id,
                                             added_by=user)
        _notify_recipients(exchange, recipients)
        return exchange

    return _guarded(request, operation)


def forward(request, exchange, *, recipient=None, email="") -> ExchangeRecipient:
    """Add a partner user to an open exchange (a forward: a new share, decided and logged by the kernel)."""
    email = (email or "").strip().lower()

    def operation(stored):
        access(request, Action.SHARE, exchange, Purpose.SHARING)  # refuse before reading input
        if recipient is None and not email:
            raise ValidationError({"recipient": _("Kies een gebruiker van de ketenpartner of vul een e-mailadres in.")})
        if not exchange.is_open():
            raise ValidationError(_("Deze uitwisseling is verlopen of ingetrokken; u kunt haar niet doorsturen."))
        if recipient is not None and not ports.partner_users(exchange.partner).filter(pk=recipient.pk).exists():
            raise ValidationError({"recipient": _("Deze gebruiker hoort niet bij %(partner)s.") % {
                "partner": exchange.partner}})
        if recipient is not None:
            if exchange.recipients.filter(user=recipient, revoked_at__isnull=True).exists():
                raise ValidationError({"recipient": _("%(name)s ontvangt deze uitwisseling al.") % {"name": recipient}})
            added = ExchangeRecipient.objects.create(exchange=exchange, user=recipient, email=recipient.email or "",
                                                     added_by=request.user)
            ports.grant(request, recipient, exchange)
            _notify_recipients(exchange, [recipient])
            return added
        days = max(1, (exchange.expires_at - timezone.now()).days)
        invitation_id = ports.invite(request, email=email, partner=exchange.partner, exchange=exchange, days=days)
        return ExchangeRecipient.objects.create(exchange=exchange, email=email, invitation_id=invitation_id,
                                                added_by=request.user)

    return _guarded(request, operation)


# --- reading ------------------------------------------------------------------------------------------

def get_exchange(user, public_id) -> Exchange:
    """An exchange of the user's organisation by its public id; no access decision yet (the kernel decides)."""
    try:
        return Exchange.objects.select_related("partner", "case", "created_by").get(
            uuid=public_id, organisation_id=user.organisation_id)
    except ValidationError as exc:
        raise Exchange.DoesNotExist from exc


def open_exchange(request, exchange):
    """Open an exchange (logged); a recipient's first open and the sender's reading of answers are recorded."""
    user = request.user
    try:
        with transaction.atomic():
            return _open(request, user, exchange)
    except AccessDenied as denied:
        write_pending_denial(denied)
        raise


def _open(request, user, exchange):
    decision = access(request, Action.VIEW, exchange, purpose_for(user, exchange))
    now = timezone.now()
    if ports.is_external(user):
        mine = Q(user=user) | Q(user__isnull=True, email__iexact=user.email or "-")
        exchange.recipients.filter(mine, first_opened_at__isnull=True).update(first_opened_at=now)
        exchange.recipients.filter(user__isnull=True, email__iexact=user.email or "-").update(user=user)
    elif getattr(user, "application", None) is None:
        exchange.messages.filter(direction=ExchangeMessage.Direction.IN, read_at__isnull=True).update(read_at=now)
    return decision


def messages_of(exchange):
    """Messages with their files, oldest first (only after ``open_exchange`` allowed it)."""
    return exchange.messages.select_related("author", "application").prefetch_related("files")


def read_file(request, file: ExchangeFile) -> bytes:
    """The decrypted file after the kernel allowed and logged the download.

    A ciphertext that fails authentication raises ``FileUnavailable``: its bytes are never served,
    and the fault is recorded for the CISO.
    """
    try:
        with transaction.atomic():
            access(request, Action.VIEW, file, purpose_for(request.user, file.message.exchange))
    except AccessDenied as denied:
        write_pending_denial(denied)
        raise
    try:
        return ports.read(file.storage_name)
    except (FileUnavailable, FileNotFoundError) as exc:
        _refused(request, f"bestand {file.uuid} kan niet worden ontsleuteld (mogelijk gemanipuleerd)")
        raise FileUnavailable(str(file.uuid)) from exc


def find_file(exchange, public_id) -> ExchangeFile:
    try:
        return ExchangeFile.objects.select_related("message__exchange__partner", "message__exchange__case").get(
            uuid=public_id, message__exchange=exchange)
    except ValidationError as exc:
        raise ExchangeFile.DoesNotExist from exc


# --- answering -----------------------------------------------------------------------------------------

def answer(request, exchange, *, text="", uploads=(), confirmed=False) -> ExchangeMessage:
    """A message (and documents) within the exchange: from the partner (in) or the municipality (out)."""
    user = request.user
    text = (text or "").strip()
    incoming = ports.is_external(user) or getattr(user, "application", None) is not None

    def operation(stored):
        access(request, Action.CREATE, exchange, purpose_for(user, exchange))  # refuse before reading input
        if not exchange.is_open():
            raise ValidationError(_("Deze uitwisseling is verlopen of ingetrokken."))
        checked = check_files(uploads)
        if not text and not checked:
            raise ValidationError({"text": _("Schrijf een bericht of voeg een bestand toe.")})
        if not incoming:
            _check_before_sending(text, checked, exchange.data_categories, confirmed, exchange.organisation)
        application = getattr(request, "auth", None) if getattr(user, "application", None) is not None else None
        message = ExchangeMessage.objects.create(
            exchange=exchange, author=user if getattr(user, "pk", None) else None,
            application=application if hasattr(application, "scopes") else None, text=text,
            direction=ExchangeMessage.Direction.IN if incoming else ExchangeMessage.Direction.OUT)
        _store_files(message, checked, stored)
        if incoming:
            _notify_sender(exchange)
        else:
            _notify_recipients(exchange, [r.user for r in exchange.recipients.filter(revoked_at__isnull=True)])
        return message

    return _guarded(request, operation)


# --- ending ----------------------------------------------------------------------------------------------

def revoke_exchange(request, exchange) -> Exchange:
    """Revoke the exchange: every recipient loses access at once (also in an open session)."""

    def operation(stored):
        if exchange.status == Exchange.Status.REVOKED:
            raise ValidationError(_("Deze uitwisseling is al ingetrokken."))
        access(request, Action.UPDATE, exchange, purpose_for(request.user, exchange))
        now = timezone.now()
        exchange.status, exchange.revoked_at, exchange.revoked_by = Exchange.Status.REVOKED, now, request.user
        exchange.save(update_fields=["status", "revoked_at", "revoked_by"])
        for recipient in exchange.recipients.filter(revoked_at__isnull=True).select_related("user"):
            recipient.revoked_at = now
            recipient.save(update_fields=["revoked_at"])
            if recipient.user_id:
                ports.revoke(request, recipient.user, exchange)
        return exchange

    return _guarded(request, operation)


def expire_exchanges(now=None) -> int:
    """Mark open exchanges past their end as expired (idempotent); returns how many."""
    now = now or timezone.now()
    return Exchange.objects.filter(status=Exchange.Status.OPEN, expires_at__lte=now).update(
        status=Exchange.Status.EXPIRED)


def on_grant_ended(sender=None, user=None, grant_target=None, **kwargs) -> None:
    """An external grant ended (expiry or revocation): the recipient of that exchange is ended too."""
    if isinstance(grant_target, Exchange) and user is not None:
        grant_target.recipients.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


# --- lists ------------------------------------------------------------------------------------------------

def shared_with(user):
    """Open exchanges the (external) user holds an active grant on: metadata only (subject, partner, dates)."""
    return (Exchange.objects.filter(id__in=ports.active_exchange_ids(user), organisation_id=user.organisation_id,
                                    status=Exchange.Status.OPEN, expires_at__gt=timezone.now())
            .filter(Q(recipients__user=user) | Q(recipients__email__iexact=user.email or "-"),
                    recipients__revoked_at__isnull=True)
            .select_related("partner").distinct().order_by("expires_at"))


def for_partner(partner):
    """Open exchanges with a chain partner (for its API application)."""
    return (Exchange.objects.filter(partner=partner, status=Exchange.Status.OPEN, expires_at__gt=timezone.now())
            .select_related("partner").order_by("-created_at"))


def sent_by(user):
    """Exchanges the employee created, with the number of unread answers."""
    return (Exchange.objects.filter(created_by=user, organisation_id=user.organisation_id)
            .select_related("partner", "case")
            .annotate(new_answers=Count("messages", filter=Q(messages__direction=ExchangeMessage.Direction.IN,
                                                            messages__read_at__isnull=True)))
            .order_by("-created_at"))


def new_answers_sent_by(user) -> int:
    """The number of unread answers on the open exchanges the employee created (the start page): the sum of
    ``new_answers`` over ``sent_by(user).filter(status="open")``, counted in the database."""
    return ExchangeMessage.objects.filter(
        exchange__created_by=user, exchange__organisation_id=user.organisation_id, exchange__status="open",
        direction=ExchangeMessage.Direction.IN, read_at__isnull=True).count()


def for_case(case):
    """The exchanges of a case with their number of unread answers (shown on the case page to its members)."""
    return _for_case_id(case.pk)


def _for_case_id(case_id):
    return (Exchange.objects.filter(case_id=case_id).select_related("partner")
            .annotate(new_answers=Count("messages", filter=Q(messages__direction=ExchangeMessage.Direction.IN,
                                                            messages__read_at__isnull=True)))
            .order_by("-created_at"))


# ``for_case`` compiled once per process (``core.prepared.PreparedQuery``): the case page runs it on every
# request. The stand-in id (negative) never occurs in the query.
_FOR_CASE = PreparedQuery(_for_case_id, case_id=(Exchange._meta.get_field("case").target_field, -917_331))


def listed_for_case(case) -> list:
    """``for_case(case)`` as a list, fetched once per case instance of a request: the case page's exchange
    panel and the usage of its consents both show the case's exchanges."""
    listed = case.__dict__.get("_exchanges_listed")
    if listed is None:
        listed = case.__dict__["_exchanges_listed"] = _FOR_CASE.run(case._state.db or "default", case_id=case.pk)
    return listed


def _shown_case(consents):
    """The one case all ``consents`` were read through, when it is a case a page shows (its rows remembered
    for the request, ``Case.remember_rows``); else None."""
    from privacyregie.dossiers.models import Consent

    field = Consent._meta.get_field("case")
    cases = {id(c.case): c.case for c in consents if field.is_cached(c)} if consents else {}
    if len(cases) != 1 or not all(field.is_cached(c) for c in consents):
        return None
    case = next(iter(cases.values()))
    return case if getattr(case, "remembered_residents", None) is not None else None


def exchanges_relying_on_consent(consent):
    """The exchanges whose legal basis is this consent: ``[(label, url)]`` for the case page's consent panel."""
    return exchanges_relying_on_consents([consent]).get(consent.pk, [])


def exchanges_relying_on_consents(consents) -> dict:
    """``{consent.pk: [(label, url)]}`` for several consents in one query (the case page lists them all)."""
    by_key = {}
    for consent in consents:
        by_key[(str(consent.pk), consent.case_id)] = consent.pk
        by_key[(str(consent.uuid), consent.case_id)] = consent.pk
    if not by_key:
        return {}
    found = {}
    shown = _shown_case(consents)
    if shown is not None:  # the case page: its exchanges are listed anyway (``listed_for_case``), no second query
        rows = sorted(listed_for_case(shown), key=lambda e: e.pk)
    else:
        rows = (Exchange.objects.filter(consent_id__in={key for key, _case in by_key},
                                        case_id__in={case for _key, case in by_key})
                .select_related("partner").order_by("pk"))
    for e in rows:
        pk = by_key.get((e.consent_id, e.case_id))
        if pk is not None:
            found.setdefault(pk, []).append((f"{e.subject} – {e.partner.name} ({e.get_effective_status_display()})",
                                             reverse("exchange:detail", kwargs={"uuid": e.uuid})))
    return found


exchanges_relying_on_consent.many = exchanges_relying_on_consents


def scorecard_figures(organisation, start, end) -> dict:
    made = Exchange.objects.filter(organisation=organisation, created_at__gte=start, created_at__lt=end)
    from .usage import secure_channel_figures

    return {"exchanges_total": made.count(),
            "exchanges_opened": made.filter(recipients__first_opened_at__isnull=False).distinct().count(),
            **secure_channel_figures(organisation, start, end)}


# --- destruction (retention, Archiefwet) ------------------------------------------------------------------

def destruction_holds(case) -> list[str]:
    """Why a case may not be destroyed yet as far as shares go: its exchanges still open (a partner can read)."""
    now = timezone.now()
    return [_("uitwisseling met %(partner)s is nog open tot %(date)s") % {
        "partner": e.partner.name, "date": timezone.localtime(e.expires_at).strftime("%d-%m-%Y")}
        for e in case.exchanges.filter(status=Exchange.Status.OPEN, expires_at__gt=now).select_related("partner")]


def destroy_for_case(case) -> dict:
    """Delete the (ended) exchanges of a case being destroyed, with their messages, files and recipients.

    Call inside the destruction's transaction, after the holds were checked. Returns ``{"exchanges": n,
    "files": n, "storage_names": [...]}``: the caller shreds the stored files once the transaction committed
    (never here: a rollback must leave them readable)."""
    exchanges = list(case.exchanges.all())
    names = list(ExchangeFile.objects.filter(message__exchange__in=exchanges).values_list("storage_name", flat=True))
    for exchange in exchanges:
        for recipient in exchange.recipients.filter(revoked_at__isnull=True, user__isnull=False).select_related("user"):
            ports.revoke(None, recipient.user, exchange)
        exchange.delete()
    return {"exchanges": len(exchanges), "files": len(names), "storage_names": [n for n in names if n]}


def storage_names_for_case(case) -> list[str]:
    """The stored files of a case's exchanges (to bind them to the case's shred key)."""
    return [n for n in ExchangeFile.objects.filter(message__exchange__case=case).values_list("storage_name", flat=True)
            if n]


def shares_of_case(case):
    """Every exchange of a case, oldest first, with ``received_from_partner`` (the partner sent something
    back): for a resident's access report (recipients and sources, AVG art. 15(1)(c) and (g)). The caller
    reads each exchange through the kernel; this returns metadata only, never message texts or files."""
    return list(case.exchanges.select_related("partner")
                .annotate(received=Count("messages", filter=Q(messages__direction=ExchangeMessage.Direction.IN)))
                .order_by("created_at", "pk"))
