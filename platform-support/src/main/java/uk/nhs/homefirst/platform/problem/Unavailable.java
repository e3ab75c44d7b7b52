package uk.nhs.homefirst.platform.problem;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a failure means that a dependency could not serve the request in time, so that the
 * answer is a 503 with Retry-After rather than a 500: the database not reachable, a connection not
 * to be had from the pool within its timeout, a statement or lock wait cancelled by its timeout, the
 * server restarting, a deadlock or serialization failure. A failure of the request's own content
 * (a constraint it breaks) is not.
 */
public final class Unavailable {

    /** The SQLStates of a database that could not serve, as opposed to one that refused the content. */
    private static final Set<String> STATES = Set.of(
            "57014", // query_canceled: statement_timeout
            "55P03", // lock_not_available: lock_timeout
            "57P01", "57P02", "57P03", // admin or crash shutdown, cannot connect now
            "40001", "40P01", // serialization failure, deadlock detected
            "53300"); // too many connections
    /**
     * Agroal's failure when no connection came free within the acquisition timeout ("Sorry,
     * acquisition timeout!", "Acquisition timeout while waiting for new connection"): no SQLState.
     */
    private static final String ACQUISITION_TIMEOUT = "acquisition timeout";
    private static final int MAX_CAUSES = 64;

    private Unavailable() {
    }

    /** The dependency that could not serve, if that is what the failure says. */
    public static Optional<String> dependencyOf(Throwable failure) {
        return causes(failure).anyMatch(cause -> cause instanceof SQLException sql && isUnavailable(sql))
                ? Optional.of("database") : Optional.empty();
    }

    /**
     * What a caller is told when {@code dependency} could not serve: at commit the database may have made
     * the change before it stopped answering, so the caller cannot be told that nothing changed.
     */
    public static String detail(Throwable failure, String dependency) {
        boolean atCommit = causes(failure).anyMatch(cause -> cause instanceof jakarta.transaction.RollbackException);
        return "The " + dependency + " of this service did not answer in time." + (atCommit
                ? " It stopped answering as the change was committed, so it may have been made: retry the same"
                        + " request in a moment; one with an Idempotency-Key is then answered as it was, not made twice."
                : " Nothing was changed; retry in a moment.");
    }

    /**
     * The failure, its causes and what each suppressed: a commit that fails keeps the database's
     * error as a suppressed exception of the transaction manager's (Narayana's XAException).
     */
    private static Stream<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> open = new ArrayDeque<>();
        open.push(failure);
        Stream.Builder<Throwable> all = Stream.builder();
        while (!open.isEmpty() && seen.size() < MAX_CAUSES) {
            Throwable next = open.pop();
            if (!seen.add(next)) {
                continue;
            }
            all.add(next);
            if (next.getCause() != null) {
                open.push(next.getCause());
            }
            for (Throwable suppressed : next.getSuppressed()) {
                open.push(suppressed);
            }
        }
        return all.build();
    }

    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains(ACQUISITION_TIMEOUT);
        }
        // Class 08: connection exceptions, a dropped or timed-out socket included.
        return state.startsWith("08") || STATES.contains(state);
    }
}
