"""``medref import`` on real labels: each section-content failure class of the real-label issue
(boxed warnings lost, interactions dropped, tables flattened, indications lost, another use's
dose shown), kept from returning.

The labels are byte-for-byte copies of real DailyMed SPL files (``fixtures/real-labels``,
with their provenance in its README); the openFDA records are the shared test data in
``fixtures/fda-labels/openfda``. Each test imports one label into its own folder and reads
the monograph back with medref's parser, or asks the command line what a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, Run
from medref.model import Monograph
from medref.parse import parse_file
from medref.validate import ERROR, validate

SECTIONS = FIXTURES / "real-labels"
OPENFDA = FIXTURES / "fda-labels" / "openfda"


def _import(run: Run, folder: Path, label: Path) -> Monograph:
    result = run("import", str(label), "--dir", str(folder))
    assert result.exit_code == 0, result.stdout + result.stderr
    written = sorted(folder.glob("*.md"))
    assert len(written) == 1, written
    assert [str(f) for f in _errors(folder)] == []
    return parse_file(written[0])


def _errors(folder: Path) -> list[object]:
    _count, findings = validate([folder])
    return [f for f in findings if f.level == ERROR]


def _extra(mono: Monograph, heading: str) -> list[tuple[str | None, str]]:
    """The (label, text) items of the Interactions section, or of a section the parser keeps
    as an extra one (Overdosage)."""
    if heading == "Interactions":
        return [(item.label, item.text) for item in mono.interactions.items]
    for section in mono.extra_sections:
        if section.heading == heading:
            return [(item.label, item.text) for item in section.items]
    return []


def _boxed(mono: Monograph) -> list[str]:
    return [f"{i.label}: {i.text}" for i in mono.precautions.items if i.label and
            i.label.startswith("Boxed Warning")]  # fmt: skip


# --------------------------------------------------------------------------- boxed warnings


def test_an_untitled_boxed_warning_in_a_wrapper_section_is_kept(run: Run, tmp_path: Path) -> None:
    """Nabumetone: the box is an untitled section inside an unclassified one (it was lost)."""
    mono = _import(run, tmp_path, SECTIONS / "nabumetone-0ebcf6fc.xml")
    boxed = _boxed(mono)
    assert len(boxed) == 1
    assert "serious cardiovascular thrombotic events" in boxed[0]
    assert mono.precautions.items[0].label == "Boxed Warning"  # listed first


def test_a_boxed_warning_under_warnings_is_kept_with_its_title(run: Run, tmp_path: Path) -> None:
    """Old metformin labels nest the box under WARNINGS; its caption names it."""
    mono = _import(run, tmp_path, SECTIONS / "metformin-9902c6bb.xml")
    boxed = _boxed(mono)
    assert len(boxed) == 1
    assert boxed[0].startswith("Boxed Warning – Lactic Acidosis:")
    assert "metformin-associated lactic acidosis" in boxed[0]


# --------------------------------------------------------------------------- interactions


def test_old_format_interactions_under_precautions_become_an_interactions_section(
    run: Run, tmp_path: Path
) -> None:
    mono = _import(run, tmp_path, SECTIONS / "nabumetone-0ebcf6fc.xml")
    items = dict(_extra(mono, "Interactions"))
    assert list(items)[:3] == ["ACE-inhibitors", "Aspirin", "Diuretics"]
    assert items["Warfarin"].startswith("The effects of warfarin and NSAIDs on GI bleeding")
    assert items["Lithium"].startswith("NSAIDs have produced an elevation of plasma lithium")
    # Moved, not copied: Precautions no longer holds them.
    assert not any(i.label == "Drug interactions" for i in mono.precautions.items)


def test_an_openfda_records_run_in_interactions_leave_its_precautions(
    run: Run, tmp_path: Path
) -> None:
    """ADDERALL's openFDA record has no drug_interactions field: its interactions are a
    run-in "Drug Interactions" subsection of the precautions, up to "Drug/Laboratory Test
    Interactions"."""
    mono = _import(run, tmp_path, SECTIONS / "amphetamine-adderall-openfda.json")
    text = " ".join(text for _label, text in _extra(mono, "Interactions"))
    assert text.startswith("Acidifying Agents Gastrointestinal acidifying agents")
    assert "proton pump inhibitors should be monitored" in text
    assert "Drug/Laboratory Test Interactions" not in text
    precautions = " ".join(i.text for i in mono.precautions.items)
    assert "Acidifying Agents" not in precautions  # moved, not copied
    assert "Drug/Laboratory Test Interactions Amphetamines can cause" in precautions


def test_a_caption_paragraph_starts_the_interactions_of_undivided_precautions(
    run: Run, tmp_path: Path
) -> None:
    """A repackager's etodolac label: one Precautions section whose "Drug Interactions"
    is a caption paragraph, each interaction a paragraph led by its drug, up to
    "Drug/Laboratory Test Interactions". Each paragraph is an item of its own."""
    mono = _import(run, tmp_path, SECTIONS / "etodolac-9c940e14.xml")
    texts = [text for _label, text in _extra(mono, "Interactions")]
    assert len(texts) == 9  # and ACE-inhibitors, the first, as the section's paragraph
    assert texts[0].startswith("Antacids The concomitant administration of antacids")
    assert texts[-1].startswith("Warfarin The effects of warfarin and NSAIDs on GI bleeding")
    assert mono.interactions.intro[0].startswith("ACE-inhibitors Reports suggest")
    precautions = " ".join(i.text for i in mono.precautions.items)
    assert "Phenylbutazone causes increase" not in precautions  # moved, not copied
    assert "Drug/Laboratory Test Interactions The urine of patients" in precautions


def test_interactions_whose_text_follows_their_heading_section(run: Run, tmp_path: Path) -> None:
    """Sulindac: the 34073-7 section holds only "Drug Interactions"; each drug is an untitled
    section after it with a bold caption."""
    items = dict(_extra(_import(run, tmp_path, SECTIONS / "sulindac-377ae7e3.xml"), "Interactions"))
    assert len(items) == 14
    assert items["DMSO"].startswith("DMSO should not be used with sulindac.")
    assert items["Acetaminophen"] == (
        "Acetaminophen had no effect on the plasma levels of sulindac or its sulfide metabolite."
    )


def test_interactions_named_before_a_dash_and_overdosage(run: Run, tmp_path: Path) -> None:
    mono = _import(run, tmp_path, SECTIONS / "metformin-9902c6bb.xml")
    items = _extra(mono, "Interactions")
    labels = [label for label, _text in items]
    assert labels[:4] == [
        "Glyburide",
        "Furosemide",
        "Nifedipine",
        "Drugs that reduce metformin clearance",
    ]
    assert None in labels  # a paragraph that names no drug stays an untitled item
    assert dict(items)["Alcohol"].startswith("Alcohol is known to potentiate the effect")
    overdose = " ".join(text for _label, text in _extra(mono, "Overdosage"))
    assert (
        "Lactic acidosis has been reported in approximately 32% of metformin overdose" in overdose
    )


def test_an_interactions_table_gives_one_item_per_drug(run: Run, tmp_path: Path) -> None:
    """PLR NSAID labels: a row naming the drug, then "Clinical Impact" and "Intervention"
    rows; each drug is one item with both, in the label's words."""
    items = dict(_extra(_import(run, tmp_path, SECTIONS / "naproxen-f745e1c2.xml"), "Interactions"))
    assert items["Lithium"].startswith("Clinical Impact: NSAIDs have produced elevations in plasma")
    assert (
        "Intervention: During concomitant use of naproxen tablets and lithium, monitor"
        in (items["Lithium"])
    )
    assert "Drugs That Interfere with Hemostasis" in items
    assert not any(label and label.startswith("Table") for label in items)


# --------------------------------------------------------------------------- tables


def test_a_table_cell_with_a_line_per_dose_reads_row_by_row(run: Run, tmp_path: Path) -> None:
    """'250 mg / or 375 mg / or 500 mg' beside 'twice daily' x3: one line per dose, not
    '250 mg or 375 mg or 500 mg | twice daily twice daily twice daily'."""
    mono = _import(run, tmp_path, SECTIONS / "naproxen-f745e1c2.xml")
    dosage = mono.dosage
    text = " ".join(
        [*dosage.intro, *(b.text for b in dosage.blocks), *(n.text for n in dosage.notes)]
    )
    assert "Naproxen Tablets | 250 mg | twice daily; or 375 mg | twice daily; or 500 mg" in text
    assert "twice daily twice daily" not in text


# --------------------------------------------------------------------------- dosing by concept


def _dosage(run: Run, folder: Path, mono: Monograph, words: str) -> str:
    """What ``medref dosage NAME --indication WORDS`` prints (it must select one use)."""
    result = run("dosage", mono.title, "--indication", words, "-L", str(folder), "--no-bundled")
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def test_the_jra_dose_is_not_shown_for_rheumatoid_arthritis(run: Run, tmp_path: Path) -> None:
    """ "Juvenile Rheumatoid Arthritis" has every word of "Rheumatoid Arthritis" and is
    another disease: its weight bands (50 mg for 10 to 25 kg) are the children's."""
    mono = _import(run, tmp_path, SECTIONS / "celecoxib-84183aa1.xml")
    ra = _dosage(run, tmp_path, mono, "rheumatoid arthritis")
    assert "100 to 200 mg twice daily" in ra
    assert "50 mg twice daily" not in ra and "pediatric" not in ra.casefold()
    jra = _dosage(run, tmp_path, mono, "JRA")
    assert "For patients ≥10 kg to ≤25 kg the recommended dose is 50 mg twice daily" in jra
    assert "100 to 200 mg twice daily" not in jra


def test_dosing_titles_are_tied_to_uses_by_meaning(run: Run, tmp_path: Path) -> None:
    """Fenoprofen: "2.2 Analgesia" is the pain use's dose, "2.3 Rheumatoid Arthritis and
    Osteoarthritis" both arthritis uses' (one spelled "arthrites"); none is a general note
    beside a false "the label gives no dosing subsection for this use"."""
    mono = _import(run, tmp_path, SECTIONS / "fenoprofen-c8d510ba.xml")
    pain = _dosage(run, tmp_path, mono, "pain")
    assert "200 mg given orally every 4 to 6 hours" in pain
    assert "400 to 600 mg" not in pain
    for words in ("osteoarthritis", "rheumatoid arthritis"):
        shown = _dosage(run, tmp_path, mono, words)
        assert "400 to 600 mg given orally, 3 or 4 times a day" in shown
        assert "every 4 to 6 hours" not in shown
    assert not any("no dosing subsection" in b.text for b in mono.dosage.blocks)
    assert [n.label for n in mono.dosage.notes] == ["General Dosing Instructions"]


def test_childrens_doses_keep_their_population(run: Run, tmp_path: Path) -> None:
    """Ibuprofen suspension: the uses are listed under "In Pediatric Patients …" and "In
    Adults …", the doses under "Pediatric Patients" ("Analgesia: … 10 mg/kg") and "Adults"."""
    mono = _import(run, tmp_path, SECTIONS / "ibuprofen-2366f8db.xml")
    names = [i.name for i in mono.usage.indications]
    assert names == [
        "Reduction of fever (pediatric patients)",
        "Mild to moderate pain (pediatric patients)",
        "Juvenile arthritis (pediatric patients)",
        "Primary dysmenorrhea (adults)",
        "Rheumatoid arthritis and osteoarthritis (adults)",
    ]
    pain = _dosage(run, tmp_path, mono, "pain children")
    assert "10 mg/kg, every 6 to 8 hours" in pain and "Pediatric Patients" in pain
    assert "400 mg every 4 hours" not in pain  # the adults' dysmenorrhea dose
    ra = _dosage(run, tmp_path, mono, "rheumatoid arthritis")
    assert "1200 mg to 3200 mg daily" in ra
    assert "mg/kg" not in ra
    arthritis = _dosage(run, tmp_path, mono, "juvenile arthritis")
    assert "30 mg/kg/day to 40 mg/kg/day" in arthritis and "3200 mg" not in arthritis


def test_a_dosage_text_is_read_paragraph_by_paragraph(run: Run, tmp_path: Path) -> None:
    """Diclofenac: one untitled dosage text, a paragraph per use ("For the relief of
    osteoarthritis the recommended dosage is …")."""
    mono = _import(run, tmp_path, SECTIONS / "diclofenac-a346079a.xml")
    oa = _dosage(run, tmp_path, mono, "osteoarthritis")
    assert "100 to 150 mg/day in divided doses" in oa and "150 to 200 mg/day" not in oa
    ra = _dosage(run, tmp_path, mono, "rheumatoid arthritis")
    assert "150 to 200 mg/day in divided doses" in ra and "100 to 150 mg/day" not in ra
    assert "50 mg t.i.d." in _dosage(run, tmp_path, mono, "dysmenorrhea")


def test_general_notes_are_only_the_general_subsections(run: Run, tmp_path: Path) -> None:
    mono = _import(run, tmp_path, SECTIONS / "naproxen-f745e1c2.xml")
    notes = [n.label for n in mono.dosage.notes]
    assert notes == ["Geriatric Patients", "Patients With Moderate to Severe Renal Impairment"]
    gout = _dosage(run, tmp_path, mono, "gout")
    assert "750 mg of naproxen tablets followed by 250 mg every 8 hours" in gout
    assert "1500 mg/day" not in gout


# --------------------------------------------------------------------------- indications


def test_lists_of_uses_after_leads_become_indications(run: Run, tmp_path: Path) -> None:
    """Naprosyn: "indicated for:" / "the relief of the signs and symptoms of:" • …; naproxen
    lost pain and dysmenorrhea (and every long item) before."""
    mono = _import(run, tmp_path, SECTIONS / "naproxen-0aa005eb.xml")
    assert [i.name for i in mono.usage.indications] == [
        "Rheumatoid arthritis",
        "Osteoarthritis",
        "Ankylosing spondylitis",
        "Polyarticular juvenile idiopathic arthritis",
        "Tendonitis",
        "Bursitis",
        "Acute gout",
        "Pain",
        "Primary dysmenorrhea",
    ]
    gout = _dosage(run, tmp_path, mono, "acute gout")
    assert "750 mg (one and one-half tablets)" in gout


def test_an_item_ending_in_a_colon_leads_the_items_after_it(run: Run, tmp_path: Path) -> None:
    mono = _import(run, tmp_path, SECTIONS / "etodolac-2be00133.xml")
    names = [i.name for i in mono.usage.indications]
    assert names == ["Osteoarthritis", "Rheumatoid arthritis", "Acute pain"]
    assert "the following: Osteoarthritis" in mono.usage.indications[0].text


def test_uses_named_in_one_sentence_are_split(run: Run, tmp_path: Path) -> None:
    """Nabumetone (old format): "indicated for relief of signs and symptoms of
    osteoarthritis and rheumatoid arthritis" is two uses, each with the dose its dosing
    caption ("Osteoarthritis and Rheumatoid Arthritis:") gives both."""
    mono = _import(run, tmp_path, SECTIONS / "nabumetone-0ebcf6fc.xml")
    assert [i.name for i in mono.usage.indications] == ["Osteoarthritis", "Rheumatoid arthritis"]
    for words in ("osteoarthritis", "rheumatoid arthritis"):
        assert "1,000 mg taken as a single dose" in _dosage(run, tmp_path, mono, words)


def test_uses_on_lines_and_numbered_dosing_paragraphs(run: Run, tmp_path: Path) -> None:
    """Indomethacin: the uses are lines of one paragraph after "indicated for:", the dosing
    titles plain paragraphs ("2.3 Acute painful shoulder (bursitis and/or tendinitis)")."""
    mono = _import(run, tmp_path, SECTIONS / "indomethacin-9c9ef37e.xml")
    assert len(mono.usage.indications) == 5
    shoulder = _dosage(run, tmp_path, mono, "painful shoulder")
    assert "75-150 mgdaily in 3 or 4 divided doses" in shoulder  # sic: the label's text
    assert "three times a day, until pain is tolerable" not in shoulder
    assert "50 mg three times a day" in _dosage(run, tmp_path, mono, "gout")
    # A title in a paragraph of its own is kept whole, not cut at its first lower-case
    # word into a title "Moderate" and a text "to severe rheumatoid arthritis …".
    for block in mono.dosage.blocks[:4]:
        assert block.text.startswith(("Indomethacin Capsules 25 mg", "75-150 mg")), block.text


def test_numbered_titles_run_into_the_text_are_found(run: Run, tmp_path: Path) -> None:
    """A repackager's celecoxib label has its 1.x and 2.x titles inside one list item."""
    mono = _import(run, tmp_path, SECTIONS / "celecoxib-84183aa1.xml")
    assert [i.name for i in mono.usage.indications] == [
        "Osteoarthritis (OA)",
        "Rheumatoid Arthritis (RA)",
        "Juvenile Rheumatoid Arthritis (JRA)",
        "Ankylosing Spondylitis (AS)",
        "Acute Pain (AP)",
        "Primary Dysmenorrhea (PD)",
    ]
    spondylitis = _dosage(run, tmp_path, mono, "ankylosing spondylitis")
    assert "200 mg daily in single (once per day)" in spondylitis


def test_openfda_titles_are_not_cut_at_an_abbreviation() -> None:
    """openFDA flattens "1.2 Coronary Artery Disease (CAD)" into the text; the title used
    to end at "(CAD)", giving "Coronary Artery"."""
    from medref.importer.openfda import _title_and_body

    text = "Coronary Artery Disease (CAD) Chronic Stable Angina NORVASC is indicated for the"
    title, body = _title_and_body(text)
    assert title == "Coronary Artery Disease (CAD) Chronic Stable Angina"
    assert body.startswith("NORVASC is indicated")


# --------------------------------------------------------------------------- openFDA tables


def test_openfda_tables_are_rows_not_number_soup(run: Run, tmp_path: Path) -> None:
    """openFDA runs a table's cells together in the text ("Indication Initial Dose … ADHD
    (2.2) 30mg every morning 10 mg or 20 mg weekly …"); the record's *_table markup puts
    them back as rows, in Dosage and in Interactions."""
    mono = _import(run, tmp_path, OPENFDA / "vyvanse.json")
    intro = " ".join(mono.dosage.intro)
    assert "ADHD (2.2) — Initial Dose: 30mg every morning; Titration Schedule: 10 mg or 20 mg" in (
        intro
    )
    assert "Indication Initial Dose Titration Schedule" not in intro
    items = dict(_extra(mono, "Interactions"))
    maoi = items["Monoamine Oxidase Inhibitors (MAOIs)"]
    assert maoi.startswith("Clinical Rationale: Concomitant use of MAOIs and CNS stimulants")
    assert "Clinical Recommendation: Do not administer VYVANSE concomitantly or within 14 days" in (
        maoi
    )
    assert not any(label and "Table 5" in label for label in items)


def test_openfda_table_markup_is_untrusted(run: Run, tmp_path: Path) -> None:
    """A table that declares a document type is left out (entities are declared there);
    HTML's named character references are read as characters."""
    record = {
        "set_id": "x",
        "effective_time": "20200101",
        "openfda": {"generic_name": ["examplofen"], "product_type": ["HUMAN PRESCRIPTION DRUG"]},
        "indications_and_usage": ["Examplofen is indicated for the treatment of gout."],
        "dosage_and_administration": [
            "Dose table Age Dose adults 10 mg daily children 5 mg daily Take with food."
        ],
        "dosage_and_administration_table": [
            '<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">]><table><tr><td>&a;</td></tr></table>',
            "<table><caption>Dose&nbsp;table</caption><thead><tr><th>Age</th><th>Dose</th>"
            "</tr></thead><tbody><tr><td>adults</td><td>10 mg daily</td></tr><tr>"
            "<td>children</td><td>5 mg daily</td></tr></tbody></table>",
        ],
    }
    label = tmp_path / "label.json"
    label.write_text(json.dumps({"results": [record]}), encoding="utf-8")
    mono = _import(run, tmp_path / "out", label)
    text = " ".join(b.text for b in mono.dosage.blocks)
    assert "adults — Dose: 10 mg daily; children — Dose: 5 mg daily" in text
    assert "aaaaaaaaaa" not in mono.dosage.blocks[0].text


# --------------------------------------------------------------------------- readability


def test_a_bullet_stays_under_the_sentence_that_leads_it(run: Run, tmp_path: Path) -> None:
    """Old-format WARNINGS: captions ("Hepatotoxicity") start their own items, and the
    bullets under "Strategies to Minimize the GI Risks …:" follow it, instead of every
    paragraph of the section run together with the bullets at the end."""
    items = _import(run, tmp_path, SECTIONS / "naproxen-f745e1c2.xml").precautions.items
    labels = [i.label for i in items]
    lead = next(n for n, label in enumerate(labels) if label and label.startswith("Strategies"))
    assert items[lead + 1].label is None
    assert (
        items[lead + 1].text
        == "Use the lowest effective dosage for the shortest possible duration."
    )
    hepatotoxicity = next(i for i in items if i.label == "Hepatotoxicity")
    assert hepatotoxicity.text.startswith("Elevations of ALT or AST (three or more times")
    assert not any(i.label and not i.text and i.label == "Warnings" for i in items)


def test_folding_label_text_strips_accents_as_unicode_defines_them() -> None:
    """textutil.fold takes a fast path for label text (one regular expression for the
    combining marks); it must agree with the definition, character by character."""
    import unicodedata

    from medref.textutil import fold

    def by_definition(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    label = (SECTIONS / "naproxen-f745e1c2.xml").read_text(encoding="utf-8")
    for text in (label, "Amlodipíne – ≥ 5 mg’s Crème brûlée", "ﬁ ligature ①", "a\U0001d167b é"):
        assert fold(text) == by_definition(text)


def test_of_two_uses_of_one_condition_the_heading_names_the_one_its_words_fit() -> None:
    """Imatinib's headings (Gleevec PI, 1.9/1.10 and 2.10/2.11): both GIST uses name GIST;
    "Metastatic and/or Unresectable" is in one's text only, "Adjuvant" in the other's name.
    A heading whose words fit each of several uses ("Ph+ CML CP, AP, or BC") keeps them all."""
    from medref.importer.ties import about, stems_of, tie

    uses = {
        "Kit (CD117) Positive Gastrointestinal Stromal Tumors (GIST)": "Patients with Kit "
        "(CD117) positive unresectable and/or metastatic malignant gastrointestinal stromal "
        "tumors (GIST).",
        "Adjuvant Treatment of GIST": "Adjuvant treatment of adult patients following complete "
        "gross resection of Kit (CD117) positive GIST.",
        "Newly Diagnosed Chronic Myeloid Leukemia (CML)": "Newly diagnosed adult and pediatric "
        "patients with Philadelphia chromosome positive chronic myeloid leukemia (Ph+ CML) in "
        "chronic phase.",
        "Later Phase Chronic Myeloid Leukemia (CML)": "Patients with Ph+ CML in blast crisis "
        "(BC), accelerated phase (AP), or in chronic phase (CP) after failure of "
        "interferon-alpha therapy.",
    }
    names = list(uses)
    abouts = [about(n) for n in names]

    def texts(index: int) -> frozenset[str]:
        return stems_of(f"{names[index]} {uses[names[index]]}")

    def tied(heading: str) -> list[str]:
        return [names[i] for i in tie(about(heading), abouts, texts)]

    assert tied("Adult Patients with Metastatic and/or Unresectable GIST") == [names[0]]
    assert tied("Adult Patients for Adjuvant Treatment of GIST") == [names[1]]
    assert tied("Adult Patients With Ph+ CML CP, AP, or BC") == names[2:]


def test_uses_of_one_condition_differ_by_intent_and_kind() -> None:
    """Rabeprazole's uses are all GERD (Aciphex PI 1.1-1.3): a dosing table row "Healing of
    Erosive or Ulcerative GERD" is the healing use's, not the maintenance one's (another
    intent) nor symptomatic GERD's (another kind)."""
    from medref.importer.ties import about, stems_of, tie

    names = [
        "Healing of Erosive or Ulcerative GERD in Adults",
        "Maintenance of Healing of Erosive or Ulcerative GERD in Adults",
        "Treatment of Symptomatic GERD in Adults",
        "Healing of Duodenal Ulcers in Adults",
    ]
    abouts = [about(n) for n in names]

    def tied(row: str) -> list[str]:
        return [names[i] for i in tie(about(row), abouts, lambda i: stems_of(names[i]))]

    assert tied("Healing of Erosive or Ulcerative GERD") == names[:1]
    assert tied("Maintenance of Healing of Erosive or Ulcerative GERD") == names[1:2]
    assert tied("Treatment of Symptomatic GERD") == names[2:3]
    assert tied("Healing of Duodenal Ulcers") == names[3:]


def test_a_lead_naming_people_heads_its_own_dosing(run: Run, tmp_path: Path) -> None:
    """Drug Facts: "Adults and children 12 years and over: take 2 tablets …" then
    "Children under 12 years: ask a doctor": the children's line is a block of its own,
    labelled for them, so that a question about children gets it and not the adults'
    dose; the adults' directions stay the use's block."""
    mono = _import(run, tmp_path, SECTIONS / "otc-analgesic-f6dde7e2.xml")
    labels = [b.label for b in mono.dosage.blocks]
    assert labels == ["Directions for All Uses", "Uses – Children under 12 years"]
    assert "take 2 tablets every 6 hours" in mono.dosage.blocks[0].text
    children = _dosage(run, tmp_path, mono, "children 6 years")
    assert "ask a doctor" in children and "take 2 tablets" not in children


def test_a_single_use_is_named_for_its_condition(run: Run, tmp_path: Path) -> None:
    """NeoProfen has one use, in one sentence: the indication is named for it (so "PDA"
    selects it), not "Approved Uses"."""
    mono = _import(run, tmp_path, SECTIONS / "ibuprofen-lysine-6e145d58.xml")
    names = [i.name for i in mono.usage.indications]
    assert names == ["Close a clinically significant patent ductus arteriosus"]
    assert "premature infants weighing between 500 and 1500 g" in mono.usage.indications[0].text
    assert "An initial dose of 10 mg per kilogram" in _dosage(run, tmp_path, mono, "PDA")
