// assessment.test.mjs -- the Early Help Assessment and the team around the
// family meeting in a real browser, with and without JavaScript: the task
// list (a section saved for later, statuses), a validation error, check your
// answers, the confirmation panel; then a meeting scheduled, attendees added,
// three actions on the plan, the meeting written up (attendance, outcomes,
// review of each action), the plan, and "My family's plan" printed to PDF by
// chromium with its text checked.  axe (WCAG 2.2 AA) on every page reached.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startServer, Client } from '../lib/server.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, signIn, fillDate, today, SCREENSHOTS } from './lib.mjs'

let srv
let browser

const RUNS = {
  js: { js: true, family: 'Quarshie', given: 'Ama', pdf: 'family-plan.pdf' },
  nojs: { js: false, family: 'Lindqvist', given: 'Freya', pdf: 'family-plan-nojs.pdf' }
}

// Setup only, through the same HTTP forms a browser posts (episodes.test.mjs
// drives these pages): the child, a request with consent, allocated to Tom
// Okafor (practitioner.north).  Returns the episode id.
async function openEpisode (run) {
  const m = new Client(srv.url)
  await m.signIn('manager.north')
  let r = await m.post('/people/new', {
    family_name: run.family, given_names: run.given, 'dob-day': '11', 'dob-month': '1', 'dob-year': '2016',
    gender: 'female', address: '3 Brook Street, Exton', postcode: 'EX5 2HH'
  }, { csrfFrom: '/people/new' })
  assert.equal(r.status, 303, 'setup: create person')
  const pid = /\/people\/(\d+)/.exec(r.headers.get('location'))[1]
  const p = new Client(srv.url)
  await p.signIn('practitioner.north')
  const form = await p.get('/episodes/new?person=' + pid)
  const team = /<option value="(\d+)"[^>]*>Early Help North/.exec(form.text_)[1]
  const la = /name="agencies" type="checkbox" value="(\d+)"\s*checked/.exec(form.text_)[1]
  const t = today()
  r = await p.post('/episodes/new', {
    person: pid, team, consent_by: 'Parent', consent_role: 'parent or carer', 'consent-day': t.day,
    'consent-month': t.month, 'consent-year': t.year, consent_how: 'in person', agencies: la,
    'f.reason': 'Low attendance', 'f.needs': 'School attendance', 'f.referrer': 'School'
  }, { csrfFrom: '/episodes/new?person=' + pid })
  const eid = /episode (\d+)/.exec(r.text_)?.[1]
  assert.ok(eid, 'setup: request early help')
  const alloc = await m.get(`/episodes/${eid}/allocate`)
  const lead = /<option value="(\d+)"[^>]*>Tom Okafor/.exec(alloc.text_)[1]
  r = await m.post(`/episodes/${eid}/allocate`, { lead }, { csrfFrom: `/episodes/${eid}/allocate` })
  assert.equal(r.status, 303, 'setup: allocate')
  return eid
}

before(async () => {
  srv = await startServer()
  browser = await launch()
  for (const run of Object.values(RUNS)) run.eid = await openEpisode(run)
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true })
const button = (scope, name) => scope.getByRole('button', { name, exact: true })
const banner = page => page.locator('.govuk-notification-banner--success')
const subnav = (page, name) => page.getByRole('navigation', { name: 'Episode sections' }).getByRole('link', { name, exact: true })

// The task list as { name: status }.
async function taskStatuses (page) {
  return page.locator('.govuk-task-list__item').evaluateAll(items => Object.fromEntries(items.map(li => [
    li.querySelector('.govuk-task-list__name-and-hint').textContent.trim(),
    li.querySelector('.govuk-task-list__status').textContent.trim()
  ])))
}

function inDays (n) {
  const d = new Date(Date.now() + n * 86400000)
  return { day: d.getDate(), month: d.getMonth() + 1, year: d.getFullYear() }
}

// ---- PDF text: poppler's pdftotext (Debian poppler-utils, installed by make deps).
function pdfText (file) {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
  assert.equal(r.status, 0, 'pdftotext failed: ' + r.stderr)
  return r.stdout
}

const squash = s => s.replace(/\s+/g, '').toLowerCase()

async function assessmentFlow (label) {
  const run = RUNS[label]
  const child = `${run.given} ${run.family}`
  const eid = run.eid
  const { context, page } = await newPage(browser, run.js ? {} : { javaScriptEnabled: false })
  page.setDefaultTimeout(15000)
  const t = today()
  try {
    await signIn(page, srv, 'practitioner.north')
    await page.goto(`${srv.url}/episodes/${eid}`)
    await h1(page, 'Overview').waitFor()

    // ---- The task list. ----
    await subnav(page, 'Assessments').click()
    await h1(page, 'Assessments').waitFor()
    await checkA11y(page, `the assessments tab (${label})`)
    await button(page, 'Start the Early Help Assessment').click()
    await h1(page, 'Early Help Assessment').waitFor()
    const aid = /\/assessments\/(\d+)$/.exec(pathOf(page))?.[1]
    assert.ok(aid, page.url())
    let statuses = await taskStatuses(page)
    assert.equal(Object.keys(statuses).length, 9, JSON.stringify(statuses))
    assert.ok(Object.values(statuses).every(s => s === 'Not started'), JSON.stringify(statuses))
    await checkA11y(page, `the new task list (${label})`)

    // Section 1: a date that does not exist first -> the error summary, typed text kept.
    await page.getByRole('link', { name: 'About the assessment', exact: true }).click()
    await h1(page, 'About the assessment').waitFor()
    await checkA11y(page, `section 1 (${label})`)
    await fillDate(page, 'Date the family was seen', 31, 2, t.year)
    await page.getByLabel('Who took part', { exact: true }).fill(`Mum, ${run.given} (10) and the class teacher`)
    await button(page, 'Save and come back later').click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.title(), /^Error: /)
    const summary = page.locator('.govuk-error-summary')
    assert.match(await summary.innerText(), /Date the family was seen must be a real date/)
    assert.equal(await page.getByLabel('Who took part', { exact: true }).inputValue(), `Mum, ${run.given} (10) and the class teacher`)
    await checkA11y(page, `section 1 with an error (${label})`)
    await fillDate(page, 'Date the family was seen', t.day, t.month, t.year)
    await button(page, 'Save and come back later').click()
    await h1(page, 'Early Help Assessment').waitFor()
    assert.equal(pathOf(page), `/assessments/${aid}`)

    // Section 2 half done, saved for later.
    await page.getByRole('link', { name: 'The child\'s development', exact: true }).click()
    await h1(page, 'The child\'s development').waitFor()
    await checkA11y(page, `section 2 (${label})`)
    await page.getByLabel('Strengths', { exact: true }).fill(`${run.given} reads well and loves drawing.`)
    await button(page, 'Save and come back later').click()
    await h1(page, 'Early Help Assessment').waitFor()
    statuses = await taskStatuses(page)
    assert.equal(statuses['About the assessment'], 'Completed', JSON.stringify(statuses))
    assert.equal(statuses['The child\'s development'], 'In progress', JSON.stringify(statuses))
    assert.equal(statuses['Parenting capacity'], 'Not started', JSON.stringify(statuses))
    await screenshot(page, `assessment-task-list-${label}`)
    await checkA11y(page, `the task list with statuses (${label})`)

    // The rest, section by section with "Save and continue".
    await page.getByRole('link', { name: 'The child\'s development', exact: true }).click()
    assert.equal(await page.getByLabel('Strengths', { exact: true }).inputValue(), `${run.given} reads well and loves drawing.`)
    const triangle = [
      ['The child\'s development', 'Score for the child\'s development', '2: Some unmet needs', 'Gets to school late most days'],
      ['Parenting capacity', 'Score for parenting capacity', '3: Needs mostly met with support', 'Mornings are chaotic'],
      ['Family and environmental factors', 'Score for family and environmental factors', '2: Some unmet needs', 'Damp flat, two rooms']
    ]
    for (const [section, score, answer, needs] of triangle) {
      await h1(page, section).waitFor()
      if (section !== 'The child\'s development') {
        await checkA11y(page, `${section} (${label})`)
        await page.getByLabel('Strengths', { exact: true }).fill('Warm, close family')
      }
      await page.getByLabel('Needs', { exact: true }).fill(needs)
      await page.getByRole('group', { name: score }).getByLabel(answer, { exact: true }).check()
      await button(page, 'Save and continue').click()
    }
    const long = [
      ['The voice of the child', 'What the child says, in their own words', '"I like school when I get there on time."'],
      ['The family\'s views', 'What the family thinks is going well and what they want to change', 'Mornings need to be calmer.'],
      ['Other agencies involved', 'Agencies working with the family, and what they do', 'School nurse; housing officer.'],
      ['Analysis', 'Your analysis', 'Lateness follows the damp and the mornings; the family want help.'],
      ['Agreed outcomes', 'Outcomes agreed with the family', `${run.given} in school on time every day.`]
    ]
    for (const [section, question, answer] of long) {
      await h1(page, section).waitFor()
      await checkA11y(page, `${section} (${label})`)
      // (An optional question's label ends "(optional)".)
      const field = page.getByLabel(question, { exact: true }).or(page.getByLabel(`${question} (optional)`, { exact: true }))
      await field.fill(answer)
      await button(page, 'Save and continue').click()
    }

    // ---- Check your answers, complete. ----
    if (!/\/check$/.test(pathOf(page))) {
      await h1(page, 'Early Help Assessment').waitFor()
      statuses = await taskStatuses(page)
      assert.ok(Object.values(statuses).every(s => s === 'Completed'), JSON.stringify(statuses))
      await checkA11y(page, `the task list, all completed (${label})`)
      await page.getByRole('link', { name: 'Check your answers', exact: true }).click()
    }
    await h1(page, 'Check your answers').waitFor()
    const answers = await page.locator('main').innerText()
    assert.match(answers, /reads well and loves drawing/)
    // (The score shows as its number only, not "3: Needs mostly met with support".)
    assert.match(answers, /Score for parenting capacity\s+3(:|\s|$)/)
    assert.match(answers, /I like school when I get there on time/)
    assert.ok(await page.getByRole('link', { name: 'Change Analysis', exact: true }).isVisible())
    await checkA11y(page, `check your answers (${label})`)
    await button(page, 'Complete assessment').click()
    const panel = page.locator('.govuk-panel--confirmation')
    await panel.waitFor()
    assert.match(await panel.innerText(), /Assessment completed/)
    assert.ok(await page.getByRole('link', { name: 'Print this assessment', exact: true }).isVisible())
    await screenshot(page, `assessment-completed-${label}`)
    await checkA11y(page, `the confirmation panel (${label})`)

    // ---- A meeting: schedule, attendees. ----
    await subnav(page, 'Meetings and plan').click()
    await h1(page, 'Meetings and plan').waitFor()
    await checkA11y(page, `the meetings tab (${label})`)
    // Today: a meeting is written up on or after its day.
    const on = inDays(0)
    await fillDate(page, 'Date', on.day, on.month, on.year)
    await page.getByLabel('Time', { exact: true }).fill('14:30')
    await page.getByLabel('Venue', { exact: true }).fill('Northgate Primary School, meeting room 2')
    await button(page, 'Schedule the meeting').click()
    await h1(page, 'Team around the family meeting').waitFor()
    const mid = /\/meetings\/(\d+)/.exec(pathOf(page))?.[1]
    assert.ok(mid, page.url())
    await checkA11y(page, `the new meeting (${label})`)
    for (const who of ['Tom Okafor (lead)', `${child} (family)`]) {
      await page.getByLabel('From the team or the family', { exact: true }).selectOption({ label: who })
      await button(page, 'Add attendee').click()
      await page.waitForURL(u => new URL(u).searchParams.get('saved') === '1')
    }
    await page.getByLabel('Or someone else: name', { exact: true }).fill('Jo Marsh')
    await page.getByLabel('Their role or organisation', { exact: true }).fill('Riverside Housing officer')
    await button(page, 'Add attendee').click()
    const attendees = page.getByRole('table', { name: 'Attendees' })
    await attendees.getByText('Jo Marsh').waitFor()
    const attText = await attendees.innerText()
    for (const n of ['Tom Okafor', child, 'Jo Marsh']) assert.match(attText, new RegExp(n), attText)
    await checkA11y(page, `the meeting with attendees (${label})`)

    // ---- Three actions on the plan. ----
    await page.getByRole('link', { name: 'Back to meetings', exact: true }).click()
    await page.getByRole('link', { name: 'The action plan', exact: true }).click()
    await h1(page, 'Action plan').waitFor()
    await checkA11y(page, `the empty plan (${label})`)
    const by = inDays(60)
    const actions = [
      [`${run.given} gets to school on time`, 'Walk to school together; alarm set for 7am', 'Tom Okafor', 'on track'],
      ['A warm, dry home', 'Ask Riverside Housing to fix the damp', child, 'not started'],
      ['Calmer mornings', 'Lay out uniform the night before', child, 'done']
    ]
    for (const [i, [need, what, who]] of actions.entries()) {
      await page.getByRole('link', { name: 'Add an action', exact: true }).click()
      await h1(page, 'Add an action').waitFor()
      if (i === 0) await checkA11y(page, `the add-an-action form (${label})`)
      await page.getByLabel('Need or outcome', { exact: true }).fill(need)
      await page.getByLabel('Action', { exact: true }).fill(what)
      await page.getByLabel('Who will do it', { exact: true }).selectOption({ label: who })
      await fillDate(page, 'By when', by.day, by.month, by.year)
      await page.getByRole('group', { name: 'Status' }).getByLabel('Not started', { exact: true }).check()
      await button(page, 'Add action').click()
      await h1(page, 'Action plan').waitFor()
      assert.match(await banner(page).innerText(), /Action added/)
    }
    const cards = page.locator('main .govuk-summary-card')
    assert.equal(await cards.count(), 3)
    await checkA11y(page, `the plan with three actions (${label})`)

    // ---- The meeting held: attendance, outcomes, the review of each action. ----
    await page.goto(`${srv.url}/meetings/${mid}`)
    await page.getByRole('link', { name: 'Meeting held: write up outcomes', exact: true }).click()
    await h1(page, 'Meeting held: write up outcomes').waitFor()
    await checkA11y(page, `the write-up form (${label})`)
    run.heldPlanHref = await page.getByRole('link', { name: 'the action plan', exact: true }).getAttribute('href')
    await page.getByRole('group', { name: 'Tom Okafor', exact: true }).getByLabel('Attended', { exact: true }).check()
    await page.getByRole('group', { name: child, exact: true }).getByLabel('Attended', { exact: true }).check()
    await page.getByRole('group', { name: 'Jo Marsh', exact: true }).getByLabel('Sent apologies', { exact: true }).check()
    const outcomes = `Agreed the plan. Mum will ring school if ${run.given} is running late.`
    await page.getByLabel('Outcomes of the meeting', { exact: true }).fill(outcomes)
    if (run.js) {
      await page.getByText(`You have ${(8000 - outcomes.length).toLocaleString('en-GB')} characters remaining`).first().waitFor()
    }
    for (const [need, , , status] of actions) {
      const card = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: new RegExp('^' + need) }) })
      await card.getByLabel('Status', { exact: true }).selectOption(status)
      await card.getByLabel('Review comment', { exact: true }).fill(`Reviewed: ${status}`)
    }
    await screenshot(page, `assessment-meeting-held-form-${label}`)
    await button(page, 'Save the meeting record').click()
    await h1(page, 'Team around the family meeting').waitFor()
    const meeting = await page.locator('main').innerText()
    assert.match(meeting, /Status\s+Held/, meeting)
    assert.match(meeting, /Agreed the plan/, meeting)
    const attendance = await page.getByRole('table', { name: 'Attendees' }).innerText()
    assert.match(attendance, /Jo Marsh[^\n]*\n?[^\n]*apologies/i, attendance)
    await checkA11y(page, `the held meeting (${label})`)

    // ---- The plan after the review. ----
    await page.goto(`${srv.url}/episodes/${eid}/plan`)
    await h1(page, 'Action plan').waitFor()
    const plan = await page.locator('main').innerText()
    assert.match(plan, /Done/, plan)
    assert.match(plan, /On track/, plan)
    assert.match(plan, /Reviewed: done/, plan)
    await screenshot(page, `assessment-plan-${label}`)
    await checkA11y(page, `the plan after the meeting (${label})`)

    // ---- "My family's plan", printed to PDF. ----
    await page.getByRole('link', { name: 'Print "My family\'s plan"', exact: true }).click()
    await h1(page, 'My family\'s plan').waitFor()
    assert.equal(pathOf(page), `/episodes/${eid}/plan/print`)
    await checkA11y(page, `"My family's plan" (${label})`)
    // On paper: the actions, no navigation, no printed link addresses.
    await page.emulateMedia({ media: 'print' })
    const printed = await page.locator('body').innerText()
    for (const [need, what] of actions) {
      assert.ok(printed.includes(need), `the print view lacks "${need}"`)
      assert.ok(printed.includes(what), `the print view lacks "${what}"`)
    }
    assert.doesNotMatch(printed, /Sign out|Skip to main content|Case notes|https?:\/\//)
    fs.mkdirSync(SCREENSHOTS, { recursive: true })
    const file = path.join(SCREENSHOTS, run.pdf)
    const pdf = await page.pdf({ path: file, format: 'A4', printBackground: true })
    await page.emulateMedia({ media: 'screen' })
    assert.ok(pdf.subarray(0, 5).toString() === '%PDF-', 'not a PDF')
    const text = pdfText(file)
    const hay = squash(text)
    for (const [need, what, who] of actions) {
      for (const s of [need, what, who]) {
        assert.ok(hay.includes(squash(s)), `the PDF's text lacks "${s}". It reads:\n${text.slice(0, 2000)}`)
      }
    }
    assert.ok(hay.includes(squash('My family\'s plan')) || hay.includes(squash('My family’s plan')), 'no title in the PDF')
    assert.ok(!hay.includes(squash('Sign out')), 'the PDF shows "Sign out"')
  } finally {
    await context.close()
  }
}

test('assessment task list, check answers, complete; meeting, plan and its PDF, with JavaScript', async () => {
  await assessmentFlow('js')
})

test('the same without JavaScript', async () => {
  await assessmentFlow('nojs')
})

// The write-up page says "Add new actions to the action plan after saving";
// that link must lead to this episode's plan (checked after the flows above).
test('the meeting write-up page links to the episode\'s action plan', () => {
  for (const run of Object.values(RUNS)) {
    if (run.heldPlanHref === undefined) continue // its flow failed earlier
    assert.equal(run.heldPlanHref, `/episodes/${run.eid}/plan`,
      'the "the action plan" link on /meetings/{id}/held has no episode id ' +
      '(src/meeting.c held_page() never sets EID for meeting_held.tpl)')
  }
})
