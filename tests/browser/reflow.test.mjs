// reflow.test.mjs -- WCAG 1.4.10 Reflow: at 320 CSS px wide (400 % zoom of a
// 1280 px screen) no page of a case or of the admin screens scrolls
// sideways.  Wide tables scroll inside their own focusable region
// (.ehm-table-scroll) and the distance-travelled chart shrinks to fit.  The
// pages are those of the demo episode of the north team with the most
// meetings and assessments, as its manager sees them, and the admin lists.
//
// Run: make build/ehm assets && EHM_BIN=build/ehm node --test --test-concurrency=1 tests/browser/reflow.test.mjs
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import { helpers } from '../lib/episodes.mjs'
import { launch, newPage, signIn } from './lib.mjs'

let srv
let browser
let h

before(async () => {
  srv = await startServer()
  browser = await launch()
  h = helpers(srv)
})

after(async () => {
  if (browser) await browser.close()
  if (srv) await srv.stop()
})

// Visit each path at 320 px and collect those that scroll sideways.
async function overflowing (username, paths) {
  const { context, page } = await newPage(browser, { viewport: { width: 320, height: 640 } })
  const bad = []
  try {
    await signIn(page, srv, username)
    for (const p of paths) {
      const res = await page.goto(srv.url + p)
      assert.equal(res.status(), 200, `${username} GET ${p}: ${res.status()}`)
      const { scrollWidth, clientWidth } = await page.evaluate(() =>
        ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }))
      if (scrollWidth > clientWidth) bad.push(`${p} (${scrollWidth} px wide)`)
    }
  } finally {
    await context.close()
  }
  return bad
}

test('a case\'s pages fit 320 px: consent history, team, assessments, meetings, a meeting and its print, notes, plan, distance', async () => {
  const north = h.teamId('Early Help North')
  const eid = h.num(`SELECT e.id FROM episode e WHERE e.team_id = ${north} AND e.status = 'open'` +
    ' ORDER BY (SELECT count(*) FROM meeting m WHERE m.episode_id = e.id) +' +
    ` (SELECT count(*) FROM assessment a WHERE a.episode_id = e.id AND a.status = 'completed') DESC, e.id LIMIT 1`)
  assert.ok(eid > 0, 'no open episode in the north team')
  const mid = h.num(`SELECT coalesce(max(id), 0) FROM meeting WHERE episode_id = ${eid}`)
  const pid = h.num(`SELECT person_id FROM episode_person WHERE episode_id = ${eid} AND role = 'child' LIMIT 1`)
  const paths = [`/episodes/${eid}`, `/episodes/${eid}/consent`, `/episodes/${eid}/team`, `/episodes/${eid}/assessments`,
    `/episodes/${eid}/meetings`, `/episodes/${eid}/notes`, `/episodes/${eid}/plan`, `/people/${pid}`, '/contacts', '/referrals',
    '/requests', '/worktray/team']
  if (mid) paths.push(`/meetings/${mid}`, `/meetings/${mid}/print`)
  if (h.num(`SELECT count(*) FROM assessment WHERE episode_id = ${eid} AND status = 'completed'`) >= 1) paths.push(`/episodes/${eid}/distance`)
  assert.deepEqual(await overflowing('manager.north', paths), [])
})

test('the admin lists fit 320 px: users, audit log, agencies, teams', async () => {
  assert.deepEqual(await overflowing('admin', ['/admin/users', '/admin/audit', '/admin/agencies', '/admin/teams']), [])
})
