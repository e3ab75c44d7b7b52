package uk.nhs.homefirst.platform.store;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A batch's rows read by their ids in one statement with one parameter, an array, whatever the batch's
 * size: an IN list of 500 cost more to build than to run. Table and column names come from the caller's
 * code, never from input.
 */
public final class ByIds {

    private ByIds() {
    }

    /** The rows of {@code table} whose {@code idColumn} is one of {@code ids}, those there are. */
    public static <T> List<T> rows(EntityManager entityManager, Class<T> entity, String table, String idColumn,
            Collection<UUID> ids) {
        return query(entityManager, entity, table, idColumn, ids, "");
    }

    /**
     * As {@link #rows}, locked for update in the order of their ids: two batches that share some ids
     * take them in the same order, so neither waits for the other in a deadlock.
     */
    public static <T> List<T> lockedInOrder(EntityManager entityManager, Class<T> entity, String table, String idColumn,
            Collection<UUID> ids) {
        return query(entityManager, entity, table, idColumn, ids, " ORDER BY " + idColumn + " FOR UPDATE");
    }

    private static <T> List<T> query(EntityManager entityManager, Class<T> entity, String table, String idColumn,
            Collection<UUID> ids, String tail) {
        if (ids.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<T> found = entityManager.createNativeQuery("SELECT * FROM " + table + " WHERE " + idColumn
                        + " = ANY (CAST(string_to_array(:ids, ',') AS uuid[]))" + tail, entity)
                .setParameter("ids", String.join(",", ids.stream().map(UUID::toString).toList()))
                .getResultList();
        return found;
    }
}
