package uk.nhs.homefirst.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The same problems as {@link AccessProblems} for refusals that happen before any REST resource:
 * a token refused by proactive authentication, or a path the HTTP permissions deny. The
 * authentication mechanism has set the status and challenge by then; this adds the body.
 */
@ApplicationScoped
public class AccessFailures {

    void register(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = HttpSecurityRecorder.DefaultAuthFailureHandler.extractRootCause(context.failure());
        if (context.response().ended() || context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.response().getStatusCode();
        if (failure instanceof ForbiddenException) {
            AccessProblems.write(context, AccessProblems.forbidden(context.request().path(),
                    "Nothing here is open to your roles."));
        } else if ((failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException)
                && (status == 401 || status == 200)) {
            AccessProblems.write(context, AccessProblems.unauthorized(context));
        } else {
            context.next();
        }
    }
}
