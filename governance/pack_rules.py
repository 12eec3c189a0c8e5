"""How one edition of a pack differs from the one before: pure rules that also give the words people read."""

from __future__ import annotations


def changes_between(before: list[dict], after: list[dict]) -> list[str]:
    """What changed from one edition's manifest to the next's, in words: papers added, revised or withdrawn,
    files added or replaced (with the reason given)."""
    earlier = {entry["paper"]: entry for entry in before}
    later = {entry["paper"]: entry for entry in after}
    changes = []
    for paper, entry in later.items():
        was = earlier.get(paper)
        if was is None:
            changes.append(f"{entry['heading']} added")
            continue
        if was["version"] != entry["version"]:
            changes.append(f"{entry['heading']} revised")
        for title, number in entry["files"].items():
            if title not in was["files"]:
                changes.append(f"{title} added to {entry['heading']}")
            elif was["files"][title] != number:
                reason = entry["reasons"].get(title)
                changes.append(f"{title} replaced by version {number}" + (f": {reason}" if reason else ""))
    changes += [f"{entry['heading']} withdrawn" for paper, entry in earlier.items() if paper not in later]
    return changes
