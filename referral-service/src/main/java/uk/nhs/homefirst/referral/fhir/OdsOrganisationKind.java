package uk.nhs.homefirst.referral.fhir;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;

/**
 * What kind of organisation a referrer is, told from its ODS code or its ODS role: a stock UK Core
 * ServiceRequest names its requester's organisation, not this platform's referral source. The code's
 * form shows two kinds: a GP practice (a letter and five digits, C82001) and an NHS trust (three
 * characters starting R, RWE; a site adds two, RWE01). An ODS role coding on {@code Organization.type}
 * shows these and more, and wins over the form.
 */
public enum OdsOrganisationKind {
    GP_PRACTICE(ReferralSource.GP, ReferrerRole.GP),
    // NHS trusts are acute, community, mental health or ambulance: acute is the usual sender of a discharge.
    NHS_TRUST(ReferralSource.ACUTE_HOSPITAL, ReferrerRole.HOSPITAL_DOCTOR),
    CARE_HOME(ReferralSource.CARE_HOME, ReferrerRole.CARE_HOME_STAFF),
    SOCIAL_CARE(ReferralSource.SOCIAL_CARE, ReferrerRole.SOCIAL_WORKER);

    /** ODS's organisation roles, as the ODS FHIR API and UK Core code them. */
    public static final String ODS_ROLE = "https://digital.nhs.uk/services/organisation-data-service/CodeSystem/ODSOrganisationRole";

    private static final Pattern GP = Pattern.compile("[A-Z][0-9]{5}");
    private static final Pattern TRUST = Pattern.compile("R[A-Z0-9]{2}([A-Z0-9]{2})?");
    private static final Map<String, OdsOrganisationKind> ROLES = Map.ofEntries(
            Map.entry("RO76", GP_PRACTICE),        // GP PRACTICE
            Map.entry("RO197", NHS_TRUST),         // NHS TRUST
            Map.entry("RO198", NHS_TRUST),         // NHS TRUST SITE
            Map.entry("RO57", NHS_TRUST),          // FOUNDATION TRUST
            Map.entry("RO269", CARE_HOME),         // CARE HOME
            Map.entry("RO104", SOCIAL_CARE),       // SOCIAL CARE PROVIDER
            Map.entry("RO101", SOCIAL_CARE),       // SOCIAL CARE SITE
            Map.entry("RO141", SOCIAL_CARE));      // LOCAL AUTHORITY

    private final ReferralSource source;
    private final ReferrerRole role;

    OdsOrganisationKind(ReferralSource source, ReferrerRole role) {
        this.source = source;
        this.role = role;
    }

    public ReferralSource source() {
        return source;
    }

    public ReferrerRole role() {
        return role;
    }

    /** The kind an ODS role coding among {@code types} shows, else the kind the code's form shows; empty when neither does. */
    public static Optional<OdsOrganisationKind> of(String odsCode, List<CodeableConcept> types) {
        for (CodeableConcept type : types) {
            for (Coding coding : type.getCoding()) {
                if (ODS_ROLE.equals(coding.getSystem()) && coding.hasCode()) {
                    OdsOrganisationKind kind = ROLES.get(roleId(coding.getCode()));
                    if (kind != null) {
                        return Optional.of(kind);
                    }
                }
            }
        }
        return ofCode(odsCode);
    }

    /** The kind the form of an ODS code shows, if it shows one. */
    public static Optional<OdsOrganisationKind> ofCode(String odsCode) {
        if (odsCode == null) {
            return Optional.empty();
        }
        String code = odsCode.strip().toUpperCase(Locale.ROOT);
        if (GP.matcher(code).matches()) {
            return Optional.of(GP_PRACTICE);
        }
        if (TRUST.matcher(code).matches()) {
            return Optional.of(NHS_TRUST);
        }
        return Optional.empty();
    }

    /** ODS writes a role as RO76 or, in some feeds, 76. */
    private static String roleId(String code) {
        String c = code.strip().toUpperCase(Locale.ROOT);
        return c.startsWith("RO") ? c : "RO" + c;
    }
}
