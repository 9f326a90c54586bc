// Preloaded into the suite's server (node --import): it calls server.listen(port), which binds every
// interface; the conformance run stays on loopback.
import http from 'http'
const listen = http.Server.prototype.listen
http.Server.prototype.listen = function (port, ...rest) {
  return typeof port === 'number' || typeof port === 'string' ? listen.call(this, port, '127.0.0.1', ...rest) : listen.call(this, port, ...rest)
}
