"""The center this assistant serves, named by its head noun alone (assistant.home)."""

from pathlib import Path

import pytest

from assistant.glossary import Glossary
from assistant.home import Home

SMALL = Path(__file__).parent / "fixtures" / "glossary_small.yaml"


@pytest.mark.parametrize(("text", "home"), [
    ("What does the center do?", True),
    ("is your center open on weekends", True),
    ("center hours?", True),
    ("Pohang center rooms", True),
    ("센터에서 뭐 해요?", True),
    ("이 센터 주차 돼요?", True),
    ("포항 센터 위치", True),
    ("저희 회사는 센터 근처예요", True),
    ("대전 센터 어디예요?", False),           # another center, by its city
    ("개인정보 침해 신고센터 번호", False),   # a compound with another noun
    ("데이터센터 전기요금", False),
    ("the Daejeon center", False),
    ("a data center in Pohang", False),
    ("혁신센터 위치", False),                 # named: the glossary finds it already
    ("Pohang Big Data AI Innovation Center opening", False),
])
def test_a_bare_center_is_the_home_entry(tmp_path, text, home):
    path = tmp_path / "g.yaml"
    path.write_text("- ko: 포항 빅데이터 AI 혁신센터\n  en: Pohang Big Data AI Innovation Center\n"
                    "  variants: [혁신센터]\n  home: true\n- ko: 대전\n  en: Daejeon\n", "utf-8")
    found = Home.of(Glossary.load(path))
    assert found is not None and found.term.en.startswith("Pohang")
    assert found.names == "포항 빅데이터 AI 혁신센터 Pohang Big Data AI Innovation Center"
    assert found.named_alone(text) is home


def test_a_glossary_without_a_home_entry_has_no_home():
    assert Home.of(Glossary.load(SMALL)) is None
    assert Home.of(None) is None
