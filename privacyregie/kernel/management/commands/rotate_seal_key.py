"""Print a new signing key pair for the processing log's seals, and how to switch to it.

It never writes a key anywhere (not in the repository, the database or ``var/``): the new private
key goes from this output into the secret store, the old public key stays in
``PROCESSING_LOG_VERIFY_KEYS`` so that seals signed with it keep verifying (docs/kernel.md, ADR 0012).
"""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management.base import BaseCommand

from privacyregie.kernel import witness


def _private_text(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Command(BaseCommand):
    help = ("Print a new Ed25519 key pair for signing the processing log's seals, the keyring that keeps "
            "older seals verifiable, and the steps to rotate. Writes nothing.")

    def handle(self, *args, **options):
        current = witness.signing_key().public_key()
        new_key = Ed25519PrivateKey.generate()
        new_public = new_key.public_key()
        retired = [text.strip() for text in settings.PROCESSING_LOG_VERIFY_KEYS if text.strip()]
        current_text = witness.public_key_text(current)
        if current_text not in retired:
            retired.append(current_text)
        keyring = ",".join(retired)
        out = self.stdout.write
        out("New signing key for the processing log's seals (Ed25519). This output holds a secret:")
        out("do not paste it into a ticket, a chat or the repository.\n")
        out(f"  current key id:  {witness.key_id(current)}")
        out(f"  new key id:      {witness.key_id(new_public)}\n")
        out("1. Put the new private key in the secret store, in place of the current one:")
        out(f"     PROCESSING_LOG_SIGNING_KEY={_private_text(new_key)}")
        out("2. Keep the public keys of the current and earlier keys, so their seals keep verifying:")
        out(f"     PROCESSING_LOG_VERIFY_KEYS={keyring}")
        out("   An auditor who checks with public keys only also sets the new one:")
        out(f"     PROCESSING_LOG_VERIFY_KEY={witness.public_key_text(new_public)}")
        out("3. Restart every application instance and every Celery worker with both settings: from then on")
        out(f"   new seals name key {witness.key_id(new_public)}.")
        out("4. Run `python manage.py verify_processing_log`: seals of both keys must verify.")
        out("5. Destroy every copy of the old private key (also a file var/processing_log_signing_key).")
        out("   Keep its public key in PROCESSING_LOG_VERIFY_KEYS for as long as the log is kept.")
