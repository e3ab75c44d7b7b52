package uk.nhs.homefirst.referral.rest;

import java.time.Instant;
import java.util.List;

/**
 * One page of a referrer's referrals, the most recently received first.
 *
 * @param page       the page number, from 0
 * @param totalItems how many referrals match the query on all pages
 */
public record ReferralPage(int page, int size, long totalItems, long totalPages, List<Item> items) {

    /** A referral in the list: enough to recognise it and see where it stands. */
    public record Item(String id, String status, Instant statusChangedAt, Instant receivedAt, String source,
            String sourceSystem, String sourceReferralId, String requestedUrgency, Patient patient, String pathway,
            String hubId, String declineReasonCode) {
    }

    public record Patient(String nhsNumber, String givenName, String familyName) {
    }
}
