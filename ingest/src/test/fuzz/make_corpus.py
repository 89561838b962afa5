#!/usr/bin/env python3
"""Writes the seed corpus of ReadersFuzzTest (docs/fuzzing.md): the test fixtures, and every
damaged input of issue 16, one folder per fuzz target. Run from the repository root; the output
is committed, and Jazzer replays it in every `mvn test`."""
import gzip, io, os, zipfile, zlib

ROOT = "ingest/src/test/resources"
FIX = ROOT + "/fixtures/"
OUT = ROOT + "/uk/schoolaccess/auditor/ingest/fuzz/ReadersFuzzTestInputs/"


def fixture(name):
    with open(FIX + name, "rb") as f:
        return f.read()


def put(target, name, data):
    os.makedirs(OUT + target, exist_ok=True)
    with open(OUT + target + "/" + name, "wb") as f:
        f.write(data)


SIMS = fixture("mis/sims-audit-week-01.csv")
STAFF = fixture("roster/staff.csv")
PUPILS = fixture("roster/pupils.csv")
DEEP_JSON = b'{"id":"d","x":' + b"[" * 5000 + b"]" * 5000 + b"}"
LONG_LINE = b"14/09/2026,09:00,ACarter," + b"X" * 5000


def sims_without(column_index):
    lines = SIMS.decode().splitlines()
    return ("\n".join(",".join(f for i, f in enumerate(l.split(",")) if i != column_index) for l in lines) + "\n").encode()


def pupils_1252_after_64k():
    b = io.StringIO()
    b.write("pupil_id,surname,forename,year_group,form,sen,family_key\n")
    i = 0
    while b.tell() < 66_000:
        b.write("P%05d,Surname,Forename,7,7A,N,F%04d\n" % (10000 + i, i))
        i += 1
    b.write("P00001,Able,Zo\u00eb,7,7A,N,F0001\n")
    return b.getvalue().encode("cp1252") + b"P00002,Bad,Ab\x81c,7,7A,N,F0002\n"


def utf16(data, le):
    return (b"\xff\xfe" + data.decode().encode("utf-16-le")) if le else (b"\xfe\xff" + data.decode().encode("utf-16-be"))


def stored_zip(name, data, flip=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(name, data)
    out = bytearray(buf.getvalue())
    if flip:
        at = out.find(flip)
        out[at + 4] = ord("1")
    return bytes(out)


def deflated_zip(name, data, damage=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    out = bytearray(buf.getvalue())
    if damage:
        at = 30 + len(name) + 40
        out[at] ^= 0x5A
        out[at + 1] ^= 0x21
    return bytes(out)


IMPOSSIBLE_DATES = fixture("neutral/record-access.csv") + b"".join(
    y + b"-03-02T10:00:00Z,arbor,a.carter@northfield.sch.uk,view,Student Details,P00101,,1,,203.0.113.10,s-9,\n"
    for y in (b"0001", b"1900", b"2099", b"9999", b"+10000"))

# The recogniser: every fixture's start, and each kind of damaged or empty input.
for root, _, files in os.walk(FIX):
    for f in files:
        with open(os.path.join(root, f), "rb") as fh:
            put("recogniser", "fixture-" + f, fh.read()[:8192])
for name, data in {
    "empty": b"",
    "graph-empty-week.json": b'{"@odata.context":"x","value":[]}',
    "empty-array.json": b"[]",
    "google-empty-week.json": b'{"kind":"admin#reports#activities","etag":"\\"x\\""}',
    "utf16le-staff.csv": utf16(STAFF, True),
    "utf16be-pupils.csv": utf16(PUPILS, False),
    "sims-missing-record-id.csv": sims_without(7),
    "deep-ndjson.json": DEEP_JSON + b"\n",
    "long-line.csv": LONG_LINE,
}.items():
    put("recogniser", name, data)

for f in ("staff.csv", "pupils.csv", "teaching_groups.csv", "pastoral.csv", "incidents.csv"):
    put("rosterReaders", f, fixture("roster/" + f))
put("rosterReaders", "utf16le-staff.csv", utf16(STAFF, True))
put("rosterReaders", "utf16be-pupils.csv", utf16(PUPILS, False))
put("rosterReaders", "pupils-1252-after-64k.csv", pupils_1252_after_64k())
put("rosterReaders", "pupils-bad-utf8.csv", b"\xef\xbb\xbf" + PUPILS + b"P00004,Bad,Z\xff,7,7A,N,F2\n")
put("rosterReaders", "staff-long-line.csv", STAFF + b"S0009," + b"L" * 5000 + b",teacher,\n")
put("rosterReaders", "empty", b"")

for f in ("mis/sims-audit-week-01.csv", "mis/sims-audit-damaged.csv", "mis/sims-autumn-clock-change.csv",
          "mis/sims-spring-clock-change.csv", "cpoms/cpoms-audit-week-01.csv", "neutral/record-access.csv"):
    put("misAndSafeguardingProfiles", os.path.basename(f), fixture(f))
put("misAndSafeguardingProfiles", "sims-missing-record-id.csv", sims_without(7))
put("misAndSafeguardingProfiles", "sims-long-line.csv", SIMS + LONG_LINE + b"\n" + SIMS.splitlines(True)[1])
put("misAndSafeguardingProfiles", "impossible-dates.csv", IMPOSSIBLE_DATES)
put("misAndSafeguardingProfiles", "sims-1252.csv", SIMS + "14/09/2026,09:00,ZoëB,PC,Attendance,View,Student,P1,1\n".encode("cp1252"))

for f in ("entra/admin-centre-signins.csv", "entra/admin-centre-signins-older-download.csv",
          "entra/log-analytics-signinlogs-plain.csv", "entra/log-analytics-signinlogs-split.csv",
          "entra/graph-signins-page.json", "entra/graph-signins.ndjson", "entra/azure-monitor-signins.json"):
    put("entraReaders", os.path.basename(f), fixture(f))
graph = fixture("entra/graph-signins-page.json")
put("entraReaders", "graph-deep-record.json", graph.replace(b'"value": [', b'"value": [' + DEEP_JSON + b",", 1))
put("entraReaders", "graph-deep-first.json", b'{"value":[' + DEEP_JSON + b"]}")
put("entraReaders", "graph-empty-week.json", b'{"@odata.context":"x","value":[]}')
put("entraReaders", "graph-not-objects.json", b'{"value":[5,"x",[1],null,{"id":"a"}]}')
put("entraReaders", "graph-truncated.json", graph[: len(graph) // 2])

for f in ("windows/security-ndjson-quirks.ndjson", "windows/sentinel-securityevent.csv", "windows/winlogbeat-ecs.ndjson"):
    put("windowsReaders", os.path.basename(f), fixture(f))
nd = fixture("windows/security-ndjson-quirks.ndjson")
put("windowsReaders", "deep-first-line.ndjson", DEEP_JSON + b"\n" + nd)
put("windowsReaders", "long-first-line.ndjson", b'{"EventID":4624,"x":"' + b"y" * 5000 + b'"}\n' + nd)
put("windowsReaders", "undecodable.ndjson", nd.splitlines(True)[1].replace(b"security", b"secur\xffity") + nd)
put("windowsReaders", "utf16le.ndjson", utf16(nd[:4000].rsplit(b"\n", 1)[0] + b"\n", True))

for f in ("google/reports-api-activities.ndjson", "google/reports-api-items.json",
          "google/google-workspace-flattened-small.csv", "arbor/arbor-login-history.csv",
          "arbor/arbor-login-history-clock-changes.csv"):
    put("googleAndArborReaders", os.path.basename(f), fixture(f))
put("googleAndArborReaders", "google-empty-week.json", b'{"kind":"admin#reports#activities","etag":"\\"x\\""}')
put("googleAndArborReaders", "google-deep-item.json", b'{"kind":"admin#reports#activities","items":[' + DEEP_JSON + b"]}")

put("archives", "good.zip", deflated_zip("sims-audit-week-01.csv", SIMS))
put("archives", "crc-damaged-stored.zip", stored_zip("sims-audit-week-01.csv", SIMS, flip=b"NFS-RM12-PC03"))
put("archives", "damaged-deflated.zip", deflated_zip("sims-audit-week-01.csv", SIMS, damage=True))
put("archives", "not-a-zip.zip", b"this is not a zip archive at all")
put("archives", "sims.csv.gz", gzip.compress(SIMS, mtime=0))
put("archives", "truncated.csv.gz", gzip.compress(SIMS, mtime=0)[:200])
