"""Calling flywheel-policy serve from a Python flywheel (standard library only).

    python3 client.py http://127.0.0.1:8080/

Checks a contributor's preference at ingest, then decides whether it allows training with attribution.
"""
import json
import sys
import urllib.error
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/"


def call(path, body):
    request = urllib.request.Request(
        BASE.rstrip("/") + path,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:  # 4xx/5xx: the body is a JSON diagnostic
        problem = json.load(error)["diagnostics"][0]
        raise RuntimeError(f"{error.code} {problem['code']}: {problem['message']}") from None


def check(terms):
    """Returns the canonical terms, or raises ValueError with what to fix (offsets index Python strings)."""
    result = call("/v1/validate", {"terms": terms})
    if result["valid"]:
        return result["canonical"]
    problems = []
    for d in result["diagnostics"]:
        # Python strings are code points, so "offset"/"length" index them; browsers use utf16Offset/utf16Length.
        word = terms[d["offset"]:d["offset"] + d["length"]] if d["offset"] is not None else ""
        problems.append(f"{d['code']} at '{word}': {d['message']}" + (f" ({d['help']})" if d["help"] else ""))
    raise ValueError("; ".join(problems))


if __name__ == "__main__":
    try:
        check("trian if attribution")
    except ValueError as problem:
        print("rejected:", problem)
    terms = check("train if attribution")
    print("accepted:", terms)
    decision = call("/v1/decide", {"terms": terms, "purpose": "train", "honour": ["attribution"],
                                   "at": "2027-03-01"})
    duties = ", ".join(o["type"] for o in decision["obligations"])
    print("decision:", decision["decision"], "allowed" if decision["allowed"] else "not allowed", "with", duties)
