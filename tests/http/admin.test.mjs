// tests/http/admin.test.mjs -- administration, deactivation, the audit trail's
// tamper evidence, and security questions with admin-issued reset codes.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/admin.test.mjs
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'

import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs'
import { formFields } from '../lib/episodes.mjs'

let srv

before(async () => { srv = await startServer() })
after(async () => { if (srv) await srv.stop() })

function sqlite (sql, db = srv.dbPath) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' })
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`)
  return r.stdout.trim()
}

const uid = name => sqlite(`SELECT id FROM user WHERE username = '${name}'`)
const count = sql => Number(sqlite(sql))
const errorList = html => (html.match(/govuk-error-summary__list[\s\S]*?<\/ul>/) || [''])[0]

async function admin () {
  const a = new Client(srv.url)
  await a.signIn('admin')
  return a
}

// The fields of the change-user form, as they are now.
async function userForm (a, id) {
  const r = await a.get(`/admin/users/${id}`)
  assert.equal(r.status, 200)
  const v = name => (r.text_.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`)) || [])[1]
  const sel = name => (r.text_.match(new RegExp(`id="${name}" name="${name}"[\\s\\S]*?<option value="(\\d*)" selected`)) || [])[1]
  return {
    version: (r.text_.match(/name="version" value="(\d+)"/) || [])[1],
    name: v('name'),
    email: v('email') || '',
    agency: sel('agency'),
    team: sel('team') || '',
    role: (r.text_.match(/name="role" type="radio" value="([a-z]+)" checked/) || [])[1],
    training: v('training') || ''
  }
}

test('practitioners and managers get 403 on every /admin page, each with an audit row', async () => {
  const routes = srv.ehm(['routes']).stdout.trim().split('\n').map(l => l.split('\t'))
    .filter(([, pattern]) => pattern.startsWith('/admin'))
  assert.ok(routes.length >= 10)
  for (const who of ['practitioner.north', 'manager.north']) {
    const c = new Client(srv.url)
    await c.signIn(who)
    const id = uid(who)
    for (const [method, pattern] of routes) {
      const before = count(`SELECT count(*) FROM audit WHERE action = 'deny' AND user_id = ${id}`)
      const p = pattern.replace('{id}', '1')
      const r = method === 'GET' ? await c.get(p) : await c.post(p, {}, { csrfFrom: '/' })
      assert.equal(r.status, 403, `${who} ${method} ${p}`)
      assert.match(r.text_, /You do not have access/)
      assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'deny' AND user_id = ${id}`), before + 1,
        `no deny audit row for ${who} ${method} ${p}`)
    }
  }
})

test('an admin creates a practitioner who can then sign in (after accepting the policy)', async () => {
  const a = await admin()
  const r = await a.post('/admin/users/new', {
    username: 'Casey.New', name: 'Casey New', email: 'casey@example.org', agency: '1', team: '',
    role: 'practitioner', training: '1/11/2026', password: 'a long and unusual passphrase'
  }, { csrfFrom: '/admin/users/new' })
  assert.equal(r.status, 303, errorList(r.text_))
  assert.match(sqlite("SELECT password_hash FROM user WHERE username = 'Casey.New'"), /^\$argon2id\$/)
  // Usernames are unique case-insensitively.
  const dup = await a.post('/admin/users/new', {
    username: 'casey.new', name: 'Another', agency: '1', role: 'practitioner', password: 'another long passphrase'
  }, { csrfFrom: '/admin/users/new' })
  assert.equal(dup.status, 200)
  assert.match(errorList(dup.text_), /already exists/)
  const c = new Client(srv.url)
  await c.signIn('casey.new', 'a long and unusual passphrase')
  const home = await c.get('/')
  assert.equal(home.status, 303)
  assert.match(home.headers.get('location'), /^\/acceptable-use/)
  const acc = await c.post('/acceptable-use', { accept: 'yes', next: '/' }, { csrfFrom: '/acceptable-use' })
  assert.equal(acc.status, 303)
  const again = await c.get('/')
  assert.equal(again.status, 200)
  assert.match(again.text_, /Your worktray/)
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'aup.accept' AND user_id = ${uid('Casey.New')}`), 1)
})

test('an admin cannot change their own role, and role changes are shown to other admins', async () => {
  const a = await admin()
  const me = uid('admin')
  const f = await userForm(a, me)
  assert.equal(f.role, undefined, 'own role is not offered as a choice')
  const r = await a.post(`/admin/users/${me}`, { ...f, role: 'manager' }, { csrfFrom: `/admin/users/${me}` })
  assert.equal(r.status, 403)
  assert.equal(sqlite(`SELECT role FROM user WHERE id = ${me}`), 'admin')
  // Another user's role can be changed, and it is listed for admins.
  const t = uid('healthvisitor')
  const g = await userForm(a, t)
  const s = await a.post(`/admin/users/${t}`, { ...g, role: 'manager' }, { csrfFrom: `/admin/users/${t}` })
  assert.equal(s.status, 303, errorList(s.text_))
  assert.equal(sqlite(`SELECT role FROM user WHERE id = ${t}`), 'manager')
  const list = await a.get('/admin/users')
  assert.match(list.text_, /Recent role changes/)
  assert.match(list.text_, /practitioner to manager/)
  await a.post(`/admin/users/${t}`, { ...(await userForm(a, t)), role: 'practitioner' }, { csrfFrom: `/admin/users/${t}` })
})

test('deactivating a signed-in user ends their session on the next request', async () => {
  const p = new Client(srv.url)
  await p.signIn('practitioner.south')
  assert.equal((await p.get('/')).status, 200)
  const a = await admin()
  const id = uid('practitioner.south')
  const r = await a.post(`/admin/users/${id}/deactivate`, {}, { csrfFrom: `/admin/users/${id}` })
  assert.equal(r.status, 303)
  const after = await p.get('/')
  assert.equal(after.status, 303)
  assert.match(after.headers.get('location'), /^\/login/)
  assert.equal(count(`SELECT count(*) FROM session WHERE user_id = ${id}`), 0)
  await a.post(`/admin/users/${id}/reactivate`, {}, { csrfFrom: `/admin/users/${id}` })
})

test('the audit log viewer filters, and its CSV export is formula-safe and audited', async () => {
  const a = await admin()
  const r = await a.get('/admin/audit?action=login')
  assert.equal(r.status, 200)
  assert.match(r.text_, /<td class="govuk-table__cell">login<\/td>/)
  assert.doesNotMatch(r.text_, /<td class="govuk-table__cell">login\.fail<\/td>/)
  const before = count("SELECT count(*) FROM audit WHERE action = 'audit.export'")
  const csv = await a.get('/admin/audit.csv')
  assert.equal(csv.status, 200)
  assert.match(csv.headers.get('content-type'), /text\/csv/)
  assert.ok(csv.text_.startsWith('\uFEFF') || csv.text_.startsWith('id,'), 'UTF-8 BOM')
  for (const line of csv.text_.split('\r\n').slice(1)) {
    for (const cell of line.split('","')) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@]/)
  }
  assert.equal(count("SELECT count(*) FROM audit WHERE action = 'audit.export'"), before + 1)
  const bad = await a.get('/admin/audit?from=31/2/2026')
  assert.equal(bad.status, 200)
  assert.match(errorList(bad.text_), /must be a real date/)
})

test('a team with users cannot be moved to another agency (its users would belong to neither)', async () => {
  const a = await admin()
  const team = Number(sqlite("SELECT id FROM team WHERE name = 'Early Help North'"))
  const from = sqlite(`SELECT agency_id FROM team WHERE id = ${team}`)
  const other = sqlite(`SELECT id FROM agency WHERE id != ${from} ORDER BY id LIMIT 1`)
  const page = await a.get(`/admin/teams/${team}`)
  assert.equal(page.status, 200)
  const form = formFields(page.text_, `/admin/teams/${team}`)
  const r = await a.post(`/admin/teams/${team}`, { ...form, agency: other }, { csrfFrom: `/admin/teams/${team}` })
  assert.equal(r.status, 200)
  assert.match(errorList(r.text_), /This team has users or episodes, so it cannot move to another agency/)
  assert.equal(sqlite(`SELECT agency_id FROM team WHERE id = ${team}`), from)
  assert.match(r.text_, /<h1 class="govuk-heading-l">Change Early Help North<\/h1>/)
})

test('security questions cannot get round the lockout: once wrong answers lock the account, no pending challenge opens it', async () => {
  const p = new Client(srv.url)
  await p.signIn('healthvisitor')
  const set = await p.post('/account/questions', {
    q1: '1', a1: 'Hill Road Infants', q2: '2', a2: 'Leeds', q3: '7', a3: 'Milk round'
  }, { csrfFrom: '/account' })
  assert.equal(set.status, 303)
  const id = uid('healthvisitor')
  // Three new browsers, each past the password, each at the questions step.
  const browsers = []
  for (let i = 0; i < 3; i++) {
    const b = new Client(srv.url)
    await b.get('/login')
    const r = await b.post('/login', { username: 'healthvisitor', password: DEMO_PASSWORD }, { csrfFrom: '/login' })
    assert.equal(r.headers.get('location'), '/login/questions')
    browsers.push(b)
  }
  // Wrong answers in the first two until the account locks.
  for (const b of browsers.slice(0, 2)) {
    for (let k = 0; k < 3 && count(`SELECT locked_until > strftime('%s', 'now') FROM user WHERE id = ${id}`) === 0; k++) {
      await b.post('/login/questions', { answer1: 'wrong', answer2: 'wrong' }, { csrfFrom: '/login/questions' })
    }
  }
  assert.equal(count(`SELECT locked_until > strftime('%s', 'now') FROM user WHERE id = ${id}`), 1, 'the wrong answers did not lock the account')
  // The third browser now gives the right answers: refused, no session, still locked.
  const c = browsers[2]
  const page = await c.get('/login/questions')
  const all = { 'What was the name of your first school?': 'Hill Road Infants', 'What is the name of the town or city where you were born?': 'Leeds', 'What was your first job?': 'Milk round' }
  const labels = [...page.text_.matchAll(/<label class="govuk-label govuk-label--s" for="answer\d">([^<]*)</g)].map(m => all[m[1].replace(/&#39;/g, "'")])
  const r = await c.post('/login/questions', { answer1: labels[0] || 'x', answer2: labels[1] || 'x' }, { csrfFrom: '/login/questions' })
  assert.ok([303, 403].includes(r.status), `answered ${r.status}`)
  if (r.status === 303) assert.equal(r.headers.get('location'), '/login')
  assert.notEqual((await c.get('/')).status, 200, 'the locked account got a session through its questions')
  assert.equal(count(`SELECT locked_until > strftime('%s', 'now') FROM user WHERE id = ${id}`), 1, 'the lock was cleared')
  assert.equal(count(`SELECT count(*) FROM login_challenge WHERE user_id = ${id}`), 0, 'challenges outlived the lock')
  // Unlock for the tests that follow.
  sqlite(`UPDATE user SET locked_until = 0, failed_count = 0, lockouts = 0 WHERE id = ${id}`)
})

test('security questions: asked on a new browser; reset needs the admin code and two answers', async () => {
  const p = new Client(srv.url)
  await p.signIn('teacher')
  const set = await p.post('/account/questions', {
    q1: '1', a1: 'Northgate Infants', q2: '2', a2: 'Swansea', q3: '7', a3: 'Paper round'
  }, { csrfFrom: '/account' })
  assert.equal(set.status, 303)
  const answers = { 1: 'northgate infants', 2: 'SWANSEA', 7: 'paper  round' }
  const qtext = {
    'What was the name of your first school?': 1,
    'What is the name of the town or city where you were born?': 2,
    'What was your first job?': 7
  }
  // A new browser (no device cookie): the questions step comes after the password.
  const b = new Client(srv.url)
  await b.get('/login')
  let r = await b.post('/login', { username: 'teacher', password: DEMO_PASSWORD }, { csrfFrom: '/login' })
  assert.equal(r.headers.get('location'), '/login/questions')
  r = await b.get('/login/questions')
  const labels = [...r.text_.matchAll(/<label class="govuk-label govuk-label--s" for="answer\d">([^<]*)</g)].map(m => m[1])
  assert.equal(labels.length, 2)
  const wrong = await b.post('/login/questions', { answer1: 'no', answer2: 'no' }, { csrfFrom: '/login/questions' })
  assert.equal(wrong.status, 200)
  assert.ok(count(`SELECT count(*) FROM audit WHERE action = 'login.questions.fail' AND user_id = ${uid('teacher')}`) >= 1)
  r = await b.post('/login/questions', {
    answer1: answers[qtext[labels[0].replace(/&#39;/g, "'")]], answer2: answers[qtext[labels[1].replace(/&#39;/g, "'")]]
  }, { csrfFrom: '/login/questions' })
  assert.equal(r.status, 303)
  assert.equal((await b.get('/')).status, 200)
  // The browser is now known: no questions next time.
  const again = new Client(srv.url)
  again.cookies.set('ehm_device', b.cookies.get('ehm_device'))
  await again.get('/login')
  r = await again.post('/login', { username: 'teacher', password: DEMO_PASSWORD }, { csrfFrom: '/login' })
  assert.equal(r.headers.get('location'), '/')

  // Reset: the admin issues a code, shown once.
  const a = await admin()
  const id = uid('teacher')
  const issued = await a.post(`/admin/users/${id}/reset-code`, {}, { csrfFrom: `/admin/users/${id}` })
  assert.equal(issued.status, 200)
  const code = issued.text_.match(/class="ehm-code">([A-Z0-9-]+)</)[1]
  assert.equal(count(`SELECT count(*) FROM reset_code WHERE user_id = ${id} AND used_at IS NULL`), 1)
  assert.equal(sqlite(`SELECT count(*) FROM reset_code WHERE code_hash = '${code}'`), '0', 'code stored hashed')
  const u = new Client(srv.url)
  const form = await u.post('/reset', { username: 'teacher' }, { csrfFrom: '/reset' })
  const rl = [...form.text_.matchAll(/<label class="govuk-label govuk-label--s" for="answer\d">([^<]*)</g)].map(m => qtext[m[1].replace(/&#39;/g, "'")])
  const newpw = 'a completely new passphrase'
  const good = { username: 'teacher', answer1: answers[rl[0]], answer2: answers[rl[1]], password: newpw, confirm: newpw }
  // Without the code: refused, audited.
  r = await u.post('/reset/complete', { ...good, code: 'ABCD-EFGH-JKLM' }, { csrfFrom: '/reset' })
  assert.equal(r.status, 200)
  assert.match(errorList(r.text_), /reset code or the answers are not right/)
  // With the code but a wrong answer: refused.
  r = await u.post('/reset/complete', { ...good, code, answer2: 'wrong' }, { csrfFrom: '/reset' })
  assert.match(errorList(r.text_), /reset code or the answers are not right/)
  assert.ok(count(`SELECT count(*) FROM audit WHERE action = 'reset.fail' AND user_id = ${id}`) >= 2)
  // With the code and both answers: works once.
  r = await u.post('/reset/complete', { ...good, code: code.toLowerCase() }, { csrfFrom: '/reset' })
  assert.equal(r.status, 200)
  assert.match(r.text_, /Your password has been changed/)
  const n = new Client(srv.url)
  n.cookies.set('ehm_device', b.cookies.get('ehm_device'))
  await n.signIn('teacher', newpw)
  r = await u.post('/reset/complete', { ...good, code }, { csrfFrom: '/reset' })
  assert.match(errorList(r.text_), /reset code or the answers are not right/, 'a code works once')
  // An unknown username gets the same-looking questions page, stable per name.
  const x1 = await u.post('/reset', { username: 'nobody.here' }, { csrfFrom: '/reset' })
  const x2 = await u.post('/reset', { username: 'nobody.here' }, { csrfFrom: '/reset' })
  const q = t => [...t.matchAll(/for="answer\d">([^<]*)</g)].map(m => m[1]).join('|')
  assert.equal(q(x1.text_).split('|').length, 2)
  assert.equal(q(x1.text_), q(x2.text_))
})

test('ehm check names an edited audit row, reports a truncated tail, and passes untouched', async () => {
  let r = srv.ehm(['check'])
  assert.equal(r.status, 0, r.stdout + r.stderr)
  // A copy of the database and its key/anchor, so the live server is untouched.
  const fs = await import('node:fs')
  const path = await import('node:path')
  const dir = fs.mkdtempSync(path.join(srv.dir, 'tamper-'))
  const copy = path.join(dir, 'ehm.db')
  sqlite(`VACUUM INTO '${copy}'`)
  fs.copyFileSync(path.join(srv.dir, 'audit.key'), path.join(dir, 'audit.key'))
  fs.copyFileSync(path.join(srv.dir, 'audit.anchor'), path.join(dir, 'audit.anchor'))
  const ini = fs.readFileSync(srv.configPath, 'utf8').split(srv.dir).join(dir)
  const cfg = path.join(dir, 'config.ini')
  fs.writeFileSync(cfg, ini)
  const check = () => spawnSync(process.env.EHM_BIN ? path.resolve(process.env.EHM_BIN) : 'build/asan/ehm',
    ['--config', cfg, 'check'], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } })
  r = check()
  assert.equal(r.status, 0, r.stdout)
  const target = Number(sqlite('SELECT id FROM audit ORDER BY id LIMIT 1 OFFSET 3', copy))
  sqlite(`DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
          UPDATE audit SET detail = 'edited' WHERE id = ${target};`, copy)
  r = check()
  assert.notEqual(r.status, 0)
  assert.match(r.stdout, new RegExp(`audit row ${target}\\b`))
  // Put it back exactly, then cut the tail.
  sqlite(`VACUUM INTO '${copy}.x'`)
  fs.renameSync(`${copy}.x`, copy)
  fs.copyFileSync(path.join(srv.dir, 'audit.anchor'), path.join(dir, 'audit.anchor'))
  r = check()
  assert.equal(r.status, 0, r.stdout)
  sqlite('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > (SELECT max(id) - 3 FROM audit);', copy)
  r = check()
  assert.notEqual(r.status, 0)
  assert.match(r.stdout, /truncated/)
})
