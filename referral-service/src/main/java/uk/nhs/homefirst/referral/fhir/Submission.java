package uk.nhs.homefirst.referral.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The ServiceRequest of a submission and the resources its references lead to, in either form a
 * sender may use: a ServiceRequest with its Patient (and requester) contained and referenced as
 * {@code #id}, or a transaction Bundle whose entries reference each other by {@code fullUrl}.
 */
public final class Submission {

    private final ServiceRequest serviceRequest;
    private final Bundle bundle;

    private Submission(ServiceRequest serviceRequest, Bundle bundle) {
        this.serviceRequest = serviceRequest;
        this.bundle = bundle;
    }

    /** Either the submission, or the issues that say why the resource is not one. */
    public record Found(Submission submission, List<FhirIssue> issues) {
    }

    public static Found of(IBaseResource resource) {
        if (resource instanceof ServiceRequest request) {
            return new Found(new Submission(request, null), List.of());
        }
        if (resource instanceof Bundle bundle) {
            return ofBundle(bundle);
        }
        String type = resource == null ? "nothing" : "a " + resource.fhirType();
        return new Found(null, List.of(FhirIssue.invalid(resource == null ? null : resource.fhirType(),
                "This endpoint takes a ServiceRequest, or a transaction Bundle holding one; the body is " + type + ".")));
    }

    private static Found ofBundle(Bundle bundle) {
        List<FhirIssue> issues = new ArrayList<>();
        if (!"transaction".equals(bundle.getTypeElement().getValueAsString())) {
            issues.add(FhirIssue.invalid("Bundle.type", "Bundle.type must be transaction: a ServiceRequest with the "
                    + "resources it references, created together."));
        }
        List<ServiceRequest> requests = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof ServiceRequest request) {
                requests.add(request);
            }
        }
        if (requests.isEmpty()) {
            issues.add(FhirIssue.required("Bundle.entry", "Bundle.entry must hold a ServiceRequest: the referral."));
        } else if (requests.size() > 1) {
            issues.add(FhirIssue.invalid("Bundle.entry", "Bundle.entry must hold one ServiceRequest, not "
                    + requests.size() + ": post each referral on its own."));
        }
        return issues.isEmpty()
                ? new Found(new Submission(requests.get(0), bundle), List.of())
                : new Found(null, issues);
    }

    public ServiceRequest serviceRequest() {
        return serviceRequest;
    }

    public boolean isBundle() {
        return bundle != null;
    }

    /**
     * The resource a reference leads to: one HAPI's parser linked already (contained, or an entry
     * whose fullUrl is the reference), else a contained resource by {@code #id}, else a Bundle entry
     * by its fullUrl or by {@code Type/id}. Empty for an empty reference, a reference by identifier
     * only, or one that leads nowhere.
     */
    public Optional<Resource> resolve(Reference reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.empty();
        }
        if (reference.getResource() instanceof Resource linked) {
            return Optional.of(linked);
        }
        String target = reference.getReference();
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        if (target.startsWith("#")) {
            String id = target.substring(1);
            return serviceRequest.getContained().stream()
                    .filter(contained -> id.equals(localId(contained)))
                    .findFirst();
        }
        if (bundle != null) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                if (resource == null) {
                    continue;
                }
                if (target.equals(entry.getFullUrl())) {
                    return Optional.of(resource);
                }
                String id = resource.getIdElement().getIdPart();
                if (id != null && target.equals(resource.fhirType() + "/" + id)) {
                    return Optional.of(resource);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the reference points somewhere (as opposed to being empty or an identifier only). */
    static boolean pointsSomewhere(Reference reference) {
        return reference != null && (reference.getResource() != null
                || (reference.getReference() != null && !reference.getReference().isBlank()));
    }

    private static String localId(Resource contained) {
        String id = contained.getIdElement().getIdPart();
        if (id == null) {
            id = contained.getId();
        }
        return id != null && id.startsWith("#") ? id.substring(1) : id;
    }
}
