package uk.nhs.homefirst.referral.access;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * What decides who may read a referral: the organisation that referred it, the LDU its latest
 * triage decision routed it to, and every hub it was allocated to (a hub that held it may still
 * record a visit made while it did).
 */
public record ReferralScope(String referrerOdsCode, Optional<String> ldu, Set<String> hubs) {

    public ReferralScope {
        hubs = Set.copyOf(hubs);
    }

    public static ReferralScope of(String referrerOdsCode, List<TimelineEntry> timeline) {
        Optional<String> ldu = timeline.stream()
                .filter(e -> e.kind == Milestone.Kind.TRIAGED && e.number != null)
                .max(Comparator.comparingInt(e -> e.number))
                .map(e -> e.ldu);
        Set<String> hubs = timeline.stream()
                .filter(e -> e.kind == Milestone.Kind.ALLOCATED && e.hubId != null)
                .map(e -> e.hubId)
                .collect(Collectors.toSet());
        return new ReferralScope(referrerOdsCode, ldu, hubs);
    }
}
