"""``medref new``: a skeleton monograph with every section and front matter key."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .errors import StorageError, UsageError
from .textutil import name_key

TEMPLATE = """\
---
title: {title}
aliases: []
drug_class:
sources:
  - label: {upper} ({lower}) US prescribing information
    revised:
last_reviewed: {today}
---

# {title}
### Generic Name
{title}

### Usage
One sentence on what {lower} is and what it treats.

**Indication Name:** The use as the label states it: the condition and the patients.

### Dosage
**Indication Name (Adults):** Dose with its unit, route, frequency and duration as the label \
gives them, e.g. 10 mg by mouth once daily.

**Renal Impairment:** Adjustments that apply to every indication, or that none is needed.

**Hepatic Impairment:** Adjustments that apply to every indication, or that none is needed.

**Pediatric Dosage:** Approved ages, or that safety and efficacy are not established.

### Side Effects
**Common Side Effects (>10%):**

* A common side effect

**Less Common but Serious Side Effects:**

* A serious side effect

### How it Works
* **Mechanism:** How the drug acts, in plain words.

### Precautions
* **Pregnancy:** What the label says about pregnancy and breastfeeding.

### Interactions
The label names these interactions; tell your doctor about every medicine you take.

* **Strong CYP3A4 inhibitors (ketoconazole, itraconazole):** What the label's Drug \
Interactions section says of them, in its words: contraindicated, avoid, the dose change \
(e.g. reduce the {lower} dose by 50%), or what to monitor.
* **Warfarin:** One item per medicine or class the label names.

### FAQs
* **Q: Can I drink alcohol while taking {lower}?** A: The answer, from the label.
* **Q: What should I do if I miss a dose?** A: The answer, from the label.

**Disclaimer:** This information is for educational purposes only and is not a substitute \
for professional medical advice. Always consult with your doctor or pharmacist before \
starting any new medication, including {lower}.
"""


def write_skeleton(name: str, folder: Path) -> Path:
    """Write NAME.md into folder; never overwrites an existing file."""
    key = name_key(name)
    if not key or "/" in name or "\\" in name or "\x00" in name:
        raise UsageError(f"{name!r} is not a drug name")
    title = " ".join(w.capitalize() for w in key.split("-"))
    text = TEMPLATE.format(
        title=title, upper=title.upper(), lower=title.lower(), today=dt.date.today().isoformat()
    )
    target = folder / f"{key}.md"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_EXCL: refuse to replace a file, even one created a moment ago by someone else.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise StorageError(f"{target} already exists; not overwritten") from None
    except OSError as exc:
        raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return target
