"""junit_diff.py BERTH_XML DOCKERD_XML: per-test outcomes of two pytest junit reports (xunit2), their counts, and
the tests whose outcome differs. A test is 'pass', 'fail' (failure or error, setup and teardown included) or
'skip'; a test that is in one report only (the run was cut short) is 'missing' in the other."""
import sys
import xml.etree.ElementTree as ET


def outcomes(path):
    result = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = case.get("classname", "").removeprefix("tests.integration.") + "::" + case.get("name")
        tags = {child.tag for child in case}
        if "failure" in tags or "error" in tags:
            outcome = "fail"
        elif "skipped" in tags:
            outcome = "skip"
        else:
            outcome = "pass"
        # pytest reports a teardown error as a second <testcase> of the same name
        if result.get(name) != "fail":
            result[name] = outcome
    return result


def counts(results):
    return {kind: sum(1 for o in results.values() if o == kind) for kind in ("pass", "fail", "skip")}


def main(berth_xml, dockerd_xml):
    berth, dockerd = outcomes(berth_xml), outcomes(dockerd_xml)
    print("| engine | tests | pass | fail | skip |")
    print("|---|---|---|---|---|")
    for engine, results in (("dockerd", dockerd), ("berth", berth)):
        c = counts(results)
        print(f"| {engine} | {len(results)} | {c['pass']} | {c['fail']} | {c['skip']} |")
    names = sorted(set(berth) | set(dockerd))
    for title, want_d, want_b in (("pass on dockerd, not on berth", "pass", None),
                                  ("pass on berth, not on dockerd", None, "pass")):
        rows = [n for n in names
                if (want_d and dockerd.get(n) == want_d and berth.get(n, "missing") != want_d)
                or (want_b and berth.get(n) == want_b and dockerd.get(n, "missing") != want_b)]
        print(f"\n{title}: {len(rows)}")
        for n in rows:
            print(f"  {n}  (dockerd: {dockerd.get(n, 'missing')}, berth: {berth.get(n, 'missing')})")


if __name__ == "__main__":
    main(*sys.argv[1:3])
