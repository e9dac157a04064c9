#!/usr/bin/python3
"""The status page's two forms used in a real browser (headless Chromium through Selenium).

Run by status-page.sh against a running smpp-mc (--http) and a running smpp-esme (transceiver,
--received, --report, json logs). The MO form sends an MO with a text unique to the run, which
must show in the ESME's --received file; an unchanged knob form sends nothing and an empty
PATCH /knobs logs no knobs_changed; a number field emptied and submitted (throttle, 7 from a
PATCH first) sends nothing, so GET /knobs still says 7; the knob form with reject_ratio = 1
must log knobs_changed with reject_ratio=1, and once the page shows 4 rejected submits the
ESME is stopped (SIGINT) and its --report must hold at least 4 rejected messages and no
accepted one after the first rejection. Every wait has a deadline (WebDriverWait); on failure the page's screenshot is kept.

Exit codes: 0 pass, 1 a check failed, 77 Selenium or chromedriver missing (the .sh decides).
"""
import argparse
import json
import os
import shutil
import signal
import sys
import urllib.request
import uuid

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as e:  # the .sh turns 77 into a skip, or a failure with CI set
    print(f"status-page.py: SKIPPED: no selenium for {sys.executable} ({e})")
    sys.exit(77)

DEADLINE = 20  # seconds for every wait


class Failed(Exception):
    pass


def passed(what):
    print(f"PASS: {what}", flush=True)


def json_lines(path):
    """The file's JSON lines; a line still being written (or not JSON) is skipped."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def events(log, name):
    return [e for e in json_lines(log) if e.get("event") == name]


class Run:
    def __init__(self, args):
        self.args = args
        self.driver = None

    def wait(self, what, predicate, timeout=DEADLINE):
        """predicate() until it is truthy, at most `timeout` s; its value, or Failed naming `what`."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda _: predicate())
        except TimeoutException:
            raise Failed(f"{what}: not within {timeout}s") from None

    def start_browser(self):
        options = webdriver.ChromeOptions()
        options.binary_location = self.args.chromium
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400",
                     f"--user-data-dir={os.path.join(self.args.tmp, 'chromium-selenium')}"):
            options.add_argument(flag)
        service = Service(self.args.chromedriver, log_path=os.path.join(self.args.tmp, "chromedriver.log"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(DEADLINE)

    def load_page(self):
        self.driver.get(self.args.url)
        self.wait("the page shows the 2 sessions",
                  lambda: len(self.driver.find_elements(By.CSS_SELECTOR, "#sessions tr.session")) == 2)
        self.wait("the knob form is built",
                  lambda: self.driver.find_elements(By.CSS_SELECTOR, '#knobs input[name="reject_ratio"]'))
        passed("the page loaded with both sessions and the knob form")

    def fill(self, form, name, value):
        field = self.driver.find_element(By.CSS_SELECTOR, f'#{form} input[name="{name}"]')
        field.clear()
        field.send_keys(value)

    def submit(self, form, result, expect):
        """Clicks the form's button; waits until #result says `expect` (or an error)."""
        out = self.driver.find_element(By.ID, result)
        self.driver.execute_script("arguments[0].textContent = ''", out)  # not the last answer's text
        self.driver.find_element(By.CSS_SELECTOR, f"#{form} button[type=submit]").click()
        text = self.wait(f"#{result} answers", lambda: out.text)
        if out.get_attribute("class") == "error" or expect not in text:
            raise Failed(f"#{result} says {text!r}, expected {expect!r}")
        return text

    def mo_form(self):
        text = f"status page MO {uuid.uuid4().hex}"
        self.fill("mo", "system_id", self.args.system_id)
        self.fill("mo", "text", text)
        answer = self.submit("mo", "mo-result", "sent")
        passed(f"the MO form was accepted: {answer!r}")

        def arrived():
            return [m for m in json_lines(self.args.received)
                    if m.get("text") == text and "receipt" not in m]
        got = self.wait(f"the MO {text!r} in {self.args.received}", arrived)
        if got[0].get("system_id") != self.args.system_id:
            raise Failed(f"the MO reached {got[0].get('system_id')}, not {self.args.system_id}: {got[0]}")
        passed(f"the ESME received the MO {text!r} on {self.args.system_id}")

    def unchanged_knobs(self):
        """Nothing edited: the form sends no PATCH; an empty PATCH changes nothing, says so."""
        self.submit("knobs", "knobs-result", "nothing changed")
        request = urllib.request.Request(self.args.url.rstrip("/") + "/knobs", data=b"{}", method="PATCH",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=DEADLINE) as reply:
            if reply.status != 200:
                raise Failed(f"an empty PATCH /knobs answered {reply.status}")
        self.wait("knobs_unchanged logged for the empty PATCH", lambda: events(self.args.mc_log, "knobs_unchanged"))
        if events(self.args.mc_log, "knobs_changed"):
            raise Failed(f"knobs_changed logged though nothing changed: {events(self.args.mc_log, 'knobs_changed')}")
        passed("an unchanged knob form and an empty PATCH log no knobs_changed")

    def knobs(self):
        with urllib.request.urlopen(self.args.url.rstrip("/") + "/knobs", timeout=DEADLINE) as reply:
            return json.load(reply)

    def patch_knobs(self, patch):
        request = urllib.request.Request(self.args.url.rstrip("/") + "/knobs", data=json.dumps(patch).encode(),
                                         method="PATCH", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=DEADLINE) as reply:
            if reply.status != 200:
                raise Failed(f"PATCH /knobs {patch} answered {reply.status}")

    def emptied_knob(self):
        """A number field emptied and submitted sends nothing: the knob keeps its value."""
        self.patch_knobs({"throttle": 7})  # not 0: an empty field sent as 0 must show
        field = self.driver.find_element(By.CSS_SELECTOR, '#knobs input[name="throttle"]')
        self.wait("the throttle field follows the PATCH (7)", lambda: field.get_attribute("value") == "7")
        field.clear()
        answer = self.submit("knobs", "knobs-result", "left as it was: throttle")
        if self.knobs().get("throttle") != 7:
            raise Failed(f"the emptied throttle field changed the knob: GET /knobs {self.knobs()}")
        if field.get_attribute("value") != "7":
            raise Failed(f"the emptied throttle field shows {field.get_attribute('value')!r}, not the MC's 7")
        passed(f"an emptied number field sends nothing: {answer!r}, throttle still 7")
        self.patch_knobs({"throttle": 0})
        self.wait("the throttle field follows the PATCH (0)", lambda: field.get_attribute("value") == "0")

    def reject_all(self):
        self.fill("knobs", "reject_ratio", "1")
        answer = self.submit("knobs", "knobs-result", "applied")
        passed(f"the knob form was applied: {answer!r}")
        changed = self.wait("knobs_changed with reject_ratio=1 in the MC log",
                            lambda: [e for e in events(self.args.mc_log, "knobs_changed") if e.get("reject_ratio") == 1])
        passed(f"the MC logged knobs_changed: {changed[0].get('msg', changed[0])}")
        self.wait("the page shows 4 rejected submits", lambda: self.rejected_on_page() >= 4)
        passed(f"the page shows {self.rejected_on_page()} rejected submits")

    def rejected_on_page(self):
        # One script, not a find per row: the page rebuilds the table every second, so a row
        # found a moment ago may be gone (a stale element) by the time its cell is read.
        return self.driver.execute_script(
            'return [...document.querySelectorAll("#sessions tr.session")]'
            '.reduce((sum, row) => sum + Number(row.cells[7].textContent || 0), 0);')  # "rejected"

    def esme_gone(self):
        """Exited (a zombie until the .sh reaps it) or gone."""
        try:
            with open(f"/proc/{self.args.esme_pid}/stat", encoding="ascii") as f:
                return f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    def check_report(self):
        os.kill(self.args.esme_pid, signal.SIGINT)
        self.wait("smpp-esme exits after SIGINT", self.esme_gone)
        report = self.wait(f"the report {self.args.report}", lambda: json_lines(self.args.report))
        outcomes = [m.get("outcome") for m in report]
        if "rejected" not in outcomes:
            raise Failed(f"no rejected message in the report: {outcomes}")
        first = outcomes.index("rejected")
        after = [report[i] for i in range(first, len(report)) if outcomes[i] == "accepted"]
        if outcomes.count("rejected") < 4 or after:
            raise Failed(f"expected >= 4 rejected and none accepted after the first rejection; "
                         f"outcomes {outcomes}, accepted after it: {after}")
        passed(f"the report: {outcomes.count('accepted')} accepted, then {outcomes.count('rejected')} rejected")

    def screenshot(self):
        if self.driver is None:
            return
        shot = os.path.join(self.args.tmp, "status-page-failure.png")
        try:
            self.driver.save_screenshot(shot)
            print(f"status-page.py: screenshot of the failure: {shot}")
        except WebDriverException as e:
            print(f"status-page.py: no screenshot: {e.msg}")


def arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True, help="the status page, http://127.0.0.1:PORT/")
    p.add_argument("--mc-log", required=True, help="smpp-mc's JSON log")
    p.add_argument("--received", required=True, help="smpp-esme's --received file")
    p.add_argument("--report", required=True, help="smpp-esme's --report file (written when it exits)")
    p.add_argument("--esme-pid", required=True, type=int, help="smpp-esme, stopped with SIGINT for its report")
    p.add_argument("--system-id", default="sid1", help="a bound transceiver's system_id")
    p.add_argument("--tmp", required=True, help="the scenario's temp dir: profile, logs, screenshot")
    p.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    p.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return p.parse_args()


def main():
    args = arguments()
    if not os.access(args.chromedriver, os.X_OK):
        print(f"status-page.py: SKIPPED: no chromedriver at {args.chromedriver} (apt-get install chromium-driver)")
        return 77
    run = Run(args)
    try:
        run.start_browser()
        run.load_page()
        run.mo_form()
        run.unchanged_knobs()
        run.emptied_knob()
        run.reject_all()
        run.check_report()
        return 0
    except (Failed, WebDriverException, OSError) as e:
        print(f"FAIL: {e}", flush=True)
        run.screenshot()
        return 1
    finally:
        if run.driver is not None:
            run.driver.quit()


if __name__ == "__main__":
    sys.exit(main())
