"""``check --deploy`` warns when key material comes from files under var/ instead of the environment."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from privacyregie.core.checks import key_material_check
from privacyregie.core.crypto import Keyring


def _deploy_check_output() -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("check", "--deploy", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return Path(tmp_path)


@pytest.fixture
def keys_from_var(var_dir, settings):
    """The embedded default: every key read from (or generated into) var/."""
    for name in ("pseudonym_key", "secret_key", "file_master_key"):
        (var_dir / name).write_text(f"{name}-value-{'x' * 40}")
    settings.PSEUDONYM_KEY = (var_dir / "pseudonym_key").read_text()
    settings.SECRET_KEY = (var_dir / "secret_key").read_text()
    settings.FILE_MASTER_KEYS = ""
    return var_dir


@pytest.fixture
def keys_from_environment(var_dir, settings):
    settings.PSEUDONYM_KEY = "pseudonym-key-from-the-secret-store-" + "p" * 30
    settings.SECRET_KEY = "secret-key-from-the-secret-store-" + "s" * 40
    settings.FILE_MASTER_KEYS = Keyring.new_entry("k2026")
    return var_dir


def test_pseudonym_key_from_var_is_reported(keys_from_var):
    assert "privacyregie.W003" in [w.id for w in key_material_check(None)]


def test_file_master_keys_falling_back_to_var_are_reported(keys_from_var):
    assert "privacyregie.W002" in [w.id for w in key_material_check(None)]


def test_file_master_keys_copied_from_the_var_file_are_reported(keys_from_environment, settings):
    keys = Keyring.new_entry("k1")
    (keys_from_environment / "file_master_key").write_text(keys + "\n")
    settings.FILE_MASTER_KEYS = keys
    assert [w.id for w in key_material_check(None)] == ["privacyregie.W002"]


def test_keys_from_the_environment_give_no_warning(keys_from_environment):
    assert key_material_check(None) == []


@pytest.mark.parametrize("mode", ["DEBUG", "DEMO_MODE"])
def test_demo_and_debug_mode_do_not_silence_the_warning(keys_from_var, settings, mode):
    setattr(settings, mode, True)
    assert {"privacyregie.W002", "privacyregie.W003"} <= {w.id for w in key_material_check(None)}


def test_the_warning_names_the_key_file(keys_from_var):
    messages = " ".join(w.msg for w in key_material_check(None))
    assert str(keys_from_var / "pseudonym_key") in messages


@pytest.mark.django_db
def test_check_deploy_command_prints_the_key_warnings(keys_from_var):
    output = _deploy_check_output()
    assert "privacyregie.W003" in output and "PSEUDONYM_KEY" in output
    assert "privacyregie.W002" in output and "FILE_MASTER_KEYS" in output


@pytest.mark.django_db
def test_check_deploy_command_is_silent_about_keys_from_the_environment(keys_from_environment):
    output = _deploy_check_output()
    assert "privacyregie.W002" not in output and "privacyregie.W003" not in output
