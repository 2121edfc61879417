"""Re-wrap the data key of every stored file under the current master key; the content is not re-encrypted.

Production: add the new key to ``FILE_MASTER_KEYS``, make it current (``FILE_MASTER_KEY_ID``),
restart, run this command, then remove the keys it reports as unused. Embedded default
(keys in ``var/file_master_key``): ``--new-key ID`` adds a key and makes it current,
``--remove-retired`` drops keys no file uses any more. Idempotent: a second run re-wraps nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacyregie.core import crypto, files


class Command(BaseCommand):
    help = "Re-wrap every stored file's data key under the current master key (no re-encryption)."

    def add_arguments(self, parser):
        parser.add_argument("--new-key", metavar="ID", help="embedded default only: add a new master key and make it current")
        parser.add_argument("--remove-retired", action="store_true",
                            help="embedded default only: afterwards remove master keys that no file uses")

    def handle(self, *args, new_key=None, remove_retired=False, **options):
        embedded = not settings.FILE_MASTER_KEYS
        if (new_key or remove_retired) and not embedded:
            raise CommandError("--new-key and --remove-retired manage var/file_master_key; with FILE_MASTER_KEYS set, "
                               "change the keyring in your secret store instead.")
        if new_key:
            if new_key in files.keyring().keys:
                raise CommandError(f"master key {new_key!r} already exists")
            try:
                files.add_key_to_var_file(crypto.Keyring.new_entry(new_key))
            except crypto.KeyringError as exc:
                raise CommandError(str(exc)) from exc
        ring = files.keyring()
        counts = {"rewrapped": 0, "already_current": 0, "old_format": 0, "failed": 0, "bound_to_shred_key": 0}
        in_use = {key_id: 0 for key_id in ring.keys}
        for path in files.stored_files():
            kind = files.file_format(path)
            if kind != "envelope":
                counts["old_format" if kind == "legacy" else "failed"] += 1
                continue
            try:
                if files.is_bound_to_shred_key(path):  # ADR 0104: never wrapped under a master key again
                    counts["bound_to_shred_key"] += 1
                    continue
                counts["rewrapped" if files.rewrap_file(path, ring) else "already_current"] += 1
                for key_id in files.master_key_ids(path):
                    in_use[key_id] = in_use.get(key_id, 0) + 1
            except crypto.TamperedFile as exc:
                counts["failed"] += 1
                self.stderr.write(f"{path.parent.name}/{path.name}: {exc}")
        self.stdout.write(f"current master key: {ring.current}")
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))
        retired = [key_id for key_id, n in in_use.items() if key_id != ring.current and not n]
        for key_id, n in sorted(in_use.items()):
            state = "current" if key_id == ring.current else ("unused, can be removed" if not n else "still in use")
            self.stdout.write(f"master key {key_id}: {n} file(s), {state}")
        if counts["old_format"]:
            self.stdout.write("files in the old format: run manage.py migrate_file_encryption first")
        if remove_retired and retired and not counts["failed"]:
            kept = {k: v for k, v in ring.keys.items() if k not in retired}
            path = Path(settings.VAR_DIR) / files.MASTER_KEY_FILE
            lines = [line for line in path.read_text().splitlines() if line.partition(":")[0] in kept]
            tmp = path.with_name(f".{path.name}.new")
            tmp.write_text("\n".join(lines) + "\n")
            tmp.chmod(0o600)
            tmp.replace(path)
            self.stdout.write(f"removed master key(s): {', '.join(retired)}")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be re-wrapped (see above)")
