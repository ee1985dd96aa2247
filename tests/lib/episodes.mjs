// tests/lib/episodes.mjs -- helpers for the episodes tests: building
// families, requests, allocations, consent, the team around the family,
// notes, break-glass, meetings and the action plan through the real HTTP
// interface (as a browser would), and reading the database with sqlite3 for
// assertions.  Used by tests/http/episodes.test.mjs,
// tests/http/access_matrix.test.mjs and tests/http/assessments.test.mjs.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'

import { Client, DEMO_PASSWORD } from './server.mjs'

export const q = s => "'" + String(s).replace(/'/g, "''") + "'"

// A helper bound to one server.
export function helpers (srv) {
  const clients = {}
  const tokens = new Map()

  function sqlite (sql) {
    const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', srv.dbPath, sql], { encoding: 'utf8' })
    assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`)
    return r.stdout.trim()
  }
  const num = sql => Number(sqlite(sql))
  const userId = u => num(`SELECT id FROM user WHERE username = ${q(u)}`)
  const agencyId = name => num(`SELECT id FROM agency WHERE name = ${q(name)}`)
  const teamId = name => num(`SELECT id FROM team WHERE name = ${q(name)}`)
  const maxAudit = () => num('SELECT coalesce(max(id), 0) FROM audit')

  // Sign in (once) and keep the client.
  async function as (username) {
    if (!clients[username]) {
      const c = new Client(srv.url)
      await c.signIn(username)
      clients[username] = c
    }
    return clients[username]
  }

  // Sign a user in again (after their sessions were ended, say).
  async function fresh (username) {
    delete clients[username]
    tokens.delete(username)
    return as(username)
  }

  // The session's CSRF token (one per session), from the home page.
  async function token (username) {
    if (!tokens.has(username)) {
      const c = await as(username)
      const page = await c.get('/')
      const t = Client.token(page.text_)
      assert.ok(t, `no CSRF token on ${username}'s home page`)
      tokens.set(username, t)
    }
    return tokens.get(username)
  }

  async function get (username, path) {
    return (await as(username)).get(path)
  }

  // POST with the session's CSRF token (no page fetched first).
  async function post (username, path, fields = {}) {
    return (await as(username)).post(path, { ...fields, csrf: await token(username) })
  }

  // A user made with `ehm user add`, their policy accepted and training done
  // (like the demo users), optionally a designated safeguarding lead.
  function createUser (username, { role = 'practitioner', agency, kind, team, name, dsl = false }) {
    const args = ['user', 'add', '--username', username, '--role', role, '--agency', agency,
      '--name', name || username, '--password-stdin']
    if (kind) args.push('--agency-kind', kind)
    if (team) args.push('--team', team)
    const r = srv.ehm(args, { input: DEMO_PASSWORD + '\n' })
    assert.equal(r.status, 0, `ehm user add ${username}: ${r.stderr}`)
    sqlite(`UPDATE user SET aup_version = (SELECT aup_version FROM user WHERE username = 'practitioner.north'),` +
      ` training_date = date('now', '-30 days'), dsl = ${dsl ? 1 : 0} WHERE username = ${q(username)}`)
    return userId(username)
  }

  return { clients, sqlite, num, userId, agencyId, teamId, maxAudit, as, fresh, token, get, post, createUser }
}

// ---- page reading ------------------------------------------------------

export function decode (s) {
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

// The visible text of a page (tags stripped, entities decoded).
export const text = html => decode(html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ')

// The error summary's messages, decoded.
export function errors (html) {
  const m = /govuk-error-summary__list[^>]*>([\s\S]*?)<\/ul>/.exec(html)
  if (!m) return []
  return [...m[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map(x => decode(x[1].replace(/<[^>]+>/g, '')).trim())
}

// The value of an input on the page (decoded), or null.
export function inputValue (html, name) {
  for (const m of html.matchAll(/<input\b([^>]*)>/g)) {
    const a = m[1]
    if (new RegExp(`\\bname="${name}"`).test(a)) {
      const v = /\bvalue="([^"]*)"/.exec(a)
      return v ? decode(v[1]) : ''
    }
  }
  return null
}

export function textareaValue (html, name) {
  const m = new RegExp(`<textarea\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)
  return m ? decode(m[1]).replace(/^\n/, '') : null
}

function attrs (tag) {
  const out = {}
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)) out[m[1].toLowerCase()] = m[2] === undefined ? '' : decode(m[2])
  return out
}

// What a browser would submit from the form whose action is `action` (first
// form if none): text and hidden inputs, textareas, checked boxes and radios,
// selected options.  Repeated names become arrays.
export function formFields (html, action) {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
  const f = forms.find(m => action === undefined || attrs(m[1]).action === action)
  assert.ok(f, `no form with action ${action}`)
  const body = f[2]
  const out = {}
  const put = (k, v) => {
    if (k in out) out[k] = [].concat(out[k], v)
    else out[k] = v
  }
  for (const m of body.matchAll(/<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    if (m[1] !== undefined) {
      const a = attrs(m[1])
      if (!a.name) continue
      if ((a.type === 'checkbox' || a.type === 'radio') && !('checked' in a)) continue
      put(a.name, a.value ?? '')
    } else if (m[2] !== undefined) {
      put(attrs(m[2]).name, decode(m[3]).replace(/^\n/, '')) // as a browser reads it: one leading newline dropped
    } else {
      const opts = [...m[5].matchAll(/<option\b([^>]*)>/g)].map(o => attrs(o[1]))
      const sel = opts.find(o => 'selected' in o) || opts[0]
      put(attrs(m[4]).name, sel ? sel.value ?? '' : '')
    }
  }
  return out
}

// ---- dates -------------------------------------------------------------

export function today () {
  const d = new Date()
  const iso = d.toISOString().slice(0, 10)
  return { iso, day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) }
}

export function dateFields (prefix, iso) {
  const [y, m, d] = iso.split('-')
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y }
}

// ---- the flow ------------------------------------------------------------

export const PERSON = {
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
  gender: 'female',
  address: '1 High Street',
  postcode: 'EX1 4AB',
  nhs_number: '',
  upn: '',
  language: ''
}

// What the request and the closure forms ask (the start form's answers).
export const START = { 'f.reason': 'Attendance falling since the spring', 'f.needs': 'School attendance', 'f.referrer': 'School DSL' }

export function flow (h) {
  // Create a person as a manager; returns the id.
  async function createPerson (who, fields) {
    const all = { ...PERSON, ...fields }
    let res = await h.post(who, '/people/new', all)
    if (res.status === 200 && /There may already be a record for this person/.test(res.text_)) {
      res = await h.post(who, '/people/new', { ...all, confirm_different: 'yes' })
    }
    assert.equal(res.status, 303, `creating ${fields.given_names} ${fields.family_name}: ${res.status} ${errors(res.text_).join('; ')}`)
    const m = /^\/people\/(\d+)\?created=1$/.exec(res.headers.get('location'))
    assert.ok(m, `unexpected Location ${res.headers.get('location')}`)
    return Number(m[1])
  }

  async function createChild (who, family, given, dobIso = '2016-04-03') {
    return createPerson(who, { family_name: family, given_names: given, ...dateFields('dob', dobIso) })
  }

  async function createAdult (who, family, given, dobIso = '1988-02-11') {
    return createPerson(who, { family_name: family, given_names: given, ...dateFields('dob', dobIso) })
  }

  // "other is <type> of id" (type as the form asks: mother, father, sibling…);
  // extra fields as the form has them (do_not_print: 'yes').
  async function addRelationship (who, id, { family, given, other, type, ...extra }) {
    const res = await h.post(who, `/people/${id}/relationships/new`, { action: 'add', family, given, other: String(other), type, ...extra })
    assert.equal(res.status, 303, `adding a relationship to ${id}: ${res.status} ${errors(res.text_).join('; ')}`)
    return res
  }

  function consentFields (agencies, by = 'Mary Parent') {
    const t = today()
    return {
      consent_by: by,
      consent_role: 'parent or carer',
      'consent-day': t.day,
      'consent-month': t.month,
      'consent-year': t.year,
      consent_how: 'in person',
      agencies: agencies.map(String)
    }
  }

  // Request early help as `who`; returns the response (check it yourself).
  async function requestRaw (who, person, { team, agencies, adults = [], children = [], extra = {} }) {
    return h.post(who, '/episodes/new', {
      person: String(person),
      team: String(team),
      ...consentFields(agencies),
      ...START,
      adults: adults.map(String),
      children: children.map(String),
      ...extra
    })
  }

  async function request (who, person, opts) {
    const res = await requestRaw(who, person, opts)
    assert.equal(res.status, 200, `request for ${person}: ${res.status}`)
    const m = /is episode (\d+)/.exec(text(res.text_))
    assert.ok(m, `request for ${person} not sent: ${errors(res.text_).join('; ')}`)
    return Number(m[1])
  }

  async function allocate (manager, eid, leadId) {
    const res = await h.post(manager, `/episodes/${eid}/allocate`, { lead: String(leadId) })
    assert.equal(res.status, 303, `allocating ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return res
  }

  async function recordConsent (who, eid, agencies) {
    const res = await h.post(who, `/episodes/${eid}/consent`, consentFields(agencies))
    assert.equal(res.status, 303, `consent for ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return res
  }

  async function addMember (who, eid, userId) {
    const res = await h.post(who, `/episodes/${eid}/team`, { kind: 'user', user: String(userId) })
    assert.equal(res.status, 303, `adding user ${userId} to ${eid}: ${res.status} ${errors(res.text_).join('; ')} ${/latest consent does not cover/.test(res.text_) ? '(consent does not cover)' : ''}`)
    return h.num(`SELECT max(id) FROM taf_member WHERE episode_id = ${eid} AND user_id = ${userId}`)
  }

  async function addExternal (who, eid, name = 'Pat External') {
    const res = await h.post(who, `/episodes/${eid}/team`, { kind: 'external', ext_name: name, ext_agency: 'Youth Club', ext_role: 'Youth worker', ext_contact: '01234 567890' })
    assert.equal(res.status, 303, `adding ${name} to ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return h.num(`SELECT max(id) FROM taf_member WHERE episode_id = ${eid} AND ext_name = ${q(name)}`)
  }

  async function endMember (who, tid) {
    const res = await h.post(who, `/taf/${tid}/end`)
    assert.equal(res.status, 303, `ending TAF member ${tid}: ${res.status}`)
    return res
  }

  function noteFields (about, body) {
    const t = today()
    return { 'date-day': t.day, 'date-month': t.month, 'date-year': t.year, kind: 'visit', with: 'mother', about: [].concat(about).map(String), body }
  }

  async function addNote (who, eid, about, body) {
    const res = await h.post(who, `/episodes/${eid}/notes`, noteFields(about, body))
    assert.equal(res.status, 303, `note on ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return h.num(`SELECT max(id) FROM case_note WHERE episode_id = ${eid}`)
  }

  async function withdraw (who, eid) {
    const t = today()
    const res = await h.post(who, `/episodes/${eid}/consent/withdraw`, { withdrawn_by: 'Mary Parent', 'withdrawn-day': t.day, 'withdrawn-month': t.month, 'withdrawn-year': t.year })
    assert.equal(res.status, 303, `withdrawing consent on ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return res
  }

  function closeFields (dateIso = today().iso) {
    return { ...dateFields('closure', dateIso), reason: 'Needs met', ...START, 'f.outcome': 'Attendance back above 95%' }
  }

  async function close (manager, eid) {
    const res = await h.post(manager, `/episodes/${eid}/close`, closeFields())
    assert.equal(res.status, 303, `closing ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return res
  }

  async function breakGlass (who, eid, reason = 'Police called about the child tonight; lead unreachable') {
    return h.post(who, `/episodes/${eid}/break-glass`, { reason })
  }

  // A date `days` from today (UTC), as ISO.
  function isoIn (days) {
    return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10)
  }

  // Schedule a TAF meeting; returns its id.
  async function scheduleMeeting (who, eid, { on = isoIn(14), at = '14:30', venue = 'Northgate Primary School' } = {}) {
    const res = await h.post(who, `/episodes/${eid}/meetings`, { ...dateFields('on', on), at, venue })
    assert.equal(res.status, 303, `scheduling a meeting on ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    const m = /^\/meetings\/(\d+)$/.exec(res.headers.get('location'))
    assert.ok(m, `unexpected Location ${res.headers.get('location')}`)
    return Number(m[1])
  }

  function actionFields ({ need, what, who, by = isoIn(60), status = 'not started', comment = '' }) {
    return { need, what, who, ...dateFields('by', by), status, comment }
  }

  // Add an action-plan row (who: a name from the "Who will do it" list); returns its id.
  async function addAction (who, eid, fields) {
    const res = await h.post(who, `/episodes/${eid}/plan`, actionFields(fields))
    assert.equal(res.status, 303, `adding an action on ${eid}: ${res.status} ${errors(res.text_).join('; ')}`)
    return h.num(`SELECT max(id) FROM action WHERE episode_id = ${eid}`)
  }

  return {
    createPerson, createChild, createAdult, addRelationship, consentFields, requestRaw, request, allocate,
    recordConsent, addMember, addExternal, endMember, noteFields, addNote, withdraw, closeFields, close, breakGlass,
    isoIn, scheduleMeeting, actionFields, addAction
  }
}
