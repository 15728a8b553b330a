"""``medref import`` keeps products apart: only the same medicine for the same patient merges.

Real labels (``fixtures/fda-products``, see its README): intravenous, newborn and oral
ibuprofen, prescription and OTC; indomethacin capsules and injection; a diclofenac patch and
tablets; a veterinary label and a device; OTC labels sold as "migraine formula"; a generic
name that misspells caffeine; a label in the pre-2008 schema. Each test names the failure
class of the real-label issue it guards against.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, Run
from medref.importer import import_files
from medref.importer import run as import_run
from medref.importer.openfda import names_from_elements, parse_record
from medref.importer.product import form_family, identify, non_human
from medref.parse import parse_file
from medref.validate import ERROR, validate

PRODUCTS = FIXTURES / "fda-products"
OPENFDA = FIXTURES / "fda-labels" / "openfda"
IBUPROFEN = ["caldolor.xml", "neoprofen.xml", "ibuprofen-tablets.xml", "ibuprofen-otc.xml"]


def _labels(*names: str) -> list[Path]:
    return [PRODUCTS / n for n in names]


def _errors(folder: Path) -> list[str]:
    return [str(f) for f in validate([folder])[1] if f.level == ERROR]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every product fixture imported once (merged), as a user would."""
    folder = tmp_path_factory.mktemp("products")
    report = import_files(sorted(PRODUCTS.glob("*.xml")), folder, jobs=1)
    assert report.labels == 16 and report.problem_count == 0
    return folder


def _in(run: Run, folder: Path, *args: str) -> object:
    return run(*args, "--library", str(folder), "--no-bundled")


# --------------------------------------------------------------------------- class 1


def test_each_product_of_a_medicine_is_its_own_monograph(library: Path) -> None:
    names = sorted(p.stem for p in library.glob("ibuprofen*.md"))
    assert names == [
        "ibuprofen-intravenous",  # Caldolor
        "ibuprofen-lysine-intravenous",  # NeoProfen, for premature infants
        "ibuprofen-oral",  # 400-800 mg tablets, prescription
        "ibuprofen-oral-otc",  # 200 mg tablets
    ]
    iv = parse_file(library / "ibuprofen-intravenous.md")
    assert iv.title == "Ibuprofen (intravenous)" and iv.aliases == ["Caldolor"]
    assert iv.product is not None
    assert (iv.product.routes, iv.product.forms, iv.product.status) == (
        ["intravenous"],
        ["injection"],
        "prescription",
    )
    assert iv.product.unii == ["WK2XYI10QM"] and iv.product.generic == "Ibuprofen"
    assert "Ibuprofen" in iv.product.names  # shared with every ibuprofen product
    assert _errors(library) == []


def test_a_brand_opens_its_own_product_and_never_another(run: Run, library: Path) -> None:
    caldolor = _in(run, library, "dosage", "caldolor")
    assert caldolor.exit_code == 0, caldolor.stderr
    assert caldolor.stdout.startswith("Ibuprofen (intravenous)\n")
    assert "Infusion time must be at least 30 minutes" in caldolor.stdout
    assert "tablets" not in caldolor.stdout.casefold()

    lysine = _in(run, library, "dosage", "ibuprofen lysine")  # NeoProfen's ingredient
    assert lysine.exit_code == 0, lysine.stderr
    assert lysine.stdout.startswith("Ibuprofen Lysine (intravenous)\n")
    assert "10 mg per kilogram" in lysine.stdout and "3200" not in lysine.stdout

    flector = _in(run, library, "dosage", "flector")
    assert flector.exit_code == 0, flector.stderr
    assert flector.stdout.startswith("Diclofenac Epolamine (topical patch)\n")
    assert "delayed-release" not in flector.stdout.casefold()


def test_a_generic_name_of_several_products_lists_them(run: Run, library: Path) -> None:
    result = _in(run, library, "dosage", "ibuprofen")
    assert result.exit_code == 1 and result.stdout == ""
    assert "'ibuprofen' is 4 products, and medref does not choose one" in result.stderr
    for choice in (
        "ibuprofen-intravenous (intravenous injection · prescription)",
        "ibuprofen-oral (oral tablet · prescription)",
        "ibuprofen-oral-otc (oral tablet, film coated · OTC)",
    ):
        assert choice in result.stderr
    # The capsules' arthritis and gout dosing is there beside the newborn injection.
    both = _in(run, library, "usage", "indomethacin")
    assert both.exit_code == 1 and "indomethacin-oral (oral capsule" in both.stderr
    capsules = _in(run, library, "dosage", "indomethacin-oral")
    assert capsules.exit_code == 0 and "25 mg" in capsules.stdout
    assert "patent ductus" not in capsules.stdout.casefold()


def test_an_interaction_check_never_picks_a_product_either(run: Run, library: Path) -> None:
    result = _in(run, library, "interactions", "ibuprofen", "meloxicam")
    assert result.exit_code == 1 and result.stdout == ""
    assert "'ibuprofen' is 4 products, and medref does not choose one" in result.stderr
    named = _in(run, library, "interactions", "ibuprofen-oral", "meloxicam")
    assert named.exit_code in (0, 1), named.stderr
    assert "Ibuprofen (oral)" in named.stdout and "intravenous" not in named.stdout


def test_a_label_of_two_products_lends_no_name_to_another(run: Run, library: Path) -> None:
    """One label for naproxen and naproxen sodium tablets (two active ingredients, two UNII
    codes) is its own product: merged with a delayed-release naproxen label, its "Naproxen
    Sodium" would open the delayed-release tablets' doses. Delayed-release is a form of its
    own (EC-naproxen is not for acute pain; the plain tablet is)."""
    both = parse_file(library / "naproxen-oral.md")
    assert both.product is not None and both.product.unii == ["57Y76R9ATQ", "9TN87S3A3C"]
    assert "Naproxen Sodium" in both.aliases
    delayed = parse_file(library / "naproxen-oral-delayed-release.md")
    assert delayed.product is not None and delayed.product.unii == ["57Y76R9ATQ"]
    assert delayed.product.forms == ["tablet, delayed release"]
    assert "Naproxen Sodium" not in delayed.aliases
    result = _in(run, library, "dosage", "naproxen sodium")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Naproxen (oral)\n") and "delayed release" not in result.stdout


def test_a_curated_monograph_of_that_name_wins_with_a_note(run: Run, library: Path) -> None:
    result = run("dosage", "ibuprofen", "--library", str(library))  # the bundled library too
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Ibuprofen\n")
    assert "ibuprofen-intravenous.md" in result.stderr and "also answers to" in result.stderr


def test_list_and_show_say_which_product(run: Run, library: Path) -> None:
    listed = _in(run, library, "list", "--json")
    rows = {r["name"]: r for r in json.loads(listed.stdout)}
    assert rows["ibuprofen-oral-otc"]["product"] == "oral tablet, film coated · OTC"
    text = _in(run, library, "list")
    assert "Product" in text.stdout and "intravenous injection · prescription" in text.stdout
    shown = json.loads(_in(run, library, "show", "neoprofen", "--json").stdout)
    assert shown["product"]["ingredients"] == ["Ibuprofen Lysine"]
    assert shown["product"]["routes"] == ["intravenous"]
    assert shown["title"] == "Ibuprofen Lysine (intravenous)"


def test_labels_merge_by_substance_codes_not_spelling(library: Path) -> None:
    # ASCOMP's generic name spells "Cafeine"; its ingredients' codes are caffeine's.
    combo = parse_file(library / "butalbital-aspirin-caffeine-and-codeine.md")
    assert combo.title == "Butalbital, Aspirin, Caffeine and Codeine"
    assert "Ascomp with Codeine" in combo.aliases
    assert not list(library.glob("*cafeine*"))


def test_a_second_import_keeps_names_and_adds_a_new_product_apart(tmp_path: Path) -> None:
    first = import_files(_labels("ibuprofen-tablets.xml"), tmp_path, jobs=1)
    assert first.written == ["ibuprofen.md"]  # the medicine's only product: its plain name
    again = import_files(_labels("ibuprofen-tablets.xml", "caldolor.xml"), tmp_path, jobs=1)
    assert again.written == ["ibuprofen-intravenous.md"]
    assert sum(again.skipped.values()) == 1  # the same product: already there, not replaced
    assert sorted(p.name for p in tmp_path.glob("*.md")) == [
        "ibuprofen-intravenous.md",
        "ibuprofen.md",
    ]
    assert _errors(tmp_path) == []


# --------------------------------------------------------------------------- class 5


def test_non_human_documents_are_skipped_with_their_reason(run: Run, tmp_path: Path) -> None:
    files = _labels("loxicom.xml", "dressol-x.xml", "meloxicam-tablets.xml")
    result = run("import", *map(str, files), "--dir", str(tmp_path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["not_human"] == {"medical device": 1, "veterinary label": 1}
    assert [Path(p).name for p in data["written"]] == ["meloxicam.md"]
    assert "loxicom.xml: not a human drug label: veterinary label" in result.stderr
    assert "PRESCRIPTION ANIMAL DRUG LABEL" in result.stderr
    text = run("import", *map(str, files), "--dir", str(tmp_path / "again"))
    assert "1 medical device (not for people); 1 veterinary label (not for people)" in (text.stdout)
    meloxicam = parse_file(tmp_path / "meloxicam.md")
    assert "Loxicom" not in meloxicam.aliases
    assert _in(run, tmp_path, "show", "loxicom").exit_code == 1


@pytest.mark.parametrize(
    ("doc_type", "what"),
    [
        ("PRESCRIPTION ANIMAL DRUG LABEL", "veterinary label"),
        ("OTC ANIMAL DRUG LABEL", "veterinary label"),
        ("MEDICAL DEVICE", "medical device"),
        ("DIETARY SUPPLEMENT", "dietary supplement"),
        ("BULK INGREDIENT", "bulk ingredient"),
        ("INDEXING - PHARMACOLOGIC CLASS", "indexing document"),
        ("HUMAN PRESCRIPTION DRUG LABEL", ""),
        ("Human OTC Drug Label", ""),
        ("VACCINE LABEL", ""),
        ("", ""),
    ],
)
def test_document_types_for_no_human_patient(doc_type: str, what: str) -> None:
    assert non_human(doc_type) == what


def test_symptom_words_never_become_names(run: Run, library: Path, tmp_path: Path) -> None:
    combo = parse_file(library / "acetaminophen-aspirin-and-caffeine.md")
    assert "Good Sense Migraine Formula" in combo.aliases  # a store brand names a product
    product_names = combo.product.names if combo.product else []
    assert all(n.casefold() != "migraine formula" for n in [*combo.aliases, *product_names])
    assert _in(run, library, "show", "migraine formula").exit_code == 1
    # validate reports one written by hand
    text = (library / "acetaminophen-aspirin-and-caffeine.md").read_text()
    mine = tmp_path / "acetaminophen-aspirin-and-caffeine.md"
    mine.write_text(text.replace('aliases: ["', 'aliases: ["Migraine Formula", "', 1))
    errors = _errors(tmp_path)
    assert len(errors) == 1 and "alias 'Migraine Formula' is made of symptom" in errors[0]


def test_label_in_the_old_schema_is_imported_with_its_names(tmp_path: Path) -> None:
    report = import_files(_labels("flurbiprofen-2007.xml"), tmp_path, jobs=1)
    assert report.written == ["flurbiprofen.md"]
    mono = parse_file(tmp_path / "flurbiprofen.md")
    assert mono.product is not None and mono.product.forms == ["tablet"]
    assert mono.product.unii == ["5GRO578KLP"]


def test_openfda_record_with_an_empty_block_keeps_its_names() -> None:
    record = json.loads((OPENFDA / "vyvanse.json").read_text())["results"][0]
    record["openfda"] = {}
    label = parse_record(record, "vyvanse.json#1")
    assert label.brands == ["Vyvanse"] and label.generic == ["lisdexamfetamine dimesylate"]
    elements = "Pain ReliefExtra Strength Acetaminophen ACETAMINOPHEN ACETAMINOPHEN GELATIN"
    assert names_from_elements(elements) == ("Pain Relief Extra Strength", "Acetaminophen")


# --------------------------------------------------------------------------- per label


def test_per_label_output_validates(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Worker processes (what large imports use) write the files under temporary names.
    monkeypatch.setattr(import_run, "POOL_AFTER", 1)
    files = sorted(PRODUCTS.glob("*.xml")) * 2  # every document twice: written once
    report = import_files(files, tmp_path / "one", per_label=True, jobs=2)
    assert report.labels == 32 and len(report.written) == 16 and report.merged == 16
    folder = tmp_path / "per-label"
    labels = sorted(PRODUCTS.glob("*.xml"))
    report = import_files([*labels, *_migraine_copies(tmp_path)], folder, per_label=True, jobs=2)
    assert _errors(folder) == []
    assert (folder / "acetaminophen-aspirin-and-caffeine.md").exists()
    titles = sorted(parse_file(p).title for p in folder.glob("acetaminophen*.md"))
    assert titles[0] == "Acetaminophen, Aspirin and Caffeine"
    assert all(t.startswith("Acetaminophen, Aspirin and Caffeine (") for t in titles[1:])


def test_per_label_names_follow_their_product(tmp_path: Path) -> None:
    # The OTC label is the medicine's only product when it comes, and takes the plain name;
    # the intravenous one comes later, so at the end both OTC labels are named for it.
    copy = _with_set_id(PRODUCTS / "ibuprofen-otc.xml", tmp_path / "copy.xml", 9)
    labels = [PRODUCTS / "ibuprofen-otc.xml", copy, PRODUCTS / "caldolor.xml"]
    report = import_files(labels, tmp_path / "out", per_label=True, jobs=1)
    assert sorted(report.written) == [
        "ibuprofen-intravenous.md",
        "ibuprofen-oral-otc-redicare-ibuprofen.md",
        "ibuprofen-oral-otc.md",
    ]
    second = parse_file(tmp_path / "out" / "ibuprofen-oral-otc-redicare-ibuprofen.md")
    assert second.title == "Ibuprofen (oral, OTC; Redicare Ibuprofen)"
    assert second.aliases == []  # the first label of the product has the brand
    assert _errors(tmp_path / "out") == []


def _with_set_id(source: Path, target: Path, number: int) -> Path:
    data = source.read_bytes()
    start = data.index(b'<setId root="') + len(b'<setId root="')
    end = data.index(b'"', start)
    target.write_bytes(
        data[:start] + f"00000000-0000-0000-0000-{number:012d}".encode() + data[end:]
    )
    return target


def _migraine_copies(folder: Path) -> list[Path]:
    """The migraine labels again under other set ids: repackagers' labels, same brand."""
    names = ["migraine-formula.xml", "good-sense-migraine-formula.xml"]
    return [_with_set_id(PRODUCTS / n, folder / f"copy-{i}.xml", i) for i, n in enumerate(names)]


@pytest.mark.parametrize("pooled", [False, True])
def test_a_brand_on_two_products_is_shared_not_an_alias(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pooled: bool
) -> None:
    if pooled:  # worker processes write the files under temporary names first
        monkeypatch.setattr(import_run, "POOL_AFTER", 1)
    tablets = (PRODUCTS / "diclofenac-dr-tablets.xml").read_bytes()
    brand = b"<name>Diclofenac Sodium D/R</name>"
    assert brand in tablets
    (tmp_path / "tablets.xml").write_bytes(tablets.replace(brand, b"<name>FLECTOR</name>"))
    folder = tmp_path / "out"
    labels = [PRODUCTS / "flector.xml", PRODUCTS / "caldolor.xml", tmp_path / "tablets.xml"]
    import_files(labels, folder, jobs=2 if pooled else 1)
    for name in (
        "diclofenac-epolamine-topical-patch.md",
        "diclofenac-sodium-oral-delayed-release.md",
    ):
        mono = parse_file(folder / name)
        assert "Flector" not in mono.aliases
        assert mono.product is not None and "Flector" in mono.product.names
    result = _in(run, folder, "dosage", "flector")
    assert result.exit_code == 1 and "is 2 products" in result.stderr
    assert _errors(folder) == []


# --------------------------------------------------------------------------- identity


@pytest.mark.parametrize(
    ("form", "family"),
    [
        ("TABLET, FILM COATED", "solid"),
        ("TABLET, CHEWABLE", "chewable"),
        ("CAPSULE, EXTENDED RELEASE", "extended-release solid"),
        ("TABLET, DELAYED RELEASE", "delayed-release solid"),
        ("SUSPENSION/ DROPS", "liquid"),
        ("POWDER, FOR SOLUTION", "liquid"),
        ("INJECTION, POWDER, LYOPHILIZED, FOR SOLUTION", "injection"),
        ("SPRAY, METERED", "spray"),
        ("GEL", "gel"),
        ("KIT", "kit"),
        ("", ""),
    ],
)
def test_dosage_form_families(form: str, family: str) -> None:
    assert form_family(form) == family


def test_identity_and_what_tells_products_apart() -> None:
    def product(routes: list[str], forms: list[str], otc: bool = False) -> object:
        return identify(
            substances=["IBUPROFEN"],
            unii=["WK2XYI10QM"],
            generic="Ibuprofen",
            routes=routes,
            forms=forms,
            otc=otc,
        )

    oral = product(["ORAL"], ["TABLET"])
    assert oral.key == product(["ORAL"], ["TABLET, FILM COATED"]).key  # one family
    assert oral.key != product(["ORAL"], ["TABLET"], otc=True).key
    assert oral.key != product(["ORAL"], ["SUSPENSION"]).key
    assert oral.key != product(["INTRAVENOUS"], ["INJECTION"]).key
    assert product(["INTRAVENOUS"], ["SOLUTION"]).qualifier() == "intravenous"
    assert product(["ORAL"], ["SUSPENSION"], otc=True).qualifier() == "oral liquid, OTC"
    assert product(["ORAL"], ["TABLET, EXTENDED RELEASE"]).qualifier() == ("oral extended-release")
    assert product(["TOPICAL"], ["GEL"]).qualifier() == "topical gel"
    assert product(["TOPICAL"], ["SOLUTION"]).qualifier() == "topical solution"
    assert oral.base == product(["ORAL"], ["TABLET"]).base == "ibuprofen"


@pytest.mark.parametrize(
    ("product", "problem"),
    [
        ("product: oral", "product must be a mapping"),
        ("product:\n  routes: [oral]", "product has no generic name"),
        ("product:\n  generic: X\n  colour: red", "product has an unknown key 'colour'"),
        ("product:\n  generic: X\n  names: {a: 1}", "product names must be a list of names"),
    ],
)
def test_a_malformed_product_key_is_reported(product: str, problem: str) -> None:
    from medref.errors import MonographError
    from medref.parse import parse_text

    with pytest.raises(MonographError) as caught:
        parse_text(f"---\ntitle: X\n{product}\n---\n# X\n", path="x.md")
    assert problem in caught.value.problem and caught.value.line == 3


def test_force_replaces_a_hand_written_monograph_once(tmp_path: Path) -> None:
    """--force replaces the file named for the medicine with its first product; the next
    product of the medicine is another monograph, never written over it."""
    (tmp_path / "ibuprofen.md").write_text("---\ntitle: Ibuprofen\n---\n# mine\n")
    labels = _labels("ibuprofen-tablets.xml", "caldolor.xml")
    kept = import_files(labels, tmp_path, jobs=1)
    assert kept.written == ["ibuprofen-intravenous.md"]  # the tablets: ibuprofen.md is mine
    assert (tmp_path / "ibuprofen.md").read_text().endswith("# mine\n")
    forced = import_files(labels, tmp_path / "forced", jobs=1, force=True)
    assert sorted(forced.written) == ["ibuprofen-intravenous.md", "ibuprofen-oral.md"]


# --------------------------------------------------------------------------- drug class


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("LIPITOR is an HMG-CoA reductase inhibitor indicated for", "HMG-CoA reductase inhibitor"),
        ("Meloxicam is a nonsteroidal anti-inflammatory drug (NSAID) indicated for relief",
         "Nonsteroidal anti-inflammatory drug (NSAID)"),
        # Yosprala's Usage: a clause, not a class
        ("when there is a pre-existing condition for which aspirin is already indicated", None),
    ],
)  # fmt: skip
def test_a_class_is_a_name_never_a_clause(text: str, found: str | None) -> None:
    from medref.importer.spl import class_phrase

    assert class_phrase(text, []) == found


@pytest.mark.parametrize(
    ("purpose", "found"),
    [
        ("Pain reliever/fever reducer", "Pain reliever/fever reducer"),
        ("Purpose Pain reliever/ Fever reducer", "Pain reliever/ Fever reducer"),  # heading kept
        ("USES Boils, Abscess, Otitis", None),  # a homeopathic record's Uses in its Purpose
    ],
)
def test_an_otc_purpose_is_its_class(purpose: str, found: str | None) -> None:
    from medref.importer.build import _otc_class
    from medref.importer.label import Label, Section
    from medref.importer.textify import Block

    label = Label("x.xml", "spl", otc=True)
    label.add("purpose", Section("Purpose", [Block("p", purpose)]))
    assert _otc_class(label) == found
