"""Check IATI files against every rule of the official IATI Validator.

usage: iatirules.py STANDARDS NOW FILE...

STANDARDS is the folder holding validator-rules.csv and codelists/ (the
shared standards' iati/ folder), NOW the instant the rules take as now
(xs:dateTime), and each FILE an IATI activity or organisation file. For
every rule whose context matches something in a file and whose test holds
there, it prints a line

    SEVERITY<TAB>ID<TAB>FILE<TAB>WHERE<TAB>MESSAGE

and for every rule it cannot evaluate, one with the severity
"Unevaluable" and the reason. Rules with no severity in the CSV (the
percentage sums) are errors in rulesets-standard.json, and are reported as
errors. The validator's rules are XPath 3 tests, evaluated here by
elementpath (Debian's python3-elementpath, with python3-lxml) with what the
validator's engine binds around them declared below.
"""

import csv
import os
import re
import sys

import elementpath
import lxml.etree as etree
from elementpath import XPathContext
from elementpath.datatypes import DateTime10
from elementpath.xpath30 import XPath30Parser

# The FunctX functions the rules call, inlined with their published
# definitions (functx.com), since elementpath 2.5 cannot declare functions.
FUNCTX = {
    "functx:trim": "replace(replace({0}, '\\s+$', ''), '^\\s+', '')",
    # replace() with the "\\$1" of FunctX's definition drops the backslash
    # in elementpath 2.5, so this escapes each character in turn.
    "functx:escape-for-regex": "string-join(for $c in string-to-codepoints({0}) return "
    "(if (contains('.[]\\|-^$?*+{{}}()', codepoints-to-string($c))) then '\\' else '') || codepoints-to-string($c), '')",
}

# The rules whose test reads $group: the engine runs them once for each
# group of elements that rulesets-standard.json's cases name (a "loop" over
# the vocabularies used, or one group), under that case's condition. Each
# entry is (what to loop over or None, the group, the condition), with $v
# the vocabulary of the round.
SECTOR1 = "sector[@vocabulary = ('', '1') or not(@vocabulary)]"
SECTORV = "sector[@vocabulary != '1']/@vocabulary"
REGIONV = "recipient-region/@vocabulary"
CBIV = "country-budget-items/@vocabulary"
CBI = "country-budget-items[@vocabulary = $v]/budget-item"
GROUPS = {
    "2.1.1": [(None, SECTOR1, "count($group) > 1"), (SECTORV, "sector[@vocabulary = $v]", "count($group) > 1")],
    "2.1.2": [(None, SECTOR1, "count($group/@percentage) > 1"), (SECTORV, "sector[@vocabulary = $v]", "count($group) > 1")],
    "2.1.4": [(None, SECTOR1, "count($group) = 1"), (SECTORV, "sector[@vocabulary = $v]", "count($group) = 1")],
    "3.1.1": [(None, "recipient-country", "count($group) > 1 and not(recipient-region)")],
    "3.1.2": [(None, "recipient-country", "count($group) > 1 and not(recipient-region)")],
    "3.1.4": [(None, "recipient-country", "count($group) = 1 and not(recipient-region)")],
    "3.4.1": [(REGIONV, "recipient-region[@vocabulary = $v]", "count($group) > 1")],
    "3.4.2": [(REGIONV, "recipient-region[@vocabulary = $v] | recipient-country", "count($group) > 1")],
    "3.4.4": [(REGIONV, "recipient-region[@vocabulary = $v]", "count($group) = 1 and not(recipient-country)")],
    "7.9.1": [(CBIV, CBI, "count($group) > 1")],
    "7.9.2": [(CBIV, CBI, "count($group) > 1")],
    "7.9.4": [(CBIV, CBI, "count($group) = 1")],
}

# The validator's me:codeListFail(., 'Name', $iati-version) is true when
# the value is not a code of codelist Name; it becomes a test against
# $codelist-Name, bound to the codes of codelists/Name.xml (a codelist not
# there leaves the variable unbound: its rule fails to evaluate).
CODELIST_FAIL = re.compile(r"me:codeListFail\(\.,\s*'([^']+)',\s*\$iati-version\)")


def inline(expr):
    """Returns expr with the FunctX calls replaced by their definitions,
    XSLT's current() by $current, and me:codeListFail as CODELIST_FAIL
    says."""
    expr = expr.replace("current()", "$current")
    expr = CODELIST_FAIL.sub(r"not(string(.) = $codelist-\1)", expr)
    for name, body in FUNCTX.items():
        while name + "(" in expr:
            start = expr.index(name + "(")
            i, depth = start + len(name), 0
            while True:
                depth += {"(": 1, ")": -1}.get(expr[i], 0)
                if depth == 0:
                    break
                i += 1
            expr = expr[:start] + body.format(inline(expr[start + len(name) + 1:i])) + expr[i + 1:]
    return expr


def context_paths(ctx):
    """Returns the rule's context, a match pattern, as expressions that
    together select what it matches in a document: one for each of its
    alternatives, "(a|b)[p]" being "a[p]" and "b[p]", since elementpath
    takes minutes over //(a|b)."""
    if ctx.startswith("/"):
        return [ctx]
    return ["//" + a for a in alternatives(ctx)]


def alternatives(pattern):
    out, depth, start = [], 0, 0
    for i, c in enumerate(pattern + "|"):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        if c == "|" and depth == 0:
            alt = pattern[start:i].strip()
            start = i + 1
            close = alt.find(")")
            if alt.startswith("(") and alt.count("(") == 1:
                out += [a + alt[close + 1:] for a in alternatives(alt[1:close])]
            else:
                out.append(alt)
    return out


def codelists(standards):
    """Returns the codes of every codelist in the standards, as the
    variables CODELIST_FAIL's tests read."""
    out = {}
    folder = os.path.join(standards, "codelists")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".xml"):
            codes = etree.parse(os.path.join(folder, name)).xpath("//codelist-item/code/text()")
            out["codelist-" + name[:-len(".xml")]] = sorted(set(codes))
    return out


def value(node):
    if isinstance(node, elementpath.xpath_nodes.AttributeNode):
        return node.value
    if isinstance(node, etree._Element):
        return node.text or ""
    return str(node)


def where(node):
    if isinstance(node, elementpath.xpath_nodes.AttributeNode):
        return where(node.parent) + "/@" + node.name
    if isinstance(node, etree._Element):
        return node.getroottree().getpath(node)
    return str(node)


def main():
    standards, now, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    parser = XPath30Parser(namespaces={"xs": "http://www.w3.org/2001/XMLSchema"})
    rules = list(csv.DictReader(open(os.path.join(standards, "validator-rules.csv"), encoding="utf-8")))
    lists = codelists(standards)
    parsed = {}

    def parse(expr):
        if expr not in parsed:
            parsed[expr] = parser.parse(expr)
        return parsed[expr]

    # Every test is parsed first, so that one that cannot be (a function
    # not declared here) is reported whether or not anything it is about
    # is in the files.
    out, broken = [], set()
    for rule in rules:
        test = rule["Test (Xpath)"].strip()
        if rule["Context (Xpath)"].strip() == "mapping" or not test:
            continue
        try:
            parse(inline(test))
        except Exception as e:
            out.append("Unevaluable\t%s\t\t\t%s: %s" % (rule["ID"], type(e).__name__, e))
            broken.add(rule["ID"])
    for path in files:
        root = etree.parse(path).getroot()
        base = dict(lists, **{
            "iati-version": root.get("version"),
            "now": DateTime10.fromstring(now),
            "org-id-prefixes": lists["codelist-OrganisationRegistrationAgency"],
        })

        shared = XPathContext(root, variables=base)  # one context, so that its parent map is made once
        start = shared.item

        def select(expr):
            shared.item, shared.variables = start, base
            shared.size = shared.position = 1
            shared.axis = None
            return list(parse(expr).select(shared))

        def evaluate(expr, node, **variables):
            shared.item, shared.variables = node, dict(base, **variables)
            shared.size = shared.position = 1
            shared.axis = None
            return parse(expr).evaluate(shared)

        for rule in rules:
            rid, test, ctx = rule["ID"], rule["Test (Xpath)"].strip(), rule["Context (Xpath)"].strip()
            severity = rule["Severity"] or "Error"
            if ctx == "mapping" or rid in broken:
                continue  # the template the 9.x codelist rules are made from, not a rule; or reported
            try:
                nodes = []
                for expr in context_paths(ctx):
                    nodes += [n for n in select(expr) if n not in nodes]
                fired = []
                if not test:
                    fired = nodes  # the context alone is the failure
                elif "$group" in test:
                    if nodes and rid not in GROUPS:
                        raise LookupError("its test reads $group, which no entry of GROUPS defines")
                    for n in nodes:
                        for loop, group, cond in GROUPS.get(rid, []):
                            vocabularies = [None] if loop is None else sorted(set(value(v) for v in evaluate(loop, n) or []))
                            for v in vocabularies:
                                g = evaluate(group, n, v=v) or []
                                if bool_of(evaluate(cond, n, v=v, group=g)) and bool_of(evaluate(inline(test), n, group=g)):
                                    fired.append(n)
                else:
                    expr = inline(test)
                    for n in nodes:
                        if bool_of(evaluate(expr, n, item=n, itemnode=n, current=n)):
                            fired.append(n)
            except Exception as e:
                out.append("Unevaluable\t%s\t%s\t\t%s: %s" % (rid, path, type(e).__name__, e))
                continue
            for n in fired:
                out.append("%s\t%s\t%s\t%s\t%s" % (severity, rid, path, where(n), rule["Message"]))
    print("\n".join(out))


def bool_of(v):
    """Returns the effective boolean value of an evaluation's result."""
    if isinstance(v, list):
        return len(v) > 0
    return bool(v)


if __name__ == "__main__":
    main()
