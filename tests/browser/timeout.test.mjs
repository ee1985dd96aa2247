// timeout.test.mjs -- the idle time-out in a real browser.
//
// With JavaScript, static/app.mjs warns before the end of the session:
//   warnBefore = max(20, min(120, idle - 5)) s before the end, and it counts
//   from slack = min(30, idle / 10) s before the page loaded (the server only
//   records activity every so often).  With idle_timeout = 30 that is
//   warnBefore 25 s, slack 3 s: the dialog opens about 2 s after the page
//   loads and the page gives up about 27 s after it loaded.  The server ends
//   the session when more than 30 s have passed since it last saw activity.
//
// Without JavaScript nothing warns; an expired session sends you to sign in,
// and signing in again takes you back to the page you asked for.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, signIn, signInHere } from './lib.mjs'

const IDLE = 30
let srv // idle_timeout 30, for the warning
let quick // idle_timeout 5, for expiry without JavaScript
let browser

before(async () => {
  srv = await startServer({ config: { session: { idle_timeout: IDLE } } })
  quick = await startServer({ config: { session: { idle_timeout: 5 } } })
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await srv?.stop()
  await quick?.stop()
})

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const until = t => sleep(Math.max(0, t - Date.now()))
const worktray = page => page.getByRole('heading', { level: 1, name: 'Your worktray' })
const warning = page => page.getByRole('dialog', { name: 'You\'re about to be signed out' })
const keepalive = page => page.waitForResponse(r =>
  new URL(r.url()).pathname === '/session/keepalive' && r.request().method() === 'POST')

test('the time-out warning appears, passes axe, and "Stay signed in" keeps the session', async () => {
  const { context, page } = await newPage(browser)
  try {
    const signedInAt = Date.now()
    await signIn(page, srv, 'practitioner.north')
    assert.equal(await page.evaluate(() => document.body.dataset.idleTimeout), String(IDLE))

    // The dialog opens well before the end (expected about 2 s after load).
    const dialog = warning(page)
    await dialog.waitFor({ state: 'visible', timeout: 15000 })
    const shownAfter = (Date.now() - signedInAt) / 1000
    assert.ok(shownAfter < 15, `the warning took ${shownAfter} s`)
    assert.equal(await dialog.evaluate(d => d.tagName === 'DIALOG' && d.open && d.matches(':modal')), true)
    const stay = dialog.getByRole('button', { name: 'Stay signed in', exact: true })
    const out = dialog.getByRole('button', { name: 'Sign out', exact: true })
    await stay.waitFor()
    await out.waitFor()
    // Focus is put on "Stay signed in"; the countdown says how long is left, in words.
    await page.waitForFunction(() => document.activeElement?.id === 'timeout-stay')
    const text = await dialog.innerText()
    assert.match(text, /we will sign you out in \d+ seconds/, text)
    const left = Number(/in (\d+) seconds/.exec(text)[1])
    assert.ok(left >= 20, `only ${left} s left to answer the warning`)
    await screenshot(page, 'timeout-warning')
    await checkA11y(page, 'the worktray with the time-out warning open')

    // Answer late enough that the session would have ended without the
    // answer before the page itself gives up (27 s after load).
    await until(signedInAt + 12000)
    assert.ok(await dialog.isVisible(), 'the warning closed by itself')
    const ping = keepalive(page)
    await stay.click()
    const res = await ping
    assert.equal(res.status(), 200, 'the keep-alive was refused')
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(pathOf(page), '/')

    // Past the original end of the session (30 s after sign-in, plus a
    // second for the server's "more than" and one for clock granularity).
    await until(signedInAt + (IDLE + 3) * 1000)
    await page.goto(srv.url + '/')
    assert.equal(pathOf(page), '/', 'the session ended although "Stay signed in" was chosen')
    await worktray(page).waitFor()
  } finally {
    await context.close()
  }
})

test('Escape in the warning means "Stay signed in", never a silent sign-out', async () => {
  const { context, page } = await newPage(browser)
  try {
    await signIn(page, srv, 'manager.north')
    const dialog = warning(page)
    await dialog.waitFor({ state: 'visible', timeout: 15000 })
    await page.waitForFunction(() => document.activeElement?.id === 'timeout-stay')
    const ping = keepalive(page)
    await page.keyboard.press('Escape')
    assert.equal((await ping).status(), 200)
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(pathOf(page), '/')
    await worktray(page).waitFor()
  } finally {
    await context.close()
  }
})

test('"Sign out" in the warning signs out, by keyboard too', async () => {
  const { context, page } = await newPage(browser)
  try {
    await signIn(page, srv, 'teacher')
    const dialog = warning(page)
    await dialog.waitFor({ state: 'visible', timeout: 15000 })
    await page.waitForFunction(() => document.activeElement?.id === 'timeout-stay')
    // Tab stays in the modal dialog: next stop is its "Sign out".
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'timeout-signout')
    await page.keyboard.press('Enter')
    await page.getByText('You have been signed out').waitFor()
    assert.equal(pathOf(page), '/login')
    await page.goto(srv.url + '/')
    assert.equal(pathOf(page), '/login')
  } finally {
    await context.close()
  }
})

test('ignoring the warning signs you out when the time is up', async () => {
  const { context, page } = await newPage(browser)
  try {
    const signedInAt = Date.now()
    await signIn(page, srv, 'healthvisitor')
    await warning(page).waitFor({ state: 'visible', timeout: 15000 })
    // Nobody answers.  By 30 s (+ margin) after sign-in the page should be
    // showing the sign-in page, and the server should no longer know the session.
    await page.waitForURL(u => new URL(u).pathname === '/login',
      { timeout: Math.max(1000, signedInAt + (IDLE + 10) * 1000 - Date.now()) }).catch(() => {})
    assert.equal(pathOf(page), '/login',
      `${IDLE + 10} s after sign-in, with nobody answering the warning, the page is at ${page.url()}, ` +
      'not the sign-in page.  (app.mjs gives up ~3 s before the server does and goes to /login, ' +
      'which sends a still-signed-in user home -- and that visit renews the session, so it never ends.)')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await until(signedInAt + (IDLE + 3) * 1000)
    await page.goto(srv.url + '/')
    assert.equal(pathOf(page), '/login', 'the session outlived the time-out although nobody answered')
  } finally {
    await context.close()
  }
})

test('without JavaScript an expired session sends you to sign in, and back', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  try {
    await signIn(page, quick, 'practitioner.north')
    await sleep(7000) // idle_timeout is 5 s: let it pass
    await page.goto(quick.url + '/')
    assert.equal(pathOf(page), '/login')
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await checkA11y(page, 'the sign-in page after a time-out')
    await signInHere(page, 'practitioner.north')
    assert.equal(pathOf(page), '/')
    await worktray(page).waitFor()
  } finally {
    await context.close()
  }
})

test('without JavaScript, signing in after a time-out returns to the page asked for (next=)', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  try {
    await signIn(page, quick, 'manager.north')
    await page.goto(quick.url + '/account')
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor()
    await sleep(7000) // idle_timeout is 5 s: let it pass
    await page.goto(quick.url + '/account')
    assert.equal(pathOf(page), '/login')
    assert.equal(new URL(page.url()).searchParams.get('next'), '/account')
    assert.equal(await page.locator('input[name="next"]').inputValue(), '/account')
    await signInHere(page, 'manager.north')
    assert.equal(pathOf(page), '/account')
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor()
  } finally {
    await context.close()
  }
})

// The form is held on the server for the user and given back, filled in, on
// the page it was typed on, once they sign in again.
test('form posted after time-out is given back filled in (account page)', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  page.setDefaultTimeout(10000)
  try {
    await signIn(page, quick, 'practitioner.south')
    await page.goto(quick.url + '/account')
    const name = page.getByLabel('Full name', { exact: true })
    await name.fill('Megan Hughes-Held')
    await sleep(7000) // idle_timeout is 5 s: let it pass
    await page.getByRole('button', { name: 'Save details', exact: true }).click()
    assert.equal(pathOf(page), '/login')
    await page.getByText('You were signed out before your form was saved').waitFor()
    await signInHere(page, 'practitioner.south')
    assert.equal(pathOf(page), '/account')
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor()
    assert.equal(await page.getByLabel('Full name', { exact: true }).inputValue(), 'Megan Hughes-Held')
    await checkA11y(page, 'the account page given back after a time-out')
  } finally {
    await context.close()
  }
})
