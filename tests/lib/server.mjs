// tests/lib/server.mjs -- start a real `ehm serve` behind a real nginx for a
// test file: a fresh folder with its own config.ini, database, audit key,
// socket and nginx config, on a free 127.0.0.1 port.  Nothing is mocked.
//
//   const srv = await startServer({ config: { session: { idle_timeout: 60 } } })
//   ... fetch(srv.url + '/login') ...
//   await srv.stop()
//
// EHM_BIN picks the binary (default build/asan/ehm, the sanitizer build).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const DEMO_PASSWORD = 'Early-Help-Demo-2026'

export function ehmBin () {
  const bin = process.env.EHM_BIN || path.join(ROOT, 'build/asan/ehm')
  return path.isAbsolute(bin) ? bin : path.join(ROOT, bin)
}

const ASAN = 'detect_leaks=0:abort_on_error=0:halt_on_error=1'

// Run `ehm` synchronously with the given config; returns { status, stdout, stderr }.
export function ehm (args, { configPath, input, env } = {}) {
  const full = configPath ? ['--config', configPath, ...args] : args
  const r = spawnSync(ehmBin(), full, {
    cwd: ROOT,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ASAN_OPTIONS: ASAN, ...env },
    timeout: 120000
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

export async function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

// Write an INI file from { section: { key: value } } over the defaults below.
export function writeConfig (dir, port, overrides = {}) {
  const base = {
    server: {
      socket: path.join(dir, 'ehm.sock'),
      threads: 8,
      base_url: `http://127.0.0.1:${port}`,
      tls: 'false',
      templates: path.join(ROOT, 'templates'),
      static: path.join(ROOT, 'static')
    },
    database: { path: path.join(dir, 'ehm.db'), schema: path.join(ROOT, 'schema'), forms: path.join(ROOT, 'schema/forms') },
    security: {
      audit_key: path.join(dir, 'audit.key'),
      audit_anchor: path.join(dir, 'audit.anchor')
    },
    authority: { acceptable_use_file: path.join(ROOT, 'docs/acceptable-use.md') }
  }
  for (const [sec, kv] of Object.entries(overrides)) base[sec] = { ...(base[sec] || {}), ...kv }
  let text = '; written by tests/lib/server.mjs\n'
  for (const [sec, kv] of Object.entries(base)) {
    text += `[${sec}]\n`
    for (const [k, v] of Object.entries(kv)) text += `${k} = ${v}\n`
  }
  const file = path.join(dir, 'config.ini')
  fs.writeFileSync(file, text)
  return file
}

async function waitFor (fn, ms, what) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await fn()) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('timed out waiting for ' + what)
}

// dbFrom: a folder holding ehm.db, audit.key and audit.anchor made earlier
// (the benchmark's cached large demo): they are copied in instead of demo.
export async function startServer ({ config = {}, demo = true, dbFrom = null } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ehm-test-'))
  const port = await freePort()
  const configPath = writeConfig(dir, port, config)
  if (dbFrom) {
    for (const f of ['ehm.db', 'audit.key', 'audit.anchor']) {
      if (fs.existsSync(path.join(dbFrom, f))) fs.copyFileSync(path.join(dbFrom, f), path.join(dir, f))
    }
    fs.chmodSync(path.join(dir, 'audit.key'), 0o600)
  }
  let r = ehm(['init'], { configPath })
  if (r.status !== 0) throw new Error('ehm init failed: ' + r.stderr)
  if (demo && !dbFrom) {
    r = ehm(['demo', '--people', '200', '--seed', '7'], { configPath })
    if (r.status !== 0) throw new Error('ehm demo failed: ' + r.stderr)
  }
  const run = path.join(dir, 'nginx')
  fs.mkdirSync(path.join(run, 'tmp'), { recursive: true })
  r = ehm(['nginx-conf', '--dir', run, '--port', String(port)], { configPath })
  if (r.status !== 0) throw new Error('ehm nginx-conf failed: ' + r.stderr)
  fs.writeFileSync(path.join(run, 'nginx.conf'), r.stdout)

  const ehmLog = fs.openSync(path.join(dir, 'ehm.log'), 'a')
  const ehmProc = spawn(ehmBin(), ['--config', configPath, 'serve'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', ehmLog],
    env: { ...process.env, ASAN_OPTIONS: ASAN }
  })
  const sock = path.join(dir, 'ehm.sock')
  await waitFor(() => fs.existsSync(sock) || ehmProc.exitCode !== null, 20000, 'ehm socket')
  if (ehmProc.exitCode !== null) throw new Error('ehm exited: ' + fs.readFileSync(path.join(dir, 'ehm.log'), 'utf8'))
  const nginxProc = spawn('nginx', ['-p', run, '-c', path.join(run, 'nginx.conf'), '-e', path.join(run, 'nginx-error.log')], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  const url = `http://127.0.0.1:${port}`
  await waitFor(async () => {
    try {
      const res = await fetch(url + '/healthcheck/live')
      return res.status === 200
    } catch { return false }
  }, 20000, 'nginx')

  const srv = {
    dir,
    port,
    url,
    configPath,
    dbPath: path.join(dir, 'ehm.db'),
    ehmProc,
    ehm: (args, opts = {}) => ehm(args, { configPath, ...opts }),
    log: () => fs.readFileSync(path.join(dir, 'ehm.log'), 'utf8'),
    nginxAccessLog: () => {
      const f = path.join(run, 'nginx-access.log')
      return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : ''
    },
    // Restart ehm only (e.g. after kill -9), keeping nginx and the database.
    async restartEhm () {
      if (srv.ehmProc.exitCode === null && srv.ehmProc.signalCode === null) {
        srv.ehmProc.kill('SIGKILL')
        await new Promise(resolve => srv.ehmProc.once('exit', resolve))
      }
      srv.ehmProc = spawn(ehmBin(), ['--config', configPath, 'serve'], {
        cwd: ROOT, stdio: ['ignore', 'ignore', ehmLog], env: { ...process.env, ASAN_OPTIONS: ASAN }
      })
      await waitFor(async () => {
        try { return (await fetch(url + '/healthcheck/ready')).status === 200 } catch { return false }
      }, 20000, 'ehm restart')
    },
    async stop () {
      nginxProc.kill('SIGQUIT')
      if (srv.ehmProc.exitCode === null && srv.ehmProc.signalCode === null) {
        srv.ehmProc.kill('SIGTERM')
        await new Promise(resolve => srv.ehmProc.once('exit', resolve))
      }
      await new Promise(resolve => (nginxProc.exitCode !== null || nginxProc.signalCode !== null) ? resolve() : nginxProc.once('exit', resolve))
      fs.closeSync(ehmLog)
      if (!process.env.KEEP_TEST_DIRS) fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  return srv
}

// A cookie-keeping client for one user: get/post with CSRF, like a browser.
export class Client {
  constructor (base) {
    this.base = base
    this.cookies = new Map()
  }

  cookieHeader () {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  remember (res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';')
      const i = pair.indexOf('=')
      const name = pair.slice(0, i).trim()
      const value = pair.slice(i + 1).trim()
      if (attrs.some(a => /max-age=0/i.test(a)) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async get (p, headers = {}) {
    const res = await fetch(this.base + p, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } })
    this.remember(res)
    res.text_ = await res.text()
    return res
  }

  // The CSRF token from the last page fetched at path p (or given html).
  static token (html) {
    const m = /name="csrf" value="([^"]*)"/.exec(html)
    return m ? m[1] : null
  }

  // fields: { name: value } where a value may be an array (a repeated field).
  async post (p, fields, { headers = {}, csrfFrom = null } = {}) {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) {
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
    }
    if (!('csrf' in fields)) {
      let page = csrfFrom ? await this.get(csrfFrom) : await this.get('/login')
      if (!csrfFrom && !Client.token(page.text_)) page = await this.get('/')
      const t = Client.token(page.text_)
      if (t) body.set('csrf', t)
    }
    const res = await fetch(this.base + p, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        cookie: this.cookieHeader(),
        ...headers
      },
      body: body.toString()
    })
    this.remember(res)
    res.text_ = await res.text()
    return res
  }

  async signIn (username, password = DEMO_PASSWORD) {
    await this.get('/login')
    const res = await this.post('/login', { username, password }, { csrfFrom: '/login' })
    if (res.status !== 303) throw new Error(`sign-in as ${username} failed: ${res.status}`)
    return res
  }
}
