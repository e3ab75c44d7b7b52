package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A request body read as FHIR R4 JSON by HAPI's parser. The parser runs leniently, so that it
 * reads on past a bad value and every problem is reported at once; what it would have thrown on is
 * collected as issues instead. HAPI's own messages quote the values they choke on, so none of them
 * is passed on: each issue is worded here. The parser knows only the name of the element it was in,
 * so an issue's expression is that name alone.
 *
 * @param resource the resource, or null when the body is not FHIR JSON at all
 * @param issues   the structural problems the parser met
 */
public record FhirBody(IBaseResource resource, List<FhirIssue> issues) {

    // An element name is shown only when it looks like one: a name the sender made up could be anything.
    private static final Pattern ELEMENT_NAME = Pattern.compile("_?[A-Za-z][A-Za-z0-9]{0,63}(\\[x])?");

    public static FhirBody parse(FhirContext fhir, String body) {
        if (body == null || body.isBlank()) {
            return failed(FhirIssue.structure(null,
                    "The request body is empty: send a ServiceRequest, or a transaction Bundle, as FHIR R4 JSON."));
        }
        CollectingHandler handler = new CollectingHandler();
        IParser parser = fhir.newJsonParser().setParserErrorHandler(handler);
        try {
            IBaseResource resource = parser.parseResource(body);
            return new FhirBody(resource, handler.issues);
        } catch (DataFormatException e) {
            return failed(unreadable(e));
        } catch (RuntimeException e) {
            // HAPI throws other exceptions too for some values it cannot hold, such as an unknown
            // Bundle.entry.request.method (IllegalArgumentException): still the sender's content.
            return failed(FhirIssue.structure(null, "The request body has a value that FHIR R4 does not allow where it "
                    + "stands, such as a code that is not one of its element's codes."));
        }
    }

    public boolean readable() {
        return resource != null;
    }

    private static FhirBody failed(FhirIssue issue) {
        return new FhirBody(null, List.of(issue));
    }

    /** HAPI's message codes (HAPI-nnnn) are stable; the rest of its messages quote the content. */
    private static FhirIssue unreadable(DataFormatException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e.getCause() instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return FhirIssue.structure(null, "The request body is not well-formed JSON" + where + ".");
        }
        if (message.contains("HAPI-1859")) {
            return FhirIssue.structure(null, "The request body must be a JSON object: a FHIR R4 resource.");
        }
        if (message.contains("HAPI-1838")) {
            return FhirIssue.structure(null, "The request body is not a FHIR resource: it has no resourceType.");
        }
        if (message.contains("HAPI-1684")) {
            return FhirIssue.invalid(null, "The request body's resourceType is not a FHIR R4 resource type; "
                    + "send a ServiceRequest, or a transaction Bundle.");
        }
        if (message.contains("HAPI-1857")) {
            return FhirIssue.structure(null, "The request body is empty: send a ServiceRequest, or a transaction Bundle.");
        }
        if (message.contains("HAPI-1861")) {
            return FhirIssue.structure(null, "The request body is not well-formed JSON.");
        }
        return FhirIssue.structure(null, "The request body is not FHIR R4 JSON.");
    }

    private static String element(ErrorHandlerAdapter.IParseLocation location, String name) {
        String element = name != null ? name : location == null ? null : location.getParentElementName();
        return element != null && ELEMENT_NAME.matcher(element).matches() ? element : null;
    }

    private static String named(String element) {
        return element == null ? "An element" : element;
    }

    /** Records what a strict parser would have failed on. */
    private static final class CollectingHandler extends ErrorHandlerAdapter {

        final List<FhirIssue> issues = new ArrayList<>();

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            String element = element(location, null);
            issues.add(FhirIssue.invalid(element, named(element) + " has a value that is not valid for its FHIR R4 type."));
        }

        @Override
        public void unknownElement(IParseLocation location, String name) {
            String element = element(null, name);
            issues.add(FhirIssue.structure(element, named(element) + " is not an element of this FHIR R4 resource."));
        }

        @Override
        public void unknownAttribute(IParseLocation location, String name) {
            unknownElement(location, name);
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String name, BaseJsonLikeValue.ValueType expected,
                BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                BaseJsonLikeValue.ScalarType foundScalar) {
            String element = element(location, name);
            issues.add(FhirIssue.structure(element, named(element) + " must be a JSON "
                    + describe(expected, expectedScalar) + ", not a " + describe(found, foundScalar) + "."));
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String name) {
            String element = element(location, name);
            issues.add(FhirIssue.structure(element, named(element) + " must not repeat: it takes one value, not an array."));
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String name) {
            String element = element(location, name);
            issues.add(FhirIssue.required(element, named(element) + " is required."));
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            issues.add(FhirIssue.structure("contained", "contained resources must each have an id, to be referenced as #id."));
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            issues.add(FhirIssue.structure("extension", "an extension must have either a value or nested extensions, not both."));
        }

        // Unresolvable references are judged where they matter: subject, requester, generalPractitioner.

        private static String describe(BaseJsonLikeValue.ValueType type, BaseJsonLikeValue.ScalarType scalar) {
            if (type == null) {
                return "value of another type";
            }
            return switch (type) {
                case ARRAY -> "array";
                case OBJECT -> "object";
                case NULL -> "null";
                case SCALAR -> scalar == null ? "scalar" : scalar.name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }
}
