#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An approval step through ctypes, with no compiled glue: check the applicant (应查必查),
refuse or continue by the measures, print the reasons, report back what was applied.

    check.py RULES_DIR DB SUBJECT SCENARIO DEPARTMENT [AS_OF]

The library is found through $CREDO_LIBRARY, else the system's search path (libcredo.so.1).
Exit status: 0 the case continues, 1 it is refused, 2 the check could not be made.
"""
import ctypes
import os
import sys
from ctypes import (POINTER, Structure, byref, c_char_p, c_double, c_int, c_int64, c_size_t, c_uint,
                    c_void_p)

CREDO_OK = 0
CREDO_MEASURES_APPLIED = 1
CREDO_MEASURES_SUSPENDED = 2
CREDO_FEEDBACK_APPLIED = 1


# The structs of credo.h, field for field (version 1 of each).
class EngineOptions(Structure):
    _fields_ = [("version", c_uint), ("rules_dir", c_char_p), ("db_path", c_char_p), ("flags", c_uint),
                ("audit_batch", c_size_t), ("max_string_bytes", c_size_t)]


class Attribute(Structure):
    _fields_ = [("key", c_char_p), ("type", c_int), ("number", c_double), ("text", c_char_p)]


class Query(Structure):
    _fields_ = [("version", c_uint), ("subject", c_char_p), ("scenario", c_char_p), ("as_of", c_char_p),
                ("querier", c_char_p), ("attributes", POINTER(Attribute)), ("attribute_count", c_size_t)]


class Measure(Structure):
    _fields_ = [("version", c_uint), ("memorandum", c_char_p), ("measure", c_char_p), ("text", c_char_p),
                ("effect", c_char_p), ("binding", c_char_p), ("implementer", c_char_p), ("basis", c_char_p),
                ("has_because", c_int), ("list", c_char_p), ("entry", c_int64), ("document", c_char_p),
                ("listed_on", c_char_p), ("expires_on", c_char_p), ("via_count", c_size_t), ("via", c_char_p),
                ("objection", c_int64)]


class Feedback(Structure):
    _fields_ = [("version", c_uint), ("check_id", c_int64), ("measure", c_char_p), ("implementer", c_char_p),
                ("outcome", c_int), ("note", c_char_p)]


class Error(Structure):
    _fields_ = [("code", c_int), ("message", c_char_p), ("file", c_char_p), ("line", c_uint),
                ("column", c_uint), ("diagnostics", c_char_p), ("closest", c_char_p)]


class IdInfo(Structure):
    _fields_ = [("version", c_uint), ("valid", c_int), ("normalized", ctypes.c_char * 40),
                ("masked", ctypes.c_char * 40), ("scheme", c_int), ("kind", c_int), ("scheme_name", c_char_p),
                ("kind_name", c_char_p), ("reason", c_char_p)]


def load():
    lib = ctypes.CDLL(os.environ.get("CREDO_LIBRARY") or "libcredo.so.1")
    signatures = {
        "credo_version": (c_char_p, []),
        "credo_error_last": (POINTER(Error), []),
        "credo_status_name": (c_char_p, [c_int]),
        "credo_id_validate": (c_int, [POINTER(IdInfo), c_char_p, c_uint]),
        "credo_engine_open": (c_int, [POINTER(c_void_p), POINTER(EngineOptions)]),
        "credo_engine_free": (None, [c_void_p]),
        "credo_check": (c_int, [POINTER(c_void_p), c_void_p, POINTER(Query)]),
        "credo_decision_free": (None, [c_void_p]),
        "credo_decision_json": (c_char_p, [c_void_p]),
        "credo_decision_verdict": (c_char_p, [c_void_p]),
        "credo_decision_escalated": (c_int, [c_void_p]),
        "credo_decision_check_id": (c_int64, [c_void_p]),
        "credo_decision_measure_count": (c_size_t, [c_void_p, c_int]),
        "credo_decision_measure": (c_int, [POINTER(Measure), c_void_p, c_int, c_size_t]),
        "credo_feedback_record": (c_int, [POINTER(c_int64), c_void_p, POINTER(Feedback)]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


class CredoError(Exception):
    pass


def check(lib, status, what):
    if status != CREDO_OK:
        e = lib.credo_error_last().contents
        raise CredoError(f"{what}: {e.message.decode()} ({lib.credo_status_name(e.code).decode()})")


def text(value):
    return value.decode() if value is not None else ""


def main(argv):
    if len(argv) not in (6, 7):
        print(__doc__, file=sys.stderr)
        return 2
    rules_dir, db, subject, scenario, department = argv[1:6]
    as_of = argv[6] if len(argv) == 7 else None
    lib = load()
    print(f"credo {lib.credo_version().decode()} through ctypes")
    engine = c_void_p()
    decision = c_void_p()
    try:
        applicant = IdInfo(version=1)
        check(lib, lib.credo_id_validate(byref(applicant), subject.encode(), 0), "the applicant's identifier")
        options = EngineOptions(version=1, rules_dir=rules_dir.encode(), db_path=db.encode())
        check(lib, lib.credo_engine_open(byref(engine), byref(options)), "opening the engine")
        query = Query(version=1, subject=subject.encode(), scenario=scenario.encode(),
                      as_of=as_of.encode() if as_of else None, querier=department.encode())
        check(lib, lib.credo_check(byref(decision), engine, byref(query)), "the must-query check")

        verdict = text(lib.credo_decision_verdict(decision))
        escalated = " (escalated)" if lib.credo_decision_escalated(decision) == 1 else ""
        print(f"applicant {text(applicant.masked)}, scenario {scenario}: verdict {verdict}{escalated}")
        refused = False
        check_id = lib.credo_decision_check_id(decision)
        for i in range(lib.credo_decision_measure_count(decision, CREDO_MEASURES_APPLIED)):
            m = Measure(version=1)
            check(lib, lib.credo_decision_measure(byref(m), decision, CREDO_MEASURES_APPLIED, i), "reading a measure")
            blocks = text(m.binding) == "mandatory" and text(m.effect) in ("prohibit", "restrict")
            refused = refused or blocks
            print(f"  {'x' if blocks else '-'} {text(m.measure)} [{text(m.effect)}, {text(m.binding)}] {text(m.text)}")
            if m.has_because:
                via = f", reached as {text(m.via)}" if m.via_count else ""
                print(f"      because: on list {text(m.list)} since {text(m.listed_on)} ({text(m.document)}){via}")
            if check_id > 0:
                feedback = Feedback(version=1, check_id=check_id, measure=m.measure, implementer=department.encode(),
                                    outcome=CREDO_FEEDBACK_APPLIED, note="applied in the approval step".encode())
                check(lib, lib.credo_feedback_record(None, engine, byref(feedback)), "recording feedback")
        for i in range(lib.credo_decision_measure_count(decision, CREDO_MEASURES_SUSPENDED)):
            m = Measure(version=1)
            check(lib, lib.credo_decision_measure(byref(m), decision, CREDO_MEASURES_SUSPENDED, i), "reading a measure")
            print(f"  ~ {text(m.measure)} suspended while objection {m.objection} is examined")
        print(f"check {check_id} recorded; the case is {'REFUSED' if refused else 'CONTINUED'}")
        return 1 if refused else 0
    except CredoError as e:
        print(f"check.py: {e}", file=sys.stderr)
        return 2
    finally:
        lib.credo_decision_free(decision)
        lib.credo_engine_free(engine)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
