"""Records what real Django answers for random inputs to the four `djsim` library
commands (cookie parse, cookie set, session encode, session decode), as test data for
`tests/django_recorded.rs`. Deterministic: the same seed gives the same file.

    python3 -m venv /tmp/dj52 && /tmp/dj52/bin/pip install Django==5.2.19 freezegun==1.5.5
    python3 -m venv /tmp/dj32 && /tmp/dj32/bin/pip install Django==3.2.25 freezegun==1.5.5
    /tmp/dj52/bin/python gen.py > cases_dj52.json
    /tmp/dj32/bin/python gen.py > cases_dj32.json

Each case is {"args": djsim's command line after `djsim`, "want": ...}:
(Django 3.2's file has no `cookie parse` cases: `parse_cookie` is the same in both.)
- cookie parse: the dict as [name, value] pairs, in Django's order;
- cookie set: the Set-Cookie values in order, or {"error": exception class name};
- session encode: the session_data string;
- session decode: {"data": what SessionStore.decode returns, "log": the messages logged}.
"""
import datetime, json, logging, random, sys
import django
from django.conf import settings

V52 = django.VERSION[:2] >= (5, 2)
SECRET = "k3y-for-recorded-cases"
extra = {} if V52 else {"DEFAULT_HASHING_ALGORITHM": "sha256"}
settings.configure(SECRET_KEY=SECRET, INSTALLED_APPS=["django.contrib.sessions"],
                   SESSION_ENGINE="django.contrib.sessions.backends.db", **extra)
django.setup()
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from freezegun import freeze_time

R = random.Random(20191_5219 if V52 else 20191_3225)
NOW = "2019-09-29T23:17:55.591447"
VERSION = "5.2" if V52 else "3.2"

class Catch(logging.Handler):
    def __init__(self):
        super().__init__(); self.messages = []
    def emit(self, record):
        self.messages.append(record.getMessage())
catch = Catch()
for name in ("django.security",):  # SuspiciousSession propagates to it
    logging.getLogger(name).addHandler(catch)

def text(alphabet, lo, hi):
    return "".join(R.choice(alphabet) for _ in range(R.randint(lo, hi)))

cases = []

# cookie parse
PARSE = list('abcXYZ019 =;",\\\t%$!#&\'()*+-./:<>?@[]^_`{|}~') + ["\u00e9", "\u2603", "\x7f", "\r", "\n", '\\"', "\\054", "\\012", "\\377", '="a"', "sessionid=", "; "]
for _ in range(150 if V52 else 0):  # the CLI parses and sets cookies as 5.2 does
    h = text(PARSE, 0, 24)
    cases.append({"args": ["cookie", "parse", h], "want": [list(kv) for kv in parse_cookie(h).items()]})

# cookie set (Django 5.2's keyword arguments; 3.2 takes the same ones)
def rstr():
    return text(list('ab Z9;,"\\=\t:\u00e9\u2603$!%()[]{}') + ["\x7f", "\x01"], 0, 6)
def rvalue():
    t = R.randint(0, 9)
    if t == 0: return None
    if t == 1: return R.choice([0, 1, -5, 100, 3.5, -0.5, 1e3, 2**40])
    if t == 2: return R.choice(["", "0", "yes", "no", "False"])
    if t == 3: return R.choice([True, False])
    if t == 4: return {"timedelta": R.choice([0, 1.5, -3, 3600.5, 86400 * 400])}
    if t == 5: return {"datetime": R.choice(["2019-09-30T00:00:00", "2019-09-29T23:17:55", "2019-09-29T23:17:56.5", "2019-09-30T05:30:00+05:30", "2018-01-01T00:00:00", "2019-09-29T23:17:55.591447"])}
    if t == 6: return R.choice(["Thu, 01 Jan 2099 00:00:00 GMT", "tomorrow", "", "Mon, 30 Sep 2019 00:00:00 GMT"])
    return rstr()
def py(v):
    if isinstance(v, dict) and "timedelta" in v: return datetime.timedelta(seconds=v["timedelta"])
    if isinstance(v, dict) and "datetime" in v: return datetime.datetime.fromisoformat(v["datetime"])
    return v
for _ in range(150):
    calls = []
    for _ in range(R.randint(1, 3)):
        c = {"key": R.choice(["a", "b", "sessionid", "x y", "\u00e9", "a;b", ""])}
        method = R.choice(["set_cookie"] * 4 + ["delete_cookie", "set_signed_cookie"])
        if method != "set_cookie": c["method"] = method
        keys = ["path", "domain", "samesite"] if method == "delete_cookie" else ["value", "max_age", "expires", "path", "domain", "secure", "httponly", "samesite"]
        for k in R.sample(keys, R.randint(0, min(4, len(keys)))):
            if k == "samesite": c[k] = R.choice(["Lax", "strict", "NONE", "bogus", None, "", 0])
            elif k == "max_age": c[k] = R.choice([None, 0, 10, -1, 1.7, "5", {"timedelta": R.choice([10, 1.5, -2])}, True])
            elif k == "expires": c[k] = rvalue()
            elif k in ("secure", "httponly"): c[k] = R.choice([True, False, None, "", "x", 0, 1])
            elif k == "value": c[k] = rvalue()
            else: c[k] = R.choice([None, "/", "/x", "", "example.com", ".Example.COM"])
        if method == "set_signed_cookie" and R.random() < 0.5: c["salt"] = R.choice(["", "s"])
        calls.append(c)
    with freeze_time(NOW):
        response, want = HttpResponse(), None
        for c in calls:
            kwargs = {k: py(v) for k, v in c.items() if k not in ("method", "key")}
            try:
                getattr(response, c.get("method", "set_cookie"))(c["key"], **kwargs)
            except Exception as e:
                want = {"error": type(e).__name__}; break
        if want is None:
            try:
                want = [m.output(header="").lstrip() for m in response.cookies.values()]
            except Exception as e:
                want = {"error": type(e).__name__}
    cases.append({"args": ["cookie", "set", "--now", NOW + "Z", "--secret", SECRET, "--django", VERSION, json.dumps(calls, ensure_ascii=False)], "want": want})

# session encode and decode
def rjson(depth=0):
    t = R.randint(0, 8 if depth < 2 else 5)
    if t == 0: return R.choice([0, 1, -7, 2**31, 2**53 + 1, 10**20, -(2**70)])
    if t == 1: return R.choice([0.1, 3.5, -0.0, 1e-7, 1e16, 123456.789, 2.5e-300, 1 / 3, 1e100])
    if t == 2: return text('ab \u00e9\u2603"\\\n\t\x00/<>&\U0001F600', 0, 30)
    if t == 3: return R.choice([True, False, None])
    if t == 4: return "x" * R.randint(0, 400)
    if t == 5: return R.randint(0, 10**6)
    if t == 6: return [rjson(depth + 1) for _ in range(R.randint(0, 5))]
    return {text("abc_\u00e9", 0, 4): rjson(depth + 1) for _ in range(R.randint(0, 4))}
def tamper(s):
    if not s or R.random() < 0.4: return s
    k = R.randrange(len(s))
    return s[:k] + R.choice("a:.-_Z0=") + s[k + 1:]
for _ in range(150):
    session = {R.choice(["num_visits", "_auth_user_id", "list", "k%d" % j]): rjson() for j in range(R.randint(0, 4))}
    ts = R.choice([1569799075, 1569799075.9, 0, 4102444800])
    at = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).replace(tzinfo=None)
    fmt = "signed" if V52 or R.random() < 0.5 else "legacy"
    with freeze_time(at):
        if fmt == "legacy":
            encoded = SessionStore()._legacy_encode(session)
        else:
            encoded = SessionStore().encode(session)
    args = ["session", "encode", "--secret", SECRET, "--format", fmt, "--timestamp", str(ts), json.dumps(session, ensure_ascii=False)]
    cases.append({"args": args, "want": encoded})
    data = tamper(encoded)
    catch.messages = []
    with freeze_time(at):
        decoded = SessionStore().decode(data)
    cases.append({"args": ["session", "decode", "--secret", SECRET, "--django", VERSION, data], "want": {"data": decoded, "log": list(catch.messages)}})

json.dump({"django": django.get_version(), "now": NOW + "Z", "cases": cases}, sys.stdout, ensure_ascii=False, indent=0)
print()
