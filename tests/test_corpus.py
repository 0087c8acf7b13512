"""Checks on corpus/: front matter, PDF sidecars, statutes, glossary and the golden set."""

from __future__ import annotations

import fnmatch
import glob
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pypdf
import pytest
import yaml

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
LAWS = SHARED / "laws"
PDF_SOURCES = ROOT / "scripts" / "pdf_sources"

CATEGORIES = {"center", "vouchers", "policies", "region"}
AUDIENCES = {"startup", "citizen", "staff"}
LANGUAGES = {"ko", "en"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CORE_GROUPS = {
    "center-overview", "center-services", "center-spaces", "voucher-overview",
    "voucher-faq", "data-safe-zones", "pseudonymised-data",
}
STATUTES = {
    "law-data-industry-act.md": "data-industry-act.md",
    "law-data-industry-act-decree.md": "data-industry-act-decree.md",
    "law-personal-information-protection-act.md": "personal-information-protection-act.md",
    "law-personal-information-protection-act-decree.md":
        "personal-information-protection-act-decree.md",
}
VOUCHER_YEARS = {2019, 2020, 2021, 2022, 2023, 2025}
GOLDEN_KEYS = {"id", "question", "language", "audience", "history", "expect_sources",
               "expect_any", "expect_refusal", "split"}
GOLDEN_OPTIONAL = {"tags", "expect_all"}
TAGS = {"typo", "followup", "cross-lingual-statute", "out-of-scope", "pdf", "not-published",
        "long", "colloquial", "mixed-language", "multi-part", "partly-covered",
        "uncovered-attribute", "topic-switch"}
REFUSAL_TAGS = {"out-of-scope", "uncovered-attribute"}
SPLITS = {"calibration", "test"}


# ---------- helpers ----------

def ignore_patterns() -> list[str]:
    lines = (CORPUS / ".ingestignore").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def is_ignored(rel: str) -> bool:
    return any(fnmatch.fnmatch(rel, pat) for pat in ignore_patterns())


SIDECAR_FORMATS = (".pdf", ".hwp", ".hwpx")


@cache
def documents() -> tuple[Path, ...]:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    return tuple(p for p in files if not is_ignored(p.relative_to(CORPUS).as_posix()))


def md_files() -> list[Path]:
    return [p for p in documents() if p.suffix == ".md"]


def pdf_files() -> list[Path]:
    return [p for p in documents() if p.suffix == ".pdf"]


def sidecar_files() -> list[Path]:
    """Documents whose metadata lives in a `.meta.yaml` sidecar (PDF, HWP, HWPX)."""
    return [p for p in documents() if p.suffix in SIDECAR_FORMATS]


def split_front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "no YAML front matter"
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + 5:]


def front_matter(path: Path) -> dict:
    return split_front_matter(path.read_text(encoding="utf-8"))[0]


def sidecar(pdf: Path) -> Path:
    return pdf.with_suffix(".meta.yaml")


@cache
def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def doc_text(path: Path) -> str:
    return pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Compare text ignoring whitespace, case and thousands separators (as the evaluator does)."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())
    return re.sub(r"\s+", "", text)


def all_metadata() -> list[tuple[Path, dict]]:
    md = [(p, front_matter(p)) for p in md_files()]
    pdfs = [(p, yaml.safe_load(sidecar(p).read_text(encoding="utf-8")))
            for p in sidecar_files()]
    return md + pdfs


def check_meta(meta: dict, path: Path) -> None:
    rel = path.relative_to(CORPUS)
    for key in ("doc_id", "title", "category", "audience", "language", "sources"):
        assert key in meta, f"{rel}: missing {key}"
    assert isinstance(meta["doc_id"], str) and KEBAB.match(meta["doc_id"]), rel
    assert isinstance(meta["title"], str) and meta["title"].strip(), rel
    assert meta["category"] in CATEGORIES and meta["category"] == rel.parts[0], rel
    audience = meta["audience"]
    assert isinstance(audience, list) and audience and set(audience) <= AUDIENCES, rel
    assert meta["language"] in LANGUAGES, rel
    sources = meta["sources"]
    assert isinstance(sources, list) and sources, rel
    assert all(isinstance(s, str) and s.strip() for s in sources), rel
    for key in ("as_of", "valid_from", "valid_to"):
        if key in meta:
            assert isinstance(meta[key], str) and DATE.match(meta[key]), f"{rel}: {key}"
    assert ("valid_from" in meta) == ("valid_to" in meta), rel
    assert "as_of" in meta or "valid_from" in meta, f"{rel}: needs as_of or valid_from/to"
    if "year" in meta:
        year = meta["year"]
        assert isinstance(year, int), rel
        assert meta.get("valid_from", "").startswith(str(year)), rel
        assert meta.get("valid_to", "").startswith(str(year)), rel
    if "doc_group" in meta:
        assert isinstance(meta["doc_group"], str) and KEBAB.match(meta["doc_group"]), rel
    if "source_keys" in meta:
        assert all(isinstance(k, str) for k in meta["source_keys"]), rel


# ---------- documents ----------

def test_ingestignore_has_required_patterns():
    pats = set(ignore_patterns())
    assert {"README.md", "glossary.yaml", "eval/**", "**/*.meta.yaml"} <= pats


def test_only_markdown_pdf_and_hwpx_documents():
    odd = [p for p in documents() if p.suffix not in {".md", *SIDECAR_FORMATS}]
    assert not odd, f"not indexable: {odd}"
    assert all(p.relative_to(CORPUS).parts[0] in CATEGORIES for p in documents())


@pytest.mark.parametrize("path", md_files(), ids=lambda p: p.name)
def test_markdown_front_matter(path):
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    check_meta(meta, path)
    assert body.strip(), path


@pytest.mark.parametrize("path", pdf_files(), ids=lambda p: p.name)
def test_pdf_sidecar_and_info(path):
    assert sidecar(path).exists(), f"{path.name} has no sidecar"
    meta = yaml.safe_load(sidecar(path).read_text(encoding="utf-8"))
    check_meta(meta, path)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 3
    info = reader.metadata
    assert info.title == meta["title"]
    assert info.subject and info.author and info.get("/Keywords")


def test_every_sidecar_has_a_document():
    orphans = [p for p in CORPUS.rglob("*.meta.yaml")
               if not any(p.with_name(p.name.removesuffix(".meta.yaml") + suffix).exists()
                          for suffix in SIDECAR_FORMATS)]
    assert not orphans


def test_doc_ids_unique():
    ids = Counter(meta["doc_id"] for _, meta in all_metadata())
    assert not [i for i, n in ids.items() if n > 1]


def test_core_topics_in_both_languages():
    groups: dict[str, set[str]] = {}
    for _, meta in all_metadata():
        if "doc_group" in meta:
            groups.setdefault(meta["doc_group"], set()).add(meta["language"])
    for group in CORE_GROUPS:
        assert groups.get(group) == LANGUAGES, f"{group}: {groups.get(group)}"


def test_one_voucher_document_per_year():
    per_year: dict[int, list[str]] = {}
    for _path, meta in all_metadata():
        if meta["category"] == "vouchers" and "year" in meta:
            per_year.setdefault(meta["year"], []).append(meta.get("doc_group") or meta["doc_id"])
    assert VOUCHER_YEARS <= set(per_year)
    for year in VOUCHER_YEARS:
        assert len(set(per_year[year])) == 1, f"{year}: {per_year[year]}"


def test_sources_come_from_the_facts_file():
    facts_file = SHARED / "corpus-facts.md"
    if not facts_file.exists():
        pytest.skip("../shared/corpus-facts.md is not beside the repo")
    facts = facts_file.read_text(encoding="utf-8")
    for path, meta in all_metadata():
        for source in meta["sources"]:
            if re.match(r"^(S\d|https://www\.law\.go\.kr)", source):
                continue  # S1/S2 have no address; law.go.kr is the statutes' own source
            if re.search(r"\bL[1-3]\b", source):
                continue
            assert source.split(" (")[0] in facts, f"{path.name}: {source}"


# ---------- statutes ----------

@pytest.mark.parametrize("name", sorted(STATUTES))
def test_statute_front_matter(name):
    meta = front_matter(CORPUS / "policies" / name)
    assert meta["language"] == "ko" and meta["category"] == "policies"
    for key in ("law_name", "law_id", "promulgated", "effective", "law_source", "status"):
        assert isinstance(meta[key], str) and meta[key], key
    assert meta["law_id"].startswith("01"), "law ID lost its leading zero"
    assert meta["law_source"] in meta["sources"]


@pytest.mark.parametrize("name", sorted(STATUTES))
def test_statute_body_is_untouched(name):
    original = LAWS / STATUTES[name]
    if not original.exists():
        pytest.skip("../shared/laws is not beside the repo (it is in CI); cannot compare")
    ours = (CORPUS / "policies" / name).read_bytes().decode("utf-8")
    theirs = original.read_bytes().decode("utf-8")
    assert split_front_matter(ours)[1] == split_front_matter(theirs)[1]


# ---------- glossary ----------

def test_glossary():
    pairs = yaml.safe_load((CORPUS / "glossary.yaml").read_text(encoding="utf-8"))
    assert isinstance(pairs, list) and len(pairs) >= 60
    for pair in pairs:
        assert isinstance(pair["ko"], str) and pair["ko"].strip()
        # an entry of everyday words only (`said`) needs no English
        assert isinstance(pair.get("en", ""), str) and (pair.get("en", "").strip()
                                                        or pair.get("said"))
        assert all(isinstance(v, str) and v for v in pair.get("variants", []))
        assert all(isinstance(v, str) and v for v in pair.get("said", []))
    assert len({p["ko"] for p in pairs}) == len(pairs)


def test_every_term_of_the_statutes_vocabulary_occurs_in_a_statute_and_no_english_form_is_shared():
    """The glossary's statute section (after its marker line) holds the statutes' own terms, so
    an English question meets the Korean article that uses them; an English form naming two
    entries would send a question to both."""
    text = (CORPUS / "glossary.yaml").read_text(encoding="utf-8")
    statutes = "".join(p.read_text(encoding="utf-8").replace(" ", "")
                       for p in (CORPUS / "policies").glob("law-*.md"))
    marker = "# --- The statutes' legal vocabulary"
    assert marker in text
    section = text.split(marker, 1)[1].split("\n", 1)[1].split("\n# --- ", 1)[0]
    legal = yaml.safe_load(section)
    assert len(legal) >= 100
    for entry in legal:
        assert entry["ko"].replace(" ", "") in statutes, entry["ko"]
    def forms(entry):
        return {f.lower().strip() for f in [entry.get("en", ""), *entry.get("variants", [])]
                if f.strip()}

    everything = yaml.safe_load(text)
    for entry in legal:
        others = set().union(*(forms(e) for e in everything if e["ko"] != entry["ko"]))
        assert not forms(entry) & others, (entry["ko"], forms(entry) & others)


def test_everyday_words_are_words_the_documents_never_use():
    """`said` lists what people say for a term instead of the documents' word ("공짜" for
    무료): one the documents use would be read as another term's."""
    entries = yaml.safe_load((CORPUS / "glossary.yaml").read_text(encoding="utf-8"))
    said = [(e["ko"], w) for e in entries for w in e.get("said", [])]
    assert len(said) >= 100
    documents = "".join(p.read_text(encoding="utf-8").replace(" ", "")
                        for p in CORPUS.rglob("*.md") if "eval" not in p.parts
                        and p.name != "README.md")
    assert [pair for pair in said if pair[1].replace(" ", "") in documents] == []


# ---------- golden questions ----------

GOLDEN = CORPUS / "eval" / "golden.yaml"


@cache
def golden() -> list[dict]:
    return yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))


def load_splitter():
    return load_script("split_golden")


def golden_strata(item: dict) -> list[str]:
    """Every group that must appear in both the calibration and the test part."""
    keys = [f"tag:{tag}" for tag in item.get("tags", [])]
    keys += ["refusal"] * item["expect_refusal"] + ["followup"] * bool(item["history"])
    return keys + [f"language:{item['language']}", f"audience:{item['audience']}"]


def test_golden_schema():
    ids = Counter(item["id"] for item in golden())
    assert not [i for i, n in ids.items() if n > 1]
    for item in golden():
        where = item["id"]
        assert GOLDEN_KEYS <= set(item), where
        assert set(item) <= GOLDEN_KEYS | GOLDEN_OPTIONAL, where
        assert item["split"] in SPLITS, where
        assert KEBAB.match(item["id"]), where
        assert isinstance(item["question"], str) and item["question"].strip(), where
        assert item["language"] in LANGUAGES and item["audience"] in AUDIENCES, where
        assert isinstance(item["expect_refusal"], bool), where
        for turn in item["history"]:
            assert set(turn) == {"question", "answer"}, where
            assert all(isinstance(v, str) and v for v in turn.values()), where
        assert set(item.get("tags", [])) <= TAGS, where
        expect_all = item.get("expect_all", [])
        assert isinstance(expect_all, list), where
        assert all(isinstance(s, str) and s for s in expect_all), where
        if item["expect_refusal"]:
            assert item["expect_sources"] == [] and item["expect_any"] == [], where
            assert expect_all == [], where
        else:
            assert item["expect_sources"] and item["expect_any"], where
            assert all(g.startswith("corpus/") for g in item["expect_sources"]), where
            assert all(isinstance(s, str) and s for s in item["expect_any"]), where


def test_golden_mix():
    items = golden()
    tags = Counter(t for item in items for t in item.get("tags", []))
    language = Counter(item["language"] for item in items)
    audience = Counter(item["audience"] for item in items)
    assert len(items) >= 279
    assert language["ko"] >= 0.5 * len(items) and language["en"] >= 0.4 * len(items), language
    assert all(audience[a] >= 80 for a in AUDIENCES), audience
    assert sum(item["expect_refusal"] for item in items) >= 35
    assert sum(bool(item["history"]) for item in items) >= 40
    assert tags["cross-lingual-statute"] >= 20 and tags["typo"] >= 25 and tags["pdf"] >= 30
    assert tags["followup"] >= 25 and tags["topic-switch"] >= 10, tags
    assert tags["uncovered-attribute"] + tags["out-of-scope"] >= 35, tags
    for tag in ("long", "colloquial", "mixed-language", "multi-part", "partly-covered"):
        assert tags[tag] >= 10, tag
    for item in items:
        item_tags = set(item.get("tags", []))
        if "cross-lingual-statute" in item_tags:
            assert item["language"] == "en"
            assert all(g.startswith("corpus/policies/law-") for g in item["expect_sources"])
        if item_tags & REFUSAL_TAGS:
            assert item["expect_refusal"], item["id"]
        if item_tags & {"followup", "topic-switch"}:
            assert item["history"], item["id"]
        if "multi-part" in item_tags:
            assert len(item.get("expect_all", [])) >= 2, item["id"]
        if "partly-covered" in item_tags:
            assert not item["expect_refusal"], item["id"]


def test_golden_new_items_written_as_users_type():
    new = [item for item in golden() if item["id"].startswith("u-")]
    assert len(new) >= 100
    language = Counter(item["language"] for item in new)
    assert language["ko"] >= 0.45 * len(new) and language["en"] >= 0.35 * len(new), language
    audience = Counter(item["audience"] for item in new)
    assert all(audience[a] >= 0.2 * len(new) for a in AUDIENCES), audience
    asked = Counter(" ".join(item["question"].split()).lower() for item in golden())
    assert not [q for q, n in asked.items() if n > 1], "two items ask the same question"


def test_golden_sources_exist_and_hold_the_answer():
    for item in golden():
        files = []
        for pattern in item["expect_sources"]:
            matched = glob.glob(str(ROOT / pattern))
            assert matched, f"{item['id']}: {pattern} matches nothing"
            files += [Path(f) for f in matched if f.endswith((".md", ".pdf"))]
        if item["expect_refusal"]:
            continue
        texts = [squash(doc_text(f)) for f in files]
        assert any(squash(a) in t for a in item["expect_any"] for t in texts), item["id"]
        for part in item.get("expect_all", []):
            assert any(squash(part) in t for t in texts), f"{item['id']}: {part}"


# ---------- golden split (calibration / test) ----------

def test_golden_test_share():
    splits = Counter(item["split"] for item in golden())
    assert splits["test"] >= 0.40 * len(golden()), splits
    assert splits["calibration"] >= 0.40 * len(golden()), splits


def test_golden_every_stratum_in_both_parts():
    parts: dict[str, Counter] = {}
    for item in golden():
        for key in golden_strata(item):
            parts.setdefault(key, Counter())[item["split"]] += 1
    expected = {f"tag:{t}" for t in TAGS} | {"refusal", "followup"}
    expected |= {f"language:{x}" for x in LANGUAGES} | {f"audience:{x}" for x in AUDIENCES}
    assert expected <= set(parts), expected - set(parts)
    for key, count in parts.items():
        assert count["test"] and count["calibration"], f"{key}: {dict(count)}"
        if sum(count.values()) >= 20:
            share = count["test"] / sum(count.values())
            assert 0.35 <= share <= 0.55, f"{key}: test share {share:.2f}"


def test_golden_split_is_reproducible():
    splitter = load_splitter()
    recorded = {item["id"]: item["split"] for item in golden()}
    assert splitter.assign(golden()) == recorded
    text = GOLDEN.read_text(encoding="utf-8")
    assert splitter.render(text, recorded) == text, "run scripts/split_golden.py"
    assert f"# split: scripts/split_golden.py, seed {splitter.SEED};" in text


# ---------- PDFs ----------

def load_builder():
    return load_script("build_pdfs")


def test_pdf_sources_match_corpus_pdfs():
    builder = load_builder()
    outputs = {CORPUS / s["output"] for s in builder.load_sources()}
    assert outputs == set(pdf_files())
    assert len(outputs) >= 6


def test_pdfs_extract_their_source_text():
    builder = load_builder()
    for source in builder.load_sources():
        text = squash(pdf_text(CORPUS / source["output"]))
        assert "데이터" in text or source["meta"]["language"] == "en"
        for sentence in builder.iter_texts(source):
            assert squash(sentence) in text, f"{source['output']}: {sentence}"
        sidecar_meta = yaml.safe_load(sidecar(CORPUS / source["output"]).read_text("utf-8"))
        assert sidecar_meta == source["meta"]


def test_fresh_build_matches_committed_pdfs(tmp_path):
    builder = load_builder()
    assert builder.main(["--out", str(tmp_path)]) == 0
    for pdf in pdf_files():
        fresh = tmp_path / pdf.relative_to(CORPUS)
        assert pdf_text(fresh) == pdf_text(pdf), pdf.name
        assert sidecar(fresh).read_bytes() == sidecar(pdf).read_bytes(), pdf.name
