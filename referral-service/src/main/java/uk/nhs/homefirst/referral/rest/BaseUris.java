package uk.nhs.homefirst.referral.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base URI of a request, as {@link UriInfo#getBaseUri()} gives it, kept for each scheme, host
 * and forwarded prefix it depends on: {@code getBaseUri} builds and parses a URI on every call,
 * which the intake's profile found to be 4% of its CPU, once for each referral's {@code Location}.
 * The host is the client's to choose, so few are kept.
 */
@ApplicationScoped
class BaseUris {

    private static final int MOST_KEPT = 32;

    private final ConcurrentHashMap<String, String> bases = new ConcurrentHashMap<>();

    /** The request's base URI, ending in "/". */
    String of(HttpServerRequest http, UriInfo uri) {
        String key = http.scheme() + "://" + http.host() + " " + http.getHeader("X-Forwarded-Prefix");
        String base = bases.get(key);
        if (base == null) {
            base = uri.getBaseUri().toString();
            if (bases.size() >= MOST_KEPT) {
                bases.clear();
            }
            bases.put(key, base);
        }
        return base;
    }
}
