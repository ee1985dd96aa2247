// foundation.test.mjs -- the page frame in a real browser: the start page
// sends you to sign in, passes axe (WCAG 2.2 AA), carries the council's
// brand and not GOV.UK's, fits a 320 px screen and starts with a skip link.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { startServer } from '../lib/server.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, signIn } from './lib.mjs'

let srv
let browser

before(async () => {
  srv = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

test('the home page redirects to sign in, is screenshotted and passes axe', async () => {
  const { context, page } = await newPage(browser)
  try {
    const res = await page.goto(srv.url + '/')
    assert.ok(res.ok(), `GET / ended with ${res.status()}`)
    assert.equal(pathOf(page), '/login')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    const file = await screenshot(page, 'foundation-sign-in')
    assert.ok(fs.existsSync(file), `no screenshot at ${file}`)
    assert.ok(fs.statSync(file).size > 0, `empty screenshot at ${file}`)
    await checkA11y(page, 'the sign-in page (from /)')
  } finally {
    await context.close()
  }
})

test('the header names the council and nothing is GOV.UK branded', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto(srv.url + '/')
    const header = page.locator('header')
    await header.waitFor()
    const headerText = await header.innerText()
    assert.match(headerText, /Exampleshire County Council/)
    assert.match(headerText, /Early Help/)
    // No crown, no GOV.UK logotype, no Crown copyright.
    for (const sel of ['.govuk-header__logotype', '.govuk-logo', '.govuk-header__logo',
      'svg.govuk-header__logotype', '.govuk-footer__copyright-logo', '.govuk-footer__licence-logo']) {
      assert.equal(await page.locator(sel).count(), 0, `found GOV.UK brand element ${sel}`)
    }
    const allText = await page.locator('body').innerText()
    assert.doesNotMatch(allText, /GOV\.UK/, 'the page shows "GOV.UK"')
    assert.doesNotMatch(allText, /Crown copyright/i)
    const footerText = await page.locator('footer').innerText()
    assert.match(footerText, /Accessibility statement/)
    assert.match(footerText, /Privacy notice/)
    assert.match(footerText, /Acceptable use policy/)
    // The council's font, not GDS Transport, on the body and on body text.
    for (const sel of ['body', 'h1', 'label', 'button']) {
      const font = await page.locator(sel).first().evaluate(el => getComputedStyle(el).fontFamily)
      assert.doesNotMatch(font, /GDS Transport/i, `${sel} uses ${font}`)
      if (sel !== 'body') assert.match(font, /Helvetica|Arial/i, `${sel} uses ${font}`)
    }
    const bodyFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily)
    assert.doesNotMatch(bodyFont, /GDS Transport/i)
    // No web font is downloaded at all (GDS Transport would be one).
    const fonts = await page.evaluate(() => performance.getEntriesByType('resource')
      .map(r => r.name).filter(n => /\.(woff2?|ttf|otf)(\?|$)/.test(n)))
    assert.deepEqual(fonts, [], 'web fonts were loaded')
  } finally {
    await context.close()
  }
})

async function assertNoHorizontalScroll (page, what) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth
  }))
  assert.ok(scrollWidth <= 320,
    `${what}: scrolls horizontally at 320 px (scrollWidth ${scrollWidth}, clientWidth ${clientWidth})`)
}

test('a 320 px wide screen does not scroll sideways (signed out and signed in)', async () => {
  const { context, page } = await newPage(browser, { viewport: { width: 320, height: 640 } })
  try {
    await page.goto(srv.url + '/')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await assertNoHorizontalScroll(page, 'the sign-in page')
    await screenshot(page, 'foundation-sign-in-320')
    await signIn(page, srv, 'practitioner.north')
    await assertNoHorizontalScroll(page, 'the worktray')
    await screenshot(page, 'foundation-worktray-320')
  } finally {
    await context.close()
  }
})

test('the skip link is the first thing Tab reaches and moves focus to main', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto(srv.url + '/')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    // govuk-frontend's skip-link module has started once the body has js-enabled.
    await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'))
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement
      return { tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'), cls: el.className }
    })
    assert.deepEqual({ tag: focused.tag, text: focused.text, href: focused.href },
      { tag: 'A', text: 'Skip to main content', href: '#main-content' },
      `first Tab stop was ${JSON.stringify(focused)}`)
    // Focused, the skip link is on screen (not clipped away).
    const box = await page.locator('.govuk-skip-link').boundingBox()
    assert.ok(box && box.width > 1 && box.height > 1, 'the focused skip link is not visible')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.id === 'main-content')
    const tag = await page.evaluate(() => document.activeElement.tagName)
    assert.equal(tag, 'MAIN')
    // The next Tab from main goes into the page's content, not back to the header.
    await page.keyboard.press('Tab')
    const inMain = await page.evaluate(() => !!document.activeElement.closest('main'))
    assert.ok(inMain, 'Tab after the skip link left main')
  } finally {
    await context.close()
  }
})

test('without JavaScript the skip link still comes first and targets main', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  try {
    await page.goto(srv.url + '/')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await page.keyboard.press('Tab')
    const text = await page.evaluate(() => document.activeElement.textContent.trim())
    assert.equal(text, 'Skip to main content')
    await page.keyboard.press('Enter')
    await page.waitForURL(/#main-content$/)
    // The next Tab stop is inside main: the sign-in form.
    await page.keyboard.press('Tab')
    const inMain = await page.evaluate(() => !!document.activeElement.closest('main'))
    assert.ok(inMain, 'Tab after the skip link did not land in main')
    await checkA11y(page, 'the sign-in page without JavaScript')
  } finally {
    await context.close()
  }
})
