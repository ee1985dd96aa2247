// tests/http/durability.test.mjs -- DESIGN §7: "a write acknowledged to the
// browser survives kill -9 of ehm".  32 concurrent clients sign in (and some
// sign out) through nginx as fast as the server allows; mid-burst `ehm` is
// killed with SIGKILL.  Then:
//   - the database file is intact (PRAGMA integrity_check, `ehm check`);
//   - every acknowledged sign-in (a 303 with a session cookie) has its
//     session row -- the table stores BLAKE2b-256 of the cookie's 32 raw
//     bytes -- and its `login` audit row;
//   - every acknowledged sign-out has removed its session row;
//   - after a restart the audit chain verifies and signing in works.
//
// Run: node --test tests/http/durability.test.mjs   (EHM_BIN picks the binary)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs'
import { blake2b } from '../lib/blake2b.mjs'

const USERS = ['admin', 'manager.north', 'practitioner.north', 'manager.south',
  'practitioner.south', 'teacher', 'healthvisitor', 'csc.manager']
const LOOPS = 32
const SESSION = 'ehm_session'

let srv

before(async () => {
  srv = await startServer()
})

after(async () => {
  if (srv) await srv.stop()
})

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

function sqlite (db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' })
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`)
  return r.stdout.trim()
}

// The stored form of a session cookie: hex of BLAKE2b-256 of its raw bytes.
function sessionHash (cookie) {
  const raw = Buffer.from(cookie, 'base64url')
  assert.equal(raw.length, 32, `session cookie ${cookie} is not 32 bytes`)
  return blake2b(raw, 32).toString('hex').toUpperCase()
}

// One client's loop: sign in; odd-numbered loops sign out again each time.  Records what
// the server acknowledged; any failure (502 once ehm is gone, a reset
// connection) just ends or skips that attempt.
async function loop (i, state) {
  const username = USERS[i % USERS.length]
  while (!state.stop) {
    const c = new Client(srv.url)
    try {
      const page = await c.get('/login')
      if (page.status !== 200) { state.failed++; await sleep(20); continue }
      const res = await c.post('/login', { csrf: Client.token(page.text_), username, password: DEMO_PASSWORD })
      if (res.status !== 303) { state.failed++; continue }
      const cookie = c.cookies.get(SESSION)
      assert.ok(cookie, `303 from POST /login without a ${SESSION} cookie`)
      state.signedIn.push({ username, cookie })
      if (i % 2 === 1 && !state.stop) {
        const out = await c.post('/logout', {}, { csrfFrom: '/' })
        if (out.status === 303) state.signedOut.add(cookie)
      }
    } catch (e) {
      if (e?.code === 'ERR_ASSERTION') throw e
      state.failed++
    }
  }
}

test('kill -9 during a burst of sign-ins loses no acknowledged write', async () => {
  // The session check itself: the hash of a fresh sign-in is in the table.
  const probe = new Client(srv.url)
  await probe.signIn('admin')
  const probeHash = sessionHash(probe.cookies.get(SESSION))
  assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM session WHERE hex(id_hash) = '${probeHash}'`), '1',
    'the test computes session hashes differently from the server')

  const loginsBefore = Number(sqlite(srv.dbPath, "SELECT count(*) FROM audit WHERE action = 'login'"))
  const state = { stop: false, signedIn: [], signedOut: new Set(), failed: 0 }
  const loops = Array.from({ length: LOOPS }, (_, i) => loop(i, state))

  // Let the burst run until plenty of sign-ins are acknowledged, then kill.
  const start = Date.now()
  while (state.signedIn.length < 48 && Date.now() - start < 30000) await sleep(25)
  const ackedBeforeKill = state.signedIn.length
  assert.ok(ackedBeforeKill >= 8, `only ${ackedBeforeKill} sign-ins in 30 s`)
  const exited = new Promise(resolve => srv.ehmProc.once('exit', (code, signal) => resolve(signal)))
  srv.ehmProc.kill('SIGKILL')
  assert.equal(await exited, 'SIGKILL')
  state.stop = true
  await Promise.all(loops)
  // Requests were still arriving when ehm died (the burst was not over).
  assert.ok(state.failed > 0, 'no request failed: ehm was not killed mid-burst')

  // The file as the crash left it, first through `ehm check` (read-only:
  // integrity, foreign keys, the audit chain against its anchor), then sqlite3.
  const check = srv.ehm(['check'])
  assert.equal(check.status, 0, `ehm check after kill -9:\n${check.stdout}${check.stderr}`)
  assert.match(check.stdout, /audit: audit chain intact/)
  assert.equal(sqlite(srv.dbPath, 'PRAGMA integrity_check'), 'ok')
  assert.equal(sqlite(srv.dbPath, 'PRAGMA foreign_key_check'), '')
  const stored = new Set(sqlite(srv.dbPath, 'SELECT hex(id_hash) FROM session').split('\n').filter(Boolean))

  const missing = []
  const notDeleted = []
  for (const { username, cookie } of state.signedIn) {
    const h = sessionHash(cookie)
    if (state.signedOut.has(cookie)) {
      if (stored.has(h)) notDeleted.push(username)
    } else if (!stored.has(h)) {
      missing.push(username)
    }
  }
  assert.deepEqual(missing, [], `acknowledged sign-ins lost by kill -9: ${missing.length} of ${state.signedIn.length}`)
  assert.deepEqual(notDeleted, [], 'acknowledged sign-outs whose session survived kill -9')
  const loginsAfter = Number(sqlite(srv.dbPath, "SELECT count(*) FROM audit WHERE action = 'login'"))
  assert.ok(loginsAfter - loginsBefore >= state.signedIn.length,
    `${state.signedIn.length} acknowledged sign-ins but ${loginsAfter - loginsBefore} login audit rows`)
  // Audit ids are contiguous even across the crash.
  assert.equal(sqlite(srv.dbPath, 'SELECT count(*) = max(id) FROM audit'), '1')

  // Restart: the server comes back, keeps chaining, and sign-in works.
  await srv.restartEhm()
  const c = new Client(srv.url)
  await c.signIn('manager.north')
  const home = await c.get('/')
  assert.equal(home.status, 200)
  const after = srv.ehm(['check'])
  assert.equal(after.status, 0, `ehm check after restart:\n${after.stdout}${after.stderr}`)
  console.log(`# durability: ${state.signedIn.length} sign-ins acknowledged (${ackedBeforeKill} before the kill),` +
    ` ${state.signedOut.size} sign-outs, ${state.failed} requests failed after the kill`)
})

// Request threads read all the time, so without the writer's own checkpoints
// the WAL is never restarted and grows with every audited view (hundreds of
// megabytes a minute under load).  Continuous audited reads from 24 clients
// must leave the WAL at a few megabytes, the data checkpointed into the
// database file, every view audited.
test('the WAL stays bounded under continuous audited reads', async () => {
  const person = sqlite(srv.dbPath, "SELECT ep.person_id FROM episode_person ep JOIN episode e ON e.id = ep.episode_id" +
    " JOIN user u ON u.team_id = e.team_id WHERE u.username = 'manager.north' ORDER BY ep.person_id LIMIT 1")
  assert.ok(person, 'no person in manager.north\'s team')
  const c = new Client(srv.url)
  await c.signIn('manager.north')
  const first = await c.get(`/people/${person}`)
  assert.equal(first.status, 200)
  const views = () => Number(sqlite(srv.dbPath, `SELECT count(*) FROM audit WHERE action = 'view' AND record_type = 'person' AND record_id = ${person}`))
  const viewsBefore = views()
  const wal = srv.dbPath + '-wal'
  const TOTAL = 6000
  let sent = 0
  let ok = 0
  let maxWal = 0
  const headers = { cookie: c.cookieHeader() }
  async function reader () {
    while (sent < TOTAL) {
      sent++
      const res = await fetch(`${srv.url}/people/${person}`, { headers, redirect: 'manual' })
      await res.arrayBuffer()
      if (res.status === 200) ok++
      if (ok % 100 === 0) maxWal = Math.max(maxWal, fs.statSync(wal).size)
    }
  }
  await Promise.all(Array.from({ length: 24 }, reader))
  maxWal = Math.max(maxWal, fs.statSync(wal).size)
  assert.equal(ok, TOTAL, 'every audited view answered 200')
  assert.equal(views() - viewsBefore, TOTAL, 'one view row per page shown')
  const MB = 1024 * 1024
  assert.ok(maxWal < 12 * MB, `the WAL reached ${(maxWal / MB).toFixed(1)} MB during ${TOTAL} audited views`)
  console.log(`# WAL at most ${(maxWal / MB).toFixed(1)} MB during ${TOTAL} audited views`)
})
