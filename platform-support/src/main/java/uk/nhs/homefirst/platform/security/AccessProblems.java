package uk.nhs.homefirst.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.nhs.homefirst.platform.problem.Problem;

/**
 * Refusals for want of identity or permission, as {@code application/problem+json} like every
 * other refusal: 401 with the authentication mechanism's own {@code WWW-Authenticate} challenge
 * when there is no valid token, 403 naming the roles that were needed. They never say why a token
 * was refused in detail (a signature, a key): that would help a forger more than a caller.
 */
public class AccessProblems {

    static final String TYPE_PREFIX = "urn:uk-nhs-homefirst:problem:";
    static final String NO_TOKEN = "This needs a bearer access token from the platform's identity provider "
            + "(Authorization: Bearer <token>).";
    static final String REFUSED_TOKEN = "The access token was refused: it has expired, or it was not issued for this "
            + "platform by its identity provider. Get a new one.";

    @ServerExceptionMapper
    public Uni<Response> unauthorized(UnauthorizedException e, RoutingContext context) {
        return challenge(context);
    }

    @ServerExceptionMapper
    public Uni<Response> authenticationFailed(AuthenticationFailedException e, RoutingContext context) {
        return challenge(context);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, RoutingContext context) {
        return forbidden(resource, context);
    }

    /** A 403 problem naming the roles the resource method needs; for resources with mappers of their own. */
    public static Response forbidden(ResourceInfo resource, RoutingContext context) {
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(forbidden(context.request().path(), neededRoles(resource))).build();
    }

    /**
     * The challenge of the mechanism that would authenticate this request, with a problem when it
     * is a 401; for resources with mappers of their own.
     */
    public static Uni<Response> challenge(RoutingContext context) {
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        Uni<ChallengeData> challenge = authenticator == null
                ? Uni.createFrom().item(new ChallengeData(401, HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
                : authenticator.getChallenge(context);
        return challenge.map(data -> {
            ChallengeData chosen = data == null ? new ChallengeData(401, HttpHeaders.WWW_AUTHENTICATE, "Bearer") : data;
            Response.ResponseBuilder response = Response.status(chosen.status);
            chosen.getHeaders().forEach((name, value) -> response.header(name.toString(), value));
            if (chosen.status != 401) {
                // The sign-in redirect of the dashboard's code flow: no body.
                return response.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
            return response.type(Problem.MEDIA_TYPE).entity(unauthorized(context)).build();
        });
    }

    static Problem unauthorized(RoutingContext context) {
        boolean presented = context.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        return new Problem(TYPE_PREFIX + "unauthorized", "Unauthorized", 401, presented ? REFUSED_TOKEN : NO_TOKEN,
                context.request().path(), null);
    }

    static Problem forbidden(String path, String needed) {
        return new Problem(TYPE_PREFIX + "forbidden", "Forbidden", 403, needed, path, null);
    }

    private static String neededRoles(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && method != null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed == null) {
            return "Nothing here is open to your roles.";
        }
        return "This needs one of the roles " + String.join(", ", allowed.value()) + ".";
    }

    /** Writes a problem for a refusal of the HTTP layer (proactive authentication, path permissions). */
    static void write(RoutingContext context, Problem problem) {
        HttpServerResponse response = context.response();
        response.setStatusCode(problem.status());
        response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.end(Json.encode(problem));
    }
}
