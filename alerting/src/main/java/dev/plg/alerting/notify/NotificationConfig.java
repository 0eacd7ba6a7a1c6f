package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Contact points and the policy tree, as provisioned; {@link #EMPTY} notifies nobody. */
public record NotificationConfig(List<ContactPoint> contactPoints, Route policy) {
    public static final NotificationConfig EMPTY = new NotificationConfig(List.of(), null);

    public NotificationConfig {
        contactPoints = List.copyOf(requireNonNull(contactPoints, "contactPoints is null"));
        if (policy != null) {
            checkReceivers(policy, contactPoints);
        }
    }

    private static void checkReceivers(Route r, List<ContactPoint> cps) {
        if (cps.stream().noneMatch(c -> c.name().equals(r.receiver()))) {
            throw new IllegalArgumentException("policy refers to unknown contact point \"" + r.receiver() + "\"");
        }
        for (Route c : r.routes()) {
            checkReceivers(c, cps);
        }
    }

    public ContactPoint contactPoint(String name) {
        for (ContactPoint c : contactPoints) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
