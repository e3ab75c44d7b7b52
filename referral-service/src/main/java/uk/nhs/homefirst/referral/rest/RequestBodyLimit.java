package uk.nhs.homefirst.referral.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import uk.nhs.homefirst.platform.problem.Problem;

/**
 * Answers a request body over {@code quarkus.http.limits.max-body-size} with 413 as
 * {@code application/problem+json}, like every other refusal. Left to itself, Vert.x answers it
 * with an empty 413, from a route that runs before any JAX-RS filter or exception mapper.
 *
 * <ul>
 * <li>A body that declares its length too large is refused by a route just before Vert.x's own.
 * The body is read and dropped before the answer, so that a client still sending it reads the
 * answer rather than a reset connection; beyond {@link #DRAIN_LIMIT} times the limit the
 * connection is closed instead.</li>
 * <li>A body that does not declare its length (chunked in HTTP/1.1, or HTTP/2 frames) is counted as
 * the JSON reader reads it ({@link Counted}), and refused with a 413 problem the moment it passes
 * the limit. Vert.x's own check on such a body is lifted for it, since it would answer first.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestBodyLimit {

    /** Vert.x's own limit route has order -2: one route runs before it, one after it. */
    static final int BEFORE_VERTX = -3;
    static final int AFTER_VERTX = -1;
    static final long DRAIN_LIMIT = 16;
    /** The key under which Quarkus tells its input stream the limit of a body of no declared length. */
    static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";
    private static final String UNDECLARED_LENGTH = RequestBodyLimit.class.getName() + ".undeclared";
    /** The JSON API; the FHIR intake answers in OperationOutcomes of its own. */
    static final String API = "/api/*";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long limit;
    private final ObjectMapper json;

    RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
            ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route(API).order(BEFORE_VERTX).handler(this::judgeDeclaredLength);
        router.route(API).order(AFTER_VERTX).handler(context -> {
            if (Boolean.TRUE.equals(context.get(UNDECLARED_LENGTH))) {
                context.remove(QUARKUS_LIMIT_KEY);
                if (context.request().version() != HttpVersion.HTTP_2) {
                    // The rest of a refused chunked body is not read: the connection cannot serve another request.
                    context.addHeadersEndHandler(ended -> {
                        if (context.response().getStatusCode() == 413) {
                            context.response().putHeader(HttpHeaders.CONNECTION, "close");
                        }
                    });
                }
            }
            context.next();
        });
    }

    private void judgeDeclaredLength(RoutingContext context) {
        if (!WITH_BODY.contains(context.request().method())) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            context.put(UNDECLARED_LENGTH, true);
            context.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            context.next();
            return;
        }
        if (declared <= limit) {
            context.next();
        } else if (declared <= limit * DRAIN_LIMIT) {
            context.request().handler(ignored -> {
            });
            context.request().endHandler(ended -> tooLarge(context, false));
            context.request().resume();
        } else {
            tooLarge(context, true);
        }
    }

    private void tooLarge(RoutingContext context, boolean close) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close && context.request().version() != HttpVersion.HTTP_2) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            context.response().endHandler(ended -> context.request().connection().close());
        }
        context.response().end(Buffer.buffer(problem(context.request().path())));
    }

    private String problem(String path) {
        try {
            return json.writeValueAsString(new Problem("urn:uk-nhs-homefirst:problem:request-entity-too-large",
                    "Request Entity Too Large", 413, detail(), path, null));
        } catch (JsonProcessingException e) {
            return "{\"status\":413}";
        }
    }

    /** The limit in bytes. A method, not the field: other beans see this one through its client proxy. */
    long bytes() {
        return limit;
    }

    private String detail() {
        return "The request body is larger than this service accepts (" + limit + " bytes).";
    }

    /** Counts a body of no declared length as it is read, and refuses it past the limit. */
    @Provider
    public static class Counted implements ReaderInterceptor {

        private final RequestBodyLimit limit;

        Counted(RequestBodyLimit limit) {
            this.limit = limit;
        }

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            if (context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH.toString()) == null) {
                context.setInputStream(new Limited(context.getInputStream(), limit.bytes()));
            }
            return context.proceed();
        }
    }

    private static final class Limited extends FilterInputStream {

        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                // Answered by the problem mappers as a 413 problem, like a declared length too large.
                throw new WebApplicationException(Response.status(413).build());
            }
        }
    }
}
