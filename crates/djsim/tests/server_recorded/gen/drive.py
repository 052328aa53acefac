"""Drive real Django's WSGIHandler like runserver and write oracle-format transcripts.
usage: python drive.py SPEC.json OUT.json"""
import sys, os, json, io, re, logging, tempfile, contextlib, datetime, sqlite3, shutil
spec = json.load(open(sys.argv[1]))
tmp = tempfile.mkdtemp()
os.environ['DJCHECK_DB'] = os.path.join(tmp, 'db.sqlite3')
os.environ['DJCHECK_FILES'] = tmp + '/files'
os.makedirs(tmp + '/files')
os.environ['DJCHECK_SETTINGS'] = json.dumps(spec.get('settings', {}))
os.environ['DJANGO_SETTINGS_MODULE'] = 'djproj.settings'
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from freezegun import freeze_time
start = datetime.datetime(2019, 9, 29, 23, 17, 55, 591447, tzinfo=datetime.timezone.utc)
frozen = freeze_time(start)
clock = frozen.start()
import django
django.setup()
from django.core.management import call_command
from django.conf import settings
call_command('migrate', verbosity=0)
from django.contrib.auth.models import User
from django.contrib.auth.hashers import make_password
User.objects.create(username='alice', password=make_password('wonderland-42', salt='oraclefixedsalt1'), date_joined=datetime.datetime(2019, 9, 1, tzinfo=datetime.timezone.utc))
from django.core.handlers.wsgi import WSGIHandler
from django.contrib.sessions.backends.db import SessionStore as DbStore
from django.utils.http import http_date
handler = WSGIHandler()

records = []
class H(logging.Handler):
    def emit(self, r):
        if r.name == 'django.server' or not settings.DEBUG:
            return
        records.append({'stream': 'stderr', 'text': r.getMessage(), 'logger': r.name, 'level': r.levelname})
        if r.exc_info:
            import traceback
            records.append({'stream': 'stderr', 'text': ''.join(traceback.format_exception(*r.exc_info)).rstrip('\n'), 'logger': r.name, 'level': r.levelname})
lh = H()
logging.getLogger('django').addHandler(lh)
logging.getLogger('django').setLevel(logging.INFO)

def db_rows():
    con = sqlite3.connect(os.environ['DJCHECK_DB'])
    rows = con.execute('SELECT session_key, session_data, expire_date FROM django_session ORDER BY rowid').fetchall()
    con.close()
    out = []
    for k, d, e in rows:
        try:
            dec = DbStore().decode(d)
        except Exception:
            dec = {}
        out.append({'session_key': k, 'session_data': d, 'expire_date': e, 'decoded': dec})
    return out

jars = {}
def jar_header(b):
    jar = jars.setdefault(b, [])
    now = datetime.datetime.now(datetime.timezone.utc)
    jar[:] = [c for c in jar if c[2] is None or c[2] > now]
    return '; '.join('%s=%s' % (c[0], c[1]) for c in jar) or None
def jar_store(b, line):
    jar = jars.setdefault(b, [])
    parts = [p.strip() for p in line.split(';')]
    name, _, value = parts[0].partition('=')
    exp = None
    for p in parts[1:]:
        k, _, v = p.partition('=')
        if k.lower() == 'max-age':
            exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(v))
    for i, c in enumerate(jar):
        if c[0] == name:
            jar[i] = (name, value, exp)
            break
    else:
        jar.append((name, value, exp))
    jar[:] = [c for c in jar if c[2] is None or c[2] > datetime.datetime.now(datetime.timezone.utc)]
def jar_close(b):
    jars[b] = [c for c in jars.get(b, []) if c[2] is not None]

steps = []
n = 0
for st in spec['steps']:
    n += 1
    now = datetime.datetime.now(datetime.timezone.utc)
    base = {'step': n, 'time_utc': now.isoformat()}
    if 'advance' in st:
        clock.tick(datetime.timedelta(seconds=st['advance']))
        steps.append(dict(base, kind='advance_time', seconds=st['advance'], new_time_utc=datetime.datetime.now(datetime.timezone.utc).isoformat()))
        continue
    if 'close' in st:
        jar_close(st['close'])
        steps.append(dict(base, kind='close_browser', browser=st['close']))
        continue
    if 'sql' in st:
        con = sqlite3.connect(os.environ['DJCHECK_DB'])
        sql = st['sql']
        for lab, val in st.get('labels', {}).items():
            pass
        con.execute(sql); con.commit(); con.close()
        steps.append(dict(base, kind='server_action', action='sql', sql=sql, db_after=db_rows()))
        continue
    if 'sql_tamper_first' in st:
        con = sqlite3.connect(os.environ['DJCHECK_DB'])
        k, d = con.execute('SELECT session_key, session_data FROM django_session ORDER BY rowid LIMIT 1').fetchone()
        nd = d[:2] + ('A' if d[2] != 'A' else 'B') + d[3:]
        con.execute('UPDATE django_session SET session_data=? WHERE session_key=?', (nd, k)); con.commit(); con.close()
        steps.append(dict(base, kind='server_action', action='sql', sql="UPDATE django_session SET session_data='%s' WHERE session_key='%s'" % (nd, k), db_after=db_rows()))
        continue
    if 'clear_expired' in st:
        from importlib import import_module
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        steps.append(dict(base, kind='server_action', action='clear_expired', result={}, db_after=db_rows()))
        continue
    b = st.get('browser', 'A')
    method = 'POST' if 'post' in st else 'GET'
    path = st.get('post') or st.get('get')
    ck = st['cookie'] if 'cookie' in st else jar_header(b)
    body = st.get('body', '')
    if '{TOKEN}' in body:
        reqs = [x for x in steps if x['kind'] == 'request']
        prev = (reqs[-1]['response']['body'] or '') if reqs else ''
        m = re.search(r'csrfmiddlewaretoken" value="([A-Za-z0-9]{64})', prev)
        body = body.replace('{TOKEN}', m.group(1) if m else '')
    hdrs = [('Host', 'localhost:8000'), ('User-Agent', 'oracle-browser/1.0'), ('Accept', '*/*')]
    if ck is not None:
        hdrs.append(('Cookie', ck))
    if method == 'POST':
        hdrs.append(('Content-Type', 'application/x-www-form-urlencoded'))
        hdrs.append(('Content-Length', str(len(body.encode()))))
    hdrs += [tuple(h) for h in st.get('headers', [])]
    p, _, q = path.partition('?')
    raw = '%s %s HTTP/1.1\r\n' % (method, path) + ''.join('%s: %s\r\n' % h for h in hdrs) + '\r\n' + body
    from urllib.parse import unquote
    environ = {'REQUEST_METHOD': method, 'PATH_INFO': unquote(p, 'iso-8859-1'), 'QUERY_STRING': q, 'SERVER_NAME': '127.0.0.1', 'SERVER_PORT': '8000',
               'SERVER_PROTOCOL': 'HTTP/1.1', 'SCRIPT_NAME': '', 'wsgi.input': io.BytesIO(body.encode()), 'wsgi.url_scheme': 'http',
               'wsgi.errors': sys.stderr, 'wsgi.multithread': True, 'wsgi.multiprocess': False, 'wsgi.run_once': False}
    for k, v in hdrs:
        if k == 'Content-Type': environ['CONTENT_TYPE'] = v
        elif k == 'Content-Length': environ['CONTENT_LENGTH'] = v
        else: environ['HTTP_' + k.upper().replace('-', '_')] = v
    records.clear()
    captured = {}
    def start_response(status, headers):
        captured['status'] = status; captured['headers'] = headers
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = handler(environ, start_response)
        content = b''.join(result)
    console = [{'stream': 'stdout', 'text': l} for l in out.getvalue().splitlines()] + records[:]
    status = captured['status']
    headers = list(captured['headers'])
    if not any(k.lower() == 'content-length' for k, v in headers):
        headers.append(('Connection', 'close'))
    date = http_date()
    pre = 'HTTP/1.1 %s\r\nDate: %s\r\nServer: WSGIServer/0.2 CPython/3.11.7\r\n' % (status, date)
    block = ''.join('%s: %s\r\n' % h for h in headers) + '\r\n'
    try:
        block.encode('iso-8859-1')
        incomplete = False
    except UnicodeEncodeError as e:
        incomplete = True
        err = str(e)
    if incomplete:
        resp = {'incomplete': True, 'status_line': 'HTTP/1.1 ' + status, 'status': int(status[:3]), 'headers': [['Date', date], ['Server', 'WSGIServer/0.2 CPython/3.11.7']],
                'set_cookie': [], 'raw_head': pre, 'body': '', 'body_length': 0, 'body_prefix': None}
        console.append({'stream': 'stderr', 'text': 'Traceback (most recent call last):\nUnicodeEncodeError: %s' % err})
        content = b''
    else:
        sc = [v.lstrip(' ') for k, v in headers if k == 'Set-Cookie']
        resp = {'incomplete': False, 'status_line': 'HTTP/1.1 ' + status, 'status': int(status[:3]),
                'headers': [['Date', date], ['Server', 'WSGIServer/0.2 CPython/3.11.7']] + [list(h) for h in headers],
                'set_cookie': sc, 'raw_head': pre + block, 'body': content.decode('utf-8', 'replace'), 'body_length': len(content), 'body_prefix': None}
        if len(content) > 4096:
            resp['body'] = None; resp['body_prefix'] = content[:200].decode('utf-8', 'ignore')
        code = int(status[:3])
        lvl = 'ERROR' if code >= 500 else 'WARNING' if code >= 400 else 'INFO'
        console.append({'stream': 'stderr', 'text': '[%s] "%s" %s %d' % (datetime.datetime.now(datetime.timezone.utc).strftime('%d/%b/%Y %H:%M:%S'), raw.split('\r\n')[0], status[:3], len(content)), 'logger': 'django.server', 'level': lvl})
        for v in sc:
            jar_store(b, v)
    steps.append(dict(base, kind='request', browser=b, request={'method': method, 'path': path, 'cookie_header': ck, 'raw': raw}, response=resp, console=console, db_after=db_rows() if 'db' in settings.SESSION_ENGINE else None))

# labels
vals = []
def collect(s):
    for m in re.finditer(r'(?:sessionid|sid|%s)=([a-z0-9]{32})\b' % re.escape(settings.SESSION_COOKIE_NAME), s):
        if m.group(1) not in vals: vals.append(m.group(1))
    for m in re.finditer(r'csrfmiddlewaretoken\\" value=\\"([A-Za-z0-9]{64})', s):
        if m.group(1) not in vals: vals.append(m.group(1))
    for m in re.finditer(r'csrftoken=([A-Za-z0-9]{32,64})\b', s):
        if m.group(1) not in vals: vals.append(m.group(1))
for stp in steps:
    txt = json.dumps(stp)
    collect(txt)
    for r in stp.get('db_after') or []:
        if r['session_key'] not in vals: vals.append(r['session_key'])
labels = {}
ki = ci = 0
for v in vals:
    if len(v) == 32 and v.islower() or v.isdigit():
        ki += 1; labels['K%d' % ki] = v
    else:
        ci += 1; labels['CSRF%d' % ci] = v
norm = json.dumps(steps)
for k, v in labels.items():
    norm = norm.replace(v, '<%s>' % k)
s = dict(settings.__dict__['_wrapped'].__dict__)
eff = {k: getattr(settings, k) for k in spec.get('settings', {})}
json.dump({'scenario': spec['name'], 'effective_settings': eff, 'start_time_utc': start.isoformat(), 'steps': steps,
           'normalized_steps': json.loads(norm), 'random_value_labels': {k: {'value': v} for k, v in labels.items()}},
          open(sys.argv[2], 'w'), indent=1, default=str)
frozen.stop()
shutil.rmtree(tmp)
