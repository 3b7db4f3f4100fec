import pytest

from athar.errors import ConfigError
from athar.settings import load_settings


def test_defaults_come_from_the_packaged_file():
    settings = load_settings(environ={})
    assert settings.workspace.path == "athar-data"
    assert settings.ingest.max_item_bytes == 1 << 30
    assert settings.fetch.allow_private_addresses is False


def test_precedence_is_file_then_env_then_flags(tmp_path):
    config = tmp_path / "athar.toml"
    config.write_text("[ingest]\nbatch_size = 10\nmax_item_bytes = 100\n[fetch]\nmax_redirects = 3\n")
    settings = load_settings(
        config_file=config,
        environ={"ATHAR_INGEST__BATCH_SIZE": "20", "ATHAR_WORKSPACE": "/srv/evidence"},
        overrides={"ingest": {"batch_size": 30}},
    )
    assert settings.ingest.max_item_bytes == 100  # file
    assert settings.fetch.max_redirects == 3  # file
    assert settings.ingest.batch_size == 30  # flag beats env beats file
    assert settings.workspace.path == "/srv/evidence"  # env short name


def test_unknown_key_is_refused_with_the_known_ones(tmp_path):
    config = tmp_path / "athar.toml"
    config.write_text("[ingest]\nmax_bytes = 5\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=config, environ={})
    assert caught.value.code == "ATH101"
    assert "max_item_bytes" in caught.value.message


def test_wrong_type_is_refused_with_a_hint():
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"ATHAR_FETCH__ALLOW_PRIVATE_ADDRESSES": "maybe"})
    assert caught.value.code == "ATH102"
    with pytest.raises(ConfigError):
        load_settings(environ={"ATHAR_INGEST__MAX_ITEM_BYTES": "lots"})


def test_env_booleans_are_parsed():
    settings = load_settings(environ={"ATHAR_FETCH__ALLOW_PRIVATE_ADDRESSES": "true"})
    assert settings.fetch.allow_private_addresses is True


def test_unreadable_config_file_names_the_file(tmp_path):
    config = tmp_path / "athar.toml"
    config.write_text("[ingest\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=config, environ={})
    assert str(config) in caught.value.message
