// signin.test.mjs -- signing in and out in a real browser, with and without
// JavaScript and by keyboard alone; the error page for a wrong password;
// pasting a password is allowed.  axe (WCAG 2.2 AA) on every page reached.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import { launch, newPage, checkA11y, screenshot, pathOf, DEMO_PASSWORD } from './lib.mjs'

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

const worktray = page => page.getByRole('heading', { level: 1, name: 'Your worktray' })

// Sign in through the labelled fields, check the worktray, sign out through
// the "Sign out" button, check the signed-out page; axe at each step.
async function signInAndOut (page, username, label) {
  await page.goto(srv.url + '/login')
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
  await checkA11y(page, `the sign-in page (${label})`)
  await page.getByLabel('Username', { exact: true }).fill(username)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await worktray(page).waitFor()
  assert.equal(pathOf(page), '/')
  assert.match(await page.locator('header').innerText(), /Signed in as /)
  await screenshot(page, `signin-worktray-${label}`)
  await checkA11y(page, `the worktray (${label})`)

  // Only one "Sign out" is visible: the header's (the time-out dialog's is closed).
  const signOut = page.getByRole('button', { name: 'Sign out', exact: true })
  await assert.doesNotReject(signOut.waitFor())
  assert.equal(await signOut.count(), 1)
  await signOut.click()
  await page.getByText('You have been signed out').waitFor()
  assert.equal(pathOf(page), '/login')
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
  await screenshot(page, `signin-signed-out-${label}`)
  await checkA11y(page, `the signed-out page (${label})`)

  // Signed out for real: the worktray is no longer reachable.
  await page.goto(srv.url + '/')
  assert.equal(pathOf(page), '/login')
}

test('sign in and sign out with JavaScript', async () => {
  const { context, page } = await newPage(browser)
  try {
    await signInAndOut(page, 'practitioner.north', 'js')
  } finally {
    await context.close()
  }
})

test('sign in and sign out without JavaScript', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  try {
    await signInAndOut(page, 'manager.north', 'nojs')
  } finally {
    await context.close()
  }
})

// Press Tab until the element with this id has focus (at most `max` presses).
async function tabTo (page, id, max = 30) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(() => document.activeElement?.id) === id) return i + 1
  }
  assert.fail(`${max} presses of Tab never reached #${id}`)
}

async function keyboardSignIn (page, username) {
  await page.goto(srv.url + '/login')
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
  await tabTo(page, 'username')
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password',
    'Tab from the username did not go to the password')
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await worktray(page).waitFor()
  assert.equal(pathOf(page), '/')
}

test('keyboard only: Tab to the username, type, Tab, type, Enter signs in', async () => {
  const { context, page } = await newPage(browser)
  try {
    await keyboardSignIn(page, 'teacher')
  } finally {
    await context.close()
  }
})

test('keyboard only: the header "Sign out" is reachable by Tab and works with Enter', async () => {
  const { context, page } = await newPage(browser)
  try {
    await keyboardSignIn(page, 'healthvisitor')
    await page.evaluate(() => document.activeElement?.blur())
    let reached = false
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate(() => {
        const el = document.activeElement
        return el?.tagName === 'BUTTON' && el.textContent.trim() === 'Sign out' && !el.closest('dialog')
      })
    }
    assert.ok(reached, 'Tab never reached the "Sign out" button')
    // The focused button looks focused (the yellow focus style).
    const bg = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor)
    assert.equal(bg, 'rgb(255, 221, 0)', 'the focused "Sign out" has no visible focus style')
    await page.keyboard.press('Enter')
    await page.getByText('You have been signed out').waitFor()
  } finally {
    await context.close()
  }
})

test('keyboard only without JavaScript', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  try {
    await keyboardSignIn(page, 'practitioner.south')
  } finally {
    await context.close()
  }
})

async function wrongPassword (page, label) {
  await page.goto(srv.url + '/login')
  await page.getByLabel('Username', { exact: true }).fill('manager.south')
  await page.getByLabel('Password', { exact: true }).fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const summary = page.locator('.govuk-error-summary')
  await summary.waitFor({ state: 'visible' })
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
  assert.match(await page.title(), /^Error: /, `title was "${await page.title()}"`)
  const link = summary.getByRole('link')
  assert.equal(await link.count(), 1)
  assert.equal(await link.getAttribute('href'), '#username')
  assert.match(await link.innerText(), /Enter a correct username and password/)
  // The inline message sits by the field and is tied to it.
  const username = page.getByLabel('Username', { exact: true })
  assert.equal(await username.getAttribute('aria-describedby'), 'username-error')
  assert.match(await page.locator('#username-error').innerText(), /Enter a correct username and password/)
  // What was typed is kept (the username; never the password).
  assert.equal(await username.inputValue(), 'manager.south')
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '')
  await screenshot(page, `signin-error-${label}`)
  await checkA11y(page, `the sign-in error page (${label})`)
  return { summary, link, username }
}

test('a wrong password gives the error summary, focused, linking to the field', async () => {
  const { context, page } = await newPage(browser)
  try {
    const { link } = await wrongPassword(page, 'js')
    // govuk-frontend moves focus to the summary so screen readers hear it.
    await page.waitForFunction(() => !!document.activeElement?.closest('.govuk-error-summary'))
    await link.click()
    await page.waitForFunction(() => document.activeElement?.id === 'username')
  } finally {
    await context.close()
  }
})

test('a wrong password without JavaScript gives the same error page', async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false })
  try {
    const { link } = await wrongPassword(page, 'nojs')
    await link.click()
    await page.waitForURL(/#username$/)
  } finally {
    await context.close()
  }
})

test('an empty form names both fields', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto(srv.url + '/login')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.title(), /^Error: /)
    const hrefs = await page.locator('.govuk-error-summary a').evaluateAll(as => as.map(a => a.getAttribute('href')))
    assert.deepEqual(hrefs, ['#username', '#password'])
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter your username[\s\S]*Enter your password/)
    await checkA11y(page, 'the sign-in page with both fields empty')
  } finally {
    await context.close()
  }
})

test('pasting a password works (no paste blocking) and password managers are invited', async () => {
  const { context, page } = await newPage(browser)
  try {
    await page.goto(srv.url + '/login')
    const username = page.getByLabel('Username', { exact: true })
    const password = page.getByLabel('Password', { exact: true })
    assert.equal(await username.getAttribute('autocomplete'), 'username')
    assert.equal(await password.getAttribute('autocomplete'), 'current-password')
    assert.equal(await password.getAttribute('onpaste'), null)
    // A paste event is not cancelled by the page.
    const notCancelled = await password.evaluate(el => {
      const data = new DataTransfer()
      data.setData('text/plain', 'x')
      return el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    assert.ok(notCancelled, 'the page cancels paste into the password field')
    // Text inserted at once, as a paste or a password manager does, is kept and works.
    await username.focus()
    await page.keyboard.insertText('admin')
    await password.focus()
    await page.keyboard.insertText(DEMO_PASSWORD)
    assert.equal(await password.inputValue(), DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await worktray(page).waitFor()
  } finally {
    await context.close()
  }
})
