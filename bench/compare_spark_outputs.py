#!/usr/bin/env python3
"""Checks that the Spark job and `flywheel-policy filter`, run on the same input with the same request, allowed and
denied the same lines with the same details.

    compare_spark_outputs.py CLI_ALLOWED.jsonl CLI_DENIED.jsonl SPARK_ALLOWED_DIR SPARK_DENIED_DIR

The two write different layouts by design (docs/SPARK.md, section 1): the command line writes one JSON Lines file per
output with `decision` and `diagnostics` as JSON and the valid record as `record` (docs/FILTER.md, section 7); Spark
writes directories of part files with `decisionJson` and `diagnostics` as JSON strings, the line as read in `text`,
no `outcome` and `reason` in the allowed rows, and null members left out (of the obligations too, which are compared
without them). What must not differ, and is compared line
by line: the set of line numbers in each output and, per line, the id, outcome, reason, obligations, decision
(reasons included), the record (parsed, or the text as read when it is not a valid record) and, for denied and
invalid lines, the diagnostics (Spark's allowed rows carry none: a valid record's warnings are not written there).

Both sides are read as streams in line order (the part files in name order follow the input's splits), so memory
stays flat on large files. Exit 0 and one line when they agree; exit 1 and the first difference otherwise.
"""
import glob
import json
import os
import sys


def without_nulls(value):
    """The value with null object members left out, as Spark's JSON writer leaves them out of its columns."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def cli_rows(path, allowed):
    with open(path, encoding="utf-8") as f:
        for text in f:
            row = json.loads(text)
            record = row["record"] if row.get("record") is not None else {"text as read": row.get("text")}
            yield (row["line"], row["id"], row["outcome"], row["reason"], without_nulls(row["obligations"]),
                   row["decision"], None if allowed else row["diagnostics"], record)


def spark_rows(directory, allowed):
    parts = sorted(glob.glob(os.path.join(directory, "part-*")))
    if not parts:
        raise SystemExit(f"compare: no part files in {directory}")
    for part in parts:
        with open(part, encoding="utf-8") as f:
            for text in f:
                row = json.loads(text)
                decision = json.loads(row["decisionJson"]) if row.get("decisionJson") is not None else None
                diagnostics = json.loads(row["diagnostics"]) if row.get("diagnostics") is not None else []
                if decision is not None:
                    record = json.loads(row["text"])
                else:
                    record = {"text as read": row.get("text")}
                outcome = "allowed" if allowed else row["outcome"]
                reason = None if allowed else row.get("reason")
                yield (row["line"], row.get("id"), outcome, reason, row.get("obligations", []), decision,
                       None if allowed else diagnostics, record)


FIELDS = ("line", "id", "outcome", "reason", "obligations", "decision", "diagnostics", "record")


def compare(name, cli, spark):
    count = 0
    previous = 0
    missing = object()
    for count, (c, s) in enumerate(zip_longest(cli, spark, missing), start=1):
        if c is missing:
            return f"{name}: line {s[0]} is in Spark's output only"
        if s is missing:
            return f"{name}: line {c[0]} is in the command line's output only"
        if s[0] <= previous:
            return f"{name}: Spark's part files are not in line order at line {s[0]}"
        previous = s[0]
        for field, a, b in zip(FIELDS, c, s):
            if a != b:
                return f"{name}: line {c[0]}: {field} differs: command line {json.dumps(a)[:300]}, " \
                       f"Spark {json.dumps(b)[:300]}"
    return count


def zip_longest(a, b, fill):
    a, b = iter(a), iter(b)
    while True:
        x, y = next(a, fill), next(b, fill)
        if x is fill and y is fill:
            return
        yield x, y


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    cli_allowed, cli_denied, spark_allowed, spark_denied = argv[1:]
    counts = []
    for name, cli, spark, allowed in (("allowed", cli_allowed, spark_allowed, True),
                                      ("denied", cli_denied, spark_denied, False)):
        result = compare(name, cli_rows(cli, allowed), spark_rows(spark, allowed))
        if isinstance(result, str):
            print(result)
            return 1
        counts.append(result)
    print(f"same lines and details: {counts[0]:,} allowed, {counts[1]:,} denied or invalid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
