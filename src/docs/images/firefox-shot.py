#!/usr/bin/env python3
# Drives Firefox (headless, through its Marionette port 2828: Debian ships no geckodriver) to a page,
# waits, prints what the page shows and saves a screenshot. Usage: firefox-shot.py URL OUT.png [SECONDS]
import socket, json, base64, sys, time, subprocess, os
url, out = sys.argv[1], sys.argv[2]
prof = '/tmp/ffm/prof'; os.makedirs(prof, exist_ok=True)
ff = subprocess.Popen(['firefox-esr', '--headless', '--marionette', '--no-remote', '--profile', prof,
                       '--window-size=1440,900'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
s = None
for _ in range(60):
    try:
        s = socket.create_connection(('127.0.0.1', 2828)); break
    except OSError:
        time.sleep(0.5)
buf = b''
def recv():
    global buf
    while b':' not in buf: buf += s.recv(65536)
    n, rest = buf.split(b':', 1); n = int(n)
    while len(rest) < n: rest += s.recv(1 << 20)
    msg, buf = rest[:n], rest[n:]
    return json.loads(msg)
mid = [0]
def cmd(name, params):
    mid[0] += 1
    data = json.dumps([0, mid[0], name, params]).encode()
    s.sendall(str(len(data)).encode() + b':' + data)
    r = recv()
    if r[2]: raise SystemExit(f'{name}: {r[2]}')
    return r[3]
recv()
cmd('WebDriver:NewSession', {'capabilities': {}})
cmd('WebDriver:Navigate', {'url': url})
time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 6)
ua = cmd('WebDriver:ExecuteScript', {'script': 'return navigator.userAgent + " | cards: " + document.querySelectorAll("[class*=card]").length + " | text: " + document.body.innerText.slice(0, 300)', 'args': []})
print(ua['value'])
shot = cmd('WebDriver:TakeScreenshot', {'full': False})
open(out, 'wb').write(base64.b64decode(shot['value']))
cmd('WebDriver:DeleteSession', {})
ff.terminate()
