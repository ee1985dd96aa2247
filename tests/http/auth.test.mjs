// tests/http/auth.test.mjs -- who may reach what without a session, sign-in
// redirects, lockout, CSRF, sessions and their cookies, idle timeout.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'

import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs'

const FORM = 'application/x-www-form-urlencoded'

let srv

before(async () => {
  srv = await startServer()
})

after(async () => {
  if (srv) await srv.stop()
})

// ---- helpers ------------------------------------------------------------

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

function sqlite (db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' })
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`)
  return r.stdout.trim()
}

function userId (s, username) {
  const id = sqlite(s.dbPath, `SELECT id FROM user WHERE username = '${username}'`)
  assert.match(id, /^\d+$/, `no user ${username}`)
  return id
}

// A POST exactly as given: the client's cookies, no CSRF token added.
async function postRaw (client, p, fields, headers = {}) {
  const res = await fetch(client.base + p, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': FORM, origin: client.base, cookie: client.cookieHeader(), ...headers },
    body: new URLSearchParams(fields).toString()
  })
  client.remember(res)
  res.text_ = await res.text()
  return res
}

// GET with only the given cookie header (no client state).
async function getWithCookie (base, p, cookie) {
  const res = await fetch(base + p, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  res.text_ = await res.text()
  return res
}

// Sign in on a fresh client; returns { client, res } whatever the outcome.
async function trySignIn (s, username, password, { next, headers = {} } = {}) {
  const client = new Client(s.url)
  const page = await client.get('/login')
  assert.equal(page.status, 200)
  const fields = { csrf: Client.token(page.text_), username, password }
  if (next !== undefined) fields.next = next
  const res = await client.post('/login', fields, { headers })
  return { client, res }
}

function sessionCookie (res) {
  for (const c of res.headers.getSetCookie()) {
    const [pair, ...attrs] = c.split(';').map(s => s.trim())
    const i = pair.indexOf('=')
    const name = pair.slice(0, i)
    if (/ehm_session$/.test(name) && pair.slice(i + 1) !== '') {
      return { name, value: pair.slice(i + 1), attrs }
    }
  }
  return null
}

function assertToLogin (res, what) {
  assert.equal(res.status, 303, `${what}: answered ${res.status}, not 303`)
  const loc = res.headers.get('location') || ''
  assert.ok(loc.startsWith('/login'), `${what}: redirected to ${loc}, not /login`)
}

// ---- (a) the route table without a session ------------------------------

// DESIGN §4: only sign-in, the password-reset pages, health checks and
// static files (plus the branding stylesheet and the policy pages every
// visitor may read).  /login/questions is sign-in's second step (security
// questions for a browser not seen before) and needs a pending sign-in.
const PUBLIC_ALLOWED = [/^\/login$/, /^\/login\/questions$/, /^\/reset(\/.*)?$/, /^\/healthcheck\/[^/]+$/, /^\/branding\.css$/,
  /^\/accessibility$/, /^\/privacy$/, /^\/acceptable-use$/]

function routes () {
  const r = srv.ehm(['routes'])
  assert.equal(r.status, 0, r.stderr)
  const rows = r.stdout.trim().split('\n').map(line => {
    const [method, pattern, roles, kind, name] = line.split('\t')
    return { method, pattern, roles, kind, name }
  })
  assert.ok(rows.length > 0, 'ehm routes printed nothing')
  for (const row of rows) {
    assert.ok(['GET', 'POST'].includes(row.method), `bad method in ${JSON.stringify(row)}`)
    assert.ok(row.pattern.startsWith('/'), `bad pattern in ${JSON.stringify(row)}`)
    assert.ok(['reads', 'changes'].includes(row.kind), `bad kind in ${JSON.stringify(row)}`)
    assert.ok(row.name, `no name in ${JSON.stringify(row)}`)
  }
  return rows
}

test('only the sign-in, reset, health, branding and policy pages are public', () => {
  const pub = routes().filter(r => r.roles === 'public')
  assert.ok(pub.some(r => r.pattern === '/login'), '/login is not public')
  for (const r of pub) {
    assert.ok(PUBLIC_ALLOWED.some(re => re.test(r.pattern)),
      `${r.method} ${r.pattern} is public but not in the allow-list`)
  }
})

test('without a session every non-public GET route redirects to /login carrying the path in next=', async () => {
  const rows = routes().filter(r => r.roles !== 'public' && r.method === 'GET')
  assert.ok(rows.some(r => r.pattern === '/'), 'the route table has no GET /')
  for (const r of rows) {
    const p = r.pattern.replaceAll('{id}', '1')
    for (const method of ['GET', 'HEAD']) {
      const res = await fetch(srv.url + p, { method, redirect: 'manual' })
      assertToLogin(res, `${method} ${p} without a session`)
      const loc = new URL(res.headers.get('location'), srv.url)
      assert.equal(loc.pathname, '/login')
      if (p !== '/') {
        assert.equal(loc.searchParams.get('next'), p, `${method} ${p}: next= does not carry the path`)
      }
    }
  }
})

test('without a session every non-public POST route is refused with 403', async () => {
  const rows = routes().filter(r => r.roles !== 'public' && r.method === 'POST')
  assert.ok(rows.some(r => r.pattern === '/logout'), 'the route table has no POST /logout')
  // A browser with a pre-session token, posting it: still no session, still 403.
  const c = new Client(srv.url)
  const page = await c.get('/login')
  const token = Client.token(page.text_)
  const before = Number(sqlite(srv.dbPath, "SELECT count(*) FROM audit WHERE action = 'deny' AND user_id = 0 AND detail = 'session'"))
  let n = 0
  for (const r of rows) {
    const p = r.pattern.replaceAll('{id}', '1')
    for (const fields of [{}, { csrf: token }]) {
      const res = await postRaw(c, p, fields)
      assert.equal(res.status, 403, `POST ${p} without a session (${Object.keys(fields)}) answered ${res.status}`)
      assert.match(res.text_, /Your session has ended/)
      n++
    }
  }
  // Each refusal is a denial like any other: an audit row.
  const after = Number(sqlite(srv.dbPath, "SELECT count(*) FROM audit WHERE action = 'deny' AND user_id = 0 AND detail = 'session'"))
  assert.equal(after - before, n)
})

// ---- (b) where sign-in leads -------------------------------------------

test('signing in with next=/account goes to /account', async () => {
  const { res } = await trySignIn(srv, 'practitioner.north', DEMO_PASSWORD, { next: '/account' })
  assert.equal(res.status, 303)
  assert.equal(res.headers.get('location'), '/account')
})

test('the sign-in page keeps a local next= in its form', async () => {
  const c = new Client(srv.url)
  const page = await c.get('/login?next=%2Faccount')
  assert.match(page.text_, /name="next" value="\/account"/)
})

for (const evil of ['//evil.example', 'https://evil.example', '/\\evil', '/\\/evil.example',
  'http:evil.example', '//evil.example/%2e%2e', ' //evil.example', '\t//evil.example',
  'javascript:alert(1)']) {
  test(`signing in with next=${JSON.stringify(evil)} goes to / instead`, async () => {
    const { res } = await trySignIn(srv, 'practitioner.north', DEMO_PASSWORD, { next: evil })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/')
  })
}

test('the sign-in page does not carry a foreign next= into its form', async () => {
  const c = new Client(srv.url)
  const page = await c.get('/login?next=' + encodeURIComponent('//evil.example'))
  assert.equal(page.status, 200)
  assert.ok(!page.text_.includes('evil.example'), 'the sign-in form carries //evil.example')
})

// ---- (c) failures, lockout, addresses ------------------------------------

test('after 6 wrong passwords the account is locked: the right password is refused too, and every attempt is audited', async () => {
  const uid = userId(srv, 'practitioner.south')
  const c = new Client(srv.url)
  for (let i = 0; i < 6; i++) {
    await c.get('/login')
    const res = await c.post('/login', { username: 'practitioner.south', password: `Wrong-Password-${i}-xyz` }, { csrfFrom: '/login' })
    assert.notEqual(res.status, 303, `wrong password ${i + 1} signed in`)
    assert.match(res.text_, /Enter a correct username and password/)
    assert.equal(sessionCookie(res), null)
  }
  const right = await c.post('/login', { username: 'practitioner.south', password: DEMO_PASSWORD }, { csrfFrom: '/login' })
  assert.notEqual(right.status, 303, 'the right password signed in to a locked account')
  assert.equal(sessionCookie(right), null, 'a locked account got a session cookie')
  assert.match(right.text_, /Enter a correct username and password/)
  assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM session WHERE user_id = ${uid}`), '0')

  const fails = sqlite(srv.dbPath, `SELECT count(*) FROM audit WHERE action = 'login.fail' AND user_id = ${uid}`)
  assert.equal(fails, '7', 'not one login.fail row per attempt (6 wrong + 1 while locked)')
  const locked = sqlite(srv.dbPath, `SELECT count(*) FROM audit WHERE action = 'login.locked' AND user_id = ${uid}`)
  assert.equal(locked, '1', 'not exactly one login.locked row')
  const ips = sqlite(srv.dbPath, `SELECT DISTINCT ip FROM audit WHERE user_id = ${uid} AND action LIKE 'login%'`)
  assert.equal(ips, '127.0.0.1')
})

test('another account signs in normally from the same address after one is locked', async () => {
  const { res } = await trySignIn(srv, 'teacher', DEMO_PASSWORD)
  assert.equal(res.status, 303, `teacher's sign-in answered ${res.status}`)
  assert.equal(res.headers.get('location'), '/')
})

test('an unknown username fails with exactly the same page as a known one with a wrong password', async () => {
  const known = await trySignIn(srv, 'healthvisitor', 'Not-The-Password-123')
  const unknown = await trySignIn(srv, 'nobody.at.all', 'Not-The-Password-123')
  assert.equal(known.res.status, unknown.res.status)
  assert.notEqual(known.res.status, 303)
  const norm = (html, username) => html
    .replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value="TOKEN"')
    .replaceAll(username, 'USERNAME')
  const a = norm(known.res.text_, 'healthvisitor')
  const b = norm(unknown.res.text_, 'nobody.at.all')
  assert.match(a, /Enter a correct username and password/)
  assert.equal(a, b)
  // Both are audited as failures, neither names the password.
  const rows = sqlite(srv.dbPath, "SELECT count(*) FROM audit WHERE action = 'login.fail' AND detail LIKE '%Not-The-Password%'")
  assert.equal(rows, '0')
})

test('X-Forwarded-For from an untrusted client changes nothing: the lock holds and the audit records 127.0.0.1', async () => {
  const uid = userId(srv, 'practitioner.south')
  const before = Number(sqlite(srv.dbPath, 'SELECT max(id) FROM audit'))
  const headers = { 'x-forwarded-for': '10.9.9.9' }
  const wrong = await trySignIn(srv, 'practitioner.south', 'Wrong-Password-xff', { headers })
  assert.notEqual(wrong.res.status, 303)
  const right = await trySignIn(srv, 'practitioner.south', DEMO_PASSWORD, { headers })
  assert.notEqual(right.res.status, 303, 'a forwarding header unlocked a locked account')
  assert.equal(sessionCookie(right.res), null)
  const rows = sqlite(srv.dbPath, `SELECT ip FROM audit WHERE id > ${before} AND user_id = ${uid}`).split('\n')
  assert.equal(rows.length, 2, 'the two attempts were not both audited')
  assert.deepEqual([...new Set(rows)], ['127.0.0.1'])
  assert.equal(sqlite(srv.dbPath, "SELECT count(*) FROM audit WHERE ip LIKE '%10.9.9.9%'"), '0')
  assert.equal(sqlite(srv.dbPath, "SELECT count(*) FROM address_throttle WHERE ip LIKE '%10.9.9.9%'"), '0')
  // And the address still signs others in.
  const other = await trySignIn(srv, 'teacher', DEMO_PASSWORD, { headers })
  assert.equal(other.res.status, 303)
})

// ---- (d) CSRF -------------------------------------------------------------

test('a signed-in POST without a valid CSRF token, or cross-site, is refused with 403 and the session survives', async () => {
  const a = new Client(srv.url)
  await a.signIn('manager.south')
  const homeA = await a.get('/')
  assert.equal(homeA.status, 200)
  const tokenA = Client.token(homeA.text_)
  assert.ok(tokenA, 'the signed-in page has no CSRF token')
  const b = new Client(srv.url)
  await b.signIn('csc.manager')
  const tokenB = Client.token((await b.get('/')).text_)
  assert.ok(tokenB && tokenB !== tokenA, 'two sessions share a CSRF token')

  const wrong = crypto.randomBytes(32).toString('base64url')
  const cases = [
    ['no token', {}, {}],
    ['an empty token', { csrf: '' }, {}],
    ['a wrong token', { csrf: wrong }, {}],
    ['another session\'s token', { csrf: tokenB }, {}],
    ['the token with a character changed', { csrf: tokenA.slice(0, -1) + (tokenA.endsWith('A') ? 'B' : 'A') }, {}],
    ['Sec-Fetch-Site: cross-site', { csrf: tokenA }, { 'sec-fetch-site': 'cross-site' }],
    ['Origin: http://evil.example', { csrf: tokenA }, { origin: 'http://evil.example' }],
    ['Origin: null', { csrf: tokenA }, { origin: 'null' }]
  ]
  for (const [what, fields, headers] of cases) {
    const res = await postRaw(a, '/logout', fields, headers)
    assert.equal(res.status, 403, `POST /logout with ${what} answered ${res.status}`)
    assert.ok(sessionCookie(res) === null, `POST /logout with ${what} touched the session cookie`)
    const home = await a.get('/')
    assert.equal(home.status, 200, `after POST /logout with ${what} the session no longer works`)
  }
  const uid = userId(srv, 'manager.south')
  const denials = sqlite(srv.dbPath, `SELECT count(*) FROM audit WHERE action = 'deny' AND user_id = ${uid}`)
  assert.equal(Number(denials), cases.length, 'not every refused POST was audited as a denial')

  // The correct token (same-origin) signs out.
  const ok = await postRaw(a, '/logout', { csrf: tokenA }, { 'sec-fetch-site': 'same-origin' })
  assert.equal(ok.status, 303)
  assert.ok(ok.headers.get('location').startsWith('/login'))
  // b's session is untouched by all of this.
  assert.equal((await b.get('/')).status, 200)
})

test('the sign-in form is refused with 403 without its pre-session token, or with another browser\'s', async () => {
  const c = new Client(srv.url)
  await c.get('/login')
  assert.ok(c.cookies.size > 0, 'the sign-in page set no pre-session cookie')
  const missing = await postRaw(c, '/login', { username: 'admin', password: DEMO_PASSWORD })
  assert.equal(missing.status, 403)
  assert.equal(sessionCookie(missing), null)

  const other = new Client(srv.url)
  const otherToken = Client.token((await other.get('/login')).text_)
  const foreign = await postRaw(c, '/login', { csrf: otherToken, username: 'admin', password: DEMO_PASSWORD })
  assert.equal(foreign.status, 403)
  assert.equal(sessionCookie(foreign), null)

  // No pre-session cookie at all, token copied from a page: still refused.
  const bare = await fetch(srv.url + '/login', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': FORM, origin: srv.url },
    body: new URLSearchParams({ csrf: otherToken, username: 'admin', password: DEMO_PASSWORD }).toString()
  })
  assert.equal(bare.status, 403)
  assert.equal(sessionCookie(bare), null)
})

// ---- (e) sessions -----------------------------------------------------------

test('after sign-out the old session cookie no longer works and the session row is gone', async () => {
  const c = new Client(srv.url)
  await c.signIn('manager.north')
  const uid = userId(srv, 'manager.north')
  assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM session WHERE user_id = ${uid}`), '1')
  const old = c.cookieHeader()
  assert.equal((await getWithCookie(srv.url, '/', old)).status, 200)
  const out = await c.post('/logout', {}, { csrfFrom: '/' })
  assert.equal(out.status, 303)
  assert.ok(out.headers.get('location').startsWith('/login'))
  const replay = await getWithCookie(srv.url, '/', old)
  assertToLogin(replay, 'GET / with the signed-out cookie')
  assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM session WHERE user_id = ${uid}`), '0')
})

test('the session cookie is HttpOnly, SameSite=Lax, Path=/ and (with tls = false) not Secure', async () => {
  const { res } = await trySignIn(srv, 'practitioner.north', DEMO_PASSWORD)
  assert.equal(res.status, 303)
  const ck = sessionCookie(res)
  assert.ok(ck, 'sign-in set no session cookie')
  assert.equal(ck.name, 'ehm_session')
  const attrs = ck.attrs.map(a => a.toLowerCase())
  assert.ok(attrs.includes('httponly'), 'no HttpOnly')
  assert.ok(attrs.includes('samesite=lax'), 'no SameSite=Lax')
  assert.ok(attrs.includes('path=/'), 'no Path=/')
  assert.ok(!attrs.includes('secure'), 'Secure on a tls = false server')
  assert.ok(!attrs.some(a => a.startsWith('domain=')), 'the cookie names a Domain')
})

test('session ids are unique, 43 base64url characters (256 bits), and only their hash is stored', async () => {
  const values = []
  for (let i = 0; i < 20; i++) {
    const { res } = await trySignIn(srv, 'practitioner.north', DEMO_PASSWORD)
    assert.equal(res.status, 303)
    const ck = sessionCookie(res)
    assert.ok(ck, `sign-in ${i + 1} set no session cookie`)
    values.push(ck.value)
  }
  assert.equal(new Set(values).size, values.length, 'a session id repeated')
  for (const v of values) {
    assert.match(v, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(v, 'base64url').length, 32)
  }
  const stored = sqlite(srv.dbPath, "SELECT hex(id_hash) || ' ' || csrf FROM session")
  for (const v of values) {
    const hex = Buffer.from(v, 'base64url').toString('hex').toUpperCase()
    assert.ok(!stored.includes(hex), 'a raw session id is stored in the session table')
    assert.ok(!stored.includes(v), 'a session cookie value is stored in the session table')
  }
})

test('sign-in never adopts a session id the browser already had (no fixation)', async () => {
  const planted = crypto.randomBytes(32).toString('base64url')
  const c = new Client(srv.url)
  c.cookies.set('ehm_session', planted)
  const page = await c.get('/login')
  assert.equal(page.status, 200)
  const res = await c.post('/login', { csrf: Client.token(page.text_), username: 'teacher', password: DEMO_PASSWORD })
  assert.equal(res.status, 303)
  const ck = sessionCookie(res)
  assert.ok(ck && ck.value !== planted, 'sign-in kept the planted session id')
  assertToLogin(await getWithCookie(srv.url, '/', `ehm_session=${planted}`), 'GET / with the planted id')
  assert.equal((await c.get('/')).status, 200)
})

test('signing in again from a signed-in browser replaces its session: the old id stops working', async () => {
  const c = new Client(srv.url)
  await c.signIn('teacher')
  const first = c.cookies.get('ehm_session')
  const home = await c.get('/')
  assert.equal(home.status, 200)
  const res = await c.post('/login', { csrf: Client.token(home.text_), username: 'teacher', password: DEMO_PASSWORD })
  assert.equal(res.status, 303)
  const second = sessionCookie(res)
  assert.ok(second && second.value !== first, 'sign-in did not rotate the session id')
  assertToLogin(await getWithCookie(srv.url, '/', `ehm_session=${first}`), 'GET / with the replaced id')
  assert.equal((await getWithCookie(srv.url, '/', `ehm_session=${second.value}`)).status, 200)
})

test('a malformed session cookie is treated as no session', async () => {
  for (const v of ['x', 'A'.repeat(43), 'A'.repeat(44), '!'.repeat(43), crypto.randomBytes(32).toString('base64url')]) {
    assertToLogin(await getWithCookie(srv.url, '/', `ehm_session=${v}`), `GET / with ehm_session=${v.slice(0, 8)}…`)
  }
})

describe('with tls = true', () => {
  let tls
  before(async () => {
    tls = await startServer({ config: { server: { tls: 'true' } } })
  })
  after(async () => {
    if (tls) await tls.stop()
  })

  test('the session cookie is named __Host-ehm_session and is Secure, HttpOnly, SameSite=Lax, Path=/', async () => {
    const { client, res } = await trySignIn(tls, 'practitioner.north', DEMO_PASSWORD)
    assert.equal(res.status, 303, `sign-in answered ${res.status}`)
    const ck = sessionCookie(res)
    assert.ok(ck, 'sign-in set no session cookie')
    assert.equal(ck.name, '__Host-ehm_session')
    const attrs = ck.attrs.map(a => a.toLowerCase())
    for (const want of ['secure', 'httponly', 'samesite=lax', 'path=/']) {
      assert.ok(attrs.includes(want), `no ${want}`)
    }
    assert.ok(!attrs.some(a => a.startsWith('domain=')), '__Host- cookie with a Domain')
    // Every cookie this server sets is Secure.
    for (const c of res.headers.getSetCookie()) assert.match(c, /;\s*Secure/i, `not Secure: ${c.split('=')[0]}`)
    // The session works under that name...
    assert.equal((await client.get('/')).status, 200)
    // ...and only under that name.
    assertToLogin(await getWithCookie(tls.url, '/', `ehm_session=${ck.value}`), 'the id under the plain name')
  })

  test('the pre-session cookie on the sign-in page is Secure too', async () => {
    const res = await fetch(tls.url + '/login')
    const cookies = res.headers.getSetCookie()
    assert.ok(cookies.length > 0, 'no pre-session cookie')
    for (const c of cookies) {
      assert.match(c, /^__Host-/, `not a __Host- cookie: ${c.split('=')[0]}`)
      assert.match(c, /;\s*Secure/i)
    }
  })
})

// ---- (f) idle timeout -------------------------------------------------------

describe('with session idle_timeout = 5', () => {
  let idle
  before(async () => {
    idle = await startServer({ config: { session: { idle_timeout: 5 } } })
  })
  after(async () => {
    if (idle) await idle.stop()
  })

  test('a session idle for longer than the timeout is ended: GET / redirects to /login', async () => {
    const c = new Client(idle.url)
    await c.signIn('practitioner.north')
    assert.equal((await c.get('/')).status, 200)
    await sleep(7000)
    assertToLogin(await c.get('/'), 'GET / after 7 s idle')
    const uid = userId(idle, 'practitioner.north')
    assert.equal(sqlite(idle.dbPath, `SELECT count(*) FROM session WHERE user_id = ${uid}`), '0')
    const ended = sqlite(idle.dbPath, `SELECT count(*) FROM audit WHERE action = 'session.end' AND user_id = ${uid} AND detail = 'idle timeout'`)
    assert.equal(ended, '1')
  })

  test('activity keeps a session alive past the idle timeout', async () => {
    const c = new Client(idle.url)
    await c.signIn('teacher')
    for (let i = 0; i < 3; i++) {
      await sleep(2500)
      const res = await c.get('/')
      assert.equal(res.status, 200, `GET / after ${(i + 1) * 2.5} s of activity answered ${res.status}`)
    }
  })
})
