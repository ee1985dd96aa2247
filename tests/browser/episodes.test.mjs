// episodes.test.mjs -- an episode of early help in a real browser, with and
// without JavaScript: a practitioner finds a child and requests early help
// with the family's consent; a manager allocates it from the worktray; the
// lead records a new consent statement that covers the school, adds the
// school's practitioner to the team around the family and writes a case note
// (with the character count); the manager closes the episode through the
// "Are you sure" page.  axe (WCAG 2.2 AA) on every page reached.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client } from '../lib/server.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, signIn, fillDate, today, todayInWords } from './lib.mjs'

let srv
let browser

// One child per run (the two runs share a server).
const RUNS = {
  js: { js: true, family: 'Oyelaran', given: 'Tobi', parent: 'Funmi Oyelaran' },
  nojs: { js: false, family: 'Pettigrew', given: 'Maisie', parent: 'Dawn Pettigrew' }
}

before(async () => {
  srv = await startServer()
  browser = await launch()
  // Setup only (people.test.mjs drives the create form): the children, made
  // by manager.north, since practitioners cannot create records.
  const m = new Client(srv.url)
  await m.signIn('manager.north')
  for (const run of Object.values(RUNS)) {
    const r = await m.post('/people/new', {
      family_name: run.family, given_names: run.given, 'dob-day': '5', 'dob-month': '6', 'dob-year': '2015',
      gender: 'unknown', address: '7 Station Road, Exton', postcode: 'EX1 3DN'
    }, { csrfFrom: '/people/new' })
    assert.equal(r.status, 303, `setup: creating ${run.given} ${run.family} failed`)
  }
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true })
const button = (scope, name) => scope.getByRole('button', { name, exact: true })
const banner = page => page.locator('.govuk-notification-banner--success')
const subnav = (page, name) => page.getByRole('navigation', { name: 'Episode sections' }).getByRole('link', { name, exact: true })

// Choose the <option> whose text starts with `start` in the select labelled `label`.
async function selectStartingWith (scope, label, start) {
  const select = scope.getByLabel(label, { exact: true })
  const value = await select.locator('option').evaluateAll((opts, s) =>
    opts.find(o => o.textContent.trim().startsWith(s))?.value, start)
  assert.ok(value, `no option starting "${start}" in "${label}"`)
  await select.selectOption(value)
}

async function episodeFlow (label) {
  const run = RUNS[label]
  const child = `${run.given} ${run.family}`
  const opts = run.js ? {} : { javaScriptEnabled: false }
  const t = today()
  const prac = await newPage(browser, opts)
  const mgr = await newPage(browser, opts)
  prac.page.setDefaultTimeout(15000)
  mgr.page.setDefaultTimeout(15000)
  try {
    // ---- 1. The practitioner finds the child and requests early help. ----
    let page = prac.page
    await signIn(page, srv, 'practitioner.north')
    await page.getByRole('link', { name: 'Find a person', exact: true }).first().click()
    await h1(page, 'Find a person').waitFor()
    await page.getByLabel('Family name', { exact: true }).fill(run.family)
    await page.getByLabel('Given name', { exact: true }).fill(run.given)
    await button(page, 'Search').click()
    await page.locator('h2#results').waitFor()
    await checkA11y(page, `the practitioner's search results (${label})`)
    await page.getByRole('link', { name: `Request early help for ${child}`, exact: true }).click()

    await h1(page, 'Request early help').waitFor()
    assert.match(await page.locator('main').innerText(), new RegExp(child))
    await checkA11y(page, `the request form (${label})`)
    // The team is already the practitioner's own.
    const team = page.getByLabel('Team to send the request to', { exact: true })
    assert.match(await team.locator('option:checked').innerText(), /^Early Help North/)
    await page.getByLabel('Name of the person who gave consent', { exact: true }).fill(run.parent)
    await page.getByRole('group', { name: 'Who they are' }).getByLabel('A parent or carer in the family', { exact: true }).check()
    await fillDate(page, 'Date consent was given', t.day, t.month, t.year)
    await page.getByRole('group', { name: 'How consent was obtained' }).getByLabel('In person', { exact: true }).check()
    const agencies = page.getByRole('group', { name: 'Agencies the family agreed may share information' })
    assert.ok(await agencies.getByLabel('Exampleshire County Council', { exact: true }).isChecked(),
      'the council is not ticked by default')
    await page.getByLabel('Reason for involvement', { exact: true }).fill(`${run.given}'s attendance has fallen to 82% this term.`)
    await page.getByRole('group', { name: 'Needs identified' }).getByLabel('School attendance', { exact: true }).check()
    await page.getByLabel('Who referred the family', { exact: true }).fill('Northgate Primary School DSL')
    await button(page, 'Send the request').click()
    await h1(page, 'Request sent').waitFor()
    const sent = await page.locator('main').innerText()
    const eid = /episode (\d+)/.exec(sent)?.[1]
    assert.ok(eid, `no episode number on the confirmation: ${sent}`)
    await checkA11y(page, `the request-sent page (${label})`)

    // ---- 2. The manager allocates it from the worktray. ----
    page = mgr.page
    await signIn(page, srv, 'manager.north')
    const tile = page.getByRole('link', { name: /^\d+ Requests awaiting allocation$/ })
    assert.match(await tile.innerText(), /^[1-9]\d*\s+Requests awaiting allocation$/)
    await checkA11y(page, `the manager's worktray with a request (${label})`)
    await tile.click()
    await h1(page, 'Requests awaiting allocation').waitFor()
    await checkA11y(page, `the requests awaiting allocation (${label})`)
    await page.getByRole('table', { name: 'Requests awaiting allocation' })
      .getByRole('link', { name: new RegExp(child) }).click()
    await h1(page, 'Overview').waitFor()
    assert.match(await page.locator('.moj-identity-bar').innerText(), /Awaiting allocation/)
    await checkA11y(page, `the episode awaiting allocation (${label})`)
    await page.getByRole('link', { name: 'Allocate a lead or decline', exact: true }).click()
    await h1(page, 'Allocate a Lead Practitioner').waitFor()
    await checkA11y(page, `the allocation page (${label})`)
    await selectStartingWith(page, 'Lead Practitioner', 'Tom Okafor')
    await button(page, 'Allocate').click()
    await h1(page, 'Overview').waitFor()
    assert.equal(pathOf(page), `/episodes/${eid}`)
    const bar = await page.locator('.moj-identity-bar').innerText()
    assert.match(bar, /Lead Practitioner: Tom Okafor/, bar)
    assert.match(bar, /Open/, bar)
    await checkA11y(page, `the allocated episode (${label})`)

    // ---- 3. The lead: a new consent statement that covers the school. ----
    page = prac.page
    await page.goto(srv.url + '/')
    await page.getByRole('link', { name: /^\d+ Cases where you are lead$/ }).click()
    await h1(page, 'Cases where you are lead').waitFor()
    await checkA11y(page, `the lead's cases (${label})`)
    await page.getByRole('table', { name: 'Cases where you are lead' })
      .getByRole('link', { name: new RegExp(child) }).click()
    await h1(page, 'Overview').waitFor()
    await checkA11y(page, `the lead's episode overview (${label})`)
    await subnav(page, 'Consent').click()
    await h1(page, 'Consent').waitFor()
    await checkA11y(page, `the consent page (${label})`)
    const form = page.locator('form').filter({ has: button(page, 'Record consent') })
    await form.getByLabel('Name of the person who gave consent', { exact: true }).fill(run.parent)
    await form.getByRole('group', { name: 'Who they are' }).getByLabel('A parent or carer in the family', { exact: true }).check()
    await fillDate(form, 'Date consent was given', t.day, t.month, t.year)
    await form.getByRole('group', { name: 'How consent was obtained' }).getByLabel('In writing', { exact: true }).check()
    const covered = form.getByRole('group', { name: 'Agencies the family agreed may share information' })
    await covered.getByLabel('Exampleshire County Council', { exact: true }).check()
    await covered.getByLabel('Northgate Primary School', { exact: true }).check()
    await button(form, 'Record consent').click()
    await page.waitForURL(u => new URL(u).searchParams.get('saved') === '1')
    assert.match(await banner(page).innerText(), /Consent statement recorded/)
    const history = page.getByRole('table', { name: /Consent history/ })
    const latest = history.locator('tbody tr').filter({ hasText: 'Latest' })
    assert.equal(await latest.count(), 1)
    const latestText = await latest.innerText()
    assert.match(latestText, /Northgate Primary School/, latestText)
    assert.match(latestText, new RegExp(todayInWords()), latestText)
    await checkA11y(page, `the consent page with the new statement (${label})`)

    // ---- 4. Team around the family: find Whitfield, add. ----
    await subnav(page, 'Team around the family').click()
    await h1(page, 'Team around the family').waitFor()
    await checkA11y(page, `the team page (${label})`)
    await page.getByLabel('Name or agency', { exact: true }).fill('Whitfield')
    await button(page, 'Find practitioners').click()
    const pick = page.getByRole('group', { name: 'Practitioner', exact: true })
    await pick.waitFor()
    await checkA11y(page, `the practitioners found (${label})`)
    await pick.getByLabel('Sam Whitfield, Northgate Primary School', { exact: true }).check()
    const addForm = page.locator('form').filter({ has: pick })
    await button(addForm, 'Add to the team').click()
    const members = page.getByRole('table', { name: 'Current members' })
    await members.waitFor()
    const membersText = await members.innerText()
    assert.match(membersText, /Sam Whitfield/, membersText)
    assert.match(membersText, /Northgate Primary School/, membersText)
    await screenshot(page, `episodes-team-${label}`)
    await checkA11y(page, `the team with the school's practitioner (${label})`)

    // ---- 5. A case note, with the character count. ----
    await subnav(page, 'Case notes').click()
    await h1(page, 'Case notes').waitFor()
    await checkA11y(page, `the case notes (${label})`)
    await page.getByRole('link', { name: 'Add a case note', exact: true }).click()
    await h1(page, 'Add a case note').waitFor()
    // The date of the contact starts as today.
    const date = page.getByRole('group', { name: 'Date of the contact' })
    // (Today when the page was made: the run may have crossed midnight since it began.)
    assert.ok([String(t.day), String(today().day)].includes(await date.getByLabel('Day', { exact: true }).inputValue()))
    await page.getByRole('group', { name: 'Kind of contact' }).getByLabel('Visit', { exact: true }).check()
    await page.getByLabel('Who it was with (optional)', { exact: true }).fill(`${run.parent} and ${run.given}`)
    await page.getByRole('group', { name: 'Who the note is about' }).getByLabel(child, { exact: true }).check()
    const note = `Home visit. ${run.given} showed me their reading book and said mornings are hard.`
    const body = page.getByLabel('Case note', { exact: true })
    await body.fill(note)
    const count = page.locator('.govuk-character-count__status, .govuk-character-count__message:not(.govuk-visually-hidden)').first()
    if (run.js) {
      // govuk-frontend counts down as you type.
      await page.getByText(`You have ${(20000 - note.length).toLocaleString('en-GB')} characters remaining`).first().waitFor()
    } else {
      assert.match(await count.innerText(), /You can enter up to 20,000 characters/)
    }
    await screenshot(page, `episodes-note-form-${label}`)
    await checkA11y(page, `the case note form, filled in (${label})`)
    await button(page, 'Add case note').click()
    await h1(page, 'Case notes').waitFor()
    assert.match(await banner(page).innerText(), /Case note added/)
    assert.match(await page.locator('.moj-timeline').innerText(), /mornings are hard/)
    await checkA11y(page, `the case notes with the new note (${label})`)

    // ---- 6. The manager closes the episode. ----
    page = mgr.page
    await page.goto(`${srv.url}/episodes/${eid}`)
    await page.getByRole('link', { name: 'Close this episode', exact: true }).click()
    await h1(page, 'Are you sure you want to close this episode?').waitFor()
    assert.ok(await page.locator('.govuk-panel--interruption').isVisible())
    // The closure form starts from the answers given at the start.
    assert.match(await page.getByLabel('Reason for involvement', { exact: true }).inputValue(), /attendance has fallen/)
    await checkA11y(page, `the "Are you sure" closing page (${label})`)
    await fillDate(page, 'Closure date', t.day, t.month, t.year)
    await page.getByLabel('Reason for closing', { exact: true }).selectOption({ label: 'Needs met' })
    await page.getByLabel('What changed for the family', { exact: true }).fill(`${run.given} is in school every day and likes it.`)
    await button(page, 'Close the episode').click()
    await h1(page, 'Overview').waitFor()
    assert.equal(pathOf(page), `/episodes/${eid}`)
    const closedBar = await page.locator('.moj-identity-bar').innerText()
    assert.match(closedBar, /Closed/, closedBar)
    await screenshot(page, `episodes-closed-${label}`)
    await checkA11y(page, `the closed episode (${label})`)
  } finally {
    await prac.context.close()
    await mgr.context.close()
  }
}

test('request, allocate, consent, team, case note and close an episode, with JavaScript', async () => {
  await episodeFlow('js')
})

test('the same without JavaScript', async () => {
  await episodeFlow('nojs')
})
