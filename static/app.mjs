// app.mjs -- progressive enhancement only: every page works without it.
//  * starts govuk-frontend's components;
//  * the time-out warning: 2 minutes before the idle time-out a dialog asks
//    "Stay signed in" or "Sign out"; typing in a form counts as activity and
//    refreshes the session (a POST to /session/keepalive, at most every 30 s).
import { initAll } from '/static/vendor/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

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

  const signOut = () => {
    // The server has already ended the session; show the sign-in page.
    window.location.href = '/login?next=' + encodeURIComponent(location.pathname)
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
