from pathlib import Path

from assistant.settings import Settings

from .conftest import REPO


def test_every_setting_is_documented_in_readme():
    readme = (REPO / "README.md").read_text("utf-8")
    for name, field in Settings.model_fields.items():
        assert f"ASSISTANT_{name.upper()}" in readme, name
        assert field.description, name


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", "/tmp/x")
    monkeypatch.setenv("ASSISTANT_CHUNK_SIZE", "200")
    s = Settings()
    assert s.data_dir == Path("/tmp/x") and s.chunk_size == 200
    assert s.index_dir == Path("/tmp/x/index")
    assert s.glossary_path == Path("corpus/glossary.yaml")
