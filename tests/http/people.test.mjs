// tests/http/people.test.mjs -- the people module end to end, through nginx:
// who may create people, validation that keeps what was typed, the duplicate
// interruption, versioned edits (a conflict keeps the second user's input),
// address-withheld people (their address never reaches anyone else's page,
// search result or print, whoever is signed in), do-not-print relationships,
// names that need escaping or are not ASCII, and search criteria kept out of
// URLs and logs.  (Search at scale is in people_search.test.mjs.)
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/people.test.mjs
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'

import { startServer, Client } from '../lib/server.mjs'
import { formFields } from '../lib/episodes.mjs'

let srv
const clients = {}

before(async () => {
  srv = await startServer()
  for (const u of ['manager.north', 'manager.south', 'practitioner.north', 'admin']) {
    clients[u] = new Client(srv.url)
    await clients[u].signIn(u)
  }
})

after(async () => {
  if (srv) await srv.stop()
})

// ---- helpers ------------------------------------------------------------

function sqlite (sql) {
  const r = spawnSync('sqlite3', [srv.dbPath, sql], { encoding: 'utf8' })
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`)
  return r.stdout.trim()
}

const q = s => "'" + String(s).replace(/'/g, "''") + "'"
const count = (table, where = '1') => Number(sqlite(`SELECT count(*) FROM ${table} WHERE ${where}`))
const userId = u => Number(sqlite(`SELECT id FROM user WHERE username = ${q(u)}`))
const hex = s => Buffer.from(s, 'utf8').toString('hex').toUpperCase()

function decode (s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => {
    const l = e.toLowerCase()
    if (l === 'amp') return '&'
    if (l === 'lt') return '<'
    if (l === 'gt') return '>'
    if (l === 'quot') return '"'
    if (l === 'apos') return "'"
    return String.fromCodePoint(l.startsWith('#x') ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10))
  })
}

// The error summary's messages, decoded.
function errors (html) {
  const m = /govuk-error-summary__list[^>]*>([\s\S]*?)<\/ul>/.exec(html)
  if (!m) return []
  return [...m[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map(x => decode(x[1].replace(/<[^>]+>/g, '')).trim())
}

// The visible text of a page (tags stripped, entities decoded).
const text = html => decode(html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ')

const PERSON = {
  family_name: '',
  given_names: '',
  previous_names: '',
  'dob-day': '',
  'dob-month': '',
  'dob-year': '',
  estimated_age: '',
  'edd-day': '',
  'edd-month': '',
  'edd-year': '',
  gender: 'unknown',
  address: '',
  postcode: '',
  nhs_number: '',
  upn: '',
  language: ''
}

function dob (iso) {
  const [y, m, d] = iso.split('-')
  return { 'dob-day': String(Number(d)), 'dob-month': String(Number(m)), 'dob-year': y }
}

// Create a person as `who`; returns the new id (asserting the 303).
async function createPerson (who, fields, { confirm = true } = {}) {
  const c = clients[who]
  let res = await c.post('/people/new', { ...PERSON, ...fields }, { csrfFrom: '/people/new' })
  if (res.status === 200 && confirm && /There may already be a record for this person/.test(res.text_)) {
    res = await c.post('/people/new', { ...PERSON, ...fields, confirm_different: 'yes' }, { csrfFrom: '/people/new' })
  }
  assert.equal(res.status, 303, `creating ${fields.given_names} ${fields.family_name}: ${res.status} ${errors(res.text_).join('; ')}`)
  const m = /^\/people\/(\d+)\?created=1$/.exec(res.headers.get('location'))
  assert.ok(m, `unexpected Location ${res.headers.get('location')}`)
  return Number(m[1])
}

async function addRelationship (who, id, fields) {
  const res = await clients[who].post(`/people/${id}/relationships/new`, { action: 'add', ...fields },
    { csrfFrom: `/people/${id}/relationships/new` })
  assert.equal(res.status, 303, `adding a relationship to ${id}: ${res.status} ${errors(res.text_).join('; ')}`)
  return res
}

// Search as `client`; returns { res, page } where page is the results page.
async function search (client, fields) {
  const res = await client.post('/people', { family: '', given: '', 'dob-day': '', 'dob-month': '', 'dob-year': '', postcode: '', ident: '', ...fields }, { csrfFrom: '/people' })
  if (res.status !== 303) return { res, page: null }
  const loc = res.headers.get('location')
  const page = await client.get(loc.replace(/#.*$/, ''))
  assert.equal(page.status, 200)
  return { res, page }
}

// The results part of a search page (the form above echoes what was typed).
function resultsPart (html) {
  const i = html.indexOf('id="results"')
  assert.ok(i >= 0, 'the page has no results section')
  return html.slice(i)
}

// Result rows: [{ id, name, cells, why: [...], restricted }]
function resultRows (html) {
  const part = resultsPart(html)
  const rows = []
  for (const m of part.matchAll(/<tr class="govuk-table__row">\s*<td([\s\S]*?)<\/tr>/g)) {
    const row = m[0]
    const id = /href="\/people\/(\d+)"/.exec(row)
    const cells = [...row.matchAll(/<td class="govuk-table__cell">([\s\S]*?)<\/td>/g)].map(c => c[1])
    rows.push({
      id: id ? Number(id[1]) : null,
      name: decode(cells[0].replace(/<br>[\s\S]*$/, '').replace(/<[^>]+>/g, '')).trim(),
      born: decode(cells[1]).trim(),
      postcode: decode(cells[2]).trim(),
      why: [...cells[3].matchAll(/<li>([\s\S]*?)<\/li>/g)].map(x => decode(x[1])),
      restricted: /Restricted/.test(cells[0]),
      html: row
    })
  }
  return rows
}

// Start an episode for `child` (requested by manager.north for their team,
// consent covering every agency) and allocate it to practitioner.north.
async function openEpisode (child) {
  const m = clients['manager.north']
  const form = await m.get(`/episodes/new?person=${child}`)
  assert.equal(form.status, 200, 'the episode request form')
  const f = formFields(form.text_, '/episodes/new')
  const agencies = [...form.text_.matchAll(/name="agencies" type="checkbox" value="(\d+)"/g)].map(x => x[1])
  const fields = {
    person: String(child),
    team: f.team,
    consent_by: 'A parent',
    consent_role: 'parent or carer',
    'consent-day': '2',
    'consent-month': '1',
    'consent-year': '2026',
    consent_how: 'in person',
    agencies,
    'f.reason': 'School attendance has fallen',
    'f.needs': 'School attendance',
    'f.referrer': 'The school'
  }
  const res = await m.post('/episodes/new', fields, { csrfFrom: `/episodes/new?person=${child}` })
  assert.equal(res.status, 200, `requesting early help: ${errors(res.text_).join('; ')}`)
  assert.match(res.text_, /Request sent/, `requesting early help: ${errors(res.text_).join('; ')}`)
  const eid = Number(sqlite(`SELECT max(episode_id) FROM episode_person WHERE person_id = ${child}`))
  assert.ok(eid > 0)
  const alloc = await m.post(`/episodes/${eid}/allocate`, { lead: String(userId('practitioner.north')) },
    { csrfFrom: `/episodes/${eid}/allocate` })
  assert.equal(alloc.status, 303, `allocating episode ${eid}: ${alloc.status} ${errors(alloc.text_).join('; ')}`)
  assert.equal(sqlite(`SELECT status FROM episode WHERE id = ${eid}`), 'open')
  return eid
}

// GET every same-origin page reachable by links from the seeds (bounded).
async function crawl (client, seeds, { skip = () => false, limit = 200 } = {}) {
  const seen = new Set()
  const queue = [...seeds]
  const pages = []
  while (queue.length && pages.length < limit) {
    const p = queue.shift()
    if (seen.has(p)) continue
    seen.add(p)
    const res = await client.get(p)
    pages.push({ path: p, status: res.status, html: res.text_ })
    if (!/^text\/html/.test(res.headers.get('content-type') || '')) continue
    for (const m of res.text_.matchAll(/href="([^"]*)"/g)) {
      let href = decode(m[1])
      if (href.startsWith(srv.url)) href = href.slice(srv.url.length)
      if (!href.startsWith('/') || href.startsWith('//')) continue
      href = href.replace(/#.*$/, '')
      if (!href || /^\/(static|branding\.css)/.test(href) || /logout/.test(href)) continue
      if (skip(href)) continue
      if (!seen.has(href)) queue.push(href)
    }
  }
  return pages
}

// ---- who may create ------------------------------------------------------

test('a practitioner may not create people: GET and POST /people/new are 403, each audited as a denial', async () => {
  const p = clients['practitioner.north']
  const uid = userId('practitioner.north')
  const denials = () => count('audit', `user_id = ${uid} AND action = 'deny'`)
  const people = count('person')

  let before = denials()
  const get = await p.get('/people/new')
  assert.equal(get.status, 403)
  assert.doesNotMatch(get.text_, /name="family_name"/, 'the 403 page shows the create form')
  assert.equal(denials(), before + 1, 'GET /people/new was not audited as a denial')
  assert.equal(Number(sqlite(`SELECT count(*) FROM audit WHERE user_id = ${uid} AND action = 'deny' AND id = (SELECT max(id) FROM audit)`)), 1,
    'the last audit row is not the denial')

  before = denials()
  const post = await p.post('/people/new', { ...PERSON, family_name: 'Notallowed', given_names: 'Nina', ...dob('2015-01-01'), gender: 'female', address: '1 Road', postcode: 'EX1 1AA' },
    { csrfFrom: '/people' })
  assert.equal(post.status, 403)
  assert.equal(denials(), before + 1, 'POST /people/new was not audited as a denial')
  assert.equal(count('person'), people, 'a person row was added by a practitioner')
  assert.equal(count('person', "family_name = 'Notallowed'"), 0)
})

// ---- validation ------------------------------------------------------------

describe('a manager creating a person with a mistake gets the GOV.UK message, keeps what they typed, and nothing is saved', () => {
  const good = {
    family_name: 'Validcheck',
    given_names: 'Keepme Please',
    previous_names: 'Keepme Oldname',
    ...dob('2014-07-09'),
    gender: 'female',
    address: '12 Keep Street, Exton',
    postcode: 'EX1 2AB',
    nhs_number: '943 476 5919',
    upn: 'A123456789012',
    language: 'Polish',
    interpreter: 'yes'
  }

  async function tryCreate (change) {
    const before = count('person')
    const res = await clients['manager.north'].post('/people/new', { ...PERSON, ...good, ...change }, { csrfFrom: '/people/new' })
    assert.equal(res.status, 200, `expected the form again, got ${res.status} ${res.headers.get('location') || ''}`)
    assert.equal(count('person'), before, 'a person row was added despite the error')
    return { res, form: formFields(res.text_, '/people/new') }
  }

  function assertKept (form, except) {
    for (const [k, v] of Object.entries(good)) {
      if (except.includes(k)) continue
      assert.equal(form[k], v, `the value of ${k} was not kept`)
    }
  }

  test('blank family name: "Enter a family name"', async () => {
    const { res, form } = await tryCreate({ family_name: '' })
    assert.deepEqual(errors(res.text_), ['Enter a family name'])
    assert.match(res.text_, /id="family_name-error"/)
    assertKept(form, ['family_name'])
  })

  test('date of birth 31/02/2020: "Date of birth must be a real date", the typed date kept', async () => {
    const { res, form } = await tryCreate({ ...dob('2020-02-31') })
    assert.deepEqual(errors(res.text_), ['Date of birth must be a real date'])
    assert.deepEqual([form['dob-day'], form['dob-month'], form['dob-year']], ['31', '2', '2020'])
    assertKept(form, ['dob-day', 'dob-month', 'dob-year'])
  })

  test('a date of birth in the future: "Date of birth must be in the past"', async () => {
    const y = String(new Date().getUTCFullYear() + 1)
    const { res, form } = await tryCreate({ 'dob-day': '1', 'dob-month': '6', 'dob-year': y })
    assert.deepEqual(errors(res.text_), ['Date of birth must be in the past'])
    assert.deepEqual([form['dob-day'], form['dob-month'], form['dob-year']], ['1', '6', y])
    assertKept(form, ['dob-day', 'dob-month', 'dob-year'])
  })

  test('NHS number 1234567890 (bad check digit): "NHS number is not correct. Check it and enter it again"', async () => {
    const { res, form } = await tryCreate({ nhs_number: '1234567890' })
    assert.deepEqual(errors(res.text_), ['NHS number is not correct. Check it and enter it again'])
    assert.equal(form.nhs_number, '1234567890', 'the typed NHS number was not kept')
    assertKept(form, ['nhs_number'])
  })

  test('the same values without the mistake are accepted (the checks above are not vacuous)', async () => {
    const id = await createPerson('manager.north', good)
    assert.equal(sqlite(`SELECT family_name || '|' || dob || '|' || nhs_number || '|' || postcode FROM person WHERE id = ${id}`),
      'Validcheck|2014-07-09|9434765919|EX1 2AB')
  })
})

// ---- duplicates ----------------------------------------------------------

test('a person whose name sounds like and whose date of birth equals an existing one gets the interruption; confirming creates it and records the confirmation', async () => {
  const m = clients['manager.north']
  const first = await createPerson('manager.north', {
    family_name: 'Fairweather', given_names: 'Isabelle', ...dob('2016-05-14'), gender: 'female',
    address: '4 Dry Lane, Exton', postcode: 'EX2 4DL'
  }, { confirm: false })

  const second = { ...PERSON, family_name: 'Fayreweather', given_names: 'Isabel', ...dob('2016-05-14'), gender: 'female', address: '9 Wet Road, Exton', postcode: 'EX3 9WR', language: 'English' }
  const before = count('person')
  const res = await m.post('/people/new', second, { csrfFrom: '/people/new' })
  assert.equal(res.status, 200)
  assert.match(res.text_, /There may already be a record for this person/)
  assert.match(res.text_, new RegExp(`href="/people/${first}"`), 'the interruption does not link the existing record')
  assert.match(text(res.text_), /Isabelle Fairweather/)
  assert.equal(count('person'), before, 'the interruption saved the person already')
  // The interruption carries everything typed, to be confirmed.
  const hidden = formFields(res.text_, '/people/new')
  assert.equal(hidden.confirm_different, 'yes')
  for (const k of ['family_name', 'given_names', 'dob-day', 'dob-month', 'dob-year', 'address', 'postcode', 'language']) {
    assert.equal(hidden[k], second[k], `the interruption lost ${k}`)
  }

  const ok = await m.post('/people/new', hidden, { csrfFrom: '/people/new' })
  assert.equal(ok.status, 303, `confirming: ${ok.status} ${errors(ok.text_).join('; ')}`)
  const id = Number(/\/people\/(\d+)/.exec(ok.headers.get('location'))[1])
  assert.equal(count('person'), before + 1)
  assert.equal(sqlite(`SELECT family_name || '|' || given_names || '|' || dob || '|' || address FROM person WHERE id = ${id}`),
    'Fayreweather|Isabel|2016-05-14|9 Wet Road, Exton')
  assert.equal(count('duplicate_confirmation', `person_id = ${id} AND candidate_id = ${first} AND confirmed_by = ${userId('manager.north')}`), 1,
    'no duplicate_confirmation row')
  assert.equal(count('audit', `action = 'duplicate.confirm' AND record_id = ${id}`), 1, 'the confirmation is not audited')
})

test('a given name that sounds different is no proof: Tomas beside Thomas, with the same family name and date of birth, gets the interruption', async () => {
  const m = clients['manager.north']
  const thomas = await createPerson('manager.north', {
    family_name: 'Millward', given_names: 'Thomas', ...dob('2013-03-01'), gender: 'male', address: '12 Quillan Row, Exton', postcode: 'EX9 1QR'
  }, { confirm: false })
  const before = count('person')
  let res = await m.post('/people/new', { ...PERSON, family_name: 'Millward', given_names: 'Tomas', ...dob('2013-03-01'), gender: 'male', address: '12 Quillan Row, Exton', postcode: 'EX9 1QR' }, { csrfFrom: '/people/new' })
  assert.equal(res.status, 200)
  assert.match(res.text_, /There may already be a record for this person/)
  assert.match(res.text_, new RegExp(`href="/people/${thomas}"`))
  assert.match(text(res.text_), /same family name sound and date of birth/)
  // Listed once, though matched on several grounds.
  assert.equal([...res.text_.matchAll(new RegExp(`href="/people/${thomas}"`, 'g'))].length, 1)
  assert.equal(count('person'), before)
})

test('a postcode shared by many of the family name does not crowd out a match on both names (Amy Patelson-Jones among 21 Patelsons at one postcode)', async () => {
  const m = clients['manager.north']
  const given = ['Arjun', 'Bina', 'Chetan', 'Devi', 'Eshan', 'Farah', 'Gita', 'Hari', 'Indira', 'Jai', 'Kavya', 'Lalit', 'Mira',
    'Nikhil', 'Oja', 'Pranav', 'Rhea', 'Sanjay', 'Tara', 'Uma', 'Varun']
  for (let i = 0; i < given.length; i++) {
    await createPerson('manager.north', {
      family_name: 'Patelson', given_names: given[i], ...dob(`${1950 + i * 3}-0${1 + (i % 9)}-1${i % 10}`),
      address: `${i + 1} Crowded Court, Exton`, postcode: 'EX2 2AA'
    })
  }
  const amy = await createPerson('manager.north', { family_name: 'Patelson-Jones', given_names: 'Amy', ...dob('2011-06-15'), address: '3 Far Lane, Exton', postcode: 'EX7 7AA' })
  for (const extra of [{}, { postcode: 'EX2 2AA' }]) {
    const { res, page } = await search(m, { family: 'Patelson', given: 'Amy', ...extra })
    assert.ok(page, `search ${JSON.stringify(extra)} refused`)
    // Every page of the results (20 a page).
    const rows = resultRows(page.text_)
    const loc = res.headers.get('location').replace(/#.*$/, '')
    for (let n = 2; n <= 3; n++) rows.push(...resultRows((await m.get(`${loc}&page=${n}`)).text_))
    assert.ok(rows.some(r => r.id === amy), `Amy Patelson-Jones not found with ${JSON.stringify(extra)}`)
  }
})

// ---- edit conflict ---------------------------------------------------------

test('two sessions edit the same person: the first saves, the second gets 409 with the saved version and keeps everything it typed, saving none of it', async () => {
  const id = await createPerson('manager.north', {
    family_name: 'Conflicton', given_names: 'Edith', ...dob('2012-03-20'), gender: 'female',
    address: '1 Original Street, Exton', postcode: 'EX5 1OS', language: 'English'
  })
  const a = new Client(srv.url)
  const b = new Client(srv.url)
  await a.signIn('manager.north')
  await b.signIn('manager.north')
  const pageA = await a.get(`/people/${id}/edit`)
  const pageB = await b.get(`/people/${id}/edit`)
  assert.equal(pageA.status, 200)
  const formA = formFields(pageA.text_, `/people/${id}/edit`)
  const formB = formFields(pageB.text_, `/people/${id}/edit`)
  assert.ok(formA.version, 'the edit form has no version')
  assert.equal(formA.version, formB.version)
  assert.equal(formA.family_name, 'Conflicton')
  const v0 = Number(sqlite(`SELECT version FROM person WHERE id = ${id}`))

  const saveA = await a.post(`/people/${id}/edit`, { ...formA, language: 'Welsh', address: '2 First Saver Road, Exton' },
    { csrfFrom: `/people/${id}/edit` })
  assert.equal(saveA.status, 303, `first save: ${errors(saveA.text_).join('; ')}`)
  assert.equal(saveA.headers.get('location'), `/people/${id}?saved=1`)

  const typedB = {
    ...formB,
    given_names: 'Edith Secondtyped',
    previous_names: 'Edith Secondprev',
    address: '99 Second User Avenue, Exton',
    postcode: 'EX9 9SU',
    language: 'French',
    upn: 'B123456789012',
    interpreter: 'yes'
  }
  const saveB = await b.post(`/people/${id}/edit`, typedB, { csrfFrom: `/people/${id}/edit` })
  assert.equal(saveB.status, 409)
  const t = text(saveB.text_)
  assert.match(t, /after you started editing/, 'the conflict is not explained')
  // The saved version is shown...
  assert.match(t, /Saved now/)
  assert.ok(t.includes('Welsh') && t.includes('2 First Saver Road, Exton'), 'the saved version is not shown')
  // ...and everything the second user typed is kept in the form.
  const kept = formFields(saveB.text_, `/people/${id}/edit`)
  for (const k of ['given_names', 'previous_names', 'address', 'postcode', 'language', 'upn', 'interpreter', 'family_name', 'dob-day', 'dob-month', 'dob-year', 'gender']) {
    assert.equal(kept[k], typedB[k], `the conflict page lost the second user's ${k}`)
  }
  // Nothing of the second user's input was saved.
  assert.equal(sqlite(`SELECT given_names || '|' || previous_names || '|' || address || '|' || postcode || '|' || language || '|' || coalesce(upn, '') || '|' || interpreter || '|' || version FROM person WHERE id = ${id}`),
    `Edith||2 First Saver Road, Exton|EX5 1OS|Welsh||0|${v0 + 1}`)
  // The form now carries the current version, so saving again (having compared) works.
  assert.equal(kept.version, String(v0 + 1), 'the conflict form does not carry the saved version')
  const again = await b.post(`/people/${id}/edit`, kept, { csrfFrom: `/people/${id}/edit` })
  assert.equal(again.status, 303, `saving again after the conflict: ${again.status} ${errors(again.text_).join('; ')}`)
  assert.equal(sqlite(`SELECT language || '|' || address FROM person WHERE id = ${id}`), 'French|99 Second User Avenue, Exton')
})

// ---- address withheld ------------------------------------------------------

describe('an address-withheld parent: the address never appears anywhere but their own record', () => {
  const ADDRESS = '17 Hiddenwell Lane, Secretbury'
  const POSTCODE = 'QX8 7WJ'
  // Forms of the secret that must never appear.
  const SECRETS = [/Hiddenwell/i, /Secretbury/i, /QX8(\s|%20|\+)*7WJ/i, /QX8(&nbsp;|\s)*\(area\)/i]
  let parent, child, eid

  before(async () => {
    parent = await createPerson('manager.north', {
      family_name: 'Kestrelwood', given_names: 'Harriet', ...dob('1990-03-14'), gender: 'female',
      address: ADDRESS, postcode: POSTCODE, address_withheld: 'yes'
    })
    child = await createPerson('manager.north', {
      family_name: 'Kestrelwood', given_names: 'Robin', ...dob('2015-06-20'), gender: 'male',
      address: '3 Open Road, Exton', postcode: 'EX4 1AA'
    })
    await addRelationship('manager.north', child, { family: 'Kestrelwood', given: 'Harriet', other: String(parent), type: 'mother' })
    eid = await openEpisode(child)
  })

  test('set-up: stored withheld; the creator sees it on the parent\'s own record, tagged Withheld; the practitioner opens the child but not the parent', async () => {
    assert.equal(sqlite(`SELECT address_withheld || '|' || address || '|' || postcode FROM person WHERE id = ${parent}`), `1|${ADDRESS}|${POSTCODE}`)
    const own = await clients['manager.north'].get(`/people/${parent}`)
    assert.equal(own.status, 200)
    assert.ok(text(own.text_).includes(ADDRESS), 'the parent\'s own record does not show the address to its creator')
    assert.match(own.text_, /Address withheld/)
    const p = clients['practitioner.north']
    assert.equal((await p.get(`/people/${child}`)).status, 200, `practitioner.north cannot open the child (episode ${eid})`)
    assert.equal((await p.get(`/people/${parent}`)).status, 403)
  })

  test('searches by family name and the withheld postcode never match the parent by postcode for users who may not open them, and never show the address', async () => {
    for (const who of ['manager.north', 'manager.south', 'practitioner.north']) {
      for (const pc of [POSTCODE, 'qx87wj']) {
        const { res, page } = await search(clients[who], { family: 'Kestrelwood', postcode: pc })
        assert.equal(res.status, 303, `${who}: search refused: ${errors(res.text_).join('; ')}`)
        const part = resultsPart(page.text_)
        for (const s of SECRETS) assert.doesNotMatch(part, s, `${who}: the results show ${s}`)
        const rows = resultRows(page.text_)
        const hit = rows.find(r => r.name === 'Harriet Kestrelwood')
        if (who === 'manager.north') {
          // The creator may open them: a match by postcode is allowed, the postcode is not shown.
          if (hit) assert.equal(hit.postcode, '–')
        } else {
          assert.ok(!hit, `${who}: the withheld parent was matched by postcode: ${hit && hit.why.join(', ')}`)
          for (const r of rows) assert.ok(!r.why.includes('postcode matches') || r.name !== 'Harriet Kestrelwood')
        }
      }
      // By name: shown (restricted to those who may not open), but with no address or postcode area.
      const { page } = await search(clients[who], { family: 'Kestrelwood', given: 'Harriet' })
      const part = resultsPart(page.text_)
      for (const s of SECRETS) assert.doesNotMatch(part, s, `${who}: name search results show ${s}`)
      const hit = resultRows(page.text_).find(r => r.name === 'Harriet Kestrelwood')
      assert.ok(hit, `${who}: a name search does not find the parent at all`)
      assert.equal(hit.postcode, '–', `${who}: the withheld parent's postcode column shows ${hit.postcode}`)
      assert.equal(hit.restricted, who !== 'manager.north')
    }
  })

  for (const who of ['manager.north', 'manager.south', 'practitioner.north', 'admin']) {
    test(`crawling every page reachable as ${who} shows the withheld address and postcode nowhere`, async (t) => {
      const c = clients[who]
      // Only the parent's own record (and its edit form) may show it, to whoever may open it.
      const own = new Set([`/people/${parent}`, `/people/${parent}/edit`])
      const canOpenParent = who === 'manager.north'
      const pages = await crawl(c, ['/', `/people/${child}`, `/people/${child}/print`, `/people/${parent}/print`,
        `/people/${child}/relationships/new`, `/episodes/${eid}`],
      { skip: h => canOpenParent && own.has(h.replace(/\?.*$/, '')) })
      t.diagnostic(`${who}: ${pages.length} pages crawled, ${pages.filter(p => p.status === 200).length} answered 200`)
      assert.ok(pages.length > 3, `${who}: the crawl reached only ${pages.length} pages`)
      for (const pg of pages) {
        assert.ok(pg.status < 500, `${who}: ${pg.path} answered ${pg.status}`)
        for (const s of SECRETS) {
          assert.doesNotMatch(pg.html, s, `${who}: ${pg.path} shows the withheld address (${s})`)
        }
      }
      if (who === 'manager.north' || who === 'practitioner.north') {
        const childPage = pages.find(p => p.path === `/people/${child}`)
        assert.equal(childPage.status, 200)
        assert.match(text(childPage.html), /Mother Harriet Kestrelwood/, `${who}: the child's record does not show the relationship`)
        if (who === 'practitioner.north') {
          // A relative the user may not open: name and relationship type only.
          assert.doesNotMatch(childPage.html, /14 March 1990|1990-03-14/, 'the practitioner sees the withheld parent\'s date of birth')
          assert.doesNotMatch(childPage.html, new RegExp(`href="/people/${parent}"`), 'the practitioner is offered a link to the parent\'s record')
        }
        const print = pages.find(p => p.path === `/people/${child}/print`)
        assert.equal(print.status, 200)
        assert.match(text(print.html), /Harriet Kestrelwood/, `${who}: the child's print omits the (printable) mother`)
      }
      if (canOpenParent) {
        const pp = pages.find(p => p.path === `/people/${parent}/print`)
        assert.equal(pp.status, 200)
        assert.match(text(pp.html), /Address Withheld/, 'the parent\'s print does not say Withheld')
      }
    })
  }
})

// ---- do not print ----------------------------------------------------------

test('a do-not-print relationship is shown on screen, marked, and left out of both people\'s printed records; printing is audited', async () => {
  const child = await createPerson('manager.north', {
    family_name: 'Printwell', given_names: 'Poppy', ...dob('2017-02-03'), gender: 'female',
    address: '5 Paper Lane, Exton', postcode: 'EX6 5PL'
  })
  const father = await createPerson('manager.north', {
    family_name: 'Noprintsworth', given_names: 'Derek', ...dob('1985-08-22'), gender: 'male',
    address: '40 Faraway Close, Exton', postcode: 'EX7 4FC'
  })
  const gran = await createPerson('manager.north', {
    family_name: 'Printwell', given_names: 'Gloria', ...dob('1955-11-30'), gender: 'female',
    address: '6 Paper Lane, Exton', postcode: 'EX6 5PL'
  })
  await addRelationship('manager.north', child, { family: 'Noprintsworth', given: 'Derek', other: String(father), type: 'father', do_not_print: 'yes' })
  await addRelationship('manager.north', child, { family: 'Printwell', given: 'Gloria', other: String(gran), type: 'grandparent' })
  assert.equal(count('relationship', `person_a = ${father} AND person_b = ${child} AND do_not_print = 1`), 1)

  const m = clients['manager.north']
  const screen = await m.get(`/people/${child}`)
  assert.equal(screen.status, 200)
  const st = text(screen.text_)
  assert.match(st, /Father Derek Noprintsworth/)
  assert.match(st, /Do not print/)
  assert.match(st, /Grandparent Gloria Printwell/)

  const uid = userId('manager.north')
  const prints = () => count('audit', `user_id = ${uid} AND action = 'print' AND record_id = ${child}`)
  const before = prints()
  const print = await m.get(`/people/${child}/print`)
  assert.equal(print.status, 200)
  assert.equal(prints(), before + 1, 'printing was not audited')
  const pt = text(print.text_)
  assert.match(pt, /Poppy Printwell/)
  assert.match(pt, /Gloria Printwell/, 'the printable relationship is missing from the print')
  assert.doesNotMatch(print.text_, /Noprintsworth|Derek/, 'the do-not-print father appears on the print')
  assert.doesNotMatch(print.text_, /Faraway Close|EX7 4FC/, 'the do-not-print father\'s address appears on the print')

  // From the father's side too.
  const fatherPrint = await m.get(`/people/${father}/print`)
  assert.equal(fatherPrint.status, 200)
  assert.doesNotMatch(fatherPrint.text_, /Poppy|Printwell/, 'the do-not-print child appears on the father\'s print')
  const fatherScreen = await m.get(`/people/${father}`)
  assert.match(text(fatherScreen.text_), /Child Poppy Printwell/)
  assert.match(fatherScreen.text_, /Do not print/)
})

// ---- names ---------------------------------------------------------------

describe('names that need escaping or are not ASCII are stored exactly and shown escaped', () => {
  const people = [
    { family_name: "O'Brien", given_names: 'Zoë <script>alert(1)</script>', previous_names: 'Zoë "Zed" Smith' },
    { family_name: 'Nowak', given_names: 'Łukasz', previous_names: '' },
    { family_name: 'الحسيني', given_names: 'محمد', previous_names: '' },
    { family_name: '"Quoted" & <b>Bold</b>', given_names: "D'Arcy-Ann", previous_names: '' }
  ]
  const ids = []

  before(async () => {
    for (const [i, p] of people.entries()) {
      ids.push(await createPerson('manager.north', {
        ...p, ...dob(`2011-0${i + 1}-1${i}`), gender: 'other', address: `${i + 1} Unicode Row, Exton`, postcode: 'EX8 1UR'
      }))
    }
  })

  test('stored byte for byte', () => {
    for (const [i, p] of people.entries()) {
      const got = sqlite(`SELECT hex(family_name) || '|' || hex(given_names) || '|' || hex(previous_names) FROM person WHERE id = ${ids[i]}`)
      assert.equal(got, `${hex(p.family_name)}|${hex(p.given_names)}|${hex(p.previous_names)}`, `person ${i} is not stored exactly`)
    }
  })

  test('the record, print, edit form and search results escape them and show Unicode exactly', async () => {
    const m = clients['manager.north']
    for (const [i, p] of people.entries()) {
      const pages = {
        record: await m.get(`/people/${ids[i]}`),
        print: await m.get(`/people/${ids[i]}/print`),
        edit: await m.get(`/people/${ids[i]}/edit`)
      }
      for (const [what, res] of Object.entries(pages)) {
        assert.equal(res.status, 200, `${what} of person ${i}`)
        const html = res.text_
        assert.ok(!/<script>/i.test(html), `${what}: a raw <script> in the HTML`)
        assert.ok(!html.includes('alert(1)</script>'), `${what}: the name's raw </script> in the HTML`)
        assert.ok(!html.includes('<b>Bold</b>'), `${what}: raw <b> in the HTML`)
        if (p.given_names.includes('<script>')) assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${what}: the escaped <script> is missing`)
        if (p.family_name.includes('<b>')) assert.ok(html.includes('&lt;b&gt;Bold&lt;/b&gt;'), `${what}: the escaped <b> is missing`)
        for (const s of [p.family_name, p.given_names]) {
          if (!/[<>&"']/.test(s)) assert.ok(html.includes(s), `${what}: ${s} does not appear exactly`)
          assert.ok(text(html).includes(s) || decode(html).includes(s), `${what}: ${s} is not shown`)
        }
      }
      const form = formFields(pages.edit.text_, `/people/${ids[i]}/edit`)
      assert.equal(form.family_name, p.family_name, 'the edit form changes the family name')
      assert.equal(form.given_names, p.given_names, 'the edit form changes the given names')
      assert.equal(form.previous_names, p.previous_names, 'the edit form changes the previous names')

      const { res, page } = await search(m, { family: p.family_name, given: p.given_names.split(' ')[0] })
      assert.equal(res.status, 303, `searching for person ${i}: ${errors(res.text_).join('; ')}`)
      const part = resultsPart(page.text_)
      assert.ok(!/<script>/i.test(page.text_) && !page.text_.includes('<b>Bold'), 'raw markup on the search results page')
      if (p.given_names.includes('<script>')) assert.ok(part.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the escaped name is missing from the results')
      const hit = resultRows(page.text_).find(r => r.id === ids[i])
      assert.ok(hit, `search does not find person ${i} (${p.given_names} ${p.family_name})`)
      assert.equal(hit.name, `${p.given_names} ${p.family_name}`)
    }
  })

  test('an edit that saves the same names unchanged keeps them byte for byte', async () => {
    const m = clients['manager.north']
    const form = formFields((await m.get(`/people/${ids[0]}/edit`)).text_, `/people/${ids[0]}/edit`)
    const res = await m.post(`/people/${ids[0]}/edit`, form, { csrfFrom: `/people/${ids[0]}/edit` })
    assert.equal(res.status, 303, errors(res.text_).join('; '))
    assert.equal(sqlite(`SELECT hex(family_name) || '|' || hex(given_names) FROM person WHERE id = ${ids[0]}`),
      `${hex(people[0].family_name)}|${hex(people[0].given_names)}`)
  })
})

// ---- criteria out of URLs and logs ------------------------------------------

test('search criteria appear in no URL and in neither the nginx access log nor the ehm log', async () => {
  const m = clients['practitioner.north']
  const crit = { family: 'Zebulonquist', given: 'Peregrine', 'dob-day': '7', 'dob-month': '11', 'dob-year': '2013', postcode: 'QZ4 8YV' }
  const res = await m.post('/people', { ident: '', ...crit }, { csrfFrom: '/people' })
  assert.equal(res.status, 303, errors(res.text_).join('; '))
  const loc = res.headers.get('location')
  assert.match(loc, /^\/people\?s=[A-Za-z0-9_-]{43}#results$/)
  const page = await m.get(loc.replace(/#.*$/, ''))
  assert.equal(page.status, 200)
  assert.match(page.text_, /No people found/)
  // The form on the results page shows what was typed (POSTed, not in the URL).
  assert.match(page.text_, /value="Zebulonquist"/)
  // Pager and create links carry only the token.
  for (const h of page.text_.matchAll(/href="([^"]*)"/g)) assert.doesNotMatch(h[1], /Zebulonquist|Peregrine|QZ4/i)
  // Also an identifier search.
  const id = await m.post('/people', { family: '', given: '', 'dob-day': '', 'dob-month': '', 'dob-year': '', postcode: '', ident: '401 023 2137' }, { csrfFrom: '/people' })
  assert.equal(id.status, 303)
  assert.match(id.headers.get('location'), /^\/people\?s=[A-Za-z0-9_-]{43}#results$/)
  await m.get(id.headers.get('location').replace(/#.*$/, ''))
  // A relationship search, as a manager.
  const child = await createPerson('manager.north', {
    family_name: 'Logcheck', given_names: 'Lily', ...dob('2016-01-01'), gender: 'female', address: '1 Log Lane', postcode: 'EX1 1LL'
  })
  const rel = await clients['manager.north'].post(`/people/${child}/relationships/new`, { action: 'search', family: 'Xanthoquist', given: 'Ottoline' },
    { csrfFrom: `/people/${child}/relationships/new` })
  assert.equal(rel.status, 200)
  await new Promise(resolve => setTimeout(resolve, 300))
  const logs = { nginx: srv.nginxAccessLog(), ehm: srv.log() }
  assert.match(logs.nginx, /"POST \/people" 303/, 'the nginx access log has no search requests at all (is it being written?)')
  for (const [name, log] of Object.entries(logs)) {
    for (const s of [/Zebulonquist/i, /Peregrine/i, /QZ4/i, /2013-11-07/, /4010232137/, /401.023.2137/, /Xanthoquist/i, /Ottoline/i]) {
      assert.doesNotMatch(log, s, `the ${name} log contains search criteria (${s})`)
    }
  }
})
