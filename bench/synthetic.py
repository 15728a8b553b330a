"""Deterministic synthetic monographs in the seed's format, for scale benchmarks.

``generate(folder, count, seed)`` writes ``count`` varied monographs (names, indications,
dosing, side-effect groups, precautions, FAQs) drawn from a seeded random generator: the same
seed gives the same files. They are fiction for measuring speed, never medical content.
"""

from __future__ import annotations

import random
from pathlib import Path

SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zi",
    "zo",
    "xa",
    "xe",
]
SUFFIXES = [
    ("mab", "Monoclonal antibody"),
    ("tinib", "Kinase inhibitor"),
    ("pril", "ACE inhibitor"),
    ("sartan", "Angiotensin II receptor blocker"),
    ("olol", "Beta blocker"),
    ("statin", "HMG-CoA reductase inhibitor"),
    ("azole", "Antifungal"),
    ("cillin", "Penicillin antibiotic"),
    ("parin", "Anticoagulant"),
    ("xaban", "Anticoagulant"),
    ("dipine", "Calcium channel blocker"),
    ("prazole", "Proton pump inhibitor"),
    ("oxetine", "Antidepressant"),
    ("lukast", "Leukotriene receptor antagonist"),
    ("vir", "Antiviral"),
    ("zomib", "Proteasome inhibitor"),
    ("lidomide", "Immunomodulator"),
]
CONDITIONS = [
    "Hypertension",
    "Heart Failure",
    "Atrial Fibrillation",
    "Angina",
    "Type 2 Diabetes",
    "Hypothyroidism",
    "Asthma",
    "Chronic Obstructive Pulmonary Disease",
    "Pneumonia",
    "Urinary Tract Infection",
    "Skin Infection",
    "Migraine",
    "Epilepsy",
    "Major Depression",
    "Generalized Anxiety",
    "Insomnia",
    "Rheumatoid Arthritis",
    "Osteoarthritis",
    "Psoriasis",
    "Crohn Disease",
    "Ulcerative Colitis",
    "Gastroesophageal Reflux",
    "Peptic Ulcer",
    "Multiple Myeloma",
    "Breast Cancer",
    "Lung Cancer",
    "Colorectal Cancer",
    "Prostate Cancer",
    "Chronic Lymphocytic Leukemia",
    "Follicular Lymphoma",
    "Hyperlipidemia",
    "Gout",
    "Osteoporosis",
    "Glaucoma",
    "Allergic Rhinitis",
    "Acne",
    "HIV Infection",
    "Hepatitis C",
    "Herpes Zoster",
    "Influenza",
    "Schizophrenia",
    "Bipolar Disorder",
    "Parkinson Disease",
    "Alzheimer Disease",
    "Multiple Sclerosis",
    "Overactive Bladder",
    "Benign Prostatic Hyperplasia",
    "Anemia of Chronic Kidney Disease",
    "Deep Vein Thrombosis Prophylaxis",
    "Nausea and Vomiting",
]
COMMON = [
    "Headache",
    "Nausea",
    "Diarrhea",
    "Constipation",
    "Fatigue",
    "Dizziness",
    "Rash",
    "Itching",
    "Dry mouth",
    "Cough",
    "Back pain",
    "Joint pain",
    "Muscle pain",
    "Insomnia",
    "Drowsiness",
    "Abdominal pain",
    "Vomiting",
    "Decreased appetite",
    "Weight gain",
    "Swelling of the ankles",
    "Flushing",
    "Sweating",
    "Blurred vision",
    "Runny nose",
    "Sore throat",
    "Heartburn",
]
SERIOUS = [
    "Blood clots (deep vein thrombosis, pulmonary embolism)",
    "Severe allergic reactions",
    "Liver damage (hepatotoxicity)",
    "Kidney problems",
    "Severe skin reactions",
    "Low platelet count (thrombocytopenia)",
    "Serious infections",
    "Heart rhythm problems",
    "Bleeding, including gastrointestinal bleeding",
    "Pancreatitis",
    "Seizures",
    "Low blood sugar (hypoglycemia)",
    "High potassium (hyperkalemia)",
    "Lung inflammation",
    "Muscle breakdown (rhabdomyolysis)",
    "Suicidal thoughts",
    "Stroke",
    "Heart attack",
]
PRECAUTIONS = [
    ("Pregnancy", "May harm an unborn baby; effective contraception is advised."),
    ("Breastfeeding", "Not recommended during treatment."),
    ("Kidney Impairment", "Lower doses may be needed when kidney function is reduced."),
    ("Liver Impairment", "Avoid in severe liver disease."),
    ("Interactions", "Strong CYP3A inhibitors raise blood levels."),
    ("Driving", "Dizziness may impair the ability to drive."),
    ("Infections", "Do not start during an active serious infection."),
    ("Bleeding Risk", "Combining with anticoagulants increases bleeding risk."),
]


# Interaction items in the format labels use (a class or medicine, then what the label
# says), with the classes and medicines of the class table, so that a medicine list of real
# names meets them; {name} is the synthetic drug, {dose} a number. Fiction, like the rest.
INTERACTIONS = [
    ("Strong CYP3A4 inhibitors (ketoconazole, itraconazole, clarithromycin)",
     "Avoid using them with {name}; if one cannot be avoided, reduce the {name} dose by 50%."),
    ("Strong CYP3A4 inducers (rifampin, carbamazepine, phenytoin)",
     "Avoid; they lower {name} levels and may make it work less well."),
    ("Warfarin", "Monitor the INR closely when {name} is started or stopped."),
    ("NSAIDs", "Taking them with {name} raises the risk of bleeding; use with caution."),
    ("Strong CYP2D6 inhibitors (fluoxetine, paroxetine, bupropion)",
     "Do not exceed {dose} mg of {name} a day."),
    ("MAOIs", "Contraindicated: do not use {name} within 14 days of an MAOI."),
    ("Digoxin", "{name} raises digoxin levels; monitor digoxin levels."),
    ("Antacids", "Take {name} at least 2 hours apart from antacids."),
    ("Proton pump inhibitors", "They reduce the absorption of {name}; avoid using them together."),
    ("Grapefruit juice", "It raises {name} levels."),
    ("Other serotonergic drugs (SSRIs, SNRIs, triptans, tramadol)",
     "Monitor for serotonin syndrome, especially when starting {name}."),
    ("Statins", "The risk of muscle injury rises; consider a lower statin dose."),
    ("Insulin and insulin secretagogues",
     "A lower dose of insulin or of the secretagogue may be needed with {name}."),
    ("Lithium", "No clinically significant interaction with {name} was seen."),
    ("Potassium-sparing diuretics (spironolactone, amiloride)",
     "Monitor serum potassium frequently while taking {name}."),
]  # fmt: skip


def _name(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        suffix, drug_class = rng.choice(SUFFIXES)
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        name = stem + suffix
        if name not in used:
            used.add(name)
            return name, drug_class


def monograph(
    rng: random.Random, name: str, drug_class: str, brand: str, earlier: list[str] | None = None
) -> str:
    title = name.capitalize()
    indications = rng.sample(CONDITIONS, rng.randint(1, 4))
    lines = [
        "---",
        f"title: {title}",
        f"aliases: [{brand}]",
        f"drug_class: {drug_class}",
        "sources:",
        f"  - label: {brand.upper()} ({name}) synthetic label for benchmarks",
        f"    revised: 20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}",
        f"last_reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        "---",
        "",
        f"# {title}",
        "### Generic Name",
        title,
        "",
        "### Usage",
        f"{title} is a {drug_class.lower()} used in {len(indications)} condition(s).",
        "",
    ]
    for ind in indications:
        lines += [
            f"**{ind}:** Used for adults with {ind.lower()} when other treatments have "
            f"not worked or are not suitable.",
            "",
        ]
    lines += ["### Dosage", "Doses depend on the condition and on kidney function.", ""]
    for ind in indications:
        dose = rng.choice([1, 2.5, 5, 10, 20, 25, 40, 50, 100, 200, 500])
        when = rng.choice(["once daily", "twice daily", "every 8 hours", "once weekly"])
        lines += [
            f"**{ind} (Adults):** {dose} mg by mouth {when}; the maximum is "
            f"{dose * 4:g} mg a day. Treatment continues while it helps.",
            "",
        ]
    lines += [
        "**Renal Impairment:** Reduce the dose by half when creatinine clearance is below "
        f"{rng.choice([30, 45, 60])} mL/min.",
        "",
        "**Pediatric Dosage:** Safety and efficacy in children have not been established.",
        "",
        "### Side Effects",
        f"{title} can cause side effects; this list is not complete.",
        "",
        f"**Common Side Effects (>{rng.choice([5, 10])}%):**",
        "",
    ]
    lines += [f"* {s}" for s in rng.sample(COMMON, rng.randint(5, 12))]
    lines += ["", "**Less Common but Serious Side Effects:**", ""]
    lines += [f"* {s}" for s in rng.sample(SERIOUS, rng.randint(2, 6))]
    lines += [
        "",
        "### How it Works",
        f"* **Target:** {title} acts on a {rng.choice(['receptor', 'enzyme', 'channel'])} "
        "involved in the disease.",
        "* **Effect:** This reduces symptoms and slows progression.",
        "",
        "### Precautions",
    ]
    lines += [f"* **{label}:** {text}" for label, text in rng.sample(PRECAUTIONS, 4)]
    lines += _interactions(rng, name, earlier or [])
    lines += [
        "",
        "### FAQs",
        f"* **Q: Can I drink alcohol while taking {name}?** A: Limit alcohol; ask your doctor.",
        f"* **Q: What if I miss a dose of {name}?** A: Take it when you remember unless the next "
        "dose is near; never double up.",
        "",
        f"**Disclaimer:** Synthetic monograph for benchmarks; {name} is not a real drug.",
        "",
    ]
    return "\n".join(lines)


def _interactions(rng: random.Random, name: str, earlier: list[str]) -> list[str]:
    """An Interactions section: a few items about classes and real medicines, and one or
    two about synthetic drugs written before this one (by name)."""
    lines = ["", "### Interactions", "The label names these interactions.", ""]
    for label, text in rng.sample(INTERACTIONS, rng.randint(2, 5)):
        lines.append(f"* **{label}:** " + text.format(name=name, dose=rng.choice([10, 20, 40])))
    for other in rng.sample(earlier[-500:], min(len(earlier), rng.randint(0, 2))):
        lines.append(
            f"* **{other.capitalize()}:** Taking it with {name} raises {other} levels; "
            "monitor for its side effects."
        )
    return lines


def generate(folder: Path, count: int, seed: int = 2026) -> list[str]:
    """Write ``count`` monographs into ``folder``; returns their names."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    names = []
    for _ in range(count):
        name, drug_class = _name(rng, used)
        brand = name
        while brand.lower() in used:  # every name and alias unique, as in a real library
            brand = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + "x"
        used.add(brand.lower())
        (folder / f"{name}.md").write_text(monograph(rng, name, drug_class, brand, names))
        names.append(name)
    return names


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(
        description="Write deterministic synthetic monographs (fiction, for speed and scale "
        "measurements only) into a folder.",
        epilog="Example: python bench/synthetic.py /tmp/lib --count 3000",
    )
    parser.add_argument("folder", type=Path, help="folder to write NAME.md files into")
    parser.add_argument("--count", type=int, default=1000, help="how many (default 1000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = parser.parse_args()
    names = generate(args.folder, args.count, args.seed)
    print(f"wrote {len(names)} monographs to {args.folder}")


if __name__ == "__main__":
    main()
