// worktray.test.mjs -- the worktray, tray publications, a step-up referral and
// a commissioning request in a real browser, each with and without
// JavaScript; axe (WCAG 2.2 AA) on every page reached.
//
//  1. the home page's tiles and their counts (practitioner.north and
//     manager.north), a tile's list, sorting by the column-header links with
//     aria-sort, the manager's team view, and no sideways scrolling at 320 px;
//  2. tray publications: untick a tile, move another, Save; the worktray
//     follows -- by mouse, and by keyboard alone (Tab, Space, typing, Enter);
//  3. step-up: the lead refers an open episode to children's social care,
//     csc.manager accepts it from the "Referrals awaiting you" tile, and the
//     lead's episode says so;
//  4. commissioning: the keyworker asks for funding (a refused amount first,
//     kept in the field under the error summary), manager.north approves it
//     from "Requests awaiting approval", and the keyworker sees "Approved".
//
// The starting states of 3 and 4 (an open episode; a completed assessment, a
// held meeting and an open action) are made over HTTP with the harness
// Client, as tests/http/worktray.test.mjs does; the part under test is driven
// through the real pages.
//
// Run: make build/ehm assets && EHM_BIN=build/ehm node --test --test-concurrency=1 tests/browser/worktray.test.mjs
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client } from '../lib/server.mjs'
import { helpers, flow, today as isoToday, dateFields, errors } from '../lib/episodes.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, signIn } from './lib.mjs'

let srv
let browser
let h
let f

before(async () => {
  srv = await startServer()
  browser = await launch()
  h = helpers(srv)
  f = flow(h)
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

const MODES = { js: {}, nojs: { javaScriptEnabled: false } }

const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true })
const button = (scope, name) => scope.getByRole('button', { name, exact: true })
const banner = page => page.locator('.govuk-notification-banner--success')
const tileLink = (page, title) => page.locator('.ehm-tiles').getByRole('link', { name: new RegExp(`^\\d+ ${title}$`) })

// A fresh browser context in this mode; the page times out sooner than the
// default 30 s so a missing element fails fast.
async function open (mode, opts = {}) {
  const ctx = await newPage(browser, { ...MODES[mode], ...opts })
  ctx.page.setDefaultTimeout(15000)
  return ctx
}

// The home page's tiles, in order: [{ title, count, href }].
async function tiles (page) {
  return page.locator('.ehm-tiles .ehm-tile').evaluateAll(lis => lis.map(li => ({
    title: li.querySelector('.ehm-tile__title').textContent.trim(),
    count: Number(li.querySelector('.ehm-tile__count').textContent.trim()),
    href: li.querySelector('a').getAttribute('href')
  })))
}

// A worktray list's table: the header cells' aria-sort, the rows' first links.
async function listTable (page) {
  const table = page.locator('main table.govuk-table')
  const sorts = await table.locator('thead th').evaluateAll(ths => Object.fromEntries(ths.map(th =>
    [th.textContent.trim(), th.getAttribute('aria-sort')])))
  const rows = await table.locator('tbody tr').evaluateAll(trs => trs.map(tr => ({
    text: tr.querySelector('td a')?.textContent.trim(),
    href: tr.querySelector('td a')?.getAttribute('href')
  })))
  return { sorts, rows }
}

// The page scrolls sideways?  (document wider than the viewport)
async function horizontalOverflow (page) {
  return page.evaluate(() => {
    const d = document.documentElement
    const wide = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > d.clientWidth + 1)
      .slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, wide }
  })
}

// The summary list's value for key on the current page.
async function summaryValue (page, key) {
  const row = page.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
  return (await row.locator('dd').innerText()).trim()
}

// Press Tab until fn(document.activeElement) is true; returns the presses.
async function tabUntil (page, what, fn, arg, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(fn, arg)) return i + 1
  }
  assert.fail(`${max} presses of Tab never reached ${what}`)
}
const tabToId = (page, id) => tabUntil(page, `#${id}`, i => document.activeElement?.id === i, id)

const cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0

// ---- HTTP setup (the starting states) ------------------------------------------

// An open episode for a new child, requested by practitioner.north and
// allocated to them by manager.north; { child, eid }.
async function openEpisode (family, given) {
  const child = await f.createChild('manager.north', family, given, '2016-04-03')
  const eid = await f.request('practitioner.north', child, {
    team: h.teamId('Early Help North'), agencies: [h.agencyId('Exampleshire County Council')]
  })
  await f.allocate('manager.north', eid, h.userId('practitioner.north'))
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

async function completeAssessment (who, eid) {
  let r = await h.post(who, `/episodes/${eid}/assessments`)
  assert.equal(r.status, 303, `setup: starting an assessment on ${eid}: ${r.status}`)
  const aid = Number(/^\/assessments\/(\d+)$/.exec(r.headers.get('location'))[1])
  for (const [k, fields] of ASSESSMENT(isoToday().iso).entries()) {
    r = await h.post(who, `/assessments/${aid}/sections/${k + 1}`, fields)
    assert.equal(r.status, 303, `setup: section ${k + 1} of ${aid}: ${r.status} ${errors(r.text_).join('; ')}`)
  }
  r = await h.post(who, `/assessments/${aid}/complete`)
  assert.equal(r.status, 303, `setup: completing ${aid}: ${r.status} ${errors(r.text_).join('; ')}`)
  return aid
}

async function holdMeeting (who, mid) {
  let r = await h.get(who, `/meetings/${mid}/held`)
  assert.equal(r.status, 200, `setup: the held form of meeting ${mid}: ${r.status}`)
  const body = { outcomes: 'Agreed the plan' }
  for (const m of r.text_.matchAll(/name="(att-\d+)"/g)) body[m[1]] = 'attended'
  for (const m of r.text_.matchAll(/name="status-(\d+)"/g)) {
    body[`status-${m[1]}`] = 'on track'
    body[`comment-${m[1]}`] = 'Going well'
  }
  r = await h.post(who, `/meetings/${mid}/held`, body)
  assert.equal(r.status, 303, `setup: holding meeting ${mid}: ${r.status} ${errors(r.text_).join('; ')}`)
}

// An episode where a commissioning request is allowed.
async function readyEpisode (family, given) {
  const { child, eid } = await openEpisode(family, given)
  await completeAssessment('practitioner.north', eid)
  const need = `${given} goes to school every day`
  const action = await f.addAction('practitioner.north', eid, { need, what: 'Buy a uniform', who: 'Tom Okafor' })
  const mid = await f.scheduleMeeting('practitioner.north', eid, { on: isoToday().iso })
  await holdMeeting('practitioner.north', mid)
  return { child, eid, action, outcome: `${need}: Buy a uniform` }
}

// Every tile shown, in the default order (undoes a test's tray changes).
async function resetTray (username) {
  const c = new Client(srv.url)
  await c.signIn(username)
  const page = await c.get('/account/tray')
  const keys = [...page.text_.matchAll(/name="pos-([a-z]+)"/g)].map(m => m[1])
  const DEFAULT = ['caseload', 'lead', 'assessments', 'reviews', 'meetings', 'long', 'consent', 'transfers',
    'requests', 'reallocate', 'referrals', 'commissioning', 'breakglass']
  const body = {}
  for (const k of keys) {
    body[`pos-${k}`] = String(DEFAULT.indexOf(k) + 1)
    body[`show-${k}`] = 'yes'
  }
  const r = await c.post('/account/tray', body, { csrfFrom: '/account/tray' })
  assert.equal(r.status, 303, `resetting ${username}'s tray: ${r.status}`)
}

// ---- 1. the worktray ---------------------------------------------------------------

// The list behind a tile: headed by its title, "N items." equal to the
// count, as many rows (lists here are under a page long).
async function openTile (page, tile, label) {
  await tileLink(page, tile.title).click()
  await h1(page, tile.title).waitFor()
  assert.equal(pathOf(page) + new URL(page.url()).search, tile.href)
  const n = /^(\d+) items?\./.exec(await page.locator('main p.govuk-body').first().innerText())
  assert.ok(n, 'no "N items." on the list')
  assert.equal(Number(n[1]), tile.count, `tile "${tile.title}" says ${tile.count}, its list ${n[1]}`)
  const { rows } = await listTable(page)
  if (tile.count <= 25) assert.equal(rows.length, tile.count, `tile "${tile.title}" says ${tile.count}, its list shows ${rows.length} rows`)
  await checkA11y(page, `the list "${tile.title}" (${label})`)
  return rows
}

async function worktrayFlow (mode) {
  const prac = await open(mode)
  const mgr = await open(mode)
  try {
    // ---- practitioner.north: tiles, a list, sorting ----
    let page = prac.page
    await signIn(page, srv, 'practitioner.north')
    const pt = await tiles(page)
    assert.deepEqual(pt.map(t => t.title), ['Full caseload', 'Cases where you are lead', 'Assessments due or overdue',
      'Reviews due', 'Meetings this week', 'Episodes open too long', 'Consent statements needed', 'Transfers awaiting you'])
    for (const t of pt) assert.ok(Number.isInteger(t.count) && t.count >= 0, `tile "${t.title}" has no count`)
    const caseload = pt.find(t => t.title === 'Full caseload')
    assert.ok(caseload.count >= 2, `practitioner.north's caseload is ${caseload.count}; the sorting check needs 2`)
    // The team view is the manager's, not a practitioner's.
    assert.equal(await page.getByRole('link', { name: 'Team view', exact: true }).count(), 0)
    await screenshot(page, `worktray-home-practitioner-${mode}`)
    await checkA11y(page, `practitioner.north's worktray (${mode})`)

    const rows = await openTile(page, caseload, `practitioner.north, ${mode}`)
    // By date (the default): the date header is sorted, Family is not.
    let table = await listTable(page)
    assert.deepEqual(table.sorts, { Family: 'none', Details: null, Allocated: 'ascending' })

    // The Family header link sorts by name; its aria-sort follows.
    await page.locator('main thead').getByRole('link', { name: 'Family', exact: true }).click()
    await page.waitForURL(u => new URL(u).searchParams.get('sort') === 'name')
    assert.equal(new URL(page.url()).searchParams.get('dir'), 'asc')
    table = await listTable(page)
    assert.deepEqual(table.sorts, { Family: 'ascending', Details: null, Allocated: 'none' })
    const asc = table.rows.map(r => r.text)
    assert.deepEqual(asc, [...asc].sort(cmp), 'Family ascending is not in order')
    assert.deepEqual([...asc].sort(), rows.map(r => r.text).sort(), 'sorting changed which rows show')
    await checkA11y(page, `the caseload sorted by name, ascending (${mode})`)

    // Again: descending, the exact reverse.
    await page.locator('main thead').getByRole('link', { name: 'Family', exact: true }).click()
    await page.waitForURL(u => new URL(u).searchParams.get('dir') === 'desc')
    table = await listTable(page)
    assert.deepEqual(table.sorts, { Family: 'descending', Details: null, Allocated: 'none' })
    assert.deepEqual(table.rows.map(r => r.text), [...asc].reverse(), 'Family descending is not the reverse of ascending')
    await screenshot(page, `worktray-list-sorted-${mode}`)
    await checkA11y(page, `the caseload sorted by name, descending (${mode})`)

    // The date header's link sorts by date again.
    await page.locator('main thead').getByRole('link', { name: 'Allocated', exact: true }).click()
    await page.waitForURL(u => new URL(u).searchParams.get('sort') === 'date')
    table = await listTable(page)
    assert.equal(table.sorts.Family, 'none')
    assert.match(table.sorts.Allocated, /^(ascending|descending)$/)

    // Back to the worktray by the back link; a row leads to its episode.
    await page.getByRole('link', { name: 'Back to your worktray', exact: true }).click()
    await h1(page, 'Your worktray').waitFor()
    await tileLink(page, 'Cases where you are lead').click()
    await h1(page, 'Cases where you are lead').waitFor()
    await page.locator('main tbody').getByRole('link').first().click()
    await h1(page, 'Overview').waitFor()
    assert.match(pathOf(page), /^\/episodes\/\d+$/)

    // ---- manager.north: their tiles, a manager's list, the team view ----
    page = mgr.page
    await signIn(page, srv, 'manager.north')
    const mt = await tiles(page)
    for (const title of ['Requests awaiting allocation', 'Episodes to reallocate', 'Referrals awaiting you',
      'Requests awaiting approval', 'Break-glass uses to review']) {
      assert.ok(mt.some(t => t.title === title), `manager.north has no "${title}" tile`)
    }
    await screenshot(page, `worktray-home-manager-${mode}`)
    await checkA11y(page, `manager.north's worktray (${mode})`)
    await openTile(page, mt.find(t => t.title === 'Requests awaiting allocation'), `manager.north, ${mode}`)
    await page.getByRole('link', { name: 'Back to your worktray', exact: true }).click()
    await h1(page, 'Your worktray').waitFor()
    await page.getByRole('link', { name: 'Team view', exact: true }).click()
    await h1(page, 'Team view: Early Help North').waitFor()
    const team = page.getByRole('table', { name: 'Caseloads and overdue work' })
    const tom = await team.locator('tbody tr').filter({ hasText: 'Tom Okafor' }).locator('td').allInnerTexts()
    assert.equal(tom.length, 4)
    const lead = pt.find(t => t.title === 'Cases where you are lead').count
    assert.equal(Number(tom[1]), lead, `the team view gives Tom Okafor ${tom[1]} cases as lead, his tile ${lead}`)
    await screenshot(page, `worktray-team-${mode}`)
    await checkA11y(page, `the team view (${mode})`)
  } finally {
    await prac.context.close()
    await mgr.context.close()
  }
}

async function narrowFlow (mode) {
  const { context, page } = await open(mode, { viewport: { width: 320, height: 640 } })
  const noSideways = async what => {
    const o = await horizontalOverflow(page)
    assert.ok(o.scrollWidth <= o.clientWidth, `${what} scrolls sideways at 320 px: ${o.scrollWidth} > ${o.clientWidth} (${o.wide.join(', ')})`)
  }
  try {
    await signIn(page, srv, 'practitioner.north')
    await screenshot(page, `worktray-home-320-${mode}`)
    await noSideways('the worktray')
    await checkA11y(page, `the worktray at 320 px (${mode})`)
    // A list with rows (the dates do not wrap).
    await tileLink(page, 'Full caseload').click()
    await h1(page, 'Full caseload').waitFor()
    assert.ok(await page.locator('main tbody tr').count() >= 2, 'the caseload has fewer than 2 rows')
    await screenshot(page, `worktray-list-320-${mode}`)
    await noSideways('the caseload list')
    await checkA11y(page, `the caseload list at 320 px (${mode})`)
    // Sorted, the header links are still there.
    await page.locator('main thead').getByRole('link', { name: 'Family', exact: true }).click()
    await page.waitForURL(u => new URL(u).searchParams.get('sort') === 'name')
    await noSideways('the caseload list sorted by name')
    // The keyworker's requests (a four-column table).
    await page.goto(srv.url + '/requests')
    await noSideways('the requests list')
    await checkA11y(page, `the requests list at 320 px (${mode})`)
  } finally {
    await context.close()
  }
  // The manager's worktray (13 tiles) and team view (four columns).
  const mgr = await open(mode, { viewport: { width: 320, height: 640 } })
  try {
    await signIn(mgr.page, srv, 'manager.north')
    const o = await horizontalOverflow(mgr.page)
    assert.ok(o.scrollWidth <= o.clientWidth, `manager.north's worktray scrolls sideways at 320 px: ${o.scrollWidth} (${o.wide.join(', ')})`)
    await mgr.page.getByRole('link', { name: 'Team view', exact: true }).click()
    await h1(mgr.page, 'Team view: Early Help North').waitFor()
    const t = await horizontalOverflow(mgr.page)
    await screenshot(mgr.page, `worktray-team-320-${mode}`)
    assert.ok(t.scrollWidth <= t.clientWidth, `the team view scrolls sideways at 320 px: ${t.scrollWidth} (${t.wide.join(', ')})`)
    await checkA11y(mgr.page, `the team view at 320 px (${mode})`)
  } finally {
    await mgr.context.close()
  }
}

test('the worktray: tiles with counts, a list, sorting with aria-sort, the team view (JavaScript)', async () => {
  await worktrayFlow('js')
})

test('the worktray without JavaScript', async () => {
  await worktrayFlow('nojs')
})

test('at 320 px wide the worktray and a list do not scroll sideways (with and without JavaScript)', async () => {
  await narrowFlow('js')
  await narrowFlow('nojs')
})

// ---- 2. tray publications ---------------------------------------------------------------

// From the worktray, "Choose which tiles show and their order": untick the
// second tile, give the first a position after all the others, Save; the
// worktray no longer shows the second and shows the first last.  By mouse,
// or by keyboard alone.
async function trayFlow (mode, username, keyboard) {
  const label = `${username}, ${mode}${keyboard ? ', keyboard' : ''}`
  const { context, page } = await open(mode)
  try {
    await signIn(page, srv, username)
    const before = (await tiles(page)).map(t => t.title)
    assert.ok(before.length >= 3)
    const [first, hidden] = before
    const choose = page.getByRole('link', { name: 'Choose which tiles show and their order', exact: true })
    if (keyboard) {
      await tabUntil(page, 'the "Choose which tiles show" link',
        () => document.activeElement?.textContent.trim() === 'Choose which tiles show and their order')
      await page.keyboard.press('Enter')
    } else {
      await choose.click()
    }
    await h1(page, 'Tray publications').waitFor()
    await checkA11y(page, `the tray publications page (${label})`)

    // Each tile is a group named by its title, with "Show this tile" and "Position".
    const groups = page.locator('main fieldset')
    assert.deepEqual(await groups.locator('legend').allInnerTexts(), before, 'the tray page lists the tiles in the worktray order')
    const hiddenGroup = page.getByRole('group', { name: hidden, exact: true })
    const firstGroup = page.getByRole('group', { name: first, exact: true })
    const hiddenBox = hiddenGroup.getByLabel('Show this tile', { exact: true })
    const firstPos = firstGroup.getByLabel('Position', { exact: true })
    assert.ok(await hiddenBox.isChecked())
    assert.equal(await firstPos.inputValue(), '1')
    const last = String(before.length + 1)

    if (keyboard) {
      await page.evaluate(() => document.activeElement?.blur())
      // Tab to the first tile's position, replace it; Tab on to the second
      // tile's checkbox and untick it with Space; Tab to Save, press Enter.
      const posId = await firstPos.getAttribute('id')
      const boxId = await hiddenBox.getAttribute('id')
      await tabToId(page, posId)
      await page.keyboard.press('Control+A')
      await page.keyboard.type(last)
      await tabToId(page, boxId)
      await page.keyboard.press('Space')
      assert.ok(!(await hiddenBox.isChecked()), 'Space did not untick the focused checkbox')
      await tabUntil(page, 'the Save button', () => {
        const el = document.activeElement
        return el?.tagName === 'BUTTON' && el.textContent.trim() === 'Save'
      })
      const bg = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor)
      assert.equal(bg, 'rgb(255, 221, 0)', 'the focused Save button has no visible focus style')
      await page.keyboard.press('Enter')
    } else {
      await hiddenBox.uncheck()
      await firstPos.fill(last)
      await button(page, 'Save').click()
    }
    await page.waitForURL(u => new URL(u).searchParams.get('saved') === '1')
    await h1(page, 'Tray publications').waitFor()
    assert.match(await banner(page).innerText(), /Your worktray has been updated/)
    // The page shows the new order, the hidden tile unticked.
    const legends = await groups.locator('legend').allInnerTexts()
    assert.equal(legends[legends.length - 1], first, `"${first}" is not last on the tray page`)
    assert.ok(!(await hiddenBox.isChecked()), `"${hidden}" is ticked again after saving`)
    await checkA11y(page, `the tray publications page, saved (${label})`)

    // The worktray follows.
    await page.getByRole('link', { name: 'Back to your worktray', exact: true }).click()
    await h1(page, 'Your worktray').waitFor()
    const after = (await tiles(page)).map(t => t.title)
    assert.deepEqual(after, [...before.slice(2), first], `the worktray's tiles after saving (${label})`)
    assert.equal(await tileLink(page, hidden).count(), 0, `"${hidden}" still shows`)
    await screenshot(page, `worktray-tray-saved-${mode}${keyboard ? '-keyboard' : ''}`)
    await checkA11y(page, `the worktray after tray publications (${label})`)
  } finally {
    await context.close()
    await resetTray(username)
  }
}

test('tray publications: untick a tile and move another; the worktray follows (JavaScript)', async () => {
  await trayFlow('js', 'practitioner.north', false)
})

test('tray publications without JavaScript', async () => {
  await trayFlow('nojs', 'manager.north', false)
})

test('tray publications by keyboard alone: Tab reaches the fields and Save (with and without JavaScript)', async () => {
  await trayFlow('js', 'manager.north', true)
  await trayFlow('nojs', 'practitioner.north', true)
})

// ---- 3. step-up ---------------------------------------------------------------------------

const STEP = {
  js: { family: 'Stepworth', given: 'Ivy' },
  nojs: { family: 'Upfield', given: 'Noah' }
}

async function stepUpFlow (mode) {
  const run = STEP[mode]
  const child = `${run.given} ${run.family}`
  const { eid } = await openEpisode(run.family, run.given)
  const lead = await open(mode)
  const csc = await open(mode)
  try {
    // ---- the lead sends the referral ----
    let page = lead.page
    await signIn(page, srv, 'practitioner.north')
    await tileLink(page, 'Cases where you are lead').click()
    await h1(page, 'Cases where you are lead').waitFor()
    await page.locator('main tbody').getByRole('link', { name: child, exact: true }).click()
    await h1(page, 'Overview').waitFor()
    assert.equal(pathOf(page), `/episodes/${eid}`)
    await checkA11y(page, `the episode before the step-up (${mode})`)
    await page.getByRole('link', { name: "Refer to children's social care (step up)", exact: true }).click()
    await h1(page, "Refer to children's social care (step up)").waitFor()
    assert.match(await page.locator('.govuk-warning-text').innerText(), /immediate danger call 999/)
    await checkA11y(page, `the step-up form (${mode})`)
    await page.getByRole('group', { name: 'Front door', exact: true }).getByLabel("Children's Social Care", { exact: true }).check()
    await page.getByLabel('Reason for the referral', { exact: true }).fill(`Bruise seen on ${run.given}'s arm at school.`)
    await page.getByRole('group', { name: 'How urgent', exact: true }).getByLabel('Within 24 hours', { exact: true }).check()
    await page.getByLabel('Information shared with social care', { exact: true }).fill('Seen by the class teacher on Monday.')
    await checkA11y(page, `the step-up form, filled in (${mode})`)
    await button(page, 'Send the referral').click()
    await h1(page, "Step up to children's social care").waitFor()
    const rid = /^\/referrals\/(\d+)$/.exec(pathOf(page))?.[1]
    assert.ok(rid, `after sending: ${page.url()}`)
    assert.match(await summaryValue(page, 'Child'), new RegExp(`^${child}, born 3 April 2016$`))
    assert.match(await summaryValue(page, 'Reason'), /Bruise seen/)
    assert.equal(await summaryValue(page, 'Information shared'), 'Seen by the class teacher on Monday.')
    assert.match(await summaryValue(page, 'Urgency'), /24 hours/i)
    // The sender cannot decide it.
    assert.equal(await button(page, 'Accept').count(), 0)
    await screenshot(page, `worktray-referral-sent-${mode}`)
    await checkA11y(page, `the referral as sent (${mode})`)

    // ---- children's social care accepts it from the worktray ----
    page = csc.page
    await signIn(page, srv, 'csc.manager')
    const tile = (await tiles(page)).find(t => t.title === 'Referrals awaiting you')
    assert.ok(tile && tile.count >= 1, `csc.manager's "Referrals awaiting you": ${JSON.stringify(tile)}`)
    await checkA11y(page, `csc.manager's worktray (${mode})`)
    await openTile(page, tile, `csc.manager, ${mode}`)
    await page.locator('main tbody').getByRole('link', { name: child, exact: true }).click()
    await h1(page, "Step up to children's social care").waitFor()
    assert.equal(pathOf(page), `/referrals/${rid}`)
    assert.match(await summaryValue(page, 'Reason'), /Bruise seen/)
    await checkA11y(page, `the referral as received (${mode})`)
    await button(page, 'Accept').click()
    await page.locator('form[action$="/accept"]').waitFor({ state: 'detached' })
    assert.match(await summaryValue(page, 'Status'), /accepted/i)
    await screenshot(page, `worktray-referral-accepted-${mode}`)
    await checkA11y(page, `the referral, accepted (${mode})`)
    // No longer awaiting.
    await page.goto(srv.url + '/')
    assert.equal((await tiles(page)).find(t => t.title === 'Referrals awaiting you').count, tile.count - 1)

    // ---- the lead's episode shows the outcome ----
    page = lead.page
    await page.goto(`${srv.url}/episodes/${eid}`)
    await h1(page, 'Overview').waitFor()
    const inset = page.locator('.govuk-inset-text').filter({ hasText: 'Step-up' })
    assert.match(await inset.innerText(), new RegExp(`Step-up referral ${rid}: accepted by social care`))
    await screenshot(page, `worktray-episode-stepped-up-${mode}`)
    await checkA11y(page, `the episode after the step-up was accepted (${mode})`)
  } finally {
    await lead.context.close()
    await csc.context.close()
  }
}

test('step-up: the lead refers to social care; csc.manager accepts from the worktray; the episode shows it (JavaScript)', async () => {
  await stepUpFlow('js')
})

test('step-up without JavaScript', async () => {
  await stepUpFlow('nojs')
})

// ---- 4. commissioning -----------------------------------------------------------------------

const FUND = {
  js: { family: 'Fundwood', given: 'Cleo', goods: 'School uniform for Cleo' },
  nojs: { family: 'Pennyfeather', given: 'Arlo', goods: 'Winter coat for Arlo' }
}

async function commissionFlow (mode) {
  const run = FUND[mode]
  const child = `${run.given} ${run.family}`
  const { eid, outcome } = await readyEpisode(run.family, run.given)
  const kw = await open(mode)
  const mgr = await open(mode)
  try {
    // ---- the keyworker asks for funding ----
    let page = kw.page
    await signIn(page, srv, 'practitioner.north')
    await tileLink(page, 'Cases where you are lead').click()
    await page.locator('main tbody').getByRole('link', { name: child, exact: true }).click()
    await h1(page, 'Overview').waitFor()
    assert.equal(pathOf(page), `/episodes/${eid}`)
    await page.getByRole('link', { name: /request funding/ }).click()
    await h1(page, 'Personalised commissioning: request funding').waitFor()
    assert.equal(pathOf(page), `/episodes/${eid}/requests`)
    await checkA11y(page, `the funding request form (${mode})`)
    const fill = async amount => {
      await page.getByLabel('Goods or services', { exact: true }).fill(run.goods)
      await page.getByLabel('Supplier', { exact: true }).fill('Northgate Uniforms')
      await page.getByLabel('Amount', { exact: true }).fill(amount)
      await page.getByLabel('Which plan outcome it serves', { exact: true }).selectOption({ label: outcome })
      await page.getByLabel('Why it is needed', { exact: true }).fill(`So ${run.given} can go to school every day`)
    }
    // A negative amount: the GOV.UK error summary, the amount kept.
    await fill('-3')
    await button(page, 'Send the request').click()
    const summary = page.locator('.govuk-error-summary')
    await summary.waitFor({ state: 'visible' })
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.title(), /^Error: /, `title was "${await page.title()}"`)
    const link = summary.getByRole('link')
    assert.equal(await link.count(), 1)
    assert.equal(await link.getAttribute('href'), '#amount')
    assert.equal((await link.innerText()).trim(), 'Amount must be more than £0')
    const amount = page.getByLabel('Amount', { exact: true })
    assert.equal(await amount.inputValue(), '-3')
    assert.match(await amount.getAttribute('aria-describedby'), /\bamount-error\b/)
    assert.match(await page.locator('#amount-error').innerText(), /Amount must be more than £0/)
    // Everything else typed is kept too.
    assert.equal(await page.getByLabel('Goods or services', { exact: true }).inputValue(), run.goods)
    assert.equal(await page.getByLabel('Which plan outcome it serves', { exact: true }).locator('option:checked').innerText(), outcome)
    if (mode === 'js') await page.waitForFunction(() => !!document.activeElement?.closest('.govuk-error-summary'))
    await screenshot(page, `worktray-request-error-${mode}`)
    await checkA11y(page, `the funding request form with an error (${mode})`)

    await amount.fill('12.50')
    await button(page, 'Send the request').click()
    await page.waitForURL(u => /^\/requests\/\d+$/.test(new URL(u).pathname))
    const qid = /^\/requests\/(\d+)$/.exec(pathOf(page))[1]
    await h1(page, `Request ${qid}`).waitFor()
    assert.equal(await summaryValue(page, 'Status'), 'Awaiting approval')
    assert.equal(await summaryValue(page, 'Amount'), '£12.50')
    assert.equal(await summaryValue(page, 'Goods or services'), run.goods)
    assert.equal(await summaryValue(page, 'Plan outcome'), outcome)
    assert.equal(await button(page, 'Approve').count(), 0, 'the keyworker is offered Approve')
    await screenshot(page, `worktray-request-sent-${mode}`)
    await checkA11y(page, `the request, awaiting approval (${mode})`)

    // ---- the manager approves it from the worktray ----
    page = mgr.page
    await signIn(page, srv, 'manager.north')
    const tile = (await tiles(page)).find(t => t.title === 'Requests awaiting approval')
    assert.ok(tile && tile.count >= 1, `manager.north's "Requests awaiting approval": ${JSON.stringify(tile)}`)
    await openTile(page, tile, `manager.north, ${mode}`)
    const row = page.locator('main tbody tr').filter({ has: page.getByRole('link', { name: run.goods, exact: true }) })
    assert.match(await row.innerText(), /£12\.50/)
    await row.getByRole('link', { name: run.goods, exact: true }).click()
    await h1(page, `Request ${qid}`).waitFor()
    await checkA11y(page, `the request as the manager sees it (${mode})`)
    await button(page, 'Approve').click()
    await page.locator('form[action$="/approve"]').waitFor({ state: 'detached' })
    await h1(page, `Request ${qid}`).waitFor()
    assert.equal(pathOf(page), `/requests/${qid}`)
    assert.equal(await summaryValue(page, 'Status'), 'Approved')
    await checkA11y(page, `the request, approved (${mode})`)
    await page.goto(srv.url + '/')
    assert.equal((await tiles(page)).find(t => t.title === 'Requests awaiting approval').count, tile.count - 1)

    // ---- the keyworker sees the decision ----
    page = kw.page
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Requests', exact: true }).click()
    await page.locator('main tbody').waitFor()
    const mine = page.locator('main tbody tr').filter({ has: page.getByRole('link', { name: run.goods, exact: true }) })
    assert.match(await mine.innerText(), /£12\.50\s+Approved/)
    await checkA11y(page, `the keyworker's requests (${mode})`)
    await mine.getByRole('link', { name: run.goods, exact: true }).click()
    await h1(page, `Request ${qid}`).waitFor()
    assert.equal(await summaryValue(page, 'Status'), 'Approved')
    await screenshot(page, `worktray-request-approved-${mode}`)
    await checkA11y(page, `the approved request as the keyworker sees it (${mode})`)
  } finally {
    await kw.context.close()
    await mgr.context.close()
  }
}

test('commissioning: a refused amount, then a request; the manager approves from the worktray; the keyworker sees it (JavaScript)', async () => {
  await commissionFlow('js')
})

test('commissioning without JavaScript', async () => {
  await commissionFlow('nojs')
})

// ---- after all of it ----------------------------------------------------------------------

test('no server errors in the log', () => {
  const bad = srv.log().split('\n').filter(l => /status=5\d\d/.test(l))
  assert.deepEqual(bad, [], 'server errors in the log')
})
