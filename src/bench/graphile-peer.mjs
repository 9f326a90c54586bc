// graphile-worker as the drain's peer (drain-bench.sh runs it): the same backlog of jobs, one POST per job to
// the same upstream, the same number in flight, in a database of the same PostgreSQL the agent runs on (same
// binaries and settings, same moment). Its batching options are on: a local queue of 500 jobs fetched and
// locked at once, completions batched. Prints one line: "jobs <n> secs <s> pgcpu <s>", PostgreSQL's CPU
// seconds (postmaster and children) during the drain only.
// Usage: node graphile-peer.mjs <postgres url> <upstream url> <jobs> <concurrency> <postmaster pid>
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import http from "node:http";
import { Logger, run, runMigrations, makeWorkerUtils } from "graphile-worker";

const [url, upstream, jobsArg, concArg, pgPid] = process.argv.slice(2);
const JOBS = Number(jobsArg || 100000);
const CONCURRENCY = Number(concArg || 32);
const BODY = '{"device":"gw-17","sensor":"temp","value":21.5,"unit":"C","ts":"2026-11-26T07:00:00Z"}';
const quiet = new Logger(() => (level, message) => {
  if (level === "error") console.error(message);
});

const ticks = 100; // CLK_TCK on Linux
function pgCpu() {
  let pids = [pgPid];
  try {
    pids = pids.concat(execFileSync("pgrep", ["-P", pgPid]).toString().trim().split("\n"));
  } catch { /* no children */ }
  let total = 0;
  for (const p of pids) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      total += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
      // the postmaster's reaped children too (cutime, cstime): a backend that ended during the drain
      if (p === pgPid) total += Number(f[13]) + Number(f[14]);
    } catch { /* gone */ }
  }
  return total / ticks;
}

await runMigrations({ connectionString: url, logger: quiet });
const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
await utils.withPgClient(async (c) => {
  await c.query("delete from graphile_worker._private_jobs");
  // the backlog in one statement, as the agent's is accepted in groups
  await c.query(`select count(*) from graphile_worker.add_jobs(array(select row('post', json_build_object('n', g),
      null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, $1) g))`, [JOBS]);
  await c.query("vacuum analyze graphile_worker._private_jobs");
});

let done = 0;
let finish;
const finished = new Promise((r) => (finish = r));
// node:http with a keep-alive pool of CONCURRENCY connections: on this machine about twice the rate of fetch
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const target = new URL(upstream);
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(BODY),
  "idempotency-key": "01a216ab-728d-749c-bf34-740f839f0e63" };
const post = () => new Promise((resolve, reject) => {
  const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST",
    agent, headers }, (res) => {
    res.resume();
    res.on("end", () => (res.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
  });
  req.on("error", reject);
  req.end(BODY);
});
const taskList = {
  post: async () => {
    await post();
    if (++done === JOBS) finish();
  },
};

const cpu0 = pgCpu();
if (process.env.GW_PROGRESS) setInterval(() => console.error("done", done, Number(process.hrtime.bigint() - t0) / 1e9), 1000).unref();
const t0 = process.hrtime.bigint();
const runner = await run({
  connectionString: url,
  concurrency: CONCURRENCY,
  noHandleSignals: true,
  pollInterval: 1000,
  taskList,
  logger: quiet,
  preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
});
await finished;
// the last completions are batched: count the drain as done once the table is empty, as the agent's queue
for (;;) {
  const n = await utils.withPgClient((c) => c.query("select count(*)::int n from graphile_worker._private_jobs"));
  if (n.rows[0].n === 0) break;
  await new Promise((r) => setTimeout(r, 20));
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = pgCpu() - cpu0;
await runner.stop();
await utils.release();
console.log(`jobs ${JOBS} secs ${secs.toFixed(3)} pgcpu ${cpu.toFixed(2)}`);
