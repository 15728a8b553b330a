"""``medref import``: real FDA labels (DailyMed SPL, openFDA JSON) become valid monographs.

The real labels are copies of the shared FDA test data in ``fixtures/fda-labels``; the edge
cases (nested zips, truncated files, an entity bomb, a bulk file with duplicate generics)
are made here, small.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Run
from medref.importer import import_files
from medref.importer import run as import_run
from medref.importer.jsonstream import records
from medref.importer.label import Label
from medref.importer.names import moiety_title, strip_salt
from medref.importer.openfda import _title_and_body
from medref.model import Monograph, is_boxed_warning
from medref.parse import parse_file
from medref.validate import ERROR, validate

LABELS = FIXTURES / "fda-labels"
SPL = LABELS / "spl"
OPENFDA = LABELS / "openfda"
IMPORT = FIXTURES / "import"


def _import(run: Run, *args: str | Path) -> Any:
    return run("import", *[str(a) for a in args])


def _imported(run: Run, out: Path, *files: Path) -> dict[str, Monograph]:
    result = _import(run, *files, "--dir", out)
    assert result.exit_code == 0, result.stdout + result.stderr
    return {p.stem: parse_file(p) for p in sorted(out.glob("*.md"))}


def _errors(folder: Path) -> list[str]:
    _count, findings = validate([folder])
    return [str(f) for f in findings if f.level == ERROR]


def _block(mono: Monograph, indication: str) -> str:
    return " ".join(b.text for b in mono.dosage.blocks if b.indication == indication)


def _spl_variant(source: Path, set_id: str, effective: str, brand: str | None = None) -> bytes:
    """A copy of a real label with another set id and date (and brand), as a new label."""
    data = source.read_bytes()
    start = data.index(b'<setId root="') + len(b'<setId root="')
    data = data[:start] + set_id.encode() + data[data.index(b'"', start) :]
    start = data.index(b'<effectiveTime value="') + len(b'<effectiveTime value="')
    data = data[:start] + effective.encode() + data[start + 8 :]
    if brand is not None:
        data = data.replace(b"<name>TRIAMINIC<suffix>", f"<name>{brand}<suffix>".encode())
    return data


# --------------------------------------------------------------------------- real labels


def test_lipitor_spl_becomes_atorvastatin(run: Run, tmp_path: Path) -> None:
    monos = _imported(run, tmp_path, SPL / "lipitor-orig.xml")
    assert list(monos) == ["atorvastatin"]
    mono = monos["atorvastatin"]
    assert mono.title == "Atorvastatin"  # the active moiety, not "atorvastatin calcium"
    assert mono.aliases == ["Lipitor"]
    # The salt form is a name any atorvastatin product answers to, not this one's alone.
    product = mono.product
    assert product is not None and "Atorvastatin Calcium" in product.names
    assert (product.routes, product.status) == (["oral"], "prescription")
    assert product.unii == ["48A5M73Z4Q"] and product.forms == ["tablet, film coated"]
    assert mono.drug_class and "HMG-CoA reductase" in mono.drug_class
    assert mono.last_reviewed == "2014-01-13"
    source = mono.sources[0]
    assert source["set_id"] == "c6e131fe-e7df-4876-83f7-9156fc4e8228"
    assert (source["version"], source["effective"]) == ("11", "2014-01-13")
    assert source["labeler"] == "Parke-Davis Div of Pfizer Inc"
    assert [i.name for i in mono.usage.indications] == [
        "Prevention of Cardiovascular Disease",
        "Hyperlipidemia",
    ]
    dosing = _block(mono, "Hyperlipidemia")
    assert "The dosage range of LIPITOR is 10 to 80 mg once daily" in dosing
    assert "homozygous FH is 10 to 80 mg daily" in dosing  # 2.3, filed under its use
    notes = [n.label for n in mono.dosage.notes]
    assert "Dosage in Patients With Renal Impairment" in notes
    # A use without a dosing subsection of its own is told so, with no other use's dose.
    cardio = _block(mono, "Prevention of Cardiovascular Disease")
    assert "no dosing subsection for this use" in cardio and " mg" not in cardio
    common = next(g for g in mono.side_effects.groups if g.kind == "common")
    assert common.items == [
        "nasopharyngitis",
        "arthralgia",
        "diarrhea",
        "pain in extremity",
        "urinary tract infection",
    ]
    assert mono.mechanism.items[0].label == "Mechanism of Action"
    assert [f.question for f in mono.faqs][1] == "What should patients know about muscle pain?"
    assert "Imported automatically from the official FDA label" in (mono.disclaimer or "")
    assert _errors(tmp_path) == []


def test_humira_gets_a_dosing_block_per_indication(run: Run, tmp_path: Path) -> None:
    mono = _imported(run, tmp_path, SPL / "humira.xml")["adalimumab"]
    names = [i.name for i in mono.usage.indications]
    assert names == [
        "Rheumatoid Arthritis",
        "Juvenile Idiopathic Arthritis",
        "Psoriatic Arthritis",
        "Ankylosing Spondylitis",
        "Crohn’s Disease",
        "Ulcerative Colitis",
        "Plaque Psoriasis",
    ]
    assert {b.indication for b in mono.dosage.blocks} == set(names)
    # "2.1 Rheumatoid Arthritis, Psoriatic Arthritis, and Ankylosing Spondylitis" serves
    # three indications, each under its own name.
    for name in ("Rheumatoid Arthritis", "Psoriatic Arthritis", "Ankylosing Spondylitis"):
        assert "40 mg administered every other week" in _block(mono, name)
    assert "15 kg (33 lbs) to <30 kg (66 lbs) — Dose: 20 mg every other week" in _block(
        mono, "Juvenile Idiopathic Arthritis"
    )  # a table, as readable text
    assert mono.precautions.items[0].label == "Boxed Warning – Serious Infections and Malignancy"
    serious = next(g for g in mono.side_effects.groups if g.label.startswith("Serious"))
    assert serious.items == ["Serious Infections", "Malignancies"]

    # "rheumatoid" alone could mean juvenile rheumatoid arthritis (JIA) too: refused
    both = run("dosage", "adalimumab", "--indication", "rheumatoid", "--library", str(tmp_path))
    assert both.exit_code == 1 and both.stdout == ""
    assert "*Rheumatoid Arthritis" in both.stderr
    assert "*Juvenile Idiopathic Arthritis" in both.stderr
    result = run("dosage", "adalimumab", "RA", "--library", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Dosage — Rheumatoid Arthritis" in out and "40 mg administered every other week" in out
    assert "Crohn" not in out and "160 mg" not in out  # no other indication's dose
    assert "Monitoring to Assess Safety" in out  # applies to every indication


def test_otc_cough_label(run: Run, tmp_path: Path) -> None:
    mono = _imported(run, tmp_path, SPL / "cough.xml")["diphenhydramine-and-phenylephrine"]
    assert mono.title == "Diphenhydramine and Phenylephrine"
    assert "TRIAMINIC Childrens Night Time Cold and Cough" in mono.aliases
    assert mono.drug_class == "Antihistamine/cough suppressant Nasal decongestant"
    assert [i.name for i in mono.usage.indications] == ["Uses"]
    assert "cough due to minor throat and bronchial irritation" in mono.usage.indications[0].text
    assert mono.dosage.blocks[0].label == "Directions for All Uses"
    labels = [i.label for i in mono.precautions.items if i.label]
    assert labels[0] == "Do not use" and "Stop use and ask a doctor if" in labels
    assert {g.label for g in mono.side_effects.groups} == {
        "When using this product",
        "Stop use and ask a doctor if",
    }
    assert mono.faqs[0].question == "Questions or comments?"
    assert _errors(tmp_path) == []


def test_label_without_title_imports_what_is_there(run: Run, tmp_path: Path) -> None:
    result = _import(run, SPL / "no-title.xml", "--dir", tmp_path)
    assert result.exit_code == 0
    assert "document title (1)" in result.stdout  # the summary says what was missing
    assert "mechanism of action (1)" in result.stdout
    mono = parse_file(tmp_path / "haloperidol.md")
    # Two uses in two "indicated" sentences (old format, no titles): two indications, and
    # the children's doses of each ("Psychotic Disorders - …", "… Tourette's Disorder - …")
    # in its own block, labelled for children; the adults' doses, given for both, are notes.
    psychotic, tics = "Manifestations of psychotic disorders", "Control of tics"
    assert [i.name for i in mono.usage.indications] == [psychotic, tics]
    assert "Tourette’s Disorder" in mono.usage.indications[1].text
    labels = {b.label: b.indication for b in mono.dosage.blocks}
    assert all("Children" in label for label in labels)
    assert "0.05 mg/kg/day to 0.15 mg/kg/day" in _block(mono, psychotic)
    assert "0.075 mg/kg/day" not in _block(mono, psychotic)
    assert "0.05 mg/kg/day to 0.075 mg/kg/day" in _block(mono, tics)
    assert "0.15 mg/kg/day" not in _block(mono, tics)
    notes = " ".join(n.text for n in mono.dosage.notes)
    assert "Moderate Symptomatology - 0.5 mg to 2 mg b.i.d. or t.i.d." in notes
    assert is_boxed_warning(mono.precautions.items[0].label)
    assert mono.mechanism.items == []  # the label has none: no section made up
    assert _errors(tmp_path) == []


def test_vyvanse_openfda_boxed_warning_first(run: Run, tmp_path: Path) -> None:
    mono = _imported(run, tmp_path, OPENFDA / "vyvanse.json")["lisdexamfetamine"]
    assert mono.aliases == ["Vyvanse"]
    assert mono.product is not None and "Lisdexamfetamine Dimesylate" in mono.product.names
    assert mono.product.forms == ["capsule"]  # openFDA has no form field: from the label
    assert mono.drug_class == "Central Nervous System Stimulant"
    first = mono.precautions.items[0]
    assert first.label == "Boxed Warning – Abuse and Dependence"
    assert first.text.startswith("CNS stimulants (amphetamines")
    assert first.text.count("high potential for abuse") == 1  # the Highlights copy is dropped
    assert [i.name for i in mono.usage.indications] == [
        "Attention Deficit Hyperactivity Disorder (ADHD)",
        "Moderate to Severe Binge Eating Disorder (BED)",
    ]
    assert "maximum dose of 70 mg/day" in _block(mono, mono.usage.indications[0].name)
    result = run("dosage", "lisdexamfetamine", "-i", "binge", "--library", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "target dose of 50 to 70 mg/day" in result.stdout
    assert "ages 6 and above" not in result.stdout  # ADHD's dose
    assert "Dosage in Patients with Renal Impairment" in result.stdout
    assert _errors(tmp_path) == []


def test_openfda_pipeline_record_without_openfda_block(run: Run, tmp_path: Path) -> None:
    result = _import(run, OPENFDA / "humira.text.json", "--dir", tmp_path)
    assert result.exit_code == 0
    assert "openfda block (1)" in result.stdout and "set id (1)" in result.stdout
    mono = parse_file(tmp_path / "adalimumab.md")  # named from "HUMIRA (adalimumab)"
    assert mono.aliases == ["Humira"]
    assert len(mono.usage.indications) == 7
    assert "40 mg administered every other week" in _block(mono, "Ankylosing Spondylitis")
    assert _errors(tmp_path) == []


def test_aspirin_otc_openfda(run: Run, tmp_path: Path) -> None:
    mono = _imported(run, tmp_path, OPENFDA / "aspirin-otc.json")["aspirin"]
    assert mono.drug_class == "Nonsteroidal Anti-inflammatory Drug"
    assert "take 4 to 8 tablets every 4 hours" in mono.dosage.blocks[0].text
    warnings = mono.precautions.items[0]
    # The separate Drug Facts fields are not repeated inside "Warnings".
    assert warnings.label == "Warnings" and "Do not use if" not in warnings.text
    assert "Reye’s syndrome" in warnings.text


def test_every_real_label_validates_and_commands_work(run: Run, user_dir: Path) -> None:
    # No --dir: the user's monograph folder, which medref reads with no extra flag.
    result = _import(run, LABELS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"7 labels read: 7 monographs written to {user_dir}.")
    # The openFDA text record of Humira has no openfda block: it states no route, so it is
    # not provably the SPL's product (a kit for subcutaneous use) and is not merged into it.
    assert sorted(p.name for p in user_dir.glob("*.md")) == [
        "adalimumab-injection.md",
        "adalimumab-subcutaneous-kit.md",
        "aspirin.md",
        "atorvastatin.md",
        "diphenhydramine-and-phenylephrine.md",
        "haloperidol.md",
        "lisdexamfetamine.md",
    ]
    assert _errors(user_dir) == []
    validated = run("validate", str(user_dir))
    assert validated.exit_code == 0 and "0 errors" in validated.stdout

    shown = run("show", "LIPITOR", "--no-pager")
    assert shown.exit_code == 0 and "10 to 80 mg once daily" in shown.stdout
    # Two products answer to "adalimumab" and to "Humira": medref lists them, never picks.
    for name in ("adalimumab", "humira"):
        both = run("side-effects", name, "--serious")
        assert both.exit_code == 1 and both.stdout == ""
        assert "is 2 products" in both.stderr and "adalimumab-subcutaneous-kit (" in both.stderr
    kit = run("side-effects", "adalimumab-subcutaneous-kit", "--serious")
    assert kit.exit_code == 0 and "Serious Infections" in kit.stdout
    found = run("search", "rhabdomyolysis")
    assert found.exit_code == 0 and "Atorvastatin" in found.stdout
    assert run("usage", "vyvanse").exit_code == 0
    humira = parse_file(user_dir / "adalimumab-subcutaneous-kit.md")
    assert humira.title == "Adalimumab (subcutaneous kit)"
    assert humira.sources[0]["effective"] == "2013-09-30" and "Humira" in humira.product.names


# --------------------------------------------------------------------------- safety


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<document xmlns="urn:hl7-org:v3"><title>&lol9;</title></document>
"""
XXE = """<?xml version="1.0"?>
<!-- an innocent comment first -->
<!DOCTYPE document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<document xmlns="urn:hl7-org:v3"><title>&secret;</title></document>
"""


def test_entity_bomb_and_external_entities_are_refused_quickly(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bomb.xml").write_text(BOMB)
    (tmp_path / "xxe.xml").write_text(XXE)
    out = tmp_path / "out"
    started = time.monotonic()
    inputs = [tmp_path / "bomb.xml", tmp_path / "xxe.xml", SPL / "cough.xml"]
    result = _import(run, *inputs, "--dir", out)
    assert time.monotonic() - started < 2
    assert result.exit_code == 4  # some inputs could not be read; the rest was imported
    for name in ("bomb.xml", "xxe.xml"):
        assert f"{tmp_path / name}: refused: the XML has a document type declaration" in (
            result.stderr
        )
    assert [p.name for p in out.glob("*.md")] == ["diphenhydramine-and-phenylephrine.md"]
    assert "root:" not in (out / "diphenhydramine-and-phenylephrine.md").read_text()
    assert "Skipped: 2 unreadable." in result.stdout


def test_broken_and_foreign_inputs_are_reported_and_skipped(run: Run, tmp_path: Path) -> None:
    whole = (SPL / "cough.xml").read_bytes()
    (tmp_path / "truncated.xml").write_bytes(whole[: len(whole) // 2])
    bulk = (OPENFDA / "vyvanse.json").read_bytes()
    (tmp_path / "truncated.json").write_bytes(bulk[: len(bulk) // 2])
    (tmp_path / "notes.txt").write_text("Not a label, not XML, not JSON.\n")
    (tmp_path / "rss.xml").write_text("<rss><channel><title>news</title></channel></rss>")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("label.xml", whole)
    (tmp_path / "truncated.zip").write_bytes(zipped.getvalue()[: len(zipped.getvalue()) // 2])
    inputs = ["truncated.xml", "truncated.json", "notes.txt", "rss.xml", "truncated.zip"]
    out = tmp_path / "out"
    paths = [tmp_path / n for n in inputs] + [IMPORT / "non-label.xml", SPL / "no-title.xml"]
    result = _import(run, *paths, "--dir", out)
    assert result.exit_code == 4
    err = result.stderr
    assert f"{tmp_path / 'truncated.xml'}: not well-formed XML" in err and "truncated" in err
    assert f"{tmp_path / 'truncated.json'}: truncated or invalid JSON" in err
    assert f"{tmp_path / 'notes.txt'}: not an XML, JSON or zip file" in err
    assert f"{tmp_path / 'rss.xml'}: not an SPL drug label (the XML's root is <rss>)" in err
    assert f"{tmp_path / 'truncated.zip'}: not a readable zip file, truncated?" in err
    assert "non-label.xml: not a human drug label: indexing document" in err
    assert "INDEXING - PHARMACOLOGIC CLASS" in err
    assert [p.name for p in out.glob("*.md")] == ["haloperidol.md"]  # the batch went on
    assert "Skipped: 2 not drug labels; 4 unreadable." in result.stdout


def test_only_foreign_documents_means_nothing_found(run: Run, tmp_path: Path) -> None:
    result = _import(run, IMPORT / "non-label.xml", "--dir", tmp_path)
    assert result.exit_code == 1
    assert "no drug labels found in the files given" in result.stderr


# --------------------------------------------------------------------------- archives


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_dailymed_release_layout_zip_of_zips(run: Run, tmp_path: Path) -> None:
    cough = SPL / "cough.xml"
    first = _spl_variant(cough, "00000000-0000-0000-0000-00000000000a", "20110426")
    newer = _spl_variant(cough, "00000000-0000-0000-0000-00000000000b", "20190101", "DIMETAPP")
    inner = [
        _zip({"a.xml": first, "a.jpg": b"\xff\xd8\xff not a label"}),
        _zip({"b.xml": newer}),
        _zip({"c.xml": (SPL / "no-title.xml").read_bytes()}),
    ]
    release = tmp_path / "dm_spl_release_human_otc.zip"
    release.write_bytes(
        _zip({f"otc/{i}.zip": data for i, data in enumerate(inner)}, zipfile.ZIP_STORED)
    )
    out = tmp_path / "out"
    result = _import(run, release, "--dir", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("3 labels read: 2 monographs written")
    assert "1 label merged" in result.stdout
    mono = parse_file(out / "diphenhydramine-and-phenylephrine.md")
    assert mono.sources[0]["effective"] == "2019-01-01"  # the most recent label's text
    assert mono.extra["imported_from"] == f"{release}:otc/1.zip:b.xml"
    assert "DIMETAPP Childrens Night Time Cold and Cough" in mono.aliases
    assert "TRIAMINIC Childrens Night Time Cold and Cough" in mono.aliases
    assert _errors(out) == []


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then puts sizes after each member's data."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


def test_zip_written_as_a_stream_is_read_too(run: Run, tmp_path: Path) -> None:
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/cough.xml", (SPL / "cough.xml").read_bytes())
        archive.writestr("b/no-title.xml", (SPL / "no-title.xml").read_bytes())
    assert zipfile.ZipFile(io.BytesIO(bytes(sink.data))).infolist()[0].flag_bits & 0x8
    (tmp_path / "streamed.zip").write_bytes(bytes(sink.data))
    result = _import(run, tmp_path / "streamed.zip", "--dir", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2 labels read: 2 monographs written")


def test_zipped_openfda_bulk_file_with_duplicate_generics(run: Run, tmp_path: Path) -> None:
    base = json.loads((OPENFDA / "aspirin-otc.json").read_text())["results"][0]

    def record(set_id: str, brand: str, effective: str) -> dict[str, Any]:
        copy = json.loads(json.dumps(base))
        copy.update(set_id=set_id, effective_time=effective)
        copy["openfda"]["brand_name"] = [brand]
        return copy

    vyvanse = json.loads((OPENFDA / "vyvanse.json").read_text())["results"][0]
    bulk = {
        "meta": {"results": {"total": 4}},
        "results": [
            record("set-1", "Bayer Low Dose", "20150101"),
            record("set-2", "Ecotrin", "20200202"),
            vyvanse,
            record("set-3", "St. Joseph", "20100303"),
        ],
    }
    archive = tmp_path / "drug-label-0001-of-0001.json.zip"
    archive.write_bytes(_zip({"drug-label-0001-of-0001.json": json.dumps(bulk).encode()}))

    merged = tmp_path / "merged"
    result = _import(run, archive, "--dir", merged)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("4 labels read: 2 monographs written")
    assert "2 labels merged" in result.stdout
    aspirin = parse_file(merged / "aspirin.md")
    assert aspirin.sources[0]["set_id"] == "set-2"  # the most recent label
    assert aspirin.aliases == ["Ecotrin", "Bayer Low Dose", "St. Joseph"]
    assert _errors(merged) == []

    per_label = tmp_path / "per-label"
    result = _import(run, archive, "--dir", per_label, "--per-label")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in per_label.glob("*.md")) == [
        "aspirin-ecotrin.md",
        "aspirin-st-joseph.md",
        "aspirin.md",
        "lisdexamfetamine.md",
    ]
    assert parse_file(per_label / "aspirin-ecotrin.md").title == "Aspirin (Ecotrin)"
    assert _errors(per_label) == []  # no name or alias claimed twice
    shown = run("show", "ecotrin", "--no-pager", "--library", str(per_label))
    assert shown.exit_code == 0 and "Aspirin (Ecotrin)" in shown.stdout


class _Trickle(io.RawIOBase):
    """A stream that hands out 7 bytes at a time: every record spans many reads."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(7, len(buffer))
        chunk, self.data = self.data[:size], self.data[size:]
        buffer[:size] = chunk
        return len(chunk)


def test_json_is_streamed_record_by_record() -> None:
    data = {"meta": {"n": 12345}, "results": [{"a": "é" * 20, "n": i} for i in range(5)]}
    stream = _Trickle(json.dumps(data, ensure_ascii=False).encode())
    assert [r["n"] for r in records(stream)] == [0, 1, 2, 3, 4]
    assert list(records(io.BytesIO(b' {"set_id": "x", "n": 10}'))) == [{"set_id": "x", "n": 10}]
    assert [r["n"] for r in records(io.BytesIO(b'[{"n": 1}, {"n": 22}]'))] == [1, 22]


# --------------------------------------------------------------------------- the folder


def test_existing_files_are_kept_unless_forced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "atorvastatin.md"
    target.write_text("---\ntitle: Atorvastatin\n---\n# mine\n")
    result = _import(run, SPL / "lipitor-orig.xml", "--dir", tmp_path)
    assert result.exit_code == 0
    assert "0 monographs written" in result.stdout
    assert "Skipped: 1 already in the folder (--force replaces)." in result.stdout
    assert target.read_text().endswith("# mine\n")
    result = _import(run, SPL / "lipitor-orig.xml", "--dir", tmp_path, "--force")
    assert "1 monograph written" in result.stdout and "(1 replaced)" in result.stdout
    assert "10 to 80 mg" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["atorvastatin.md"]  # no temporary files


def test_an_alias_another_monograph_has_is_left_out(run: Run, tmp_path: Path) -> None:
    (tmp_path / "mylipid.md").write_text("---\ntitle: Mylipid\naliases: [Lipitor]\n---\n")
    _import(run, SPL / "lipitor-orig.xml", "--dir", tmp_path)
    assert "Lipitor" not in parse_file(tmp_path / "atorvastatin.md").aliases


def test_json_summary(run: Run, tmp_path: Path) -> None:
    result = _import(run, SPL / "cough.xml", SPL / "no-title.xml", "--dir", tmp_path, "--json")
    data = json.loads(result.stdout)
    assert data["labels"] == 2 and data["merged"] == 0 and data["unreadable"] == 0
    assert sorted(Path(p).name for p in data["written"]) == [
        "diphenhydramine-and-phenylephrine.md",
        "haloperidol.md",
    ]
    assert data["missing"]["mechanism of action"] == 2


def test_worker_processes_give_the_same_monographs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_run, "POOL_AFTER", 1)
    files = [SPL / "cough.xml", SPL / "no-title.xml", OPENFDA / "aspirin-otc.json"]
    pooled = import_files(files, tmp_path / "pooled", jobs=2)
    single = import_files(files, tmp_path / "single", jobs=1)
    assert pooled.labels == single.labels == 3
    for name in single.written:
        pooled_text = (tmp_path / "pooled" / name).read_text()
        assert pooled_text == (tmp_path / "single" / name).read_text()


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("atorvastatin calcium", "atorvastatin"),
        ("sildenafil citrate", "sildenafil"),
        ("LISDEXAMFETAMINE DIMESYLATE", "LISDEXAMFETAMINE"),
        ("sodium chloride", "sodium chloride"),
        ("insulin glargine", "insulin glargine"),
    ],
)
def test_salt_forms_are_named_for_the_active_moiety(given: str, expected: str) -> None:
    assert strip_salt(given) == expected


def test_openfda_names_in_order_generic_brand_substance() -> None:
    label = Label("x", "openfda", generic=["SILDENAFIL CITRATE"], brands=["Viagra"])
    assert moiety_title(label) == ("Sildenafil", ["Sildenafil Citrate"])
    assert moiety_title(Label("x", "openfda", brands=["Viagra"]))[0] == "Viagra"
    combo = Label("x", "openfda", generic=["ACETAMINOPHEN, DEXTROMETHORPHAN HBR"])
    assert moiety_title(combo)[0] == "Acetaminophen and Dextromethorphan"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Dosage for Treatment of ADHD", "The recommended starting dose"),
        ("General Instructions for Use", "Take VYVANSE by mouth"),
        ("Important Information Prior to Dosing", "Prior to treating"),
        ("Pregnancy", "Pregnancy Category C Risk Summary"),
    ],
)
def test_openfda_subsection_titles_end_where_the_sentence_starts(title: str, body: str) -> None:
    assert _title_and_body(f"{title} {body}") == (title, body)
