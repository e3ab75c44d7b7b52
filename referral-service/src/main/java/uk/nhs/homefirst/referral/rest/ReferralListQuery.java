package uk.nhs.homefirst.referral.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.referral.intake.OdsCode;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * The query of {@code GET /api/referrals}, validated: the referring organisation (required: a
 * referrer reads its own referrals), optional statuses (any of them; none: every status), an
 * optional range of receivedAt (from inclusive, to exclusive), a page from 0 and a size from 1 to
 * the configured maximum.
 */
record ReferralListQuery(String referrerOdsCode, Set<ReferralStatus> statuses, Instant from, Instant to, int page,
        int size) {

    static ReferralListQuery parse(String referrerOdsCode, String from, String to, String page, String size,
            int defaultSize, int maxSize) {
        return parse(referrerOdsCode, null, from, to, page, size, defaultSize, maxSize);
    }

    static ReferralListQuery parse(String referrerOdsCode, String status, String from, String to, String page,
            String size, int defaultSize, int maxSize) {
        Violations v = new Violations();
        String ods = OdsCode.normalise(referrerOdsCode);
        if (ods == null || ods.isEmpty()) {
            v.add("referrerOdsCode", "is required: the ODS code of the referring organisation, such as C82001");
        } else if (ods.length() > 10 || !OdsCode.isValid(ods)) {
            v.add("referrerOdsCode", "must be an ODS organisation code: 3 to 10 letters and digits, such as C82001");
        }
        Set<ReferralStatus> statuses = EnumSet.noneOf(ReferralStatus.class);
        if (status != null && !status.isBlank()) {
            for (String one : status.split(",", -1)) {
                try {
                    statuses.add(ReferralStatus.valueOf(one.trim()));
                } catch (IllegalArgumentException e) {
                    v.add("status", "must be one or more of " + Arrays.toString(ReferralStatus.values())
                            + ", separated by commas");
                    break;
                }
            }
        }
        Instant parsedFrom = time(v, "from", from);
        Instant parsedTo = time(v, "to", to);
        if (parsedFrom != null && parsedTo != null && !parsedFrom.isBefore(parsedTo)) {
            v.add("to", "must be after from");
        }
        int parsedPage = integer(v, "page", page, 0, 0, Integer.MAX_VALUE);
        int parsedSize = integer(v, "size", size, defaultSize, 1, maxSize);
        if (v.isEmpty() && (long) parsedPage * parsedSize > Integer.MAX_VALUE) {
            v.add("page", "is beyond the end of any list");
        }
        v.throwIfAny();
        return new ReferralListQuery(ods, Set.copyOf(statuses), parsedFrom, parsedTo, parsedPage, parsedSize);
    }

    private static Instant time(Violations v, String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            if (typed.length() <= 40) {
                return OffsetDateTime.parse(typed.trim()).toInstant();
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        v.add(field, "must be an ISO-8601 date-time with an offset, such as 2026-11-23T09:15:00Z");
        return null;
    }

    private static int integer(Violations v, String field, String typed, int otherwise, int min, int max) {
        if (typed == null || typed.isBlank()) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(typed.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.add(field, max == Integer.MAX_VALUE ? "must be a whole number from " + min
                : "must be a whole number from " + min + " to " + max);
        return otherwise;
    }
}
