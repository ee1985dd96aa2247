// app.mjs -- progressive enhancement only: every page works without it.
//  * starts govuk-frontend's components;
//  * the time-out warning: 2 minutes before the idle time-out a dialog asks
//    "Stay signed in" or "Sign out"; typing in a form counts as activity and
//    refreshes the session (a POST to /session/keepalive, at most every 30 s).
import { initAll } from '/static/vendor/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

const UNSAVED = 'ehm-unsaved:' + location.pathname

function saveUnsaved () {
  const data = []
  for (const form of document.querySelectorAll('main form[method="post"]')) {
    for (const el of form.elements) {
      if (!el.name || el.name === 'csrf' || el.type === 'password' || el.type === 'hidden') continue
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked !== el.defaultChecked) data.push([form.getAttribute('action'), el.name, el.value, el.checked])
      } else if (el.value !== el.defaultValue) {
        data.push([form.getAttribute('action'), el.name, el.value])
      }
    }
  }
  if (data.length) sessionStorage.setItem(UNSAVED, JSON.stringify(data))
}

function restoreUnsaved () {
  const raw = sessionStorage.getItem(UNSAVED)
  if (!raw || !document.body.dataset.idleTimeout) return
  sessionStorage.removeItem(UNSAVED)
  let restored = 0
  for (const [action, name, value, checked] of JSON.parse(raw)) {
    const form = document.querySelector(`main form[action="${CSS.escape(action)}"]`)
    if (!form) continue
    for (const el of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.value === value) { el.checked = checked; restored++ }
      } else { el.value = value; restored++ }
    }
  }
  if (restored) {
    const note = document.createElement('div')
    note.className = 'govuk-inset-text'
    note.setAttribute('role', 'status')
    note.textContent = 'You were signed out before you saved. What you typed has been put back: check it and save it.'
    document.querySelector('main').prepend(note)
  }
}
restoreUnsaved()

const idle = Number(document.body.dataset.idleTimeout || 0)
const dialog = document.getElementById('timeout-dialog')
const form = document.getElementById('keepalive-form')

if (idle > 0 && dialog && form) {
  // Warn 2 minutes before, but always leave at least 20 seconds to answer.
  const warnBefore = Math.max(20, Math.min(120, idle - 5))
  // The server records activity at most every 30 s (or a tenth of the
  // time-out), so count from that much earlier to be safe.
  const slack = Math.min(30, idle / 10) * 1000
  let lastPing = Date.now() - slack
  let warnTimer = null
  let endTimer = null
  let tick = null
  const countdown = document.getElementById('timeout-countdown')

  const words = (s) => {
    if (s >= 60) {
      const m = Math.ceil(s / 60)
      return m + (m === 1 ? ' minute' : ' minutes')
    }
    return s + (s === 1 ? ' second' : ' seconds')
  }

  const keepAlive = async () => {
    lastPing = Date.now()
    try {
      const res = await fetch('/session/keepalive', {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        redirect: 'manual'
      })
      if (!res.ok) return false
      return true
    } catch (e) {
      return false
    }
  }

  const schedule = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    clearInterval(tick)
    warnTimer = setTimeout(warn, Math.max(0, lastPing + (idle - warnBefore) * 1000 - Date.now()))
  }

  // Unanswered: keep what was typed in this tab (sessionStorage, cleared when
  // the tab closes; never passwords), sign out on the server, and come back
  // to this page after signing in again.
  const signOut = () => {
    saveUnsaved()
    document.getElementById('timeout-next').value = location.pathname + location.search
    document.getElementById('timeout-signout-form').submit()
  }

  function warn () {
    const deadline = lastPing + idle * 1000
    const update = () => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000))
      countdown.textContent = words(left)
    }
    update()
    tick = setInterval(update, 1000)
    endTimer = setTimeout(signOut, Math.max(0, deadline - Date.now()))
    if (!dialog.open) dialog.showModal()
    document.getElementById('timeout-stay').focus()
  }

  document.getElementById('timeout-stay').addEventListener('click', async () => {
    dialog.close()
    if (await keepAlive()) schedule()
    else signOut()
  })
  dialog.addEventListener('cancel', (e) => {
    // Escape means "stay signed in", never a silent sign-out.
    e.preventDefault()
    document.getElementById('timeout-stay').click()
  })

  // Typing counts as activity.
  document.addEventListener('input', () => {
    if (!dialog.open && Date.now() - lastPing > Math.min(30000, idle * 100)) {
      keepAlive().then((ok) => { if (ok) schedule() })
    }
  })
  schedule()
}
