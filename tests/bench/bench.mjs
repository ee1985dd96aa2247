// tests/bench/bench.mjs -- the benchmark behind `make bench` (docs/performance.md).
//
// Starts a private `ehm serve` (build/ehm, the optimised build) behind a
// private nginx on a free 127.0.0.1 port with its own config, database and
// audit key (tests/lib/server.mjs), signs in, and measures with wrk through
// that one nginx, in one run:
//
//   - a static file served by nginx, of the same byte size as the reference
//     page (the physical limit for those bytes on this machine);
//   - the FastCGI no-op /healthcheck/live (the protocol's own cost);
//   - the pages in PAGES below (anonymous, signed in, audited);
//   - group commit: 32 connections POSTing /session/keepalive (each a writer
//     unit that must be durable before the answer), the same with one
//     connection, and the disk's own rate of one durable commit per write
//     (sqlite3 CLI, WAL, synchronous=FULL, same folder).
//
// Prints a table and PASS/FAIL lines against the targets.  Targets are
// ratios within this one run, never absolute timings, and never make the
// exit status non-zero: the exit status is 1 only when something broke
// (the server did not start, wrk failed, a page answered the wrong status,
// ehm logged a 5xx, `ehm check` found a problem).
//
// Each measurement is made on each database size in BENCH_PEOPLE (default
// "10000,1000000": `ehm demo --people N --seed 7`, built once and cached in
// build/bench-db/ under a key of the demo's and schema's sources, then copied
// for the run), and a last table compares each page's cost (relative to the
// no-op of the same run) between the smallest and the largest database.
//
// Environment: BENCH_PEOPLE (comma-separated sizes), BENCH_SECONDS (default 10) per measurement, BENCH_THREADS
// (ehm request threads, default 16 as in config.example.ini), BENCH_COMMITS
// (single-commit loop length, default 5000, run twice), BENCH_CONFIG (extra config.ini
// settings as JSON: {"section":{"key":value}}), EHM_BIN (default build/ehm),
// KEEP_TEST_DIRS=1 to keep the temporary folder.
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, Client, ROOT, writeConfig } from '../lib/server.mjs'

process.env.EHM_BIN ||= 'build/ehm'
const SECONDS = Math.max(1, parseInt(process.env.BENCH_SECONDS || '10', 10) || 10)
const THREADS = parseInt(process.env.BENCH_THREADS || '16', 10) || 16
const COMMITS = Math.max(100, parseInt(process.env.BENCH_COMMITS || '5000', 10) || 5000)
// Extra config.ini settings as JSON, e.g. '{"security":{"anchor_every":1000}}'.
const EXTRA = JSON.parse(process.env.BENCH_CONFIG || '{}')
const WRK = ['-t2', '-c32', `-d${SECONDS}s`, '--latency']
const SCALES = (process.env.BENCH_PEOPLE || '10000,1000000').split(',').map(n => parseInt(n, 10)).filter(n => n > 0)
const PRACTITIONER = 'practitioner.north'
// The practitioner whose open caseload (lead or TAF) is nearest 200, chosen per database.
const CASELOAD = '{caseload}'
const MANAGER = 'manager.north'
const ADMIN = 'admin'

// ---- the pages ------------------------------------------------------------
// One line per page, measured in this order.  Fields:
//   name      what the table calls it
//   path      URL path (with query if any)
//   user      sign in as this demo user (password Early-Help-Demo-2026, acceptable
//             use policy accepted) and send its session cookie; absent: anonymous
//   method    'GET' (default) or 'POST'; the body is then sent urlencoded with
//             Origin, and '{csrf}' in it becomes the session's CSRF token
//   expect    the HTTP status every response must have (default 200)
//   target    req/s must be at least this fraction of the no-op's (PASS/FAIL line)
//   audited   the page writes an audit row per request (waits for a group commit)
// wrk sends the same request again and again, so a page must answer the
// same status every time (a POST that creates something would not).
// Add a page when its route and demo data land, e.g.
//   { name: 'episode', path: '/episodes/1', user: PRACTITIONER, audited: true, target: 0.25 },
//   { name: 'case notes', path: '/episodes/1/notes', user: PRACTITIONER, audited: true, target: 0.25 },
//   { name: 'user record (admin)', path: '/admin/users/3', user: ADMIN, audited: true, target: 0.25 },
const PAGES = [
  { name: 'login (anonymous)', path: '/login', target: 0.5 },
  { name: 'worktray / (practitioner, ~200 cases)', path: '/', user: CASELOAD, target: 0.5 },
  { name: 'audit log, 50 rows (admin)', path: '/admin/audit', user: ADMIN, target: 0.25 },
  { name: 'person record (manager, audited view)', path: '/people/1', user: MANAGER, audited: true, target: 0.5 },
  { name: 'user record (admin, audited view)', path: '/admin/users/3', user: ADMIN, audited: true },
  { name: 'episode overview (lead, audited view)', path: '/episodes/{episode}', user: PRACTITIONER, audited: true, target: 0.5 },
  { name: 'case notes, up to 50 (lead, audited)', path: '/episodes/{episode}/notes', user: PRACTITIONER, audited: true, target: 0.5 },
  { name: 'team view (manager)', path: '/worktray/team', user: MANAGER, target: 0.5 },
  {
    name: 'people search POST (audited)',
    path: '/people',
    method: 'POST',
    body: 'csrf={csrf}&family=Smith&given=Jo',
    user: MANAGER,
    expect: 303,
    audited: true,
    target: 0.25
  }
]
// The static file is made the same size as this page's body.
const STATIC_LIKE = { path: '/', user: CASELOAD }

// Case notes added from 32 connections at once: each POST is one writer unit
// (the note, its first version, the people it names and an audit row),
// answered 303 only once its batch has committed.  After the run the
// episode must hold at least one new note per acknowledged POST.
const NOTE_WRITE = {
  name: 'case note POST (lead, 32 connections)',
  path: '/episodes/{episode}/notes',
  method: 'POST',
  body: 'csrf={csrf}&date-day={day}&date-month={month}&date-year={year}&kind=phone%20call' +
    '&about={about}&with=Parent&body=Phoned%20about%20the%20school%20meeting%3B%20all%20agreed%20to%20meet%20on%20Tuesday.',
  user: PRACTITIONER,
  expect: 303
}

// The write test: every request is one writer unit (UPDATE session.last_seen),
// acknowledged only once its batch has committed with synchronous=FULL.
const WRITE = {
  name: 'keepalive POST (writer)',
  path: '/session/keepalive',
  method: 'POST',
  body: 'csrf={csrf}',
  user: PRACTITIONER
}

// ---- helpers --------------------------------------------------------------

function toMs (s) {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(s)
  if (!m) return NaN
  const v = parseFloat(m[1])
  return v * { us: 0.001, ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2]]
}

function parseWrk (out) {
  const num = re => { const m = re.exec(out); return m ? m[1] : null }
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  return {
    rps: parseFloat(num(/Requests\/sec:\s+([\d.]+)/) ?? 'NaN'),
    requests: parseInt(num(/(\d+) requests in/) ?? '0', 10),
    p50: toMs(num(/^\s+50%\s+(\S+)/m) ?? ''),
    p99: toMs(num(/^\s+99%\s+(\S+)/m) ?? ''),
    non2xx: parseInt(num(/Non-2xx or 3xx responses: (\d+)/) ?? '0', 10),
    errors: socket ? (+socket[1]) + (+socket[2]) + (+socket[3]) : 0,
    timeouts: socket ? +socket[4] : 0
  }
}

let current = null // the running wrk, killed on Ctrl-C

function wrk (args) {
  return new Promise((resolve) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    current = p
    let out = ''
    p.stdout.on('data', d => { out += d })
    p.stderr.on('data', d => { out += d })
    p.on('exit', code => { current = null; resolve({ code, out }) })
    p.on('error', e => { current = null; resolve({ code: -1, out: String(e) }) })
  })
}

function fmt (v, digits = 0) {
  if (!Number.isFinite(v)) return '-'
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

function ms (v) {
  if (!Number.isFinite(v)) return '-'
  return v < 10 ? v.toFixed(2) + ' ms' : v.toFixed(1) + ' ms'
}

function pct (v) {
  return Number.isFinite(v) ? Math.round(v * 100) + ' %' : '-'
}

// ---- main -----------------------------------------------------------------

const broken = []
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ehm-bench-'))
// nginx serves /static/ from here: links to everything in the repository's
// static/ plus the generated file, so nothing is written into the checkout.
const staticDir = path.join(tmp, 'static')
fs.mkdirSync(staticDir)
for (const e of fs.readdirSync(path.join(ROOT, 'static'))) {
  fs.symlinkSync(path.join(ROOT, 'static', e), path.join(staticDir, e))
}
fs.mkdirSync(path.join(staticDir, 'bench'))
// The binary is copied here at the start (see main).
const binCopy = path.join(tmp, 'ehm')
const binName = process.env.EHM_BIN

let srv = null
async function cleanup () {
  if (current) current.kill('SIGTERM')
  if (srv) { const s = srv; srv = null; await s.stop().catch(() => {}) }
  if (!process.env.KEEP_TEST_DIRS) fs.rmSync(tmp, { recursive: true, force: true })
}
// Ctrl-C or SIGTERM: stop wrk; main() notices and unwinds through the one cleanup.
let interrupted = null
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (interrupted) return
    interrupted = sig
    console.error(`\nbench: ${sig}, stopping`)
    if (current) current.kill('SIGTERM')
  })
}
function checkInterrupted () {
  if (interrupted) throw new Error('interrupted')
}

// The demo database of `people` people: built once by `ehm init` + `ehm demo`
// into build/bench-db/<key>-<people>/ (key: a hash of the sources that decide
// its contents), reused while they do not change; older builds are removed.
function demoDb (people) {
  const h = crypto.createHash('sha256')
  const files = [...fs.readdirSync(path.join(ROOT, 'src')).filter(f => /^demo.*\.[ch]$/.test(f)).map(f => 'src/' + f),
    ...fs.readdirSync(path.join(ROOT, 'schema')).filter(f => f.endsWith('.sql')).map(f => 'schema/' + f),
    ...fs.readdirSync(path.join(ROOT, 'schema/forms')).map(f => 'schema/forms/' + f)]
  for (const f of files.sort()) h.update(f).update(fs.readFileSync(path.join(ROOT, f)))
  const key = h.digest('hex').slice(0, 12)
  const base = path.join(ROOT, 'build', 'bench-db')
  const dir = path.join(base, `${key}-${people}`)
  fs.mkdirSync(base, { recursive: true })
  for (const old of fs.readdirSync(base)) {
    if (!old.startsWith(key + '-')) fs.rmSync(path.join(base, old), { recursive: true, force: true })
  }
  if (fs.existsSync(path.join(dir, 'done'))) return dir
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir)
  const configPath = writeConfig(dir, 9, {})
  console.log(`bench: building the ${fmt(people)}-person demo database in ${dir} (once)`)
  const t0 = Date.now()
  for (const args of [['init'], ['demo', '--people', String(people), '--seed', '7']]) {
    checkInterrupted()
    const r = spawnSync(binCopy, ['--config', configPath, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
    if (r.status !== 0) throw new Error(`ehm ${args.join(' ')} failed (exit ${r.status})`)
  }
  fs.writeFileSync(path.join(dir, 'done'), `${new Date().toISOString()} ${Math.round((Date.now() - t0) / 1000)} s\n`)
  return dir
}

function sql (db, q) {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`)
  return r.stdout.trim()
}

// Measure everything on one database; returns its rows and figures.
async function runScale (people) {
  const dbDir = demoDb(people)
  checkInterrupted()
  const config = { ...EXTRA, server: { ...(EXTRA.server || {}), threads: THREADS, static: staticDir } }
  srv = await startServer({ config, dbFrom: dbDir })
  checkInterrupted()
  console.log(`bench: ${fmt(people)} people: serving ${srv.url} from ${srv.dir}`)
  const db = srv.dbPath
  const facts = {
    people: +sql(db, 'SELECT count(*) FROM person'),
    episodes: +sql(db, 'SELECT count(*) FROM episode'),
    notes: +sql(db, 'SELECT count(*) FROM case_note'),
    bytes: fs.statSync(db).size
  }
  // The practitioner nearest 200 open cases (lead or current TAF member).
  const [caseUser, cases] = sql(db, "SELECT u.username, count(*) FROM user u JOIN episode e ON e.status = 'open'" +
    ' AND (e.lead_id = u.id OR EXISTS (SELECT 1 FROM taf_member m WHERE m.episode_id = e.id AND m.user_id = u.id' +
    " AND m.ended_at IS NULL)) WHERE u.role = 'practitioner' AND u.active GROUP BY u.id ORDER BY abs(count(*) - 200)," +
    ' u.id LIMIT 1').split('|')
  facts.caseUser = caseUser
  facts.cases = +cases
  // Pages about an episode use the open episode practitioner.north leads with the most notes.
  const ep = sql(db, "SELECT e.id FROM episode e JOIN user u ON u.id = e.lead_id" +
    " WHERE u.username = 'practitioner.north' AND e.status = 'open' ORDER BY (SELECT count(*) FROM case_note n" +
    ' WHERE n.episode_id = e.id) DESC LIMIT 1') || '1'
  facts.episode = ep
  facts.episodeNotes = +sql(db, `SELECT count(*) FROM case_note WHERE episode_id = ${+ep}`)
  const about = sql(db, `SELECT person_id FROM episode_person WHERE episode_id = ${+ep} ORDER BY role DESC LIMIT 1`)
  const today = new Date()
  const fill = row => ({
    ...row,
    user: row.user === CASELOAD ? caseUser : row.user,
    path: row.path.replace('{episode}', ep),
    body: row.body && row.body.replace('{day}', today.getDate()).replace('{month}', today.getMonth() + 1)
      .replace('{year}', today.getFullYear()).replace('{about}', about)
  })
  const pages = PAGES.map(fill)
  const noteWrite = fill(NOTE_WRITE)

  // One session per user, shared by every row of that user: sign in, accept
  // the acceptable use policy if asked, keep the cookie and the CSRF token.
  const sessions = new Map()
  async function session (user) {
    if (sessions.has(user)) return sessions.get(user)
    const client = new Client(srv.url)
    await client.signIn(user)
    let home = await client.get('/')
    if (home.status === 303 && /^\/acceptable-use/.test(home.headers.get('location') || '')) {
      const r = await client.post('/acceptable-use', { accept: 'yes', next: '/' }, { csrfFrom: '/acceptable-use' })
      if (r.status !== 303) throw new Error(`${user}: accepting the acceptable use policy answered ${r.status}`)
      home = await client.get('/')
    }
    const csrf = Client.token(home.text_)
    if (home.status !== 200 || !csrf) throw new Error(`${user}: signed-in page answered ${home.status}, token ${csrf ? 'found' : 'missing'}`)
    const s = { cookie: client.cookieHeader(), csrf }
    sessions.set(user, s)
    return s
  }
  for (const row of [...pages, WRITE, noteWrite]) if (row.user) await session(row.user)

  // Write the wrk Lua script for a POST row (the cookie goes on the command line).
  let nlua = 0
  function luaFor (row, csrf) {
    const body = (row.body || '').replaceAll('{csrf}', csrf)
    const file = path.join(tmp, `post-${++nlua}.lua`)
    fs.writeFileSync(file, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\n` +
      'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' +
      `wrk.headers["Origin"] = ${JSON.stringify(srv.url)}\n`)
    return file
  }

  // One request as wrk will send it: checks the status, measures the body.
  async function probe (row) {
    const headers = {}
    const s = row.user ? await session(row.user) : null
    if (s) headers.cookie = s.cookie
    const init = { method: row.method || 'GET', headers, redirect: 'manual' }
    if (init.method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers.origin = srv.url
      init.body = (row.body || '').replaceAll('{csrf}', s ? s.csrf : '')
    }
    const res = await fetch(srv.url + row.path, init)
    const bytes = Buffer.byteLength(await res.text())
    return { status: res.status, bytes }
  }

  async function measure (row, args = WRK) {
    checkInterrupted()
    const expect = row.expect ?? 200
    const p = await probe(row)
    if (p.status !== expect) {
      broken.push(`${fmt(people)} people, ${row.name}: answered ${p.status}, expected ${expect}`)
      return { ...row, bytes: p.bytes, rps: NaN }
    }
    const a = [...args]
    const s = row.user ? await session(row.user) : null
    if (s) a.push('-H', `Cookie: ${s.cookie}`)
    if (row.method === 'POST') a.push('-s', luaFor(row, s ? s.csrf : ''))
    a.push(srv.url + row.path)
    process.stdout.write(`bench: ${row.name} ... `)
    const { code, out } = await wrk(a)
    checkInterrupted()
    const r = parseWrk(out)
    console.log(`${fmt(r.rps)} req/s`)
    if (code !== 0 || !(r.requests > 0)) {
      broken.push(`${row.name}: wrk failed (exit ${code}): ${out.trim().split('\n').slice(-3).join(' / ')}`)
    } else if (expect < 400 && r.non2xx > 0) {
      broken.push(`${row.name}: ${r.non2xx} of ${r.requests} responses were not 2xx/3xx`)
    } else if (expect >= 400 && r.non2xx !== r.requests) {
      broken.push(`${row.name}: ${r.requests - r.non2xx} of ${r.requests} responses were not ${expect}`)
    }
    if (r.errors > 0) broken.push(`${row.name}: ${r.errors} socket errors`)
    return { ...row, bytes: p.bytes, ...r }
  }

  // A short warm-up so the first row does not pay for cold caches.
  await wrk(['-t2', '-c32', '-d2s', '-H', `Cookie: ${(await session(caseUser)).cookie}`, srv.url + '/'])

  // The static file: same size as the reference page.
  const like = await probe(fill(STATIC_LIKE))
  const filler = 'Static file for the Early Help Module benchmark, the same size as the page under test.\n'
  fs.writeFileSync(path.join(staticDir, 'bench', 'page.html'),
    ('<!DOCTYPE html>\n' + filler.repeat(Math.ceil(like.bytes / filler.length))).slice(0, like.bytes))

  const rows = []
  const stat = await measure({ name: 'static file (nginx, size of the worktray)', path: '/static/bench/page.html' })
  rows.push(stat)
  const noop = await measure({ name: 'no-op /healthcheck/live', path: '/healthcheck/live' })
  rows.push(noop)
  for (const page of pages) rows.push(await measure(page))

  // Group commit, between two measurements of the disk's own rate of one
  // durable commit per write (same folder, same settings as the writer).  The
  // better of the two is the baseline, so a busy disk cannot flatter the ratio.
  let ncommit = 0
  function diskRate () {
    checkInterrupted()
    process.stdout.write(`bench: disk, ${COMMITS} single-row commits (sqlite3, WAL, synchronous=FULL) ... `)
    const file = path.join(srv.dir, `commit-rate-${++ncommit}.db`)
    const script = 'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n' +
      'CREATE TABLE t(id INTEGER PRIMARY KEY, at INTEGER, v TEXT);\n' +
      "INSERT INTO t(at, v) VALUES(unixepoch(), 'warm-up');\n" +
      "INSERT INTO t(at, v) VALUES(unixepoch(), 'one row of about the size of a session update');\n".repeat(COMMITS)
    const t0 = process.hrtime.bigint()
    const sq = spawnSync('sqlite3', [file], { input: script, encoding: 'utf8' })
    const rate = COMMITS / (Number(process.hrtime.bigint() - t0) / 1e9)
    if (sq.status !== 0) broken.push(`sqlite3 commit loop failed: ${sq.stderr}`)
    console.log(`${fmt(rate)} commits/s`)
    return rate
  }
  const disk1 = diskRate()
  const writes = await measure(WRITE)
  const writes1 = await measure({ ...WRITE, name: WRITE.name + ', 1 connection' }, ['-t1', '-c1', `-d${Math.max(1, Math.ceil(SECONDS / 2))}s`, '--latency'])
  // Case notes from 32 connections; every acknowledged one must be in the database.
  const notesBefore = +sql(db, `SELECT count(*) FROM case_note WHERE episode_id = ${+ep}`)
  const notes = await measure(noteWrite)
  const notesAfter = +sql(db, `SELECT count(*) FROM case_note WHERE episode_id = ${+ep}`)
  notes.acked = notes.requests - (notes.non2xx || 0)
  notes.stored = notesAfter - notesBefore - 1 // the probe added one
  if (!(notes.stored >= notes.acked)) broken.push(`${fmt(people)} people: ${notes.acked} notes acknowledged but only ${notes.stored} stored`)
  const disk2 = diskRate()
  const diskBest = Math.max(disk1, disk2)

  // Did anything break on the server side?
  const log = srv.log()
  const fiveHundreds = (log.match(/ status=5\d\d /g) || []).length
  if (fiveHundreds) broken.push(`ehm logged ${fiveHundreds} responses with a 5xx status`)
  const sqlErrors = log.split('\n').filter(l => /^ehm: /.test(l))
  if (sqlErrors.length) broken.push(`ehm wrote ${sqlErrors.length} error lines, first: ${sqlErrors[0]}`)
  const cr = spawnSync(binCopy, ['--config', srv.configPath, 'check'],
    { cwd: ROOT, encoding: 'utf8', timeout: 1800000 })
  const check = { status: cr.status, stdout: cr.stdout || '', stderr: (cr.stderr || '') + (cr.error ? String(cr.error) : '') }
  if (check.status !== 0) {
    broken.push(`ehm check failed after the run (exit ${check.status}${cr.signal ? ', ' + cr.signal : ''}): ` +
      `${check.stdout.trim()} ${check.stderr.trim()}`)
  }
  facts.auditRows = (/audit chain intact: (\d+) rows/.exec(check.stdout) || [])[1]
  facts.check = check.status === 0
  const s = srv
  srv = null
  await s.stop().catch(() => {})
  return { people, facts, rows, stat, noop, writes, writes1, notes, disk1, disk2, diskBest }
}

// ---- report -------------------------------------------------------------
function print (head, body) {
  const all = [head, ...body]
  const width = head.map((_, i) => Math.max(...all.map(r => String(r[i]).length)))
  const line = r => '| ' + r.map((c, i) => i === 0 ? String(c).padEnd(width[i]) : String(c).padStart(width[i])).join(' | ') + ' |'
  console.log(line(head))
  console.log('|' + width.map((w, i) => i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':').join('|') + '|')
  for (const r of body) console.log(line(r))
}
const verdict = (ok, text) => console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`)

function report (R) {
  const { facts: f, rows, stat, noop, writes, writes1, notes, disk1, disk2, diskBest } = R
  console.log(`\n## ${fmt(R.people)} people\n`)
  console.log(`Database: ${fmt(f.people)} people, ${fmt(f.episodes)} episodes, ${fmt(f.notes)} case notes, ` +
    `${fmt(f.bytes / 1e6)} MB. Worktray user ${f.caseUser} (${f.cases} open cases); episode ${f.episode} ` +
    `(${fmt(f.episodeNotes)} notes).\n`)
  print(['what', 'bytes', 'req/s', 'p50', 'p99', 'page/no-op', 'page/static'],
    rows.map(r => [r.name + (r.audited ? ' *' : ''), fmt(r.bytes), fmt(r.rps), ms(r.p50), ms(r.p99),
      r === stat ? '-' : pct(r.rps / noop.rps), pct(r.rps / stat.rps)]))
  console.log('\n* writes one audit row per request through the writer (group commit).\n')
  print(['durable writes', 'connections', 'writes/s', 'p50', 'p99', 'vs disk'], [
    [writes.name, '32', fmt(writes.rps), ms(writes.p50), ms(writes.p99), (writes.rps / diskBest).toFixed(1) + 'x'],
    [WRITE.name, '1', fmt(writes1.rps), ms(writes1.p50), ms(writes1.p99), (writes1.rps / diskBest).toFixed(1) + 'x'],
    [notes.name, '32', fmt(notes.rps), ms(notes.p50), ms(notes.p99), (notes.rps / diskBest).toFixed(1) + 'x'],
    ['disk: one commit per write, before (sqlite3 CLI)', '1', fmt(disk1), ms(1000 / disk1) + ' mean', '-', (disk1 / diskBest).toFixed(1) + 'x'],
    ['disk: one commit per write, after (sqlite3 CLI)', '1', fmt(disk2), ms(1000 / disk2) + ' mean', '-', (disk2 / diskBest).toFixed(1) + 'x']
  ])
  console.log(`\n"vs disk" divides by the better of the two disk measurements. Notes: ${fmt(notes.acked)} acknowledged, ` +
    `${fmt(notes.stored)} in the database afterwards.`)
  console.log(`After the run: ${f.auditRows ?? '?'} audit rows; ehm check ${f.check ? 'ok' : 'FAILED'}.`)
  console.log('\nTargets (ratios within this run; informative, never the exit status):')
  verdict(noop.rps >= 0.25 * stat.rps, `FastCGI no-op >= 25 % of the static file (${pct(noop.rps / stat.rps)})`)
  for (const r of rows) {
    if (r.target == null) continue
    verdict(r.rps >= r.target * noop.rps, `${r.name} >= ${pct(r.target)} of the no-op (${pct(r.rps / noop.rps)})`)
  }
  verdict(writes.rps >= 2 * diskBest, `group commit: 32-connection writes >= 2x the disk's one-commit-per-write rate (${(writes.rps / diskBest).toFixed(1)}x)`)
  verdict(notes.rps >= 2 * diskBest && notes.stored >= notes.acked,
    `case notes from 32 connections >= 2x the disk's one-commit-per-write rate, every acknowledged note stored (${(notes.rps / diskBest).toFixed(1)}x)`)
}

// Cost relative to the same run's no-op, largest database against smallest.
function compare (small, large) {
  console.log(`\n## ${fmt(large.people)} people against ${fmt(small.people)}\n`)
  console.log('Cost = the no-op\'s req/s divided by the page\'s, in the same run (1.0: as cheap as the no-op).\n')
  const body = []
  for (const r of large.rows) {
    if (r.target == null) continue
    const s = small.rows.find(x => x.name === r.name)
    if (!s) continue
    const cs = small.noop.rps / s.rps
    const cl = large.noop.rps / r.rps
    body.push([r.name, cs.toFixed(2), cl.toFixed(2), (cl / cs).toFixed(2) + 'x'])
  }
  print(['page', `cost, ${fmt(small.people)}`, `cost, ${fmt(large.people)}`, 'ratio'], body)
  console.log('\nTargets:')
  for (const [name, , , ratio] of body) verdict(parseFloat(ratio) <= 1.5, `${name}: cost within 1.5x of ${fmt(small.people)} people (${ratio})`)
}

async function main () {
  const started = Date.now()
  // Measure a private copy of the binary, so a rebuild during the run cannot
  // swap or remove it under the server or `ehm check`.
  fs.copyFileSync(path.resolve(ROOT, binName), binCopy)
  fs.chmodSync(binCopy, 0o755)
  process.env.EHM_BIN = binCopy
  const cpu = os.cpus()
  console.log(`bench: ${new Date().toISOString()}  ${os.hostname()}  ${cpu.length} cores (${cpu[0]?.model?.trim() ?? '?'})`)
  console.log(`bench: ${binName}, ${THREADS} request threads, wrk ${WRK.join(' ')}, people ${SCALES.join(', ')}`)
  const results = []
  for (const people of SCALES) results.push(await runScale(people))
  for (const R of results) report(R)
  if (results.length > 1) compare(results[0], results[results.length - 1])
  console.log(`\nbench: finished in ${Math.round((Date.now() - started) / 1000)} s`)
}

let status = 0
try {
  await main()
} catch (e) {
  if (!interrupted) broken.push(e.stack || String(e))
}
if (interrupted) {
  status = 130
} else if (broken.length) {
  status = 1
  console.log('\nSomething broke:')
  for (const b of broken) console.log('  ' + b)
  if (srv) console.log(`  (ehm log: ${path.join(srv.dir, 'ehm.log')}; run with KEEP_TEST_DIRS=1 to keep it)`)
}
await cleanup()
process.exit(status)
