// tests/http/assessments.test.mjs -- the assessment and meetings issue's
// acceptance, end to end through nginx:
//
//  1. a practitioner completes an Early Help Assessment over several
//     sign-ins: each section saved on its own; a half-done section keeps what
//     was typed ("In progress"); an impossible date gets the GOV.UK error,
//     keeps the other answers and marks the section "There is a problem";
//     a section posted after the session timed out is held and given back
//     after signing in again;
//  2. switching config.ini to another assessment form (FFA): new assessments
//     use it, existing ones keep the version they were started under;
//  3. a reassessment starts from the previous answers; distance travelled
//     shows both score sets in a table and an SVG with a text alternative;
//  4. a TAF meeting scheduled, attendees added, held with outcomes and a
//     3-row action plan reviewed; the next review date follows config
//     (review_weeks = 4 here); the meeting and "organise the next meeting"
//     cover both children of a 2-child episode;
//  5. the print views (assessment, meeting, "My family's plan", person)
//     show no do-not-print relative, no withheld address and no navigation,
//     and every print is audited.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/assessments.test.mjs
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

import { startServer, writeConfig, Client, DEMO_PASSWORD } from '../lib/server.mjs'
import { helpers, flow, text, errors, decode, inputValue, textareaValue, dateFields, formFields } from '../lib/episodes.mjs'

// ---- page reading and dates -------------------------------------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const isoIn = days => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)
const addDays = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10)
const words = iso => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS[m - 1]} ${y}` }

// The task list: [{ name, href, status }] in order.
function tasks (html) {
  return [...html.matchAll(/<a class="govuk-link govuk-task-list__link" href="([^"]+)"[^>]*>([^<]*)<\/a><\/div>\s*<div class="govuk-task-list__status"[^>]*>([\s\S]*?)<\/div>/g)]
    .map(m => ({ href: m[1], name: decode(m[2]).trim(), status: text(m[3]).trim() }))
}
const statusOf = (html, name) => (tasks(html).find(t => t.name === name) || {}).status

// The checked value of a radio group, or null.
function checkedValue (html, name) {
  for (const m of html.matchAll(/<input\b([^>]*)>/g)) {
    const a = m[1]
    if (a.includes(`name="${name}"`) && a.includes('type="radio"') && /\bchecked\b/.test(a)) return decode(/\bvalue="([^"]*)"/.exec(a)[1])
  }
  return null
}

const h1 = html => { const m = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html); return m ? text(m[1]).trim() : null }

// The distance-travelled table: header cells and { domain, cells } rows.
function scoreTable (html) {
  const head = /<thead[^>]*>([\s\S]*?)<\/thead>/.exec(html)
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)
  assert.ok(head && body, 'no table on the page')
  return {
    head: [...head[1].matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map(m => text(m[1]).trim()),
    rows: [...body[1].matchAll(/<tr[^>]*>\s*<th[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map(m => ({
      domain: text(m[1]).trim(),
      cells: [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(c => text(c[1]).trim())
    }))
  }
}

// ---- the Early Help Assessment's sections and answers -----------------------

const SECTIONS = ['About the assessment', "The child's development", 'Parenting capacity', 'Family and environmental factors',
  'The voice of the child', "The family's views", 'Other agencies involved', 'Analysis', 'Agreed outcomes']

function answers (seenIso, scores = { dev: '2', par: '3', env: '2' }) {
  return [
    { ...dateFields('f.seen_on', seenIso), 'f.present': 'Mum, Amy (9) and her class teacher' },
    { 'f.dev_strengths': 'Bright and curious; loves drawing', 'f.dev_needs': 'Attendance has fallen to 82% since the spring', 'f.dev_score': scores.dev },
    { 'f.par_strengths': 'Warm and loving with both children', 'f.par_needs': 'Morning routines break down', 'f.par_score': scores.par },
    { 'f.env_strengths': 'Grandmother lives close by', 'f.env_needs': 'Damp in the children\'s bedroom', 'f.env_score': scores.env },
    { 'f.child_voice': 'I like drawing but I am tired at school' },
    { 'f.family_views': 'Mum wants mornings to be calmer' },
    { 'f.agencies': 'Northgate Primary School: pastoral support' },
    { 'f.analysis': 'Needs are met with support; housing is the main pressure' },
    { 'f.outcomes': 'Amy is in school every day and sleeps in a dry room' }
  ]
}

// ---- sign-in helpers ----------------------------------------------------------

// Sign out (as the browser's "Sign out" button does) and sign in again.
async function signOutIn (c, username) {
  const out = await c.post('/logout', {}, { csrfFrom: '/' })
  assert.equal(out.status, 303, `signing ${username} out: ${out.status}`)
  const home = await c.get('/')
  assert.notEqual(home.status, 200, 'still signed in after signing out')
  await c.signIn(username)
}

// ---- the main server: review_weeks = 4 ----------------------------------------

let srv, h, f, A, T, U

before(async () => {
  srv = await startServer({ config: { timescales: { review_weeks: 4 } } })
  h = helpers(srv)
  f = flow(h)
  A = {
    la: h.agencyId('Exampleshire County Council'),
    school: h.agencyId('Northgate Primary School'),
    health: h.agencyId('Exampleshire Community Health')
  }
  T = { north: h.teamId('Early Help North') }
  U = Object.fromEntries(['practitioner.north', 'manager.north', 'teacher'].map(u => [u, h.userId(u)]))
})

after(async () => {
  if (srv) await srv.stop()
})

// An open episode for a new child, led by practitioner.north.
async function openEpisode (family, given = 'Amy', { agencies = [A.la], children = [], adults = [], requester = 'practitioner.north' } = {}) {
  const child = await f.createChild('manager.north', family, given)
  const eid = await f.request(requester, child, { team: T.north, agencies, children, adults })
  await f.allocate('manager.north', eid, U['practitioner.north'])
  return { child, eid }
}

// Start an assessment (as `who`); its id.
async function startAssessment (who, eid) {
  const res = await h.post(who, `/episodes/${eid}/assessments`)
  assert.equal(res.status, 303, `starting an assessment on ${eid}: ${res.status}`)
  const m = /^\/assessments\/(\d+)$/.exec(res.headers.get('location'))
  assert.ok(m, `starting an assessment went to ${res.headers.get('location')}`)
  return Number(m[1])
}

// Every section saved, then completed (as `who`).
async function completeAssessment (who, aid, all) {
  for (const [k, fields] of all.entries()) {
    const res = await h.post(who, `/assessments/${aid}/sections/${k + 1}`, fields)
    assert.equal(res.status, 303, `saving section ${k + 1} of ${aid}: ${res.status} ${errors(res.text_).join('; ')}`)
  }
  const res = await h.post(who, `/assessments/${aid}/complete`)
  assert.equal(res.status, 303, `completing ${aid}: ${res.status} ${errors(res.text_).join('; ')}`)
  assert.equal(h.sqlite(`SELECT status FROM assessment WHERE id = ${aid}`), 'completed')
}

// ---- 1. the assessment over several sign-ins -------------------------------------

test('an EHA completed over several sign-ins: sections saved separately, half-done kept, an impossible date refused with everything typed kept', async () => {
  const { eid } = await openEpisode('Taskworth')
  const c = new Client(srv.url)
  await c.signIn('practitioner.north')

  let r = await c.get(`/episodes/${eid}/assessments`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Start the Early Help Assessment/)
  r = await c.post(`/episodes/${eid}/assessments`, {}, { csrfFrom: `/episodes/${eid}/assessments` })
  assert.equal(r.status, 303)
  const aid = Number(/^\/assessments\/(\d+)$/.exec(r.headers.get('location'))[1])
  const sec = k => `/assessments/${aid}/sections/${k}`

  // The task list: every section of the form, none started.
  r = await c.get(`/assessments/${aid}`)
  assert.equal(r.status, 200)
  assert.equal(h1(r.text_), 'Early Help Assessment')
  assert.deepEqual(tasks(r.text_).map(t => t.name), SECTIONS)
  assert.deepEqual(tasks(r.text_).map(t => t.status), SECTIONS.map(() => 'Not started'))
  assert.deepEqual(tasks(r.text_).map(t => t.href), SECTIONS.map((_, i) => sec(i + 1)))

  // Section 1 with 31 February: the GOV.UK error, the other answers kept, nothing saved.
  const all = answers(isoIn(-2))
  const present = all[0]['f.present']
  r = await c.post(sec(1), { 'f.seen_on-day': '31', 'f.seen_on-month': '2', 'f.seen_on-year': '2026', 'f.present': present }, { csrfFrom: sec(1) })
  assert.equal(r.status, 200, 'an impossible date was not refused')
  assert.deepEqual(errors(r.text_), ['Date the family was seen must be a real date'])
  assert.match(r.text_, /govuk-error-summary/)
  assert.match(r.text_, /class="govuk-error-message"[\s\S]*?Date the family was seen must be a real date/)
  assert.equal(inputValue(r.text_, 'f.present'), present, 'the other answer typed was lost')
  assert.equal(inputValue(r.text_, 'f.seen_on-day'), '31', 'the day typed was lost')
  assert.equal(inputValue(r.text_, 'f.seen_on-month'), '2', 'the month typed was lost')
  assert.equal(inputValue(r.text_, 'f.seen_on-year'), '2026', 'the year typed was lost')
  assert.equal(h.num(`SELECT count(*) FROM form_answer WHERE owner_type = 'assessment' AND owner_id = ${aid} AND value != ''`), 0, 'a refused section was saved')
  r = await c.get(`/assessments/${aid}`)
  assert.equal(statusOf(r.text_, 'About the assessment'), 'There is a problem')
  assert.match(r.text_, /govuk-tag--red">There is a problem/)

  // Corrected: saved, on to the next section; the problem is gone.
  r = await c.post(sec(1), all[0], { csrfFrom: sec(1) })
  assert.equal(r.status, 303, `section 1: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(r.headers.get('location'), sec(2))
  await signOutIn(c, 'practitioner.north')
  r = await c.get(`/assessments/${aid}`)
  assert.equal(statusOf(r.text_, 'About the assessment'), 'Completed')
  assert.equal(statusOf(r.text_, "The child's development"), 'Not started')

  // Section 2 half done ("Save and come back later"): kept, "In progress".
  r = await c.post(sec(2), { 'f.dev_strengths': all[1]['f.dev_strengths'], 'f.dev_needs': '', 'f.dev_score': all[1]['f.dev_score'], later: '1' }, { csrfFrom: sec(2) })
  assert.equal(r.status, 303, `half of section 2: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(r.headers.get('location'), `/assessments/${aid}`)
  await signOutIn(c, 'practitioner.north')
  r = await c.get(`/assessments/${aid}`)
  assert.equal(statusOf(r.text_, "The child's development"), 'In progress')
  assert.match(r.text_, /govuk-tag--light-blue">In progress/)
  r = await c.get(sec(2))
  assert.equal(r.status, 200)
  assert.equal(textareaValue(r.text_, 'f.dev_strengths'), all[1]['f.dev_strengths'], 'the half-done section lost what was typed')
  assert.equal(textareaValue(r.text_, 'f.dev_needs'), '')
  assert.equal(checkedValue(r.text_, 'f.dev_score'), all[1]['f.dev_score'], 'the score chosen was lost')
  // Section 1 too, reopened.
  r = await c.get(sec(1))
  assert.equal(inputValue(r.text_, 'f.present'), present)
  assert.equal(inputValue(r.text_, 'f.seen_on-day'), all[0]['f.seen_on-day'])

  // Completing now is refused: the missing answers are listed.
  r = await c.post(`/assessments/${aid}/complete`, {}, { csrfFrom: `/assessments/${aid}/check` })
  assert.equal(r.status, 200)
  assert.ok(errors(r.text_).includes('Answer "Needs" in The child\'s development'), `errors: ${errors(r.text_).join('; ')}`)
  // Every unanswered question is listed, not only the first of each section.
  assert.ok(errors(r.text_).filter(e => / in Parenting capacity$/.test(e)).length >= 2, `errors: ${errors(r.text_).join('; ')}`)
  assert.equal(h.sqlite(`SELECT status FROM assessment WHERE id = ${aid}`), 'draft')

  // The rest, one section per sign-in.
  for (let k = 2; k <= SECTIONS.length; k++) {
    r = await c.get(sec(k))
    assert.equal(r.status, 200)
    assert.match(r.text_, new RegExp(`<h1[^>]*>${SECTIONS[k - 1].replace(/'/g, '(?:\'|&#39;|&#x27;)')}</h1>`))
    r = await c.post(sec(k), all[k - 1], { csrfFrom: sec(k) })
    assert.equal(r.status, 303, `section ${k}: ${r.status} ${errors(r.text_).join('; ')}`)
    assert.equal(r.headers.get('location'), k === SECTIONS.length ? `/assessments/${aid}` : sec(k + 1))
    await signOutIn(c, 'practitioner.north')
    r = await c.get(`/assessments/${aid}`)
    assert.equal(statusOf(r.text_, SECTIONS[k - 1]), 'Completed', `section ${k} after signing in again`)
  }
  assert.deepEqual(tasks(r.text_).map(t => t.status), SECTIONS.map(() => 'Completed'))
  assert.match(text(r.text_), /All sections are complete/)

  // Check your answers, then complete: read-only from then on.
  r = await c.get(`/assessments/${aid}/check`)
  assert.equal(r.status, 200)
  for (const v of [present, all[1]['f.dev_needs'], all[8]['f.outcomes']]) assert.ok(text(r.text_).includes(v), `check your answers does not show ${v}`)
  r = await c.post(`/assessments/${aid}/complete`, {}, { csrfFrom: `/assessments/${aid}/check` })
  assert.equal(r.status, 303, `completing: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(r.headers.get('location'), `/assessments/${aid}?done=1`)
  r = await c.get(`/assessments/${aid}?done=1`)
  assert.match(text(r.text_), /Assessment completed/)
  assert.ok(text(r.text_).includes(all[1]['f.dev_strengths']))
  assert.equal((await c.get(sec(2))).status, 403, 'a completed assessment can still be edited')
  // Each save was its own audited write, by the practitioner.
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE action = 'assessment.save' AND record_id = ${aid} AND user_id = ${U['practitioner.north']}`), SECTIONS.length + 1)
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE action = 'assessment.complete' AND record_id = ${aid}`), 1)
})

// ---- 3. reassessment and distance travelled ------------------------------------------

test('a reassessment starts from the previous answers; distance travelled shows both score sets, in a table and an SVG with a text alternative', async () => {
  const { eid } = await openEpisode('Farwalker', 'Jay')
  const first = await startAssessment('practitioner.north', eid)
  const before = answers(isoIn(-30), { dev: '2', par: '3', env: '2' })
  await completeAssessment('practitioner.north', first, before)

  let r = await h.get('practitioner.north', `/episodes/${eid}/assessments`)
  assert.match(text(r.text_), /Start a reassessment \(Early Help Assessment\)/)
  assert.match(r.text_, new RegExp(`href="/episodes/${eid}/distance"`))
  const again = await startAssessment('practitioner.north', eid)
  assert.notEqual(again, first)
  assert.equal(h.num(`SELECT previous_id FROM assessment WHERE id = ${again}`), first)

  // Every section comes pre-filled with the previous answers.
  r = await h.get('practitioner.north', `/assessments/${again}`)
  assert.deepEqual(tasks(r.text_).map(t => t.status), SECTIONS.map(() => 'Completed'), 'the reassessment did not start from the previous answers')
  r = await h.get('practitioner.north', `/assessments/${again}/sections/1`)
  assert.equal(inputValue(r.text_, 'f.present'), before[0]['f.present'])
  assert.equal(inputValue(r.text_, 'f.seen_on-day'), before[0]['f.seen_on-day'])
  r = await h.get('practitioner.north', `/assessments/${again}/sections/2`)
  assert.equal(textareaValue(r.text_, 'f.dev_strengths'), before[1]['f.dev_strengths'])
  assert.equal(checkedValue(r.text_, 'f.dev_score'), '2')
  r = await h.get('practitioner.north', `/assessments/${again}/sections/5`)
  assert.equal(textareaValue(r.text_, 'f.child_voice'), before[4]['f.child_voice'])
  // The first is untouched by changes to the second.
  const after = answers(isoIn(-1), { dev: '4', par: '3', env: '5' })
  await completeAssessment('practitioner.north', again, after)
  assert.equal(h.sqlite(`SELECT value FROM form_answer WHERE owner_type = 'assessment' AND owner_id = ${first} AND question = 'dev_score'`), '2')

  // With no meeting held yet, the first review is due review_weeks (4 here) after the latest assessment.
  r = await h.get('practitioner.north', `/episodes/${eid}`)
  assert.ok(text(r.text_).includes(`Review: Due in 28 days (${words(addDays(isoIn(0), 28))})`),
    `the episode page does not give the first review 4 weeks after the assessment: ${(text(r.text_).match(/Review:[^)]*\)/) || ['no review tag'])[0]}`)

  r = await h.get('practitioner.north', `/episodes/${eid}/distance`)
  assert.equal(r.status, 200)
  const t = scoreTable(r.text_)
  assert.equal(t.head.length, 3, `columns: ${t.head.join(' | ')}`)
  assert.deepEqual(t.rows, [
    { domain: "The child's development", cells: ['2', '4'] },
    { domain: 'Parenting capacity', cells: ['3', '3'] },
    { domain: 'Family and environmental factors', cells: ['2', '5'] }
  ])
  // The chart: an accessible image with a title and a description that says the scores.
  const svg = /<svg\b[^>]*>[\s\S]*?<\/svg>/.exec(r.text_)
  assert.ok(svg, 'no SVG chart')
  const open = /<svg\b([^>]*)>/.exec(svg[0])[1]
  assert.match(open, /role="img"/)
  const labelled = /aria-labelledby="([^"]*)"/.exec(open)
  assert.ok(labelled, 'the SVG is not labelled by its title and description')
  const title = /<title id="([^"]+)">([^<]+)<\/title>/.exec(svg[0])
  const desc = /<desc id="([^"]+)">([^<]+)<\/desc>/.exec(svg[0])
  assert.ok(title && title[2].trim(), 'the SVG has no <title>')
  assert.ok(desc && desc[2].trim(), 'the SVG has no <desc>')
  assert.deepEqual(labelled[1].split(/\s+/).sort(), [title[1], desc[1]].sort())
  const d = decode(desc[2])
  for (const [domain, a, b] of [["The child's development", 2, 4], ['Parenting capacity', 3, 3], ['Family and environmental factors', 2, 5]]) {
    const m = new RegExp(`${domain}:([^;]*)`).exec(d)
    assert.ok(m, `the chart's description does not mention ${domain}: ${d}`)
    assert.deepEqual(m[1].match(/\b[1-5]\b(?!\s*(January|February|March|April|May|June|July|August|September|October|November|December))/g).slice(-2), [String(a), String(b)],
      `the chart's description of ${domain} does not give both scores: ${m[1]}`)
  }
})

// ---- 4. meetings, attendees, outcomes, the plan, the review date ---------------------

test('two people saving the same section: the second gets the conflict with their answers kept, nothing overwritten', async () => {
  const child = await f.createChild('manager.north', 'Sectionwood', 'Sid')
  const { eid } = await openEpisodeFor(child)
  const aid = await startAssessment('practitioner.north', eid)
  // The family cannot have been seen on a day still to come.
  let r0 = await h.post('practitioner.north', `/assessments/${aid}/sections/1`, { ...dateFields('f.seen_on', isoIn(3)), 'f.present': 'Mum' })
  assert.deepEqual(errors(r0.text_), ['Date the family was seen must be in the past'])
  r0 = await h.post('practitioner.north', `/assessments/${aid}/sections/1`, { ...dateFields('f.seen_on', isoIn(0)), 'f.present': 'Mum' })
  assert.equal(r0.status, 303, 'today was refused')
  const path = `/assessments/${aid}/sections/2`
  const pA = await h.get('practitioner.north', path)
  const pB = await h.get('manager.north', path)
  assert.equal(inputValue(pA.text_, 'version'), '0')
  assert.equal(inputValue(pB.text_, 'version'), '0')
  let r = await h.post('practitioner.north', path, { version: '0', 'f.dev_strengths': 'A strengths', 'f.dev_needs': 'A needs', 'f.dev_score': '2' })
  assert.equal(r.status, 303)
  r = await h.post('manager.north', path, { version: '0', 'f.dev_strengths': 'B strengths', 'f.dev_needs': 'B needs', 'f.dev_score': '4' })
  assert.equal(r.status, 409)
  assert.match(text(r.text_), /Tom Okafor saved this section on .*, after you started/)
  assert.equal(textareaValue(r.text_, 'f.dev_strengths') ?? inputValue(r.text_, 'f.dev_strengths'), 'B strengths')
  assert.equal(h.sqlite(`SELECT value FROM form_answer WHERE owner_type = 'assessment' AND owner_id = ${aid} AND question = 'dev_strengths'`), 'A strengths')
  // Having seen it, B saves against the new version.
  r = await h.post('manager.north', path, { version: inputValue(r.text_, 'version'), 'f.dev_strengths': 'A and B strengths', 'f.dev_needs': 'B needs', 'f.dev_score': '4' })
  assert.equal(r.status, 303)
  assert.equal(h.sqlite(`SELECT value FROM form_answer WHERE owner_type = 'assessment' AND owner_id = ${aid} AND question = 'dev_strengths'`), 'A and B strengths')
})

test('writing up a meeting does not undo an action changed meanwhile: the write-up conflicts, nothing of it lands', async () => {
  const P = 'practitioner.north'
  const child = await f.createChild('manager.north', 'Revertwood', 'Rae')
  const { eid } = await openEpisodeFor(child)
  const aid = await f.addAction(P, eid, { need: 'Rae sleeps well', what: 'Bedtime routine', who: 'Tom Okafor', status: 'on track', comment: 'Started' })
  const mid = await f.scheduleMeeting(P, eid, { on: isoIn(0) })
  // A opens the write-up; B marks the action done meanwhile.
  const held = await h.get(P, `/meetings/${mid}/held`)
  const form = formFields(held.text_, `/meetings/${mid}/held`)
  assert.ok(form[`ver-${aid}`], 'the write-up form carries no action version')
  const edit = await h.get('manager.north', `/actions/${aid}/edit`)
  const ef = formFields(edit.text_, `/actions/${aid}/edit`)
  let r = await h.post('manager.north', `/actions/${aid}/edit`, { ...ef, status: 'done', comment: 'B: finished, GP confirmed' })
  assert.equal(r.status, 303, `B's edit: ${r.status} ${errors(r.text_).join('; ')}`)
  // A's write-up, as the form showed it: refused, with what is saved now; nothing written.
  r = await h.post(P, `/meetings/${mid}/held`, { ...form, outcomes: 'Agreed next steps' })
  assert.equal(r.status, 409)
  assert.match(errors(r.text_).join(' '), /changed this action .*Saved now: status done, comment: B: finished, GP confirmed/)
  assert.equal(textareaValue(r.text_, 'outcomes'), 'Agreed next steps')
  assert.equal(h.sqlite(`SELECT status FROM meeting WHERE id = ${mid}`), 'scheduled')
  assert.equal(h.sqlite(`SELECT status || '|' || comment FROM action WHERE id = ${aid}`), 'done|B: finished, GP confirmed')
  // Sent again from the page that showed the change: written up.
  r = await h.post(P, `/meetings/${mid}/held`, { ...formFields(r.text_, `/meetings/${mid}/held`), [`status-${aid}`]: 'done' })
  assert.equal(r.status, 303, `the second write-up: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(h.sqlite(`SELECT status FROM meeting WHERE id = ${mid}`), 'held')
  assert.equal(h.sqlite(`SELECT status FROM action WHERE id = ${aid}`), 'done')
})

test('two people rearranging one meeting: the second sees the first\'s change, with their own kept; last write does not win', async () => {
  const P = 'practitioner.north'
  const child = await f.createChild('manager.north', 'Rearrangewood', 'Ria')
  const { eid } = await openEpisodeFor(child)
  const mid = await f.scheduleMeeting(P, eid, { on: isoIn(20) })
  const v = inputValue((await h.get(P, `/meetings/${mid}`)).text_, 'version')
  assert.ok(v, 'the rearrange form carries no version')
  const when = iso => ({ ...dateFields('on', iso) })
  let r = await h.post('manager.north', `/meetings/${mid}`, { version: v, ...when(isoIn(21)), at: '10:00', venue: 'Room A', reason: 'A: school holiday' })
  assert.equal(r.status, 303)
  r = await h.post(P, `/meetings/${mid}`, { version: v, ...when(isoIn(22)), at: '11:00', venue: 'Room B', reason: 'B: venue closed' })
  assert.equal(r.status, 409)
  assert.match(errors(r.text_).join(' '), /Someone changed this meeting after you opened this page: it is now on .* at 10am, Room A/)
  assert.equal(inputValue(r.text_, 'venue'), 'Room B')
  assert.equal(h.sqlite(`SELECT venue || '|' || note FROM meeting WHERE id = ${mid}`), 'Room A|A: school holiday')
  r = await h.post(P, `/meetings/${mid}`, { version: inputValue(r.text_, 'version'), ...when(isoIn(22)), at: '11:00', venue: 'Room B', reason: 'B: venue closed' })
  assert.equal(r.status, 303)
})

test('an action removed while someone edits it: their save says so and gives back what they typed', async () => {
  const child = await f.createChild('manager.north', 'Removewood', 'Roo')
  const { eid } = await openEpisodeFor(child)
  const aid = await f.addAction('practitioner.north', eid, { need: 'Roo eats breakfast', what: 'Breakfast club', who: 'Tom Okafor' })
  const form = formFields((await h.get('practitioner.north', `/actions/${aid}/edit`)).text_, `/actions/${aid}/edit`)
  assert.equal((await h.post('manager.north', `/actions/${aid}/remove`, {})).status, 303)
  const r = await h.post('practitioner.north', `/actions/${aid}/edit`, { ...form, what: 'Breakfast club <every day>' })
  assert.equal(r.status, 409)
  assert.match(text(r.text_), /Someone removed this action from the plan while you were editing it/)
  assert.match(text(r.text_), /Roo eats breakfast: Breakfast club <every day>/)
  assert.doesNotMatch(r.text_, /<every day>/, 'what was typed is not escaped')
})

test('a meeting cannot be written up before its date, and nobody is on its attendees twice', async () => {
  const P = 'practitioner.north'
  const child = await f.createChild('manager.north', 'Oncewood', 'Ola')
  const { eid } = await openEpisodeFor(child)
  const mid = await f.scheduleMeeting(P, eid, { on: isoIn(10) })
  for (const r of [await h.get(P, `/meetings/${mid}/held`), await h.post(P, `/meetings/${mid}/held`, { outcomes: 'Too early' })]) {
    assert.equal(r.status, 409)
    assert.match(text(r.text_), /You can record it as held on or after that day/)
  }
  assert.equal(h.sqlite(`SELECT status FROM meeting WHERE id = ${mid}`), 'scheduled')
  const page = await h.get(P, `/meetings/${mid}`)
  assert.doesNotMatch(page.text_, new RegExp(`href="/meetings/${mid}/held"`), 'a future meeting offers its write-up')
  assert.match(text(page.text_), /You can write up this meeting's outcomes on or after/)
  const lead = /<option value="(lead:\d+)"/.exec(page.text_)[1]
  const kid = /<option value="(person:\d+)"/.exec(page.text_)[1]
  for (const body of [{ who: lead }, { who: kid }, { ext_name: 'Jo Bloggs', ext_role: 'Housing' }]) {
    assert.equal((await h.post(P, `/meetings/${mid}/attendees`, body)).status, 303)
    const again = await h.post(P, `/meetings/${mid}/attendees`, { ...body, ext_name: body.ext_name ? 'jo bloggs' : '' })
    assert.equal(again.status, 200, `adding ${JSON.stringify(body)} twice`)
    assert.match(errors(again.text_).join(' '), /is already on the list of attendees/)
  }
  const both = await h.post(P, `/meetings/${mid}/attendees`, { who: lead, ext_name: 'Someone Else' })
  assert.deepEqual(errors(both.text_), ["Select a person from the list or enter someone else's name, not both"])
  assert.equal(h.num(`SELECT count(*) FROM meeting_attendee WHERE meeting_id = ${mid}`), 3)
})

test('a meeting for a 2-child episode: scheduled, attendees, held with outcomes and a 3-row plan; the review is due review_weeks (4) after it', async () => {
  const mia = await f.createChild('manager.north', 'Meetwell', 'Mia', '2016-04-03')
  const max = await f.createChild('manager.north', 'Meetwell', 'Max', '2018-06-05')
  const mum = await f.createAdult('manager.north', 'Meetwell', 'Mary')
  await f.addRelationship('manager.north', mia, { family: 'Meetwell', given: 'Max', other: max, type: 'sibling' })
  await f.addRelationship('manager.north', mia, { family: 'Meetwell', given: 'Mary', other: mum, type: 'mother' })
  const { eid } = await openEpisodeFor(mia, { children: [max], adults: [mum], agencies: [A.la, A.school] })
  assert.equal(h.num(`SELECT count(*) FROM episode_person WHERE episode_id = ${eid} AND role = 'child'`), 2, 'the episode does not hold both children')
  await f.addMember('practitioner.north', eid, U.teacher)
  await f.recordConsent('practitioner.north', eid, [A.la, A.school])
  const P = 'practitioner.north'

  // "Organise a meeting" covers both children.
  let r = await h.get(P, `/episodes/${eid}/meetings`)
  assert.equal(r.status, 200)
  let tx = text(r.text_)
  assert.match(tx, /Organise a meeting/)
  assert.match(tx, /The meeting covers every child in this episode: [^.]*Mia Meetwell/)
  assert.match(tx, /The meeting covers every child in this episode: [^.]*Max Meetwell/)

  // An impossible time is refused with what was typed kept.
  const on = isoIn(-3)
  r = await h.post(P, `/episodes/${eid}/meetings`, { ...dateFields('on', on), at: '25:00', venue: 'Northgate Primary School' })
  assert.equal(r.status, 200)
  assert.ok(errors(r.text_).some(e => /real time/.test(e)), `errors: ${errors(r.text_).join('; ')}`)
  assert.equal(inputValue(r.text_, 'venue'), 'Northgate Primary School')
  for (const at of ['2:15 pm extra', '13pm', '9:5', '24:00', 'noon']) {
    r = await h.post(P, `/episodes/${eid}/meetings`, { ...dateFields('on', on), at, venue: 'Northgate Primary School' })
    assert.deepEqual(errors(r.text_), ['Enter a real time, like 14:30 or 2:30pm'], `"${at}"`)
    assert.equal(inputValue(r.text_, 'at'), at)
  }
  // Times written the everyday way are understood and stored on the 24-hour clock.
  for (const [at, stored] of [['2:15pm', '14:15'], ['9.05', '09:05'], ['12am', '00:00'], ['10 AM', '10:00']]) {
    const m2 = await f.scheduleMeeting(P, eid, { on, at, venue: 'Northgate Primary School' })
    assert.equal(h.sqlite(`SELECT at_time FROM meeting WHERE id = ${m2}`), stored, `"${at}"`)
    r = await h.post(P, `/meetings/${m2}/cancel`, { cancel_reason: 'A test of the time field' })
    assert.equal(r.status, 303, `cancelling: ${r.status} ${errors(r.text_).join('; ')}`)
  }
  const mid = await f.scheduleMeeting(P, eid, { on, at: '10:00', venue: 'Northgate Primary School' })
  assert.equal(h.sqlite(`SELECT status || '|' || on_date || '|' || at_time FROM meeting WHERE id = ${mid}`), `scheduled|${on}|10:00`)

  // The meeting page is about both children.
  r = await h.get(P, `/meetings/${mid}`)
  assert.equal(r.status, 200)
  tx = text(r.text_)
  assert.match(tx, /About\s+[^.]*Mia Meetwell/)
  assert.match(tx, /About\s+[^.]*Max Meetwell/)
  assert.ok(tx.includes(`${words(on)} at 10am`), `the meeting's date and time are not shown: ${tx.slice(0, 400)}`)

  // Attendees: the lead, the teacher (TAF), Mum and both children (family), and someone else.
  const opts = [...r.text_.matchAll(/<option value="((?:taf|lead|person):\d+)"[^>]*>([^<]*)</g)].map(m => ({ v: m[1], label: decode(m[2]) }))
  const pick = re => { const o = opts.find(x => re.test(x.label)); assert.ok(o, `no attendee option ${re}: ${opts.map(x => x.label).join('; ')}`); return o.v }
  for (const who of [pick(/Tom Okafor \(lead\)/), pick(/Sam Whitfield/), pick(/Mary Meetwell \(family\)/), pick(/Mia Meetwell \(family\)/), pick(/Max Meetwell \(family\)/)]) {
    r = await h.post(P, `/meetings/${mid}/attendees`, { who, ext_name: '', ext_role: '' })
    assert.equal(r.status, 303, `adding ${who}: ${r.status} ${errors(r.text_).join('; ')}`)
  }
  r = await h.post(P, `/meetings/${mid}/attendees`, { who: '', ext_name: 'Jo Riverside', ext_role: 'Riverside Housing' })
  assert.equal(r.status, 303)
  r = await h.post(P, `/meetings/${mid}/attendees`, { who: '', ext_name: '', ext_role: '' })
  assert.equal(r.status, 200, 'an empty attendee was accepted')
  assert.equal(h.num(`SELECT count(*) FROM meeting_attendee WHERE meeting_id = ${mid}`), 6)

  // A 3-row action plan.
  const rows = [
    { need: 'Mia goes to school every day', what: 'Walk to school together each morning', who: 'Mary Meetwell' },
    { need: 'Max sleeps through the night', what: 'A bedtime routine, with a chart', who: 'Tom Okafor' },
    { need: 'A warm, dry home', what: 'Report the damp and chase the repair', who: 'Sam Whitfield' }
  ]
  const aids = []
  for (const row of rows) aids.push(await f.addAction(P, eid, { ...row, by: isoIn(60) }))
  r = await h.post(P, `/episodes/${eid}/plan`, f.actionFields({ need: 'Nobody', what: 'x', who: 'Someone Unlisted' }))
  assert.equal(r.status, 200, 'an action for someone not in the list was accepted')
  r = await h.get(P, `/episodes/${eid}/plan`)
  for (const row of rows) assert.ok(text(r.text_).includes(row.need), `the plan does not show ${row.need}`)

  // No review is due before anything is assessed or held.
  r = await h.get(P, `/episodes/${eid}`)
  assert.doesNotMatch(text(r.text_), /Review:/)

  // Held: attendance, outcomes, and the plan reviewed at the meeting.
  r = await h.get(P, `/meetings/${mid}/held`)
  assert.equal(r.status, 200)
  const att = [...new Set([...r.text_.matchAll(/name="(att-\d+)"/g)].map(m => m[1]))]
  assert.equal(att.length, 6)
  const held = { outcomes: 'Agreed the plan; Mum will walk Mia to school and the damp will be reported' }
  att.forEach((a, i) => { held[a] = i === 1 ? 'apologies' : 'attended' })
  const review = ['done', 'on track', 'not started']
  aids.forEach((a, i) => { held[`status-${a}`] = review[i]; held[`comment-${a}`] = i === 2 ? '' : `Reviewed ${i + 1}` })
  r = await h.post(P, `/meetings/${mid}/held`, { ...held, outcomes: '' })
  assert.equal(r.status, 200, 'a meeting with no outcomes was recorded as held')
  assert.equal(inputValue(r.text_, `comment-${aids[0]}`), 'Reviewed 1', 'a review comment typed was lost')
  r = await h.post(P, `/meetings/${mid}/held`, held)
  assert.equal(r.status, 303, `holding the meeting: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(h.sqlite(`SELECT status FROM meeting WHERE id = ${mid}`), 'held')
  assert.equal(h.sqlite(`SELECT group_concat(attendance, ',') FROM (SELECT attendance FROM meeting_attendee WHERE meeting_id = ${mid} ORDER BY id)`),
    'attended,apologies,attended,attended,attended,attended')
  assert.equal(h.sqlite(`SELECT group_concat(status, ',') FROM (SELECT status FROM action WHERE episode_id = ${eid} ORDER BY id)`), 'done,on track,not started')
  assert.equal(h.num(`SELECT count(*) FROM action_change WHERE meeting_id = ${mid}`), 2, 'the review of the changed actions was not recorded against the meeting')
  r = await h.get(P, `/meetings/${mid}`)
  tx = text(r.text_)
  assert.match(tx, /Status\s+Held/)
  assert.ok(tx.includes(held.outcomes))
  assert.match(tx, /Sam Whitfield[^]*Sent apologies/)
  assert.match(tx, /Jo Riverside\s+External\s+Riverside Housing\s+Attended/)
  r = await h.get(P, `/episodes/${eid}/plan`)
  assert.ok(text(r.text_).includes(`at the meeting of ${words(on)}`), 'the plan history does not say the review was at the meeting')

  // The next review: the meeting's date + 4 weeks (review_weeks = 4 here).
  const due = addDays(on, 28)
  r = await h.get(P, `/episodes/${eid}`)
  assert.ok(text(r.text_).includes(`Review: Due in 25 days (${words(due)})`), `the episode page does not say the review is due on ${words(due)}: ${(text(r.text_).match(/Review:[^)]*\)/) || ['no review tag'])[0]}`)

  // Organise the next meeting: still every child.
  r = await h.get(P, `/episodes/${eid}/meetings`)
  tx = text(r.text_)
  assert.match(tx, /Organise the next meeting/)
  assert.match(tx, /The meeting covers every child in this episode: [^.]*Mia Meetwell/)
  assert.match(tx, /The meeting covers every child in this episode: [^.]*Max Meetwell/)
})

// An open episode for an existing child, requested by the team's manager (who
// may include the relatives they can see), led by practitioner.north.
async function openEpisodeFor (child, { children = [], adults = [], agencies = [A.la] } = {}) {
  const eid = await f.request('manager.north', child, { team: T.north, agencies, children, adults })
  await f.allocate('manager.north', eid, U['practitioner.north'])
  return { child, eid }
}

// ---- 5. print views -------------------------------------------------------------------

describe('print views: no do-not-print relative, no withheld address, no navigation; every print audited', () => {
  const SECRET = [/Noprintsworth/i, /Derek/, /Faraway Close/i, /EX7\s*4FC/i, /Hiddenwell/i, /Secretbury/i, /QX8(\s|&nbsp;)*7WJ/i]
  let child, mum, dad, eid, aid, mid

  before(async () => {
    child = await f.createPerson('manager.north', { family_name: 'Printhaven', given_names: 'Poppy', ...dateFields('dob', '2017-02-03'), address: '5 Paper Lane, Exton', postcode: 'EX6 5PL' })
    mum = await f.createPerson('manager.north', {
      family_name: 'Printhaven', given_names: 'Harriet', ...dateFields('dob', '1990-03-14'), address: '17 Hiddenwell Lane, Secretbury', postcode: 'QX8 7WJ', address_withheld: 'yes'
    })
    dad = await f.createPerson('manager.north', {
      family_name: 'Noprintsworth', given_names: 'Derek', ...dateFields('dob', '1985-08-22'), gender: 'male', address: '40 Faraway Close, Exton', postcode: 'EX7 4FC'
    })
    await f.addRelationship('manager.north', child, { family: 'Printhaven', given: 'Harriet', other: mum, type: 'mother' })
    await f.addRelationship('manager.north', child, { family: 'Noprintsworth', given: 'Derek', other: dad, type: 'father', do_not_print: 'yes' })
    assert.equal(h.num(`SELECT count(*) FROM relationship WHERE do_not_print = 1 AND person_b = ${child} AND person_a = ${dad}`), 1)
    assert.equal(h.num(`SELECT address_withheld FROM person WHERE id = ${mum}`), 1)
    // Both parents are in the episode (the household the team works with).
    ;({ eid } = await openEpisodeFor(child, { adults: [mum, dad] }))
    assert.equal(h.num(`SELECT count(*) FROM episode_person WHERE episode_id = ${eid}`), 3)
    aid = await startAssessment('practitioner.north', eid)
    await completeAssessment('practitioner.north', aid, answers(isoIn(-5)))
    mid = await f.scheduleMeeting('practitioner.north', eid, { on: isoIn(-1) })
    const page = await h.get('practitioner.north', `/meetings/${mid}`)
    for (const re of [/Tom Okafor \(lead\)/, /Harriet Printhaven \(family\)/, /Poppy Printhaven \(family\)/]) {
      const o = [...page.text_.matchAll(/<option value="((?:taf|lead|person):\d+)"[^>]*>([^<]*)</g)].find(m => re.test(decode(m[2])))
      assert.ok(o, `no attendee option ${re}`)
      const r = await h.post('practitioner.north', `/meetings/${mid}/attendees`, { who: o[1] })
      assert.equal(r.status, 303)
    }
    await f.addAction('practitioner.north', eid, { need: 'Poppy goes to school every day', what: 'Walk to school together', who: 'Harriet Printhaven' })
    const held = await h.get('practitioner.north', `/meetings/${mid}/held`)
    const body = { outcomes: 'Agreed the plan with Harriet' }
    for (const m of held.text_.matchAll(/name="(att-\d+)"/g)) body[m[1]] = 'attended'
    for (const m of held.text_.matchAll(/name="status-(\d+)"/g)) body[`status-${m[1]}`] = 'on track'
    const r = await h.post('practitioner.north', `/meetings/${mid}/held`, body)
    assert.equal(r.status, 303, `holding the meeting: ${r.status} ${errors(r.text_).join('; ')}`)
  })

  const PRINTS = {
    assessment: () => ({ path: `/assessments/${aid}/print`, type: 'assessment', id: aid, shows: ['Early Help Assessment', 'Poppy Printhaven', 'I like drawing but I am tired at school'] }),
    meeting: () => ({ path: `/meetings/${mid}/print`, type: 'meeting', id: mid, shows: ['Poppy Printhaven', 'Agreed the plan with Harriet', 'Harriet Printhaven', 'Walk to school together'] }),
    plan: () => ({ path: `/episodes/${eid}/plan/print`, type: 'plan', id: eid, shows: ["My family's plan", 'Poppy Printhaven', 'Walk to school together', 'I like drawing but I am tired at school'] }),
    person: () => ({ path: `/people/${child}/print`, type: 'person', id: child, shows: ['Poppy Printhaven', 'Harriet Printhaven'] })
  }

  for (const [name, spec] of Object.entries(PRINTS)) {
    for (const who of ['practitioner.north', 'manager.north']) {
      test(`${name} print as ${who}`, async () => {
        const { path, type, id, shows } = spec()
        const uid = h.userId(who)
        const prints = () => h.num(`SELECT count(*) FROM audit WHERE user_id = ${uid} AND action = 'print' AND record_type = '${type}' AND record_id = ${id}`)
        const before = prints()
        const r = await h.get(who, path)
        assert.equal(r.status, 200, `${path}: ${r.status}`)
        const tx = text(r.text_)
        for (const s of shows) assert.ok(tx.includes(s), `${path} does not show ${s}`)
        for (const s of SECRET) assert.doesNotMatch(r.text_, s, `${path} shows ${s} (a do-not-print relative or a withheld address)`)
        assert.doesNotMatch(tx, /\bFather\b/, `${path} shows the do-not-print relationship`)
        assert.doesNotMatch(r.text_, /govuk-service-navigation/, `${path} has the service navigation`)
        assert.doesNotMatch(r.text_, /govuk-header/, `${path} has the header`)
        assert.doesNotMatch(tx, /Sign out/, `${path} has "Sign out"`)
        assert.doesNotMatch(r.text_, /<nav\b/, `${path} has a <nav>`)
        assert.doesNotMatch(r.text_, /action="\/logout"/, `${path} has the sign-out form`)
        assert.equal(prints(), before + 1, `printing ${path} was not audited as a print`)
      })
    }
  }

  test('renamed after the plan and meeting were written, the do-not-print father still never appears on a print', async () => {
    // Derek is named on an action and as an attendee, then his record is renamed.
    await f.addAction('practitioner.north', eid, { need: 'Poppy sees her dad safely', what: 'Supervised contact', who: 'Derek Noprintsworth' })
    const page = await h.get('practitioner.north', `/meetings/${mid}`)
    const o = [...page.text_.matchAll(/<option value="(person:\d+)"[^>]*>([^<]*)</g)].find(m => /Derek Noprintsworth/.test(decode(m[2])))
    if (o) await h.post('practitioner.north', `/meetings/${mid}/attendees`, { who: o[1] })
    const edit = await h.get('manager.north', `/people/${dad}/edit`)
    assert.equal(edit.status, 200)
    const form = formFields(edit.text_, `/people/${dad}/edit`)
    const r = await h.post('manager.north', `/people/${dad}/edit`, { ...form, family_name: 'Renamedsworth', given_names: 'Derrick' })
    assert.equal(r.status, 303, `renaming: ${r.status} ${errors(r.text_).join('; ')}`)
    for (const path of [`/episodes/${eid}/plan/print`, `/meetings/${mid}/print`]) {
      const pr = await h.get('practitioner.north', path)
      assert.equal(pr.status, 200)
      for (const s of [...SECRET, /Renamedsworth/, /Derrick/]) assert.doesNotMatch(pr.text_, s, `${path} shows ${s} after the rename`)
      assert.match(text(pr.text_), /Supervised contact/)
      assert.match(text(pr.text_), /A family member/)
    }
  })

  test('the screens still show the do-not-print father, marked (only prints leave him out)', async () => {
    const r = await h.get('manager.north', `/people/${child}`)
    assert.equal(r.status, 200)
    assert.match(text(r.text_), /Father (Derek Noprintsworth|Derrick Renamedsworth)/)
    assert.match(text(r.text_), /Do not print/)
  })
})

// ---- 1 (continued). a section posted after the session timed out ----------------------

describe('with session idle_timeout = 5: a section posted after the session ended is held, and given back after signing in', () => {
  let idle, ih, iflow

  before(async () => {
    idle = await startServer({ config: { session: { idle_timeout: 5 } } })
    ih = helpers(idle)
    iflow = flow(ih)
  })
  after(async () => {
    if (idle) await idle.stop()
  })

  test('post after 7 s idle -> /login?next=…&held=1; after signing in the section comes back with what was typed', async () => {
    const team = ih.teamId('Early Help North')
    const child = await iflow.createChild('manager.north', 'Heldworth', 'Amy')
    const eid = await iflow.request('practitioner.north', child, { team, agencies: [ih.agencyId('Exampleshire County Council')] })
    await iflow.allocate('manager.north', eid, ih.userId('practitioner.north'))
    const started = await ih.post('practitioner.north', `/episodes/${eid}/assessments`)
    assert.equal(started.status, 303)
    const aid = Number(/(\d+)$/.exec(started.headers.get('location'))[1])
    const path = `/assessments/${aid}/sections/1`

    const c = new Client(idle.url)
    await c.signIn('practitioner.north')
    const page = await c.get(path)
    assert.equal(page.status, 200)
    const csrf = Client.token(page.text_)
    assert.ok(csrf)
    await sleep(7000)
    const typed = { ...dateFields('f.seen_on', isoIn(-1)), 'f.present': 'Mum, Amy & Grandad "Joe"' }
    const uid = ih.userId('practitioner.north')
    const mark = ih.maxAudit()
    let r = await c.post(path, { ...typed, csrf }, { headers: { referer: idle.url + path, 'sec-fetch-site': 'same-origin' } })
    assert.equal(r.status, 303, `the post after the time-out answered ${r.status}`)
    const loc = new URL(r.headers.get('location'), idle.url)
    assert.equal(loc.pathname, '/login')
    assert.equal(loc.searchParams.get('next'), path)
    assert.equal(loc.searchParams.get('held'), '1')
    // Held, not saved.
    assert.equal(ih.num(`SELECT count(*) FROM form_answer WHERE owner_type = 'assessment' AND owner_id = ${aid} AND value != ''`), 0, 'the section was saved without a session')
    assert.equal(ih.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'form.held' AND user_id = ${uid}`), 1)

    // The sign-in page says so; signing in goes back to the section page, filled in.
    const login = await c.get(loc.pathname + loc.search)
    assert.equal(login.status, 200)
    assert.match(text(login.text_), /You were signed out before your form was saved/)
    assert.equal(inputValue(login.text_, 'next'), path)
    r = await c.post('/login', { username: 'practitioner.north', password: DEMO_PASSWORD, next: path }, { csrfFrom: loc.pathname + loc.search })
    assert.equal(r.status, 303, `signing in again: ${r.status}`)
    const back = r.headers.get('location')
    assert.match(back, new RegExp(`^${path}\\?held=\\d+$`))
    r = await c.get(back)
    assert.equal(r.status, 200)
    assert.match(text(r.text_), /We kept what you entered/)
    assert.equal(inputValue(r.text_, 'f.present'), typed['f.present'], 'the held answer was not given back')
    assert.equal(inputValue(r.text_, 'f.seen_on-day'), typed['f.seen_on-day'])
    assert.equal(inputValue(r.text_, 'f.seen_on-month'), typed['f.seen_on-month'])
    assert.equal(inputValue(r.text_, 'f.seen_on-year'), typed['f.seen_on-year'])
    // Sending it again saves it.
    r = await c.post(path, typed, { csrfFrom: back })
    assert.equal(r.status, 303, `saving the given-back section: ${r.status} ${errors(r.text_).join('; ')}`)
    assert.equal(ih.sqlite(`SELECT value FROM form_answer WHERE owner_type = 'assessment' AND owner_id = ${aid} AND question = 'present'`), typed['f.present'])
  })
})

// ---- 2. switching the configured form -----------------------------------------------

describe('switching [terminology] assessment_form from eha to ffa: new assessments use the FFA, existing ones keep their version', () => {
  let s2, h2, f2, e1, e2, a1

  before(async () => {
    s2 = await startServer({ config: { terminology: { assessment_form: 'eha' } } })
    h2 = helpers(s2)
    f2 = flow(h2)
  })
  after(async () => {
    if (s2) await s2.stop()
  })

  async function open2 (family) {
    const child = await f2.createChild('manager.north', family, 'Robin')
    const eid = await f2.request('practitioner.north', child, { team: h2.teamId('Early Help North'), agencies: [h2.agencyId('Exampleshire County Council')] })
    await f2.allocate('manager.north', eid, h2.userId('practitioner.north'))
    return eid
  }

  test('under eha: an assessment started and partly answered', async () => {
    e1 = await open2('Versionworth')
    e2 = await open2('Switchworth')
    const r = await h2.post('practitioner.north', `/episodes/${e1}/assessments`)
    assert.equal(r.status, 303)
    a1 = Number(/(\d+)$/.exec(r.headers.get('location'))[1])
    const s = await h2.post('practitioner.north', `/assessments/${a1}/sections/6`, { 'f.family_views': 'Mum wants calmer mornings' })
    assert.equal(s.status, 303)
    assert.equal(h2.sqlite(`SELECT form_name FROM assessment WHERE id = ${a1}`), 'eha')
  })

  test('ehm stopped, config.ini changed to ffa, ehm started again', async () => {
    s2.ehmProc.kill('SIGTERM')
    await new Promise(resolve => s2.ehmProc.exitCode !== null || s2.ehmProc.signalCode !== null ? resolve() : s2.ehmProc.once('exit', resolve))
    const file = writeConfig(s2.dir, s2.port, { terminology: { assessment_form: 'ffa' } })
    assert.equal(file, s2.configPath)
    assert.match(fs.readFileSync(s2.configPath, 'utf8'), /assessment_form = ffa/)
    await s2.restartEhm()
  })

  test('a new assessment in another episode is the Families First Assessment, with its own questions', async () => {
    let r = await h2.get('practitioner.north', `/episodes/${e2}/assessments`)
    assert.equal(r.status, 200)
    assert.match(text(r.text_), /Start the Families First Assessment/)
    r = await h2.post('practitioner.north', `/episodes/${e2}/assessments`)
    assert.equal(r.status, 303)
    const a2 = Number(/(\d+)$/.exec(r.headers.get('location'))[1])
    assert.equal(h2.sqlite(`SELECT form_name FROM assessment WHERE id = ${a2}`), 'ffa')
    r = await h2.get('practitioner.north', `/assessments/${a2}`)
    assert.equal(h1(r.text_), 'Families First Assessment')
    const names = tasks(r.text_).map(t => t.name)
    assert.ok(names.includes("The family's story"), `FFA sections: ${names.join('; ')}`)
    assert.ok(!names.includes("The family's views"), 'the FFA shows the EHA section')
    r = await h2.get('practitioner.north', `/assessments/${a2}/sections/${names.indexOf("The family's story") + 1}`)
    assert.equal(r.status, 200)
    assert.match(text(r.text_), /Families First Assessment/)
    assert.match(text(r.text_), /The family's story: what is going well and what they want to change/)
    r = await h2.get('practitioner.north', `/episodes/${e2}/assessments`)
    assert.match(text(r.text_), /Families First Assessment\s+In progress/)
  })

  test('the existing assessment still shows as the Early Help Assessment, with its own questions and answers, and can still be saved', async () => {
    let r = await h2.get('practitioner.north', `/assessments/${a1}`)
    assert.equal(r.status, 200)
    assert.equal(h1(r.text_), 'Early Help Assessment')
    const names = tasks(r.text_).map(t => t.name)
    assert.deepEqual(names, SECTIONS)
    assert.equal(statusOf(r.text_, "The family's views"), 'Completed')
    r = await h2.get('practitioner.north', `/assessments/${a1}/sections/6`)
    assert.equal(r.status, 200)
    assert.match(text(r.text_), /Early Help Assessment/)
    assert.doesNotMatch(text(r.text_), /Families First/)
    assert.match(text(r.text_), /What the family thinks is going well and what they want to change/)
    assert.equal(textareaValue(r.text_, 'f.family_views'), 'Mum wants calmer mornings')
    r = await h2.get('practitioner.north', `/episodes/${e1}/assessments`)
    assert.match(text(r.text_), /Early Help Assessment\s+In progress/)
    assert.doesNotMatch(text(r.text_), /Families First/)
    r = await h2.post('practitioner.north', `/assessments/${a1}/sections/1`, { ...dateFields('f.seen_on', isoIn(-1)), 'f.present': 'Mum and Robin' })
    assert.equal(r.status, 303, `saving the EHA after the switch: ${r.status} ${errors(r.text_).join('; ')}`)
    assert.equal(h2.sqlite(`SELECT form_name FROM assessment WHERE id = ${a1}`), 'eha')
    r = await h2.get('practitioner.north', `/assessments/${a1}/print`)
    assert.equal(r.status, 200)
    assert.equal(h1(r.text_), 'Early Help Assessment')
    assert.match(text(r.text_), /What the family thinks is going well/)
  })
})
