"""Random specs for drive.py: random settings and random walks over the lab's URLs.
usage: python3 gen_random.py SEED COUNT OUTDIR   (writes OUTDIR/random_<seed>_<i>.json)
Deterministic for a seed. Real Django records them (drive.py); djsim replays them."""
import json, os, random, sys

seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from djproj.settings import MIDDLEWARE as SEVEN  # the lecture's seven, in order
PATHS = ['/session/', '/session/cookie', '/session/cookie2', '/session/sessfun', '/session/sessfun', '/session/sessfun',
         '/session/noop', '/session/peek', '/session/store', '/session/show', '/session/show', '/session/clear',
         '/session/flush', '/session/cycle', '/session/expiry/60', '/session/expiry/0', '/session/expiry/none',
         '/session/expiry/td', '/session/expiry/dt', '/session/expiry/-5', '/session/expiry/abc', '/session/expiry/3600',
         '/session/login', '/session/whoami', '/session/logout', '/session/setsigned', '/session/getsigned',
         '/session/deletezap', '/session/eurocookie', '/session/resetcookie', '/session/form', '/session/nope',
         '/favicon.ico', '/session']
ADVANCE = [1, 59, 61, 999, 1000, 1001, 3600, 86400, 1209599, 1209601]


def settings():
    s = {}
    if rng.random() < 0.5:
        s['SESSION_ENGINE'] = 'django.contrib.sessions.backends.' + rng.choice(['db', 'cache', 'cached_db', 'file', 'signed_cookies'])
    if rng.random() < 0.25:
        s['SESSION_COOKIE_AGE'] = rng.choice([0, 1, 60, 1000, 3600, 86400])
    if rng.random() < 0.2:
        s['SESSION_EXPIRE_AT_BROWSER_CLOSE'] = True
    if rng.random() < 0.2:
        s['SESSION_SAVE_EVERY_REQUEST'] = True
    if rng.random() < 0.15:
        s['SESSION_COOKIE_HTTPONLY'] = False
    if rng.random() < 0.2:
        s['SESSION_COOKIE_SAMESITE'] = rng.choice(['Strict', 'None', False, 'lax'])
    if rng.random() < 0.1:
        s['SESSION_COOKIE_SECURE'] = True
    if rng.random() < 0.1:
        s['SESSION_COOKIE_NAME'] = rng.choice(['sid', 'zap'])
    if rng.random() < 0.1:
        s['SESSION_COOKIE_PATH'] = rng.choice(['/session', '/session/', '/other'])
    if rng.random() < 0.1:
        s['DEBUG'] = False
    if rng.random() < 0.2:
        mw = [m for m in SEVEN if rng.random() < 0.8]
        if rng.random() < 0.3:
            rng.shuffle(mw)
        s['MIDDLEWARE'] = mw
    return s


def steps():
    out = []
    for _ in range(rng.randint(3, 12)):
        r = rng.random()
        b = 'B' if rng.random() < 0.2 else 'A'
        if r < 0.12:
            out.append({'advance': rng.choice(ADVANCE)})
        elif r < 0.16:
            out.append({'close': b})
        elif r < 0.22:
            out.append({'get': rng.choice(PATHS), 'browser': b,
                        'cookie': rng.choice(['zap=abc', 'zap=41; sakaicar=1', 'sessionid=abcdefghijklmnopqrstuvwxyz012345',
                                              'sessionid=short', 'sessionid=', 'sig=hello', 'csrftoken=x'])})
        elif r < 0.28:
            out.append({'post': rng.choice(['/session/form', '/session/sessfun']), 'browser': b,
                        'body': rng.choice(['name=x', 'name=y&csrfmiddlewaretoken={TOKEN}'])})
        else:
            out.append({'get': rng.choice(PATHS), 'browser': b})
    return out


os.makedirs(out, exist_ok=True)
for i in range(count):
    name = 'random_%d_%d' % (seed, i)
    spec = {'name': name, 'settings': settings(), 'steps': steps()}
    with open(os.path.join(out, name + '.json'), 'w') as f:
        json.dump(spec, f)
