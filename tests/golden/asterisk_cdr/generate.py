#!/usr/bin/env python3
"""Writes Master.csv (an Asterisk cdr_csv file) and Master.expected.json (what importing it must give).

Deterministic: the same script always writes the same two files. Run it from anywhere after changing it:

    python3 tests/golden/asterisk_cdr/generate.py

The file is two weeks of calls to two numbers of a business in America/New_York, as cdr_csv writes them
(loguniqueid and loguserfield on, records in hang-up order), with what real files carry: ring groups that
write several records for one call (some of them far apart in the file), callers written in different forms
or only in clid, voicemail, an ANSWERED record without an answer time, CRLF line endings, a quoted line
break, blank lines, and damaged lines. The expectations are worked out here from the records themselves,
independently of the C++ code, following the collapse rule of src/telephony/cdr/cdr_import.hpp and the
classification of docs/classification.md (default settings; working hours Mon-Fri 09:00-18:00).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
ZONE = ZoneInfo("America/New_York")
UTC = dt.timezone.utc
STATIC_DID = "+12125550100"  # the integration test makes it a static number (channel "billboard")
OTHER_DID = "2125550111"     # not a tracking number of the project: attribution "none"
FIRST_DAY = dt.date(2026, 3, 2)  # a Monday; clocks go forward on Sunday 2026-03-08 (no calls at 02:00-03:00)
DAYS = 14
TARGET_CALL_SECONDS = 30
OPEN, CLOSE = dt.time(9, 0), dt.time(18, 0)
HEADER = ("accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,"
          "billsec,disposition,amaflags,uniqueid,userfield")

rng = random.Random(20260302)
_channel_seq = iter(range(1, 1_000_000))


def channel(kind: str) -> str:
    return f"PJSIP/{kind}-{next(_channel_seq):08x}"


def local_text(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def utc_text(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def q(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


class Record:
    """One CDR line. Times are aware datetimes in ZONE; answer None = never answered (empty column)."""

    def __init__(self, uniqueid, src, dst, start, answer, end, disposition, clid="", lastapp="Dial",
                 dstchannel=None, userfield="", write_answer=True):
        self.uniqueid, self.src, self.dst, self.clid = uniqueid, src, dst, clid
        self.start, self.answer, self.end = start, answer, end
        self.disposition, self.lastapp, self.userfield = disposition, lastapp, userfield
        self.dstchannel = channel("1001") if dstchannel is None else dstchannel
        self.write_answer = write_answer  # False: an ANSWERED record whose answer column is empty
        self.billsec = int((end - answer).total_seconds()) if answer else 0
        self.line = 0

    def columns(self) -> list[str]:
        duration = int((self.end - self.start).total_seconds())
        answer = q(local_text(self.answer)) if self.answer and self.write_answer else ""
        return [q(""), q(self.src), q(self.dst), q("from-pstn"), q(self.clid), q(channel("trunk")),
                q(self.dstchannel), q(self.lastapp), q("PJSIP/1001,30,tT"), q(local_text(self.start)), answer,
                q(local_text(self.end)), str(duration), str(self.billsec), q(self.disposition),
                q("DOCUMENTATION"), q(self.uniqueid), q(self.userfield)]

    def text(self) -> str:
        return ",".join(self.columns())


# -- callers ---------------------------------------------------------------------------------------------------

def make_callers(n: int) -> list[str]:
    callers = set()
    while len(callers) < n:
        area = rng.choice(["646", "917", "718", "347", "212", "201", "973"])
        exchange = rng.randint(200, 989)
        if exchange % 100 != 11:  # N11 (411, 911, …) is never an exchange
            callers.add(f"+1{area}{exchange:03d}{rng.randint(0, 9999):04d}")
    return sorted(callers)


def written_forms(e164: str) -> tuple[str, str]:
    """(src, clid) as a PBX may write this caller: E.164, 10 or 11 digits, or only in clid."""
    national = e164[2:]
    form = rng.random()
    if form < 0.45:
        return e164, f'"{rng.choice(["Alice", "Bob", "Carol", "Dan"])}" <{e164}>'
    if form < 0.75:
        return national, f'"" <{national}>'
    if form < 0.9:
        return "1" + national, ""
    return "", f'"Mobile" <{national}>'


# -- calls -----------------------------------------------------------------------------------------------------

_seq = iter(range(1, 1_000_000))


def new_uniqueid(start: dt.datetime) -> str:
    return f"{int(start.timestamp())}.{next(_seq)}"


def random_start() -> dt.datetime:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    # 07:30-20:30 local: inside and outside working hours, never near the skipped 02:00 hour
    minute = rng.randrange(7 * 60 + 30, 20 * 60 + 30)
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60, rng.randrange(60)))
    return naive.replace(tzinfo=ZONE)


def single_call(caller: str, did: str) -> list[Record]:
    start = random_start()
    uid = new_uniqueid(start)
    src, clid = written_forms(caller)
    kind = rng.choices(["answered", "no_answer", "busy", "failed", "congestion", "voicemail", "no_answer_time"],
                       weights=[55, 18, 8, 5, 2, 7, 5])[0]
    ring = dt.timedelta(seconds=rng.randint(2, 25))
    if kind in ("answered", "no_answer_time"):
        talk = dt.timedelta(seconds=rng.choice([rng.randint(3, 29), 30, rng.randint(31, 900)]))
        return [Record(uid, src, did, start, start + ring, start + ring + talk, "ANSWERED", clid,
                       write_answer=kind == "answered")]
    if kind == "voicemail":
        return [Record(uid, src, did, start, start + ring, start + ring + dt.timedelta(seconds=rng.randint(5, 60)),
                       "ANSWERED", clid, lastapp="VoiceMail", dstchannel="")]
    disposition = {"no_answer": "NO ANSWER", "busy": "BUSY", "failed": "FAILED", "congestion": "CONGESTION"}[kind]
    return [Record(uid, src, did, start, None, start + ring, disposition, clid, dstchannel="")]


def ring_group_call(caller: str, did: str, shape: str) -> list[Record]:
    """Several records with one uniqueid. Their starts differ by a few seconds (the legs were dialled one
    after another), so the earliest start is not always the chosen record's."""
    start = random_start()
    uid = new_uniqueid(start)
    src, clid = written_forms(caller)
    legs = []
    offsets = [dt.timedelta(seconds=s) for s in rng.sample(range(0, 6), 3)]
    if shape == "one_answered":
        talk = dt.timedelta(seconds=rng.randint(31, 600))
        answer = start + offsets[0] + dt.timedelta(seconds=8)
        legs.append(Record(uid, src, did, start + offsets[0], answer, answer + talk, "ANSWERED", clid))
        for off in offsets[1:]:
            legs.append(Record(uid, src, did, start + off, None, answer, "NO ANSWER", clid))
        rng.shuffle(legs)
    elif shape == "two_answered":  # a transfer: the longer leg is the call's
        a1 = start + offsets[0] + dt.timedelta(seconds=5)
        legs.append(Record(uid, src, did, start + offsets[0], a1, a1 + dt.timedelta(seconds=rng.randint(5, 40)),
                           "ANSWERED", clid))
        a2 = start + offsets[1] + dt.timedelta(seconds=9)
        legs.append(Record(uid, src, did, start + offsets[1], a2, a2 + dt.timedelta(seconds=rng.randint(41, 500)),
                           "ANSWERED", clid))
        rng.shuffle(legs)
    elif shape == "tie":  # two ANSWERED legs with the same billsec: the later line's is the call's
        talk = dt.timedelta(seconds=rng.randint(20, 200))
        for off, wait in ((offsets[0], 4), (offsets[1], 11)):
            a = start + off + dt.timedelta(seconds=wait)
            legs.append(Record(uid, src, did, start + off, a, a + talk, "ANSWERED", clid))
    else:  # "none_answered": the last line (BUSY or FAILED here) is the call's outcome
        end = start + dt.timedelta(seconds=20)
        legs.append(Record(uid, src, did, start + offsets[0], None, end, "NO ANSWER", clid, dstchannel=""))
        legs.append(Record(uid, src, did, start + offsets[1], None, end + dt.timedelta(seconds=1),
                           rng.choice(["BUSY", "FAILED"]), clid, dstchannel=""))
    return legs


# -- damaged lines ---------------------------------------------------------------------------------------------

def damaged(kind: str, caller: str) -> tuple[str, str]:
    """(line text, field the error names). Each has a uniqueid of its own, so no good call loses a record."""
    start = random_start()
    good = Record(new_uniqueid(start), caller, STATIC_DID, start, None, start + dt.timedelta(seconds=7),
                  "NO ANSWER", dstchannel="")
    cols = good.columns()
    if kind == "17_columns":  # uniqueid not logged (loguniqueid off)
        return ",".join(cols[:16] + cols[17:]), "line"
    if kind == "19_columns":
        return ",".join(cols + [q("extra")]), "line"
    if kind == "bad_date":
        cols[9] = q(start.strftime("%Y-02-30 %H:%M:%S"))
        return ",".join(cols), "start"
    if kind == "not_a_date":
        cols[11] = q("yesterday")
        return ",".join(cols), "end"
    if kind == "unknown_disposition":
        cols[14] = q(rng.choice(["ANSWERD", "HUNG UP"]))
        return ",".join(cols), "disposition"
    if kind == "unterminated_quote":  # the quote of clid never closes: must not swallow the next line
        return ",".join(cols[:4]) + ',"Eve <' + caller + ">," + channel("trunk"), "line"
    if kind == "empty_uniqueid":
        cols[16] = q("")
        return ",".join(cols), "uniqueid"
    if kind == "impossible_caller":
        cols[1] = q(rng.choice(["123", "+1999", "00000"]))
        return ",".join(cols), "src"
    if kind == "impossible_dst":  # an internal extension, not a phone number
        cols[2] = q("s")
        return ",".join(cols), "dst"
    if kind == "end_before_start":
        cols[11] = q(local_text(start - dt.timedelta(minutes=1)))
        return ",".join(cols), "end"
    if kind == "negative_duration":
        cols[12] = "-7"
        return ",".join(cols), "duration"
    raise ValueError(kind)


DAMAGE = ["17_columns", "19_columns", "bad_date", "not_a_date", "unknown_disposition", "unterminated_quote",
          "empty_uniqueid", "impossible_caller", "impossible_dst", "end_before_start", "negative_duration"]


# -- the file --------------------------------------------------------------------------------------------------

def build():
    callers = make_callers(140)
    records: list[Record] = []
    for _ in range(300):
        records += single_call(rng.choice(callers), rng.choice([STATIC_DID, STATIC_DID, OTHER_DID]))
    for shape, count in (("one_answered", 14), ("two_answered", 6), ("tie", 3), ("none_answered", 7)):
        for _ in range(count):
            records += ring_group_call(rng.choice(callers), STATIC_DID, shape)
    records.sort(key=lambda r: (r.end, r.uniqueid))  # cdr_csv writes a record when its channel hangs up
    # Some legs written much later (a long transfer, a slow channel): a call's records need not be adjacent.
    by_uid: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_uid.setdefault(r.uniqueid, []).append(i)
    groups = sorted(uid for uid, idx in by_uid.items() if len(idx) > 1)
    for uid in groups[:6]:
        i = by_uid[uid][0]
        rec = records.pop(i)
        records.insert(min(len(records), i + 40), rec)
        by_uid = {}
        for j, r in enumerate(records):
            by_uid.setdefault(r.uniqueid, []).append(j)

    # Damaged lines go between good ones, at fixed places; a few CRLF endings, blank lines, a header first.
    chunks: list[tuple[str, object]] = [("text", HEADER + "\n")]
    damage_at = {10 + 17 * k: kind for k, kind in enumerate(DAMAGE * 2)}
    for i, r in enumerate(records):
        if i in damage_at:
            chunks.append(("damaged", damaged(damage_at[i], rng.choice(callers))))
        if i == 100:
            chunks.append(("text", "\n"))
        if i == 150:  # legal CSV: a quoted field holding a line break
            r.userfield = "note: called back\nsecond line"
        chunks.append(("record", r))

    text, line, errors = "", 1, []
    for kind, item in chunks:
        if kind == "text":
            body = item
        elif kind == "damaged":
            body = item[0] + "\n"
            errors.append({"line": line, "field": item[1]})
        else:
            item.line = line
            body = item.text() + ("\r\n" if line % 17 == 0 else "\n")
        text += body
        line += body.count("\n")
    return text, records, errors


def expected_calls(records: list[Record]) -> dict:
    groups: dict[str, list[Record]] = {}
    for r in sorted(records, key=lambda r: r.line):
        groups.setdefault(r.uniqueid, []).append(r)
    calls = {}
    for uid, legs in groups.items():
        answered = [r for r in legs if r.disposition == "ANSWERED"]
        chosen = legs[-1]
        if answered:
            best = max(r.billsec for r in answered)
            chosen = [r for r in answered if r.billsec == best][-1]
        started = min(r.start for r in legs)
        answer = chosen.answer if chosen.disposition == "ANSWERED" else None
        if chosen.lastapp == "VoiceMail":
            status = "voicemail"
        else:
            status = {"ANSWERED": "answered", "NO ANSWER": "no_answer", "BUSY": "busy", "FAILED": "failed",
                      "CONGESTION": "failed"}[chosen.disposition]
        caller_written = chosen.src or chosen.clid.split("<")[1].rstrip(">")
        caller = caller_written if caller_written.startswith("+") else "+1" + caller_written[-10:]
        talk = int((chosen.end - answer).total_seconds()) if answer else 0
        local_start = started.astimezone(ZONE)
        calls[uid] = {
            "line": chosen.line,
            "records": len(legs),
            "caller": caller,
            "tracking_number": chosen.dst if chosen.dst.startswith("+") else "+1" + chosen.dst,
            "started_at": utc_text(started),
            "answered_at": utc_text(answer) if answer else None,
            "ended_at": utc_text(chosen.end),
            "status": status,
            "talk_seconds": talk,
            "wait_seconds": int(((answer or chosen.end) - started).total_seconds()),
            "flags": {
                "answered": status == "answered",
                "missed": status != "answered",
                "target": status == "answered" and talk >= TARGET_CALL_SECONDS,
                "off_hours": local_start.weekday() >= 5 or not (OPEN <= local_start.time() < CLOSE),
            },
        }
    first_seen: dict[str, tuple] = {}
    for uid, c in calls.items():
        key = (c["started_at"], uid)
        first_seen[c["caller"]] = min(first_seen.get(c["caller"], key), key)
    for uid, c in calls.items():
        c["flags"]["first_time"] = first_seen[c["caller"]] == (c["started_at"], uid)
    return calls


def one_item_per_line(expected: dict) -> str:
    """JSON with one call and one error per line: small, and a change shows as the lines it touches."""
    def items(value) -> str:
        if isinstance(value, dict):
            return "{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}"
                                      for k, v in sorted(value.items())) + "\n }"
        return "[\n" + ",\n".join("  " + json.dumps(v, sort_keys=True) for v in value) + "\n ]"
    fields = [f" {json.dumps(k)}: {items(v) if k in ('calls', 'errors') else json.dumps(v)}"
              for k, v in sorted(expected.items())]
    return "{\n" + ",\n".join(fields) + "\n}\n"


def main() -> None:
    text, records, errors = build()
    calls = expected_calls(records)
    with open(os.path.join(HERE, "Master.csv"), "w", newline="") as f:
        f.write(text)
    expected = {
        "timezone": "America/New_York",
        "static_number": STATIC_DID,
        "lines": text.count("\n"),
        "records": len(records),
        "calls": calls,
        "errors": errors,
    }
    with open(os.path.join(HERE, "Master.expected.json"), "w") as f:
        f.write(one_item_per_line(expected))
    print(f"{expected['lines']} lines, {len(records)} good records, {len(calls)} calls, {len(errors)} bad lines")


if __name__ == "__main__":
    main()
