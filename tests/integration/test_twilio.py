"""Twilio-compatible voice webhooks over real HTTP (issue 4; API.md "Telephony"): requests signed exactly as
Twilio signs them (HMAC-SHA1 of the public URL + sorted POST parameters, computed here independently of the
server), in realistic sequences — answered, no answer, busy, caller hung up while ringing, voicemail, callbacks
duplicated and out of order — and the stored calls and flags checked. The TwiML is parsed, never string-compared."""
import base64
import hashlib
import hmac
import secrets
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from harness import ServerTestCase, next_number

PUBLIC_URL = "https://calls.example.com"
CLOSED = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def twilio_signature(token: str, url: str, params: dict) -> str:
    text = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), text.encode(), hashlib.sha1).digest()).decode()


def call_sid() -> str:
    return "CA" + secrets.token_hex(16)


class TwilioCase(ServerTestCase):
    server_args = ("--public-url", PUBLIC_URL)

    # -- set-up ------------------------------------------------------------------------------------------

    def project_with_line(self, strategy="simultaneous", operators=("Ann", "Bob"), **plan_fields):
        token = secrets.token_hex(16)
        project = self.server.create_project(twilio_auth_token=token, **plan_fields.pop("project_settings", {}))
        project["token"] = token
        ops = []
        for i, name in enumerate(operators):
            destination = f"sip:{name.lower()}@pbx.example.com" if i == 1 else next_number("212")
            ops.append(self.api("POST", project, "operators", {"name": name, "destination": destination}))
        plan = self.api("POST", project, "routing-plans",
                        {"name": "Main", "strategy": strategy, "ring_seconds": 20,
                         "members": [{"operator_id": o["id"]} for o in ops], **plan_fields})
        number = self.server.create_number(project, kind="static", channel="offline", routing_plan_id=plan["id"])
        return project, ops, number

    def api(self, method, project, resource, body=None):
        status, _, reply = self.server.request(method, f"/v1/projects/{project['id']}/{resource}", body,
                                               token=project["api_key"])
        self.assertIn(status, (200, 201), f"{method} {resource} {body} → {reply}")
        return reply

    # -- webhooks ----------------------------------------------------------------------------------------

    def webhook(self, project, path, params, signature=None, token=None):
        """POSTs a form to `path` (which may carry a query) signed for --public-url; returns (status, body)."""
        body = urllib.parse.urlencode(params)
        sig = signature if signature is not None else twilio_signature(token or project["token"], PUBLIC_URL + path,
                                                                       params)
        status, headers, reply = self.server.request(
            "POST", path, raw_body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})
        return status, headers, reply

    def twiml(self, project, path, params):
        status, headers, reply = self.webhook(project, path, params)
        self.assertEqual(status, 200, reply)
        self.assertIn("xml", headers.get("content-type", ""))
        root = ET.fromstring(reply if isinstance(reply, str) else str(reply))
        self.assertEqual(root.tag, "Response")
        return root

    def voice(self, project, number, sid, caller):
        return self.twiml(project, "/telephony/twilio/voice",
                          {"CallSid": sid, "AccountSid": "AC" + "0" * 32, "From": caller, "To": number["number"],
                           "CallStatus": "ringing", "Direction": "inbound", "ApiVersion": "2010-04-01"})

    def dial_status(self, project, number, sid, caller, step, status, duration=None, **extra):
        params = {"CallSid": sid, "From": caller, "To": number["number"], "CallStatus": "in-progress",
                  "DialCallStatus": status, "DialCallSid": "CA" + secrets.token_hex(16), **extra}
        if duration is not None:
            params["DialCallDuration"] = str(duration)
        return self.twiml(project, f"/telephony/twilio/dial-status?project={project['id']}&step={step}", params)

    def status(self, project, number, sid, caller, call_duration, status="completed"):
        return self.twiml(project, "/telephony/twilio/status",
                          {"CallSid": sid, "From": caller, "To": number["number"], "CallStatus": status,
                           "CallDuration": str(call_duration)})

    def leg(self, project, sid, operator, leg_status, leg_sid):
        return self.twiml(project, f"/telephony/twilio/status?project={project['id']}&operator={operator['id']}",
                          {"CallSid": leg_sid, "ParentCallSid": sid, "From": "+15005550006", "To": "+12125550000",
                           "CallStatus": leg_status})

    def recording(self, project, sid, url="https://api.twilio.com/rec/RE1"):
        return self.twiml(project, f"/telephony/twilio/recording?project={project['id']}",
                          {"CallSid": sid, "RecordingSid": "RE" + sid[2:], "RecordingUrl": url,
                           "RecordingStatus": "completed", "RecordingDuration": "12"})

    def call_of(self, project, sid):
        calls = [c for c in self.server.all_calls(project) if c["external_id"] == sid]
        self.assertLessEqual(len(calls), 1, calls)
        return calls[0] if calls else None

    def dial_of(self, root):
        dials = root.findall("Dial")
        self.assertEqual(len(dials), 1, ET.tostring(root))
        return dials[0]

    def assertEmptyResponse(self, root):
        self.assertEqual(list(root), [], ET.tostring(root))


class VoiceTwimlTest(TwilioCase):

    def test_voice_dials_every_operator_with_callbacks_back_to_callsign(self):
        project, (ann, bob), number = self.project_with_line()
        root = self.voice(project, number, call_sid(), next_number("415"))
        dial = self.dial_of(root)
        action = urllib.parse.urlsplit(dial.get("action"))
        self.assertEqual(f"{action.scheme}://{action.netloc}{action.path}", PUBLIC_URL + "/telephony/twilio/dial-status")
        self.assertEqual(urllib.parse.parse_qs(action.query), {"project": [project["id"]], "step": ["1"]})
        self.assertEqual((dial.get("timeout"), dial.get("answerOnBridge"), dial.get("record")), ("20", "true", None))
        nouns = list(dial)
        self.assertEqual([n.tag for n in nouns], ["Number", "Sip"])
        self.assertEqual(nouns[0].text, ann["destination"])
        self.assertTrue(nouns[0].text.startswith("+"), "numbers are written in E.164")
        self.assertEqual(nouns[1].text, "sip:bob@pbx.example.com")
        for noun, op in zip(nouns, (ann, bob)):
            callback = urllib.parse.urlsplit(noun.get("statusCallback"))
            self.assertEqual(callback.path, "/telephony/twilio/status")
            self.assertEqual(urllib.parse.parse_qs(callback.query)["operator"], [op["id"]])
            self.assertEqual(noun.get("statusCallbackEvent"), "answered completed")

    def test_the_project_that_records_asks_twilio_to_record(self):
        project, _, number = self.project_with_line(project_settings={"record_calls": True})
        dial = self.dial_of(self.voice(project, number, call_sid(), next_number("415")))
        self.assertEqual(dial.get("record"), "record-from-answer-dual")
        self.assertTrue(dial.get("recordingStatusCallback").startswith(PUBLIC_URL + "/telephony/twilio/recording?"))

    def test_a_number_without_a_plan_forwards_to_its_forward_to(self):
        project = self.server.create_project(twilio_auth_token="tok")
        project["token"] = "tok"
        number = self.server.create_number(project, kind="static", forward_to="(646) 555-0142")
        dial = self.dial_of(self.voice(project, number, call_sid(), next_number("415")))
        self.assertEqual([n.text for n in dial], ["+16465550142"])

    def test_unknown_number_is_told_politely_and_nothing_is_written(self):
        status, headers, reply = self.webhook({"token": "x"}, "/telephony/twilio/voice",
                                              {"CallSid": call_sid(), "From": "+14155550100", "To": "+19995550100"})
        self.assertEqual(status, 200)
        root = ET.fromstring(reply)
        self.assertEqual([child.tag for child in root], ["Say", "Hangup"])

    def test_a_bad_signature_is_403_and_nothing_is_written(self):
        project, _, number = self.project_with_line()
        sid = call_sid()
        params = {"CallSid": sid, "From": next_number("415"), "To": number["number"], "CallStatus": "ringing"}
        for signature in ("", "bm90IGEgc2lnbmF0dXJl", twilio_signature("wrong-token", PUBLIC_URL +
                                                                           "/telephony/twilio/voice", params)):
            status, _, reply = self.webhook(project, "/telephony/twilio/voice", params, signature=signature)
            self.assertEqual(status, 403, reply)
            self.assertEqual(reply["error"]["field"], "X-Twilio-Signature")
        # Signed for another URL (a forged query) is refused too.
        forged = twilio_signature(project["token"], PUBLIC_URL + "/telephony/twilio/voice?x=1", params)
        status, _, _ = self.webhook(project, "/telephony/twilio/voice", params, signature=forged)
        self.assertEqual(status, 403)
        self.assertIsNone(self.call_of(project, sid))

    def test_a_project_without_a_twilio_token_trusts_no_webhook(self):
        project = self.server.create_project()
        number = self.server.create_number(project, kind="static")
        params = {"CallSid": call_sid(), "From": next_number("415"), "To": number["number"]}
        status, _, reply = self.webhook(project, "/telephony/twilio/voice", params, token="anything")
        self.assertEqual(status, 403, reply)


class CallSequencesTest(TwilioCase):

    def answered_call(self, project, number, ann, order):
        """Runs an answered call's callbacks in `order` (voice always first, as Twilio does) and returns it."""
        sid, caller = call_sid(), next_number("415")
        self.voice(project, number, sid, caller)
        steps = {
            "leg": lambda: self.leg(project, sid, ann, "in-progress", "CAleg" + sid[2:]),
            "leg_done": lambda: self.leg(project, sid, ann, "completed", "CAleg" + sid[2:]),
            "dial": lambda: self.dial_status(project, number, sid, caller, 1, "completed", duration=45),
            "status": lambda: self.status(project, number, sid, caller, 60),
        }
        for name in order:
            steps[name]()
        return self.call_of(project, sid)

    def test_answered_call_has_talk_time_operator_and_flags(self):
        project, (ann, _), number = self.project_with_line()
        sid, caller = call_sid(), next_number("415")
        self.voice(project, number, sid, caller)
        ringing = self.call_of(project, sid)
        self.assertEqual((ringing["status"], ringing["answered_at"], ringing["ended_at"]), ("no_answer", None, None))
        self.assertEqual(ringing["attribution"]["method"], "static")

        self.leg(project, sid, ann, "in-progress", "CAleg1" + sid[6:])
        live = self.call_of(project, sid)
        self.assertEqual((live["status"], live["operator"], live["operator_id"]), ("answered", "Ann", ann["id"]))
        self.assertIsNone(live["ended_at"])

        self.assertEmptyResponse(self.dial_status(project, number, sid, caller, 1, "completed", duration=45))
        self.assertEmptyResponse(self.status(project, number, sid, caller, 60))
        call = self.call_of(project, sid)
        self.assertEqual((call["status"], call["talk_seconds"], call["wait_seconds"]), ("answered", 45, 15))
        self.assertEqual((call["caller"], call["tracking_number"]), (caller, number["number"]))
        self.assertTrue(call["flags"]["answered"] and call["flags"]["target"] and call["flags"]["first_time"])
        self.assertFalse(call["flags"]["missed"])

    def test_a_withheld_caller_id_is_routed_and_recorded_as_anonymous(self):
        project, (ann, _), number = self.project_with_line()
        for sid, caller in ((call_sid(), "+266696687"), (call_sid(), "Anonymous")):
            self.dial_of(self.voice(project, number, sid, caller))
            self.assertEmptyResponse(self.dial_status(project, number, sid, caller, 1, "no-answer"))
            self.assertEmptyResponse(self.status(project, number, sid, caller, 20))
            call = self.call_of(project, sid)
            self.assertIsNotNone(call, "a call from a withheld number must be recorded")
            self.assertEqual((call["caller"], call["caller_line_type"], call["status"]),
                             ("anonymous", "unknown", "no_answer"))
            flags = call["flags"]
            self.assertTrue(flags["missed"])
            self.assertFalse(flags["first_time"] or flags["unique"] or flags["repeat"] or flags["unique_target"])

    def test_any_order_and_duplicates_give_the_same_call(self):
        project, (ann, _), number = self.project_with_line()
        orders = [["leg", "dial", "status", "leg_done"],
                  ["status", "dial", "leg_done", "leg"],
                  ["dial", "dial", "status", "leg", "status", "leg", "dial"],
                  ["status", "status", "dial", "leg"]]
        results = []
        for order in orders:
            call = self.answered_call(project, number, ann, order)
            results.append({k: call[k] for k in ("status", "talk_seconds", "wait_seconds", "operator", "operator_id")}
                           | {"flags": {k: v for k, v in call["flags"].items() if k not in ("first_time", "unique")}})
        for order, result in zip(orders, results):
            self.assertEqual(result, results[0], order)
        self.assertEqual((results[0]["status"], results[0]["talk_seconds"], results[0]["operator"]),
                         ("answered", 45, "Ann"))

    def test_voice_retried_gets_the_same_twiml_and_one_call(self):
        project, _, number = self.project_with_line(strategy="round_robin")
        sid, caller = call_sid(), next_number("415")
        first = ET.tostring(self.voice(project, number, sid, caller))
        again = ET.tostring(self.voice(project, number, sid, caller))
        self.assertEqual(first, again, "a retried voice webhook must not turn the rotation again")
        self.assertEqual(len([c for c in self.server.all_calls(project) if c["external_id"] == sid]), 1)

    def test_no_answer_then_voicemail_left(self):
        project, _, number = self.project_with_line(no_answer={"voicemail": True})
        sid, caller = call_sid(), next_number("415")
        self.voice(project, number, sid, caller)
        root = self.dial_status(project, number, sid, caller, 1, "no-answer")
        self.assertEqual([c.tag for c in root], ["Say", "Record", "Hangup"])
        record = root.find("Record")
        self.assertTrue(record.get("recordingStatusCallback").startswith(PUBLIC_URL + "/telephony/twilio/recording"))
        self.assertEqual(self.call_of(project, sid)["status"], "no_answer")
        self.recording(project, sid, "https://api.twilio.com/rec/RE42")
        self.status(project, number, sid, caller, 50)
        call = self.call_of(project, sid)
        self.assertEqual((call["status"], call["recording_url"]), ("voicemail", "https://api.twilio.com/rec/RE42"))
        self.assertTrue(call["flags"]["missed"])
        self.assertEqual(call["wait_seconds"], 50)

    def test_no_answer_without_fallback_ends_the_call(self):
        project, _, number = self.project_with_line()
        sid, caller = call_sid(), next_number("415")
        self.voice(project, number, sid, caller)
        self.assertEmptyResponse(self.dial_status(project, number, sid, caller, 1, "no-answer"))
        self.status(project, number, sid, caller, 21)
        call = self.call_of(project, sid)
        self.assertEqual((call["status"], call["wait_seconds"], call["talk_seconds"]), ("no_answer", 21, 0))
        self.assertTrue(call["flags"]["missed"] and not call["flags"]["abandoned"])

    def test_busy(self):
        project, _, number = self.project_with_line()
        sid, caller = call_sid(), next_number("415")
        self.voice(project, number, sid, caller)
        self.dial_status(project, number, sid, caller, 1, "busy")
        self.status(project, number, sid, caller, 2)
        self.assertEqual(self.call_of(project, sid)["status"], "busy")

    def test_caller_hung_up_while_ringing_is_abandoned(self):
        project, _, number = self.project_with_line()
        for dial_result in ("no-answer", "canceled", None):
            sid, caller = call_sid(), next_number("415")
            self.voice(project, number, sid, caller)
            if dial_result:
                self.dial_status(project, number, sid, caller, 1, dial_result)
            self.status(project, number, sid, caller, 6)
            call = self.call_of(project, sid)
            self.assertEqual(call["status"], "abandoned", dial_result)
            self.assertTrue(call["flags"]["abandoned"] and call["flags"]["missed"], dial_result)

    def test_sequential_rings_the_next_operator_after_no_answer(self):
        project, (ann, bob, cid), number = self.project_with_line(strategy="sequential", operators=("Ann", "Bob", "Cid"))
        sid, caller = call_sid(), next_number("415")
        first = self.dial_of(self.voice(project, number, sid, caller))
        self.assertEqual([n.text for n in first], [ann["destination"]])
        second = self.dial_of(self.dial_status(project, number, sid, caller, 1, "no-answer"))
        self.assertEqual([n.text for n in second], [bob["destination"]])
        self.assertIn("step=2", second.get("action"))
        self.assertEmptyResponse(self.dial_status(project, number, sid, caller, 2, "completed", duration=30))
        self.status(project, number, sid, caller, 55)
        call = self.call_of(project, sid)
        self.assertEqual((call["status"], call["operator"], call["talk_seconds"], call["wait_seconds"]),
                         ("answered", "Bob", 30, 25))

    def test_a_call_goes_on_across_a_restart(self):
        project, (ann, bob, _), number = self.project_with_line(strategy="sequential", operators=("Ann", "Bob", "Cid"))
        sid, caller = call_sid(), next_number("415")
        self.voice(project, number, sid, caller)
        self.server.restart(self.server_args)
        second = self.dial_of(self.dial_status(project, number, sid, caller, 1, "no-answer"))
        self.assertEqual([n.text for n in second], [bob["destination"]], "the stored route survives the restart")
        self.dial_status(project, number, sid, caller, 2, "completed", duration=20)
        self.server.kill9()
        self.server.start(self.server_args)
        self.status(project, number, sid, caller, 50)
        call = self.call_of(project, sid)
        self.assertEqual((call["status"], call["operator"], call["talk_seconds"], call["wait_seconds"]),
                         ("answered", "Bob", 20, 30))


class RoutingOverWebhooksTest(TwilioCase):

    def first_dialled(self, project, number, caller=None):
        sid, caller = call_sid(), caller or next_number("415")
        dial = self.dial_of(self.voice(project, number, sid, caller))
        return sid, caller, list(dial)[0].text

    def test_round_robin_spreads_evenly(self):
        project, ops, number = self.project_with_line(strategy="round_robin", operators=("Ann", "Bob", "Cid"))
        firsts = [self.first_dialled(project, number)[2] for _ in range(9)]
        self.assertEqual(sorted(firsts.count(op["destination"]) for op in ops), [3, 3, 3], firsts)
        self.assertEqual(firsts[:3], [ops[0]["destination"], ops[1]["destination"], ops[2]["destination"]])

    def test_busy_operator_is_skipped(self):
        project, (ann, bob), number = self.project_with_line()
        sid, caller, _ = self.first_dialled(project, number)
        self.leg(project, sid, ann, "in-progress", "CAleg" + sid[2:])  # Ann is on this call now
        _, _, first = self.first_dialled(project, number)
        dial = self.dial_of(self.voice(project, number, call_sid(), next_number("415")))
        self.assertEqual([n.text for n in dial], [bob["destination"]])
        self.assertEqual(first, bob["destination"])

    def test_sticky_returns_a_repeat_caller_to_the_operator_who_answered(self):
        project, (ann, bob, cid), number = self.project_with_line(strategy="sticky", operators=("Ann", "Bob", "Cid"))
        caller = next_number("415")
        sid, _, first = self.first_dialled(project, number, caller)
        self.assertEqual(first, ann["destination"], "a new caller starts with the plan's order")
        self.leg(project, sid, cid, "in-progress", "CAleg" + sid[2:])
        self.dial_status(project, number, sid, caller, 3, "completed", duration=40)
        self.status(project, number, sid, caller, 80)
        self.assertEqual(self.call_of(project, sid)["operator"], "Cid")
        _, _, again = self.first_dialled(project, number, caller)
        self.assertEqual(again, cid["destination"])
        _, _, stranger = self.first_dialled(project, number)
        self.assertEqual(stranger, ann["destination"])

    def test_off_hours_go_to_the_fallback(self):
        project, _, number = self.project_with_line(schedule=CLOSED, off_hours={"forward_to": "(646) 555-0177"})
        sid, caller = call_sid(), next_number("415")
        dial = self.dial_of(self.voice(project, number, sid, caller))
        self.assertEqual([n.text for n in dial], ["+16465550177"])
        project2, _, number2 = self.project_with_line(schedule=CLOSED, off_hours={"voicemail": True})
        root = self.voice(project2, number2, call_sid(), caller)
        self.assertEqual([c.tag for c in root], ["Say", "Record", "Hangup"])


if __name__ == "__main__":
    unittest.main()
