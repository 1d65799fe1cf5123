"""Asserts the SARIF properties GitHub code scanning relies on.

usage: check_sarif.py FILE EXPECTED_RESULTS
"""
import json
import sys

log = json.load(open(sys.argv[1]))
expected = int(sys.argv[2])
assert log["version"] == "2.1.0", log["version"]
ids = [run["automationDetails"]["id"] for run in log["runs"]]
assert len(ids) == len(set(ids)), f"automationDetails.id repeats: {ids}"
total = 0
for run in log["runs"]:
    driver = run["tool"]["driver"]
    for key in ("name", "version", "semanticVersion", "informationUri"):
        assert driver.get(key), f"driver.{key} missing"
    rules = driver["rules"]
    for rule in rules:
        for key in ("id", "name", "shortDescription", "fullDescription", "help", "helpUri"):
            assert rule.get(key), f"rule {rule.get('id')}: {key} missing"
        assert rule["help"]["text"] and rule["help"]["markdown"]
        props = rule["properties"]
        assert any(t.startswith("hazard/") for t in props["tags"]), props["tags"]
        assert props["precision"] in ("very-high", "high", "medium", "low")
        assert props["problem.severity"] in ("error", "warning", "recommendation")
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    for result in run["results"]:
        total += 1
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
        region = loc["region"]
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            assert region[key] >= 1, f"region.{key}"
        fingerprint = result["partialFingerprints"]["primaryLocationLineHash"]
        assert ":" in fingerprint, fingerprint
        for fix in result.get("fixes", []):
            change = fix["artifactChanges"][0]
            assert change["replacements"][0]["deletedRegion"]["startLine"] >= 1
assert total == expected, f"{total} results, expected {expected}"
print(f"ok: {len(log['runs'])} runs, {total} results")
