"""Crypto-shredding (core.files): a file bound to a shred key is unreadable once the key is destroyed,
also from a backup copy taken before; ``shred`` leaves no readable live copy."""

import shutil

import pytest
from django.test import override_settings

from privacyregie.core import files


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media", FILE_SHRED_KEY_DIR=tmp_path / "keys"):
        yield


def test_a_bound_file_reads_as_before():
    name = files.store_encrypted(b"verslag")
    assert files.bind_to_shred_key(name, "case:1") is True
    assert files.bind_to_shred_key(name, "case:1") is False  # idempotent
    assert files.read_encrypted(name) == b"verslag"
    assert files.master_key_ids(files._path(name)) == [files.shred_key_id("case:1")]


def test_destroying_the_shred_key_makes_a_backup_unreadable(tmp_path):
    name = files.store_encrypted(b"verslag")
    files.bind_to_shred_key(name, "case:2")
    backup = tmp_path / "backup"
    shutil.copy(files._path(name), backup)
    assert files.shred(name) is True
    assert not files._path(name).exists()
    assert files.destroy_shred_key("case:2") is True
    # the backup is put back: the master keys alone cannot unwrap its data key
    files._path(name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(backup, files._path(name))
    with pytest.raises(files.MasterKeyMissing):
        files.read_encrypted(name)


def test_shred_overwrites_the_key_slots_before_deleting(tmp_path):
    name = files.store_encrypted(b"verslag")
    path = files._path(name)
    hardlink = tmp_path / "same-inode"
    hardlink.hardlink_to(path)  # stands in for blocks recovered from the disk
    assert files.shred(name) is True
    assert files.shred(name) is False
    shutil.copy(hardlink, path)
    with pytest.raises(files.TamperedFile):
        files.read_encrypted(name)


def test_rotation_leaves_a_bound_file_alone():
    name = files.store_encrypted(b"verslag")
    files.bind_to_shred_key(name, "case:3")
    assert files.rewrap_file(files._path(name), files.keyring()) is False
    assert files.read_encrypted(name) == b"verslag"


def test_other_groups_keep_their_files():
    one, two = files.store_encrypted(b"een"), files.store_encrypted(b"twee")
    files.bind_to_shred_key(one, "case:4")
    files.bind_to_shred_key(two, "case:5")
    files.destroy_shred_key("case:4")
    assert files.read_encrypted(two) == b"twee"
    with pytest.raises(files.MasterKeyMissing):
        files.read_encrypted(one)


def test_the_rotation_command_counts_bound_files_apart():
    import io

    from django.core.management import call_command

    name = files.store_encrypted(b"verslag")
    files.bind_to_shred_key(name, "case:6")
    out = io.StringIO()
    call_command("rotate_file_keys", stdout=out)
    assert "bound_to_shred_key: 1" in out.getvalue() and "s." not in out.getvalue().split("current master key")[1]
    assert files.read_encrypted(name) == b"verslag"
