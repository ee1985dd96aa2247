// tests/http/access_matrix.test.mjs -- the access matrix of DESIGN §4 for
// every record route, through nginx.
//
// A fixture holds one family's episode in each state (requested; open with
// consent covering; open with consent withdrawn; closed) and one user in
// each relation to it (its lead, a current TAF member of a covered agency, an
// ended TAF member, a current TAF member whose agency the latest consent no
// longer covers, a practitioner with no role, a manager of the episode's
// team, a manager of another team, an admin, and a designated safeguarding
// lead with active break-glass).  MATRIX below says, for every route whose
// URL names a record (/episodes/{id}…, /notes/{id}…, /taf/{id}…,
// /transfers/{id}…, /break-glass/{id}…, /people/{id}…, /relationships/{id}…,
// /assessments/{id}…, /meetings/{id}…, /actions/{id}…), how to build its URL
// for a fixture and what every (user, state) gets:
// GET an exact status (200 or 403, or 409 where the page exists but not in
// that state); POST 'ok' (let through by access: anything but 403, never 5xx)
// or 'deny' (403).  Every 403 must come with a 'deny' audit row and must not
// show the family.  The route list is read from `ehm routes`, so a record
// route added without a MATRIX entry fails the first test.
//
// POSTs are sent with no fields (or harmless ones), so an allowed user gets
// a validation error, a "not in this state" answer, or a no-op (ending a
// membership or relationship that has already ended; deciding a transfer
// that was already decided): the fixture does not change as the matrix runs.
// The one exception is removing an action-plan row, which needs no fields:
// its entry's `reset` puts the row back (removal is only a flag) after every
// cell, so each allowed user really removes it and the next cell finds it.
//
// Run: EHM_BIN=build/asan/ehm node --test --test-concurrency=1 tests/http/access_matrix.test.mjs
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'

import { startServer, ehm } from '../lib/server.mjs'
import { helpers, flow, text, today } from '../lib/episodes.mjs'

// ---- the relations and the states ----------------------------------------

const USERS = {
  lead: 'practitioner.north', // its lead (for the request: who asked)
  taf: 'teacher', // a current TAF member whose agency the consent covers
  ended: 'healthvisitor', // a TAF member whose membership was ended (agency covered)
  uncovered: 'housing.worker', // a current TAF member whose agency the latest consent dropped
  norole: 'practitioner.south', // covered agency, no role in the episode
  teamManager: 'manager.north', // a manager of the episode's team
  otherManager: 'manager.south', // a manager of another team (receives the fixture's transfer)
  admin: 'admin',
  dsl: 'dsl.north' // a designated safeguarding lead with a live break-glass use on every fixture episode
}
const RELATIONS = Object.keys(USERS)
const STATES = ['requested', 'open', 'withdrawn', 'closed']

// Episode access (DESIGN §4): 2 write, 1 read, 0 none.
//  - requested: nobody but the team's managers until allocation (break-glass
//    is only into open episodes: a live use recorded on a requested one
//    opens nothing);
//  - open: lead and current covered TAF members write, the team's managers
//    write, break-glass reads;
//  - consent withdrawn: the lead and the team's managers read (both may
//    still close, step up and record new consent), break-glass reads (the
//    episode is still open);
//  - closed: read-only for its last lead and its team's managers; nobody
//    else (break-glass included).
const EPISODE = {
  requested: { teamManager: 1 },
  open: { lead: 2, taf: 2, teamManager: 2, dsl: 1 },
  withdrawn: { lead: 1, teamManager: 1, dsl: 1 },
  closed: { lead: 1, teamManager: 1 }
}
const ep = (rel, st) => EPISODE[st][rel] || 0
const bg = (rel, st) => rel === 'dsl' && ep(rel, st) > 0 // access only through break-glass

// The child's person record: practitioners through an open episode they
// can open; managers for their team's episodes (and people they created).
const PERSON = {
  requested: { teamManager: 2 },
  open: { lead: 2, taf: 2, teamManager: 2, dsl: 1 },
  withdrawn: { lead: 1, teamManager: 2, dsl: 1 },
  closed: { teamManager: 2 }
}
const person = (rel, st) => PERSON[st][rel] || 0

const g = ok => ok ? 200 : 403 // GET: the page or the refusal
const p = ok => ok ? 'ok' : 'deny' // POST: through access, or refused

const open = st => st === 'open' || st === 'withdrawn' // status 'open' (withdrawn is still open)

// ---- the matrix: one entry per record route, keyed by route name ----------

const MATRIX = {
  // the episode
  episode: { url: f => `/episodes/${f.eid}`, expect: (r, s) => g(ep(r, s) >= 1) },
  'episode.allocate.form': { url: f => `/episodes/${f.eid}/allocate`, expect: (r, s) => g(r === 'teamManager' && s === 'requested') },
  'episode.allocate': { url: f => `/episodes/${f.eid}/allocate`, expect: (r, s) => p(r === 'teamManager' && s === 'requested') },
  'episode.decline': { url: f => `/episodes/${f.eid}/decline`, expect: (r, s) => p(r === 'teamManager' && s === 'requested') },
  // consent: the lead, current TAF members and the team's managers of an open
  // episode; after withdrawal the lead and managers may record a new statement
  consent: { url: f => `/episodes/${f.eid}/consent`, expect: (r, s) => g(ep(r, s) >= 1) },
  'consent.record': {
    url: f => `/episodes/${f.eid}/consent`,
    expect: (r, s) => p(!bg(r, s) && open(s) && (ep(r, s) === 2 || (ep(r, s) >= 1 && (r === 'lead' || r === 'teamManager'))))
  },
  'consent.withdraw': { url: f => `/episodes/${f.eid}/consent/withdraw`, expect: (r, s) => p(s === 'open' && ep(r, s) === 2) },
  // the team around the family
  team: { url: f => `/episodes/${f.eid}/team`, expect: (r, s) => g(ep(r, s) >= 1) },
  'team.add': { url: f => `/episodes/${f.eid}/team`, expect: (r, s) => p(ep(r, s) === 2) },
  'team.end': { url: f => `/taf/${f.endedTaf}/end`, expect: (r, s) => p(ep(r, s) === 2) },
  // case notes
  notes: { url: f => `/episodes/${f.eid}/notes`, expect: (r, s) => g(ep(r, s) >= 1) },
  'note.new': { url: f => `/episodes/${f.eid}/notes/new`, expect: (r, s) => g(ep(r, s) === 2) },
  'note.create': { url: f => `/episodes/${f.eid}/notes`, expect: (r, s) => p(ep(r, s) === 2) },
  note: { url: f => `/notes/${f.note}`, expect: (r, s) => g(ep(r, s) >= 1) },
  'note.edit': { url: f => `/notes/${f.note}/edit`, expect: (r, s) => g(ep(r, s) === 2) },
  'note.save': { url: f => `/notes/${f.note}/edit`, expect: (r, s) => p(ep(r, s) === 2) },
  // closing and reopening: the team's managers
  'episode.close.form': {
    url: f => `/episodes/${f.eid}/close`,
    expect: (r, s) => r !== 'teamManager' ? 403 : open(s) ? 200 : 409
  },
  'episode.close': { url: f => `/episodes/${f.eid}/close`, expect: (r, s) => p(r === 'teamManager') },
  'episode.reopen.form': { url: f => `/episodes/${f.eid}/reopen`, expect: (r, s) => g(r === 'teamManager' && s === 'closed') },
  'episode.reopen': { url: f => `/episodes/${f.eid}/reopen`, expect: (r, s) => p(r === 'teamManager' && s === 'closed') },
  // transfers: asked for by the lead or the team's managers of an open
  // episode; decided only by the receiver (here: the other team's manager;
  // the fixture's transfers are already decided, so the receiver gets 409)
  'transfer.form': { url: f => `/episodes/${f.eid}/transfer`, expect: (r, s) => g(open(s) && (r === 'lead' || r === 'teamManager')) },
  'transfer.request': { url: f => `/episodes/${f.eid}/transfer`, expect: (r, s) => p(open(s) && (r === 'lead' || r === 'teamManager')) },
  'transfer.accept': { url: f => `/transfers/${f.transfer}/accept`, expect: (r, s) => p(r === 'otherManager') },
  'transfer.decline': { url: f => `/transfers/${f.transfer}/decline`, expect: (r, s) => p(r === 'otherManager') },
  // break-glass: designated safeguarding leads only, and only into an open
  // episode (not a requested one, which nobody but the team's managers may
  // open until allocation; not a closed one, which nobody but its last lead
  // and team managers may open); reviewed by a manager of the episode's team
  // or of the user's team
  'break-glass.form': { url: f => `/episodes/${f.eid}/break-glass`, expect: (r, s) => g(r === 'dsl' && open(s)) },
  'break-glass': { url: f => `/episodes/${f.eid}/break-glass`, expect: (r, s) => p(r === 'dsl' && open(s)) },
  'break-glass.review': { url: f => `/break-glass/${f.bg}/review`, expect: (r, s) => p(r === 'teamManager') },
  // the child's person record (no printing under break-glass)
  person: { url: f => `/people/${f.child}`, expect: (r, s) => g(person(r, s) >= 1) },
  'person.edit': { url: f => `/people/${f.child}/edit`, expect: (r, s) => g(person(r, s) === 2) },
  'person.save': { url: f => `/people/${f.child}/edit`, expect: (r, s) => p(person(r, s) === 2) },
  'person.print': { url: f => `/people/${f.child}/print`, expect: (r, s) => g(person(r, s) >= 1 && !bg(r, s)) },
  'relationship.new': { url: f => `/people/${f.child}/relationships/new`, expect: (r, s) => g(person(r, s) === 2) },
  'relationship.create': { url: f => `/people/${f.child}/relationships/new`, expect: (r, s) => p(person(r, s) === 2) },
  'relationship.end': { url: f => `/relationships/${f.rel}/end`, expect: (r, s) => p(person(r, s) === 2) },
  // assessments: everything in the episode follows the episode (the
  // fixture holds a draft; starting another while it exists is a no-op)
  assessments: { url: f => `/episodes/${f.eid}/assessments`, expect: (r, s) => g(ep(r, s) >= 1) },
  'assessment.start': { url: f => `/episodes/${f.eid}/assessments`, expect: (r, s) => p(ep(r, s) === 2) },
  distance: { url: f => `/episodes/${f.eid}/distance`, expect: (r, s) => g(ep(r, s) >= 1) },
  assessment: { url: f => `/assessments/${f.assessment}`, expect: (r, s) => g(ep(r, s) >= 1) },
  'assessment.section': { url: f => `/assessments/${f.assessment}/sections/1`, expect: (r, s) => g(ep(r, s) === 2) },
  'assessment.section.save': { url: f => `/assessments/${f.assessment}/sections/1`, expect: (r, s) => p(ep(r, s) === 2) },
  'assessment.check': { url: f => `/assessments/${f.assessment}/check`, expect: (r, s) => g(ep(r, s) === 2) },
  'assessment.complete': { url: f => `/assessments/${f.assessment}/complete`, expect: (r, s) => p(ep(r, s) === 2) },
  'assessment.print': { url: f => `/assessments/${f.assessment}/print`, expect: (r, s) => g(ep(r, s) >= 1 && !bg(r, s)) },
  // TAF meetings (the fixture's meeting is scheduled, with no attendees, in
  // every state): read with the episode, written with it; no printing under
  // break-glass
  meetings: { url: f => `/episodes/${f.eid}/meetings`, expect: (r, s) => g(ep(r, s) >= 1) },
  'meeting.create': { url: f => `/episodes/${f.eid}/meetings`, expect: (r, s) => p(ep(r, s) === 2) },
  meeting: { url: f => `/meetings/${f.meeting}`, expect: (r, s) => g(ep(r, s) >= 1) },
  'meeting.update': { url: f => `/meetings/${f.meeting}`, expect: (r, s) => p(ep(r, s) === 2) },
  'meeting.attendee': { url: f => `/meetings/${f.meeting}/attendees`, expect: (r, s) => p(ep(r, s) === 2) },
  'meeting.cancel': { url: f => `/meetings/${f.meeting}/cancel`, expect: (r, s) => p(ep(r, s) === 2) },
  'meeting.held.form': { url: f => `/meetings/${f.meeting}/held`, expect: (r, s) => g(ep(r, s) === 2) },
  'meeting.held': { url: f => `/meetings/${f.meeting}/held`, expect: (r, s) => p(ep(r, s) === 2) },
  'meeting.print': { url: f => `/meetings/${f.meeting}/print`, expect: (r, s) => g(ep(r, s) >= 1 && !bg(r, s)) },
  // the action plan (one row in every state)
  plan: { url: f => `/episodes/${f.eid}/plan`, expect: (r, s) => g(ep(r, s) >= 1) },
  'action.new': { url: f => `/episodes/${f.eid}/plan/new`, expect: (r, s) => g(ep(r, s) === 2) },
  'action.create': { url: f => `/episodes/${f.eid}/plan`, expect: (r, s) => p(ep(r, s) === 2) },
  'action.edit': { url: f => `/actions/${f.action}/edit`, expect: (r, s) => g(ep(r, s) === 2) },
  'action.save': { url: f => `/actions/${f.action}/edit`, expect: (r, s) => p(ep(r, s) === 2) },
  'action.remove': {
    url: f => `/actions/${f.action}/remove`,
    expect: (r, s) => p(ep(r, s) === 2),
    reset: f => h.sqlite(`UPDATE action SET removed = 0 WHERE id = ${f.action}`)
  },
  'plan.print': { url: f => `/episodes/${f.eid}/plan/print`, expect: (r, s) => g(ep(r, s) >= 1 && !bg(r, s)) },
  // stepping up to children's social care: the lead or the team's managers of
  // an open episode, consent withdrawn or not (safeguarding needs no consent)
  'stepup.form': { url: f => `/episodes/${f.eid}/step-up`, expect: (r, s) => g(open(s) && (r === 'lead' || r === 'teamManager')) },
  stepup: { url: f => `/episodes/${f.eid}/step-up`, expect: (r, s) => p(open(s) && (r === 'lead' || r === 'teamManager')) },
  // commissioning requests: only the keyworker (lead) of an open episode with
  // write access (the fixture lacks the prerequisites, so nothing is created)
  'commission.form': { url: f => `/episodes/${f.eid}/requests`, expect: (r, s) => g(r === 'lead' && ep(r, s) === 2) },
  'commission.create': { url: f => `/episodes/${f.eid}/requests`, expect: (r, s) => p(r === 'lead' && ep(r, s) === 2) }
}

// Pages that name the family (an episode page's identity bar, a person's
// record): a 200 from these must be the real page.
const SHOWS_FAMILY = new Set(['episode', 'consent', 'team', 'notes', 'note', 'note.new', 'note.edit', 'assessments', 'assessment',
  'episode.allocate.form', 'episode.close.form', 'person', 'person.edit', 'person.print', 'relationship.new',
  'assessment.check', 'assessment.print', 'distance', 'meetings', 'meeting', 'meeting.held.form', 'meeting.print',
  'plan', 'action.new', 'action.edit', 'plan.print', 'stepup.form', 'commission.form'])

// The record routes, from the binary's own route table.
const RECORD = /^\/(episodes|notes|taf|transfers|break-glass|people|relationships|assessments|meetings|actions)\/\{id\}/
function recordRoutes () {
  const r = ehm(['routes'])
  assert.equal(r.status, 0, `ehm routes: ${r.stderr}`)
  return r.stdout.trim().split('\n').map(l => l.split('\t')).filter(f => f.length >= 5)
    .map(([method, pattern, roles, kind, name]) => ({ method, pattern, roles, kind, name }))
    .filter(x => RECORD.test(x.pattern))
}
const ROUTES = recordRoutes()

// ---- the fixture ----------------------------------------------------------

let srv, h, f
const UID = {}
const FIX = {} // state -> { eid, child, note, endedTaf, transfer, bg, rel, assessment, meeting, action, family }

before(async () => {
  srv = await startServer({ config: { episodes: { break_glass_daily_quota: 100 } } })
  h = helpers(srv)
  f = flow(h)
  h.createUser('housing.worker', { agency: 'Exampleshire Homes', kind: 'housing', team: 'Tenancy Support', name: 'Harri Evans' })
  h.createUser('dsl.north', { agency: 'Exampleshire County Council', team: 'Early Help North', name: 'Dana Sloane', dsl: true })

  const A = {
    la: h.agencyId('Exampleshire County Council'),
    school: h.agencyId('Northgate Primary School'),
    health: h.agencyId('Exampleshire Community Health'),
    housing: h.agencyId('Exampleshire Homes')
  }
  const north = h.teamId('Early Help North')
  const south = h.teamId('Early Help South')
  const uid = Object.fromEntries(Object.entries(USERS).map(([r, u]) => [r, h.userId(u)]))
  const now = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

  for (const state of STATES) {
    const family = 'Matrix' + state[0].toUpperCase() + state.slice(1) + 'worth'
    const child = await f.createChild('manager.north', family, 'Robin')
    const relative = await f.createAdult('manager.north', family, 'Alder')
    await f.addRelationship('manager.north', child, { family, given: 'Alder', other: relative, type: 'mother' })
    const rel = h.num(`SELECT id FROM relationship WHERE person_b = ${child} AND person_a = ${relative}`)
    const endRel = await h.post('manager.north', `/relationships/${rel}/end`)
    assert.equal(endRel.status, 303)
    const eid = await f.request('practitioner.north', child, { team: north, agencies: [A.la, A.school, A.health, A.housing] })
    const fx = { eid, child, rel, family }
    if (state === 'requested') {
      // Nobody can add members or notes before allocation: the fixture's
      // rows are written directly.
      h.sqlite(`INSERT INTO taf_member(episode_id, user_id, start_date, added_by, added_at) VALUES` +
        ` (${eid}, ${uid.taf}, date('now'), ${uid.teamManager}, ${now}),` +
        ` (${eid}, ${uid.uncovered}, date('now'), ${uid.teamManager}, ${now});` +
        `INSERT INTO taf_member(episode_id, user_id, start_date, end_date, added_by, added_at, ended_by, ended_at) VALUES` +
        ` (${eid}, ${uid.ended}, date('now'), date('now'), ${uid.teamManager}, ${now}, ${uid.teamManager}, ${now});` +
        `INSERT INTO taf_member(episode_id, ext_name, ext_agency, ext_role, ext_contact, start_date, end_date, added_by, added_at, ended_by, ended_at) VALUES` +
        ` (${eid}, 'Pat External', 'Youth Club', 'Youth worker', '0123', date('now'), date('now'), ${uid.teamManager}, ${now}, ${uid.teamManager}, ${now});` +
        // the latest consent drops housing
        `INSERT INTO consent(episode_id, kind, given_by, on_date, how, recorded_by, recorded_at) VALUES (${eid}, 'given', 'Mary Parent (parent or carer)', date('now'), 'in person', ${uid.lead}, ${now});` +
        `INSERT INTO consent_agency(consent_id, agency_id) SELECT max(id), ${A.la} FROM consent;` +
        `INSERT INTO consent_agency(consent_id, agency_id) SELECT max(id), ${A.school} FROM consent;` +
        `INSERT INTO consent_agency(consent_id, agency_id) SELECT max(id), ${A.health} FROM consent;` +
        `INSERT INTO note_seq(at) VALUES (${now});` +
        `INSERT INTO case_note(episode_id, id, note_date, kind, with_whom, body, author_id, created_at, updated_by, updated_at)` +
        ` SELECT ${eid}, max(id), date('now'), 'visit', 'mother', 'Requested-state note', ${uid.teamManager}, ${now}, ${uid.teamManager}, ${now} FROM note_seq;` +
        `INSERT INTO case_note_version(note_id, version, note_date, kind, with_whom, body, saved_by, saved_at)` +
        ` SELECT max(id), 1, date('now'), 'visit', 'mother', 'Requested-state note', ${uid.teamManager}, ${now} FROM note_seq;` +
        `INSERT INTO note_person(note_id, person_id) SELECT max(id), ${child} FROM note_seq;`)
      fx.note = h.num(`SELECT max(id) FROM case_note WHERE episode_id = ${eid}`)
      fx.endedTaf = h.num(`SELECT id FROM taf_member WHERE episode_id = ${eid} AND ext_name = 'Pat External'`)
    } else {
      await f.allocate('manager.north', eid, uid.lead)
      await f.addMember('practitioner.north', eid, uid.taf)
      const hv = await f.addMember('practitioner.north', eid, uid.ended)
      await f.addMember('practitioner.north', eid, uid.uncovered)
      fx.endedTaf = await f.addExternal('practitioner.north', eid)
      await f.endMember('practitioner.north', fx.endedTaf)
      await f.endMember('practitioner.north', hv)
      // The latest statement covers the council, the school and health, not housing.
      await f.recordConsent('practitioner.north', eid, [A.la, A.school, A.health])
      fx.note = await f.addNote('practitioner.north', eid, child, `${state} note about Robin`)
      const started = await h.post('practitioner.north', `/episodes/${eid}/assessments`)
      assert.equal(started.status, 303, `starting an assessment on the ${state} episode: ${started.status}`)
      fx.assessment = h.num(`SELECT max(id) FROM assessment WHERE episode_id = ${eid} AND status = 'draft'`)
      fx.meeting = await f.scheduleMeeting('practitioner.north', eid, { on: today().iso }) // today: it may be written up
      fx.action = await f.addAction('practitioner.north', eid, { need: 'Robin goes to school every day', what: 'Walk to school together', who: `Robin ${family}` })
    }
    // An already-decided transfer to the other team (its manager is the receiver).
    h.sqlite(`INSERT INTO transfer(episode_id, to_team, reason, status, requested_by, requested_at, decided_by, decided_at, decline_reason)` +
      ` VALUES (${eid}, ${south}, 'Family moving south', 'declined', ${uid.teamManager}, ${now}, ${uid.otherManager}, ${now}, 'No capacity')`)
    fx.transfer = h.num(`SELECT max(id) FROM transfer WHERE episode_id = ${eid}`)
    // Break-glass by the DSL (while the episode is still open, for the closed
    // one).  The app refuses it into a requested episode: that use is written
    // directly, to show that a live use there still opens nothing.
    if (state === 'requested') {
      h.sqlite(`INSERT INTO break_glass(user_id, episode_id, reason, started_at, expires_at)` +
        ` VALUES (${uid.dsl}, ${eid}, 'Police called about the child tonight', strftime('%s', 'now'), strftime('%s', 'now') + 3600)`)
    } else {
      const res = await f.breakGlass('dsl.north', eid)
      assert.equal(res.status, 303, `break-glass on the ${state} episode: ${res.status}`)
    }
    fx.bg = h.num(`SELECT max(id) FROM break_glass WHERE episode_id = ${eid} AND user_id = ${uid.dsl}`)
    if (state === 'withdrawn') await f.withdraw('practitioner.north', eid)
    if (state === 'closed') await f.close('manager.north', eid)
    FIX[state] = fx
  }
  // Break-glass is one episode at a time, so each use above ended the one
  // before: the matrix needs all four live at once (each state's cells stand
  // on their own), so they are extended directly.
  h.sqlite(`UPDATE break_glass SET expires_at = strftime('%s', 'now') + 3600 WHERE user_id = ${uid.dsl}`)
  // Nobody can start an assessment before allocation: the requested
  // episode's draft is written directly (under the same form definition).
  h.sqlite(`INSERT INTO assessment(episode_id, form_name, form_def_id, status, started_by, started_at, updated_by, updated_at)` +
    ` SELECT ${FIX.requested.eid}, form_name, form_def_id, 'draft', started_by, started_at, updated_by, updated_at FROM assessment WHERE id = ${FIX.open.assessment}`)
  FIX.requested.assessment = h.num(`SELECT max(id) FROM assessment WHERE episode_id = ${FIX.requested.eid}`)
  // Nor schedule a meeting or add an action: a copy of the open episode's.
  h.sqlite(`INSERT INTO meeting(episode_id, status, on_date, at_time, venue, created_by, created_at, updated_by, updated_at)` +
    ` SELECT ${FIX.requested.eid}, status, on_date, at_time, venue, created_by, created_at, updated_by, updated_at FROM meeting WHERE id = ${FIX.open.meeting};` +
    `INSERT INTO action(episode_id, need, what, who, by_date, status, comment, updated_by, updated_at)` +
    ` SELECT ${FIX.requested.eid}, need, what, 'Robin ${FIX.requested.family}', by_date, status, comment, updated_by, updated_at FROM action WHERE id = ${FIX.open.action}`)
  FIX.requested.meeting = h.num(`SELECT max(id) FROM meeting WHERE episode_id = ${FIX.requested.eid}`)
  FIX.requested.action = h.num(`SELECT max(id) FROM action WHERE episode_id = ${FIX.requested.eid}`)
  // Sanity: the fixture is in the states it claims.
  const status = s => h.sqlite(`SELECT status FROM episode WHERE id = ${FIX[s].eid}`)
  assert.equal(status('requested'), 'requested')
  assert.equal(status('open'), 'open')
  assert.equal(status('withdrawn'), 'open')
  assert.equal(h.sqlite(`SELECT kind FROM consent WHERE episode_id = ${FIX.withdrawn.eid} ORDER BY id DESC LIMIT 1`), 'withdrawn')
  assert.equal(status('closed'), 'closed')
  assert.equal(h.num(`SELECT count(*) FROM taf_member WHERE episode_id = ${FIX.open.eid} AND user_id = ${uid.taf} AND ended_at IS NULL`), 1)
  assert.equal(h.num(`SELECT count(*) FROM taf_member WHERE episode_id = ${FIX.open.eid} AND user_id = ${uid.uncovered} AND ended_at IS NULL`), 1)
  assert.equal(h.num(`SELECT count(*) FROM taf_member WHERE episode_id = ${FIX.open.eid} AND user_id = ${uid.ended} AND ended_at IS NOT NULL`), 1)
  assert.equal(h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${uid.dsl} AND expires_at > strftime('%s', 'now')`), 4)
  for (const u of Object.values(USERS)) await h.as(u)
})

after(async () => {
  if (srv) await srv.stop()
})

// ---- the tests --------------------------------------------------------------

test('every record route in `ehm routes` has an entry in the access matrix (and every entry is a route)', () => {
  assert.ok(ROUTES.length >= 30, `only ${ROUTES.length} record routes found in ehm routes`)
  const names = new Set(ROUTES.map(r => r.name))
  const missing = ROUTES.filter(r => !MATRIX[r.name]).map(r => `${r.method} ${r.pattern} (${r.name})`)
  assert.deepEqual(missing, [], 'record routes with no access-matrix entry: add them to MATRIX in tests/http/access_matrix.test.mjs')
  const stale = Object.keys(MATRIX).filter(n => !names.has(n))
  assert.deepEqual(stale, [], 'MATRIX entries for routes that no longer exist')
})

test('the matrix covers every relation and state, and every record route refuses someone', () => {
  for (const name of Object.keys(MATRIX)) {
    let refused = 0
    for (const s of STATES) {
      for (const r of RELATIONS) {
        const e = MATRIX[name].expect(r, s)
        assert.ok([200, 403, 409, 'ok', 'deny'].includes(e), `${name} ${r} ${s}: ${e}`)
        if (e === 403 || e === 'deny') refused++
      }
      assert.ok(['deny', 403].includes(MATRIX[name].expect('admin', s)), `${name}: admin must be refused (${s})`)
    }
    assert.ok(refused > 0, `${name} refuses nobody`)
  }
})

describe('access matrix', () => {
  for (const route of ROUTES) {
    const m = MATRIX[route.name]
    if (!m) continue
    test(`${route.method} ${route.pattern} (${route.name})`, async (t) => {
      const wrong = []
      const seen = {}
      for (const state of STATES) {
        const fx = FIX[state]
        const url = m.url(fx)
        for (const rel of RELATIONS) {
          const user = USERS[rel]
          const want = m.expect(rel, state)
          const uidOf = UID[user] ??= h.userId(user)
          const before = h.maxAudit()
          const res = route.method === 'GET' ? await h.get(user, url) : await h.post(user, url, {})
          if (m.reset) m.reset(fx)
          const cell = `${rel} (${user}) on the ${state} episode: ${route.method} ${url}`
          const denied = res.status === 403
          seen[res.status] = (seen[res.status] || 0) + 1
          if (res.status >= 500) {
            wrong.push(`${cell} -> ${res.status} (server error)`)
            continue
          }
          if (want === 'ok' && denied) wrong.push(`${cell} -> 403, expected to be let through: ${text(res.text_).slice(0, 160)}`)
          else if ((want === 'deny' || want === 403) && !denied) wrong.push(`${cell} -> ${res.status}, expected 403`)
          else if (typeof want === 'number' && want !== 403 && res.status !== want) wrong.push(`${cell} -> ${res.status}, expected ${want}`)
          if (denied) {
            // A refusal says nothing of the family and leaves an audit row.
            if (res.text_.includes(fx.family)) wrong.push(`${cell} -> 403 page shows the family name`)
            const n = h.num(`SELECT count(*) FROM audit WHERE id > ${before} AND user_id = ${uidOf} AND action = 'deny'`)
            if (n < 1) wrong.push(`${cell} -> 403 without a 'deny' audit row`)
          }
          if (route.method === 'GET' && res.status === 200 && SHOWS_FAMILY.has(route.name) && !res.text_.includes(fx.family)) {
            wrong.push(`${cell} -> 200 but the page does not show the family (${fx.family})`)
          }
        }
      }
      t.diagnostic(`answers: ${Object.entries(seen).map(([k, v]) => `${k}×${v}`).join(', ')}`)
      assert.deepEqual(wrong, [], `${route.name}: ${wrong.length} cells wrong`)
    })
  }
})

test('the matrix left the fixture as it was (its POSTs changed nothing)', () => {
  for (const state of STATES) {
    const fx = FIX[state]
    assert.equal(h.sqlite(`SELECT status FROM episode WHERE id = ${fx.eid}`), state === 'withdrawn' ? 'open' : state)
    assert.equal(h.num(`SELECT count(*) FROM case_note WHERE episode_id = ${fx.eid}`), 1, `${state}: notes were added`)
    assert.equal(h.num(`SELECT version FROM case_note WHERE id = ${fx.note}`), 1, `${state}: the note was changed`)
    assert.equal(h.sqlite(`SELECT status FROM transfer WHERE id = ${fx.transfer}`), 'declined')
    assert.equal(h.num(`SELECT count(*) FROM transfer WHERE episode_id = ${fx.eid}`), 1, `${state}: a transfer was requested`)
    assert.equal(h.sqlite(`SELECT coalesce(review, '') FROM break_glass WHERE id = ${fx.bg}`), '', `${state}: the break-glass use was reviewed`)
    assert.equal(h.sqlite(`SELECT group_concat(status) FROM assessment WHERE episode_id = ${fx.eid}`), 'draft', `${state}: an assessment was started or completed`)
    assert.equal(h.sqlite(`SELECT group_concat(id || ':' || status || ':' || version || ':' || note) FROM meeting WHERE episode_id = ${fx.eid}`),
      `${fx.meeting}:scheduled:1:`, `${state}: a meeting was scheduled, changed, held or cancelled`)
    assert.equal(h.num(`SELECT count(*) FROM meeting_attendee WHERE meeting_id = ${fx.meeting}`), 0, `${state}: an attendee was added`)
    assert.equal(h.sqlite(`SELECT group_concat(id || ':' || removed || ':' || status || ':' || need) FROM action WHERE episode_id = ${fx.eid}`),
      `${fx.action}:0:not started:Robin goes to school every day`, `${state}: an action was added or changed`)
    assert.equal(h.num(`SELECT count(*) FROM action_change WHERE action_id = ${fx.action} AND change != 'Removed from the plan' AND change != 'Added'`), 0,
      `${state}: the action was changed or reviewed`)
  }
  assert.equal(h.num(`SELECT count(*) FROM break_glass WHERE user_id = ${h.userId(USERS.dsl)}`), 4, 'break-glass was used again')
  const check = srv.ehm(['check'])
  assert.equal(check.status, 0, check.stdout + check.stderr)
})
