// The agent serves a route under /v1/routes/{route}/fetch/ and rewrites a Location or Content-Location
// below the route's URL to that path, as its clients need. The suite compares those fields with what its
// server sent, so its invalidate-*-location and -cl tests are also run through this adapter, which mounts
// the route at / (as a reverse proxy would be) and strips the prefix again. Nothing else is changed.
// Usage: node prefix-proxy.mjs <listen port> <agent port> <prefix, e.g. /v1/routes/ct/fetch>
import http from 'http'

const [listenPort, agentPort, prefix] = process.argv.slice(2)
const agent = new http.Agent({ keepAlive: true })
http.createServer((req, res) => {
  const up = http.request({ host: '127.0.0.1', port: agentPort, method: req.method, path: prefix + req.url,
    headers: req.headers, agent }, answer => {
    const headers = { ...answer.headers }
    for (const name of ['location', 'content-location']) {
      if (typeof headers[name] === 'string' && headers[name].startsWith(prefix)) {
        headers[name] = headers[name].substring(prefix.length)
      }
    }
    res.writeHead(answer.statusCode, headers)
    answer.pipe(res)
  })
  up.on('error', () => { res.destroy() })
  req.pipe(up)
}).listen(listenPort, '127.0.0.1')
