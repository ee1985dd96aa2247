// tests/http/episodes.test.mjs -- the episodes module end to end, through
// nginx: allocation opens access, consent decides which agencies' TAF members
// may open the family's records, withdrawal ends them at once, being in one
// episode opens no other, break-glass (DSL only, a reason, a banner, no
// printing, audited, reviewed, expiring, a daily quota), closure and
// reopening, versioned case notes, transfers and the reallocation list.
// The route-by-route access matrix is in access_matrix.test.mjs.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/episodes.test.mjs
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'

import { startServer } from '../lib/server.mjs'
import { helpers, flow, text, errors, inputValue, textareaValue, today, dateFields, START } from '../lib/episodes.mjs'

let srv, h, f
let A, T, U

before(async () => {
  // Break-glass lasts a minute here, twice a day at most.
  srv = await startServer({ config: { episodes: { break_glass_minutes: 1, break_glass_daily_quota: 2 } } })
  h = helpers(srv)
  f = flow(h)
  h.createUser('dsl.south', { agency: 'Exampleshire County Council', team: 'Early Help South', name: 'Dev Safeguard', dsl: true })
  h.createUser('dsl.other', { agency: 'Exampleshire County Council', team: 'Early Help South', name: 'Olu Other', dsl: true })
  h.createUser('practitioner.north2', { agency: 'Exampleshire County Council', team: 'Early Help North', name: 'Nia Second' })
  A = {
    la: h.agencyId('Exampleshire County Council'),
    school: h.agencyId('Northgate Primary School'),
    health: h.agencyId('Exampleshire Community Health')
  }
  T = { north: h.teamId('Early Help North'), south: h.teamId('Early Help South') }
  U = Object.fromEntries(['practitioner.north', 'practitioner.north2', 'practitioner.south', 'manager.north', 'manager.south',
    'teacher', 'healthvisitor', 'dsl.south', 'dsl.other', 'admin'].map(u => [u, h.userId(u)]))
})

after(async () => {
  if (srv) await srv.stop()
})

const READ_ONLY_WITHDRAWN = /Consent has been withdrawn, so this episode is read-only/
const CLOSED = /This episode is closed, so it cannot be changed/

// An open episode for a new child, led by practitioner.north (team north).
async function openEpisode (family, { agencies = [A.la], lead = 'practitioner.north', given = 'Robin' } = {}) {
  const child = await f.createChild('manager.north', family, given)
  const eid = await f.request('practitioner.north', child, { team: T.north, agencies })
  await f.allocate('manager.north', eid, U[lead])
  return { child, eid }
}

const deniesFor = (user, eid, after) =>
  h.num(`SELECT count(*) FROM audit WHERE id > ${after} AND user_id = ${U[user]} AND action = 'deny' AND record_id = ${eid}`)

// ---- 1. allocation, consent, the TAF, withdrawal ---------------------------

test('allocation opens access; consent and TAF membership open it to another agency; withdrawal ends it at once', async () => {
  const child = await f.createChild('manager.north', 'Allocwood', 'Cara')
  // P requests, with consent covering P's agency only.
  const form = await h.get('practitioner.north', `/episodes/new?person=${child}`)
  assert.equal(form.status, 200)
  const eid = await f.request('practitioner.north', child, { team: T.north, agencies: [A.la] })
  assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'requested')

  // Before allocation P cannot open the child or the episode.
  let mark = h.maxAudit()
  let r = await h.get('practitioner.north', `/people/${child}`)
  assert.equal(r.status, 403)
  assert.doesNotMatch(r.text_, /Allocwood/)
  r = await h.get('practitioner.north', `/episodes/${eid}`)
  assert.equal(r.status, 403)
  assert.doesNotMatch(r.text_, /Allocwood/)
  assert.equal(deniesFor('practitioner.north', eid, mark), 1, 'the refused episode view was not audited')

  // The team's manager sees the request on the worktray and allocates P.
  r = await h.get('manager.north', '/')
  assert.match(text(r.text_), /\d+ Requests awaiting allocation/)
  r = await h.get('manager.north', '/worktray?list=requests')
  assert.match(text(r.text_), /Requests awaiting allocation.*Cara Allocwood/)
  assert.match(r.text_, new RegExp(`href="/episodes/${eid}"`))
  await f.allocate('manager.north', eid, U['practitioner.north'])
  r = await h.get('practitioner.north', `/people/${child}`)
  assert.equal(r.status, 200)
  r = await h.get('practitioner.north', `/episodes/${eid}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Cara Allocwood/)
  assert.match(text(r.text_), new RegExp(START['f.reason']))
  assert.match(text((await h.get('practitioner.north', '/worktray?list=caseload')).text_), /Full caseload.*Cara Allocwood/)

  // Q (the teacher, another agency) is refused, and the refusal is audited.
  mark = h.maxAudit()
  r = await h.get('teacher', `/episodes/${eid}`)
  assert.equal(r.status, 403)
  assert.doesNotMatch(r.text_, /Allocwood/)
  assert.equal(deniesFor('teacher', eid, mark), 1, 'no deny audit row for the teacher')
  r = await h.get('teacher', `/people/${child}`)
  assert.equal(r.status, 403)

  // Not covered yet: Q cannot be added to the TAF.
  r = await h.post('practitioner.north', `/episodes/${eid}/team`, { kind: 'user', user: String(U.teacher) })
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /The family's latest consent does not cover Northgate Primary School/)
  assert.equal(h.num(`SELECT count(*) FROM taf_member WHERE episode_id = ${eid}`), 0)

  // A new statement covering the school, then Q joins the TAF: Q can open both.
  await f.recordConsent('practitioner.north', eid, [A.la, A.school])
  r = await h.get('teacher', `/episodes/${eid}`)
  assert.equal(r.status, 403, 'consent alone must not open the episode to a non-member')
  await f.addMember('practitioner.north', eid, U.teacher)
  r = await h.get('teacher', `/episodes/${eid}`)
  assert.equal(r.status, 200)
  r = await h.get('teacher', `/people/${child}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Cara Allocwood/)

  // Consent withdrawn: Q is refused at once and is no longer a current member.
  await f.withdraw('practitioner.north', eid)
  r = await h.get('teacher', `/episodes/${eid}`)
  assert.equal(r.status, 403)
  r = await h.get('teacher', `/people/${child}`)
  assert.equal(r.status, 403)
  assert.notEqual(h.sqlite(`SELECT coalesce(ended_at, '') FROM taf_member WHERE episode_id = ${eid} AND user_id = ${U.teacher}`), '',
    'the teacher\'s TAF membership was not ended')
  r = await h.get('practitioner.north', `/episodes/${eid}/team`)
  assert.match(text(r.text_), /Past members.*Sam Whitfield/)

  // P keeps read-only access; adding a note is refused with the read-only message.
  r = await h.get('practitioner.north', `/episodes/${eid}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /A new consent statement is needed/)
  r = await h.get('practitioner.north', `/episodes/${eid}/notes`)
  assert.equal(r.status, 200)
  r = await h.post('practitioner.north', `/episodes/${eid}/notes`, f.noteFields(child, 'After withdrawal'))
  assert.equal(r.status, 403)
  assert.match(text(r.text_), READ_ONLY_WITHDRAWN)
  assert.equal(h.num(`SELECT count(*) FROM case_note WHERE episode_id = ${eid}`), 0)
  r = await h.get('practitioner.north', `/people/${child}`)
  assert.equal(r.status, 200)
  // The team's manager still sees it, read-only too: no note, no new team member.
  r = await h.get('manager.north', `/episodes/${eid}`)
  assert.equal(r.status, 200)
  r = await h.post('manager.north', `/episodes/${eid}/notes`, f.noteFields(child, 'Manager after withdrawal'))
  assert.equal(r.status, 403)
  assert.match(text(r.text_), READ_ONLY_WITHDRAWN)
  r = await h.post('manager.north', `/episodes/${eid}/team`, { kind: 'external', ext_name: 'Pat External', ext_agency: 'Charity X', ext_role: 'Mentor' })
  assert.equal(r.status, 403)
  assert.equal(h.num(`SELECT count(*) FROM case_note WHERE episode_id = ${eid}`), 0)
  assert.equal(h.num(`SELECT count(*) FROM taf_member WHERE episode_id = ${eid} AND ext_name = 'Pat External'`), 0)
  // But a new consent statement can be recorded, and the episode opens again to change.
  await f.recordConsent('manager.north', eid, [A.la])
  await f.addNote('manager.north', eid, child, 'Consent given again')
})

// ---- 2. one episode opens nothing of another --------------------------------

test('being lead of one family\'s episode opens nothing of another episode that holds a relative', async () => {
  const { child: c, eid } = await openEpisode('Relwood', { given: 'Cara' })
  const m = await f.createPerson('manager.north', { family_name: 'Relwood', given_names: 'Maud', ...dateFields('dob', '1985-06-01'), address: '7 Secretive Lane', postcode: 'EX9 9ZZ' })
  await f.addRelationship('manager.north', c, { family: 'Relwood', given: 'Maud', other: m, type: 'mother' })
  const d = await f.createChild('manager.north', 'Otherfamily', 'Dylan', '2015-01-20')
  await f.addRelationship('manager.north', d, { family: 'Relwood', given: 'Maud', other: m, type: 'mother' })

  // The request form offers M as an adult to include (the manager may open her).
  let r = await h.get('manager.north', `/episodes/new?person=${d}`)
  assert.equal(r.status, 200)
  assert.match(r.text_, new RegExp(`name="adults" type="checkbox" value="${m}"`))
  const e2 = await f.request('manager.north', d, { team: T.south, agencies: [A.la], adults: [m] })
  assert.equal(h.num(`SELECT count(*) FROM episode_person WHERE episode_id = ${e2} AND person_id = ${m} AND role = 'adult'`), 1)
  // Only the receiving team's manager may allocate it.
  r = await h.post('manager.north', `/episodes/${e2}/allocate`, { lead: String(U['practitioner.south']) })
  assert.equal(r.status, 403)
  await f.allocate('manager.south', e2, U['practitioner.south'])
  r = await h.get('practitioner.south', `/episodes/${e2}`)
  assert.equal(r.status, 200)

  // P leads C's episode, and opens C ...
  assert.equal((await h.get('practitioner.north', `/episodes/${eid}`)).status, 200)
  r = await h.get('practitioner.north', `/people/${c}`)
  assert.equal(r.status, 200)
  // ... where M shows as name and relationship only: no address, no link.
  assert.match(text(r.text_), /Maud Relwood/)
  assert.doesNotMatch(r.text_, /Secretive Lane|EX9 9ZZ/)
  assert.doesNotMatch(r.text_, new RegExp(`href="/people/${m}"`))
  // P has no role in D's episode: refused there, and for D and M.
  for (const path of [`/episodes/${e2}`, `/episodes/${e2}/notes`, `/episodes/${e2}/consent`, `/people/${d}`, `/people/${m}`]) {
    r = await h.get('practitioner.north', path)
    assert.equal(r.status, 403, `${path} answered ${r.status}`)
    assert.doesNotMatch(r.text_, /Otherfamily|Secretive Lane/)
  }
  // And practitioner.south, lead of D's episode, opens nothing of C's.
  assert.equal((await h.get('practitioner.south', `/episodes/${eid}`)).status, 403)
  assert.equal((await h.get('practitioner.south', `/people/${c}`)).status, 403)
})

// ---- 4. break-glass ----------------------------------------------------------

test('break-glass: DSLs only, a reason, a banner, read-only, no printing, every view audited, reviewed by managers, then it expires', async () => {
  const { child, eid } = await openEpisode('Glasswood', { given: 'Bea' })
  const note = await f.addNote('practitioner.north', eid, child, 'Visited; all well')

  // Without the flag: refused, and audited.
  let mark = h.maxAudit()
  let r = await h.get('practitioner.south', `/episodes/${eid}/break-glass`)
  assert.equal(r.status, 403)
  r = await f.breakGlass('practitioner.south', eid)
  assert.equal(r.status, 403)
  assert.equal(deniesFor('practitioner.south', eid, mark), 2)
  assert.equal(h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${U['practitioner.south']}`), 0)
  assert.match(h.sqlite(`SELECT group_concat(detail) FROM audit WHERE id > ${mark} AND user_id = ${U['practitioner.south']}`), /safeguarding lead/)

  // The DSL cannot open it before break-glass.
  assert.equal((await h.get('dsl.south', `/episodes/${eid}`)).status, 403)
  assert.equal((await h.get('dsl.south', `/people/${child}`)).status, 403)
  r = await h.get('dsl.south', `/episodes/${eid}/break-glass`)
  assert.equal(r.status, 200)
  // A reason is required.
  r = await f.breakGlass('dsl.south', eid, '   ')
  assert.equal(r.status, 200)
  assert.deepEqual(errors(r.text_), ['Enter a reason you need access now'])
  assert.equal(h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${U['dsl.south']}`), 0)

  mark = h.maxAudit()
  r = await f.breakGlass('dsl.south', eid, 'Police report tonight; lead and manager unreachable')
  assert.equal(r.status, 303)
  assert.equal(r.headers.get('location'), `/episodes/${eid}`)
  const bgid = h.num(`SELECT id FROM break_glass WHERE user_id = ${U['dsl.south']} AND episode_id = ${eid}`)
  assert.equal(h.sqlite(`SELECT reason FROM break_glass WHERE id = ${bgid}`), 'Police report tonight; lead and manager unreachable')
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'break-glass' AND record_id = ${eid} AND user_id = ${U['dsl.south']}`), 1)

  // Read access, under a banner, on every page of the episode; each view audited as break-glass.
  const pages = [`/episodes/${eid}`, `/episodes/${eid}/consent`, `/episodes/${eid}/team`, `/episodes/${eid}/notes`, `/notes/${note}`]
  mark = h.maxAudit()
  for (const p of pages) {
    r = await h.get('dsl.south', p)
    assert.equal(r.status, 200, `${p} under break-glass answered ${r.status}`)
    assert.match(text(r.text_), /Break-glass access/, `${p} has no break-glass banner`)
    assert.match(text(r.text_), /Bea Glasswood/)
  }
  const views = h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND user_id = ${U['dsl.south']} AND action = 'view' AND detail = 'break-glass'`)
  assert.equal(views, pages.length, 'not every page viewed under break-glass was audited as break-glass')
  // Read-only: no adding or changing notes, no consent, no team changes, no transfer.
  r = await h.get('dsl.south', `/episodes/${eid}/notes`)
  assert.doesNotMatch(r.text_, /Add a case note/)
  for (const [p, fields] of [[`/episodes/${eid}/notes`, f.noteFields(child, 'Break-glass note')], [`/notes/${note}/edit`, { ...f.noteFields(child, 'Changed'), version: '1' }],
    [`/episodes/${eid}/consent`, f.consentFields([A.la])], [`/episodes/${eid}/team`, { kind: 'external', ext_name: 'X', ext_agency: 'Y', ext_role: 'Z', ext_contact: '1' }],
    [`/episodes/${eid}/transfer`, { to_team: String(T.south), reason: 'x' }]]) {
    r = await h.post('dsl.south', p, fields)
    assert.equal(r.status, 403, `POST ${p} under break-glass answered ${r.status}`)
  }
  assert.equal((await h.get('dsl.south', `/notes/${note}/edit`)).status, 403)
  assert.equal(h.num(`SELECT count(*) FROM case_note WHERE episode_id = ${eid}`), 1)
  // The child's record opens (read-only), but printing is refused.
  r = await h.get('dsl.south', `/people/${child}`)
  assert.equal(r.status, 200)
  assert.equal((await h.get('dsl.south', `/people/${child}/edit`)).status, 403)
  r = await h.get('dsl.south', `/people/${child}/print`)
  assert.equal(r.status, 403)
  assert.doesNotMatch(r.text_, /Glasswood/)

  // The managers of the episode's team and of the user's team are asked to review it.
  for (const m of ['manager.north', 'manager.south']) {
    r = await h.get(m, '/worktray?list=breakglass')
    assert.match(text(r.text_), /Break-glass uses to review.*Dev Safeguard/, `${m}'s worktray does not list the use`)
  }
  // Not another team's business; and practitioners cannot review.
  assert.equal((await h.post('practitioner.north', `/break-glass/${bgid}/review`, { review: 'appropriate' })).status, 403)
  // A review sent without a choice, or with too long a note, comes back as a form: error summary, note kept, nothing saved.
  r = await h.post('manager.north', `/break-glass/${bgid}/review`, { review: 'bogus', note: 'Checked with <the DSL>' })
  assert.equal(r.status, 200)
  assert.deepEqual(errors(r.text_), ['Select whether the use was appropriate'])
  assert.equal(textareaValue(r.text_, 'note'), 'Checked with <the DSL>')
  r = await h.post('manager.north', `/break-glass/${bgid}/review`, { review: 'appropriate', note: 'n'.repeat(2001) })
  assert.equal(r.status, 200)
  assert.deepEqual(errors(r.text_), ['Note must be 2000 characters or fewer'])
  assert.equal(h.sqlite(`SELECT review IS NULL FROM break_glass WHERE id = ${bgid}`), '1')
  r = await h.post('manager.north', `/break-glass/${bgid}/review`, { review: 'appropriate' })
  assert.equal(r.status, 303)
  assert.equal(h.sqlite(`SELECT review || '|' || reviewed_by FROM break_glass WHERE id = ${bgid}`), `appropriate|${U['manager.north']}`)
  for (const m of ['manager.north', 'manager.south']) {
    r = await h.get(m, '/worktray?list=breakglass')
    assert.doesNotMatch(text(r.text_), /Dev Safeguard/, `${m}'s worktray still lists the reviewed use`)
  }

  // It expires (break_glass_minutes = 1 here: move the end into the past rather than wait).
  const mins = h.num(`SELECT expires_at - started_at FROM break_glass WHERE id = ${bgid}`)
  assert.equal(mins, 60, 'break_glass_minutes = 1 was not applied')
  h.sqlite(`UPDATE break_glass SET expires_at = strftime('%s', 'now') - 1 WHERE id = ${bgid}`)
  r = await h.get('dsl.south', `/episodes/${eid}`)
  assert.equal(r.status, 403)
  assert.doesNotMatch(r.text_, /Glasswood/)
  assert.equal((await h.get('dsl.south', `/people/${child}`)).status, 403)
})

test('break-glass: a view of the family\'s person record under break-glass is audited as break-glass too', async () => {
  const { child, eid } = await openEpisode('Auditwood', { given: 'Ivo' })
  const r = await f.breakGlass('dsl.other', eid)
  assert.equal(r.status, 303)
  const mark = h.maxAudit()
  assert.equal((await h.get('dsl.other', `/people/${child}`)).status, 200)
  const rows = h.sqlite(`SELECT action || ':' || record_type || ':' || detail FROM audit WHERE id > ${mark} AND user_id = ${U['dsl.other']}`)
  assert.match(rows, /^view:person:.*break-glass/m, `the person view was audited as ${JSON.stringify(rows)}`)
})

test('break-glass: one episode at a time', async () => {
  // dsl.other used break-glass once above (the quota here is 2 a day).
  const one = await openEpisode('Onewood', { given: 'Ada' })
  const held = h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${U['dsl.other']} AND expires_at > strftime('%s', 'now')`)
  assert.equal(held, 1)
  const first = h.num(`SELECT episode_id FROM break_glass WHERE user_id = ${U['dsl.other']}`)
  const r = await f.breakGlass('dsl.other', one.eid)
  const a = (await h.get('dsl.other', `/episodes/${first}`)).status
  const b = (await h.get('dsl.other', `/episodes/${one.eid}`)).status
  assert.ok(!(a === 200 && b === 200), `break-glass into episode ${one.eid} (answered ${r.status}) left both episodes open to the DSL at once`)
})

test('break-glass: the daily quota holds (2 a day here)', async () => {
  // dsl.south has used break-glass once today (above).
  const used = h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${U['dsl.south']}`)
  assert.equal(used, 1)
  const two = await openEpisode('Quotawood', { given: 'Zoe' })
  const three = await openEpisode('Quotaham', { given: 'Ned' })
  let r = await f.breakGlass('dsl.south', two.eid)
  assert.equal(r.status, 303)
  r = await h.get('dsl.south', `/episodes/${three.eid}/break-glass`)
  assert.match(text(r.text_), /You have used break-glass 2 of 2 times today/)
  r = await f.breakGlass('dsl.south', three.eid)
  assert.equal(r.status, 200)
  assert.match(errors(r.text_).join(' '), /You have used break-glass 2 times today, the most allowed/)
  assert.equal(h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${U['dsl.south']}`), 2)
  assert.equal((await h.get('dsl.south', `/episodes/${three.eid}`)).status, 403)
})

// ---- 5. closure and reopening ------------------------------------------------

test('closing: managers only, the closure form starts from the start form, a bad date keeps the input, closed means read-only, reopening needs consent', async () => {
  const { child, eid } = await openEpisode('Closewood', { given: 'Eli', agencies: [A.la, A.school] })
  await f.addMember('practitioner.north', eid, U.teacher)
  const t = today()

  // A practitioner (even the lead) cannot close.
  let r = await h.post('practitioner.north', `/episodes/${eid}/close`, f.closeFields())
  assert.equal(r.status, 403)
  assert.equal((await h.get('practitioner.north', `/episodes/${eid}/close`)).status, 403)
  // Nor the other team's manager.
  assert.equal((await h.post('manager.south', `/episodes/${eid}/close`, f.closeFields())).status, 403)
  assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'open')

  // The form: an "are you sure" page, the start form's answers copied forward.
  r = await h.get('manager.north', `/episodes/${eid}/close`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Are you sure you want to close this episode\?/)
  assert.equal(textareaValue(r.text_, 'f.reason'), START['f.reason'])
  assert.equal(inputValue(r.text_, 'f.referrer'), START['f.referrer'])
  assert.match(r.text_, /name="f.needs" type="checkbox" value="School attendance"\s*checked/)
  assert.equal(textareaValue(r.text_, 'f.outcome'), '')

  // A closure date before the episode started: an error, everything kept.
  const before = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10)
  const typed = { ...f.closeFields(before), reason: 'Family moved out of the area', 'f.outcome': 'Moved to Devon; school place found', 'f.referrer': 'Head teacher' }
  r = await h.post('manager.north', `/episodes/${eid}/close`, typed)
  assert.equal(r.status, 200)
  assert.match(errors(r.text_).join(' '), /Closure date must be on or after the episode started/)
  assert.equal(inputValue(r.text_, 'closure-day'), String(Number(before.slice(8, 10))))
  assert.equal(inputValue(r.text_, 'closure-month'), String(Number(before.slice(5, 7))))
  assert.equal(inputValue(r.text_, 'closure-year'), before.slice(0, 4))
  assert.match(r.text_, /<option value="Family moved out of the area" selected/)
  assert.equal(textareaValue(r.text_, 'f.outcome'), 'Moved to Devon; school place found')
  assert.equal(inputValue(r.text_, 'f.referrer'), 'Head teacher')
  assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'open')

  // Closed.
  r = await h.post('manager.north', `/episodes/${eid}/close`, { ...typed, ...dateFields('closure', t.iso) })
  assert.equal(r.status, 303, errors(r.text_).join('; '))
  assert.equal(h.sqlite(`SELECT status || '|' || closure_date || '|' || closure_reason FROM episode WHERE id = ${eid}`), `closed|${t.iso}|Family moved out of the area`)
  assert.equal(h.sqlite(`SELECT value FROM form_answer WHERE owner_type = 'episode.closure' AND owner_id = ${eid} AND question = 'outcome'`), 'Moved to Devon; school place found')
  r = await h.get('manager.north', `/episodes/${eid}`)
  assert.match(text(r.text_), /Closed/)
  assert.match(text(r.text_), /Reopen this episode/)

  // Read-only for the last lead and the team's managers; nobody else.
  assert.equal((await h.get('practitioner.north', `/episodes/${eid}`)).status, 200)
  assert.equal((await h.get('teacher', `/episodes/${eid}`)).status, 403)
  const unclear = [] // refusals that do not say the episode is closed (asserted at the end)
  for (const who of ['practitioner.north', 'manager.north']) {
    const edits = [
      [`/episodes/${eid}/notes`, f.noteFields(child, 'After closing')],
      [`/episodes/${eid}/consent`, f.consentFields([A.la])],
      [`/episodes/${eid}/team`, { kind: 'external', ext_name: 'Late Joiner', ext_agency: 'Youth Club', ext_role: 'Youth worker', ext_contact: '0123' }]
    ]
    for (const [p, fields] of edits) {
      r = await h.post(who, p, fields)
      assert.equal(r.status, 403, `${who} POST ${p} on a closed episode answered ${r.status}`)
      if (!CLOSED.test(text(r.text_))) unclear.push(`${who} POST ${p}: ${/<h1[^>]*>([^<]*)/.exec(r.text_)?.[1]}: ${/<p class="govuk-body">([^<]*)/.exec(r.text_)?.[1]}`)
    }
  }
  assert.equal(h.num(`SELECT count(*) FROM case_note WHERE episode_id = ${eid}`), 0)
  assert.equal(h.num(`SELECT count(*) FROM taf_member WHERE episode_id = ${eid} AND ext_name IS NOT NULL`), 0)

  // Reopening without a new consent statement is refused, with errors for the consent fields.
  const consents = h.num(`SELECT count(*) FROM consent WHERE episode_id = ${eid}`)
  assert.equal((await h.post('practitioner.north', `/episodes/${eid}/reopen`, { reason: 'x', ...f.consentFields([A.la]) })).status, 403)
  r = await h.get('manager.north', `/episodes/${eid}/reopen`)
  assert.equal(r.status, 200)
  r = await h.post('manager.north', `/episodes/${eid}/reopen`, { reason: 'New concerns from school' })
  assert.equal(r.status, 200)
  const errs = errors(r.text_)
  for (const want of [/name of the person who gave consent/, /who gave consent/i, /Date consent was given/i, /how consent was obtained/i, /agencies/]) {
    assert.ok(errs.some(e => want.test(e)), `no error matching ${want} in ${JSON.stringify(errs)}`)
  }
  assert.equal(textareaValue(r.text_, 'reason'), 'New concerns from school')
  assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'closed')
  assert.equal(h.num(`SELECT count(*) FROM consent WHERE episode_id = ${eid}`), consents)

  // With consent: open again, the new statement latest.
  r = await h.post('manager.north', `/episodes/${eid}/reopen`, { reason: 'New concerns from school', ...f.consentFields([A.la]) })
  assert.equal(r.status, 303, errors(r.text_).join('; '))
  assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'open')
  assert.equal(h.num(`SELECT count(*) FROM consent WHERE episode_id = ${eid}`), consents + 1)
  await f.addNote('practitioner.north', eid, child, 'After reopening')

  assert.deepEqual(unclear, [], 'edits of a closed episode refused without saying it is closed')
})

// ---- 6. versioned case notes ---------------------------------------------------

test('two people editing one case note: the second gets the conflict page with their text kept; history keeps every version', async () => {
  const { child, eid } = await openEpisode('Notewood', { given: 'Nell', agencies: [A.la, A.school] })
  await f.addMember('practitioner.north', eid, U.teacher)
  const nid = await f.addNote('practitioner.north', eid, child, 'First visit: Nell at home with mum')

  // Both open the edit form at version 1.
  const p1 = await h.get('practitioner.north', `/notes/${nid}/edit`)
  const t1 = await h.get('teacher', `/notes/${nid}/edit`)
  assert.equal(p1.status, 200)
  assert.equal(t1.status, 200)
  assert.equal(inputValue(p1.text_, 'version'), '1')
  assert.equal(inputValue(t1.text_, 'version'), '1')
  const fields = v => ({ ...f.noteFields(child, ''), version: v })

  let r = await h.post('practitioner.north', `/notes/${nid}/edit`, { ...fields('1'), body: 'First visit: Nell at home with mum and gran' })
  assert.equal(r.status, 303)
  r = await h.post('teacher', `/notes/${nid}/edit`, { ...fields('1'), body: 'Teacher\'s account: Nell arrived late <again>' })
  assert.equal(r.status, 409)
  assert.equal(textareaValue(r.text_, 'body'), 'Teacher\'s account: Nell arrived late <again>', 'the second user\'s text was not kept')
  assert.match(errors(r.text_).join(' '), /Tom Okafor changed this note/)
  assert.match(errors(r.text_).join(' '), /First visit: Nell at home with mum and gran/)
  const v2 = inputValue(r.text_, 'version')
  assert.equal(v2, '2', 'the conflict page does not carry the saved version')
  assert.equal(h.sqlite(`SELECT body FROM case_note WHERE id = ${nid}`), 'First visit: Nell at home with mum and gran')

  r = await h.get('teacher', `/notes/${nid}`)
  assert.equal(r.status, 200)
  let versions = [...text(r.text_).matchAll(/Version (\d+)/g)].map(m => m[1])
  assert.deepEqual(versions, ['2', '1'])
  assert.doesNotMatch(text(r.text_), /Teacher's account/)
  assert.match(text(r.text_), /First visit: Nell at home with mum and gran/)
  assert.match(text(r.text_), /First visit: Nell at home with mum /)

  // The teacher combines and saves against version 2.
  r = await h.post('teacher', `/notes/${nid}/edit`, { ...fields(v2), body: 'First visit: Nell at home with mum and gran. Teacher: Nell arrived late <again>' })
  assert.equal(r.status, 303)
  r = await h.get('practitioner.north', `/notes/${nid}`)
  versions = [...text(r.text_).matchAll(/Version (\d+)/g)].map(m => m[1])
  assert.deepEqual(versions, ['3', '2', '1'])
  assert.match(text(r.text_), /saved by Sam Whitfield/)
  assert.match(text(r.text_), /Teacher: Nell arrived late <again>/)
  assert.doesNotMatch(r.text_, /<again>/, 'the note body was not escaped')
  r = await h.get('practitioner.north', `/episodes/${eid}/notes`)
  assert.match(text(r.text_), /Edited/)
})

test('a mistake in between does not hide a conflict: the form keeps the version the user started from', async () => {
  const { child, eid } = await openEpisode('Versionwood', { given: 'Vic' })
  const nid = await f.addNote('practitioner.north', eid, child, 'Original note')
  const fields = v => ({ ...f.noteFields(child, ''), version: v })
  // The manager saves a change while the practitioner is still typing.
  let r = await h.post('manager.north', `/notes/${nid}/edit`, { ...fields('1'), body: 'Manager: important safeguarding change' })
  assert.equal(r.status, 303)
  // The practitioner's first try has a mistake (a future date): the form comes back still at version 1 ...
  r = await h.post('practitioner.north', `/notes/${nid}/edit`, { ...fields('1'), 'date-year': String(Number(today().year) + 1), body: 'Practitioner text' })
  assert.equal(r.status, 200)
  assert.ok(errors(r.text_).length >= 1, 'no error for a future date')
  assert.equal(inputValue(r.text_, 'version'), '1', 'the form after a mistake jumped to the saved version')
  // ... so the corrected save is a conflict, not a silent overwrite.
  r = await h.post('practitioner.north', `/notes/${nid}/edit`, { ...fields(inputValue(r.text_, 'version')), body: 'Practitioner text' })
  assert.equal(r.status, 409)
  assert.equal(textareaValue(r.text_, 'body'), 'Practitioner text')
  assert.equal(h.sqlite(`SELECT body FROM case_note WHERE id = ${nid}`), 'Manager: important safeguarding change')
})

test('line breaks typed in a note are kept: stored, shown, in the edit form and after an error', async () => {
  const { child, eid } = await openEpisode('Linewood', { given: 'Lin' })
  const body = 'Para one\r\nline two\r\n\r\nPara two'
  const nid = await f.addNote('practitioner.north', eid, child, body)
  assert.equal(h.sqlite(`SELECT body = ${"'Para one' || char(13, 10) || 'line two' || char(13, 10, 13, 10) || 'Para two'"} FROM case_note WHERE id = ${nid}`), '1')
  let r = await h.get('practitioner.north', `/notes/${nid}`)
  assert.match(r.text_, /Para one\r?\nline two\r?\n\r?\nPara two/, 'the note page lost the line breaks')
  r = await h.get('practitioner.north', `/notes/${nid}/edit`)
  assert.equal(textareaValue(r.text_, 'body').replace(/\r\n/g, '\n'), 'Para one\nline two\n\nPara two')
  // Sent back unchanged, it is stored unchanged (no new version with the breaks flattened).
  const v = inputValue(r.text_, 'version')
  r = await h.post('practitioner.north', `/notes/${nid}/edit`, { ...f.noteFields(child, textareaValue(r.text_, 'body')), version: v })
  assert.equal(r.status, 303)
  assert.match(h.sqlite(`SELECT body FROM case_note WHERE id = ${nid}`), /^Para one\r?\nline two\r?\n\r?\nPara two$/)
  // After an error the text comes back with its breaks.
  r = await h.post('practitioner.north', `/episodes/${eid}/notes`, { ...f.noteFields(child, 'First\nSecond'), kind: '' })
  assert.equal(r.status, 200)
  assert.equal(textareaValue(r.text_, 'body'), 'First\nSecond')
})

test('a checkbox group in error is described by its error, so a screen reader says it (who the note is about)', async () => {
  const { child, eid } = await openEpisode('Describewood', { given: 'Dee' })
  const r = await h.post('practitioner.north', `/episodes/${eid}/notes`, { ...f.noteFields([], 'A note about nobody') })
  assert.equal(r.status, 200)
  assert.ok(errors(r.text_).length >= 1)
  const fs = /<fieldset\b[^>]*aria-describedby="([^"]*)"[^>]*>\s*<legend[^>]*>\s*Who the note is about/.exec(r.text_)
  assert.ok(fs, 'the "Who the note is about" fieldset has no aria-describedby')
  assert.ok(fs[1].split(' ').includes('about-error'), `described by "${fs[1]}"`)
  assert.match(r.text_, /id="about-error"/)
  assert.ok(child > 0)
})

// ---- 7. transfers and the reallocation list --------------------------------------

test('a transfer to another practitioner: on the receiver\'s worktray, accepted, the lead and access change; a leaver\'s episodes go on the reallocation list', async () => {
  const { child, eid } = await openEpisode('Transferwood', { given: 'Tia' })
  let r = await h.get('practitioner.north', `/episodes/${eid}/transfer`)
  assert.equal(r.status, 200)
  assert.match(r.text_, new RegExp(`<option value="${U['practitioner.north2']}"`))
  // Someone with no role cannot ask for it.
  assert.equal((await h.post('practitioner.south', `/episodes/${eid}/transfer`, { to_user: String(U['practitioner.north2']), reason: 'x' })).status, 403)
  r = await h.post('practitioner.north', `/episodes/${eid}/transfer`, { to_user: String(U['practitioner.north2']), reason: 'Caseload balancing' })
  assert.equal(r.status, 303)
  const tid = h.num(`SELECT id FROM transfer WHERE episode_id = ${eid} AND status = 'pending'`)
  assert.ok(tid > 0)

  // On the receiver's worktray; nobody else may decide it.
  r = await h.get('practitioner.north2', '/worktray?list=transfers')
  assert.match(text(r.text_), /Transfers awaiting you.*Tia Transferwood.*Caseload balancing/)
  assert.match(r.text_, new RegExp(`action="/transfers/${tid}/accept"`))
  assert.doesNotMatch(text((await h.get('practitioner.south', '/worktray?list=transfers')).text_), /Transferwood/)
  for (const who of ['practitioner.north', 'practitioner.south', 'manager.south']) {
    assert.equal((await h.post(who, `/transfers/${tid}/accept`)).status, 403, `${who} accepted someone else's transfer`)
  }
  // Before accepting, the receiver has no access.
  assert.equal((await h.get('practitioner.north2', `/episodes/${eid}`)).status, 403)

  r = await h.post('practitioner.north2', `/transfers/${tid}/accept`)
  assert.equal(r.status, 303)
  assert.equal(r.headers.get('location'), `/episodes/${eid}?done=accepted`)
  assert.equal(h.num(`SELECT lead_id FROM episode WHERE id = ${eid}`), U['practitioner.north2'])
  r = await h.get('practitioner.north2', `/episodes/${eid}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Lead Practitioner: Nia Second|: Nia Second ·/)
  assert.equal((await h.get('practitioner.north2', `/people/${child}`)).status, 200)
  await f.addNote('practitioner.north2', eid, child, 'New lead introduced to the family')
  // Deciding it twice is refused.
  assert.equal((await h.post('practitioner.north2', `/transfers/${tid}/accept`)).status, 409)
  // The old lead is neither lead nor TAF member now: no access.
  r = await h.get('practitioner.north', `/episodes/${eid}`)
  assert.equal(r.status, 403)
  assert.equal((await h.get('practitioner.north', `/people/${child}`)).status, 403)
  assert.doesNotMatch((await h.get('practitioner.north', '/worktray?list=caseload')).text_, new RegExp(`href="/episodes/${eid}"`))

  // The new lead leaves: their open episodes go on the team manager's reallocation list.
  r = await h.get('manager.north', '/worktray?list=reallocate')
  assert.doesNotMatch(text(r.text_), /Transferwood/)
  r = await h.post('admin', `/admin/users/${U['practitioner.north2']}/deactivate`)
  assert.ok([200, 303].includes(r.status), `deactivate answered ${r.status}`)
  assert.equal(h.num(`SELECT active FROM user WHERE id = ${U['practitioner.north2']}`), 0)
  r = await h.get('manager.north', '/worktray?list=reallocate')
  assert.match(text(r.text_), /Episodes to reallocate.*Tia Transferwood.*Lead has left: Nia Second/)
  assert.doesNotMatch(text((await h.get('manager.south', '/worktray?list=reallocate')).text_), /Transferwood/)
  // Their session ended with the deactivation.
  r = await h.get('practitioner.north2', `/episodes/${eid}`)
  assert.notEqual(r.status, 200)
})

test('requests and transfers go only to the early help teams offered: not to social care\'s team, not to a team that does not exist', async () => {
  const csc = h.num("SELECT t.id FROM team t JOIN agency a ON a.id = t.agency_id WHERE a.kind = 'childrens social care' LIMIT 1")
  assert.ok(csc > 0, 'the demo has no children\'s social care team')
  const child = await f.createChild('manager.north', 'Teamwood', 'Tam')
  for (const team of [csc, 99999999]) {
    const r = await f.requestRaw('practitioner.north', child, { team, agencies: [A.la] })
    assert.equal(r.status, 200, `request to team ${team}: ${r.status}`)
    assert.deepEqual(errors(r.text_), ['Select the team to send the request to'])
    assert.equal(h.num(`SELECT count(*) FROM episode_person WHERE person_id = ${child}`), 0)
  }
  const { eid } = await openEpisode('Teamwood', { given: 'Tod' })
  for (const team of [csc, 99999999]) {
    const r = await h.post('practitioner.north', `/episodes/${eid}/transfer`, { to_team: String(team), reason: 'Moving' })
    assert.equal(r.status, 200, `transfer to team ${team}: ${r.status}`)
    assert.deepEqual(errors(r.text_), ['Select a team from the list'])
    assert.equal(textareaValue(r.text_, 'reason'), 'Moving')
  }
  assert.equal(h.num(`SELECT count(*) FROM transfer WHERE episode_id = ${eid}`), 0)
  const r = await h.post('practitioner.north', `/episodes/${eid}/transfer`, { reason: 'Moving' })
  assert.deepEqual(errors(r.text_), ['Select a new Lead Practitioner or another team'])
})

test('a pending transfer cannot be accepted once the episode has been closed', async () => {
  const { eid } = await openEpisode('Latewood', { given: 'Lou' })
  let r = await h.post('practitioner.north', `/episodes/${eid}/transfer`, { to_team: String(T.south), reason: 'Family moving south' })
  assert.equal(r.status, 303)
  const tid = h.num(`SELECT id FROM transfer WHERE episode_id = ${eid} AND status = 'pending'`)
  await f.close('manager.north', eid)
  r = await h.post('manager.south', `/transfers/${tid}/accept`)
  assert.ok([403, 409].includes(r.status), `accepting a transfer of a closed episode answered ${r.status}`)
  assert.equal(h.num(`SELECT team_id FROM episode WHERE id = ${eid}`), T.north, 'the closed episode moved team')
  assert.equal((await h.get('manager.south', `/episodes/${eid}`)).status, 403, 'the other team\'s manager gained access to a closed episode')
})

test('break-glass: a manager who is a safeguarding lead cannot review their own use; another manager can', async () => {
  h.createUser('dsl.manager', { role: 'manager', agency: 'Exampleshire County Council', team: 'Early Help South', name: 'Mo Lead', dsl: true })
  const { eid } = await openEpisode('Selfwood', { given: 'Sol' })
  let r = await f.breakGlass('dsl.manager', eid)
  assert.equal(r.status, 303)
  const bgid = h.num(`SELECT id FROM break_glass WHERE user_id = ${h.userId('dsl.manager')} AND episode_id = ${eid}`)
  assert.doesNotMatch(text((await h.get('dsl.manager', '/worktray?list=breakglass')).text_), /Mo Lead: /, 'their own use is on their list to review')
  const mark = h.maxAudit()
  r = await h.post('dsl.manager', `/break-glass/${bgid}/review`, { review: 'appropriate', note: 'I approve myself' })
  assert.equal(r.status, 403)
  assert.match(text(r.text_), /You cannot review your own use of break-glass/)
  assert.equal(h.sqlite(`SELECT review IS NULL FROM break_glass WHERE id = ${bgid}`), '1')
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND user_id = ${h.userId('dsl.manager')} AND action = 'deny'`), 1)
  assert.match(text((await h.get('manager.north', '/worktray?list=breakglass')).text_), /Mo Lead: /)
  r = await h.post('manager.north', `/break-glass/${bgid}/review`, { review: 'not appropriate', note: 'Lead was reachable' })
  assert.equal(r.status, 303)
  assert.equal(h.sqlite(`SELECT review || '|' || reviewed_by FROM break_glass WHERE id = ${bgid}`), `not appropriate|${U['manager.north']}`)
})
