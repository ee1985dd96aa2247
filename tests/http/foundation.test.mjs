// tests/http/foundation.test.mjs -- the foundation every later feature sits
// on: security headers on every kind of response (ehm pages, ehm errors,
// nginx static files, nginx's own error pages), the request edge (size caps,
// malformed input, unknown methods) leaving the worker alive, branded error
// pages, health checks, the CLI (help, config errors, user add, backup,
// check) and what must never reach the logs.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { startServer, Client, DEMO_PASSWORD, ehm, ehmBin, ROOT } from '../lib/server.mjs'

const AUTHORITY = 'Exampleshire County Council'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const ASAN = 'detect_leaks=0:abort_on_error=0:halt_on_error=1'

let srv

before(async () => {
  srv = await startServer()
})

after(async () => {
  if (srv) await srv.stop()
})

// ---- helpers ------------------------------------------------------------

async function req (p, { method = 'GET', body, headers = {} } = {}) {
  const res = await fetch(srv.url + p, { method, body, headers, redirect: 'manual' })
  res.text_ = method === 'HEAD' ? '' : await res.text()
  return res
}

function assertSecurityHeaders (res, what) {
  const csp = res.headers.get('content-security-policy')
  assert.ok(csp, `${what}: Content-Security-Policy is missing`)
  assert.match(csp, /default-src/, `${what}: CSP has no default-src`)
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: CSP allows 'unsafe-inline'`)
  assert.doesNotMatch(csp, /unsafe-eval/, `${what}: CSP allows 'unsafe-eval'`)
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`)
  assert.equal(res.headers.get('referrer-policy'), 'same-origin', `${what}: Referrer-Policy`)
  assert.equal(res.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`)
}

// An error page is the service's own: branded, with a heading, and without
// anything about how the service is built.
function assertBrandedErrorPage (res, what) {
  assert.match(res.headers.get('content-type') || '', /^text\/html/, `${what}: not HTML`)
  const html = res.text_
  assert.ok(html.includes(AUTHORITY), `${what}: the page does not name ${AUTHORITY}`)
  assert.match(html, /<h1[\s>]/, `${what}: the page has no h1`)
  assertNoInternals(html, what)
}

function assertNoInternals (html, what) {
  for (const leak of [/sqlite/i, /\bSQL\b/, /\.c:\d+/, /\bsrc\//, /\/work\//, /\/tmp\//,
    /FCGX/, /segmentation/i, /AddressSanitizer/, /stack trace/i, /errno/i, /nginx\//]) {
    assert.doesNotMatch(html, leak, `${what}: the page shows internals (${leak})`)
  }
}

// The worker that answered a bad request must still be there.
async function assertAlive (after) {
  const live = await req('/healthcheck/live')
  assert.equal(live.status, 200, `after ${after}: /healthcheck/live answered ${live.status}`)
  const login = await req('/login')
  assert.equal(login.status, 200, `after ${after}: /login answered ${login.status}`)
  assert.match(login.text_, /<form[^>]+action="\/login"/, `after ${after}: /login has no sign-in form`)
}

function sqlite (db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' })
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`)
  return r.stdout.trim()
}

function tmpDir () {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ehm-foundation-'))
}

// `ehm` without blocking the event loop, so requests can run meanwhile.
function ehmAsync (args) {
  return new Promise((resolve, reject) => {
    const p = spawn(ehmBin(), ['--config', srv.configPath, ...args], {
      cwd: ROOT, env: { ...process.env, ASAN_OPTIONS: ASAN }
    })
    let stdout = ''; let stderr = ''
    p.stdout.on('data', d => { stdout += d })
    p.stderr.on('data', d => { stderr += d })
    p.on('error', reject)
    p.on('close', status => resolve({ status, stdout, stderr }))
  })
}

// ---- (g) ehm check on the untouched database -----------------------------

test('ehm check exits 0 on a freshly initialised database and reports the audit chain intact', () => {
  const r = srv.ehm(['check'])
  assert.equal(r.status, 0, `ehm check failed:\n${r.stdout}\n${r.stderr}`)
  assert.match(r.stdout, /integrity: ok/)
  assert.match(r.stdout, /audit chain intact/)
})

// ---- (a) security headers ------------------------------------------------

test('the sign-in page carries the security headers and Cache-Control: no-store', async () => {
  for (const method of ['HEAD', 'GET']) {
    const res = await req('/login', { method })
    assert.equal(res.status, 200)
    assertSecurityHeaders(res, `${method} /login`)
    assert.equal(res.headers.get('cache-control'), 'no-store', `${method} /login: Cache-Control`)
  }
})

test('a 404 page carries the security headers and Cache-Control: no-store', async () => {
  for (const method of ['HEAD', 'GET']) {
    const res = await req('/nope', { method })
    assert.equal(res.status, 404)
    assertSecurityHeaders(res, `${method} /nope`)
    assert.equal(res.headers.get('cache-control'), 'no-store', `${method} /nope: Cache-Control`)
  }
})

test('a static CSS file served by nginx carries the security headers', async () => {
  for (const method of ['HEAD', 'GET']) {
    const res = await req('/static/vendor/app.css', { method })
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') || '', /^text\/css/)
    assertSecurityHeaders(res, `${method} /static/vendor/app.css`)
  }
})

test('a request body over 8 MiB is refused by nginx with 413, and that page carries the security headers', async () => {
  const body = 'a=' + 'x'.repeat(8 * 1024 * 1024 + 1024)
  const res = await req('/login', { method: 'POST', body, headers: FORM })
  assert.equal(res.status, 413)
  assertSecurityHeaders(res, 'nginx 413')
  assert.match(res.text_, /<h1[\s>]/, 'nginx 413: page has no h1')
  assertNoInternals(res.text_, 'nginx 413')
  await assertAlive('an 8 MiB body')
})

test('a path with malformed percent-encoding is refused with 400, and that page carries the security headers', async () => {
  // nginx itself refuses this before ehm sees it; its page must still carry
  // the headers (DESIGN §6: every response).
  const res = await req('/nope%ZZ')
  assert.equal(res.status, 400)
  assertSecurityHeaders(res, 'GET /nope%ZZ')
  assertNoInternals(res.text_, 'GET /nope%ZZ')
  await assertAlive('GET /nope%ZZ')
})

// ---- (b) the request edge -------------------------------------------------

test('a 2 MiB urlencoded body to /login is refused with a branded 413 and the worker lives on', async () => {
  const body = 'username=' + 'x'.repeat(2 * 1024 * 1024)
  const res = await req('/login', { method: 'POST', body, headers: FORM })
  assert.equal(res.status, 413)
  assertSecurityHeaders(res, '413')
  assertBrandedErrorPage(res, '2 MiB body')
  await assertAlive('a 2 MiB body')
})

test('bad percent-encoding in a form body is refused with a branded 400 and the worker lives on', async () => {
  const res = await req('/login', { method: 'POST', body: 'a=%ZZ', headers: FORM })
  assert.equal(res.status, 400)
  assertSecurityHeaders(res, '400')
  assertBrandedErrorPage(res, 'body a=%ZZ')
  await assertAlive('body a=%ZZ')
})

test('percent-encoded invalid UTF-8 in a form body (a=%C3%28) is refused with 400 and the worker lives on', async () => {
  const res = await req('/login', { method: 'POST', body: 'a=%C3%28', headers: FORM })
  assert.equal(res.status, 400)
  assertBrandedErrorPage(res, 'body a=%C3%28')
  await assertAlive('body a=%C3%28')
})

test('a raw 0xff byte in a form body is refused with 400 and the worker lives on', async () => {
  const body = Buffer.concat([Buffer.from('username=ab'), Buffer.from([0xff]), Buffer.from('&password=x')])
  const res = await req('/login', { method: 'POST', body, headers: FORM })
  assert.equal(res.status, 400)
  assertBrandedErrorPage(res, 'raw 0xff body')
  await assertAlive('a raw 0xff body')
})

test('a form with 2,000 fields is refused (413 or 400) and the worker lives on', async () => {
  const body = Array.from({ length: 2000 }, (_, i) => `f${i}=1`).join('&')
  const res = await req('/login', { method: 'POST', body, headers: FORM })
  assert.ok(res.status === 413 || res.status === 400, `2,000 fields answered ${res.status}`)
  assertBrandedErrorPage(res, '2,000 fields')
  await assertAlive('2,000 fields')
})

test('an unknown path is a branded 404 and the worker lives on', async () => {
  const res = await req('/nope')
  assert.equal(res.status, 404)
  assertBrandedErrorPage(res, 'GET /nope')
  await assertAlive('GET /nope')
})

test('DELETE / is refused with a branded 405 and the worker lives on', async () => {
  const res = await req('/', { method: 'DELETE' })
  assert.equal(res.status, 405)
  assertSecurityHeaders(res, 'DELETE /')
  assert.ok(res.headers.get('allow'), '405 without an Allow header')
  assert.doesNotMatch(res.headers.get('allow'), /DELETE/)
  assertBrandedErrorPage(res, 'DELETE /')
  await assertAlive('DELETE /')
})

test('bad percent-encoding in a query string is refused with a branded 400 and the worker lives on', async () => {
  const res = await req('/login?next=%ZZ')
  assert.equal(res.status, 400)
  assertSecurityHeaders(res, 'query %ZZ')
  assertBrandedErrorPage(res, 'query %ZZ')
  await assertAlive('query %ZZ')
})

// ---- (c) health checks --------------------------------------------------------

test('/healthcheck/live answers 200 "OK"', async () => {
  const res = await req('/healthcheck/live')
  assert.equal(res.status, 200)
  assert.equal(res.text_.trim(), 'OK')
  assertSecurityHeaders(res, '/healthcheck/live')
})

test('/healthcheck/ready answers 200 when the database answers', async () => {
  const res = await req('/healthcheck/ready')
  assert.equal(res.status, 200)
  assert.equal(res.text_.trim(), 'OK')
})

// ---- (h) what never reaches the logs ------------------------------------------

test('no password, session token or CSRF token reaches the ehm log or the nginx access log', async () => {
  const secrets = [DEMO_PASSWORD]
  // A successful sign-in and page view.
  const c = new Client(srv.url)
  await c.signIn('practitioner.north')
  const home = await c.get('/')
  assert.equal(home.status, 200)
  secrets.push(...c.cookies.values())
  secrets.push(Client.token(home.text_))
  // A failed sign-in with a distinctive wrong password.
  const wrong = 'Wrong-Password-Marker-4417'
  secrets.push(wrong)
  const f = new Client(srv.url)
  await f.get('/login')
  const fail = await f.post('/login', { username: 'teacher', password: wrong }, { csrfFrom: '/login' })
  assert.notEqual(fail.status, 303, 'a wrong password signed in')
  secrets.push(...f.cookies.values())
  // ...and a successful one for teacher afterwards.
  const t = new Client(srv.url)
  await t.signIn('teacher')
  secrets.push(...t.cookies.values())

  const logs = { 'ehm log': srv.log(), 'nginx access log': srv.nginxAccessLog() }
  assert.match(logs['ehm log'], /login/, 'the ehm log recorded no sign-in at all')
  assert.match(logs['nginx access log'], /\/login/, 'the nginx access log recorded no request at all')
  for (const [name, text] of Object.entries(logs)) {
    for (const s of secrets.filter(Boolean)) {
      assert.ok(!text.includes(s), `${name} contains a secret (${s.slice(0, 6)}…)`)
    }
  }
})

test('query strings never appear in the nginx access log (nor in the ehm log)', async () => {
  const marker = 'querymarker' + Date.now()
  await req(`/login?next=%2Fpeople%3Fname%3D${marker}`)
  await req(`/nope?family=${marker}`)
  await req(`/healthcheck/live?q=${marker}`)
  const access = srv.nginxAccessLog()
  assert.match(access, /\/healthcheck\/live/, 'the requests were not logged at all')
  assert.ok(!access.includes(marker), 'a query string reached the nginx access log')
  for (const line of access.split('\n')) {
    assert.ok(!line.includes('?'), `an nginx access log line carries a query: ${line}`)
  }
  assert.ok(!srv.log().includes(marker), 'a query string reached the ehm log')
})

// ---- (f) backup while serving --------------------------------------------------

test('ehm backup while the service is serving and writing gives a file that passes integrity_check', async () => {
  const file = path.join(srv.dir, 'backup-live.db')
  let stop = false
  const problems = []
  let requests = 0
  // A loop of sign-ins, page views and sign-outs: each writes (session and audit rows).
  const loop = (async () => {
    while (!stop) {
      const c = new Client(srv.url)
      try {
        await c.signIn('healthvisitor')
        const home = await c.get('/')
        if (home.status !== 200) problems.push(`GET / answered ${home.status}`)
        const out = await c.post('/logout', {}, { csrfFrom: '/' })
        if (out.status !== 303) problems.push(`POST /logout answered ${out.status}`)
        requests += 3
      } catch (e) {
        problems.push(e.message)
        stop = true
      }
    }
  })()
  const ready = (async () => {
    while (!stop) {
      const r = await req('/healthcheck/ready')
      if (r.status !== 200) problems.push(`/healthcheck/ready answered ${r.status}`)
      requests++
    }
  })()
  // Let the loop get going, then back up while it runs.
  while (requests < 6 && !stop) await new Promise(resolve => setTimeout(resolve, 20))
  const r = await ehmAsync(['backup', file])
  stop = true
  await Promise.all([loop, ready])

  assert.equal(r.status, 0, `ehm backup failed: ${r.stderr}`)
  assert.deepEqual(problems, [], 'requests failed while the backup ran')
  assert.ok(fs.existsSync(file), 'no backup file was written')
  assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok')
  // It holds the data: every user and every audit row up to the snapshot.
  assert.equal(sqlite(file, 'SELECT count(*) FROM user'), sqlite(srv.dbPath, 'SELECT count(*) FROM user'))
  assert.ok(Number(sqlite(file, 'SELECT count(*) FROM audit')) > 0, 'the backup has no audit rows')
  assert.equal(sqlite(file, 'PRAGMA user_version'), sqlite(srv.dbPath, 'PRAGMA user_version'))
})

test('ehm backup refuses to overwrite an existing file and leaves it untouched', () => {
  const file = path.join(srv.dir, 'existing.db')
  fs.writeFileSync(file, 'do not overwrite me')
  const r = srv.ehm(['backup', file])
  assert.notEqual(r.status, 0, 'backup over an existing file succeeded')
  assert.match(r.stderr, /exists/i)
  assert.equal(fs.readFileSync(file, 'utf8'), 'do not overwrite me')
})

test('ehm check still exits 0 after the service has been used', () => {
  const r = srv.ehm(['check'])
  assert.equal(r.status, 0, `ehm check failed:\n${r.stdout}\n${r.stderr}`)
  assert.match(r.stdout, /audit chain intact/)
})

// ---- (d) the CLI ----------------------------------------------------------------

const COMMANDS = ['serve', 'init', 'user', 'demo', 'backup', 'check', 'version']

test('ehm --help lists every command and exits 0', () => {
  const r = ehm(['--help'])
  assert.equal(r.status, 0, r.stderr)
  for (const cmd of COMMANDS) {
    assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\s`, 'm'), `ehm --help does not list ${cmd}`)
  }
})

test('ehm COMMAND --help exits 0 and shows that command\'s usage', () => {
  for (const cmd of COMMANDS) {
    const r = ehm([cmd, '--help'])
    assert.equal(r.status, 0, `ehm ${cmd} --help exited ${r.status}: ${r.stderr}`)
    assert.match(r.stdout, new RegExp(`ehm ${cmd}\\b`), `ehm ${cmd} --help shows no usage line`)
  }
})

function serveWith (ini) {
  const dir = tmpDir()
  const file = path.join(dir, 'bad.ini')
  fs.writeFileSync(file, ini)
  const r = spawnSync(ehmBin(), ['--config', file, 'serve'], {
    cwd: dir, encoding: 'utf8', timeout: 30000, env: { ...process.env, ASAN_OPTIONS: ASAN }
  })
  fs.rmSync(dir, { recursive: true, force: true })
  return r
}

test('ehm serve refuses a config value that is not a number, naming the key and its line', () => {
  const r = serveWith('[server]\nthreads = many\n')
  assert.ok(r.status !== 0 && r.status !== null, `ehm serve exited ${r.status} (signal ${r.signal})`)
  assert.match(r.stderr, /threads/, 'the error does not name the key')
  assert.match(r.stderr, /(:2:|line 2\b)/, 'the error does not give line 2')
})

test('ehm serve refuses an unknown config key, naming it and its line', () => {
  const r = serveWith('; a comment\n[server]\nthreads = 4\nthreadz = 4\n')
  assert.ok(r.status !== 0 && r.status !== null, `ehm serve exited ${r.status} (signal ${r.signal})`)
  assert.match(r.stderr, /threadz/, 'the error does not name the unknown key')
  assert.match(r.stderr, /(:4:|line 4\b)/, 'the error does not give line 4')
})

// ---- (e) ehm user add ----------------------------------------------------------

test('ehm user add refuses a password shorter than 12 characters', () => {
  const r = srv.ehm(['user', 'add', '--username', 'short.pw', '--role', 'practitioner',
    '--agency', 'New Agency', '--password-stdin'], { input: 'Short-pw-1\n' })
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /12 characters/)
  assert.equal(sqlite(srv.dbPath, "SELECT count(*) FROM user WHERE username = 'short.pw'"), '0')
})

test('ehm user add refuses a common password from the list', () => {
  // "winniethepooh" is in Debian's /usr/share/john/password.lst and is 13 characters.
  const r = srv.ehm(['user', 'add', '--username', 'common.pw', '--role', 'practitioner',
    '--agency', 'New Agency', '--password-stdin'], { input: 'winniethepooh\n' })
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /common/i)
  assert.equal(sqlite(srv.dbPath, "SELECT count(*) FROM user WHERE username = 'common.pw'"), '0')
})

test('ehm user add stores an argon2id hash, and the new user can sign in while the service runs', async () => {
  const password = 'Kettle-Orchard-Lantern-58'
  const r = srv.ehm(['user', 'add', '--username', 'jo.bloggs', '--role', 'practitioner',
    '--agency', 'New Agency', '--team', 'New Team', '--password-stdin'], { input: password + '\n' })
  assert.equal(r.status, 0, `ehm user add failed: ${r.stderr}`)
  const hash = sqlite(srv.dbPath, "SELECT password_hash FROM user WHERE username = 'jo.bloggs'")
  assert.ok(hash.startsWith('$argon2id$'), `stored hash is not argon2id: ${hash.slice(0, 12)}`)
  assert.ok(!hash.includes(password))

  const c = new Client(srv.url)
  await c.get('/login')
  const res = await c.post('/login', { username: 'jo.bloggs', password }, { csrfFrom: '/login' })
  assert.equal(res.status, 303, `sign-in as the new user answered ${res.status}`)
  assert.ok(!res.headers.get('location').startsWith('/login'), 'sign-in sent the new user back to /login')
  const home = await c.get('/')
  assert.notEqual(home.status, 500)
  assert.ok(!(home.status === 303 && home.headers.get('location').startsWith('/login')),
    'the new user\'s session does not work')

  // The service keeps working for everyone else after a CLI write.
  const other = new Client(srv.url)
  await other.get('/login')
  const again = await other.post('/login', { username: 'admin', password: DEMO_PASSWORD }, { csrfFrom: '/login' })
  assert.equal(again.status, 303, `sign-in as admin after ehm user add answered ${again.status}`)

  const check = srv.ehm(['check'])
  assert.equal(check.status, 0, `ehm check after user add:\n${check.stdout}`)
})

// ---- nginx's page when ehm is down -----------------------------------------------

test('when ehm is down nginx answers 502 with its own page carrying the security headers, and a restart recovers', async () => {
  // SIGTERM (a clean stop, exit 0), not SIGKILL: the harness's restartEhm()
  // waits forever on a process that died from a signal (exitCode stays null).
  const exited = new Promise(resolve => srv.ehmProc.once('exit', (code, signal) => resolve({ code, signal })))
  srv.ehmProc.kill('SIGTERM')
  const { code, signal } = await exited
  assert.equal(code, 0, `ehm did not stop cleanly on SIGTERM (code ${code}, signal ${signal})`)
  const res = await req('/login')
  assert.ok([502, 503, 504].includes(res.status), `with ehm down /login answered ${res.status}`)
  assertSecurityHeaders(res, `nginx ${res.status}`)
  assert.equal(res.headers.get('cache-control'), 'no-store')
  assert.match(res.text_, /<h1[\s>]/)
  assertNoInternals(res.text_, `nginx ${res.status}`)
  await srv.restartEhm()
  await assertAlive('restarting ehm')
})
