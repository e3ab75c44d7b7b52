package uk.nhs.homefirst.triage.rest;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * The query of {@code GET /api/triage/queue}, validated: an optional pathway, an optional LDU of the
 * routing table, a page from 0 and a page size from 1 to the configured maximum.
 */
record QueueQuery(Optional<Pathway> pathway, Optional<String> ldu, int page, int size) {

    static QueueQuery parse(String pathway, String ldu, String page, String size, int defaultSize, int maxSize,
            Set<String> ldus) {
        Violations violations = new Violations();
        Optional<Pathway> parsedPathway = Optional.empty();
        if (pathway != null && !pathway.isBlank()) {
            try {
                parsedPathway = Optional.of(Pathway.valueOf(pathway.trim()));
            } catch (IllegalArgumentException e) {
                violations.add("pathway", "must be one of " + Arrays.toString(Pathway.values()));
            }
        }
        Optional<String> parsedLdu = ldu(ldu, ldus, violations);
        int parsedPage = integer(page, 0, "page", 0, Integer.MAX_VALUE, violations);
        int parsedSize = integer(size, defaultSize, "size", 1, maxSize, violations);
        if (violations.isEmpty() && (long) parsedPage * parsedSize > Integer.MAX_VALUE) {
            violations.add("page", "is beyond the end of any queue");
        }
        violations.throwIfAny();
        return new QueueQuery(parsedPathway, parsedLdu, parsedPage, parsedSize);
    }

    /** The {@code ldu} query parameter: empty when not given; a 400 naming it when no route leads there. */
    static Optional<String> ldu(String ldu, Set<String> ldus) {
        Violations violations = new Violations();
        Optional<String> parsed = ldu(ldu, ldus, violations);
        violations.throwIfAny();
        return parsed;
    }

    private static Optional<String> ldu(String ldu, Set<String> ldus, Violations violations) {
        if (ldu == null || ldu.isBlank()) {
            return Optional.empty();
        }
        violations.check(ldus.contains(ldu.trim()), "ldu", "must be one of " + ldus);
        return Optional.of(ldu.trim());
    }

    private static int integer(String value, int otherwise, String field, int min, int max, Violations violations) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(field, max == Integer.MAX_VALUE
                ? "must be a whole number from " + min
                : "must be a whole number from " + min + " to " + max);
        return otherwise;
    }
}
