// tests/http/worktray.test.mjs -- the worktray, contacts, referrals and
// commissioning issue's acceptance, end to end through nginx:
//
//  1. every tile's count on the home page equals the number of rows its list
//     shows (over every page, 25 a page), for practitioner.north and
//     manager.north, on the demo data and after the work below; tray
//     publications hide tiles and order them; overdue assessments follow
//     config timescales (assessment_weeks = 1 on a second server); lists
//     sort by name both ways with aria-sort on the header;
//  2. a contact decided "start an episode" leads through the request (with
//     consent) and allocation into an open episode;
//  3. step-up: children's social care sees the referral once sent (tile,
//     list, page), accepts it, and the episode shows the outcome; step-down
//     accepted opens an episode carrying the referral's reason; other
//     agencies' practitioners get 403 on both;
//  4. commissioning: refused (naming what is missing) until the episode has
//     a completed assessment, a held meeting and an open action; amounts
//     parsed to pence or refused with GOV.UK messages, never stored wrong;
//     approval and rejection by the team's manager audited and shown to the
//     keyworker; a practitioner cannot approve; financial-year totals;
//  5. another team's practitioner and manager see none of it: not in their
//     lists, and 403 with a deny audit row on direct requests.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/worktray.test.mjs
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'

import { startServer } from '../lib/server.mjs'
import { helpers, flow, text, errors, decode, today, dateFields, textareaValue } from '../lib/episodes.mjs'

// ---- servers --------------------------------------------------------------------

// A: the defaults (assessment due in 10 weeks, £500.00 commissioning limit).
// B: assessment_weeks = 1 and a £2,000.00 commissioning limit.
let srv, h, f, A, T, U
let srvB, hB, fB

function ids (hh) {
  return {
    A: {
      la: hh.agencyId('Exampleshire County Council'),
      school: hh.agencyId('Northgate Primary School'),
      health: hh.agencyId('Exampleshire Community Health'),
      csc: hh.agencyId("Children's Social Care")
    },
    T: { north: hh.teamId('Early Help North'), south: hh.teamId('Early Help South') },
    U: Object.fromEntries(['practitioner.north', 'manager.north', 'practitioner.south', 'manager.south', 'teacher',
      'healthvisitor', 'csc.manager', 'admin'].map(u => [u, hh.userId(u)]))
  }
}

before(async () => {
  srv = await startServer()
  h = helpers(srv)
  f = flow(h);
  ({ A, T, U } = ids(h))
  srvB = await startServer({ config: { timescales: { assessment_weeks: 1 }, commissioning: { max_pence: 200000 } } })
  hB = helpers(srvB)
  fB = flow(hB)
})

after(async () => {
  if (srv) await srv.stop()
  if (srvB) await srvB.stop()
})

// ---- page reading -----------------------------------------------------------------

// The home page's tiles, in order: [{ href, key, count, title }].
function tiles (html) {
  return [...html.matchAll(/<li class="ehm-tile">([\s\S]*?)<\/li>/g)].map(m => {
    const href = decode(/href="([^"]*)"/.exec(m[1])[1])
    const count = /<span class="ehm-tile__count">([^<]*)<\/span>/.exec(m[1])
    const title = /<span class="ehm-tile__title">([^<]*)<\/span>/.exec(m[1])
    assert.ok(count && title, `a tile without a count or title: ${m[1]}`)
    const key = /^\/worktray\?list=([a-z]+)$/.exec(href)
    assert.ok(key, `a tile links to ${href}, not /worktray?list=KEY`)
    return { href, key: key[1], count: Number(count[1]), title: decode(title[1]) }
  })
}

async function homeTiles (hh, who) {
  const r = await hh.get(who, '/')
  assert.equal(r.status, 200, `${who}'s home page: ${r.status}`)
  return tiles(r.text_)
}

// One page of a worktray list.
function listPage (html) {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)
  assert.ok(body, 'no table body on the list page')
  const rows = [...body[1].matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map(m => {
    const cells = [...m[1].matchAll(/<td class="govuk-table__cell[^"]*">([\s\S]*?)<\/td>/g)].map(c => c[1])
    const a = /<a class="govuk-link" href="([^"]*)">([\s\S]*?)<\/a>/.exec(cells[0] || '')
    return {
      href: a ? decode(a[1]) : null,
      title: a ? decode(a[2]) : null,
      detail: text(cells[1] || '').trim(),
      date: text(cells[2] || '').trim()
    }
  })
  const count = /<p class="govuk-body">(\d+) items?\./.exec(html)
  const next = /<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="next">/.exec(html)
  const prev = /<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="prev">/.exec(html)
  const sortOf = label => {
    const m = new RegExp(`<th [^>]*aria-sort="([^"]*)"><a class="govuk-link" href="([^"]*)">${label}</a></th>`).exec(html)
    return m ? { sort: m[1], href: decode(m[2]) } : null
  }
  return {
    rows,
    count: count ? Number(count[1]) : null,
    next: next ? decode(next[1]) : null,
    prev: prev ? decode(prev[1]) : null,
    family: sortOf('Family'),
    h1: text((/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html) || ['', ''])[1]).trim()
  }
}

// Every row of a list, following the Next links; checks 25 a page.
async function wholeList (hh, who, key, query = '') {
  let url = `/worktray?list=${key}${query}`
  const rows = []
  const pages = []
  for (let n = 0; url && n < 100; n++) {
    const r = await hh.get(who, url)
    assert.equal(r.status, 200, `${who} ${url}: ${r.status}`)
    const p = listPage(r.text_)
    pages.push(p)
    rows.push(...p.rows)
    assert.ok(p.rows.length <= 25, `${url} shows ${p.rows.length} rows, more than 25`)
    if (p.next) assert.equal(p.rows.length, 25, `${url} has a Next link but only ${p.rows.length} rows`)
    if (n > 0) assert.ok(p.prev, `page ${n + 1} of ${key} has no Previous link`)
    url = p.next
  }
  return { rows, pages, first: pages[0] }
}

// Every shown tile's count equals its list's rows (and the list's own count).
async function tilesMatchLists (hh, who) {
  const ts = await homeTiles(hh, who)
  assert.ok(ts.length > 0, `${who} has no tiles`)
  const out = {}
  for (const t of ts) {
    const l = await wholeList(hh, who, t.key)
    assert.equal(l.rows.length, t.count, `${who}: tile "${t.title}" says ${t.count} but its list shows ${l.rows.length} rows`)
    assert.equal(l.first.count, t.count, `${who}: tile "${t.title}" says ${t.count} but its list says ${l.first.count} items`)
    assert.equal(l.first.h1, t.title, `${who}: /worktray?list=${t.key} is headed "${l.first.h1}"`)
    out[t.key] = { ...t, rows: l.rows, pages: l.pages.length }
  }
  return out
}

// The team view: { name: { cases, overdueA, overdueR } }.
function teamView (html) {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)
  assert.ok(body, 'no team view table')
  const out = {}
  for (const m of body[1].matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)) {
    const cells = [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(c => text(c[1]).trim())
    out[cells[0].replace(/ Left$/, '')] = { cases: Number(cells[1]), overdueA: Number(cells[2]), overdueR: Number(cells[3]) }
  }
  return out
}

// The "About the request" card's text.
function aboutRequest (html) {
  const m = /About the request<\/h2>([\s\S]*?)<\/dl>/.exec(html)
  return m ? text(m[1]) : ''
}

// The rows of a simple table (first link's href, and each cell's text).
function tableRows (html) {
  const out = []
  for (const b of html.matchAll(/<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/g)) {
    for (const m of b[1].matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)) {
      const a = /href="([^"]*)"/.exec(m[1])
      out.push({ href: a ? decode(a[1]) : null, cells: [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(c => text(c[1]).trim()) })
    }
  }
  return out
}

const hrefs = html => tableRows(html).map(r => r.href)
const cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0

// ---- the flow -------------------------------------------------------------------------

// An open episode for a new child, requested by `requester`, led by practitioner.north.
async function openEpisode (hh, ff, family, given, { requester = 'practitioner.north', dob = '2016-04-03' } = {}) {
  const { T: t, A: a, U: u } = ids(hh)
  const child = await ff.createChild('manager.north', family, given, dob)
  const eid = await ff.request(requester, child, { team: t.north, agencies: [a.la] })
  await ff.allocate('manager.north', eid, u['practitioner.north'])
  return { child, eid }
}

const ASSESSMENT = seen => [
  { ...dateFields('f.seen_on', seen), 'f.present': 'Mum and the child' },
  { 'f.dev_strengths': 'Bright', 'f.dev_needs': 'Attendance', 'f.dev_score': '2' },
  { 'f.par_strengths': 'Loving', 'f.par_needs': 'Routines', 'f.par_score': '3' },
  { 'f.env_strengths': 'Close family', 'f.env_needs': 'Damp flat', 'f.env_score': '2' },
  { 'f.child_voice': 'I like drawing' },
  { 'f.family_views': 'Want help with mornings' },
  { 'f.agencies': 'School' },
  { 'f.analysis': 'Needs met with support' },
  { 'f.outcomes': 'In school every day' }
]

// Start and complete an assessment as `who`; its id.
async function completeAssessment (hh, who, eid) {
  let r = await hh.post(who, `/episodes/${eid}/assessments`)
  assert.equal(r.status, 303, `starting an assessment on ${eid}: ${r.status}`)
  const aid = Number(/^\/assessments\/(\d+)$/.exec(r.headers.get('location'))[1])
  for (const [k, fields] of ASSESSMENT(today().iso).entries()) {
    r = await hh.post(who, `/assessments/${aid}/sections/${k + 1}`, fields)
    assert.equal(r.status, 303, `saving section ${k + 1} of ${aid}: ${r.status} ${errors(r.text_).join('; ')}`)
  }
  r = await hh.post(who, `/assessments/${aid}/complete`)
  assert.equal(r.status, 303, `completing ${aid}: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(hh.sqlite(`SELECT status FROM assessment WHERE id = ${aid}`), 'completed')
  return aid
}

// Hold a scheduled meeting as `who`, every action kept open ("on track").
async function holdMeeting (hh, who, mid) {
  let r = await hh.get(who, `/meetings/${mid}/held`)
  assert.equal(r.status, 200, `the held form of meeting ${mid}: ${r.status}`)
  const body = { outcomes: 'Agreed the plan' }
  for (const m of r.text_.matchAll(/name="(att-\d+)"/g)) body[m[1]] = 'attended'
  for (const m of r.text_.matchAll(/name="status-(\d+)"/g)) {
    body[`status-${m[1]}`] = 'on track'
    body[`comment-${m[1]}`] = 'Going well'
  }
  r = await hh.post(who, `/meetings/${mid}/held`, body)
  assert.equal(r.status, 303, `holding meeting ${mid}: ${r.status} ${errors(r.text_).join('; ')}`)
  assert.equal(hh.sqlite(`SELECT status FROM meeting WHERE id = ${mid}`), 'held')
}

// A commissioning request's fields.
const REQUEST = (action, amount) => ({
  goods: 'School uniform', supplier: 'Northgate Uniforms', amount: String(amount), action: String(action),
  why: 'So the child can go to school every day'
})

// An episode where a request is allowed: completed assessment, held meeting, open action.
async function readyEpisode (hh, ff, family, given) {
  const { child, eid } = await openEpisode(hh, ff, family, given)
  await completeAssessment(hh, 'practitioner.north', eid)
  const action = await ff.addAction('practitioner.north', eid, { need: `${given} goes to school every day`, what: 'Buy a uniform', who: 'Tom Okafor' })
  const mid = await ff.scheduleMeeting('practitioner.north', eid, { on: today().iso })
  await holdMeeting(hh, 'practitioner.north', mid)
  return { child, eid, action }
}

const denies = (hh, user, id, mark) =>
  hh.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND user_id = ${hh.userId(user)} AND action = 'deny' AND record_id = ${id}`)

// Shared between the tests below (each says what it needs).
const S = {}

// ---- 1. the worktray ---------------------------------------------------------------------

test('on the demo data every tile count equals the rows its list shows (practitioner.north, manager.north)', async () => {
  const p = await tilesMatchLists(h, 'practitioner.north')
  assert.deepEqual(Object.keys(p), ['caseload', 'lead', 'assessments', 'reviews', 'meetings', 'long', 'consent', 'transfers'])
  assert.ok(p.caseload.count > 0, 'the demo gives practitioner.north no caseload')
  const m = await tilesMatchLists(h, 'manager.north')
  for (const key of ['requests', 'reallocate', 'referrals', 'commissioning', 'breakglass']) assert.ok(m[key], `manager.north has no ${key} tile`)
  // Manager-only lists are not for practitioners.
  assert.equal((await h.get('practitioner.north', '/worktray?list=requests')).status, 404)
  assert.equal((await h.get('practitioner.north', '/worktray?list=nosuchlist')).status, 404)
  // Admins have no worktray tiles (and no lists).
  const r = await h.get('admin', '/')
  assert.equal(r.status, 200)
  assert.equal(tiles(r.text_).length, 0)
  assert.equal((await h.get('admin', '/worktray?list=caseload')).status, 403)
})

test('lists page 25 at a time and their counts still match; sorting by name reverses; the header carries aria-sort', async () => {
  // 27 requests for Early Help North: the manager's "awaiting allocation" list runs to 2 pages.
  const names = ['Aaron', 'Bella', 'Callum', 'Daisy', 'Ethan', 'Freya', 'George', 'Holly', 'Isaac', 'Jasmine', 'Kieran',
    'Lily', 'Mason', 'Nina', 'Oscar', 'Poppy', 'Quentin', 'Rosie', 'Samuel', 'Tilly', 'Umar', 'Violet', 'William', 'Xena',
    'Yusuf', 'Zara', 'Alfie']
  const before = (await homeTiles(h, 'manager.north')).find(t => t.key === 'requests').count
  const eids = []
  for (const [i, given] of names.entries()) {
    const child = await f.createChild('manager.north', 'Pagewood', given, `2015-0${1 + (i % 9)}-${10 + (i % 18)}`)
    eids.push(await f.request('manager.north', child, { team: T.north, agencies: [A.la] }))
  }
  let m = await tilesMatchLists(h, 'manager.north')
  assert.equal(m.requests.count, before + 27)
  assert.equal(m.requests.pages, Math.ceil((before + 27) / 25))
  for (const e of eids) assert.ok(m.requests.rows.some(r => r.href === `/episodes/${e}`), `episode ${e} is not in the requests list`)

  // 26 of them allocated to practitioner.north: the caseload runs to 2 pages.
  const caseBefore = (await homeTiles(h, 'practitioner.north')).find(t => t.key === 'caseload').count
  for (const e of eids.slice(0, 26)) await f.allocate('manager.north', e, U['practitioner.north'])
  const p = await tilesMatchLists(h, 'practitioner.north')
  assert.equal(p.caseload.count, caseBefore + 26)
  assert.ok(p.caseload.pages >= 2)
  m = await tilesMatchLists(h, 'manager.north')
  assert.equal(m.requests.count, before + 1)

  // Sorting by name: ascending, then descending is its exact reverse, across pages.
  const asc = await wholeList(h, 'practitioner.north', 'caseload', '&sort=name&dir=asc')
  const desc = await wholeList(h, 'practitioner.north', 'caseload', '&sort=name&dir=desc')
  const at = asc.rows.map(r => r.title)
  const dt = desc.rows.map(r => r.title)
  assert.equal(at.length, p.caseload.count)
  assert.deepEqual(at, [...at].sort(cmp), 'name ascending is not in order')
  assert.deepEqual(dt, [...at].reverse(), 'name descending is not the reverse of ascending')
  assert.notDeepEqual(at, dt)
  // The Next links keep the sort.
  for (const pg of asc.pages.slice(0, -1)) assert.match(pg.next, /sort=name&dir=asc&page=\d+/)
  // aria-sort on the Family header, whose link turns the order round.
  assert.deepEqual(asc.first.family, { sort: 'ascending', href: '/worktray?list=caseload&sort=name&dir=desc' })
  assert.deepEqual(desc.first.family, { sort: 'descending', href: '/worktray?list=caseload&sort=name&dir=asc' })
  const r = await h.get('practitioner.north', '/worktray?list=caseload&sort=name&dir=asc')
  assert.match(r.text_, /<th [^>]*aria-sort="none"><a class="govuk-link" href="[^"]*sort=date[^"]*">Allocated<\/a>/)
  // By date (the default): ascending dates.
  const byDate = await wholeList(h, 'practitioner.north', 'caseload')
  assert.equal(byDate.rows.length, p.caseload.count)
  assert.equal(byDate.first.family.sort, 'none')
})

test('tray publications: a hidden tile leaves the home page and the order follows the positions', async () => {
  for (const who of ['practitioner.north', 'manager.north']) {
    const shown = await homeTiles(h, who)
    let r = await h.get(who, '/account/tray')
    assert.equal(r.status, 200)
    const keys = [...r.text_.matchAll(/name="pos-([a-z]+)"/g)].map(x => x[1])
    assert.deepEqual(keys, shown.map(t => t.key), 'the tray page lists the tiles in the home page order')
    for (const k of keys) assert.match(r.text_, new RegExp(`name="show-${k}" type="checkbox" value="yes" checked`))

    // Reverse the order and hide the second and third tiles.
    const hidden = [keys[1], keys[2]]
    const body = {}
    keys.forEach((k, i) => {
      body[`pos-${k}`] = String(keys.length - i)
      if (!hidden.includes(k)) body[`show-${k}`] = 'yes'
    })
    const mark = h.maxAudit()
    r = await h.post(who, '/account/tray', body)
    assert.equal(r.status, 303, `${who} saving the tray: ${r.status} ${errors(r.text_).join('; ')}`)
    assert.equal(r.headers.get('location'), '/account/tray?saved=1')
    assert.equal(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'account.tray' AND user_id = ${U[who]}`), 1)
    const after = await homeTiles(h, who)
    assert.deepEqual(after.map(t => t.key), [...keys].reverse().filter(k => !hidden.includes(k)))
    for (const k of hidden) assert.ok(!after.some(t => t.key === k), `hidden tile ${k} still on ${who}'s home page`)
    // The tray page shows the new order, the hidden ones unticked.
    r = await h.get(who, '/account/tray')
    assert.deepEqual([...r.text_.matchAll(/name="pos-([a-z]+)"/g)].map(x => x[1]), [...keys].reverse())
    for (const k of hidden) assert.match(r.text_, new RegExp(`name="show-${k}" type="checkbox" value="yes">`))
    // The counts still match their lists.
    await tilesMatchLists(h, who)

    // A position out of range is refused, naming the tile, and nothing changes.
    const bad = { ...body, [`pos-${keys[0]}`]: '100' }
    r = await h.post(who, '/account/tray', bad)
    assert.equal(r.status, 200)
    assert.ok(errors(r.text_).some(e => e === `Position of "${shown[0].title}" must be a whole number from 1 to 99`),
      `errors: ${errors(r.text_).join('; ')}`)
    assert.deepEqual((await homeTiles(h, who)).map(t => t.key), after.map(t => t.key))

    // Back to everything shown, in the original order.
    const reset = {}
    keys.forEach((k, i) => { reset[`pos-${k}`] = String(i + 1); reset[`show-${k}`] = 'yes' })
    r = await h.post(who, '/account/tray', reset)
    assert.equal(r.status, 303)
    assert.deepEqual((await homeTiles(h, who)).map(t => t.key), keys)
  }
})

test('tiles given the same position keep their default order', async () => {
  // tray_post stores position * 10 + (tile index % 10) as the tie-breaker, so
  // for a manager's 11th to 13th tiles (index 10-12) it wraps round and they
  // jump in among the first three.
  const who = 'manager.north'
  let r = await h.get(who, '/account/tray')
  const keys = [...r.text_.matchAll(/name="pos-([a-z]+)"/g)].map(x => x[1])
  assert.equal(keys.length, 13)
  const same = {}
  for (const k of keys) { same[`pos-${k}`] = '5'; same[`show-${k}`] = 'yes' }
  r = await h.post(who, '/account/tray', same)
  assert.equal(r.status, 303)
  const order = (await homeTiles(h, who)).map(t => t.key)
  const reset = {}
  keys.forEach((k, i) => { reset[`pos-${k}`] = String(i + 1); reset[`show-${k}`] = 'yes' })
  assert.equal((await h.post(who, '/account/tray', reset)).status, 303)
  assert.deepEqual(order, keys, 'all at position 5: the order is no longer the default one')
})

test('overdue assessments follow config timescales (1 week on server B, 10 weeks by default)', async () => {
  const tenDaysAgo = "date('now', '-10 days') || substr(lead_since, 11)"
  // Server B (assessment_weeks = 1): allocated 10 days ago → overdue; allocated today → due soon.
  const over = await openEpisode(hB, fB, 'Latewood', 'Olive')
  hB.sqlite(`UPDATE episode SET lead_since = ${tenDaysAgo} WHERE id = ${over.eid}`)
  const fresh = await openEpisode(hB, fB, 'Latewood', 'Frank', { dob: '2014-02-02' })
  let l = await tilesMatchLists(hB, 'practitioner.north')
  let row = l.assessments.rows.find(r => r.href === `/episodes/${over.eid}/assessments`)
  assert.ok(row, 'the episode allocated 10 days ago is not in "Assessments due or overdue" with a 1-week timescale')
  assert.equal(row.title, 'Olive Latewood')
  assert.equal(row.detail, 'Overdue')
  row = l.assessments.rows.find(r => r.href === `/episodes/${fresh.eid}/assessments`)
  assert.ok(row, 'the episode allocated today (due in 7 days) is not in the list')
  assert.equal(row.detail, 'Due soon')

  // The team view's overdue count for Tom Okafor is the list's "Overdue" rows.
  let r = await hB.get('manager.north', '/worktray/team')
  assert.equal(r.status, 200)
  let tv = teamView(r.text_)['Tom Okafor']
  assert.equal(tv.overdueA, l.assessments.rows.filter(x => x.detail === 'Overdue').length)
  assert.equal(tv.cases, l.lead.count)
  assert.equal(tv.overdueR, l.reviews.rows.filter(x => x.detail === 'Overdue').length)

  // A completed assessment takes it off the list.
  await completeAssessment(hB, 'practitioner.north', over.eid)
  l = await tilesMatchLists(hB, 'practitioner.north')
  assert.ok(!l.assessments.rows.some(x => x.href === `/episodes/${over.eid}/assessments`), 'still listed after the assessment was completed')
  S.B_over = over

  // Server A (10 weeks): the same history is not due for another two months.
  const a = await openEpisode(h, f, 'Latewood', 'Olive')
  h.sqlite(`UPDATE episode SET lead_since = ${tenDaysAgo} WHERE id = ${a.eid}`)
  l = await tilesMatchLists(h, 'practitioner.north')
  assert.ok(!l.assessments.rows.some(x => x.href === `/episodes/${a.eid}/assessments`),
    'listed as due with the default 10-week timescale')
  r = await h.get('manager.north', '/worktray/team')
  tv = teamView(r.text_)['Tom Okafor']
  assert.equal(tv.overdueA, l.assessments.rows.filter(x => x.detail === 'Overdue').length)
  assert.equal(tv.cases, l.lead.count)
})

// ---- 2. contacts ---------------------------------------------------------------------------

test('a contact decided "start an episode" leads through consent and allocation into a new episode', async () => {
  const child = await f.createChild('manager.north', 'Contactwood', 'Ruby', '2017-05-06')
  const t = today()
  let r = await h.get('practitioner.north', `/contacts/new?person=${child}`)
  assert.equal(r.status, 200)
  r = await h.post('practitioner.north', '/contacts/new', {
    person: String(child), 'on-day': t.day, 'on-month': t.month, 'on-year': t.year, from_name: 'Mrs Head',
    from_agency: 'Northgate Primary School', about: 'Ruby Contactwood', reason: 'Ruby is often hungry at school', team: String(T.north)
  })
  assert.equal(r.status, 303, `recording the contact: ${r.status} ${errors(r.text_).join('; ')}`)
  const K = Number(/^\/contacts\/(\d+)$/.exec(r.headers.get('location'))[1])
  S.contact = K

  // The recorder sees it but may not decide; the team's manager decides.
  r = await h.get('practitioner.north', `/contacts/${K}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Awaiting a decision/)
  assert.doesNotMatch(r.text_, /Decide what happens next/)
  r = await h.post('practitioner.north', `/contacts/${K}/decide`, { decision: 'episode', note: '' })
  assert.equal(r.status, 403)
  r = await h.get('manager.north', '/contacts')
  assert.ok(hrefs(r.text_).includes(`/contacts/${K}`), 'the contact is not in the manager\'s list')
  r = await h.get('manager.north', `/contacts/${K}`)
  assert.equal(r.status, 200)
  assert.match(r.text_, /Decide what happens next/)
  // No decision chosen, or too long a reason: the page again with GOV.UK errors, the reason kept, nothing saved.
  r = await h.post('manager.north', `/contacts/${K}/decide`, { note: 'Needs a family plan' })
  assert.equal(r.status, 200)
  assert.deepEqual(errors(r.text_), ['Select a decision'])
  assert.equal(textareaValue(r.text_, 'note'), 'Needs a family plan')
  r = await h.post('manager.north', `/contacts/${K}/decide`, { decision: 'advice', note: 'x'.repeat(2001) })
  assert.deepEqual(errors(r.text_), ['Reason for the decision must be 2000 characters or fewer'])
  assert.match(r.text_, /type="radio" value="advice" checked/)
  assert.equal(h.sqlite(`SELECT decision IS NULL FROM contact WHERE id = ${K}`), '1')
  r = await h.post('manager.north', `/contacts/${K}/decide`, { decision: 'episode', note: 'Needs a family plan' })
  assert.equal(r.status, 303)
  assert.equal(h.sqlite(`SELECT decision FROM contact WHERE id = ${K}`), 'episode')
  // Decided once only.
  r = await h.post('manager.north', `/contacts/${K}/decide`, { decision: 'none', note: '' })
  assert.equal(r.status, 403)
  assert.equal(h.sqlite(`SELECT decision FROM contact WHERE id = ${K}`), 'episode')

  // The contact page leads to the request form, for this child.
  r = await h.get('practitioner.north', `/contacts/${K}`)
  assert.match(text(r.text_), /Start an episode of early help, by Priya Shah: Needs a family plan/)
  const link = [...r.text_.matchAll(/<a class="govuk-button" data-module="govuk-button" href="([^"]*)">([^<]*)<\/a>/g)]
    .find(x => decode(x[2]) === "Request the episode, with the family's consent")
  assert.ok(link, 'no "Request the episode" link on the decided contact')
  assert.equal(decode(link[1]), `/episodes/new?person=${child}`)
  r = await h.get('practitioner.north', decode(link[1]))
  assert.equal(r.status, 200)
  assert.match(r.text_, /name="consent_by"/)
  const eid = await f.request('practitioner.north', child, { team: T.north, agencies: [A.la] })
  assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'requested')
  assert.equal(h.num(`SELECT count(*) FROM consent WHERE episode_id = ${eid}`), 1, 'no consent statement with the request')
  // Awaiting allocation on the manager's worktray; allocated, it is open.
  const m = await tilesMatchLists(h, 'manager.north')
  assert.ok(m.requests.rows.some(x => x.href === `/episodes/${eid}` && x.title === 'Ruby Contactwood'))
  await f.allocate('manager.north', eid, U['practitioner.north'])
  assert.equal(h.sqlite(`SELECT status || ' ' || lead_id FROM episode WHERE id = ${eid}`), `open ${U['practitioner.north']}`)
  r = await h.get('practitioner.north', `/episodes/${eid}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Ruby Contactwood/)
  const p = await tilesMatchLists(h, 'practitioner.north')
  assert.ok(p.caseload.rows.some(x => x.href === `/episodes/${eid}`), 'the new episode is not in the caseload')

  // Another agency's practitioner cannot open the contact.
  const mark = h.maxAudit()
  r = await h.get('teacher', `/contacts/${K}`)
  assert.equal(r.status, 403)
  assert.doesNotMatch(r.text_, /hungry/)
  assert.equal(denies(h, 'teacher', K, mark), 1)
})

// ---- 3. referrals ----------------------------------------------------------------------------

test('step-up: social care sees the referral only once sent, accepts it, and the episode shows the outcome', async () => {
  const { child, eid } = await openEpisode(h, f, 'Stepwood', 'Ivy')
  const listed = async who => hrefs((await h.get(who, '/referrals')).text_)
  const awaiting = async () => (await homeTiles(h, 'csc.manager')).find(t => t.key === 'referrals')
  const beforeList = await listed('csc.manager')
  const beforeTile = await awaiting()
  assert.ok(beforeTile, 'csc.manager has no "Referrals awaiting you" tile')
  assert.equal(beforeTile.title, 'Referrals awaiting you')
  assert.equal(h.num(`SELECT count(*) FROM referral WHERE episode_id = ${eid}`), 0)

  // The lead sends it.
  let r = await h.get('practitioner.north', `/episodes/${eid}/step-up`)
  assert.equal(r.status, 200)
  assert.match(r.text_, new RegExp(`name="agency" type="radio" value="${A.csc}"`))
  r = await h.post('practitioner.north', `/episodes/${eid}/step-up`, {
    agency: String(A.csc), reason: 'Bruise seen on Ivy\'s arm', urgency: 'within 24 hours', info: 'Seen at school on Monday'
  })
  assert.equal(r.status, 303, `sending the step-up: ${r.status} ${errors(r.text_).join('; ')}`)
  const R = Number(/^\/referrals\/(\d+)$/.exec(r.headers.get('location'))[1])
  S.stepUp = R
  assert.ok(!beforeList.includes(`/referrals/${R}`))

  // Now social care sees it: the tile counts it, the list and the page show it.
  const tile = await awaiting()
  assert.equal(tile.count, beforeTile.count + 1)
  const c = await tilesMatchLists(h, 'csc.manager')
  assert.ok(c.referrals.rows.some(x => x.href === `/referrals/${R}` && x.title === 'Ivy Stepwood'), 'not in the csc list')
  r = await h.get('csc.manager', '/referrals')
  const row = tableRows(r.text_).find(x => x.href === `/referrals/${R}`)
  assert.ok(row, 'not in csc.manager\'s /referrals')
  assert.deepEqual(row.cells.slice(1), ['Step up to social care', 'Received', 'Awaiting a decision'])
  r = await h.get('csc.manager', `/referrals/${R}`)
  assert.equal(r.status, 200)
  const page = text(r.text_)
  assert.match(page, /Ivy Stepwood, born 3 April 2016/)
  assert.match(page, /Bruise seen on Ivy's arm/)
  assert.match(page, /Seen at school on Monday/)
  // Only what the referral carries: not the family's address, not the episode.
  assert.doesNotMatch(page, /High Street|EX1 4AB/)
  assert.doesNotMatch(r.text_, new RegExp(`href="/episodes/${eid}"`))
  assert.equal((await h.get('csc.manager', `/episodes/${eid}`)).status, 403)
  assert.equal((await h.get('csc.manager', `/people/${child}`)).status, 403)

  // The sender may not decide it.
  r = await h.post('practitioner.north', `/referrals/${R}/accept`, {})
  assert.equal(r.status, 403)
  // Social care accepts.
  const mark = h.maxAudit()
  r = await h.post('csc.manager', `/referrals/${R}/accept`, {})
  assert.equal(r.status, 303)
  assert.equal(h.sqlite(`SELECT status FROM referral WHERE id = ${R}`), 'accepted')
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'referral.accept' AND record_id = ${R} AND user_id = ${U['csc.manager']}`), 1)
  assert.equal((await awaiting()).count, beforeTile.count)
  r = await h.post('csc.manager', `/referrals/${R}/accept`, {})
  assert.equal(r.status, 409)

  // The early help episode shows the outcome, to its lead and its manager.
  for (const who of ['practitioner.north', 'manager.north']) {
    r = await h.get(who, `/episodes/${eid}`)
    assert.equal(r.status, 200)
    assert.match(text(r.text_), /accepted by social care/)
    r = await h.get(who, `/referrals/${R}`)
    assert.equal(r.status, 200, `${who} cannot open the referral it sent`)
    assert.match(text(r.text_), /Status Accepted/)
    assert.ok((await listed(who)).includes(`/referrals/${R}`), `${who}'s /referrals does not list it`)
  }
})

test('step-down: accepted by the team\'s manager, it opens an episode carrying the referral\'s reason', async () => {
  const child = await f.createChild('manager.north', 'Downwood', 'Dan', '2014-04-03')
  const beforeTile = (await homeTiles(h, 'manager.north')).find(t => t.key === 'referrals').count
  // Only social care may step down.
  let r = await h.get('practitioner.north', `/referrals/new?person=${child}`)
  assert.equal(r.status, 403)
  r = await h.get('csc.manager', `/referrals/new?person=${child}`)
  assert.equal(r.status, 200)
  r = await h.post('csc.manager', '/referrals/new', {
    person: String(child), team: String(T.north), reason: 'Case closed at social care; family want support with routines',
    urgency: 'within a week', info: 'Assessment summary shared with the family\'s consent'
  })
  assert.equal(r.status, 303, `sending the step-down: ${r.status} ${errors(r.text_).join('; ')}`)
  const R = Number(/^\/referrals\/(\d+)$/.exec(r.headers.get('location'))[1])
  S.stepDown = R

  // The north team's manager sees it awaiting them.
  const m = await tilesMatchLists(h, 'manager.north')
  assert.equal(m.referrals.count, beforeTile + 1)
  assert.ok(m.referrals.rows.some(x => x.href === `/referrals/${R}` && x.title === 'Dan Downwood'))
  r = await h.get('manager.north', '/referrals')
  const row = tableRows(r.text_).find(x => x.href === `/referrals/${R}`)
  assert.ok(row, 'not in manager.north\'s /referrals')
  assert.deepEqual(row.cells.slice(1), ['Step down to early help', 'Received', 'Awaiting a decision'])
  r = await h.get('manager.north', `/referrals/${R}`)
  assert.equal(r.status, 200)
  assert.match(r.text_, /name="lead"/)
  assert.match(r.text_, /name="consent_by"/)
  // Accepting without a lead or consent is refused, with nothing opened.
  r = await h.post('manager.north', `/referrals/${R}/accept`, {})
  assert.equal(r.status, 200)
  assert.ok(errors(r.text_).length >= 2, `errors: ${errors(r.text_).join('; ')}`)
  assert.equal(h.sqlite(`SELECT status FROM referral WHERE id = ${R}`), 'sent')

  r = await h.post('manager.north', `/referrals/${R}/accept`, { lead: String(U['practitioner.north']), ...f.consentFields([A.la], 'Mr Downwood') })
  assert.equal(r.status, 303, `accepting the step-down: ${r.status} ${errors(r.text_).join('; ')}`)
  const E = Number(/^\/episodes\/(\d+)$/.exec(r.headers.get('location'))[1])
  S.stepDownEpisode = E
  assert.equal(h.sqlite(`SELECT status || ' ' || lead_id || ' ' || team_id FROM episode WHERE id = ${E}`),
    `open ${U['practitioner.north']} ${T.north}`)
  assert.equal(h.num(`SELECT new_episode_id FROM referral WHERE id = ${R}`), E)
  assert.equal(h.num(`SELECT count(*) FROM consent WHERE episode_id = ${E}`), 1)
  assert.equal(h.num(`SELECT count(*) FROM episode_person WHERE episode_id = ${E} AND person_id = ${child} AND role = 'child'`), 1)

  // The lead opens it: "About the request" carries the referral's reason.
  r = await h.get('practitioner.north', `/episodes/${E}`)
  assert.equal(r.status, 200)
  const about = aboutRequest(r.text_)
  assert.match(about, /Case closed at social care; family want support with routines/)
  assert.match(about, /Children's social care \(step-down\)/)
  assert.ok((await tilesMatchLists(h, 'practitioner.north')).caseload.rows.some(x => x.href === `/episodes/${E}`))

  // Social care sees it accepted; the tile no longer counts it.
  r = await h.get('csc.manager', `/referrals/${R}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Status Accepted/)
  assert.equal((await homeTiles(h, 'manager.north')).find(t => t.key === 'referrals').count, beforeTile)
})

test('step-down is for children only; a sender who may not open the child sees its year of birth, not the date', async () => {
  assert.ok(S.stepDown, 'needs the step-down test')
  const adult = await f.createAdult('manager.north', 'Grownwood', 'Gil')
  let r = await h.get('csc.manager', `/referrals/new?person=${adult}`)
  assert.equal(r.status, 400)
  assert.match(text(r.text_), /Only a child can be referred to early help/)
  assert.doesNotMatch(text(r.text_), /Grownwood/)
  const n = h.num('SELECT count(*) FROM referral')
  r = await h.post('csc.manager', '/referrals/new', {
    person: String(adult), team: String(T.north), reason: 'Adult', urgency: 'within a week', info: 'None'
  })
  assert.equal(r.status, 400)
  assert.equal(h.num('SELECT count(*) FROM referral'), n)
  // Dan Downwood (born 3 April 2014): social care cannot open his record, the receiving manager can.
  r = await h.get('csc.manager', `/referrals/${S.stepDown}`)
  assert.match(text(r.text_), /Dan Downwood, born 2014/)
  assert.doesNotMatch(text(r.text_), /3 April 2014/)
  r = await h.get('manager.north', `/referrals/${S.stepDown}`)
  assert.match(text(r.text_), /Dan Downwood, born 3 April 2014/)
})

test('the step-down form shows a person\'s name only with an audit row (no unaudited look-up by id)', async () => {
  // GET /referrals/new?person=ID answers any social care user for any
  // existing person with the person's full name as the caption, and records
  // nothing: the names of every person can be read by counting up the ids,
  // with none of search's criteria, cap or audit (DESIGN §4).
  const pid = h.num("SELECT min(p.id) FROM person p WHERE NOT EXISTS (SELECT 1 FROM episode_person ep WHERE ep.person_id = p.id)")
  const name = h.sqlite(`SELECT given_names || ' ' || family_name FROM person WHERE id = ${pid}`)
  const mark = h.maxAudit()
  const r = await h.get('csc.manager', `/referrals/new?person=${pid}`)
  const shown = r.status === 200 && text(r.text_).includes(name)
  if (shown) {
    assert.ok(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND user_id = ${U['csc.manager']} AND record_id = ${pid}`) >= 1,
      `csc.manager read "${name}" (person ${pid}) from the step-down form and no audit row was written`)
  }
})

test('practitioners of other agencies (teacher, health visitor) get 403 on both referrals and do not see them listed', async () => {
  assert.ok(S.stepUp && S.stepDown, 'needs the step-up and step-down tests')
  for (const who of ['teacher', 'healthvisitor']) {
    let r = await h.get(who, '/referrals')
    assert.equal(r.status, 200)
    for (const R of [S.stepUp, S.stepDown]) assert.ok(!hrefs(r.text_).includes(`/referrals/${R}`), `${who} sees referral ${R} listed`)
    for (const R of [S.stepUp, S.stepDown]) {
      const mark = h.maxAudit()
      r = await h.get(who, `/referrals/${R}`)
      assert.equal(r.status, 403, `${who} GET /referrals/${R}: ${r.status}`)
      assert.doesNotMatch(r.text_, /Bruise|Case closed/)
      assert.equal(denies(h, who, R, mark), 1, `no deny audit row for ${who} on referral ${R}`)
      r = await h.post(who, `/referrals/${R}/return`, { response: 'Not ours' })
      assert.equal(r.status, 403)
    }
  }
})

// ---- 4. commissioning --------------------------------------------------------------------------

test('commissioning is refused until the episode has a completed assessment, a held meeting and an open action', async () => {
  const { eid } = await openEpisode(h, f, 'Fundwood', 'Cleo')
  let r = await h.get('practitioner.north', `/episodes/${eid}/requests`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /You cannot make a request yet\. The episode needs a completed assessment, a held team around the family meeting, an action plan with at least one open action\./)
  assert.doesNotMatch(r.text_, /name="amount"/)

  // Assessment and an open action, a meeting scheduled but not held: only the meeting is missing.
  await completeAssessment(h, 'practitioner.north', eid)
  const action = await f.addAction('practitioner.north', eid, { need: 'Cleo goes to school every day', what: 'Buy a uniform', who: 'Tom Okafor' })
  const mid = await f.scheduleMeeting('practitioner.north', eid, { on: today().iso })
  r = await h.get('practitioner.north', `/episodes/${eid}/requests`)
  const missing = /You cannot make a request yet\. The episode needs ([^.]*)\./.exec(text(r.text_))
  assert.ok(missing, 'no refusal once assessed, with an open action but no held meeting')
  assert.equal(missing[1], 'a held team around the family meeting')
  // Posting anyway is refused too, naming it, and nothing is stored.
  r = await h.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, '12.50'))
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /The episode needs a held team around the family meeting\./)
  assert.equal(h.num(`SELECT count(*) FROM commission WHERE episode_id = ${eid}`), 0)

  // Held: the form is offered.
  await holdMeeting(h, 'practitioner.north', mid)
  r = await h.get('practitioner.north', `/episodes/${eid}/requests`)
  assert.doesNotMatch(text(r.text_), /You cannot make a request yet/)
  assert.match(r.text_, /name="amount"/)
  assert.match(text(r.text_), /In pounds and pence, up to £500\.00/)
  S.fund = { eid, action }

  // Only the keyworker: the manager and another agency are refused.
  assert.equal((await h.get('manager.north', `/episodes/${eid}/requests`)).status, 403)
  r = await h.post('manager.north', `/episodes/${eid}/requests`, REQUEST(action, '5'))
  assert.equal(r.status, 403)
  assert.equal((await h.get('teacher', `/episodes/${eid}/requests`)).status, 403)
  assert.equal(h.num(`SELECT count(*) FROM commission WHERE episode_id = ${eid}`), 0)
})

test('amounts: "12.5" is 1250 pence; over the limit, negative and "1e9" are refused with GOV.UK messages; nothing wrong is stored', async () => {
  assert.ok(S.fund, 'needs the prerequisites test')
  const { eid, action } = S.fund
  const count = () => h.num(`SELECT count(*) FROM commission WHERE episode_id = ${eid}`)

  let r = await h.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, '12.5'))
  assert.equal(r.status, 303, `"12.5": ${r.status} ${errors(r.text_).join('; ')}`)
  const Q = Number(/^\/requests\/(\d+)$/.exec(r.headers.get('location'))[1])
  assert.equal(h.num(`SELECT amount_pence FROM commission WHERE id = ${Q}`), 1250)
  assert.equal(h.sqlite(`SELECT status FROM commission WHERE id = ${Q}`), 'pending')
  r = await h.get('practitioner.north', `/requests/${Q}`)
  assert.equal(r.status, 200)
  assert.match(text(r.text_), /Amount £12\.50/)
  assert.match(text(r.text_), /Status Awaiting approval/)
  S.q1 = Q

  const refused = [
    ['£1,000.00', 'Amount must be £500.00 or less'],
    ['500.01', 'Amount must be £500.00 or less'],
    ['-3', 'Amount must be more than £0'],
    ['0', 'Amount must be more than £0'],
    ['0.00', 'Amount must be more than £0'],
    ['1e9', 'Enter the amount in pounds and pence, like 12.50'],
    ['12.345', 'Enter the amount in pounds and pence, like 12.50'],
    ['abc', 'Enter the amount in pounds and pence, like 12.50'],
    ['12.', 'Enter the amount in pounds and pence, like 12.50'],
    ['', 'Enter the amount']
  ]
  for (const [typed, message] of refused) {
    const n = count()
    r = await h.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, typed))
    assert.equal(r.status, 200, `"${typed}" answered ${r.status}`)
    assert.deepEqual(errors(r.text_), [message], `"${typed}"`)
    assert.match(r.text_, /id="amount-error"/, `"${typed}": no error message by the field`)
    assert.equal(count(), n, `"${typed}" stored a request`)
  }

  // The limit itself is allowed; "£1,000.00"-style commas and the pound sign are understood.
  for (const [typed, pence] of [['500', 50000], ['£ 7.05', 705]]) {
    r = await h.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, typed))
    assert.equal(r.status, 303, `"${typed}": ${r.status} ${errors(r.text_).join('; ')}`)
    const id = Number(/^\/requests\/(\d+)$/.exec(r.headers.get('location'))[1])
    assert.equal(h.num(`SELECT amount_pence FROM commission WHERE id = ${id}`), pence, `"${typed}"`)
    if (typed === '500') S.q2 = id
    else S.q3 = id
  }
  // Every stored amount is one of those accepted.
  assert.equal(h.sqlite(`SELECT group_concat(amount_pence, ',') FROM (SELECT amount_pence FROM commission WHERE episode_id = ${eid} ORDER BY id)`),
    '1250,50000,705')
})

test('approval and rejection by the team\'s manager are audited and shown to the keyworker; a practitioner cannot approve', async () => {
  assert.ok(S.q1 && S.q2 && S.q3, 'needs the amounts test')
  const { q1, q2, q3 } = S
  // The manager's worktray counts the pending requests, and the list matches.
  const m = await tilesMatchLists(h, 'manager.north')
  for (const q of [q1, q2, q3]) assert.ok(m.commissioning.rows.some(x => x.href === `/requests/${q}`), `request ${q} not awaiting approval`)
  assert.ok(m.commissioning.rows.some(x => x.href === `/requests/${q1}` && x.detail === '£12.50'))
  assert.ok(m.commissioning.rows.some(x => x.href === `/requests/${q3}` && x.detail === '£7.05'))

  // The keyworker (a practitioner) cannot approve or reject, not even their own.
  let mark = h.maxAudit()
  let r = await h.post('practitioner.north', `/requests/${q1}/approve`, {})
  assert.equal(r.status, 403)
  r = await h.post('practitioner.north', `/requests/${q1}/reject`, { reason: 'No' })
  assert.equal(r.status, 403)
  assert.equal(h.sqlite(`SELECT status FROM commission WHERE id = ${q1}`), 'pending')
  assert.ok(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND user_id = ${U['practitioner.north']} AND action = 'deny'`) >= 2)
  r = await h.get('practitioner.north', `/requests/${q1}`)
  assert.doesNotMatch(r.text_, /\/approve"/)

  // The manager sees the decision buttons, and approves.
  r = await h.get('manager.north', `/requests/${q1}`)
  assert.equal(r.status, 200)
  assert.match(r.text_, new RegExp(`action="/requests/${q1}/approve"`))
  mark = h.maxAudit()
  r = await h.post('manager.north', `/requests/${q1}/approve`, {})
  assert.equal(r.status, 303)
  assert.equal(r.headers.get('location'), `/requests/${q1}`)
  assert.equal(h.sqlite(`SELECT status || ' ' || decided_by FROM commission WHERE id = ${q1}`), `approved ${U['manager.north']}`)
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'commission.approve' AND record_type = 'commission'` +
    ` AND record_id = ${q1} AND user_id = ${U['manager.north']}`), 1)
  r = await h.post('manager.north', `/requests/${q1}/approve`, {})
  assert.equal(r.status, 409)

  // Rejection needs a reason.
  // Rejection needs a reason: the page again with a GOV.UK error, what was typed kept, nothing saved.
  r = await h.post('manager.north', `/requests/${q2}/reject`, { reason: '' })
  assert.equal(r.status, 200)
  assert.deepEqual(errors(r.text_), ['Enter a reason for rejecting'])
  assert.match(r.text_, /id="reason-error"/)
  r = await h.post('manager.north', `/requests/${q2}/reject`, { reason: 'Too long <b>'.repeat(200) })
  assert.equal(r.status, 200)
  assert.deepEqual(errors(r.text_), ['Reason for rejecting must be 2000 characters or fewer'])
  assert.equal(textareaValue(r.text_, 'reason'), 'Too long <b>'.repeat(200))
  assert.equal(h.sqlite(`SELECT status FROM commission WHERE id = ${q2}`), 'pending')
  mark = h.maxAudit()
  r = await h.post('manager.north', `/requests/${q2}/reject`, { reason: 'Use the uniform grant first' })
  assert.equal(r.status, 303)
  assert.equal(h.sqlite(`SELECT status || ': ' || decision_reason FROM commission WHERE id = ${q2}`), 'rejected: Use the uniform grant first')
  assert.equal(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND action = 'commission.reject' AND record_type = 'commission'` +
    ` AND record_id = ${q2} AND user_id = ${U['manager.north']} AND detail = 'Use the uniform grant first'`), 1)

  // The keyworker sees both decisions.
  r = await h.get('practitioner.north', `/requests/${q1}`)
  assert.match(text(r.text_), /Status Approved/)
  r = await h.get('practitioner.north', `/requests/${q2}`)
  assert.match(text(r.text_), /Status Rejected/)
  assert.match(text(r.text_), /Manager's reason Use the uniform grant first/)
  r = await h.get('practitioner.north', '/requests')
  const mine = tableRows(r.text_)
  assert.deepEqual(mine.find(x => x.href === `/requests/${q1}`).cells.slice(1, 3), ['£12.50', 'Approved'])
  assert.deepEqual(mine.find(x => x.href === `/requests/${q2}`).cells.slice(1, 3), ['£500.00', 'Rejected'])
  assert.deepEqual(mine.find(x => x.href === `/requests/${q3}`).cells.slice(1, 3), ['£7.05', 'Awaiting approval'])
  assert.doesNotMatch(r.text_, /Approved for/, 'a practitioner is shown the team totals')

  // The manager's /requests: the approved total for this financial year.
  const now = new Date()
  const fy = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1
  const pence = h.num(`SELECT sum(r.amount_pence) FROM commission r JOIN episode e ON e.id = r.episode_id WHERE r.status = 'approved' AND e.team_id = ${T.north}`)
  const n = h.num(`SELECT count(*) FROM commission r JOIN episode e ON e.id = r.episode_id WHERE r.status = 'approved' AND e.team_id = ${T.north}`)
  assert.equal(pence, 1250, 'the demo data already holds approved requests: update this test')
  r = await h.get('manager.north', '/requests')
  assert.match(text(r.text_), /Approved for Early Help North, by financial year/)
  const year = tableRows(r.text_).find(x => x.cells[0] === `April ${fy} to March ${fy + 1}`)
  assert.ok(year, `no row for April ${fy} to March ${fy + 1}`)
  assert.deepEqual(year.cells.slice(1), [String(n), '£12.50'])
  // Its worktray list no longer holds the decided ones.
  const m2 = await tilesMatchLists(h, 'manager.north')
  assert.ok(!m2.commissioning.rows.some(x => x.href === `/requests/${q1}` || x.href === `/requests/${q2}`))
  assert.ok(m2.commissioning.rows.some(x => x.href === `/requests/${q3}`))
})

test('with max_pence = 200000 (server B) "£1,000.00" is stored as 100000 pence', async () => {
  const { eid, action } = await readyEpisode(hB, fB, 'Fundwood', 'Bea')
  let r = await hB.get('practitioner.north', `/episodes/${eid}/requests`)
  assert.match(text(r.text_), /In pounds and pence, up to £2000\.00/)
  r = await hB.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, '£1,000.00'))
  assert.equal(r.status, 303, `"£1,000.00": ${r.status} ${errors(r.text_).join('; ')}`)
  const Q = Number(/^\/requests\/(\d+)$/.exec(r.headers.get('location'))[1])
  assert.equal(hB.num(`SELECT amount_pence FROM commission WHERE id = ${Q}`), 100000)
  r = await hB.get('manager.north', `/requests/${Q}`)
  assert.match(text(r.text_), /Amount £1000\.00/)
  r = await hB.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, '2000.01'))
  assert.deepEqual(errors(r.text_), ['Amount must be £2000.00 or less'])
  assert.equal(hB.num(`SELECT count(*) FROM commission WHERE episode_id = ${eid}`), 1)
  S.B_fund = { eid, action }
})

test('an amount with a decimal comma ("12,50") is not stored as £1,250.00', async () => {
  // Commas are thousands separators: "12,50" is not a well-formed amount, and
  // reading it as 1250 pounds would store 100 times what was meant.
  assert.ok(S.B_fund, 'needs the max_pence test')
  const { eid, action } = S.B_fund
  const before = hB.num(`SELECT coalesce(max(id), 0) FROM commission`)
  const r = await hB.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, '12,50'))
  const stored = hB.sqlite(`SELECT group_concat(amount_pence) FROM commission WHERE id > ${before}`)
  assert.equal(r.status, 200, `"12,50" was accepted (${r.status}), stored as ${stored} pence`)
  assert.deepEqual(errors(r.text_), ['Enter the amount in pounds and pence, like 12.50'])
  assert.equal(stored, '', `"12,50" stored ${stored} pence`)
})

// ---- 5. another team -----------------------------------------------------------------------------

test('another team\'s practitioner and manager see no contact, referral or request of the north team', async () => {
  assert.ok(S.contact && S.stepUp && S.stepDown && S.q1, 'needs the tests above')
  const records = [
    ['/contacts', `/contacts/${S.contact}`, S.contact],
    ['/referrals', `/referrals/${S.stepUp}`, S.stepUp],
    ['/referrals', `/referrals/${S.stepDown}`, S.stepDown],
    ['/requests', `/requests/${S.q1}`, S.q1],
    ['/requests', `/requests/${S.q3}`, S.q3]
  ]
  for (const who of ['practitioner.south', 'manager.south']) {
    for (const [list, path, id] of records) {
      let r = await h.get(who, list)
      assert.equal(r.status, 200, `${who} ${list}: ${r.status}`)
      assert.ok(!hrefs(r.text_).includes(path), `${who}'s ${list} lists ${path}`)
      const mark = h.maxAudit()
      r = await h.get(who, path)
      assert.equal(r.status, 403, `${who} GET ${path}: ${r.status}`)
      assert.doesNotMatch(r.text_, /Contactwood|Stepwood|Downwood|hungry|Bruise|School uniform/)
      assert.equal(denies(h, who, id, mark), 1, `no deny audit row for ${who} on ${path}`)
    }
    // Their worktray counts none of it.
    const t = await tilesMatchLists(h, who)
    for (const k of Object.keys(t)) {
      for (const x of t[k].rows) assert.doesNotMatch(x.href, new RegExp(`^/(contacts/${S.contact}|referrals/(${S.stepUp}|${S.stepDown})|requests/${S.q3})$`))
    }
  }
  // Nor may the other team's manager decide anything of the north team.
  const mark = h.maxAudit()
  let r = await h.post('manager.south', `/requests/${S.q3}/approve`, {})
  assert.equal(r.status, 403)
  r = await h.post('manager.south', `/contacts/${S.contact}/decide`, { decision: 'none', note: '' })
  assert.equal(r.status, 403)
  assert.equal(h.sqlite(`SELECT status FROM commission WHERE id = ${S.q3}`), 'pending')
  assert.ok(h.num(`SELECT count(*) FROM audit WHERE id > ${mark} AND user_id = ${U['manager.south']} AND action = 'deny'`) >= 2)
})

test('a keyworker handed off the case no longer sees its request or its step-up; the new lead and the team\'s manager do', async () => {
  const { eid, action } = await readyEpisode(h, f, 'Handwood', 'Zara')
  let r = await h.post('practitioner.north', `/episodes/${eid}/requests`, REQUEST(action, '20'))
  assert.equal(r.status, 303, `request: ${r.status} ${errors(r.text_).join('; ')}`)
  const Q = Number(/^\/requests\/(\d+)$/.exec(r.headers.get('location'))[1])
  r = await h.post('practitioner.north', `/episodes/${eid}/step-up`, {
    agency: String(A.csc), reason: 'Zara said she is scared to go home', urgency: 'within 24 hours', info: 'Told her teacher'
  })
  assert.equal(r.status, 303, `step-up: ${r.status} ${errors(r.text_).join('; ')}`)
  const R = Number(/^\/referrals\/(\d+)$/.exec(r.headers.get('location'))[1])
  for (const path of [`/requests/${Q}`, `/referrals/${R}`]) assert.equal((await h.get('practitioner.north', path)).status, 200, path)

  // The case passes to another practitioner of the team.
  const next = h.createUser('practitioner.hand', { agency: 'Exampleshire County Council', team: 'Early Help North', name: 'Kai Hand' })
  r = await h.post('practitioner.north', `/episodes/${eid}/transfer`, { to_user: String(next), reason: 'Caseload balancing' })
  assert.equal(r.status, 303, `transfer: ${r.status} ${errors(r.text_).join('; ')}`)
  const tid = h.num(`SELECT id FROM transfer WHERE episode_id = ${eid} AND status = 'pending'`)
  assert.equal((await h.post('practitioner.hand', `/transfers/${tid}/accept`)).status, 303)
  assert.equal(h.num(`SELECT lead_id FROM episode WHERE id = ${eid}`), next)

  // The old keyworker: refused and audited, and neither is listed for them any more.
  for (const [list, path, id] of [['/requests', `/requests/${Q}`, Q], ['/referrals', `/referrals/${R}`, R]]) {
    const mark = h.maxAudit()
    r = await h.get('practitioner.north', path)
    assert.equal(r.status, 403, `old keyworker GET ${path}: ${r.status}`)
    assert.doesNotMatch(r.text_, /Handwood|scared|School uniform/)
    assert.equal(denies(h, 'practitioner.north', id, mark), 1, `no deny audit row on ${path}`)
    assert.ok(!hrefs((await h.get('practitioner.north', list)).text_).includes(path), `${list} still lists ${path}`)
    // The new lead sees them, listed too, and the team's manager still may.
    r = await h.get('practitioner.hand', path)
    assert.equal(r.status, 200, `new lead GET ${path}: ${r.status}`)
    assert.ok(hrefs((await h.get('practitioner.hand', list)).text_).includes(path), `new lead's ${list} lacks ${path}`)
    assert.equal((await h.get('manager.north', path)).status, 200, `manager GET ${path}`)
  }
  // The new lead cannot approve; the manager can.
  assert.equal((await h.post('practitioner.hand', `/requests/${Q}/approve`, {})).status, 403)
  assert.equal((await h.post('manager.north', `/requests/${Q}/approve`, {})).status, 303)
  assert.equal(h.sqlite(`SELECT status FROM commission WHERE id = ${Q}`), 'approved')
})

// ---- after all of it -------------------------------------------------------------------------------

test('after all the work above every tile still equals its list, for every user with a worktray', async () => {
  for (const who of ['practitioner.north', 'manager.north', 'practitioner.south', 'manager.south', 'csc.manager', 'teacher', 'healthvisitor']) {
    await tilesMatchLists(h, who)
    await tilesMatchLists(hB, who)
  }
  for (const s of [srv, srvB]) {
    const bad = s.log().split('\n').filter(l => /status=5\d\d/.test(l))
    assert.deepEqual(bad, [], 'server errors in the log')
  }
})
