package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.elementmodel.ParserBase;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's {@link FhirInstanceValidator} with one change: HL7's {@link InstanceValidator}, and the
 * element-model parser it reads JSON with, are reused for up to {@link #USES} resources rather than
 * built for each. Building them reads HL7's OID registry (a CSV of thousands of rows) and sets up
 * FHIRPath engines: 8 of the 13 ms that judging a referral took, then 6% of the rest (profiled; see
 * the benchmark README). InstanceValidator clears its per-resource state as each validation starts,
 * but for the codings it has seen, which are cleared here. One InstanceValidator is not thread-safe,
 * so validations take turns.
 *
 * <p>Otherwise it does what HAPI 8.8.1's ValidatorWrapper does for JSON, with this module's
 * settings; XML takes HAPI's own path.
 */
final class ReusingInstanceValidator extends FhirInstanceValidator {

    static final int USES = 10_000;

    // HL7's CodingsObserver keeps every coding a validator has seen, each with its place in the
    // resource (and so the whole resource), and never lets go: 140 KB a referral, for a check
    // (IPS SNOMED CT codes) that is off here. Emptied after each resource, a reused validator
    // holds nothing from one resource to the next (heap flat over 5,000); retired after USES anyway.
    private static final Field CODING_OBSERVER = field(InstanceValidator.class, "codingObserver");
    private static final Field CODINGS_SEEN = field(CodingsObserver.class, "list");

    private static final long WAIT_SECONDS = 10;

    // One at a time: an InstanceValidator is not thread-safe, and on two cores more than one would not
    // judge more a second. (Two or more reused at once kept every resource: the codings, as below.)
    private final ReentrantLock turn = new ReentrantLock(true);
    private final int uses;
    private final AtomicInteger built = new AtomicInteger();
    private InstanceValidator current;
    private JsonParser parser;
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
                parser = parser(worker, current);
                judged = 0;
            }
            judged++;
            try {
                return validate(current, worker, context);
            } finally {
                forgetCodingsSeen(current);
            }
        } catch (RuntimeException e) {
            // A validation that threw may have left its state half-cleared: the next gets a new one.
            current = null;
            parser = null;
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

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("HAPI's validator has changed: " + owner.getName() + "." + name
                    + " is gone; see whether it still keeps every coding it sees", e);
        }
    }

    /** How many codings the validator holds on to: 0 between resources. */
    static int codingsSeen(InstanceValidator v) {
        try {
            return ((List<?>) CODINGS_SEEN.get(CODING_OBSERVER.get(v))).size();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    int codingsHeld() {
        turn.lock();
        try {
            return current == null ? 0 : codingsSeen(current);
        } finally {
            turn.unlock();
        }
    }

    private static void forgetCodingsSeen(InstanceValidator v) {
        if (v == null) {
            return;
        }
        try {
            ((List<?>) CODINGS_SEEN.get(CODING_OBSERVER.get(v))).clear();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HL7's element-model JSON parser, set up as InstanceValidator sets up the one it makes per resource. */
    private static JsonParser parser(WorkerContextValidationSupportAdapter worker, InstanceValidator v) {
        JsonParser parser = (JsonParser) Manager.makeParser(worker, Manager.FhirFormat.JSON);
        parser.setupValidation(ParserBase.ValidationPolicy.EVERYTHING);
        parser.setAllowComments(v.isAllowComments());
        parser.setSignatureServices(v.getSignatureServices());
        return parser;
    }

    private List<ValidationMessage> validate(InstanceValidator v, WorkerContextValidationSupportAdapter worker,
            IValidationContext<?> context) {
        List<ValidationMessage> messages = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        List<StructureDefinition> profiles = new ArrayList<>();
        byte[] json = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
        // Parsed once, by the parser kept with the validator: InstanceValidator.validate(InputStream)
        // would build a parser, and with it a FHIRPath engine, for every resource (6% of the time).
        List<ValidatedFragment> content;
        try {
            content = parser.parse(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new FHIRException(e);
        }
        List<String> urls = new ArrayList<>(context.getOptions().getProfiles());
        // The profiles the resource claims, read from the JSON as HAPI's ValidatorWrapper reads them.
        if (!content.isEmpty() && content.get(0).getElement() != null) {
            Element meta = content.get(0).getElement().getNamedChild("meta", false);
            if (meta != null) {
                meta.getChildrenByName("profile").stream().map(Element::primitiveValue).filter(Objects::nonNull)
                        .forEach(urls::add);
            }
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
        if (profiles.stream().anyMatch(p -> p.getKind() == StructureDefinition.StructureDefinitionKind.LOGICAL)) {
            // A logical model changes how the content is parsed: HL7's own path, parser and all.
            v.validate(context.getOptions().getAppContext(), messages, new ByteArrayInputStream(json),
                    Manager.FhirFormat.JSON, profiles);
        } else {
            // What InstanceValidator.validate(InputStream) does once it has parsed.
            for (ValidatedFragment fragment : content) {
                if (fragment.getElement() != null) {
                    v.validate(context.getOptions().getAppContext(), fragment.getErrors(),
                            content.size() > 1 ? fragment.path() : null, fragment.getElement(), profiles);
                }
                messages.addAll(fragment.getErrors());
            }
        }
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
