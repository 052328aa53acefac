"""Writes lecture/views.py and lecture/urls.py from the simulation's LAB_VIEWS_PY."""
import os

URLS = "from django.urls import path\nfrom . import views\nurlpatterns = [\n    path('', views.main), path('cookie', views.cookie), path('cookie2', views.cookie2), path('sessfun', views.sessfun),\n    path('noop', views.noop), path('peek', views.peek), path('store', views.store), path('show', views.show),\n    path('clear', views.clear), path('flush', views.flush), path('cycle', views.cycle), path('expiry/<str:mode>', views.expiry),\n    path('login', views.login_view), path('whoami', views.whoami), path('logout', views.logout_view),\n    path('setsigned', views.setsigned), path('getsigned', views.getsigned), path('deletezap', views.deletezap),\n    path('eurocookie', views.eurocookie), path('resetcookie', views.resetcookie), path('form', views.form),\n    path('message', views.message), path('messages', views.messages_view),\n]\n"
here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, '../../../src/views.rs')).read()
py = src.split('pub const LAB_VIEWS_PY: &str = r#"')[1].split('"#;')[0]
main_html = src.split('pub const MAIN_HTML: &str = r#"')[1].split('"#;')[0]
py = py.replace("    return render(request, 'session/main.html')", "    return HttpResponse(MAIN_HTML)")
form = '''    token = get_token(request)
    return HttpResponse('<html><body><p>A form protected by CsrfViewMiddleware</p>\\n<form method="post" action="form">\\n    <input type="hidden" name="csrfmiddlewaretoken" value="%s">\\n    <label for="name">Name:</label> <input type="text" name="name" id="name">\\n    <input type="submit" value="Send">\\n</form>\\n</body></html>\\n' % token)'''
py = py.replace("    return render(request, 'session/form.html')", form) + "\nMAIN_HTML = " + repr(main_html) + "\n"
os.makedirs(os.path.join(here, 'lecture'), exist_ok=True)
open(os.path.join(here, 'lecture/__init__.py'), 'w').close()
open(os.path.join(here, 'lecture/views.py'), 'w').write(py)
open(os.path.join(here, 'lecture/urls.py'), 'w').write(URLS)
