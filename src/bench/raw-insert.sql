-- pgbench script: one single-row INSERT per transaction (autocommit), the same payload as accept.lua.
INSERT INTO bench_raw (route, body) VALUES ('bench', '{"device":"gw-17","sensor":"temp","value":21.5,"unit":"C","ts":"2026-11-26T07:00:00Z"}'::bytea);
