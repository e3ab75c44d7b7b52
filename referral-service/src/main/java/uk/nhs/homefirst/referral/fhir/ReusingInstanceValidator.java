package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's {@link FhirInstanceValidator} with one change: HL7's {@link InstanceValidator} is reused for
 * up to {@link #USES} resources rather than built for each. Building one reads HL7's OID registry (a
 * CSV of thousands of rows) and sets up a FHIRPath engine: 8 of the 13 ms that judging a referral
 * took (profiled; see the benchmark README). InstanceValidator clears its per-resource state as each
 * validation starts; what it keeps (lookups, code texts seen) is bounded by retiring it. One
 * InstanceValidator is not thread-safe, so validations take turns.
 *
 * <p>Otherwise it does what HAPI 8.8.1's ValidatorWrapper does for JSON, with this module's
 * settings; XML takes HAPI's own path.
 */
final class ReusingInstanceValidator extends FhirInstanceValidator {

    static final int USES = 100;

    private static final long WAIT_SECONDS = 10;

    // One at a time, on purpose: with two or more reused at once, each kept every resource it had
    // judged (485 MB over 3,000 referrals on 8 threads; HL7's code does not say why), one alone does
    // not. At 4 ms a referral, one is busy 40% of the time at 100 referrals a second.
    private final ReentrantLock turn = new ReentrantLock(true);
    private final int uses;
    private final AtomicInteger built = new AtomicInteger();
    private InstanceValidator current;
    private int judged;

    /** @param uses how many resources one InstanceValidator judges before it is replaced */
    ReusingInstanceValidator(IValidationSupport support, int uses) {
        super(support);
        this.uses = uses;
    }

    /** How many InstanceValidators have been built: one per {@code uses} resources judged. */
    int built() {
        return built.get();
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            return super.validate(context);
        }
        WorkerContextValidationSupportAdapter worker = provideWorkerContext();
        try {
            if (!turn.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The FHIR validator did not come free within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the FHIR validator", e);
        }
        try {
            if (current == null || judged >= uses) {
                current = build(worker);
                judged = 0;
            }
            judged++;
            return validate(current, worker, context);
        } catch (RuntimeException e) {
            // A validation that threw may have left its state half-cleared: the next gets a new one.
            current = null;
            throw e;
        } finally {
            turn.unlock();
        }
    }

    private InstanceValidator build(WorkerContextValidationSupportAdapter worker) {
        built.incrementAndGet();
        InstanceValidator v = new InstanceValidator(worker,
                Objects.requireNonNullElseGet(getHostApplicationServices(), NullEvaluationContext::new),
                new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
        v.setAssumeValidRestReferences(isAssumeValidRestReferences());
        v.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        v.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        v.setResourceIdRule(IdStatus.OPTIONAL);
        v.setNoTerminologyChecks(isNoTerminologyChecks());
        v.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        v.setUnknownCodeSystemsCauseErrors(true);
        v.getExtensionDomains().addAll(getExtensionDomains());
        v.setFetcher(getValidatorResourceFetcher());
        v.setPolicyAdvisor(getValidatorPolicyAdvisor());
        v.setNoExtensibleWarnings(isNoExtensibleWarnings());
        v.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        v.setAllowExamples(isAllowExamples());
        v.setAllowXsiLocation(true);
        return v;
    }

    private List<ValidationMessage> validate(InstanceValidator v, WorkerContextValidationSupportAdapter worker,
            IValidationContext<?> context) {
        List<ValidationMessage> messages = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        List<StructureDefinition> profiles = new ArrayList<>();
        List<String> urls = new ArrayList<>(context.getOptions().getProfiles());
        if (context.getResource() instanceof IBaseResource resource) {
            resource.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).forEach(urls::add);
        }
        for (String url : urls) {
            StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
            if (profile != null) {
                profiles.add(profile);
            } else {
                ValidationMessage m = new ValidationMessage();
                m.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
                m.setLevel(ValidationMessage.IssueSeverity.ERROR);
                m.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
                unknownProfiles.add(m);
            }
        }
        byte[] json = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
        v.validate(context.getOptions().getAppContext(), messages, new ByteArrayInputStream(json),
                Manager.FhirFormat.JSON, profiles);
        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        List<ValidationMessage> kept = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String id = m.getMessageId();
            if (I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(id)
                    || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(id)
                            && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"))) {
                continue;
            }
            if (I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(id)
                    || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(id)) {
                m.setLevel(isErrorForUnknownProfiles() ? ValidationMessage.IssueSeverity.ERROR
                        : ValidationMessage.IssueSeverity.WARNING);
            }
            kept.add(m);
        }
        return kept;
    }
}
