// people.test.mjs -- people records in a real browser, with and without
// JavaScript: find a person (results with "why it matched"), create a record
// with the GOV.UK date input, the duplicate interruption for a sound-alike
// name with the same date of birth, the record, "Change details", and adding
// a relationship.  Also a 320 px screen (no sideways scrolling) on the search
// results and the record, and the search form by keyboard alone.  axe (WCAG
// 2.2 AA) on every page reached.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Client } from '../lib/server.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, signIn, fillDate } from './lib.mjs'

let srv
let browser

before(async () => {
  srv = await startServer()
  browser = await launch()
  // Setup only: the person the keyboard-only search looks for (creating
  // people through the form is tested below).
  const m = new Client(srv.url)
  await m.signIn('manager.north')
  const r = await m.post('/people/new', {
    family_name: KEYBOARD.family, given_names: KEYBOARD.given, 'dob-day': '9', 'dob-month': '7', 'dob-year': '2013',
    gender: 'male', address: '4 Orchard Row, Exton', postcode: KEYBOARD.postcode
  }, { csrfFrom: '/people/new' })
  assert.equal(r.status, 303, 'setup: creating the keyboard test person failed')
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true })
const button = (scope, name) => scope.getByRole('button', { name, exact: true })

// Go to "Find a person" from the worktray and search by name.
async function findPerson (page, family, given, label) {
  await page.goto(srv.url + '/')
  await page.getByRole('link', { name: 'Find a person', exact: true }).first().click()
  await h1(page, 'Find a person').waitFor()
  await checkA11y(page, `the search form (${label})`)
  await page.getByLabel('Family name', { exact: true }).fill(family)
  await page.getByLabel('Given name', { exact: true }).fill(given)
  await button(page, 'Search').click()
  await page.locator('h2#results').waitFor()
  assert.equal(pathOf(page), '/people')
  // Personal data is never in the URL's query string.
  assert.doesNotMatch(page.url(), new RegExp(family, 'i'), `the search put the name in the URL: ${page.url()}`)
}

// The rows of the results table as { name, born, postcode, why }.
async function resultRows (page) {
  const table = page.getByRole('table', { name: /Search results/ })
  await table.waitFor()
  return table.locator('tbody tr').evaluateAll(trs => trs.map(tr => {
    const td = [...tr.querySelectorAll('td')]
    return {
      name: td[0].querySelector('a')?.textContent.trim() ?? td[0].textContent.trim(),
      born: td[1].textContent.trim(),
      postcode: td[2].textContent.trim(),
      why: [...td[3].querySelectorAll('li')].map(li => li.textContent.trim())
    }
  }))
}

// A summary list's value by its key, inside the card with this title.
async function summaryValue (page, card, key) {
  const c = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: card, exact: true }) })
  const row = c.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) })
  return (await row.locator('.govuk-summary-list__value').innerText()).trim()
}

const KEYBOARD = { family: 'Kingsbury', given: 'Rufus', postcode: 'EX3 9LP' }

// Names differ per run so the two runs (one server) do not meet each other.
const RUNS = {
  js: { js: true, family: 'Featherstone', given: 'Elinor', alike: ['Fetherstone', 'Eleanor'], mother: ['Featherstone', 'Harriet'] },
  nojs: { js: false, family: 'Catterall', given: 'Jon', alike: ['Katterall', 'John'], mother: ['Catterall', 'Bethan'] }
}

async function peopleFlow (label) {
  const run = RUNS[label]
  const { context, page } = await newPage(browser, run.js ? {} : { javaScriptEnabled: false })
  page.setDefaultTimeout(15000)
  try {
    await signIn(page, srv, 'manager.north')
    await checkA11y(page, `the worktray (${label})`)

    // 1. Search first: nobody yet, and only then "Create a new record".
    await findPerson(page, run.family, run.given, label)
    assert.equal(await page.locator('h2#results').innerText(), 'No people found')
    await checkA11y(page, `search with no results (${label})`)
    await page.getByRole('link', { name: 'Create a new record', exact: true }).click()

    // 2. Create, with the date of birth in the GOV.UK date input (month as a word).
    await h1(page, 'Create a person record').waitFor()
    await checkA11y(page, `the create form (${label})`)
    await page.getByLabel('Family name', { exact: true }).fill(run.family)
    await page.getByLabel('Given names', { exact: true }).fill(run.given)
    await fillDate(page, 'Date of birth', 14, 'feb', 2014)
    await page.getByRole('group', { name: 'Gender', exact: true }).getByLabel('Female', { exact: true }).check()
    await page.getByLabel('Address', { exact: true }).fill('2 Mill Lane, Exton')
    await page.getByLabel('Postcode', { exact: true }).fill('ex2 7qt')
    await page.getByLabel('Main language (optional)', { exact: true }).fill('English')
    await button(page, 'Create record').click()
    await h1(page, `${run.given} ${run.family}`).waitFor()
    const firstId = /\/people\/(\d+)/.exec(pathOf(page))?.[1]
    assert.ok(firstId, `after creating, the page is ${page.url()}`)
    assert.match(await summaryValue(page, 'Details', 'Date of birth'), /^14 February 2014\b/)
    await screenshot(page, `people-created-${label}`)
    await checkA11y(page, `the new record (${label})`)

    // 3. A sound-alike name with the same date of birth: the interruption.
    await page.goto(srv.url + '/people/new')
    await h1(page, 'Create a person record').waitFor()
    await page.getByLabel('Family name', { exact: true }).fill(run.alike[0])
    await page.getByLabel('Given names', { exact: true }).fill(run.alike[1])
    await fillDate(page, 'Date of birth', 14, 2, 2014)
    await page.getByRole('group', { name: 'Gender', exact: true }).getByLabel('Female', { exact: true }).check()
    await page.getByLabel('Address', { exact: true }).fill('9 Other Road, Wyton')
    await page.getByLabel('Postcode', { exact: true }).fill('EX9 1AA')
    await button(page, 'Create record').click()
    await h1(page, 'There may already be a record for this person').waitFor()
    assert.ok(await page.locator('.govuk-panel--interruption').isVisible())
    const panel = await page.locator('.govuk-panel--interruption').innerText()
    assert.match(panel, new RegExp(`${run.given} ${run.family}`), panel)
    assert.match(panel, /same name sound and date of birth/, panel)
    await screenshot(page, `people-duplicate-${label}`)
    await checkA11y(page, `the duplicate interruption (${label})`)
    await button(page, 'This is a different person: create the record').click()
    await h1(page, `${run.alike[1]} ${run.alike[0]}`).waitFor()
    const secondId = /\/people\/(\d+)/.exec(pathOf(page))?.[1]
    assert.ok(secondId && secondId !== firstId, `second record: ${page.url()}`)
    await checkA11y(page, `the second new record (${label})`)

    // 4. Search by family name + given name: both, and why each matched.
    await findPerson(page, run.family, run.given, label)
    assert.match(await page.locator('h2#results').innerText(), /^\d+ (people|person) found/)
    const rows = await resultRows(page)
    const exact = rows.find(r => r.name === `${run.given} ${run.family}`)
    const alike = rows.find(r => r.name === `${run.alike[1]} ${run.alike[0]}`)
    assert.ok(exact, `no row for ${run.given} ${run.family}: ${JSON.stringify(rows)}`)
    assert.ok(alike, `no row for the sound-alike: ${JSON.stringify(rows)}`)
    assert.ok(exact.why.includes('family name matches'), JSON.stringify(exact))
    assert.ok(exact.why.includes('given name matches'), JSON.stringify(exact))
    assert.ok(alike.why.includes('family name sounds like'), JSON.stringify(alike))
    assert.equal(exact.born, '14 February 2014')
    assert.equal(exact.postcode, 'EX2 7QT')
    assert.ok(rows.indexOf(exact) < rows.indexOf(alike), 'the exact match is not listed first')
    await screenshot(page, `people-search-results-${label}`)
    await checkA11y(page, `the search results (${label})`)

    // 5. View the record from the results.
    await page.getByRole('link', { name: `${run.given} ${run.family}`, exact: true }).click()
    await h1(page, `${run.given} ${run.family}`).waitFor()
    assert.equal(pathOf(page), `/people/${firstId}`)
    assert.match(await page.locator('main').innerText(), /Last updated by Priya Shah on \d+ \w+ \d{4} at \d+:\d\d[ap]m/)

    // 6. Change details -> save.
    await page.getByRole('link', { name: /^Change details/ }).click()
    await h1(page, 'Change person details').waitFor()
    assert.equal(await page.getByLabel('Family name', { exact: true }).inputValue(), run.family)
    assert.equal(await page.getByRole('group', { name: 'Date of birth' }).getByLabel('Month', { exact: true }).inputValue(), '2')
    await checkA11y(page, `the edit form (${label})`)
    await page.getByLabel('Main language (optional)', { exact: true }).fill('Welsh')
    await page.getByLabel('Needs an interpreter', { exact: true }).check()
    await button(page, 'Save changes').click()
    await h1(page, `${run.given} ${run.family}`).waitFor()
    assert.equal(pathOf(page), `/people/${firstId}`)
    assert.match(await summaryValue(page, 'Details', 'Main language'), /Welsh/)
    await checkA11y(page, `the record after saving (${label})`)

    // 7. Add a relationship: the mother, who needs a record first.
    await page.goto(srv.url + '/people/new')
    await page.getByLabel('Family name', { exact: true }).fill(run.mother[0])
    await page.getByLabel('Given names', { exact: true }).fill(run.mother[1])
    await fillDate(page, 'Date of birth', 30, 'September', 1985)
    await page.getByRole('group', { name: 'Gender', exact: true }).getByLabel('Female', { exact: true }).check()
    await page.getByLabel('Address', { exact: true }).fill('2 Mill Lane, Exton')
    await page.getByLabel('Postcode', { exact: true }).fill('EX2 7QT')
    await button(page, 'Create record').click()
    const motherHeading = `${run.mother[1]} ${run.mother[0]}`
    await h1(page, motherHeading).waitFor()

    await page.goto(`${srv.url}/people/${firstId}`)
    await page.getByRole('link', { name: /^Add a relationship/ }).click()
    await h1(page, 'Add a relationship').waitFor()
    await checkA11y(page, `the relationship search (${label})`)
    await page.getByLabel('Family name', { exact: true }).fill(run.mother[0])
    await page.getByLabel('Given name', { exact: true }).fill(run.mother[1])
    await button(page, 'Find the relative').click()
    const who = page.getByRole('group', { name: 'Who is the relative?' })
    await who.waitFor()
    await checkA11y(page, `the relationship choices (${label})`)
    await who.getByLabel(`${motherHeading}, born 30 September 1985`, { exact: true }).check()
    await page.getByLabel(`What are they to ${run.given} ${run.family}?`, { exact: true }).selectOption({ label: 'Mother' })
    await button(page, 'Add relationship').click()
    await h1(page, `${run.given} ${run.family}`).waitFor()
    assert.equal(pathOf(page), `/people/${firstId}`)
    const rel = await summaryValue(page, 'Relationships', 'Mother')
    assert.match(rel, new RegExp(motherHeading), rel)
    await screenshot(page, `people-relationship-${label}`)
    await checkA11y(page, `the record with a relationship (${label})`)
  } finally {
    await context.close()
  }
}

test('find, create (with the duplicate interruption), view, change and relate people, with JavaScript', async () => {
  await peopleFlow('js')
})

test('the same without JavaScript', async () => {
  await peopleFlow('nojs')
})

async function assertNoHorizontalScroll (page, what) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth
  }))
  assert.ok(scrollWidth <= 320,
    `${what}: scrolls horizontally at 320 px (scrollWidth ${scrollWidth}, clientWidth ${clientWidth})`)
}

test('a 320 px wide screen: the search results and the record do not scroll sideways', async () => {
  const { context, page } = await newPage(browser, { viewport: { width: 320, height: 640 } })
  try {
    await signIn(page, srv, 'manager.north')
    // A person of its own, made through the forms at this width too.
    await findPerson(page, 'Ashworth-Pemberton', 'Imogen', '320 px')
    await assertNoHorizontalScroll(page, 'the search form with no results')
    await page.getByRole('link', { name: 'Create a new record', exact: true }).click()
    await h1(page, 'Create a person record').waitFor()
    await assertNoHorizontalScroll(page, 'the create form')
    await page.getByLabel('Family name', { exact: true }).fill('Ashworth-Pemberton')
    await page.getByLabel('Given names', { exact: true }).fill('Imogen Alexandra')
    await fillDate(page, 'Date of birth', 28, 11, 2011)
    await page.getByRole('group', { name: 'Gender', exact: true }).getByLabel('Female', { exact: true }).check()
    await page.getByLabel('Address', { exact: true }).fill('Flat 12, Buttercross Court, 115 Northgate Street, Exton')
    await page.getByLabel('Postcode', { exact: true }).fill('EX4 2RB')
    await button(page, 'Create record').click()
    await h1(page, 'Imogen Alexandra Ashworth-Pemberton').waitFor()

    await findPerson(page, 'Ashworth-Pemberton', 'Imogen', '320 px')
    const table = page.getByRole('table', { name: /Search results/ })
    assert.ok(await table.locator('tbody tr').count() > 0, 'no search results to look at')
    await assertNoHorizontalScroll(page, 'the search results')
    await screenshot(page, 'people-search-results-320')
    await checkA11y(page, 'the search results at 320 px')
    await table.getByRole('link', { name: 'Imogen Alexandra Ashworth-Pemberton', exact: true }).click()
    await h1(page, 'Imogen Alexandra Ashworth-Pemberton').waitFor()
    assert.match(pathOf(page), /^\/people\/\d+$/)
    await assertNoHorizontalScroll(page, 'the person record')
    await screenshot(page, 'people-record-320')
    await checkA11y(page, 'the person record at 320 px')
  } finally {
    await context.close()
  }
})

// Press Tab once; return the focused element's id (or its text for a summary/button).
async function tab (page) {
  await page.keyboard.press('Tab')
  return page.evaluate(() => {
    const el = document.activeElement
    return el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim()}`
  })
}

async function keyboardSearch (label, js) {
  const { context, page } = await newPage(browser, js ? {} : { javaScriptEnabled: false })
  try {
    await signIn(page, srv, 'manager.north')
    await page.goto(srv.url + '/people')
    await h1(page, 'Find a person').waitFor()
    // Tab from the top of the page until the first field.
    let id
    for (let i = 0; i < 40 && id !== 'family'; i++) id = await tab(page)
    assert.equal(id, 'family', 'Tab never reached the family name')
    await page.keyboard.type(KEYBOARD.family)
    // Then, in order, every field and the Search button.
    const order = ['given', 'dob-day', 'dob-month', 'dob-year', 'postcode',
      'summary:Search by NHS number or UPN instead', 'button:Search']
    const typed = { given: KEYBOARD.given, 'dob-day': '9', 'dob-month': '7', 'dob-year': '2013', postcode: KEYBOARD.postcode }
    for (const want of order) {
      const got = await tab(page)
      assert.equal(got, want, `Tab went to ${got}, expected ${want}`)
      // The focused control shows the focus style (yellow outline or background).
      const visible = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement)
        return s.outlineStyle !== 'none' || s.backgroundColor === 'rgb(255, 221, 0)' || s.boxShadow !== 'none'
      })
      assert.ok(visible, `${want} has no visible focus`)
      if (typed[want]) await page.keyboard.type(typed[want])
    }
    await Promise.all([
      page.waitForURL(u => new URL(u).hash === '#results'),
      page.keyboard.press('Enter')
    ])
    await page.locator('h2#results').waitFor()
    const rows = await resultRows(page)
    const me = rows.find(r => r.name === `${KEYBOARD.given} ${KEYBOARD.family}`)
    assert.ok(me, JSON.stringify(rows))
    for (const why of ['family name matches', 'given name matches', 'date of birth matches', 'postcode matches']) {
      assert.ok(me.why.includes(why), `"${why}" missing: ${JSON.stringify(me)}`)
    }
    // What was typed is kept in the form.
    assert.equal(await page.getByLabel('Family name', { exact: true }).inputValue(), KEYBOARD.family)
    assert.equal(await page.getByLabel('Postcode', { exact: true }).inputValue(), KEYBOARD.postcode)
    await checkA11y(page, `the search results reached by keyboard (${label})`)
  } finally {
    await context.close()
  }
}

test('keyboard only: Tab through the search form, Enter on Search submits', async () => {
  await keyboardSearch('js', true)
})

test('keyboard only without JavaScript', async () => {
  await keyboardSearch('nojs', false)
})
