#!/usr/bin/env python3
"""The filter a user might write instead of `flywheel-policy filter`: the baseline of bin/bench-filter.

One json.loads per line and a dict lookup of the record's `preference` string in a table of the strings taken to
allow training; each line is copied as it is to the allowed or the denied file. It ignores the language altogether:
no statements, licences, collectives, times, obligations, quotas, ledger, and a terms string it has not listed is
denied. It is here to give `filter` a floor to be measured against, not as a filter to use.

    bench/naive_filter.py IN ALLOWED DENIED
"""
import json
import sys

ALLOWS_TRAINING = {
    "allow train": True,
    "allow train, eval": True,
    "allow ai": True,
    "train if attribution": True,
    "allow train until 2027-01-01": False,
    "deny train until 2027-01-01; allow train": True,
    "allow train if limit 3 per month; allow eval": True,
    "pay collective masakhane 0.002 EUR per item": True,
    "eval-only": False,
    "search-only": False,
    "no-train": False,
    "allow eval": False,
}


def main(argv):
    if len(argv) != 4:
        print("usage: naive_filter.py IN ALLOWED DENIED", file=sys.stderr)
        return 2
    read = allowed = 0
    with open(argv[1], "rb") as src, open(argv[2], "wb") as yes, open(argv[3], "wb") as no:
        for line in src:
            read += 1
            try:
                record = json.loads(line)
                preference = record.get("preference") if isinstance(record, dict) else None
            except ValueError:
                preference = None
            if ALLOWS_TRAINING.get(preference, False):
                allowed += 1
                yes.write(line)
            else:
                no.write(line)
    print(f"records read {read}, allowed {allowed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
