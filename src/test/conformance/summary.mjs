// Totals of one cache-tests run, counted the way cache-tests.fyi does (dependencies honoured), twice: over
// every test the command-line client runs, and over those that apply to a private cache (the suite's own
// browser selection: without the browser_skip and cdn_only tests). Then the tests that did not pass, each
// marked "shared" when it does not apply to a private cache.
// Usage: node summary.mjs <suite dir> <results.json> [kinds to list, default fail,harness_fail,setup_fail,retry]
import fs from 'fs'
import path from 'path'
import { pathToFileURL } from 'url'

const [suiteDir, resultsFile, kinds] = process.argv.slice(2)
const load = file => import(pathToFileURL(path.resolve(suiteDir, file)).href)
const { default: suites } = await load('tests/index.mjs')
const { determineTestResult, resultTypes } = await load('test-engine/lib/results.mjs')
const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'))
const names = new Map(Object.entries(resultTypes).map(([name, type]) => [type, name]))
const all = {}
const priv = {}
const rows = []
for (const suite of suites) {
  for (const test of suite.tests) {
    if (test.browser_only === true) continue // the command-line client never runs these
    const name = names.get(determineTestResult(suites, test.id, results))
    const shared = test.browser_skip === true || test.cdn_only === true
    all[name] = (all[name] || 0) + 1
    if (!shared) priv[name] = (priv[name] || 0) + 1
    const result = results[test.id]
    rows.push([name, shared ? 'shared' : 'any', suite.id, test.id, Array.isArray(result) ? result.join(': ') : ''])
  }
}
const line = totals => Object.keys(resultTypes).filter(k => totals[k]).map(k => `${k}=${totals[k]}`).join(' ')
console.log(`all tests:          ${line(all)}`)
console.log(`private-cache tests: ${line(priv)}`)
const shown = new Set((kinds || 'fail,harness_fail,setup_fail,retry').split(','))
for (const row of rows) {
  if (shown.has(row[0])) console.log(row.join('\t'))
}
