package uk.nhs.homefirst.allocation.rest;

import java.util.Optional;
import java.util.UUID;

final class Ids {

    private Ids() {
    }

    /** A referral id from a path: an id that is not a UUID names no referral. */
    static Optional<UUID> uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
