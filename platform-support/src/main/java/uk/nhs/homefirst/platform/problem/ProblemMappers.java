package uk.nhs.homefirst.platform.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a request into an {@code application/problem+json} answer. Bad input
 * gets a 4xx naming the field; nothing answers with a stack trace, and no message echoes a value
 * the sender sent, since it may be patient data.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPE_PREFIX = "urn:uk-nhs-homefirst:problem:";

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e, UriInfo uri) {
        return problem(e.status(), "invalid-request", "Invalid request", e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        String type = e.title().toLowerCase().replace(' ', '-');
        return problem(e.status(), type, e.title(), e.getMessage(), uri, null);
    }

    /** How long a client is asked to wait before it tries a request refused for a dependency again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        if (e.getCause() instanceof WebApplicationException refused) {
            // Refused while the body was being read, such as a body over the size limit: not a field's fault.
            return web(refused, uri);
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String duplicate = duplicateField(e);
        if (duplicate != null) {
            // A parser that rejects duplicate keys: two readers of the same body must not see different values.
            return problem(400, "malformed-json", "Malformed JSON", "The request body names a field twice" + where + ".",
                    uri, List.of(new Problem.FieldError(duplicate, "appears more than once")));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return problem(400, "invalid-request", "Invalid request", "The request body has a field of the wrong form.",
                    uri, List.of(new Problem.FieldError(field, fieldMessage(mapping))));
        }
        String detail = e instanceof MismatchedInputException
                ? "The request body must be one JSON object."
                : "The request body is not well-formed JSON" + where + ".";
        return problem(400, "malformed-json", "Malformed JSON", detail, uri, null);
    }

    /**
     * A JSON field of the wrong shape, such as an object where a text belongs. Quarkus REST has a
     * built-in mapper for exactly this type, more specific than the one above, which would answer
     * in plain JSON.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // Quarkus REST wraps a body it could not parse in a plain 400.
            return unreadableBody(unreadable, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String title = Response.Status.fromStatusCode(status) == null
                ? "Request refused" : Response.Status.fromStatusCode(status).getReasonPhrase();
        Object allow = e.getResponse().getHeaders().getFirst("Allow");
        String detail = switch (status) {
            case 404 -> "There is nothing at " + uri.getPath() + ".";
            case 405 -> "This resource does not accept that method.";
            case 406 -> "This resource cannot answer in the media type asked for.";
            case 413 -> "The request body is larger than this service accepts.";
            case 415 -> "This resource accepts application/json.";
            default -> title + ".";
        };
        Response problem = problem(status, title.toLowerCase().replace(' ', '-'), title, detail, uri, null);
        return allow == null ? problem : Response.fromResponse(problem).header("Allow", allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        java.util.Optional<String> dependency = Unavailable.dependencyOf(e);
        if (dependency.isPresent()) {
            // Expected while a dependency is down: no stack trace, and no message, which may quote a row.
            LOG.warnf("%s could not be served: the %s did not answer in time", uri == null ? "A request" : uri.getPath(),
                    dependency.get());
            return problem(503, "service-unavailable", "Service unavailable", Unavailable.detail(e, dependency.get()),
                    uri, null);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure of %s, incident %s", uri.getPath(), incident);
        return problem(500, "internal-error", "Internal error",
                "The service failed unexpectedly. Quote incident " + incident + " to the service desk.", uri, null);
    }

    private static Response problem(int status, String type, String title, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        Problem body = new Problem(TYPE_PREFIX + type, title, status, detail, uri == null ? null : uri.getPath(), errors);
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
        // Every 503 is a refusal to be retried: say when.
        return (status == 503 ? response.header("Retry-After", RETRY_AFTER_SECONDS) : response).build();
    }

    /** The JSON path of a field named twice, when the parser refused the body for that; otherwise null. */
    private static String duplicateField(JsonProcessingException e) {
        // Refused by the parser itself, or by a deserializer that wrapped the parser's refusal with a path.
        StreamReadException read = e instanceof StreamReadException direct ? direct
                : e.getCause() instanceof StreamReadException cause ? cause : null;
        if (read == null || read.getOriginalMessage() == null || !read.getOriginalMessage().startsWith("Duplicate field")
                || read.getProcessor() == null) {
            return null;
        }
        List<String> names = new java.util.ArrayList<>();
        for (JsonStreamContext context = read.getProcessor().getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            names.add(0, context.inArray() ? "[" + context.getCurrentIndex() + "]" : "." + context.getCurrentName());
        }
        return String.join("", names).replaceFirst("^\\.", "");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String fieldMessage(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this request";
        }
        if (e instanceof InvalidFormatException invalid) {
            Class<?> target = invalid.getTargetType();
            if (target != null && target.isEnum()) {
                return "must be one of " + java.util.Arrays.toString(target.getEnumConstants());
            }
            return "must be " + describe(target);
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + describe(mismatched.getTargetType());
        }
        if (e.getCause() instanceof StreamReadException || e.getCause() instanceof java.io.CharConversionException) {
            return "could not be read: the body is not well-formed JSON in UTF-8 here";
        }
        return "has the wrong form";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another form";
        }
        return switch (type.getSimpleName()) {
            case "Instant", "OffsetDateTime", "ZonedDateTime" -> "an ISO-8601 date-time with an offset, such as 2026-11-23T09:15:00Z";
            case "LocalDate" -> "an ISO-8601 date, such as 1941-03-02";
            case "Duration" -> "an ISO-8601 duration, such as PT2H";
            case "String" -> "a string";
            case "int", "Integer", "long", "Long" -> "a whole number";
            case "List", "Set", "Collection" -> "an array";
            case "UUID" -> "a UUID";
            default -> "a JSON " + (type.isRecord() ? "object" : type.getSimpleName());
        };
    }
}
