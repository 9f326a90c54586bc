package io.outpost.checklist;

import io.outpost.budget.Budget;
import io.outpost.config.RouteConfig;

/**
 * A route on a metered link stays inside its byte budget. Near the end of it (four fifths spent) an operator
 * still has time to act (raise it, send less, lower priorities); once spent, only the reserve priority is
 * sent until the window rolls, which is what the budget is for, but the applications' less urgent messages
 * now wait.
 */
final class BudgetCheck implements Check.OfRoute {

    static final double NEARLY = 0.8;

    @Override
    public String id() {
        return "route-budget";
    }

    @Override
    public String title() {
        return "Byte budget not nearly spent";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        Budget.View b = seen.budget();
        if (b == null) {
            return Verdict.ok("no byte budget set");
        }
        String figures = Text.bytes(b.spent()) + " of " + Text.bytes(b.limit()) + " spent this period";
        if (b.spent() >= b.limit()) {
            return Verdict.warn(figures + ": only priority " + b.reservePriority() + " and more urgent messages are "
                    + "sent until " + b.resetsAt() + "; the others wait");
        }
        if (b.spent() >= NEARLY * b.limit()) {
            return Verdict.warn(figures + " (" + Math.round(100.0 * b.spent() / b.limit()) + "%), resets at "
                    + b.resetsAt());
        }
        return Verdict.ok(figures + ", resets at " + b.resetsAt());
    }
}
