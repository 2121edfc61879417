"""Move files stored with the single Fernet key to envelope encryption (``core.crypto``), under the same name.

Idempotent: files already in the new format are left alone. Case documents, agreements'
documents, assessment evidence and incident attachments all live under ``MEDIA_ROOT`` by
storage name, so the database does not change. Safe while the application runs: each file is
replaced by an atomic rename, and ``read_encrypted`` reads both formats.
"""

from django.core.management.base import BaseCommand, CommandError

from privacyregie.core import crypto, files


class Command(BaseCommand):
    help = "Re-encrypt files from before envelope encryption (Fernet) with a data key per file."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only count; exit 1 when files remain to migrate")

    def handle(self, *args, check=False, **options):
        counts = {"migrated": 0, "already_envelope": 0, "to_migrate": 0, "failed": 0}
        for path in files.stored_files():
            kind = files.file_format(path)
            if kind == "envelope":
                counts["already_envelope"] += 1
            elif kind != "legacy":
                counts["failed"] += 1
                self.stderr.write(f"{path.parent.name}/{path.name}: not an encrypted file of this application")
            elif check:
                counts["to_migrate"] += 1
            else:
                try:
                    files.migrate_legacy_file(path)
                    counts["migrated"] += 1
                except crypto.TamperedFile as exc:
                    counts["failed"] += 1
                    self.stderr.write(f"{path.parent.name}/{path.name}: {exc}")
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be migrated (see above)")
        if check and counts["to_migrate"]:
            raise SystemExit(1)
        if not counts["to_migrate"]:
            self.stdout.write("no file uses the old key any more: FILE_ENCRYPTION_KEY (var/file_encryption_key) "
                              "can be removed")
