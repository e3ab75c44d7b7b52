package uk.nhs.homefirst.allocation.rest;

import java.util.List;
import uk.nhs.homefirst.allocation.store.Hub;

/**
 * A hub, the postcode districts it covers and its open caseload.
 *
 * @param openCaseload the referrals it holds that are allocated, not cancelled and not declined
 */
public record HubView(String id, String name, List<String> districts, long openCaseload) {

    static HubView of(Hub hub, long openCaseload) {
        return new HubView(hub.id, hub.name, hub.districts.stream().sorted(HubView::byDistrict).toList(), openCaseload);
    }

    /** LE2 before LE11: by area letters, then district number. */
    static int byDistrict(String a, String b) {
        String areaA = a.replaceAll("[0-9].*", "");
        String areaB = b.replaceAll("[0-9].*", "");
        if (!areaA.equals(areaB)) {
            return areaA.compareTo(areaB);
        }
        int numberA = Integer.parseInt(a.substring(areaA.length()).replaceAll("[^0-9]", ""));
        int numberB = Integer.parseInt(b.substring(areaB.length()).replaceAll("[^0-9]", ""));
        return numberA != numberB ? Integer.compare(numberA, numberB) : a.compareTo(b);
    }
}
