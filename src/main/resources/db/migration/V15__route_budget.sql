-- Metered links: what each route with a byte budget has sent in its current window. One row per route, updated
-- by one atomic upsert per charge (budget.BudgetStore), so several agents sharing the store add up rather than
-- overwrite each other. period_start is the window's start (fixed windows in UTC); a charge for a later window
-- starts the count again. Numbered 15 to leave 14 to the batching change of the same issue.
create table outbox_route_budget (
    route        text primary key,
    period_start timestamptz not null,
    spent        bigint not null check (spent >= 0)
);
