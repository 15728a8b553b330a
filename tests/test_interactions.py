"""The interaction checker: reading severity from a label's words, finding the medicines and
classes a label names, the class table, and the command (the judged set of pairs is in
test_interaction_cases.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import HERE, Run
from medref.drugclasses import CLASSES_FILE, class_table, parse_table
from medref.interactions import classes_of
from medref.mentions import Lexicon, Term, find, term_key
from medref.parse import parse_text
from medref.passages import DRUG_FACTS, LabelRecord, label_record, names_used
from medref.severity import LEVELS, read, sentences

ANSI = re.compile(r"\x1b\[")

# --------------------------------------------------------------------------- severity

# Sentences from the bundled monographs and from real US labels (the NSAID and metformin
# labels in /work/shared/fda-labels/real: meloxicam, celecoxib, naproxen, ketoprofen,
# metformin, adalimumab), each with the level its words state.
SEVERITY_CASES = [
    ("Contraindicated in people with diabetes: do not use the two together.", "contraindicated"),
    ("Do not use MAOIs to treat psychiatric disorders with sertraline.", "contraindicated"),
    ("The concomitant use of CELEBREX with any dose of a non-aspirin NSAID should be avoided.",
     "avoid"),
    ("Concomitant administration of meloxicam and aspirin is not generally recommended.", "avoid"),
    ("Generally should not be given with diuretics.", "avoid"),
    ("The label warns patients against excessive alcohol intake.", "avoid"),
    ("Reserve concomitant prescribing of these drugs for use in patients for whom alternative "
     "treatment options are inadequate.", "avoid"),
    ("For adults taking 5 mg or 10 mg twice daily, reduce the apixaban dose by 50%.",
     "dose change"),
    ("Do not exceed 20 mg atorvastatin daily.", "dose change"),
    ("Limit simvastatin to 20 mg daily.", "dose change"),
    ("The doctor may need to adjust (increase) the prednisone dose.", "dose change"),
    ("A lower anticoagulant dose may be needed as hypothyroidism is corrected.", "dose change"),
    ("People taking them may need a lower dose of insulin.", "dose change"),
    ("Patients simultaneously receiving naproxen and a sulphonylurea should be observed for "
     "adjustment of dosage if required.", "dose change"),
    ("Monitor INR and prothrombin time.", "monitor"),
    ("Use caution when meloxicam is administered concomitantly with methotrexate.", "monitor"),
    ("Use the combination cautiously.", "monitor"),
    ("Ask a doctor or pharmacist before use if you are taking the blood-thinning drug warfarin.",
     "monitor"),
    ("Take levothyroxine at least 4 hours apart from them.", "monitor"),
    ("Celecoxib should be introduced at the lowest recommended dose in patients receiving "
     "fluconazole.", "dose change"),
    ("A reduction in LIPITOR dosage should be considered in this setting.", "dose change"),
    ("In patients taking clarithromycin, therapy with LIPITOR should be limited to 20 mg.",
     "dose change"),
    ("In patients taking clarithromycin, caution should be used when the LIPITOR dose exceeds "
     "20 mg.", "dose change"),
    ("The risk of myopathy is increased with lipid-modifying doses of niacin.", "mentioned"),
    ("Omeprazole can reduce their absorption.", "mentioned"),
    ("Larger doses can cause serious or life-threatening toxicity.", "mentioned"),
    ("Dose changes were not needed.", "mentioned"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "level"), SEVERITY_CASES)
def test_severity_is_read_from_the_labels_words(sentence: str, level: str) -> None:
    reading = read(sentence)
    assert reading.level is not None
    assert LEVELS[reading.level] == level


@pytest.mark.parametrize(
    "sentence",
    [
        "No clinically significant interaction was seen with midazolam.",
        "Meloxicam 15 mg once daily for 7 days did not alter the plasma concentration of digoxin.",
        "It is not known whether dexamethasone interacts with warfarin.",
        "Metformin is less likely to interact with highly protein-bound drugs such as salicylates.",
        "Furosemide pharmacokinetics are not affected by multiple doses of meloxicam.",
        "Etodolac has no apparent pharmacokinetic interaction when administered with phenytoin.",
        "In patients taking methotrexate, celecoxib did not have an effect on the "
        "pharmacokinetics of methotrexate.",
    ],
)
def test_a_sentence_denying_an_interaction_is_no_evidence(sentence: str) -> None:
    assert read(sentence).level is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Pharmacokinetic data suggest that no dose adjustment is necessary.",
        "The data do not suggest the need for dose adjustment of either HUMIRA or MTX.",
        "Pharmacokinetic data suggest the usual apixaban dose can be kept.",
    ],
)
def test_a_sentence_keeping_the_dose_is_mentioned_not_a_dose_change(sentence: str) -> None:
    reading = read(sentence)
    assert reading.no_change and reading.level == 0


def test_a_negated_keyword_does_not_count() -> None:
    assert LEVELS[
        read("The combination is not contraindicated but needs monitoring.").level or 0
    ] == ("monitor")
    assert LEVELS[read("It need not be avoided.").level or 0] == "mentioned"


def test_dose_amounts_mark_a_dose_change() -> None:
    assert read("Reduce the cilostazol dose to 50 mg twice daily.").dose
    assert not read("A dose adjustment may be needed.").dose


def test_sentences_keep_abbreviations_together() -> None:
    text = "Avoid strong inducers (e.g. Rifampin). St. John's wort lowers levels. Monitor."
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "Avoid strong inducers (e.g. Rifampin).",
        "St. John's wort lowers levels.",
        "Monitor.",
    ]


def test_a_numbered_heading_run_into_the_text_starts_a_sentence() -> None:
    """Imported labels run "7.8 Concomitant NSAID Use" into the text: the methotrexate
    sentence must not take the next subsection's "should be avoided"."""
    text = (
        "Celecoxib did not have an effect on methotrexate [see (12.3)]. 7.8 Concomitant NSAID "
        "Use The concomitant use of celecoxib with a non-aspirin NSAID should be avoided."
    )
    spans = [text[s:e] for s, e in sentences(text)]
    assert len(spans) == 2 and spans[1].startswith("7.8 Concomitant")
    assert read(spans[0]).level is None


# --------------------------------------------------------------------------- passages


def _otc(precautions: str) -> LabelRecord:
    text = f"---\ntitle: Pain Reliever\n---\n### Precautions\n{precautions}\n"
    return label_record(parse_text(text, "pain-reliever.md"))


def test_drug_facts_points_are_read_with_their_lead() -> None:
    record = _otc(
        "* **Do not use:**\n"
        "  * right before or after heart surgery\n"
        "  * if you are now taking a prescription MAOI\n"
        "* **Ask a doctor or pharmacist before use if you are:** ■ taking a diuretic "
        "■ under a doctor's care\n"
        "* **Stop use and ask a doctor if:** you feel faint\n"
    )
    facts = [p.text for p in record.passages if p.part == DRUG_FACTS]
    assert facts == [
        "Do not use right before or after heart surgery",
        "Do not use if you are now taking a prescription MAOI",
        "Ask a doctor or pharmacist before use if you are taking a diuretic",
        "Ask a doctor or pharmacist before use if you are under a doctor's care",
    ]
    assert LEVELS[read(facts[1]).level or 0] == "contraindicated"
    assert LEVELS[read(facts[2]).level or 0] == "monitor"


def test_the_stomach_bleeding_warnings_points_are_read_without_its_first_sentence() -> None:
    record = _otc(
        "* **Warnings:** Reye's syndrome: Children should not use this product. Stomach "
        "bleeding warning: This product contains an NSAID, which may cause stomach bleeding. "
        "The chance is higher if you: are age 60 or older ■ take a blood thinning "
        "(anticoagulant) or steroid drug Heart attack and stroke warning: NSAIDs increase "
        "the risk of heart attack.\n"
    )
    facts = [(p.heading, p.text) for p in record.passages if p.part == DRUG_FACTS]
    assert facts == [
        ("Stomach bleeding warning", "are age 60 or older"),
        ("Stomach bleeding warning", "take a blood thinning (anticoagulant) or steroid drug"),
    ]


def test_names_labels_use_come_from_examples_and_containing_products() -> None:
    text = (
        "---\ntitle: Yosprala\n---\n### Interactions\n"
        "* **Antiretrovirals:** Decreased exposure of some antiretroviral drugs (e.g., "
        "rilpivirine, atazanavir and nelfinavir). Use with ergotamine-containing products is "
        "contraindicated. Monitor closely (e.g., in elderly patients).\n"
    )
    used = names_used(label_record(parse_text(text, "yosprala.md")))
    assert {"antiretrovirals", "rilpivirine", "atazanavir", "nelfinavir", "ergotamine"} <= set(used)
    assert not {"elderly-patients", "in-elderly-patients", "patients"} & set(used)


# --------------------------------------------------------------------------- mentions


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    from medref.interactions import base_lexicon

    return base_lexicon()


def named(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    return [(m.term.target, text[m.start : m.end]) for m in find(text, lexicon)]


def test_the_longest_term_wins_over_a_word_inside_it(lexicon: Lexicon) -> None:
    found = named("insulin secretagogues", lexicon)
    assert ("insulin secretagogues", "insulin secretagogues") in found
    assert not any(target in ("insulins", "insulin") for target, _w in found)
    heparins = named("other low molecular weight heparins", lexicon)
    assert [t for t, _w in heparins] == ["low molecular weight heparins"]
    assert named("ethinyl estradiol", lexicon)[0][0] == "ethinyl-estradiol"


def test_a_class_word_inside_another_word_is_not_a_mention(lexicon: Lexicon) -> None:
    assert named("happiness and opioidergic tone", lexicon) == []
    assert named("Analgesic and antipyretic (non-opioid, non-NSAID)", lexicon) == []


def test_non_reverses_a_term(lexicon: Lexicon) -> None:
    found = named("Non-potassium-sparing diuretics (loop or thiazide diuretics)", lexicon)
    targets = [t for t, _w in found]
    assert "potassium-sparing diuretics" not in targets
    assert targets == ["thiazide diuretics", "loop diuretics"]  # the shared head, too


def test_a_list_shares_its_opening(lexicon: Lexicon) -> None:
    found = named("Inhibitors of CYP2C9, CYP1A2 or CYP3A4 (amiodarone)", lexicon)
    assert [t for t, _w in found] == [
        "CYP2C9 inhibitors",
        "CYP1A2 inhibitors",
        "CYP3A4 inhibitors",
        "amiodarone",
    ]


def test_an_adjective_is_not_the_class(lexicon: Lexicon) -> None:
    assert named("the antihypertensive effect of ACE-inhibitors", lexicon) == [
        ("ACE inhibitors", "ACE-inhibitors")
    ]


def test_plurals_spacing_and_case_fold(lexicon: Lexicon) -> None:
    assert named("CYP 3A4 inducers", lexicon)[0] == ("CYP3A4 inducers", "CYP 3A4 inducers")
    assert named("an NSAID", lexicon)[0][0] == "NSAIDs"
    assert named("St. John's Wort", lexicon)[0][0] == "st-john-s-wort"


def test_a_medicines_own_names_are_terms() -> None:
    lexicon = Lexicon([(term_key("Tylenol"), Term("medicine", "acetaminophen"))])
    assert named("Do not take with TYLENOL.", lexicon) == [("acetaminophen", "TYLENOL")]


# --------------------------------------------------------------------------- the class table


def test_the_class_table_is_well_formed() -> None:
    text = CLASSES_FILE.read_text(encoding="utf-8")
    table = parse_table(text)
    assert len(table.classes) >= 100
    assert all(len(line) < 300 for line in text.splitlines())
    owners: dict[tuple[str, ...], str] = {}
    for cls in table.classes.values():
        assert cls.source and cls.provenance, f"[{cls.name}] says nowhere how it is known"
        assert cls.members or cls.includes, cls.name
        for name in cls.names:
            key = term_key(name)
            assert owners.setdefault(key, cls.name) == cls.name, f"{name!r} names two classes"
        assert cls.name not in table.ancestors(cls.name)[1:], f"[{cls.name}] includes itself"
        assert "," not in "".join(cls.members)


def test_class_membership() -> None:
    table = class_table()
    assert "clarithromycin" in table.members("strong dual CYP3A4 and P-gp inhibitors")
    assert "celecoxib" in table.members("NSAIDs")  # through COX-2 inhibitors
    assert "warfarin" in table.members("anticoagulants")  # through two included classes
    assert "ibuprofen" not in table.members("salicylates")
    assert set(table.ancestors("factor Xa inhibitors")) >= {
        "direct oral anticoagulants",
        "oral anticoagulants",
        "anticoagulants",
    }
    assert table.classes_of("omeprazole")  # PPIs and a CYP2C19 inhibitor class


def test_mao_a_inhibitors_and_hydantoins() -> None:
    """Classes real labels name (TREXIMET: "MAO-A inhibitors"; fenoprofen: "hydantoins"),
    without the MAO-B-selective drugs."""
    table = class_table()
    assert {"phenelzine", "tranylcypromine", "methylene blue"} <= table.members("MAO-A inhibitors")
    assert "selegiline" not in table.members("MAO-A inhibitors")
    assert "selegiline" in table.members("MAOIs")
    assert table.members("hydantoins") == {"ethotoin", "fosphenytoin", "phenytoin"}


def test_membership_through_a_monographs_drug_class() -> None:
    assert classes_of({"amoxicillin"}, "Antibiotic (aminopenicillin, beta-lactam)")[
        "antibacterials"
    ] in ("class table", "drug_class")
    found = classes_of({"examplol"}, "Proton pump inhibitor (PPI)")
    assert found["PPIs"] == "drug_class"
    assert classes_of({"acetaminophen"}, "Analgesic and antipyretic (non-opioid, non-NSAID)") == {}


def test_a_malformed_table_is_refused() -> None:
    from medref.drugclasses import ClassTableError

    with pytest.raises(ClassTableError, match="unknown class"):
        parse_table("[a]\nsource: seen\nincludes: b\n")
    with pytest.raises(ClassTableError, match="defined twice"):
        parse_table("[a]\nsource: seen\nmembers: x\n[A]\nsource: seen\nmembers: y\n")


# --------------------------------------------------------------------------- the command


def test_found_pairs_worst_first_exit_0_and_plain_in_a_pipe(run: Run) -> None:
    result = run("interactions", "warfarin", "aspirin", "omeprazole", "clopidogrel")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not ANSI.search(out)
    headings = [line for line in out.splitlines() if re.match(r"^[A-Z][a-z ]+: \w", line)]
    assert headings[0] == "Avoid: Omeprazole + Clopidogrel"
    assert out.index("Avoid: Omeprazole") < out.index("Monitor: Warfarin + Aspirin")
    assert "5 of 6 pairs named in the labels" in out.splitlines()[3]
    assert "  > CYP2C19 inhibitors (omeprazole, esomeprazole): Avoid;" in out
    assert "Aspirin + Omeprazole: no interaction found in the labels medref holds" in out


def test_the_dose_change_and_the_label_are_given(run: Run) -> None:
    out = run("interactions", "atorvastatin", "clarithromycin").stdout
    assert "Dose change: Atorvastatin + Clarithromycin" in out
    assert "  - Dose change: Do not exceed 20 mg atorvastatin daily." in out
    assert "  - Names: Clarithromycin by name ('Clarithromycin')" in out
    assert "  - Label: LIPITOR" in out and "reviewed 2026-11-24" in out


def test_a_class_match_says_which_class(run: Run) -> None:
    out = run("interactions", "rivaroxaban", "clarithromycin").stdout
    assert "Avoid: Rivaroxaban + Clarithromycin" in out
    assert "as one of the strong dual CYP3A4 and P-gp inhibitors" in out


def test_the_labels_exception_beats_its_class_rule(run: Run) -> None:
    """Apixaban's label names clarithromycin as an exception to the class rule."""
    out = run("interactions", "apixaban", "clarithromycin").stdout
    assert "Mentioned: Apixaban + Clarithromycin" in out
    assert "reduce the apixaban dose by 50%" not in out


def test_nothing_found_says_so_plainly_and_exits_1(run: Run) -> None:
    result = run("interactions", "metformin", "atorvastatin")
    assert result.exit_code == 1
    assert (
        "No interaction found in the labels medref holds; this is not proof that the "
        "combination is safe (1 pair checked)." in result.stdout
    )
    data = json.loads(run("interactions", "metformin", "atorvastatin", "--json").stdout)
    assert data["pairs"] == [] and data["no_interaction_found"] == [["metformin", "atorvastatin"]]


def test_medicines_without_a_monograph_are_checked_against_the_labels(run: Run) -> None:
    result = run("interactions", "ketoconazole", "apixaban", "isoniazid", "prednisone")
    assert result.exit_code == 0
    out = result.stdout
    assert "Avoid: Ketoconazole + Apixaban" in out
    assert "Mentioned: Isoniazid + Prednisone" in out
    assert "Not checked: Ketoconazole + Isoniazid: neither has a label in the library." in out
    assert (
        "Checked only against the other labels' text (no monograph): Ketoconazole (in the "
        "class table), Isoniazid (named by a label)" in out
    )


def test_an_unknown_word_is_never_dropped(run: Run) -> None:
    result = run("interactions", "warfrin", "aspirin", "zzzqqq")
    assert result.exit_code == 1 and result.stdout == ""
    err = result.stderr.strip()
    assert err.startswith("medref: error: no medicines named 'warfrin' (did you mean warfarin")
    assert "'zzzqqq'" in err and len(err.splitlines()) == 1


def test_a_class_is_not_a_medicine(run: Run) -> None:
    result = run("interactions", "warfarin", "NSAIDs")
    assert result.exit_code == 2
    assert "'NSAIDs' is a class (NSAIDs), not one medicine" in result.stderr
    assert "aspirin" in result.stderr


def test_the_same_medicine_twice_is_checked_once(run: Run) -> None:
    result = run("interactions", "Coumadin", "warfarin", "aspirin")
    assert result.exit_code == 0
    assert "note: 'warfarin' is Warfarin, like 'Coumadin': checked once" in result.stderr
    assert "Monitor: Warfarin + Aspirin" in result.stdout
    only = run("interactions", "Coumadin", "warfarin")
    assert only.exit_code == 2 and "are the same medicine (Warfarin)" in only.stderr


def test_one_name_shows_its_interactions_section(run: Run) -> None:
    result = run("interactions", "apixaban")
    assert result.exit_code == 0
    assert result.stdout.startswith("Apixaban\n")
    assert "\nInteractions\n" in result.stdout
    assert "Combined P-gp and strong CYP3A4 inhibitors" in result.stdout
    data = json.loads(run("interactions", "apixaban", "--json").stdout)
    assert data["interactions"]["items"][1]["label"] == "Clarithromycin"


def test_one_name_without_the_section(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bare.md").write_text("---\ntitle: Bare\n---\n### Usage\n**Pain:** yes.\n")
    result = run("interactions", "bare", "-L", str(tmp_path))
    assert result.exit_code == 1 and "Bare has no Interactions section" in result.stderr


def test_terminal_output_highlights_the_matched_words(run: Run) -> None:
    out = run("interactions", "atorvastatin", "clarithromycin", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1mClarithromycin\x1b[0m" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "Do not exceed 20 mg atorvastatin daily." in plain


def test_json_pairs_evidence_and_source(run: Run) -> None:
    data = json.loads(run("interactions", "atorvastatin", "clarithromycin", "--json").stdout)
    pair = data["pairs"][0]
    assert pair["medicines"] == ["atorvastatin", "clarithromycin"]
    assert pair["severity"] == "dose change"
    evidence = pair["evidence"][0]
    assert evidence["dose_change"] == "Do not exceed 20 mg atorvastatin daily."
    start, end = evidence["highlights"][0]
    assert evidence["quote"][start:end] == "Clarithromycin"
    assert evidence["source"].startswith("LIPITOR") and evidence["reviewed"] == "2026-11-24"
    assert data["medicines"][1]["known_from"] == "class table"


def test_too_many_names_is_a_usage_error(run: Run) -> None:
    result = run("interactions", *["aspirin"] * 41)
    assert result.exit_code == 2 and "at most 40" in result.stderr


def test_an_ingredient_of_a_listed_product_is_the_same_medicine(run: Run) -> None:
    """Omeprazole and "Aspirin and Omeprazole": the product's label speaks of omeprazole as
    of itself, so it is not read as an interaction with omeprazole."""
    lib = str(HERE / "fixtures" / "combination")
    result = run("interactions", "omeprazole", "aspirin-omeprazole", "clopidogrel", "-L", lib)
    out = result.stdout
    assert "Same ingredient: Omeprazole is an ingredient of Aspirin and Omeprazole" in out
    assert "Omeprazole + Aspirin and Omeprazole" not in out.split("Same ingredient")[0]
    assert "Avoid: Aspirin and Omeprazole + Clopidogrel" in out


def test_a_combination_answers_to_each_of_its_ingredients(run: Run) -> None:
    """A label naming clopidogrel names a clopidogrel and aspirin kit; an ingredient the
    reading label has too counts only as "another product containing" it."""
    lib = str(HERE / "fixtures" / "combination")
    result = run("interactions", "Examplosala", "Examplokit", "--no-bundled", "-L", lib)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Contraindicated: Aspirin and Omeprazole + Clopidogrel and Aspirin" in out
    assert "Clopidogrel and Aspirin by its ingredient ('Clopidogrel')" in out
    assert "Aspirin and Omeprazole by its ingredient ('aspirin')" in out  # "containing aspirin"
    assert "add to warfarin" not in out  # the kit's own aspirin, not the other product's


def test_a_table_rows_examples_take_its_intervention(run: Run, tmp_path: Path) -> None:
    """A PLR table row ends with the medicines it is about ("Examples: Topiramate, …"),
    after what to do: the row's intervention is the level, quoted with the examples."""
    (tmp_path / "examplomin.md").write_text(
        "---\ntitle: Examplomin\n---\n### Usage\n**Diabetes:** yes.\n### Interactions\n"
        "* **Drugs That Cause Acidosis:** Clinical Impact: They may cause metabolic "
        "acidosis. Intervention: Consider more frequent monitoring of these patients. "
        "Examples: Topiramate, zonisamide.\n"
    )
    result = run("interactions", "examplomin", "topiramate", "-L", str(tmp_path), "--no-bundled")
    assert result.exit_code == 0, result.stderr
    assert "Monitor: Examplomin + Topiramate" in result.stdout
    out = result.stdout
    assert "> Intervention: Consider more frequent monitoring of these patients. Examples:" in out
    assert "- Label: the monograph names no source" in out


def test_the_ingredients_of_a_combination_come_from_its_generic_name() -> None:
    def record(generic: str) -> LabelRecord:
        return LabelRecord(name="x", title="X", generic_name=generic)

    assert record(
        "Butalbital, Aspirin, Caffeine, and Codeine (as Codeine Phosphate)"
    ).ingredients == [
        "Butalbital",
        "Aspirin",
        "Caffeine",
        "Codeine",
    ]
    assert record("Clopidogrel and Aspirin (as Clopidogrel Kit)").ingredients == [
        "Clopidogrel",
        "Aspirin",
    ]
    assert record("Atorvastatin (as atorvastatin calcium)").ingredients == []


def test_a_kept_page_replays_the_same_answer_and_exit_code(run: Run) -> None:
    for names, code in ((["warfarin", "aspirin"], 0), (["metformin", "atorvastatin"], 1)):
        first = run("interactions", *names)
        again = run("interactions", *names)
        assert (first.exit_code, again.exit_code) == (code, code)
        assert first.stdout == again.stdout and first.stdout
