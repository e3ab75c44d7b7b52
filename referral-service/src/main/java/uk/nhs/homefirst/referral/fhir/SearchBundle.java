package uk.nhs.homefirst.referral.fhir;

import java.net.URI;
import org.hl7.fhir.r4.model.Bundle;
import uk.nhs.homefirst.referral.store.Referral;

/** One page of a ServiceRequest search as a FHIR searchset Bundle, with its total and the link to the next page. */
final class SearchBundle {

    private SearchBundle() {
    }

    static Bundle of(Referral.Page page, ServiceRequestSearch search, URI request, URI base) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) page.total());
        bundle.addLink().setRelation("self").setUrl(request.toString());
        if (search.offset() + page.referrals().size() < page.total()) {
            bundle.addLink().setRelation("next").setUrl(withOffset(request, search.offset() + search.count()));
        }
        for (Referral referral : page.referrals()) {
            bundle.addEntry().setFullUrl(base.resolve("fhir/ServiceRequest/" + referral.id).toString())
                    .setResource(ServiceRequestView.of(referral))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    static String withOffset(URI request, int offset) {
        String query = request.getRawQuery() == null ? "" : request.getRawQuery().replaceAll("(^|&)_offset=[^&]*", "");
        query = query.startsWith("&") ? query.substring(1) : query;
        String path = request.toString().split("\\?", 2)[0];
        return path + "?" + (query.isEmpty() ? "" : query + "&") + "_offset=" + offset;
    }
}
