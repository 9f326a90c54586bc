package io.outpost.checklist;

import java.util.List;

import io.outpost.config.RouteConfig;

/** One check of the list: pure, it reads only the {@link Facts} it is given. */
interface Check {

    String id();

    String title();

    List<Item> run(Facts facts);

    /** A check of the agent as a whole: one item without a route. */
    interface OfAgent extends Check {

        Verdict judge(Facts facts);

        @Override
        default List<Item> run(Facts facts) {
            Verdict v = judge(facts);
            return List.of(new Item(id(), title(), v.status(), null, v.detail(), Item.DOCS + id()));
        }
    }

    /** A check of each route: one item per configured route, in name order. */
    interface OfRoute extends Check {

        Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts);

        @Override
        default List<Item> run(Facts facts) {
            return facts.config().routes().keySet().stream().sorted().map(name -> {
                Verdict v = judge(name, facts.config().routes().get(name), facts.seen(name), facts);
                return new Item(id(), title(), v.status(), name, v.detail(), Item.DOCS + id());
            }).toList();
        }
    }
}
