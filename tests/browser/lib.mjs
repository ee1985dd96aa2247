// tests/browser/lib.mjs -- shared helpers for the browser tests: Debian's
// chromium through playwright-core, axe-core with the WCAG 2.2 AA tags,
// screenshots into build/screenshots/, and signing in through the real form.
//
//   const browser = await launch()
//   const context = await browser.newContext()          // never browser.newPage()
//   const page = await context.newPage()
//   await page.goto(srv.url + '/')
//   await checkA11y(page)
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { ROOT, DEMO_PASSWORD } from '../lib/server.mjs'

export { ROOT, DEMO_PASSWORD }

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'
]
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
export const SCREENSHOTS = path.join(ROOT, 'build/screenshots')

export async function launch () {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

// Contexts made by newPage() with JavaScript turned off.
const noJsContexts = new WeakSet()

// A fresh context (own cookies) and a page in it.  opts go to newContext,
// e.g. { javaScriptEnabled: false } or { viewport: { width: 320, height: 640 } }.
export async function newPage (browser, opts = {}) {
  const context = await browser.newContext(opts)
  if (opts.javaScriptEnabled === false) noJsContexts.add(context)
  const page = await context.newPage()
  return { context, page }
}

// axe cannot run in a page whose scripts are disabled (its timers never
// fire and analyze() hangs).  So for a no-JavaScript page, take the DOM the
// browser built without JavaScript and load exactly that into a scripted
// context at the same URL -- with the app's own script refused, so nothing
// enhances it -- and let axe look at that.
async function withScriptedCopy (page, fn) {
  const html = await page.content()
  const url = page.url()
  const want = url.replace(/#.*$/, '')
  const context = await page.context().browser().newContext({
    viewport: page.viewportSize() || undefined
  })
  try {
    await context.route('**/*', (route) => {
      const u = route.request().url()
      if (u === want) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
      if (route.request().resourceType() === 'script') return route.abort()
      return route.continue()
    })
    const copy = await context.newPage()
    await copy.goto(url, { waitUntil: 'load' })
    return await fn(copy)
  } finally {
    await context.close()
  }
}

// Run axe with the WCAG 2.2 AA tags; fail with the ids, help and targets of
// every violation.  `what` names the page state in the message.  Works on
// pages from newPage(browser, { javaScriptEnabled: false }) too.
export async function checkA11y (page, what = '') {
  if (noJsContexts.has(page.context())) {
    return withScriptedCopy(page, copy => checkA11y(copy, (what || page.url()) + ' (no JavaScript)'))
  }
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  const lines = []
  for (const v of results.violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help} -- ${v.helpUrl}`)
    for (const n of v.nodes) {
      lines.push(`    ${n.target.join(' ')}${n.failureSummary ? ' -- ' + n.failureSummary.replace(/\s+/g, ' ') : ''}`)
    }
  }
  assert.equal(results.violations.length, 0,
    `axe found ${results.violations.length} WCAG 2.2 AA violation(s) on ${what || page.url()}:\n${lines.join('\n')}`)
  return results
}

// Full-page screenshot into build/screenshots/NAME.png; returns the path.
export async function screenshot (page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  const file = path.join(SCREENSHOTS, name.replace(/[^A-Za-z0-9_.-]+/g, '-') + '.png')
  await page.screenshot({ path: file, fullPage: true })
  return file
}

// The path part of the page's URL ("/login", "/").
export function pathOf (page) {
  return new URL(page.url()).pathname
}

// Sign in through the form on the current (sign-in) page and wait for the
// page that follows.
export async function signInHere (page, username, password = DEMO_PASSWORD) {
  await page.getByLabel('Username', { exact: true }).fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await Promise.all([
    page.waitForURL(u => new URL(u).pathname !== '/login'),
    page.getByRole('button', { name: 'Sign in', exact: true }).click()
  ])
}

// Go to the sign-in page of srv and sign in; ends on the worktray.
export async function signIn (page, srv, username, password = DEMO_PASSWORD) {
  await page.goto(srv.url + '/login')
  await signInHere(page, username, password)
  await page.getByRole('heading', { level: 1, name: 'Your worktray' }).waitFor()
}

// Fill a GOV.UK date input: the three fields in the group named by its legend.
export async function fillDate (scope, legend, day, month, year) {
  const group = scope.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day', { exact: true }).fill(String(day))
  await group.getByLabel('Month', { exact: true }).fill(String(month))
  await group.getByLabel('Year', { exact: true }).fill(String(year))
}

// Today as { day, month, year } numbers (the server's clock is the same machine's).
export function today () {
  const d = new Date()
  return { day: d.getDate(), month: d.getMonth() + 1, year: d.getFullYear() }
}

// Today in words, as the app writes dates ("3 March 2025").
export function todayInWords () {
  return new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
}
